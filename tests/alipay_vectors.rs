//! Reproduces every value of tests/vectors/alipay/expected.json (made by Node's crypto from
//! Alipay's documented rules), and checks that tampering is caught.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use serde_json::Value;
use wechatpay_wasm::alipay::{self, SignType};
use wechatpay_wasm::keys::{PrivateKey, PublicKey};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

fn expected() -> Value {
    serde_json::from_str(&read("expected.json")).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

/// The fields of a JSON object, in file order (serde_json keeps insertion order only with
/// `preserve_order`, so order is irrelevant here: every function sorts).
fn fields(v: &Value) -> Vec<(String, String)> {
    v.as_object().unwrap().iter().map(|(k, v)| (k.clone(), s(v).to_owned())).collect()
}

fn bare(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

fn key_file(e: &Value, name: &str) -> String {
    read(s(&e["keys"][name]))
}

/// The app private key in every form a merchant may hold it: PKCS#8 and PKCS#1 PEM, and the
/// bare base64 Alipay's key tool shows.
fn app_keys(e: &Value) -> Vec<PrivateKey> {
    let pkcs8 = key_file(e, "appPrivateKey");
    let pkcs1 = key_file(e, "appPrivateKeyPkcs1");
    vec![
        PrivateKey::from_pem(&pkcs8).unwrap(),
        PrivateKey::from_pem(&pkcs1).unwrap(),
        alipay::private_key(&bare(&pkcs8)).unwrap(),
        alipay::private_key(&bare(&pkcs1)).unwrap(),
    ]
}

fn alipay_public(e: &Value) -> PublicKey {
    alipay::public_key(&bare(&key_file(e, "alipayPublicKey"))).unwrap()
}

fn sign_type(v: &Value) -> SignType {
    s(v).parse().unwrap()
}

#[test]
fn request_signatures_and_signed_queries() {
    let e = expected();
    let requests = e["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 4);
    for key in app_keys(&e) {
        for r in requests {
            let params = fields(&r["params"]);
            let t = sign_type(&r["signType"]);
            assert_eq!(alipay::string_to_sign(&params).unwrap(), s(&r["stringToSign"]), "{}", r["name"]);
            assert_eq!(alipay::sign(&params, &key, t).unwrap(), s(&r["sign"]), "{}", r["name"]);
            assert_eq!(alipay::signed_query(&params, &key, t).unwrap(), s(&r["signedQuery"]), "{}", r["name"]);
        }
    }
    // The legacy and the current algorithm differ, and each is verified by its own check.
    let app_public = PublicKey::from_pem(&key_file(&e, "appPublicKey")).unwrap();
    for r in requests {
        let sig = base64_decode(s(&r["sign"]));
        let content = s(&r["stringToSign"]).as_bytes();
        let (sha256, sha1) = (app_public.verify_sha256(content, &sig), app_public.verify_sha1(content, &sig));
        match sign_type(&r["signType"]) {
            SignType::Rsa2 => assert!(sha256 && !sha1),
            SignType::Rsa => assert!(sha1 && !sha256),
        }
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).unwrap()
}

#[test]
fn notifications_verify_with_sign_type_present_or_absent() {
    let e = expected();
    let key = alipay_public(&e);
    for n in e["notifications"].as_array().unwrap() {
        let params = fields(&n["params"]);
        assert_eq!(alipay::notification_string_to_sign(&params).unwrap(), s(&n["content"]));
        assert_eq!(alipay::verify_notification(&params, &key).unwrap(), sign_type(&n["signType"]), "{}", n["name"]);
        // The form body, decoded as a server would, verifies the same.
        let decoded: Vec<(String, String)> = form_decode(s(&n["formBody"]));
        assert_eq!(alipay::verify_notification(&decoded, &key).unwrap(), sign_type(&n["signType"]));
    }
}

/// application/x-www-form-urlencoded decoding, written here to stay independent of the crate.
fn form_decode(body: &str) -> Vec<(String, String)> {
    let dec = |s: &str| {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap(), 16).unwrap());
                    i += 2;
                }
                c => out.push(c),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    };
    body.split('&').map(|kv| kv.split_once('=').unwrap()).map(|(k, v)| (dec(k), dec(v))).collect()
}

