//! The `/v3/certificates` response: platform certificates encrypted with the API v3 key.

use super::EncryptedObject;
use crate::json::{Document, Fields, Kind};
use crate::keys::{normalize_id, PublicKey};
use crate::{Error, Result};

/// One decrypted platform certificate. Field names are WeChat Pay's.
///
/// ```
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem"));
/// let api_v3_key = "TESTONLYapiV3key0123456789abcdef";
/// let encrypted = wechatpay_wasm::v3::encrypt_resource(pem, "fdasflkja484", "certificate", api_v3_key)?;
/// let response = format!(r#"{{"data":[{{"serial_no":"5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
///     "effective_time":"2026-01-01T00:00:00+08:00","expire_time":"2031-01-01T00:00:00+08:00",
///     "encrypt_certificate":{{"algorithm":"AEAD_AES_256_GCM","nonce":"fdasflkja484",
///     "associated_data":"certificate","ciphertext":"{encrypted}"}}}}]}}"#);
/// let certificates = wechatpay_wasm::v3::decrypt_certificates(&response, api_v3_key)?;
/// assert_eq!(certificates[0].expire_time, "2031-01-01T00:00:00+08:00");
/// assert_eq!(certificates[0].certificate_pem, pem);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PlatformCertificate {
    /// Uppercase hex, as in `Wechatpay-Serial`.
    pub serial_no: String,
    /// RFC 3339, as WeChat Pay sends it.
    pub effective_time: String,
    /// RFC 3339: download the certificates again before this.
    pub expire_time: String,
    /// `-----BEGIN CERTIFICATE-----…`, ready for [`PublicKey::from_pem`].
    pub certificate_pem: String,
}

struct Entry {
    serial_no: String,
    effective_time: String,
    expire_time: String,
    encrypt_certificate: EncryptedObject,
}

/// The entries of `data`, each field read at most once; all of them before any decryption.
fn entries(response_body: &str) -> Result<Vec<Entry>> {
    const WHAT: &str = "certificates response";
    let doc = Document::parse(response_body, WHAT)?;
    let data = Fields::of(doc.root(), WHAT)?.required("data")?;
    if data.kind() != Kind::Array {
        return Err(Error::JsonInvalid(format!("{WHAT}: field `data` must be an array")));
    }
    data.children()
        .map(|entry| {
            let f = Fields::of(entry, WHAT)?;
            Ok(Entry {
                serial_no: f.string("serial_no")?,
                effective_time: f.string_or_empty("effective_time")?,
                expire_time: f.string_or_empty("expire_time")?,
                encrypt_certificate: EncryptedObject::read(f.required("encrypt_certificate")?, WHAT)?,
            })
        })
        .collect()
}

/// Decrypts every certificate of a `/v3/certificates` response body. Each must parse as an RSA
/// certificate whose serial number is the entry's `serial_no` (else `KEY_INVALID`).
///
/// Then verify the response's own signature with a [`crate::keys::Verifier`] holding these
/// certificates: the one named by its `Wechatpay-Serial` must be among them.
///
/// ```
/// use wechatpay_wasm::{keys::{PublicKey, Verifier}, v3};
/// # let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem"));
/// # let api_v3_key = "TESTONLYapiV3key0123456789abcdef";
/// # let encrypted = v3::encrypt_resource(pem, "fdasflkja484", "certificate", api_v3_key)?;
/// # let body = format!(r#"{{"data":[{{"serial_no":"5157F09EFDC096DE15EBE81A47057A7232F1B8E1","encrypt_certificate":{{"algorithm":"AEAD_AES_256_GCM","nonce":"fdasflkja484","associated_data":"certificate","ciphertext":"{encrypted}"}}}}]}}"#);
/// // `body`: the response to GET /v3/certificates
/// let mut verifier = Verifier::new();
/// for c in v3::decrypt_certificates(&body, api_v3_key)? {
///     verifier.add_certificate(PublicKey::from_pem(&c.certificate_pem)?)?;
/// }
/// // then v3::verify_headers(&response_headers, &body, &verifier, now, v3::DEFAULT_MAX_SKEW_SECS)?
/// assert_eq!(verifier.ids(), ["5157F09EFDC096DE15EBE81A47057A7232F1B8E1"]);
/// assert_eq!(v3::decrypt_certificates(&body, "0123456789abcdef0123456789abcdef").unwrap_err().code(), "DECRYPT_FAILED");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn decrypt_certificates(response_body: &str, api_v3_key: &str) -> Result<Vec<PlatformCertificate>> {
    entries(response_body)?
        .into_iter()
        .map(|entry| {
            let certificate_pem = entry.encrypt_certificate.decrypt(api_v3_key)?;
            let key = PublicKey::from_pem(&certificate_pem)?;
            let serial = key.serial_no().unwrap_or_default();
            if normalize_id(serial) != normalize_id(&entry.serial_no) {
                return Err(Error::KeyInvalid(format!(
                    "certificate serial {serial} does not match serial_no {:?}",
                    entry.serial_no
                )));
            }
            Ok(PlatformCertificate {
                serial_no: entry.serial_no,
                effective_time: entry.effective_time,
                expire_time: entry.expire_time,
                certificate_pem,
            })
        })
        .collect()
}
