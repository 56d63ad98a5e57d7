//! RSA keys, parsed once into handles: the merchant's private key ([`PrivateKey`]), WeChat Pay's
//! platform certificates or public keys ([`PublicKey`]), and a set of them by serial/id
//! ([`Verifier`]). With the Cargo feature `p12` (on by default), [`P12`] opens the merchant's
//! `apiclient_cert.p12` into its certificate and private key.
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
#[cfg(feature = "p12")]
mod p12;
pub(crate) mod pem;
mod verifier;

/// The RSA-2048 engine's internals on bytes, for `tests/rsa_engine.rs` only: not API.
#[doc(hidden)]
pub mod engine {
    pub use super::crt::testing::Crt;
    pub use super::mont::testing::{mul_wide, Engine};
}

#[cfg(feature = "p12")]
pub use p12::{P12, MAX_P12_BYTES, MAX_P12_ITERATIONS};
pub use verifier::Verifier;
pub(crate) use verifier::normalize as normalize_id;

use crate::{Error, Result};
use rand_core::OsRng;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{Oaep, Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
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

/// A merchant RSA private key (`apiclient_key.pem`). Parse it once and reuse it.
///
/// Parsing checks the key as `rsa` does (`n = p·q`, `d·e ≡ 1 mod p−1` and `mod q−1`, the
/// exponent's range) but leaves the precomputation (CRT values, the RSA-2048 engine's
/// Montgomery constants: bignum inverses and reductions) to the first signature made in wasm.
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
    public: RsaPublicKey,
    /// Set up on first use by a wasm private-key operation (the error repeats if it failed).
    engine: std::sync::OnceLock<core::result::Result<Engine, Error>>,
}

/// What the private-key operations in wasm need.
#[derive(Clone)]
struct Engine {
    key: RsaPrivateKey,
    /// RSA-2048 signing on 32-bit limbs (see `crt.rs`); `None` for other sizes.
    fast: Option<Box<crt::FastPrivate>>,
}

