<?php
/**
 * Plugin Name:       wp-schema test plugin
 * Description:       Test material for the wp-schema generator: a custom post type with meta and REST fields, a hierarchical taxonomy with term meta, and a wpst/v1 namespace whose schemas are loose on purpose, as third-party plugins' often are.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           MIT OR Apache-2.0
 * Text Domain:       wpst
 *
 * Everything here is registered on hooks; the plugin writes nothing on activation and has no
 * activation hook at all. Content is made through the REST API (see README.md beside this file).
 *
 * Nothing below uses an API newer than WordPress 6.1: register_post_meta / register_term_meta
 * (4.9.8), meta 'default' (5.5), WP_REST_Controller::get_fields_for_response (4.9.8),
 * rest_is_field_included (5.3), route-level common 'args' (4.7), rest_authorization_required_code (4.5).
 */

defined( 'ABSPATH' ) || exit;

const WPST_BOOK     = 'wpst_book';
const WPST_GENRE    = 'wpst_genre';
const WPST_NOTES    = 'wpst_notes';          // option holding every note, keyed by id
const WPST_NOTES_ID = 'wpst_notes_next_id';  // option holding the next note id

/*
 * ---------------------------------------------------------------------------------------------
 * 1. Post type and taxonomy.
 *
 * Exercises: a route document for a custom post type served by core's WP_REST_Posts_Controller
 * under a rest_base that differs from the type's name (/wp/v2/books, title "wpst_book"), with
 * the optional properties that follow from 'supports' (excerpt, author, featured_media, meta,
 * revisions routes, the taxonomy's term list as a property named after its rest_base); and a
 * hierarchical taxonomy served by WP_REST_Terms_Controller (a `parent` property and argument)
 * under its own rest_base (/wp/v2/genres, title "wpst_genre").
 * ---------------------------------------------------------------------------------------------
 */
function wpst_register_types() {
	register_post_type(
		WPST_BOOK,
		array(
			'labels'       => array(
				'name'          => 'Books',
				'singular_name' => 'Book',
			),
			'description'  => 'A book, test material for wp-schema.',
			'public'       => true,
			'show_in_rest' => true,
			'rest_base'    => 'books',
			'supports'     => array( 'title', 'editor', 'excerpt', 'custom-fields', 'revisions', 'author', 'thumbnail' ),
			'taxonomies'   => array( WPST_GENRE ),
			'has_archive'  => false,
			'map_meta_cap' => true,
		)
	);

	register_taxonomy(
		WPST_GENRE,
		array( WPST_BOOK ),
		array(
			'labels'            => array(
				'name'          => 'Genres',
				'singular_name' => 'Genre',
			),
			'description'       => 'Genres of books, test material for wp-schema.',
			'public'            => true,
			'hierarchical'      => true,
			'show_in_rest'      => true,
			'rest_base'         => 'genres',
			'show_admin_column' => true,
		)
	);
}
add_action( 'init', 'wpst_register_types' );

/*
 * ---------------------------------------------------------------------------------------------
 * 2. Registered meta.
 *
 * Registered meta becomes the `meta` object of the book's and the genre's item schema, one
 * property per key. Each key below is a different shape the generator must type.
 * ---------------------------------------------------------------------------------------------
 */
