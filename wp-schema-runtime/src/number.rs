//! JSON numbers as WordPress writes them. A schema's `number` holds integers and floats alike, and
//! PHP writes each as it is (`1400`, `1.5`); keeping which it was writes the value back unchanged.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A `number` property's value: an integer or a float, as it was read or built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Number(pub serde_json::Number);

impl Number {
    /// The value as a float (integers beyond 2^53 lose precision, as in PHP).
    pub fn as_f64(&self) -> f64 {
        self.0.as_f64().unwrap_or_default()
    }

    /// The value when it is an integer that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.as_i64()
    }

    /// A float; `None` for NaN and the infinities, which JSON cannot hold.
    pub fn from_f64(value: f64) -> Option<Number> {
        serde_json::Number::from_f64(value).map(Number)
    }
}

/// Zero, as an integer: what a `number` property holds when a response left it out.
impl Default for Number {
    fn default() -> Self {
        Number(0.into())
    }
}

impl From<i64> for Number {
    fn from(value: i64) -> Self {
        Number(value.into())
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_floats_are_written_as_read() {
        for json in ["1400", "1.5", "-3", "0.0", "18446744073709551615"] {
            let number: Number = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&number).unwrap(), json);
        }
        let number: Number = serde_json::from_str("1400").unwrap();
        assert_eq!((number.as_f64(), number.as_i64()), (1400.0, Some(1400)));
        assert!(serde_json::from_str::<Number>("\"1\"").is_err());
        assert!(Number::from_f64(f64::NAN).is_none());
        assert_eq!(Number::default().to_string(), "0");
    }
}
