//! The RSA primitives on our own arithmetic, for every accepted key size (2048 to 4096 bits):
//! the public operation `xᵉ mod n` ([`PublicEngine`]) and the blinded CRT private operation
//! `x^d mod n` ([`PrivateEngine`]). Padding (PKCS#1 v1.5, OAEP) is `padding.rs`.
//!
//! Two engines behind one interface:
//! - RSA-2048 with two 1024-bit primes, the size WeChat Pay and Alipay use: fixed-size 32-bit
//!   limbs (`mont.rs`), the fast path.
//! - Any other size, or a 2048-bit modulus with unbalanced primes: runtime-length Montgomery
//!   arithmetic (`nat.rs`), one instantiation for every size.
//!
//! The private operation keeps the protections `rsa` 0.9 has, on both engines:
//! - base blinding (`c = m·rᵉ`, unblind with `r⁻¹`) on top of constant-time exponentiation,
//!   with Kocher's update as in OpenSSL's `BN_BLINDING`: a fresh random `r` (and its inverse)
//!   every [`BLINDING_USES`] operations, and in between `(rᵉ, r⁻¹)` → `(r²ᵉ, r⁻²)` by squaring
//!   both, so each operation still gets a different, unpredictable factor (`r^(2^k)` for a
//!   secret random `r`; knowing it needs `r`). The inverse is `r^(p−2) mod p` and
//!   `r^(q−2) mod q` joined by CRT (Fermat: constant time, no extended Euclid), checked by
//!   `r · r⁻¹ = 1`;
//! - the result is checked (`sᵉ = m`) before it is returned, so a fault in the CRT arithmetic
//!   cannot leak a prime (Bellcore attack).
//!
//! Key set-up (`d mod p−1`, `q⁻¹ mod p`, the Montgomery constants) runs once per key on the
//! first private operation. `q⁻¹ mod p` is the key's own coefficient when it checks out
//! (`q · qInv ≡ 1 mod p`), else computed (Fermat), so a damaged coefficient changes nothing.

use super::mont::{from_be_bytes, mul_wide, to_be_bytes, Limbs, Modulus};
use super::nat::{self, Mont};
use crate::{Error, Result};
use core::cmp::Ordering;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Modulus bytes of the fast path.
const K: usize = 256;
const HALF: usize = 32;
const FULL: usize = 64;

/// A private key's components as big-endian bytes (leading zeros allowed), as the parser hands
/// them over: the seam between the DER parser and the engines.
pub(crate) struct RsaParts<'a> {
    pub(crate) n: &'a [u8],
    pub(crate) e: &'a [u8],
    pub(crate) d: &'a [u8],
    pub(crate) p: &'a [u8],
    pub(crate) q: &'a [u8],
    /// The key's `coefficient` (`q⁻¹ mod p`), used only if it checks out.
    pub(crate) qinv: Option<&'a [u8]>,
}

