//! `AEAD_AES_256_GCM` with the API v3 key: notification resources and platform certificates.
//! The ciphertext is base64 of `encrypted || 16-byte tag`; nonce and associated data are text.

use crate::{Error, Result};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::{engine::general_purpose::STANDARD, Engine};

const NONCE_LEN: usize = 12;

fn cipher(api_v3_key: &str) -> Result<Aes256Gcm> {
    Aes256Gcm::new_from_slice(api_v3_key.as_bytes()).map_err(|_| {
        Error::KeyInvalid(format!(
            "the API v3 key must be exactly 32 bytes, got {}",
            api_v3_key.len()
        ))
    })
}

fn nonce(nonce: &str) -> Result<&Nonce<aes_gcm::aead::consts::U12>> {
    if nonce.len() == NONCE_LEN {
        Ok(Nonce::from_slice(nonce.as_bytes()))
    } else {
        Err(Error::DecryptFailed(format!("AES-GCM nonce must be {NONCE_LEN} bytes, got {}", nonce.len())))
    }
}

/// Decrypts an `AEAD_AES_256_GCM` resource into its UTF-8 plaintext. A key that is not 32 bytes
/// is `KEY_INVALID`; a wrong key or tampered ciphertext, nonce or associated data is
/// `DECRYPT_FAILED`.
///
/// ```
/// use wechatpay_wasm::v3::{decrypt_resource, encrypt_resource};
/// let key = "0123456789abcdef0123456789abcdef";
/// let ct = encrypt_resource("{\"a\":1}", "fdasflkja484", "transaction", key).unwrap();
/// assert_eq!(decrypt_resource(&ct, "fdasflkja484", "transaction", key).unwrap(), "{\"a\":1}");
/// assert_eq!(decrypt_resource(&ct, "fdasflkja484", "", key).unwrap_err().code(), "DECRYPT_FAILED");
/// ```
pub fn decrypt_resource(ciphertext_b64: &str, nonce_text: &str, associated_data: &str, api_v3_key: &str) -> Result<String> {
    let cipher = cipher(api_v3_key)?;
    let nonce = nonce(nonce_text)?;
    let data = STANDARD.decode(ciphertext_b64.trim().as_bytes()).map_err(|_| Error::Base64Invalid("ciphertext"))?;
    let plain = cipher
        .decrypt(nonce, Payload { msg: &data, aad: associated_data.as_bytes() })
        .map_err(|_| {
            Error::DecryptFailed("AES-GCM authentication failed: wrong API v3 key, or tampered ciphertext, nonce or associated_data".into())
        })?;
    String::from_utf8(plain).map_err(|_| Error::DecryptFailed("resource plaintext is not UTF-8".into()))
}

/// Encrypts `plaintext` the way WeChat Pay builds a resource (base64 of ciphertext and tag).
/// For tests and simulators: the nonce must be 12 bytes and never reused with the same key.
///
/// ```
/// use wechatpay_wasm::v3::encrypt_resource;
/// let key = "0123456789abcdef0123456789abcdef";
/// let a = encrypt_resource("{}", "fdasflkja484", "transaction", key)?;
/// assert_eq!(a.len(), 24); // 2 bytes + the 16-byte tag, base64
/// assert_eq!(encrypt_resource("{}", "short", "", key).unwrap_err().code(), "INVALID_ARGUMENT");
/// assert_eq!(encrypt_resource("{}", "fdasflkja484", "", "too short").unwrap_err().code(), "KEY_INVALID");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn encrypt_resource(plaintext: &str, nonce_text: &str, associated_data: &str, api_v3_key: &str) -> Result<String> {
    let cipher = cipher(api_v3_key)?;
    let nonce = nonce(nonce_text).map_err(|_| Error::InvalidArgument(format!("nonce must be {NONCE_LEN} bytes")))?;
    let data = cipher
        .encrypt(nonce, Payload { msg: plaintext.as_bytes(), aad: associated_data.as_bytes() })
        .map_err(|_| Error::InvalidArgument("plaintext too long for AES-GCM".into()))?;
    Ok(STANDARD.encode(data))
}

/// An encrypted object as WeChat Pay sends it (`resource`, `encrypt_certificate`).
#[derive(Debug, Clone)]
pub(crate) struct EncryptedObject {
    pub algorithm: String,
    pub ciphertext: String,
    pub associated_data: String,
    pub nonce: String,
    pub original_type: String,
}

impl EncryptedObject {
    /// The object `item` of a document (`what` names it in errors): `algorithm`, `ciphertext`
    /// and `nonce` required, `associated_data` and `original_type` `""` when absent.
    pub(crate) fn read(item: crate::json::Item<'_, '_>, what: &str) -> Result<Self> {
        let f = crate::json::Fields::of(item, what)?;
        Ok(EncryptedObject {
            algorithm: f.string("algorithm")?,
            ciphertext: f.string("ciphertext")?,
            associated_data: f.string_or_empty("associated_data")?,
            nonce: f.string("nonce")?,
            original_type: f.string_or_empty("original_type")?,
        })
    }

    pub(crate) fn decrypt(&self, api_v3_key: &str) -> Result<String> {
        if self.algorithm != "AEAD_AES_256_GCM" {
            return Err(Error::DecryptFailed(format!(
                "unsupported algorithm {:?}: expected AEAD_AES_256_GCM",
                self.algorithm
            )));
        }
        decrypt_resource(&self.ciphertext, &self.nonce, &self.associated_data, api_v3_key)
    }
}
