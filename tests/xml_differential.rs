//! `xml::from_xml` (src/xml.rs, our own small parser) against the decoder it replaced: the same
//! rules on quick-xml 0.42, kept here verbatim as the reference. Both must accept the same
//! documents with the same fields, and reject the same ones with the same code, on the v2
//! vectors, every truncation and single-byte change of them, the fuzz corpora with mutations,
//! and generated documents.
//!
//! The documented differences, where ours is stricter in its code only (both reject):
//! - a DOCTYPE that quick-xml cannot finish reading (unterminated, or without a name) is
//!   XML_FORBIDDEN for ours, XML_INVALID for quick-xml: any `<!DOCTYPE` is refused as such;
//! - a processing instruction quick-xml cannot finish reading (unterminated, or `<?>`) is
//!   XML_FORBIDDEN for ours, XML_INVALID for quick-xml: any `<?` other than the XML declaration
//!   is refused as such.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::Rng;
use std::collections::HashSet;
use wechatpay_wasm::{xml, Error};

/// The previous `xml::from_xml`, on quick-xml (reference only).
mod reference {
    use quick_xml::events::Event;
    use quick_xml::Reader;
    use std::collections::HashSet;
    use wechatpay_wasm::Error;

    type Result<T> = std::result::Result<T, Error>;
    pub type Fields = Vec<(String, String)>;
    const MAX_XML_BYTES: usize = 1 << 20;
    const MAX_XML_FIELDS: usize = 1024;

    fn is_xml_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    }

    enum State {
        BeforeRoot,
        InRoot,
        InField { name: String, value: String },
        AfterRoot,
    }

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
            let event = reader.read_event().map_err(|e| Error::XmlInvalid(e.to_string()))?;
            let at_start = std::mem::replace(&mut first, false);
            match (event, &mut state) {
                (Event::Eof, State::AfterRoot) => break,
                (Event::Eof, _) => return Err(Error::XmlInvalid("unexpected end of document".into())),
                (Event::DocType(_), _) => return Err(Error::XmlForbidden("DOCTYPE declarations are not accepted".into())),
                (Event::Decl(_), _) if at_start => {}
                (Event::Decl(_), _) => return Err(Error::XmlInvalid("an XML declaration is only allowed at the very start".into())),
                (Event::Comment(_), _) => {}
                (Event::PI(_), _) => return Err(Error::XmlForbidden("processing instructions are not accepted".into())),
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
                (Event::Start(_) | Event::Empty(_), State::InField { .. }) => return Err(Error::XmlInvalid("nested".into())),
                (Event::Start(_) | Event::Empty(_), State::AfterRoot) => return Err(Error::XmlInvalid("more than one root".into())),
                (Event::GeneralRef(_), _) => return Err(Error::XmlInvalid("entity reference outside a field".into())),
                (Event::Text(_) | Event::CData(_), State::BeforeRoot | State::AfterRoot) => return Err(Error::XmlInvalid("no root".into())),
                (Event::Text(_) | Event::CData(_), State::InRoot) => return Err(Error::XmlInvalid("text in root".into())),
                (Event::End(_), State::BeforeRoot | State::AfterRoot) => return Err(Error::XmlInvalid("unexpected closing tag".into())),
            }
        }
        Ok(fields)
    }

    fn check_element(e: &quick_xml::events::BytesStart<'_>) -> Result<String> {
        let qname = e.name();
        let name = qname.as_ref();
        if !is_xml_name(name) {
            return Err(Error::XmlInvalid("invalid name".into()));
        }
        if !e.attributes_raw().trim_matches([' ', '\t', '\r', '\n']).is_empty() {
            return Err(Error::XmlInvalid("attributes".into()));
        }
        Ok(name.to_owned())
    }

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

    fn push_field(fields: &mut Fields, seen: &mut HashSet<String>, name: String, value: String) -> Result<()> {
        if fields.len() >= MAX_XML_FIELDS {
            return Err(Error::XmlTooManyFields { limit: MAX_XML_FIELDS });
        }
        if !seen.insert(name.clone()) {
            return Err(Error::XmlInvalid(format!("duplicate field <{name}>")));
        }
        fields.push((name, value));
        Ok(())
    }

    fn resolve_reference(r: &quick_xml::events::BytesRef<'_>) -> Result<char> {
        match r.resolve_char_ref() {
            Ok(Some(c)) if is_xml_char(c) => return Ok(c),
            Ok(Some(_)) | Err(_) => return Err(Error::XmlInvalid("character reference".into())),
            Ok(None) => {}
        }
        match r.as_ref() {
            "lt" => Ok('<'),
            "gt" => Ok('>'),
            "amp" => Ok('&'),
            "apos" => Ok('\''),
            "quot" => Ok('"'),
            _ => Err(Error::XmlForbidden("entity".into())),
        }
    }
}

