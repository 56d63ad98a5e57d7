//! Response and notification signatures: `Wechatpay-Signature` over
//! `TIMESTAMP\nNONCE\nBODY\n`, checked with the key named by `Wechatpay-Serial`.

use crate::keys::{PublicKey, Verifier};
use crate::{Error, Result};
use base64::{engine::general_purpose::STANDARD, Engine};

/// The default tolerance between `Wechatpay-Timestamp` and the local clock, in seconds
/// (WeChat Pay's recommendation: 5 minutes).
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
/// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
/// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
/// # let now = 1554209990;
/// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
/// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
/// let late = now + wechatpay_wasm::v3::DEFAULT_MAX_SKEW_SECS;
/// let err = wechatpay_wasm::v3::verify(&verifier, timestamp, nonce, body, &signature, serial, late, wechatpay_wasm::v3::DEFAULT_MAX_SKEW_SECS);
/// assert_eq!(err.unwrap_err().code(), "TIMESTAMP_SKEW");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub const DEFAULT_MAX_SKEW_SECS: u64 = 300;

const SIGNTEST_PREFIX: &str = "WECHATPAY/SIGNTEST/";

/// The string a response or notification signature covers: `TIMESTAMP\nNONCE\nBODY\n`.
///
/// ```
/// assert_eq!(wechatpay_wasm::v3::response_message("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", "{}"),
///            "1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{}\n");
/// ```
pub fn response_message(timestamp: &str, nonce: &str, body: &str) -> String {
    let mut s = String::with_capacity(timestamp.len() + nonce.len() + body.len() + 3);
    for part in [timestamp, nonce, body] {
        s.push_str(part);
        s.push('\n');
    }
    s
}

fn header<'a>(name: &str, value: &'a str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        Err(Error::HeaderInvalid(format!("{name} is missing or empty")))
    } else {
        Ok(value)
    }
}

/// A response or notification that passed every check but the RSA one: [`precheck`]'s result.
/// Verify [`Self::signature`] over [`Self::message`] with the key named by [`Self::key_id`]
/// (here, or with WebCrypto in the JS wrapper), then report the outcome to [`Self::finish`], so
/// both paths fail with the same `SIGN_MISMATCH`.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
/// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
/// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
/// # let now = 1554209990;
/// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
/// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
/// use wechatpay_wasm::v3;
/// let p = v3::precheck(&verifier, timestamp, nonce, body, &signature, serial, now, v3::DEFAULT_MAX_SKEW_SECS)?;
/// let valid = verifier.get(p.key_id()).is_some_and(|k| k.verify_sha256(p.message().as_bytes(), p.signature()));
/// p.finish(valid)?;
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prechecked {
    key_id: String,
    message: String,
    signature: Vec<u8>,
    timestamp: String,
    nonce: String,
    serial: String,
}

impl Prechecked {
    /// The [`Verifier::key_id`] of the key that must have signed.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
    /// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
    /// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
    /// # let now = 1554209990;
    /// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
    /// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    /// let p = wechatpay_wasm::v3::precheck(&verifier, timestamp, nonce, body, &signature, "005157f09efdc096de15ebe81a47057a7232f1b8e1", now, 300)?;
    /// assert_eq!(p.key_id(), "5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// `TIMESTAMP\nNONCE\nBODY\n`: the signed UTF-8 bytes.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
    /// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
    /// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
    /// # let now = 1554209990;
    /// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
    /// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    /// let p = wechatpay_wasm::v3::precheck(&verifier, timestamp, nonce, body, &signature, serial, now, 300)?;
    /// assert_eq!(p.message(), "1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{\"code\":\"SUCCESS\"}\n");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The decoded `Wechatpay-Signature`.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
    /// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
    /// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
    /// # let now = 1554209990;
    /// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
    /// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    /// let p = wechatpay_wasm::v3::precheck(&verifier, timestamp, nonce, body, &signature, serial, now, 300)?;
    /// assert_eq!(p.signature().len(), 256);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The `SIGN_MISMATCH` error for this message.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
    /// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
    /// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
    /// # let now = 1554209990;
    /// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
    /// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    /// let p = wechatpay_wasm::v3::precheck(&verifier, timestamp, nonce, body, &signature, serial, now, 300)?;
    /// assert_eq!(p.mismatch().code(), "SIGN_MISMATCH");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn mismatch(&self) -> Error {
        Error::SignMismatch {
            detail: format!(
                "SHA256withRSA over \"TIMESTAMP\\nNONCE\\nBODY\\n\" ({} bytes, timestamp {}, nonce {:?}) \
                 does not match Wechatpay-Signature for key {:?}",
                self.message.len(),
                self.timestamp,
                crate::error::excerpt(&self.nonce, 64),
                crate::error::excerpt(&self.serial, 128)
            ),
        }
    }

    /// `Ok` when the signature verified (`valid`), else [`Self::mismatch`].
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
    /// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
    /// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
    /// # let now = 1554209990;
    /// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
    /// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    /// let p = wechatpay_wasm::v3::precheck(&verifier, timestamp, nonce, body, &signature, serial, now, 300)?;
    /// assert!(p.finish(true).is_ok());
    /// assert_eq!(p.finish(false).unwrap_err().code(), "SIGN_MISMATCH");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn finish(&self, valid: bool) -> Result<()> {
        if valid {
            Ok(())
        } else {
            Err(self.mismatch())
        }
    }
}

