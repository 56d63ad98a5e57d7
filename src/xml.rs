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
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashSet;

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
/// Linear in the document: one pass of the reader, a set of seen names for duplicates, and at
/// most [`MAX_XML_FIELDS`] fields. Every character XML 1.0 forbids (raw, in CDATA or as a
/// reference), invalid names, attributes, and a declaration anywhere but the start are
/// `XML_INVALID`: what is returned is exactly what a conforming parser would read.
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
    if text.len() > MAX_XML_BYTES {
        return Err(Error::XmlTooLarge { size: text.len(), limit: MAX_XML_BYTES });
    }
    if let Some(bad) = text.chars().find(|&c| !is_xml_char(c)) {
        return Err(Error::XmlInvalid(format!("U+{:04X} is not a character XML 1.0 allows", u32::from(bad))));
    }
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = true;

    let mut fields = Fields::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut state = State::BeforeRoot;
    let mut first = true;
    loop {
        let event = reader.read_event().map_err(|e| xml_error(&e))?;
        let at_start = std::mem::replace(&mut first, false);
        match (event, &mut state) {
            (Event::Eof, State::AfterRoot) => break,
            (Event::Eof, _) => return Err(Error::XmlInvalid("unexpected end of document".into())),
            (Event::DocType(_), _) => {
                return Err(Error::XmlForbidden("DOCTYPE declarations are not accepted".into()))
            }
            (Event::Decl(_), _) if at_start => {}
            (Event::Decl(_), _) => {
                return Err(Error::XmlInvalid("an XML declaration is only allowed at the very start".into()))
            }
            (Event::Comment(_), _) => {}
            (Event::PI(_), _) => {
                return Err(Error::XmlForbidden("processing instructions are not accepted".into()))
            }
            (Event::Start(e), State::BeforeRoot) => {
                check_element(&e)?;
                state = State::InRoot;
            }
            (Event::Empty(e), State::BeforeRoot) => {
                check_element(&e)?;
                state = State::AfterRoot;
            }
            (Event::Start(e), State::InRoot) => {
                let name = check_element(&e)?;
                state = State::InField { name, value: String::new() };
            }
            (Event::Empty(e), State::InRoot) => {
                let name = check_element(&e)?;
                push_field(&mut fields, &mut seen, name, String::new())?;
            }
            (Event::End(_), State::InRoot) => state = State::AfterRoot,
            (Event::End(_), State::InField { name, value }) => {
                let (name, value) = (std::mem::take(name), std::mem::take(value));
                push_field(&mut fields, &mut seen, name, value)?;
                state = State::InRoot;
            }
            (Event::Text(t), State::InField { value, .. }) => {
                let content = t.xml10_content();
                if content.contains("]]>") {
                    return Err(Error::XmlInvalid("\"]]>\" outside a CDATA section".into()));
                }
                value.push_str(&content);
            }
            (Event::CData(t), State::InField { value, .. }) => value.push_str(&t.xml10_content()),
            (Event::GeneralRef(r), State::InField { value, .. }) => value.push(resolve_reference(&r)?),
            (Event::Text(t), _) if t.as_ref().bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) => {}
            (Event::Start(e) | Event::Empty(e), State::InField { name, .. }) => {
                return Err(Error::XmlInvalid(format!(
                    "nested element <{}> inside <{name}>: fields must be flat",
                    truncated(e.name().as_ref())
                )))
            }
            (Event::Start(_) | Event::Empty(_), State::AfterRoot) => {
                return Err(Error::XmlInvalid("more than one root element".into()))
            }
            (Event::GeneralRef(_), _) => {
                return Err(Error::XmlInvalid("entity reference outside a field".into()))
            }
            (Event::Text(_) | Event::CData(_), State::BeforeRoot | State::AfterRoot) => {
                return Err(Error::XmlInvalid("no root element".into()))
            }
            (Event::Text(_) | Event::CData(_), State::InRoot) => {
                return Err(Error::XmlInvalid("text directly inside the root element".into()))
            }
            (Event::End(_), State::BeforeRoot | State::AfterRoot) => {
                return Err(Error::XmlInvalid("unexpected closing tag".into()))
            }
        }
    }
    Ok(fields)
}

enum State {
    BeforeRoot,
    InRoot,
    InField { name: String, value: String },
    AfterRoot,
}

/// The element's name, if it is an XML 1.0 `Name` and the element carries no attributes
/// (WeChat Pay's XML has none, so one is a sign of a different or crafted document).
fn check_element(e: &quick_xml::events::BytesStart<'_>) -> Result<String> {
    let qname = e.name();
    let name = qname.as_ref();
    if !is_xml_name(name) {
        return Err(Error::XmlInvalid(format!("<{}> is not a valid XML element name", truncated(name))));
    }
    if !e.attributes_raw().trim_matches([' ', '\t', '\r', '\n']).is_empty() {
        return Err(Error::XmlInvalid(format!("<{}> has attributes: WeChat Pay XML has none", truncated(name))));
    }
    Ok(name.to_owned())
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

fn push_field(fields: &mut Fields, seen: &mut HashSet<String>, name: String, value: String) -> Result<()> {
    if fields.len() >= MAX_XML_FIELDS {
        return Err(Error::XmlTooManyFields { limit: MAX_XML_FIELDS });
    }
    if !seen.insert(name.clone()) {
        return Err(Error::XmlInvalid(format!("duplicate field <{}>", truncated(&name))));
    }
    fields.push((name, value));
    Ok(())
}

fn resolve_reference(r: &quick_xml::events::BytesRef<'_>) -> Result<char> {
    match r.resolve_char_ref() {
        Ok(Some(c)) if is_xml_char(c) => return Ok(c),
        Ok(Some(c)) => {
            return Err(Error::XmlInvalid(format!("character reference to U+{:04X}", u32::from(c))))
        }
        Err(_) => return Err(Error::XmlInvalid("malformed character reference".into())),
        Ok(None) => {}
    }
    match r.as_ref() {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        other => Err(Error::XmlForbidden(format!(
            "entity &{other};: only the five predefined entities and numeric references are accepted"
        ))),
    }
}

fn xml_error(e: &quick_xml::Error) -> Error {
    Error::XmlInvalid(e.to_string())
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