function wpst_register_meta() {
	// A plain string: the simplest meta property (`meta.wpst_isbn`, type string, default "").
	register_post_meta(
		WPST_BOOK,
		'wpst_isbn',
		array(
			'type'              => 'string',
			'description'       => 'ISBN-13 of this edition.',
			'single'            => true,
			'sanitize_callback' => 'sanitize_text_field',
			'show_in_rest'      => true,
		)
	);

	// An integer with a non-zero default and a minimum: the schema carries `default: 1`, and a
	// book that never set the key is written with 1, not 0, so defaults must come from the schema.
	register_post_meta(
		WPST_BOOK,
		'wpst_edition',
		array(
			'type'         => 'integer',
			'description'  => 'Edition number.',
			'single'       => true,
			'default'      => 1,
			'show_in_rest' => array(
				'schema' => array( 'minimum' => 1 ),
			),
		)
	);

	// An object with declared properties (one of them an enum). WordPress adds
	// additionalProperties: false to it. With no default, a book that never set it is written as
	// `[]` (PHP's empty array), not `{}`: the generator must read `[]` as an empty object here.
	register_post_meta(
		WPST_BOOK,
		'wpst_dimensions',
		array(
			'type'         => 'object',
			'description'  => 'Physical size and binding.',
			'single'       => true,
			'show_in_rest' => array(
				'schema' => array(
					'type'       => 'object',
					'properties' => array(
						'width_mm'  => array( 'type' => 'number' ),
						'height_mm' => array( 'type' => 'number' ),
						'binding'   => array(
							'type' => 'string',
							'enum' => array( 'hardcover', 'paperback', 'ebook' ),
						),
					),
				),
			),
		)
	);

	// A single meta whose value is an array, with `items`: a typed list (Vec<String>).
	register_post_meta(
		WPST_BOOK,
		'wpst_translators',
		array(
			'type'         => 'array',
			'description'  => 'Translators of this edition, in credit order.',
			'single'       => true,
			'show_in_rest' => array(
				'schema' => array(
					'type'  => 'array',
					'items' => array( 'type' => 'string' ),
				),
			),
		)
	);

	// A multi-valued meta (single => false): registered as a string, but WordPress publishes it
	// as an array of strings (the registered type moves into `items`). The generator must follow
	// the published schema, not the registered type.
	register_post_meta(
		WPST_BOOK,
		'wpst_awards',
		array(
			'type'         => 'string',
			'description'  => 'Awards won, one meta row each.',
			'single'       => false,
			'show_in_rest' => true,
		)
	);

	// Term meta on the taxonomy, with a `format` (hex-color) that validation and sanitization
	// honour: the genres route document has its own `meta` object.
	register_term_meta(
		WPST_GENRE,
		'wpst_color',
		array(
			'type'         => 'string',
			'description'  => 'Colour used for the genre on shelves, as #rrggbb.',
			'single'       => true,
			'show_in_rest' => array(
				'schema' => array( 'format' => 'hex-color' ),
			),
		)
	);
}
add_action( 'init', 'wpst_register_meta' );

/*
 * ---------------------------------------------------------------------------------------------
 * 3. REST fields on the book.
 * ---------------------------------------------------------------------------------------------
 */
function wpst_register_rest_fields() {
	// A writable additional field with a full schema: an object whose nested properties have
	// narrower contexts than the field itself (`votes` is not in embed, `source` is edit-only),
	// a nested object, and a nullable string given as a type list with a format. The context
	// filter must descend into it, and the create/update arguments of /wp/v2/books include it.
	register_rest_field(
		WPST_BOOK,
		'wpst_reception',
		array(
			'get_callback'    => 'wpst_get_reception',
			'update_callback' => 'wpst_update_reception',
			'schema'          => array(
				'description'          => 'How readers received the book.',
				'type'                 => 'object',
				'context'              => array( 'view', 'edit', 'embed' ),
				'additionalProperties' => false,
				'properties'           => array(
					'average' => array(
						'description' => 'Average rating, 0 to 5.',
						'type'        => 'number',
						'minimum'     => 0,
						'maximum'     => 5,
						'context'     => array( 'view', 'edit', 'embed' ),
					),
					'votes'   => array(
						'description' => 'Number of ratings.',
						'type'        => 'integer',
						'minimum'     => 0,
						'context'     => array( 'view', 'edit' ),
					),
					'source'  => array(
						'description'          => 'Where the ratings come from.',
						'type'                 => 'object',
						'context'              => array( 'edit' ),
						'additionalProperties' => false,
						'properties'           => array(
							'name' => array(
								'description' => 'Name of the source.',
								'type'        => 'string',
								'context'     => array( 'edit' ),
							),
							'url'  => array(
								'description' => 'Address of the source, or null.',
								'type'        => array( 'string', 'null' ),
								'format'      => 'uri',
								'context'     => array( 'edit' ),
							),
						),
					),
				),
			),
		)
	);

	// A field registered with no schema: it is in every response, in every context (even embed,
	// since the context filter only knows the schema), but in no route document. A generator
	// reading a response with its schema must tolerate the unknown key.
	register_rest_field(
		WPST_BOOK,
		'wpst_reading_minutes',
		array(
			'get_callback' => 'wpst_get_reading_minutes',
			'schema'       => null,
		)
	);
}
add_action( 'rest_api_init', 'wpst_register_rest_fields' );

