//! Rules (pattern, bounds, lengths) and defaults: typed, and checked against each other at
//! generation time so that generated code never meets a spec mistake at run time.

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{Decimal, Literal, Rule, Ty};
use crate::spec::yaml::Value;
use crate::spec::{Located, RawField};

/// The regex size limit used both here and by the runtime's `regex` crate defaults, so a
/// pattern accepted here always compiles there.
const REGEX_SIZE_LIMIT: usize = 10 * (1 << 20);

/// Reads the rules of a scalar field, reporting rules that do not fit its type.
pub(super) fn lower_rules(diags: &mut Diagnostics, field: &RawField, scalar: &Ty) -> Vec<Rule> {
    let mut rules = Vec::new();
    let is_string = *scalar == Ty::String;
    let is_int = matches!(scalar, Ty::Integer | Ty::Long);
    if let Some(p) = &field.pattern {
        if !is_string {
            misplaced(diags, p, "pattern", "string fields");
        } else if check_pattern(diags, p) {
            rules.push(Rule::Pattern(p.value.clone()));
        }
    }
    if *scalar == Ty::Decimal {
        rules.extend(decimal_bounds(diags, field));
    } else {
        rules.extend(int_bounds(diags, field, is_int, scalar));
    }
    let min_len = field
        .min_length
        .as_ref()
        .and_then(|l| length(diags, l, "minLength", is_string));
    let max_len = field
        .max_length
        .as_ref()
        .and_then(|l| length(diags, l, "maxLength", is_string));
    if let (Some(lo), Some(hi), Some(l)) = (min_len, max_len, &field.max_length)
        && lo > hi
    {
        diags.push(
            Diagnostic::new(
                l.origin.clone(),
                format!("maxLength {hi} is below minLength {lo}"),
            )
            .help("swap the two lengths"),
        );
    }
    rules.extend(min_len.map(Rule::MinLength));
    rules.extend(max_len.map(Rule::MaxLength));
    rules
}

fn misplaced<T>(diags: &mut Diagnostics, at: &Located<T>, key: &str, fits: &str) {
    diags.push(
        Diagnostic::new(at.origin.clone(), format!("`{key}` applies only to {fits}"))
            .help(format!("remove `{key}` or change the field's type")),
    );
}

fn int_bounds(diags: &mut Diagnostics, field: &RawField, is_int: bool, scalar: &Ty) -> Vec<Rule> {
    let min = field
        .minimum
        .as_ref()
        .and_then(|m| bound(diags, m, "minimum", is_int, scalar));
    let max = field
        .maximum
        .as_ref()
        .and_then(|m| bound(diags, m, "maximum", is_int, scalar));
    if let (Some(lo), Some(hi), Some(m)) = (min, max, &field.maximum)
        && lo > hi
    {
        swapped_bounds(diags, m, &lo.to_string(), &hi.to_string());
    }
    min.map(Rule::Minimum)
        .into_iter()
        .chain(max.map(Rule::Maximum))
        .collect()
}

/// Bounds on a decimal: any finite number, kept exact.
fn decimal_bounds(diags: &mut Diagnostics, field: &RawField) -> Vec<Rule> {
    let min = field
        .minimum
        .as_ref()
        .and_then(|m| decimal_value(diags, m, "minimum"));
    let max = field
        .maximum
        .as_ref()
        .and_then(|m| decimal_value(diags, m, "maximum"));
    if let (Some(lo), Some(hi), Some(m)) = (min, max, &field.maximum)
        && lo.cmp_exact(&hi).is_gt()
    {
        swapped_bounds(diags, m, &lo.to_string(), &hi.to_string());
    }
    min.map(Rule::DecimalMinimum)
        .into_iter()
        .chain(max.map(Rule::DecimalMaximum))
        .collect()
}

fn swapped_bounds(diags: &mut Diagnostics, at: &Located<Value>, lo: &str, hi: &str) {
    diags.push(
        Diagnostic::new(
            at.origin.clone(),
            format!("maximum {hi} is below minimum {lo}"),
        )
        .help("swap the two bounds"),
    );
}

/// A YAML number as an exact decimal (floats through their shortest text, which reads back as
/// the same number).
fn decimal_value(diags: &mut Diagnostics, at: &Located<Value>, key: &str) -> Option<Decimal> {
    let text = match &at.value {
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.is_finite() => f.to_string(),
        other => {
            diags.push(
                Diagnostic::new(
                    at.origin.clone(),
                    format!("`{key}` must be a number, found {}", describe(other)),
                )
                .help("write a number without quotes, such as 0 or 99.5"),
            );
            return None;
        }
    };
    let decimal = Decimal::parse(&text);
    if decimal.is_none() {
        diags.push(
            Diagnostic::new(
                at.origin.clone(),
                format!("{key} {text} does not fit a RamBase decimal"),
            )
            .help("use at most 18 significant digits and 28 digits after the point"),
        );
    }
    decimal
}

