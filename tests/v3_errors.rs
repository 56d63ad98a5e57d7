//! Every API v3 failure has its own code, and nothing panics on bad input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use serde_json::Value;
use wechatpay_wasm::keys::{PrivateKey, PublicKey, Verifier};
use wechatpay_wasm::{v3, Error};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

struct Response {
    timestamp: String,
    nonce: String,
    body: String,
    signature: String,
    serial: String,
    now: u64,
}

fn response() -> (Verifier, Response) {
    let e: Value = serde_json::from_str(&read("expected.json")).unwrap();
    let r = &e["response"];
    let get = |k: &str| r[k].as_str().unwrap().to_owned();
    let mut v = Verifier::new();
    v.add_certificate(PublicKey::from_pem(&read("cert.pem")).unwrap()).unwrap();
    let resp = Response {
        timestamp: get("timestamp"),
        nonce: get("nonce"),
        body: get("body"),
        signature: get("signature"),
        serial: get("serial"),
        now: r["now"].as_u64().unwrap(),
    };
    (v, resp)
}

fn check(v: &Verifier, r: &Response) -> Result<(), Error> {
    v3::verify(v, &r.timestamp, &r.nonce, &r.body, &r.signature, &r.serial, r.now, 300)
}

/// Changes one byte (the one at `at`) to another printable ASCII character.
fn flip(s: &str, at: usize) -> String {
    let mut b = s.as_bytes().to_vec();
    b[at] = if b[at] == b'1' { b'2' } else { b'1' };
    String::from_utf8(b).unwrap()
}

fn code(r: Result<(), Error>) -> &'static str {
    r.unwrap_err().code()
}

#[test]
fn one_byte_changes_are_sign_mismatch() {
    let (v, r) = response();
    check(&v, &r).unwrap();
    for at in [0, r.body.len() / 2, r.body.len() - 1] {
        assert_eq!(code(check(&v, &Response { body: flip(&r.body, at), ..response().1 })), "SIGN_MISMATCH");
    }
    let ts = flip(&r.timestamp, r.timestamp.len() - 1); // one second off: inside the window
    assert_eq!(code(check(&v, &Response { timestamp: ts, ..response().1 })), "SIGN_MISMATCH");
    assert_eq!(code(check(&v, &Response { nonce: flip(&r.nonce, 0), ..response().1 })), "SIGN_MISMATCH");
    // A change inside the base64 that keeps it valid base64 alters the signature bytes.
    let sig = flip(&r.signature, 10);
    assert_eq!(code(check(&v, &Response { signature: sig, ..response().1 })), "SIGN_MISMATCH");
    let err = check(&v, &Response { body: r.body.clone() + " ", ..response().1 }).unwrap_err();
    assert!(err.to_string().contains("does not match"), "{err}");
}

#[test]
fn each_other_failure_has_its_code() {
    let (v, r) = response();
    let stale = Response { now: r.now + 301, ..response().1 };
    let err = check(&v, &stale).unwrap_err();
    assert_eq!(err.code(), "TIMESTAMP_SKEW");
    assert!(matches!(err, Error::TimestampSkew { skew: 306, max_skew: 300, .. }), "{err:?}");
    assert_eq!(code(check(&v, &Response { now: r.now - 1000, ..response().1 })), "TIMESTAMP_SKEW");
    check(&v, &Response { now: r.now + 295, ..response().1 }).unwrap();

    let err = check(&v, &Response { serial: "ABCDEF".into(), ..response().1 }).unwrap_err();
    assert_eq!(err.code(), "SERIAL_UNKNOWN");
    assert!(err.to_string().contains("5157F09EFDC096DE15EBE81A47057A7232F1B8E1"), "lists known ids: {err}");
    assert_eq!(code(check(&Verifier::new(), &r)), "SERIAL_UNKNOWN");

    let probe = Response { signature: "WECHATPAY/SIGNTEST/abcdef==".into(), ..response().1 };
    assert_eq!(code(check(&v, &probe)), "SIGNTEST_PROBE");

    for bad in [
        Response { signature: "not base64!".into(), ..response().1 },
        Response { signature: String::new(), ..response().1 },
        Response { timestamp: "12:00".into(), ..response().1 },
        Response { timestamp: "99999999999999999999999".into(), ..response().1 },
        Response { nonce: " ".into(), ..response().1 },
        Response { serial: String::new(), ..response().1 },
    ] {
        assert_eq!(code(check(&v, &bad)), "HEADER_INVALID");
    }
    let missing: [(&str, &str); 1] = [("Wechatpay-Nonce", "x")];
    assert_eq!(code(v3::verify_headers(&missing, "", &v, 0, 300)), "HEADER_INVALID");
}

