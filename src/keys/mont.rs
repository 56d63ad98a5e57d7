//! Fixed-size Montgomery arithmetic on 32-bit limbs, for RSA-2048 in wasm.
//!
//! Why not `num-bigint-dig` (what `rsa` 0.9 uses): wasm32 has a native 32×32→64 multiply but
//! no 64×64→128 one, heap-allocated numbers cost on every operation, and its modular
//! exponentiation is not constant time. Here limbs are `u32` in fixed arrays, products are
//! `u64`, and the column sums of the Montgomery product (FIPS order: "finely integrated
//! product scanning") are kept as two `u64` halves so that no carry chain serialises the
//! multiplies. Exponentiation uses a fixed 5-bit window with a full-table masked lookup and a
//! masked final subtraction: its timing depends on neither base nor exponent.
//!
//! The exponentiations themselves ([`Modulus::pow_secret`], [`Modulus::pow_public_plain`])
//! run on a second, row-wise engine with 28-bit limbs and lazy carries (see the section
//! comment before `W`), entered and left through constants computed at key import.
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


// ---------------------------------------------------------------------------------------------
// Row-wise (operand-scanning) Montgomery on 28-bit limbs, for the exponentiations.
//
// Each row `i` adds `a[i]·b + q[i]·m` to a window of `u64` accumulators with no carry chain:
// 28-bit limbs make a product < 2⁵⁶, and an accumulator receives at most `2n ≤ 150` of them
// (< 2⁶³·³), so carries wait until the row's lowest accumulator is complete (one shift per
// row) and a final pass. With wasm SIMD, `b` and `m` are interleaved once per multiplication
// as `[b_j, b_j+1, m_j, m_j+1]` quads so that one `i64x2.extmul_low` / `extmul_high` pair
// against `[a_i, a_i, q_i, q_i]` gives four products for two accumulators; odd rows use a
// layout shifted by one limb so that accumulator pairs stay aligned. `n` is odd and
// `28n ≥ bits(m) + 2`, i.e. `4m < R' = 2^(28n)`: inputs below `2m` give outputs below `2m`,
// so there is no final subtraction inside the exponentiation at all. Squarings go through
// [`Modulus::sqr28`], which computes each cross product once (≈ 3/4 of the multiplies).
//
// Constant time: every loop count and lane index depends only on `n` (the public modulus
// size), never on limb values; no branch or index depends on secret data; the only
// conditional subtraction ([`Modulus::reduce28`]) is a masked select.
//
// Where the time goes (Node 20 / V8 on x86-64, CPU time per op, 1024-bit modulus, n = 37): a
// square took ≈ 0.97 µs, ≈ 0.18 µs of it per call (quad building by lane inserts from padded
// copies, the carry pass, zeroing) and the rest the `madd`s; with the quads built by shuffles
// straight from the operands and the carry pass on pairs, ≈ 0.85 µs. V8 lowers each `extmul` to two lane shuffles and one `pmuludq`, so a
// `madd` (4 products) is 4 shuffles + 2 multiplies + 2 adds, and the shuffles bound the loop.
// Tried and measured slower: letting LLVM hoist the widening (`i64x2.mul`: 1.45–1.6×), an
// `or`/`and` with an opaque zero instead of `black_box` (1.08×), reduction quads precomputed
// per modulus (LLVM hoists a widening again: 1.35×), one barrier per two pairs in `sqr28`'s
// reduction-only loop (1.07×). No gain: computing the next pass's digits before the rest of
// the row (the digit chain is not the bound), building without bulk memory.
// ---------------------------------------------------------------------------------------------

/// Bits per limb of the row-wise engine.
const W: u32 = 28;
const WMASK: u32 = (1 << W) - 1;
/// Limbs for moduli up to 2048 bits (`28 · 75 ≥ 2050`, odd).
const MAXL: usize = 75;
const PAIRS: usize = MAXL.div_ceil(2);

/// Exponent bits per window of [`Modulus::pow_secret`] (a table of `2^WINDOW` entries).
const WINDOW: usize = 5;

/// The `WINDOW` bits of the big-endian `exp` starting at bit `lsb` (bit 0 = least
/// significant), zero past the top. Positions are public (they depend only on `exp.len()`),
/// so reading the bytes at them is constant time.
fn window_bits(exp: &[u8], lsb: usize) -> u32 {
    let mut v = 0u32;
    for k in 0..WINDOW {
        let bit = lsb + k;
        let byte = exp.len().checked_sub(1 + bit / 8).and_then(|i| exp.get(i)).copied().unwrap_or(0);
        v |= u32::from((byte >> (bit % 8)) & 1) << k;
    }
    v
}

/// A number in 28-bit limbs (limbs at and above the modulus' `n` are zero).
type L28 = [u32; MAXL];

