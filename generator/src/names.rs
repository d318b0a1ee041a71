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
}

impl NameError {
    /// A sentence for a diagnostic.
    pub fn describe(&self) -> String {
        match self {
            NameError::Empty => "has no letters to make a Rust name from".into(),
            NameError::LeadingDigit => "starts with a digit, which a Rust name cannot".into(),
            NameError::NotAscii => "has characters that the generator does not put in Rust names (only ASCII letters, digits and `_`)".into(),
            NameError::TooLong(n) => format!("makes a Rust name of {n} characters, more than the limit of {MAX_NAME_CHARS}"),
        }
    }
}

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

/// Checks an identifier given verbatim in a spec (`rustName`).
pub fn verbatim(name: &str) -> Result<String, NameError> {
    check_chars(name)?;
    Ok(escape_keyword(name.to_string()))
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
    fn json_names_lower_only_the_first_letter() {
        assert_eq!(json_name("VATRegistrationNumber"), "vATRegistrationNumber");
        assert_eq!(json_name("IsDefault"), "isDefault");
        assert_eq!(json_name("EORINumber"), "eORINumber");
    }
}
