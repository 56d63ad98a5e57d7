//! The flat XML of WeChat Pay API v2: `<xml><key><![CDATA[value]]></key>…</xml>`.
//!
//! Decoding is deliberately strict, because this XML arrives from the network (payment
//! notifications): a DOCTYPE, any entity other than the five predefined ones and numeric
//! character references, nested elements, text outside fields, a missing root, duplicate keys or
//! a document over [`MAX_XML_BYTES`] are errors. That closes the XXE / billion-laughs class of bug
//! that hit WeChat Pay's own SDK in 2018.
//!
//! ```
//! use wechatpay_wasm::xml;
//! let fields = vec![("return_code".to_string(), "SUCCESS".to_string())];
//! let text = xml::to_xml(&fields).unwrap();
//! assert_eq!(text, "<xml><return_code><![CDATA[SUCCESS]]></return_code></xml>");
//! assert_eq!(xml::from_xml(&text).unwrap(), fields);
//! ```

use crate::{Error, Result};
use std::borrow::Cow;

/// Largest document [`from_xml`] accepts: 1 MiB. WeChat Pay messages are a few KiB.
///
/// ```
/// let huge = format!("<xml><a>{}</a></xml>", "x".repeat(wechatpay_wasm::xml::MAX_XML_BYTES));
/// assert_eq!(wechatpay_wasm::xml::from_xml(&huge).unwrap_err().code(), "XML_TOO_LARGE");
/// ```
pub const MAX_XML_BYTES: usize = 1 << 20;

/// Ordered `(name, value)` pairs, in document order.
///
/// ```
/// let fields: wechatpay_wasm::xml::Fields = wechatpay_wasm::xml::from_xml("<xml><b>2</b><a>1</a></xml>")?;
/// assert_eq!(fields, [("b".to_owned(), "2".to_owned()), ("a".to_owned(), "1".to_owned())]); // document order
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub type Fields = Vec<(String, String)>;

/// `k1{kv}v1{pair}k2{kv}v2…`: the query-string shape of signature strings (`=`/`&`).
#[doc(hidden)]
pub fn join_pairs<K: AsRef<str>, V: AsRef<str>>(fields: &[(K, V)], kv: char, pair: char) -> String {
    let mut out = String::with_capacity(fields.iter().map(|(k, v)| k.as_ref().len() + v.as_ref().len() + 2).sum());
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(pair);
        }
        out.push_str(k.as_ref());
        out.push(kv);
        out.push_str(v.as_ref());
    }
    out
}

/// Encodes fields as `<xml><k><![CDATA[v]]></k>…</xml>`, in the order given.
///
/// A value containing `]]>` is split over two CDATA sections, and `\r` is written as `&#13;` (XML
/// parsers normalise a raw carriage return away), so every value round-trips through [`from_xml`].
///
/// ```
/// assert_eq!(wechatpay_wasm::xml::to_xml(&[("detail", "a]]>b")])?,
///            "<xml><detail><![CDATA[a]]]]><![CDATA[>b]]></detail></xml>");
/// assert_eq!(wechatpay_wasm::xml::to_xml(&[("bad name", "x")]).unwrap_err().code(), "INVALID_ARGUMENT");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn to_xml<K: AsRef<str>, V: AsRef<str>>(fields: &[(K, V)]) -> Result<String> {
    let size: usize = fields.iter().map(|(k, v)| 2 * k.as_ref().len() + v.as_ref().len() + 17).sum();
    let mut out = String::with_capacity(size + 11);
    out.push_str("<xml>");
    for (name, value) in fields {
        let (name, value) = (name.as_ref(), value.as_ref());
        check_name(name)?;
        if let Some(bad) = value.chars().find(|&c| !is_xml_char(c)) {
            return Err(Error::InvalidArgument(format!(
                "field {name:?} contains U+{:04X}, which XML 1.0 cannot carry",
                u32::from(bad)
            )));
        }
        out.push('<');
        out.push_str(name);
        out.push('>');
        push_cdata(&mut out, value);
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out.push_str("</xml>");
    Ok(out)
}

