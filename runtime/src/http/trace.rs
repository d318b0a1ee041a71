//! One `tracing` span per call: what was called and how it ended, never a secret or a query.

use std::time::Instant;

use tracing::Span;
use tracing::field::Empty;

use crate::errors::call_error::Failure;
use crate::wire::operation::Operation;

/// The span of one call: method, path template (never the rendered path or query, which may
/// hold values), resource and version. Status, attempts and duration are recorded at the end.
pub(crate) fn call_span(operation: &Operation) -> Span {
    tracing::info_span!(
        "rambase_call",
        method = %operation.method,
        path = operation.path_template,
        resource = operation.resource,
        version = operation.version,
        status = Empty,
        attempts = Empty,
        duration_ms = Empty,
    )
}

/// Records how the call ended.
pub(crate) fn finish_span<T, U>(
    span: &Span,
    result: &Result<(u16, T, U), Failure>,
    attempts: u32,
    started: Instant,
) {
    let status = match result {
        Ok((status, _, _)) => Some(*status),
        Err(error) => error.status(),
    };
    if let Some(status) = status {
        span.record("status", status);
    }
    span.record("attempts", attempts);
    let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    span.record("duration_ms", millis);
}
