//! Alipay exports: camelCase functions delegating to [`crate::alipay`], taking the
//! `PrivateKey` / `PublicKey` classes of the v3 layer. Field maps are packed strings.

use super::v3::{PrivateKey, PublicKey};
use super::{to_js, to_object, unpack};
use crate::alipay::{self, SignType};
use wasm_bindgen::prelude::*;

type JsResult<T> = Result<T, JsValue>;

/// `RSA2` when omitted or empty.
fn sign_type(name: Option<String>) -> JsResult<SignType> {
    match name.as_deref() {
        None | Some("") => Ok(SignType::Rsa2),
        Some(t) => t.parse().map_err(to_js),
    }
}

/// The app private key from PEM or Alipay's bare base64 (PKCS#8 or PKCS#1).
#[wasm_bindgen(js_name = alipayPrivateKey)]
pub fn alipay_private_key(text: &str) -> JsResult<PrivateKey> {
    alipay::private_key(text).map(PrivateKey).map_err(to_js)
}

/// The Alipay public key from PEM or Alipay's bare base64 (SPKI).
#[wasm_bindgen(js_name = alipayPublicKey)]
pub fn alipay_public_key(text: &str) -> JsResult<PublicKey> {
    alipay::public_key(text).map(PublicKey).map_err(to_js)
}

#[wasm_bindgen(js_name = alipayStringToSign)]
pub fn alipay_string_to_sign(packed: &str, count: usize) -> JsResult<String> {
    alipay::string_to_sign(&unpack(packed, count)?).map_err(to_js)
}

#[wasm_bindgen(js_name = alipayNotificationStringToSign)]
pub fn alipay_notification_string_to_sign(packed: &str, count: usize) -> JsResult<String> {
    alipay::notification_string_to_sign(&unpack(packed, count)?).map_err(to_js)
}

#[wasm_bindgen(js_name = alipaySign)]
pub fn alipay_sign(packed: &str, count: usize, key: &PrivateKey, sign_type_name: Option<String>) -> JsResult<String> {
    alipay::sign(&unpack(packed, count)?, &key.0, sign_type(sign_type_name)?).map_err(to_js)
}

#[wasm_bindgen(js_name = alipaySignedQuery)]
pub fn alipay_signed_query(packed: &str, count: usize, key: &PrivateKey, sign_type_name: Option<String>) -> JsResult<String> {
    alipay::signed_query(&unpack(packed, count)?, &key.0, sign_type(sign_type_name)?).map_err(to_js)
}

/// Returns the sign type that verified (`RSA2` or `RSA`).
#[wasm_bindgen(js_name = alipayVerifyNotification)]
pub fn alipay_verify_notification(packed: &str, count: usize, key: &PublicKey) -> JsResult<String> {
    alipay::verify_notification(&unpack(packed, count)?, &key.0).map(|t| t.as_str().to_owned()).map_err(to_js)
}

#[derive(serde::Serialize)]
struct ResponseJs<'a> {
    node: String,
    content: &'a str,
}

/// Returns `{ node, content }`: the verified node's name and raw JSON text (the wrapper parses
/// it, keeping the key order of the body).
#[wasm_bindgen(js_name = alipayVerifyResponse)]
pub fn alipay_verify_response(
    body: &str,
    method: &str,
    key: &PublicKey,
    sign_type_name: Option<String>,
) -> JsResult<JsValue> {
    let r = alipay::verify_response(body, method, &key.0, sign_type(sign_type_name)?).map_err(to_js)?;
    to_object(&ResponseJs { node: r.node, content: r.content })
}
