//! Percent-encoding of path segments and query parts, for request URLs and login forms.

/// Percent-encodes `value` for use as one path segment: everything but ASCII letters, digits and
/// `-._~` is encoded, so `/`, `?` and `#` cannot change the URL's structure.
///
/// A value that is `.` or `..` has its dots encoded (`%2E`) too. The URL standard (which reqwest
/// follows) still reads `%2E%2E` as "parent folder", so the client refuses to send a path whose
/// segments such a value would remove ([`CallError::Encode`](crate::CallError::Encode)) rather
/// than send a request to another resource.
pub fn encode_path_segment(value: &str) -> String {
    if matches!(value, "." | "..") {
        return "%2E".repeat(value.len());
    }
    let mut out = String::with_capacity(value.len());
    percent_encode_into(value, &mut out, false);
    out
}

/// Percent-encodes `value` into `out`, keeping unreserved characters (and `$` if `keep_dollar`,
/// for RamBase's `$db`-style parameter names).
pub(crate) fn percent_encode_into(value: &str, out: &mut String, keep_dollar: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in value.as_bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || (keep_dollar && byte == b'$');
        if keep {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding() {
        assert_eq!(encode_path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(encode_path_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_path_segment("ø$"), "%C3%B8%24");
        assert_eq!(encode_path_segment("."), "%2E");
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("..."), "...");
        assert_eq!(encode_path_segment("../x"), "..%2Fx");
        let mut out = String::new();
        percent_encode_into("$db=1&x", &mut out, true);
        assert_eq!(out, "$db%3D1%26x");
    }
}