#[cfg(target_feature = "simd128")]
mod lanes {
    use core::arch::wasm32::{
        i32x4_shl, i32x4_shuffle, i64x2_extmul_high_u32x4, i64x2_extmul_low_u32x4, u32x4, u64x2, u64x2_add,
        u64x2_extract_lane, v128,
    };
    /// `[b_j, b_j+1, m_j, m_j+1]` or `[a_i, a_i, q_i, q_i]`.
    pub(super) type Quad = v128;
    /// Two `u64` accumulators.
    pub(super) type Acc = v128;
    pub(super) const QZERO: Quad = u32x4(0, 0, 0, 0);
    pub(super) const AZERO: Acc = u64x2(0, 0);
    #[inline(always)]
    pub(super) fn quad(a: u32, b: u32, c: u32, d: u32) -> Quad {
        u32x4(a, b, c, d)
    }
    /// `t + [x0·y0 + x2·y2, x1·y1 + x3·y3]`.
    #[inline(always)]
    pub(super) fn madd(t: Acc, x: Quad, y: Quad) -> Acc {
        u64x2_add(t, u64x2_add(i64x2_extmul_low_u32x4(x, y), i64x2_extmul_high_u32x4(x, y)))
    }
    #[inline(always)]
    pub(super) fn lanes(t: Acc) -> [u64; 2] {
        [u64x2_extract_lane::<0>(t), u64x2_extract_lane::<1>(t)]
    }
    #[inline(always)]
    pub(super) fn add_lanes(t: Acc, c0: u64, c1: u64) -> Acc {
        u64x2_add(t, u64x2(c0, c1))
    }
    /// Four consecutive limbs as one vector (a single `v128.load`).
    #[inline(always)]
    fn load([a, b, c, d]: [u32; 4]) -> Quad {
        u32x4(a, b, c, d)
    }
    /// `mul28`'s quads from `b = [b_j-1, b_j, b_j+1, ·]` and `m` alike: the even-row quad
    /// `[b_j, b_j+1, m_j, m_j+1]` and the odd-row one `[b_j-1, b_j, m_j-1, m_j]` (one shuffle each).
    #[inline(always)]
    pub(super) fn even_odd(b: [u32; 4], m: [u32; 4]) -> (Quad, Quad) {
        let (b, m) = (load(b), load(m));
        (i32x4_shuffle::<1, 2, 5, 6>(b, m), i32x4_shuffle::<0, 1, 4, 5>(b, m))
    }
    /// `sqr28`'s quad from `a = [a_j-2, a_j-1, a_j, a_j+1]`: `[a_j, a_j+1, a_j-1, a_j]`.
    #[inline(always)]
    pub(super) fn spread(a: [u32; 4]) -> Quad {
        let a = load(a);
        i32x4_shuffle::<2, 3, 1, 2>(a, a)
    }
    /// [`spread`] doubled.
    #[inline(always)]
    pub(super) fn doubled(a: [u32; 4]) -> Quad {
        i32x4_shl(spread(a), 1)
    }
}

#[cfg(not(target_feature = "simd128"))]
mod lanes {
    pub(super) type Quad = [u32; 4];
    pub(super) type Acc = [u64; 2];
    pub(super) const QZERO: Quad = [0; 4];
    pub(super) const AZERO: Acc = [0; 2];
    #[inline(always)]
    pub(super) fn quad(a: u32, b: u32, c: u32, d: u32) -> Quad {
        [a, b, c, d]
    }
    #[inline(always)]
    pub(super) fn madd(t: Acc, [x0, x1, x2, x3]: Quad, [y0, y1, y2, y3]: Quad) -> Acc {
        let p = |x: u32, y: u32| u64::from(x) * u64::from(y);
        let [t0, t1] = t;
        [t0 + p(x0, y0) + p(x2, y2), t1 + p(x1, y1) + p(x3, y3)]
    }
    #[inline(always)]
    pub(super) fn lanes(t: Acc) -> [u64; 2] {
        t
    }
    #[inline(always)]
    pub(super) fn add_lanes([t0, t1]: Acc, c0: u64, c1: u64) -> Acc {
        [t0 + c0, t1 + c1]
    }
    #[inline(always)]
    pub(super) fn even_odd([b0, b1, b2, _]: [u32; 4], [m0, m1, m2, _]: [u32; 4]) -> (Quad, Quad) {
        ([b1, b2, m1, m2], [b0, b1, m0, m1])
    }
    #[inline(always)]
    pub(super) fn spread([_, a1, a2, a3]: [u32; 4]) -> Quad {
        [a2, a3, a1, a2]
    }
    #[inline(always)]
    pub(super) fn doubled(a: [u32; 4]) -> Quad {
        spread(a).map(|x| x << 1)
    }
}

/// Limb `i` of `s`, 0 outside (the zero padding of the row layouts).
#[inline(always)]
fn limb(s: &[u32], i: usize) -> u32 {
    s.get(i).copied().unwrap_or(0)
}