/// Compiles a pattern with the regex engine of the generated code; reports why it fails.
fn check_pattern(diags: &mut Diagnostics, p: &Located<String>) -> bool {
    match regex::RegexBuilder::new(&p.value)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
    {
        Ok(_) => true,
        Err(err) => {
            let detail = err.to_string();
            let reason = detail
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid pattern")
                .trim();
            let reason = reason.strip_prefix("error: ").unwrap_or(reason);
            diags.push(
                Diagnostic::new(
                    p.origin.clone(),
                    format!("the pattern does not compile: {reason}"),
                )
                .help(pattern_hint(&p.value, reason)),
            );
            false
        }
    }
}

fn pattern_hint(pattern: &str, reason: &str) -> String {
    if pattern.contains("(?=")
        || pattern.contains("(?!")
        || pattern.contains("(?<=")
        || pattern.contains("(?<!")
    {
        "the generated code uses the `regex` crate, which has no look-around; rewrite the pattern without it".into()
    } else if reason.contains("backreference") {
        "the `regex` crate has no back-references; rewrite the pattern without them".into()
    } else if pattern.contains("\\Z") {
        "`\\Z` is not supported; use `$` (end of text) or `\\z`".into()
    } else if reason.contains("size limit") {
        "the pattern compiles to more than the size limit; use smaller repetition counts".into()
    } else {
        "write the pattern in the syntax of the Rust `regex` crate (see the spec reference)".into()
    }
}

fn bound(
    diags: &mut Diagnostics,
    at: &Located<Value>,
    key: &str,
    is_int: bool,
    scalar: &Ty,
) -> Option<i64> {
    if !is_int {
        misplaced(diags, at, key, "integer, long and decimal fields");
        return None;
    }
    let range = if *scalar == Ty::Integer {
        (i128::from(i32::MIN), i128::from(i32::MAX))
    } else {
        (i128::from(i64::MIN), i128::from(i64::MAX))
    };
    match &at.value {
        Value::Int(i) if *i >= range.0 && *i <= range.1 => i64::try_from(*i).ok(),
        Value::Int(i) => {
            diags.push(
                Diagnostic::new(
                    at.origin.clone(),
                    format!("{key} {i} does not fit the field's type"),
                )
                .help(format!("use a value from {} to {}", range.0, range.1)),
            );
            None
        }
        other => {
            diags.push(
                Diagnostic::new(
                    at.origin.clone(),
                    format!("`{key}` must be an integer, found {}", other.kind()),
                )
                .help("write a whole number without quotes"),
            );
            None
        }
    }
}

fn length(diags: &mut Diagnostics, at: &Located<i128>, key: &str, is_string: bool) -> Option<u64> {
    if !is_string {
        misplaced(diags, at, key, "string fields");
        return None;
    }
    match u64::try_from(at.value) {
        Ok(n) if n <= u64::from(u32::MAX) => Some(n),
        _ => {
            diags.push(
                Diagnostic::new(
                    at.origin.clone(),
                    format!("{key} {} is out of range", at.value),
                )
                .help("use a length from 0 to 4294967295"),
            );
            None
        }
    }
}

/// Types a default like its field and checks it against the field's rules and domain.
pub(super) fn lower_default(
    diags: &mut Diagnostics,
    at: &Located<Value>,
    scalar: &Ty,
    rules: &[Rule],
    domain: &[String],
) -> Option<Literal> {
    let literal = typed_default(diags, at, scalar)?;
    let mut ok = true;
    for rule in rules {
        if let Some(broken) = breaks(rule, &literal) {
            ok = false;
            diags.push(
                Diagnostic::new(
                    at.origin.clone(),
                    format!(
                        "the default {} breaks its own rule: {broken}",
                        show(&literal)
                    ),
                )
                .help("fix the default or the rule; the documentation page shows both"),
            );
        }
    }
    if let Literal::Str(key) = &literal
        && !domain.is_empty()
        && !domain.contains(key)
    {
        ok = false;
        diags.push(
            Diagnostic::new(
                at.origin.clone(),
                format!("the default {key:?} is not one of the domain's documented values"),
            )
            .help(format!(
                "add it to `domain.values` ({}) or fix the default",
                domain.join(", ")
            )),
        );
    }
    ok.then_some(literal)
}

/// What a default should have been and how to write it, for a diagnostic.
type Wrong = (&'static str, &'static str);

