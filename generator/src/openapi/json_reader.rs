//! A JSON reader that builds the same located node tree as the YAML reader, in one pass over
//! the bytes: RamBase publishes JSON, and a client's document of tens of megabytes is read
//! several times faster this way than through the YAML parser, with the same line and column
//! for every key and value. Duplicate keys are kept, for [`super::reader`] to report.
//!
//! The component schemas can be left unbuilt: their text is checked and each one's place
//! kept ([`Deferred`]), to be built by [`build`] when an operation that is imported refers to
//! it. A client's document holds thousands of schemas; `--only` uses a few of them.

use std::collections::BTreeMap;

use crate::spec::yaml::{Key, Node, Value};

/// Appends an escaped JSON pointer segment in place.
pub(crate) fn push_segment(ptr: &mut String, segment: &str) {
    ptr.push('/');
    for c in segment.chars() {
        match c {
            '~' => ptr.push_str("~0"),
            '/' => ptr.push_str("~1"),
            c => ptr.push(c),
        }
    }
}

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

/// The tree of a document, and the component schemas left unbuilt.
pub(crate) struct Parsed {
    /// The tree; an unbuilt schema is a null at its place.
    pub root: Node,
    pub deferred: Vec<Deferred>,
    /// Keys written twice inside the unbuilt schemas (the tree's are found by walking it).
    pub twice: Vec<Twice>,
}

/// A key written twice in one object: where the first was, where the second is.
pub(crate) struct Twice {
    pub name: String,
    pub first: (u32, u32),
    pub second: (u32, u32),
    /// The JSON pointer of the key.
    pub pointer: String,
}

/// A component schema (the value of `/components/schemas/<name>`) whose text was checked but
/// not built.
pub(crate) struct Deferred {
    pub name: String,
    at: Mark,
    depth: usize,
}

/// A position in the text with its line and column state.
#[derive(Clone, Copy)]
struct Mark {
    pos: usize,
    line: u32,
    line_start: usize,
    col_at: usize,
    col: u32,
}

/// Where a value sits, as far as deferring schemas is concerned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    Components,
    Schemas,
    Other,
}

/// Parses one JSON value filling the whole text (whitespace around it is allowed); with
/// `defer_schemas`, the component schemas are checked but left unbuilt.
pub(crate) fn parse(text: &str, limits: &Limits, defer_schemas: bool) -> Result<Parsed, JsonError> {
    let start = Mark {
        pos: 0,
        line: 1,
        line_start: 0,
        col_at: 0,
        col: 1,
    };
    let mut r = Reader::new(text, limits, start);
    r.defer = defer_schemas;
    r.skip_ws();
    let root = r.value(0, Place::Root)?;
    r.skip_ws();
    if r.pos < r.bytes.len() {
        return Err(r.fail("text after the end of the JSON document"));
    }
    Ok(Parsed {
        root,
        deferred: r.deferred,
        twice: r.twice,
    })
}

