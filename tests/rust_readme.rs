//! The README's "Rust crate" snippet, compiled and run: the code between the `README` markers
//! below is the README's ```rust block character for character (the first test checks it), and
//! the other tests call its functions with the TEST ONLY keys of tests/vectors.
#![allow(dead_code)]

// README begin
use wechatpay_wasm::keys::{PrivateKey, PublicKey, Verifier};
use wechatpay_wasm::{v2, v3};

const MCH_ID: &str = "1900000001";
const APP_ID: &str = "wxd678efh567hg6787";
const SERIAL_NO: &str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"; // apiclient_cert.pem's serial

/// Once at start: the merchant key, and WeChat Pay's platform certificates (from
/// `GET /v3/certificates` through `v3::decrypt_certificates`) or its public key.
fn load_keys(dir: &std::path::Path) -> Result<(PrivateKey, Verifier), Box<dyn std::error::Error>> {
    let key = PrivateKey::from_pem(&std::fs::read_to_string(dir.join("apiclient_key.pem"))?)?;
    let mut verifier = Verifier::new();
    verifier.add_certificate(PublicKey::from_pem(&std::fs::read_to_string(dir.join("platform_cert.pem"))?)?)?;
    Ok((key, verifier))
}

/// The `Authorization` header of an API v3 request; send `body` exactly as signed.
fn order_authorization(key: &PrivateKey, body: &str) -> wechatpay_wasm::Result<String> {
    v3::authorization(MCH_ID, SERIAL_NO, key, "POST", "/v3/pay/transactions/jsapi", body, None, None)
}

/// After verifying the answer (`v3::verify_headers`): what `wx.requestPayment` needs.
fn request_payment(key: &PrivateKey, prepay_id: &str) -> wechatpay_wasm::Result<v3::JsapiPayParams> {
    v3::jsapi_pay_params(APP_ID, prepay_id, key, None, None)
}

