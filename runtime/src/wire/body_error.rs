//! Why a request or response body could not be read, in either format: one error for both.

use std::fmt;

use crate::wire::format::Format;

/// Why a body could not be read. Each variant keeps its cause: a JSON error says where
/// (line and column), an XML error names the element path it failed at;
/// [`format`](Self::format) says which format the body was read as.
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyError {
    /// The body is not JSON, or the value under the root does not fit the expected type.
    Json(serde_json::Error),
    /// The JSON body is a value, but not an object.
    NotAnObject,
    /// The JSON body is an object without the expected root property.
    MissingRoot {
        /// The root property that was expected (`phone`).
        root: String,
        /// The properties the object had instead (at most a few).
        found: Vec<String>,
    },
    /// The XML body is not UTF-8.
    NotUtf8(std::str::Utf8Error),
    /// The body is not well-formed XML, or does not fit the expected type.
    Xml(quick_xml::DeError),
}

impl BodyError {
    /// The format the body was read as.
    pub fn format(&self) -> Format {
        match self {
            BodyError::Json(_) | BodyError::NotAnObject | BodyError::MissingRoot { .. } => {
                Format::Json
            }
            BodyError::NotUtf8(_) | BodyError::Xml(_) => Format::Xml,
        }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Json(error) => write!(f, "invalid JSON body: {error}"),
            BodyError::NotAnObject => {
                f.write_str("the JSON body is not an object with a root property")
            }
            BodyError::MissingRoot { root, found } if found.is_empty() => {
                write!(
                    f,
                    "the JSON body has no `{root}` root property (it is empty)"
                )
            }
            BodyError::MissingRoot { root, found } => write!(
                f,
                "the JSON body has no `{root}` root property (found: {})",
                found.join(", ")
            ),
            BodyError::NotUtf8(error) => write!(f, "the XML body is not UTF-8: {error}"),
            BodyError::Xml(error) => write!(f, "invalid XML body: {error}"),
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::Json(error) => Some(error),
            BodyError::NotUtf8(error) => Some(error),
            BodyError::Xml(error) => Some(error),
            BodyError::NotAnObject | BodyError::MissingRoot { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_names_its_format_and_keeps_its_cause() {
        let json = crate::wire::json::from_json_body::<i32>("n", b"{").unwrap_err();
        assert_eq!(json.format(), Format::Json);
        assert!(std::error::Error::source(&json).is_some());
        let xml = crate::wire::xml::from_xml_body::<i32>(b"\xff").unwrap_err();
        assert_eq!(xml.format(), Format::Xml);
        assert!(matches!(xml, BodyError::NotUtf8(_)));
        assert!(xml.to_string().starts_with("the XML body is not UTF-8"));
    }
}