#[test]
fn bad_pems_are_typed_errors() {
    let pkcs8 = read("private_pkcs8.pem");
    let truncated = &pkcs8[..pkcs8.len() / 2];
    let no_end = pkcs8.replace("-----END PRIVATE KEY-----", "");
    let corrupt = pkcs8.replacen("MII", "MIJ", 1);
    for (text, want) in [
        ("", "KEY_INVALID"),
        ("garbage", "KEY_INVALID"),
        (truncated, "KEY_INVALID"),
        (no_end.as_str(), "KEY_INVALID"),
        (corrupt.as_str(), "KEY_INVALID"),
        (&read("ec_pkcs8.pem"), "KEY_INVALID"),
        (&read("ec_sec1.pem"), "KEY_INVALID"),
        (&read("public_spki.pem"), "KEY_INVALID"),
        (&read("cert.pem"), "KEY_INVALID"),
        (&read("rsa1024_pkcs8.pem"), "KEY_TOO_SMALL"),
    ] {
        let err = PrivateKey::from_pem(text).unwrap_err();
        assert_eq!(err.code(), want, "{err}");
    }
    let ec = PrivateKey::from_pem(&read("ec_pkcs8.pem")).unwrap_err().to_string();
    assert!(ec.contains("EC"), "{ec}");

    let cert = read("cert.pem");
    let cert_truncated = format!("{}\n-----END CERTIFICATE-----\n", &cert[..cert.len() / 2]);
    for (text, want) in [
        ("garbage", "KEY_INVALID"),
        (cert_truncated.as_str(), "KEY_INVALID"),
        (&read("ec_spki.pem"), "KEY_INVALID"),
        (&read("private_pkcs8.pem"), "KEY_INVALID"),
        (&read("rsa1024_spki.pem"), "KEY_TOO_SMALL"),
    ] {
        let err = PublicKey::from_pem(text).unwrap_err();
        assert_eq!(err.code(), want, "{err}");
    }
}

#[test]
fn errors_and_debug_never_show_key_material() {
    let pkcs8 = read("private_pkcs8.pem");
    let body_line = pkcs8.lines().nth(3).unwrap();
    let corrupt = pkcs8.replacen("MII", "MIJ", 1);
    let err = PrivateKey::from_pem(&corrupt).unwrap_err().to_string();
    assert!(!err.contains(body_line), "{err}");
    let key = PrivateKey::from_pem(&pkcs8).unwrap();
    assert_eq!(format!("{key:?}"), "PrivateKey { bits: 2048, .. }");
}

#[test]
fn aead_and_json_failures() {
    let key = "TESTONLYapiV3key0123456789abcdef";
    let ct = v3::encrypt_resource("{}", "0123456789ab", "ad", key).unwrap();
    assert_eq!(v3::decrypt_resource(&ct, "0123456789ab", "ad", "short").unwrap_err().code(), "KEY_INVALID");
    assert_eq!(v3::decrypt_resource(&ct, "0123456789ab", "ad", "TESTONLYapiV3key0123456789abcdeX").unwrap_err().code(), "DECRYPT_FAILED");
    assert_eq!(v3::decrypt_resource(&ct, "0123456789aX", "ad", key).unwrap_err().code(), "DECRYPT_FAILED");
    assert_eq!(v3::decrypt_resource(&ct, "short", "ad", key).unwrap_err().code(), "DECRYPT_FAILED");
    assert_eq!(v3::decrypt_resource("AAAA", "0123456789ab", "ad", key).unwrap_err().code(), "DECRYPT_FAILED");
    assert_eq!(v3::decrypt_resource("!", "0123456789ab", "ad", key).unwrap_err().code(), "BASE64_INVALID");

    assert_eq!(v3::decrypt_certificates("{", key).unwrap_err().code(), "JSON_INVALID");
    assert_eq!(v3::decrypt_certificates("{\"data\":[{}]}", key).unwrap_err().code(), "JSON_INVALID");
    assert!(v3::decrypt_certificates("{\"data\":[]}", key).unwrap().is_empty());
    assert_eq!(v3::headers_from_json("[1]").unwrap_err().code(), "JSON_INVALID");
    assert_eq!(v3::headers_from_json("{\"a\":{}}").unwrap_err().code(), "JSON_INVALID");

    // A correctly signed notification whose body or resource is not the expected JSON.
    let private = PrivateKey::from_pem(&read("private_pkcs8.pem")).unwrap();
    let mut v = Verifier::new();
    v.add("PUB_KEY_ID_1", private.public_key()).unwrap();
    let signed = |body: &str| {
        let sig = v3::sign_message(&private, v3::response_message("100", "n", body).as_bytes()).unwrap();
        vec![
            ("Wechatpay-Timestamp".to_owned(), "100".to_owned()),
            ("Wechatpay-Nonce".to_owned(), "n".to_owned()),
            ("Wechatpay-Signature".to_owned(), sig),
            ("Wechatpay-Serial".to_owned(), "PUB_KEY_ID_1".to_owned()),
        ]
    };
    let parse = |body: &str| v3::parse_notification(&signed(body), body, key, &v, 100, 300).unwrap_err().code();
    assert_eq!(parse("not json"), "JSON_INVALID");
    assert_eq!(parse("{\"id\":\"x\"}"), "JSON_INVALID");
    let envelope = |ct: &str, alg: &str| {
        format!(
            "{{\"id\":\"EV-1\",\"create_time\":\"t\",\"event_type\":\"E\",\"resource_type\":\"encrypt-resource\",\
             \"resource\":{{\"algorithm\":\"{alg}\",\"ciphertext\":\"{ct}\",\"associated_data\":\"ad\",\"nonce\":\"0123456789ab\"}}}}"
        )
    };
    assert_eq!(parse(&envelope(&ct, "AES_128")), "DECRYPT_FAILED");
    let not_json = v3::encrypt_resource("plain text", "0123456789ab", "ad", key).unwrap();
    assert_eq!(parse(&envelope(&not_json, "AEAD_AES_256_GCM")), "JSON_INVALID");
    let ok = envelope(&ct, "AEAD_AES_256_GCM");
    let n = v3::parse_notification(&signed(&ok), &ok, key, &v, 100, 300).unwrap();
    assert_eq!((n.summary.as_str(), n.resource.clone()), ("", wechatpay_wasm::json::Value::Object(Vec::new())));
}

