//! The RSA steps split out for WebCrypto (prepare → sign elsewhere → finish; precheck → verify
//! elsewhere → finish) give exactly what the one-call functions give, errors included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::Value;
use wechatpay_wasm::keys::{PrivateKey, PublicKey, Verifier};
use wechatpay_wasm::{v3, Error};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

fn expected() -> Value {
    serde_json::from_str(&read("expected.json")).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

/// The DER inside a PEM file (body lines between the BEGIN and END lines).
fn pem_der(name: &str) -> Vec<u8> {
    let body: String = read(name).lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).unwrap()
}

#[test]
fn der_exports_are_the_standard_encodings_whatever_the_input_form() {
    let pkcs8 = pem_der("private_pkcs8.pem");
    for file in ["private_pkcs8.pem", "private_pkcs1.pem"] {
        let key = PrivateKey::from_pem(&read(file)).unwrap();
        assert_eq!(key.pkcs8_der().unwrap().as_slice(), pkcs8.as_slice(), "{file}");
    }
    let spki = pem_der("public_spki.pem");
    for file in ["public_spki.pem", "public_pkcs1.pem", "cert.pem", "cert_highbit.pem"] {
        assert_eq!(PublicKey::from_pem(&read(file)).unwrap().spki_der().unwrap(), spki, "{file}");
    }
    let private = PrivateKey::from_pem(&read("private_pkcs8.pem")).unwrap();
    assert_eq!(private.public_key().spki_der().unwrap(), spki);
}

#[test]
fn prepared_signatures_equal_the_one_call_functions_and_the_vectors() {
    let e = expected();
    let key = PrivateKey::from_pem(&read("private_pkcs1.pem")).unwrap();
    for a in [&e["authorization"], &e["authorizationGet"]] {
        let p = v3::prepare_authorization(
            s(&e["mchId"]),
            s(&e["certificate"]["serialNo"]),
            s(&a["method"]),
            s(&a["url"]),
            s(&a["body"]),
            Some(s(&a["timestamp"])),
            Some(s(&a["nonce"])),
        )
        .unwrap();
        assert_eq!(p.message(), s(&a["message"]));
        let signature = STANDARD.decode(s(&a["signature"])).unwrap();
        assert_eq!(p.header(&signature), s(&a["header"]));
        assert_eq!(
            v3::authorization_header(s(&e["mchId"]), s(&e["certificate"]["serialNo"]), p.timestamp(), p.nonce(), &signature),
            s(&a["header"])
        );
    }

    let j = &e["jsapi"];
    let p = v3::prepare_jsapi_pay_params(s(&j["appId"]), s(&j["prepayId"]), Some(s(&j["timeStamp"])), Some(s(&j["nonceStr"])))
        .unwrap();
    assert_eq!(p.message(), s(&j["message"]));
    let signed = p.finish(&STANDARD.decode(s(&j["paySign"])).unwrap());
    let direct = v3::jsapi_pay_params(s(&j["appId"]), s(&j["prepayId"]), &key, Some(s(&j["timeStamp"])), Some(s(&j["nonceStr"])))
        .unwrap();
    assert_eq!(signed, direct);

    let a = &e["app"];
    let p = v3::prepare_app_pay_params(s(&a["appId"]), s(&a["partnerId"]), s(&a["prepayId"]), Some(s(&a["timestamp"])), Some(s(&a["noncestr"])))
        .unwrap();
    assert_eq!(p.message(), s(&a["message"]));
    let signed = p.finish(&STANDARD.decode(s(&a["sign"])).unwrap());
    let direct = v3::app_pay_params(s(&a["appId"]), s(&a["partnerId"]), s(&a["prepayId"]), &key, Some(s(&a["timestamp"])), Some(s(&a["noncestr"])))
        .unwrap();
    assert_eq!(signed, direct);

    assert_eq!(v3::prepare_jsapi_pay_params("", "p", None, None).unwrap_err().code(), "INVALID_ARGUMENT");
    assert_eq!(v3::prepare_app_pay_params("a", "b", "c", Some("x"), None).unwrap_err().code(), "INVALID_ARGUMENT");
}

fn verifier() -> Verifier {
    let mut v = Verifier::new();
    v.add_certificate(PublicKey::from_pem(&read("cert.pem")).unwrap()).unwrap();
    v.add("PUB_KEY_ID_0114232134912410000000000000", PublicKey::from_pem(&read("public_spki.pem")).unwrap()).unwrap();
    v
}

