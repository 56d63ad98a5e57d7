//! OpenAPI v3 (`https://openapi.alipay.com/v3/…`, JSON bodies). A request carries
//!
//! `authorization: ALIPAY-SHA256withRSA app_id=…[,app_cert_sn=…],nonce=…,timestamp=…,sign=…`
//!
//! whose `sign` is SHA256withRSA (app private key) over
//! `{auth string}\n{METHOD}\n{path?query}\n{body}\n[{app_auth_token}\n]`, the auth string being
//! the header's fields before `sign`. A response is signed by Alipay over
//! `{alipay-timestamp}\n{alipay-nonce}\n{body}\n` (`alipay-signature`); in certificate mode
//! `alipay-sn` names the Alipay certificate. The timestamps are Unix **milliseconds**.

use super::sign::verify_content;
use super::SignType;
use crate::keys::{PrivateKey, PublicKey};
use crate::{Error, Result};
use base64::{engine::general_purpose::STANDARD, Engine};

/// The default allowed distance between `alipay-timestamp` and now, in seconds.
///
/// ```
/// assert_eq!(wechatpay_wasm::alipay::v3::DEFAULT_MAX_SKEW_SECS, 5 * 60);
/// ```
pub const DEFAULT_MAX_SKEW_SECS: u64 = 300;

/// A value of the auth string: it must not break the `k=v,k=v` list or the signed lines.
fn auth_value<'a>(name: &str, value: &'a str) -> Result<&'a str> {
    if value.is_empty() || value.len() > 256 || value.bytes().any(|b| b == b',' || b == b'=' || b.is_ascii_control() || b == b' ') {
        return Err(Error::InvalidArgument(format!(
            "{name} must be 1-256 characters without ',', '=', spaces or control characters"
        )));
    }
    Ok(value)
}

/// The request's fields that the header and the signature share.
///
/// ```
/// use wechatpay_wasm::alipay::v3::V3Auth;
/// let auth = V3Auth {
///     app_id: "2021000000000001",
///     app_cert_sn: Some("7992220fb4757d10e9a3778ec2a23637"), // None in public-key mode
///     nonce: "a1b2c3d4-e5f6-4789-8abc-def012345678",
///     timestamp: "1795852800123",
/// };
/// assert!(auth.auth_string()?.starts_with("app_id=2021000000000001,app_cert_sn="));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct V3Auth<'a> {
    /// The application's `app_id`.
    pub app_id: &'a str,
    /// `app_cert_sn` in certificate mode; `None` in public-key mode.
    pub app_cert_sn: Option<&'a str>,
    /// A fresh random text per request (a UUID, or [`crate::nonce::nonce_str`]).
    pub nonce: &'a str,
    /// Unix milliseconds, as decimal text.
    pub timestamp: &'a str,
}

impl V3Auth<'_> {
    /// `app_id=…[,app_cert_sn=…],nonce=…,timestamp=…`. `INVALID_ARGUMENT` for a value that
    /// would break the list (`,`, `=`, spaces) or a timestamp that is not digits.
    ///
    /// ```
    /// use wechatpay_wasm::alipay::v3::V3Auth;
    /// let auth = V3Auth {
    ///     app_id: "2021000000000001",
    ///     app_cert_sn: Some("7992220fb4757d10e9a3778ec2a23637"), // None in public-key mode
    ///     nonce: "a1b2c3d4-e5f6-4789-8abc-def012345678",
    ///     timestamp: "1795852800123",
    /// };
    /// assert_eq!(auth.auth_string()?, "app_id=2021000000000001,app_cert_sn=7992220fb4757d10e9a3778ec2a23637,\
    ///     nonce=a1b2c3d4-e5f6-4789-8abc-def012345678,timestamp=1795852800123");
    /// let bad = V3Auth { timestamp: "2026-11-22", ..auth };
    /// assert_eq!(bad.auth_string().unwrap_err().code(), "INVALID_ARGUMENT");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn auth_string(&self) -> Result<String> {
        let mut s = format!("app_id={}", auth_value("app_id", self.app_id)?);
        if let Some(sn) = self.app_cert_sn {
            s.push_str(",app_cert_sn=");
            s.push_str(auth_value("app_cert_sn", sn)?);
        }
        s.push_str(",nonce=");
        s.push_str(auth_value("nonce", self.nonce)?);
        if self.timestamp.is_empty() || self.timestamp.len() > 16 || !self.timestamp.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidArgument("timestamp must be Unix milliseconds (decimal digits)".into()));
        }
        s.push_str(",timestamp=");
        s.push_str(self.timestamp);
        Ok(s)
    }
}

