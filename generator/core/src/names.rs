//! Turning documented names into Rust identifiers and wire names.
//!
//! Invariant: every function here either returns a valid Rust identifier (raw where the
//! name is a keyword) or says why it cannot, so lowering can report it with a hint.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_OK: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The longest identifier the generator makes. Names become file and module names too
/// (`<area>/<operation>/v1.rs`), and file systems stop at 255 bytes per path component.
pub const MAX_NAME_CHARS: usize = 128;

/// Why a name cannot become an identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// Nothing left after casing.
    Empty,
    /// Starts with a digit.
    LeadingDigit,
    /// Holds characters other than ASCII letters, digits and `_`.
    NotAscii,
    /// Longer than [`MAX_NAME_CHARS`] once cased.
    TooLong(usize),
    /// A `rustName` that is a keyword no raw identifier can spell (`self`, `Self`, `super`,
    /// `crate`, `_`).
    Reserved,
    /// A `rustName` of a type or variant that is a variant of the prelude (`None`, `Some`,
    /// `Ok`, `Err`).
    Prelude,
    /// A `rustName` of a field, parameter or method that is not snake_case.
    NotSnake,
    /// A `rustName` of a type or variant that is not UpperCamelCase.
    NotUpperCamel,
    /// A `rustName` of a type or variant in capitals only (`THING`).
    AllCaps,
}

impl NameError {
    /// A sentence for a diagnostic.
    pub fn describe(&self) -> String {
        match self {
            NameError::Empty => "has no letters to make a Rust name from".into(),
            NameError::LeadingDigit => "starts with a digit, which a Rust name cannot".into(),
            NameError::NotAscii => "has characters that the generator does not put in Rust names (only ASCII letters, digits and `_`)".into(),
            NameError::TooLong(n) => format!("makes a Rust name of {n} characters, more than the limit of {MAX_NAME_CHARS}"),
            NameError::Reserved => "is a Rust keyword that no identifier can spell, not even a raw one".into(),
            NameError::Prelude => "is a variant of Rust's prelude (`Option` or `Result`), which a type or variant of that name would shadow".into(),
            NameError::NotSnake => "is not snake_case, which Rust expects of a field, parameter or method name".into(),
            NameError::NotUpperCamel => "is not UpperCamelCase, which Rust expects of a type or variant name".into(),
            NameError::AllCaps => "is all capitals, which clippy (`upper_case_acronyms`) refuses in a type or variant name".into(),
        }
    }

    /// A `help:` line for a `rustName` of `kind` that failed with this error: the name to
    /// write instead when there is an obvious one.
    pub fn rust_name_help(&self, given: &str, kind: NameKind) -> String {
        let suggestion = match (self, kind) {
            (NameError::Reserved, NameKind::Value) => format!("{}_value", given.trim_matches('_'))
                .trim_start_matches('_')
                .to_string(),
            (NameError::Reserved | NameError::Prelude, NameKind::Type) => format!("{given}Value"),
            (_, NameKind::Value) => given.to_snake_case(),
            (_, NameKind::Type) => given.to_upper_camel_case(),
        };
        let what = match kind {
            NameKind::Value => "a snake_case name",
            NameKind::Type => "an UpperCamelCase name",
        };
        // Only a name that passes is worth suggesting (`THE_1` has none in camel case).
        if self::given(&suggestion, kind).is_ok() {
            format!("`rustName` is used as written: give {what}, e.g. `rustName: {suggestion}`")
        } else {
            format!("`rustName` is used as written: give {what} of ASCII letters and digits")
        }
    }
}

/// What a `rustName` names, which decides the case Rust expects of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A field, parameter or method: snake_case.
    Value,
    /// A type or an enum variant: UpperCamelCase.
    Type,
}

/// Keywords that cannot be raw identifiers: `rustName` is used as written, and their escaped
/// form (`self_`) is not what the author wrote.
const RESERVED: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The prelude's variants, which a type or variant of that name would shadow wherever the
/// generated module is glob-imported (only as a type: a snake_case name cannot be one).
const PRELUDE_VARIANTS: &[&str] = &["None", "Some", "Ok", "Err"];

