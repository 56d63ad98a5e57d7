//! The rewrites a JSON text goes through between the bytes WeChat Pay or the merchant signed and
//! the bytes handed to the check: whitespace removed or added, escapes changed, line endings,
//! a charset decoded twice. Each is one linear pass that never parses into a tree, so key order
//! and number spelling survive, and malformed input is rewritten as far as it goes (never an
//! error).

/// Calls `f(byte, in_string)` for every byte, tracking JSON string state (escapes included).
fn scan(text: &str, mut f: impl FnMut(usize, u8, bool)) {
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        let inside = in_string;
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        }
        f(i, b, inside || b == b'"');
    }
}

/// `JSON.stringify(JSON.parse(text))` as far as whitespace goes: every space, tab and line break
/// outside strings removed.
pub fn minify(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    scan(text, |_, b, in_string| {
        if in_string || !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            out.push(b);
        }
    });
    // Only ASCII bytes outside strings were dropped, so the rest is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// The layout of a re-serialized document.
#[derive(Clone, Copy)]
pub struct Layout {
    /// Indentation per level; `None` keeps everything on one line.
    pub indent: Option<&'static str>,
    pub comma: &'static str,
    pub colon: &'static str,
}

/// `JSON.stringify(value, null, 2)`.
pub const PRETTY2: Layout = Layout { indent: Some("  "), comma: ",", colon: ": " };
/// Four spaces (Java's and PHP's `JSON_PRETTY_PRINT`, Python's `indent=4`).
pub const PRETTY4: Layout = Layout { indent: Some("    "), comma: ",", colon: ": " };
/// Python's `json.dumps` defaults: one line, `", "` and `": "`.
pub const PYTHON: Layout = Layout { indent: None, comma: ", ", colon: ": " };

