//! Our RSA (src/keys/crt.rs, nat.rs, padding.rs: no bignum crate) against `rsa` 0.9 on every
//! accepted size: RSA-2048 on the fixed-size engine and on the runtime-length one, 2048 bits
//! with unbalanced primes, 2056, 3072 and 4096 bits. For each key, through the public API
//! (`PrivateKey`/`PublicKey` from PEM): SHA256withRSA and SHA1withRSA signatures byte for byte
//! `rsa`'s, each side verifying the other's and refusing the same forgeries, RSA-OAEP (SHA-1)
//! round trips both ways at every length class, and ciphertexts with each kind of padding
//! defect refused by both (the same `DECRYPT_FAILED`). Then the runtime-length arithmetic
//! (`nat.rs`) against `num-bigint-dig` on random and edge operands of many lengths.
//!
//! Seeded: a failure names its seed; rerun it with `RSA_SIZES_SEED=<seed> cargo test --test
//! rsa_sizes`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use base64::{engine::general_purpose::STANDARD, Engine as _};
use num_bigint_dig::{BigUint, RandBigInt, RandPrime};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, Pkcs1v15Sign, RsaPrivateKey};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use wechatpay_wasm::keys::engine::{nat_mul, nat_rem, public_op, AnyModulus, Crt};
use wechatpay_wasm::keys::{PrivateKey, PublicKey};