/// Every check of [`verify`] but the RSA signature itself, in the same order with the same
/// codes:
///
/// 1. headers present and well formed, `Wechatpay-Timestamp` in decimal digits (`HEADER_INVALID`);
/// 2. not a `WECHATPAY/SIGNTEST/` probe (`SIGNTEST_PROBE`);
/// 3. `serial` is known to `verifier` (`SERIAL_UNKNOWN`);
/// 4. `timestamp` within `max_skew_secs` of `now` (`TIMESTAMP_SKEW`);
/// 5. the signature is base64 (`HEADER_INVALID`).
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
/// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
/// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
/// # let now = 1554209990;
/// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
/// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
/// use wechatpay_wasm::v3;
/// let p = v3::precheck(&verifier, timestamp, nonce, body, &signature, serial, now, 300)?;
/// assert_eq!(p.message(), v3::response_message(timestamp, nonce, body));
/// let probe = v3::precheck(&verifier, timestamp, nonce, body, "WECHATPAY/SIGNTEST/abc", serial, now, 300);
/// assert_eq!(probe.unwrap_err().code(), "SIGNTEST_PROBE");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn precheck(
    verifier: &Verifier,
    timestamp: &str,
    nonce: &str,
    body: &str,
    signature: &str,
    serial: &str,
    now: u64,
    max_skew_secs: u64,
) -> Result<Prechecked> {
    check(verifier, timestamp, nonce, body, signature, serial, now, max_skew_secs).map(|(p, _)| p)
}

/// The header values of a response that passed checks 1–4 of [`precheck`] (trimmed), and the
/// key that must have signed it.
struct Checked<'a, 'v> {
    timestamp: &'a str,
    nonce: &'a str,
    signature: &'a str,
    serial: &'a str,
    key_id: &'v str,
    key: &'v PublicKey,
}

/// Checks 1–4 of [`precheck`] (all but the base64 of the signature), in its order.
#[allow(clippy::too_many_arguments)]
fn check_headers<'a, 'v>(
    verifier: &'v Verifier,
    timestamp: &'a str,
    nonce: &'a str,
    signature: &'a str,
    serial: &'a str,
    now: u64,
    max_skew_secs: u64,
) -> Result<Checked<'a, 'v>> {
    let timestamp = header("Wechatpay-Timestamp", timestamp)?;
    let nonce = header("Wechatpay-Nonce", nonce)?;
    let signature = header("Wechatpay-Signature", signature)?;
    let serial = header("Wechatpay-Serial", serial)?;
    let ts: u64 = if timestamp.len() <= 20 && timestamp.bytes().all(|b| b.is_ascii_digit()) {
        timestamp.parse().map_err(|_| Error::HeaderInvalid("Wechatpay-Timestamp is out of range".into()))?
    } else {
        return Err(Error::HeaderInvalid("Wechatpay-Timestamp is not Unix seconds in decimal digits".into()));
    };
    if signature.starts_with(SIGNTEST_PREFIX) {
        return Err(Error::SigntestProbe);
    }
    let (key_id, key) = verifier
        .lookup(serial)
        .ok_or_else(|| Error::SerialUnknown { serial: crate::error::excerpt(serial, 128), known: verifier.ids() })?;
    let skew = ts.abs_diff(now);
    if skew > max_skew_secs {
        return Err(Error::TimestampSkew { timestamp: ts, now, skew, max_skew: max_skew_secs });
    }
    Ok(Checked { timestamp, nonce, signature, serial, key_id, key })
}

