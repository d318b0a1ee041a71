//! A JSON reader that builds the same located node tree as the YAML reader, in one pass over
//! the bytes: RamBase publishes JSON, and a client's document of tens of megabytes is read
//! several times faster this way than through the YAML parser, with the same line and column
//! for every key and value. Duplicate keys are kept, for [`super::reader`] to report.

use crate::yaml::{Key, Node, Value};

/// A syntax problem or a breached limit, at a 1-based line and column.
#[derive(Debug)]
pub(crate) struct JsonError {
    pub line_col: (u32, u32),
    pub message: String,
    /// A limit was breached (the text may be fine).
    pub limit: bool,
}

/// How deeply arrays and objects may nest, and how many keys and values there may be.
pub(crate) struct Limits {
    pub depth: usize,
    pub nodes: usize,
}

/// Parses one JSON value filling the whole text (whitespace around it is allowed).
pub(crate) fn parse(text: &str, limits: &Limits) -> Result<Node, JsonError> {
    let mut r = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        line: 1,
        line_start: 0,
        col_at: 0,
        col: 1,
        nodes: 0,
        limits,
    };
    r.skip_ws();
    let root = r.value(0)?;
    r.skip_ws();
    if r.pos < r.bytes.len() {
        return Err(r.fail("text after the end of the JSON document"));
    }
    Ok(root)
}

struct Reader<'t> {
    bytes: &'t [u8],
    text: &'t str,
    pos: usize,
    line: u32,
    line_start: usize,
    /// A byte offset on the current line whose 1-based character column is `col`: positions
    /// only move forward, so columns are counted once, however long a line is.
    col_at: usize,
    col: u32,
    nodes: usize,
    limits: &'t Limits,
}

