//! Refund notifications: unsigned XML whose `req_info` is AES-256-ECB encrypted with
//! key = lowercase hex MD5 of the API key (32 ASCII bytes), PKCS#7 padded, base64.

use super::notify::check_return_code;
use crate::xml::{self, Fields};
use crate::{hex, Error, Result};
use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyInit};
use base64::{engine::general_purpose::STANDARD, Engine};
use md5::{Digest, Md5};
use zeroize::Zeroizing;

fn aes_key(api_key: &str) -> Zeroizing<String> {
    Zeroizing::new(hex::lower(&Md5::digest(api_key.as_bytes())))
}

/// Decrypts a refund notification's `req_info` into its fields (`out_refund_no`,
/// `refund_status`, …).
///
/// ```
/// use wechatpay_wasm::v2;
/// let req_info = v2::encrypt_refund_info("<root><out_refund_no>R1</out_refund_no></root>", "apikey")?;
/// assert_eq!(v2::decrypt_refund_notification(&req_info, "apikey")?, [("out_refund_no".to_owned(), "R1".to_owned())]);
/// assert_eq!(v2::decrypt_refund_notification(&req_info, "wrong").unwrap_err().code(), "DECRYPT_FAILED");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn decrypt_refund_notification(req_info: &str, api_key: &str) -> Result<Fields> {
    let compact: String = req_info.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let data = STANDARD.decode(compact.as_bytes()).map_err(|_| Error::Base64Invalid("req_info"))?;
    if data.is_empty() || data.len() % 16 != 0 {
        return Err(Error::DecryptFailed(format!(
            "req_info is {} bytes, not a positive multiple of the AES block size",
            data.len()
        )));
    }
    let key = aes_key(api_key);
    let plain = ecb::Decryptor::<aes::Aes256>::new_from_slice(key.as_bytes())
        .map_err(|_| Error::KeyInvalid("AES-256 key".into()))?
        .decrypt_padded_vec_mut::<Pkcs7>(&data)
        .map_err(|_| Error::DecryptFailed("bad padding: req_info was not encrypted with this API key".into()))?;
    let text = String::from_utf8(plain)
        .map_err(|_| Error::DecryptFailed("req_info plaintext is not UTF-8: wrong API key?".into()))?;
    xml::from_xml(&text)
}

/// Encrypts `plaintext` (the `<root>…</root>` XML) the way WeChat Pay builds `req_info`.
/// For tests and simulators.
///
/// ```
/// let req_info = wechatpay_wasm::v2::encrypt_refund_info("<root></root>", "apikey")?;
/// assert_eq!(req_info.len(), 24); // 13 bytes, padded to one AES block, base64
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn encrypt_refund_info(plaintext: &str, api_key: &str) -> Result<String> {
    let key = aes_key(api_key);
    let data = ecb::Encryptor::<aes::Aes256>::new_from_slice(key.as_bytes())
        .map_err(|_| Error::KeyInvalid("AES-256 key".into()))?
        .encrypt_padded_vec_mut::<Pkcs7>(plaintext.as_bytes());
    Ok(STANDARD.encode(data))
}

/// Parses a whole refund notification: checks `return_code`, decrypts `req_info`, and returns
/// the outer fields (without `req_info`) followed by the decrypted ones.
///
/// ```
/// use wechatpay_wasm::v2;
/// let req_info = v2::encrypt_refund_info("<root><refund_status>SUCCESS</refund_status></root>", "apikey")?;
/// let body = format!("<xml><return_code>SUCCESS</return_code><req_info>{req_info}</req_info></xml>");
/// let fields = v2::parse_refund_notification(&body, "apikey")?;
/// assert_eq!(fields[1], ("refund_status".to_owned(), "SUCCESS".to_owned()));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn parse_refund_notification(xml_text: &str, api_key: &str) -> Result<Fields> {
    let mut fields = xml::from_xml(xml_text)?;
    check_return_code(&fields)?;
    let pos = fields
        .iter()
        .position(|(k, _)| k == "req_info")
        .ok_or_else(|| Error::XmlInvalid("refund notification has no <req_info>".into()))?;
    let (_, req_info) = fields.remove(pos);
    let inner = decrypt_refund_notification(&req_info, api_key)?;
    fields.retain(|(k, _)| !inner.iter().any(|(ik, _)| ik == k));
    fields.extend(inner);
    Ok(fields)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_failures() {
        let inner = "<root><out_refund_no><![CDATA[R1]]></out_refund_no><refund_status><![CDATA[SUCCESS]]></refund_status></root>";
        let enc = encrypt_refund_info(inner, "key1").unwrap();
        let got = decrypt_refund_notification(&enc, "key1").unwrap();
        assert_eq!(got, vec![("out_refund_no".into(), "R1".into()), ("refund_status".into(), "SUCCESS".into())]);
        assert_eq!(decrypt_refund_notification(&enc, "key2").unwrap_err().code(), "DECRYPT_FAILED");
        assert_eq!(decrypt_refund_notification("!!", "k").unwrap_err().code(), "BASE64_INVALID");
        assert_eq!(decrypt_refund_notification("AAAA", "k").unwrap_err().code(), "DECRYPT_FAILED");
        assert_eq!(decrypt_refund_notification("", "k").unwrap_err().code(), "DECRYPT_FAILED");

        let outer = format!("<xml><return_code>SUCCESS</return_code><appid>wx1</appid><req_info>{enc}</req_info></xml>");
        let all = parse_refund_notification(&outer, "key1").unwrap();
        let names: Vec<_> = all.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["return_code", "appid", "out_refund_no", "refund_status"]);
    }
}
