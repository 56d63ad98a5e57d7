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
    let signature = STANDARD
        .decode(signature.as_bytes())
        .map_err(|_| Error::HeaderInvalid("Wechatpay-Signature is not base64".into()))?;
    let prechecked = Prechecked {
        key_id: key_id.to_owned(),
        message: response_message(timestamp, nonce, body),
        signature,
        timestamp: timestamp.to_owned(),
        nonce: nonce.to_owned(),
        serial: serial.to_owned(),
    };
    Ok((prechecked, key))
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