fn seed() -> u64 {
    std::env::var("RSA_SIZES_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_2026_0010)
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|c| core::str::from_utf8(c).unwrap()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

fn sha1_scheme() -> Pkcs1v15Sign {
    const SHA1_PREFIX: [u8; 15] = [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14];
    Pkcs1v15Sign { hash_len: Some(20), prefix: Box::new(SHA1_PREFIX) }
}

/// A two-prime key with primes of `p_bits` and `q_bits` (their product of exactly
/// `p_bits + q_bits` bits), e = 65537.
fn key_with_primes(rng: &mut StdRng, p_bits: usize, q_bits: usize) -> RsaPrivateKey {
    loop {
        let (p, q): (BigUint, BigUint) = (rng.gen_prime(p_bits), rng.gen_prime(q_bits));
        if (&p * &q).bits() != p_bits + q_bits {
            continue;
        }
        // The larger prime first: `rsa` 0.9's CRT adds the first prime to `m1 − m2` until it is
        // positive, 2^48 times for a 1000-bit first prime and a 1048-bit second one.
        let (p, q) = if p > q { (p, q) } else { (q, p) };
        if let Ok(key) = RsaPrivateKey::from_p_q(p, q, BigUint::from(65537u32)) {
            return key;
        }
    }
}

fn be(x: &BigUint, k: usize) -> Vec<u8> {
    let b = x.to_bytes_be();
    let mut out = vec![0u8; k - b.len()];
    out.extend(b);
    out
}

/// EME-OAEP (SHA-1, empty label) written out from RFC 8017 §7.1.1 with `num-bigint-dig`-free
/// byte code, so that single defects can be planted: `y` (the first byte), the label hash, a
/// nonzero byte in the padding string, the 01 separator.
fn oaep_em(msg: &[u8], k: usize, seed: &[u8; 20], defect: &str) -> Vec<u8> {
    let mgf = |seed: &[u8], len: usize| -> Vec<u8> {
        (0u32..).flat_map(|c| Sha1::new().chain_update(seed).chain_update(c.to_be_bytes()).finalize()).take(len).collect()
    };
    let mut db = Sha1::digest(b"").to_vec();
    if defect == "lhash" {
        db[3] ^= 1;
    }
    db.resize(k - 20 - 1 - msg.len() - 1, 0);
    if defect == "padding" {
        let at = db.len() - 1;
        db[at] = 7;
    }
    db.push(if defect == "separator" { 2 } else { 1 });
    db.extend_from_slice(msg);
    let masked_db: Vec<u8> = db.iter().zip(mgf(seed, db.len())).map(|(a, b)| a ^ b).collect();
    let masked_seed: Vec<u8> = seed.iter().zip(mgf(&masked_db, 20)).map(|(a, b)| a ^ b).collect();
    let mut em = vec![u8::from(defect == "y")];
    em.extend(masked_seed);
    em.extend(masked_db);
    em
}

/// Everything one key is checked with; `signatures` of them (more than 32 crosses a renewal of
/// the blinding values).
fn check_key(rng: &mut StdRng, key: &RsaPrivateKey, label: &str, signatures: usize) {
    let k = key.size();
    let n = key.n().clone();
    let e = key.e().clone();
    let public = key.to_public_key();
    let ours = PrivateKey::from_pem(&pem("PRIVATE KEY", key.to_pkcs8_der().unwrap().as_bytes())).unwrap();
    let theirs_pem = pem("PUBLIC KEY", public.to_public_key_der().unwrap().as_bytes());
    let ours_public = PublicKey::from_pem(&theirs_pem).unwrap();
    assert_eq!(ours.bits(), n.bits(), "{label}");
    assert_eq!(ours_public.bits(), n.bits(), "{label}");
    assert!(ours.public_key().same_key(&ours_public), "{label}");
    assert_eq!(ours_public.spki_der().unwrap(), public.to_public_key_der().unwrap().as_bytes(), "{label}");

    // Signatures: byte for byte rsa's (PKCS#1 v1.5 is deterministic).
    for i in 0..signatures {
        let msg: Vec<u8> = (0..rng.gen_range(0..200)).map(|_| rng.r#gen()).collect();
        let sha256 = ours.sign_sha256(&msg).unwrap();
        if i % 8 == 0 || i + 2 >= signatures {
            let want = key.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(&msg)).unwrap();
            assert_eq!(sha256, want, "{label}: SHA-256 signature #{i}");
            let sha1 = ours.sign_sha1(&msg).unwrap();
            let want1 = key.sign(sha1_scheme(), &Sha1::digest(&msg)).unwrap();
            assert_eq!(sha1, want1, "{label}: SHA-1 signature #{i}");
            assert!(ours_public.verify_sha1(&msg, &want1), "{label}");
            assert!(!ours_public.verify_sha256(&msg, &want1), "{label}: a SHA-1 signature is no SHA-256 one");
            assert!(!ours_public.verify_sha1(&msg, &sha256), "{label}: a SHA-256 signature is no SHA-1 one");
        }
        assert!(ours_public.verify_sha256(&msg, &sha256), "{label}");
        // Forgeries: each refused by both sides.
        let mut other = msg.clone();
        other.push(0);
        let s_big = BigUint::from_bytes_be(&sha256);
        let mut flipped = sha256.clone();
        flipped[rng.gen_range(0..k)] ^= 1 << rng.gen_range(0..8);
        let plus_n = (&s_big + &n).to_bytes_be(); // the same residue, not below n
        let plus_n_k = if plus_n.len() == k { Some(plus_n.clone()) } else { None };
        let mut longer = vec![0u8];
        longer.extend_from_slice(&sha256);
        let bad: Vec<(&str, &[u8], &[u8])> = vec![
            ("other message", &other, &sha256),
            ("flipped bit", &msg, &flipped),
            ("s + n", &msg, &plus_n),
            ("leading zero byte", &msg, &longer),
            ("one byte short", &msg, &sha256[1..]),
            ("empty", &msg, &[]),
        ];
        for (what, m, s) in bad {
            let theirs = public.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(m), s).is_ok();
            assert!(!theirs, "{label}: rsa accepts {what}");
            assert!(!ours_public.verify_sha256(m, s), "{label}: {what} accepted");
        }
        if let Some(s) = plus_n_k {
            assert!(!ours_public.verify_sha256(&msg, &s), "{label}: s + n of k bytes accepted");
        }
    }

    // OAEP both ways at every length class: empty, short, the longest, one too long.
    let max = k - 2 * 20 - 2;
    for len in [0, 1, 32, max - 1, max] {
        let msg: Vec<u8> = (0..len).map(|_| rng.r#gen()).collect();
        let c = ours_public.encrypt_oaep_sha1(&msg).unwrap();
        assert_eq!(c.len(), k, "{label}");
        assert_eq!(key.decrypt(Oaep::new::<Sha1>(), &c).unwrap(), msg, "{label}: rsa opens ours, {len} bytes");
        assert_eq!(&ours.decrypt_oaep_sha1(&c).unwrap()[..], &msg[..], "{label}: ours opens ours");
        let c2 = public.encrypt(rng, Oaep::new::<Sha1>(), &msg).unwrap();
        assert_eq!(&ours.decrypt_oaep_sha1(&c2).unwrap()[..], &msg[..], "{label}: ours opens rsa's, {len} bytes");
        assert_ne!(ours_public.encrypt_oaep_sha1(&msg).unwrap(), c, "{label}: OAEP is randomized");
    }
    assert_eq!(ours_public.encrypt_oaep_sha1(&vec![0; max + 1]).unwrap_err().code(), "INVALID_ARGUMENT", "{label}");
    assert!(public.encrypt(rng, Oaep::new::<Sha1>(), &vec![0; max + 1]).is_err());

    // Bad ciphertexts: planted padding defects, bit flips, c ≥ n, wrong lengths, random values.
    let msg = b"13900000000".to_vec();
    let seed_bytes: [u8; 20] = rng.r#gen();
    let encrypt_raw = |em: &[u8]| be(&BigUint::from_bytes_be(em).modpow(&e, &n), k);
    let good = encrypt_raw(&oaep_em(&msg, k, &seed_bytes, ""));
    assert_eq!(&ours.decrypt_oaep_sha1(&good).unwrap()[..], &msg[..], "{label}: the hand-made encoding is valid");
    assert_eq!(key.decrypt(Oaep::new::<Sha1>(), &good).unwrap(), msg, "{label}");
    let mut bad: Vec<(String, Vec<u8>)> = ["y", "lhash", "padding", "separator"]
        .iter()
        .map(|d| (d.to_string(), encrypt_raw(&oaep_em(&msg, k, &seed_bytes, d))))
        .collect();
    for _ in 0..4 {
        let mut c = good.clone();
        c[rng.gen_range(0..k)] ^= 1 << rng.gen_range(0..8);
        bad.push(("flipped bit".into(), c));
        bad.push(("random".into(), be(&rng.gen_biguint_below(&n), k)));
    }
    bad.push(("n".into(), be(&n, k)));
    bad.push(("all ones".into(), vec![0xff; k]));
    bad.push(("zero".into(), vec![0; k]));
    bad.push(("one byte short".into(), good[1..].to_vec()));
    let mut longer = vec![0u8];
    longer.extend_from_slice(&good);
    bad.push(("leading zero byte".into(), longer));
    bad.push(("empty".into(), Vec::new()));
    for (what, c) in bad {
        let theirs = key.decrypt(Oaep::new::<Sha1>(), &c);
        let ours_result = ours.decrypt_oaep_sha1(&c);
        match (&theirs, &ours_result) {
            (Err(_), Err(err)) => assert_eq!(err.code(), "DECRYPT_FAILED", "{label}: {what}"),
            (Ok(a), Ok(b)) => assert_eq!(&a[..], &b[..], "{label}: {what}"),
            _ => panic!("{label}: {what}: rsa {:?}, ours {:?}", theirs.is_ok(), ours_result.is_ok()),
        }
        if what != "flipped bit" && what != "random" {
            assert!(ours_result.is_err(), "{label}: {what} opened");
        }
    }
}

/// The engines themselves: `x^d mod n` for edge and random `x` opens back with `e` (computed
/// by `num-bigint-dig`), on the engine `PrivateKey` picks and on the runtime-length one, with
/// the key's own coefficient and without it, both prime orders.
fn check_engines(rng: &mut StdRng, key: &RsaPrivateKey, label: &str) {
    let (n, e, d) = (key.n(), key.e(), rsa::traits::PrivateKeyParts::d(key));
    let primes = rsa::traits::PrivateKeyParts::primes(key);
    let (p, q) = (&primes[0], &primes[1]);
    let k = key.size();
    let b = |x: &BigUint| x.to_bytes_be();
    let one = BigUint::from(1u32);
    let xs = [BigUint::from(0u32), one.clone(), n - &one, p.clone(), q + &one, rng.gen_biguint_below(n)];
    for (order, first, second) in [("p, q", p, q), ("q, p", q, p)] {
        let qinv = b(&num_bigint_dig::ModInverse::mod_inverse(second, first).unwrap().to_biguint().unwrap());
        let picked = Crt::new(&b(n), &b(e), &b(d), &b(first), &b(second)).unwrap();
        let balanced = n.bits() == 2048 && p.bits() == 1024 && q.bits() == 1024;
        assert_eq!(picked.is_fast(), balanced, "{label}");
        let any = Crt::new_any(&b(n), &b(e), &b(d), &b(first), &b(second), None).unwrap();
        let given = Crt::new_any(&b(n), &b(e), &b(d), &b(first), &b(second), Some(qinv.as_slice())).unwrap();
        let bogus = Crt::new_any(&b(n), &b(e), &b(d), &b(first), &b(second), Some(&[7][..])).unwrap();
        for x in &xs {
            let want = be(&x.modpow(d, n), k);
            let engines = [(&picked, "picked"), (&any, "any"), (&given, "qinv"), (&bogus, "bogus qinv")];
            // The key's own coefficient and a bogus one (ignored) only change the set-up: the
            // smallest values are enough for them.
            for (engine, which) in engines.into_iter().take(if x.bits() <= 1 { 4 } else { 2 }) {
                let got = engine.private_op(&b(x)).unwrap().unwrap();
                assert_eq!(got, want, "{label} {order} {which}: x = {x:x}");
            }
            assert_eq!(public_op(&b(n), &b(e), &be(x, k)).unwrap(), be(&x.modpow(e, n), k), "{label}: public op");
        }
        assert!(picked.private_op(&be(n, k)).is_none(), "{label}: x = n refused");
        assert!(public_op(&b(n), &b(e), &be(n, k)).is_none(), "{label}: x = n refused");
        assert!(public_op(&b(n), &b(e), &[1]).is_none(), "{label}: x must be k bytes");
    }
}

#[test]
fn every_size_matches_rsa() {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed);
    // (p bits, q bits, signatures): the fixed-size engine, then the runtime-length engine
    // (unbalanced 2048, across a blinding renewal; odd sizes; 3072; 4096).
    let shapes = [(1024, 1024, 6), (1000, 1048, 34), (1028, 1028, 3), (1536, 1536, 3), (2048, 2048, 3)];
    for (p_bits, q_bits, signatures) in shapes {
        let start = std::time::Instant::now();
        let key = key_with_primes(&mut rng, p_bits, q_bits);
        let label = format!("seed {seed}, {} bits ({p_bits} + {q_bits})", key.n().bits());
        let generated = start.elapsed();
        check_engines(&mut rng, &key, &label);
        let engines = start.elapsed();
        check_key(&mut rng, &key, &label, signatures);
        eprintln!("{label}: key {generated:?}, engines {engines:?}, all {:?}", start.elapsed());
    }
}

#[test]
fn vector_keys_match_rsa() {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed ^ 0x7ec7);
    for file in ["tests/vectors/v3/private_pkcs8.pem", "tests/vectors/alipay/alipay_private_pkcs8.pem"] {
        let text = std::fs::read_to_string(file).unwrap();
        let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
        let key = <RsaPrivateKey as rsa::pkcs8::DecodePrivateKey>::from_pkcs8_der(&STANDARD.decode(body).unwrap()).unwrap();
        check_engines(&mut rng, &key, file);
        check_key(&mut rng, &key, file, 34);
    }
}

