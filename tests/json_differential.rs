//! src/json.rs against serde_json (the reader the core used before, kept as a dev-dependency):
//! the same documents accepted, the same values read, and the same notification and
//! certificate results as the old serde derive code, on the vectors, on every truncation and
//! single-byte change of them, and on malformed, duplicated, deeply nested and huge inputs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use serde::Deserialize;
use serde_json::Value;
use wechatpay_wasm::{json, v3};

fn expected() -> Value {
    serde_json::from_str(include_str!("vectors/v3/expected.json")).unwrap()
}

/// serde_json errors that are not about syntax: numbers beyond f64, whose text the reader keeps.
fn out_of_range(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("number out of range")
}

/// `json::parse` accepts exactly what serde_json accepts (except numbers beyond f64, which it
/// keeps as text) and reads the same value.
fn same_as_serde(text: &str) {
    let ours = json::parse(text);
    match (serde_json::from_str::<Value>(text), &ours) {
        (Ok(theirs), Ok(v)) => {
            assert!(*v == theirs, "{text:?}: {v} vs {theirs}");
            // Display is JSON that reads back to the same value.
            assert_eq!(json::parse(&v.to_string()).as_ref(), Ok(v));
        }
        (Err(e), Ok(_)) => assert!(out_of_range(&e), "accepted what serde_json refuses ({e}): {text:?}"),
        (Ok(_), Err(e)) => panic!("refused what serde_json accepts ({e}): {text:?}"),
        (Err(_), Err(e)) => assert_eq!(e.code(), "JSON_INVALID"),
    }
}

/// The texts with every truncation and, at every byte, a few replacements (kept valid UTF-8).
fn variants(text: &str) -> Vec<String> {
    variants_at(text, |_| true)
}

/// [`variants`] with the byte changes only at the positions `at` keeps.
fn variants_at(text: &str, at: impl Fn(usize) -> bool) -> Vec<String> {
    let b = text.as_bytes();
    let mut out: Vec<String> = (0..b.len()).filter_map(|n| std::str::from_utf8(&b[..n]).ok().map(str::to_owned)).collect();
    for i in (0..b.len()).filter(|&i| at(i)) {
        for r in [b'"', b'\\', b',', b'}', b']', b'{', b'[', b':', b'0', b'-', b'e', b' ', b'\t', 0x01, b'x'] {
            let mut m = b.to_vec();
            m[i] = r;
            if let Ok(s) = String::from_utf8(m) {
                out.push(s);
            }
        }
        let mut dropped = b.to_vec();
        dropped.remove(i);
        if let Ok(s) = String::from_utf8(dropped) {
            out.push(s);
        }
    }
    out
}

#[test]
fn handwritten_documents_match_serde_json() {
    let cases = [
        "0", "-0", "1", "-1", "10", "01", "-01", "1.0", "1.", ".1", "1e5", "1E+5", "1e-5", "1e", "1e+", "-", "+1", "0x10",
        "1.5e300", "1e400", "-1e400", "123456789012345678901234567890", "true", "false", "null", "nul", "True", "\"\"", "\"a",
        "\"\\u0000\"", "\"\\u001f\"", "\"\u{1f}\"", "\"\u{7f}\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\"",
        "\"\\ud83d\\u0041\"", "\"\\ud83dx\"", "\"\\uDBFF\\uDFFF\"", "\"\\u12g4\"", "\"\\a\"", "\"\\/\"", "\"é中😀\"", "[]", "[1,]",
        "[,]", "[1 2]", "[1,,2]", "{}", "{,}", "{\"a\":1,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{1:1}", "{\"a\":1 \"b\":2}",
        "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":[1,{\"c\":null}]}}", " \t\r\n[ 1 , 2 ] \n", "\u{a0}1", "\u{feff}1", "1 2", "[] []",
        "[}", "{]", "[[]", "[]]", "\"\\u00e9\" ", "{\"\\u0061\":1,\"a\":2}", "/* */1", "[1]//", "'a'", "NaN", "Infinity",
    ];
    for text in cases {
        same_as_serde(text);
    }
}

#[test]
fn nesting_depth_matches_serde_json() {
    for depth in [1, 127, 128, 129, 1000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            same_as_serde(&format!("{}1{}", open.repeat(depth), close.repeat(depth)));
        }
    }
    // A megabyte of openers: refused at the depth limit (no recursion to overflow).
    assert_eq!(json::parse(&"[".repeat(1 << 20)).unwrap_err().code(), "JSON_INVALID");
}

#[test]
fn huge_documents_are_linear() {
    // 200k members and items: quadratic work would not finish here.
    let members: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\":{i}")).collect();
    let big = format!("{{{}}}", members.join(","));
    let v = json::parse(&big).unwrap();
    assert_eq!(v["k199999"].as_u64(), Some(199_999));
    let items = format!("[{}]", vec!["\"x\""; 200_000].join(","));
    assert!(json::parse(&items).unwrap() == serde_json::from_str::<Value>(&items).unwrap());
}

