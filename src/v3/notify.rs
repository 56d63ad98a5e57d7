//! Notifications (`notify_url`): verify the headers' signature, then decrypt the resource.

use super::{verify_headers, EncryptedObject};
use crate::json::{self, Document, Fields, Kind};
use crate::keys::Verifier;
use crate::{Error, Result};

/// A verified, decrypted API v3 notification. Field names are WeChat Pay's. The envelope's
/// fields are read each at most once (a field given twice is `JSON_INVALID`).
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Notification<R = json::Value> {
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
    /// The decrypted resource (the transaction, refund, … object), read by [`crate::json`]; in a
    /// [`NotificationText`], its text exactly as decrypted.
    pub resource: R,
}

/// A notification whose resource is still the decrypted text (checked to be JSON): what the
/// wasm layer returns, with the resource exactly as WeChat Pay encrypted it.
pub type NotificationText = Notification<String>;

impl Notification<String> {
    /// The notification as a JSON object (the names of [`Notification`]), the resource's text
    /// as decrypted: never re-serialized.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(self.resource.len() + 256);
        let fields = [
            ("id", &self.id),
            ("create_time", &self.create_time),
            ("event_type", &self.event_type),
            ("resource_type", &self.resource_type),
            ("summary", &self.summary),
            ("original_type", &self.original_type),
        ];
        for (k, (name, value)) in fields.iter().enumerate() {
            out.push_str(if k == 0 { "{\"" } else { ",\"" });
            out.push_str(name);
            out.push_str("\":");
            json::write_string(&mut out, value);
        }
        out.push_str(",\"resource\":");
        out.push_str(&self.resource);
        out.push('}');
        out
    }
}

/// [`decrypt_notification`] with the resource left as its decrypted text (checked to be JSON).
pub fn decrypt_notification_text(body: &str, api_v3_key: &str) -> Result<NotificationText> {
    const WHAT: &str = "notification body";
    let doc = Document::parse(body, WHAT)?;
    let envelope = Fields::of(doc.root(), WHAT)?;
    let id = envelope.string("id")?;
    let create_time = envelope.string("create_time")?;
    let event_type = envelope.string("event_type")?;
    let resource_type = envelope.string("resource_type")?;
    let summary = envelope.string_or_empty("summary")?;
    let resource = EncryptedObject::read(envelope.required("resource")?, WHAT)?;
    let plaintext = resource.decrypt(api_v3_key)?;
    Document::parse(&plaintext, "decrypted resource")?;
    Ok(NotificationText {
        id,
        create_time,
        event_type,
        resource_type,
        summary,
        original_type: resource.original_type,
        resource: plaintext,
    })
}

/// [`parse_notification`] with the resource left as its decrypted text.
pub fn parse_notification_text<H: AsRef<str>>(
    headers: &[(H, H)],
    body: &str,
    api_v3_key: &str,
    verifier: &Verifier,
    now: u64,
    max_skew_secs: u64,
) -> Result<NotificationText> {
    verify_headers(headers, body, verifier, now, max_skew_secs)?;
    decrypt_notification_text(body, api_v3_key)
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
    parse_notification_text(headers, body, api_v3_key, verifier, now, max_skew_secs).and_then(with_value)
}

fn with_value(n: NotificationText) -> Result<Notification> {
    Ok(Notification {
        resource: json::parse(&n.resource)?,
        id: n.id,
        create_time: n.create_time,
        event_type: n.event_type,
        resource_type: n.resource_type,
        summary: n.summary,
        original_type: n.original_type,
    })
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
    decrypt_notification_text(body, api_v3_key).and_then(with_value)
}

/// Headers given as JSON: an object `{"name": "value"}` (a Node `req.headers`; an array value
/// counts by its first element) or an array of `[name, value]` pairs (`[...fetchHeaders]`).
///
/// ```
/// let h = wechatpay_wasm::v3::headers_from_json(r#"{"Wechatpay-Nonce":"abc","x":["1","2"]}"#).unwrap();
/// assert_eq!(h, [("Wechatpay-Nonce".to_owned(), "abc".to_owned()), ("x".to_owned(), "1".to_owned())]);
/// ```
pub fn headers_from_json(json: &str) -> Result<Vec<(String, String)>> {
    use std::collections::BTreeMap;
    let bad = || Error::JsonInvalid("headers must be an object of strings or an array of [name, value] pairs".into());
    // A string, a number (its text), or an array's first element (a Node header list).
    let text = |mut v: json::Item<'_, '_>| loop {
        match v.kind() {
            Kind::String => return v.as_str().map(|s| s.into_owned()),
            Kind::Number => return Some(v.raw().to_owned()),
            Kind::Array => v = v.children().next()?,
            _ => return None,
        }
    };
    let doc = Document::parse(json, "headers")?;
    let root = doc.root();
    match root.kind() {
        Kind::Object => {
            // As a JSON object is read into a map: the last of a name given twice, in name order.
            let mut map = BTreeMap::new();
            for (name, value) in root.members() {
                map.insert(name.as_str().unwrap_or_default(), text(value).ok_or_else(bad)?);
            }
            Ok(map.into_iter().map(|(k, v)| (k.into_owned(), v)).collect())
        }
        Kind::Array => root
            .children()
            .map(|pair| {
                let mut parts = pair.children();
                match (pair.kind(), parts.next(), parts.next(), parts.next()) {
                    (Kind::Array, Some(name), Some(value), None) if name.kind() == Kind::String => {
                        Ok((name.as_str().unwrap_or_default().into_owned(), text(value).ok_or_else(bad)?))
                    }
                    _ => Err(bad()),
                }
            })
            .collect(),
        _ => Err(bad()),
    }
}
