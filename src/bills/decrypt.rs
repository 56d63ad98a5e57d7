//! Incremental AES-256-GCM decryption of an encrypted bill file (the service provider's
//! sub-merchant fund-flow bill: its key comes RSA-OAEP-encrypted to the merchant key in
//! `encrypt_key`, its nonce in `nonce`, no associated data). The file is `ciphertext || tag`.
//!
//! `aes-gcm` decrypts whole buffers only, so this runs GCM from its parts (CTR with a 32-bit
//! big-endian counter from J0 + 1, GHASH over the ciphertext): plaintext is released as
//! ciphertext arrives, and [`finish`](BillDecryptor::finish) checks the tag. Until then the
//! plaintext is unauthenticated; the bill's SHA-1 is checked at the end too.

use crate::{Error, Result};
use aes::cipher::{BlockEncrypt, KeyInit, KeyIvInit, StreamCipher};
use aes::Aes256;
use ghash::universal_hash::UniversalHash;
use ghash::GHash;
use subtle::ConstantTimeEq;

const TAG_LEN: usize = 16;
const NONCE_LEN: usize = 12;

type Ctr = ctr::Ctr32BE<Aes256>;

/// Decrypts one encrypted bill file (`ciphertext || tag`, AES-256-GCM, no associated data)
/// chunk by chunk. What it returns before [`finish`](Self::finish) is unauthenticated: act on
/// the bill only after `finish` returned `Ok`.
///
/// ```
/// use aes_gcm::{aead::Aead, Aes256Gcm, KeyInit, Nonce};
/// use wechatpay_wasm::bills::BillDecryptor;
/// // In a real download the key is `encrypt_key`, decrypted with the merchant's private key
/// // (RSA-OAEP), and the nonce is the `nonce` text of the apply response.
/// let (key, nonce) = (*b"0123456789abcdef0123456789abcdef", *b"abcdefghijkl");
/// let bill = "交易时间,商户订单号\r\n`2026-11-30 10:00:00,`A1\r\n总交易单数\r\n`1\r\n";
/// let file = Aes256Gcm::new((&key).into()).encrypt(Nonce::from_slice(&nonce), bill.as_bytes()).expect("encrypts");
///
/// let mut decryptor = BillDecryptor::new(&key, &nonce)?;
/// let mut plain = Vec::new();
/// for chunk in file.chunks(10) {
///     plain.extend(decryptor.update(chunk));
/// }
/// decryptor.finish()?;
/// assert_eq!(plain, bill.as_bytes());
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub struct BillDecryptor {
    ctr: Ctr,
    ghash: GHash,
    tag_mask: [u8; 16],
    /// The last bytes seen: they may be the tag, so they are not decrypted yet.
    held: Vec<u8>,
    /// Ciphertext not yet a whole GHASH block.
    partial: Vec<u8>,
    ciphertext_len: u64,
}