/// A field, argument or module name in snake_case; keywords become raw or get `_`.
pub fn snake(name: &str) -> Result<String, NameError> {
    let cased = name.trim_start_matches('$').to_snake_case();
    check_chars(&cased)?;
    Ok(escape_keyword(cased))
}

/// A type or variant name in PascalCase.
pub fn pascal(name: &str) -> Result<String, NameError> {
    let cased = name.trim_start_matches('$').to_upper_camel_case();
    check_chars(&cased)?;
    Ok(escape_keyword(cased))
}

/// A constant name in SCREAMING_SNAKE_CASE for a domain key, or an error when the key has
/// no usable letters (the key is then reachable through `new` only).
pub fn constant(name: &str) -> Result<String, NameError> {
    let cased = heck::ToShoutySnakeCase::to_shouty_snake_case(name);
    check_chars(&cased)?;
    Ok(escape_keyword(cased))
}

/// Checks an identifier given verbatim in a spec (`operation`).
pub fn verbatim(name: &str) -> Result<String, NameError> {
    check_chars(name)?;
    Ok(escape_keyword(name.to_string()))
}

/// Checks a `rustName`: it is used as written, so it must be an identifier Rust accepts
/// warning-free for what it names, and not one Rust reserves. Keywords that can be raw
/// identifiers stay allowed (`rustName: type` gives `r#type`).
pub fn given(name: &str, kind: NameKind) -> Result<String, NameError> {
    check_chars(name)?;
    match kind {
        NameKind::Value if !is_snake_case(name) => Err(NameError::NotSnake),
        NameKind::Type if !is_upper_camel_case(name) => Err(NameError::NotUpperCamel),
        NameKind::Type if is_all_caps(name) => Err(NameError::AllCaps),
        _ if RESERVED.contains(&name) => Err(NameError::Reserved),
        _ if PRELUDE_VARIANTS.contains(&name) => Err(NameError::Prelude),
        _ => Ok(escape_keyword(name.to_string())),
    }
}

/// Setters (`fn x(mut self, value) -> Self`) that clippy's `should_implement_trait` takes for
/// the method of a binary operator trait, with that trait.
const OPERATOR_METHODS: &[(&str, &str)] = &[
    ("add", "std::ops::Add"),
    ("sub", "std::ops::Sub"),
    ("mul", "std::ops::Mul"),
    ("div", "std::ops::Div"),
    ("rem", "std::ops::Rem"),
    ("shl", "std::ops::Shl"),
    ("shr", "std::ops::Shr"),
    ("bitand", "std::ops::BitAnd"),
    ("bitor", "std::ops::BitOr"),
    ("bitxor", "std::ops::BitXor"),
];

/// The operator trait whose method a setter of this name would be taken for, if any.
pub fn operator_trait(setter: &str) -> Option<&'static str> {
    OPERATOR_METHODS
        .iter()
        .find(|(name, _)| *name == setter)
        .map(|(_, path)| *path)
}

/// rustc's `non_snake_case` rule: no capitals, and no `__` between the outer underscores.
pub fn is_snake_case(ident: &str) -> bool {
    let inner = ident.trim_matches('_');
    !inner.contains("__") && !inner.chars().any(|c| c.is_ascii_uppercase())
}

/// rustc's `non_camel_case_types` rule, tightened where generated names append to it: it
/// starts with a capital, and an underscore sits only between digits (`Foo_Bar` and the
/// `Foo_Builder` that `Foo_` would give are not camel case).
pub fn is_upper_camel_case(ident: &str) -> bool {
    let bytes = ident.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.iter().enumerate().all(|(i, b)| {
            *b != b'_'
                || (i > 0
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        })
}

/// clippy's `upper_case_acronyms` (default settings): capitals only, more than two of them.
/// It lints items that are not exported, as in a crate that includes generated code in a
/// private module.
pub fn is_all_caps(ident: &str) -> bool {
    ident.len() > 2 && ident.bytes().all(|b| b.is_ascii_uppercase())
}

fn check_chars(ident: &str) -> Result<(), NameError> {
    let mut chars = ident.chars();
    match chars.next() {
        None => Err(NameError::Empty),
        Some(c) if c.is_ascii_digit() => Err(NameError::LeadingDigit),
        Some(_) if !ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            Err(NameError::NotAscii)
        }
        Some(_) if ident.len() > MAX_NAME_CHARS => Err(NameError::TooLong(ident.len())),
        Some(_) => Ok(()),
    }
}

