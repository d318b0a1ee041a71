//! The documented, fixed facts of one operation, as generated code declares them; errors and
//! traces name the operation with them.

/// The documented, fixed facts of one API operation.
///
/// Generated code declares one per operation:
///
/// ```
/// use rambase_runtime::{__private::Operation, reqwest::Method};
///
/// const ADD_CONTACT_PHONE: Operation = Operation::new(
///     Method::POST,
///     "/collaboration/contacts/{contactId}/phones",
///     3119,
///     5,
///     201,
/// );
/// assert_eq!(ADD_CONTACT_PHONE.success_status, 201);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The documented path template (for documentation and diagnostics; the request uses the
    /// rendered path of [`RequestParts`](crate::http::request::RequestParts)).
    pub path_template: &'static str,
    /// The API resource identifier (3119).
    pub resource: u32,
    /// The resource version the spec describes (5).
    pub version: u32,
    /// The documented success status (201 for a POST that creates).
    pub success_status: u16,
}

impl Operation {
    /// Describes an operation.
    pub const fn new(
        method: reqwest::Method,
        path_template: &'static str,
        resource: u32,
        version: u32,
        success_status: u16,
    ) -> Self {
        Self {
            method,
            path_template,
            resource,
            version,
            success_status,
        }
    }
}
