//! Comparing two shapes of a resource: every change, classified as breaking for callers or
//! compatible, and the guard that keeps a released version from changing in a breaking way.
//!
//! Invariant: classification is conservative. A change whose effect cannot be proven
//! harmless (a pattern that changed rather than disappeared) counts as breaking.

use std::fmt::Write as _;

use crate::versions::shape::{Shape, shape_of};

/// Whether a change can break a caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Callers' code or requests may stop working.
    Breaking,
    /// Callers keep working.
    Compatible,
}

impl Kind {
    /// `breaking` or `compatible`, as reports show it.
    pub fn as_str(self) -> &'static str {
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
        if let Some((kind, message)) = classify(key, o, n, old, new) {
            changes.push(Change {
                kind,
                fact: key.clone(),
                message,
            });
        }
    }
    annotate_renames(&mut changes, old, new);
    annotate_prelude(&mut changes, new);
    changes.sort();
    changes
}

/// For Rust code: the prelude's call of an operation with a body takes a body of any version
/// whose call takes the same path arguments. A path parameter whose type, Rust name or default
/// changed ends that, so code handing it an old version's body stops compiling: say so.
fn annotate_prelude(changes: &mut [Change], new: &Shape) {
    if !new.keys().any(|k| k.starts_with("request.")) {
        return;
    }
    let argument = |fact: &str| {
        fact.starts_with("pathParameters.")
            && [".type", ".default", ".rust"]
                .iter()
                .any(|end| fact.ends_with(end))
    };
    for change in changes
        .iter_mut()
        .filter(|c| c.kind == Kind::Breaking && argument(&c.fact))
    {
        change.message.push_str(
            "; for Rust code: the prelude's call then takes other arguments, and no body of the old version",
        );
    }
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
    let key = [".domain.", ".rustConst."]
        .iter()
        .find_map(|group| key.find(group).map(|i| &key[..i + group.len() - 1]))
        .unwrap_or(key);
    key.rsplit_once('.').map(|(base, _)| base)
}

fn show(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_string(), |v| format!("`{v}`"))
}

/// One fact that differs between two shapes.
struct Fact<'a> {
    key: &'a str,
    /// The key without its last part: the field, parameter or error it belongs to.
    base: &'a str,
    /// The last part of the key (`type`, `pattern`, a domain key).
    fact: &'a str,
    /// The field, parameter or error, for a person.
    subject: String,
    old: Option<&'a str>,
    new: Option<&'a str>,
}

type Verdict = (Kind, String);

fn classify(
    key: &str,
    o: Option<&str>,
    n: Option<&str>,
    old: &Shape,
    new: &Shape,
) -> Option<Verdict> {
    if let Some(rest) = key.strip_prefix("text.") {
        let what = rest
            .trim_end_matches(".description")
            .trim_end_matches(".message");
        return Some((Kind::Compatible, format!("text of {what} changed")));
    }
    let (base, fact) = key.rsplit_once('.').unwrap_or(("", key));
    let change = Fact {
        key,
        base,
        fact,
        subject: describe(base),
        old: o,
        new: n,
    };
    Some(
        rust_name(&change)
            .or_else(|| identity(&change))
            .or_else(|| presence(&change, new))
            .or_else(|| default(&change, old, new))
            .or_else(|| input(&change))
            .or_else(|| error_code_fact(&change))
            .or_else(|| rule(&change))
            .or_else(|| domain(&change))
            .or_else(|| custom_fields(&change))
            .unwrap_or_else(|| {
                let (o, n) = (show(change.old), show(change.new));
                (Kind::Breaking, format!("{key} changed from {o} to {n}"))
            }),
    )
}

/// A Rust name that a caller's code spells out. One that appears is only recorded (its
/// owner is new, or the lock predates Rust names); one that changes or disappears breaks
/// the code that names it.
fn rust_name(c: &Fact<'_>) -> Option<Verdict> {
    let what = rust_name_kind(c)?;
    let subject = match c.key.strip_prefix("rust.") {
        Some(_) => "the operation".to_string(),
        None if c.base.ends_with(".rustConst") => describe(c.base.trim_end_matches(".rustConst")),
        None if c.base.ends_with(".rustVariant") => {
            describe(c.base.trim_end_matches(".rustVariant"))
        }
        None => c.subject.clone(),
    };
    Some(match (c.old, c.new) {
        (None, _) => (
            Kind::Compatible,
            format!("{subject}: {what} {}", show(c.new)),
        ),
        (Some(_), None) => (
            Kind::Breaking,
            format!(
                "{subject}: {what} {} removed (code naming it stops compiling)",
                show(c.old)
            ),
        ),
        (Some(_), Some(_)) => (
            Kind::Breaking,
            format!(
                "{subject}: {what} renamed from {} to {} (code naming it stops compiling)",
                show(c.old),
                show(c.new)
            ),
        ),
    })
}