fn typed_default(diags: &mut Diagnostics, at: &Located<Value>, scalar: &Ty) -> Option<Literal> {
    let typed = match (scalar, &at.value) {
        (Ty::String, Value::Str(s)) => Ok(Literal::Str(s.clone())),
        (Ty::String, _) => Err(("a string", "quote the value, e.g. default: \"BUSINESS\"")),
        (Ty::Boolean, value) => bool_default(value),
        (Ty::Integer | Ty::Long, value) => int_default(value, scalar),
        (Ty::Decimal, Value::Int(_) | Value::Float(_)) => {
            return decimal_default(diags, at);
        }
        (Ty::Decimal, _) => Err((
            "a finite number",
            "write a number such as 0.5; `.nan` and `.inf` are not values RamBase accepts",
        )),
        (Ty::Date | Ty::DateTime | Ty::Time, _) => {
            diags.push(
                Diagnostic::new(
                    at.origin.clone(),
                    "defaults for date and datetime fields are not supported yet",
                )
                .help("remove the default and describe it in `description`"),
            );
            return None;
        }
        (Ty::Named(_) | Ty::Array(_), _) => {
            diags.push(
                Diagnostic::new(at.origin.clone(), "only scalar fields can have a default")
                    .help("remove the default"),
            );
            return None;
        }
    };
    typed
        .map_err(|(want, hint)| {
            diags.push(
                Diagnostic::new(
                    at.origin.clone(),
                    format!("the default must be {want}, found {}", describe(&at.value)),
                )
                .help(hint),
            );
        })
        .ok()
}

fn decimal_default(diags: &mut Diagnostics, at: &Located<Value>) -> Option<Literal> {
    if matches!(at.value, Value::Float(f) if !f.is_finite()) {
        diags.push(
            Diagnostic::new(
                at.origin.clone(),
                format!(
                    "the default must be a finite number, found {}",
                    describe(&at.value)
                ),
            )
            .help("write a number such as 0.5; `.nan` and `.inf` are not values RamBase accepts"),
        );
        return None;
    }
    decimal_value(diags, at, "the default").map(Literal::Decimal)
}

fn bool_default(value: &Value) -> Result<Literal, Wrong> {
    match value {
        Value::Bool(b) => Ok(Literal::Bool(*b)),
        Value::Str(s) if matches!(s.to_ascii_lowercase().as_str(), "no" | "off" | "n") => Err((
            "a boolean",
            "YAML 1.2 booleans are `true` and `false`: write false",
        )),
        Value::Str(s) if matches!(s.to_ascii_lowercase().as_str(), "yes" | "on" | "y") => Err((
            "a boolean",
            "YAML 1.2 booleans are `true` and `false`: write true",
        )),
        _ => Err(("a boolean", "write true or false")),
    }
}

fn int_default(value: &Value, scalar: &Ty) -> Result<Literal, Wrong> {
    match (scalar, value) {
        (Ty::Integer, Value::Int(i)) => {
            i32::try_from(*i)
                .map(|v| Literal::Int(v.into()))
                .map_err(|_| {
                    (
                        "a 32-bit integer",
                        "Integer is 32-bit; use type long for larger values",
                    )
                })
        }
        (_, Value::Int(i)) => i64::try_from(*i)
            .map(Literal::Int)
            .map_err(|_| ("a 64-bit integer", "the value is out of range for Long")),
        (_, Value::Str(s)) if s.contains('_') => Err((
            "an integer",
            "YAML 1.2 has no digit separators; remove the underscores",
        )),
        _ => Err(("an integer", "write a whole number without quotes")),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Str(s) => format!("the string {:?}", crate::spec::shorten(s)),
        Value::Int(i) => format!("the integer {i}"),
        Value::Float(f) => format!("the number {f}"),
        Value::Bool(b) => format!("the boolean {b}"),
        other => other.kind().to_string(),
    }
}

fn show(literal: &Literal) -> String {
    match literal {
        Literal::Str(s) => format!("{:?}", crate::spec::shorten(s)),
        Literal::Int(i) => i.to_string(),
        Literal::Decimal(d) => d.to_string(),
        Literal::Bool(b) => b.to_string(),
    }
}

/// Which rule a literal breaks, described for a message.
fn breaks(rule: &Rule, literal: &Literal) -> Option<String> {
    match (rule, literal) {
        (Rule::Pattern(p), Literal::Str(s)) => {
            let re = regex::RegexBuilder::new(p)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .ok()?;
            (!re.is_match(s)).then(|| format!("it does not match the pattern `{p}`"))
        }
        (Rule::Minimum(m), Literal::Int(i)) => {
            (i < m).then(|| format!("it is below the minimum {m}"))
        }
        (Rule::Maximum(m), Literal::Int(i)) => {
            (i > m).then(|| format!("it is above the maximum {m}"))
        }
        (Rule::DecimalMinimum(m), Literal::Decimal(d)) => d
            .cmp_exact(m)
            .is_lt()
            .then(|| format!("it is below the minimum {m}")),
        (Rule::DecimalMaximum(m), Literal::Decimal(d)) => d
            .cmp_exact(m)
            .is_gt()
            .then(|| format!("it is above the maximum {m}")),
        (Rule::MinLength(n), Literal::Str(s)) => {
            ((s.chars().count() as u64) < *n).then(|| format!("it is shorter than {n} characters"))
        }
        (Rule::MaxLength(n), Literal::Str(s)) => {
            ((s.chars().count() as u64) > *n).then(|| format!("it is longer than {n} characters"))
        }
        _ => None,
    }
}