/**
 * Reads the reception from a protected meta key (leading underscore, so it stays out of `meta`),
 * filling in every declared property so that the written object matches its schema.
 *
 * @param array $post Prepared response data of the book.
 * @return array
 */
function wpst_get_reception( $post ) {
	$stored = get_post_meta( (int) $post['id'], '_wpst_reception', true );
	$stored = is_array( $stored ) ? $stored : array();
	$source = isset( $stored['source'] ) && is_array( $stored['source'] ) ? $stored['source'] : array();

	return array(
		'average' => isset( $stored['average'] ) ? (float) $stored['average'] : 0.0,
		'votes'   => isset( $stored['votes'] ) ? (int) $stored['votes'] : 0,
		'source'  => array(
			'name' => isset( $source['name'] ) ? (string) $source['name'] : '',
			'url'  => isset( $source['url'] ) ? (string) $source['url'] : null,
		),
	);
}

/**
 * Merges a partial reception into the stored one (the value is already validated and sanitized
 * against the field's schema by the REST server).
 *
 * @param array   $value New value from the request.
 * @param WP_Post $post  The book.
 * @return true|WP_Error
 */
function wpst_update_reception( $value, $post ) {
	if ( ! current_user_can( 'edit_post', $post->ID ) ) {
		return new WP_Error( 'wpst_cannot_edit_reception', 'Sorry, you are not allowed to edit the reception of this book.', array( 'status' => rest_authorization_required_code() ) );
	}
	$current = wpst_get_reception( array( 'id' => $post->ID ) );
	$value   = is_array( $value ) ? $value : array();
	if ( isset( $value['source'] ) && is_array( $value['source'] ) ) {
		$value['source'] = array_merge( $current['source'], $value['source'] );
	}
	update_post_meta( $post->ID, '_wpst_reception', array_merge( $current, $value ) );
	return true;
}

/**
 * Reading time in minutes at 200 words a minute, from the stored content.
 *
 * @param array $post Prepared response data of the book.
 * @return int
 */
function wpst_get_reading_minutes( $post ) {
	$content = get_post_field( 'post_content', (int) $post['id'], 'raw' );
	$words   = str_word_count( wp_strip_all_tags( (string) $content ) );
	return (int) max( 1, ceil( $words / 200 ) );
}

/*
 * ---------------------------------------------------------------------------------------------
 * 4. The wpst/v1 namespace: notes, a WP_REST_Controller subclass of the plugin's own.
 *
 * Notes live in one option (an array keyed by id), which keeps the plugin free of tables and
 * of hidden post types. The item schema is loose on purpose; each loose spot is marked LOOSE.
 * ---------------------------------------------------------------------------------------------
 */
class WPST_Notes_Controller extends WP_REST_Controller {

	public function __construct() {
		$this->namespace = 'wpst/v1';
		$this->rest_base = 'notes';
	}