#[test]
fn every_truncation_and_byte_change_of_the_vectors_matches_serde_json() {
    let e = expected();
    let n = &e["notification"];
    let resource = serde_json::to_string(&n["resource"]).unwrap();
    let headers = serde_json::to_string(&n["headers"]).unwrap();
    for text in [n["body"].as_str().unwrap(), &resource, &headers] {
        for v in variants(text) {
            same_as_serde(&v);
        }
    }
    // The certificates body is mostly two long base64 strings: every truncation, and byte
    // changes everywhere but inside them (where every position reads the same way) every 64th.
    let body = e["certificates"]["body"].as_str().unwrap();
    let inside = |i: usize| body[..i].rsplit_once("\"ciphertext\":\"").is_some_and(|(_, s)| !s.contains('"'));
    for v in variants_at(body, |i| i % 64 == 0 || !inside(i)) {
        same_as_serde(&v);
    }
}

// The notification and certificate readers as they were: serde derive and serde_json.

#[derive(Deserialize)]
struct Encrypted {
    algorithm: String,
    ciphertext: String,
    #[serde(default)]
    associated_data: String,
    nonce: String,
    #[serde(default)]
    original_type: String,
}

#[derive(Deserialize)]
struct Envelope {
    id: String,
    create_time: String,
    event_type: String,
    resource_type: String,
    #[serde(default)]
    summary: String,
    resource: Encrypted,
}

#[derive(Deserialize)]
struct Certificates {
    data: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    serial_no: String,
    #[serde(default)]
    effective_time: String,
    #[serde(default)]
    expire_time: String,
    encrypt_certificate: Encrypted,
}

fn decrypt(o: &Encrypted, key: &str) -> wechatpay_wasm::Result<String> {
    if o.algorithm != "AEAD_AES_256_GCM" {
        return Err(wechatpay_wasm::Error::DecryptFailed(String::new()));
    }
    v3::decrypt_resource(&o.ciphertext, &o.nonce, &o.associated_data, key)
}

/// The old `decrypt_notification`: `(code, fields, resource)`.
fn old_notification(body: &str, key: &str) -> Result<(Vec<String>, Value), String> {
    let json = |e: serde_json::Error| (if out_of_range(&e) { "RANGE" } else { "JSON_INVALID" }).to_owned();
    let env: Envelope = serde_json::from_str(body).map_err(json)?;
    let plain = decrypt(&env.resource, key).map_err(|e| e.code().to_owned())?;
    let resource: Value = serde_json::from_str(&plain).map_err(json)?;
    Ok((vec![env.id, env.create_time, env.event_type, env.resource_type, env.summary, env.resource.original_type], resource))
}

/// serde derive also reads a struct from an array of its fields in order; WeChat Pay never sends one.
fn array_form(body: &str) -> bool {
    serde_json::from_str::<Value>(body).is_ok_and(|v| v.is_array() || v.as_object().is_some_and(|o| o.values().any(Value::is_array)))
}

fn compare_notification(body: &str, key: &str) {
    let old = old_notification(body, key);
    let new = v3::decrypt_notification_text(body, key);
    match (&old, &new) {
        (Ok((fields, resource)), Ok(n)) => {
            assert_eq!(fields, &[&*n.id, &n.create_time, &n.event_type, &n.resource_type, &n.summary, &n.original_type]);
            assert_eq!(&serde_json::from_str::<Value>(&n.resource).unwrap(), resource);
            // What the wasm layer returns for JSON.parse: the envelope fields and the resource as decrypted.
            let whole: Value = serde_json::from_str(&n.to_json()).unwrap();
            assert_eq!(whole["resource"], *resource);
            assert_eq!(whole["id"], n.id.as_str());
            assert!(n.to_json().ends_with(&format!(",\"resource\":{}}}", n.resource)));
            let full = v3::decrypt_notification(body, key).unwrap();
            assert!(full.resource == *resource);
        }
        (Err(code), Err(e)) if code == e.code() => {}
        (Err(code), Ok(_)) if code == "RANGE" => {}
        (Err(_), Err(e)) if e.code() == "JSON_INVALID" && array_form(body) => {}
        // A known field given twice: serde derive refuses it too, unless a value before it is bad.
        (Err(code), Err(e)) if code == "JSON_INVALID" || e.code() == "JSON_INVALID" => {
            assert!(
                serde_json::from_str::<Envelope>(body).is_err() || e.to_string().contains("twice"),
                "{code} vs {e} for {body:?}"
            );
        }
        _ => panic!("{old:?} vs {new:?} for {body:?}"),
    }
}

