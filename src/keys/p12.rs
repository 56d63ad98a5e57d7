//! PKCS#12 (`apiclient_cert.p12`, RFC 7292): the merchant's API certificate and its private key,
//! behind a password (by default the mch_id).
//!
//! Two generations of files exist: WeChat Pay's certificate tool and `openssl pkcs12 -legacy`
//! write RC2-40 (certificates) and 3DES (keys) with the PKCS#12 KDF and a SHA-1 MAC; OpenSSL 3
//! writes PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) with a SHA-256 MAC. Both are read here; other
//! algorithms are `P12_UNSUPPORTED`. The MAC is checked before anything is decrypted, so a wrong
//! password is `P12_PASSWORD` and never a garbled key. Errors never quote the file's bytes.

use super::{PrivateKey, PublicKey};
use crate::{Error, Result};
use cbc::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use cms::content_info::ContentInfo;
use cms::encrypted_data::EncryptedData;
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use hmac::{Hmac, Mac};
use pkcs12::kdf::{derive_key_utf8, Pkcs12KeyType};
use pkcs12::pbe_params::{EncryptedPrivateKeyInfo, Pkcs12PbeParams};
use pkcs12::pfx::Pfx;
use pkcs12::safe_bag::{SafeBag, SafeContents};
use pkcs12::cert_type::CertBag;
use pkcs5::pbes2::{self, EncryptionScheme, Pbkdf2Prf};
use spki::AlgorithmIdentifierOwned;
use zeroize::Zeroizing;

/// The largest .p12 accepted, in bytes (a larger file is `P12_INVALID`). A merchant's is about
/// 2.5 KB.
///
/// ```
/// use wechatpay_wasm::keys::{P12, MAX_P12_BYTES};
/// let huge = vec![0x30; MAX_P12_BYTES + 1];
/// assert_eq!(P12::parse(&huge, "1900000001").unwrap_err().code(), "P12_INVALID");
/// ```
pub const MAX_P12_BYTES: usize = 64 * 1024;
/// The most iterations a KDF or MAC may ask for (OpenSSL writes 2048): a file must not be able
/// to make loading it take minutes. More is `P12_UNSUPPORTED`.
///
/// ```
/// # use wechatpay_wasm::keys::MAX_P12_ITERATIONS;
/// assert!(MAX_P12_ITERATIONS >= 2048); // what OpenSSL and WeChat Pay's tool write
/// ```
pub const MAX_P12_ITERATIONS: u32 = 1_000_000;

const DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");

/// What a .p12 holds for WeChat Pay: the merchant certificate (DER) with its serial number and
/// validity, and the matching private key. `Debug` shows the certificate only.
///
/// The merchant's `apiclient_cert.p12` (the password is the mch_id unless you chose another),
/// here a TEST ONLY file of this repository, from OpenSSL 3:
///
/// ```
/// use wechatpay_wasm::{keys::P12, v3};
/// let p12 = P12::parse(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/p12/merchant_aes.p12")), "1900000001")?;
/// let serial_no = p12.certificate.serial_no().unwrap_or_default();
/// assert_eq!(serial_no, "5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
/// let auth = v3::authorization("1900000001", serial_no, &p12.private_key, "GET",
///     "/v3/certificates", "", None, None)?;
/// assert!(auth.contains(r#"serial_no="5157F09EFDC096DE15EBE81A47057A7232F1B8E1""#));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Clone)]
pub struct P12 {
    /// The certificate whose public key matches the private key, DER.
    pub certificate_der: Vec<u8>,
    /// The certificate's key, serial number and validity.
    pub certificate: PublicKey,
    /// The merchant's private key.
    pub private_key: PrivateKey,
}

impl core::fmt::Debug for P12 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("P12").field("certificate", &self.certificate).finish_non_exhaustive()
    }
}

fn invalid(what: &str) -> Error {
    Error::P12Invalid(what.into())
}