/// The tree of a schema that [`parse`] left unbuilt (its text was checked then).
pub(crate) fn build(text: &str, limits: &Limits, schema: &Deferred) -> Result<Node, JsonError> {
    let mut r = Reader::new(text, limits, schema.at);
    r.value(schema.depth, Place::Other)
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
    defer: bool,
    deferred: Vec<Deferred>,
    twice: Vec<Twice>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str, limits: &'t Limits, at: Mark) -> Self {
        Reader {
            bytes: text.as_bytes(),
            text,
            pos: at.pos,
            line: at.line,
            line_start: at.line_start,
            col_at: at.col_at,
            col: at.col,
            nodes: 0,
            limits,
            defer: false,
            deferred: Vec::new(),
            twice: Vec::new(),
        }
    }

    fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            line: self.line,
            line_start: self.line_start,
            col_at: self.col_at,
            col: self.col,
        }
    }

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

    fn value(&mut self, depth: usize, place: Place) -> Result<Node, JsonError> {
        let line_col = self.here();
        self.count()?;
        self.nest(depth)?;
        let value = match self.bytes.get(self.pos) {
            Some(b'{') => self.object(depth + 1, place)?,
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

    fn nest(&mut self, depth: usize) -> Result<(), JsonError> {
        if depth >= self.limits.depth && matches!(self.bytes.get(self.pos), Some(b'{' | b'[')) {
            let message = format!(
                "the collections nest deeper than the limit of {} levels",
                self.limits.depth
            );
            return Err(self.limit(message));
        }
        Ok(())
    }

    /// Checks a value (syntax, limits, keys written twice) and counts its keys and values
    /// without building it; `ptr` is its JSON pointer.
    fn skip(&mut self, depth: usize, ptr: &mut String) -> Result<(), JsonError> {
        let close = match self.bytes.get(self.pos) {
            Some(b'{') => b'}',
            Some(b'[') => b']',
            _ => return self.value(depth, Place::Other).map(drop),
        };
        self.count()?;
        self.nest(depth)?;
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&close) {
            self.pos += 1;
            return Ok(());
        }
        let mut keys: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for index in 0usize.. {
            let len = ptr.len();
            if close == b'}' {
                let key = self.key()?;
                push_segment(ptr, &key.name);
                match keys.get(&key.name) {
                    Some(&first) => self.twice.push(Twice {
                        pointer: ptr.clone(),
                        first,
                        second: key.line_col,
                        name: key.name,
                    }),
                    None => {
                        keys.insert(key.name, key.line_col);
                    }
                }
            } else {
                push_segment(ptr, &index.to_string());
            }
            self.skip(depth + 1, ptr)?;
            ptr.truncate(len);
            if self.next_or_end(close)? {
                break;
            }
        }
        Ok(())
    }

    /// A key and its `:`.
    fn key(&mut self) -> Result<Key, JsonError> {
        match self.bytes.get(self.pos) {
            Some(b'"') => {}
            Some(_) => return Err(self.fail("expected a key in double quotes")),
            None => {
                return Err(self.fail("the document ends before the `}` that closes this object"));
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
        Ok(Key { name, line_col })
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
            items.push(self.value(depth, Place::Other)?);
            if self.next_or_end(b']')? {
                items.shrink_to_fit();
                return Ok(Value::Seq(items));
            }
        }
    }

    fn object(&mut self, depth: usize, place: Place) -> Result<Value, JsonError> {
        self.pos += 1;
        self.skip_ws();
        let mut entries = Vec::new();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Map(entries));
        }
        loop {
            let key = self.key()?;
            let inner = match (place, key.name.as_str()) {
                (Place::Root, "components") => Place::Components,
                (Place::Components, "schemas") => Place::Schemas,
                _ => Place::Other,
            };
            let value = if place == Place::Schemas && self.defer {
                self.defer_schema(&key.name, depth)?
            } else {
                self.value(depth, inner)?
            };
            entries.push((key, value));
            if self.next_or_end(b'}')? {
                // Growth leaves up to half of a vector unused; a document has a million.
                entries.shrink_to_fit();
                return Ok(Value::Map(entries));
            }
        }
    }

    /// Checks a component schema and keeps its place instead of its tree.
    fn defer_schema(&mut self, name: &str, depth: usize) -> Result<Node, JsonError> {
        let line_col = self.here();
        let at = self.mark();
        let mut ptr = String::from("/components/schemas");
        push_segment(&mut ptr, name);
        self.skip(depth, &mut ptr)?;
        self.deferred.push(Deferred {
            name: name.to_string(),
            at,
            depth,
        });
        Ok(Node {
            value: Value::Null,
            line_col,
        })
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
        let root = parse(text, &LIMITS, false).expect("parses").root;
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
            let err = parse(text, &LIMITS, false).err().expect(text);
            assert_eq!(err.line_col, at, "{text}: {}", err.message);
            assert!(err.message.contains(message), "{text}: {}", err.message);
        }
        let many = format!("[{}0]", "0,".repeat(1000));
        let err = parse(&many, &LIMITS, true).err().expect("too many");
        assert!(
            err.message.contains("more than 1000 keys and values"),
            "{}",
            err.message
        );
    }

    #[test]
    fn deferred_schemas_build_as_they_would_have_been_read() {
        let text = "{\"x\": {\"schemas\": {\"A\": 1}},\n \"components\": {\"schemas\": {\n  \"A\": {\"type\": [\"é\", {\"b\": null}]}, \"B\": 2}}}";
        let whole = parse(text, &LIMITS, false).expect("parses").root;
        let parsed = parse(text, &LIMITS, true).expect("parses");
        let names: Vec<&str> = parsed.deferred.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["A", "B"], "only /components/schemas/* are deferred");
        let schemas = &map(&map(&whole)[1].1)[0].1;
        let placeholders = &map(&map(&parsed.root)[1].1)[0].1;
        for (i, d) in parsed.deferred.iter().enumerate() {
            let built = build(text, &LIMITS, d).expect("builds");
            assert_eq!(built, map(schemas)[i].1);
            assert_eq!(map(placeholders)[i].1.value, Value::Null);
            assert_eq!(map(placeholders)[i].1.line_col, built.line_col);
        }
        let err = parse(
            "{\"components\": {\"schemas\": {\"A\": [1 2]}}}",
            &LIMITS,
            true,
        );
        assert!(err.is_err(), "deferred text is still checked");
    }

    #[test]
    fn duplicate_keys_are_kept_for_the_caller() {
        let root = parse("{\"a\": 1, \"a\": 2}", &LIMITS, false)
            .expect("parses")
            .root;
        assert_eq!(map(&root).len(), 2);
    }
}