/// `s[i - back..i - back + 4]`, zeros outside `s` (below limb 0 too).
#[inline(always)]
fn four(s: &[u32], i: usize, back: usize) -> [u32; 4] {
    match i.checked_sub(back).and_then(|j| s.get(j..j + 4)) {
        Some(&[a, b, c, d]) => [a, b, c, d],
        _ => {
            let at = |k: usize| (i + k).checked_sub(back).map_or(0, |j| limb(s, j));
            [at(0), at(1), at(2), at(3)]
        }
    }
}

/// The result of a row-wise product: accumulators `n..2n` (`n` odd: limb 0 is lane 1 of pair
/// `n / 2`), carried into 28-bit limbs.
#[inline(always)]
fn carry_out(t: &[lanes::Acc], n: usize) -> L28 {
    let mut out = [0u32; MAXL];
    let pairs = t.get(n / 2..n / 2 + n.div_ceil(2)).unwrap_or_default();
    let Some((&first, rest)) = pairs.split_first() else { return out };
    let (head, tail) = out.split_at_mut(1);
    let mut c = lanes::lanes(first)[1];
    if let Some(o) = head.first_mut() {
        *o = c as u32 & WMASK;
    }
    c >>= W;
    for (o, &p) in tail.chunks_exact_mut(2).zip(rest) {
        let [l0, l1] = lanes::lanes(p);
        let s0 = l0 + c;
        let s1 = l1 + (s0 >> W);
        c = s1 >> W;
        if let [o0, o1] = o {
            (*o0, *o1) = (s0 as u32 & WMASK, s1 as u32 & WMASK);
        }
    }
    out
}

/// 32-bit limbs into the first `n` 28-bit limbs (fixed shifts per position: constant time).
fn to28<const N: usize>(x: &Limbs<N>, n: usize) -> L28 {
    let mut out = [0u32; MAXL];
    for (j, o) in out.iter_mut().enumerate().take(n) {
        let (w, off) = (W as usize * j / 32, (W as usize * j % 32) as u32);
        let mut v = limb(x, w) >> off;
        if off > 32 - W {
            v |= limb(x, w + 1) << (32 - off);
        }
        *o = v & WMASK;
    }
    out
}

/// Normalized 28-bit limbs of a value below `2^(32N)` into 32-bit limbs.
fn from28<const N: usize>(x: &L28) -> Limbs<N> {
    let mut out = [0u32; N];
    for (i, o) in out.iter_mut().enumerate() {
        let (j, off) = (32 * i / W as usize, (32 * i % W as usize) as u32);
        *o = (limb(x, j) >> off) | (limb(x, j + 1) << (W - off)) | (limb(x, j + 2).checked_shl(2 * W - off).unwrap_or(0));
    }
    out
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
    /// Row-wise engine: limb count `n` (odd, `28n ≥ bits + 2`), `m` in 28-bit limbs,
    /// `-m⁻¹ mod 2²⁸`, and with `R' = 2^(28n)`: `R' mod m` (one), `R'² mod m` (to enter),
    /// `R'²/R mod m` (from the 32-bit Montgomery form), `R mod m` in 28-bit limbs (back to it).
    n28: usize,
    m28: L28,
    m0inv28: u32,
    one28: L28,
    r2_28: L28,
    from32: L28,
    to32: L28,
}

impl<const N: usize> Zeroize for Modulus<N> {
    fn zeroize(&mut self) {
        self.m.zeroize();
        self.m_rev.zeroize();
        self.m0inv.zeroize();
        self.r2.zeroize();
        self.one.zeroize();
        self.m28.zeroize();
        self.m0inv28.zeroize();
        self.one28.zeroize();
        self.r2_28.zeroize();
        self.from32.zeroize();
        self.to32.zeroize();
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
        let n28 = (32 * N + 2).div_ceil(W as usize) | 1;
        if n28 > MAXL {
            return None;
        }
        let zero = [0u32; MAXL];
        let mut md = Modulus {
            m,
            m_rev: reversed(&m),
            m0inv: inv.wrapping_neg(),
            r2,
            one,
            n28,
            m28: to28(&m, n28),
            m0inv28: inv.wrapping_neg() & WMASK,
            one28: zero,
            r2_28: zero,
            from32: zero,
            to32: to28(&one, n28),
        };
        let bits = (W as usize * n28) as u64;
        md.one28 = to28(&md.pow2(bits), n28);
        md.r2_28 = to28(&md.pow2(2 * bits), n28);
        md.from32 = to28(&md.pow2(2 * bits - 32 * N as u64), n28);
        Some(md)
    }

    /// `2^k mod m` (public constants, at key import).
    fn pow2(&self, k: u64) -> Limbs<N> {
        let mut two = [0u32; N];
        if let Some(l) = two.first_mut() {
            *l = 2;
        }
        self.leave_mont(&self.pow_public(&self.to_mont(&self.reduce(&two)), k))
    }