impl P12 {
    /// The certificate as PEM (`BEGIN CERTIFICATE`): what `apiclient_cert.pem` holds.
    ///
    /// ```
    /// use wechatpay_wasm::keys::{PublicKey, P12};
    /// let p12 = P12::parse(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/p12/merchant_aes.p12")), "1900000001")?;
    /// let pem = p12.certificate_pem();
    /// assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
    /// assert_eq!(PublicKey::from_pem(&pem)?.not_after(), Some(2110741507));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn certificate_pem(&self) -> String {
        super::pem::encode("CERTIFICATE", &self.certificate_der)
    }

    /// The private key as PKCS#8 PEM (`BEGIN PRIVATE KEY`): what `apiclient_key.pem` holds, for
    /// a TLS stack that takes PEM. Zeroized on drop; never log it.
    ///
    /// ```
    /// use wechatpay_wasm::keys::{PrivateKey, P12};
    /// let p12 = P12::parse(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/p12/merchant_aes.p12")), "1900000001")?;
    /// let pem = p12.private_key_pem()?;
    /// assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    /// // The same key as the merchant's PEM file.
    /// let apiclient_key = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem"));
    /// assert!(PrivateKey::from_pem(&pem)?.public_key().same_key(&PrivateKey::from_pem(apiclient_key)?.public_key()));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn private_key_pem(&self) -> Result<Zeroizing<String>> {
        let der = self.private_key.pkcs8_der()?;
        Ok(Zeroizing::new(super::pem::encode("PRIVATE KEY", &der)))
    }

    /// Opens a .p12 with its password: both the legacy files of WeChat Pay's certificate tool
    /// (RC2-40, 3DES, SHA-1 MAC) and OpenSSL 3's (PBKDF2, AES-CBC, SHA-256 MAC). A wrong
    /// password is `P12_PASSWORD` (the MAC is checked first), another algorithm
    /// `P12_UNSUPPORTED`, anything else `P12_INVALID`; no error quotes the file.
    ///
    /// ```
    /// use wechatpay_wasm::keys::P12;
    /// let legacy = P12::parse(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/p12/merchant_legacy.p12")), "1900000001")?;
    /// assert_eq!(legacy.certificate.not_before(), Some(1795381507));
    /// assert_eq!(legacy.private_key.bits(), 2048);
    ///
    /// let wrong = P12::parse(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/p12/merchant_legacy.p12")), "1900000002").unwrap_err();
    /// assert_eq!(wrong.code(), "P12_PASSWORD");
    /// assert_eq!(P12::parse(b"not a p12", "1900000001").unwrap_err().code(), "P12_INVALID");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn parse(bytes: &[u8], password: &str) -> Result<Self> {
        if bytes.len() > MAX_P12_BYTES {
            return Err(Error::P12Invalid(format!("{} bytes is more than the {MAX_P12_BYTES}-byte limit for a .p12", bytes.len())));
        }
        let pfx = Pfx::from_der(bytes).map_err(|_| invalid("not a PKCS#12 file (truncated, or another format: PEM or a bare certificate?)"))?;
        if pfx.auth_safe.content_type != DATA {
            return Err(Error::P12Unsupported("public-key integrity mode (only password integrity is supported)".into()));
        }
        let auth_safe = pfx.auth_safe.content.decode_as::<OctetString>().map_err(|_| invalid("malformed authenticated safe"))?;
        let auth_safe = auth_safe.as_bytes();
        // Without a MAC, a wrong password surfaces as a decryption failure below.
        if let Some(mac) = &pfx.mac_data {
            check_mac(mac, auth_safe, password)?;
        }
        let contents: Vec<ContentInfo> = Vec::from_der(auth_safe).map_err(|_| invalid("malformed authenticated safe"))?;
        let mut certificates: Vec<Vec<u8>> = Vec::new();
        let mut keys: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        for content in &contents {
            let safe: Zeroizing<Vec<u8>> = if content.content_type == DATA {
                let octets = content.content.decode_as::<OctetString>().map_err(|_| invalid("malformed data content"))?;
                Zeroizing::new(octets.as_bytes().to_vec())
            } else if content.content_type == ENCRYPTED_DATA {
                let data = content.content.decode_as::<EncryptedData>().map_err(|_| invalid("malformed encrypted content"))?;
                let info = &data.enc_content_info;
                let ciphertext = info.encrypted_content.as_ref().ok_or_else(|| invalid("encrypted content is missing"))?;
                decrypt(&info.content_enc_alg, ciphertext.as_bytes(), password)?
            } else {
                return Err(Error::P12Unsupported(format!("content type {}", content.content_type)));
            };
            let bags = SafeContents::from_der(&safe).map_err(|_| invalid("malformed safe contents"))?;
            for bag in &bags {
                collect(bag, password, &mut certificates, &mut keys)?;
            }
        }
        let key_der = keys.first().ok_or_else(|| invalid("the file holds no private key"))?;
        if keys.len() > 1 {
            return Err(invalid("the file holds more than one private key"));
        }
        let private_key = PrivateKey::from_pkcs8_der(key_der)?;
        let public = private_key.public_key();
        for der in certificates {
            // Certificates with other key types (a chain's ECDSA CA) are skipped, not errors.
            let Ok(certificate) = PublicKey::from_certificate_der(&der) else { continue };
            if certificate.same_key(&public) {
                return Ok(P12 { certificate_der: der, certificate, private_key });
            }
        }
        Err(invalid("no certificate in the file matches its private key"))
    }
}

