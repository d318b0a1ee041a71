//! Input validation that runs before a request leaves the process.
//!
//! Generated code calls the `check_*` functions once per documented constraint, collecting every
//! broken rule in one [`ValidationErrors`] so a caller sees all of them at once. Paths are the
//! documented field names (`PhoneNumber`, `contactId`); [`ValidationErrors::extend_prefixed`]
//! re-roots the violations of a nested object (`Phone.PhoneNumber`).
//!
//! ```
//! use rambase_runtime::__private::validate::{check_minimum, check_pattern, Pattern, ValidationErrors};
//!
//! static PHONE_NUMBER: Pattern = Pattern::new(r"^([0-9\(\)\s\.\+\-])*$");
//!
//! let mut phone = ValidationErrors::new();
//! check_pattern(&mut phone, "PhoneNumber", &PHONE_NUMBER, "abc");
//! let mut errors = ValidationErrors::new();
//! check_minimum(&mut errors, "contactId", 100_000, 99_999);
//! errors.extend_prefixed("Phone", phone);
//! assert_eq!(
//!     errors.to_string(),
//!     "2 invalid inputs: contactId: must be at least 100000 (got 99999); \
//!      Phone.PhoneNumber: must match the pattern `^([0-9\\(\\)\\s\\.\\+\\-])*$` (got \"abc\")"
//! );
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{OnceLock, RwLock};

use crate::values::text::bounded;

/// Longest part of a rejected string value kept in a [`Violation`], in characters.
const VALUE_SNIPPET_CHARS: usize = 64;

/// A documented constraint on a field.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The field must be given.
    Required,
    /// The text must match this regular expression (as documented).
    Pattern(&'static str),
    /// The number must be at least this value.
    Minimum(i64),
    /// The number must be at most this value.
    Maximum(i64),
    /// The text must have at least this many characters.
    MinLength(u64),
    /// The text must have at most this many characters.
    MaxLength(u64),
    /// The decimal must be at least this value, as documented (`"0.5"`). The generator writes
    /// only bounds that parse as a decimal; one that does not is not checked.
    MinimumDecimal(&'static str),
    /// The decimal must be at most this value, as documented (`"99.99"`); like
    /// [`MinimumDecimal`](Rule::MinimumDecimal), a bound that does not parse is not checked.
    MaximumDecimal(&'static str),
    /// The value must not be empty: an empty path value would leave an empty segment
    /// (`/contacts//phones`), which addresses another resource.
    NotEmpty,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("is required"),
            Rule::Pattern(pattern) => write!(f, "must match the pattern `{pattern}`"),
            Rule::Minimum(minimum) => write!(f, "must be at least {minimum}"),
            Rule::Maximum(maximum) => write!(f, "must be at most {maximum}"),
            Rule::MinLength(length) => write!(f, "must be at least {length} characters long"),
            Rule::MaxLength(length) => write!(f, "must be at most {length} characters long"),
            Rule::MinimumDecimal(minimum) => write!(f, "must be at least {minimum}"),
            Rule::MaximumDecimal(maximum) => write!(f, "must be at most {maximum}"),
            Rule::NotEmpty => f.write_str("must not be empty"),
        }
    }
}

/// One broken rule: which field, which rule, and a short rendering of the rejected value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    path: String,
    rule: Rule,
    value: Option<String>,
}

impl Violation {
    /// A violation of `rule` by the field at `path`.
    ///
    /// `value` is shown after the message as `(got ...)`; pass it already rendered (the `check_*`
    /// functions render strings with `{:?}`, cut to 64 characters, and numbers plainly).
    pub fn new(path: impl Into<String>, rule: Rule, value: Option<String>) -> Self {
        Self {
            path: path.into(),
            rule,
            value,
        }
    }

    /// The documented name of the field, dotted for nested fields (`Phone.PhoneNumber`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The rule that was broken.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// The rendered rejected value, if one was kept.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.rule)?;
        if let Some(value) = &self.value {
            write!(f, " (got {value})")?;
        }
        Ok(())
    }
}

