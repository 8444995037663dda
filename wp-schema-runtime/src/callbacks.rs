//! WordPress's argument callbacks that OPTIONS does not show (sanitize_text_field, sanitize_title, ...).
