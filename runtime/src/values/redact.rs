//! Finds every secret the client knows in any text it may show, in every encoding a server may
//! echo it in, and replaces it with `***`.
//!
//! A secret is matched unit by unit: each of its characters may appear raw, JSON-escaped
//! (`\u002B`, `\/`), percent-encoded (`%2B`, `%2b`), form-encoded (`+` for a space) or as an
//! HTML entity (`&#43;`, `&#x2B;`, `&plus;`), and the encodings may be mixed. Texts are redacted
//! after decoding (a parsed error body's strings) and before they are cut short (snippets), so
//! neither decoding nor cutting can bring a secret back.

use std::borrow::Cow;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};
use zeroize::Zeroizing;

use serde_json::Value;

/// Secrets shorter than this are not searched for: replacing every `a` of a message would make
/// it unreadable, and such a secret is no secret.
const MIN_SECRET_BYTES: usize = 4;
/// A text that ends in the first bytes of a secret (a body cut at a limit) has that start
/// redacted from this many bytes on.
const MIN_PARTIAL_BYTES: usize = 4;
/// Access tokens remembered after they were replaced (a server may echo an old one).
const RECENT_TOKENS: usize = 8;
/// The longest encoding of one byte (`&#x00002B;` and the like are longer, but rare).
const MAX_UNIT_BYTES: usize = 12;

/// The secrets one client knows: its credentials, and its current and recent tokens. Shared by
/// the clones of a client and by its token cache.
#[derive(Debug, Default)]
pub(crate) struct SecretSet {
    lists: Mutex<Lists>,
}

#[derive(Debug, Default)]
struct Lists {
    // Copies of the secrets, wiped when forgotten or dropped.
    pinned: Vec<Zeroizing<String>>,
    recent: Vec<Zeroizing<String>>,
}

impl SecretSet {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Remembers a credential for the client's lifetime.
    pub(crate) fn pin(&self, secret: &str) {
        let mut lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        if !lists.pinned.iter().any(|s| s.as_str() == secret) {
            lists.pinned.push(Zeroizing::new(secret.to_owned()));
        }
    }

    /// Remembers a token; the oldest of more than a few is forgotten.
    pub(crate) fn add_recent(&self, secret: &str) {
        let mut lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        if lists.recent.iter().any(|s| s.as_str() == secret) {
            return;
        }
        if lists.recent.len() >= RECENT_TOKENS {
            lists.recent.remove(0);
        }
        lists.recent.push(Zeroizing::new(secret.to_owned()));
    }

    /// A redactor for the secrets known now.
    pub(crate) fn redactor(&self) -> Redactor {
        let lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        Redactor::new(lists.pinned.iter().chain(&lists.recent).map(|s| s.as_str()))
    }
}

/// Replaces secrets in texts. Build one with [`Redactor::new`] (or from a [`SecretSet`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Redactor {
    secrets: Vec<Zeroizing<Vec<u8>>>,
}