    /// Row-wise Montgomery product `a · b / R' mod m` for 28-bit-limb `a, b < 2m`; the result
    /// is below `2m` (not fully reduced). See the section comment for the layout and bounds.
    fn mul28(&self, a: &L28, b: &L28) -> L28 {
        use lanes::{add_lanes, lanes, madd, quad, AZERO, QZERO};
        let n = self.n28;
        let pairs = n.div_ceil(2);
        let m = &self.m28;
        // Even rows: quad k holds b/m limbs 2k, 2k+1; odd rows: 2k-1, 2k (limb -1 is 0).
        let mut even = [QZERO; PAIRS];
        let mut odd = [QZERO; PAIRS];
        for (k, (e, o)) in even.iter_mut().zip(odd.iter_mut()).enumerate().take(pairs) {
            (*e, *o) = lanes::even_odd(four(b, 2 * k, 1), four(m, 2 * k, 1));
        }
        let (b0, b1) = (u64::from(limb(b, 0)), u64::from(limb(b, 1)));
        let m1 = u64::from(limb(m, 1));
        let m0inv = self.m0inv28;
        let mut t = [AZERO; MAXL];
        // Rows 2r and 2r+1 in one pass over accumulator pairs r.. (accumulator 2r is lane 0 of
        // pair r, 2r+1 lane 1). Both digits are found first, on scalars: q_2r from t_2r, then
        // q_2r+1 from t_2r+1 plus row 2r's contribution to it and t_2r's carry. Row n (past
        // the last, as n is odd) is all zero: a_n = 0 and its digit is forced to 0.
        for r in 0..pairs {
            let window = t.get_mut(r..r + pairs).unwrap_or_default();
            let [t0, t1] = window.first().map_or([0; 2], |&p| lanes(p));
            let (ae, ao) = (limb(a, 2 * r), limb(a, 2 * r + 1));
            let v0 = t0 + u64::from(ae) * b0;
            let qe = (v0 as u32).wrapping_mul(m0inv) & WMASK;
            let c0 = (v0 + u64::from(qe) * u64::from(limb(m, 0))) >> W;
            let v1 = t1 + u64::from(ae) * b1 + u64::from(qe) * m1 + c0 + u64::from(ao) * b0;
            let qo = if 2 * r + 1 < n { (v1 as u32).wrapping_mul(m0inv) & WMASK } else { 0 };
            let (ye, yo) = (quad(ae, ae, qe, qe), quad(ao, ao, qo, qo));
            for ((tk, &xe), &xo) in window.iter_mut().zip(&even).zip(&odd).take(pairs) {
                // black_box (a codegen barrier only): otherwise LLVM hoists the widening of
                // the loop-invariant multipliers out of the loop and the extmuls become
                // `i64x2.mul` of extended lanes, which V8 emulates with three 32-bit
                // multiplies per lane.
                let (ye, yo) = core::hint::black_box((ye, yo));
                *tk = madd(madd(*tk, xe, ye), xo, yo);
            }
            // Carries of the completed accumulators (≡ 0 mod 2²⁸ now): 2r's into 2r+1, and
            // 2r+1's into 2r+2 (lane 0 of pair r+1). After the last row, 2r+1 = n is the
            // lowest limb of the result and only receives the carry of 2r.
            let [t0, t1] = window.first().map_or([0; 2], |&p| lanes(p));
            if 2 * r + 1 < n {
                if let Some(p) = t.get_mut(r + 1) {
                    *p = add_lanes(*p, (t1 + (t0 >> W)) >> W, 0);
                }
            } else if let Some(p) = window.first_mut() {
                *p = add_lanes(*p, 0, t0 >> W);
            }
        }
        carry_out(&t, n)
    }

