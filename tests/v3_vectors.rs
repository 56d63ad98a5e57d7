//! Reproduces every value of tests/vectors/v3/expected.json (made by Node crypto and OpenSSL).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use serde_json::Value;
use wechatpay_wasm::keys::{PrivateKey, PublicKey, Verifier};
use wechatpay_wasm::v3;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

fn expected() -> Value {
    serde_json::from_str(&read("expected.json")).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn private_keys() -> [PrivateKey; 2] {
    [PrivateKey::from_pem(&read("private_pkcs8.pem")).unwrap(), PrivateKey::from_pem(&read("private_pkcs1.pem")).unwrap()]
}

fn platform_verifier(e: &Value) -> Verifier {
    let mut v = Verifier::new();
    v.add_certificate(PublicKey::from_pem(&read(s(&e["certificate"]["file"]))).unwrap()).unwrap();
    v
}

#[test]
fn authorization_headers() {
    let e = expected();
    for key in private_keys() {
        assert_eq!(key.bits(), 2048);
        for a in [&e["authorization"], &e["authorizationGet"]] {
            let msg = v3::message(s(&a["method"]), s(&a["url"]), s(&a["timestamp"]), s(&a["nonce"]), s(&a["body"])).unwrap();
            assert_eq!(msg, s(&a["message"]));
            assert_eq!(v3::sign_message(&key, msg.as_bytes()).unwrap(), s(&a["signature"]));
            let header = v3::authorization(
                s(&e["mchId"]),
                s(&e["certificate"]["serialNo"]),
                &key,
                s(&a["method"]),
                s(&a["url"]),
                s(&a["body"]),
                Some(s(&a["timestamp"])),
                Some(s(&a["nonce"])),
            )
            .unwrap();
            assert_eq!(header, s(&a["header"]));
        }
    }
}

#[test]
fn pay_params() {
    let e = expected();
    let (j, a) = (&e["jsapi"], &e["app"]);
    for key in private_keys() {
        let p = v3::jsapi_pay_params(s(&j["appId"]), s(&j["prepayId"]), &key, Some(s(&j["timeStamp"])), Some(s(&j["nonceStr"])))
            .unwrap();
        assert_eq!(v3::jsapi_message(&p.app_id, &p.time_stamp, &p.nonce_str, &p.package), s(&j["message"]));
        assert_eq!((p.package.as_str(), p.sign_type.as_str()), (s(&j["package"]), "RSA"));
        assert_eq!(p.pay_sign, s(&j["paySign"]));

        let p = v3::app_pay_params(
            s(&a["appId"]),
            s(&a["partnerId"]),
            s(&a["prepayId"]),
            &key,
            Some(s(&a["timestamp"])),
            Some(s(&a["noncestr"])),
        )
        .unwrap();
        assert_eq!(v3::app_message(&p.appid, &p.timestamp, &p.noncestr, &p.prepayid), s(&a["message"]));
        assert_eq!(p.package, "Sign=WXPay");
        assert_eq!(p.sign, s(&a["sign"]));
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["partnerid"], a["partnerId"]);
    }
}

#[test]
fn certificate_serial_and_validity() {
    let e = expected();
    for c in [&e["certificate"], &e["certificateHighBit"]] {
        let key = PublicKey::from_pem(&read(s(&c["file"]))).unwrap();
        assert_eq!(key.serial_no(), Some(s(&c["serialNo"])));
        assert_eq!(key.not_before(), c["notBefore"].as_u64());
        assert_eq!(key.not_after(), c["notAfter"].as_u64());
        assert_eq!(key.bits(), 2048);
    }
    for name in ["public_spki.pem", "public_pkcs1.pem"] {
        let key = PublicKey::from_pem(&read(name)).unwrap();
        assert_eq!((key.serial_no(), key.not_before(), key.not_after()), (None, None, None));
    }
}

