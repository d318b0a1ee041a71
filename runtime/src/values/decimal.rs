//! Decimal text and the decimal bounds of rules, shared by the rules (values) and by reading
//! decimals off the wire.

use rust_decimal::Decimal;

use crate::values::rules::Rule;

/// `text` as a decimal, exactly (`0.5`, `-3`, `1.5E+3`, surrounding whitespace ignored), or
/// `None` if it is not one or does not fit without rounding.
pub(crate) fn parse(text: &str) -> Option<Decimal> {
    let text = text.trim();
    Decimal::from_str_exact(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

/// A rule bound as documented (`"0.5"`); `None` if it does not parse, and the rule is then not
/// checked (the generator writes only bounds that parse).
pub(crate) fn bound(text: &str) -> Option<Decimal> {
    parse(text)
}

/// The rule `rule` broken by `value`, if it bounds decimals: [`Rule::MinimumDecimal`],
/// [`Rule::MaximumDecimal`], and the integer [`Rule::Minimum`] and [`Rule::Maximum`].
pub(crate) fn broken(rule: &Rule, value: Decimal) -> bool {
    match rule {
        Rule::Minimum(min) => value < Decimal::from(*min),
        Rule::Maximum(max) => value > Decimal::from(*max),
        Rule::MinimumDecimal(min) => bound(min).is_some_and(|min| value < min),
        Rule::MaximumDecimal(max) => bound(max).is_some_and(|max| value > max),
        _ => false,
    }
}
