//! The fuzz targets' bodies: one function per boundary that takes outside text, each asserting
//! invariants beyond "no panic". cargo-fuzz runs them under libFuzzer (fuzz_targets/*.rs, nightly);
//! tests/fuzz_corpora.rs compiles this file on stable and replays every committed corpus and
//! regression file through the same functions, so `make test` keeps what fuzzing found.
//!
//! Only the public core API is used (no wasm layer). The keys and messages are the TEST ONLY
//! vectors of tests/vectors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;
use wechatpay_wasm::alipay::{self, SignType as AlipaySignType};
use wechatpay_wasm::keys::{PrivateKey, PublicKey, Verifier};
use wechatpay_wasm::v2::{self, SignType};
use wechatpay_wasm::{json, v3, xml, Error};

/// A target body: one input, panics on a broken invariant.
pub type Target = fn(&[u8]);

/// Every target, by the name of its fuzz_targets/ file and its corpus directory.
pub const TARGETS: &[(&str, Target)] = &[
    ("xml", xml),
    ("v2_notification", v2_notification),
    ("keys_pem", keys_pem),
    ("keys_der", keys_der),
    ("v3_headers", v3_headers),
    ("v3_notification", v3_notification),
    ("alipay_response", alipay_response),
    ("alipay_notification", alipay_notification),
    ("bill", bill),
    ("der_reader", der_reader),
    ("json", json),
];

/// The API key of the official v2 example (tests/vectors/v2-official.json).
pub const V2_KEY: &str = "192006250b4c09247ec02edce69f6a2d";

const V3_EXPECTED: &str = include_str!("../../tests/vectors/v3/expected.json");
const V3_CERT: &str = include_str!("../../tests/vectors/v3/cert.pem");
const ALIPAY_EXPECTED: &str = include_str!("../../tests/vectors/alipay/expected.json");
const ALIPAY_PUBLIC: &str = include_str!("../../tests/vectors/alipay/alipay_public_spki.pem");

/// Libraries hand the core `&str`; invalid UTF-8 becomes U+FFFD as a JS string would.
fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// An error must carry one of `codes` and never quote `secret` (unless the input holds it: an
/// error may quote what the sender wrote).
fn typed(e: &Error, codes: &[&str], secret: &str, input: &str) {
    assert!(codes.contains(&e.code()), "unexpected code {} ({e})", e.code());
    let quoted = !secret.is_empty() && !input.contains(secret) && e.to_string().contains(secret);
    assert!(!quoted, "the secret leaked into {e}");
}

const XML_CODES: &[&str] = &["XML_INVALID", "XML_FORBIDDEN", "XML_TOO_LARGE", "XML_TOO_MANY_FIELDS"];
const V2_CODES: &[&str] = &[
    "XML_INVALID", "XML_FORBIDDEN", "XML_TOO_LARGE", "XML_TOO_MANY_FIELDS", "NOTIFY_RETURN_FAIL", "SIGN_MISSING", "SIGN_MISMATCH",
    "SIGN_TYPE_UNSUPPORTED", "BASE64_INVALID", "DECRYPT_FAILED",
];
const KEY_CODES: &[&str] = &["KEY_INVALID", "KEY_TOO_SMALL"];
const V3_CODES: &[&str] = &[
    "HEADER_INVALID", "SIGNTEST_PROBE", "SERIAL_UNKNOWN", "TIMESTAMP_SKEW", "SIGN_MISMATCH", "JSON_INVALID",
    "BASE64_INVALID", "DECRYPT_FAILED", "KEY_INVALID", "INVALID_ARGUMENT",
];
const ALIPAY_CODES: &[&str] =
    &["JSON_INVALID", "SIGN_MISSING", "SIGN_MISMATCH", "SIGN_TYPE_UNSUPPORTED", "INVALID_ARGUMENT", "ALIPAY_ERROR"];

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// An XML 1.0 `Name` without namespaces' colon games: no markup, space or control characters,
/// and not starting with a digit, `-` or `.`.
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| !c.is_ascii_digit() && !matches!(c, '-' | '.'))
        && name.chars().all(|c| c > ' ' && !matches!(c, '<' | '>' | '&' | '/' | '=' | '"' | '\'' | '!' | '?'))
        && name.chars().all(is_xml_char)
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// What every successful decode must satisfy; `strict` adds XML 1.0's rules for names and
/// characters, which src/xml.rs (our own parser, which replaced quick-xml) enforces: every caller
/// passes `true`.
fn check_decoded(doc: &str, fields: &[(String, String)], strict: bool) {
    let mut names = HashSet::new();
    for (name, value) in fields {
        assert!(names.insert(name.as_str()), "field <{name}> returned twice");
        if strict {
            assert!(is_xml_name(name), "accepted a field name XML forbids: {name:?}");
            assert!(value.chars().all(is_xml_char), "accepted a character XML forbids in <{name}>: {value:?}");
        }
    }
    // Decoding only removes markup: the fields never outgrow the document.
    let size: usize = fields.iter().map(|(k, v)| k.len() + v.len()).sum();
    assert!(size <= doc.len(), "{size} bytes of fields from a {}-byte document", doc.len());
    // What decodes and can be re-encoded decodes again to the same fields.
    if let Ok(again) = xml::to_xml(fields) {
        assert_eq!(xml::from_xml(&again).as_deref(), Ok(fields), "re-encoded as {again:?}");
    }
}

