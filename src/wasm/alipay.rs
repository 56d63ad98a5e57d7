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

// ---- certificate mode, OpenAPI v3, AES content encryption ----------------------------------

/// `app_cert_sn` / `alipay_cert_sn` of the first certificate of a PEM file.
#[wasm_bindgen(js_name = alipayCertSn)]
pub fn alipay_cert_sn(pem: &str) -> JsResult<String> {
    alipay::cert_sn::cert_sn(pem).map_err(to_js)
}

/// `alipay_root_cert_sn` of the root bundle (its RSA-signed certificates, joined with `_`).
#[wasm_bindgen(js_name = alipayRootCertSn)]
pub fn alipay_root_cert_sn(pem: &str) -> JsResult<String> {
    alipay::cert_sn::root_cert_sn(pem).map_err(to_js)
}

/// The top-level `alipay_cert_sn` of a gateway response body, if any.
#[wasm_bindgen(js_name = alipayResponseCertSn)]
pub fn alipay_response_cert_sn(body: &str) -> JsResult<Option<String>> {
    alipay::cert_sn::response_cert_sn(body).map_err(to_js)
}

/// `ALIPAY_CERT_SN_MISMATCH` when `got` is present and is not `want`.
#[wasm_bindgen(js_name = alipayCheckCertSn)]
pub fn alipay_check_cert_sn(got: Option<String>, want: &str) -> JsResult<()> {
    alipay::cert_sn::check_cert_sn(got.as_deref(), want).map_err(to_js)
}

#[wasm_bindgen(js_name = alipayAesEncrypt)]
pub fn alipay_aes_encrypt(plaintext: &str, key: &str) -> JsResult<String> {
    alipay::aes::encrypt(plaintext, key).map_err(to_js)
}

#[wasm_bindgen(js_name = alipayAesDecrypt)]
pub fn alipay_aes_decrypt(ciphertext: &str, key: &str) -> JsResult<String> {
    alipay::aes::decrypt(ciphertext, key).map_err(to_js)
}

fn v3_auth<'a>(app_id: &'a str, app_cert_sn: &'a Option<String>, nonce: &'a str, timestamp: &'a str) -> alipay::v3::V3Auth<'a> {
    alipay::v3::V3Auth { app_id, app_cert_sn: app_cert_sn.as_deref().filter(|s| !s.is_empty()), nonce, timestamp }
}

/// What the v3 request signature covers.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = alipayV3SignContent)]
pub fn alipay_v3_sign_content(
    app_id: &str,
    app_cert_sn: Option<String>,
    nonce: &str,
    timestamp: &str,
    method: &str,
    url: &str,
    body: &str,
    app_auth_token: Option<String>,
) -> JsResult<String> {
    let auth = v3_auth(app_id, &app_cert_sn, nonce, timestamp);
    alipay::v3::request_sign_content(&auth, method, url, body, app_auth_token.as_deref()).map_err(to_js)
}

/// The v3 `authorization` header value.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = alipayV3Authorization)]
pub fn alipay_v3_authorization(
    app_id: &str,
    app_cert_sn: Option<String>,
    nonce: &str,
    timestamp: &str,
    method: &str,
    url: &str,
    body: &str,
    app_auth_token: Option<String>,
    key: &PrivateKey,
) -> JsResult<String> {
    let auth = v3_auth(app_id, &app_cert_sn, nonce, timestamp);
    alipay::v3::authorization(&auth, method, url, body, app_auth_token.as_deref(), &key.0).map_err(to_js)
}

/// Verifies a v3 response; `now_ms` is the caller's clock (Unix milliseconds).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = alipayV3VerifyResponse)]
pub fn alipay_v3_verify_response(
    timestamp: Option<String>,
    nonce: Option<String>,
    signature: Option<String>,
    alipay_sn: Option<String>,
    body: &str,
    key: &PublicKey,
    expected_sn: Option<String>,
    now_ms: f64,
    max_skew_secs: u32,
) -> JsResult<()> {
    if !(now_ms.is_finite() && now_ms >= 0.0) {
        return Err(to_js(crate::Error::InvalidArgument("now must be Unix milliseconds".into())));
    }
    let headers = alipay::v3::V3ResponseHeaders {
        timestamp: timestamp.as_deref(),
        nonce: nonce.as_deref(),
        signature: signature.as_deref(),
        alipay_sn: alipay_sn.as_deref(),
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let now = now_ms as u64;
    alipay::v3::verify_response(&headers, body, &key.0, expected_sn.as_deref().filter(|s| !s.is_empty()), now, u64::from(max_skew_secs))
        .map_err(to_js)
}
