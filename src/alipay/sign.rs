//! Request signatures (OpenAPI "2.0", the gateway API): drop `sign` and empty values, sort the
//! names in byte (ASCII) order, join `k=v` with `&` (values verbatim, not URL-encoded), then
//! SHA256withRSA (`RSA2`) or the legacy SHA1withRSA (`RSA`), base64.

use crate::keys::{PrivateKey, PublicKey};
use crate::{Error, Result};
use base64::{engine::general_purpose::STANDARD, Engine};

/// Alipay's signature algorithms.
///
/// ```
/// use wechatpay_wasm::alipay::SignType;
/// assert_eq!("RSA2".parse::<SignType>()?, SignType::default());
/// assert_eq!("SHA256".parse::<SignType>().unwrap_err().code(), "SIGN_TYPE_UNSUPPORTED");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignType {
    /// `RSA2`: SHA256withRSA. The default, and the only one new apps can choose.
    #[default]
    Rsa2,
    /// `RSA`: SHA1withRSA. **Legacy**: kept for old apps and their notifications only.
    Rsa,
}

impl SignType {
    /// The name Alipay uses in `sign_type`.
    ///
    /// ```
    /// assert_eq!(wechatpay_wasm::alipay::SignType::Rsa.as_str(), "RSA");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SignType::Rsa2 => "RSA2",
            SignType::Rsa => "RSA",
        }
    }
}

impl core::str::FromStr for SignType {
    type Err = Error;
    /// Parses `RSA2` or `RSA`, exactly as Alipay writes them.
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "RSA2" => Ok(SignType::Rsa2),
            "RSA" => Ok(SignType::Rsa),
            other => Err(Error::AlipaySignTypeUnsupported(other.to_owned())),
        }
    }
}

/// The fields that are signed, sorted by name in byte order, without `excluded` names and
/// empty values. A name given twice is refused: Alipay parameters are a map, and a duplicate
/// would make what is signed differ from what either copy says.
pub(crate) fn signed_fields<'a, K, V>(params: &'a [(K, V)], excluded: &[&str]) -> Result<Vec<(&'a str, &'a str)>>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut fields: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|(k, v)| !v.is_empty() && !excluded.contains(k))
        .collect();
    fields.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    check_names(params)?;
    Ok(fields)
}

/// Names must be non-empty and unique (over all fields, signed or not).
fn check_names<K: AsRef<str>, V>(params: &[(K, V)]) -> Result<()> {
    let mut names: Vec<&str> = params.iter().map(|(k, _)| k.as_ref()).collect();
    if names.iter().any(|k| k.is_empty()) {
        return Err(Error::InvalidArgument("a field name is empty".into()));
    }
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| matches!(w, [a, b] if a == b)) {
        let name = w.first().copied().unwrap_or_default();
        return Err(Error::InvalidArgument(format!("field {name:?} is given twice")));
    }
    Ok(())
}

pub(crate) fn join(fields: &[(&str, &str)]) -> String {
    crate::xml::join_pairs(fields, '=', '&')
}

/// The string a request signature covers: every field but `sign` (including `sign_type`),
/// empty values dropped, sorted by name in byte order, `k=v` joined with `&`, values verbatim.
///
/// ```
/// use wechatpay_wasm::alipay;
/// let params = [("method", "alipay.trade.precreate"), ("app_id", "2021000000000000"),
///               ("sign_type", "RSA2"), ("notify_url", ""), ("sign", "old"),
///               ("biz_content", r#"{"subject":"a b&c=d"}"#)];
/// assert_eq!(alipay::string_to_sign(&params).unwrap(),
///     r#"app_id=2021000000000000&biz_content={"subject":"a b&c=d"}&method=alipay.trade.precreate&sign_type=RSA2"#);
/// ```
pub fn string_to_sign<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> Result<String> {
    Ok(join(&signed_fields(params, &["sign"])?))
}

/// Signs `content` (UTF-8) with `sign_type`, base64.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// use wechatpay_wasm::alipay::{sign_content, string_to_sign, sign, SignType};
/// let params = [("app_id", "2021000000000000"), ("method", "alipay.trade.query")];
/// // RSA2 is deterministic (PKCS#1 v1.5): signing the string equals signing the fields.
/// assert_eq!(sign_content(&string_to_sign(&params)?, &key, SignType::Rsa2)?, sign(&params, &key, SignType::Rsa2)?);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn sign_content(content: &str, key: &PrivateKey, sign_type: SignType) -> Result<String> {
    let sig = match sign_type {
        SignType::Rsa2 => key.sign_sha256(content.as_bytes())?,
        SignType::Rsa => key.sign_sha1(content.as_bytes())?,
    };
    Ok(STANDARD.encode(sig))
}

/// Whether `sign_b64` is a valid `sign_type` signature of `content`. Alipay's `sign` is base64;
/// anything else is `SIGN_MISMATCH` (with a hint when a `+` was turned into a space).
pub(crate) fn verify_content(content: &str, sign_b64: &str, key: &PublicKey, sign_type: SignType) -> Result<()> {
    let shown = shorten(content);
    let sig = STANDARD.decode(sign_b64.trim().as_bytes()).map_err(|_| {
        let hint = if sign_b64.trim().contains(' ') {
            ": it contains spaces, so a '+' was probably decoded as a space (the body URL-decoded twice?)"
        } else {
            ""
        };
        Error::SignMismatch { detail: format!("the sign is not valid base64{hint}; signed content {shown:?}") }
    })?;
    let ok = match sign_type {
        SignType::Rsa2 => key.verify_sha256(content.as_bytes(), &sig),
        SignType::Rsa => key.verify_sha1(content.as_bytes(), &sig),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::SignMismatch {
            detail: format!(
                "{} signature does not verify with this Alipay public key over {shown:?}",
                sign_type.as_str()
            ),
        })
    }
}

