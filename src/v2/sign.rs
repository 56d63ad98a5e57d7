//! The v2 signature: drop `sign` and empty values, sort names by byte order, join `k=v` with
//! `&`, append `&key=API_KEY`, then MD5 or HMAC-SHA256 (keyed with the API key), uppercase hex.

use crate::{hex, Error, Result};
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The two v2 signature algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignType {
    /// `MD5`: the default when a message has no `sign_type`.
    #[default]
    Md5,
    /// `HMAC-SHA256`.
    HmacSha256,
}

impl SignType {
    /// The name WeChat Pay uses in `sign_type` / `signType`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignType::Md5 => "MD5",
            SignType::HmacSha256 => "HMAC-SHA256",
        }
    }
}

impl core::str::FromStr for SignType {
    type Err = Error;
    /// Parses `MD5` or `HMAC-SHA256` (exactly as WeChat Pay writes them).
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "MD5" => Ok(SignType::Md5),
            "HMAC-SHA256" => Ok(SignType::HmacSha256),
            other => Err(Error::SignTypeUnsupported(other.to_owned())),
        }
    }
}

/// The two strings the v2 signature is computed from, as the docs name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringToSign {
    /// `k1=v1&k2=v2…` over the sorted, non-empty fields (without `sign`).
    pub string_a: String,
    /// `stringA&key=API_KEY`: secret, never log it; use [`StringToSign::masked`].
    pub string_sign_temp: String,
}

impl StringToSign {
    /// `stringSignTemp` with the key replaced by as many `*` as it has characters, so a wrong
    /// key length is still visible without revealing the key.
    pub fn masked(&self) -> String {
        mask_key(&self.string_a, self.string_sign_temp.len() - self.string_a.len() - KEY_PREFIX.len())
    }
}

const KEY_PREFIX: &str = "&key=";

pub(crate) fn mask_key(string_a: &str, key_len: usize) -> String {
    let mut s = String::with_capacity(string_a.len() + KEY_PREFIX.len() + key_len);
    s.push_str(string_a);
    s.push_str(KEY_PREFIX);
    s.extend(std::iter::repeat('*').take(key_len));
    s
}

/// The fields that take part, sorted by name in byte order (stable for repeated names).
fn signed_fields<'a, I>(params: I) -> Vec<(&'a str, &'a str)>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut fields: Vec<_> = params.into_iter().filter(|(k, v)| !v.is_empty() && *k != "sign").collect();
    fields.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    fields
}

/// Feeds `stringSignTemp` to `sink` piece by piece, so signing never allocates the string.
fn feed(fields: &[(&str, &str)], key: &str, mut sink: impl FnMut(&[u8])) {
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            sink(b"&");
        }
        sink(k.as_bytes());
        sink(b"=");
        sink(v.as_bytes());
    }
    sink(KEY_PREFIX.as_bytes());
    sink(key.as_bytes());
}

/// The v2 signature of `params` (uppercase hex). Values are used verbatim: no trimming, no
/// URL-encoding. Unknown fields are signed like any other.
///
/// ```
/// use wechatpay_wasm::v2::{sign, SignType};
/// let params = [("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"), ("device_info", "1000"),
///               ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA"), ("empty", "")];
/// let key = "192006250b4c09247ec02edce69f6a2d";
/// assert_eq!(sign(params, key, SignType::Md5), "9A0A8659F005D6984697E2CA0A9CF3B7");
/// assert_eq!(sign(params, key, SignType::HmacSha256),
///            "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6");
/// ```
pub fn sign<'a, I>(params: I, key: &str, sign_type: SignType) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let fields = signed_fields(params);
    match sign_type {
        SignType::Md5 => {
            let mut h = Md5::new();
            feed(&fields, key, |b| h.update(b));
            hex::upper(&h.finalize())
        }
        SignType::HmacSha256 => {
            // HMAC accepts keys of any length, so this cannot fail.
            let mut h = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes()).unwrap_or_else(|_| unreachable_hmac());
            feed(&fields, key, |b| h.update(b));
            hex::upper(&h.finalize().into_bytes())
        }
    }
}

#[cold]
fn unreachable_hmac() -> Hmac<Sha256> {
    // `new_from_slice` only fails for fixed-size keys; HMAC takes any length. Keep a value
    // instead of a panic so the crate has no panic path at all.
    <Hmac<Sha256> as Mac>::new(&Default::default())
}