/// A public exponent that fits 64 bits.
pub(crate) fn small_exponent(e: &[u8]) -> Option<u64> {
    let e = e.get(e.iter().position(|&b| b != 0).unwrap_or(e.len())..).unwrap_or_default();
    (e.len() <= 8).then(|| e.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// `rsa` 0.9's `check_public`: `e` fits 64 bits, `e < n`, `n` odd, `e` odd, `2 ≤ e ≤ 2³³ − 1`.
/// (The size limit is the caller's.) Public values: variable time.
pub(crate) fn check_public(n: &[u8], e: &[u8]) -> bool {
    let Some(e64) = small_exponent(e) else { return false };
    let n = nat::from_be(n);
    let odd = n.first().is_some_and(|&l| l & 1 == 1);
    odd && nat::cmp(&nat::from_be(e), &n) == Ordering::Less && e64 % 2 == 1 && (2..=(1 << 33) - 1).contains(&e64)
}

/// The checks `rsa` 0.9 makes on a two-prime private key (`RsaPrivateKey::validate`):
/// [`check_public`], `p > 1`, `q > 1`, `n = p·q`, `d·e ≡ 1 mod p−1` and `mod q−1`. The caller
/// has bounded `n` (at most [`super::MAX_BITS`]); `p` and `q` too long for `n` are refused
/// before any product, and the rest is linear in `d`'s length. Variable time in the key's
/// numbers, as `num-bigint-dig`'s arithmetic was for the same checks; only the verdict leaves.
pub(crate) fn check_private(parts: &RsaParts<'_>) -> bool {
    if !check_public(parts.n, parts.e) {
        return false;
    }
    let n = nat::from_be(parts.n);
    let e = nat::from_be(parts.e);
    let d = Zeroizing::new(nat::from_be(parts.d));
    let p = Zeroizing::new(nat::from_be(parts.p));
    let q = Zeroizing::new(nat::from_be(parts.q));
    (|| {
        let one = [1u32];
        if nat::cmp(&p, &one) != Ordering::Greater || nat::cmp(&q, &one) != Ordering::Greater {
            return false;
        }
        // A b-bit times a c-bit number has b + c − 1 or b + c bits.
        if nat::bits(&p) + nat::bits(&q) > nat::bits(&n) + 1 || nat::cmp(&nat::mul(&p, &q), &n) != Ordering::Equal {
            return false;
        }
        let de = Zeroizing::new(nat::mul(&d, &e));
        [&*p, &*q].iter().all(|prime| {
            let rem = nat::sub_small(prime, 1).and_then(|m| nat::rem(&de, &m)).map(Zeroizing::new);
            rem.is_some_and(|r| nat::is_one(&r))
        })
    })()
}

/// Bytes of a value of `bits` bits.
fn bytes_for(bits: usize) -> usize {
    bits.div_ceil(8)
}

// ---------------------------------------------------------------------------------------------
// Public operation.
// ---------------------------------------------------------------------------------------------

/// `xᵉ mod n` for one public key: the fixed-size engine for 2048-bit moduli, else `nat`.
// RSA-2048 (the fixed-size variant) is what nearly every key is: kept inline, not boxed.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub(crate) enum PublicEngine {
    Fast(FastPublic),
    Any(AnyPublic),
}

impl PublicEngine {
    /// `None` unless `n` is odd and above 1 and `e` fits 64 bits (the callers check the rest).
    pub(crate) fn new(n: &[u8], e: &[u8]) -> Option<Self> {
        let e = small_exponent(e)?;
        let n = nat::from_be(n);
        if nat::bits(&n) == 8 * K {
            FastPublic::new(&n, e).map(PublicEngine::Fast)
        } else {
            AnyPublic::new(&n, e).map(PublicEngine::Any)
        }
    }

    /// Modulus bytes `k`.
    pub(crate) fn size(&self) -> usize {
        match self {
            PublicEngine::Fast(_) => K,
            PublicEngine::Any(a) => a.k,
        }
    }

    /// `xᵉ mod n` on `k` big-endian bytes; `None` unless `x` is `k` bytes and below `n`.
    /// Public data: variable time is fine.
    pub(crate) fn public_op(&self, x: &[u8]) -> Option<Vec<u8>> {
        match self {
            PublicEngine::Fast(f) => {
                if x.len() != K {
                    return None;
                }
                let x = from_be_bytes::<FULL>(x);
                f.n.is_reduced(&x).then(|| to_be_bytes(&f.public_op(&x)))
            }
            PublicEngine::Any(a) => {
                if x.len() != a.k {
                    return None;
                }
                let x = nat::from_be_len(x, a.n.len());
                (nat::cmp(&x, a.n.modulus()) == core::cmp::Ordering::Less).then(|| nat::to_be(&a.n.pow_public(&x, a.e), a.k))
            }
        }
    }
}

/// A 2048-bit public key on the fixed-size engine.
#[derive(Clone)]
pub(crate) struct FastPublic {
    n: Modulus<FULL>,
    e: u64,
}

/// `R² mod m` etc. as fixed limbs: `2^k mod m`.
fn pow2_mod<const N: usize>(k: usize, m: &[u32]) -> Option<Limbs<N>> {
    let r = nat::rem(&nat::pow2(k), m)?;
    Some(from_be_bytes(&nat::to_be(&r, 4 * N)))
}

fn fixed<const N: usize>(x: &[u32]) -> Limbs<N> {
    let mut out = [0u32; N];
    for (o, &l) in out.iter_mut().zip(x) {
        *o = l;
    }
    out
}

/// A fixed-size modulus of exactly `32 · N` bits with its `R² mod m`.
fn modulus<const N: usize>(m: &[u32]) -> Option<Modulus<N>> {
    if nat::bits(m) != 32 * N {
        return None;
    }
    Modulus::new(fixed(m), pow2_mod(64 * N, m)?)
}

impl FastPublic {
    /// `None` unless `n` is exactly 2048 bits and odd.
    fn new(n: &[u32], e: u64) -> Option<Self> {
        Some(FastPublic { n: modulus(n)?, e })
    }

    /// `xᵉ mod n` for `x < n`.
    fn public_op(&self, x: &Limbs<FULL>) -> Limbs<FULL> {
        self.n.pow_public_plain(x, self.e)
    }
}

/// A public key of any size on `nat`.
#[derive(Clone)]
pub(crate) struct AnyPublic {
    n: Mont,
    e: u64,
    /// Modulus bytes.
    k: usize,
}

impl AnyPublic {
    fn new(n: &[u32], e: u64) -> Option<Self> {
        Some(AnyPublic { n: Mont::new(n)?, e, k: bytes_for(nat::bits(n)) })
    }
}

// ---------------------------------------------------------------------------------------------
// Blinding.
// ---------------------------------------------------------------------------------------------

/// Operations per fresh blinding value (OpenSSL's `BN_BLINDING_COUNTER`).
const BLINDING_USES: u32 = 32;

/// The current blinding pair, both in Montgomery form mod `n` (`rᵉ·R`, `r⁻¹·R`), and its uses.
/// Behind a `Mutex` so that the private operation takes `&self`; a new one starts empty, so
/// clones never share blinding values. Zeroized on drop.
struct Blinder<V: Zeroize>(std::sync::Mutex<Option<(V, V, u32)>>);

impl<V: Zeroize + Clone> Blinder<V> {
    fn new() -> Self {
        Blinder(std::sync::Mutex::new(None))
    }

    /// The pair for one operation: a fresh one every [`BLINDING_USES`] operations, else the
    /// previous pair squared. A poisoned lock is recovered: the state is only replaced whole.
    fn next(&self, fresh: impl FnOnce() -> Result<(V, V)>, sqr: impl Fn(&V) -> V) -> Result<(V, V)> {
        let mut state = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match state.as_mut() {
            Some((r_e, rinv, uses)) if *uses < BLINDING_USES => {
                *r_e = sqr(r_e);
                *rinv = sqr(rinv);
                *uses += 1;
                Ok((r_e.clone(), rinv.clone()))
            }
            _ => {
                let (r_e, rinv) = fresh()?;
                if let Some((old_e, old_inv, _)) = state.as_mut() {
                    old_e.zeroize();
                    old_inv.zeroize();
                }
                *state = Some((r_e.clone(), rinv.clone(), 1));
                Ok((r_e, rinv))
            }
        }
    }
}

impl<V: Zeroize> Drop for Blinder<V> {
    fn drop(&mut self) {
        if let Ok(Some((r_e, rinv, _))) = self.0.get_mut() {
            r_e.zeroize();
            rinv.zeroize();
        }
    }
}

/// Random bytes for a blinding value `r < n`: `k − 1` of them (below `n`, whose top byte is
/// nonzero), zero-extended to `k`.
fn random_below_n(k: usize) -> Result<Zeroizing<Vec<u8>>> {
    let mut bytes = Zeroizing::new(vec![0u8; k]);
    crate::nonce::random_bytes(bytes.get_mut(1..).unwrap_or_default())?;
    Ok(bytes)
}

fn blinding_failed() -> Error {
    Error::InvalidArgument("RSA blinding failed: no invertible random value".into())
}

fn self_check_failed() -> Error {
    Error::InvalidArgument("RSA private operation self-check failed".into())
}

// ---------------------------------------------------------------------------------------------
// Private operation.
// ---------------------------------------------------------------------------------------------

/// What both engines are built from, computed once per key (the secrets zeroized on drop).
#[derive(ZeroizeOnDrop)]
struct Material {
    #[zeroize(skip)]
    n: Vec<u32>,
    #[zeroize(skip)]
    e: u64,
    p: Vec<u32>,
    q: Vec<u32>,
    /// `d mod p−1`, `d mod q−1`, `p − 2`, `q − 2`: big-endian, as long as `p` (resp. `q`), so
    /// that the exponentiation's window count does not depend on leading zeros.
    dp: Vec<u8>,
    dq: Vec<u8>,
    pm2: Vec<u8>,
    qm2: Vec<u8>,
    /// `q⁻¹ mod p`.
    qinv: Vec<u32>,
}

impl Material {
    /// `None` for a key the engines cannot run (the import checks refuse those already).
    fn new(parts: &RsaParts<'_>) -> Option<Self> {
        let e = small_exponent(parts.e)?;
        let n = nat::trim(&nat::from_be(parts.n)).to_vec();
        let mut d = Zeroizing::new(nat::from_be(parts.d));
        let p = nat::trim(&nat::from_be(parts.p)).to_vec();
        let q = nat::trim(&nat::from_be(parts.q)).to_vec();
        if nat::cmp(&nat::mul(&p, &q), &n) != core::cmp::Ordering::Equal {
            return None;
        }
        let (plen, qlen) = (bytes_for(nat::bits(&p)), bytes_for(nat::bits(&q)));
        let exp_mod = |prime: &[u32], len: usize| -> Option<Vec<u8>> {
            let mut r = nat::rem(&d, &nat::sub_small(prime, 1)?)?;
            let out = nat::to_be(&r, len);
            r.zeroize();
            Some(out)
        };
        let minus2 = |prime: &[u32], len: usize| -> Option<Vec<u8>> {
            let mut r = nat::sub_small(prime, 2)?;
            let out = nat::to_be(&r, len);
            r.zeroize();
            Some(out)
        };
        let mut m = Material {
            dp: exp_mod(&p, plen)?,
            dq: exp_mod(&q, qlen)?,
            pm2: minus2(&p, plen)?,
            qm2: minus2(&q, qlen)?,
            qinv: Vec::new(),
            n,
            e,
            p,
            q,
        };
        d.zeroize();
        let is_qinv = |c: &[u32]| {
            nat::cmp(c, &m.p) == core::cmp::Ordering::Less && nat::rem(&nat::mul(c, &m.q), &m.p).is_some_and(|r| nat::is_one(&r))
        };
        let given = parts.qinv.map(nat::from_be).filter(|c| is_qinv(c));
        let qinv = match given {
            Some(c) => c,
            None => {
                let mp = Mont::new(&m.p)?;
                let inv = mp.leave_mont(&mp.pow_secret(&mp.reduce_to_mont(&m.q), &m.pm2));
                if !is_qinv(&inv) {
                    return None;
                }
                inv
            }
        };
        let mut qinv = qinv;
        qinv.resize(m.p.len(), 0);
        m.qinv = qinv;
        Some(m)
    }
}

/// The blinded, self-checked CRT private operation of one key.
pub(crate) enum PrivateEngine {
    Fast(Box<FastPrivate>),
    Any(Box<AnyPrivate>),
}

impl Clone for PrivateEngine {
    fn clone(&self) -> Self {
        match self {
            PrivateEngine::Fast(f) => PrivateEngine::Fast(Box::new(f.fresh_clone())),
            PrivateEngine::Any(a) => PrivateEngine::Any(Box::new(a.fresh_clone())),
        }
    }
}

impl PrivateEngine {
    /// The engine for a two-prime key; `None` if its components do not make one (the import
    /// checks have refused those keys already).
    pub(crate) fn new(parts: &RsaParts<'_>) -> Option<Self> {
        let m = Material::new(parts)?;
        if let Some(fast) = FastPrivate::new(&m) {
            return Some(PrivateEngine::Fast(Box::new(fast)));
        }
        AnyPrivate::new(&m).map(|a| PrivateEngine::Any(Box::new(a)))
    }

    /// The `nat` engine whatever the size (tests run both engines on RSA-2048 keys).
    fn new_any(parts: &RsaParts<'_>) -> Option<Self> {
        AnyPrivate::new(&Material::new(parts)?).map(|a| PrivateEngine::Any(Box::new(a)))
    }

    /// Modulus bytes `k`.
    pub(crate) fn size(&self) -> usize {
        match self {
            PrivateEngine::Fast(_) => K,
            PrivateEngine::Any(a) => a.public.k,
        }
    }

    /// `x^d mod n` on `k` big-endian bytes, blinded and self-checked; `None` unless `x` is
    /// `k` bytes and below `n`.
    pub(crate) fn private_op(&self, x: &[u8]) -> Option<Result<Zeroizing<Vec<u8>>>> {
        match self {
            PrivateEngine::Fast(f) => {
                if x.len() != K {
                    return None;
                }
                let x = from_be_bytes::<FULL>(x);
                f.public.n.is_reduced(&x).then(|| f.private_op(&x).map(|s| Zeroizing::new(to_be_bytes(&s))))
            }
            PrivateEngine::Any(a) => {
                let k = a.public.k;
                if x.len() != k {
                    return None;
                }
                let x = nat::from_be_len(x, a.public.n.len());
                (nat::cmp(&x, a.public.n.modulus()) == core::cmp::Ordering::Less)
                    .then(|| a.private_op(&x).map(|s| Zeroizing::new(nat::to_be(&s, k))))
            }
        }
    }
}

/// A 2048-bit two-prime key with 1024-bit primes on the fixed-size engine. Zeroized on drop.
#[derive(ZeroizeOnDrop)]
pub(crate) struct FastPrivate {
    #[zeroize(skip)]
    public: FastPublic,
    p: Modulus<HALF>,
    q: Modulus<HALF>,
    q_limbs: Limbs<HALF>,
    /// `R³ mod p` / `R³ mod q`: folds the high half of a 2048-bit value into Montgomery form.
    r3p: Limbs<HALF>,
    r3q: Limbs<HALF>,
    dp: Vec<u8>,
    dq: Vec<u8>,
    /// `p − 2`, `q − 2`: the exponents of the blinding inverse.
    pm2: Vec<u8>,
    qm2: Vec<u8>,
    /// `q⁻¹ mod p`, in Montgomery form.
    qinv_mont: Limbs<HALF>,
    /// Zeroizes itself on drop.
    #[zeroize(skip)]
    blinding: Blinder<Limbs<FULL>>,
}

impl FastPrivate {
    /// `None` unless the key is 2048-bit with two 1024-bit primes (then `AnyPrivate` runs it).
    fn new(m: &Material) -> Option<Self> {
        if nat::bits(&m.n) != 8 * K || nat::bits(&m.p) != 8 * K / 2 || nat::bits(&m.q) != 8 * K / 2 {
            return None;
        }
        // q⁻¹·R mod p: q⁻¹ shifted up by R = 2^1024.
        let mut shifted = vec![0u32; HALF];
        shifted.extend_from_slice(&m.qinv);
        let mut qinv_mont = nat::rem(&shifted, &m.p)?;
        let out = FastPrivate {
            public: FastPublic::new(&m.n, m.e)?,
            p: modulus(&m.p)?,
            q: modulus(&m.q)?,
            q_limbs: fixed(&m.q),
            r3p: pow2_mod(3 * 32 * HALF, &m.p)?,
            r3q: pow2_mod(3 * 32 * HALF, &m.q)?,
            dp: m.dp.clone(),
            dq: m.dq.clone(),
            pm2: m.pm2.clone(),
            qm2: m.qm2.clone(),
            qinv_mont: fixed(&qinv_mont),
            blinding: Blinder::new(),
        };
        shifted.zeroize();
        qinv_mont.zeroize();
        Some(out)
    }

    fn fresh_clone(&self) -> Self {
        FastPrivate {
            public: self.public.clone(),
            p: self.p.clone(),
            q: self.q.clone(),
            q_limbs: self.q_limbs,
            r3p: self.r3p,
            r3q: self.r3q,
            dp: self.dp.clone(),
            dq: self.dq.clone(),
            pm2: self.pm2.clone(),
            qm2: self.qm2.clone(),
            qinv_mont: self.qinv_mont,
            blinding: Blinder::new(),
        }
    }

    /// `x mod p` in Montgomery form, for a 2048-bit `x = hi·R + lo`: `lo·R + hi·R²`.
    fn to_half(m: &Modulus<HALF>, r3: &Limbs<HALF>, x: &Limbs<FULL>) -> Limbs<HALF> {
        let (lo, hi) = split(x);
        m.add(&m.to_mont(&lo), &m.mul(&hi, r3))
    }

    /// `y < n` with `y ≡ c^ep mod p` and `y ≡ c^eq mod q` (constant-time exponentiations, then
    /// Garner: `y = m2 + q · (q⁻¹ · (m1 − m2) mod p)`).
    fn crt(&self, c: &Limbs<FULL>, ep: &[u8], eq: &[u8]) -> Limbs<FULL> {
        let m1 = self.p.leave_mont(&self.p.pow_secret(&Self::to_half(&self.p, &self.r3p, c), ep));
        let m2 = self.q.leave_mont(&self.q.pow_secret(&Self::to_half(&self.q, &self.r3q, c), eq));
        let h = self.p.mul(&self.p.sub(&m1, &self.p.reduce(&m2)), &self.qinv_mont);
        let (lo, hi) = mul_wide(&h, &self.q_limbs);
        add_half(&join(&lo, &hi), &m2)
    }

    /// A fresh blinding pair `(rᵉ·R, r⁻¹·R)` mod `n`.
    fn fresh_blinding(&self) -> Result<(Limbs<FULL>, Limbs<FULL>)> {
        let n = &self.public.n;
        let mut unit = [0u32; FULL];
        if let Some(l) = unit.first_mut() {
            *l = 1;
        }
        for _ in 0..8 {
            let bytes = random_below_n(K)?;
            let mut r = from_be_bytes::<FULL>(&bytes);
            let mut rinv = self.crt(&r, &self.pm2, &self.qm2);
            // r · r⁻¹ = 1 (n.mul of r·R and r⁻¹ gives the plain product); else r shared a
            // prime with n (never in practice): retry.
            let ok = n.mul(&n.to_mont(&r), &rinv) == unit;
            let pair = (n.to_mont(&n.pow_public_plain(&r, self.public.e)), n.to_mont(&rinv));
            r.zeroize();
            rinv.zeroize();
            if ok {
                return Ok(pair);
            }
        }
        Err(blinding_failed())
    }

    /// The blinded CRT private operation `x^d mod n` for `x < n`, checked against the public key.
    fn private_op(&self, x: &Limbs<FULL>) -> Result<Limbs<FULL>> {
        let n = &self.public.n;
        let (mut r_e, mut rinv) = self.blinding.next(|| self.fresh_blinding(), |v| n.sqr(v))?;
        let mut c = n.mul(x, &r_e); // x · rᵉ (r_e in Montgomery form)
        let mut blinded = self.crt(&c, &self.dp, &self.dq);
        let s = n.mul(&blinded, &rinv); // · r⁻¹ (rinv in Montgomery form)
        r_e.zeroize();
        rinv.zeroize();
        c.zeroize();
        blinded.zeroize();
        if &self.public.public_op(&s) != x {
            return Err(self_check_failed());
        }
        Ok(s)
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

/// A two-prime key of any size on `nat`. Zeroized on drop.
#[derive(ZeroizeOnDrop)]
pub(crate) struct AnyPrivate {
    #[zeroize(skip)]
    public: AnyPublic,
    p: Mont,
    q: Mont,
    q_plain: Vec<u32>,
    dp: Vec<u8>,
    dq: Vec<u8>,
    pm2: Vec<u8>,
    qm2: Vec<u8>,
    /// `q⁻¹ mod p`, plain.
    qinv: Vec<u32>,
    /// Zeroizes itself on drop.
    #[zeroize(skip)]
    blinding: Blinder<Vec<u32>>,
}

impl AnyPrivate {
    fn new(m: &Material) -> Option<Self> {
        Some(AnyPrivate {
            public: AnyPublic::new(&m.n, m.e)?,
            p: Mont::new(&m.p)?,
            q: Mont::new(&m.q)?,
            q_plain: m.q.clone(),
            dp: m.dp.clone(),
            dq: m.dq.clone(),
            pm2: m.pm2.clone(),
            qm2: m.qm2.clone(),
            qinv: m.qinv.clone(),
            blinding: Blinder::new(),
        })
    }

    fn fresh_clone(&self) -> Self {
        AnyPrivate {
            public: self.public.clone(),
            p: self.p.clone(),
            q: self.q.clone(),
            q_plain: self.q_plain.clone(),
            dp: self.dp.clone(),
            dq: self.dq.clone(),
            pm2: self.pm2.clone(),
            qm2: self.qm2.clone(),
            qinv: self.qinv.clone(),
            blinding: Blinder::new(),
        }
    }

    /// As [`FastPrivate::crt`], for `c < n`: `n`-limb result below `n`.
    fn crt(&self, c: &[u32], ep: &[u8], eq: &[u8]) -> Vec<u32> {
        let (p, q) = (&self.p, &self.q);
        let mut m1 = p.pow_secret(&p.reduce_to_mont(c), ep); // Montgomery form mod p
        let mut m2 = q.leave_mont(&q.pow_secret(&q.reduce_to_mont(c), eq)); // plain, < q
        let mut m2p = p.reduce_to_mont(&m2);
        // (m1 − m2)·R · q⁻¹ / R = (m1 − m2) · q⁻¹ mod p, plain.
        let mut h = p.mul(&p.sub(&m1, &m2p), &self.qinv);
        let mut y = nat::add(&nat::mul(&self.q_plain, &h), &m2);
        y.resize(self.public.n.len().max(y.len()), 0);
        let mut out = y.get(..self.public.n.len()).unwrap_or_default().to_vec();
        for v in [&mut m1, &mut m2, &mut m2p, &mut h, &mut y] {
            v.zeroize();
        }
        out.resize(self.public.n.len(), 0);
        out
    }

    fn fresh_blinding(&self) -> Result<(Vec<u32>, Vec<u32>)> {
        let n = &self.public.n;
        for _ in 0..8 {
            let bytes = random_below_n(self.public.k)?;
            let mut r = nat::from_be_len(&bytes, n.len());
            let mut rinv = self.crt(&r, &self.pm2, &self.qm2);
            let ok = nat::is_one(&n.mul(&n.to_mont(&r), &rinv));
            let pair = (n.to_mont(&n.pow_public(&r, self.public.e)), n.to_mont(&rinv));
            r.zeroize();
            rinv.zeroize();
            if ok {
                return Ok(pair);
            }
        }
        Err(blinding_failed())
    }

    fn private_op(&self, x: &[u32]) -> Result<Vec<u32>> {
        let n = &self.public.n;
        let (mut r_e, mut rinv) = self.blinding.next(|| self.fresh_blinding(), |v| n.mul(v, v))?;
        let mut c = n.mul(x, &r_e);
        let mut blinded = self.crt(&c, &self.dp, &self.dq);
        let s = n.mul(&blinded, &rinv);
        for v in [&mut r_e, &mut rinv, &mut c, &mut blinded] {
            v.zeroize();
        }
        if nat::cmp(&n.pow_public(&s, self.public.e), x) != core::cmp::Ordering::Equal {
            return Err(self_check_failed());
        }
        Ok(s)
    }
}

/// The engines on big-endian bytes, for `tests/rsa_engine.rs` (re-exported as `keys::engine`).
/// Not API.
#[doc(hidden)]
pub mod testing {
    use super::{PrivateEngine, PublicEngine, RsaParts};

    /// A two-prime key, primes in the given order (`q⁻¹ mod p` is computed here).
    pub struct Crt(PrivateEngine);

    impl Crt {
        /// The engine `PrivateKey` would pick (the fixed-size one for RSA-2048 with 1024-bit primes).
        pub fn new(n: &[u8], e: &[u8], d: &[u8], p: &[u8], q: &[u8]) -> Option<Self> {
            PrivateEngine::new(&RsaParts { n, e, d, p, q, qinv: None }).map(Crt)
        }
        /// The runtime-length engine whatever the size; `qinv` is the key's coefficient, if any.
        pub fn new_any(n: &[u8], e: &[u8], d: &[u8], p: &[u8], q: &[u8], qinv: Option<&[u8]>) -> Option<Self> {
            PrivateEngine::new_any(&RsaParts { n, e, d, p, q, qinv }).map(Crt)
        }
        /// Whether this is the fixed-size RSA-2048 engine.
        pub fn is_fast(&self) -> bool {
            matches!(self.0, PrivateEngine::Fast(_))
        }
        /// Modulus bytes `k`.
        pub fn size(&self) -> usize {
            self.0.size()
        }
        /// `x^d mod n` for `x < n` given as at most `k` big-endian bytes (zero-extended to
        /// `k`), blinded and self-checked; `k` bytes out.
        pub fn private_op(&self, x: &[u8]) -> Option<crate::Result<Vec<u8>>> {
            let mut padded = vec![0u8; self.0.size().checked_sub(x.len())?];
            padded.extend_from_slice(x);
            self.0.private_op(&padded).map(|r| r.map(|s| s.to_vec()))
        }
        /// RSASSA-PKCS1-v1_5 SHA-256 signature of `digest`.
        pub fn sign_sha256(&self, digest: &[u8; 32]) -> crate::Result<Vec<u8>> {
            let em = super::super::padding::emsa_pkcs1v15(&super::super::padding::SHA256_PREFIX, digest, self.0.size())
                .ok_or_else(|| crate::Error::InvalidArgument("key too small".into()))?;
            self.0.private_op(&em).unwrap_or_else(|| Err(crate::Error::InvalidArgument("bad input".into()))).map(|s| s.to_vec())
        }
    }

    /// `xᵉ mod n` on `k` bytes (`None` unless `x < n`).
    pub fn public_op(n: &[u8], e: &[u8], x: &[u8]) -> Option<Vec<u8>> {
        PublicEngine::new(n, e)?.public_op(x)
    }
}
