//! Checked values through the public API: every broken rule is reported, reading checks too.

use rambase_runtime::serde_json;
use rambase_runtime::{Checked, Rule, Rules};

enum Phone {}
impl Rules for Phone {
    type Value = String;
    const NAME: &'static str = "PhoneNumber";
    const RULES: &'static [Rule] = &[Rule::Pattern(r"^[0-9 +]*$"), Rule::MaxLength(5)];
}
type PhoneNumber = Checked<Phone>;

#[test]
fn every_broken_rule_is_reported_and_reading_checks() {
    assert_eq!(PhoneNumber::new("+47 1").unwrap().as_str(), "+47 1");
    let err = PhoneNumber::new("abcdef").unwrap_err();
    let rules: Vec<_> = err.iter().map(|v| v.rule().clone()).collect();
    assert_eq!(rules, [Rule::Pattern(r"^[0-9 +]*$"), Rule::MaxLength(5)]);
    assert!(serde_json::from_str::<PhoneNumber>("\"abc\"").is_err());
    let read: PhoneNumber = serde_json::from_str("\"123\"").unwrap();
    assert_eq!(serde_json::to_string(&read).unwrap(), "\"123\"");
    assert_eq!(format!("{read} {read:?}"), "123 \"123\"");
}

#[test]
fn integers_out_of_range_name_the_bound() {
    enum Id {}
    impl Rules for Id {
        type Value = i32;
        const NAME: &'static str = "id";
        const RULES: &'static [Rule] = &[];
    }
    let low = Checked::<Id>::new(i64::MIN).unwrap_err();
    assert_eq!(
        low.violations()[0].rule(),
        &Rule::Minimum(i64::from(i32::MIN))
    );
    assert_eq!(Checked::<Id>::new(7_u8).unwrap().get(), 7);
}