fn push_cdata(out: &mut String, value: &str) {
    if value.is_empty() {
        return;
    }
    out.push_str("<![CDATA[");
    let mut rest = value;
    while let Some(pos) = rest.find([']', '\r']) {
        let (head, tail) = rest.split_at(pos);
        out.push_str(head);
        if let Some(after) = tail.strip_prefix("]]>") {
            // End the section between "]]" and ">" so the terminator never appears whole.
            out.push_str("]]]]><![CDATA[>");
            rest = after;
        } else if let Some(after) = tail.strip_prefix('\r') {
            out.push_str("]]>&#13;<![CDATA[");
            rest = after;
        } else {
            out.push(']');
            rest = tail.get(1..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out.push_str("]]>");
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

fn check_name(name: &str) -> Result<()> {
    if is_xml_name(name) {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!("{:?} is not a valid XML field name", truncated(name))))
    }
}

/// Most fields [`from_xml`] accepts: 1024. WeChat Pay messages have a few dozen; the cap keeps
/// everything done per field downstream (sorting, signing, diagnosis) small.
///
/// ```
/// let many: String = (0..=wechatpay_wasm::xml::MAX_XML_FIELDS).map(|i| format!("<f{i}>x</f{i}>")).collect();
/// let err = wechatpay_wasm::xml::from_xml(&format!("<xml>{many}</xml>")).unwrap_err();
/// assert_eq!(err.code(), "XML_TOO_MANY_FIELDS");
/// ```
pub const MAX_XML_FIELDS: usize = 1024;

/// Decodes flat WeChat Pay XML into ordered fields. The root element may have any name
/// (`xml` for messages, `root` inside a decrypted refund `req_info`).
///
/// Linear in the document: one pass over it, at most [`MAX_XML_FIELDS`] fields, and one sort of
/// the names for duplicates. Every character XML 1.0 forbids (raw, in CDATA or as a reference),
/// invalid names, attributes, and a declaration anywhere but the start are `XML_INVALID`: what
/// is returned is exactly what a conforming parser would read. A DOCTYPE (even a malformed one)
/// and every processing instruction other than the leading `<?xml …?>` declaration are
/// `XML_FORBIDDEN`.
///
/// ```
/// use wechatpay_wasm::xml::from_xml;
/// let body = "<xml><return_code><![CDATA[SUCCESS]]></return_code><total_fee>1</total_fee></xml>";
/// assert_eq!(from_xml(body)?[1], ("total_fee".to_owned(), "1".to_owned()));
/// let xxe = r#"<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><a>&x;</a></xml>"#;
/// assert_eq!(from_xml(xxe).unwrap_err().code(), "XML_FORBIDDEN");
/// assert_eq!(from_xml("<xml><a>1</a><a>2</a></xml>").unwrap_err().code(), "XML_INVALID"); // duplicate
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn from_xml(text: &str) -> Result<Fields> {
    Ok(parse(text)?.into_iter().map(|(k, v)| (k.to_owned(), v.into_owned())).collect())
}

/// [`from_xml`]'s fields as slices of the document where they can be: a name always, a value
/// when it is a single piece of text or CDATA without a carriage return (most are).
pub(crate) type BorrowedFields<'a> = Vec<(&'a str, Cow<'a, str>)>;

/// [`from_xml`] without copying names and values out of the document.
pub(crate) fn parse(text: &str) -> Result<BorrowedFields<'_>> {
    if text.len() > MAX_XML_BYTES {
        return Err(Error::XmlTooLarge { size: text.len(), limit: MAX_XML_BYTES });
    }
    check_chars(text)?;
    let mut fields = BorrowedFields::new();
    let result = Parser { text, at: 0 }.document(&mut fields);
    // Duplicates are looked for once, after the pass (one sort of the names instead of a hash
    // set). A duplicate wins over an error later in the document, as if caught when it closed.
    check_duplicates(&fields)?;
    result.map(|()| fields)
}

/// The first character XML 1.0 forbids, as `XML_INVALID`: controls other than tab, newline and
/// carriage return, U+FFFE and U+FFFF (a `&str` holds no surrogates).
fn check_chars(text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let bad = match b {
            b'\t' | b'\n' | b'\r' => false,
            0..0x20 => true,
            // EF BF BE / EF BF BF: U+FFFE / U+FFFF (0xEF only ever starts a character).
            0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
            _ => false,
        };
        if bad {
            let c = text.get(i..).and_then(|s| s.chars().next()).unwrap_or_default();
            return Err(Error::XmlInvalid(format!("U+{:04X} is not a character XML 1.0 allows", u32::from(c))));
        }
    }
    Ok(())
}

