//! Comparing two shapes of a resource: every change, classified as breaking for callers or
//! compatible, and the guard that keeps a released version from changing in a breaking way.
//!
//! Invariant: classification is conservative. A change whose effect cannot be proven
//! harmless (a pattern that changed rather than disappeared) counts as breaking.

use std::fmt::Write as _;

use crate::shape::Shape;

/// Whether a change can break a caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Callers' code or requests may stop working.
    Breaking,
    /// Callers keep working.
    Compatible,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Breaking => "breaking",
            Kind::Compatible => "compatible",
        }
    }
}

/// One classified change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Breaking or compatible.
    pub kind: Kind,
    /// The fact that changed, e.g. `request.Phone.PhoneNumber.pattern`.
    pub fact: String,
    /// What changed, for a person.
    pub message: String,
}

/// Every change from `old` to `new`, breaking ones first, then by fact.
pub fn compare(old: &Shape, new: &Shape) -> Vec<Change> {
    let mut changes = Vec::new();
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys {
        let (o, n) = (
            old.get(key).map(String::as_str),
            new.get(key).map(String::as_str),
        );
        if o == n || covered_by_presence(key, old, new) {
            continue;
        }
        if let Some((kind, message)) = classify(key, o, n, new) {
            changes.push(Change {
                kind,
                fact: key.clone(),
                message,
            });
        }
    }
    annotate_renames(&mut changes, old, new);
    changes.sort();
    changes
}

/// Facts of a field or parameter that appeared or disappeared as a whole are reported once,
/// with its type.
fn covered_by_presence(key: &str, old: &Shape, new: &Shape) -> bool {
    let Some(base) = owner(key.strip_prefix("text.").unwrap_or(key)) else {
        return false;
    };
    ["type", "status"].iter().any(|fact| {
        let presence_key = format!("{base}.{fact}");
        key != presence_key && (old.contains_key(&presence_key) != new.contains_key(&presence_key))
    })
}

/// The field or parameter a fact belongs to (`request.Phone.X.domain.K` → `request.Phone.X`).
fn owner(key: &str) -> Option<&str> {
    if key.starts_with("text.") {
        return None;
    }
    let key = match key.find(".domain.") {
        Some(i) => &key[..i + ".domain".len()],
        None => key,
    };
    key.rsplit_once('.').map(|(base, _)| base)
}

fn show(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_string(), |v| format!("`{v}`"))
}