/// Whether quick-xml could not finish reading a DOCTYPE or processing instruction that ours
/// refuses on sight (the documented differences above).
fn documented_difference(ours: &Error, theirs: &Error) -> bool {
    ours.code() == "XML_FORBIDDEN"
        && theirs.code() == "XML_INVALID"
        && (ours.to_string().contains("DOCTYPE") || ours.to_string().contains("processing instructions"))
}

#[derive(Default, Debug)]
struct Tally {
    accepted: usize,
    rejected: usize,
    documented: usize,
    codes: HashSet<&'static str>,
}

fn same(doc: &str, tally: &mut Tally) {
    match (xml::from_xml(doc), reference::from_xml(doc)) {
        (Ok(ours), Ok(theirs)) => {
            assert_eq!(ours, theirs, "different fields for {doc:?}");
            tally.accepted += 1;
        }
        (Err(ours), Err(theirs)) if ours.code() == theirs.code() => {
            // Duplicates: the same field is named (the first one in document order).
            if theirs.to_string().starts_with("duplicate field") {
                assert!(ours.to_string().starts_with("duplicate field"), "{doc:?}: {ours} vs {theirs}");
                let name = |e: &Error| e.to_string().split(['<', '>']).nth(1).map(str::to_owned);
                if theirs.to_string().len() < 60 {
                    assert_eq!(name(&ours), name(&theirs), "{doc:?}");
                }
            }
            tally.codes.insert(ours.code());
            tally.rejected += 1;
        }
        (Err(ours), Err(theirs)) if documented_difference(&ours, &theirs) => tally.documented += 1,
        (ours, theirs) => panic!("{doc:?}:\n  ours:      {ours:?}\n  quick-xml: {theirs:?}"),
    }
}

/// Documents WeChat Pay sends and their edge cases: the v2 vector, a notification with every
/// construct the decoder accepts, a refund `req_info` plaintext.
fn seeds() -> Vec<String> {
    let vectors: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v2-official.json")).unwrap())
            .unwrap();
    let signed = vectors["signed_xml"]["xml"].as_str().unwrap().to_owned();
    vec![
        signed,
        "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<xml>\r\n <!-- n -->\t<return_code><![CDATA[SUCCESS]]></return_code>\
         <a>x&amp;y&#x4E2D;&#25991;&lt;&gt;&apos;&quot;</a><b/><c></c><d>l1\r\nl2\rl3</d><e><![CDATA[p]]>q<!--c-->r</e>\
         <名前>値</名前><x:y a-b.c=\"\"/></xml>\n<!-- end -->\n"
            .to_owned(),
        "<root><out_refund_no><![CDATA[131811191610442717309]]></out_refund_no><refund_fee><![CDATA[1]]></refund_fee>\
         <refund_status><![CDATA[SUCCESS]]></refund_status><a><![CDATA[]]]]><![CDATA[>]]></a></root>"
            .to_owned(),
        "<xml><a>1</a><b>2</b><a>3</a><c>4</c><b>5</b></xml>".to_owned(),
        "<!DOCTYPE xml [<!ENTITY x \"y\">]><xml><a>&x;</a></xml>".to_owned(),
        "<?xml version=\"1.0\"?><?pi x?><xml/>".to_owned(),
    ]
}

