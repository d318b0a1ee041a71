//! The two body formats of requests and responses.

/// The body format of requests and responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Format {
    /// JSON with a root property (`{"phone": {...}}`).
    #[default]
    Json,
    /// XML with PascalCase element names (`<Phone>...</Phone>`).
    Xml,
}

impl Format {
    /// The value of the `$format` query parameter.
    pub fn query_value(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
        }
    }

    /// The `Accept` media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "application/xml",
        }
    }

    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "application/xml; charset=utf-8",
        }
    }
}
