//! The v2 signature: drop `sign` and empty values, sort names by byte order, join `k=v` with
//! `&`, append `&key=API_KEY`, then MD5 or HMAC-SHA256 (keyed with the API key), uppercase hex.

use crate::{hex, Error, Result};
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

/// The two v2 signature algorithms.
///
/// ```
/// use wechatpay_wasm::v2::SignType;
/// let t: SignType = "HMAC-SHA256".parse()?;
/// assert_eq!(t, SignType::HmacSha256);
/// assert_eq!(SignType::default().as_str(), "MD5");
/// assert_eq!("md5".parse::<SignType>().unwrap_err().code(), "SIGN_TYPE_UNSUPPORTED");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
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
    ///
    /// ```
    /// assert_eq!(wechatpay_wasm::v2::SignType::HmacSha256.as_str(), "HMAC-SHA256");
    /// ```
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
///
/// ```
/// let s = wechatpay_wasm::v2::string_to_sign(&[("b", "2"), ("a", "1"), ("empty", ""), ("sign", "X")], "KEY");
/// assert_eq!(s.string_a, "a=1&b=2");
/// assert_eq!(s.string_sign_temp, "a=1&b=2&key=KEY");
/// ```
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
    ///
    /// ```
    /// let s = wechatpay_wasm::v2::string_to_sign(&[("a", "1")], "secret");
    /// assert_eq!(s.masked(), "a=1&key=******");
    /// ```
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
fn signed_fields<'a, I, K, V>(params: I) -> Vec<(&'a [u8], &'a [u8])>
where
    I: IntoIterator<Item = (&'a K, &'a V)>,
    K: AsRef<[u8]> + ?Sized + 'a,
    V: AsRef<[u8]> + ?Sized + 'a,
{
    let mut fields: Vec<(&[u8], &[u8])> = params
        .into_iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|(k, v)| !v.is_empty() && *k != b"sign")
        .collect();
    crate::sort::sort_pairs(&mut fields);
    fields
}

/// Feeds `stringSignTemp` to `sink` piece by piece, so signing never allocates the string.
fn feed(fields: &[(&[u8], &[u8])], key: &[u8], mut sink: impl FnMut(&[u8])) {
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            sink(b"&");
        }
        sink(k);
        sink(b"=");
        sink(v);
    }
    sink(KEY_PREFIX.as_bytes());
    sink(key);
}

/// A v2 signer bound to one API key. Keeps the HMAC key schedule, so repeated HMAC-SHA256
/// signatures skip two SHA-256 blocks each; the key is zeroized on drop.
///
/// ```
/// use wechatpay_wasm::v2::{Signer, SignType};
/// let signer = Signer::new("192006250b4c09247ec02edce69f6a2d");
/// let params = [("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"), ("device_info", "1000"),
///               ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA")];
/// assert_eq!(signer.sign(&params, SignType::Md5), "9A0A8659F005D6984697E2CA0A9CF3B7");
/// ```
#[derive(Clone)]
pub struct Signer {
    key: Zeroizing<Vec<u8>>,
    hmac: Hmac<Sha256>,
}

impl core::fmt::Debug for Signer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Signer").field("key", &"<redacted>").finish()
    }
}