/// Lays out `text` (first minified) the way a serializer with `layout` writes it. Empty objects
/// and arrays stay `{}` / `[]`, as `JSON.stringify` writes them.
pub fn layout(text: &str, layout: Layout) -> String {
    let compact = minify(text);
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        if let Some(unit) = layout.indent {
            out.push('\n');
            for _ in 0..depth {
                out.push_str(unit);
            }
        }
    };
    let mut start = 0;
    let mut skip_close = false;
    scan(&compact, |i, b, in_string| {
        if in_string {
            return;
        }
        // Copy the run of bytes since the last structural byte.
        out.push_str(compact.get(start..i).unwrap_or_default());
        start = i + 1;
        match b {
            b'{' | b'[' => {
                let close = if b == b'{' { b'}' } else { b']' };
                out.push(char::from(b));
                if bytes.get(i + 1) == Some(&close) {
                    skip_close = true;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                if skip_close {
                    skip_close = false;
                } else {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push(char::from(b));
            }
            b',' => {
                out.push_str(layout.comma);
                newline(&mut out, depth);
            }
            b':' => out.push_str(layout.colon),
            _ => out.push(char::from(b)),
        }
    });
    out.push_str(compact.get(start..).unwrap_or_default());
    out
}

fn hex4(s: &[u8]) -> Option<u32> {
    if s.len() != 4 {
        return None;
    }
    let text = core::str::from_utf8(s).ok()?;
    u32::from_str_radix(text, 16).ok()
}

/// `\uXXXX` escapes (and surrogate pairs) of printable characters written as the characters,
/// `\/` as `/`: what `JSON.stringify(JSON.parse(text))` does to escapes.
pub fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut i = 0;
    let mut start = 0;
    while let Some(&b) = bytes.get(i) {
        if !in_string {
            in_string = b == b'"';
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = false;
                i += 1;
            }
            b'\\' => {
                let replacement = match bytes.get(i + 1) {
                    Some(b'/') => Some(('/'.to_string(), 2)),
                    Some(b'u') => decode_unicode_escape(bytes, i),
                    _ => None,
                };
                match replacement {
                    Some((s, len)) => {
                        out.push_str(text.get(start..i).unwrap_or_default());
                        out.push_str(&s);
                        i += len;
                        start = i;
                    }
                    None => i += 2,
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out
}

/// The character of `\uXXXX` (or a `\uD8xx\uDCxx` pair) at `i`, when it is one that
/// `JSON.stringify` writes unescaped; with the escape's length.
fn decode_unicode_escape(bytes: &[u8], i: usize) -> Option<(String, usize)> {
    let hi = hex4(bytes.get(i + 2..i + 6)?)?;
    let (code, len) = if (0xD800..0xDC00).contains(&hi) {
        if bytes.get(i + 6..i + 8)? != b"\\u" {
            return None;
        }
        let lo = hex4(bytes.get(i + 8..i + 12)?)?;
        if !(0xDC00..0xE000).contains(&lo) {
            return None;
        }
        (0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00), 12)
    } else {
        (hi, 6)
    };
    // Control characters, quotes and backslashes stay escaped.
    if code < 0x20 || code == 0x22 || code == 0x5C {
        return None;
    }
    char::from_u32(code).map(|c| (c.to_string(), len))
}

/// Non-ASCII characters in strings as `\uXXXX` (lowercase hex, surrogate pairs above U+FFFF)
/// and `/` as `\/`: PHP's `json_encode` without `JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES`.
pub fn escape(text: &str, slashes: bool) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if !in_string {
            in_string = c == '"';
            out.push(c);
            continue;
        }
        if escaped {
            escaped = false;
            out.push(c);
        } else if c == '\\' {
            escaped = true;
            out.push(c);
        } else if c == '"' {
            in_string = false;
            out.push(c);
        } else if c == '/' && slashes {
            out.push_str("\\/");
        } else if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// Every `\r\n` as `\n`.
pub fn lf(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Every lone `\n` as `\r\n`.
pub fn crlf(text: &str) -> String {
    lf(text).replace('\n', "\r\n")
}

/// UTF-8 that was decoded as Latin-1 (each byte one character, `Ã¤` for `ä`) put back; `None`
/// when the text is not such mojibake.
pub fn undo_latin1(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = text.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect();
    String::from_utf8(bytes?).ok()
}

/// The text decoded as Latin-1 after UTF-8 encoding: the mojibake a wrong charset makes.
pub fn as_latin1(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    Some(text.bytes().map(char::from).collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"a":1,"b":[1,{"c":"x, y: {z}"}],"d":{},"e":[]}"#;

    #[test]
    fn minify_keeps_strings() {
        assert_eq!(minify("{ \"a\" :\n [1, \"b c\\\" d\"]\r\n}"), "{\"a\":[1,\"b c\\\" d\"]}");
        assert_eq!(minify("not json { a }"), "notjson{a}");
    }

    #[test]
    fn layouts_match_json_stringify_and_python() {
        // JSON.stringify(JSON.parse(DOC), null, 2), from Node.
        assert_eq!(
            layout(DOC, PRETTY2),
            "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    {\n      \"c\": \"x, y: {z}\"\n    }\n  ],\n  \"d\": {},\n  \"e\": []\n}"
        );
        assert_eq!(layout("[1,2]", PRETTY4), "[\n    1,\n    2\n]");
        // json.dumps(json.loads(DOC)), from Python.
        assert_eq!(layout(DOC, PYTHON), r#"{"a": 1, "b": [1, {"c": "x, y: {z}"}], "d": {}, "e": []}"#);
        assert_eq!(minify(&layout(DOC, PRETTY2)), DOC);
    }

    #[test]
    fn escapes_round_trip() {
        let text = r#"{"s":"支付/成功😀","q":"\"\\"}"#;
        // PHP json_encode($value) with default flags.
        let php = r#"{"s":"\u652f\u4ed8\/\u6210\u529f\ud83d\ude00","q":"\"\\"}"#;
        assert_eq!(escape(text, true), php);
        assert_eq!(unescape(php), text);
        assert_eq!(unescape(r#"{"c":"\u0001\u0022"}"#), r#"{"c":"\u0001\u0022"}"#);
        assert_eq!(unescape(r#"{"bad":"\ud800x\u12"}"#), r#"{"bad":"\ud800x\u12"}"#);
    }

    #[test]
    fn line_endings_and_charset() {
        assert_eq!(crlf("a\nb\r\nc"), "a\r\nb\r\nc");
        assert_eq!(lf("a\r\nb"), "a\nb");
        let moji = as_latin1("支付").unwrap();
        assert_eq!(moji.chars().count(), 6);
        assert_eq!(undo_latin1(&moji).as_deref(), Some("支付"));
        assert_eq!(undo_latin1("支付"), None);
        assert_eq!(undo_latin1("plain"), None);
    }
}