/// `from_xml` on the input, and `to_xml` → `from_xml` on the input read as `name=value` lines.
pub fn xml(data: &[u8]) {
    xml_checked(data, true);
}

/// [`xml`] with the strict checks (XML 1.0 names and characters) chosen by the caller; `false`
/// keeps only what any decoder must satisfy. The XML rewrite is done (src/xml.rs is our own
/// parser), so the strict checks hold: [`xml`] and tests/fuzz_corpora.rs pass `true`.
pub fn xml_checked(data: &[u8], strict: bool) {
    let doc = text(data);
    match xml::from_xml(&doc) {
        Ok(fields) => check_decoded(&doc, &fields, strict),
        Err(e) => typed(&e, XML_CODES, "", ""),
    }
    let fields: Vec<(&str, &str)> = doc.lines().map(|l| l.split_once('=').unwrap_or((l, ""))).collect();
    let unique = fields.iter().map(|(k, _)| k).collect::<HashSet<_>>().len() == fields.len();
    match xml::to_xml(&fields) {
        Ok(encoded) if unique => {
            let back = xml::from_xml(&encoded).unwrap_or_else(|e| panic!("{encoded:?} does not decode: {e}"));
            let back: Vec<(&str, &str)> = back.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            assert_eq!(back, fields);
        }
        Ok(_) => {}
        Err(e) => typed(&e, &["INVALID_ARGUMENT"], "", ""),
    }
}

