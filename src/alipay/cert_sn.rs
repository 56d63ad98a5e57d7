//! Certificate mode (公钥证书模式): the certificate serial numbers Alipay names certificates by.
//!
//! A certificate's "SN" is `md5(issuer DN string + decimal serial)`, lowercase hex. The DN
//! string is the issuer's attributes in **reverse** order (`CN=…,OU=…,O=…,C=…`), `short=value`
//! joined with `,`, values as decoded text without any RFC 4514 escaping (a comma or non-ASCII
//! text in a value stays as it is), which is how Alipay's SDKs write it. `alipay_root_cert_sn`
//! is the SNs of the root bundle's certificates **signed with RSA** (signature algorithm under
//! `1.2.840.113549.1.1`), in file order, joined with `_`; the bundle's SM2/EC roots are skipped.

use crate::{hex, Error, Result};
use der::{Decode, Tag, Tagged};
use md5::{Digest, Md5};
use x509_cert::{attr::AttributeTypeAndValue, Certificate};

/// A certificate file or root bundle larger than this is refused (Alipay's bundle is ~5 KB).
///
/// ```
/// use wechatpay_wasm::alipay::cert_sn;
/// let huge = " ".repeat(cert_sn::MAX_CERT_TEXT_BYTES + 1);
/// assert_eq!(cert_sn::cert_sn(&huge).unwrap_err().code(), "KEY_INVALID");
/// ```
pub const MAX_CERT_TEXT_BYTES: usize = 256 * 1024;
/// At most this many certificates in one bundle; more are `KEY_INVALID`.
///
/// ```
/// use wechatpay_wasm::alipay::cert_sn;
/// let root = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/cert/root_rsa_r1.crt"));
/// let bundle = root.repeat(cert_sn::MAX_BUNDLE_CERTS + 1);
/// assert_eq!(cert_sn::root_cert_sn(&bundle).unwrap_err().code(), "KEY_INVALID");
/// ```
pub const MAX_BUNDLE_CERTS: usize = 32;

/// The DER content of the OID arc `1.2.840.113549.1.1` (PKCS#1 signature algorithms).
const RSA_SIGNATURE_ARC: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01];
const END: &str = "-----END CERTIFICATE-----";

fn invalid(what: &str) -> Error {
    Error::KeyInvalid(what.to_owned())
}

/// The DER of every `CERTIFICATE` block of `text`, in order (other PEM blocks are skipped).
fn certificate_blocks(text: &str) -> Result<Vec<Vec<u8>>> {
    if text.len() > MAX_CERT_TEXT_BYTES {
        return Err(invalid(&format!("certificate text of {} bytes exceeds the {MAX_CERT_TEXT_BYTES}-byte limit", text.len())));
    }
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
        let block = rest.get(start..).unwrap_or_default();
        let end = block.find(END).ok_or_else(|| invalid("PEM \"CERTIFICATE\" has no \"-----END CERTIFICATE-----\" line: truncated?"))?;
        let one = block.get(..end + END.len()).unwrap_or_default();
        if out.len() == MAX_BUNDLE_CERTS {
            return Err(invalid(&format!("more than {MAX_BUNDLE_CERTS} certificates in one file")));
        }
        out.push(crate::keys::pem::decode(one)?.der.to_vec());
        rest = block.get(end + END.len()..).unwrap_or_default();
    }
    if out.is_empty() {
        return Err(invalid("no \"-----BEGIN CERTIFICATE-----\" block: pass the .crt file's PEM text"));
    }
    Ok(out)
}

fn parse(der: &[u8]) -> Result<Certificate> {
    Certificate::from_der(der).map_err(|_| invalid("malformed X.509 certificate"))
}

/// The short name Alipay's SDKs print for an attribute type; other types by dotted OID.
fn short_name(oid: &str) -> std::borrow::Cow<'static, str> {
    let name = match oid {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "1.2.840.113549.1.9.1" => "E",
        other => return std::borrow::Cow::Owned(other.to_owned()),
    };
    std::borrow::Cow::Borrowed(name)
}

/// An attribute value as text: the DirectoryString / IA5String forms certificates use.
fn value_text(atv: &AttributeTypeAndValue) -> Result<String> {
    let bytes = atv.value.value();
    let bad = || invalid("a certificate name holds a value that is not valid text");
    match atv.value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString | Tag::NumericString => {
            String::from_utf8(bytes.to_vec()).map_err(|_| bad())
        }
        // T.61 in theory; Latin-1 in every certificate that uses it.
        Tag::TeletexString => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = bytes.chunks(2).map(|c| u16::from_be_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)])).collect();
            if bytes.len() % 2 != 0 {
                return Err(bad());
            }
            String::from_utf16(&units).map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

