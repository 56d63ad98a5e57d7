//! RSA keys, parsed once into handles: the merchant's private key ([`PrivateKey`]), WeChat Pay's
//! platform certificates or public keys ([`PublicKey`]), and a set of them by serial/id
//! ([`Verifier`]). With the Cargo feature `p12` (on by default), [`P12`] opens the merchant's
//! `apiclient_cert.p12` into its certificate and private key.
//!
//! Only RSA of 2048 to 4096 bits is accepted: anything else is `KEY_INVALID` or
//! `KEY_TOO_SMALL`. Errors and `Debug` output never contain key material.
//!
//! Every RSA operation runs on our own arithmetic, without a bignum crate: RSA-2048 with two
//! 1024-bit primes (what WeChat Pay and Alipay use) on fixed-size 32-bit-limb Montgomery
//! arithmetic (`mont.rs`), every other size on runtime-length limbs (`nat.rs`); `crt.rs` holds
//! the RSA primitives, `padding.rs` PKCS#1 v1.5 and OAEP. Private-key operations are blinded
//! with randomness from the platform CSPRNG (the mitigation for the Marvin timing attack,
//! RUSTSEC-2023-0071), run a constant-time exponentiation, and check their result with the
//! public key before returning it. Signatures are byte for byte those of `rsa` 0.9
//! (`tests/rsa_sizes.rs`, `tests/private_key_checks.rs`).
//!
//! ```
//! use wechatpay_wasm::keys::{PrivateKey, PublicKey, Verifier};
//! # let (private_pem, platform_pem) = (include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")), include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")));
//! let merchant = PrivateKey::from_pem(private_pem)?;          // apiclient_key.pem
//! let mut platform = Verifier::new();
//! platform.add_certificate(PublicKey::from_pem(platform_pem)?)?; // a platform certificate
//! assert_eq!(merchant.bits(), 2048);
//! assert_eq!(platform.len(), 1);
//! # Ok::<(), wechatpay_wasm::Error>(())
//! ```

mod cert;
mod crt;
#[doc(hidden)]
pub mod der;
mod mont;
mod nat;
#[cfg(feature = "p12")]
mod p12;
mod padding;
pub(crate) mod pem;
mod verifier;

/// The RSA engines' internals on bytes, for `tests/rsa_engine.rs` and `tests/rsa_sizes.rs`
/// only: not API.
#[doc(hidden)]
pub mod engine {
    pub use super::crt::testing::{public_op, Crt};
    pub use super::mont::testing::{mul_wide, Engine};
    pub use super::nat::testing::{mul as nat_mul, rem as nat_rem, AnyModulus};
}

#[cfg(feature = "p12")]
pub use p12::{P12, MAX_P12_BYTES, MAX_P12_ITERATIONS};
pub use verifier::Verifier;
pub(crate) use verifier::normalize as normalize_id;

use crate::{Error, Result};
use sha2::{Digest, Sha256};

/// The smallest RSA modulus accepted, in bits.
///
/// ```
/// let small = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/rsa1024_pkcs8.pem"));
/// let err = wechatpay_wasm::keys::PrivateKey::from_pem(small).unwrap_err();
/// assert_eq!(err, wechatpay_wasm::Error::KeyTooSmall { bits: 1024 });
/// # assert!(1024 < wechatpay_wasm::keys::MIN_BITS);
/// ```
pub const MIN_BITS: usize = 2048;

/// The largest RSA modulus accepted, in bits (as `rsa` 0.9 for public keys; larger keys are
/// `KEY_INVALID`).
///
/// ```
/// assert_eq!(wechatpay_wasm::keys::MAX_BITS, 4096);
/// ```
pub const MAX_BITS: usize = 4096;

