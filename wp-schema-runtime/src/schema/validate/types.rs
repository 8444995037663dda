//! Scalar types and their keywords: null, boolean, number, integer and string.

use crate::{pcre, php, WpError};
use serde_json::{Map, Value};

/// `%1$s is not of type %2$s.`, with the parameter as data.
pub(super) fn type_error(param: &str, type_name: &str) -> WpError {
    WpError::with_param(
        "rest_invalid_type",
        format!("{param} is not of type {type_name}."),
        param,
    )
}

/// `rest_validate_null_value_from_schema`: only null.
pub fn null(value: &Value, param: &str) -> Result<(), WpError> {
    if value.is_null() {
        Ok(())
    } else {
        Err(type_error(param, "null"))
    }
}

/// `rest_validate_boolean_value_from_schema`: see [`php::rest_is_boolean`].
pub fn boolean(value: &Value, param: &str) -> Result<(), WpError> {
    if php::rest_is_boolean(value) {
        Ok(())
    } else {
        Err(type_error(param, "boolean"))
    }
}

/// `minimum`/`maximum` with draft-3 boolean `exclusiveMinimum`/`exclusiveMaximum`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bounds {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
}

/// The keywords of number and integer schemas.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NumberRules {
    pub multiple_of: Option<f64>,
    pub bounds: Bounds,
}

fn isset<'a>(rules: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    rules.get(key).filter(|v| !v.is_null())
}

impl NumberRules {
    pub fn from_schema(rules: &Map<String, Value>) -> NumberRules {
        NumberRules {
            multiple_of: isset(rules, "multipleOf").map(php::to_float),
            bounds: Bounds {
                minimum: isset(rules, "minimum").map(php::to_float),
                maximum: isset(rules, "maximum").map(php::to_float),
                exclusive_minimum: !php::is_empty(rules.get("exclusiveMinimum")),
                exclusive_maximum: !php::is_empty(rules.get("exclusiveMaximum")),
            },
        }
    }
}

/// `rest_validate_number_value_from_schema`: numeric, then `multipleOf`, then the bounds. The type
/// error names the schema's own type (`integer` when called for one).
pub fn number(
    value: &Value,
    rules: &NumberRules,
    type_name: &str,
    param: &str,
) -> Result<(), WpError> {
    if !php::is_numeric(value) {
        return Err(type_error(param, type_name));
    }
    let n = php::to_float(value);
    if let Some(m) = rules.multiple_of {
        multiple_of(n, m, param)?;
    }
    number_bounds(n, &rules.bounds, param)
}

/// `fmod( $value, $multipleOf ) !== 0.0`.
pub fn multiple_of(n: f64, m: f64, param: &str) -> Result<(), WpError> {
    if n % m == 0.0 {
        Ok(())
    } else {
        let m = php::float_to_string(m);
        Err(WpError::new(
            "rest_invalid_multiple",
            format!("{param} must be a multiple of {m}."),
        ))
    }
}

impl Bounds {
    /// Whether `n` lies within every bound that is set. Written as "not outside" so that a NaN,
    /// which compares false with everything, passes as it does in PHP.
    pub fn contains(&self, n: f64) -> bool {
        let below = match self.minimum {
            Some(min) if self.exclusive_minimum => n <= min,
            Some(min) => n < min,
            None => false,
        };
        let above = match self.maximum {
            Some(max) if self.exclusive_maximum => n >= max,
            Some(max) => n > max,
            None => false,
        };
        !(below || above)
    }
}

/// The four bound cases; bounds print with `%d` (truncated) and the messages have no final period.
pub fn number_bounds(n: f64, b: &Bounds, param: &str) -> Result<(), WpError> {
    if b.contains(n) {
        return Ok(());
    }
    let d = |f: f64| php::float_to_int(f).to_string();
    let kind = |exclusive: bool| if exclusive { "exclusive" } else { "inclusive" };
    let message = match (b.minimum, b.maximum) {
        (Some(min), Some(max)) => format!(
            "{param} must be between {} ({}) and {} ({})",
            d(min),
            kind(b.exclusive_minimum),
            d(max),
            kind(b.exclusive_maximum)
        ),
        (Some(min), None) if b.exclusive_minimum => {
            format!("{param} must be greater than {}", d(min))
        }
        (Some(min), None) => format!("{param} must be greater than or equal to {}", d(min)),
        (None, Some(max)) if b.exclusive_maximum => format!("{param} must be less than {}", d(max)),
        (None, Some(max)) => format!("{param} must be less than or equal to {}", d(max)),
        (None, None) => return Ok(()),
    };
    Err(WpError::new("rest_out_of_bounds", message))
}