/// What the tokenizer reads at one position. Everything XML allows in WeChat Pay's shape has a
/// token; the rest (DOCTYPE, processing instructions, malformed markup) is an error there.
enum Token<'a> {
    Eof,
    /// Character data up to the next `<` or `&` (never empty).
    Text(&'a str),
    /// `&…;`: what is between `&` and `;`.
    Ref(&'a str),
    /// `<?xml …?>`.
    Decl,
    /// `<!-- … -->`, already checked.
    Comment,
    /// `<![CDATA[…]]>`: its content.
    CData(&'a str),
    /// `<name …>` or `<name …/>` (`empty`); `attributes` when anything but whitespace follows the name.
    Start { name: &'a str, empty: bool, attributes: bool },
    /// `</name>` (whitespace before `>` trimmed).
    End(&'a str),
}

enum State<'a> {
    BeforeRoot,
    InRoot { root: &'a str },
    InField { root: &'a str, name: &'a str, value: Value<'a> },
    AfterRoot,
}

/// A field's value as it is read: borrowed from the document while it is one piece of it.
type Value<'a> = Cow<'a, str>;

/// Appends character data to `value`, with XML 1.0's end-of-line normalization (`\r\n` and
/// `\r` become `\n`) applied to this piece.
fn push_text<'a>(value: &mut Value<'a>, piece: &'a str) {
    if piece.contains('\r') {
        let out = value.to_mut();
        let mut rest = piece;
        while let Some(cr) = rest.find('\r') {
            out.push_str(rest.get(..cr).unwrap_or_default());
            out.push('\n');
            rest = rest.get(cr + 1..).unwrap_or_default();
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        }
        out.push_str(rest);
    } else if value.is_empty() {
        *value = Cow::Borrowed(piece);
    } else {
        value.to_mut().push_str(piece);
    }
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

const BOM: &str = "\u{FEFF}";

impl<'a> Parser<'a> {
    fn byte(&self, i: usize) -> u8 {
        // NUL cannot occur in a document that passed `check_chars`: it stands for "past the end".
        self.text.as_bytes().get(i).copied().unwrap_or(0)
    }

    fn rest(&self) -> &'a [u8] {
        self.text.as_bytes().get(self.at..).unwrap_or_default()
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or_default()
    }

    /// The position of the first `needle` at or after `from`.
    fn find(&self, from: usize, needle: &[u8]) -> Option<usize> {
        let hay = self.text.as_bytes().get(from..)?;
        let first = *needle.first()?;
        let mut i = 0;
        while let Some(p) = hay.get(i..)?.iter().position(|&b| b == first) {
            if hay.get(i + p..)?.starts_with(needle) {
                return Some(from + i + p);
            }
            i += p + 1;
        }
        None
    }

    fn document(&mut self, fields: &mut BorrowedFields<'a>) -> Result<()> {
        if self.text.starts_with(BOM) {
            self.at = BOM.len();
        }
        let mut state = State::BeforeRoot;
        let mut first = true;
        loop {
            let token = self.next()?;
            let at_start = std::mem::replace(&mut first, false);
            state = match (token, state) {
                (Token::Eof, State::AfterRoot) => return Ok(()),
                (Token::Eof, _) => return Err(Error::XmlInvalid("unexpected end of document".into())),
                (Token::Decl, state) if at_start => state,
                (Token::Decl, _) => {
                    return Err(Error::XmlInvalid("an XML declaration is only allowed at the very start".into()))
                }
                (Token::Comment, state) => state,
                (Token::Start { name, empty, attributes }, State::BeforeRoot) => {
                    check_element(name, attributes)?;
                    if empty { State::AfterRoot } else { State::InRoot { root: name } }
                }
                (Token::Start { name, empty, attributes }, State::InRoot { root }) => {
                    check_element(name, attributes)?;
                    if empty {
                        push_field(fields, name, Cow::Borrowed(""))?;
                        State::InRoot { root }
                    } else {
                        State::InField { root, name, value: Cow::Borrowed("") }
                    }
                }
                (Token::End(end), State::InRoot { root }) if end == root => State::AfterRoot,
                (Token::End(end), State::InField { root, name, value }) if end == name => {
                    push_field(fields, name, value)?;
                    State::InRoot { root }
                }
                (Token::End(end), State::InRoot { root: open } | State::InField { name: open, .. }) => {
                    return Err(Error::XmlInvalid(format!(
                        "</{}> closes <{}>",
                        truncated(end),
                        truncated(open)
                    )))
                }
                (Token::Text(t), State::InField { root, name, mut value }) => {
                    if t.contains("]]>") {
                        return Err(Error::XmlInvalid("\"]]>\" outside a CDATA section".into()));
                    }
                    push_text(&mut value, t);
                    State::InField { root, name, value }
                }
                (Token::CData(t), State::InField { root, name, mut value }) => {
                    push_text(&mut value, t);
                    State::InField { root, name, value }
                }
                (Token::Ref(r), State::InField { root, name, mut value }) => {
                    value.to_mut().push(resolve_reference(r)?);
                    State::InField { root, name, value }
                }
                (Token::Text(t), state) if t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) => state,
                (Token::Start { name: nested, .. }, State::InField { name, .. }) => {
                    return Err(Error::XmlInvalid(format!(
                        "nested element <{}> inside <{}>: fields must be flat",
                        truncated(nested),
                        truncated(name)
                    )))
                }
                (Token::Start { .. }, State::AfterRoot) => {
                    return Err(Error::XmlInvalid("more than one root element".into()))
                }
                (Token::Ref(_), _) => return Err(Error::XmlInvalid("entity reference outside a field".into())),
                (Token::Text(_) | Token::CData(_), State::BeforeRoot | State::AfterRoot) => {
                    return Err(Error::XmlInvalid("no root element".into()))
                }
                (Token::Text(_) | Token::CData(_), State::InRoot { .. }) => {
                    return Err(Error::XmlInvalid("text directly inside the root element".into()))
                }
                (Token::End(_), State::BeforeRoot | State::AfterRoot) => {
                    return Err(Error::XmlInvalid("unexpected closing tag".into()))
                }
            };
        }
    }

    /// Reads the token at `self.at` and moves past it.
    fn next(&mut self) -> Result<Token<'a>> {
        let start = self.at;
        match self.byte(start) {
            0 => Ok(Token::Eof),
            b'<' => self.markup(start),
            b'&' => {
                // Up to `;`; an `&` or `<` first means an unterminated reference.
                let end = self.rest().iter().skip(1).position(|&b| matches!(b, b';' | b'&' | b'<'));
                match end.map(|p| start + 1 + p) {
                    Some(semi) if self.byte(semi) == b';' => {
                        self.at = semi + 1;
                        Ok(Token::Ref(self.slice(start + 1, semi)))
                    }
                    _ => Err(Error::XmlInvalid("unterminated entity or character reference (a raw \"&\"?)".into())),
                }
            }
            _ => {
                let len = self.rest().iter().position(|&b| b == b'<' || b == b'&').unwrap_or(self.rest().len());
                self.at = start + len;
                Ok(Token::Text(self.slice(start, self.at)))
            }
        }
    }

    fn markup(&mut self, start: usize) -> Result<Token<'a>> {
        let rest = self.rest();
        if rest.starts_with(b"<!--") {
            let end = self.find(start + 4, b"-->").ok_or_else(|| unclosed("comment"))?;
            let content = self.slice(start + 4, end);
            if content.contains("--") || content.ends_with('-') {
                return Err(Error::XmlInvalid("\"--\" inside a comment".into()));
            }
            self.at = end + 3;
            Ok(Token::Comment)
        } else if rest.starts_with(b"<![CDATA[") {
            let end = self.find(start + 9, b"]]>").ok_or_else(|| unclosed("CDATA section"))?;
            self.at = end + 3;
            Ok(Token::CData(self.slice(start + 9, end)))
        } else if rest.get(2..9).is_some_and(|d| d.eq_ignore_ascii_case(b"DOCTYPE")) && rest.get(1) == Some(&b'!') {
            Err(Error::XmlForbidden("DOCTYPE declarations are not accepted".into()))
        } else if rest.starts_with(b"<!") {
            Err(Error::XmlInvalid("markup other than a comment or CDATA section after \"<!\"".into()))
        } else if rest.starts_with(b"<?") {
            let decl = rest.starts_with(b"<?xml")
                && (matches!(self.byte(start + 5), b' ' | b'\t' | b'\r' | b'\n') || rest.get(5..7) == Some(&b"?>"[..]));
            if !decl {
                return Err(Error::XmlForbidden("processing instructions are not accepted".into()));
            }
            let end = self.find(start + 5, b"?>").ok_or_else(|| unclosed("XML declaration"))?;
            self.at = end + 2;
            Ok(Token::Decl)
        } else if rest.starts_with(b"</") {
            let end = self.find(start + 2, b">").ok_or_else(|| unclosed("closing tag"))?;
            self.at = end + 1;
            Ok(Token::End(self.slice(start + 2, end).trim_end_matches([' ', '\t', '\r', '\n'])))
        } else {
            let name_len = rest.iter().skip(1).position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'));
            let name_end = start + 1 + name_len.ok_or_else(|| unclosed("tag"))?;
            let mut at = name_end;
            while matches!(self.byte(at), b' ' | b'\t' | b'\r' | b'\n') {
                at += 1;
            }
            let name = self.slice(start + 1, name_end);
            let (empty, attributes) = match (self.byte(at), self.byte(at + 1)) {
                (b'>', _) => (false, false),
                (b'/', b'>') => (true, false),
                (0, _) => return Err(unclosed("tag")),
                // Attributes or other content: an error wherever the element is.
                _ => (false, true),
            };
            self.at = at + if empty { 2 } else { 1 };
            Ok(Token::Start { name, empty, attributes })
        }
    }
}

fn unclosed(what: &str) -> Error {
    Error::XmlInvalid(format!("unclosed {what}"))
}

/// Checks the element's name is an XML 1.0 `Name` and it carries no attributes (WeChat Pay's
/// XML has none, so one is a sign of a different or crafted document).
fn check_element(name: &str, attributes: bool) -> Result<()> {
    if !is_xml_name(name) {
        return Err(Error::XmlInvalid(format!("<{}> is not a valid XML element name", truncated(name))));
    }
    if attributes {
        return Err(Error::XmlInvalid(format!("<{}> has attributes: WeChat Pay XML has none", truncated(name))));
    }
    Ok(())
}

/// XML 1.0 (fifth edition) `Name`: a `NameStartChar` then `NameChar`s.
fn is_xml_name(name: &str) -> bool {
    let start = |c: char| {
        matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
            | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
            | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}'
            | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
    };
    let rest = |c: char| {
        start(c) || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
    };
    let mut chars = name.chars();
    chars.next().is_some_and(start) && chars.all(rest)
}

