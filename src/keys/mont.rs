//! Fixed-size Montgomery arithmetic on 32-bit limbs, for RSA-2048 in wasm.
//!
//! Why not `num-bigint-dig` (what `rsa` 0.9 uses): wasm32 has a native 32×32→64 multiply but
//! no 64×64→128 one, heap-allocated numbers cost on every operation, and its modular
//! exponentiation is not constant time. Here limbs are `u32` in fixed arrays, products are
//! `u64`, and the column sums of the Montgomery product (FIPS order: "finely integrated
//! product scanning") are kept as two `u64` halves so that no carry chain serialises the
//! multiplies. Exponentiation uses a fixed 4-bit window with a full-table masked lookup and a
//! masked final subtraction: its timing depends on neither base nor exponent.
//!
//! Limbs are little-endian (`a[0]` least significant). All slices are indexed through
//! iterators or `get`, so there is no panic path; lengths are fixed by the const generic `N`.

use zeroize::Zeroize;

const LO: u64 = 0xffff_ffff;

/// A big number of `N` 32-bit limbs.
pub(crate) type Limbs<const N: usize> = [u32; N];

/// Big-endian bytes (at most `4 * N` significant ones) into limbs.
pub(crate) fn from_be_bytes<const N: usize>(bytes: &[u8]) -> Limbs<N> {
    let mut out = [0u32; N];
    for (i, &b) in bytes.iter().rev().enumerate().take(4 * N) {
        if let Some(limb) = out.get_mut(i / 4) {
            *limb |= u32::from(b) << (8 * (i % 4));
        }
    }
    out
}

/// Limbs into exactly `4 * N` big-endian bytes.
pub(crate) fn to_be_bytes<const N: usize>(a: &Limbs<N>) -> Vec<u8> {
    a.iter().rev().flat_map(|l| l.to_be_bytes()).collect()
}

/// `a - b` and the borrow (0 or 1).
fn sub<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> (Limbs<N>, u32) {
    let mut out = [0u32; N];
    let mut borrow = 0u64;
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        let d = u64::from(x).wrapping_sub(u64::from(y)).wrapping_sub(borrow);
        *o = d as u32;
        borrow = (d >> 63) & 1;
    }
    (out, borrow as u32)
}

/// `a + b` and the carry (0 or 1).
fn add<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> (Limbs<N>, u32) {
    let mut out = [0u32; N];
    let mut carry = 0u64;
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        let s = u64::from(x) + u64::from(y) + carry;
        *o = s as u32;
        carry = s >> 32;
    }
    (out, carry as u32)
}

/// `if choose { a } else { b }` without a branch. `choose` is 0 or 1.
fn select<const N: usize>(choose: u32, a: &Limbs<N>, b: &Limbs<N>) -> Limbs<N> {
    let mask = 0u32.wrapping_sub(choose);
    let mut out = [0u32; N];
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        *o = (x & mask) | (y & !mask);
    }
    out
}

/// Adds `Σ x[k]·y[k]` to the split accumulator (`lo` sums low halves, `hi` high halves, so no
/// carry chain serialises the multiplies). Equal-length slices keep the loop free of checks.
#[cfg(not(target_feature = "simd128"))]
#[inline(always)]
fn mac(lo: &mut u64, hi: &mut u64, x: &[u32], y: &[u32]) {
    for (&a, &b) in x.iter().zip(y) {
        let p = u64::from(a) * u64::from(b);
        *lo += p & LO;
        *hi += p >> 32;
    }
}

