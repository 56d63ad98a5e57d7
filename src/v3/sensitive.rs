//! Sensitive fields (names, ID numbers, phone numbers): RSA-OAEP with SHA-1 and MGF1-SHA-1,
//! base64. Encrypt with WeChat Pay's key (and send its serial in `Wechatpay-Serial`); decrypt
//! what WeChat Pay encrypted with the merchant's key.

use crate::keys::{PrivateKey, PublicKey};
use crate::{Error, Result};
use base64::{engine::general_purpose::STANDARD, Engine};

/// Encrypts `plaintext` (at most 214 bytes for RSA-2048) for WeChat Pay. Randomized: two calls
/// give different ciphertexts.
pub fn encrypt_sensitive(plaintext: &str, key: &PublicKey) -> Result<String> {
    Ok(STANDARD.encode(key.encrypt_oaep_sha1(plaintext.as_bytes())?))
}

/// Decrypts a sensitive field WeChat Pay encrypted with the merchant's public key.
pub fn decrypt_sensitive(ciphertext_b64: &str, key: &PrivateKey) -> Result<String> {
    let data = STANDARD.decode(ciphertext_b64.trim().as_bytes()).map_err(|_| Error::Base64Invalid("ciphertext"))?;
    let plain = key.decrypt_oaep_sha1(&data)?;
    String::from_utf8(plain.to_vec()).map_err(|_| Error::DecryptFailed("plaintext is not UTF-8".into()))
}
