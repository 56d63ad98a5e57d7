//! Natural numbers of any length on 32-bit limbs (little-endian `Vec<u32>`), and Montgomery
//! arithmetic modulo any odd number: what RSA needs beyond the fixed-size RSA-2048 engine
//! (`mont.rs`), in place of `num-bigint-dig`.
//!
//! - Key import and set-up (public sizes, run once per key): product, comparison and
//!   remainder (Knuth's algorithm D, variable time in its quotient digits, as `num-bigint-dig`'s
//!   division that `rsa` 0.9 used for the same values).
//! - [`Mont`]: Montgomery product (CIOS) with a masked final subtraction, constant-time
//!   fixed-window exponentiation for secret exponents, square-and-multiply for public ones.
//!   Its loops depend only on the modulus length, never on values: this is the engine of every
//!   RSA size other than 2048 bits with 1024-bit primes (`crt.rs`).
//!
//! Limbs are read through `get` (0 past the end) and written through iterators or `get_mut`:
//! no panic path.

use core::cmp::Ordering;
use zeroize::Zeroize;

const LO: u64 = 0xffff_ffff;

/// Limb `i` of `a`, 0 past the end.
#[inline(always)]
fn limb(a: &[u32], i: usize) -> u32 {
    a.get(i).copied().unwrap_or(0)
}

/// `a` without its high zero limbs.
pub(crate) fn trim(a: &[u32]) -> &[u32] {
    let len = a.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
    a.get(..len).unwrap_or_default()
}

/// Big-endian bytes into limbs: `ceil(len / 4)` of them, at least one.
pub(crate) fn from_be(bytes: &[u8]) -> Vec<u32> {
    from_be_len(bytes, bytes.len().div_ceil(4).max(1))
}

/// Big-endian bytes into exactly `n` limbs (bytes beyond `4n` are dropped: callers size `n`).
pub(crate) fn from_be_len(bytes: &[u8], n: usize) -> Vec<u32> {
    let mut out = vec![0u32; n];
    for (i, &b) in bytes.iter().rev().enumerate().take(4 * n) {
        if let Some(l) = out.get_mut(i / 4) {
            *l |= u32::from(b) << (8 * (i % 4));
        }
    }
    out
}

/// The low `len` bytes of `a`, big-endian.
pub(crate) fn to_be(a: &[u32], len: usize) -> Vec<u8> {
    (0..len).rev().map(|i| (limb(a, i / 4) >> (8 * (i % 4))) as u8).collect()
}

/// Significant bits.
pub(crate) fn bits(a: &[u32]) -> usize {
    let a = trim(a);
    a.last().map_or(0, |&top| 32 * a.len() - top.leading_zeros() as usize)
}

/// Compares values (any lengths). Variable time: for public values and key checks.
pub(crate) fn cmp(a: &[u32], b: &[u32]) -> Ordering {
    let (a, b) = (trim(a), trim(b));
    a.len().cmp(&b.len()).then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// Whether `a` is 1.
pub(crate) fn is_one(a: &[u32]) -> bool {
    trim(a) == [1]
}

/// `a · b`, `len(a) + len(b)` limbs (schoolbook; loops fixed by the lengths).
pub(crate) fn mul(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u64;
        let row = out.get_mut(i..).unwrap_or_default();
        let mut slots = row.iter_mut();
        // `b` first: `zip` stops on it without taking a slot from `slots`.
        for (&y, o) in b.iter().zip(slots.by_ref()) {
            let s = u64::from(*o) + u64::from(x) * u64::from(y) + carry;
            *o = s as u32;
            carry = s >> 32;
        }
        if let Some(o) = slots.next() {
            *o = carry as u32;
        }
    }
    out
}

/// `a + b`, `max(len) + 1` limbs.
pub(crate) fn add(a: &[u32], b: &[u32]) -> Vec<u32> {
    let n = a.len().max(b.len());
    let mut out = vec![0u32; n + 1];
    let mut carry = 0u64;
    for (i, o) in out.iter_mut().enumerate() {
        let s = u64::from(limb(a, i)) + u64::from(limb(b, i)) + carry;
        *o = s as u32;
        carry = s >> 32;
    }
    out
}

/// `a - b` (same length as `a`) and the borrow (0 or 1). Constant time.
fn sub_borrow(a: &[u32], b: &[u32]) -> (Vec<u32>, u32) {
    let mut out = vec![0u32; a.len()];
    let mut borrow = 0u64;
    for (i, (o, &x)) in out.iter_mut().zip(a).enumerate() {
        let d = u64::from(x).wrapping_sub(u64::from(limb(b, i))).wrapping_sub(borrow);
        *o = d as u32;
        borrow = (d >> 63) & 1;
    }
    (out, borrow as u32)
}

