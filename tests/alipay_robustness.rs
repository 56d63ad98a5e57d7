//! Hostile input to the Alipay entry points returns a typed error, never a panic (a panic in
//! wasm is a trap that poisons the instance). Deterministic mutation of the vector response
//! bodies (the JSON scanner) and notifications, plus random field maps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::Rng;
use serde_json::Value;
use wechatpay_wasm::alipay::{self, SignType};
use wechatpay_wasm::keys::{PrivateKey, PublicKey};

const PIECES: &[&str] = &[
    "{", "}", "[", "]", ":", ",", "\"", "\\", "\\\"", "\\u", "\\u12", "\\uD800", "\\/", "\"sign\"", "\"sign\":\"",
    "_response", "\"error_response\":", "\"alipay_trade_query_response\":", "null", "true", "-", "0", "1e999", ".", "e",
    " ", "\n", "\u{0}", "\u{1f}", "中", "😀", "\u{feff}", "=", "&", "+", "%",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    common::mutate(rng, seed, PIECES, 5, 30)
}

const KNOWN: &[&str] =
    &["JSON_INVALID", "SIGN_MISSING", "SIGN_MISMATCH", "SIGN_TYPE_UNSUPPORTED", "INVALID_ARGUMENT", "ALIPAY_ERROR"];

fn check<T>(r: &wechatpay_wasm::Result<T>) {
    if let Err(e) = r {
        assert!(KNOWN.contains(&e.code()), "unexpected code {} ({e})", e.code());
    }
}

fn vectors() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn alipay_key() -> PublicKey {
    PublicKey::from_pem(include_str!("vectors/alipay/alipay_public_spki.pem")).unwrap()
}

#[test]
fn mutated_response_bodies_never_panic() {
    let e = vectors();
    let key = alipay_key();
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    let mut accepted = 0;
    let mut total = 0;
    for r in e["responses"].as_array().unwrap() {
        let (body, method) = (r["body"].as_str().unwrap(), r["method"].as_str().unwrap());
        let t: SignType = r["signType"].as_str().unwrap().parse().unwrap();
        for _ in 0..4_000 {
            let doc = mutate(&mut rng, body);
            let found = alipay::response_sign_content(&doc, method);
            check(&found);
            let verified = alipay::verify_response(&doc, method, &key, t);
            check(&verified);
            if let Ok(v) = &verified {
                // Whatever verifies is exactly the signed text and parses.
                assert_eq!(v.content, r["content"].as_str().unwrap(), "accepted a changed node: {doc:?}");
                check(&alipay::check_success(&v.node, &v.json));
                accepted += 1;
            }
            total += 1;
        }
    }
    // Mutations outside the node and the sign (whitespace, the unused sibling) can keep it valid.
    assert!(accepted < total / 3, "{accepted} of {total} mutated bodies verified");
}

#[test]
fn hostile_bodies_and_methods() {
    let key = alipay_key();
    let deep = format!(r#"{{"a_response":{}0{},"sign":"AA=="}}"#, "[".repeat(1_000_000), "]".repeat(1_000_000));
    let long_string = format!(r#"{{"a_response":"{}","sign":"AA=="}}"#, "\\u0041".repeat(200_000));
    let cases: &[(&str, &str)] = &[
        ("", "a"),
        ("{", "a"),
        ("\u{feff}", "a"),
        (r#"{"a_response":{}}"#, "a"),
        (r#"{"a_response":{},"sign":"AA=="}"#, "a"),
        (r#"{"a_response":{},"sign":"AA=="}"#, ""),
        (r#"{"a_response":{},"sign":"AA=="}"#, "a/b"),
        (r#"{"a_response":{},"sign":"AA=="}"#, "a\u{0}"),
        (r#"{"a_response":"\ud800","sign":"AA=="}"#, "a"),
        (r#"{"a_response":1e99999,"sign":"AA=="}"#, "a"),
        (&deep, "a"),
        (&long_string, "a"),
    ];
    for (body, method) in cases {
        for t in [SignType::Rsa2, SignType::Rsa] {
            let r = alipay::verify_response(body, method, &key, t);
            check(&r);
            assert!(r.is_err());
        }
    }
    let long_method = "a".repeat(10_000);
    check(&alipay::response_sign_content("{}", &long_method));
}

#[test]
fn mutated_notifications_and_random_maps_never_panic() {
    let e = vectors();
    let key = alipay_key();
    let app = PrivateKey::from_pem(include_str!("vectors/v3/private_pkcs8.pem")).unwrap();
    let n = &e["notifications"][0]["params"];
    let base: Vec<(String, String)> = n.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect();
    let mut rng = Rng(0x1234_5678_9ABC_DEF1);
    let mut accepted = 0;
    for i in 0..3_000 {
        let mut p = base.clone();
        let at = rng.below(p.len());
        if rng.below(2) == 0 {
            p[at].1 = mutate(&mut rng, &p[at].1);
        } else {
            p[at].0 = mutate(&mut rng, &p[at].0);
        }
        let r = alipay::verify_notification(&p, &key);
        check(&r);
        accepted += usize::from(r.is_ok());
        // Signing arbitrary maps never panics either (fewer: signing costs an RSA operation).
        if i % 50 == 0 {
            check(&alipay::sign(&p, &app, SignType::Rsa2));
            check(&alipay::signed_query(&p, &app, SignType::Rsa));
        }
        check(&alipay::string_to_sign(&p));
    }
    // Mutating sign_type's value to RSA2, or an empty value to empty, can keep it valid; little else.
    assert!(accepted < 300, "{accepted} mutated notifications verified");
}