/// `stringA` and `stringSignTemp` for `params` (for debugging; see [`StringToSign::masked`]).
pub fn string_to_sign<'a, I>(params: I, key: &str) -> StringToSign
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let fields = signed_fields(params);
    let mut temp = Vec::new();
    feed(&fields, key, |b| temp.extend_from_slice(b));
    let string_sign_temp = String::from_utf8(temp).unwrap_or_default();
    let string_a = string_sign_temp
        .strip_suffix(key)
        .and_then(|s| s.strip_suffix(KEY_PREFIX))
        .unwrap_or_default()
        .to_owned();
    StringToSign { string_a, string_sign_temp }
}

/// Verifies the `sign` field of a received message, using its `sign_type` (default `MD5`).
/// The comparison runs in constant time.
///
/// Errors: `SIGN_MISSING`, `SIGN_TYPE_UNSUPPORTED`, `SIGN_MISMATCH` (whose message shows
/// `stringA` and the masked `stringSignTemp`).
pub fn verify<'a, I>(params: I, key: &str) -> Result<()>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let params: Vec<_> = params.into_iter().collect();
    let field = |name: &str| params.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let received = field("sign").filter(|s| !s.is_empty()).ok_or(Error::SignMissing)?;
    let sign_type = match field("sign_type") {
        None | Some("") => SignType::Md5,
        Some(t) => t.parse()?,
    };
    let expected = sign(params.iter().copied(), key, sign_type);
    let received_upper = received.to_ascii_uppercase();
    if bool::from(expected.as_bytes().ct_eq(received_upper.as_bytes())) {
        Ok(())
    } else {
        let s = string_to_sign(params.iter().copied(), key);
        Err(Error::SignMismatch {
            detail: format!(
                "{} over stringSignTemp {:?} does not match the received sign",
                sign_type.as_str(),
                s.masked()
            ),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const KEY: &str = "192006250b4c09247ec02edce69f6a2d";
    const PARAMS: [(&str, &str); 5] = [
        ("appid", "wxd930ea5d5a258f4f"),
        ("mch_id", "10000100"),
        ("device_info", "1000"),
        ("body", "test"),
        ("nonce_str", "ibuaiVcKdpRxkhJA"),
    ];

    #[test]
    fn string_to_sign_matches_the_spec_and_masks_the_key() {
        let s = string_to_sign(PARAMS, KEY);
        assert_eq!(s.string_a, "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA");
        assert_eq!(s.string_sign_temp, format!("{}&key={KEY}", s.string_a));
        assert_eq!(s.masked(), format!("{}&key={}", s.string_a, "*".repeat(32)));
        let empty = string_to_sign([("a", "")], "k");
        assert_eq!((empty.string_a.as_str(), empty.string_sign_temp.as_str()), ("", "&key=k"));
        assert_eq!(empty.masked(), "&key=*");
    }

    #[test]
    fn sort_is_by_byte_and_case_sensitive() {
        let s = string_to_sign([("b", "1"), ("B", "2"), ("a_b", "3"), ("aB", "4"), ("sign", "X")], "k");
        assert_eq!(s.string_a, "B=2&aB=4&a_b=3&b=1");
    }

    #[test]
    fn verify_uses_sign_type_and_reports_failures() {
        let hmac = sign(PARAMS, KEY, SignType::HmacSha256);
        let mut msg: Vec<(&str, &str)> = PARAMS.to_vec();
        msg.push(("sign_type", "HMAC-SHA256"));
        let signed_with_type = sign(msg.iter().copied(), KEY, SignType::HmacSha256);
        assert_ne!(hmac, signed_with_type, "sign_type itself is signed");
        msg.push(("sign", &signed_with_type));
        verify(msg.iter().copied(), KEY).unwrap();
        let lower = signed_with_type.to_ascii_lowercase();
        *msg.last_mut().unwrap() = ("sign", &lower);
        verify(msg.iter().copied(), KEY).unwrap();

        let err = verify(msg.iter().copied(), "wrong").unwrap_err();
        assert_eq!(err.code(), "SIGN_MISMATCH");
        assert!(err.to_string().contains("&key=*****\""), "{err}");
        assert!(!err.to_string().contains("wrong"));
        assert_eq!(verify(PARAMS, KEY).unwrap_err(), Error::SignMissing);
        let bad_type = [("a", "1"), ("sign_type", "SHA1"), ("sign", "X")];
        assert_eq!(verify(bad_type, KEY).unwrap_err().code(), "SIGN_TYPE_UNSUPPORTED");
    }
}