/// The bag's certificate or decrypted key, by bag type; other bags (CRLs, secrets) are ignored.
fn collect(bag: &SafeBag, password: &str, certificates: &mut Vec<Vec<u8>>, keys: &mut Vec<Zeroizing<Vec<u8>>>) -> Result<()> {
    // `bag_value` is the [0] EXPLICIT wrapper; its content is the bag itself.
    let value = der::asn1::ContextSpecific::<der::Any>::from_der(&bag.bag_value).map_err(|_| invalid("malformed safe bag"))?.value;
    if bag.bag_id == pkcs12::PKCS_12_CERT_BAG_OID {
        let cert: CertBag = value.decode_as().map_err(|_| invalid("malformed certificate bag"))?;
        if cert.cert_id == pkcs12::PKCS_12_X509_CERT_OID {
            certificates.push(cert.cert_value.as_bytes().to_vec());
        }
    } else if bag.bag_id == pkcs12::PKCS_12_PKCS8_KEY_BAG_OID {
        let shrouded: EncryptedPrivateKeyInfo = value.decode_as().map_err(|_| invalid("malformed shrouded key bag"))?;
        keys.push(decrypt(&shrouded.encryption_algorithm, shrouded.encrypted_data.as_bytes(), password)?);
    } else if bag.bag_id == pkcs12::PKCS_12_KEY_BAG_OID {
        keys.push(Zeroizing::new(value.to_der().map_err(|_| invalid("malformed key bag"))?));
    }
    Ok(())
}

fn iterations(count: i64) -> Result<u32> {
    match u32::try_from(count) {
        Ok(n) if (1..=MAX_P12_ITERATIONS).contains(&n) => Ok(n),
        _ => Err(Error::P12Unsupported(format!("an iteration count of {count} (at most {MAX_P12_ITERATIONS})"))),
    }
}

/// Checks the HMAC over the authenticated safe (key from the PKCS#12 KDF, ID 3), in constant time.
fn check_mac(mac: &pkcs12::mac_data::MacData, content: &[u8], password: &str) -> Result<()> {
    let rounds = iterations(i64::from(mac.iterations))? as i32;
    let salt = mac.mac_salt.as_bytes();
    let expected = mac.mac.digest.as_bytes();
    let alg = mac.mac.algorithm.oid;
    let matches = if alg == SHA1 {
        let key = Zeroizing::new(derive_key_utf8::<sha1::Sha1>(password, salt, Pkcs12KeyType::Mac, rounds, 20).map_err(|_| Error::P12Password)?);
        let mut hmac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(&key).map_err(|_| Error::P12Password)?;
        hmac.update(content);
        hmac.verify_slice(expected).is_ok()
    } else if alg == SHA256 {
        let key = Zeroizing::new(derive_key_utf8::<sha2::Sha256>(password, salt, Pkcs12KeyType::Mac, rounds, 32).map_err(|_| Error::P12Password)?);
        let mut hmac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&key).map_err(|_| Error::P12Password)?;
        hmac.update(content);
        hmac.verify_slice(expected).is_ok()
    } else {
        return Err(Error::P12Unsupported(format!("MAC digest {alg} (SHA-1 and SHA-256 are supported)")));
    };
    if matches { Ok(()) } else { Err(Error::P12Password) }
}