/// [`mac`] with wasm SIMD (`simd128`, enabled for the wasm build in `.cargo/config.toml`):
/// four limb pairs per step, `i64x2_extmul_{low,high}_u32x4` giving two 32×32→64 products
/// each; the split accumulators live in `i64x2` lanes (a lane sums at most 32 halves below 2³²,
/// so no overflow) and are added up once at the end, then the 0–3 leftover pairs go through the
/// scalar loop. Like the scalar version, the instruction sequence depends only on the slice
/// lengths (fixed by the column index), never on the limb values: constant time.
#[cfg(target_feature = "simd128")]
#[inline(always)]
fn mac(lo: &mut u64, hi: &mut u64, x: &[u32], y: &[u32]) {
    use core::arch::wasm32::{
        i64x2_extmul_high_u32x4, i64x2_extmul_low_u32x4, u32x4, u64x2_add, u64x2_extract_lane, u64x2_shr,
        u64x2_splat, v128_and,
    };
    let mask = u64x2_splat(LO);
    let mut vlo = u64x2_splat(0);
    let mut vhi = u64x2_splat(0);
    let (xc, yc) = (x.chunks_exact(4), y.chunks_exact(4));
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (a, b) in xc.zip(yc) {
        let (&[a0, a1, a2, a3], &[b0, b1, b2, b3]) = (a, b) else { continue };
        // black_box (a codegen barrier only): without it LLVM narrows each load to
        // `v128.load32x2_u` and multiplies with `i64x2.mul`, which V8 emulates with three
        // 32-bit multiplies per lane — slower than the scalar loop.
        let va = core::hint::black_box(u32x4(a0, a1, a2, a3));
        let vb = core::hint::black_box(u32x4(b0, b1, b2, b3));
        let pl = i64x2_extmul_low_u32x4(va, vb);
        let ph = i64x2_extmul_high_u32x4(va, vb);
        vlo = u64x2_add(vlo, u64x2_add(v128_and(pl, mask), v128_and(ph, mask)));
        vhi = u64x2_add(vhi, u64x2_add(u64x2_shr(pl, 32), u64x2_shr(ph, 32)));
    }
    *lo += u64x2_extract_lane::<0>(vlo) + u64x2_extract_lane::<1>(vlo);
    *hi += u64x2_extract_lane::<0>(vhi) + u64x2_extract_lane::<1>(vhi);
    for (&a, &b) in xr.iter().zip(yr) {
        let p = u64::from(a) * u64::from(b);
        *lo += p & LO;
        *hi += p >> 32;
    }
}

/// `x` reversed: column `i` of a product pairs `a[j]` with `b[i-j] = rev(b)[N-1-i+j]`, which
/// turns every column into a dot product of two forward slices.
fn reversed<const N: usize>(x: &Limbs<N>) -> Limbs<N> {
    let mut out = *x;
    out.reverse();
    out
}

/// `s[from..to]`, or empty when out of range (never, for the ranges used here).
#[inline(always)]
fn part(s: &[u32], from: usize, to: usize) -> &[u32] {
    s.get(from..to).unwrap_or_default()
}

/// Full product of two `N`-limb numbers, as `(low N limbs, high N limbs)`. Fixed loops: timing
/// does not depend on the values.
pub(crate) fn mul_wide<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> (Limbs<N>, Limbs<N>) {
    let b_rev = reversed(b);
    let mut out = [0u32; N];
    let mut out_hi = [0u32; N];
    let (mut lo, mut hi) = (0u64, 0u64);
    for i in 0..2 * N - 1 {
        // j from max(0, i-N+1) to min(i, N-1).
        let start = i.saturating_sub(N - 1);
        let end = i.min(N - 1) + 1;
        mac(&mut lo, &mut hi, part(a, start, end), part(&b_rev, N - 1 + start - i, N - 1 + end - i));
        if let Some(w) = out.get_mut(i).or(out_hi.get_mut(i.wrapping_sub(N))) {
            *w = lo as u32;
        }
        lo = (lo >> 32) + hi;
        hi = 0;
    }
    if let Some(w) = out_hi.last_mut() {
        *w = lo as u32;
    }
    (out, out_hi)
}

/// Arithmetic modulo an odd `m` of exactly `32 * N` bits (top bit set), in Montgomery form
/// with `R = 2^(32N)`.
#[derive(Clone)]
pub(crate) struct Modulus<const N: usize> {
    m: Limbs<N>,
    /// `m` reversed (see [`reversed`]).
    m_rev: Limbs<N>,
    /// `-m⁻¹ mod 2³²`.
    m0inv: u32,
    /// `R² mod m`, to enter Montgomery form.
    r2: Limbs<N>,
    /// `R mod m`: one in Montgomery form.
    one: Limbs<N>,
}