#[test]
fn precheck_then_finish_fails_exactly_like_verify() {
    let e = expected();
    let r = &e["response"];
    let v = verifier();
    let now = r["now"].as_u64().unwrap();
    let run = |ts: &str, nonce: &str, body: &str, sig: &str, serial: &str, now: u64| {
        let direct = v3::verify(&v, ts, nonce, body, sig, serial, now, 300);
        // The split path: precheck, an RSA verification "elsewhere", finish with its verdict.
        let split = v3::precheck(&v, ts, nonce, body, sig, serial, now, 300).and_then(|p| {
            let key = v.get(p.key_id()).expect("key_id names a held key");
            p.finish(key.verify_sha256(p.message().as_bytes(), p.signature()))
        });
        assert_eq!(direct, split, "{ts} {nonce} {serial} {now}");
        direct.err().map(|e: Error| e.code())
    };
    let (ts, nonce, body, sig, serial) = (s(&r["timestamp"]), s(&r["nonce"]), s(&r["body"]), s(&r["signature"]), s(&r["serial"]));
    assert_eq!(run(ts, nonce, body, sig, serial, now), None);
    // Serials match without case and leading zeros; key_id is the normalized form.
    let p = v3::precheck(&v, ts, nonce, body, sig, &format!("00{}", serial.to_lowercase()), now, 300).unwrap();
    assert_eq!((p.key_id(), p.message()), (serial, s(&r["message"])));
    assert_eq!(p.signature(), STANDARD.decode(sig).unwrap().as_slice());
    assert_eq!(run(ts, nonce, body, sig, "PUB_KEY_ID_0114232134912410000000000000", now), None);

    assert_eq!(run(ts, nonce, &format!("{body} "), sig, serial, now), Some("SIGN_MISMATCH"));
    assert_eq!(run(ts, "x", body, sig, serial, now), Some("SIGN_MISMATCH"));
    assert_eq!(run(ts, nonce, body, sig, serial, now + 301), Some("TIMESTAMP_SKEW"));
    assert_eq!(run(ts, nonce, body, sig, "ABC", now), Some("SERIAL_UNKNOWN"));
    assert_eq!(run(ts, nonce, body, "WECHATPAY/SIGNTEST/AAAA", serial, now), Some("SIGNTEST_PROBE"));
    assert_eq!(run(ts, nonce, body, "***", serial, now), Some("HEADER_INVALID"));
    assert_eq!(run("", nonce, body, sig, serial, now), Some("HEADER_INVALID"));

    let p = v3::precheck(&v, ts, nonce, body, sig, serial, now, 300).unwrap();
    assert_eq!(p.finish(true), Ok(()));
    let mismatch = p.finish(false).unwrap_err();
    assert_eq!(mismatch, p.mismatch());
    assert_eq!(Err(mismatch), v3::verify(&v, ts, nonce, body, &STANDARD.encode([1u8; 256]), serial, now, 300));
}

#[test]
fn notification_halves_compose_to_parse_notification() {
    let e = expected();
    let n = &e["notification"];
    let v = verifier();
    let headers: Vec<(String, String)> =
        n["headers"].as_object().unwrap().iter().map(|(k, v)| (k.to_lowercase(), s(v).to_owned())).collect();
    let now = n["now"].as_u64().unwrap();
    let whole = v3::parse_notification(&headers, s(&n["body"]), s(&n["apiV3Key"]), &v, now, 300).unwrap();
    let p = v3::precheck_headers(&headers, s(&n["body"]), &v, now, 300).unwrap();
    p.finish(v.get(p.key_id()).unwrap().verify_sha256(p.message().as_bytes(), p.signature())).unwrap();
    let halves = v3::decrypt_notification(s(&n["body"]), s(&n["apiV3Key"])).unwrap();
    assert_eq!(whole, halves);
    assert_eq!(halves.resource, n["resource"]);
    assert_eq!(v3::precheck_headers(&headers[1..], s(&n["body"]), &v, now, 300).unwrap_err().code(), "HEADER_INVALID");
    assert_eq!(v3::decrypt_notification("{}", s(&n["apiV3Key"])).unwrap_err().code(), "JSON_INVALID");
}

#[test]
fn sensitive_halves() {
    let e = expected();
    let key = PrivateKey::from_pem(&read("private_pkcs8.pem")).unwrap();
    let ct = s(&e["sensitive"]["ciphertext"]);
    let bytes = v3::sensitive_ciphertext(ct).unwrap();
    assert_eq!(bytes.len(), 256);
    assert_eq!(v3::finish_decrypt_sensitive(Some(s(&e["sensitive"]["plaintext"]).as_bytes())).unwrap(), s(&e["sensitive"]["plaintext"]));
    // A failed decryption elsewhere is the same error as a failed one here.
    let mut tampered = bytes.clone();
    tampered[100] ^= 1;
    let here = v3::decrypt_sensitive(&STANDARD.encode(&tampered), &key).unwrap_err();
    assert_eq!(v3::finish_decrypt_sensitive(None).unwrap_err(), here);
    assert_eq!(here.code(), "DECRYPT_FAILED");
    assert_eq!(v3::finish_decrypt_sensitive(Some(&[0xff])).unwrap_err().code(), "DECRYPT_FAILED");
    assert_eq!(v3::sensitive_ciphertext("%%").unwrap_err().code(), "BASE64_INVALID");
    assert_eq!(v3::finish_encrypt_sensitive(&[0xfb, 0xff]), "+/8=");
    let public = key.public_key();
    public.check_oaep_sha1_len(214).unwrap();
    assert_eq!(public.check_oaep_sha1_len(215).unwrap_err().code(), "INVALID_ARGUMENT");
}

#[test]
fn verifier_key_ids() {
    assert_eq!(Verifier::key_id("005157f09efdc096de15ebe81a47057a7232f1b8e1"), "5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
    assert_eq!(Verifier::key_id("PUB_KEY_ID_01"), "PUB_KEY_ID_01");
}