impl Redactor {
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut secrets: Vec<Zeroizing<Vec<u8>>> = secrets
            .into_iter()
            .filter(|s| s.len() >= MIN_SECRET_BYTES)
            .map(|s| Zeroizing::new(s.as_bytes().to_vec()))
            .collect();
        // Longest first, so a secret that contains another is replaced whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Self { secrets }
    }

    /// `text` with every secret replaced by `***`.
    pub(crate) fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.redact_inner(text, false)
    }

    /// Like [`redact`](Self::redact), for a text that was cut short: a secret's start at the very
    /// end is replaced too.
    pub(crate) fn redact_cut<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.redact_inner(text, true)
    }

    fn redact_inner<'a>(&self, text: &'a str, cut: bool) -> Cow<'a, str> {
        let mut current = Cow::Borrowed(text);
        for secret in &self.secrets {
            if let Some(replaced) = replace_all(&current, secret, cut) {
                current = Cow::Owned(replaced);
            }
        }
        current
    }

    /// Redacts every string (and object key) of a parsed body, in place.
    pub(crate) fn redact_value(&self, value: &mut Value) {
        if self.secrets.is_empty() {
            return;
        }
        match value {
            Value::String(text) => {
                if let Cow::Owned(redacted) = self.redact(text) {
                    *text = redacted;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| self.redact_value(item)),
            Value::Object(object) => {
                let entries = std::mem::take(object);
                for (key, mut item) in entries {
                    self.redact_value(&mut item);
                    object.insert(self.redact(&key).into_owned(), item);
                }
            }
            _ => {}
        }
    }

    /// The start of `body` as lossy text, redacted before it is cut to `max_chars` characters.
    pub(crate) fn snippet(&self, body: &[u8], max_chars: usize) -> String {
        let longest = self.secrets.first().map_or(0, |secret| secret.len());
        let window_len = max_chars
            .saturating_mul(4)
            .saturating_add(4)
            .saturating_add(longest.saturating_mul(MAX_UNIT_BYTES));
        let window = &body[..body.len().min(window_len)];
        let text = String::from_utf8_lossy(window);
        // A body may have been cut (size limit, closed connection) in the middle of a secret.
        let redacted = self.redact_cut(&text);
        let mut snippet = crate::values::text::body_snippet(redacted.as_bytes(), max_chars);
        if window.len() < body.len() && !snippet.ends_with('…') {
            snippet.push('…');
        }
        snippet
    }
}

/// `text` with each match of `secret` replaced, or `None` when there is none.
fn replace_all(text: &str, secret: &[u8], cut: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut position = 0;
    while position < bytes.len() {
        if !text.is_char_boundary(position) || !may_start(bytes[position], secret[0]) {
            position += 1;
            continue;
        }
        match match_at(text, position, secret, cut) {
            Some(end) if end > position => {
                let out = out.get_or_insert_with(String::new);
                out.push_str(&text[copied..position]);
                out.push_str("***");
                copied = end;
                position = end;
            }
            _ => position += 1,
        }
    }
    out.map(|mut out| {
        out.push_str(&text[copied..]);
        out
    })
}

/// Whether a unit starting with `byte` may decode to `first`.
fn may_start(byte: u8, first: u8) -> bool {
    // Control characters, quotes and backslashes may be shown escaped by `Debug`.
    byte == first
        || matches!(byte, b'\\' | b'%' | b'&' | b'+' | b'"' | b'\'')
        || byte.is_ascii_control()
        || (first == b'\\' && byte >= 0x80)
}

/// The end of a match of `secret` starting at `start`, if there is one. With `cut`, a match of
/// the secret's start that runs into the end of the text counts too.
fn match_at(text: &str, start: usize, secret: &[u8], cut: bool) -> Option<usize> {
    // Encodings can be ambiguous (`%` raw or `%25`), so follow every way, once per state.
    let mut pending = vec![(start, 0_usize)];
    let mut seen = BTreeSet::new();
    while let Some((position, matched)) = pending.pop() {
        if matched == secret.len() {
            return Some(position);
        }
        if position == text.len() {
            if cut && matched >= MIN_PARTIAL_BYTES.min(secret.len()) {
                return Some(position);
            }
            continue;
        }
        if !seen.insert((position, matched)) {
            continue;
        }
        for (decoded, length) in units(&text[position..]) {
            let decoded = decoded.as_bytes();
            if secret[matched..].starts_with(decoded.as_slice()) {
                pending.push((position + length, matched + decoded.len()));
            }
        }
    }
    None
}

/// What the next unit of `text` may decode to: bytes, and the unit's length in `text`.
enum Decoded {
    Char(char),
    Byte(u8),
    /// How `Debug` shows a character (`\n` for a newline): a secret `\n...` must not reappear
    /// when a decoded newline is printed with `{:?}`.
    Shown(String),
}

impl Decoded {
    fn as_bytes(&self) -> Vec<u8> {
        match self {
            Decoded::Char(c) => c.to_string().into_bytes(),
            Decoded::Byte(b) => vec![*b],
            Decoded::Shown(text) => text.clone().into_bytes(),
        }
    }
}

