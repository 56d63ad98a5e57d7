//! SHA-1 of a bill, fed chunk by chunk (WebCrypto's digest takes the whole input at once).

use crate::{Error, Result};
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

/// Incremental SHA-1 of a downloaded bill.
#[derive(Default, Clone)]
pub struct BillHasher {
    sha1: Sha1,
    bytes: u64,
}

impl BillHasher {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, chunk: &[u8]) {
        self.sha1.update(chunk);
        self.bytes = self.bytes.saturating_add(chunk.len() as u64);
    }

    /// How many bytes were hashed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The lowercase hex SHA-1 of everything hashed so far.
    pub fn hex(&self) -> String {
        crate::hex::lower(&self.sha1.clone().finalize())
    }

    /// Checks the digest against `hash_value` (hex, either case): `BILL_HASH_MISMATCH` when it
    /// differs, `INVALID_ARGUMENT` for a hash type other than SHA1.
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