// `RsaPrivateKey` zeroizes its components on drop, and so do `FastPrivate` and the DER.
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
        let (pkcs8, form) = match block.label.as_str() {
            "PRIVATE KEY" => {
                check_pkcs8_algorithm(&block.der)?;
                (zeroize::Zeroizing::new(block.der.to_vec()), "PKCS#8")
            }
            "RSA PRIVATE KEY" => (der::pkcs8_from_pkcs1(&block.der), "PKCS#1"),
            other => return Err(wrong_label(other, "a private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)")),
        };
        let public = checked_public(&pkcs8).ok_or_else(|| Error::KeyInvalid(format!("malformed {form} RSA private key")))?;
        check_bits(public.n().bits())?;
        Ok(PrivateKey { pkcs8, public, engine: std::sync::OnceLock::new() })
    }

    fn engine(&self) -> Result<&Engine> {
        let engine = self.engine.get_or_init(|| {
            let key = rsa_private_from_pkcs8(&self.pkcs8)
                .ok_or_else(|| Error::KeyInvalid("malformed PKCS#8 RSA private key".into()))?;
            let fast = crt::FastPrivate::new(key.n(), key.e(), key.d(), key.primes()).map(Box::new);
            Ok(Engine { key, fast })
        });
        engine.as_ref().map_err(Clone::clone)
    }

    /// Parses PKCS#8 DER (`PrivateKeyInfo`), as a .p12 key bag holds it.
    #[cfg_attr(not(feature = "p12"), allow(dead_code))]
    pub(crate) fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        check_pkcs8_algorithm(der)?;
        let pkcs8 = zeroize::Zeroizing::new(der.to_vec());
        let public = checked_public(&pkcs8).ok_or_else(|| Error::KeyInvalid("malformed PKCS#8 RSA private key".into()))?;
        check_bits(public.n().bits())?;
        Ok(PrivateKey { pkcs8, public, engine: std::sync::OnceLock::new() })
    }

    /// The modulus size in bits.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// assert_eq!(key.bits(), 2048);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn bits(&self) -> usize {
        self.public.n().bits()
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
        PublicKey::plain(self.public.clone())
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
        let digest: [u8; 32] = Sha256::digest(message).into();
        let engine = self.engine()?;
        if let Some(fast) = &engine.fast {
            return fast.sign_sha256(&digest);
        }
        engine
            .key
            .sign_with_rng(&mut OsRng, Pkcs1v15Sign::new::<Sha256>(), &digest)
            .map_err(|e| Error::InvalidArgument(format!("RSA signing failed: {e}")))
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

    /// **Legacy** SHA1withRSA (RSASSA-PKCS1-v1_5 over SHA-1) of `message`, blinded, through
    /// `rsa` (no fast path). Only for Alipay's old `sign_type=RSA`; use [`Self::sign_sha256`].
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// let signature = key.sign_sha1(b"app_id=2014072300007148&method=alipay.trade.query")?;
    /// assert!(key.public_key().verify_sha1(b"app_id=2014072300007148&method=alipay.trade.query", &signature));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn sign_sha1(&self, message: &[u8]) -> Result<Vec<u8>> {
        let digest: [u8; 20] = sha1::Sha1::digest(message).into();
        self.engine()?
            .key
            .sign_with_rng(&mut OsRng, pkcs1v15_sha1(), &digest)
            .map_err(|e| Error::InvalidArgument(format!("RSA signing failed: {e}")))
    }

    /// RSAES-OAEP with SHA-1 and MGF1-SHA-1 decryption (WeChat Pay's sensitive fields), blinded.
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// let ciphertext = key.public_key().encrypt_oaep_sha1("张三".as_bytes())?;
    /// assert_eq!(&key.decrypt_oaep_sha1(&ciphertext)?[..], "张三".as_bytes());
    /// assert_eq!(key.decrypt_oaep_sha1(&[0; 256]).unwrap_err().code(), "DECRYPT_FAILED");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn decrypt_oaep_sha1(&self, ciphertext: &[u8]) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        self.engine()?
            .key
            .decrypt_blinded(&mut OsRng, Oaep::new::<sha1::Sha1>(), ciphertext)
            .map(zeroize::Zeroizing::new)
            .map_err(|_| oaep_failed())
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
                Self::plain(
                    rsa_public_from_spki(&block.der)
                        .ok_or_else(|| Error::KeyInvalid("malformed SPKI RSA public key".into()))?,
                )
            }
            "RSA PUBLIC KEY" => Self::plain(
                der::rsa_public_key(&block.der)
                    .ok()
                    .and_then(rsa_public_from_parts)
                    .ok_or_else(|| Error::KeyInvalid("malformed PKCS#1 RSA public key".into()))?,
            ),
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
        let key = rsa_public_from_spki(spki)
            .ok_or_else(|| Error::KeyInvalid("certificate holds a malformed RSA public key".into()))?;
        Ok(Self::with_cert(key, Some(info)))
    }

    /// The modulus size in bits.
    ///
    /// ```
    /// # let spki = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/public_spki.pem")))?;
    /// assert_eq!(spki.bits(), 2048);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn bits(&self) -> usize {
        self.key.n().bits()
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
        Ok(der::spki_from_rsa(&self.key.n().to_bytes_be(), &self.key.e().to_bytes_be()))
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
        let digest: [u8; 32] = Sha256::digest(message).into();
        if let Some(fast) = &self.fast {
            return fast.verify_sha256(&digest, signature);
        }
        self.key.verify(Pkcs1v15Sign::new::<Sha256>(), &digest, signature).is_ok()
    }

    /// Checks that `len` plaintext bytes fit one RSAES-OAEP (SHA-1) block of this key:
    /// k − 2·hLen − 2 bytes, 214 for RSA-2048 (`INVALID_ARGUMENT` otherwise). For the wasm
    /// layer, which encrypts with WebCrypto; [`Self::encrypt_oaep_sha1`] checks it itself.
    #[doc(hidden)]
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
    ///
    /// ```
    /// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
    /// let signature = key.sign_sha1(b"a=1")?;
    /// assert!(!key.public_key().verify_sha1(b"a=2", &signature));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn verify_sha1(&self, message: &[u8], signature: &[u8]) -> bool {
        let digest: [u8; 20] = sha1::Sha1::digest(message).into();
        self.key.verify(pkcs1v15_sha1(), &digest, signature).is_ok()
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
        self.check_oaep_sha1_len(plaintext.len())?;
        self.key
            .encrypt(&mut OsRng, Oaep::new::<sha1::Sha1>(), plaintext)
            .map_err(|e| Error::InvalidArgument(format!("RSA-OAEP encryption failed: {e}")))
    }
}