/// What kind of Rust name a fact holds, or `None` for other facts.
fn rust_name_kind(c: &Fact<'_>) -> Option<String> {
    if let Some(part) = c.key.strip_prefix("rust.") {
        let what = match part {
            "module" => "module path",
            "method" => "client method",
            "call" => "call type",
            "error" => "error type",
            "codes" => "enum of documented error codes",
            other => other,
        };
        return Some(format!("Rust {what}"));
    }
    if c.base.ends_with(".rustConst") {
        return Some(format!("Rust constant for domain value `{}`", c.fact));
    }
    // The enum is `#[non_exhaustive]`: a new value is a new variant, which breaks nothing.
    if c.base.ends_with(".rustVariant") {
        return Some(format!("Rust enum variant for value `{}`", c.fact));
    }
    if c.base.ends_with(".domain") {
        return None;
    }
    let what = match c.fact {
        "rust" if c.base.starts_with("errors.") => "Rust error variant",
        "rust" if c.base.starts_with("queryParameters.") => "Rust setter",
        "rust" => "Rust field name",
        "rustType" => "Rust type",
        "rustBuilder" => "Rust builder type",
        _ => return None,
    };
    Some(what.to_string())
}

/// Facts that identify the operation: any change breaks every call.
fn identity(c: &Fact<'_>) -> Option<Verdict> {
    matches!(
        c.fact,
        "resource" | "method" | "path" | "successStatus" | "jsonRoot" | "list"
    )
    .then(|| {
        let (o, n) = (show(c.old), show(c.new));
        (Kind::Breaking, format!("{} changed from {o} to {n}", c.key))
    })
}

/// A field or parameter that appeared, disappeared or changed its type.
fn presence(c: &Fact<'_>, new: &Shape) -> Option<Verdict> {
    if c.fact != "type" {
        return None;
    }
    let subject = &c.subject;
    let required = || {
        new.get(&format!("{}.required", c.base))
            .is_some_and(|r| r == "true")
    };
    Some(match (c.old, c.new) {
        (Some(_), None) => (Kind::Breaking, format!("{subject} removed or renamed")),
        (None, Some(_)) if c.key.starts_with("pathParameters.") => {
            (Kind::Breaking, format!("new {subject}"))
        }
        (None, Some(_)) if c.key.starts_with("request.") && required() => {
            (Kind::Breaking, format!("new required {subject}"))
        }
        (None, Some(_)) => (Kind::Compatible, format!("new optional {subject}")),
        _ => (
            Kind::Breaking,
            format!(
                "{subject}: type changed from {} to {}",
                show(c.old),
                show(c.new)
            ),
        ),
    })
}

/// What a request field promises: required or not, its JSON name, its default.
fn input(c: &Fact<'_>) -> Option<Verdict> {
    let subject = &c.subject;
    let (o, n) = (show(c.old), show(c.new));
    Some(match (c.fact, c.old, c.new) {
        ("required", Some("false"), Some("true")) => (
            Kind::Breaking,
            format!("{subject}: optional input became required"),
        ),
        ("required", _, _) => (
            Kind::Compatible,
            format!("{subject}: required input became optional"),
        ),
        ("json", _, _) => (
            Kind::Breaking,
            format!("{subject}: JSON name changed from {o} to {n}"),
        ),
        _ => return None,
    })
}

/// A default that appears, disappears or changes: say what it does to the caller's code
/// (a defaulted field is a plain value that `new` fills in, not an argument or an `Option`).
fn default(c: &Fact<'_>, old: &Shape, new: &Shape) -> Option<Verdict> {
    if c.fact != "default" {
        return None;
    }
    let required = |shape: &Shape| {
        shape
            .get(&format!("{}.required", c.base))
            .is_some_and(|r| r == "true")
    };
    let (subject, o, n) = (&c.subject, show(c.old), show(c.new));
    let message = match (c.old, c.new) {
        // Parameters with a default are not body fields: no `new`, no `Option` to speak of.
        _ if !c.key.starts_with("request.") => {
            format!("{subject}: default changed from {o} to {n}")
        }
        (None, Some(_)) if required(old) => format!(
            "{subject}: default {n} added: the field leaves the arguments of the body's `new` \
             (it starts as {n}), so code calling `new` stops compiling"
        ),
        (None, Some(_)) => format!(
            "{subject}: default {n} added: the field is no longer an `Option` but a plain value \
             that starts as {n}, so code that reads or assigns it as an `Option` stops compiling"
        ),
        (Some(_), None) if required(new) => format!(
            "{subject}: default {o} removed: the field becomes an argument of the body's `new`, \
             so code calling `new` stops compiling"
        ),
        (Some(_), None) => format!(
            "{subject}: default {o} removed: the field becomes an `Option`, so code that reads \
             or assigns it as a plain value stops compiling"
        ),
        _ => format!(
            "{subject}: default changed from {o} to {n}: a request that leaves it unset now \
             sends {n}"
        ),
    };
    Some((Kind::Breaking, message))
}