/// The issuer DN as Alipay hashes it: attributes last to first, `short=value` joined with `,`.
/// Takes an `x509-cert` type: a helper of [`cert_sn`], not part of the Rust API.
#[doc(hidden)]
pub fn issuer_dn_string(cert: &Certificate) -> Result<String> {
    let mut parts = Vec::new();
    for rdn in cert.tbs_certificate.issuer.0.iter() {
        for atv in rdn.0.iter() {
            parts.push(format!("{}={}", short_name(&atv.oid.to_string()), value_text(atv)?));
        }
    }
    parts.reverse();
    Ok(parts.join(","))
}

/// The serial number in decimal (its DER bytes read as an unsigned big-endian integer). Serials
/// are at most 20 bytes (RFC 5280; x509-cert enforces it), so schoolbook division by 10 is cheap,
/// and it keeps a bignum radix conversion out of the wasm module. A helper of [`cert_sn`], not
/// part of the Rust API.
#[doc(hidden)]
pub fn serial_decimal(cert: &Certificate) -> String {
    let mut n: Vec<u8> = cert.tbs_certificate.serial_number.as_bytes().to_vec();
    let mut digits = Vec::new();
    while n.iter().any(|&b| b != 0) {
        let mut rem = 0u16;
        for b in n.iter_mut() {
            let cur = (rem << 8) | u16::from(*b);
            *b = u8::try_from(cur / 10).unwrap_or(0);
            rem = cur % 10;
        }
        digits.push(b'0' + u8::try_from(rem).unwrap_or(0));
    }
    if digits.is_empty() {
        digits.push(b'0');
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

fn sn_of(cert: &Certificate) -> Result<String> {
    let text = format!("{}{}", issuer_dn_string(cert)?, serial_decimal(cert));
    Ok(hex::lower(&Md5::digest(text.as_bytes())))
}

/// `app_cert_sn` / `alipay_cert_sn`: the SN of the **first** certificate of `pem` (the app
/// certificate `appCertPublicKey_<appid>.crt`, or `alipayCertPublicKey_RSA2.crt`, whose
/// intermediate follows the leaf). Errors: `KEY_INVALID`.
///
/// The TEST ONLY certificates of this repository, with the SNs alipay-sdk computes for them:
///
/// ```
/// use wechatpay_wasm::alipay::cert_sn::cert_sn;
/// let app_cert = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/cert/appCertPublicKey_2021000000000001.crt"));
/// assert_eq!(cert_sn(app_cert)?, "7992220fb4757d10e9a3778ec2a23637"); // app_cert_sn
/// let alipay_cert = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/cert/alipayCertPublicKey_RSA2.crt"));
/// assert_eq!(cert_sn(alipay_cert)?, "2ddbeaf37621d7f8906220dae5329540"); // alipay_cert_sn
/// assert_eq!(cert_sn("no certificate").unwrap_err().code(), "KEY_INVALID");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn cert_sn(pem: &str) -> Result<String> {
    let blocks = certificate_blocks(pem)?;
    let first = blocks.first().ok_or_else(|| invalid("no certificate"))?;
    sn_of(&parse(first)?)
}

/// `alipay_root_cert_sn`: the SNs of the RSA-signed certificates of the root bundle
/// (`alipayRootCert.crt`), joined with `_`. Errors: `KEY_INVALID`, `ALIPAY_CERT_NO_RSA` (the
/// bundle has no RSA-signed certificate: not Alipay's root bundle, or only its SM2 part).
///
/// ```
/// use wechatpay_wasm::alipay::cert_sn::root_cert_sn;
/// let bundle = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/cert/alipayRootCert.crt"));
/// assert_eq!(root_cert_sn(bundle)?, "7b302f16715ffd8c68b7a0cf18df8e12_a184d791797cb152a12190b5ab3efdf2");
/// let ec_only = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/cert/root_ec_e1.crt"));
/// assert_eq!(root_cert_sn(ec_only).unwrap_err().code(), "ALIPAY_CERT_NO_RSA");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn root_cert_sn(pem: &str) -> Result<String> {
    let mut sns = Vec::new();
    let mut count = 0;
    for der in certificate_blocks(pem)? {
        let cert = parse(&der)?;
        count += 1;
        let oid = cert.signature_algorithm.oid.as_bytes();
        if oid.len() > RSA_SIGNATURE_ARC.len() && oid.starts_with(RSA_SIGNATURE_ARC) {
            sns.push(sn_of(&cert)?);
        }
    }
    if sns.is_empty() {
        return Err(Error::AlipayCertNoRsa { certificates: count });
    }
    Ok(sns.join("_"))
}

