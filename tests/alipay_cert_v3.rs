//! Certificate mode, OpenAPI v3 and AES content encryption against what alipay-sdk 4.14.0
//! computes (tests/vectors/alipay/sdk-vectors.json, made by sdk-vectors.mjs over the OpenSSL
//! chains of make-certs.sh), and every refusal by its code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use serde_json::Value;
use wechatpay_wasm::alipay::{aes, cert_sn, v3};
use wechatpay_wasm::keys::{PrivateKey, PublicKey};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

fn sdk() -> Value {
    serde_json::from_str(&read("alipay/sdk-vectors.json")).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn code<T: std::fmt::Debug>(r: wechatpay_wasm::Result<T>) -> &'static str {
    r.unwrap_err().code()
}

#[test]
fn cert_sns_match_alipay_sdk() {
    let v = sdk();
    assert_eq!(cert_sn::cert_sn(&read("alipay/cert/appCertPublicKey_2021000000000001.crt")).unwrap(), s(&v["appCertSn"]));
    // The Alipay certificate file holds the leaf and then its intermediate: the leaf counts.
    assert_eq!(cert_sn::cert_sn(&read("alipay/cert/alipayCertPublicKey_RSA2.crt")).unwrap(), s(&v["alipayCertSn"]));
    // Root bundle: R1 (SHA-256), the EC root skipped, R2 (SHA-1), joined with '_'.
    let root = cert_sn::root_cert_sn(&read("alipay/cert/alipayRootCert.crt")).unwrap();
    assert_eq!(root, s(&v["alipayRootCertSn"]));
    assert_eq!(root.split('_').count(), 2);
    assert_eq!(root.split('_').next().unwrap(), cert_sn::cert_sn(&read("alipay/cert/root_rsa_r1.crt")).unwrap());
    // CRLF line ends and a bundle given as one cert change nothing.
    let crlf = read("alipay/cert/alipayRootCert.crt").replace('\n', "\r\n");
    assert_eq!(cert_sn::root_cert_sn(&crlf).unwrap(), root);
}

#[test]
fn a_root_bundle_without_rsa_is_its_own_code() {
    assert_eq!(s(&sdk()["rootEcOnlySn"]), ""); // alipay-sdk silently sends an empty SN
    let err = cert_sn::root_cert_sn(&read("alipay/cert/root_ec_e1.crt")).unwrap_err();
    assert_eq!(err.code(), "ALIPAY_CERT_NO_RSA");
    assert!(err.to_string().contains("among its 1"), "{err}");
}

