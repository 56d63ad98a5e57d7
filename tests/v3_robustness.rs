//! Hostile input to the API v3 entry points returns a typed error, never a panic (in wasm a
//! panic is a trap that poisons the instance). Deterministic mutation of the TEST ONLY vectors:
//! PEMs, notification bodies and headers, `/v3/certificates` responses, resources, OAEP text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::{mutate, Rng};
use serde_json::Value;
use wechatpay_wasm::keys::{PrivateKey, PublicKey, Verifier};
use wechatpay_wasm::v3;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/");
const PIECES: &[&str] = &[
    "-----BEGIN ", "-----END ", "PRIVATE KEY-----", "CERTIFICATE-----", "\n", "=", "+", "/", "A", "{", "}", "\"", ":",
    ",", "\\", "\\u", "[", "]", "null", "\u{0}", "中", "😀", " ", "Wechatpay-", "WECHATPAY/SIGNTEST/", "99999999999999999999",
];
const KNOWN: &[&str] = &[
    "INVALID_ARGUMENT", "KEY_INVALID", "KEY_TOO_SMALL", "SERIAL_UNKNOWN", "TIMESTAMP_SKEW", "HEADER_INVALID",
    "SIGNTEST_PROBE", "SIGN_MISMATCH", "JSON_INVALID", "BASE64_INVALID", "DECRYPT_FAILED",
];

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

fn check<T>(r: &wechatpay_wasm::Result<T>) {
    if let Err(e) = r {
        assert!(KNOWN.contains(&e.code()), "unexpected code {} ({e})", e.code());
    }
}

#[test]
fn mutated_pems_never_panic() {
    let mut rng = Rng(3);
    for name in ["private_pkcs8.pem", "private_pkcs1.pem", "public_spki.pem", "public_pkcs1.pem", "cert.pem"] {
        let pem = read(name);
        for _ in 0..300 {
            let text = mutate(&mut rng, &pem, PIECES, 4, 60);
            check(&PrivateKey::from_pem(&text));
            check(&PublicKey::from_pem(&text));
        }
    }
}

#[test]
fn mutated_notifications_and_certificates_never_panic() {
    let expected: Value = serde_json::from_str(&read("expected.json")).unwrap();
    let n = &expected["notification"];
    let key = n["apiV3Key"].as_str().unwrap();
    let now = n["now"].as_u64().unwrap();
    let headers: Vec<(String, String)> =
        n["headers"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect();
    let body = n["body"].as_str().unwrap();
    let mut verifier = Verifier::new();
    verifier.add_certificate(PublicKey::from_pem(&read("cert.pem")).unwrap()).unwrap();
    v3::parse_notification(&headers, body, key, &verifier, now, 300).expect("the vector verifies");

    let certificates = expected["certificates"]["body"].as_str().unwrap();
    let resource = &expected["resource"];
    let private = PrivateKey::from_pem(&read("private_pkcs8.pem")).unwrap();
    let sensitive = expected["sensitive"]["ciphertext"].as_str().unwrap();
    let mut rng = Rng(11);
    let mut accepted = 0;
    for _ in 0..2_000 {
        let mutated_body = mutate(&mut rng, body, PIECES, 3, 20);
        let r = v3::parse_notification(&headers, &mutated_body, key, &verifier, now, 300);
        // The signature covers the body: only an edit that changed nothing may verify.
        if r.is_ok() {
            assert_eq!(mutated_body, body, "a changed body verified");
            accepted += 1;
        }
        check(&r);
        check(&v3::decrypt_notification(&mutated_body, key));
        let mut mutated_headers = headers.clone();
        let i = rng.below(mutated_headers.len());
        mutated_headers[i].1 = mutate(&mut rng, &mutated_headers[i].1, PIECES, 2, 10);
        check(&v3::parse_notification(&mutated_headers, body, key, &verifier, now, 300));
        check(&v3::decrypt_certificates(&mutate(&mut rng, certificates, PIECES, 3, 20), key));
        check(&v3::decrypt_resource(
            &mutate(&mut rng, resource["ciphertext"].as_str().unwrap(), PIECES, 2, 8),
            &mutate(&mut rng, resource["nonce"].as_str().unwrap(), PIECES, 1, 4),
            resource["associatedData"].as_str().unwrap(),
            key,
        ));
        check(&v3::headers_from_json(&mutate(&mut rng, "{\"a\":\"b\",\"c\":[1]}", PIECES, 3, 5)));
    }
    for _ in 0..200 {
        check(&v3::decrypt_sensitive(&mutate(&mut rng, sensitive, PIECES, 2, 8), &private));
    }
    assert!(accepted < 100, "{accepted} of 2000 mutations left the body unchanged");
}
