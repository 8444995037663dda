//! Problems found in documents, each naming the file and the JSON pointer it concerns.

use std::fmt;

/// One problem with an input document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The file as the user named it.
    pub file: String,
    /// A JSON pointer (RFC 6901) into the document; empty for the whole document.
    pub pointer: String,
    pub message: String,
}

impl Error {
    pub fn new(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Error {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{} at {}: {}", self.file, self.pointer, self.message)
        }
    }
}

impl std::error::Error for Error {}

/// Collects every problem so that all are reported together, as serde_derive's `Ctxt` does.
#[derive(Debug, Default)]
pub struct Errors {
    errors: Vec<Error>,
}

impl Errors {
    pub fn push(&mut self, error: Error) {
        self.errors.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn into_vec(self) -> Vec<Error> {
        self.errors
    }
}

/// Appends `token` to a JSON pointer, escaping as RFC 6901 requires.
pub fn pointer_join(base: &str, token: &str) -> String {
    format!("{base}/{}", token.replace('~', "~0").replace('/', "~1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(pointer_join("/schema", "a/b~c"), "/schema/a~1b~0c");
    }

    #[test]
    fn display_names_file_and_pointer() {
        let e = Error::new("x.json", "/schema/type", "bad");
        assert_eq!(e.to_string(), "x.json at /schema/type: bad");
        assert_eq!(Error::new("x.json", "", "bad").to_string(), "x.json: bad");
    }
}