	/**
	 * Two routes, each with a `schema` callback so that OPTIONS shows the item schema.
	 * The item route puts `id` in route-level common args, as core does, so it shows in every
	 * endpoint of that route.
	 */
	public function register_routes() {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'get_items_permissions_check' ),
					'args'                => $this->get_collection_params(),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => array( $this, 'create_item_permissions_check' ),
					// Built from the item schema: every property that is not readonly becomes an
					// argument, with its type, enum, default and (LOOSE) `required`.
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::CREATABLE ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);

		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>[\d]+)',
			array(
				'args'   => array(
					'id' => array(
						'description' => 'Unique identifier of the note.',
						'type'        => 'integer',
					),
				),
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => array(
						'context' => $this->get_context_param( array( 'default' => 'view' ) ),
					),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_item' ),
					'permission_callback' => array( $this, 'delete_item_permissions_check' ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * The note's schema. Sound properties first, then the loose ones.
	 *
	 * @return array
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}

		$all  = array( 'view', 'edit', 'embed' );
		$full = array( 'view', 'edit' );

		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'wpst-note',
			'type'       => 'object',
			'properties' => array(
				'id'       => array(
					'description' => 'Unique identifier of the note.',
					'type'        => 'integer',
					'context'     => $all,
					'readonly'    => true,
				),
				// LOOSE: `required: true` on a property of the item schema (draft-3 style, where
				// draft 4 wants a `required` list on the object). WordPress copies it into the
				// POST arguments, where it makes `title` mandatory; in the item it means nothing.
				'title'    => array(
					'description' => 'Title of the note.',
					'type'        => 'string',
					'context'     => $all,
					'required'    => true,
				),
				'content'  => array(
					'description' => 'Body of the note, plain text.',
					'type'        => 'string',
					'context'     => $full,
					'default'     => '',
				),
				'status'   => array(
					'description' => 'Whether the note is still open.',
					'type'        => 'string',
					'enum'        => array( 'open', 'done' ),
					'default'     => 'open',
					'context'     => $all,
				),
				'pinned'   => array(
					'description' => 'Whether the note is pinned.',
					'type'        => 'boolean',
					'default'     => false,
					'context'     => $full,
				),
				// LOOSE: the schema says integer, the controller writes a numeric string ("3"),
				// as plugins that hand back what get_option/get_post_meta gave them do.
				'priority' => array(
					'description' => 'Priority from 0 (none) to 5 (urgent).',
					'type'        => 'integer',
					'minimum'     => 0,
					'maximum'     => 5,
					'default'     => 0,
					'context'     => $full,
				),
				// LOOSE: a format used as a type. WordPress knows no type "date-time", so it
				// checks nothing (and says _doing_it_wrong if it ever validates a value).
				'created'  => array(
					'description' => 'When the note was created, in UTC.',
					'type'        => 'date-time',
					'context'     => $all,
					'readonly'    => true,
				),
				// LOOSE: "mixed" is PHP's word, not JSON Schema's. Any JSON is stored and written
				// back as it came (an empty JSON object comes back as `[]`).
				'payload'  => array(
					'description' => 'Any data a client wants to keep with the note.',
					'type'        => 'mixed',
					'context'     => $full,
				),
				// LOOSE: "bool" for "boolean". As an argument it is neither validated nor
				// sanitized, so the string "true" is stored unless the controller converts it.
				'archived' => array(
					'description' => 'Whether the note is archived.',
					'type'        => 'bool',
					'context'     => $full,
				),
				// LOOSE: `properties: array()` is written by json_encode as `"properties": []`,
				// an array where JSON Schema wants an object. No additionalProperties either,
				// so any key is accepted. The controller writes it as a JSON object (`{}` when empty).
				'extra'    => array(
					'description' => 'Free-form attributes of the note.',
					'type'        => 'object',
					'properties'  => array(),
					'context'     => $full,
				),
				// LOOSE in the controller: an object (string values) that is written as PHP's
				// empty array, `[]`, when the note has no labels, and as `{"k":"v"}` otherwise.
				'labels'   => array(
					'description'          => 'Labels of the note, name to value.',
					'type'                 => 'object',
					'additionalProperties' => array( 'type' => 'string' ),
					'context'              => $full,
				),
				// LOOSE: listed in the schema but never written by the controller (it was
				// planned and not implemented, a common state in plugins). A generator that
				// makes it a required field cannot read any note.
				'author'   => array(
					'description' => 'The user who wrote the note.',
					'type'        => 'integer',
					'context'     => $full,
					'readonly'    => true,
				),
			),
		);

		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * The collection's query arguments: the base class gives context, page, per_page and search;
	 * the note adds an enum with a default, a boolean, and (LOOSE) a "bool".
	 *
	 * @return array
	 */
	public function get_collection_params() {
		$params                       = parent::get_collection_params();
		$params['context']['default'] = 'view';

		$params['status'] = array(
			'description' => 'Limit the result to notes of this status; "any" for all.',
			'type'        => 'string',
			'enum'        => array( 'open', 'done', 'any' ),
			'default'     => 'any',
		);
		$params['pinned'] = array(
			'description' => 'Limit the result to pinned (true) or unpinned (false) notes.',
			'type'        => 'boolean',
		);
		// LOOSE: an argument of type "bool": WordPress neither validates nor converts it, so the
		// controller reads "true", "1", "false", "0" itself.
		$params['archived'] = array(
			'description' => 'Limit the result to archived (true) or active (false) notes.',
			'type'        => 'bool',
		);

		return $params;
	}

	/* ---- permissions ---------------------------------------------------------------------- */

	public function get_items_permissions_check( $request ) {
		return $this->check_read_context( $request );
	}

	public function get_item_permissions_check( $request ) {
		return $this->check_read_context( $request );
	}

	public function create_item_permissions_check( $request ) {
		if ( ! current_user_can( 'edit_posts' ) ) {
			return new WP_Error( 'rest_cannot_create', 'Sorry, you are not allowed to create notes.', array( 'status' => rest_authorization_required_code() ) );
		}
		return true;
	}

	public function delete_item_permissions_check( $request ) {
		if ( ! current_user_can( 'edit_posts' ) ) {
			return new WP_Error( 'rest_cannot_delete', 'Sorry, you are not allowed to delete notes.', array( 'status' => rest_authorization_required_code() ) );
		}
		return true;
	}

	/** Notes are public to read; the edit context needs edit_posts, as core's routes do. */
	private function check_read_context( $request ) {
		if ( 'edit' === $request['context'] && ! current_user_can( 'edit_posts' ) ) {
			return new WP_Error( 'rest_forbidden_context', 'Sorry, you are not allowed to edit notes.', array( 'status' => rest_authorization_required_code() ) );
		}
		return true;
	}

	/* ---- endpoints ------------------------------------------------------------------------ */

	public function get_items( $request ) {
		$notes = array_values( $this->read_notes() );

		$status   = $request['status'];
		$pinned   = $request['pinned'];
		$archived = isset( $request['archived'] ) ? rest_sanitize_boolean( $request['archived'] ) : null;
		$search   = (string) $request['search'];

		$notes = array_values(
			array_filter(
				$notes,
				function ( $note ) use ( $status, $pinned, $archived, $search ) {
					if ( 'any' !== $status && $note['status'] !== $status ) {
						return false;
					}
					if ( null !== $pinned && (bool) $note['pinned'] !== $pinned ) {
						return false;
					}
					if ( null !== $archived && (bool) $note['archived'] !== $archived ) {
						return false;
					}
					if ( '' !== $search && false === stripos( $note['title'], $search ) && false === stripos( $note['content'], $search ) ) {
						return false;
					}
					return true;
				}
			)
		);

		$total    = count( $notes );
		$per_page = (int) $request['per_page'];
		$page     = (int) $request['page'];
		$pages    = (int) ceil( $total / $per_page );
		if ( $total > 0 && $page > $pages ) {
			return new WP_Error( 'rest_invalid_page_number', 'The page number requested is larger than the number of pages available.', array( 'status' => 400 ) );
		}

		$data = array();
		foreach ( array_slice( $notes, ( $page - 1 ) * $per_page, $per_page ) as $note ) {
			$data[] = $this->prepare_response_for_collection( $this->prepare_item_for_response( $note, $request ) );
		}

		$response = rest_ensure_response( $data );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) $pages );
		return $response;
	}

	public function get_item( $request ) {
		$note = $this->find_note( $request['id'] );
		if ( is_wp_error( $note ) ) {
			return $note;
		}
		return $this->prepare_item_for_response( $note, $request );
	}

	public function create_item( $request ) {
		$notes = $this->read_notes();
		$id    = max( 1, (int) get_option( WPST_NOTES_ID, 1 ) );

		$note = array(
			'id'       => $id,
			'title'    => (string) $request['title'],
			'content'  => isset( $request['content'] ) ? (string) $request['content'] : '',
			'status'   => isset( $request['status'] ) ? $request['status'] : 'open',
			'pinned'   => (bool) $request['pinned'],
			'priority' => (int) $request['priority'],
			'created'  => gmdate( 'Y-m-d\TH:i:s' ),
			'payload'  => $request['payload'],
			'archived' => isset( $request['archived'] ) ? rest_sanitize_boolean( $request['archived'] ) : false,
			'extra'    => is_array( $request['extra'] ) ? $request['extra'] : array(),
			'labels'   => is_array( $request['labels'] ) ? $request['labels'] : array(),
		);

		$notes[ $id ] = $note;
		update_option( WPST_NOTES, $notes, false );
		update_option( WPST_NOTES_ID, $id + 1, false );

		$request->set_param( 'context', 'edit' );
		$response = $this->prepare_item_for_response( $note, $request );
		$response->set_status( 201 );
		$response->header( 'Location', rest_url( sprintf( '%s/%s/%d', $this->namespace, $this->rest_base, $id ) ) );
		return $response;
	}

	public function delete_item( $request ) {
		$note = $this->find_note( $request['id'] );
		if ( is_wp_error( $note ) ) {
			return $note;
		}

		$request->set_param( 'context', 'edit' );
		$previous = $this->prepare_item_for_response( $note, $request );

		$notes = $this->read_notes();
		unset( $notes[ $note['id'] ] );
		update_option( WPST_NOTES, $notes, false );

		return rest_ensure_response(
			array(
				'deleted'  => true,
				'previous' => $previous->get_data(),
			)
		);
	}

	/**
	 * Writes a note. This is where the LOOSE values are made: `priority` as a string, `labels`
	 * as whatever PHP array it is (so `[]` when empty), `extra` cast to an object, `payload` as
	 * stored, and no `author`.
	 */
	public function prepare_item_for_response( $note, $request ) {
		$fields = $this->get_fields_for_response( $request );
		$data   = array();

		if ( rest_is_field_included( 'id', $fields ) ) {
			$data['id'] = (int) $note['id'];
		}
		if ( rest_is_field_included( 'title', $fields ) ) {
			$data['title'] = $note['title'];
		}
		if ( rest_is_field_included( 'content', $fields ) ) {
			$data['content'] = $note['content'];
		}
		if ( rest_is_field_included( 'status', $fields ) ) {
			$data['status'] = $note['status'];
		}
		if ( rest_is_field_included( 'pinned', $fields ) ) {
			$data['pinned'] = (bool) $note['pinned'];
		}
		if ( rest_is_field_included( 'priority', $fields ) ) {
			$data['priority'] = (string) $note['priority'];
		}
		if ( rest_is_field_included( 'created', $fields ) ) {
			$data['created'] = $note['created'];
		}
		if ( rest_is_field_included( 'payload', $fields ) ) {
			$data['payload'] = $note['payload'];
		}
		if ( rest_is_field_included( 'archived', $fields ) ) {
			$data['archived'] = (bool) $note['archived'];
		}
		if ( rest_is_field_included( 'extra', $fields ) ) {
			$data['extra'] = (object) $note['extra'];
		}
		if ( rest_is_field_included( 'labels', $fields ) ) {
			$data['labels'] = $note['labels'];
		}

		$context = ! empty( $request['context'] ) ? $request['context'] : 'view';
		$data    = $this->add_additional_fields_to_object( $data, $request );
		$data    = $this->filter_response_by_context( $data, $context );

		$response = rest_ensure_response( $data );
		$response->add_links(
			array(
				'self'       => array( 'href' => rest_url( sprintf( '%s/%s/%d', $this->namespace, $this->rest_base, $note['id'] ) ) ),
				'collection' => array( 'href' => rest_url( sprintf( '%s/%s', $this->namespace, $this->rest_base ) ) ),
			)
		);
		return $response;
	}

	/* ---- storage -------------------------------------------------------------------------- */

	/** @return array Notes keyed by id. */
	private function read_notes() {
		$notes = get_option( WPST_NOTES, array() );
		return is_array( $notes ) ? $notes : array();
	}

	/** @return array|WP_Error */
	private function find_note( $id ) {
		$notes = $this->read_notes();
		$id    = (int) $id;
		if ( $id <= 0 || ! isset( $notes[ $id ] ) ) {
			return new WP_Error( 'rest_note_invalid_id', 'Invalid note ID.', array( 'status' => 404 ) );
		}
		return $notes[ $id ];
	}
}

function wpst_register_routes() {
	$controller = new WPST_Notes_Controller();
	$controller->register_routes();
}
add_action( 'rest_api_init', 'wpst_register_routes' );
