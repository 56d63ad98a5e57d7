//! Property tests of the RSA-2048 engine (`src/keys/mont.rs`, `src/keys/crt.rs`, reached through
//! the test-only `keys::engine`) against `num-bigint-dig`: random 2048-bit odd moduli (and
//! 1024-bit ones, the CRT halves), random operands and the edge values 0, 1, m − 1, 2m − 1,
//! R − 1 and numbers whose 28-bit limbs are all 0xFFFFFFF, through both the 32-bit-limb
//! operations and the 28-bit-limb row-wise engine of the exponentiations; then the CRT private
//! operation on generated keys with both prime orders.
//!
//! Seeded: a failure names its seed; rerun it with `RSA_ENGINE_SEED=<seed> cargo test --test
//! rsa_engine`. In debug builds every `+` of the lazy-carry accumulators is overflow-checked,
//! so the bounds the engine relies on (products < 2⁵⁶, at most 2n per accumulator) are tested too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use num_bigint_dig::{BigUint, ModInverse, RandBigInt, RandPrime};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use wechatpay_wasm::keys::engine::{mul_wide, Crt, Engine};

fn seed() -> u64 {
    std::env::var("RSA_ENGINE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_2026_0009)
}

fn big(bytes: &[u8]) -> BigUint {
    BigUint::from_bytes_be(bytes)
}

fn one() -> BigUint {
    BigUint::from(1u32)
}

fn pow2(k: usize) -> BigUint {
    one() << k
}

/// `2^(28k) − 1`: `k` limbs of 0xFFFFFFF in the row-wise engine.
fn all_ones28(k: usize) -> BigUint {
    pow2(28 * k) - one()
}

/// A value whose 28-bit limbs below `limbs` are each, at random, 0 or 0xFFFFFFF.
fn limb_pattern28(rng: &mut StdRng, limbs: usize) -> BigUint {
    (0..limbs).fold(BigUint::from(0u32), |acc, i| if rng.r#gen() { acc | (all_ones28(1) << (28 * i)) } else { acc })
}

/// Everything one modulus is checked with; `bits = 32 · N`.
struct Case<'a, const N: usize> {
    engine: Engine<N>,
    m: &'a BigUint,
    bits: usize,
    label: String,
}

impl<const N: usize> Case<'_, N> {
    fn r(&self) -> BigUint {
        pow2(self.bits)
    }
    fn r28(&self) -> BigUint {
        pow2(28 * self.engine.limbs28())
    }

    /// Montgomery product and square (32-bit limbs): exact and fully reduced. `a · b < m · R`.
    fn check_mul(&self, a: &BigUint, b: &BigUint) {
        let (m, r, l) = (self.m, self.r(), &self.label);
        let got = big(&self.engine.mul(&a.to_bytes_be(), &b.to_bytes_be()).unwrap());
        assert!(&got < m && (&got * &r) % m == (a * b) % m, "{l}: mul({a:x}, {b:x}) = {got:x}");
        if a == b {
            let sq = big(&self.engine.sqr(&a.to_bytes_be()).unwrap());
            assert_eq!(sq, got, "{l}: sqr({a:x})");
        }
    }

    /// Row-wise Montgomery product and square (28-bit limbs), for `a, b < 2m`: the result is
    /// below `2m` and congruent to `a · b / R'`; `reduce28` brings a value below `2m` under `m`.
    fn check_mul28(&self, a: &BigUint, b: &BigUint) {
        let (m, l) = (self.m, &self.label);
        let r28 = self.r28();
        let got = big(&self.engine.mul28(&a.to_bytes_be(), &b.to_bytes_be()).unwrap());
        assert!(got < m * 2u32 && (&got * &r28) % m == (a * b) % m, "{l}: mul28({a:x}, {b:x}) = {got:x}");
        let reduced = big(&self.engine.reduce28(&got.to_bytes_be()).unwrap());
        assert_eq!(reduced, &got % m, "{l}: reduce28({got:x})");
        if a == b {
            let sq = big(&self.engine.sqr28(&a.to_bytes_be()).unwrap());
            assert!(sq < m * 2u32 && (&sq * &r28) % m == (a * a) % m, "{l}: sqr28({a:x}) = {sq:x}");
        }
    }

    /// Everything that takes one or two values below `m`.
    fn check_reduced_pair(&self, a: &BigUint, b: &BigUint) {
        let (m, l) = (self.m, &self.label);
        let (ab, bb) = (a.to_bytes_be(), b.to_bytes_be());
        self.check_mul(a, b);
        self.check_mul(a, a);
        self.check_mul28(a, b);
        self.check_mul28(a, a);
        assert_eq!(big(&self.engine.add(&ab, &bb).unwrap()), (a + b) % m, "{l}: add({a:x}, {b:x})");
        assert_eq!(big(&self.engine.sub(&ab, &bb).unwrap()), (a + m - b) % m, "{l}: sub({a:x}, {b:x})");
        let mont = self.engine.to_mont(&ab).unwrap();
        assert_eq!(big(&mont), (a * self.r()) % m, "{l}: to_mont({a:x})");
        assert_eq!(big(&self.engine.leave_mont(&mont).unwrap()), a.clone(), "{l}: leave_mont(to_mont({a:x}))");
        assert!(self.engine.is_reduced(&ab).unwrap(), "{l}: is_reduced({a:x})");
        let wide = big(&mul_wide::<N>(&ab, &bb).unwrap());
        assert_eq!(wide, a * b, "{l}: mul_wide({a:x}, {b:x})");
    }

    /// `x mod m` for any `x < R`.
    fn check_reduce(&self, x: &BigUint) {
        let got = big(&self.engine.reduce(&x.to_bytes_be()).unwrap());
        assert_eq!(got, x % self.m, "{}: reduce({x:x})", self.label);
        assert_eq!(self.engine.is_reduced(&x.to_bytes_be()).unwrap(), x < self.m, "{}: is_reduced({x:x})", self.label);
    }

    /// The secret exponentiation (5-bit windows on the row-wise engine): `base < m`, plain.
    fn check_pow_secret(&self, base: &BigUint, exp: &[u8]) {
        let mont = self.engine.to_mont(&base.to_bytes_be()).unwrap();
        let got = big(&self.engine.leave_mont(&self.engine.pow_secret(&mont, exp).unwrap()).unwrap());
        let want = base.modpow(&big(exp), self.m);
        assert_eq!(got, want, "{}: pow_secret({base:x}, {})", self.label, hex(exp));
    }

    /// The public exponentiations: both square-and-multiply variants.
    fn check_pow_public(&self, x: &BigUint, e: u64) {
        let (m, l) = (self.m, &self.label);
        let want = x.modpow(&BigUint::from(e), m);
        let plain = big(&self.engine.pow_public_plain(&x.to_bytes_be(), e).unwrap());
        assert_eq!(plain, want, "{l}: pow_public_plain({x:x}, {e})");
        let mont = self.engine.to_mont(&x.to_bytes_be()).unwrap();
        let got = big(&self.engine.leave_mont(&self.engine.pow_public(&mont, e).unwrap()).unwrap());
        assert_eq!(got, want, "{l}: pow_public({x:x}, {e})");
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn r2(m: &BigUint, bits: usize) -> Vec<u8> {
    (pow2(2 * bits) % m).to_bytes_be()
}

/// Runs every check on modulus `m` (odd, exactly `32 · N` bits) with `operands` random values.
fn check_modulus<const N: usize>(rng: &mut StdRng, m: &BigUint, label: String, operands: usize, pows: usize, exp_len: usize) {
    let bits = 32 * N;
    assert_eq!(m.bits(), bits);
    let engine = Engine::<N>::new(&m.to_bytes_be(), &r2(m, bits)).expect("odd modulus with its top bit set");
    let case = Case { engine, m, bits, label };
    let n28 = case.engine.limbs28();
    assert!(28 * n28 >= bits + 2 && n28 % 2 == 1, "{}: {n28} row-wise limbs", case.label);
    let below = |rng: &mut StdRng, bound: &BigUint| rng.gen_biguint_below(bound);

    // Values below m: random, edge, and limb patterns reduced into range.
    let zero = BigUint::from(0u32);
    let mut reduced = vec![zero.clone(), one(), m - one(), m - 2u32, m >> 1, (m >> 1) + one(), all_ones28(n28 / 2) % m];
    reduced.extend((0..operands).map(|_| below(rng, m)));
    reduced.push(limb_pattern28(rng, n28) % m);
    for (i, a) in reduced.iter().enumerate() {
        let b = &reduced[(i * 7 + 3) % reduced.len()];
        case.check_reduced_pair(a, b);
    }
    // The 32-bit product takes one operand up to R − 1 (all 32-bit limbs set).
    let r_minus_1 = case.r() - one();
    for b in [&zero, &one(), &(m - one()), &below(rng, m)] {
        case.check_mul(&r_minus_1, b);
        case.check_mul(b, &r_minus_1);
    }
    // reduce and is_reduced over all of [0, R).
    for x in [&zero, &(m - one()), m, &(m + one()), &r_minus_1, &all_ones28(bits / 28), &(below(rng, &(case.r() - m)) + m)] {
        if x < &case.r() {
            case.check_reduce(x);
        }
    }
    // The row-wise engine takes anything below 2m: its largest input, values whose 28-bit limbs
    // are all 0xFFFFFFF (as many as stay below 2m), limb patterns, and random values in [m, 2m).
    let twice = m * 2u32;
    let mut unreduced = vec![&twice - one(), &twice - 2u32, m.clone(), pow2(bits) - one(), all_ones28(bits / 28)];
    unreduced.push(limb_pattern28(rng, bits / 28));
    unreduced.push(limb_pattern28(rng, n28) % &twice);
    unreduced.extend((0..operands / 2).map(|_| below(rng, m) + m));
    for (i, a) in unreduced.iter().enumerate() {
        assert!(a < &twice);
        case.check_mul28(a, a);
        case.check_mul28(a, &unreduced[(i + 1) % unreduced.len()]);
        case.check_mul28(a, &reduced[i % reduced.len()]);
    }

    // Exponentiations. Secret exponents have a fixed length in the engine (leading zero bytes
    // included); the edges are 0, 1, all ones, and a single top bit.
    let len = exp_len;
    let random_exp = |rng: &mut StdRng| (0..len).map(|_| rng.r#gen::<u8>()).collect::<Vec<u8>>();
    let mut top_bit = vec![0u8; len];
    top_bit[0] = 0x80;
    let mut exps = vec![vec![0u8; len], [vec![0u8; len - 1], vec![1]].concat(), vec![0xFF; len], top_bit, vec![]];
    exps.extend((0..pows).map(|_| random_exp(rng)));
    let bases = [zero.clone(), one(), m - one(), below(rng, m), all_ones28(n28 / 2) % m];
    for (i, exp) in exps.iter().enumerate() {
        case.check_pow_secret(&bases[i % bases.len()], exp);
    }
    for (i, e) in [0u64, 1, 2, 3, 17, 65537, u64::MAX, rng.r#gen::<u64>()].into_iter().enumerate() {
        case.check_pow_public(&bases[i % bases.len()], e);
    }
}

/// A random odd modulus of exactly `bits` bits.
fn random_modulus(rng: &mut StdRng, bits: usize) -> BigUint {
    rng.gen_biguint(bits) | pow2(bits - 1) | one()
}

/// Moduli at the edges of the limb arithmetic: all bits set (every 32- and 28-bit limb at its
/// maximum), only the top and bottom bits (limbs of zeros), −m⁻¹ ≡ 1 and ≡ −1 mod 2²⁸ and 2³²,
/// and all 28-bit limbs 0xFFFFFFF below a top bit.
fn edge_moduli(bits: usize) -> Vec<(&'static str, BigUint)> {
    let top = pow2(bits - 1);
    vec![
        ("2^bits - 1", pow2(bits) - one()),
        ("2^(bits-1) + 1", &top + one()),
        ("2^(bits-1) + 2^32 - 1", &top + (pow2(32) - one())),
        ("2^(bits-1) + 2^28 - 1", &top + all_ones28(1)),
        ("2^(bits-1) + 2^28 + 1", &top + pow2(28) + one()),
        ("2^(bits-1) + 28-bit limbs all 0xFFFFFFF", &top + all_ones28((bits - 1) / 28)),
        ("2^bits - 2^(bits/2) + 1", pow2(bits) - pow2(bits / 2) + one()),
    ]
}

#[test]
fn montgomery_2048_matches_num_bigint() {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed);
    for (name, m) in edge_moduli(2048) {
        check_modulus::<64>(&mut rng, &m, format!("seed {seed}, 2048-bit modulus {name}"), 4, 1, 256);
    }
    for i in 0..12 {
        let m = random_modulus(&mut rng, 2048);
        check_modulus::<64>(&mut rng, &m, format!("seed {seed}, random 2048-bit modulus #{i}"), 8, 2, 32);
    }
}

#[test]
fn montgomery_1024_matches_num_bigint() {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed ^ 1024);
    for (name, m) in edge_moduli(1024) {
        check_modulus::<32>(&mut rng, &m, format!("seed {seed}, 1024-bit modulus {name}"), 4, 1, 128);
    }
    for i in 0..24 {
        let m = random_modulus(&mut rng, 1024);
        check_modulus::<32>(&mut rng, &m, format!("seed {seed}, random 1024-bit modulus #{i}"), 8, 4, 128);
    }
}

#[test]
fn moduli_the_engine_must_refuse() {
    let r2 = [1u8];
    // Even, or short of its top bit.
    assert!(Engine::<64>::new(&(pow2(2047) + pow2(100)).to_bytes_be(), &r2).is_none());
    assert!(Engine::<64>::new(&(pow2(2046) + one()).to_bytes_be(), &r2).is_none());
    assert!(Engine::<64>::new(&[0u8; 256], &r2).is_none());
}

/// EMSA-PKCS1-v1_5 of a SHA-256 digest (RFC 8017 §9.2): `00 01 FF…FF 00 DigestInfo digest`.
fn emsa_sha256(digest: &[u8; 32]) -> BigUint {
    const DIGEST_INFO: &str = "3031300d060960864801650304020105000420";
    let digest_info = (0..DIGEST_INFO.len()).step_by(2).map(|i| u8::from_str_radix(&DIGEST_INFO[i..i + 2], 16).unwrap());
    let mut em = vec![0u8, 1];
    em.resize(256 - 19 - 32 - 1, 0xff);
    em.push(0);
    em.extend(digest_info.chain(digest.iter().copied()));
    assert_eq!(em.len(), 256);
    big(&em)
}

/// The TEST ONLY key of tests/vectors/v3 (PKCS#1), ordered so that `p > q`.
fn vector_key() -> (BigUint, BigUint, BigUint, BigUint, BigUint) {
    use base64::Engine as _;
    use der::Decode;
    let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs1.pem")).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
    let key = pkcs1::RsaPrivateKey::from_der(&der).unwrap();
    let b = |x: pkcs1::UintRef<'_>| big(x.as_bytes());
    let (p, q) = (b(key.prime1), b(key.prime2));
    let (p, q) = if p > q { (p, q) } else { (q, p) };
    (b(key.modulus), b(key.public_exponent), b(key.private_exponent), p, q)
}

/// A two-prime RSA-2048 key from `rng`: `(n, e, d, p, q)` with `p > q`.
fn rsa_key(rng: &mut StdRng) -> (BigUint, BigUint, BigUint, BigUint, BigUint) {
    let e = BigUint::from(65537u32);
    loop {
        let (a, b) = (rng.gen_prime(1024), rng.gen_prime(1024));
        let (p, q) = if a > b { (a, b) } else { (b, a) };
        let n = &p * &q;
        let phi = (&p - one()) * (&q - one());
        if p == q || n.bits() != 2048 {
            continue;
        }
        let Some(d) = e.clone().mod_inverse(&phi).and_then(|d| d.to_biguint()) else { continue };
        return (n, e, d, p, q);
    }
}

#[test]
fn crt_private_operation_matches_num_bigint_for_both_prime_orders() {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed ^ 0xC127);
    for k in 0..3 {
        let (n, e, d, p, q) = if k == 0 { vector_key() } else { rsa_key(&mut rng) };
        let bytes = |x: &BigUint| x.to_bytes_be();
        // p > q, then the same key with the primes swapped (q⁻¹ mod p differs).
        for (order, first, second) in [("p > q", &p, &q), ("p < q", &q, &p)] {
            let label = format!("seed {seed}, key #{k}, {order}");
            let crt = Crt::new(&bytes(&n), &bytes(&e), &bytes(&d), &bytes(first), &bytes(second)).expect("RSA-2048 key");
            // Edge values: 0, 1, n − 1, multiples of one prime (0 mod p or mod q), x ≡ −1 mod a
            // prime, all 28-bit limbs set, then random values.
            let mut xs = vec![BigUint::from(0u32), one(), &n - one(), p.clone(), q.clone(), &p * 2u32, &q - one(), &p + one()];
            xs.push(all_ones28(73));
            xs.extend((0..4).map(|_| rng.gen_biguint_below(&n)));
            // x ↦ xᵉ is a permutation of [0, n): s is right exactly when sᵉ = x (computed here by
            // num-bigint-dig, not by the engine's own self-check).
            for x in &xs {
                let got = big(&crt.private_op(&bytes(x)).unwrap().unwrap());
                assert!(got < n && got.modpow(&e, &n) == *x, "{label}: private_op({x:x}) = {got:x}");
            }
            // Blinding state carries over between signatures (squared in between, renewed every
            // 32): on the vector key 34 signatures cross a renewal. Each must be the deterministic
            // PKCS#1 v1.5 one.
            let key = rsa::RsaPrivateKey::from_components(n.clone(), e.clone(), d.clone(), vec![first.clone(), second.clone()])
                .unwrap();
            for i in 0..if k == 0 { 34 } else { 4 } {
                let digest: [u8; 32] = rng.r#gen();
                let got = crt.sign_sha256(&digest).unwrap();
                if i % 4 == 0 {
                    let want = key.sign(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &digest).unwrap();
                    assert_eq!(hex(&got), hex(&want), "{label}: signature #{i}");
                }
                assert_eq!(big(&got).modpow(&e, &n), emsa_sha256(&digest), "{label}: signature #{i} opens to its digest");
            }
        }
    }
}
