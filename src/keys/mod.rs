//! RSA keys, parsed once into handles: the merchant's private key ([`PrivateKey`]), WeChat Pay's
//! platform certificates or public keys ([`PublicKey`]), and a set of them by serial/id
//! ([`Verifier`]).
//!
//! Only RSA of at least 2048 bits is accepted: anything else is `KEY_INVALID` or
//! `KEY_TOO_SMALL`. Errors and `Debug` output never contain key material.
//!
//! Private-key operations are blinded with randomness from the platform CSPRNG, the mitigation
//! for the Marvin timing attack (RUSTSEC-2023-0071) in `rsa` 0.9. RSA-2048 SHA256withRSA, the
//! hot path of every v3 request, runs on fixed-size 32-bit-limb Montgomery arithmetic
//! (`mont.rs`, `crt.rs`: constant-time exponentiation, base blinding, result self-check),
//! about 2× faster than `rsa` 0.9 for signing and 7× for verification in wasm; other key
//! sizes and RSA-OAEP use `rsa` (`sign_with_rng`, `decrypt_blinded`).

mod cert;
mod crt;
mod mont;
pub(crate) mod pem;
mod verifier;

/// The RSA-2048 engine's internals on bytes, for `tests/rsa_engine.rs` only: not API.
#[doc(hidden)]
pub mod engine {
    pub use super::crt::testing::Crt;
    pub use super::mont::testing::{mul_wide, Engine};
}

pub use verifier::Verifier;
pub(crate) use verifier::normalize as normalize_id;

use crate::{Error, Result};
use rand_core::OsRng;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{Oaep, Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

/// The smallest RSA modulus accepted, in bits.
pub const MIN_BITS: usize = 2048;

/// A merchant RSA private key (`apiclient_key.pem`). Parse it once and reuse it: parsing
/// validates the key and precomputes its CRT values, which costs far more than one signature.
///
/// Key material is zeroized when the handle is dropped, and `Debug` prints only the size.
#[derive(Clone)]
pub struct PrivateKey {
    key: RsaPrivateKey,
    /// RSA-2048 signing on 32-bit limbs (see `crt.rs`); `None` for other sizes.
    fast: Option<Box<crt::FastPrivate>>,
}

// `RsaPrivateKey` zeroizes its components on drop, and so does `FastPrivate`.
impl zeroize::ZeroizeOnDrop for PrivateKey {}
const _: fn() = || {
    fn assert_zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    assert_zeroize_on_drop::<RsaPrivateKey>();
};

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PrivateKey").field("bits", &self.bits()).finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// Parses a PEM private key: PKCS#8 (`BEGIN PRIVATE KEY`, what WeChat Pay's tool writes)
    /// or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    ///
    /// ```
    /// use wechatpay_wasm::keys::PrivateKey;
    /// let err = PrivateKey::from_pem("-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----")
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "KEY_INVALID");
    /// ```
    pub fn from_pem(pem_text: &str) -> Result<Self> {
        let block = pem::decode(pem_text)?;
        let key = match block.label.as_str() {
            "PRIVATE KEY" => {
                check_pkcs8_algorithm(&block.der)?;
                RsaPrivateKey::from_pkcs8_der(&block.der)
                    .map_err(|_| Error::KeyInvalid("malformed PKCS#8 RSA private key".into()))?
            }
            "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_der(&block.der)
                .map_err(|_| Error::KeyInvalid("malformed PKCS#1 RSA private key".into()))?,
            other => return Err(wrong_label(other, "a private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)")),
        };
        check_bits(key.n().bits())?;
        let fast = crt::FastPrivate::new(key.n(), key.e(), key.d(), key.primes()).map(Box::new);
        Ok(PrivateKey { key, fast })
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.n().bits()
    }

    /// The matching public key (no serial number or validity).
    pub fn public_key(&self) -> PublicKey {
        PublicKey::plain(self.key.to_public_key())
    }

    /// SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256) of `message`, blinded.
    pub fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>> {
        let digest: [u8; 32] = Sha256::digest(message).into();
        if let Some(fast) = &self.fast {
            return fast.sign_sha256(&digest);
        }
        self.key
            .sign_with_rng(&mut OsRng, Pkcs1v15Sign::new::<Sha256>(), &digest)
            .map_err(|e| Error::InvalidArgument(format!("RSA signing failed: {e}")))
    }

    /// The key as PKCS#8 DER (`PrivateKeyInfo`), whatever PEM form it was parsed from: what
    /// WebCrypto's `importKey("pkcs8", …)` takes. Zeroized on drop; never log it.
    pub fn pkcs8_der(&self) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        use rsa::pkcs8::EncodePrivateKey;
        self.key
            .to_pkcs8_der()
            .map(|doc| zeroize::Zeroizing::new(doc.as_bytes().to_vec()))
            .map_err(|_| Error::KeyInvalid("the private key cannot be encoded as PKCS#8".into()))
    }

    /// **Legacy** SHA1withRSA (RSASSA-PKCS1-v1_5 over SHA-1) of `message`, blinded, through
    /// `rsa` (no fast path). Only for Alipay's old `sign_type=RSA`; use [`Self::sign_sha256`].
    pub fn sign_sha1(&self, message: &[u8]) -> Result<Vec<u8>> {
        let digest: [u8; 20] = sha1::Sha1::digest(message).into();
        self.key
            .sign_with_rng(&mut OsRng, pkcs1v15_sha1(), &digest)
            .map_err(|e| Error::InvalidArgument(format!("RSA signing failed: {e}")))
    }

    /// RSAES-OAEP with SHA-1 and MGF1-SHA-1 decryption (WeChat Pay's sensitive fields), blinded.
    pub fn decrypt_oaep_sha1(&self, ciphertext: &[u8]) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        self.key
            .decrypt_blinded(&mut OsRng, Oaep::new::<sha1::Sha1>(), ciphertext)
            .map(zeroize::Zeroizing::new)
            .map_err(|_| oaep_failed())
    }
}

