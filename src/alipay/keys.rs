//! Keys as Alipay hands them out. Alipay's key tool (支付宝开放平台密钥工具) and the open
//! platform show keys as one line of bare base64, without PEM armour: the app private key as
//! PKCS#8 ("Java") or PKCS#1 ("non-Java"), the Alipay public key as SPKI. PEM is accepted too.

use crate::keys::{PrivateKey, PublicKey};
use crate::{Error, Result};
use base64::{engine::general_purpose::STANDARD, Engine};
use zeroize::Zeroizing;

fn armour(label: &str, body: &str) -> Zeroizing<String> {
    Zeroizing::new(format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n"))
}

/// Bare base64 (whitespace and literal `\n` escapes tolerated), or `None` if `text` is not.
fn bare_base64(text: &str) -> Option<Zeroizing<String>> {
    let compact: Zeroizing<String> =
        Zeroizing::new(text.replace("\\n", "").replace("\\r", "").chars().filter(|c| !c.is_ascii_whitespace()).collect());
    let ok = !compact.is_empty() && compact.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b));
    ok.then_some(compact)
}

/// The DER of bare base64, only to tell PKCS#8 from PKCS#1 (zeroized: it may be private).
fn der(body: &str) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(STANDARD.decode(body.as_bytes()).unwrap_or_default())
}

/// The app private key (应用私钥) from PEM or from the bare base64 of its PKCS#8 or PKCS#1 DER.
/// Errors are `KEY_INVALID` / `KEY_TOO_SMALL` and never contain key material.
///
/// ```
/// use wechatpay_wasm::alipay;
/// let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_private_pkcs8.pem"));
/// // The key tool's one line of base64, without the PEM armour:
/// let bare: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
/// assert_eq!(alipay::private_key(&bare)?.public_key(), alipay::private_key(pem)?.public_key());
/// assert_eq!(alipay::private_key("not a key").unwrap_err().code(), "KEY_INVALID");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn private_key(text: &str) -> Result<PrivateKey> {
    if text.contains("-----BEGIN ") {
        return PrivateKey::from_pem(text);
    }
    let body = bare_base64(text)
        .ok_or_else(|| Error::KeyInvalid("a private key must be PEM or the bare base64 of its DER".into()))?;
    let pkcs8 = crate::keys::der::private_key_info(der(&body).as_slice()).is_ok();
    PrivateKey::from_pem(&armour(if pkcs8 { "PRIVATE KEY" } else { "RSA PRIVATE KEY" }, &body))
}

/// The Alipay public key (支付宝公钥) from PEM (SPKI, PKCS#1 or a certificate) or from the bare
/// base64 of its SPKI (or PKCS#1) DER.
///
/// ```
/// use wechatpay_wasm::alipay;
/// let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_public_spki.pem"));
/// let bare: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
/// assert_eq!(alipay::public_key(&bare)?, alipay::public_key(pem)?);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn public_key(text: &str) -> Result<PublicKey> {
    if text.contains("-----BEGIN ") {
        return PublicKey::from_pem(text);
    }
    let body =
        bare_base64(text).ok_or_else(|| Error::KeyInvalid("a public key must be PEM or the bare base64 of its DER".into()))?;
    let spki = crate::keys::der::spki(der(&body).as_slice()).is_ok();
    PublicKey::from_pem(&armour(if spki { "PUBLIC KEY" } else { "RSA PUBLIC KEY" }, &body))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const PKCS8: &str = include_str!("../../tests/vectors/v3/private_pkcs8.pem");
    const PKCS1: &str = include_str!("../../tests/vectors/v3/private_pkcs1.pem");
    const SPKI: &str = include_str!("../../tests/vectors/v3/public_spki.pem");
    const PUB_PKCS1: &str = include_str!("../../tests/vectors/v3/public_pkcs1.pem");

    fn bare(pem: &str) -> String {
        pem.lines().filter(|l| !l.starts_with("-----")).collect()
    }

    #[test]
    fn bare_base64_keys_as_alipay_shows_them() {
        let want = PrivateKey::from_pem(PKCS8).unwrap().public_key();
        for text in [PKCS8.to_owned(), bare(PKCS8), bare(PKCS1), format!("  {}\n", bare(PKCS1))] {
            assert_eq!(private_key(&text).unwrap().public_key(), want);
        }
        for text in [SPKI.to_owned(), bare(SPKI), bare(PUB_PKCS1)] {
            assert_eq!(public_key(&text).unwrap(), want);
        }
    }

    #[test]
    fn wrong_keys_are_key_errors() {
        for text in ["", "not a key!", "AAAA", &bare(SPKI)] {
            assert_eq!(private_key(text).err().map(|e| e.code()), Some("KEY_INVALID"), "{text:?}");
        }
        assert_eq!(public_key(&bare(PKCS8)).err().map(|e| e.code()), Some("KEY_INVALID"));
        let small = include_str!("../../tests/vectors/v3/rsa1024_pkcs8.pem");
        assert_eq!(private_key(&bare(small)).err().map(|e| e.code()), Some("KEY_TOO_SMALL"));
        let ec = include_str!("../../tests/vectors/v3/ec_pkcs8.pem");
        let err = private_key(&bare(ec)).unwrap_err();
        assert_eq!(err.code(), "KEY_INVALID");
        assert!(err.to_string().contains("EC"), "{err}");
    }
}