impl BillDecryptor {
    /// `key`: the 32-byte AES key; `nonce`: the 12-byte nonce (the `nonce` text's bytes).
    /// `KEY_INVALID` for another key length, `DECRYPT_FAILED` for another nonce length.
    ///
    /// ```
    /// use wechatpay_wasm::bills::BillDecryptor;
    /// assert!(BillDecryptor::new(&[7; 32], b"abcdefghijkl").is_ok());
    /// assert_eq!(BillDecryptor::new(&[7; 16], b"abcdefghijkl").err().map(|e| e.code()), Some("KEY_INVALID"));
    /// assert_eq!(BillDecryptor::new(&[7; 32], b"short").err().map(|e| e.code()), Some("DECRYPT_FAILED"));
    /// ```
    pub fn new(key: &[u8], nonce: &[u8]) -> Result<Self> {
        if key.len() != 32 {
            return Err(Error::KeyInvalid(format!("the bill key must be 32 bytes, got {}", key.len())));
        }
        if nonce.len() != NONCE_LEN {
            return Err(Error::DecryptFailed(format!("the bill nonce must be {NONCE_LEN} bytes, got {}", nonce.len())));
        }
        let aes = Aes256::new_from_slice(key).map_err(|_| Error::KeyInvalid("the bill key must be 32 bytes".into()))?;
        let mut h = aes::Block::default();
        aes.encrypt_block(&mut h);
        let mut j0 = [0u8; 16];
        j0.get_mut(..NONCE_LEN).unwrap_or_default().copy_from_slice(nonce);
        j0[15] = 1;
        let mut mask = aes::Block::from(j0);
        aes.encrypt_block(&mut mask);
        let mut counter = j0;
        counter[15] = 2;
        let ctr = Ctr::new_from_slices(key, &counter).map_err(|_| Error::KeyInvalid("the bill key must be 32 bytes".into()))?;
        Ok(BillDecryptor {
            ctr,
            ghash: GHash::new(&h),
            tag_mask: mask.into(),
            held: Vec::with_capacity(TAG_LEN),
            partial: Vec::with_capacity(16),
            ciphertext_len: 0,
        })
    }

    /// The plaintext of the ciphertext bytes before the last 16 seen so far (those may be the
    /// tag, so they wait for the next chunk or for [`finish`](Self::finish)).
    ///
    /// ```
    /// use aes_gcm::{aead::Aead, Aes256Gcm, KeyInit, Nonce};
    /// use wechatpay_wasm::bills::BillDecryptor;
    /// // In a real download the key is `encrypt_key`, decrypted with the merchant's private key
    /// // (RSA-OAEP), and the nonce is the `nonce` text of the apply response.
    /// let (key, nonce) = (*b"0123456789abcdef0123456789abcdef", *b"abcdefghijkl");
    /// let bill = "交易时间,商户订单号\r\n`2026-11-30 10:00:00,`A1\r\n总交易单数\r\n`1\r\n";
    /// let file = Aes256Gcm::new((&key).into()).encrypt(Nonce::from_slice(&nonce), bill.as_bytes()).expect("encrypts");
    /// let mut decryptor = BillDecryptor::new(&key, &nonce)?;
    /// assert!(decryptor.update(&file[..16]).is_empty()); // could be all tag
    /// let rest = decryptor.update(&file[16..]);
    /// assert_eq!(rest, bill.as_bytes());
    /// decryptor.finish()?;
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn update(&mut self, chunk: &[u8]) -> Vec<u8> {
        let total = self.held.len() + chunk.len();
        if total <= TAG_LEN {
            self.held.extend_from_slice(chunk);
            return Vec::new();
        }
        let release = total - TAG_LEN;
        let mut out = Vec::with_capacity(release);
        let from_held = release.min(self.held.len());
        out.extend_from_slice(self.held.get(..from_held).unwrap_or_default());
        let from_chunk = release - from_held;
        out.extend_from_slice(chunk.get(..from_chunk).unwrap_or_default());
        let mut held = self.held.split_off(from_held);
        held.extend_from_slice(chunk.get(from_chunk..).unwrap_or_default());
        self.held = held;
        self.absorb(&out);
        self.ciphertext_len += out.len() as u64;
        self.ctr.apply_keystream(&mut out);
        out
    }

