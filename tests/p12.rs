//! PKCS#12 loading against files made by OpenSSL 3 (`tests/vectors/p12/generate.sh`): the
//! certificate, key, serial and validity must be what OpenSSL put in and reports.
#![cfg(feature = "p12")]

use base64::{engine::general_purpose::STANDARD, Engine};
use wechatpay_wasm::keys::{PrivateKey, PublicKey, P12};

fn vector(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/vectors/{path}", env!("CARGO_MANIFEST_DIR"))).expect("vector")
}
fn text(path: &str) -> String {
    String::from_utf8(vector(path)).expect("utf8")
}
fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).expect("base64")
}
fn expected() -> serde_json::Value {
    serde_json::from_slice(&vector("p12/expected.json")).expect("json")
}

#[test]
fn every_openssl_generation_opens_with_its_certificate_key_and_serial() {
    let exp = expected();
    for (name, cert, key) in [
        ("merchant_legacy", "v3/cert.pem", "v3/private_pkcs8.pem"),
        ("merchant_aes", "v3/cert.pem", "v3/private_pkcs8.pem"),
        ("merchant_aes128_sha1mac", "v3/cert.pem", "v3/private_pkcs8.pem"),
        ("merchant_3des", "v3/cert.pem", "v3/private_pkcs8.pem"),
        ("client_legacy", "tls/client.pem", "tls/client_key.pem"),
        ("client_aes", "tls/client.pem", "tls/client_key.pem"),
    ] {
        let e = &exp[name];
        let p12 = P12::parse(&vector(&format!("p12/{name}.p12")), e["password"].as_str().expect("password")).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(p12.certificate_der, pem_der(&text(cert)), "{name}: certificate (the chain's CA must not be picked)");
        assert_eq!(p12.certificate.serial_no(), e["serialNo"].as_str(), "{name}: serial");
        assert_eq!(p12.certificate.not_before(), e["notBefore"].as_u64(), "{name}: notBefore");
        assert_eq!(p12.certificate.not_after(), e["notAfter"].as_u64(), "{name}: notAfter");
        let original = PrivateKey::from_pem(&text(key)).expect("key");
        assert_eq!(*p12.private_key.pkcs8_der().expect("der"), *original.pkcs8_der().expect("der"), "{name}: key");
        // The key signs what the certificate verifies.
        let sig = p12.private_key.sign_sha256(b"message").expect("sign");
        assert!(PublicKey::from_pem(&text(cert)).expect("cert").verify_sha256(b"message", &sig));
        assert!(!format!("{p12:?}").contains("PRIVATE"), "Debug shows no key");
    }
}

#[test]
fn a_wrong_password_is_p12_password_for_both_generations() {
    for name in ["merchant_legacy", "merchant_aes", "merchant_3des"] {
        let err = P12::parse(&vector(&format!("p12/{name}.p12")), "1900000002").unwrap_err();
        assert_eq!(err.code(), "P12_PASSWORD", "{name}");
    }
}

#[test]
fn refused_files_have_their_own_codes_and_quote_no_bytes() {
    let unsupported = P12::parse(&vector("p12/rc4.p12"), "1900000001").unwrap_err();
    assert_eq!(unsupported.code(), "P12_UNSUPPORTED");
    assert!(unsupported.to_string().contains("1.2.840.113549.1.12.1.1"), "{unsupported}");
    assert_eq!(P12::parse(&vector("p12/cert_only.p12"), "1900000001").unwrap_err().code(), "P12_INVALID");
    let good = vector("p12/merchant_aes.p12");
    // Every truncation, and garbage of every length up to the file's size in steps.
    for len in (0..good.len()).step_by(7) {
        let err = P12::parse(&good[..len], "1900000001").unwrap_err();
        assert_eq!(err.code(), "P12_INVALID", "truncated to {len}");
    }
    let garbage: Vec<u8> = (0..3000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert_eq!(P12::parse(&garbage, "x").unwrap_err().code(), "P12_INVALID");
    assert_eq!(P12::parse(text("v3/cert.pem").as_bytes(), "x").unwrap_err().code(), "P12_INVALID");
    let huge = vec![0x30u8; wechatpay_wasm::keys::MAX_P12_BYTES + 1];
    assert_eq!(P12::parse(&huge, "x").unwrap_err().code(), "P12_INVALID");
    // A flipped byte inside the MAC'd content: the MAC fails (reported as the password).
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 1;
    let err = P12::parse(&flipped, "1900000001").unwrap_err();
    assert!(matches!(err.code(), "P12_PASSWORD" | "P12_INVALID"), "{err}");
    for err in [unsupported, err] {
        assert!(!err.to_string().contains("1900000001"), "no password in {err}");
    }
}

#[test]
fn pems_are_what_openssl_started_from() {
    let p12 = P12::parse(&vector("p12/merchant_legacy.p12"), "1900000001").expect("p12");
    assert_eq!(p12.certificate_pem().replace("\r\n", "\n"), text("v3/cert.pem").replace("\r\n", "\n"));
    let key = p12.private_key_pem().expect("pem");
    assert_eq!(key.trim_end(), text("v3/private_pkcs8.pem").replace("\r\n", "\n").trim_end());
}
