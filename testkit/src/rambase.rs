//! RamBase on the server side: its wire formats and its error body, for the kit's stand-ins
//! and for tests that script RamBase's answers.

use serde_json::json;

use crate::{Reply, Request};

impl Request {
    /// The body format the request asked for: `$format` first (what RamBase documents), else
    /// an `Accept` header naming XML, else JSON (RamBase's default).
    pub fn wire(&self) -> Wire {
        match self.query_values("$format").first().copied() {
            Some("xml") => Wire::Xml,
            Some(_) => Wire::Json,
            None if self.header("accept").is_some_and(|a| a.contains("xml")) => Wire::Xml,
            None => Wire::Json,
        }
    }

    /// The first value of `$lang`, for the translated message of an error.
    pub fn lang(&self) -> Option<&str> {
        self.query_values("$lang").first().copied()
    }
}

/// A body format RamBase speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// `application/json`.
    Json,
    /// `application/xml`.
    Xml,
}

impl Wire {
    /// The `Content-Type` of a response in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Wire::Json => "application/json; charset=utf-8",
            Wire::Xml => "application/xml; charset=utf-8",
        }
    }
}

/// Escapes text for an XML element's content.
pub fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Undoes the five predefined XML entities.
pub fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The reason phrase of the statuses the servers answer with.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// A RamBase error: status, optional code, message and its Norwegian translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status.
    pub status: u16,
    /// The RamBase error code (`errorMessage.errorMessageId`), when there is one.
    pub code: Option<u64>,
    /// The message in English.
    pub message: String,
    /// The message in Norwegian, sent as `translatedMessage` when `$lang=nob`.
    pub translated: Option<String>,
}

impl Refusal {
    /// A refusal without a translation.
    pub fn new(status: u16, code: Option<u64>, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            translated: None,
        }
    }

    /// Adds the Norwegian translation.
    pub fn translated(mut self, norwegian: &str) -> Self {
        self.translated = Some(norwegian.to_owned());
        self
    }

    /// The message in the language `lang` asks for (Norwegian for `nob`, when there is one).
    fn message_in(&self, lang: Option<&str>) -> &str {
        match (lang, &self.translated) {
            (Some("nob"), Some(norwegian)) => norwegian,
            _ => &self.message,
        }
    }
}

/// RamBase's error body: not wrapped in a root property, first-letter-lower-cased names in
/// JSON, an `<Error>` root in XML.
pub fn error_reply(refusal: &Refusal, format: Wire, lang: Option<&str>) -> Reply {
    let description = reason_phrase(refusal.status);
    let translated = refusal.message_in(lang);
    let body = match format {
        Wire::Json => {
            let mut body = json!({
                "httpStatusCode": refusal.status,
                "httpStatusDescription": description,
                "message": refusal.message,
                "translatedMessage": translated,
                "parameters": [],
                "stackTrace": null,
                "innerErrors": [],
            });
            if let Some(code) = refusal.code {
                body["errorMessage"] = json!({
                    "errorMessageId": code,
                    "errorMessageLink": format!("https://api.rambase.net/errors/{code}"),
                });
            }
            body.to_string()
        }
        Wire::Xml => {
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><HttpStatusCode>{}</HttpStatusCode>\
                 <HttpStatusDescription>{description}</HttpStatusDescription>\
                 <Message>{}</Message><TranslatedMessage>{}</TranslatedMessage>",
                refusal.status,
                xml_escape(&refusal.message),
                xml_escape(translated),
            );
            if let Some(code) = refusal.code {
                xml.push_str(&format!(
                    "<ErrorMessage><ErrorMessageId>{code}</ErrorMessageId></ErrorMessage>"
                ));
            }
            xml.push_str("</Error>");
            xml
        }
    };
    Reply::with_body(refusal.status, format.content_type(), body)
}