#[test]
fn notifications_read_as_serde_derive_did() {
    let e = expected();
    let n = &e["notification"];
    let (body, key) = (n["body"].as_str().unwrap(), n["apiV3Key"].as_str().unwrap());
    compare_notification(body, key);
    let got = v3::decrypt_notification_text(body, key).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&got.resource).unwrap(), n["resource"]);
    for v in variants(body) {
        compare_notification(&v, key);
    }
    // A duplicated known field is refused (serde derive refused it too); unknown ones are not read.
    let dup = body.replacen("\"id\":", "\"id\":\"EV-forged\",\"id\":", 1);
    assert_eq!(v3::decrypt_notification_text(&dup, key).unwrap_err().code(), "JSON_INVALID");
    assert!(serde_json::from_str::<Envelope>(&dup).is_err());
    let dup_nonce = body.replacen("\"nonce\":", "\"nonce\":\"x\",\"nonce\":", 1);
    assert_eq!(v3::decrypt_notification_text(&dup_nonce, key).unwrap_err().code(), "JSON_INVALID");
    let unknown = body.replacen("\"id\":", "\"x\":1,\"x\":2,\"id\":", 1);
    assert_eq!(v3::decrypt_notification_text(&unknown, key).unwrap(), got);
}

#[test]
fn the_resource_goes_back_exactly_as_decrypted() {
    let key = "TESTONLYapiV3key0123456789abcdef";
    // Key order, number spelling, escapes and whitespace all as WeChat Pay wrote them.
    let plain = " {\"z\":1,\"a\":1.50,\"big\":12345678901234567890123,\"s\":\"\\u00e9\\n\",\"a2\":[1e2, -0]} ";
    let ct = v3::encrypt_resource(plain, "0123456789ab", "transaction", key).unwrap();
    let body = format!(
        "{{\"id\":\"EV-\\\"1\",\"create_time\":\"t\",\"event_type\":\"E\",\"resource_type\":\"encrypt-resource\",\
         \"resource\":{{\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\"{ct}\",\"associated_data\":\"transaction\",\"nonce\":\"0123456789ab\",\"original_type\":\"transaction\"}}}}"
    );
    let n = v3::decrypt_notification_text(&body, key).unwrap();
    assert_eq!(n.resource, plain);
    assert_eq!(n.id, "EV-\"1");
    assert_eq!(
        n.to_json(),
        format!(
            "{{\"id\":\"EV-\\\"1\",\"create_time\":\"t\",\"event_type\":\"E\",\"resource_type\":\"encrypt-resource\",\
             \"summary\":\"\",\"original_type\":\"transaction\",\"resource\":{plain}}}"
        )
    );
    let full = v3::decrypt_notification(&body, key).unwrap();
    assert_eq!(full.resource["a"], json::Value::Number("1.50".into()));
    assert_eq!(full.resource["s"], "é\n");
    // A resource that is not one JSON value is refused, as before.
    for bad in ["", "{\"a\":1} x", "{\"a\":\"\\ud800\"}", "[1,]"] {
        let ct = v3::encrypt_resource(bad, "0123456789ab", "transaction", key).unwrap();
        let body = body.replace(&v3::encrypt_resource(plain, "0123456789ab", "transaction", key).unwrap(), &ct);
        assert_eq!(v3::decrypt_notification_text(&body, key).unwrap_err().code(), "JSON_INVALID", "{bad:?}");
    }
}

fn old_certificates(body: &str, key: &str) -> Result<Vec<[String; 4]>, String> {
    let json = |e: serde_json::Error| (if out_of_range(&e) { "RANGE" } else { "JSON_INVALID" }).to_owned();
    let r: Certificates = serde_json::from_str(body).map_err(json)?;
    r.data
        .into_iter()
        .map(|e| {
            let pem = decrypt(&e.encrypt_certificate, key).map_err(|e| e.code().to_owned())?;
            let k = wechatpay_wasm::keys::PublicKey::from_pem(&pem).map_err(|e| e.code().to_owned())?;
            if k.serial_no().unwrap_or_default().to_uppercase() != e.serial_no.trim().to_uppercase() {
                return Err("KEY_INVALID".to_owned());
            }
            Ok([e.serial_no, e.effective_time, e.expire_time, pem])
        })
        .collect()
}