#[test]
fn tampered_notifications_are_rejected() {
    let e = expected();
    let key = alipay_public(&e);
    let n = &e["notifications"][0];
    let params = fields(&n["params"]);
    let code = |p: &[(String, String)]| alipay::verify_notification(p, &key).err().map(|e| e.code());
    // Every signed value changed by one character fails.
    for (i, (k, v)) in params.iter().enumerate() {
        if k == "sign" || k == "sign_type" || v.is_empty() {
            continue;
        }
        let mut p = params.clone();
        p[i].1 = format!("{v}0");
        assert_eq!(code(&p), Some("SIGN_MISMATCH"), "changing {k}");
    }
    let with = |name: &str, value: Option<&str>| {
        let mut p: Vec<(String, String)> = params.iter().filter(|(k, _)| k != name).cloned().collect();
        if let Some(v) = value {
            p.push((name.to_owned(), v.to_owned()));
        }
        p
    };
    // An added field, a wrong sign, or the other algorithm.
    assert_eq!(code(&with("refund_fee", Some("88.88"))), Some("SIGN_MISMATCH"));
    assert_eq!(code(&with("sign", Some(s(&e["notifications"][2]["params"]["sign"])))), Some("SIGN_MISMATCH"));
    assert_eq!(code(&with("sign_type", Some("RSA"))), Some("SIGN_MISMATCH"));
    assert_eq!(code(&with("sign", Some("not base64!"))), Some("SIGN_MISMATCH"));
    // A '+' turned into a space (a body decoded twice) is named in the message.
    let spaced = s(&n["params"]["sign"]).replace('+', " ");
    if spaced.contains(' ') {
        let err = alipay::verify_notification(&with("sign", Some(&spaced)), &key).unwrap_err();
        assert!(err.to_string().contains("'+' was probably decoded as a space"), "{err}");
    }
    assert_eq!(code(&with("sign", None)), Some("SIGN_MISSING"));
    assert_eq!(code(&with("sign", Some(""))), Some("SIGN_MISSING"));
    assert_eq!(code(&with("sign_type", Some("MD5"))), Some("SIGN_TYPE_UNSUPPORTED"));
    // Removing sign_type keeps it valid (RSA2 is the default and sign_type is not signed).
    assert!(alipay::verify_notification(&with("sign_type", None), &key).is_ok());
    // The app's own public key is not the Alipay public key.
    let app_public = PublicKey::from_pem(&key_file(&e, "appPublicKey")).unwrap();
    assert_eq!(alipay::verify_notification(&params, &app_public).err().map(|e| e.code()), Some("SIGN_MISMATCH"));
    // A duplicated field is refused rather than guessed.
    let mut dup = params.clone();
    dup.push(("total_amount".into(), "0.01".into()));
    assert_eq!(code(&dup), Some("INVALID_ARGUMENT"));
}

#[test]
fn responses_verify_byte_for_byte() {
    let e = expected();
    let key = alipay_public(&e);
    for r in e["responses"].as_array().unwrap() {
        let body = s(&r["body"]);
        let method = s(&r["method"]);
        let found = alipay::response_sign_content(body, method).unwrap();
        assert_eq!(found.content, s(&r["content"]), "{}", r["name"]);
        assert_eq!(found.sign.as_deref(), Some(s(&r["sign"])));
        let verified = alipay::verify_response(body, method, &key, sign_type(&r["signType"])).unwrap();
        assert_eq!(verified.content, s(&r["content"]));
        assert_eq!(verified.json, r["node"], "{}", r["name"]);
        let is_error = r["node"]["code"].as_str().is_some_and(|c| c != "10000");
        assert_eq!(verified.node == "error_response", s(&r["name"]).starts_with("error_response"));
        let checked = alipay::check_success(&verified.node, &verified.json);
        assert_eq!(checked.is_err(), is_error, "{}", r["name"]);
        if let Err(err) = checked {
            assert_eq!(err.code(), "ALIPAY_ERROR");
            assert!(err.to_string().contains(s(&r["node"]["sub_code"])), "{err}");
        }
    }
}

#[test]
fn tampered_responses_are_rejected() {
    let e = expected();
    let key = alipay_public(&e);
    let code = |body: &str, method: &str, t: SignType| alipay::verify_response(body, method, &key, t).err().map(|e| e.code());
    for r in e["responses"].as_array().unwrap() {
        let (body, method, t) = (s(&r["body"]), s(&r["method"]), sign_type(&r["signType"]));
        let content = s(&r["content"]);
        let at = body.find(content).unwrap();
        // Re-serialising the node (what a JSON library would do) breaks the signature whenever
        // the text was not already in serde_json's form.
        let reserialised = serde_json::to_string(&r["node"]).unwrap();
        if reserialised != content {
            let rebuilt = format!("{}{}{}", &body[..at], reserialised, &body[at + content.len()..]);
            assert_eq!(code(&rebuilt, method, t), Some("SIGN_MISMATCH"), "{}", r["name"]);
        }
        // One more space inside the node, an amount changed, the other algorithm, a wrong method.
        let spaced = format!("{}{{ {}", &body[..at], &body[at + 1..]);
        assert_eq!(code(&spaced, method, t), Some("SIGN_MISMATCH"));
        let other = if t == SignType::Rsa2 { SignType::Rsa } else { SignType::Rsa2 };
        assert_eq!(code(body, method, other), Some("SIGN_MISMATCH"));
        if body.contains("88.88") {
            assert_eq!(code(&body.replacen("88.88", "0.01", 1), method, t), Some("SIGN_MISMATCH"));
        }
        if !body.contains("error_response") {
            assert_eq!(code(body, "alipay.trade.refund", t), Some("JSON_INVALID"));
        }
        // The sign removed.
        let unsigned = body.replace(s(&r["sign"]), "").replace(&s(&r["sign"]).replace('/', "\\/"), "");
        assert_eq!(code(&unsigned, method, t), Some("SIGN_MISSING"), "{}", r["name"]);
    }
    // A forged node beside a genuine signed one: the duplicate is refused, not picked from.
    let r = &e["responses"][0];
    let body = s(&r["body"]);
    let forged = body.replacen('{', r#"{"alipay_trade_precreate_response":{"code":"10000","qr_code":"https://evil.example"},"#, 1);
    assert_eq!(code(&forged, "alipay.trade.precreate", SignType::Rsa2), Some("JSON_INVALID"));
}
