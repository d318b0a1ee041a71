//! Spec prose → `#[doc]` attributes that render as the text and can never become code.
//!
//! Invariant: whatever a description holds, the emitted docs contain no code block (so no
//! doctest), no HTML, no link, no control or bidi character, and every line is a separate
//! string literal escaped by `proc_macro2`.

use proc_macro2::TokenStream;

use crate::ir::{Literal, Rule};
use quote::quote;

/// Doc attributes for a block of lines; blank lines separate paragraphs.
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Spec prose as markdown text: one output line per input line, with markdown syntax
/// escaped so that it renders literally.
pub(crate) fn prose(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.lines().map(|line| escape_line(line.trim())).collect()
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        let at_start = out.is_empty();
        push_escaped(&mut out, c, at_start);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of an `http(s)://` URL at the start of `s`, made only of characters that need no
/// escaping inside an autolink.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    let len = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || "-._~:/?#@!$&'()*+,;=%".contains(c)))
        .unwrap_or(s.len());
    let len = s[..len]
        .trim_end_matches(['.', ',', ')', ';', ':', '\''])
        .len();
    (len > "https://".len()).then_some(len)
}

fn push_escaped(out: &mut String, c: char, line_start: bool) {
    let bidi = crate::names::is_bidi(c);
    if c.is_control() || bidi || c == '\u{FEFF}' {
        out.push_str(&format!("U+{:04X}", u32::from(c)));
    } else if matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|' | '&'
    ) || (line_start && matches!(c, '#' | '-' | '+' | '=' | '0'..='9'))
    {
        out.push('\\');
        out.push(c);
    } else {
        out.push(c);
    }
}

/// Inline code for exact values (patterns, keys): a code span whose fence is longer than any
/// run of backticks inside, so its content renders verbatim.
pub(crate) fn code(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            let bidi = crate::names::is_bidi(c);
            if c.is_control() || bidi || c == '\u{FEFF}' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let longest = clean.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if clean.starts_with('`') || clean.ends_with('`') || clean.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{clean}{pad}{fence}")
}

/// A rule as a sentence for docs.
pub(crate) fn rule_doc(rule: &Rule) -> String {
    match rule {
        Rule::Pattern(p) => format!(
            "Must match the regular expression {} (not implicitly anchored).",
            code(p)
        ),
        Rule::Minimum(m) => format!("Must be at least {m}."),
        Rule::Maximum(m) => format!("Must be at most {m}."),
        Rule::MinLength(n) => format!("Must be at least {n} characters long."),
        Rule::MaxLength(n) => format!("Must be at most {n} characters long."),
        Rule::DecimalMinimum(d) => format!("Must be at least {d}."),
        Rule::DecimalMaximum(d) => format!("Must be at most {d}."),
    }
}

pub(crate) fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Str(s) => s.clone(),
        Literal::Int(i) => i.to_string(),
        Literal::Decimal(d) => d.to_string(),
        Literal::Bool(b) => b.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_cannot_form() {
        let lines = prose("```rust\npanic!()\n```\n    indented\n~~~\n# Title\n");
        assert_eq!(
            lines,
            vec![
                "\\`\\`\\`rust",
                "panic!()",
                "\\`\\`\\`",
                "indented",
                "\\~\\~\\~",
                "\\# Title"
            ]
        );
    }

    #[test]
    fn controls_and_bidi_become_visible() {
        assert_eq!(prose("a\u{202E}b\tc"), vec!["aU+202EbU+0009c"]);
        assert_eq!(prose("a\rb"), vec!["a", "b"]);
    }

    #[test]
    fn urls_become_autolinks() {
        assert_eq!(
            prose("See https://api.rambase.net/x?y=1&z=2."),
            vec!["See <https://api.rambase.net/x?y=1&z=2>."]
        );
    }

    #[test]
    fn code_spans_outgrow_backticks() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("^[0-9]$"), "`^[0-9]$`");
    }
}