#[test]
fn response_verifies_with_every_key_form() {
    let e = expected();
    let r = &e["response"];
    assert_eq!(v3::response_message(s(&r["timestamp"]), s(&r["nonce"]), s(&r["body"])), s(&r["message"]));
    let now = r["now"].as_u64().unwrap();
    let verify = |v: &Verifier, serial: &str| {
        v3::verify(v, s(&r["timestamp"]), s(&r["nonce"]), s(&r["body"]), s(&r["signature"]), serial, now, 300)
    };
    verify(&platform_verifier(&e), s(&r["serial"])).unwrap();
    // Java-style serial (lowercase) still matches.
    verify(&platform_verifier(&e), &s(&r["serial"]).to_ascii_lowercase()).unwrap();
    for name in ["public_spki.pem", "public_pkcs1.pem"] {
        let mut v = Verifier::new();
        v.add("PUB_KEY_ID_0114232134912410000000000000", PublicKey::from_pem(&read(name)).unwrap()).unwrap();
        verify(&v, "PUB_KEY_ID_0114232134912410000000000000").unwrap();
        let key = PublicKey::from_pem(&read(name)).unwrap();
        assert!(v3::verify_message(&key, s(&r["message"]).as_bytes(), s(&r["signature"])).unwrap());
    }
}

#[test]
fn resource_and_notification() {
    let e = expected();
    let r = &e["resource"];
    let plain = v3::decrypt_resource(s(&r["ciphertext"]), s(&r["nonce"]), s(&r["associatedData"]), s(&r["apiV3Key"])).unwrap();
    assert_eq!(plain, s(&r["plaintext"]));
    let again = v3::encrypt_resource(&plain, s(&r["nonce"]), s(&r["associatedData"]), s(&r["apiV3Key"])).unwrap();
    assert_eq!(again, s(&r["ciphertext"]), "AES-GCM is deterministic for a fixed nonce");

    let n = &e["notification"];
    let headers: Vec<(String, String)> =
        n["headers"].as_object().unwrap().iter().map(|(k, v)| (k.to_ascii_lowercase(), s(v).to_owned())).collect();
    let got = v3::parse_notification(&headers, s(&n["body"]), s(&n["apiV3Key"]), &platform_verifier(&e), n["now"].as_u64().unwrap(), 300)
        .unwrap();
    assert_eq!(got.resource, n["resource"]);
    assert_eq!((got.id.as_str(), got.event_type.as_str()), ("EV-2018022511223320873", "TRANSACTION.SUCCESS"));
    assert_eq!((got.resource_type.as_str(), got.summary.as_str()), ("encrypt-resource", "支付成功"));
    assert_eq!((got.create_time.as_str(), got.original_type.as_str()), ("2015-05-20T13:29:35+08:00", "transaction"));

    let from_json = v3::headers_from_json(&n["headers"].to_string()).unwrap();
    v3::parse_notification(&from_json, s(&n["body"]), s(&n["apiV3Key"]), &platform_verifier(&e), n["now"].as_u64().unwrap(), 300)
        .unwrap();
}

#[test]
fn sensitive_fields() {
    let e = expected();
    let x = &e["sensitive"];
    for key in private_keys() {
        assert_eq!(v3::decrypt_sensitive(s(&x["ciphertext"]), &key).unwrap(), s(&x["plaintext"]));
    }
    let public = PublicKey::from_pem(&read("cert.pem")).unwrap();
    let ct = v3::encrypt_sensitive("13800138000", &public).unwrap();
    assert_ne!(ct, v3::encrypt_sensitive("13800138000", &public).unwrap(), "OAEP is randomized");
    assert_eq!(v3::decrypt_sensitive(&ct, &private_keys()[0]).unwrap(), "13800138000");
}

#[test]
fn platform_certificates() {
    let e = expected();
    let c = &e["certificates"];
    let got = v3::decrypt_certificates(s(&c["body"]), s(&c["apiV3Key"])).unwrap();
    let want = c["expected"].as_array().unwrap();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.serial_no, s(&w["serialNo"]));
        assert_eq!(g.effective_time, s(&w["effectiveTime"]));
        assert_eq!(g.expire_time, s(&w["expireTime"]));
        assert_eq!(g.certificate_pem, s(&w["certificatePem"]));
        let mut v = Verifier::new();
        assert_eq!(v.add_certificate(PublicKey::from_pem(&g.certificate_pem).unwrap()).unwrap(), g.serial_no);
    }
}