#[test]
fn certificates_read_as_serde_derive_did() {
    let e = expected();
    let c = &e["certificates"];
    let (body, key) = (c["body"].as_str().unwrap(), c["apiV3Key"].as_str().unwrap());
    let got = v3::decrypt_certificates(body, key).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].serial_no, "5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
    let old: Vec<[String; 4]> = old_certificates(body, key).unwrap();
    assert_eq!(old[1][3], got[1].certificate_pem);
    // Each variant decrypts (AES-GCM) and parses two certificates (slow in a debug build): the
    // truncations near the ends, a sample of the other truncations and of the byte changes
    // outside the ciphertexts.
    let inside = |i: usize| body[..i].rsplit_once("\"ciphertext\":\"").is_some_and(|(_, s)| !s.contains('"'));
    for (i, v) in variants_at(body, |i| !inside(i)).into_iter().enumerate() {
        let truncation = i < body.len();
        let keep = if truncation { i % 257 == 0 || v.len() < 60 || v.len() > body.len() - 30 } else { i % 5 == 0 };
        if !keep {
            continue;
        }
        let old = old_certificates(&v, key);
        let new = v3::decrypt_certificates(&v, key);
        match (&old, &new) {
            (Ok(o), Ok(n)) => {
                let n: Vec<[String; 4]> = n
                    .iter()
                    .map(|c| [c.serial_no.clone(), c.effective_time.clone(), c.expire_time.clone(), c.certificate_pem.clone()])
                    .collect();
                assert_eq!(o, &n);
            }
            (Err(o), Err(n)) if o == n.code() => {}
            (Err(o), Ok(_)) if o == "RANGE" => {}
            (Err(_), Err(n)) if n.code() == "JSON_INVALID" && array_form(&v) => {}
            (Err(o), Err(n)) if o == "JSON_INVALID" || n.code() == "JSON_INVALID" => {
                assert!(serde_json::from_str::<Certificates>(&v).is_err() || n.to_string().contains("twice"), "{o} vs {n}");
            }
            _ => panic!("{old:?} vs {new:?} for {v:?}"),
        }
    }
    let dup = body.replacen("\"serial_no\":", "\"serial_no\":\"00\",\"serial_no\":", 1);
    assert_eq!(v3::decrypt_certificates(&dup, key).unwrap_err().code(), "JSON_INVALID");
    assert_eq!(v3::decrypt_certificates("{\"data\":{}}", key).unwrap_err().code(), "JSON_INVALID");
    assert!(v3::decrypt_certificates("{\"data\":[]}", key).unwrap().is_empty());
}

#[test]
fn headers_read_as_serde_json_did() {
    let old = |text: &str| -> Option<Vec<(String, String)>> {
        fn t(v: &Value) -> Option<String> {
            match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Array(a) => a.first().and_then(t),
                _ => None,
            }
        }
        match serde_json::from_str::<Value>(text).ok()? {
            Value::Object(m) => m.iter().map(|(k, v)| Some((k.clone(), t(v)?))).collect(),
            Value::Array(p) => p
                .iter()
                .map(|p| match p.as_array().map(Vec::as_slice) {
                    Some([Value::String(k), v]) => Some((k.clone(), t(v)?)),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    };
    let e = expected();
    let headers = serde_json::to_string(&e["notification"]["headers"]).unwrap();
    let pairs: Vec<Value> =
        e["notification"]["headers"].as_object().unwrap().iter().map(|(k, v)| serde_json::json!([k, v])).collect();
    let pairs = serde_json::to_string(&pairs).unwrap();
    let extra = [
        r#"{"b":"1","a":["2","3"],"b":"4","c":[[["5"]]]}"#, r#"{"a":7}"#, r#"{"a":-7}"#, r#"{"a":null}"#, r#"{"a":[]}"#, r#"[["a","1"],["b",[2]]]"#,
        r#"[["a","1","x"]]"#, r#"[[1,"1"]]"#, r#"["a"]"#, r#""a""#, "[]", "{}",
    ];
    for text in variants(&headers).iter().chain(&variants(&pairs)).map(String::as_str).chain(extra) {
        let ours = v3::headers_from_json(text);
        match (old(text), ours) {
            (Some(o), Ok(n)) => assert_eq!(o, n, "{text:?}"),
            (None, Err(e)) => assert_eq!(e.code(), "JSON_INVALID"),
            // Integers are kept as written; serde_json spelled non-integers its own way.
            (o, n) => panic!("{o:?} vs {n:?} for {text:?}"),
        }
    }
}