/// `a - s` for a small `s`, or `None` below zero.
pub(crate) fn sub_small(a: &[u32], s: u32) -> Option<Vec<u32>> {
    let (d, borrow) = sub_borrow(a, &[s]);
    (borrow == 0).then_some(d)
}

/// `if choose == 1 { a } else { b }`, limb by limb without a branch.
fn select(choose: u32, a: &[u32], b: &[u32]) -> Vec<u32> {
    let mask = 0u32.wrapping_sub(choose);
    a.iter().zip(b).map(|(&x, &y)| (x & mask) | (y & !mask)).collect()
}

/// `a << s` for `s < 32`, into `len` limbs.
fn shl(a: &[u32], s: u32, len: usize) -> Vec<u32> {
    (0..len)
        .map(|i| {
            let hi = (u64::from(limb(a, i)) << s) as u32;
            let lo = i.checked_sub(1).map_or(0, |j| ((u64::from(limb(a, j)) << s) >> 32) as u32);
            hi | lo
        })
        .collect()
}

/// `a >> s` for `s < 32`, same length.
fn shr(a: &[u32], s: u32) -> Vec<u32> {
    (0..a.len()).map(|i| ((u64::from(limb(a, i + 1)) << 32 | u64::from(limb(a, i))) >> s) as u32).collect()
}

/// `a mod m` in `len(trim(m))` limbs; `None` when `m` is 0. Knuth's algorithm D (TAOCP 4.3.1,
/// as in Hacker's Delight `divmnu`): variable time in the quotient digits, for key set-up.
pub(crate) fn rem(a: &[u32], m: &[u32]) -> Option<Vec<u32>> {
    let m = trim(m);
    let n = m.len();
    let top = *m.last()?;
    let a = trim(a);
    if cmp(a, m) == Ordering::Less {
        let mut r = a.to_vec();
        r.resize(n, 0);
        return Some(r);
    }
    if n == 1 {
        let d = u64::from(top);
        let r = a.iter().rev().fold(0u64, |r, &x| ((r << 32) | u64::from(x)) % d);
        return Some(vec![r as u32]);
    }
    // Normalise so that the divisor's top bit is set: quotient digit estimates are then off
    // by at most 2, and the correction below leaves at most one add-back.
    let s = top.leading_zeros();
    let v = shl(m, s, n);
    let mut u = shl(a, s, a.len() + 1);
    let (v1, v2) = (u64::from(limb(&v, n - 1)), u64::from(limb(&v, n - 2)));
    for j in (0..=a.len() - n).rev() {
        let num = (u64::from(limb(&u, j + n)) << 32) | u64::from(limb(&u, j + n - 1));
        let mut qhat = num / v1;
        let mut rhat = num % v1;
        while qhat > LO || qhat * v2 > ((rhat << 32) | u64::from(limb(&u, j + n - 2))) {
            qhat -= 1;
            rhat += v1;
            if rhat > LO {
                break;
            }
        }
        // u[j ..= j+n] -= qhat · v, then add v back once if that went below zero.
        let window = u.get_mut(j..=j + n)?;
        let mut k: i64 = 0;
        for (ui, &vi) in window.iter_mut().zip(&v) {
            let p = qhat * u64::from(vi);
            let t = i64::from(*ui) - k - (p & LO) as i64;
            *ui = t as u32;
            k = (p >> 32) as i64 - (t >> 32);
        }
        let last = window.last_mut()?;
        let t = i64::from(*last) - k;
        *last = t as u32;
        if t < 0 {
            let mut carry = 0u64;
            for (ui, &vi) in window.iter_mut().zip(&v) {
                let s = u64::from(*ui) + u64::from(vi) + carry;
                *ui = s as u32;
                carry = s >> 32;
            }
            if let Some(last) = window.last_mut() {
                *last = last.wrapping_add(carry as u32);
            }
        }
    }
    let out = shr(u.get(..n)?, s);
    u.zeroize();
    let mut v = v;
    v.zeroize();
    Some(out)
}

/// `2^k` in `k / 32 + 1` limbs.
pub(crate) fn pow2(k: usize) -> Vec<u32> {
    let mut out = vec![0u32; k / 32 + 1];
    if let Some(l) = out.last_mut() {
        *l = 1 << (k % 32);
    }
    out
}

/// Arithmetic modulo an odd `m > 1` of `n` limbs, in Montgomery form with `R = 2^(32n)`.
/// Values are `n`-limb vectors below `m` unless a method says otherwise.
#[derive(Clone, Zeroize)]
pub(crate) struct Mont {
    m: Vec<u32>,
    /// `-m⁻¹ mod 2³²`.
    m0inv: u32,
    /// `R² mod m`.
    r2: Vec<u32>,
    /// `R mod m`: one in Montgomery form.
    one: Vec<u32>,
}

