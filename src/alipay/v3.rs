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
#[derive(Debug, Clone, Copy)]
pub struct V3Auth<'a> {
    pub app_id: &'a str,
    /// `app_cert_sn` in certificate mode; `None` in public-key mode.
    pub app_cert_sn: Option<&'a str>,
    pub nonce: &'a str,
    /// Unix milliseconds, as decimal text.
    pub timestamp: &'a str,
}

impl V3Auth<'_> {
    /// `app_id=…[,app_cert_sn=…],nonce=…,timestamp=…`.
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

/// The `authorization` header value of a request.
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
pub fn response_sign_content(timestamp: &str, nonce: &str, body: &str) -> String {
    format!("{timestamp}\n{nonce}\n{body}\n")
}

/// The response headers that verification reads (absent ones as `None`).
#[derive(Debug, Clone, Copy, Default)]
pub struct V3ResponseHeaders<'a> {
    pub timestamp: Option<&'a str>,
    pub nonce: Option<&'a str>,
    pub signature: Option<&'a str>,
    pub alipay_sn: Option<&'a str>,
}

/// Verifies a v3 response (the body exactly as received) with the Alipay public key.
///
/// Checks, in order: `alipay-signature` present (`SIGN_MISSING`); `alipay-timestamp` digits and
/// `alipay-nonce` present (`HEADER_INVALID`); in certificate mode (`expected_sn`), an
/// `alipay-sn` that names another certificate (`ALIPAY_CERT_SN_MISMATCH`); the timestamp within
/// `max_skew_secs` of `now_ms` (`TIMESTAMP_SKEW`); the signature (`SIGN_MISMATCH`).
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