/// A merchant RSA private key (`apiclient_key.pem`). Parse it once and reuse it.
///
/// Parsing checks the key as `rsa` 0.9 does (`n = p·q`, `d·e ≡ 1 mod p−1` and `mod q−1`, the
/// exponent's range) but leaves the precomputation (CRT values, the engine's Montgomery
/// constants: inverses and reductions) to the first private-key operation made in wasm.
/// Where WebCrypto signs it is never needed, and on a Worker's first request it was most of
/// the CPU, run in not yet optimized code (README "Speed").
///
/// Key material is zeroized when the handle is dropped, and `Debug` prints only the size.
///
/// ```
/// use wechatpay_wasm::keys::PrivateKey;
/// let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem"));
/// let key = PrivateKey::from_pem(pem)?; // e.g. std::fs::read_to_string("apiclient_key.pem")?
/// assert_eq!(format!("{key:?}"), "PrivateKey { bits: 2048, .. }"); // no key material
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Clone)]
pub struct PrivateKey {
    /// The key as PKCS#8 DER: the PEM's own bytes, or its PKCS#1 bytes wrapped.
    pkcs8: zeroize::Zeroizing<Vec<u8>>,
    /// The public half, for `bits` and `public_key`.
    public: Numbers,
    /// Set up on first use by a wasm private-key operation (the error repeats if it failed).
    engine: std::sync::OnceLock<core::result::Result<crt::PrivateEngine, Error>>,
}

/// An RSA public key's numbers, big-endian without leading zeros (checked as `rsa` 0.9's
/// `check_public` does before one is made).
#[derive(Clone, PartialEq, Eq)]
struct Numbers {
    n: Vec<u8>,
    e: Vec<u8>,
}

impl Numbers {
    /// The numbers if they make a public key `rsa` 0.9 accepts (see [`crt::check_public`]).
    fn checked(n: &[u8], e: &[u8]) -> Option<Self> {
        crt::check_public(n, e).then(|| Numbers { n: strip(n).to_vec(), e: strip(e).to_vec() })
    }

    fn bits(&self) -> usize {
        self.n.first().map_or(0, |&top| 8 * self.n.len() - top.leading_zeros() as usize)
    }
}

/// `x` without leading zero bytes.
fn strip(x: &[u8]) -> &[u8] {
    x.get(x.iter().position(|&b| b != 0).unwrap_or(x.len())..).unwrap_or_default()
}

