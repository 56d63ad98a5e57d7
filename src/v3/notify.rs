//! Notifications (`notify_url`): verify the headers' signature, then decrypt the resource.

use super::{verify_headers, EncryptedObject};
use crate::keys::Verifier;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// A verified, decrypted API v3 notification. Field names are WeChat Pay's.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
/// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
/// # let api_v3_key = "TESTONLYapiV3key0123456789abcdef";
/// # let resource = r#"{"mchid":"1900000001","out_trade_no":"1217752501201407033233368018","trade_state":"SUCCESS"}"#;
/// # let ciphertext = wechatpay_wasm::v3::encrypt_resource(resource, "fdasflkja484", "transaction", api_v3_key)?;
/// # let body = format!(r#"{{"id":"EV-2018022511223320873","create_time":"2015-05-20T13:29:35+08:00","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"{ciphertext}","associated_data":"transaction","nonce":"fdasflkja484"}}}}"#);
/// # let now = 1554209990;
/// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message("1554209980", "c5ac7061", &body).as_bytes())?;
/// # let headers = [("Wechatpay-Timestamp", "1554209980"), ("Wechatpay-Nonce", "c5ac7061"),
/// #     ("Wechatpay-Signature", signature.as_str()), ("Wechatpay-Serial", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1")];
/// let n = wechatpay_wasm::v3::parse_notification(&headers, &body, api_v3_key, &verifier, now, 300)?;
/// assert_eq!((n.id.as_str(), n.event_type.as_str(), n.original_type.as_str()),
///            ("EV-2018022511223320873", "TRANSACTION.SUCCESS", "transaction"));
/// assert_eq!(n.resource["trade_state"], "SUCCESS");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    /// The notification id (`EV-…`): use it to deduplicate redeliveries.
    pub id: String,
    /// When WeChat Pay created it, RFC 3339 (`2015-05-20T13:29:35+08:00`).
    pub create_time: String,
    /// E.g. `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`.
    pub event_type: String,
    /// `encrypt-resource`.
    pub resource_type: String,
    /// A human-readable summary (`支付成功`).
    pub summary: String,
    /// The resource's `original_type` (e.g. `transaction`, `refund`).
    pub original_type: String,
    /// The decrypted resource (the transaction, refund, … object).
    pub resource: serde_json::Value,
}

#[derive(Deserialize)]
struct Envelope {
    id: String,
    create_time: String,
    event_type: String,
    resource_type: String,
    #[serde(default)]
    summary: String,
    resource: EncryptedObject,
}

pub(crate) fn json_error(what: &str, e: &serde_json::Error) -> Error {
    Error::JsonInvalid(format!("{what}: {e}"))
}

/// Verifies and decrypts a notification. `headers` are the request's headers (names
/// case-insensitive), `body` the exact raw body (do not re-serialize parsed JSON: the signature
/// covers the bytes).
///
/// The signature is checked first (see [`super::verify`] for its codes), then
/// [`decrypt_notification`].
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
/// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
/// # let api_v3_key = "TESTONLYapiV3key0123456789abcdef";
/// # let resource = r#"{"mchid":"1900000001","out_trade_no":"1217752501201407033233368018","trade_state":"SUCCESS"}"#;
/// # let ciphertext = wechatpay_wasm::v3::encrypt_resource(resource, "fdasflkja484", "transaction", api_v3_key)?;
/// # let body = format!(r#"{{"id":"EV-2018022511223320873","create_time":"2015-05-20T13:29:35+08:00","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"{ciphertext}","associated_data":"transaction","nonce":"fdasflkja484"}}}}"#);
/// # let now = 1554209990;
/// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message("1554209980", "c5ac7061", &body).as_bytes())?;
/// # let headers = [("Wechatpay-Timestamp", "1554209980"), ("Wechatpay-Nonce", "c5ac7061"),
/// #     ("Wechatpay-Signature", signature.as_str()), ("Wechatpay-Serial", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1")];
/// use wechatpay_wasm::v3;
/// // `headers`: the request's headers; `body`: its raw text, exactly as received.
/// let n = v3::parse_notification(&headers, &body, api_v3_key, &verifier, now, v3::DEFAULT_MAX_SKEW_SECS)?;
/// assert_eq!(n.resource["out_trade_no"], "1217752501201407033233368018");
/// // Acknowledge with HTTP 204; on an error, 4xx/5xx {"code":"FAIL","message":…} and WeChat Pay retries.
/// let forged = body.replace("SUCCESS", "CLOSED");
/// let err = v3::parse_notification(&headers, &forged, api_v3_key, &verifier, now, 300).unwrap_err();
/// assert_eq!(err.code(), "SIGN_MISMATCH");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn parse_notification<H: AsRef<str>>(
    headers: &[(H, H)],
    body: &str,
    api_v3_key: &str,
    verifier: &Verifier,
    now: u64,
    max_skew_secs: u64,
) -> Result<Notification> {
    verify_headers(headers, body, verifier, now, max_skew_secs)?;
    decrypt_notification(body, api_v3_key)
}