fn shorten(s: &str) -> String {
    crate::error::excerpt(s, crate::error::MAX_QUOTED_CHARS)
}

/// The `sign` of a request: [`string_to_sign`] signed with the app private key.
///
/// ```
/// # use wechatpay_wasm::{alipay::{self, SignType}, keys::PrivateKey};
/// # let key = PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem"))).unwrap();
/// let sign = alipay::sign(&[("app_id", "2021000000000000"), ("method", "alipay.trade.query")],
///                         &key, SignType::Rsa2).unwrap();
/// assert_eq!(sign.len(), 344); // base64 of 256 bytes
/// ```
pub fn sign<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)], key: &PrivateKey, sign_type: SignType) -> Result<String> {
    sign_content(&string_to_sign(params)?, key, sign_type)
}

/// Percent-encodes `s` like JavaScript's `encodeURIComponent`, as the Alipay Node SDK writes
/// its query strings: UTF-8 bytes, uppercase hex, a space as `%20`, and only
/// `A–Z a–z 0–9 - _ . ! ~ * ' ( )` left as they are.
///
/// ```
/// use wechatpay_wasm::alipay::url_encode;
/// assert_eq!(url_encode("a b+c/支付宝"), "a%20b%2Bc%2F%E6%94%AF%E4%BB%98%E5%AE%9D");
/// assert_eq!(url_encode("-_.!~*'()"), "-_.!~*'()");
/// ```
pub fn url_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0')));
            out.push(char::from(HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0')));
        }
    }
    out
}

/// The request as a query string: the non-empty fields (sorted by name) and then `sign`, every
/// name and value URL-encoded with [`url_encode`]. This is the App order string
/// (`alipay.trade.app.pay`), the query of a GET to the gateway (`alipay.trade.page.pay`,
/// `alipay.trade.wap.pay`) and a valid `application/x-www-form-urlencoded` POST body.
///
/// A `sign` among `params` is replaced; `sign_type` is written as given (put it in `params`:
/// Alipay reads it to know the algorithm).
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// use wechatpay_wasm::alipay::{signed_query, SignType};
/// let query = signed_query(&[("app_id", "2021000000000000"), ("method", "alipay.trade.app.pay"),
///     ("sign_type", "RSA2"), ("biz_content", r#"{"subject":"QQ公仔"}"#)], &key, SignType::Rsa2)?;
/// assert!(query.starts_with("app_id=2021000000000000&biz_content=%7B%22subject%22%3A%22QQ%E5%85%AC%E4%BB%94%22%7D&method="));
/// assert!(query.contains("&sign="));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn signed_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)], key: &PrivateKey, sign_type: SignType) -> Result<String> {
    let fields = signed_fields(params, &["sign"])?;
    let sign = sign_content(&join(&fields), key, sign_type)?;
    let mut out = String::new();
    for (k, v) in fields.iter().copied().chain([("sign", sign.as_str())]) {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&url_encode(k));
        out.push('=');
        out.push_str(&url_encode(v));
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn url_encode_is_encode_uri_component() {
        assert_eq!(url_encode("a b+c&d=e%f"), "a%20b%2Bc%26d%3De%25f");
        assert_eq!(url_encode("中文"), "%E4%B8%AD%E6%96%87");
        assert_eq!(url_encode("-_.!~*'()"), "-_.!~*'()");
        assert_eq!(url_encode("{\"a\":\"/\"}"), "%7B%22a%22%3A%22%2F%22%7D");
        assert_eq!(url_encode("😀\n"), "%F0%9F%98%80%0A");
    }

    #[test]
    fn sign_types_parse_exactly() {
        assert_eq!("RSA2".parse::<SignType>().unwrap(), SignType::Rsa2);
        assert_eq!("RSA".parse::<SignType>().unwrap(), SignType::Rsa);
        for bad in ["rsa2", "RSA256", "", "MD5", " RSA2"] {
            assert_eq!(bad.parse::<SignType>().err().map(|e| e.code()), Some("SIGN_TYPE_UNSUPPORTED"), "{bad:?}");
        }
    }

    #[test]
    fn string_to_sign_sorts_by_bytes_drops_sign_and_empty() {
        let p = [("b", "2"), ("B", "1"), ("a_b", "x"), ("a", ""), ("sign", "s"), ("sign_type", "RSA2"), ("ab", "=&%+ ")];
        assert_eq!(string_to_sign(&p).unwrap(), "B=1&a_b=x&ab==&%+ &b=2&sign_type=RSA2");
        assert_eq!(string_to_sign::<&str, &str>(&[]).unwrap(), "");
    }

    #[test]
    fn duplicate_and_empty_names_are_refused() {
        let dup = [("a", "1"), ("b", "2"), ("a", "3")];
        assert_eq!(string_to_sign(&dup).err().map(|e| e.code()), Some("INVALID_ARGUMENT"));
        assert_eq!(string_to_sign(&[("", "1")]).err().map(|e| e.code()), Some("INVALID_ARGUMENT"));
        // A duplicate empty value is still a duplicate.
        assert_eq!(string_to_sign(&[("a", ""), ("a", "1")]).err().map(|e| e.code()), Some("INVALID_ARGUMENT"));
    }
}