/// `POST /notify` (API v3): the HTTP status and body to answer. `raw_body` is the request body
/// exactly as received; WeChat Pay redelivers until it gets a 2xx.
fn notify(headers: &[(String, String)], raw_body: &str, api_v3_key: &str, verifier: &Verifier, now: u64) -> (u16, String) {
    match v3::parse_notification(headers, raw_body, api_v3_key, verifier, now, v3::DEFAULT_MAX_SKEW_SECS) {
        Ok(event) => {
            // Authentic and decrypted: check event.resource (out_trade_no, amount.total, …)
            // against your order, and process event.id once.
            println!("{} {}", event.event_type, event.resource["out_trade_no"]);
            (204, String::new())
        }
        Err(e) => {
            let auth = ["SIGN_MISMATCH", "SERIAL_UNKNOWN", "TIMESTAMP_SKEW", "HEADER_INVALID", "SIGNTEST_PROBE"];
            let status = if auth.contains(&e.code()) { 401 } else { 400 };
            (status, format!(r#"{{"code":"FAIL","message":"{}"}}"#, e.code()))
        }
    }
}

/// API v2 (XML) notifications: the XML to answer.
fn notify_v2(xml: &str, api_key: &str) -> String {
    match v2::parse_notification(xml, api_key) {
        Ok(_fields) => v2::notification_ack(true, None),
        Err(e) => v2::notification_ack(false, Some(e.code())),
    }
}
// README end

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/");

#[test]
fn the_readme_shows_this_code() {
    let me = include_str!("rust_readme.rs");
    let code = me.split("// README begin\n").nth(1).and_then(|s| s.split("// README end\n").next()).unwrap();
    let readme = include_str!("../README.md");
    let section = readme.split("\n## Rust crate\n").nth(1).expect("README has a \"Rust crate\" section");
    let block = section.split("```rust\n").nth(1).and_then(|s| s.split("```\n").next()).unwrap();
    assert_eq!(block, code);
}

#[test]
fn keys_order_and_pay_sign() {
    let dir = std::env::temp_dir().join(format!("wechatpay-rust-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(format!("{VECTORS}private_pkcs8.pem"), dir.join("apiclient_key.pem")).unwrap();
    std::fs::copy(format!("{VECTORS}cert.pem"), dir.join("platform_cert.pem")).unwrap();
    let (key, verifier) = load_keys(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(verifier.ids(), [SERIAL_NO]);

    let body = r#"{"appid":"wxd678efh567hg6787","mchid":"1900000001","description":"QQ公仔"}"#;
    let auth = order_authorization(&key, body).unwrap();
    let field = |name: &str| auth.split(&format!("{name}=\"")).nth(1).and_then(|s| s.split('"').next()).unwrap().to_owned();
    let message = format!("POST\n/v3/pay/transactions/jsapi\n{}\n{}\n{body}\n", field("timestamp"), field("nonce_str"));
    let cert = verifier.get(SERIAL_NO).unwrap();
    assert!(v3::verify_message(cert, message.as_bytes(), &field("signature")).unwrap());
    assert!(!v3::verify_message(cert, message.replace("QQ", "qq").as_bytes(), &field("signature")).unwrap());

    let pay = request_payment(&key, "wx201410272009395522657a690389285100").unwrap();
    let signed = format!("{APP_ID}\n{}\n{}\nprepay_id=wx201410272009395522657a690389285100\n", pay.time_stamp, pay.nonce_str);
    assert!(v3::verify_message(cert, signed.as_bytes(), &pay.pay_sign).unwrap());
}

#[test]
fn notifications_are_acked_or_refused_with_the_handlers_codes() {
    let key = PrivateKey::from_pem(&std::fs::read_to_string(format!("{VECTORS}private_pkcs8.pem")).unwrap()).unwrap();
    let mut verifier = Verifier::new();
    verifier.add_certificate(PublicKey::from_pem(&std::fs::read_to_string(format!("{VECTORS}cert.pem")).unwrap()).unwrap()).unwrap();
    let api_v3_key = "TESTONLYapiV3key0123456789abcdef";
    let ciphertext = v3::encrypt_resource(r#"{"out_trade_no":"T1","amount":{"total":1}}"#, "fdasflkja484", "transaction", api_v3_key).unwrap();
    let body = format!(
        r#"{{"id":"EV-1","create_time":"2026-11-22T20:30:00+08:00","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"{ciphertext}","associated_data":"transaction","nonce":"fdasflkja484"}}}}"#
    );
    let signature = v3::sign_message(&key, v3::response_message("1700000000", "n1", &body).as_bytes()).unwrap();
    let headers: Vec<(String, String)> = [("Wechatpay-Timestamp", "1700000000"), ("Wechatpay-Nonce", "n1"), ("Wechatpay-Signature", signature.as_str()), ("Wechatpay-Serial", SERIAL_NO)]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(notify(&headers, &body, api_v3_key, &verifier, 1_700_000_010), (204, String::new()));
    let tampered = body.replace("EV-1", "EV-2");
    assert_eq!(notify(&headers, &tampered, api_v3_key, &verifier, 1_700_000_010), (401, r#"{"code":"FAIL","message":"SIGN_MISMATCH"}"#.into()));
    assert_eq!(notify(&headers, &body, api_v3_key, &verifier, 1_700_001_000), (401, r#"{"code":"FAIL","message":"TIMESTAMP_SKEW"}"#.into()));
    assert_eq!(notify(&headers, &body, "0123456789abcdef0123456789abcdef", &verifier, 1_700_000_010), (400, r#"{"code":"FAIL","message":"DECRYPT_FAILED"}"#.into()));

    let v2_key = "192006250b4c09247ec02edce69f6a2d";
    let mut fields = vec![("return_code", "SUCCESS".to_owned()), ("out_trade_no", "T1".to_owned())];
    fields.push(("sign", v2::sign(&fields, v2_key, v2::SignType::Md5)));
    let xml = wechatpay_wasm::xml::to_xml(&fields).unwrap();
    assert_eq!(notify_v2(&xml, v2_key), "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>");
    assert_eq!(notify_v2(&xml, "another key"), "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[SIGN_MISMATCH]]></return_msg></xml>");
}