// The DER is zeroized on drop, and so is the engine (`crt.rs`).
impl zeroize::ZeroizeOnDrop for PrivateKey {}

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
        let (pkcs8, form) = match block.label.as_str() {
            "PRIVATE KEY" => {
                check_pkcs8_algorithm(&block.der)?;
                (zeroize::Zeroizing::new(block.der.to_vec()), "PKCS#8")
            }
            "RSA PRIVATE KEY" => (der::pkcs8_from_pkcs1(&block.der), "PKCS#1"),
            other => return Err(wrong_label(other, "a private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)")),
        };
        Self::checked(pkcs8, form)
    }

    /// The key after the import checks (see [`checked_public`]), `form` naming it in errors.
    fn checked(pkcs8: zeroize::Zeroizing<Vec<u8>>, form: &str) -> Result<Self> {
        let public = checked_public(&pkcs8)?.ok_or_else(|| Error::KeyInvalid(format!("malformed {form} RSA private key")))?;
        check_bits(public.bits())?;
        Ok(PrivateKey { pkcs8, public, engine: std::sync::OnceLock::new() })
    }

    fn engine(&self) -> Result<&crt::PrivateEngine> {
        let engine = self.engine.get_or_init(|| {
            with_private_parts(&self.pkcs8, crt::PrivateEngine::new)
                .ok_or_else(|| Error::KeyInvalid("malformed PKCS#8 RSA private key".into()))
        });
        engine.as_ref().map_err(Clone::clone)
    }

    /// EMSA-PKCS1-v1_5 of `digest` (with its `DigestInfo` prefix) through the private operation.
    fn sign_digest(&self, prefix: &[u8], digest: &[u8]) -> Result<Vec<u8>> {
        let engine = self.engine()?;
        let failed = || Error::InvalidArgument("RSA signing failed".into());
        let em = padding::emsa_pkcs1v15(prefix, digest, engine.size()).ok_or_else(failed)?;
        engine.private_op(&em).ok_or_else(failed)?.map(|s| s.to_vec())
    }

    /// Parses PKCS#8 DER (`PrivateKeyInfo`), as a .p12 key bag holds it.
    #[cfg_attr(not(feature = "p12"), allow(dead_code))]
    pub(crate) fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        check_pkcs8_algorithm(der)?;
        Self::checked(zeroize::Zeroizing::new(der.to_vec()), "PKCS#8")
    }

    /// The modulus size in bits.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// assert_eq!(key.bits(), 2048);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn bits(&self) -> usize {
        self.public.bits()
    }

    /// The matching public key (no serial number or validity).
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// assert!(key.public_key().same_key(&cert));
    /// assert_eq!(key.public_key().serial_no(), None);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn public_key(&self) -> PublicKey {
        PublicKey::with_cert(self.public.clone(), None)
    }

    /// SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256) of `message`, blinded.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// let signature = key.sign_sha256(b"GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n")?;
    /// assert_eq!(signature.len(), 256);
    /// assert!(key.public_key().verify_sha256(b"GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n", &signature));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>> {
        self.sign_digest(&padding::SHA256_PREFIX, &Sha256::digest(message))
    }

    /// The key as PKCS#8 DER (`PrivateKeyInfo`), whatever PEM form it was parsed from: what
    /// WebCrypto's `importKey("pkcs8", …)` takes. Zeroized on drop; never log it.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// let der = key.pkcs8_der()?;
    /// assert_eq!(der[0], 0x30); // a DER SEQUENCE
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn pkcs8_der(&self) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        Ok(self.pkcs8.clone())
    }

    /// **Legacy** SHA1withRSA (RSASSA-PKCS1-v1_5 over SHA-1) of `message`, blinded. Only for Alipay's old `sign_type=RSA`; use [`Self::sign_sha256`].
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// let signature = key.sign_sha1(b"app_id=2014072300007148&method=alipay.trade.query")?;
    /// assert!(key.public_key().verify_sha1(b"app_id=2014072300007148&method=alipay.trade.query", &signature));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn sign_sha1(&self, message: &[u8]) -> Result<Vec<u8>> {
        self.sign_digest(&padding::SHA1_PREFIX, &sha1::Sha1::digest(message))
    }

    /// RSAES-OAEP with SHA-1 and MGF1-SHA-1 decryption (WeChat Pay's sensitive fields), blinded.
    /// Every kind of bad ciphertext (wrong length, not below the modulus, bad padding, which is
    /// checked in constant time) is the same `DECRYPT_FAILED`.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// let ciphertext = key.public_key().encrypt_oaep_sha1("张三".as_bytes())?;
    /// assert_eq!(&key.decrypt_oaep_sha1(&ciphertext)?[..], "张三".as_bytes());
    /// assert_eq!(key.decrypt_oaep_sha1(&[0; 256]).unwrap_err().code(), "DECRYPT_FAILED");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn decrypt_oaep_sha1(&self, ciphertext: &[u8]) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        let engine = self.engine()?;
        match engine.private_op(ciphertext) {
            Some(Ok(em)) => padding::oaep_decode(&em).ok_or_else(oaep_failed),
            _ => Err(oaep_failed()),
        }
    }
}

/// An RSA public key: WeChat Pay's public key (`PUB_KEY_ID_…` mode), or a platform certificate,
/// which also carries its serial number and validity.
///
/// ```
/// use wechatpay_wasm::keys::PublicKey;
/// let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem"));
/// let cert = PublicKey::from_pem(pem)?;
/// assert_eq!(cert.serial_no(), Some("5157F09EFDC096DE15EBE81A47057A7232F1B8E1"));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Clone)]
pub struct PublicKey {
    key: Numbers,
    cert: Option<cert::CertInfo>,
    /// `xᵉ mod n` (see `crt.rs`); always there for checked numbers (`None` would only make
    /// every verification false and every encryption an error).
    engine: Option<crt::PublicEngine>,
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        // `engine` is derived from `key`.
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
    /// A public key from checked numbers (`n` odd and above `e` ≥ 3: the engine exists).
    fn with_cert(key: Numbers, cert: Option<cert::CertInfo>) -> Self {
        let engine = crt::PublicEngine::new(&key.n, &key.e);
        PublicKey { key, cert, engine }
    }