/// The text the request signature covers. `method` is upper-cased; `url` is the path with its
/// query (`/v3/alipay/trade/query?x=1`), without scheme and host.
///
/// ```
/// use wechatpay_wasm::alipay::v3::{request_sign_content, V3Auth};
/// let auth = V3Auth { app_id: "2021000000000001", app_cert_sn: None, nonce: "n1", timestamp: "1795852800123" };
/// let text = request_sign_content(&auth, "post", "/v3/alipay/trade/query", "{}", None)?;
/// assert_eq!(text, "app_id=2021000000000001,nonce=n1,timestamp=1795852800123\nPOST\n/v3/alipay/trade/query\n{}\n");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn request_sign_content(auth: &V3Auth<'_>, method: &str, url: &str, body: &str, app_auth_token: Option<&str>) -> Result<String> {
    if method.is_empty() || method.len() > 16 || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::InvalidArgument("method must be an HTTP method such as GET or POST".into()));
    }
    if !url.starts_with('/') || url.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err(Error::InvalidArgument("url must be the path and query, starting with '/', without spaces or control characters".into()));
    }
    let mut s = format!("{}\n{}\n{url}\n{body}\n", auth.auth_string()?, method.to_ascii_uppercase());
    if let Some(token) = app_auth_token.filter(|t| !t.is_empty()) {
        if token.bytes().any(|b| b.is_ascii_control()) {
            return Err(Error::InvalidArgument("app_auth_token must not contain control characters".into()));
        }
        s.push_str(token);
        s.push('\n');
    }
    Ok(s)
}

/// The `authorization` header value of a request, signed with the app private key. Send
/// `body` exactly as signed.
///
/// alipay-sdk's header for the same request (`tests/vectors/alipay/sdk-vectors.json`; the key is
/// a TEST ONLY key of this repository):
///
/// ```
/// use wechatpay_wasm::{alipay::v3::{self, V3Auth}, keys::PrivateKey};
/// # let vectors: serde_json::Value = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/sdk-vectors.json"))).map_err(|e| wechatpay_wasm::Error::JsonInvalid(e.to_string()))?;
/// # let (body, expected) = (vectors["v3"]["body"].as_str().unwrap_or_default(), vectors["v3"]["authorization"].as_str().unwrap_or_default());
/// let app_key = PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// let auth = V3Auth {
///     app_id: "2021000000000001",
///     app_cert_sn: Some("7992220fb4757d10e9a3778ec2a23637"), // None in public-key mode
///     nonce: "a1b2c3d4-e5f6-4789-8abc-def012345678",
///     timestamp: "1795852800123",
/// };
/// let header = v3::authorization(&auth, "POST", "/v3/alipay/trade/query", body, None, &app_key)?;
/// assert_eq!(header, expected);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn authorization(
    auth: &V3Auth<'_>,
    method: &str,
    url: &str,
    body: &str,
    app_auth_token: Option<&str>,
    key: &PrivateKey,
) -> Result<String> {
    let content = request_sign_content(auth, method, url, body, app_auth_token)?;
    let sign = STANDARD.encode(key.sign_sha256(content.as_bytes())?);
    Ok(format!("ALIPAY-SHA256withRSA {},sign={sign}", auth.auth_string()?))
}

/// The text a response signature covers.
///
/// ```
/// let text = wechatpay_wasm::alipay::v3::response_sign_content("1795852800123", "n1", "{}");
/// assert_eq!(text, "1795852800123\nn1\n{}\n");
/// ```
pub fn response_sign_content(timestamp: &str, nonce: &str, body: &str) -> String {
    format!("{timestamp}\n{nonce}\n{body}\n")
}

