<?php
// PHP's serialize format as PHP and WordPress read and write it, for
// tests/php_serialize_differential.rs. One JSON case per line in, one JSON answer per line out:
//   {"value": V, "ours": B64}  ->  {"wrote": B64 of serialize(V), "read": unserialize(ours) as JSON}
//   {"text": S}                ->  {"strict": is_serialized(S), "loose": is_serialized(S, false),
//                                   "stored": B64 of maybe_serialize(S), "got": maybe_unserialize(S)}
// WP_PHP_ROOT names the WordPress tree whose functions.php gives is_serialized and its kin.
define( 'ABSPATH', rtrim( getenv( 'WP_PHP_ROOT' ), '/' ) . '/' );
define( 'WPINC', 'wp-includes' );
require ABSPATH . WPINC . '/functions.php';

while ( ( $line = fgets( STDIN ) ) !== false ) {
	$case = json_decode( $line, true );
	if ( array_key_exists( 'text', $case ) ) {
		$text = $case['text'];
		$got  = maybe_unserialize( $text );
		echo json_encode( array(
			'strict' => is_serialized( $text ),
			'loose'  => is_serialized( $text, false ),
			'stored' => base64_encode( maybe_serialize( $text ) ),
			'got'    => is_string( $got ) ? $got : null,
		) ), "\n";
		continue;
	}
	$read = @unserialize( base64_decode( $case['ours'] ) );
	echo json_encode( array(
		'wrote' => base64_encode( serialize( $case['value'] ) ),
		'read'  => $read,
	), JSON_PRESERVE_ZERO_FRACTION ), "\n";
}