/// Bytes a single-byte change puts in: markup, references, whitespace, letters.
const BYTES: &[u8] = b"<>/!?&;#x]-[ \r\n\t=\"'aDC0:.";

#[test]
fn every_truncation_and_single_byte_change_of_the_vectors_decodes_alike() {
    let mut tally = Tally::default();
    for seed in seeds() {
        let bytes = seed.as_bytes();
        for end in 0..=bytes.len() {
            if let Ok(prefix) = std::str::from_utf8(&bytes[..end]) {
                same(prefix, &mut tally);
            }
        }
        for at in 0..bytes.len() {
            let mut changed = bytes.to_vec();
            changed.remove(at);
            if let Ok(doc) = std::str::from_utf8(&changed) {
                same(doc, &mut tally);
            }
            for &b in BYTES {
                for insert in [false, true] {
                    let mut changed = bytes.to_vec();
                    if insert {
                        changed.insert(at, b);
                    } else {
                        changed[at] = b;
                    }
                    if let Ok(doc) = std::str::from_utf8(&changed) {
                        same(doc, &mut tally);
                    }
                }
            }
        }
    }
    // The comparison covered both outcomes and every refusal code the changes can reach.
    eprintln!("{tally:?}");
    assert!(tally.accepted > 1000 && tally.rejected > 10_000, "{} accepted, {} rejected", tally.accepted, tally.rejected);
    for code in ["XML_INVALID", "XML_FORBIDDEN"] {
        assert!(tally.codes.contains(code), "{code} never compared");
    }
}

#[test]
fn the_fuzz_corpora_and_their_mutations_decode_alike() {
    let mut tally = Tally::default();
    let mut rng = Rng(0x5EED_0F_D1FF);
    for dir in ["xml", "v2_notification"] {
        let path = format!("{}/fuzz/corpus/{dir}", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(path).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let doc = String::from_utf8_lossy(&bytes).into_owned();
            same(&doc, &mut tally);
            for _ in 0..20 {
                let pieces = ["<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", "&", ";", "&#", "&amp;", "<?", "?>", "<!DOCTYPE", " ", "\r"];
                same(&common::mutate(&mut rng, &doc, &pieces, 4, 8), &mut tally);
            }
        }
    }
    eprintln!("{tally:?}");
    assert!(tally.accepted > 100 && tally.rejected > 1000, "{} accepted, {} rejected", tally.accepted, tally.rejected);
}