#[test]
fn broken_certificates_are_key_invalid_without_bytes() {
    let pem = read("alipay/cert/appCertPublicKey_2021000000000001.crt");
    let truncated = &pem[..pem.len() / 2];
    for text in ["", "garbage", truncated, &pem.replace("MII", "MIX"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"] {
        let err = cert_sn::cert_sn(text).unwrap_err();
        assert_eq!(err.code(), "KEY_INVALID", "{text:.40}");
        assert!(!err.to_string().contains("MII"), "{err}");
        assert_eq!(code(cert_sn::root_cert_sn(text)), "KEY_INVALID");
    }
}

#[test]
fn the_alipay_public_key_is_the_certificates() {
    let from_cert = PublicKey::from_pem(&read("alipay/cert/alipayCertPublicKey_RSA2.crt")).unwrap();
    let spki = format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", s(&sdk()["alipayPublicKey"]));
    assert!(from_cert.same_key(&PublicKey::from_pem(&spki).unwrap()));
    assert!(from_cert.same_key(&PublicKey::from_pem(&read("alipay/alipay_public_spki.pem")).unwrap()));
}

#[test]
fn response_cert_sn_is_read_and_compared() {
    let body = r#"{"alipay_trade_query_response":{"code":"10000"},"alipay_cert_sn":"abc","sign":"x"}"#;
    assert_eq!(cert_sn::response_cert_sn(body).unwrap().as_deref(), Some("abc"));
    assert_eq!(cert_sn::response_cert_sn(r#"{"a":{}}"#).unwrap(), None);
    assert_eq!(code(cert_sn::response_cert_sn(r#"{"alipay_cert_sn":1}"#)), "JSON_INVALID");
    assert!(cert_sn::check_cert_sn(Some("abc"), "abc").is_ok());
    assert!(cert_sn::check_cert_sn(None, "abc").is_ok());
    assert_eq!(code(cert_sn::check_cert_sn(Some("abd"), "abc")), "ALIPAY_CERT_SN_MISMATCH");
}

#[test]
fn aes_matches_alipay_sdk_both_ways() {
    let v = sdk();
    let key = s(&v["aes"]["key"]);
    for case in v["aes"]["vectors"].as_array().unwrap() {
        assert_eq!(aes::encrypt(s(&case["plaintext"]), key).unwrap(), s(&case["ciphertext"]));
        assert_eq!(aes::decrypt(s(&case["ciphertext"]), key).unwrap(), s(&case["plaintext"]));
    }
}

#[test]
fn aes_refusals() {
    let v = sdk();
    let key = s(&v["aes"]["key"]);
    let ct = s(&v["aes"]["vectors"][3]["ciphertext"]);
    assert_eq!(code(aes::encrypt("x", "not base64!")), "KEY_INVALID");
    assert_eq!(code(aes::encrypt("x", "AAAA")), "KEY_INVALID"); // 3 bytes
    assert_eq!(code(aes::decrypt("%%%", key)), "BASE64_INVALID");
    assert_eq!(code(aes::decrypt("", key)), "DECRYPT_FAILED");
    assert_eq!(code(aes::decrypt(&ct[..ct.len() - 24], key)), "DECRYPT_FAILED"); // not whole blocks
    let other = "AAAAAAAAAAAAAAAAAAAAAA==";
    let err = aes::decrypt(ct, other).unwrap_err();
    assert_eq!(err.code(), "DECRYPT_FAILED");
    assert!(!err.to_string().contains(key) && !err.to_string().contains(other), "{err}");
    // 256-bit keys work both ways too.
    let k256 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    assert_eq!(code(aes::encrypt("x", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3")), "KEY_INVALID"); // 24 bytes
    assert_eq!(aes::decrypt(&aes::encrypt("中文", k256).unwrap(), k256).unwrap(), "中文");
}

fn app_key() -> PrivateKey {
    PrivateKey::from_pem(&read("v3/private_pkcs8.pem")).unwrap()
}

#[test]
fn v3_authorization_is_alipay_sdks_byte_for_byte() {
    let all = sdk();
    let v = &all["v3"];
    let ts = v["timestamp"].as_u64().unwrap().to_string();
    let mut auth = v3::V3Auth { app_id: s(&v["appId"]), app_cert_sn: Some(s(&all["appCertSn"])), nonce: s(&v["nonce"]), timestamp: &ts };
    let header = v3::authorization(&auth, s(&v["method"]), s(&v["path"]), s(&v["body"]), None, &app_key()).unwrap();
    assert_eq!(header, s(&v["authorization"]));
    auth.app_cert_sn = None;
    let header = v3::authorization(&auth, "post", s(&v["path"]), s(&v["body"]), None, &app_key()).unwrap();
    assert_eq!(header, s(&v["authorizationNoCert"]));
}

#[test]
fn v3_sign_content_and_refusals() {
    let auth = v3::V3Auth { app_id: "2021", app_cert_sn: None, nonce: "n", timestamp: "1700000000000" };
    assert_eq!(
        v3::request_sign_content(&auth, "get", "/v3/x?a=1", "", Some("tok")).unwrap(),
        "app_id=2021,nonce=n,timestamp=1700000000000\nGET\n/v3/x?a=1\n\ntok\n"
    );
    for bad in [
        v3::V3Auth { app_id: "a,b", ..auth },
        v3::V3Auth { nonce: "x=y", ..auth },
        v3::V3Auth { timestamp: "12a", ..auth },
        v3::V3Auth { app_cert_sn: Some(""), ..auth },
    ] {
        assert_eq!(code(bad.auth_string()), "INVALID_ARGUMENT");
    }
    assert_eq!(code(v3::request_sign_content(&auth, "GE T", "/x", "", None)), "INVALID_ARGUMENT");
    assert_eq!(code(v3::request_sign_content(&auth, "GET", "https://x/", "", None)), "INVALID_ARGUMENT");
    assert_eq!(code(v3::request_sign_content(&auth, "GET", "/x\n", "", None)), "INVALID_ARGUMENT");
}

#[test]
fn v3_response_verification_codes() {
    let alipay = PrivateKey::from_pem(&read("alipay/alipay_private_pkcs8.pem")).unwrap();
    let public = PublicKey::from_pem(&read("alipay/alipay_public_spki.pem")).unwrap();
    let body = r#"{"out_trade_no":"1","trade_status":"TRADE_SUCCESS"}"#;
    let now: u64 = 1_795_852_800_000;
    let ts = now.to_string();
    let sig = base64_sign(&alipay, &v3::response_sign_content(&ts, "nonce1", body));
    let h = v3::V3ResponseHeaders { timestamp: Some(&ts), nonce: Some("nonce1"), signature: Some(&sig), alipay_sn: Some("sn1") };
    v3::verify_response(&h, body, &public, Some("sn1"), now + 60_000, 300).unwrap();
    v3::verify_response(&h, body, &public, None, now, 300).unwrap();
    assert_eq!(code(v3::verify_response(&h, &body.replace('1', "2"), &public, None, now, 300)), "SIGN_MISMATCH");
    assert_eq!(code(v3::verify_response(&v3::V3ResponseHeaders { signature: None, ..h }, body, &public, None, now, 300)), "SIGN_MISSING");
    assert_eq!(code(v3::verify_response(&v3::V3ResponseHeaders { signature: Some(""), ..h }, body, &public, None, now, 300)), "SIGN_MISSING");
    assert_eq!(code(v3::verify_response(&h, body, &public, None, now + 301_000, 300)), "TIMESTAMP_SKEW");
    assert_eq!(code(v3::verify_response(&h, body, &public, None, now - 301_000, 300)), "TIMESTAMP_SKEW");
    assert_eq!(code(v3::verify_response(&v3::V3ResponseHeaders { timestamp: None, ..h }, body, &public, None, now, 300)), "HEADER_INVALID");
    assert_eq!(code(v3::verify_response(&v3::V3ResponseHeaders { timestamp: Some("1.5e12"), ..h }, body, &public, None, now, 300)), "HEADER_INVALID");
    assert_eq!(code(v3::verify_response(&v3::V3ResponseHeaders { nonce: None, ..h }, body, &public, None, now, 300)), "HEADER_INVALID");
    assert_eq!(code(v3::verify_response(&h, body, &public, Some("sn2"), now, 300)), "ALIPAY_CERT_SN_MISMATCH");
    // Signed by the app key instead of Alipay's: a mismatch.
    let wrong = base64_sign(&app_key(), &v3::response_sign_content(&ts, "nonce1", body));
    assert_eq!(code(v3::verify_response(&v3::V3ResponseHeaders { signature: Some(&wrong), ..h }, body, &public, None, now, 300)), "SIGN_MISMATCH");
}

fn base64_sign(key: &PrivateKey, content: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(key.sign_sha256(content.as_bytes()).unwrap())
}