/// A v2 payment notification, a refund notification, and the input re-signed by us.
pub fn v2_notification(data: &[u8]) {
    let doc = text(data);
    match v2::parse_notification(&doc, V2_KEY) {
        Ok(fields) => {
            // Exactly the decoded fields, and the sign covers all of them.
            assert_eq!(xml::from_xml(&doc).as_ref(), Ok(&fields));
            check_decoded(&doc, &fields, true);
            let sign_type: SignType = field(&fields, "sign_type").filter(|t| !t.is_empty()).unwrap_or("MD5").parse().unwrap();
            let sign = field(&fields, "sign").unwrap();
            assert_eq!(v2::sign(&fields, V2_KEY, sign_type), sign.to_ascii_uppercase());
        }
        Err(e) => typed(&e, V2_CODES, V2_KEY, &doc),
    }
    if let Err(e) = v2::parse_refund_notification(&doc, V2_KEY) {
        typed(&e, V2_CODES, V2_KEY, &doc);
    }
    // req_info is encrypted: encrypt the input ourselves so the inner decoder sees it.
    let req_info = v2::encrypt_refund_info(&doc, V2_KEY).unwrap();
    match (v2::decrypt_refund_notification(&req_info, V2_KEY), xml::from_xml(&doc)) {
        (Ok(inner), Ok(direct)) => assert_eq!(inner, direct),
        (Err(e), Err(direct)) => assert_eq!(e.code(), direct.code()),
        (inner, direct) => panic!("req_info decodes as {inner:?}, the document as {direct:?}"),
    }
    // Re-signed, any decodable field set verifies and comes back unchanged.
    if let Ok(mut fields) = xml::from_xml(&doc) {
        fields.retain(|(k, _)| k != "sign");
        let sign_type = match field(&fields, "sign_type") {
            None | Some("") => SignType::Md5,
            Some(t) => match t.parse() {
                Ok(t) => t,
                Err(_) => return,
            },
        };
        let sign = v2::sign(&fields, V2_KEY, sign_type);
        fields.push(("sign".into(), sign));
        if let Ok(resigned) = xml::to_xml(&fields) {
            match v2::parse_notification(&resigned, V2_KEY) {
                Ok(back) => assert_eq!(back, fields),
                Err(e) => assert_eq!(e.code(), "NOTIFY_RETURN_FAIL", "{resigned:?}: {e}"),
            }
        }
    }
}

fn check_private_key(r: wechatpay_wasm::Result<PrivateKey>) {
    match r {
        Ok(key) => {
            assert!(key.bits() >= 2048);
            let public = key.public_key();
            let signature = key.sign_sha256(b"fuzz").unwrap();
            assert!(public.verify_sha256(b"fuzz", &signature), "a parsed private key signs what its public key rejects");
        }
        Err(e) => typed(&e, KEY_CODES, "", ""),
    }
}

fn check_public_key(r: wechatpay_wasm::Result<PublicKey>) {
    match r {
        Ok(key) => {
            assert!(key.bits() >= 2048);
            // The SubjectPublicKeyInfo it exports imports back to the same key.
            let spki = key.spki_der().unwrap();
            let again = PublicKey::from_pem(&armour("PUBLIC KEY", &spki)).unwrap();
            assert_eq!((again.bits(), again.spki_der().unwrap()), (key.bits(), spki));
        }
        Err(e) => typed(&e, KEY_CODES, "", ""),
    }
}

fn armour(label: &str, der: &[u8]) -> String {
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", STANDARD.encode(der))
}

/// Key text as merchants paste it: PEM for WeChat Pay, PEM or bare base64 for Alipay.
pub fn keys_pem(data: &[u8]) {
    let pem = text(data);
    check_private_key(PrivateKey::from_pem(&pem));
    check_public_key(PublicKey::from_pem(&pem));
    check_private_key(alipay::private_key(&pem));
    check_public_key(alipay::public_key(&pem));
}

const LABELS: &[&str] = &["PRIVATE KEY", "RSA PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE"];

/// DER behind each PEM label (the first byte picks it), and as Alipay's bare base64.
pub fn keys_der(data: &[u8]) {
    let Some((&which, der)) = data.split_first() else { return };
    let pem = armour(LABELS[usize::from(which) % LABELS.len()], der);
    check_private_key(PrivateKey::from_pem(&pem));
    check_public_key(PublicKey::from_pem(&pem));
    let bare = STANDARD.encode(der);
    check_private_key(alipay::private_key(&bare));
    check_public_key(alipay::public_key(&bare));
}

struct V3 {
    verifier: Verifier,
    api_v3_key: String,
    /// `(timestamp, nonce, body)` of the two signed vectors: all that may verify.
    signed: Vec<(String, String, String)>,
    notification_headers: Vec<(String, String)>,
    notification_body: String,
    now: u64,
}