/// The error of a failed RSA-OAEP decryption, whichever implementation ran it (here, or
/// WebCrypto in the JS wrapper): it says nothing about why, by design.
#[doc(hidden)]
pub fn oaep_failed() -> Error {
    Error::DecryptFailed("RSA-OAEP: wrong private key or corrupted ciphertext".into())
}

/// PKCS#1 v1.5 signature padding for SHA-1. Built from its `DigestInfo` prefix (RFC 8017
/// §9.2, note 1) rather than `Pkcs1v15Sign::new::<Sha1>()`, which needs `sha1`'s `oid` feature.
fn pkcs1v15_sha1() -> Pkcs1v15Sign {
    const SHA1_PREFIX: [u8; 15] = [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14];
    Pkcs1v15Sign { hash_len: Some(20), prefix: Box::new(SHA1_PREFIX) }
}

/// The public half of a PKCS#8 RSA private key after the checks `rsa` 0.9 makes when it
/// builds one — `verify_algorithm_id` (rsaEncryption, NULL parameters), then
/// `RsaPrivateKey::from_components` → `validate` (two primes, the exponent's range, `n = p·q`,
/// `d·e ≡ 1 mod p−1` and `mod q−1`) — without its precomputation; `None` where `rsa` would
/// refuse the key. Multiplications and two remainders: cheap even in cold code.
fn checked_public(pkcs8_der: &[u8]) -> Option<RsaPublicKey> {
    use num_bigint_dig::BigUint;
    let k = rsa_private_parts(pkcs8_der)?;
    let int = |u: &[u8]| BigUint::from_bytes_be(u);
    let (n, e, d, p, q) = (int(k.n), int(k.e), int(k.d), int(k.p), int(k.q));
    // `check_public`: e fits u64, e < n, n odd, e odd, 2 ≤ e ≤ 2³³−1.
    let e_bytes = k.e;
    let e64 = if e_bytes.len() > 8 { return None } else { e_bytes.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b)) };
    let n_odd = k.n.last().is_some_and(|b| b & 1 == 1);
    if e >= n || !n_odd || e64 % 2 == 0 || e64 < RsaPublicKey::MIN_PUB_EXPONENT || e64 > RsaPublicKey::MAX_PUB_EXPONENT {
        return None;
    }
    let one = BigUint::from(1u32);
    if p <= one || q <= one || &p * &q != n {
        return None;
    }
    let de = &d * &e;
    if &de % (&p - &one) != one || &de % (&q - &one) != one {
        return None;
    }
    Some(RsaPublicKey::new_unchecked(n, e))
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

// The seam between the DER reader (`der.rs`, components as byte slices) and the RSA engine:
// today `rsa`'s key types, built the way `rsa`'s own PKCS#1/PKCS#8 decoders build them.

/// `RsaPrivateKey::from_pkcs8_der` on [`der::private_key_info`]: `from_components` checks and
/// precomputes the key.
fn rsa_private_from_pkcs8(pkcs8_der: &[u8]) -> Option<RsaPrivateKey> {
    use num_bigint_dig::BigUint;
    let k = rsa_private_parts(pkcs8_der)?;
    let int = |u: &[u8]| BigUint::from_bytes_be(u);
    RsaPrivateKey::from_components(int(k.n), int(k.e), int(k.d), vec![int(k.p), int(k.q)]).ok()
}

/// `RsaPublicKey::new(n, e)` (its checks: exponent range, odd modulus, at most 4096 bits).
fn rsa_public_from_parts(k: der::RsaPublicParts<'_>) -> Option<RsaPublicKey> {
    use num_bigint_dig::BigUint;
    RsaPublicKey::new(BigUint::from_bytes_be(k.n), BigUint::from_bytes_be(k.e)).ok()
}

/// `RsaPublicKey::from_public_key_der`: rsaEncryption with NULL parameters, a whole-octet BIT
/// STRING holding a PKCS#1 `RSAPublicKey`.
fn rsa_public_from_spki(spki_der: &[u8]) -> Option<RsaPublicKey> {
    let spki = der::spki(spki_der).ok()?;
    if !spki.algorithm.is_rsa_with_null() {
        return None;
    }
    rsa_public_from_parts(der::rsa_public_key(spki.key?).ok()?)
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
