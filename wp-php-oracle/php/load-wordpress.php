<?php
/*
 * Loads the files of a WordPress tree that $oracle_files names (relative to wp-includes), without a
 * database, for the differential tests' oracles. It is required from the top level, so the files
 * run in the global scope, as WordPress's own loader runs them.
 *
 * WP_PHP_ROOT names the tree (default: Debian's /usr/share/wordpress). Translation and locale
 * functions are stubbed to answer in English, so Debian's `wordpress` package is enough; a file the
 * tree lacks (an older version's layout) is passed over.
 */
error_reporting( E_ALL & ~E_NOTICE & ~E_DEPRECATED & ~E_USER_NOTICE & ~E_WARNING );
$root = rtrim( getenv( 'WP_PHP_ROOT' ) ?: '/usr/share/wordpress', '/' );
define( 'ABSPATH', $root . '/' );
define( 'WPINC', 'wp-includes' );
define( 'WP_DEBUG', false );
function __( $text, $domain = 'default' ) { return $text; }
function _x( $text, $context, $domain = 'default' ) { return $text; }
function _n( $single, $plural, $number, $domain = 'default' ) { return 1 == $number ? $single : $plural; }
function get_locale() { return 'en_US'; }

foreach ( $oracle_files as $file ) {
	if ( file_exists( ABSPATH . WPINC . '/' . $file ) ) {
		require_once ABSPATH . WPINC . '/' . $file;
	}
}
