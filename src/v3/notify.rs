//! Notifications (`notify_url`): verify the headers' signature, then decrypt the resource.

use super::{verify_headers, EncryptedObject};
use crate::keys::Verifier;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// A verified, decrypted API v3 notification. Field names are WeChat Pay's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    /// The notification id (`EV-…`): use it to deduplicate redeliveries.
    pub id: String,
    pub create_time: String,
    /// E.g. `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`.
    pub event_type: String,
    /// `encrypt-resource`.
    pub resource_type: String,
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
