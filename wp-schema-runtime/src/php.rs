//! PHP's value model as WordPress sees decoded JSON: numeric strings, casts, lists and arrays.