fn classify(key: &str, o: Option<&str>, n: Option<&str>, new: &Shape) -> Option<(Kind, String)> {
    use Kind::{Breaking, Compatible};
    if let Some(rest) = key.strip_prefix("text.") {
        return Some((
            Compatible,
            format!(
                "text of {} changed",
                rest.trim_end_matches(".description")
                    .trim_end_matches(".message")
            ),
        ));
    }
    let (base, fact) = key.rsplit_once('.').unwrap_or(("", key));
    let subject = describe(base);
    let request_side = key.starts_with("request.") || key.starts_with("pathParameters.");
    Some(match (fact, o, n) {
        ("resource" | "method" | "path" | "successStatus" | "jsonRoot" | "list", _, _) => (
            Breaking,
            format!("{key} changed from {} to {}", show(o), show(n)),
        ),
        ("type", Some(_), None) => (Breaking, format!("{subject} removed or renamed")),
        ("type", None, Some(_)) if key.starts_with("pathParameters.") => {
            (Breaking, format!("new {subject}"))
        }
        ("type", None, Some(_))
            if key.starts_with("request.")
                && new
                    .get(&format!("{base}.required"))
                    .is_some_and(|r| r == "true") =>
        {
            (Breaking, format!("new required {subject}"))
        }
        ("type", None, Some(_)) => (Compatible, format!("new optional {subject}")),
        ("type", _, _) => (
            Breaking,
            format!("{subject}: type changed from {} to {}", show(o), show(n)),
        ),
        ("required", Some("false"), Some("true")) => (
            Breaking,
            format!("{subject}: optional input became required"),
        ),
        ("required", _, _) => (
            Compatible,
            format!("{subject}: required input became optional"),
        ),
        ("json", _, _) => (
            Breaking,
            format!(
                "{subject}: JSON name changed from {} to {}",
                show(o),
                show(n)
            ),
        ),
        ("default", _, _) => (
            Breaking,
            format!("{subject}: default changed from {} to {}", show(o), show(n)),
        ),
        ("status", None, Some(s)) => (
            Compatible,
            format!("new error code {} (HTTP {s})", error_code(base)),
        ),
        ("status", Some(_), None) => (
            Breaking,
            format!(
                "error code {} removed (its variant disappears)",
                error_code(base)
            ),
        ),
        ("status", _, _) => (
            Compatible,
            format!(
                "error code {}: HTTP status changed from {} to {}",
                error_code(base),
                show(o),
                show(n)
            ),
        ),
        (_, _, _) if !request_side && is_rule(fact) => (
            Compatible,
            format!(
                "{subject}: documented {fact} changed from {} to {} (responses are not checked)",
                show(o),
                show(n)
            ),
        ),
        ("pattern", None, Some(_)) => (
            Breaking,
            format!("{subject}: pattern added (tightened): {}", show(n)),
        ),
        ("pattern", Some(_), None) => {
            (Compatible, format!("{subject}: pattern removed (loosened)"))
        }
        ("pattern", _, _) => (
            Breaking,
            format!(
                "{subject}: pattern changed from {} to {} (may reject values accepted before)",
                show(o),
                show(n)
            ),
        ),
        ("minimum" | "minLength", _, _) => bound(&subject, fact, o, n, true),
        ("maximum" | "maxLength", _, _) => bound(&subject, fact, o, n, false),
        (_, None, Some(_)) if base.ends_with(".domain") => (
            Compatible,
            format!(
                "{}: new documented domain value `{fact}`",
                describe(base.trim_end_matches(".domain"))
            ),
        ),
        (_, Some(_), None) if base.ends_with(".domain") => (
            Breaking,
            format!(
                "{}: documented domain value `{fact}` removed (its constant disappears)",
                describe(base.trim_end_matches(".domain"))
            ),
        ),
        _ => (
            Breaking,
            format!("{key} changed from {} to {}", show(o), show(n)),
        ),
    })
}

fn is_rule(fact: &str) -> bool {
    matches!(
        fact,
        "pattern" | "minimum" | "maximum" | "minLength" | "maxLength"
    )
}

/// A lower bound that rises or appears tightens; an upper bound that falls or appears does.
fn bound(
    subject: &str,
    fact: &str,
    o: Option<&str>,
    n: Option<&str>,
    lower: bool,
) -> (Kind, String) {
    let parse = |v: Option<&str>| v.and_then(|v| v.parse::<i128>().ok());
    let tightened = match (parse(o), parse(n)) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => (lower && b > a) || (!lower && b < a),
    };
    let kind = if tightened {
        Kind::Breaking
    } else {
        Kind::Compatible
    };
    let how = if tightened { "tightened" } else { "loosened" };
    (
        kind,
        format!("{subject}: {fact} {how} from {} to {}", show(o), show(n)),
    )
}

fn error_code(base: &str) -> &str {
    base.strip_prefix("errors.").unwrap_or(base)
}

fn describe(base: &str) -> String {
    if let Some(rest) = base.strip_prefix("request.") {
        format!("request field `{rest}`")
    } else if let Some(rest) = base.strip_prefix("response.") {
        format!("response field `{rest}`")
    } else if let Some(rest) = base.strip_prefix("pathParameters.") {
        format!("path parameter `{rest}`")
    } else if let Some(rest) = base.strip_prefix("queryParameters.") {
        format!("query parameter `{rest}`")
    } else {
        format!("`{base}`")
    }
}

