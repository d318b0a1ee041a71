//! The messages of generated call errors, written once for every resource.
//!
//! Each generated error enum's `Display` is a table of calls into these methods, so the
//! wording lives here rather than in thousands of generated format strings. Every message
//! starts with the operation (`POST /collaboration/contacts/{contactId}/phones`), because an
//! error is often printed far from the call that caused it.

use std::fmt;

use crate::ApiError;
use crate::request::Operation;
use crate::validate::ValidationErrors;

impl Operation {
    /// A documented RamBase error: its code and documented message, then what RamBase said.
    pub fn fmt_documented(
        &self,
        f: &mut fmt::Formatter<'_>,
        code: u64,
        documented: &str,
        error: &ApiError,
    ) -> fmt::Result {
        write!(
            f,
            "{} {} failed with documented RamBase error {code} ({documented}): {error}",
            self.method, self.path_template
        )
    }

    /// Input that broke documented rules, so nothing was sent.
    pub fn fmt_not_sent(
        &self,
        f: &mut fmt::Formatter<'_>,
        errors: &ValidationErrors,
    ) -> fmt::Result {
        write!(
            f,
            "{} {} failed: nothing was sent because {errors}",
            self.method, self.path_template
        )
    }

    /// HTTP 401, with the advice to get a new access token.
    pub fn fmt_unauthorized(&self, f: &mut fmt::Formatter<'_>, error: &ApiError) -> fmt::Result {
        write!(
            f,
            "{} {} failed: unauthorized; get a new access token ({error})",
            self.method, self.path_template
        )
    }

    /// Any other failure, described by `error`.
    pub fn fmt_failed(&self, f: &mut fmt::Formatter<'_>, error: &dyn fmt::Display) -> fmt::Result {
        write!(f, "{} {} failed: {error}", self.method, self.path_template)
    }

    /// A status that is neither the documented success nor an error status.
    pub fn fmt_unexpected_status(
        &self,
        f: &mut fmt::Formatter<'_>,
        status: u16,
        snippet: &str,
    ) -> fmt::Result {
        write!(
            f,
            "{} {} answered HTTP {status} instead of {}: {snippet:?}",
            self.method, self.path_template, self.success_status
        )
    }

    /// A body that could not be read, with the reason and the start of the body.
    pub fn fmt_undecodable(
        &self,
        f: &mut fmt::Formatter<'_>,
        status: u16,
        reason: &str,
        snippet: &str,
    ) -> fmt::Result {
        write!(
            f,
            "{} {} answered HTTP {status} with a body that could not be read ({reason}): {snippet:?}",
            self.method, self.path_template
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: Operation = Operation::new(
        reqwest::Method::POST,
        "/collaboration/contacts/{contactId}/phones",
        3119,
        5,
        201,
    );

    /// Shows one message through a closure, as a generated `Display` arm would.
    struct Shown<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result>(F);

    impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Shown<F> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            (self.0)(f)
        }
    }

    #[test]
    fn every_message_names_the_operation_and_what_went_wrong() {
        let error = ApiError::from_body(
            404,
            br#"{"message": "Permission not found", "errorMessage": {"errorMessageId": 101015}}"#,
        );
        let documented =
            Shown(|f| OP.fmt_documented(f, 101015, "Permission {0} not found", &error)).to_string();
        assert!(
            documented.starts_with(
                "POST /collaboration/contacts/{contactId}/phones failed with documented RamBase \
                 error 101015 (Permission {0} not found): "
            ),
            "{documented}"
        );
        assert!(documented.ends_with(&error.to_string()), "{documented}");

        let unauthorized = Shown(|f| OP.fmt_unauthorized(f, &error)).to_string();
        assert!(unauthorized.contains("failed: unauthorized; get a new access token ("));

        let mut errors = ValidationErrors::new();
        crate::validate::check_required(&mut errors, "Phone.PhoneNumber", false);
        assert_eq!(
            Shown(|f| OP.fmt_not_sent(f, &errors)).to_string(),
            format!(
                "POST /collaboration/contacts/{{contactId}}/phones failed: nothing was sent because {errors}"
            )
        );
        assert_eq!(
            Shown(|f| OP.fmt_failed(f, &"the connection was reset")).to_string(),
            "POST /collaboration/contacts/{contactId}/phones failed: the connection was reset"
        );
        assert_eq!(
            Shown(|f| OP.fmt_unexpected_status(f, 302, "<html>")).to_string(),
            "POST /collaboration/contacts/{contactId}/phones answered HTTP 302 instead of 201: \"<html>\""
        );
        assert_eq!(
            Shown(|f| OP.fmt_undecodable(f, 201, "not JSON", "oops")).to_string(),
            "POST /collaboration/contacts/{contactId}/phones answered HTTP 201 with a body that \
             could not be read (not JSON): \"oops\""
        );
    }
}