impl Signer {
    /// A signer for the API key `key`.
    ///
    /// ```
    /// let signer = wechatpay_wasm::v2::Signer::new("192006250b4c09247ec02edce69f6a2d");
    /// # let _ = signer;
    /// ```
    pub fn new(key: &str) -> Self {
        // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
        let hmac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes())
            .unwrap_or_else(|_| <Hmac<Sha256> as Mac>::new(&Default::default()));
        Signer { key: Zeroizing::new(key.as_bytes().to_vec()), hmac }
    }

    /// The signature of `params` (uppercase hex); see [`sign`].
    ///
    /// ```
    /// use wechatpay_wasm::v2::{Signer, SignType};
    /// let signer = Signer::new("192006250b4c09247ec02edce69f6a2d");
    /// let params = [("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"), ("device_info", "1000"),
    ///               ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA")];
    /// assert_eq!(signer.sign(&params, SignType::HmacSha256),
    ///            "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6");
    /// ```
    pub fn sign<'a, I, K, V>(&self, params: I, sign_type: SignType) -> String
    where
        I: IntoIterator<Item = &'a (K, V)>,
        K: AsRef<[u8]> + 'a,
        V: AsRef<[u8]> + 'a,
    {
        let mut out = [0u8; 64];
        let n = self.sign_into(params, sign_type, &mut out);
        out.get(..n).map(|hex| hex.iter().map(|&b| char::from(b)).collect()).unwrap_or_default()
    }

    /// Writes the signature's uppercase hex into `out` and returns its length (32 for MD5,
    /// 64 for HMAC-SHA256). Allocation-free apart from the sorted field list.
    ///
    /// ```
    /// use wechatpay_wasm::v2::{Signer, SignType};
    /// let mut out = [0u8; 64];
    /// let n = Signer::new("192006250b4c09247ec02edce69f6a2d").sign_into(
    ///     &[("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"), ("device_info", "1000"),
    ///       ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA")], SignType::Md5, &mut out);
    /// assert_eq!(&out[..n], b"9A0A8659F005D6984697E2CA0A9CF3B7");
    /// ```
    pub fn sign_into<'a, I, K, V>(&self, params: I, sign_type: SignType, out: &mut [u8; 64]) -> usize
    where
        I: IntoIterator<Item = &'a (K, V)>,
        K: AsRef<[u8]> + 'a,
        V: AsRef<[u8]> + 'a,
    {
        let fields = signed_fields(params.into_iter().map(|(k, v)| (k, v)));
        self.hash(&fields, sign_type, out)
    }

    /// [`Signer::sign_into`] over `count` fields packed as `name NUL value NUL name …` (the
    /// wasm layer's input, split here in the same pass that picks the signed fields), or
    /// `None` when the separators do not match `count` (a NUL inside a name or value).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn sign_packed(&self, packed: &[u8], count: usize, sign_type: SignType, out: &mut [u8; 64]) -> Option<usize> {
        // Up to 64 signed fields (every real message) sort on the stack, without an allocation.
        let mut stack: [crate::sort::Pair<'_>; 64] = [(&[], &[]); 64];
        let mut heap: Vec<crate::sort::Pair<'_>> = Vec::new();
        let mut signed = 0usize;
        let mut pairs = 0usize;
        if count > 0 || !packed.is_empty() {
            let mut parts = packed.split(|&b| b == 0);
            while let Some(name) = parts.next() {
                let value = parts.next()?;
                pairs += 1;
                if !value.is_empty() && name != b"sign" {
                    match stack.get_mut(signed) {
                        Some(slot) if heap.is_empty() => *slot = (name, value),
                        _ => {
                            if heap.is_empty() {
                                heap.extend_from_slice(&stack);
                            }
                            heap.push((name, value));
                        }
                    }
                    signed += 1;
                }
            }
        }
        if pairs != count {
            return None;
        }
        let fields = if heap.is_empty() { stack.get_mut(..signed).unwrap_or_default() } else { &mut heap[..] };
        crate::sort::sort_pairs(fields);
        Some(self.hash(fields, sign_type, out))
    }

    /// The hex signature of the sorted, filtered `fields` into `out`; returns its length.
    fn hash(&self, fields: &[(&[u8], &[u8])], sign_type: SignType, out: &mut [u8; 64]) -> usize {
        // One contiguous stringSignTemp and a single hash update: dozens of small `update`
        // calls cost more than the copy, most of all in wasm. Up to 2 KiB it is built on the
        // stack (no allocation), and only the bytes written are zeroized afterwards.
        let size = fields.iter().map(|(k, v)| k.len() + v.len() + 2).sum::<usize>() + KEY_PREFIX.len() + self.key.len();
        let mut stack = [0u8; 2048];
        if let Some(temp) = stack.get_mut(..size) {
            let mut at = 0;
            feed(fields, &self.key, |b| {
                if let Some(to) = temp.get_mut(at..at + b.len()) {
                    to.copy_from_slice(b);
                }
                at += b.len();
            });
            // `size` counts a separator per field; the first has none: hash what was written.
            let n = self.digest(temp.get(..at).unwrap_or_default(), sign_type, out);
            temp.zeroize();
            n
        } else {
            let mut temp = Zeroizing::new(Vec::with_capacity(size));
            feed(fields, &self.key, |b| temp.extend_from_slice(b));
            self.digest(&temp, sign_type, out)
        }
    }

    fn digest(&self, message: &[u8], sign_type: SignType, out: &mut [u8; 64]) -> usize {
        match sign_type {
            SignType::Md5 => hex::upper_into(&Md5::digest(message), out),
            SignType::HmacSha256 => {
                let mut h = self.hmac.clone();
                h.update(message);
                hex::upper_into(&h.finalize().into_bytes(), out)
            }
        }
    }
}

