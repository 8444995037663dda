//! The request contexts WordPress filters responses by.

use std::fmt;
use std::str::FromStr;

/// A WordPress REST context: which fields of an item a response carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    View,
    Edit,
    Embed,
}

impl Context {
    pub const ALL: [Context; 3] = [Context::View, Context::Edit, Context::Embed];

    /// The spelling WordPress uses in schemas and in the `context` argument.
    pub const fn as_str(self) -> &'static str {
        match self {
            Context::View => "view",
            Context::Edit => "edit",
            Context::Embed => "embed",
        }
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a context name that is not one of WordPress's three.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownContext(pub String);

impl fmt::Display for UnknownContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown context `{}` (expected view, edit or embed)",
            self.0
        )
    }
}

impl std::error::Error for UnknownContext {}

impl FromStr for Context {
    type Err = UnknownContext;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Context::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownContext(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly_wordpress_spellings() {
        for c in Context::ALL {
            assert_eq!(c.as_str().parse::<Context>(), Ok(c));
        }
        assert!("View".parse::<Context>().is_err());
        assert!("".parse::<Context>().is_err());
    }
}
