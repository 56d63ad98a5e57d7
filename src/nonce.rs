//! Random nonces from the platform CSPRNG (`crypto.getRandomValues` in every JS runtime,
//! the OS generator natively).
//!
//! ```
//! let nonce = wechatpay_wasm::nonce::nonce_str()?;
//! assert!(nonce.len() == 32 && nonce.bytes().all(|b| b.is_ascii_alphanumeric()));
//! # Ok::<(), wechatpay_wasm::Error>(())
//! ```

use crate::{Error, Result};

const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Fills `buf` with random bytes from the platform CSPRNG.
///
/// ```
/// let mut key = [0u8; 32];
/// wechatpay_wasm::nonce::random_bytes(&mut key)?;
/// assert_ne!(key, [0u8; 32]);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn random_bytes(buf: &mut [u8]) -> Result<()> {
    getrandom::getrandom(buf).map_err(|e| Error::InvalidArgument(format!("no CSPRNG available: {e}")))
}

/// A nonce of `len` characters from `[A-Za-z0-9]`, uniformly distributed (rejection sampling).
///
/// ```
/// let n = wechatpay_wasm::nonce::nonce(32).unwrap();
/// assert_eq!(n.len(), 32);
/// assert!(n.bytes().all(|b| b.is_ascii_alphanumeric()));
/// ```
pub fn nonce(len: usize) -> Result<String> {
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        random_bytes(&mut buf)?;
        // 248 = 4 * 62: bytes at or above it would bias the first characters.
        for c in buf.iter().filter(|&&b| b < 248).filter_map(|&b| ALPHABET.get(usize::from(b % 62))) {
            if out.len() == len {
                break;
            }
            out.push(char::from(*c));
        }
    }
    Ok(out)
}

/// The 32-character nonce WeChat Pay expects for `nonce_str` / `nonceStr`.
///
/// ```
/// let n = wechatpay_wasm::nonce::nonce_str()?;
/// assert_eq!(n.len(), 32);
/// assert_ne!(n, wechatpay_wasm::nonce::nonce_str()?);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn nonce_str() -> Result<String> {
    nonce(32)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn nonces_differ_and_use_the_alphabet() {
        let a = super::nonce_str().unwrap();
        let b = super::nonce_str().unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(super::nonce(0).unwrap(), "");
        assert_eq!(super::nonce(100).unwrap().len(), 100);
    }
}