#[test]
fn sizes_outside_2048_to_4096_are_refused() {
    let odd = |bits: usize| {
        let mut n = vec![0xffu8; bits.div_ceil(8)];
        n[0] = 0xff >> (8 * n.len() - bits);
        n
    };
    let spki = |n: &[u8]| {
        use der::Encode;
        let key = pkcs1::RsaPublicKey { modulus: pkcs1::UintRef::new(n).unwrap(), public_exponent: pkcs1::UintRef::new(&[1, 0, 1]).unwrap() };
        pem("RSA PUBLIC KEY", &key.to_der().unwrap())
    };
    for bits in [4097, 4104, 8192] {
        let err = PublicKey::from_pem(&spki(&odd(bits))).unwrap_err();
        assert_eq!(err.code(), "KEY_INVALID", "{bits}");
        let n = BigUint::from_bytes_be(&odd(bits));
        assert!(rsa::RsaPublicKey::new(n, BigUint::from(65537u32)).is_err(), "rsa refuses {bits} bits too");
    }
    for bits in [2048, 3000, 4096] {
        assert_eq!(PublicKey::from_pem(&spki(&odd(bits))).unwrap().bits(), bits);
    }
    assert_eq!(PublicKey::from_pem(&spki(&odd(2047))).unwrap_err().code(), "KEY_TOO_SMALL");
    // A private key above 4096 bits: refused before any arithmetic (it needs no valid numbers).
    use der::Encode;
    let n = odd(4104);
    fn u(x: &[u8]) -> pkcs1::UintRef<'_> {
        pkcs1::UintRef::new(x).unwrap()
    }
    let fake = pkcs1::RsaPrivateKey {
        modulus: u(&n),
        public_exponent: u(&[1, 0, 1]),
        private_exponent: u(&n[1..]),
        prime1: u(&n[..260]),
        prime2: u(&n[..253]),
        exponent1: u(&[3]),
        exponent2: u(&[3]),
        coefficient: u(&[3]),
        other_prime_infos: None,
    };
    let err = PrivateKey::from_pem(&pem("RSA PRIVATE KEY", &fake.to_der().unwrap())).unwrap_err();
    assert_eq!(err.code(), "KEY_INVALID");
    assert!(err.to_string().contains("4104 bits"), "{err}");
}

