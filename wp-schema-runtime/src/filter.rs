//! The dynamic context filter: `rest_filter_response_by_context` for any schema and JSON value.