fn escape_keyword(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if RAW_OK.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// The identifier without a raw prefix, for building derived names (`r#type` → `type`).
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// RamBase's JSON name: the documented name with only its first character lower-cased
/// (`VATRegistrationNumber` → `vATRegistrationNumber`).
pub fn json_name(documented: &str) -> String {
    let mut chars = documented.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Characters that reorder text when displayed; rustc rejects them in literals and comments.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_escapes() {
        assert_eq!(snake("PhoneNumber").as_deref(), Ok("phone_number"));
        assert_eq!(snake("Type").as_deref(), Ok("r#type"));
        assert_eq!(snake("Self").as_deref(), Ok("self_"));
        assert_eq!(
            snake("$useMinimumVersion").as_deref(),
            Ok("use_minimum_version")
        );
        assert_eq!(pascal("self").as_deref(), Ok("Self_"));
        assert_eq!(snake("1st"), Err(NameError::LeadingDigit));
        assert_eq!(snake("Größe"), Err(NameError::NotAscii));
        assert_eq!(snake("--"), Err(NameError::Empty));
        assert_eq!(snake("foo-bar"), snake("foo_bar"));
        assert_eq!(snake("_").as_deref(), Err(&NameError::Empty));
    }

    #[test]
    fn rust_names_are_checked_for_what_they_name() {
        use NameKind::{Type, Value};
        assert_eq!(given("phone_id", Value).as_deref(), Ok("phone_id"));
        assert_eq!(given("type", Value).as_deref(), Ok("r#type"));
        assert_eq!(given("self_", Value).as_deref(), Ok("self_"));
        assert_eq!(given("_x1", Value).as_deref(), Ok("_x1"));
        assert_eq!(given("PhoneId", Type).as_deref(), Ok("PhoneId"));
        assert_eq!(given("Error1_2", Type).as_deref(), Ok("Error1_2"));
        assert_eq!(given("ID", Type).as_deref(), Ok("ID"));
        assert_eq!(given("FooBar", Value), Err(NameError::NotSnake));
        assert_eq!(given("Ok", Value), Err(NameError::NotSnake));
        assert_eq!(given("a__b", Value), Err(NameError::NotSnake));
        assert_eq!(given("self", Value), Err(NameError::Reserved));
        assert_eq!(given("crate", Value), Err(NameError::Reserved));
        assert_eq!(given("Self", Type), Err(NameError::Reserved));
        assert_eq!(given("None", Type), Err(NameError::Prelude));
        assert_eq!(given("THING", Type), Err(NameError::AllCaps));
        assert_eq!(given("Foo_Bar", Type), Err(NameError::NotUpperCamel));
        assert_eq!(given("Foo_", Type), Err(NameError::NotUpperCamel));
        assert_eq!(given("thing", Type), Err(NameError::NotUpperCamel));
        assert_eq!(given("1x", Type), Err(NameError::LeadingDigit));
    }

    #[test]
    fn rust_name_hints_suggest_a_name_in_the_right_case() {
        let help = |name, kind| given(name, kind).unwrap_err().rust_name_help(name, kind);
        assert!(help("FooBar", NameKind::Value).ends_with("`rustName: foo_bar`"));
        assert!(help("THING", NameKind::Type).ends_with("`rustName: Thing`"));
        assert!(help("Self", NameKind::Type).ends_with("`rustName: SelfValue`"));
        assert!(help("None", NameKind::Value).ends_with("`rustName: none`"));
        assert!(help("self", NameKind::Value).ends_with("`rustName: self_value`"));
        assert!(help("_", NameKind::Value).ends_with("`rustName: value`"));
        assert!(help("Größe", NameKind::Value).ends_with("ASCII letters and digits"));
    }

    #[test]
    fn json_names_lower_only_the_first_letter() {
        assert_eq!(json_name("VATRegistrationNumber"), "vATRegistrationNumber");
        assert_eq!(json_name("IsDefault"), "isDefault");
        assert_eq!(json_name("EORINumber"), "eORINumber");
    }
}