/// The v2 signature of `params` (uppercase hex). Values are used verbatim: no trimming, no
/// URL-encoding. Unknown fields are signed like any other. To sign many messages with one key,
/// keep a [`Signer`].
///
/// ```
/// use wechatpay_wasm::v2::{sign, SignType};
/// let params = [("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"), ("device_info", "1000"),
///               ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA"), ("empty", "")];
/// let key = "192006250b4c09247ec02edce69f6a2d";
/// assert_eq!(sign(&params, key, SignType::Md5), "9A0A8659F005D6984697E2CA0A9CF3B7");
/// assert_eq!(sign(&params, key, SignType::HmacSha256),
///            "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6");
/// ```
pub fn sign<'a, I, K, V>(params: I, key: &str, sign_type: SignType) -> String
where
    I: IntoIterator<Item = &'a (K, V)>,
    K: AsRef<[u8]> + 'a,
    V: AsRef<[u8]> + 'a,
{
    Signer::new(key).sign(params, sign_type)
}

/// `stringA` and `stringSignTemp` for `params` (for debugging; see [`StringToSign::masked`]).
///
/// ```
/// let params = [("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"), ("device_info", "1000"),
///               ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA")];
/// let s = wechatpay_wasm::v2::string_to_sign(&params, "192006250b4c09247ec02edce69f6a2d");
/// assert_eq!(s.string_a, "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA");
/// ```
pub fn string_to_sign<'a, I, K, V>(params: I, key: &str) -> StringToSign
where
    I: IntoIterator<Item = &'a (K, V)>,
    K: AsRef<str> + 'a,
    V: AsRef<str> + 'a,
{
    let fields = signed_fields(params.into_iter().map(|(k, v)| (k.as_ref(), v.as_ref())));
    let mut temp = Vec::new();
    feed(&fields, key.as_bytes(), |b| temp.extend_from_slice(b));
    // Every piece came from a &str, so the concatenation is UTF-8.
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
///
/// ```
/// use wechatpay_wasm::v2;
/// let key = "192006250b4c09247ec02edce69f6a2d";
/// let mut msg = vec![("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"), ("device_info", "1000"),
///                    ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA"),
///                    ("sign", "9A0A8659F005D6984697E2CA0A9CF3B7")];
/// assert!(v2::verify(&msg, key).is_ok());
/// msg[3].1 = "tampered";
/// assert_eq!(v2::verify(&msg, key).unwrap_err().code(), "SIGN_MISMATCH");
/// ```
pub fn verify<'a, I, K, V>(params: I, key: &str) -> Result<()>
where
    I: IntoIterator<Item = &'a (K, V)>,
    K: AsRef<str> + 'a,
    V: AsRef<str> + 'a,
{
    let params: Vec<(&str, &str)> = params.into_iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    let field = |name: &str| params.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let received = field("sign").filter(|s| !s.is_empty()).ok_or(Error::SignMissing)?;
    let sign_type = match field("sign_type") {
        None | Some("") => SignType::Md5,
        Some(t) => t.parse()?,
    };
    let mut expected = [0u8; 64];
    let n = Signer::new(key).sign_into(&params, sign_type, &mut expected);
    let received_upper = received.to_ascii_uppercase();
    if bool::from(expected.get(..n).unwrap_or_default().ct_eq(received_upper.as_bytes())) {
        Ok(())
    } else {
        Err(Error::SignMismatch {
            detail: format!(
                "{} over stringSignTemp {:?} does not match the received sign",
                sign_type.as_str(),
                crate::error::excerpt(&string_to_sign(&params, key).masked(), crate::error::MAX_QUOTED_CHARS)
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
        let s = string_to_sign(&PARAMS, KEY);
        assert_eq!(s.string_a, "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA");
        assert_eq!(s.string_sign_temp, format!("{}&key={KEY}", s.string_a));
        assert_eq!(s.masked(), format!("{}&key={}", s.string_a, "*".repeat(32)));
        let empty = string_to_sign(&[("a", "")], "k");
        assert_eq!((empty.string_a.as_str(), empty.string_sign_temp.as_str()), ("", "&key=k"));
        assert_eq!(empty.masked(), "&key=*");
    }

    #[test]
    fn sign_packed_matches_sign_and_refuses_a_wrong_count() {
        let signer = Signer::new(KEY);
        let packed = "appid\0wxd930ea5d5a258f4f\0mch_id\010000100\0device_info\01000\0body\0test\0nonce_str\0ibuaiVcKdpRxkhJA\0sign\0X\0empty\0";
        for sign_type in [SignType::Md5, SignType::HmacSha256] {
            let mut out = [0u8; 64];
            let n = signer.sign_packed(packed.as_bytes(), 7, sign_type, &mut out).unwrap();
            assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), sign(&PARAMS, KEY, sign_type));
            // A NUL inside a value adds a separator: 7 pairs no longer match.
            assert_eq!(signer.sign_packed(packed.replace("test", "te\0st").as_bytes(), 7, sign_type, &mut out), None);
            assert_eq!(signer.sign_packed(packed.as_bytes(), 6, sign_type, &mut out), None);
            assert_eq!(signer.sign_packed(packed.as_bytes(), 8, sign_type, &mut out), None);
        }
        let mut out = [0u8; 64];
        let n = signer.sign_packed(b"", 0, SignType::Md5, &mut out).unwrap();
        assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), sign(&[] as &[(&str, &str)], KEY, SignType::Md5));
        assert_eq!(signer.sign_packed(b"", 1, SignType::Md5, &mut out), None);
        assert_eq!(signer.sign_packed(b"a", 0, SignType::Md5, &mut out), None);
        // More than 64 signed fields and a stringSignTemp over 2 KiB (both on the heap) agree too.
        let many: Vec<(String, String)> = (0..150).map(|i| (format!("k{:03}", 149 - i), "v".repeat(i % 40))).collect();
        let packed_many = many.iter().map(|(k, v)| format!("{k}\0{v}")).collect::<Vec<_>>().join("\0");
        for sign_type in [SignType::Md5, SignType::HmacSha256] {
            let n = signer.sign_packed(packed_many.as_bytes(), 150, sign_type, &mut out).unwrap();
            assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), sign(&many, KEY, sign_type));
            assert_eq!(signer.sign_packed(&packed_many.as_bytes()[..200], 150, sign_type, &mut out), None);
            // The hash of a stringSignTemp straight from the digest crates, not through the signer.
            let independent = |temp: &str, sign_type: SignType| match sign_type {
                SignType::Md5 => hex::upper(&Md5::digest(temp.as_bytes())),
                SignType::HmacSha256 => {
                    let mut h = <Hmac<Sha256> as Mac>::new_from_slice(KEY.as_bytes()).unwrap();
                    h.update(temp.as_bytes());
                    hex::upper(&h.finalize().into_bytes())
                }
            };
            // Independently: the hash of stringSignTemp (over 2 KiB here: the heap buffer).
            let temp = string_to_sign(&many, KEY).string_sign_temp;
            assert!(temp.len() > 2048);
            let expected = independent(&temp, sign_type);
            assert_eq!(sign(&many, KEY, sign_type), expected);
            // And for the stack buffer: the spec's vector, independently hashed.
            let temp = string_to_sign(&PARAMS, KEY).string_sign_temp;
            let expected = independent(&temp, sign_type);
            assert_eq!(sign(&PARAMS, KEY, sign_type), expected);
            assert_eq!(sign(&PARAMS, KEY, SignType::Md5), "9A0A8659F005D6984697E2CA0A9CF3B7");
            let few = &many[..60];
            let packed_few = few.iter().map(|(k, v)| format!("{k}\0{v}")).collect::<Vec<_>>().join("\0");
            let n = signer.sign_packed(packed_few.as_bytes(), 60, sign_type, &mut out).unwrap();
            assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), sign(few, KEY, sign_type));
        }
        let n = signer.sign_packed(b"a\0", 1, SignType::Md5, &mut out).unwrap();
        assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), sign(&[("a", "")], KEY, SignType::Md5));
    }

    #[test]
    fn sort_is_by_byte_and_case_sensitive() {
        let s = string_to_sign(&[("b", "1"), ("B", "2"), ("a_b", "3"), ("aB", "4"), ("sign", "X")], "k");
        assert_eq!(s.string_a, "B=2&aB=4&a_b=3&b=1");
    }

    #[test]
    fn verify_uses_sign_type_and_reports_failures() {
        let hmac = sign(&PARAMS, KEY, SignType::HmacSha256);
        let mut msg: Vec<(&str, &str)> = PARAMS.to_vec();
        msg.push(("sign_type", "HMAC-SHA256"));
        let signed_with_type = sign(&msg, KEY, SignType::HmacSha256);
        assert_ne!(hmac, signed_with_type, "sign_type itself is signed");
        msg.push(("sign", &signed_with_type));
        verify(&msg, KEY).unwrap();
        let lower = signed_with_type.to_ascii_lowercase();
        *msg.last_mut().unwrap() = ("sign", &lower);
        verify(&msg, KEY).unwrap();

        let err = verify(&msg, "wrong").unwrap_err();
        assert_eq!(err.code(), "SIGN_MISMATCH");
        assert!(err.to_string().contains("&key=*****\""), "{err}");
        assert!(!err.to_string().contains("wrong"));
        assert_eq!(verify(&PARAMS, KEY).unwrap_err(), Error::SignMissing);
        let bad_type = [("a", "1"), ("sign_type", "SHA1"), ("sign", "X")];
        assert_eq!(verify(&bad_type, KEY).unwrap_err().code(), "SIGN_TYPE_UNSUPPORTED");
    }
}
