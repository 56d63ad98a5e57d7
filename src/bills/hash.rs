//! SHA-1 of a bill, fed chunk by chunk (WebCrypto's digest takes the whole input at once).

use crate::{Error, Result};
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

/// Incremental SHA-1 of a downloaded bill, checked against the `hash_value` of the v3 apply
/// response. [`BillPart`](super::BillPart) runs one for you; use it alone when you
/// decompress the download yourself.
///
/// ```
/// use wechatpay_wasm::bills::BillHasher;
/// let bill = "交易时间,商户订单号,应结订单金额\r\n`2026-11-30 10:00:00,`A1,`0.01\r\n总交易单数,应结订单总金额\r\n`1,`0.01\r\n";
/// let mut hasher = BillHasher::new();
/// for chunk in bill.as_bytes().chunks(7) {
///     hasher.update(chunk);
/// }
/// // `sha1sum` of the same bytes.
/// hasher.check("SHA1", "EE129327B6B75D9DA3C8F7E0F4BEA2CC91D22ED2")?;
/// assert_eq!(hasher.check("SHA1", "0000000000000000000000000000000000000000").unwrap_err().code(), "BILL_HASH_MISMATCH");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Default, Clone)]
pub struct BillHasher {
    sha1: Sha1,
    bytes: u64,
}

impl BillHasher {
    /// A hasher that has seen no bytes.
    ///
    /// ```
    /// let hasher = wechatpay_wasm::bills::BillHasher::new();
    /// assert_eq!(hasher.hex(), "da39a3ee5e6b4b0d3255bfef95601890afd80709"); // SHA-1 of nothing
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Hashes the next bytes of the bill (decompressed, as the apply response's hash covers).
    ///
    /// ```
    /// let mut hasher = wechatpay_wasm::bills::BillHasher::new();
    /// hasher.update(b"ab");
    /// hasher.update(b"c");
    /// assert_eq!(hasher.hex(), "a9993e364706816aba3e25717850c26c9cd0d89d"); // FIPS 180 "abc"
    /// ```
    pub fn update(&mut self, chunk: &[u8]) {
        self.sha1.update(chunk);
        self.bytes = self.bytes.saturating_add(chunk.len() as u64);
    }

    /// How many bytes were hashed so far.
    ///
    /// ```
    /// let mut hasher = wechatpay_wasm::bills::BillHasher::new();
    /// hasher.update(b"abc");
    /// assert_eq!(hasher.bytes(), 3);
    /// ```
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The lowercase hex SHA-1 of everything hashed so far (hashing may go on after it).
    ///
    /// ```
    /// let mut hasher = wechatpay_wasm::bills::BillHasher::new();
    /// hasher.update(b"abc");
    /// assert_eq!(hasher.hex(), "a9993e364706816aba3e25717850c26c9cd0d89d");
    /// ```
    pub fn hex(&self) -> String {
        crate::hex::lower(&self.sha1.clone().finalize())
    }

    /// Checks the digest against `hash_value` (hex, either case): `BILL_HASH_MISMATCH` when it
    /// differs, `INVALID_ARGUMENT` for a hash type other than SHA1. Compared in constant time.
    ///
    /// ```
    /// let mut hasher = wechatpay_wasm::bills::BillHasher::new();
    /// hasher.update(b"abc");
    /// hasher.check("SHA1", "a9993e364706816aba3e25717850c26c9cd0d89d")?;
    /// assert_eq!(hasher.check("MD5", "900150983cd24fb0d6963f7d28e17f72").unwrap_err().code(), "INVALID_ARGUMENT");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn check(&self, hash_type: &str, hash_value: &str) -> Result<()> {
        if !hash_type.eq_ignore_ascii_case("SHA1") {
            return Err(Error::InvalidArgument(format!(
                "unsupported bill hash_type {:?}: expected SHA1",
                crate::error::excerpt(hash_type, 32)
            )));
        }
        let actual = self.hex();
        let expected = hash_value.trim().to_ascii_lowercase();
        if bool::from(actual.as_bytes().ct_eq(expected.as_bytes())) {
            Ok(())
        } else {
            Err(Error::BillHashMismatch {
                expected: crate::error::excerpt(&expected, 64),
                actual,
                bytes: self.bytes,
            })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn chunked_equals_whole_and_mismatch_has_its_code() {
        let mut h = BillHasher::new();
        h.update(b"ab");
        h.update(b"c");
        // FIPS 180 test vector "abc".
        assert_eq!(h.hex(), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert!(h.check("SHA1", "A9993E364706816ABA3E25717850C26C9CD0D89D").is_ok());
        assert_eq!(h.check("SHA1", "00").unwrap_err().code(), "BILL_HASH_MISMATCH");
        assert_eq!(h.check("MD5", "a9993e364706816aba3e25717850c26c9cd0d89d").unwrap_err().code(), "INVALID_ARGUMENT");
    }
}