    /// A public key from the numbers of an `RSAPublicKey`, refused (with `what` in the error)
    /// where `rsa` 0.9 refuses it, or above [`MAX_BITS`].
    fn from_numbers(numbers: Option<(&[u8], &[u8])>, cert: Option<cert::CertInfo>, what: &str) -> Result<Self> {
        let key = numbers.and_then(|(n, e)| Numbers::checked(n, e)).ok_or_else(|| Error::KeyInvalid(what.into()))?;
        if key.bits() > MAX_BITS {
            return Err(too_large(key.bits()));
        }
        Ok(Self::with_cert(key, cert))
    }

    /// Parses a PEM public key: SPKI (`BEGIN PUBLIC KEY`, WeChat Pay's public key mode), PKCS#1
    /// (`BEGIN RSA PUBLIC KEY`) or an X.509 certificate (`BEGIN CERTIFICATE`, a platform
    /// certificate), whose serial number and validity are then available.
    ///
    /// ```
    /// use wechatpay_wasm::keys::PublicKey;
    /// let spki = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/public_spki.pem"));
    /// let cert = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem"));
    /// assert!(PublicKey::from_pem(spki)?.same_key(&PublicKey::from_pem(cert)?));
    /// assert_eq!(PublicKey::from_pem("not a key").unwrap_err().code(), "KEY_INVALID");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn from_pem(pem_text: &str) -> Result<Self> {
        let block = pem::decode(pem_text)?;
        let public = match block.label.as_str() {
            "PUBLIC KEY" => {
                check_spki_algorithm(&block.der)?;
                let numbers = spki_rsa_public_key(&block.der).and_then(rsa_public_numbers);
                Self::from_numbers(numbers, None, "malformed SPKI RSA public key")?
            }
            "RSA PUBLIC KEY" => {
                Self::from_numbers(rsa_public_numbers(&block.der), None, "malformed PKCS#1 RSA public key")?
            }
            "CERTIFICATE" => Self::from_certificate_der(&block.der)?,
            other => {
                return Err(wrong_label(other, "a public key or certificate (BEGIN PUBLIC KEY or BEGIN CERTIFICATE)"))
            }
        };
        check_bits(public.bits())?;
        Ok(public)
    }

    /// Parses a DER X.509 certificate holding an RSA key (size not checked here).
    pub(crate) fn from_certificate_der(der: &[u8]) -> Result<Self> {
        let (spki, info) = cert::parse(der)?;
        check_spki_algorithm(spki)?;
        let numbers = spki_rsa_public_key(spki).and_then(rsa_public_numbers);
        Self::from_numbers(numbers, Some(info), "certificate holds a malformed RSA public key")
    }

    /// The modulus size in bits.
    ///
    /// ```
    /// # let spki = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/public_spki.pem")))?;
    /// assert_eq!(spki.bits(), 2048);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn bits(&self) -> usize {
        self.key.bits()
    }

    /// A certificate's serial number, uppercase hex without leading zero bytes, as WeChat Pay
    /// writes it in `Wechatpay-Serial` (e.g. `5157F09EFDC096DE15EBE81A47057A7232F1B8E1`).
    /// `None` for a bare public key.
    ///
    /// ```
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// # let spki = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/public_spki.pem")))?;
    /// assert_eq!(cert.serial_no(), Some("5157F09EFDC096DE15EBE81A47057A7232F1B8E1"));
    /// assert_eq!(spki.serial_no(), None);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn serial_no(&self) -> Option<&str> {
        self.cert.as_ref().map(|c| c.serial_no.as_str())
    }

    /// Whether both hold the same RSA key (modulus and exponent), whatever their certificates.
    ///
    /// ```
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// # let spki = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/public_spki.pem")))?;
    /// assert!(cert.same_key(&spki) && cert != spki);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn same_key(&self, other: &PublicKey) -> bool {
        self.key == other.key
    }

    /// A certificate's `notBefore`, in Unix seconds.
    ///
    /// ```
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// assert!(cert.not_before() < cert.not_after());
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn not_before(&self) -> Option<u64> {
        self.cert.as_ref().map(|c| c.not_before)
    }

    /// A certificate's `notAfter`, in Unix seconds.
    ///
    /// ```
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// let expires = cert.not_after().unwrap_or(0);
    /// assert!(expires > 1_700_000_000);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn not_after(&self) -> Option<u64> {
        self.cert.as_ref().map(|c| c.not_after)
    }

    /// The public key as SPKI DER (`SubjectPublicKeyInfo`), whatever PEM form it was parsed
    /// from: what WebCrypto's `importKey("spki", …)` takes.
    ///
    /// ```
    /// # let spki = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/public_spki.pem")))?;
    /// assert_eq!(spki.spki_der()?.len(), 294); // RSA-2048 SubjectPublicKeyInfo
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn spki_der(&self) -> Result<Vec<u8>> {
        Ok(der::spki_from_rsa(&self.key.n, &self.key.e))
    }

    /// Whether `signature` is a valid SHA256withRSA (PKCS#1 v1.5) signature of `message`.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// let signature = key.sign_sha256(b"1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{}\n")?;
    /// assert!(cert.verify_sha256(b"1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{}\n", &signature));
    /// assert!(!cert.verify_sha256(b"1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{ }\n", &signature));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn verify_sha256(&self, message: &[u8], signature: &[u8]) -> bool {
        self.verify_digest(&padding::SHA256_PREFIX, &Sha256::digest(message), signature)
    }

    /// RSASSA-PKCS1-v1_5 verification (public data: variable time is fine): `signature` must be
    /// `k` bytes and below `n`, and open to the expected encoding, as in `rsa` 0.9.
    fn verify_digest(&self, prefix: &[u8], digest: &[u8], signature: &[u8]) -> bool {
        let Some(engine) = &self.engine else { return false };
        let Some(em) = padding::emsa_pkcs1v15(prefix, digest, engine.size()) else { return false };
        engine.public_op(signature).is_some_and(|opened| opened == em)
    }

    /// Checks that `len` plaintext bytes fit one RSAES-OAEP (SHA-1) block of this key:
    /// k − 2·hLen − 2 bytes, 214 for RSA-2048 (`INVALID_ARGUMENT` otherwise). For the wasm
    /// layer, which encrypts with WebCrypto; [`Self::encrypt_oaep_sha1`] checks it itself.
    #[doc(hidden)]
    pub fn check_oaep_sha1_len(&self, len: usize) -> Result<()> {
        let max = padding::oaep_max(self.key.n.len());
        if len > max {
            return Err(Error::InvalidArgument(format!(
                "plaintext of {len} bytes is too long for RSA-OAEP with this key (at most {max})"
            )));
        }
        Ok(())
    }

    /// **Legacy**: whether `signature` is a valid SHA1withRSA (PKCS#1 v1.5) signature of
    /// `message` (Alipay's old `sign_type=RSA`).
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// let signature = key.sign_sha1(b"a=1")?;
    /// assert!(!key.public_key().verify_sha1(b"a=2", &signature));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn verify_sha1(&self, message: &[u8], signature: &[u8]) -> bool {
        self.verify_digest(&padding::SHA1_PREFIX, &sha1::Sha1::digest(message), signature)
    }

    /// RSAES-OAEP with SHA-1 and MGF1-SHA-1 encryption (WeChat Pay's sensitive fields).
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// let ciphertext = cert.encrypt_oaep_sha1("13900000000".as_bytes())?;
    /// assert_eq!(ciphertext.len(), 256);
    /// assert_eq!(cert.encrypt_oaep_sha1(&[0; 215]).unwrap_err().code(), "INVALID_ARGUMENT"); // at most 214 bytes
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn encrypt_oaep_sha1(&self, plaintext: &[u8]) -> Result<Vec<u8>> {
        use zeroize::Zeroize;
        self.check_oaep_sha1_len(plaintext.len())?;
        let failed = || Error::InvalidArgument("RSA-OAEP encryption failed".into());
        let engine = self.engine.as_ref().ok_or_else(failed)?;
        let mut seed = [0u8; 20];
        crate::nonce::random_bytes(&mut seed)?;
        let em = padding::oaep_encode(plaintext, engine.size(), &seed);
        seed.zeroize();
        engine.public_op(&em.ok_or_else(failed)?).ok_or_else(failed)
    }
}