impl<const N: usize> Zeroize for Modulus<N> {
    fn zeroize(&mut self) {
        self.m.zeroize();
        self.m_rev.zeroize();
        self.m0inv.zeroize();
        self.r2.zeroize();
        self.one.zeroize();
    }
}

impl<const N: usize> Modulus<N> {
    /// `m` must be odd with its top bit set; `r2` is `R² mod m` (computed by the caller, once
    /// per key, with a general-purpose bignum).
    pub(crate) fn new(m: Limbs<N>, r2: Limbs<N>) -> Option<Self> {
        let m0 = *m.first()?;
        let top = *m.last()?;
        if m0 & 1 == 0 || top >> 31 == 0 {
            return None;
        }
        // Newton iteration doubles the correct low bits: 1 → 2 → 4 → … → 32 (m0 odd ⇒ m0 is
        // its own inverse mod 8, so start there).
        let mut inv = m0;
        for _ in 0..4 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(m0.wrapping_mul(inv)));
        }
        // R mod m = R - m, since m > R/2.
        let (one, _) = sub(&[0u32; N], &m);
        Some(Modulus { m, m_rev: reversed(&m), m0inv: inv.wrapping_neg(), r2, one })
    }

    /// Whether `x < m` (variable time: for public values).
    pub(crate) fn is_reduced(&self, x: &Limbs<N>) -> bool {
        sub(x, &self.m).1 == 1
    }

    /// Subtracts `m` once if `carry` is set or `t ≥ m`.
    fn reduce_once(&self, t: &Limbs<N>, carry: u32) -> Limbs<N> {
        let (d, borrow) = sub(t, &self.m);
        select(carry | (borrow ^ 1), &d, t)
    }

    /// Column `i` of the reduction: `Σ q[j]·m[i-j]` for `j` in `from..to`.
    #[inline(always)]
    fn mac_reduction(&self, lo: &mut u64, hi: &mut u64, q: &Limbs<N>, i: usize, from: usize, to: usize) {
        mac(lo, hi, part(q, from, to), part(&self.m_rev, N - 1 + from - i, N - 1 + to - i));
    }

    /// Ends column `i < N`: picks `q[i]` so that adding `q[i]·m[0]` clears the low word.
    #[inline(always)]
    fn reduction_digit(&self, lo: &mut u64, hi: &mut u64) -> u32 {
        let qi = (*lo as u32).wrapping_mul(self.m0inv);
        let p = u64::from(qi) * u64::from(self.m.first().copied().unwrap_or(0));
        *lo += p & LO;
        *hi += p >> 32;
        qi
    }

    /// `a · b / R mod m` (FIPS order). Needs `a · b < m · R`, e.g. one operand `< m` and the
    /// other `< R`.
    pub(crate) fn mul(&self, a: &Limbs<N>, b: &Limbs<N>) -> Limbs<N> {
        let b_rev = reversed(b);
        let mut q = [0u32; N];
        let mut t = [0u32; N];
        let (mut lo, mut hi) = (0u64, 0u64);
        for i in 0..N {
            mac(&mut lo, &mut hi, part(a, 0, i + 1), part(&b_rev, N - 1 - i, N));
            self.mac_reduction(&mut lo, &mut hi, &q, i, 0, i);
            let qi = self.reduction_digit(&mut lo, &mut hi);
            if let Some(slot) = q.get_mut(i) {
                *slot = qi;
            }
            lo = (lo >> 32) + hi;
            hi = 0;
        }
        for i in N..2 * N {
            let start = i + 1 - N;
            mac(&mut lo, &mut hi, part(a, start, N), part(&b_rev, 0, 2 * N - 1 - i));
            self.mac_reduction(&mut lo, &mut hi, &q, i, start, N);
            if let Some(slot) = t.get_mut(i - N) {
                *slot = lo as u32;
            }
            lo = (lo >> 32) + hi;
            hi = 0;
        }
        self.reduce_once(&t, lo as u32)
    }

    /// `a² / R mod m`: the square by product scanning, each cross product computed once and
    /// doubled (≈ 3/4 of [`Self::mul`]'s multiplies), then the Montgomery reduction.
    pub(crate) fn sqr(&self, a: &Limbs<N>) -> Limbs<N> {
        let a_rev = reversed(a);
        let mut w_lo = [0u32; N];
        let mut w_hi = [0u32; N];
        let (mut lo, mut hi) = (0u64, 0u64);
        for i in 0..2 * N {
            // a[j]·a[i-j] for start ≤ j < i-j, doubled; then a[i/2]² when i is even.
            let start = i.saturating_sub(N - 1);
            let pairs_end = i.div_ceil(2).max(start);
            let offset = N - 1 + start - i; // where a[i-start] sits in a_rev
            let (mut plo, mut phi) = (0u64, 0u64);
            mac(&mut plo, &mut phi, part(a, start, pairs_end), part(&a_rev, offset, offset + pairs_end - start));
            lo += plo << 1;
            hi += phi << 1;
            if i % 2 == 0 {
                let x = u64::from(a.get(i / 2).copied().unwrap_or(0));
                let p = x * x;
                lo += p & LO;
                hi += p >> 32;
            }
            if let Some(w) = w_lo.get_mut(i).or(w_hi.get_mut(i.wrapping_sub(N))) {
                *w = lo as u32;
            }
            lo = (lo >> 32) + hi;
            hi = 0;
        }
        // Montgomery reduction of w_hi·R + w_lo (< m·R as a < m).
        let mut q = [0u32; N];
        let mut t = [0u32; N];
        let (mut lo, mut hi) = (0u64, 0u64);
        for (i, &w) in w_lo.iter().enumerate() {
            lo += u64::from(w);
            self.mac_reduction(&mut lo, &mut hi, &q, i, 0, i);
            let qi = self.reduction_digit(&mut lo, &mut hi);
            if let Some(slot) = q.get_mut(i) {
                *slot = qi;
            }
            lo = (lo >> 32) + hi;
            hi = 0;
        }
        for (k, (&w, out)) in w_hi.iter().zip(t.iter_mut()).enumerate() {
            lo += u64::from(w);
            self.mac_reduction(&mut lo, &mut hi, &q, N + k, k + 1, N);
            *out = lo as u32;
            lo = (lo >> 32) + hi;
            hi = 0;
        }
        self.reduce_once(&t, lo as u32)
    }

    /// `x · R mod m`, for `x < R`.
    pub(crate) fn to_mont(&self, x: &Limbs<N>) -> Limbs<N> {
        self.mul(x, &self.r2)
    }

    /// `X / R mod m`.
    pub(crate) fn leave_mont(&self, x: &Limbs<N>) -> Limbs<N> {
        let mut one = [0u32; N];
        if let Some(l) = one.first_mut() {
            *l = 1;
        }
        self.mul(x, &one)
    }

    /// `a + b mod m`, for `a, b < m`.
    pub(crate) fn add(&self, a: &Limbs<N>, b: &Limbs<N>) -> Limbs<N> {
        let (s, carry) = add(a, b);
        self.reduce_once(&s, carry)
    }

    /// `a - b mod m`, for `a, b < m`.
    pub(crate) fn sub(&self, a: &Limbs<N>, b: &Limbs<N>) -> Limbs<N> {
        let (d, borrow) = sub(a, b);
        let (back, _) = add(&d, &self.m);
        select(borrow, &back, &d)
    }

    /// `x mod m` for any `x < R` (at most one subtraction, as `m > R/2`).
    pub(crate) fn reduce(&self, x: &Limbs<N>) -> Limbs<N> {
        self.reduce_once(x, 0)
    }

    /// `base^exp` in Montgomery form (`base` in Montgomery form, `exp` big-endian bytes of any
    /// length). Constant time in both: fixed 4-bit windows, every table entry read each time.
    pub(crate) fn pow_secret(&self, base: &Limbs<N>, exp: &[u8]) -> Limbs<N> {
        let mut table = [[0u32; N]; 16];
        let mut prev = self.one;
        for entry in table.iter_mut() {
            *entry = prev;
            prev = self.mul(&prev, base);
        }
        let mut acc = self.one;
        for nibble in exp.iter().flat_map(|&b| [b >> 4, b & 15]) {
            for _ in 0..4 {
                acc = self.sqr(&acc);
            }
            let mut chosen = [0u32; N];
            for (k, entry) in (0u8..).zip(table.iter()) {
                let mask = 0u32.wrapping_sub(u32::from(k == nibble));
                for (c, &e) in chosen.iter_mut().zip(entry) {
                    *c |= e & mask;
                }
            }
            acc = self.mul(&acc, &chosen);
        }
        table.zeroize();
        acc
    }

    /// `base^e` in Montgomery form for a public exponent (square-and-multiply, variable time).
    pub(crate) fn pow_public(&self, base: &Limbs<N>, e: u64) -> Limbs<N> {
        let mut acc = *base;
        let bits = 64 - e.leading_zeros();
        for i in (0..bits.saturating_sub(1)).rev() {
            acc = self.sqr(&acc);
            if (e >> i) & 1 == 1 {
                acc = self.mul(&acc, base);
            }
        }
        if e == 0 {
            self.one
        } else {
            acc
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use rsa::BigUint;

    fn big<const N: usize>(x: &Limbs<N>) -> BigUint {
        BigUint::from_bytes_be(&to_be_bytes(x))
    }

    fn limbs<const N: usize>(x: &BigUint) -> Limbs<N> {
        from_be_bytes(&x.to_bytes_be())
    }

    fn xorshift(state: &mut u64) -> u32 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        (*state >> 16) as u32
    }

    fn modulus<const N: usize>(seed: &mut u64) -> (Modulus<N>, BigUint) {
        let mut m = [0u32; N];
        m.iter_mut().for_each(|l| *l = xorshift(seed));
        m[0] |= 1;
        m[N - 1] |= 0x8000_0000;
        let mb = big(&m);
        let r2 = (BigUint::from(1u32) << (64 * N)) % &mb;
        (Modulus::new(m, limbs(&r2)).unwrap(), mb)
    }

    fn check<const N: usize>() {
        let mut seed = 0x1234_5678_9abc_def0u64 ^ N as u64;
        for _ in 0..(if N >= 32 { 4 } else { 20 }) {
            let (md, mb) = modulus::<N>(&mut seed);
            let r = BigUint::from(1u32) << (32 * N);
            let rinv_check = |x: &BigUint, y: &BigUint| (x * &r) % &mb == y % &mb;
            let mut a = [0u32; N];
            let mut b = [0u32; N];
            a.iter_mut().for_each(|l| *l = xorshift(&mut seed));
            b.iter_mut().for_each(|l| *l = xorshift(&mut seed));
            let (ab, bb) = (big(&a) % &mb, big(&b) % &mb);
            let (a, b) = (limbs::<N>(&ab), limbs::<N>(&bb));
            assert!(rinv_check(&big(&md.mul(&a, &b)), &(&ab * &bb)));
            assert!(rinv_check(&big(&md.sqr(&a)), &(&ab * &ab)));
            // Unreduced operand (< R) times reduced one.
            let all_ones = [u32::MAX; N];
            assert!(rinv_check(&big(&md.mul(&all_ones, &b)), &(big(&all_ones) * &bb)));
            assert_eq!(big(&md.add(&a, &b)), (&ab + &bb) % &mb);
            assert_eq!(big(&md.sub(&a, &b)), (&ab + &mb - &bb) % &mb);
            assert_eq!(big(&md.reduce(&all_ones)), big(&all_ones) % &mb);
            let (lo, hi) = mul_wide(&a, &b);
            assert_eq!(big(&lo) + (big(&hi) << (32 * N)), &ab * &bb);
            let exp: Vec<u8> = (0..N * 4).map(|_| xorshift(&mut seed) as u8).collect();
            let got = md.leave_mont(&md.pow_secret(&md.to_mont(&a), &exp));
            assert_eq!(big(&got), ab.modpow(&BigUint::from_bytes_be(&exp), &mb));
            let got = md.leave_mont(&md.pow_public(&md.to_mont(&a), 65537));
            assert_eq!(big(&got), ab.modpow(&BigUint::from(65537u32), &mb));
        }
    }

    #[test]
    fn matches_num_bigint() {
        check::<1>();
        check::<2>();
        check::<3>();
        check::<8>();
        check::<32>();
        check::<64>();
    }
}