/// A field removed next to an added one of the same type under the same object is probably
/// a rename: say so on the removal.
fn annotate_renames(changes: &mut [Change], old: &Shape, new: &Shape) {
    let added: Vec<(String, String)> = changes
        .iter()
        .filter(|c| c.fact.ends_with(".type") && !old.contains_key(&c.fact))
        .filter_map(|c| Some((c.fact.clone(), new.get(&c.fact)?.clone())))
        .collect();
    for change in changes
        .iter_mut()
        .filter(|c| c.fact.ends_with(".type") && !new.contains_key(&c.fact))
    {
        let Some(old_ty) = old.get(&change.fact) else {
            continue;
        };
        let parent = change
            .fact
            .trim_end_matches(".type")
            .rsplit_once('.')
            .map(|(p, _)| p.to_string());
        let candidate = added.iter().find(|(fact, ty)| {
            ty == old_ty
                && fact
                    .trim_end_matches(".type")
                    .rsplit_once('.')
                    .map(|(p, _)| p.to_string())
                    == parent
        });
        if let Some((fact, _)) = candidate {
            let name = fact
                .trim_end_matches(".type")
                .rsplit_once('.')
                .map_or(fact.as_str(), |(_, n)| n);
            let _ = write!(change.message, " (renamed to `{name}`?)");
        }
    }
}

/// A released resource version whose spec changed in a breaking way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuardViolation {
    /// The spec file of the version.
    pub spec_file: String,
    /// `Operation` and version, for messages.
    pub title: String,
    /// The breaking changes.
    pub changes: Vec<Change>,
}

/// Compares every resource version that the lock knows with its current shape.
pub fn guard(
    locked: &std::collections::BTreeMap<String, Shape>,
    api: &crate::ir::Api,
) -> Vec<GuardViolation> {
    let mut violations = Vec::new();
    for r in &api.resources {
        let Some(old) = locked.get(&crate::shape::lock_key(r)) else {
            continue;
        };
        let breaking: Vec<Change> = compare(old, &crate::shape::shape_of(r))
            .into_iter()
            .filter(|c| c.kind == Kind::Breaking)
            .collect();
        if !breaking.is_empty() {
            violations.push(GuardViolation {
                spec_file: r.spec_file.clone(),
                title: format!("{} version {}", r.operation, r.version),
                changes: breaking,
            });
        }
    }
    violations
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
                crate::shape::json_string(c.kind.as_str()),
                crate::shape::json_string(&c.fact),
                crate::shape::json_string(&c.message)
            )
        })
        .collect();
    format!(
        "{{\"old\":{},\"new\":{},\"breaking\":{breaking},\"compatible\":{},\"changes\":[{}]}}\n",
        crate::shape::json_string(old),
        crate::shape::json_string(new),
        changes.len() - breaking,
        items.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(pairs: &[(&str, &str)]) -> Shape {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn bounds_tighten_or_loosen() {
        let old = shape(&[
            ("pathParameters.id.type", "integer"),
            ("pathParameters.id.minimum", "100"),
        ]);
        let up = shape(&[
            ("pathParameters.id.type", "integer"),
            ("pathParameters.id.minimum", "200"),
        ]);
        let gone = shape(&[("pathParameters.id.type", "integer")]);
        assert_eq!(compare(&old, &up)[0].kind, Kind::Breaking);
        assert_eq!(compare(&old, &gone)[0].kind, Kind::Compatible);
        assert_eq!(compare(&up, &old)[0].kind, Kind::Compatible);
    }

    #[test]
    fn a_new_required_field_is_one_breaking_change() {
        let old = shape(&[
            ("request.P.A.type", "string"),
            ("request.P.A.required", "false"),
            ("request.P.A.json", "a"),
        ]);
        let mut new = old.clone();
        new.extend(shape(&[
            ("request.P.B.type", "string"),
            ("request.P.B.required", "true"),
            ("request.P.B.json", "b"),
        ]));
        let changes = compare(&old, &new);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].kind, Kind::Breaking);
        assert!(changes[0].message.contains("new required"));
    }

    #[test]
    fn json_output_escapes() {
        let text = render_json("a\"b", "c", &[]);
        assert_eq!(
            text,
            "{\"old\":\"a\\\"b\",\"new\":\"c\",\"breaking\":0,\"compatible\":0,\"changes\":[]}\n"
        );
    }
}