/// A random document from the constructs of WeChat Pay XML and of its attacks.
fn generated(rng: &mut Rng) -> String {
    const NAMES: &[&str] = &["a", "b", "xml", "return_code", "名", "x:y", "a.b-c", "1a", "-a", "a b", "", "root"];
    const TEXT: &[&str] = &[
        "1", " ", "\r\n", "\r", "x y", "中文", "&amp;", "&lt;", "&#65;", "&#x41;", "&#0;", "&#x;", "&#X41;", "&#+1;",
        "&#xD800;", "&#1114112;", "&#99999999999;", "&nbsp;", "&;", "& ;", "&a b;", "&", "]]>", "]]", ">", "<![CDATA[c]]>",
        "<![CDATA[]]>", "<![CDATA[\r\n]]>", "<!--c-->", "<!---->", "<!-- - -->", "<!--->", "<!-- -- -->", "<!-- --->", "<?pi?>",
        "<b/>", "\u{FEFF}",
    ];
    const MARKUP: &[&str] = &[
        "", " ", "\n", "<!--x-->", "<?xml version=\"1.0\"?>", "<?xml?>", "<?xmlfoo?>", "<?>", "<??>", "<!DOCTYPE x>",
        "<!doctype x>", "<!DOCTYPE>", "<!DOCTYPE x [<!ENTITY e \"v\">]>", "<!ELEMENT x>", "<![CDATA[x]]>", "text", "&amp;", "</x>",
        "<x/>", "\u{FEFF}",
    ];
    let pick = |rng: &mut Rng, from: &[&'static str]| from[rng.below(from.len())];
    let mut doc = String::new();
    for _ in 0..rng.below(3) {
        doc.push_str({ let n = if rng.below(2) == 0 { MARKUP.len() } else { 5 }; pick(rng, &MARKUP[..n]) });
    }
    let root = if rng.below(8) == 0 { pick(rng, NAMES) } else { "xml" };
    let root_close = if rng.below(12) == 0 { pick(rng, NAMES) } else { root };
    let tag_space = [" ", "\t", "\r\n", " a=\"1\"", "/", " /", "a", ""];
    doc.push_str(&format!("<{root}{}>", if rng.below(6) == 0 { pick(rng, &tag_space) } else { "" }));
    for _ in 0..rng.below(6) {
        match rng.below(10) {
            0 => doc.push_str({ let n = if rng.below(2) == 0 { MARKUP.len() } else { 4 }; pick(rng, &MARKUP[..n]) }),
            1 => doc.push_str(&format!("<{}/>", pick(rng, NAMES))),
            _ => {
                let name = if rng.below(4) == 0 { pick(rng, NAMES) } else { ["f", "g", "h", "a", "b"][rng.below(5)] };
                let close = if rng.below(16) == 0 { pick(rng, NAMES) } else { name };
                let space = if rng.below(8) == 0 { pick(rng, &tag_space) } else { "" };
                doc.push_str(&format!("<{name}{space}>"));
                for _ in 0..rng.below(4) {
                    // Mostly what WeChat Pay sends, sometimes anything.
                    doc.push_str(if rng.below(3) == 0 { pick(rng, TEXT) } else { pick(rng, &TEXT[..13]) });
                }
                doc.push_str(&format!("</{close}{}>", if rng.below(8) == 0 { " \n" } else { "" }));
            }
        }
    }
    doc.push_str(&format!("</{root_close}>"));
    for _ in 0..rng.below(3) {
        doc.push_str({ let n = if rng.below(2) == 0 { MARKUP.len() } else { 4 }; pick(rng, &MARKUP[..n]) });
    }
    doc
}

#[test]
fn generated_documents_decode_alike() {
    let mut tally = Tally::default();
    let mut rng = Rng(0xD1FF_E2E4);
    for _ in 0..60_000 {
        same(&generated(&mut rng), &mut tally);
    }
    eprintln!("{tally:?}");
    assert!(tally.accepted > 5_000 && tally.rejected > 5_000, "{} accepted, {} rejected", tally.accepted, tally.rejected);
    for code in ["XML_INVALID", "XML_FORBIDDEN"] {
        assert!(tally.codes.contains(code), "{code} never compared");
    }
}

#[test]
fn limits_and_precedence_match() {
    let mut tally = Tally::default();
    let fields = |n: usize| (0..n).map(|i| format!("<f{i}>v</f{i}>")).collect::<String>();
    for doc in [
        format!("<xml>{}</xml>", fields(1024)),
        format!("<xml>{}</xml>", fields(1025)),
        // A duplicate among the first 1024 wins over the count; one as field 1025 does not.
        format!("<xml><f3>x</f3>{}</xml>", fields(1030)),
        format!("<xml>{}<f1>x</f1></xml>", fields(1024)),
        // A duplicate wins over any error after it, and loses to one before it.
        "<xml><a>1</a><a>2</a><b>&nbsp;</b></xml>".to_owned(),
        "<xml><a>1</a><a>2</a><!DOCTYPE x></xml>".to_owned(),
        "<xml><b>&nbsp;</b><a>1</a><a>2</a></xml>".to_owned(),
        "<xml><a>1</a><b>2</b><a>3</a><b>4</b></xml>".to_owned(),
        "<xml><b>1</b><a>2</a><a>3</a><b>4</b></xml>".to_owned(),
        format!("<xml><a>{}</a></xml>", "x".repeat(1 << 20)),
        format!("<xml><a>{}\u{1}</a></xml>", "&nbsp;"),
    ] {
        same(&doc, &mut tally);
    }
    assert_eq!(tally.documented, 0);
    assert!(tally.codes.contains("XML_TOO_MANY_FIELDS") && tally.codes.contains("XML_TOO_LARGE"));
}