/// An RSA public key: WeChat Pay's public key (`PUB_KEY_ID_…` mode), or a platform certificate,
/// which also carries its serial number and validity.
#[derive(Clone)]
pub struct PublicKey {
    key: RsaPublicKey,
    cert: Option<cert::CertInfo>,
    /// RSA-2048 verification on 32-bit limbs; `None` for other sizes.
    fast: Option<crt::FastPublic>,
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        // `fast` is derived from `key`.
        self.key == other.key && self.cert == other.cert
    }
}
impl Eq for PublicKey {}

impl core::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PublicKey")
            .field("bits", &self.bits())
            .field("serial_no", &self.serial_no())
            .field("not_before", &self.not_before())
            .field("not_after", &self.not_after())
            .finish()
    }
}

impl PublicKey {
    fn plain(key: RsaPublicKey) -> Self {
        Self::with_cert(key, None)
    }

    fn with_cert(key: RsaPublicKey, cert: Option<cert::CertInfo>) -> Self {
        let fast = crt::FastPublic::new(key.n(), key.e());
        PublicKey { key, cert, fast }
    }

    /// Parses a PEM public key: SPKI (`BEGIN PUBLIC KEY`, WeChat Pay's public key mode), PKCS#1
    /// (`BEGIN RSA PUBLIC KEY`) or an X.509 certificate (`BEGIN CERTIFICATE`, a platform
    /// certificate), whose serial number and validity are then available.
    pub fn from_pem(pem_text: &str) -> Result<Self> {
        let block = pem::decode(pem_text)?;
        let public = match block.label.as_str() {
            "PUBLIC KEY" => {
                check_spki_algorithm(&block.der)?;
                Self::plain(
                    RsaPublicKey::from_public_key_der(&block.der)
                        .map_err(|_| Error::KeyInvalid("malformed SPKI RSA public key".into()))?,
                )
            }
            "RSA PUBLIC KEY" => Self::plain(
                RsaPublicKey::from_pkcs1_der(&block.der)
                    .map_err(|_| Error::KeyInvalid("malformed PKCS#1 RSA public key".into()))?,
            ),
            "CERTIFICATE" => {
                let (spki, info) = cert::parse(&block.der)?;
                check_spki_algorithm(&spki)?;
                let key = RsaPublicKey::from_public_key_der(&spki)
                    .map_err(|_| Error::KeyInvalid("certificate holds a malformed RSA public key".into()))?;
                Self::with_cert(key, Some(info))
            }
            other => {
                return Err(wrong_label(other, "a public key or certificate (BEGIN PUBLIC KEY or BEGIN CERTIFICATE)"))
            }
        };
        check_bits(public.bits())?;
        Ok(public)
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.n().bits()
    }

    /// A certificate's serial number, uppercase hex without leading zero bytes, as WeChat Pay
    /// writes it in `Wechatpay-Serial` (e.g. `5157F09EFDC096DE15EBE81A47057A7232F1B8E1`).
    /// `None` for a bare public key.
    pub fn serial_no(&self) -> Option<&str> {
        self.cert.as_ref().map(|c| c.serial_no.as_str())
    }

    /// Whether both hold the same RSA key (modulus and exponent), whatever their certificates.
    pub fn same_key(&self, other: &PublicKey) -> bool {
        self.key == other.key
    }

    /// A certificate's `notBefore`, in Unix seconds.
    pub fn not_before(&self) -> Option<u64> {
        self.cert.as_ref().map(|c| c.not_before)
    }

    /// A certificate's `notAfter`, in Unix seconds.
    pub fn not_after(&self) -> Option<u64> {
        self.cert.as_ref().map(|c| c.not_after)
    }

    /// The public key as SPKI DER (`SubjectPublicKeyInfo`), whatever PEM form it was parsed
    /// from: what WebCrypto's `importKey("spki", …)` takes.
    pub fn spki_der(&self) -> Result<Vec<u8>> {
        use rsa::pkcs8::EncodePublicKey;
        self.key
            .to_public_key_der()
            .map(|doc| doc.as_bytes().to_vec())
            .map_err(|_| Error::KeyInvalid("the public key cannot be encoded as SPKI".into()))
    }