fn not_base64() -> Error {
    Error::HeaderInvalid("Wechatpay-Signature is not base64".into())
}

#[allow(clippy::too_many_arguments)]
fn check<'v>(
    verifier: &'v Verifier,
    timestamp: &str,
    nonce: &str,
    body: &str,
    signature: &str,
    serial: &str,
    now: u64,
    max_skew_secs: u64,
) -> Result<(Prechecked, &'v PublicKey)> {
    let c = check_headers(verifier, timestamp, nonce, signature, serial, now, max_skew_secs)?;
    let signature = STANDARD.decode(c.signature.as_bytes()).map_err(|_| not_base64())?;
    let prechecked = Prechecked {
        key_id: c.key_id.to_owned(),
        message: response_message(c.timestamp, c.nonce, body),
        signature,
        timestamp: c.timestamp.to_owned(),
        nonce: c.nonce.to_owned(),
        serial: c.serial.to_owned(),
    };
    Ok((prechecked, c.key))
}

/// [`precheck`] writing its message and then the decoded signature into `out` instead of
/// allocating a [`Prechecked`]: the same checks, in the same order, with the same errors.
/// `Ok(Some((message length, signature length)))`, or `Ok(None)` when `out` is too small (nothing
/// is refused for that: call [`precheck`]). For the JS wrapper's one-call path, which on a
/// mismatch runs [`precheck`] again for its `SIGN_MISMATCH`.
#[allow(clippy::too_many_arguments)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn precheck_into(
    verifier: &Verifier,
    timestamp: &str,
    nonce: &str,
    body: &str,
    signature: &str,
    serial: &str,
    now: u64,
    max_skew_secs: u64,
    out: &mut [u8],
) -> Result<Option<(usize, usize)>> {
    let c = check_headers(verifier, timestamp, nonce, signature, serial, now, max_skew_secs)?;
    let message_len = c.timestamp.len() + c.nonce.len() + body.len() + 3;
    let Some((message, rest)) = out.split_at_mut_checked(message_len) else { return Ok(None) };
    if rest.len() < base64::decoded_len_estimate(c.signature.len()) {
        return Ok(None);
    }
    let signature_len = match STANDARD.decode_slice(c.signature.as_bytes(), rest) {
        Ok(n) => n,
        Err(base64::DecodeSliceError::OutputSliceTooSmall) => return Ok(None),
        Err(base64::DecodeSliceError::DecodeError(_)) => return Err(not_base64()),
    };
    let mut free = message;
    for part in [c.timestamp, c.nonce, body] {
        // `message` is exactly the three parts and their newlines long: every split succeeds.
        let Some((line, tail)) = free.split_at_mut_checked(part.len() + 1) else { return Ok(None) };
        if let Some((newline, text)) = line.split_last_mut() {
            text.copy_from_slice(part.as_bytes());
            *newline = b'\n';
        }
        free = tail;
    }
    Ok(Some((message_len, signature_len)))
}