    /// Row-wise Montgomery square `a² / R' mod m` for a 28-bit-limb `a < 2m` (result below
    /// `2m`), with each cross product computed once: ≈ 3/4 of [`Self::mul28`]'s multiplies.
    ///
    /// Same two-rows-per-pass scheme, but the product part of rows 2r, 2r+1 is
    /// `Σ_{j>i} a_i·2a_j` (plus the diagonal `a_i²`): pass `r` adds, for quads `k ≥ r+2`,
    /// `[a_2r, a_2r, a_2r+1, a_2r+1] · [d_2k, d_2k+1, d_2k-1, d_2k]` (`d = 2a`, below 2²⁹, so
    /// products stay below 2⁵⁷ and an accumulator still gets at most `2n` product units); quad
    /// `k = r+1` is built with its diagonal lane zeroed, and the missing terms (`a_2r²`,
    /// `a_2r·d_2r+1`, `a_2r+1²`) are added on scalars at the start of the pass. Every
    /// contribution to columns 2r, 2r+1 is then in place when pass `r` picks its digits (from
    /// passes `r' < r`, or the scalar terms of pass `r = 0`), and the reduction rows add
    /// `[q_2r, q_2r, q_2r+1, q_2r+1] · [m_2k, m_2k+1, m_2k-1, m_2k]` as in `mul28`.
    /// Constant time: trip counts and indices depend only on `n` and the pass number.
    fn sqr28(&self, a: &L28) -> L28 {
        use lanes::{add_lanes, lanes, madd, quad, AZERO, QZERO};
        let n = self.n28;
        let pairs = n.div_ceil(2);
        let m = &self.m28;
        let d = |j: usize| limb(a, j) << 1;
        let mut dq = [QZERO; PAIRS];
        let mut mq = [QZERO; PAIRS];
        for (k, (x, y)) in dq.iter_mut().zip(mq.iter_mut()).enumerate().take(pairs) {
            *x = lanes::doubled(four(a, 2 * k, 2));
            *y = lanes::spread(four(m, 2 * k, 2));
        }
        let (m0, m1) = (u64::from(limb(m, 0)), u64::from(limb(m, 1)));
        let m0inv = self.m0inv28;
        let mut t = [AZERO; MAXL];
        for r in 0..pairs {
            let (ae, ao) = (limb(a, 2 * r), limb(a, 2 * r + 1));
            let (ae64, ao64) = (u64::from(ae), u64::from(ao));
            // Scalar terms: a_2r² and a_2r·2a_2r+1 into columns 4r, 4r+1; a_2r+1² into 4r+2.
            if let Some(p) = t.get_mut(2 * r) {
                *p = add_lanes(*p, ae64 * ae64, ae64 * (ao64 << 1));
            }
            if let Some(p) = t.get_mut(2 * r + 1) {
                *p = add_lanes(*p, ao64 * ao64, 0);
            }
            let window = t.get_mut(r..r + pairs).unwrap_or_default();
            let [t0, t1] = window.first().map_or([0; 2], |&p| lanes(p));
            let qe = (t0 as u32).wrapping_mul(m0inv) & WMASK;
            let c0 = (t0 + u64::from(qe) * m0) >> W;
            let v1 = t1 + u64::from(qe) * m1 + c0;
            let qo = if 2 * r + 1 < n { (v1 as u32).wrapping_mul(m0inv) & WMASK } else { 0 };
            let (ya, yq) = (quad(ae, ae, ao, ao), quad(qe, qe, qo, qo));
            // Quad r+1 without the diagonal lane (a_2r+1·d_2r+1, added above as a_2r+1²).
            let j = 2 * r + 2;
            let first = quad(d(j), d(j + 1), 0, d(j));
            let (low, high) = window.split_at_mut((r + 1).min(pairs));
            for (tk, &xm) in low.iter_mut().zip(&mq) {
                // black_box: a codegen barrier only, as in `mul28`.
                let yq = core::hint::black_box(yq);
                *tk = madd(*tk, xm, yq);
            }
            if let Some((tk, rest)) = high.split_first_mut() {
                *tk = madd(madd(*tk, mq.get(r + 1).copied().unwrap_or(QZERO), yq), first, ya);
                let (mq, dq) = (mq.get(r + 2..).unwrap_or_default(), dq.get(r + 2..).unwrap_or_default());
                let done = rest.len() & !1;
                let mut pairs2 = rest.chunks_exact_mut(2);
                // One barrier per two accumulator pairs (measured a few % faster than one per
                // pair here; made no difference in `mul28`).
                for ((tc, xm), xa) in pairs2.by_ref().zip(mq.chunks_exact(2)).zip(dq.chunks_exact(2)) {
                    let (ya, yq) = core::hint::black_box((ya, yq));
                    for ((tk, &xm), &xa) in tc.iter_mut().zip(xm).zip(xa) {
                        *tk = madd(madd(*tk, xm, yq), xa, ya);
                    }
                }
                if let (Some(tk), Some(&xm), Some(&xa)) = (pairs2.into_remainder().first_mut(), mq.get(done), dq.get(done)) {
                    let (ya, yq) = core::hint::black_box((ya, yq));
                    *tk = madd(madd(*tk, xm, yq), xa, ya);
                }
            }
            let [t0, t1] = window.first().map_or([0; 2], |&p| lanes(p));
            if 2 * r + 1 < n {
                if let Some(p) = t.get_mut(r + 1) {
                    *p = add_lanes(*p, (t1 + (t0 >> W)) >> W, 0);
                }
            } else if let Some(p) = window.first_mut() {
                *p = add_lanes(*p, 0, t0 >> W);
            }
        }
        carry_out(&t, n)
    }

