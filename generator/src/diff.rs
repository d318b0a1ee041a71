//! `generator diff`: every change from one version of a resource to another, as the command
//! reports them (the comparison and classification of the build scripts' guard, in
//! [`generator_core::diff`], plus what a new version does to calls through the prelude), and
//! the report as text or JSON.

use std::fmt::Write as _;

pub use generator_core::diff::{Change, GuardViolation, Kind, compare, guard};
use generator_core::ir::Resource;
use generator_core::shape::{json_string, shape_of};

/// Every change from one version of a resource to another, as `generator diff` reports them:
/// the changes of their shapes, and what adding the newer version beside the older does to
/// Rust code that calls the operation through the crate's prelude.
pub fn compare_versions(old: &Resource, new: &Resource) -> Vec<Change> {
    let mut changes = compare(&shape_of(old), &shape_of(new));
    changes.extend(prelude_moves(old, new));
    changes.sort();
    changes
}

/// For Rust code: the prelude's call of an operation without a request body has nothing to
/// pick a version by, so it calls the newest, and a newer version takes it over. Code that
/// names the older version's error types for that call's answer then stops compiling (each
/// version has its own error codes: they carry their version's operation), and so does code
/// that names an answer or parameter type the newer version changed. No design keeps both
/// that code and code naming `latest` compiling (the call names no version, so it can call
/// only one), so adding a version to such an operation is breaking for Rust code, and the
/// message says which names break and which keep working.
fn prelude_moves(old: &Resource, new: &Resource) -> Option<Change> {
    if old.request.is_some()
        || new.request.is_some()
        || new.version <= old.version
        || old.operation_snake != new.operation_snake
    {
        return None;
    }
    // Without a body, a version's types are its answer's and its parameters'.
    let shared = generator_core::shape::shared_type_names(new, Some(old));
    let changed: std::collections::BTreeSet<String> = old
        .types
        .iter()
        .map(|def| def.rust_name())
        .filter(|name| !shared.contains(*name))
        .map(|name| format!("`{}::{name}`", old.version_module))
        .collect();
    let types = if changed.is_empty() {
        String::new()
    } else {
        let changed: Vec<String> = changed.into_iter().collect();
        format!(
            ", or its answer and parameter types that version {} changed ({})",
            new.version,
            changed.join(", ")
        )
    };
    let (m, from) = (&old.version_module, old.version);
    Some(Change {
        kind: Kind::Breaking,
        fact: "rust.prelude".to_string(),
        message: format!(
            "for Rust code: the prelude's `client.{op}(..)` has no request body to pick a version \
             by and calls the newest, now version {to} instead of {from}: code that names \
             version {from}'s error types for that call (`{m}::{codes}`, `{m}::{error}`: each \
             version has its own){types} stops compiling. Code that names them through \
             `latest`, or calls `{m}::{call}::new(..)` to stay on version {from}, keeps compiling",
            op = new.operation_snake,
            to = new.version,
            codes = old.codes_name,
            error = old.error_name,
            call = old.call_name,
        ),
    })
}

/// The changes as text for a person.
pub fn render_text(title: &str, changes: &[Change]) -> String {
    let mut out = format!("{title}\n");
    if changes.is_empty() {
        out.push_str("  no changes\n");
    }
    for c in changes {
        let _ = writeln!(out, "  {:<10}  {}", c.kind.as_str(), c.message);
    }
    let breaking = changes.iter().filter(|c| c.kind == Kind::Breaking).count();
    let _ = writeln!(
        out,
        "{breaking} breaking, {} compatible",
        changes.len() - breaking
    );
    out
}

/// The changes as JSON: `{"old": .., "new": .., "breaking": n, "compatible": n, "changes": [..]}`.
pub fn render_json(old: &str, new: &str, changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.kind == Kind::Breaking).count();
    let items: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{{\"kind\":{},\"fact\":{},\"message\":{}}}",
                json_string(c.kind.as_str()),
                json_string(&c.fact),
                json_string(&c.message)
            )
        })
        .collect();
    format!(
        "{{\"old\":{},\"new\":{},\"breaking\":{breaking},\"compatible\":{},\"changes\":[{}]}}\n",
        json_string(old),
        json_string(new),
        changes.len() - breaking,
        items.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_output_escapes() {
        let text = render_json("a\"b", "c", &[]);
        assert_eq!(
            text,
            "{\"old\":\"a\\\"b\",\"new\":\"c\",\"breaking\":0,\"compatible\":0,\"changes\":[]}\n"
        );
    }
}
