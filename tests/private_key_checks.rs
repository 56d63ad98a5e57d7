//! `PrivateKey::from_pem` checks a key itself (src/keys/crt.rs `check_private`, on plain limbs)
//! and leaves the engine's set-up to the first private-key operation made in wasm. These tests
//! hold that cheap check to `rsa`'s own parser: the same keys accepted and refused, on every
//! private key of the vectors and on seeded byte flips and re-encoded wrong components of them,
//! and the same signatures.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use base64::{engine::general_purpose::STANDARD, Engine as _};
use der::{Decode, Encode};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};
use wechatpay_wasm::keys::PrivateKey;

const KEYS: [&str; 4] = [
    "tests/vectors/v3/private_pkcs8.pem",
    "tests/vectors/v3/private_pkcs1.pem",
    "tests/vectors/v3/rsa1024_pkcs8.pem",
    "tests/vectors/alipay/alipay_private_pkcs8.pem",
];

fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|c| core::str::from_utf8(c).unwrap()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

fn label_and_der(text: &str) -> (String, Vec<u8>) {
    let label = text.lines().next().unwrap().trim_start_matches("-----BEGIN ").trim_end_matches("-----").to_owned();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    (label, STANDARD.decode(body).unwrap())
}

/// What the previous parser (and `rsa` itself) made of the DER.
fn reference(label: &str, der: &[u8]) -> Option<RsaPrivateKey> {
    match label {
        "PRIVATE KEY" => RsaPrivateKey::from_pkcs8_der(der).ok(),
        _ => RsaPrivateKey::from_pkcs1_der(der).ok(),
    }
}

/// Ours accepts exactly what `rsa` accepts (among keys of 2048 to 4096 bits, the only ones we
/// take), and then signs byte for byte as `rsa` does.
fn agree(label: &str, der: &[u8]) -> bool {
    let ours = PrivateKey::from_pem(&pem(label, der));
    let bits = |k: &RsaPrivateKey| rsa::traits::PublicKeyParts::n(k).bits();
    let theirs = reference(label, der).filter(|k| (2048..=4096).contains(&bits(k)));
    match (&ours, &theirs) {
        (Ok(key), Some(k)) => {
            let digest = Sha256::digest(b"message");
            let want = k.sign(Pkcs1v15Sign::new::<Sha256>(), &digest).unwrap();
            assert_eq!(key.sign_sha256(b"message").unwrap(), want);
            assert_eq!(key.public_key(), PrivateKey::from_pem(&pem(label, der)).unwrap().public_key());
        }
        (Err(e), None) => assert!(matches!(e.code(), "KEY_INVALID" | "KEY_TOO_SMALL"), "{}", e.code()),
        _ => panic!("ours {:?} vs rsa {:?} on {label} {}", ours.as_ref().map(|_| ()), theirs.is_some(), STANDARD.encode(der)),
    }
    ours.is_ok()
}

#[test]
fn every_vector_key_is_read_as_rsa_reads_it() {
    for file in KEYS {
        let (label, der) = label_and_der(&std::fs::read_to_string(file).unwrap());
        let ok = agree(&label, &der);
        assert_eq!(ok, !file.contains("rsa1024"), "{file}");
    }
}

#[test]
fn byte_flips_are_refused_or_accepted_as_rsa_does() {
    let mut rng = common::Rng(0x1d10_cafe);
    let mut accepted = 0;
    for file in KEYS {
        let (label, der) = label_and_der(&std::fs::read_to_string(file).unwrap());
        for _ in 0..60 {
            let mut bad = der.clone();
            let i = rng.below(bad.len());
            bad[i] ^= 1 << rng.below(8);
            accepted += usize::from(agree(&label, &bad));
        }
    }
    // Flips in the ignored CRT fields (dP, dQ, qInv) keep a key usable: both sides accept.
    assert!(accepted > 0);
}

#[test]
fn algorithm_parameters_are_held_to_rsa_rules() {
    let (_, der) = label_and_der(&std::fs::read_to_string(KEYS[0]).unwrap());
    let info = pkcs8::PrivateKeyInfo::from_der(&der).unwrap();
    let oid = info.algorithm.oid;
    let absent = pkcs8::PrivateKeyInfo { algorithm: pkcs8::AlgorithmIdentifierRef { oid, parameters: None }, ..info.clone() };
    let int = der::asn1::AnyRef::new(der::Tag::Integer, &[1]).unwrap();
    let other = pkcs8::PrivateKeyInfo { algorithm: pkcs8::AlgorithmIdentifierRef { oid, parameters: Some(int) }, ..info.clone() };
    for (what, key) in [("absent", absent), ("INTEGER", other)] {
        let bad = key.to_der().unwrap();
        assert!(!agree("PRIVATE KEY", &bad), "{what}");
    }
}

#[test]
fn wrong_components_are_refused_as_rsa_refuses_them() {
    let (_, der) = label_and_der(&std::fs::read_to_string(KEYS[1]).unwrap());
    let good = pkcs1::RsaPrivateKey::from_der(&der).unwrap();
    let bump = |x: &[u8]| {
        let mut v = x.to_vec();
        *v.last_mut().unwrap() ^= 2; // stays odd where it was odd
        v
    };
    let (d, p, e) = (bump(good.private_exponent.as_bytes()), bump(good.prime1.as_bytes()), bump(good.public_exponent.as_bytes()));
    let three = [3u8];
    let cases: Vec<(&str, pkcs1::RsaPrivateKey<'_>)> = vec![
        ("d", pkcs1::RsaPrivateKey { private_exponent: pkcs1::UintRef::new(&d).unwrap(), ..good.clone() }),
        ("p", pkcs1::RsaPrivateKey { prime1: pkcs1::UintRef::new(&p).unwrap(), ..good.clone() }),
        ("e", pkcs1::RsaPrivateKey { public_exponent: pkcs1::UintRef::new(&e).unwrap(), ..good.clone() }),
        ("e=3", pkcs1::RsaPrivateKey { public_exponent: pkcs1::UintRef::new(&three).unwrap(), ..good.clone() }),
        ("p=q", pkcs1::RsaPrivateKey { prime1: good.prime2, ..good.clone() }),
    ];
    for (what, key) in cases {
        let bad = key.to_der().unwrap();
        assert!(!agree("RSA PRIVATE KEY", &bad), "{what}");
        assert_eq!(PrivateKey::from_pem(&pem("RSA PRIVATE KEY", &bad)).unwrap_err().code(), "KEY_INVALID", "{what}");
    }
}