fn v3_vectors() -> &'static V3 {
    static V3: OnceLock<V3> = OnceLock::new();
    V3.get_or_init(|| {
        let e: Value = serde_json::from_str(V3_EXPECTED).unwrap();
        let mut verifier = Verifier::new();
        verifier.add_certificate(PublicKey::from_pem(V3_CERT).unwrap()).unwrap();
        let n = &e["notification"];
        let headers: Vec<(String, String)> =
            n["headers"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect();
        let s = |v: &Value| v.as_str().unwrap().to_owned();
        let r = &e["response"];
        let h = &n["headers"];
        V3 {
            verifier,
            api_v3_key: s(&n["apiV3Key"]),
            signed: vec![
                (s(&r["timestamp"]), s(&r["nonce"]), s(&r["body"])),
                (s(&h["Wechatpay-Timestamp"]), s(&h["Wechatpay-Nonce"]), s(&n["body"])),
            ],
            notification_headers: headers,
            notification_body: s(&n["body"]),
            now: n["now"].as_u64().unwrap(),
        }
    })
}

/// `Wechatpay-*` headers: as JSON (`headers_from_json`) and as the four values plus a body
/// (`timestamp\nnonce\nsignature\nserial\nbody…`).
pub fn v3_headers(data: &[u8]) {
    let v = v3_vectors();
    let input = text(data);
    match v3::headers_from_json(&input) {
        Ok(headers) => {
            let body = "{}";
            match v3::precheck_headers(&headers, body, &v.verifier, v.now, 300) {
                Ok(p) => assert!(p.message().ends_with("\n{}\n")),
                Err(e) => typed(&e, V3_CODES, "", ""),
            }
        }
        Err(e) => typed(&e, &["JSON_INVALID"], "", ""),
    }
    let mut parts = input.splitn(5, '\n');
    let mut next = || parts.next().unwrap_or("");
    let (timestamp, nonce, signature, serial, body) = (next(), next(), next(), next(), next());
    match v3::precheck(&v.verifier, timestamp, nonce, body, signature, serial, v.now, 300) {
        Ok(p) => {
            assert_eq!(p.message(), v3::response_message(timestamp.trim(), nonce.trim(), body));
            assert_eq!(p.key_id(), Verifier::key_id(serial.trim()));
            assert_eq!(p.signature(), STANDARD.decode(signature.trim()).unwrap());
        }
        Err(e) => typed(&e, V3_CODES, "", ""),
    }
    match v3::verify(&v.verifier, timestamp, nonce, body, signature, serial, v.now, 300) {
        // Only the signed vectors may verify, whatever the header spelling.
        Ok(()) => assert!(
            v.signed.iter().any(|(t, n, b)| (t.as_str(), n.as_str(), b.as_str()) == (timestamp.trim(), nonce.trim(), body)),
            "verified an unsigned message"
        ),
        Err(e) => typed(&e, V3_CODES, "", ""),
    }
}

/// A notification body: verified with the vector's headers, decrypted as if verified, read as
/// a `/v3/certificates` response; and the input as an AEAD plaintext round trip.
pub fn v3_notification(data: &[u8]) {
    let v = v3_vectors();
    let body = text(data);
    let key = v.api_v3_key.as_str();
    // Under coverage instrumentation an RSA verification costs ~20 ms: spend it on bodies of
    // about the signed length, the ones a signature bug could let through.
    if body.len().abs_diff(v.notification_body.len()) <= 16 {
        match v3::parse_notification(&v.notification_headers, &body, key, &v.verifier, v.now, 300) {
            Ok(_) => assert_eq!(body, v.notification_body, "a changed body verified"),
            Err(e) => typed(&e, V3_CODES, key, &body),
        }
    }
    match v3::decrypt_notification(&body, key) {
        Ok(n) => {
            // The envelope fields are the body's, as any JSON parser reads them.
            let envelope: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(envelope["id"].as_str(), Some(n.id.as_str()));
            assert_eq!(envelope["event_type"].as_str(), Some(n.event_type.as_str()));
            assert_eq!(envelope["resource"]["original_type"].as_str().unwrap_or(""), n.original_type);
        }
        Err(e) => typed(&e, V3_CODES, key, &body),
    }
    if let Err(e) = v3::decrypt_certificates(&body, key) {
        typed(&e, V3_CODES, key, &body);
    }
    let associated: String = body.chars().take(16).collect();
    if let Ok(ciphertext) = v3::encrypt_resource(&body, "0123456789ab", &associated, key) {
        assert_eq!(v3::decrypt_resource(&ciphertext, "0123456789ab", &associated, key).as_deref(), Ok(&*body));
    }
}