/// The error of a failed RSA-OAEP decryption, whichever implementation ran it (here, or
/// WebCrypto in the JS wrapper): it says nothing about why, by design.
#[doc(hidden)]
pub fn oaep_failed() -> Error {
    Error::DecryptFailed("RSA-OAEP: wrong private key or corrupted ciphertext".into())
}

/// The `RSAPublicKey` DER inside an SPKI, if its algorithm is rsaEncryption with NULL
/// parameters (as `rsa` 0.9's `verify_algorithm_id` wants).
fn spki_rsa_public_key(spki_der: &[u8]) -> Option<&[u8]> {
    let info = der::spki(spki_der).ok()?;
    if !info.algorithm.is_rsa_with_null() {
        return None;
    }
    info.key
}

/// `(n, e)` of an `RSAPublicKey` (PKCS#1) DER, big-endian.
fn rsa_public_numbers(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let key = der::rsa_public_key(der).ok()?;
    Some((key.n, key.e))
}

/// Runs `f` on the components of a two-prime PKCS#8 RSA private key (`None` where `rsa` 0.9's
/// parser refuses the DER: not rsaEncryption with NULL parameters, not PKCS#1 `RSAPrivateKey`,
/// multi-prime). The seam between the DER reader (`der.rs`) and the engines (`crt::RsaParts`).
fn with_private_parts<T>(pkcs8_der: &[u8], f: impl FnOnce(&crt::RsaParts<'_>) -> Option<T>) -> Option<T> {
    let k = rsa_private_parts(pkcs8_der)?;
    f(&crt::RsaParts { n: k.n, e: k.e, d: k.d, p: k.p, q: k.q, qinv: Some(k.qinv) })
}

/// The public half of a PKCS#8 RSA private key after the checks `rsa` 0.9 makes when it
/// parses one (`verify_algorithm_id`, then `RsaPrivateKey::from_components` → `validate`: two
/// primes, `check_public`, `n = p·q`, `d·e ≡ 1 mod p−1` and `mod q−1`; see
/// [`crt::check_private`]) without its precomputation: `Ok(None)` where `rsa` would refuse the
/// key, an error for a key above [`MAX_BITS`] (checked first: the checks' cost grows with the
/// size). Products and remainders on plain limbs: cheap even in cold code. The errors say
/// nothing about the key's numbers.
fn checked_public(pkcs8_der: &[u8]) -> Result<Option<Numbers>> {
    let checked = with_private_parts(pkcs8_der, |parts| {
        let bits = Numbers { n: strip(parts.n).to_vec(), e: Vec::new() }.bits();
        if bits > MAX_BITS {
            return Some(Err(too_large(bits)));
        }
        crt::check_private(parts).then(|| Numbers::checked(parts.n, parts.e)).flatten().map(Ok)
    });
    checked.transpose()
}

fn too_large(bits: usize) -> Error {
    Error::KeyInvalid(format!("RSA keys of {bits} bits are not supported (at most {MAX_BITS})"))
}

/// The components of a PKCS#8 RSA private key: rsaEncryption with NULL parameters (what `rsa`'s
/// `verify_algorithm_id` wants) holding a two-prime PKCS#1 `RSAPrivateKey`; `None` otherwise.
fn rsa_private_parts(pkcs8_der: &[u8]) -> Option<der::RsaPrivateParts<'_>> {
    let info = der::private_key_info(pkcs8_der).ok()?;
    if !info.algorithm.is_rsa_with_null() {
        return None;
    }
    der::rsa_private_key(info.private_key).ok()
}

fn check_bits(bits: usize) -> Result<()> {
    if bits < MIN_BITS {
        Err(Error::KeyTooSmall { bits })
    } else {
        Ok(())
    }
}

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

fn check_pkcs8_algorithm(pkcs8_der: &[u8]) -> Result<()> {
    let info = der::private_key_info(pkcs8_der).map_err(|_| Error::KeyInvalid("malformed PKCS#8 private key".into()))?;
    check_algorithm(info.algorithm.oid)
}

fn check_spki_algorithm(spki_der: &[u8]) -> Result<()> {
    let info = der::spki(spki_der).map_err(|_| Error::KeyInvalid("malformed SPKI public key".into()))?;
    check_algorithm(info.algorithm.oid)
}

fn check_algorithm(oid: &[u8]) -> Result<()> {
    if oid == der::RSA_ENCRYPTION { Ok(()) } else { Err(not_rsa(&der::oid_string(oid))) }
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