impl Mont {
    /// `None` unless `m` is odd and above 1.
    pub(crate) fn new(m: &[u32]) -> Option<Self> {
        let m = trim(m).to_vec();
        let m0 = *m.first()?;
        if m0 & 1 == 0 || is_one(&m) {
            return None;
        }
        // Newton's iteration doubles the correct low bits (m0 is its own inverse mod 8).
        let mut inv = m0;
        for _ in 0..4 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(m0.wrapping_mul(inv)));
        }
        let r2 = rem(&pow2(64 * m.len()), &m)?;
        let mut md = Mont { m, m0inv: inv.wrapping_neg(), r2, one: Vec::new() };
        md.one = md.to_mont(&[1]);
        Some(md)
    }

    /// Limbs of the modulus.
    pub(crate) fn len(&self) -> usize {
        self.m.len()
    }

    /// The modulus.
    pub(crate) fn modulus(&self) -> &[u32] {
        &self.m
    }

    /// Montgomery product `a · b / R mod m` for `a < R`, `b < m` (CIOS, then a masked
    /// subtraction): fully reduced.
    pub(crate) fn mul(&self, a: &[u32], b: &[u32]) -> Vec<u32> {
        let n = self.m.len();
        let m0 = u64::from(limb(&self.m, 0));
        let mut t = vec![0u32; n];
        // t[n] and t[n+1]: below 2·2³² (the running value stays below 2m + m·2³²/R).
        let mut top = 0u64;
        for i in 0..n {
            let ai = u64::from(limb(a, i));
            let mut carry = 0u64;
            for (j, tj) in t.iter_mut().enumerate() {
                let s = u64::from(*tj) + ai * u64::from(limb(b, j)) + carry;
                *tj = s as u32;
                carry = s >> 32;
            }
            top += carry;
            let t0 = limb(&t, 0);
            let q = u64::from(t0.wrapping_mul(self.m0inv));
            let mut carry = (u64::from(t0) + q * m0) >> 32;
            for j in 1..n {
                let s = u64::from(limb(&t, j)) + q * u64::from(limb(&self.m, j)) + carry;
                if let Some(d) = t.get_mut(j - 1) {
                    *d = s as u32;
                }
                carry = s >> 32;
            }
            let s = top + carry;
            if let Some(d) = t.last_mut() {
                *d = s as u32;
            }
            top = s >> 32;
        }
        // t + top·R < 2m: subtract m unless that borrows (masked).
        let (d, borrow) = sub_borrow(&t, &self.m);
        let take = (top as u32 & 1) | (borrow ^ 1);
        let out = select(take, &d, &t);
        t.zeroize();
        out
    }

    /// `a · R mod m` for `a < R`.
    pub(crate) fn to_mont(&self, a: &[u32]) -> Vec<u32> {
        self.mul(a, &self.r2)
    }

    /// `a / R mod m`.
    pub(crate) fn leave_mont(&self, a: &[u32]) -> Vec<u32> {
        self.mul(a, &[1])
    }

    /// `a + b mod m`.
    pub(crate) fn add(&self, a: &[u32], b: &[u32]) -> Vec<u32> {
        let n = self.m.len();
        let s = add(a.get(..n).unwrap_or(a), b.get(..n).unwrap_or(b));
        let (d, borrow) = sub_borrow(&s, &self.m);
        // s < 2m < 2R: take s − m unless it borrowed.
        let out = select(borrow ^ 1, &d, &s);
        out.get(..n).unwrap_or_default().to_vec()
    }

    /// `a − b mod m`.
    pub(crate) fn sub(&self, a: &[u32], b: &[u32]) -> Vec<u32> {
        let (d, borrow) = sub_borrow(a.get(..self.m.len()).unwrap_or(a), b);
        let back = add(&d, &self.m);
        select(borrow, back.get(..d.len()).unwrap_or_default(), &d)
    }

    /// `x · R mod m` for an `x` of any length (Horner in base `R` over `n`-limb chunks, each
    /// step two Montgomery products and an addition): constant time for a given length.
    pub(crate) fn reduce_to_mont(&self, x: &[u32]) -> Vec<u32> {
        let n = self.m.len();
        let mut acc = vec![0u32; n];
        let chunks: Vec<&[u32]> = x.chunks(n).collect();
        for chunk in chunks.iter().rev() {
            acc = self.add(&self.mul(&acc, &self.r2), &self.mul(chunk, &self.r2));
        }
        acc
    }

    /// `base^exp` in Montgomery form (`base` in Montgomery form, `exp` big-endian of any
    /// length). Constant time in both: fixed 4-bit windows, every table entry read each time.
    pub(crate) fn pow_secret(&self, base: &[u32], exp: &[u8]) -> Vec<u32> {
        let n = self.m.len();
        let mut table = Vec::with_capacity(16);
        let mut prev = self.one.clone();
        for _ in 0..16 {
            let next = self.mul(&prev, base);
            table.push(core::mem::replace(&mut prev, next));
        }
        let mut acc = self.one.clone();
        let mut chosen = vec![0u32; n];
        for nibble in exp.iter().flat_map(|&b| [b >> 4, b & 15]) {
            for _ in 0..4 {
                acc = self.mul(&acc, &acc);
            }
            chosen.iter_mut().for_each(|c| *c = 0);
            for (k, entry) in (0u8..).zip(&table) {
                let mask = 0u32.wrapping_sub(u32::from(k == nibble));
                for (c, &e) in chosen.iter_mut().zip(entry) {
                    *c |= e & mask;
                }
            }
            acc = self.mul(&acc, &chosen);
        }
        table.iter_mut().for_each(Zeroize::zeroize);
        chosen.zeroize();
        prev.zeroize();
        acc
    }

    /// `x^e mod m` for `x < m` and a public `e`, plain in and out (square-and-multiply,
    /// variable time in `e`).
    pub(crate) fn pow_public(&self, x: &[u32], e: u64) -> Vec<u32> {
        let xm = self.to_mont(x);
        let mut acc = self.one.clone();
        for i in (0..64 - e.leading_zeros()).rev() {
            acc = self.mul(&acc, &acc);
            if (e >> i) & 1 == 1 {
                acc = self.mul(&acc, &xm);
            }
        }
        self.leave_mont(&acc)
    }
}

