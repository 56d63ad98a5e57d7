//! API v3 exports: key handles as JS classes (call `free()` when done, or let the
//! FinalizationRegistry do it) and camelCase functions delegating to [`crate::v3`].
//!
//! `now` / `maxSkew` are optional JS numbers: omitted means the host clock / 300 s.

use super::{to_js, to_object};
use crate::{clock, keys, v3, Error};
use wasm_bindgen::prelude::*;

type JsResult<T> = Result<T, JsValue>;

fn now_or_clock(now: Option<f64>) -> u64 {
    // `as` saturates: NaN and negatives become 0, which then fails the skew check loudly.
    now.map_or_else(clock::unix_now, |n| n as u64)
}

fn skew_or_default(max_skew: Option<f64>) -> u64 {
    max_skew.map_or(v3::DEFAULT_MAX_SKEW_SECS, |s| s as u64)
}

/// A merchant RSA private key (PKCS#8 or PKCS#1 PEM), parsed once.
#[wasm_bindgen]
pub struct PrivateKey(keys::PrivateKey);

#[wasm_bindgen]
impl PrivateKey {
    #[wasm_bindgen(constructor)]
    pub fn new(pem: &str) -> JsResult<PrivateKey> {
        keys::PrivateKey::from_pem(pem).map(PrivateKey).map_err(to_js)
    }

    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(pem: &str) -> JsResult<PrivateKey> {
        Self::new(pem)
    }

    #[wasm_bindgen(getter)]
    pub fn bits(&self) -> usize {
        self.0.bits()
    }

    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.public_key())
    }
}

/// An RSA public key: SPKI or PKCS#1 PEM, or an X.509 certificate (with serial and validity).
#[wasm_bindgen]
pub struct PublicKey(keys::PublicKey);

#[wasm_bindgen]
impl PublicKey {
    #[wasm_bindgen(constructor)]
    pub fn new(pem: &str) -> JsResult<PublicKey> {
        keys::PublicKey::from_pem(pem).map(PublicKey).map_err(to_js)
    }

    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(pem: &str) -> JsResult<PublicKey> {
        Self::new(pem)
    }

    #[wasm_bindgen(getter)]
    pub fn bits(&self) -> usize {
        self.0.bits()
    }

    /// Certificate serial, uppercase hex; `undefined` for a bare public key.
    #[wasm_bindgen(getter, js_name = serialNo)]
    pub fn serial_no(&self) -> Option<String> {
        self.0.serial_no().map(str::to_owned)
    }

    /// Certificate notBefore, Unix seconds; `undefined` for a bare public key.
    #[wasm_bindgen(getter, js_name = notBefore)]
    pub fn not_before(&self) -> Option<f64> {
        self.0.not_before().map(|t| t as f64)
    }

    /// Certificate notAfter, Unix seconds; `undefined` for a bare public key.
    #[wasm_bindgen(getter, js_name = notAfter)]
    pub fn not_after(&self) -> Option<f64> {
        self.0.not_after().map(|t| t as f64)
    }
}

/// WeChat Pay verification keys by certificate serial or `PUB_KEY_ID_…`.
#[wasm_bindgen]
#[derive(Default)]
pub struct Verifier(keys::Verifier);

#[wasm_bindgen]
impl Verifier {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Verifier {
        Verifier::default()
    }

    /// Adds (or replaces) `key` under `id` (a copy of the key is kept).
    pub fn add(&mut self, id: &str, key: &PublicKey) -> JsResult<()> {
        self.0.add(id, key.0.clone()).map_err(to_js)
    }

    /// Adds a certificate under its own serial number, which it returns.
    #[wasm_bindgen(js_name = addCertificate)]
    pub fn add_certificate(&mut self, key: &PublicKey) -> JsResult<String> {
        self.0.add_certificate(key.0.clone()).map_err(to_js)
    }

    pub fn remove(&mut self, id: &str) -> bool {
        self.0.remove(id)
    }

    pub fn has(&self, id: &str) -> bool {
        self.0.has(id)
    }

    pub fn ids(&self) -> Vec<String> {
        self.0.ids()
    }

    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.0.len()
    }
}

#[wasm_bindgen(js_name = v3Message)]
pub fn v3_message(method: &str, url: &str, timestamp: &str, nonce: &str, body: &str) -> String {
    v3::message(method, url, timestamp, nonce, body)
}

#[wasm_bindgen(js_name = v3ResponseMessage)]
pub fn v3_response_message(timestamp: &str, nonce: &str, body: &str) -> String {
    v3::response_message(timestamp, nonce, body)
}

#[wasm_bindgen(js_name = v3JsapiMessage)]
pub fn v3_jsapi_message(app_id: &str, time_stamp: &str, nonce_str: &str, package: &str) -> String {
    v3::jsapi_message(app_id, time_stamp, nonce_str, package)
}

#[wasm_bindgen(js_name = v3AppMessage)]
pub fn v3_app_message(app_id: &str, timestamp: &str, nonce_str: &str, prepay_id: &str) -> String {
    v3::app_message(app_id, timestamp, nonce_str, prepay_id)
}

#[wasm_bindgen(js_name = v3Authorization)]
#[allow(clippy::too_many_arguments)]
pub fn v3_authorization(
    mch_id: &str,
    serial_no: &str,
    key: &PrivateKey,
    method: &str,
    url: &str,
    body: &str,
    timestamp: Option<String>,
    nonce: Option<String>,
) -> JsResult<String> {
    v3::authorization(mch_id, serial_no, &key.0, method, url, body, timestamp.as_deref(), nonce.as_deref())
        .map_err(to_js)
}

