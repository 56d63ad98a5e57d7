//! The `/v3/certificates` response: platform certificates encrypted with the API v3 key.

use super::notify::json_error;
use super::EncryptedObject;
use crate::keys::{normalize_id, PublicKey};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// One decrypted platform certificate. Field names are WeChat Pay's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlatformCertificate {
    /// Uppercase hex, as in `Wechatpay-Serial`.
    pub serial_no: String,
    /// RFC 3339, as WeChat Pay sends it.
    pub effective_time: String,
    pub expire_time: String,
    /// `-----BEGIN CERTIFICATE-----…`, ready for [`PublicKey::from_pem`].
    pub certificate_pem: String,
}

#[derive(Deserialize)]
struct Response {
    data: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    serial_no: String,
    #[serde(default)]
    effective_time: String,
    #[serde(default)]
    expire_time: String,
    encrypt_certificate: EncryptedObject,
}

/// Decrypts every certificate of a `/v3/certificates` response body. Each must parse as an RSA
/// certificate whose serial number is the entry's `serial_no` (else `KEY_INVALID`).
///
/// Then verify the response's own signature with a [`crate::keys::Verifier`] holding these
/// certificates: the one named by its `Wechatpay-Serial` must be among them.
pub fn decrypt_certificates(response_body: &str, api_v3_key: &str) -> Result<Vec<PlatformCertificate>> {
    let response: Response = serde_json::from_str(response_body).map_err(|e| json_error("certificates response", &e))?;
    response
        .data
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