/// The arithmetic on big-endian bytes, for the property tests in `tests/rsa_engine.rs`
/// (re-exported as `keys::engine`). Not API.
#[doc(hidden)]
pub mod testing {
    use super::{from_be, to_be, Mont};

    fn out(a: &[u32]) -> Vec<u8> {
        to_be(a, 4 * a.len())
    }

    /// `a · b`.
    pub fn mul(a: &[u8], b: &[u8]) -> Vec<u8> {
        out(&super::mul(&from_be(a), &from_be(b)))
    }

    /// `a mod m` (`None` for `m = 0`).
    pub fn rem(a: &[u8], m: &[u8]) -> Option<Vec<u8>> {
        super::rem(&from_be(a), &from_be(m)).map(|r| out(&r))
    }

    /// Montgomery arithmetic modulo an odd `m > 1` (`R = 2^(32·limbs)`).
    pub struct AnyModulus(Mont);

    impl AnyModulus {
        /// `None` unless `m` is odd and above 1.
        pub fn new(m: &[u8]) -> Option<Self> {
            Mont::new(&from_be(m)).map(AnyModulus)
        }
        /// Limbs of the modulus.
        pub fn limbs(&self) -> usize {
            self.0.len()
        }
        fn fit(&self, a: &[u8]) -> Option<Vec<u32>> {
            let v = from_be(a);
            (super::trim(&v).len() <= self.0.len()).then(|| {
                let mut v = v;
                v.resize(self.0.len().max(v.len()), 0);
                v.truncate(self.0.len());
                v
            })
        }
        /// `a · b / R mod m` (`a < R`, `b < m`).
        pub fn mul(&self, a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
            Some(out(&self.0.mul(&self.fit(a)?, &self.fit(b)?)))
        }
        /// `a + b mod m` (`a, b < m`).
        pub fn add(&self, a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
            Some(out(&self.0.add(&self.fit(a)?, &self.fit(b)?)))
        }
        /// `a − b mod m` (`a, b < m`).
        pub fn sub(&self, a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
            Some(out(&self.0.sub(&self.fit(a)?, &self.fit(b)?)))
        }
        /// `x · R mod m` for any `x`.
        pub fn reduce_to_mont(&self, x: &[u8]) -> Vec<u8> {
            out(&self.0.reduce_to_mont(&from_be(x)))
        }
        /// `base^exp mod m`, plain in and out (through the secret exponentiation).
        pub fn pow_secret(&self, base: &[u8], exp: &[u8]) -> Option<Vec<u8>> {
            let m = &self.0;
            Some(out(&m.leave_mont(&m.pow_secret(&m.to_mont(&self.fit(base)?), exp))))
        }
        /// `x^e mod m` (`x < m`).
        pub fn pow_public(&self, x: &[u8], e: u64) -> Option<Vec<u8>> {
            Some(out(&self.0.pow_public(&self.fit(x)?, e)))
        }
    }
}
