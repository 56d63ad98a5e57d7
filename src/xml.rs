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

/// Largest document [`from_xml`] accepts: 1 MiB. WeChat Pay messages are a few KiB.
pub const MAX_XML_BYTES: usize = 1 << 20;

/// Ordered `(name, value)` pairs, in document order.
pub type Fields = Vec<(String, String)>;

/// `k1{kv}v1{pair}k2{kv}v2…`: the query-string shape of signature strings (`=`/`&`) and the
/// packed field maps the wasm layer passes to JS (`\0`/`\0`).
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
    let mut chars = name.chars();
    let valid_start = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if valid_start && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!("{name:?} is not a valid XML field name")))
    }
}

/// Decodes flat WeChat Pay XML into ordered fields. The root element may have any name
/// (`xml` for messages, `root` inside a decrypted refund `req_info`).
pub fn from_xml(text: &str) -> Result<Fields> {
    if text.len() > MAX_XML_BYTES {
        return Err(Error::XmlTooLarge { size: text.len(), limit: MAX_XML_BYTES });
    }
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = true;

    let mut fields = Fields::new();
    let mut state = State::BeforeRoot;
    loop {
        let event = reader.read_event().map_err(|e| xml_error(&e))?;
        match (event, &mut state) {
            (Event::Eof, State::AfterRoot) => break,
            (Event::Eof, _) => return Err(Error::XmlInvalid("unexpected end of document".into())),
            (Event::DocType(_), _) => {
                return Err(Error::XmlForbidden("DOCTYPE declarations are not accepted".into()))
            }
            (Event::Decl(_) | Event::Comment(_), _) => {}
            (Event::PI(_), _) => {
                return Err(Error::XmlForbidden("processing instructions are not accepted".into()))
            }
            (Event::Start(_), State::BeforeRoot) => state = State::InRoot,
            (Event::Empty(_), State::BeforeRoot) => state = State::AfterRoot,
            (Event::Start(e), State::InRoot) => {
                let name = e.name().as_ref().to_owned();
                state = State::InField { name, value: String::new() };
            }
            (Event::Empty(e), State::InRoot) => {
                let name = e.name().as_ref().to_owned();
                push_field(&mut fields, name, String::new())?;
            }
            (Event::End(_), State::InRoot) => state = State::AfterRoot,
            (Event::End(_), State::InField { name, value }) => {
                let (name, value) = (std::mem::take(name), std::mem::take(value));
                push_field(&mut fields, name, value)?;
                state = State::InRoot;
            }
            (Event::Text(t), State::InField { value, .. }) => value.push_str(&t.xml10_content()),
            (Event::CData(t), State::InField { value, .. }) => value.push_str(&t.xml10_content()),
            (Event::GeneralRef(r), State::InField { value, .. }) => value.push(resolve_reference(&r)?),
            (Event::Text(t), _) if t.as_ref().bytes().all(|b| b.is_ascii_whitespace()) => {}
            (Event::Start(e) | Event::Empty(e), State::InField { name, .. }) => {
                return Err(Error::XmlInvalid(format!(
                    "nested element <{}> inside <{name}>: fields must be flat",
                    e.name().as_ref()
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

fn push_field(fields: &mut Fields, name: String, value: String) -> Result<()> {
    if fields.iter().any(|(k, _)| *k == name) {
        return Err(Error::XmlInvalid(format!("duplicate field <{name}>")));
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
        ];
        for (xml, code) in cases {
            assert_eq!(from_xml(xml).unwrap_err().code(), *code, "{xml}");
        }
        let big = format!("<xml><a>{}</a></xml>", "x".repeat(2 << 20));
        assert_eq!(from_xml(&big).unwrap_err().code(), "XML_TOO_LARGE");
    }

    #[test]
    fn to_xml_refuses_what_xml_cannot_carry() {
        assert_eq!(to_xml(&[("a b", "1")]).unwrap_err().code(), "INVALID_ARGUMENT");
        assert_eq!(to_xml(&[("a", "\u{0}")]).unwrap_err().code(), "INVALID_ARGUMENT");
        assert_eq!(to_xml(&[("1a", "x")]).unwrap_err().code(), "INVALID_ARGUMENT");
    }
}