/// Every reading of the unit at the start of `text`: the raw character, and each escape it may
/// start (JSON, percent, form, HTML).
fn units(text: &str) -> Vec<(Decoded, usize)> {
    let mut found = Vec::with_capacity(2);
    let Some(first) = text.chars().next() else {
        return found;
    };
    found.push((Decoded::Char(first), first.len_utf8()));
    let shown: String = first.escape_debug().collect();
    if shown.len() > first.len_utf8() {
        found.push((Decoded::Shown(shown), first.len_utf8()));
    }
    let escape = match first {
        '\\' => json_escape(text),
        '%' => percent_escape(text).map(|(b, n)| (Decoded::Byte(b), n)),
        '+' => Some((Decoded::Char(' '), 1)),
        '&' => html_entity(text).map(|(c, n)| (Decoded::Char(c), n)),
        _ => None,
    };
    found.extend(escape);
    found
}

fn json_escape(text: &str) -> Option<(Decoded, usize)> {
    let bytes = text.as_bytes();
    let simple = match *bytes.get(1)? {
        b'/' => '/',
        b'\\' => '\\',
        b'"' => '"',
        b'\'' => '\'',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => return unicode_escape(text),
        _ => return None,
    };
    Some((Decoded::Char(simple), 2))
}

/// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`.
fn unicode_escape(text: &str) -> Option<(Decoded, usize)> {
    let high = hex_value(text.get(2..6)?)?;
    if let Some(c) = char::from_u32(high) {
        return Some((Decoded::Char(c), 6));
    }
    let low = text
        .get(6..8)
        .filter(|s| *s == "\\u")
        .and_then(|_| hex_value(text.get(8..12)?))?;
    let combined = 0x10000 + ((high.checked_sub(0xD800)?) << 10) + low.checked_sub(0xDC00)?;
    char::from_u32(combined).map(|c| (Decoded::Char(c), 12))
}

fn percent_escape(text: &str) -> Option<(u8, usize)> {
    let value = hex_value(text.get(1..3)?)?;
    u8::try_from(value).ok().map(|b| (b, 3))
}

fn hex_value(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// `&#43;`, `&#x2B;` (the `;` may be missing) or a named entity such as `&plus;`.
fn html_entity(text: &str) -> Option<(char, usize)> {
    let rest = text.get(1..)?;
    if let Some(number) = rest.strip_prefix('#') {
        let (digits, radix, prefix) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (number, 10, 2),
        };
        let count = digits
            .bytes()
            .take_while(|b| b.is_ascii_digit() || (radix == 16 && b.is_ascii_hexdigit()))
            .count();
        let value = u32::from_str_radix(digits.get(..count).filter(|d| !d.is_empty())?, radix);
        let c = char::from_u32(value.ok()?)?;
        let semicolon = usize::from(digits[count..].starts_with(';'));
        return Some((c, prefix + count + semicolon));
    }
    let end = rest.find(';').filter(|&end| end <= 8)?;
    let c = named_entity(&rest[..end])?;
    Some((c, end + 2))
}