fn error_code_fact(c: &Fact<'_>) -> Option<Verdict> {
    if c.fact != "status" {
        return None;
    }
    let code = error_code(c.base);
    Some(match (c.old, c.new) {
        (None, Some(s)) => (
            Kind::Compatible,
            format!("new error code {code} (HTTP {s})"),
        ),
        (Some(_), None) => (
            Kind::Breaking,
            format!("error code {code} removed (its variant disappears)"),
        ),
        _ => (
            Kind::Compatible,
            format!(
                "error code {code}: HTTP status changed from {} to {}",
                show(c.old),
                show(c.new)
            ),
        ),
    })
}

/// Patterns and bounds: checked on input, only documented on responses.
fn rule(c: &Fact<'_>) -> Option<Verdict> {
    if !is_rule(c.fact) {
        return None;
    }
    let (subject, fact) = (&c.subject, c.fact);
    let (o, n) = (show(c.old), show(c.new));
    let request_side = c.key.starts_with("request.")
        || c.key.starts_with("pathParameters.")
        || c.key.starts_with("queryParameters.");
    Some(match (fact, c.old, c.new) {
        _ if !request_side => (
            Kind::Compatible,
            format!(
                "{subject}: documented {fact} changed from {o} to {n} (responses are not checked)"
            ),
        ),
        ("pattern", None, Some(_)) => (
            Kind::Breaking,
            format!("{subject}: pattern added (tightened): {n}"),
        ),
        ("pattern", Some(_), None) => (
            Kind::Compatible,
            format!("{subject}: pattern removed (loosened)"),
        ),
        ("pattern", _, _) => (
            Kind::Breaking,
            format!(
                "{subject}: pattern changed from {o} to {n} (may reject values accepted before)"
            ),
        ),
        ("minimum" | "minLength", _, _) => bound(subject, fact, c.old, c.new, true),
        _ => bound(subject, fact, c.old, c.new, false),
    })
}

/// A documented domain value that appeared or disappeared.
fn domain(c: &Fact<'_>) -> Option<Verdict> {
    let field = describe(c.base.strip_suffix(".domain")?);
    let fact = c.fact;
    match (c.old, c.new) {
        (None, Some(_)) => Some((
            Kind::Compatible,
            format!("{field}: new documented domain value `{fact}`"),
        )),
        (Some(_), None) => Some((
            Kind::Breaking,
            format!("{field}: documented domain value `{fact}` removed (its constant disappears)"),
        )),
        _ => None,
    }
}

