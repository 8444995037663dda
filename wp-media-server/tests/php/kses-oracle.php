<?php
/*
 * Records kses answers from a running WordPress (its wp-load.php): one JSON string per line on
 * stdin, one JSON answer per line: [wp_kses( s, 'post' ), wp_kses( s, 'title_save_pre' )].
 * WP_LOAD names the tree's wp-load.php; WP_HOST the site's host:port.
 */
$_SERVER['HTTP_HOST']      = getenv( 'WP_HOST' ) ?: '127.0.0.1:8069';
$_SERVER['SERVER_NAME']    = '127.0.0.1';
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
require getenv( 'WP_LOAD' ) ?: '/tmp/wp69/wp-load.php';
while ( ( $line = fgets( STDIN ) ) !== false ) {
	$text = json_decode( $line, true );
	echo json_encode( array( wp_kses( $text, 'post' ), wp_kses( $text, 'title_save_pre' ) ) ), "\n";
}