    /// Whether `signature` is a valid SHA256withRSA (PKCS#1 v1.5) signature of `message`.
    pub fn verify_sha256(&self, message: &[u8], signature: &[u8]) -> bool {
        let digest: [u8; 32] = Sha256::digest(message).into();
        if let Some(fast) = &self.fast {
            return fast.verify_sha256(&digest, signature);
        }
        self.key.verify(Pkcs1v15Sign::new::<Sha256>(), &digest, signature).is_ok()
    }

    /// Checks that `len` plaintext bytes fit one RSAES-OAEP (SHA-1) block of this key:
    /// k − 2·hLen − 2 bytes, 214 for RSA-2048 (`INVALID_ARGUMENT` otherwise).
    pub fn check_oaep_sha1_len(&self, len: usize) -> Result<()> {
        let max = self.key.size().saturating_sub(2 * 20 + 2);
        if len > max {
            return Err(Error::InvalidArgument(format!(
                "plaintext of {len} bytes is too long for RSA-OAEP with this key (at most {max})"
            )));
        }
        Ok(())
    }

    /// **Legacy**: whether `signature` is a valid SHA1withRSA (PKCS#1 v1.5) signature of
    /// `message` (Alipay's old `sign_type=RSA`).
    pub fn verify_sha1(&self, message: &[u8], signature: &[u8]) -> bool {
        let digest: [u8; 20] = sha1::Sha1::digest(message).into();
        self.key.verify(pkcs1v15_sha1(), &digest, signature).is_ok()
    }

    /// RSAES-OAEP with SHA-1 and MGF1-SHA-1 encryption (WeChat Pay's sensitive fields).
    pub fn encrypt_oaep_sha1(&self, plaintext: &[u8]) -> Result<Vec<u8>> {
        self.check_oaep_sha1_len(plaintext.len())?;
        self.key
            .encrypt(&mut OsRng, Oaep::new::<sha1::Sha1>(), plaintext)
            .map_err(|e| Error::InvalidArgument(format!("RSA-OAEP encryption failed: {e}")))
    }
}

/// The error of a failed RSA-OAEP decryption, whichever implementation ran it (here, or
/// WebCrypto in the JS wrapper): it says nothing about why, by design.
pub fn oaep_failed() -> Error {
    Error::DecryptFailed("RSA-OAEP: wrong private key or corrupted ciphertext".into())
}

/// PKCS#1 v1.5 signature padding for SHA-1. Built from its `DigestInfo` prefix (RFC 8017
/// §9.2, note 1) rather than `Pkcs1v15Sign::new::<Sha1>()`, which needs `sha1`'s `oid` feature.
fn pkcs1v15_sha1() -> Pkcs1v15Sign {
    const SHA1_PREFIX: [u8; 15] = [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14];
    Pkcs1v15Sign { hash_len: Some(20), prefix: Box::new(SHA1_PREFIX) }
}

fn check_bits(bits: usize) -> Result<()> {
    if bits < MIN_BITS {
        Err(Error::KeyTooSmall { bits })
    } else {
        Ok(())
    }
}

const RSA_OID: &str = "1.2.840.113549.1.1.1";

/// Names the algorithm of a non-RSA key so the error says what was found.
fn algorithm_name(oid: &str) -> &str {
    match oid {
        "1.2.840.10045.2.1" => "EC",
        "1.3.101.112" => "Ed25519",
        "1.3.101.110" => "X25519",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.156.10197.1.301" => "SM2",
        other => other,
    }
}

fn not_rsa(oid: &str) -> Error {
    Error::KeyInvalid(format!("expected an RSA key, found {} (WeChat Pay API v3 uses RSA)", algorithm_name(oid)))
}

fn check_pkcs8_algorithm(der: &[u8]) -> Result<()> {
    let info = pkcs8::PrivateKeyInfo::try_from(der)
        .map_err(|_| Error::KeyInvalid("malformed PKCS#8 private key".into()))?;
    let oid = info.algorithm.oid.to_string();
    if oid == RSA_OID {
        Ok(())
    } else {
        Err(not_rsa(&oid))
    }
}

fn check_spki_algorithm(der: &[u8]) -> Result<()> {
    let info = spki::SubjectPublicKeyInfoRef::try_from(der)
        .map_err(|_| Error::KeyInvalid("malformed SPKI public key".into()))?;
    let oid = info.algorithm.oid.to_string();
    if oid == RSA_OID {
        Ok(())
    } else {
        Err(not_rsa(&oid))
    }
}

fn wrong_label(label: &str, expected: &str) -> Error {
    let hint = match label {
        "EC PRIVATE KEY" => ": this is an EC key, WeChat Pay API v3 uses RSA",
        "ENCRYPTED PRIVATE KEY" => ": it is password-protected, decrypt it first (openssl pkey -in key.pem -out plain.pem)",
        "CERTIFICATE" | "PUBLIC KEY" | "RSA PUBLIC KEY" => ": this is public, not the private key",
        "PRIVATE KEY" | "RSA PRIVATE KEY" => ": this is a private key, never hand it to the verifying side",
        _ => "",
    };
    Error::KeyInvalid(format!("PEM \"{label}\" is not {expected}{hint}"))
}