/// A request object that starts taking custom fields gains a field and a setter, which breaks
/// nothing (models are `#[non_exhaustive]`); one that stops loses them.
fn custom_fields(c: &Fact<'_>) -> Option<Verdict> {
    if c.fact != "customFields" {
        return None;
    }
    let object = match c.base.strip_prefix("request.") {
        Some(path) => format!("request object `{path}`"),
        None => describe(c.base),
    };
    Some(match c.new {
        Some(_) => (Kind::Compatible, format!("{object}: takes custom fields")),
        None => (
            Kind::Breaking,
            format!("{object}: no longer takes custom fields (`extra_fields` disappears)"),
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
    // Bounds are integers or exact decimals; lengths are integers, which parse as decimals too.
    let parse = |v: Option<&str>| v.and_then(crate::ir::Decimal::parse);
    let tightened = match (parse(o), parse(n)) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => {
            let order = b.cmp_exact(&a);
            (lower && order.is_gt()) || (!lower && order.is_lt())
        }
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
    if base == "request" || base == "response" {
        format!("the {base} body")
    } else if let Some(code) = base.strip_prefix("errors.") {
        format!("error code {code}")
    } else if let Some(rest) = base.strip_prefix("request.") {
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

/// Compares every resource version that the lock knows with its current shape. A version is
/// found under its lock key, or, when its area or operation was renamed (which changes the
/// key), by its resource identifier and version among the keys no current version has.
pub fn guard(
    locked: &std::collections::BTreeMap<String, Shape>,
    api: &crate::ir::Api,
) -> Vec<GuardViolation> {
    let current: std::collections::BTreeSet<String> = api
        .resources
        .iter()
        .map(crate::versions::shape::lock_key)
        .collect();
    let mut violations = Vec::new();
    for r in &api.resources {
        let Some(old) = locked
            .get(&crate::versions::shape::lock_key(r))
            .or_else(|| locked_under_old_name(locked, &current, r))
        else {
            continue;
        };
        let breaking: Vec<Change> = compare(old, &shape_of(r))
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

/// The locked shape of the same resource identifier and version under a key that no current
/// version has: the version before its area or operation was renamed.
fn locked_under_old_name<'l>(
    locked: &'l std::collections::BTreeMap<String, Shape>,
    current: &std::collections::BTreeSet<String>,
    r: &crate::ir::Resource,
) -> Option<&'l Shape> {
    let id = r.id.to_string();
    let suffix = format!(".{}", r.version_module);
    locked
        .iter()
        .filter(|(key, _)| key.ends_with(&suffix) && !current.contains(*key))
        .find(|(_, shape)| shape.get("resource") == Some(&id))
        .map(|(_, shape)| shape)
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
    fn query_rules_and_decimal_bounds_are_compared_exactly() {
        let top = |max: &str| {
            shape(&[
                ("queryParameters.$top.type", "integer"),
                ("queryParameters.$top.maximum", max),
            ])
        };
        assert_eq!(compare(&top("80"), &top("50"))[0].kind, Kind::Breaking);
        assert_eq!(compare(&top("80"), &top("100"))[0].kind, Kind::Compatible);
        let min = |m: &str| {
            shape(&[
                ("request.P.Rate.type", "decimal"),
                ("request.P.Rate.minimum", m),
            ])
        };
        assert_eq!(compare(&min("0.5"), &min("0.25"))[0].kind, Kind::Compatible);
        assert_eq!(compare(&min("0.5"), &min("0.75"))[0].kind, Kind::Breaking);
    }

    #[test]
    fn a_new_enum_value_is_compatible_and_a_removed_one_breaks() {
        let one = shape(&[
            ("queryParameters.$expand.type", "array of string"),
            ("queryParameters.$expand.rustVariant.Address", "Address"),
        ]);
        let mut two = one.clone();
        two.insert(
            "queryParameters.$expand.rustVariant.Contacts".into(),
            "Contacts".into(),
        );
        assert_eq!(compare(&one, &two)[0].kind, Kind::Compatible);
        assert_eq!(compare(&two, &one)[0].kind, Kind::Breaking);
    }

    #[test]
    fn custom_fields_may_come_but_not_go() {
        let plain = shape(&[("request.P.A.type", "string")]);
        let mut custom = plain.clone();
        custom.insert("request.P.customFields".into(), "true".into());
        assert_eq!(compare(&plain, &custom)[0].kind, Kind::Compatible);
        assert_eq!(compare(&custom, &plain)[0].kind, Kind::Breaking);
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
    fn a_default_added_says_what_it_does_to_the_callers_code() {
        let field = |required: &str, default: Option<&str>| {
            let mut s = shape(&[
                ("request.P.A.type", "boolean"),
                ("request.P.A.required", required),
            ]);
            if let Some(d) = default {
                s.insert("request.P.A.default".into(), d.into());
            }
            s
        };
        let message = |old: &Shape, new: &Shape| {
            let changes = compare(old, new);
            let c = changes
                .iter()
                .find(|c| c.fact.ends_with(".default"))
                .expect("a default change");
            assert_eq!(c.kind, Kind::Breaking);
            c.message.clone()
        };
        let was_required = message(&field("true", None), &field("false", Some("false")));
        assert!(
            was_required.contains("leaves the arguments of the body's `new`"),
            "{was_required}"
        );
        let was_optional = message(&field("false", None), &field("false", Some("false")));
        assert!(
            was_optional.contains("no longer an `Option`"),
            "{was_optional}"
        );
        let param = compare(
            &shape(&[("pathParameters.id.type", "integer")]),
            &shape(&[
                ("pathParameters.id.type", "integer"),
                ("pathParameters.id.default", "1"),
            ]),
        );
        assert!(
            param[0]
                .message
                .ends_with("default changed from none to `1`"),
            "{param:?}"
        );
    }
}