#[test]
fn verifier_bookkeeping() {
    let cert = PublicKey::from_pem(&read("cert_highbit.pem")).unwrap();
    let mut v = Verifier::new();
    assert_eq!(v.add("1234", cert.clone()).unwrap_err().code(), "INVALID_ARGUMENT");
    assert_eq!(v.add("", cert.clone()).unwrap_err().code(), "INVALID_ARGUMENT");
    let spki = PublicKey::from_pem(&read("public_spki.pem")).unwrap();
    assert_eq!(v.add_certificate(spki.clone()).unwrap_err().code(), "INVALID_ARGUMENT");
    v.add("00f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4", cert.clone()).unwrap();
    v.add("PUB_KEY_ID_1", spki.clone()).unwrap();
    v.add("PUB_KEY_ID_1", spki).unwrap();
    assert_eq!(v.len(), 2);
    assert!(v.has("F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4"));
    assert!(!v.has("pub_key_id_1"));
    assert_eq!(v.ids(), ["00f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4", "PUB_KEY_ID_1"]);
    assert!(v.remove("F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4"));
    assert!(!v.remove("F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4"));
    assert_eq!(v.ids(), ["PUB_KEY_ID_1"]);
}

#[test]
fn argument_checks() {
    let key = PrivateKey::from_pem(&read("private_pkcs1.pem")).unwrap();
    let auth = |mch: &str, ts: Option<&str>, nonce: Option<&str>| {
        v3::authorization(mch, "SERIAL", &key, "GET", "/v3/x", "", ts, nonce).map(|_| ()).unwrap_err().code()
    };
    assert_eq!(auth("", None, None), "INVALID_ARGUMENT");
    assert_eq!(auth("19\"", None, None), "INVALID_ARGUMENT");
    assert_eq!(auth("1900", Some("soon"), None), "INVALID_ARGUMENT");
    assert_eq!(auth("1900", None, Some("a\"b")), "INVALID_ARGUMENT");
    let header = v3::authorization("1900", "SERIAL", &key, "get", "/v3/x", "", None, None).unwrap();
    assert!(header.starts_with("WECHATPAY2-SHA256-RSA2048 mchid=\"1900\",nonce_str=\""), "{header}");

    let p = v3::jsapi_pay_params("wx1", "p", &key, None, None).unwrap();
    assert_eq!(p.nonce_str.len(), 32);
    assert!(key.public_key().verify_sha256(v3::jsapi_message(&p.app_id, &p.time_stamp, &p.nonce_str, &p.package).as_bytes(),
        &base64_decode(&p.pay_sign)));
    assert_eq!(v3::jsapi_pay_params("", "p", &key, None, None).unwrap_err().code(), "INVALID_ARGUMENT");
    assert_eq!(v3::app_pay_params("a", "", "p", &key, None, None).unwrap_err().code(), "INVALID_ARGUMENT");

    let public = key.public_key();
    assert_eq!(v3::encrypt_sensitive(&"x".repeat(215), &public).unwrap_err().code(), "INVALID_ARGUMENT");
    v3::encrypt_sensitive(&"x".repeat(214), &public).unwrap();
    assert_eq!(v3::decrypt_sensitive("AAAA", &key).unwrap_err().code(), "DECRYPT_FAILED");
    assert_eq!(v3::decrypt_sensitive("@", &key).unwrap_err().code(), "BASE64_INVALID");
    assert_eq!(v3::verify_message(&public, b"m", "@").unwrap_err().code(), "BASE64_INVALID");
    assert!(!v3::verify_message(&public, b"m", "AAAA").unwrap());
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}