/// Any text through the core's JSON reader (src/json.rs), against serde_json: accepted exactly
/// when serde_json accepts it (but for numbers beyond f64, which the reader keeps as text), read
/// as the same value, written (`Display`) as JSON that reads back the same; and as headers, the
/// pairs serde_json's map gave.
pub fn json(data: &[u8]) {
    let input = text(data);
    let ours = json::parse(&input);
    match (&ours, serde_json::from_str::<Value>(&input)) {
        (Ok(v), Ok(theirs)) => {
            assert!(*v == theirs, "read {v}, serde_json {theirs}");
            assert_eq!(json::parse(&v.to_string()).as_ref(), Ok(v), "Display does not read back");
        }
        (Ok(_), Err(e)) => assert!(e.to_string().starts_with("number out of range"), "accepted what serde_json refuses: {e}"),
        (Err(e), Ok(_)) => panic!("refused what serde_json accepts: {e}"),
        (Err(e), Err(_)) => typed(e, &["JSON_INVALID"], "", ""),
    }
    match v3::headers_from_json(&input) {
        Ok(headers) => {
            assert!(ours.is_ok(), "headers from a text the reader refuses");
            let size: usize = headers.iter().map(|(k, v)| k.len() + v.len()).sum();
            assert!(size <= input.len(), "{size} bytes of headers from {} bytes", input.len());
        }
        Err(e) => typed(&e, &["JSON_INVALID"], "", ""),
    }
}

struct Alipay {
    key: PublicKey,
    /// Every response node and notification content the vector key signed.
    signed: HashSet<String>,
}