    /// `x mod m` for a 28-bit-limb `x < 2m`: one masked subtraction.
    fn reduce28(&self, x: &L28) -> L28 {
        let mut d = [0u32; MAXL];
        let mut borrow = 0u32;
        for ((o, &a), &b) in d.iter_mut().zip(x).zip(&self.m28) {
            let v = a.wrapping_sub(b).wrapping_sub(borrow);
            *o = v & WMASK;
            borrow = v >> 31;
        }
        let mask = borrow.wrapping_neg(); // all ones: x < m, keep x
        let mut out = [0u32; MAXL];
        for ((o, &a), &b) in out.iter_mut().zip(x).zip(&d) {
            *o = (a & mask) | (b & !mask);
        }
        out
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
    /// length). Constant time in both: fixed [`WINDOW`]-bit windows, every table entry read
    /// each time (masked, [`Self::lookup28`]); the sequence of operations depends only on
    /// `exp.len()`.
    ///
    /// The exponent's bits (`8 · exp.len()`, a multiple of the window or not) are read from
    /// the top in windows, the top one possibly shorter (its missing high bits are zero). The
    /// accumulator starts at the top window's table entry instead of squaring one.
    pub(crate) fn pow_secret(&self, base: &Limbs<N>, exp: &[u8]) -> Limbs<N> {
        // Into the row-wise engine: base·R · (R'²/R) / R' = base·R'.
        let mut b = self.mul28(&to28(base, self.n28), &self.from32);
        // table[k] = b^k·R' (by multiplies only: a second call site of `sqr28` here stops
        // LLVM inlining it into the loop below, which measured slower than the squarings saved).
        let mut table = [[0u32; MAXL]; 1 << WINDOW];
        let mut prev = self.one28;
        for (k, entry) in table.iter_mut().enumerate() {
            *entry = prev;
            if k + 1 < 1 << WINDOW {
                prev = self.mul28(&prev, &b);
            }
        }
        let windows = (8 * exp.len()).div_ceil(WINDOW);
        let mut acc = self.one28;
        let mut chosen = [0u32; MAXL];
        for i in (0..windows).rev() {
            chosen = self.lookup28(&table, window_bits(exp, i * WINDOW));
            if i + 1 == windows {
                acc = chosen;
                continue;
            }
            for _ in 0..WINDOW {
                acc = self.sqr28(&acc);
            }
            acc = self.mul28(&acc, &chosen);
        }
        // Back to the 32-bit Montgomery form: acc·R' · R / R' = acc·R, then fully reduced.
        let out = from28(&self.reduce28(&self.mul28(&acc, &self.to32)));
        table.zeroize();
        chosen.zeroize();
        acc.zeroize();
        prev.zeroize();
        b.zeroize();
        out
    }

    /// `table[index]`, read as the OR of every entry ANDed with a mask that is all ones only
    /// for `index`: every entry is read, no branch or address depends on `index`. Only the
    /// first `n` limbs (the modulus size: public) are read; the rest are zero.
    fn lookup28(&self, table: &[L28], index: u32) -> L28 {
        let mut out = [0u32; MAXL];
        for (k, entry) in (0u32..).zip(table) {
            let diff = k ^ index;
            // All ones when diff = 0, else zero, with no comparison LLVM could turn into a
            // branch: the top bit of diff | -diff is set exactly when diff ≠ 0.
            let mask = ((diff | diff.wrapping_neg()) >> 31).wrapping_sub(1);
            for (o, &e) in out.iter_mut().zip(entry).take(self.n28) {
                *o |= e & mask;
            }
        }
        out
    }

    /// `x^e mod m` for a public exponent and `x < m`, plain in and out (square-and-multiply
    /// on the row-wise engine, variable time in `e`). For odd `e` the last multiply is by plain
    /// `x`, which also leaves Montgomery form: `e = 65537` is 1 + 16 squarings + 1 multiply.
    pub(crate) fn pow_public_plain(&self, x: &Limbs<N>, e: u64) -> Limbs<N> {
        let x28 = to28(x, self.n28);
        let mut unit = [0u32; MAXL];
        if let Some(l) = unit.first_mut() {
            *l = 1;
        }
        if e <= 1 {
            return from28(&self.reduce28(if e == 0 { &unit } else { &x28 }));
        }
        let xm = self.mul28(&x28, &self.r2_28);
        let mut acc = xm;
        for i in (0..63 - e.leading_zeros()).rev() {
            acc = self.sqr28(&acc);
            if i > 0 && (e >> i) & 1 == 1 {
                acc = self.mul28(&acc, &xm);
            }
        }
        // Bit 0, leaving Montgomery form at the same time: acc·x/R' or acc·1/R'.
        from28(&self.reduce28(&self.mul28(&acc, if e & 1 == 1 { &x28 } else { &unit })))
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

/// The engine on big-endian bytes, for the property tests in `tests/rsa_engine.rs` (re-exported
/// as `keys::engine`). Not API: no stability, no use outside tests. Every method returns `None`
/// when an input does not fit, instead of truncating it.
#[doc(hidden)]
pub mod testing {
    use super::{from28, from_be_bytes, to28, to_be_bytes, Limbs, Modulus, L28, MAXL, W};

    /// Limbs of at most `4 * N` significant bytes.
    fn fit<const N: usize>(bytes: &[u8]) -> Option<Limbs<N>> {
        let significant = bytes.iter().position(|&b| b != 0).map_or(0, |i| bytes.len() - i);
        (significant <= 4 * N).then(|| from_be_bytes(bytes))
    }

    /// 32-bit limbs that hold any row-wise value (`28 · MAXL ≤ 32 · WIDE`).
    const WIDE: usize = (W as usize * MAXL).div_ceil(32);

    /// A modulus and its engines: `m` odd, exactly `32 * N` bits.
    pub struct Engine<const N: usize>(Modulus<N>);

    impl<const N: usize> Engine<N> {
        /// `r2` is `2^(64N) mod m`.
        pub fn new(m: &[u8], r2: &[u8]) -> Option<Self> {
            Modulus::new(fit(m)?, fit(r2)?).map(Engine)
        }
        /// Limbs of the row-wise engine (`R' = 2^(28n)`).
        pub fn limbs28(&self) -> usize {
            self.0.n28
        }
        fn op1(&self, a: &[u8], f: impl Fn(&Modulus<N>, &Limbs<N>) -> Limbs<N>) -> Option<Vec<u8>> {
            Some(to_be_bytes(&f(&self.0, &fit(a)?)))
        }
        fn op2(&self, a: &[u8], b: &[u8], f: impl Fn(&Modulus<N>, &Limbs<N>, &Limbs<N>) -> Limbs<N>) -> Option<Vec<u8>> {
            Some(to_be_bytes(&f(&self.0, &fit(a)?, &fit(b)?)))
        }
        pub fn mul(&self, a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
            self.op2(a, b, Modulus::mul)
        }
        pub fn sqr(&self, a: &[u8]) -> Option<Vec<u8>> {
            self.op1(a, Modulus::sqr)
        }
        pub fn add(&self, a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
            self.op2(a, b, Modulus::add)
        }
        pub fn sub(&self, a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
            self.op2(a, b, Modulus::sub)
        }
        pub fn reduce(&self, a: &[u8]) -> Option<Vec<u8>> {
            self.op1(a, Modulus::reduce)
        }
        pub fn to_mont(&self, a: &[u8]) -> Option<Vec<u8>> {
            self.op1(a, Modulus::to_mont)
        }
        pub fn leave_mont(&self, a: &[u8]) -> Option<Vec<u8>> {
            self.op1(a, Modulus::leave_mont)
        }
        pub fn is_reduced(&self, a: &[u8]) -> Option<bool> {
            Some(self.0.is_reduced(&fit(a)?))
        }
        pub fn pow_secret(&self, base: &[u8], exp: &[u8]) -> Option<Vec<u8>> {
            self.op1(base, |m, b| m.pow_secret(b, exp))
        }
        pub fn pow_public(&self, base: &[u8], e: u64) -> Option<Vec<u8>> {
            self.op1(base, |m, b| m.pow_public(b, e))
        }
        pub fn pow_public_plain(&self, x: &[u8], e: u64) -> Option<Vec<u8>> {
            self.op1(x, |m, b| m.pow_public_plain(b, e))
        }
        /// Bytes below `R'` in the row-wise engine's limbs.
        fn l28(&self, a: &[u8]) -> Option<L28> {
            let wide = fit::<WIDE>(a)?;
            let x = to28(&wide, self.0.n28);
            (from28::<WIDE>(&x) == wide).then_some(x)
        }
        fn out28(x: &L28) -> Vec<u8> {
            to_be_bytes(&from28::<WIDE>(x))
        }
        pub fn mul28(&self, a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
            Some(Self::out28(&self.0.mul28(&self.l28(a)?, &self.l28(b)?)))
        }
        pub fn sqr28(&self, a: &[u8]) -> Option<Vec<u8>> {
            Some(Self::out28(&self.0.sqr28(&self.l28(a)?)))
        }
        pub fn reduce28(&self, a: &[u8]) -> Option<Vec<u8>> {
            Some(Self::out28(&self.0.reduce28(&self.l28(a)?)))
        }
    }

    /// The full product, `8 * N` bytes.
    pub fn mul_wide<const N: usize>(a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
        let (lo, hi) = super::mul_wide::<N>(&fit(a)?, &fit(b)?);
        Some([to_be_bytes(&hi), to_be_bytes(&lo)].concat())
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
            {
                let r28 = BigUint::from(1u32) << (28 * md.n28);
                let (x, y) = (to28(&a, md.n28), to28(&b, md.n28));
                let z = from28::<N>(&md.reduce28(&md.mul28(&x, &y)));
                assert_eq!((big(&z) * &r28) % &mb, (&ab * &bb) % &mb, "mul28 N={N}");
                let z = from28::<N>(&md.reduce28(&md.sqr28(&x)));
                assert_eq!((big(&z) * &r28) % &mb, (&ab * &ab) % &mb, "sqr28 N={N}");
                // The largest unreduced input, 2m - 1 (inputs inside the exponentiations are < 2m).
                let mut x2_28 = [0u32; MAXL];
                let mut c = 0u32;
                for (o, &l) in x2_28.iter_mut().zip(&md.m28) {
                    let v = 2 * l + c;
                    *o = v & WMASK;
                    c = v >> W;
                }
                x2_28[0] -= 1; // m odd: limb 0 of 2m is even and nonzero
                let sq = from28::<N>(&md.reduce28(&md.sqr28(&x2_28)));
                let mu = from28::<N>(&md.reduce28(&md.mul28(&x2_28, &x2_28)));
                assert_eq!(big(&sq), big(&mu), "sqr28 vs mul28 N={N}");
            }
            let exp: Vec<u8> = (0..N * 4).map(|_| xorshift(&mut seed) as u8).collect();
            let got = md.leave_mont(&md.pow_secret(&md.to_mont(&a), &exp));
            assert_eq!(big(&got), ab.modpow(&BigUint::from_bytes_be(&exp), &mb));
            let got = md.leave_mont(&md.pow_public(&md.to_mont(&a), 65537));
            assert_eq!(big(&got), ab.modpow(&BigUint::from(65537u32), &mb));
            for e in [0u64, 1, 2, 3, 65537, 0x8000_0000_0000_0001] {
                assert_eq!(big(&md.pow_public_plain(&a, e)), ab.modpow(&BigUint::from(e), &mb));
            }
            // Edge values through the row-wise engine: 0, 1, m - 1.
            let (m_minus_1, _) = sub(&md.m, &{
                let mut one = [0u32; N];
                one[0] = 1;
                one
            });
            for x in [[0u32; N], md.one, m_minus_1] {
                let got = md.leave_mont(&md.pow_secret(&x, &exp));
                let plain = big(&md.leave_mont(&x));
                assert_eq!(big(&got), plain.modpow(&BigUint::from_bytes_be(&exp), &mb));
            }
        }
    }

    /// `window_bits` against the exponent's bits one at a time (big-endian bytes, bit 0 the
    /// least significant), past the top included.
    #[test]
    fn window_bits_reads_the_exponent() {
        let mut seed = 0x5eed_0005u64;
        for len in 0..12 {
            let exp: Vec<u8> = (0..len).map(|_| xorshift(&mut seed) as u8).collect();
            let bit = |i: usize| if i < 8 * len { u32::from((exp[len - 1 - i / 8] >> (i % 8)) & 1) } else { 0 };
            for lsb in 0..8 * len + 2 * WINDOW {
                let want = (0..WINDOW).map(|k| bit(lsb + k) << k).sum::<u32>();
                assert_eq!(window_bits(&exp, lsb), want, "len {len}, bit {lsb}");
            }
        }
        assert_eq!(window_bits(&[0xff; 4], 0), (1 << WINDOW) - 1);
        assert_eq!(window_bits(&[0x80, 0, 0, 0], 30), 0b10);
    }

    /// `lookup28` returns exactly the entry asked for (first `n` limbs), for every index.
    #[test]
    fn lookup28_picks_one_entry() {
        let mut seed = 0x5eed_0028u64;
        let (md, _) = modulus::<32>(&mut seed);
        let mut table = [[0u32; MAXL]; 1 << WINDOW];
        for entry in table.iter_mut() {
            entry.iter_mut().for_each(|l| *l = xorshift(&mut seed) & WMASK);
        }
        for (k, entry) in table.iter().enumerate() {
            let got = md.lookup28(&table, k as u32);
            assert_eq!(got[..md.n28], entry[..md.n28], "entry {k}");
            assert!(got[md.n28..].iter().all(|&l| l == 0), "entry {k}: limbs past n");
        }
        // An index past the table selects nothing.
        assert!(md.lookup28(&table, 1 << WINDOW).iter().all(|&l| l == 0));
    }

    /// Secret exponents of every length from 0 to 21 bytes (every remainder of `8·len` mod the
    /// window), all-ones and single-bit ones, against `modpow`, for bases 0, 1, m − 1 and random.
    #[test]
    fn pow_secret_every_exponent_length() {
        let mut seed = 0x5eed_0105u64;
        let (md, mb) = modulus::<32>(&mut seed);
        let mut a = [0u32; 32];
        a.iter_mut().for_each(|l| *l = xorshift(&mut seed));
        let ab = big(&a) % &mb;
        let bases = [BigUint::from(0u32), BigUint::from(1u32), &mb - 1u32, ab];
        for len in 0..22usize {
            let random: Vec<u8> = (0..len).map(|_| xorshift(&mut seed) as u8).collect();
            let mut low_bit = vec![0u8; len];
            if let Some(b) = low_bit.last_mut() {
                *b = 1;
            }
            for (i, exp) in [random, vec![0xff; len], low_bit].iter().enumerate() {
                let base = &bases[(len + i) % bases.len()];
                let got = md.leave_mont(&md.pow_secret(&md.to_mont(&limbs(base)), exp));
                assert_eq!(big(&got), base.modpow(&BigUint::from_bytes_be(exp), &mb), "len {len}, exp {exp:02x?}");
            }
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
