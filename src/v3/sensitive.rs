//! Sensitive fields (names, ID numbers, phone numbers): RSA-OAEP with SHA-1 and MGF1-SHA-1,
//! base64. Encrypt with WeChat Pay's key (and send its serial in `Wechatpay-Serial`); decrypt
//! what WeChat Pay encrypted with the merchant's key.

use crate::keys::{oaep_failed, PrivateKey, PublicKey};
use crate::{Error, Result};
use base64::{engine::general_purpose::STANDARD, Engine};

/// Encrypts `plaintext` (at most 214 bytes for RSA-2048) for WeChat Pay. Randomized: two calls
/// give different ciphertexts.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// let a = wechatpay_wasm::v3::encrypt_sensitive("张三", &cert)?; // with WeChat Pay's key in real use
/// assert_ne!(a, wechatpay_wasm::v3::encrypt_sensitive("张三", &cert)?);
/// assert_eq!(wechatpay_wasm::v3::decrypt_sensitive(&a, &key)?, "张三");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn encrypt_sensitive(plaintext: &str, key: &PublicKey) -> Result<String> {
    Ok(STANDARD.encode(key.encrypt_oaep_sha1(plaintext.as_bytes())?))
}

/// Decrypts a sensitive field WeChat Pay encrypted with the merchant's public key.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// let ciphertext = wechatpay_wasm::v3::encrypt_sensitive("110101199003077777", &key.public_key())?;
/// assert_eq!(wechatpay_wasm::v3::decrypt_sensitive(&ciphertext, &key)?, "110101199003077777");
/// assert_eq!(wechatpay_wasm::v3::decrypt_sensitive("not base64!", &key).unwrap_err().code(), "BASE64_INVALID");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn decrypt_sensitive(ciphertext_b64: &str, key: &PrivateKey) -> Result<String> {
    let data = sensitive_ciphertext(ciphertext_b64)?;
    finish_decrypt_sensitive(key.decrypt_oaep_sha1(&data).ok().as_deref().map(Vec::as_slice))
}

/// The ciphertext bytes of a base64 sensitive field (`BASE64_INVALID`), for an RSA-OAEP
/// decryption done elsewhere (WebCrypto).
///
/// ```
/// assert_eq!(wechatpay_wasm::v3::sensitive_ciphertext(" AAEC ")?, [0, 1, 2]);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn sensitive_ciphertext(ciphertext_b64: &str) -> Result<Vec<u8>> {
    STANDARD.decode(ciphertext_b64.trim().as_bytes()).map_err(|_| Error::Base64Invalid("ciphertext"))
}

/// The text of an RSA-OAEP decryption done here or elsewhere: `None` (it failed) is the
/// `DECRYPT_FAILED` of [`crate::keys::oaep_failed`], bytes that are not UTF-8 `DECRYPT_FAILED` too.
///
/// ```
/// use wechatpay_wasm::v3::finish_decrypt_sensitive;
/// assert_eq!(finish_decrypt_sensitive(Some("张三".as_bytes()))?, "张三");
/// assert_eq!(finish_decrypt_sensitive(None).unwrap_err().code(), "DECRYPT_FAILED");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn finish_decrypt_sensitive(plaintext: Option<&[u8]>) -> Result<String> {
    let plain = plaintext.ok_or_else(oaep_failed)?;
    String::from_utf8(plain.to_vec()).map_err(|_| Error::DecryptFailed("plaintext is not UTF-8".into()))
}

/// The base64 text of an RSA-OAEP ciphertext made elsewhere (WebCrypto), after
/// [`PublicKey::check_oaep_sha1_len`].
///
/// ```
/// assert_eq!(wechatpay_wasm::v3::finish_encrypt_sensitive(&[0, 1, 2]), "AAEC");
/// ```
pub fn finish_encrypt_sensitive(ciphertext: &[u8]) -> String {
    STANDARD.encode(ciphertext)
}
