<?php
/*
 * Answers with WordPress's own text filters, one JSON string per line on stdin, one JSON answer per
 * line: {"texturized": wptexturize(s), "title": the_title's wptexturize + convert_chars + trim,
 * "autop": wpautop(s)}.
 *
 * WP_PHP_ROOT names a WordPress tree; only formatting.php and what it needs are loaded, with stubs
 * for translation, so Debian's `wordpress` package is enough.
 */
error_reporting( E_ALL & ~E_NOTICE & ~E_DEPRECATED & ~E_USER_NOTICE & ~E_WARNING );
$root = rtrim( getenv( 'WP_PHP_ROOT' ) ?: '/usr/share/wordpress', '/' );
define( 'ABSPATH', $root . '/' );
define( 'WPINC', 'wp-includes' );
function __( $text, $domain = 'default' ) { return $text; }
function _x( $text, $context, $domain = 'default' ) { return $text; }
foreach ( array( 'load.php', 'compat.php', 'utf8.php', 'plugin.php', 'formatting.php' ) as $file ) {
	if ( file_exists( ABSPATH . WPINC . '/' . $file ) ) {
		require_once ABSPATH . WPINC . '/' . $file;
	}
}
// A fresh site's shortcodes are not needed: the cases hold no `[`.
$GLOBALS['shortcode_tags'] = array();

while ( ( $line = fgets( STDIN ) ) !== false ) {
	$text = json_decode( $line, true );
	echo json_encode(
		array(
			'texturized' => wptexturize( $text ),
			'title'      => trim( convert_chars( wptexturize( $text ) ) ),
			'autop'      => wpautop( $text ),
		)
	), "\n";
}