/// Certificate mode: a gateway response names the certificate it was signed with in the
/// top-level `alipay_cert_sn` (beside `sign`); a notification may carry the field too. When it
/// is present and differs from the configured Alipay certificate's SN, Alipay has rotated its
/// certificate: `ALIPAY_CERT_SN_MISMATCH` (absent: nothing to compare, the signature decides).
///
/// ```
/// use wechatpay_wasm::alipay::cert_sn::check_cert_sn;
/// let configured = "2ddbeaf37621d7f8906220dae5329540";
/// check_cert_sn(Some("2ddbeaf37621d7f8906220dae5329540"), configured)?;
/// check_cert_sn(None, configured)?;
/// let rotated = check_cert_sn(Some("0123456789abcdef0123456789abcdef"), configured).unwrap_err();
/// assert_eq!(rotated.code(), "ALIPAY_CERT_SN_MISMATCH");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn check_cert_sn(got: Option<&str>, want: &str) -> Result<()> {
    match got.map(str::trim).filter(|s| !s.is_empty()) {
        Some(got) if got != want => Err(Error::AlipayCertSnMismatch { got: crate::error::excerpt(got, 64), want: want.to_owned() }),
        _ => Ok(()),
    }
}

/// The top-level `alipay_cert_sn` string of a gateway response body, if any. Errors:
/// `JSON_INVALID` (not a JSON object, or the member is not a string).
///
/// ```
/// use wechatpay_wasm::alipay::cert_sn::response_cert_sn;
/// let body = r#"{"alipay_trade_query_response":{"code":"10000"},"alipay_cert_sn":"2ddbeaf37621d7f8906220dae5329540","sign":"…"}"#;
/// assert_eq!(response_cert_sn(body)?.as_deref(), Some("2ddbeaf37621d7f8906220dae5329540"));
/// assert_eq!(response_cert_sn(r#"{"sign":"…"}"#)?, None);
/// assert_eq!(response_cert_sn(r#"{"alipay_cert_sn":1}"#).unwrap_err().code(), "JSON_INVALID");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn response_cert_sn(body: &str) -> Result<Option<String>> {
    let members = super::response::top_level_members(body)?;
    let Some((_, (start, end))) = members.iter().find(|(k, _)| k == "alipay_cert_sn") else { return Ok(None) };
    let raw = body.get(*start..*end).unwrap_or_default();
    serde_json::from_str::<String>(raw)
        .map(Some)
        .map_err(|_| Error::JsonInvalid("the response's \"alipay_cert_sn\" is not a string".into()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dn_string_is_reversed_and_unescaped() {
        let pem = include_str!("../../tests/vectors/alipay/cert/appCertPublicKey_2021000000000001.crt");
        let cert = parse(certificate_blocks(pem).unwrap().first().unwrap()).unwrap();
        assert_eq!(
            issuer_dn_string(&cert).unwrap(),
            "CN=Ant Financial Certification Authority Class 2 R1 TEST ONLY,OU=Certification Authority,O=Ant Financial 测试,C=CN"
        );
        assert_eq!(serial_decimal(&cert), u128::from_str_radix("80112233445566778899AABBCCDDEEFF", 16).unwrap().to_string());
        let r1 = include_str!("../../tests/vectors/alipay/cert/root_rsa_r1.crt");
        let r1 = parse(certificate_blocks(r1).unwrap().first().unwrap()).unwrap();
        assert_eq!(serial_decimal(&r1), u128::from_str_radix("623DCDB6D1E64B0B9A9E06E8B1E0C8B3", 16).unwrap().to_string());
    }

    #[test]
    fn bundles_are_bounded() {
        assert_eq!(cert_sn("").unwrap_err().code(), "KEY_INVALID");
        assert_eq!(cert_sn(&"x".repeat(MAX_CERT_TEXT_BYTES + 1)).unwrap_err().code(), "KEY_INVALID");
        let one = include_str!("../../tests/vectors/alipay/cert/root_rsa_r1.crt");
        assert!(root_cert_sn(&one.repeat(MAX_BUNDLE_CERTS)).is_ok());
        assert_eq!(root_cert_sn(&one.repeat(MAX_BUNDLE_CERTS + 1)).unwrap_err().code(), "KEY_INVALID");
    }
}
