//! Content encryption (接口内容加密, `encrypt_type=AES`): `biz_content` of a request, the
//! response node and the v3 body are AES-CBC with a zero IV and PKCS#7 padding, base64, under
//! the content-encryption key the open platform shows as base64 (128-bit; 256-bit accepted too,
//! 192-bit refused: it would add a third AES key schedule to the module for keys Alipay never
//! issues). A zero IV leaks equal prefixes of equal plaintexts: that is Alipay's protocol, and
//! the transport is TLS.

use crate::{Error, Result};
use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::{engine::general_purpose::STANDARD, Engine};
use zeroize::Zeroizing;

/// A ciphertext longer than this (base64 characters) is refused before decoding
/// (`DECRYPT_FAILED`).
///
/// ```
/// use wechatpay_wasm::alipay::aes;
/// let huge = "A".repeat(aes::MAX_CIPHERTEXT_CHARS + 4);
/// assert_eq!(aes::decrypt(&huge, "aa4BtZ4tspm2wnXLb1ThQA==").unwrap_err().code(), "DECRYPT_FAILED");
/// ```
pub const MAX_CIPHERTEXT_CHARS: usize = 16 * 1024 * 1024;

const IV: [u8; 16] = [0; 16];

/// The content-encryption key from its base64 text. Errors: `KEY_INVALID` (never quoting it).
fn key_bytes(key_b64: &str) -> Result<Zeroizing<Vec<u8>>> {
    let key = Zeroizing::new(
        STANDARD
            .decode(key_b64.trim().as_bytes())
            .map_err(|_| Error::KeyInvalid("the AES content-encryption key must be base64 (as the open platform shows it)".into()))?,
    );
    match key.len() {
        16 | 32 => Ok(key),
        n => Err(Error::KeyInvalid(format!(
            "the AES content-encryption key is {n} bytes; expected 16 (the open platform's key) or 32"
        ))),
    }
}

/// Encrypts `plaintext` (UTF-8) and returns base64. Errors: `KEY_INVALID`.
///
/// The vector is alipay-sdk's (`tests/vectors/alipay/sdk-vectors.json`, a TEST ONLY key):
///
/// ```
/// use wechatpay_wasm::alipay::aes;
/// let key = "aa4BtZ4tspm2wnXLb1ThQA=="; // the open platform's content-encryption key
/// assert_eq!(aes::encrypt("0123456789abcdef", key)?, "ApoLgQW51H0OhiPeyDL+V2D9DGKbYm0D714wq4cfpIY=");
/// assert_eq!(aes::encrypt("x", "c2hvcnQ=").unwrap_err().code(), "KEY_INVALID");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn encrypt(plaintext: &str, key_b64: &str) -> Result<String> {
    let key = key_bytes(key_b64)?;
    let out = match key.len() {
        16 => cbc::Encryptor::<aes::Aes128>::new_from_slices(&key, &IV).map(|c| c.encrypt_padded_vec_mut::<Pkcs7>(plaintext.as_bytes())),
        _ => cbc::Encryptor::<aes::Aes256>::new_from_slices(&key, &IV).map(|c| c.encrypt_padded_vec_mut::<Pkcs7>(plaintext.as_bytes())),
    }
    .map_err(|_| Error::KeyInvalid("unusable AES key".into()))?;
    Ok(STANDARD.encode(out))
}

/// Decrypts base64 `ciphertext` to UTF-8 text. Errors: `KEY_INVALID`, `BASE64_INVALID`,
/// `DECRYPT_FAILED` (wrong key, truncated or altered ciphertext, or not UTF-8 text: CBC without
/// a MAC cannot tell these apart; the RSA signature over the ciphertext is what authenticates).
///
/// ```
/// use wechatpay_wasm::alipay::aes;
/// let key = "aa4BtZ4tspm2wnXLb1ThQA==";
/// assert_eq!(aes::decrypt("hbinUih60LM37OhR67XkMg==", key)?, "a"); // alipay-sdk's vector
/// assert_eq!(aes::decrypt("hbinUih60LM37OhR67XkMg", key).unwrap_err().code(), "BASE64_INVALID");
/// assert_eq!(aes::decrypt("AAAA", key).unwrap_err().code(), "DECRYPT_FAILED");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn decrypt(ciphertext: &str, key_b64: &str) -> Result<String> {
    let key = key_bytes(key_b64)?;
    if ciphertext.len() > MAX_CIPHERTEXT_CHARS {
        return Err(Error::DecryptFailed(format!(
            "AES ciphertext of {} characters exceeds the {MAX_CIPHERTEXT_CHARS}-character limit",
            ciphertext.len()
        )));
    }
    let data = STANDARD.decode(ciphertext.trim().as_bytes()).map_err(|_| Error::Base64Invalid("the AES ciphertext"))?;
    if data.is_empty() || data.len() % 16 != 0 {
        return Err(Error::DecryptFailed(format!("AES-CBC ciphertext of {} bytes is not a whole number of blocks", data.len())));
    }
    let failed = || Error::DecryptFailed("AES-CBC padding is wrong: wrong content-encryption key, or the ciphertext was altered".into());
    let plain = Zeroizing::new(match key.len() {
        16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(&key, &IV).map(|c| c.decrypt_padded_vec_mut::<Pkcs7>(&data)),
        _ => cbc::Decryptor::<aes::Aes256>::new_from_slices(&key, &IV).map(|c| c.decrypt_padded_vec_mut::<Pkcs7>(&data)),
    }
    .map_err(|_| Error::KeyInvalid("unusable AES key".into()))?
    .map_err(|_| failed())?);
    String::from_utf8(plain.to_vec())
        .map_err(|_| Error::DecryptFailed("the decrypted content is not UTF-8 text: wrong content-encryption key?".into()))
}