/// Verifies a response or notification from its four `Wechatpay-*` header values and the exact
/// body: [`precheck`] (its codes), then the signature (`SIGN_MISMATCH`).
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
/// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
/// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
/// # let now = 1554209990;
/// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
/// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
/// use wechatpay_wasm::v3;
/// // The four Wechatpay-* response headers, the exact body, the time now in Unix seconds:
/// v3::verify(&verifier, timestamp, nonce, body, &signature, serial, now, v3::DEFAULT_MAX_SKEW_SECS)?;
/// let tampered = r#"{"code":"FAIL"}"#;
/// let err = v3::verify(&verifier, timestamp, nonce, tampered, &signature, serial, now, 300).unwrap_err();
/// assert_eq!(err.code(), "SIGN_MISMATCH");
/// let err = v3::verify(&verifier, timestamp, nonce, body, &signature, "PUB_KEY_ID_01", now, 300).unwrap_err();
/// assert_eq!(err.code(), "SERIAL_UNKNOWN"); // download the platform certificates again
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn verify(
    verifier: &Verifier,
    timestamp: &str,
    nonce: &str,
    body: &str,
    signature: &str,
    serial: &str,
    now: u64,
    max_skew_secs: u64,
) -> Result<()> {
    let (p, key) = check(verifier, timestamp, nonce, body, signature, serial, now, max_skew_secs)?;
    p.finish(key.verify_sha256(p.message.as_bytes(), &p.signature))
}

/// The value of header `name` (case-insensitive); `None` when absent.
pub(crate) fn find_header<'a, H: AsRef<str>>(headers: &'a [(H, H)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.as_ref().trim().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
}

/// The `Wechatpay-Timestamp`, `-Nonce`, `-Signature` and `-Serial` values (`HEADER_INVALID`
/// when one is absent).
fn wechatpay_headers<H: AsRef<str>>(headers: &[(H, H)]) -> Result<[&str; 4]> {
    let get = |name: &str| {
        find_header(headers, name).ok_or_else(|| Error::HeaderInvalid(format!("{name} is missing")))
    };
    Ok([get("Wechatpay-Timestamp")?, get("Wechatpay-Nonce")?, get("Wechatpay-Signature")?, get("Wechatpay-Serial")?])
}

/// [`precheck`] with the `Wechatpay-*` values taken from `headers` (names case-insensitive).
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
/// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
/// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
/// # let now = 1554209990;
/// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
/// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
/// let headers = [("wechatpay-timestamp", timestamp), ("wechatpay-nonce", nonce),
///                ("wechatpay-signature", signature.as_str()), ("wechatpay-serial", serial)];
/// let p = wechatpay_wasm::v3::precheck_headers(&headers, body, &verifier, now, 300)?;
/// assert!(p.finish(cert.verify_sha256(p.message().as_bytes(), p.signature())).is_ok());
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn precheck_headers<H: AsRef<str>>(
    headers: &[(H, H)],
    body: &str,
    verifier: &Verifier,
    now: u64,
    max_skew_secs: u64,
) -> Result<Prechecked> {
    let [timestamp, nonce, signature, serial] = wechatpay_headers(headers)?;
    precheck(verifier, timestamp, nonce, body, signature, serial, now, max_skew_secs)
}