/// A name quoted in an error: at most 64 characters of it.
fn truncated(s: &str) -> String {
    crate::error::excerpt(s, 64)
}

fn push_field<'a>(fields: &mut BorrowedFields<'a>, name: &'a str, value: Value<'a>) -> Result<()> {
    if fields.len() >= MAX_XML_FIELDS {
        return Err(Error::XmlTooManyFields { limit: MAX_XML_FIELDS });
    }
    fields.push((name, value));
    Ok(())
}

/// `XML_INVALID` naming the first duplicate field in document order (the second occurrence
/// nearest the start), found by sorting the names: O(n log n) comparisons, each bounded by a
/// name's length, so linear in the document up to the log of [`MAX_XML_FIELDS`].
fn check_duplicates(fields: &[(&str, Cow<'_, str>)]) -> Result<()> {
    if fields.len() < 2 {
        return Ok(());
    }
    let mut names: Vec<crate::sort::Pair<'_>> = fields.iter().map(|(n, _)| (n.as_bytes(), n.as_bytes())).collect();
    crate::sort::sort_pairs(&mut names);
    // Names are slices of the one document, so their addresses are their document order, and
    // the sort is stable: in a run of equal names, every one after the first is a duplicate.
    let first_duplicate = names
        .windows(2)
        .filter_map(|w| match w {
            [a, b] if a.0 == b.0 => Some(b.0),
            _ => None,
        })
        .min_by_key(|name| name.as_ptr() as usize);
    match first_duplicate {
        Some(name) => Err(Error::XmlInvalid(format!(
            "duplicate field <{}>",
            truncated(std::str::from_utf8(name).unwrap_or_default())
        ))),
        None => Ok(()),
    }
}

fn resolve_reference(r: &str) -> Result<char> {
    if let Some(number) = r.strip_prefix('#') {
        let c = parse_char_ref(number).ok_or_else(|| Error::XmlInvalid("malformed character reference".into()))?;
        return if is_xml_char(c) {
            Ok(c)
        } else {
            Err(Error::XmlInvalid(format!("character reference to U+{:04X}", u32::from(c))))
        };
    }
    match r {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        other => Err(Error::XmlForbidden(format!(
            "entity &{};: only the five predefined entities and numeric references are accepted",
            truncated(other)
        ))),
    }
}

/// `#x1F600` / `#128512` without the `#`: hex after a lowercase `x` (as XML writes it), else
/// decimal; at least one digit, no sign, a Unicode scalar value other than U+0000.
fn parse_char_ref(number: &str) -> Option<char> {
    let (digits, radix) = match number.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    if digits.is_empty() {
        return None;
    }
    let mut code: u32 = 0;
    for c in digits.chars() {
        code = code.checked_mul(radix)?.checked_add(c.to_digit(radix)?)?;
    }
    char::from_u32(code).filter(|&c| c != '\0')
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Fields {
        v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn decodes_cdata_text_and_references() {
        let xml = "<?xml version=\"1.0\"?>\n<xml>\n <a><![CDATA[x<y]]></a><b>1 &amp; 2 &#x4E2D;&#25991;</b>\
                   <c/><!-- note --><d></d></xml>";
        assert_eq!(from_xml(xml).unwrap(), pairs(&[("a", "x<y"), ("b", "1 & 2 中文"), ("c", ""), ("d", "")]));
    }

    #[test]
    fn round_trips_cdata_terminator_and_carriage_return() {
        let fields = pairs(&[("a", "x]]>y]]]>>"), ("b", "l1\r\nl2\r"), ("c", "]"), ("d", "")]);
        let text = to_xml(&fields).unwrap();
        assert_eq!(from_xml(&text).unwrap(), fields);
    }

    #[test]
    fn rejects_unsafe_and_malformed_documents() {
        let cases: &[(&str, &str)] = &[
            ("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><a>&e;</a></xml>", "XML_FORBIDDEN"),
            ("<xml><a>&nbsp;</a></xml>", "XML_FORBIDDEN"),
            ("<xml><a><b>1</b></a></xml>", "XML_INVALID"),
            ("<xml><a>1</a><a>2</a></xml>", "XML_INVALID"),
            ("", "XML_INVALID"),
            ("just text", "XML_INVALID"),
            ("<xml><a>1</b></xml>", "XML_INVALID"),
            ("<xml><a>1</a></xml><xml/>", "XML_INVALID"),
            ("<xml>loose<a>1</a></xml>", "XML_INVALID"),
            ("<xml><a>&#0;</a></xml>", "XML_INVALID"),
            ("<xml><a>1</a>", "XML_INVALID"),
            ("<?php x ?><xml/>", "XML_FORBIDDEN"),
            // Characters XML 1.0 forbids, raw, in CDATA and as references.
            ("<xml><a>x\u{0}y</a></xml>", "XML_INVALID"),
            ("<xml><a><![CDATA[x\u{0}total_fee\u{0}1]]></a></xml>", "XML_INVALID"),
            ("<xml><a>\u{1}</a></xml>", "XML_INVALID"),
            ("<xml><a>\u{1F}</a></xml>", "XML_INVALID"),
            ("<xml><a>\u{FFFE}</a></xml>", "XML_INVALID"),
            ("<xml><a><![CDATA[\u{FFFF}]]></a></xml>", "XML_INVALID"),
            ("<xml><a>&#1;</a></xml>", "XML_INVALID"),
            ("<xml><a>&#xFFFE;</a></xml>", "XML_INVALID"),
            ("<xml><a>&#xD800;</a></xml>", "XML_INVALID"),
            ("<xml><!-- \u{0} --><a>1</a></xml>", "XML_INVALID"),
            // Not well-formed, or not the flat attribute-free shape.
            ("<></>", "XML_INVALID"),
            ("<xml><></></xml>", "XML_INVALID"),
            ("<1a>x</1a>", "XML_INVALID"),
            ("<xml><1a>x</1a></xml>", "XML_INVALID"),
            ("<xml><-a/></xml>", "XML_INVALID"),
            ("<xml><a b=\"1\">x</a></xml>", "XML_INVALID"),
            ("<xml><a b=\"1\" b=\"2\">x</a></xml>", "XML_INVALID"),
            ("<xml a=\"1\"><b>x</b></xml>", "XML_INVALID"),
            ("<xml><a b=\"1\"/></xml>", "XML_INVALID"),
            ("<xml><a>1</a></xml><?xml version=\"1.0\"?>", "XML_INVALID"),
            ("<xml><?xml version=\"1.0\"?><a>1</a></xml>", "XML_INVALID"),
            (" <?xml version=\"1.0\"?><xml/>", "XML_INVALID"),
            ("<xml><a>x]]>y</a></xml>", "XML_INVALID"),
        ];
        for (xml, code) in cases {
            assert_eq!(from_xml(xml).unwrap_err().code(), *code, "{xml}");
        }
        let big = format!("<xml><a>{}</a></xml>", "x".repeat(2 << 20));
        assert_eq!(from_xml(&big).unwrap_err().code(), "XML_TOO_LARGE");
    }

    #[test]
    fn accepts_xml_names_and_leading_declaration() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><xml><a.b-c_1/><名前>値</名前><x:y>1</x:y></xml>";
        let fields = from_xml(xml).unwrap();
        assert_eq!(fields, pairs(&[("a.b-c_1", ""), ("名前", "値"), ("x:y", "1")]));
        assert_eq!(from_xml(&to_xml(&fields).unwrap()).unwrap(), fields);
    }

    #[test]
    fn field_count_is_capped_for_every_shape() {
        let shapes: [fn(usize) -> String; 4] = [
            |i| format!("<f{i}/>"),
            |i| format!("<f{i}></f{i}>"),
            |i| format!("<f{i}><![CDATA[v]]></f{i}>"),
            |i| format!("<{}{i}>v</{}{i}>", "p".repeat(200), "p".repeat(200)),
        ];
        for shape in shapes {
            let doc = |n: usize| format!("<xml>{}</xml>", (0..n).map(shape).collect::<String>());
            assert_eq!(from_xml(&doc(MAX_XML_FIELDS)).unwrap().len(), MAX_XML_FIELDS);
            let err = from_xml(&doc(MAX_XML_FIELDS + 1)).unwrap_err();
            assert_eq!((err.code(), err.to_string()), ("XML_TOO_MANY_FIELDS", "XML document has more than 1024 fields".to_owned()));
        }
        // The 120,000 empty elements of the issue: refused at field 1025, not scanned quadratically.
        let big = format!("<xml>{}</xml>", (0..120_000).map(|i| format!("<f{i:x}/>")).collect::<String>());
        assert!(big.len() < MAX_XML_BYTES);
        assert_eq!(from_xml(&big).unwrap_err().code(), "XML_TOO_MANY_FIELDS");
    }

    #[test]
    fn errors_quote_at_most_64_characters_of_a_name() {
        let name = "n".repeat(10_000);
        let msg = from_xml(&format!("<xml><{name}/><{name}/></xml>")).unwrap_err().to_string();
        assert!(msg.len() < 200, "{}", msg.len());
    }

    #[test]
    fn to_xml_refuses_what_xml_cannot_carry() {
        assert_eq!(to_xml(&[("a b", "1")]).unwrap_err().code(), "INVALID_ARGUMENT");
        assert_eq!(to_xml(&[("a", "\u{0}")]).unwrap_err().code(), "INVALID_ARGUMENT");
        assert_eq!(to_xml(&[("1a", "x")]).unwrap_err().code(), "INVALID_ARGUMENT");
    }
}