/// `rest_validate_integer_value_from_schema`: the number checks first (so `1.5` against a maximum of
/// 1 is out of bounds, not a type error), then integer-ness.
pub fn integer(value: &Value, rules: &NumberRules, param: &str) -> Result<(), WpError> {
    number(value, rules, "integer", param)?;
    if php::rest_is_integer(value) {
        Ok(())
    } else {
        Err(type_error(param, "integer"))
    }
}

/// The keywords of string schemas.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StringRules {
    pub min_length: Option<f64>,
    pub max_length: Option<f64>,
    pub pattern: Option<String>,
}

impl StringRules {
    pub fn from_schema(rules: &Map<String, Value>) -> StringRules {
        StringRules {
            min_length: isset(rules, "minLength").map(php::to_float),
            max_length: isset(rules, "maxLength").map(php::to_float),
            pattern: isset(rules, "pattern").map(php::to_string),
        }
    }
}

/// One of WordPress's size limits, with the words of its two messages.
#[derive(Clone, Copy, Debug)]
pub struct SizeLimit {
    pub too_small: &'static str,
    pub too_large: &'static str,
    /// `be` or `contain`.
    pub verb: &'static str,
    pub one: &'static str,
    pub many: &'static str,
    /// What follows the noun (` long` for strings).
    pub tail: &'static str,
}

/// `minLength`/`maxLength`, counted in code points.
pub const LENGTH: SizeLimit = SizeLimit {
    too_small: "rest_too_short",
    too_large: "rest_too_long",
    verb: "be",
    one: "character",
    many: "characters",
    tail: " long",
};

/// `minItems`/`maxItems`.
pub const ITEMS: SizeLimit = SizeLimit {
    too_small: "rest_too_few_items",
    too_large: "rest_too_many_items",
    verb: "contain",
    one: "item",
    many: "items",
    tail: "",
};

/// `minProperties`/`maxProperties`.
pub const PROPERTIES: SizeLimit = SizeLimit {
    too_small: "rest_too_few_properties",
    too_large: "rest_too_many_properties",
    verb: "contain",
    one: "property",
    many: "properties",
    tail: "",
};

/// `count` against a minimum and a maximum: `%1$s must be at least %2$s characters long.` and its
/// kin, singular (`_n()` in English) only for exactly one, the bound as `number_format_i18n` writes it.
pub fn size(
    count: f64,
    min: Option<f64>,
    max: Option<f64>,
    limit: &SizeLimit,
    param: &str,
) -> Result<(), WpError> {
    let (code, bound, which) = match (min, max) {
        (Some(min), _) if count < min => (limit.too_small, min, "at least"),
        (_, Some(max)) if count > max => (limit.too_large, max, "at most"),
        _ => return Ok(()),
    };
    let noun = if php::float_to_int(bound) == 1 {
        limit.one
    } else {
        limit.many
    };
    let SizeLimit { verb, tail, .. } = limit;
    let message = format!(
        "{param} must {verb} {which} {} {noun}{tail}.",
        php::number_format(bound)
    );
    Err(WpError::new(code, message))
}

/// `rest_validate_string_value_from_schema`: a string (never coerced), then `minLength` and
/// `maxLength` in code points, then `pattern` (unanchored PCRE).
pub fn string(value: &Value, rules: &StringRules, param: &str) -> Result<(), WpError> {
    let Some(s) = value.as_str() else {
        return Err(type_error(param, "string"));
    };
    size(
        s.chars().count() as f64,
        rules.min_length,
        rules.max_length,
        &LENGTH,
        param,
    )?;
    if let Some(pattern) = &rules.pattern {
        if !pcre::is_match(pattern, s) {
            let message = format!("{param} does not match pattern {pattern}.");
            return Err(WpError::new("rest_invalid_pattern", message));
        }
    }
    Ok(())
}
