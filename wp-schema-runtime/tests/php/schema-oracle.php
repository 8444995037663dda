<?php
/*
 * Answers schema questions with WordPress's own functions, one JSON request per line on stdin:
 *   {"op":"validate"|"sanitize"|"filter"|"fields", "schema":…, "value":…, "param":"…", "context":"…",
 *    "fields":…}
 * and one JSON answer per line: {"valid":true,"value":…} or {"valid":false,"code","message","data"}.
 *
 * Without a database, only the files these functions need are loaded from the tree WP_PHP_ROOT names
 * (wp-php-oracle/php/load-wordpress.php), with the charset option stubbed.
 */
$oracle_files = array( 'load.php', 'compat.php', 'utf8.php', 'class-wp-error.php', 'plugin.php', 'functions.php', 'formatting.php', 'kses.php', 'rest-api.php', 'class-wp-http-response.php', 'rest-api/class-wp-rest-response.php', 'rest-api/class-wp-rest-request.php' );
require __DIR__ . '/../../../wp-php-oracle/php/load-wordpress.php';
if ( file_exists( ABSPATH . WPINC . '/Requests/src/Autoload.php' ) ) {
	require_once ABSPATH . WPINC . '/Requests/src/Autoload.php';
	WpOrg\Requests\Autoload::register();
} elseif ( file_exists( ABSPATH . WPINC . '/Requests/IPv6.php' ) ) {
	require_once ABSPATH . WPINC . '/Requests/IPv6.php';
}
add_filter( 'wp_sprintf', 'wp_sprintf_l', 10, 2 );
add_filter( 'sanitize_title', 'sanitize_title_with_dashes', 10, 3 );
add_filter( 'pre_option_blog_charset', function () { return 'UTF-8'; } );

while ( ( $line = fgets( STDIN ) ) !== false ) {
	$request = json_decode( $line, true );
	$param   = $request['param'] ?? '';
	try {
		$result = answer( $request, $param );
	} catch ( Throwable $e ) {
		// WordPress itself fails on some inputs (a TypeError inside core): say so, don't stop.
		echo json_encode( array( 'fatal' => $e->getMessage() ) ), "\n";
		continue;
	}
	if ( is_wp_error( $result ) ) {
		$answer = array( 'valid' => false, 'code' => $result->get_error_code(), 'message' => $result->get_error_message() );
		$data   = $result->get_error_data();
		if ( null !== $data ) {
			$answer['data'] = $data;
		}
	} else {
		$answer = array( 'valid' => true, 'value' => $result );
	}
	$line = json_encode( $answer );
	echo false === $line ? json_encode( array( 'fatal' => json_last_error_msg() ) ) : $line, "\n";
}

function answer( $request, $param ) {
	switch ( $request['op'] ) {
		case 'validate':
			$result = rest_validate_value_from_schema( $request['value'], $request['schema'], $param );
			return is_wp_error( $result ) ? $result : $request['value'];
		case 'sanitize':
			return rest_sanitize_value_from_schema( $request['value'], $request['schema'], $param );
		case 'filter':
			return rest_filter_response_by_context( $request['value'], $request['schema'], $request['context'] );
		case 'parse_str':
			parse_str( $request['value'], $parsed );
			return $parsed;
		case 'sanitize_title':
			return sanitize_title( $request['value'] );
		case 'sanitize_title_for_query':
			return sanitize_title_for_query( $request['value'] );
		case 'sanitize_user':
			return sanitize_user( $request['value'] );
		case 'fields':
			$rest_request = new WP_REST_Request( 'GET', '/' );
			$rest_request->set_param( '_fields', $request['fields'] );
			return rest_filter_response_fields( new WP_REST_Response( $request['value'] ), null, $rest_request )->get_data();
	}
	return new WP_Error( 'oracle_unknown_op', $request['op'] );
}
