//! PKCS#1 v2.2 (RFC 8017) encodings around the RSA primitives of `crt.rs`: EMSA-PKCS1-v1_5
//! (SHA-256 and SHA-1 signatures) and EME-OAEP with SHA-1 and MGF1-SHA-1, empty label
//! (WeChat Pay's sensitive fields). Decoding OAEP is constant time up to the validity bit, as
//! in `rsa` 0.9: one error for every way a ciphertext can be wrong.

use sha1::{Digest, Sha1};
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

/// `DigestInfo` DER prefix for SHA-256 (RFC 8017 §9.2, note 1).
pub(crate) const SHA256_PREFIX: [u8; 19] =
    [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

/// `DigestInfo` DER prefix for SHA-1.
pub(crate) const SHA1_PREFIX: [u8; 15] = [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14];

/// SHA-1 output bytes.
const H: usize = 20;

/// EMSA-PKCS1-v1_5 of `digest` in `k` bytes: `00 01 FF…FF 00 prefix digest`, with at least
/// eight `FF` (`None` if `k` is too small).
pub(crate) fn emsa_pkcs1v15(prefix: &[u8], digest: &[u8], k: usize) -> Option<Vec<u8>> {
    let t = prefix.len() + digest.len();
    if k < t + 11 {
        return None;
    }
    let mut em = vec![0xffu8; k];
    if let Some(b) = em.get_mut(1) {
        *b = 1;
    }
    if let Some(b) = em.first_mut() {
        *b = 0;
    }
    let tail = em.get_mut(k - t - 1..)?;
    for (dst, &src) in tail.iter_mut().zip(core::iter::once(&0u8).chain(prefix).chain(digest)) {
        *dst = src;
    }
    Some(em)
}

/// `out ^= MGF1-SHA-1(seed, out.len())`.
fn mgf1_xor(seed: &[u8], out: &mut [u8]) {
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(H)) {
        let mask = Sha1::new().chain_update(seed).chain_update(counter.to_be_bytes()).finalize();
        for (o, m) in chunk.iter_mut().zip(mask) {
            *o ^= m;
        }
    }
}

/// Longest OAEP-SHA-1 message for a `k`-byte modulus: `k − 2·20 − 2`.
pub(crate) fn oaep_max(k: usize) -> usize {
    k.saturating_sub(2 * H + 2)
}

/// EME-OAEP encoding of `msg` in `k` bytes with the random `seed`; `None` if too long.
pub(crate) fn oaep_encode(msg: &[u8], k: usize, seed: &[u8; H]) -> Option<Zeroizing<Vec<u8>>> {
    if msg.len() > oaep_max(k) || k < 2 * H + 2 {
        return None;
    }
    let mut em = Zeroizing::new(vec![0u8; k]);
    let (_, rest) = em.split_first_mut()?;
    let (masked_seed, db) = rest.split_at_mut(H);
    // DB = lHash ‖ 00…00 ‖ 01 ‖ M, lHash = SHA-1 of the empty label.
    let db_len = db.len();
    for (d, l) in db.iter_mut().zip(Sha1::digest(b"")) {
        *d = l;
    }
    *db.get_mut(db_len - msg.len() - 1)? = 1;
    db.get_mut(db_len - msg.len()..)?.copy_from_slice(msg);
    masked_seed.copy_from_slice(seed);
    mgf1_xor(masked_seed, db);
    let mut seed_mask = [0u8; H];
    mgf1_xor(db, &mut seed_mask);
    for (s, m) in masked_seed.iter_mut().zip(seed_mask) {
        *s ^= m;
    }
    Some(em)
}

/// EME-OAEP decoding of a `k`-byte `em`; `None` for every kind of invalid encoding, decided in
/// constant time (the message's length is revealed only once it is valid).
pub(crate) fn oaep_decode(em: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if em.len() < 2 * H + 2 {
        return None;
    }
    let mut em = Zeroizing::new(em.to_vec());
    let (y, rest) = em.split_first_mut()?;
    let y = *y;
    let (seed, db) = rest.split_at_mut(H);
    mgf1_xor(db, seed);
    mgf1_xor(seed, db);
    let (l_hash, tail) = db.split_at(H);
    let hash_ok = l_hash.ct_eq(Sha1::digest(b"").as_slice());
    // tail = 00…00 ‖ 01 ‖ M: find the first 01, with nothing but zeros before it.
    let mut looking = subtle::Choice::from(1u8);
    let mut index = 0u32;
    let mut bad_before_one = subtle::Choice::from(0u8);
    for (i, b) in (0u32..).zip(tail.iter()) {
        let is0 = b.ct_eq(&0);
        let is1 = b.ct_eq(&1);
        index.conditional_assign(&i, looking & is1);
        looking &= !is1;
        bad_before_one |= looking & !is0;
    }
    let valid = y.ct_eq(&0) & hash_ok & !bad_before_one & !looking;
    if !bool::from(valid) {
        return None;
    }
    let start = usize::try_from(index).ok()? + 1;
    Some(Zeroizing::new(tail.get(start..)?.to_vec()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn emsa_layout() {
        let em = emsa_pkcs1v15(&SHA256_PREFIX, &[0xAB; 32], 256).unwrap();
        assert_eq!(em.get(..3), Some(&[0u8, 1, 0xff][..]));
        assert!(em.get(2..204).unwrap_or_default().iter().all(|&b| b == 0xff));
        assert_eq!(em.get(204), Some(&0));
        assert_eq!(em.get(205..224), Some(&SHA256_PREFIX[..]));
        assert_eq!(em.get(224..), Some(&[0xABu8; 32][..]));
        let em = emsa_pkcs1v15(&SHA1_PREFIX, &[0xCD; 20], 384).unwrap();
        assert_eq!((em.len(), em[384 - 36]), (384, 0));
        assert!(em[2..384 - 36].iter().all(|&b| b == 0xff));
        assert_eq!(emsa_pkcs1v15(&SHA256_PREFIX, &[0; 32], 61), None);
        assert!(emsa_pkcs1v15(&SHA256_PREFIX, &[0; 32], 62).is_some());
    }

    #[test]
    fn oaep_round_trip_and_refusals() {
        for k in [42usize, 43, 256, 384, 512] {
            for len in [0, 1, oaep_max(k)].into_iter().filter(|&len| len <= oaep_max(k)) {
                let msg: Vec<u8> = (0..len).map(|i| (i * 7 + 1) as u8).collect();
                let em = oaep_encode(&msg, k, &[9; 20]).unwrap();
                assert_eq!(em.len(), k);
                assert_eq!(oaep_decode(&em).unwrap().as_slice(), &msg[..], "k {k} len {len}");
                for i in [0, 1, 20, 21, 40, 41, k - 1] {
                    let mut bad = em.to_vec();
                    bad[i] ^= 0x80;
                    // A flip in the message bytes passes the padding checks (OAEP has no MAC).
                    if len > 0 && i >= k - len {
                        continue;
                    }
                    assert_eq!(oaep_decode(&bad), None, "k {k} len {len} flip {i}");
                }
            }
            assert!(oaep_encode(&vec![0; oaep_max(k) + 1], k, &[0; 20]).is_none());
        }
    }
}