impl Reader<'_> {
    /// The line and column of the current position.
    fn here(&mut self) -> (u32, u32) {
        if self.col_at < self.line_start {
            (self.col_at, self.col) = (self.line_start, 1);
        }
        let chars = self.bytes[self.col_at..self.pos]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        self.col = self
            .col
            .saturating_add(u32::try_from(chars).unwrap_or(u32::MAX));
        self.col_at = self.pos;
        (self.line, self.col)
    }

    fn fail(&mut self, message: impl Into<String>) -> JsonError {
        JsonError {
            line_col: self.here(),
            message: message.into(),
            limit: false,
        }
    }

    fn limit(&mut self, message: String) -> JsonError {
        JsonError {
            limit: true,
            ..self.fail(message)
        }
    }

    /// Skips whitespace; line breaks appear only here (strings cannot hold raw ones).
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line = self.line.saturating_add(1);
                    self.line_start = self.pos;
                }
                _ => break,
            }
        }
    }

    /// Counts one key or value against the limit.
    fn count(&mut self) -> Result<(), JsonError> {
        self.nodes += 1;
        if self.nodes > self.limits.nodes {
            let message = format!(
                "the document holds more than {} keys and values, the limit",
                self.limits.nodes
            );
            return Err(self.limit(message));
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        let line_col = self.here();
        self.count()?;
        let value = match self.bytes.get(self.pos) {
            Some(b'{') | Some(b'[') if depth >= self.limits.depth => {
                let message = format!(
                    "the collections nest deeper than the limit of {} levels",
                    self.limits.depth
                );
                return Err(self.limit(message));
            }
            Some(b'{') => self.object(depth + 1)?,
            Some(b'[') => self.array(depth + 1)?,
            Some(b'"') => Value::Str(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(_) => return Err(self.fail("expected a JSON value")),
            None => return Err(self.fail("the document ends where a value was expected")),
        };
        Ok(Node { value, line_col })
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.fail("expected a JSON value"))
        }
    }

    /// After an item: `,` (and more) or the closing bracket. True when the collection ended.
    fn next_or_end(&mut self, close: u8) -> Result<bool, JsonError> {
        self.skip_ws();
        match self.bytes.get(self.pos) {
            Some(b',') => {
                self.pos += 1;
                self.skip_ws();
                Ok(false)
            }
            Some(&b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) => Err(self.fail(format!("expected `,` or `{}`", close as char))),
            None => Err(self.fail(format!(
                "the document ends before the `{}` that closes this collection",
                close as char
            ))),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.pos += 1;
        self.skip_ws();
        let mut items = Vec::new();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Seq(items));
        }
        loop {
            items.push(self.value(depth)?);
            if self.next_or_end(b']')? {
                items.shrink_to_fit();
                return Ok(Value::Seq(items));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.pos += 1;
        self.skip_ws();
        let mut entries = Vec::new();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Map(entries));
        }
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {}
                Some(_) => return Err(self.fail("expected a key in double quotes")),
                None => {
                    return Err(
                        self.fail("the document ends before the `}` that closes this object")
                    );
                }
            }
            let line_col = self.here();
            self.count()?;
            let name = self.string()?;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.fail("expected `:` after the key"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            entries.push((Key { name, line_col }, value));
            if self.next_or_end(b'}')? {
                // Growth leaves up to half of a vector unused; a document has a million.
                entries.shrink_to_fit();
                return Ok(Value::Map(entries));
            }
        }
    }

    /// A string at `"`; the text without escapes is copied in one piece.
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        let mut start = self.pos;
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    out.push_str(&self.text[start..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[start..self.pos]);
                    self.pos += 1;
                    self.escape(&mut out)?;
                    start = self.pos;
                }
                Some(&b) if b < 0x20 => {
                    return Err(self.fail("a control character (such as a line break) inside a string must be escaped"));
                }
                Some(_) => self.pos += 1,
                None => return Err(self.fail("the document ends inside a string")),
            }
        }
    }

    /// The escape after a backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let Some(&b) = self.bytes.get(self.pos) else {
            return Err(self.fail("the document ends inside a string"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode()?,
            _ => {
                self.pos -= 2;
                return Err(self.fail("an unknown escape in a string"));
            }
        };
        out.push(c);
        Ok(())
    }

    /// A `\uXXXX` escape (after the `u`), with the second half of a surrogate pair.
    fn unicode(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.bytes[self.pos..].starts_with(b"\\u") {
                return Err(self.fail("a lone UTF-16 surrogate in a `\\u` escape"));
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.fail("a lone UTF-16 surrogate in a `\\u` escape"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.fail("a lone UTF-16 surrogate in a `\\u` escape"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.text.get(self.pos..self.pos + 4);
        match digits.and_then(|d| {
            u32::from_str_radix(d, 16)
                .ok()
                .filter(|_| !d.starts_with('+'))
        }) {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(self.fail("expected four hexadecimal digits after `\\u`")),
        }
    }

    /// A number: an integer when it has no fraction or exponent and fits, else a float.
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.bytes.get(r.pos).is_some_and(u8::is_ascii_digit) {
                r.pos += 1;
            }
            r.pos - from
        };
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_digits = digits(self);
        if int_digits == 0 || (int_digits > 1 && self.bytes[int_start] == b'0') {
            self.pos = start;
            return Err(self.fail("a malformed number"));
        }
        let mut float = false;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            float = true;
            if digits(self) == 0 {
                return Err(self.fail("a malformed number: digits must follow `.`"));
            }
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            float = true;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.fail("a malformed number: digits must follow the exponent"));
            }
        }
        let text = &self.text[start..self.pos];
        if !float && let Ok(i) = text.parse::<i128>() {
            return Ok(Value::Int(i));
        }
        Ok(Value::Float(text.parse().unwrap_or(f64::NAN)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        depth: 8,
        nodes: 1000,
    };

    fn map(node: &Node) -> &[(Key, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn values_keys_and_positions() {
        let text = "{\"a\": [1, -2.5e1, true, null],\n  \"é\": \"x\\n\\u00e9\\ud83d\\ude00\", \"b\": 170141183460469231731687303715884105728}";
        let root = parse(text, &LIMITS).expect("parses");
        let entries = map(&root);
        assert_eq!(root.line_col, (1, 1));
        assert_eq!(entries[0].1.line_col, (1, 7));
        let Value::Seq(items) = &entries[0].1.value else {
            panic!("not a seq")
        };
        assert_eq!(items[0].value, Value::Int(1));
        assert_eq!(items[1].value, Value::Float(-25.0));
        assert_eq!(items[1].line_col, (1, 11));
        assert_eq!(entries[1].0.line_col, (2, 3));
        assert_eq!(entries[1].0.name, "é");
        assert_eq!(entries[1].1.value, Value::Str("x\né😀".into()));
        // Columns count characters: `é` is one.
        assert_eq!(entries[1].1.line_col, (2, 8));
        assert_eq!(entries[2].0.line_col, (2, 33));
        assert!(matches!(entries[2].1.value, Value::Float(_)));
    }

    #[test]
    fn malformed_text_is_located() {
        for (text, at, message) in [
            ("{\"a\": 1,}", (1, 9), "key in double quotes"),
            ("{\"a\" 1}", (1, 6), "`:`"),
            ("[1 2]", (1, 4), "`,` or `]`"),
            ("\n  [01]", (2, 4), "malformed number"),
            ("{\"a\": \"x\ny\"}", (1, 9), "control character"),
            ("[\"\\ud800\"]", (1, 9), "surrogate"),
            ("[\"\\q\"]", (1, 3), "unknown escape"),
            ("[tru]", (1, 2), "expected a JSON value"),
            ("{} x", (1, 4), "after the end"),
            ("[[[[[[[[[[]]]]]]]]]]", (1, 9), "deeper than the limit of 8"),
            ("[\"abc", (1, 6), "ends inside a string"),
        ] {
            let err = parse(text, &LIMITS).expect_err(text);
            assert_eq!(err.line_col, at, "{text}: {}", err.message);
            assert!(err.message.contains(message), "{text}: {}", err.message);
        }
        let many = format!("[{}0]", "0,".repeat(1000));
        let err = parse(&many, &LIMITS).expect_err("too many");
        assert!(
            err.message.contains("more than 1000 keys and values"),
            "{}",
            err.message
        );
    }

    #[test]
    fn duplicate_keys_are_kept_for_the_caller() {
        let root = parse("{\"a\": 1, \"a\": 2}", &LIMITS).expect("parses");
        assert_eq!(map(&root).len(), 2);
    }
}
