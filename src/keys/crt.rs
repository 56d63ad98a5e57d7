//! RSA-2048 SHA256withRSA on [`super::mont`]: the fast path for the key size WeChat Pay and
//! Alipay use. Other sizes go through the `rsa` crate.
//!
//! Signing is RSASSA-PKCS1-v1_5 with CRT, keeping the protections `rsa` 0.9 has:
//! - base blinding (`c = m·rᵉ`, unblind with `r⁻¹`) on top of constant-time exponentiation,
//!   with Kocher's update as in OpenSSL's `BN_BLINDING`: a fresh random `r` (and its inverse)
//!   every [`BLINDING_USES`] signatures, and in between `(rᵉ, r⁻¹)` → `(r²ᵉ, r⁻²)` by squaring
//!   both, so each signature still gets a different, unpredictable factor (`r^(2^k)` for a
//!   secret random `r`; knowing it needs `r`) while the ~160 µs inverse is paid once per 32;
//! - the signature is checked (`sᵉ = m`) before it is returned, so a fault in the CRT
//!   arithmetic cannot leak a prime (Bellcore attack).

use super::mont::{from_be_bytes, mul_wide, to_be_bytes, Limbs, Modulus};
use crate::{Error, Result};
use num_bigint_dig::{BigUint, ModInverse, Sign};
use zeroize::Zeroize;

/// Modulus bytes.
pub(crate) const K: usize = 256;
const HALF: usize = 32;
const FULL: usize = 64;

/// `DigestInfo` DER prefix for SHA-256 (RFC 8017 §9.2, note 1).
const SHA256_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
];

/// EMSA-PKCS1-v1_5 encoding of a SHA-256 digest: `00 01 FF…FF 00 DigestInfo`.
fn emsa_sha256(digest: &[u8; 32]) -> [u8; K] {
    let mut em = [0xffu8; K];
    let tail = SHA256_PREFIX.len() + digest.len();
    for (dst, &src) in em.iter_mut().rev().zip(digest.iter().rev().chain(SHA256_PREFIX.iter().rev())) {
        *dst = src;
    }
    if let Some(b) = em.get_mut(K - tail - 1) {
        *b = 0;
    }
    let [b0, b1, ..] = &mut em;
    (*b0, *b1) = (0, 1);
    em
}

fn limbs<const N: usize>(x: &BigUint) -> Limbs<N> {
    from_be_bytes(&x.to_bytes_be())
}