/// The second half of [`parse_notification`], for a body whose signature was verified (the JS
/// wrapper verifies with WebCrypto after [`super::precheck_headers`]): parses the envelope
/// (`JSON_INVALID`), decrypts the resource (`KEY_INVALID`, `DECRYPT_FAILED`) and parses it
/// (`JSON_INVALID`). Never call it on an unverified body.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
/// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
/// # let api_v3_key = "TESTONLYapiV3key0123456789abcdef";
/// # let resource = r#"{"mchid":"1900000001","out_trade_no":"1217752501201407033233368018","trade_state":"SUCCESS"}"#;
/// # let ciphertext = wechatpay_wasm::v3::encrypt_resource(resource, "fdasflkja484", "transaction", api_v3_key)?;
/// # let body = format!(r#"{{"id":"EV-2018022511223320873","create_time":"2015-05-20T13:29:35+08:00","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"{ciphertext}","associated_data":"transaction","nonce":"fdasflkja484"}}}}"#);
/// # let now = 1554209990;
/// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message("1554209980", "c5ac7061", &body).as_bytes())?;
/// # let headers = [("Wechatpay-Timestamp", "1554209980"), ("Wechatpay-Nonce", "c5ac7061"),
/// #     ("Wechatpay-Signature", signature.as_str()), ("Wechatpay-Serial", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1")];
/// let n = wechatpay_wasm::v3::decrypt_notification(&body, api_v3_key)?; // only after verifying `body`
/// assert_eq!(n.summary, "支付成功");
/// let wrong_key = wechatpay_wasm::v3::decrypt_notification(&body, "0123456789abcdef0123456789abcdef");
/// assert_eq!(wrong_key.unwrap_err().code(), "DECRYPT_FAILED");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn decrypt_notification(body: &str, api_v3_key: &str) -> Result<Notification> {
    let envelope: Envelope = serde_json::from_str(body).map_err(|e| json_error("notification body", &e))?;
    let plaintext = envelope.resource.decrypt(api_v3_key)?;
    let resource = serde_json::from_str(&plaintext).map_err(|e| json_error("decrypted resource", &e))?;
    Ok(Notification {
        id: envelope.id,
        create_time: envelope.create_time,
        event_type: envelope.event_type,
        resource_type: envelope.resource_type,
        summary: envelope.summary,
        original_type: envelope.resource.original_type,
        resource,
    })
}

/// Headers given as JSON: an object `{"name": "value"}` (a Node `req.headers`; an array value
/// counts by its first element) or an array of `[name, value]` pairs (`[...fetchHeaders]`).
///
/// ```
/// let h = wechatpay_wasm::v3::headers_from_json(r#"{"Wechatpay-Nonce":"abc","x":["1","2"]}"#).unwrap();
/// assert_eq!(h, [("Wechatpay-Nonce".to_owned(), "abc".to_owned()), ("x".to_owned(), "1".to_owned())]);
/// ```
pub fn headers_from_json(json: &str) -> Result<Vec<(String, String)>> {
    use serde_json::Value;
    fn text(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Array(a) => a.first().and_then(text),
            _ => None,
        }
    }
    let bad = || Error::JsonInvalid("headers must be an object of strings or an array of [name, value] pairs".into());
    match serde_json::from_str(json).map_err(|e| json_error("headers", &e))? {
        Value::Object(map) => map.iter().map(|(k, v)| Ok((k.clone(), text(v).ok_or_else(bad)?))).collect(),
        Value::Array(pairs) => pairs
            .iter()
            .map(|p| match p.as_array().map(Vec::as_slice) {
                Some([Value::String(k), v]) => Ok((k.clone(), text(v).ok_or_else(bad)?)),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}