fn alipay_vectors() -> &'static Alipay {
    static ALIPAY: OnceLock<Alipay> = OnceLock::new();
    ALIPAY.get_or_init(|| {
        let e: Value = serde_json::from_str(ALIPAY_EXPECTED).unwrap();
        let contents = |list: &str| {
            e[list].as_array().unwrap().iter().map(|r| r["content"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        };
        let signed = contents("responses").into_iter().chain(contents("notifications")).collect();
        Alipay { key: PublicKey::from_pem(ALIPAY_PUBLIC).unwrap(), signed }
    })
}

/// serde_json errors that the byte-span scanner does not judge: it checks syntax only.
fn beyond_syntax(e: &serde_json::Error) -> bool {
    let m = e.to_string();
    m.contains("surrogate") || m.contains("number out of range") || m.contains("recursion limit")
}

/// A gateway response (`method\nbody`, or just the body for alipay.trade.query), checked
/// against serde_json: the scanner finds what a JSON parser finds, byte for byte.
pub fn alipay_response(data: &[u8]) {
    let a = alipay_vectors();
    let input = text(data);
    let (method, body) = match input.split_once('\n') {
        Some((m, b)) if !m.starts_with('{') => (m, b),
        _ => ("alipay.trade.query", &*input),
    };
    let parsed = serde_json::from_str::<Value>(body.strip_prefix('\u{feff}').unwrap_or(body));
    match alipay::response_sign_content(body, method) {
        Ok(found) => {
            let offset = found.content.as_ptr() as usize - body.as_ptr() as usize;
            assert!(offset + found.content.len() <= body.len());
            match (&parsed, serde_json::from_str::<Value>(found.content)) {
                (Ok(whole), Ok(node)) => {
                    assert_eq!(whole[&found.node], node, "the scanner's node differs from serde_json's");
                    let sign = whole.get("sign").and_then(Value::as_str).filter(|s| !s.is_empty());
                    assert_eq!(sign, found.sign.as_deref());
                }
                (Err(e), _) => assert!(beyond_syntax(e), "the scanner accepted what serde_json refuses: {e}"),
                (_, Err(e)) => assert!(beyond_syntax(&e), "the scanner's node does not parse: {e}"),
            }
        }
        Err(e) => {
            typed(&e, ALIPAY_CODES, "", "");
            // serde_json reads an object holding the node and a string sign: only a name given
            // twice (which serde_json lets overwrite) may make the scanner refuse it.
            if let (Ok(Value::Object(obj)), Ok(wanted)) = (&parsed, alipay::response_node_name(method)) {
                let has_node = obj.contains_key(&wanted) || obj.contains_key("error_response");
                let sign_ok = !matches!(obj.get("sign"), Some(v) if !v.is_string());
                if has_node && sign_ok {
                    assert!(e.to_string().contains("twice"), "the scanner refused JSON that serde_json reads: {e}");
                }
            }
        }
    }
    for sign_type in [AlipaySignType::Rsa2, AlipaySignType::Rsa] {
        match alipay::verify_response(body, method, &a.key, sign_type) {
            Ok(r) => {
                assert!(a.signed.contains(r.content), "verified an unsigned node: {:?}", r.content);
                if let Err(e) = alipay::check_success(&r.node, &r.json) {
                    typed(&e, ALIPAY_CODES, "", "");
                }
            }
            Err(e) => typed(&e, ALIPAY_CODES, "", ""),
        }
    }
}

/// An asynchronous notification as decoded form fields, one `name=value` per line.
pub fn alipay_notification(data: &[u8]) {
    let a = alipay_vectors();
    let input = text(data);
    let fields: Vec<(&str, &str)> = input.split('\n').map(|l| l.split_once('=').unwrap_or((l, ""))).collect();
    match alipay::verify_notification(&fields, &a.key) {
        Ok(_) => {
            let content = alipay::notification_string_to_sign(&fields).unwrap();
            assert!(a.signed.contains(&content), "verified an unsigned notification: {content:?}");
        }
        Err(e) => typed(&e, ALIPAY_CODES, "", ""),
    }
    match alipay::string_to_sign(&fields) {
        // Only non-empty fields take part, so the string is never longer than the input.
        Ok(s) => assert!(s.len() <= input.len(), "{} bytes to sign from {} of input", s.len(), input.len()),
        Err(e) => typed(&e, ALIPAY_CODES, "", ""),
    }
}

/// Bills (src/bills): whole and split at a data-chosen point parse to the same result; every row
/// has one cell per column; a refusal is BILL_INVALID or BILL_TRUNCATED.
pub fn bill(data: &[u8]) {
    use wechatpay_wasm::bills::{parse_bill, BillParser};
    let whole = parse_bill(data);
    let cut = data.first().map_or(0, |&b| usize::from(b) * data.len() / 256);
    let mut parser = BillParser::new();
    let split = parser
        .push(&data[..cut])
        .and_then(|mut cells| {
            cells.extend(parser.push(&data[cut..])?);
            cells.extend(parser.finish()?);
            Ok(cells)
        });
    match (&whole, &split) {
        (Ok(bill), Ok(cells)) => {
            assert!(bill.rows.iter().all(|r| r.len() == bill.columns.len()));
            assert_eq!(bill.rows.iter().flatten().collect::<Vec<_>>(), cells.iter().collect::<Vec<_>>());
            assert_eq!(bill.summary.len(), bill.summary_columns.len());
        }
        (Err(a), Err(b)) => {
            assert!(matches!(a.code(), "BILL_INVALID" | "BILL_TRUNCATED"), "{a}");
            assert!(matches!(b.code(), "BILL_INVALID" | "BILL_TRUNCATED"), "{b}");
        }
        _ => panic!("whole and split parses disagree: {whole:?} / {split:?}"),
    }
}

/// The core's DER reader (`keys::der`) against the RustCrypto parsers it replaced in the core
/// module: the same verdict and the same components for each of the five structures, and its
/// encoders read back by both.
pub fn der_reader(data: &[u8]) {
    use der::{Decode, Encode, Tagged};
    use wechatpay_wasm::keys::der as ours;
    let params = |p: Option<der::AnyRef<'_>>| p.map(|a| (u8::from(a.tag()), a.value().to_vec()));
    let ours_params = |p: Option<(u8, &[u8])>| p.map(|(t, v)| (t, v.to_vec()));

    let reference = pkcs8::PrivateKeyInfo::try_from(data).ok();
    let got = ours::private_key_info(data).ok();
    assert_eq!(reference.is_some(), got.is_some(), "PKCS#8 verdict");
    if let (Some(r), Some(o)) = (reference, got) {
        assert_eq!((r.algorithm.oid.as_bytes(), r.private_key), (o.algorithm.oid, o.private_key));
        assert_eq!(r.algorithm.oid.to_string(), ours::oid_string(o.algorithm.oid));
        assert_eq!(params(r.algorithm.parameters), ours_params(o.algorithm.parameters));
    }

    let reference = pkcs1::RsaPrivateKey::try_from(data).ok().filter(|k| k.version() == pkcs1::Version::TwoPrime);
    let got = ours::rsa_private_key(data).ok();
    assert_eq!(reference.is_some(), got.is_some(), "PKCS#1 private key verdict");
    if let (Some(r), Some(o)) = (reference, got) {
        let want = [r.modulus, r.public_exponent, r.private_exponent, r.prime1, r.prime2, r.exponent1, r.exponent2, r.coefficient];
        assert!(want.iter().map(|u| u.as_bytes()).eq([o.n, o.e, o.d, o.p, o.q, o.dp, o.dq, o.qinv]));
    }

    let reference = pkcs1::RsaPublicKey::try_from(data).ok();
    let got = ours::rsa_public_key(data).ok();
    assert_eq!(reference.is_some(), got.is_some(), "PKCS#1 public key verdict");
    if let (Some(r), Some(o)) = (reference, got) {
        assert_eq!((r.modulus.as_bytes(), r.public_exponent.as_bytes()), (o.n, o.e));
        // The SPKI encoder, read back by both.
        let spki = ours::spki_from_rsa(o.n, o.e);
        let back = spki::SubjectPublicKeyInfoRef::try_from(spki.as_slice()).unwrap();
        assert_eq!(back.subject_public_key.as_bytes(), Some(ours::spki(&spki).unwrap().key.unwrap()));
        assert_eq!(pkcs1::RsaPublicKey::try_from(back.subject_public_key.as_bytes().unwrap()).unwrap(), r);
    }

    let reference = spki::SubjectPublicKeyInfoRef::try_from(data).ok();
    let got = ours::spki(data).ok();
    assert_eq!(reference.is_some(), got.is_some(), "SPKI verdict");
    if let (Some(r), Some(o)) = (reference, got) {
        assert_eq!((r.algorithm.oid.as_bytes(), r.subject_public_key.as_bytes()), (o.algorithm.oid, o.key));
        assert_eq!(params(r.algorithm.parameters), ours_params(o.algorithm.parameters));
    }

    let reference = x509_cert::Certificate::from_der(data).ok();
    let got = ours::certificate(data).ok();
    assert_eq!(reference.is_some(), got.is_some(), "X.509 verdict");
    if let (Some(r), Some(o)) = (reference, got) {
        let tbs = &r.tbs_certificate;
        assert_eq!(tbs.serial_number.as_bytes(), o.serial);
        assert_eq!(tbs.validity.not_before.to_unix_duration().as_secs(), o.not_before);
        assert_eq!(tbs.validity.not_after.to_unix_duration().as_secs(), o.not_after);
        assert_eq!(tbs.subject_public_key_info.to_der().unwrap(), o.spki);
    }

    // The PKCS#8 wrapper around any octets, as `pkcs8` writes it.
    let wrapped = ours::pkcs8_from_pkcs1(data);
    assert_eq!(pkcs8::PrivateKeyInfo::new(pkcs1::ALGORITHM_ID, data).to_der().unwrap(), wrapped.as_slice());
    assert_eq!(ours::private_key_info(&wrapped).unwrap().private_key, data);
}
