//! Bounded text snippets of values and bodies, for error messages.

/// Returns at most `max_chars` characters of `text`, followed by `…` when something was cut.
pub(crate) fn bounded(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let mut out = String::with_capacity(cut + 3);
            out.push_str(&text[..cut]);
            out.push('…');
            out
        }
    }
}

/// A bounded, lossily decoded snippet of a body, with surrounding whitespace trimmed.
pub(crate) fn body_snippet(body: &[u8], max_chars: usize) -> String {
    // Never decode more than a few bytes per kept character: bodies can be megabytes long.
    let window = &body[..body
        .len()
        .min(max_chars.saturating_mul(4).saturating_add(4))];
    let decoded = String::from_utf8_lossy(window);
    let trimmed = decoded.trim();
    let mut snippet = bounded(trimmed, max_chars);
    if window.len() < body.len() && !snippet.ends_with('…') {
        snippet.push('…');
    }
    snippet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_keeps_short_text_and_cuts_long_text_on_char_boundaries() {
        assert_eq!(bounded("abc", 3), "abc");
        assert_eq!(bounded("abcd", 3), "abc…");
        assert_eq!(bounded("æøåæøå", 4), "æøåæ…");
        assert_eq!(bounded("", 0), "");
    }

    #[test]
    fn body_snippet_is_lossy_trimmed_and_bounded() {
        assert_eq!(body_snippet(b"  <html>\n", 100), "<html>");
        assert_eq!(body_snippet(&[b'a', 0xff, b'b'], 100), "a\u{fffd}b");
        let long = vec![b'x'; 10_000];
        let snippet = body_snippet(&long, 10);
        assert_eq!(snippet, format!("{}…", "x".repeat(10)));
    }
}