fn named_entity(name: &str) -> Option<char> {
    const NAMES: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("plus", '+'),
        ("sol", '/'),
        ("bsol", '\\'),
        ("equals", '='),
        ("percnt", '%'),
        ("num", '#'),
        ("excl", '!'),
        ("quest", '?'),
        ("period", '.'),
        ("colon", ':'),
        ("semi", ';'),
        ("comma", ','),
        ("lowbar", '_'),
        ("hyphen", '-'),
        ("dash", '-'),
        ("dollar", '$'),
        ("ast", '*'),
        ("lpar", '('),
        ("rpar", ')'),
        ("lsqb", '['),
        ("rsqb", ']'),
        ("lcub", '{'),
        ("rcub", '}'),
        ("verbar", '|'),
        ("Hat", '^'),
        ("grave", '`'),
        ("tilde", '~'),
        ("commat", '@'),
        ("nbsp", '\u{a0}'),
    ];
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "SENTINEL-tok+/=ø x";

    fn redactor() -> Redactor {
        Redactor::new([SECRET, "abc"])
    }

    #[test]
    fn every_encoding_and_mixes_of_them_are_redacted() {
        for echo in [
            "SENTINEL-tok+/=ø x",
            r"SENTINEL-tok\u002B\/=\u00f8 x",
            r"\u0053ENTINEL-tok\u002b\u002F\u003D\u00F8\u0020x",
            "SENTINEL-tok%2B%2F%3D%C3%B8%20x",
            "SENTINEL-tok%2b%2f%3d%c3%b8%20x",
            "SENTINEL-tok%2B%2F%3D%C3%B8+x",
            "SENTINEL-tok&#43;&#x2F;&#61;&#248;&#32;x",
            "SENTINEL-tok&#x2b;&sol;&equals;&#xF8; x",
            "SENTINEL-tok&plus;/=&#248 x",
            "%53ENTINEL-tok\\u002B%2f&#61;ø+x",
        ] {
            let text = format!("before {echo} after");
            assert_eq!(redactor().redact(&text), "before *** after", "{echo}");
        }
    }

    #[test]
    fn a_decoded_character_that_debug_would_escape_into_the_secret_is_redacted() {
        let redactor = Redactor::new(["\\n€åå0 A#0", "q\\\"uote"]);
        assert_eq!(redactor.redact("x \n€åå0 A#0 y"), "x *** y");
        assert_eq!(redactor.redact("x q\"uote y"), "x *** y");
    }

    #[test]
    fn clean_text_is_borrowed_and_short_secrets_are_ignored() {
        assert!(matches!(
            redactor().redact("no secret & 100% + \\ here"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(redactor().redact("abc abc"), Cow::Borrowed(_)));
        assert_eq!(redactor().redact("SENTINEL-tok+/="), "SENTINEL-tok+/=");
    }

    #[test]
    fn a_cut_text_loses_the_start_of_a_secret_at_its_end() {
        assert_eq!(redactor().redact_cut("x SENTINEL-t"), "x ***");
        assert_eq!(redactor().redact_cut("x SEN"), "x SEN");
        assert_eq!(redactor().redact("x SENTINEL-t"), "x SENTINEL-t");
    }

    #[test]
    fn snippets_are_redacted_before_they_are_cut() {
        // The secret straddles the 512th character: cut first, 505 of its bytes would show.
        let mut body = "x".repeat(505);
        body.push_str("SENTINEL-tok%2B%2F%3D%C3%B8%20x and more");
        let snippet = redactor().snippet(body.as_bytes(), 512);
        assert_eq!(snippet, format!("{}*** and…", "x".repeat(505)));
        let cut = format!("{}SENTINEL-tok%2B", "y".repeat(20));
        assert_eq!(
            redactor().snippet(cut.as_bytes(), 512),
            format!("{}***", "y".repeat(20))
        );
        let long = format!(
            "{}SENTINEL-tok+/=ø x{}",
            "y".repeat(600),
            "z".repeat(20_000)
        );
        assert_eq!(
            redactor().snippet(long.as_bytes(), 603),
            format!("{}***…", "y".repeat(600))
        );
    }

    #[test]
    fn parsed_values_are_redacted_in_strings_and_keys() {
        let mut value = serde_json::json!({
            "message": "bad SENTINEL-tok+/=ø x",
            "SENTINEL-tok+/=ø x": [{"value": "SENTINEL-tok%2B%2F%3D%C3%B8+x"}, 1, null],
        });
        redactor().redact_value(&mut value);
        let text = value.to_string();
        assert!(!text.contains("SENTINEL"), "{text}");
        assert_eq!(value["message"], "bad ***");
    }

    #[test]
    fn the_set_keeps_credentials_and_a_few_recent_tokens() {
        let set = SecretSet::new();
        set.pin("PINNED-credential");
        for n in 0..20 {
            set.add_recent(&format!("TOKEN-{n:04}"));
        }
        let redactor = set.redactor();
        assert_eq!(redactor.redact("PINNED-credential"), "***");
        assert_eq!(redactor.redact("TOKEN-0019 TOKEN-0012"), "*** ***");
        assert_eq!(redactor.redact("TOKEN-0000"), "TOKEN-0000");
    }
}