/// The runtime-length arithmetic against `num-bigint-dig`.
#[test]
fn nat_arithmetic_matches_num_bigint() {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed ^ 0xa7);
    let b = |x: &BigUint| x.to_bytes_be();
    let big = |x: &[u8]| BigUint::from_bytes_be(x);
    let one = BigUint::from(1u32);
    for _ in 0..300 {
        let (la, lm) = (rng.gen_range(1..=200usize), rng.gen_range(1..=140usize));
        let a = rng.gen_biguint(la * 8);
        let mut m = rng.gen_biguint(lm * 8);
        if m == BigUint::from(0u32) {
            m = one.clone();
        }
        assert_eq!(big(&nat_mul(&b(&a), &b(&m))), &a * &m, "seed {seed}: {a:x} · {m:x}");
        assert_eq!(big(&nat_rem(&b(&a), &b(&m)).unwrap()), &a % &m, "seed {seed}: {a:x} mod {m:x}");
        // Divisors whose top limb is 1 or all ones stress the quotient estimate's correction.
        for m2 in [(&one << (32 * lm)) - &one, (&one << (32 * lm)) + &one, &one << (32 * lm + 1)] {
            assert_eq!(big(&nat_rem(&b(&a), &b(&m2)).unwrap()), &a % &m2, "seed {seed}: {a:x} mod {m2:x}");
        }
    }
    assert!(nat_rem(&[5], &[0]).is_none());
    // Montgomery arithmetic modulo odd numbers of 1 to 130 limbs, with edge operands.
    for limbs in [1usize, 2, 3, 7, 32, 33, 48, 64, 65, 96, 97, 128, 130] {
        for round in 0..3 {
            let mut m = rng.gen_biguint(32 * limbs) | &one | (&one << (32 * limbs - 1));
            if round == 1 {
                m = (&one << (32 * limbs)) - &one; // all ones
            } else if round == 2 && limbs > 1 {
                m = (&one << (32 * limbs - 1)) + &one; // top bit and 1
            }
            let md = AnyModulus::new(&b(&m)).unwrap();
            assert_eq!(md.limbs(), limbs);
            let r = &one << (32 * limbs);
            let rinv = num_bigint_dig::ModInverse::mod_inverse(r.clone(), &m).unwrap().to_biguint().unwrap();
            let label = format!("seed {seed}, {limbs} limbs, m = {m:x}");
            let mut xs = vec![BigUint::from(0u32), one.clone(), &m - &one, &m >> 1];
            xs.extend((0..4).map(|_| rng.gen_biguint_below(&m)));
            for x in &xs {
                for y in &xs {
                    assert_eq!(big(&md.mul(&b(x), &b(y)).unwrap()), (x * y * &rinv) % &m, "{label}: {x:x} * {y:x}");
                    assert_eq!(big(&md.add(&b(x), &b(y)).unwrap()), (x + y) % &m, "{label}");
                    assert_eq!(big(&md.sub(&b(x), &b(y)).unwrap()), (x + &m - y) % &m, "{label}");
                }
                // a < R for the first operand: R − 1 too.
                assert_eq!(big(&md.mul(&b(&(&r - &one)), &b(x)).unwrap()), ((&r - &one) * x * &rinv) % &m, "{label}");
                let exp_bits = rng.gen_range(1..=64);
                let exp = rng.gen_biguint(exp_bits);
                assert_eq!(big(&md.pow_secret(&b(x), &b(&exp)).unwrap()), x.modpow(&exp, &m), "{label}: {x:x}^{exp:x}");
                assert_eq!(big(&md.pow_secret(&b(x), &[0, 0]).unwrap()), one.clone() % &m, "{label}: x^0");
                for e in [1u64, 3, 65537, (1 << 33) - 1] {
                    assert_eq!(big(&md.pow_public(&b(x), e).unwrap()), x.modpow(&BigUint::from(e), &m), "{label}: ^{e}");
                }
            }
            let long = rng.gen_biguint(32 * (3 * limbs + 5));
            assert_eq!(big(&md.reduce_to_mont(&b(&long))), (&long * &r) % &m, "{label}: reduce {long:x}");
        }
    }
    for refused in [&[][..], &[0], &[1], &[4], &[1, 0]] {
        assert!(AnyModulus::new(refused).is_none(), "{refused:?}");
    }
}
