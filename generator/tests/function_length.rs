//! No function in `generator/src` or `generator/core/src` is longer than 60 lines.
//!
//! syn finds the functions (free functions, methods of impls and traits, in nested modules),
//! so only real items count, never a `fn` inside a string or a `quote!`. syn is built without
//! `span-locations` (turning it on would rebuild the whole dependency tree of every test
//! build), so its spans carry no lines: each function syn found is located in the source by a
//! small lexer that blanks out comments, strings and character literals, and measured from the
//! line of its `fn` to the line of the brace that closes its body.

use std::path::{Path, PathBuf};

use rambase_testkit::rust_files;

/// The most lines a function may take, from its `fn` line to its closing brace.
const MAX_LINES: usize = 60;

/// A function found in the source: its name, where it starts and ends (byte offsets into the
/// skeleton) and the line of its `fn`.
#[derive(Debug)]
struct Located {
    name: String,
    start: usize,
    end: usize,
    line: usize,
    lines: usize,
}

/// The source with the insides of comments, strings and character literals replaced by
/// spaces (line breaks kept), so that every brace and `fn` left in it is code.
fn skeleton(src: &str) -> Vec<u8> {
    let mut out = src.as_bytes().to_vec();
    let mut i = 0;
    while i < out.len() {
        let end = literal_end(&out, i);
        if end > i {
            for b in &mut out[i..end] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The end of the comment or literal that starts at `i`, or `i` when none does.
fn literal_end(s: &[u8], i: usize) -> usize {
    let at = |k: usize| s.get(k).copied().unwrap_or(0);
    match (at(i), at(i + 1)) {
        (b'/', b'/') => s[i..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(s.len(), |n| i + n),
        (b'/', b'*') => block_comment_end(s, i),
        (b'"', _) => quoted_end(s, i + 1, b'"'),
        (b'r', b'"' | b'#') if i == 0 || !is_ident(s[i - 1]) => raw_string_end(s, i + 1),
        (b'\'', b'\\') => quoted_end(s, i + 1, b'\''),
        (b'\'', _) => char_end(s, i),
        _ => i,
    }
}

fn block_comment_end(s: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i + 1 < s.len() {
        match (s[i], s[i + 1]) {
            (b'/', b'*') => depth += 1,
            (b'*', b'/') => {
                depth -= 1;
                if depth == 0 {
                    return i + 2;
                }
            }
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    s.len()
}

/// The end of a string or escaped character literal whose body starts at `i`.
fn quoted_end(s: &[u8], mut i: usize, quote: u8) -> usize {
    while i < s.len() {
        match s[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    s.len()
}

/// `r"..."`, `r#"..."#`: `i` is just after the `r`. A raw identifier (`r#type`) is not one.
fn raw_string_end(s: &[u8], i: usize) -> usize {
    let hashes = s[i..].iter().take_while(|&&b| b == b'#').count();
    if s.get(i + hashes) != Some(&b'"') {
        return i - 1;
    }
    let mut closing = vec![b'"'];
    closing.extend(std::iter::repeat_n(b'#', hashes));
    let body = i + hashes + 1;
    s[body..]
        .windows(closing.len())
        .position(|w| w == closing.as_slice())
        .map_or(s.len(), |n| body + n + closing.len())
}

/// `'x'` (one character, of any UTF-8 length) is a literal; `'a` is a lifetime or label.
fn char_end(s: &[u8], i: usize) -> usize {
    let width = match s.get(i + 1) {
        Some(b) if *b < 0x80 => 1,
        Some(b) if *b >= 0xf0 => 4,
        Some(b) if *b >= 0xe0 => 3,
        Some(_) => 2,
        None => return i,
    };
    if s.get(i + 1 + width) == Some(&b'\'') {
        i + 2 + width
    } else {
        i
    }
}

/// Every `fn name ... { ... }` of the skeleton, in source order, nested ones included.
fn functions(skel: &[u8]) -> Vec<Located> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(n) = find_word(skel, i, b"fn") {
        i = n + 2;
        if let Some(f) = function_at(skel, n) {
            found.push(f);
        }
    }
    found
}

fn find_word(s: &[u8], from: usize, word: &[u8]) -> Option<usize> {
    (from..s.len().saturating_sub(word.len() - 1)).find(|&k| {
        s[k..].starts_with(word)
            && (k == 0 || !is_ident(s[k - 1]))
            && s.get(k + word.len()).is_none_or(|&b| !is_ident(b))
    })
}

/// The function whose `fn` keyword is at `at`; `None` for `fn(..)` types and bodiless
/// declarations.
fn function_at(s: &[u8], at: usize) -> Option<Located> {
    let mut k = at + 2;
    while s.get(k).is_some_and(u8::is_ascii_whitespace) {
        k += 1;
    }
    let name_start = k;
    if s[k..].starts_with(b"r#") {
        k += 2;
    }
    while s.get(k).copied().is_some_and(is_ident) {
        k += 1;
    }
    if k == name_start {
        return None;
    }
    let name = String::from_utf8_lossy(&s[name_start..k])
        .trim_start_matches("r#")
        .to_string();
    let open = body_start(s, k)?;
    let end = matching_brace(s, open)?;
    let line_of = |pos: usize| s[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
    let line = line_of(at);
    Some(Located {
        name,
        start: at,
        end,
        line,
        lines: line_of(end) - line + 1,
    })
}

/// The `{` that opens the body: the first brace outside parentheses and brackets, unless a
/// `;` ends the declaration first.
fn body_start(s: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &b) in s.iter().enumerate().skip(from) {
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'{' if depth == 0 => return Some(k),
            b';' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

fn matching_brace(s: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &b) in s.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// The names of the functions syn finds, in source order, with the path of modules and types
/// they are in (`tests::a_test`, `Config::generate`).
fn item_functions(items: &[syn::Item], path: &str, out: &mut Vec<(String, String)>) {
    let qualified = |name: &syn::Ident| {
        let name = name.to_string();
        let name = name.trim_start_matches("r#").to_string();
        (format!("{path}{name}"), name)
    };
    for item in items {
        match item {
            syn::Item::Fn(f) => out.push(qualified(&f.sig.ident)),
            syn::Item::Impl(imp) => {
                let owner = type_name(&imp.self_ty);
                for inner in &imp.items {
                    if let syn::ImplItem::Fn(f) = inner {
                        let (_, name) = qualified(&f.sig.ident);
                        out.push((format!("{path}{owner}::{name}"), name));
                    }
                }
            }
            syn::Item::Trait(t) => {
                for inner in &t.items {
                    if let syn::TraitItem::Fn(f) = inner
                        && f.default.is_some()
                    {
                        let (_, name) = qualified(&f.sig.ident);
                        out.push((format!("{path}{}::{name}", t.ident), name));
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    item_functions(inner, &format!("{path}{}::", m.ident), out);
                }
            }
            _ => {}
        }
    }
}

fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map_or_else(|| "impl".into(), |s| s.ident.to_string()),
        _ => "impl".into(),
    }
}

/// Every function of a source file syn finds, with its first line and length. A function syn
/// finds that the lexer cannot place is an error, so nothing goes unmeasured.
fn measure(src: &str) -> Result<Vec<(String, usize, usize)>, String> {
    let file: syn::File = syn::parse_str(src).map_err(|e| format!("does not parse: {e}"))?;
    let mut wanted = Vec::new();
    item_functions(&file.items, "", &mut wanted);
    let located = functions(&skeleton(src));
    let mut cursor = 0;
    let mut measured = Vec::new();
    for (path, name) in wanted {
        let found = located[cursor..]
            .iter()
            .position(|f| f.name == name)
            .ok_or_else(|| format!("cannot find `fn {name}` ({path}) in the source"))?;
        let f = &located[cursor + found];
        measured.push((path, f.line, f.lines));
        // Functions nested in this one's body are not items of their own.
        cursor = located
            .iter()
            .position(|g| g.start > f.end)
            .unwrap_or(located.len());
    }
    Ok(measured)
}

/// The functions of `generator/src` and `generator/core/src` longer than [`MAX_LINES`], in the files `include` keeps.
fn offenders(include: impl Fn(&Path) -> bool) -> Vec<String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The tools crate's sources and the library's (`core/`).
    let roots = [manifest.join("src"), manifest.join("core/src")];
    let files: Vec<PathBuf> = roots
        .iter()
        .flat_map(|src| {
            let include = &include;
            rust_files(src)
                .into_iter()
                .filter(move |p| include(p.strip_prefix(src).unwrap_or(p)))
        })
        .collect();
    assert!(files.len() > 10, "the generator's sources: {files:?}");
    let mut offenders = Vec::new();
    let mut counted = 0;
    for path in &files {
        let shown = path
            .strip_prefix(manifest)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).expect("readable source");
        let functions = measure(&text).unwrap_or_else(|e| panic!("{shown}: {e}"));
        counted += functions.len();
        for (name, line, lines) in functions {
            if lines > MAX_LINES {
                offenders.push(format!("{shown}:{line}: `{name}` has {lines} lines"));
            }
        }
    }
    assert!(counted > 100, "only {counted} functions found");
    offenders
}

fn assert_none(offenders: &[String]) {
    assert!(
        offenders.is_empty(),
        "{} functions are longer than {MAX_LINES} lines; split them:\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}

#[test]
fn no_function_in_generator_src_is_longer_than_60_lines() {
    assert_none(&offenders(|_| true));
}

/// The measurement itself: lengths are exact, and braces, `fn` and quotes inside comments,
/// strings, raw strings and character literals do not count.
#[test]
fn the_measurement_sees_through_literals_and_comments() {
    let src = r####"
/// fn doc() { not a function
pub fn first<'a>(x: &'a str) -> Option<&'a str> {
    let _brace = '{';
    let _quote = '\'';
    let _text = "}} fn fake() {";
    let _raw = r#"} " {"#;
    /* { nested /* } */ } */
    fn inner() {}
    Some(x)
}

mod m {
    pub struct S;
    impl S {
        pub fn method(&self) -> usize {
            let f: fn(u8) -> u8 = |b| b;
            usize::from(f(1))
        }
    }
    pub trait T {
        fn required(&self);
        fn provided(&self) {}
    }
}

fn r#type() {}
"####;
    let measured = measure(src).expect("measured");
    let expected = [
        ("first".to_string(), 3, 9),
        ("m::S::method".to_string(), 16, 4),
        ("m::T::provided".to_string(), 23, 1),
        ("type".to_string(), 27, 1),
    ];
    assert_eq!(measured, expected);
}