#[wasm_bindgen(js_name = v3Verify)]
#[allow(clippy::too_many_arguments)]
pub fn v3_verify(
    verifier: &Verifier,
    timestamp: &str,
    nonce: &str,
    body: &str,
    signature: &str,
    serial: &str,
    now: Option<f64>,
    max_skew: Option<f64>,
) -> JsResult<()> {
    v3::verify(&verifier.0, timestamp, nonce, body, signature, serial, now_or_clock(now), skew_or_default(max_skew))
        .map_err(to_js)
}

/// Verifies a response from its headers (JSON: an object, or an array of `[name, value]`).
#[wasm_bindgen(js_name = v3VerifyHeaders)]
pub fn v3_verify_headers(
    headers_json: &str,
    body: &str,
    verifier: &Verifier,
    now: Option<f64>,
    max_skew: Option<f64>,
) -> JsResult<()> {
    let headers = v3::headers_from_json(headers_json).map_err(to_js)?;
    v3::verify_headers(&headers, body, &verifier.0, now_or_clock(now), skew_or_default(max_skew)).map_err(to_js)
}

#[wasm_bindgen(js_name = v3DecryptResource)]
pub fn v3_decrypt_resource(ciphertext: &str, nonce: &str, associated_data: &str, api_v3_key: &str) -> JsResult<String> {
    v3::decrypt_resource(ciphertext, nonce, associated_data, api_v3_key).map_err(to_js)
}

#[wasm_bindgen(js_name = v3EncryptResource)]
pub fn v3_encrypt_resource(plaintext: &str, nonce: &str, associated_data: &str, api_v3_key: &str) -> JsResult<String> {
    v3::encrypt_resource(plaintext, nonce, associated_data, api_v3_key).map_err(to_js)
}

/// Verifies and decrypts a notification; returns its JSON (`id`, `create_time`, `event_type`,
/// `resource_type`, `summary`, `original_type`, `resource`).
#[wasm_bindgen(js_name = v3ParseNotification)]
pub fn v3_parse_notification(
    headers_json: &str,
    body: &str,
    api_v3_key: &str,
    verifier: &Verifier,
    now: Option<f64>,
    max_skew: Option<f64>,
) -> JsResult<String> {
    let headers = v3::headers_from_json(headers_json).map_err(to_js)?;
    let n = v3::parse_notification(&headers, body, api_v3_key, &verifier.0, now_or_clock(now), skew_or_default(max_skew))
        .map_err(to_js)?;
    serde_json::to_string(&n).map_err(|e| to_js(Error::JsonInvalid(e.to_string())))
}

#[wasm_bindgen(js_name = v3JsapiPayParams)]
pub fn v3_jsapi_pay_params(
    app_id: &str,
    prepay_id: &str,
    key: &PrivateKey,
    time_stamp: Option<String>,
    nonce_str: Option<String>,
) -> JsResult<JsValue> {
    let p = v3::jsapi_pay_params(app_id, prepay_id, &key.0, time_stamp.as_deref(), nonce_str.as_deref())
        .map_err(to_js)?;
    to_object(&p)
}

#[wasm_bindgen(js_name = v3AppPayParams)]
pub fn v3_app_pay_params(
    app_id: &str,
    partner_id: &str,
    prepay_id: &str,
    key: &PrivateKey,
    timestamp: Option<String>,
    nonce_str: Option<String>,
) -> JsResult<JsValue> {
    let p = v3::app_pay_params(app_id, partner_id, prepay_id, &key.0, timestamp.as_deref(), nonce_str.as_deref())
        .map_err(to_js)?;
    to_object(&p)
}

#[wasm_bindgen(js_name = v3EncryptSensitive)]
pub fn v3_encrypt_sensitive(plaintext: &str, key: &PublicKey) -> JsResult<String> {
    v3::encrypt_sensitive(plaintext, &key.0).map_err(to_js)
}

#[wasm_bindgen(js_name = v3DecryptSensitive)]
pub fn v3_decrypt_sensitive(ciphertext: &str, key: &PrivateKey) -> JsResult<String> {
    v3::decrypt_sensitive(ciphertext, &key.0).map_err(to_js)
}

/// The certificates of a `/v3/certificates` response: an array of `{serial_no, effective_time,
/// expire_time, certificate_pem}`.
#[wasm_bindgen(js_name = v3DecryptCertificates)]
pub fn v3_decrypt_certificates(response_body: &str, api_v3_key: &str) -> JsResult<JsValue> {
    to_object(&v3::decrypt_certificates(response_body, api_v3_key).map_err(to_js)?)
}

/// SHA256withRSA (PKCS#1 v1.5, blinded) of the UTF-8 `message`, base64.
#[wasm_bindgen(js_name = rsaSignSha256)]
pub fn rsa_sign_sha256(key: &PrivateKey, message: &str) -> JsResult<String> {
    v3::sign_message(&key.0, message.as_bytes()).map_err(to_js)
}

/// Whether `signature` (base64) is a valid SHA256withRSA signature of the UTF-8 `message`;
/// throws `BASE64_INVALID` for bad base64.
#[wasm_bindgen(js_name = rsaVerifySha256)]
pub fn rsa_verify_sha256(key: &PublicKey, message: &str, signature: &str) -> JsResult<bool> {
    v3::verify_message(&key.0, message.as_bytes(), signature).map_err(to_js)
}