/// Every rule a request broke. Empty means the input is valid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one violation.
    pub fn push(&mut self, violation: Violation) {
        self.violations.push(violation);
    }

    /// Adds the violations of a nested object, re-rooting each path under `prefix`:
    /// `PhoneNumber` becomes `Phone.PhoneNumber`. An empty prefix keeps the paths as they are.
    pub fn extend_prefixed(&mut self, prefix: &str, other: ValidationErrors) {
        self.violations
            .extend(other.violations.into_iter().map(|mut violation| {
                violation.path = match (prefix.is_empty(), violation.path.is_empty()) {
                    (true, _) => violation.path,
                    (false, true) => prefix.to_owned(),
                    (false, false) => format!("{prefix}.{}", violation.path),
                };
                violation
            }));
    }

    /// Adds the violations of a nested object whose paths start with `from` (its object name),
    /// moving them under `to` (the field's path in the enclosing object): `Address.City` from
    /// `Address` to `Order.Delivery` becomes `Order.Delivery.City`. Other paths are put under
    /// `to` whole.
    pub fn extend_rerooted(&mut self, from: &str, to: &str, other: ValidationErrors) {
        self.violations
            .extend(other.violations.into_iter().map(|mut violation| {
                let rest = match violation.path.strip_prefix(from) {
                    Some("") => Some(""),
                    Some(rest) => rest.strip_prefix('.'),
                    None => None,
                };
                violation.path = match rest {
                    Some("") => to.to_owned(),
                    Some(rest) => format!("{to}.{rest}"),
                    None if violation.path.is_empty() => to.to_owned(),
                    None => format!("{to}.{}", violation.path),
                };
                violation
            }));
    }

    /// Whether no rule was broken.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// How many rules were broken.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// The violations, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.violations.iter()
    }

    /// The violations, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// `Ok(ok)` when nothing was broken, otherwise `Err(self)`.
    pub fn into_result<T>(self, ok: T) -> Result<T, Self> {
        if self.is_empty() { Ok(ok) } else { Err(self) }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.violations.len() {
            0 => return f.write_str("no invalid input"),
            1 => f.write_str("1 invalid input: ")?,
            n => write!(f, "{n} invalid inputs: ")?,
        }
        for (index, violation) in self.violations.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl IntoIterator for ValidationErrors {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}

impl Extend<Violation> for ValidationErrors {
    fn extend<I: IntoIterator<Item = Violation>>(&mut self, iter: I) {
        self.violations.extend(iter);
    }
}

/// A documented regular expression, compiled once per process on first use and shared by
/// every `Pattern` and [`Rule::Pattern`] with the same source.
///
/// Declare one per pattern: `static PHONE_NUMBER: Pattern = Pattern::new("^...$");`.
///
/// # Never panics
///
/// The generator compiles every pattern with this same `regex` crate and its default size
/// limits before it writes one into generated code, so compilation here is expected to succeed.
/// Should it fail anyway (a hand-written pattern, a different `regex` version), the pattern
/// matches nothing: every value is reported as a [`Rule::Pattern`] violation naming the
/// pattern, and the request is not sent. Failing closed like this keeps the documented
/// constraint, never lets an unchecked value through, and never panics.
pub struct Pattern {
    source: &'static str,
}

impl Pattern {
    /// A pattern for the documented regular expression `source` (compiled lazily).
    pub const fn new(source: &'static str) -> Self {
        Self { source }
    }

    /// The documented regular expression.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `value` matches. Always `false` if the pattern does not compile (see the type
    /// docs).
    pub fn is_match(&self, value: &str) -> bool {
        self.regex().is_some_and(|regex| regex.is_match(value))
    }

    /// Whether the pattern compiles with this crate's `regex`.
    pub fn compiles(&self) -> bool {
        self.regex().is_some()
    }

    /// The compiled regex from the process-wide cache, keyed by source: generated rules are
    /// `const` data, which cannot hold a lazily compiled value of their own.
    fn regex(&self) -> Option<regex::Regex> {
        type Cache = RwLock<BTreeMap<&'static str, Option<regex::Regex>>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let cache = CACHE.get_or_init(Cache::default);
        if let Some(known) = cache
            .read()
            .ok()
            .and_then(|map| map.get(self.source).cloned())
        {
            return known;
        }
        let compiled = regex::Regex::new(self.source).ok();
        if let Ok(mut map) = cache.write() {
            map.insert(self.source, compiled.clone());
        }
        compiled
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// A rejected string rendered for a [`Violation`]: at most 64 characters, escaped with `{:?}`.
fn string_value(value: &str) -> Option<String> {
    let cut = bounded(value, VALUE_SNIPPET_CHARS);
    match cut.strip_suffix('…') {
        Some(kept) if cut.len() != value.len() => Some(format!("{kept:?}…")),
        _ => Some(format!("{cut:?}")),
    }
}

/// Records a [`Rule::Required`] violation at `path` unless `present`.
pub fn check_required(errors: &mut ValidationErrors, path: &str, present: bool) {
    if !present {
        errors.push(Violation::new(path, Rule::Required, None));
    }
}

/// Records a [`Rule::Pattern`] violation at `path` unless `value` matches `pattern`.
pub fn check_pattern(errors: &mut ValidationErrors, path: &str, pattern: &Pattern, value: &str) {
    if !pattern.is_match(value) {
        errors.push(Violation::new(
            path,
            Rule::Pattern(pattern.source()),
            string_value(value),
        ));
    }
}

/// Records a [`Rule::Minimum`] violation at `path` if `value < minimum`.
pub fn check_minimum(errors: &mut ValidationErrors, path: &str, minimum: i64, value: i64) {
    if value < minimum {
        errors.push(Violation::new(
            path,
            Rule::Minimum(minimum),
            Some(value.to_string()),
        ));
    }
}

/// Records a [`Rule::Maximum`] violation at `path` if `value > maximum`.
pub fn check_maximum(errors: &mut ValidationErrors, path: &str, maximum: i64, value: i64) {
    if value > maximum {
        errors.push(Violation::new(
            path,
            Rule::Maximum(maximum),
            Some(value.to_string()),
        ));
    }
}

/// Records a [`Rule::MinLength`] violation at `path` if `value` has fewer than `min` characters
/// (Unicode scalar values, not bytes).
pub fn check_min_length(errors: &mut ValidationErrors, path: &str, min: u64, value: &str) {
    if char_count(value) < min {
        errors.push(Violation::new(
            path,
            Rule::MinLength(min),
            string_value(value),
        ));
    }
}

/// Records a [`Rule::MaxLength`] violation at `path` if `value` has more than `max` characters
/// (Unicode scalar values, not bytes).
pub fn check_max_length(errors: &mut ValidationErrors, path: &str, max: u64, value: &str) {
    if char_count(value) > max {
        errors.push(Violation::new(
            path,
            Rule::MaxLength(max),
            string_value(value),
        ));
    }
}

/// Records every rule of `rules` that `value` breaks, at `path`, through the `check_*`
/// functions (patterns as a [`Pattern`]).
pub fn check_rules<V: crate::values::checked::Scalar>(
    errors: &mut ValidationErrors,
    path: &str,
    rules: &[Rule],
    value: &V,
) {
    for rule in rules {
        match (rule, value.as_number(), value.as_text()) {
            (Rule::Minimum(m), Some(n), _) => check_minimum(errors, path, *m, n),
            (Rule::Maximum(m), Some(n), _) => check_maximum(errors, path, *m, n),
            (Rule::MinLength(l), _, Some(t)) => check_min_length(errors, path, *l, t),
            (Rule::MaxLength(l), _, Some(t)) => check_max_length(errors, path, *l, t),
            (Rule::Pattern(p), _, Some(t)) => check_pattern(errors, path, &Pattern::new(p), t),
            _ => check_decimal(errors, path, rule, value.as_decimal()),
        }
    }
}

/// Records a violation of `rule` at `path` if it bounds decimals ([`Rule::MinimumDecimal`],
/// [`Rule::MaximumDecimal`], or an integer bound on a decimal) and `value` breaks it. A rule
/// that bounds something else, or whose bound does not parse, records nothing.
pub fn check_decimal(
    errors: &mut ValidationErrors,
    path: &str,
    rule: &Rule,
    value: Option<rust_decimal::Decimal>,
) {
    if let Some(value) = value.filter(|value| crate::values::decimal::broken(rule, *value)) {
        errors.push(Violation::new(path, rule.clone(), Some(value.to_string())));
    }
}

fn char_count(value: &str) -> u64 {
    u64::try_from(value.chars().count()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    static PHONE_NUMBER: Pattern = Pattern::new(r"^([0-9\(\)\s\.\+\-])*$");
    static BROKEN: Pattern = Pattern::new(r"^(unclosed$");

    #[test]
    fn rules_display_as_documented() {
        assert_eq!(Rule::Required.to_string(), "is required");
        assert_eq!(
            Rule::Pattern("^a$").to_string(),
            "must match the pattern `^a$`"
        );
        assert_eq!(
            Rule::Minimum(100_000).to_string(),
            "must be at least 100000"
        );
        assert_eq!(Rule::Maximum(9).to_string(), "must be at most 9");
        assert_eq!(
            Rule::MinLength(2).to_string(),
            "must be at least 2 characters long"
        );
        assert_eq!(
            Rule::MaxLength(80).to_string(),
            "must be at most 80 characters long"
        );
    }

    #[test]
    fn pattern_matches_documented_phone_numbers() {
        assert!(PHONE_NUMBER.is_match("+47 (0) 12.34-56 78"));
        assert!(PHONE_NUMBER.is_match(""));
        assert!(!PHONE_NUMBER.is_match("abc"));
        assert!(PHONE_NUMBER.compiles());
        assert_eq!(PHONE_NUMBER.source(), r"^([0-9\(\)\s\.\+\-])*$");
    }

    #[test]
    fn a_pattern_that_does_not_compile_matches_nothing_and_never_panics() {
        assert!(!BROKEN.compiles());
        assert!(!BROKEN.is_match(""));
        assert!(!BROKEN.is_match("unclosed"));
        let mut errors = ValidationErrors::new();
        check_pattern(&mut errors, "Name", &BROKEN, "x");
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn checks_record_only_broken_rules() {
        let mut errors = ValidationErrors::new();
        check_minimum(&mut errors, "contactId", 100_000, 100_000);
        check_maximum(&mut errors, "n", 10, 10);
        check_min_length(&mut errors, "s", 2, "æø");
        check_max_length(&mut errors, "s", 2, "æø");
        check_pattern(&mut errors, "PhoneNumber", &PHONE_NUMBER, "+47 1");
        check_required(&mut errors, "PhoneNumber", true);
        assert!(errors.is_empty());
        assert_eq!(errors.clone().into_result(7), Ok(7));

        check_minimum(&mut errors, "contactId", 100_000, 99_999);
        check_maximum(&mut errors, "n", 10, 11);
        check_min_length(&mut errors, "s", 3, "æø");
        check_max_length(&mut errors, "s", 1, "æø");
        check_required(&mut errors, "PhoneNumber", false);
        let rules: Vec<_> = errors.iter().map(|v| v.rule().clone()).collect();
        assert_eq!(
            rules,
            [
                Rule::Minimum(100_000),
                Rule::Maximum(10),
                Rule::MinLength(3),
                Rule::MaxLength(1),
                Rule::Required,
            ]
        );
        assert_eq!(errors.violations()[0].value(), Some("99999"));
        assert_eq!(errors.violations()[2].value(), Some("\"æø\""));
        assert_eq!(errors.violations()[4].value(), None);
        assert!(errors.into_result(()).is_err());
    }

    #[test]
    fn errors_display_every_violation_with_re_rooted_paths() {
        let mut phone = ValidationErrors::new();
        check_pattern(&mut phone, "PhoneNumber", &PHONE_NUMBER, "abc");
        let mut errors = ValidationErrors::new();
        check_minimum(&mut errors, "contactId", 100_000, 99_999);
        errors.extend_prefixed("Phone", phone);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors.violations()[1].path(), "Phone.PhoneNumber");
        assert_eq!(
            errors.to_string(),
            "2 invalid inputs: contactId: must be at least 100000 (got 99999); \
             Phone.PhoneNumber: must match the pattern `^([0-9\\(\\)\\s\\.\\+\\-])*$` (got \"abc\")"
        );
        let single: ValidationErrors =
            errors
                .clone()
                .into_iter()
                .take(1)
                .fold(ValidationErrors::new(), |mut acc, v| {
                    acc.push(v);
                    acc
                });
        assert_eq!(
            single.to_string(),
            "1 invalid input: contactId: must be at least 100000 (got 99999)"
        );
        assert_eq!((&errors).into_iter().count(), 2);
    }

    #[test]
    fn extend_prefixed_handles_empty_prefix_and_empty_path() {
        let mut inner = ValidationErrors::new();
        check_required(&mut inner, "", false);
        check_required(&mut inner, "A", false);
        let mut errors = ValidationErrors::new();
        errors.extend_prefixed("Phone", inner.clone());
        errors.extend_prefixed("", inner);
        let paths: Vec<_> = errors.iter().map(Violation::path).collect();
        assert_eq!(paths, ["Phone", "Phone.A", "", "A"]);
    }

    #[test]
    fn extend_rerooted_moves_a_nested_objects_paths_under_the_field() {
        let mut inner = ValidationErrors::new();
        for path in ["Address.City", "Address", "AddressLine.X", "", "Other"] {
            check_required(&mut inner, path, false);
        }
        let mut errors = ValidationErrors::new();
        errors.extend_rerooted("Address", "Order.Delivery", inner);
        let paths: Vec<_> = errors.iter().map(Violation::path).collect();
        assert_eq!(
            paths,
            [
                "Order.Delivery.City",
                "Order.Delivery",
                "Order.Delivery.AddressLine.X",
                "Order.Delivery",
                "Order.Delivery.Other"
            ]
        );
    }

    #[test]
    fn rejected_values_are_escaped_and_bounded() {
        let mut errors = ValidationErrors::new();
        check_pattern(&mut errors, "P", &PHONE_NUMBER, "a\"b\nc");
        assert_eq!(errors.violations()[0].value(), Some(r#""a\"b\nc""#));
        let long = "x".repeat(500);
        check_pattern(&mut errors, "P", &PHONE_NUMBER, &long);
        let value = errors.violations()[1].value().unwrap_or_default();
        assert_eq!(value, format!("{:?}…", "x".repeat(64)));
    }
}