/// Decrypts with a PKCS#12 PBE (RC2-40-CBC, 3DES-CBC with SHA-1) or PBES2 (PBKDF2, AES-CBC).
fn decrypt(alg: &AlgorithmIdentifierOwned, ciphertext: &[u8], password: &str) -> Result<Zeroizing<Vec<u8>>> {
    let params = alg.parameters.as_ref().ok_or_else(|| invalid("encryption parameters are missing"))?;
    let params_der = params.to_der().map_err(|_| invalid("malformed encryption parameters"))?;
    let plain = if alg.oid == pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC || alg.oid == pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC {
        let pbe = Pkcs12PbeParams::from_der(&params_der).map_err(|_| invalid("malformed PBE parameters"))?;
        let rounds = iterations(i64::from(pbe.iterations))? as i32;
        let salt = pbe.salt.as_bytes();
        let rc2 = alg.oid == pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC;
        let key_len = if rc2 { 5 } else { 24 };
        let derive = |id, len| derive_key_utf8::<sha1::Sha1>(password, salt, id, rounds, len).map(Zeroizing::new).map_err(|_| Error::P12Password);
        let key = derive(Pkcs12KeyType::EncryptionKey, key_len)?;
        let iv = derive(Pkcs12KeyType::Iv, 8)?;
        if rc2 {
            use cbc::cipher::InnerIvInit;
            let cipher = rc2::Rc2::new_with_eff_key_len(&key, 40);
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv).map_err(|_| invalid("bad IV"))?.decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
        } else {
            cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv).map_err(|_| invalid("bad key"))?.decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
        }
    } else if alg.oid == PBES2 {
        let pbes2 = pbes2::Parameters::from_der(&params_der).map_err(|_| Error::P12Unsupported("PBES2 parameters (only PBKDF2 with AES-CBC is supported)".into()))?;
        let kdf = pbes2.kdf.pbkdf2().ok_or_else(|| Error::P12Unsupported("a PBES2 key derivation other than PBKDF2".into()))?;
        let rounds = iterations(i64::from(kdf.iteration_count))?;
        let (key_len, iv) = match pbes2.encryption {
            EncryptionScheme::Aes128Cbc { iv } => (16, iv),
            EncryptionScheme::Aes192Cbc { iv } => (24, iv),
            EncryptionScheme::Aes256Cbc { iv } => (32, iv),
            _ => return Err(Error::P12Unsupported("a PBES2 cipher other than AES-CBC".into())),
        };
        let mut key = Zeroizing::new(vec![0u8; key_len]);
        match kdf.prf {
            Pbkdf2Prf::HmacWithSha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), kdf.salt, rounds, &mut key),
            Pbkdf2Prf::HmacWithSha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), kdf.salt, rounds, &mut key),
            other => return Err(Error::P12Unsupported(format!("PBKDF2 with {other:?}"))),
        }
        match key_len {
            16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(&key, iv).map_err(|_| invalid("bad key"))?.decrypt_padded_vec_mut::<Pkcs7>(ciphertext),
            24 => cbc::Decryptor::<aes::Aes192>::new_from_slices(&key, iv).map_err(|_| invalid("bad key"))?.decrypt_padded_vec_mut::<Pkcs7>(ciphertext),
            _ => cbc::Decryptor::<aes::Aes256>::new_from_slices(&key, iv).map_err(|_| invalid("bad key"))?.decrypt_padded_vec_mut::<Pkcs7>(ciphertext),
        }
    } else {
        return Err(Error::P12Unsupported(format!("encryption algorithm {}", alg.oid)));
    };
    // A bad padding after a good MAC is a damaged file; without a MAC, most likely the password.
    plain.map(Zeroizing::new).map_err(|_| Error::P12Password)
}