/// The response headers that verification reads (absent ones as `None`).
///
/// ```
/// use wechatpay_wasm::alipay::v3::V3ResponseHeaders;
/// let headers = V3ResponseHeaders { timestamp: Some("1795852800123"), nonce: Some("n1"), ..Default::default() };
/// assert!(headers.signature.is_none() && headers.alipay_sn.is_none());
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct V3ResponseHeaders<'a> {
    /// `alipay-timestamp`: Unix milliseconds.
    pub timestamp: Option<&'a str>,
    /// `alipay-nonce`.
    pub nonce: Option<&'a str>,
    /// `alipay-signature`: base64 SHA256withRSA.
    pub signature: Option<&'a str>,
    /// `alipay-sn`: the Alipay certificate's SN (certificate mode).
    pub alipay_sn: Option<&'a str>,
}

/// Verifies a v3 response (the body exactly as received) with the Alipay public key.
///
/// Checks, in order: `alipay-signature` present (`SIGN_MISSING`); `alipay-timestamp` digits and
/// `alipay-nonce` present (`HEADER_INVALID`); in certificate mode (`expected_sn`), an
/// `alipay-sn` that names another certificate (`ALIPAY_CERT_SN_MISMATCH`); the timestamp within
/// `max_skew_secs` of `now_ms` (`TIMESTAMP_SKEW`); the signature (`SIGN_MISMATCH`).
///
/// A response signed here with the TEST ONLY key standing in for Alipay's:
///
/// ```
/// use base64::Engine;
/// use wechatpay_wasm::{alipay::v3::{self, V3ResponseHeaders}, keys::{PrivateKey, PublicKey}};
/// # let alipay_side = PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_private_pkcs8.pem")))?;
/// let alipay_public_key = PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_public_spki.pem")))?;
/// let (body, timestamp, nonce) = (r#"{"code":"10000"}"#, "1795852800123", "n1");
/// # let signed = alipay_side.sign_sha256(v3::response_sign_content(timestamp, nonce, body).as_bytes())?;
/// # let signature = base64::engine::general_purpose::STANDARD.encode(signed);
/// let headers = V3ResponseHeaders { timestamp: Some(timestamp), nonce: Some(nonce), signature: Some(&signature), alipay_sn: None };
/// let now_ms = 1795852801000;
/// v3::verify_response(&headers, body, &alipay_public_key, None, now_ms, v3::DEFAULT_MAX_SKEW_SECS)?;
///
/// let changed = v3::verify_response(&headers, r#"{"code":"40004"}"#, &alipay_public_key, None, now_ms, 300);
/// assert_eq!(changed.unwrap_err().code(), "SIGN_MISMATCH");
/// let late = v3::verify_response(&headers, body, &alipay_public_key, None, now_ms + 3_600_000, 300);
/// assert_eq!(late.unwrap_err().code(), "TIMESTAMP_SKEW");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn verify_response(
    headers: &V3ResponseHeaders<'_>,
    body: &str,
    key: &PublicKey,
    expected_sn: Option<&str>,
    now_ms: u64,
    max_skew_secs: u64,
) -> Result<()> {
    let signature = headers.signature.map(str::trim).filter(|s| !s.is_empty()).ok_or(Error::SignMissing)?;
    let timestamp = headers.timestamp.map(str::trim).unwrap_or_default();
    let timestamp_ms: u64 = if !timestamp.is_empty() && timestamp.len() <= 16 && timestamp.bytes().all(|b| b.is_ascii_digit()) {
        timestamp.parse().map_err(|_| Error::HeaderInvalid("alipay-timestamp is not Unix milliseconds".into()))?
    } else {
        return Err(Error::HeaderInvalid("alipay-timestamp is missing or not Unix milliseconds".into()));
    };
    let nonce = headers
        .nonce
        .filter(|n| !n.is_empty() && !n.contains('\n'))
        .ok_or_else(|| Error::HeaderInvalid("alipay-nonce is missing".into()))?;
    if let (Some(want), Some(got)) = (expected_sn, headers.alipay_sn.map(str::trim).filter(|s| !s.is_empty())) {
        if got != want {
            return Err(Error::AlipayCertSnMismatch { got: crate::error::excerpt(got, 64), want: want.to_owned() });
        }
    }
    let skew = timestamp_ms.abs_diff(now_ms) / 1000;
    if skew > max_skew_secs {
        return Err(Error::AlipayTimestampSkew { timestamp_ms, now: now_ms / 1000, skew, max_skew: max_skew_secs });
    }
    verify_content(&response_sign_content(timestamp, nonce, body), signature, key, SignType::Rsa2)
}