/// [`verify`] with the `Wechatpay-*` values taken from `headers` (names case-insensitive),
/// e.g. a response's headers.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
/// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
/// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
/// # let now = 1554209990;
/// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
/// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
/// use wechatpay_wasm::v3;
/// let headers = vec![("Wechatpay-Timestamp".to_owned(), timestamp.to_owned()), ("Wechatpay-Nonce".to_owned(), nonce.to_owned()),
///                    ("Wechatpay-Signature".to_owned(), signature), ("Wechatpay-Serial".to_owned(), serial.to_owned())];
/// v3::verify_headers(&headers, body, &verifier, now, v3::DEFAULT_MAX_SKEW_SECS)?;
/// assert_eq!(v3::verify_headers(&headers[1..], body, &verifier, now, 300).unwrap_err().code(), "HEADER_INVALID");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn verify_headers<H: AsRef<str>>(
    headers: &[(H, H)],
    body: &str,
    verifier: &Verifier,
    now: u64,
    max_skew_secs: u64,
) -> Result<()> {
    let [timestamp, nonce, signature, serial] = wechatpay_headers(headers)?;
    verify(verifier, timestamp, nonce, body, signature, serial, now, max_skew_secs)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    const CERT: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem"));
    const KEY: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem"));
    const SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";

    /// `precheck_into` against `precheck` on one input: the same error, or the same bytes.
    fn same(verifier: &Verifier, args: [&str; 5], now: u64, skew: u64) {
        let [timestamp, nonce, body, signature, serial] = args;
        let expected = precheck(verifier, timestamp, nonce, body, signature, serial, now, skew);
        let mut out = vec![0xa5; 4096];
        let got = precheck_into(verifier, timestamp, nonce, body, signature, serial, now, skew, &mut out);
        match (expected, got) {
            (Ok(p), Ok(Some((m, n)))) => {
                assert_eq!(&out[..m], p.message().as_bytes(), "{args:?}");
                assert_eq!(&out[m..m + n], p.signature(), "{args:?}");
            }
            (Err(e), Err(g)) => assert_eq!((e.code(), e.to_string()), (g.code(), g.to_string()), "{args:?}"),
            (e, g) => panic!("{args:?}: precheck {e:?}, precheck_into {g:?}"),
        }
    }

    #[test]
    fn precheck_into_checks_and_writes_what_precheck_does() {
        let key = crate::keys::PrivateKey::from_pem(KEY).unwrap();
        let mut verifier = Verifier::new();
        verifier.add_certificate(crate::keys::PublicKey::from_pem(CERT).unwrap()).unwrap();
        let (ts, nonce, now) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", 1_554_209_990);
        for body in ["", "{}", "{\"a\":\"中文😀\"}\n\r\t\"", &"x".repeat(1000)] {
            let sig = crate::v3::sign_message(&key, response_message(ts, nonce, body).as_bytes()).unwrap();
            same(&verifier, [ts, nonce, body, &sig, SERIAL], now, 300);
            same(&verifier, [&format!(" {ts}\t"), &format!("\u{3000}{nonce} "), body, &format!(" {sig} "), &format!("00{}", SERIAL.to_lowercase())], now, 300);
            for bad in [
                ["", nonce, body, &sig, SERIAL], [" ", nonce, body, &sig, SERIAL], ["15542099.8", nonce, body, &sig, SERIAL],
                ["99999999999999999999999", nonce, body, &sig, SERIAL], ["18446744073709551616", nonce, body, &sig, SERIAL],
                [ts, "", body, &sig, SERIAL], [ts, nonce, body, "", SERIAL], [ts, nonce, body, "WECHATPAY/SIGNTEST/x", SERIAL],
                [ts, nonce, body, &sig, ""], [ts, nonce, body, &sig, "ABCDEF"], [ts, nonce, body, "@@@@", SERIAL],
                [ts, nonce, body, &sig[1..], SERIAL], [ts, nonce, body, &format!("{sig}="), SERIAL], ["1554209000", nonce, body, &sig, SERIAL],
            ] {
                same(&verifier, bad, now, 300);
            }
            same(&verifier, [ts, nonce, body, &sig, SERIAL], now, 0);
            same(&verifier, [ts, nonce, body, &sig, SERIAL], 1_554_209_980 + 300, 300);
            same(&verifier, [ts, nonce, body, &sig, SERIAL], 1_554_209_980 - 301, 300);
        }
    }

    #[test]
    fn precheck_into_says_when_the_output_is_too_small() {
        let mut verifier = Verifier::new();
        verifier.add_certificate(crate::keys::PublicKey::from_pem(CERT).unwrap()).unwrap();
        let sig = "A".repeat(344);
        let args = ("1554209980", "n", "{}");
        // message 16 bytes, signature at most 258 (the decoded-length estimate).
        for (size, fits) in [(0, false), (15, false), (16, false), (16 + 257, false), (16 + 258, true)] {
            let mut out = vec![0; size];
            let got = precheck_into(&verifier, args.0, args.1, args.2, &sig, SERIAL, 1_554_209_980, 300, &mut out).unwrap();
            assert_eq!(got.is_some(), fits, "{size}");
        }
        // A checked error comes first whatever the size.
        let mut out = [];
        let err = precheck_into(&verifier, "x", "n", "{}", &sig, SERIAL, 0, 300, &mut out).unwrap_err();
        assert_eq!(err.code(), "HEADER_INVALID");
    }
}
