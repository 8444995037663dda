<?php
/*
 * Answers with WordPress's own text filters, one JSON string per line on stdin, one JSON answer per
 * line: {"texturized": wptexturize(s), "title": the_title's wptexturize + convert_chars + trim,
 * "autop": wpautop(s)}.
 *
 * Only formatting.php and what it needs are loaded from the tree WP_PHP_ROOT names
 * (wp-php-oracle/php/load-wordpress.php).
 */
$oracle_files = array( 'load.php', 'compat.php', 'utf8.php', 'plugin.php', 'formatting.php' );
require __DIR__ . '/../../../wp-php-oracle/php/load-wordpress.php';
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
