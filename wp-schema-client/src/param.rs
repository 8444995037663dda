//! Arguments as JSON, from the values the typed setters of generated request types take.

use serde_json::Value;

pub fn string(value: impl Into<String>) -> Value {
    Value::String(value.into())
}

pub fn value(value: impl Into<Value>) -> Value {
    value.into()
}

pub fn strings(values: impl IntoIterator<Item = impl Into<String>>) -> Value {
    Value::Array(values.into_iter().map(string).collect())
}

pub fn list<T: Into<Value>>(values: impl IntoIterator<Item = T>) -> Value {
    Value::Array(values.into_iter().map(Into::into).collect())
}