    /// Checks the tag (in constant time): `DECRYPT_FAILED` for a wrong key or nonce, a changed
    /// or truncated file.
    ///
    /// ```
    /// use aes_gcm::{aead::Aead, Aes256Gcm, KeyInit, Nonce};
    /// use wechatpay_wasm::bills::BillDecryptor;
    /// // In a real download the key is `encrypt_key`, decrypted with the merchant's private key
    /// // (RSA-OAEP), and the nonce is the `nonce` text of the apply response.
    /// let (key, nonce) = (*b"0123456789abcdef0123456789abcdef", *b"abcdefghijkl");
    /// let bill = "交易时间,商户订单号\r\n`2026-11-30 10:00:00,`A1\r\n总交易单数\r\n`1\r\n";
    /// let file = Aes256Gcm::new((&key).into()).encrypt(Nonce::from_slice(&nonce), bill.as_bytes()).expect("encrypts");
    /// let mut changed = file.clone();
    /// changed[0] ^= 1;
    /// let mut decryptor = BillDecryptor::new(&key, &nonce)?;
    /// decryptor.update(&changed);
    /// assert_eq!(decryptor.finish().unwrap_err().code(), "DECRYPT_FAILED");
    ///
    /// let mut truncated = BillDecryptor::new(&key, &nonce)?;
    /// truncated.update(&file[..file.len() - 1]);
    /// assert_eq!(truncated.finish().unwrap_err().code(), "DECRYPT_FAILED");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn finish(mut self) -> Result<()> {
        if self.held.len() != TAG_LEN {
            return Err(Error::DecryptFailed("the encrypted bill is shorter than its 16-byte tag".into()));
        }
        if !self.partial.is_empty() {
            self.ghash.update_padded(&self.partial);
        }
        // The lengths block: 64-bit bit lengths of the associated data (none) and the ciphertext.
        let lengths = u128::from(self.ciphertext_len * 8).to_be_bytes();
        self.ghash.update(&[lengths.into()]);
        let mut tag: [u8; 16] = self.ghash.finalize().into();
        for (t, m) in tag.iter_mut().zip(self.tag_mask) {
            *t ^= m;
        }
        if bool::from(tag.ct_eq(self.held.as_slice())) {
            Ok(())
        } else {
            Err(Error::DecryptFailed("AES-GCM authentication of the bill failed: wrong key or nonce, or a changed or truncated file".into()))
        }
    }

    fn absorb(&mut self, ciphertext: &[u8]) {
        let mut rest = ciphertext;
        if !self.partial.is_empty() {
            let take = (16 - self.partial.len()).min(rest.len());
            self.partial.extend_from_slice(rest.get(..take).unwrap_or_default());
            rest = rest.get(take..).unwrap_or_default();
            if self.partial.len() < 16 {
                return;
            }
            self.ghash.update(&[aes::Block::clone_from_slice(&self.partial)]);
            self.partial.clear();
        }
        let whole = rest.len() / 16 * 16;
        let blocks: Vec<aes::Block> = rest.get(..whole).unwrap_or_default().chunks_exact(16).map(aes::Block::clone_from_slice).collect();
        self.ghash.update(&blocks);
        self.partial.extend_from_slice(rest.get(whole..).unwrap_or_default());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use aes_gcm::aead::{Aead, Payload};
    use aes_gcm::{Aes256Gcm, Nonce};

    #[test]
    fn chunked_decryption_matches_aes_gcm() {
        let key = *b"0123456789abcdef0123456789abcdef";
        let nonce = *b"abcdefghijkl";
        for len in [0usize, 1, 15, 16, 17, 100, 1000] {
            let plain: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let ct = Aes256Gcm::new_from_slice(&key).unwrap().encrypt(Nonce::from_slice(&nonce), Payload { msg: &plain, aad: b"" }).unwrap();
            for step in [1usize, 5, 16, 33, 4096] {
                let mut d = BillDecryptor::new(&key, &nonce).unwrap();
                let mut out = Vec::new();
                for c in ct.chunks(step) {
                    out.extend(d.update(c));
                }
                d.finish().unwrap();
                assert_eq!(out, plain, "len {len} step {step}");
            }
            let mut bad = ct.clone();
            bad[0] ^= 1;
            let mut d = BillDecryptor::new(&key, &nonce).unwrap();
            d.update(&bad);
            assert_eq!(d.finish().unwrap_err().code(), "DECRYPT_FAILED");
        }
        let mut d = BillDecryptor::new(&key, &nonce).unwrap();
        d.update(&[0u8; 10]);
        assert_eq!(d.finish().unwrap_err().code(), "DECRYPT_FAILED");
    }
}