fn small_exponent(e: &BigUint) -> Option<u64> {
    let bytes = e.to_bytes_be();
    (bytes.len() <= 8).then(|| bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

fn modulus<const N: usize>(m: &BigUint) -> Option<Modulus<N>> {
    let r2 = (BigUint::from(1u32) << (64 * N)) % m;
    Modulus::new(limbs(m), limbs(&r2))
}

/// A 2048-bit public key ready for the fast path.
#[derive(Clone)]
pub(crate) struct FastPublic {
    n: Modulus<FULL>,
    e: u64,
}

impl FastPublic {
    /// `None` unless `n` is exactly 2048 bits and `e` fits 64 bits.
    pub(crate) fn new(n: &BigUint, e: &BigUint) -> Option<Self> {
        if n.bits() != 8 * K {
            return None;
        }
        Some(FastPublic { n: modulus(n)?, e: small_exponent(e)? })
    }

    /// `xᵉ mod n` for `x < n`.
    fn public_op(&self, x: &Limbs<FULL>) -> Limbs<FULL> {
        self.n.pow_public_plain(x, self.e)
    }

    /// RSASSA-PKCS1-v1_5 SHA-256 verification (public data: variable time is fine).
    pub(crate) fn verify_sha256(&self, digest: &[u8; 32], signature: &[u8]) -> bool {
        if signature.len() != K {
            return false;
        }
        let s = from_be_bytes::<FULL>(signature);
        self.n.is_reduced(&s) && to_be_bytes(&self.public_op(&s)) == emsa_sha256(digest)
    }
}

/// Signatures per fresh blinding value (OpenSSL's `BN_BLINDING_COUNTER`).
const BLINDING_USES: u32 = 32;

/// The current blinding pair, both in Montgomery form mod `n`: `rᵉ·R` and `r⁻¹·R`.
struct Blinding {
    r_e: Limbs<FULL>,
    rinv: Limbs<FULL>,
    uses: u32,
}

impl Drop for Blinding {
    fn drop(&mut self) {
        self.r_e.zeroize();
        self.rinv.zeroize();
    }
}

/// A 2048-bit two-prime private key ready for the fast path. Zeroized on drop.
pub(crate) struct FastPrivate {
    public: FastPublic,
    /// `n` for the blinding inverse.
    n_big: BigUint,
    p: Modulus<HALF>,
    q: Modulus<HALF>,
    q_limbs: Limbs<HALF>,
    /// `R³ mod p` / `R³ mod q`: folds the high half of a 2048-bit value into Montgomery form.
    r3p: Limbs<HALF>,
    r3q: Limbs<HALF>,
    dp: Vec<u8>,
    dq: Vec<u8>,
    /// `q⁻¹ mod p`, in Montgomery form.
    qinv_mont: Limbs<HALF>,
    /// Blinding state (see the module docs); `None` until the first signature. Behind a
    /// `Mutex` so that signing takes `&self`; a clone starts from `None`, so clones never
    /// share blinding values.
    blinding: std::sync::Mutex<Option<Blinding>>,
}

impl Clone for FastPrivate {
    fn clone(&self) -> Self {
        FastPrivate {
            public: self.public.clone(),
            n_big: self.n_big.clone(),
            p: self.p.clone(),
            q: self.q.clone(),
            q_limbs: self.q_limbs,
            r3p: self.r3p,
            r3q: self.r3q,
            dp: self.dp.clone(),
            dq: self.dq.clone(),
            qinv_mont: self.qinv_mont,
            blinding: std::sync::Mutex::new(None),
        }
    }
}

impl Drop for FastPrivate {
    fn drop(&mut self) {
        self.p.zeroize();
        self.q.zeroize();
        self.q_limbs.zeroize();
        self.r3p.zeroize();
        self.r3q.zeroize();
        self.dp.zeroize();
        self.dq.zeroize();
        self.qinv_mont.zeroize();
    }
}

impl FastPrivate {
    /// `None` unless the key is 2048-bit with two 1024-bit primes (then `rsa` handles it).
    pub(crate) fn new(n: &BigUint, e: &BigUint, d: &BigUint, primes: &[BigUint]) -> Option<Self> {
        let [p, q] = primes else { return None };
        if p.bits() != 8 * K / 2 || q.bits() != 8 * K / 2 || &(p * q) != n {
            return None;
        }
        let one = BigUint::from(1u32);
        let r3 = |m: &BigUint| limbs::<HALF>(&((&one << (3 * 32 * HALF)) % m));
        let qinv = q.clone().mod_inverse(p)?;
        let (Sign::Plus, qinv) = qinv.to_bytes_be() else { return None };
        let qinv_mont = limbs::<HALF>(&((BigUint::from_bytes_be(&qinv) << (32 * HALF)) % p));
        let mut dp = (d % (p - &one)).to_bytes_be();
        let mut dq = (d % (q - &one)).to_bytes_be();
        // Fixed-length exponents: the window count must not depend on the key's leading zeros.
        for x in [&mut dp, &mut dq] {
            x.splice(0..0, core::iter::repeat(0).take((K / 2).saturating_sub(x.len())));
        }
        Some(FastPrivate {
            public: FastPublic::new(n, e)?,
            n_big: n.clone(),
            p: modulus(p)?,
            q: modulus(q)?,
            q_limbs: limbs(q),
            r3p: r3(p),
            r3q: r3(q),
            dp,
            dq,
            qinv_mont,
            blinding: std::sync::Mutex::new(None),
        })
    }

    /// A random `r < n` (2040 bits) and `r⁻¹ mod n`.
    fn blinding(&self) -> Result<(Limbs<FULL>, Limbs<FULL>)> {
        let mut bytes = [0u8; K];
        for _ in 0..8 {
            crate::nonce::random_bytes(bytes.get_mut(1..).unwrap_or_default())?;
            let r = BigUint::from_bytes_be(&bytes);
            // Not invertible only if r shares a prime with n: never in practice; retry anyway.
            if let Some(inv) = r.clone().mod_inverse(&self.n_big) {
                if let (Sign::Plus, inv) = inv.to_bytes_be() {
                    let pair = (limbs(&r), from_be_bytes(&inv));
                    bytes.zeroize();
                    return Ok(pair);
                }
            }
        }
        Err(Error::InvalidArgument("RSA blinding failed: no invertible random value".into()))
    }

    /// The blinding pair for one signature, `(rᵉ·R, r⁻¹·R)` mod `n`: a fresh one every
    /// [`BLINDING_USES`] signatures, else the previous pair squared (constant-time Montgomery
    /// squarings). A poisoned lock is recovered: the state is only ever replaced whole.
    fn next_blinding(&self) -> Result<(Limbs<FULL>, Limbs<FULL>)> {
        let n = &self.public.n;
        let mut state = self.blinding.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match state.as_mut() {
            Some(b) if b.uses < BLINDING_USES => {
                b.r_e = n.sqr(&b.r_e);
                b.rinv = n.sqr(&b.rinv);
                b.uses += 1;
                Ok((b.r_e, b.rinv))
            }
            _ => {
                let (mut r, mut rinv) = self.blinding()?;
                let b = Blinding {
                    r_e: n.to_mont(&n.pow_public_plain(&r, self.public.e)),
                    rinv: n.to_mont(&rinv),
                    uses: 1,
                };
                r.zeroize();
                rinv.zeroize();
                let pair = (b.r_e, b.rinv);
                *state = Some(b);
                Ok(pair)
            }
        }
    }

    /// `x mod p` in Montgomery form, for a 2048-bit `x = hi·R + lo`: `lo·R + hi·R²`.
    fn to_half(m: &Modulus<HALF>, r3: &Limbs<HALF>, x: &Limbs<FULL>) -> Limbs<HALF> {
        let (lo, hi) = split(x);
        m.add(&m.to_mont(&lo), &m.mul(&hi, r3))
    }

    /// The blinded CRT private operation `em^d mod n`, checked against the public key.
    fn private_op(&self, em: &Limbs<FULL>) -> Result<Limbs<FULL>> {
        let n = &self.public.n;
        let (mut r_e, mut rinv) = self.next_blinding()?;
        let c = n.mul(em, &r_e); // em · rᵉ (r_e in Montgomery form)
        let m1 = self.p.leave_mont(&self.p.pow_secret(&Self::to_half(&self.p, &self.r3p, &c), &self.dp));
        let m2 = self.q.leave_mont(&self.q.pow_secret(&Self::to_half(&self.q, &self.r3q, &c), &self.dq));
        // Garner: s = m2 + q · (q⁻¹ · (m1 − m2) mod p).
        let h = self.p.mul(&self.p.sub(&m1, &self.p.reduce(&m2)), &self.qinv_mont);
        let (lo, hi) = mul_wide(&h, &self.q_limbs);
        let blinded = add_half(&join(&lo, &hi), &m2);
        let s = n.mul(&blinded, &rinv); // · r⁻¹ (rinv in Montgomery form)
        r_e.zeroize();
        rinv.zeroize();
        if &self.public.public_op(&s) != em {
            return Err(Error::InvalidArgument("RSA signature self-check failed".into()));
        }
        Ok(s)
    }

    /// RSASSA-PKCS1-v1_5 SHA-256 signature of `digest`.
    pub(crate) fn sign_sha256(&self, digest: &[u8; 32]) -> Result<Vec<u8>> {
        let em = from_be_bytes::<FULL>(&emsa_sha256(digest));
        Ok(to_be_bytes(&self.private_op(&em)?))
    }
}

fn split(x: &Limbs<FULL>) -> (Limbs<HALF>, Limbs<HALF>) {
    let mut lo = [0u32; HALF];
    let mut hi = [0u32; HALF];
    for (dst, &src) in lo.iter_mut().chain(hi.iter_mut()).zip(x) {
        *dst = src;
    }
    (lo, hi)
}

fn join(lo: &Limbs<HALF>, hi: &Limbs<HALF>) -> Limbs<FULL> {
    let mut out = [0u32; FULL];
    for (dst, &src) in out.iter_mut().zip(lo.iter().chain(hi)) {
        *dst = src;
    }
    out
}

/// `a + b` for a full-size `a` and half-size `b`; the caller knows the sum fits.
fn add_half(a: &Limbs<FULL>, b: &Limbs<HALF>) -> Limbs<FULL> {
    let mut out = [0u32; FULL];
    let mut carry = 0u64;
    for ((o, &x), y) in out.iter_mut().zip(a).zip(b.iter().copied().chain(core::iter::repeat(0))) {
        let s = u64::from(x) + u64::from(y) + carry;
        *o = s as u32;
        carry = s >> 32;
    }
    out
}

/// The CRT private operation on big-endian bytes, for `tests/rsa_engine.rs` (re-exported as
/// `keys::engine`). Not API.
#[doc(hidden)]
pub mod testing {
    use super::{from_be_bytes, to_be_bytes, FastPrivate, FULL, K};
    use num_bigint_dig::BigUint;

    /// A 2048-bit two-prime key, primes in the given order (`q⁻¹ mod p` is computed here).
    pub struct Crt(FastPrivate);

    impl Crt {
        pub fn new(n: &[u8], e: &[u8], d: &[u8], p: &[u8], q: &[u8]) -> Option<Self> {
            let big = BigUint::from_bytes_be;
            FastPrivate::new(&big(n), &big(e), &big(d), &[big(p), big(q)]).map(Crt)
        }
        /// `x^d mod n` for `x < n`, blinded and self-checked as in signing (256 bytes).
        pub fn private_op(&self, x: &[u8]) -> Option<crate::Result<Vec<u8>>> {
            (x.len() <= K).then(|| self.0.private_op(&from_be_bytes::<FULL>(x)).map(|s| to_be_bytes(&s)))
        }
        pub fn sign_sha256(&self, digest: &[u8; 32]) -> crate::Result<Vec<u8>> {
            self.0.sign_sha256(digest)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn emsa_layout() {
        let em = super::emsa_sha256(&[0xAB; 32]);
        assert_eq!(em.get(..3), Some(&[0u8, 1, 0xff][..]));
        assert!(em.get(2..204).unwrap_or_default().iter().all(|&b| b == 0xff));
        assert_eq!(em.get(204), Some(&0));
        assert_eq!(em.get(205..224), Some(&super::SHA256_PREFIX[..]));
        assert_eq!(em.get(224..), Some(&[0xABu8; 32][..]));
    }
}
