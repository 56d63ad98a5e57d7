//! Request signatures: `Authorization: WECHATPAY2-SHA256-RSA2048 …` over
//! `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`, SHA256withRSA with the merchant private key.

use crate::keys::{PrivateKey, PublicKey};
use crate::v2::{digits, nonce_or_new, required, timestamp_or_now};
use crate::{Error, Result};
use std::borrow::Cow;
use base64::{engine::general_purpose::STANDARD, Engine};

/// The `Authorization` scheme of API v3.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// let auth = wechatpay_wasm::v3::authorization("1900000001", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
///     &key, "GET", "/v3/certificates", "", None, None)?;
/// assert!(auth.starts_with(wechatpay_wasm::v3::AUTH_SCHEME));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub const AUTH_SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";

/// The request's canonical URL: path and query. An absolute URL is reduced to them, because
/// WeChat Pay signs without scheme and host.
/// What a client sends as the request target: an absolute `http(s)://` URL (scheme in any case)
/// becomes its path and query, and a `#fragment` is dropped, as no client ever sends one.
pub(crate) fn canonical_url(url: &str) -> Cow<'_, str> {
    let url = url.split_once('#').map_or(url, |(before, _)| before);
    let scheme_end = url.find("://").filter(|&i| {
        url.get(..i).is_some_and(|s| s.eq_ignore_ascii_case("https") || s.eq_ignore_ascii_case("http"))
    });
    match scheme_end.and_then(|i| url.get(i + 3..)) {
        Some(rest) => match rest.find(['/', '?']).and_then(|i| rest.get(i..)) {
            Some(target) if target.starts_with('?') => Cow::Owned(format!("/{target}")),
            Some(target) => Cow::Borrowed(target),
            None => Cow::Borrowed("/"),
        },
        None => Cow::Borrowed(url),
    }
}

/// An HTTP method (an RFC 9110 token) and a request target without whitespace or control
/// characters: what can be sent is what is signed.
fn check_request_line(method: &str, url: &str) -> Result<()> {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if method.is_empty() || !method.bytes().all(tchar) {
        return Err(Error::InvalidArgument("method must be an HTTP method such as GET or POST".into()));
    }
    if url.is_empty() {
        return Err(Error::InvalidArgument("url must not be empty".into()));
    }
    if url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(Error::InvalidArgument("url must not contain spaces, CR, LF or other control characters: percent-encode them".into()));
    }
    Ok(())
}

/// The string a request signature covers: `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`. The method
/// is uppercased; an absolute URL is reduced to its path and query, a `#fragment` dropped;
/// `body` is the exact request body (empty for GET). `INVALID_ARGUMENT` for an empty or
/// non-token method, or an empty URL or one with whitespace or control characters.
///
/// ```
/// let m = wechatpay_wasm::v3::message("get", "https://api.mch.weixin.qq.com/v3/certificates",
///     "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", "").unwrap();
/// assert_eq!(m, "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n");
/// ```
pub fn message(method: &str, url: &str, timestamp: &str, nonce: &str, body: &str) -> Result<String> {
    check_request_line(method, url)?;
    Ok(message_unchecked(method, url, timestamp, nonce, body))
}

/// [`message`] without the request-line checks: for the diagnosis, which shows what a request
/// with a malformed method or URL would have signed.
pub(crate) fn message_unchecked(method: &str, url: &str, timestamp: &str, nonce: &str, body: &str) -> String {
    let url = canonical_url(url);
    let mut s = String::with_capacity(method.len() + url.len() + timestamp.len() + nonce.len() + body.len() + 5);
    for part in [method.to_ascii_uppercase().as_str(), &url, timestamp, nonce, body] {
        s.push_str(part);
        s.push('\n');
    }
    s
}

/// SHA256withRSA of `message`, base64: the primitive under every v3 signature (and Alipay's
/// RSA2).
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// let message = wechatpay_wasm::v3::message("GET", "/v3/certificates", "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", "")?;
/// let signature = wechatpay_wasm::v3::sign_message(&key, message.as_bytes())?;
/// assert!(wechatpay_wasm::v3::verify_message(&cert, message.as_bytes(), &signature)?);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn sign_message(key: &PrivateKey, message: &[u8]) -> Result<String> {
    Ok(STANDARD.encode(key.sign_sha256(message)?))
}

/// Whether `signature_b64` is a valid SHA256withRSA signature of `message`. Bad base64 is
/// `BASE64_INVALID`; a wrong signature is `Ok(false)`.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// let public = key.public_key();
/// let signature = wechatpay_wasm::v3::sign_message(&key, b"a")?;
/// assert!(wechatpay_wasm::v3::verify_message(&public, b"a", &signature)?);
/// assert!(!wechatpay_wasm::v3::verify_message(&public, b"b", &signature)?);
/// assert_eq!(wechatpay_wasm::v3::verify_message(&public, b"a", "%%").unwrap_err().code(), "BASE64_INVALID");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn verify_message(key: &PublicKey, message: &[u8], signature_b64: &str) -> Result<bool> {
    let sig = STANDARD
        .decode(signature_b64.trim().as_bytes())
        .map_err(|_| Error::Base64Invalid("signature"))?;
    Ok(key.verify_sha256(message, &sig))
}

/// Checks a value that is written inside `name="…"` in a header.
pub(crate) fn header_safe<'a>(name: &str, value: &'a str) -> Result<&'a str> {
    let value = required(name, value)?;
    if value.bytes().any(|b| b == b'"' || b == b'\\' || !(0x20..0x7f).contains(&b)) {
        return Err(Error::InvalidArgument(format!("{name} must be printable ASCII without quotes")));
    }
    Ok(value)
}

/// A request checked and its signed message built: everything of an `Authorization` header but
/// the RSA signature, which [`PreparedAuthorization::header`] takes. This is how the JS wrapper
/// signs with WebCrypto while this core still validates the inputs and writes the header.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// // Sign elsewhere (a KMS, an HSM, WebCrypto): only the RSA step leaves this crate.
/// let prepared = wechatpay_wasm::v3::prepare_authorization("1900000001", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
///     "GET", "/v3/certificates", "", None, None)?;
/// let signature = key.sign_sha256(prepared.message().as_bytes())?; // your signer here
/// let header = prepared.header(&signature);
/// assert!(header.contains(&format!("timestamp=\"{}\"", prepared.timestamp())));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedAuthorization {
    mch_id: String,
    serial_no: String,
    timestamp: String,
    nonce: String,
    message: String,
}

impl PreparedAuthorization {
    /// `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`: sign exactly these UTF-8 bytes.
    ///
    /// ```
    /// let p = wechatpay_wasm::v3::prepare_authorization("1900000001", "5157F0", "get", "/v3/certificates", "",
    ///     Some("1554208460"), Some("593BEC0C930BF1AFEB40B4A08C8FB242"))?;
    /// assert_eq!(p.message(), "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The timestamp used (given, or the current time).
    ///
    /// ```
    /// let p = wechatpay_wasm::v3::prepare_authorization("1900000001", "5157F0", "GET", "/v3/certificates", "", None, None)?;
    /// assert!(p.timestamp().parse::<u64>().is_ok());
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn timestamp(&self) -> &str {
        &self.timestamp
    }

    /// The nonce used (given, or 32 fresh random characters).
    ///
    /// ```
    /// let p = wechatpay_wasm::v3::prepare_authorization("1900000001", "5157F0", "GET", "/v3/certificates", "", None, None)?;
    /// assert_eq!(p.nonce().len(), 32);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// The header, given the raw SHA256withRSA signature of [`Self::message`].
    ///
    /// ```
    /// let p = wechatpay_wasm::v3::prepare_authorization("1900000001", "5157F0", "GET", "/v3/certificates", "",
    ///     Some("1554208460"), Some("593BEC0C930BF1AFEB40B4A08C8FB242"))?;
    /// assert_eq!(p.header(&[0xff]), "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",\
    ///     signature=\"/w==\",timestamp=\"1554208460\",serial_no=\"5157F0\"");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn header(&self, signature: &[u8]) -> String {
        authorization_header(&self.mch_id, &self.serial_no, &self.timestamp, &self.nonce, signature)
    }

    /// The header before and after its base64 signature (see [`authorization_header_parts`]).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn header_parts(&self) -> (String, String) {
        authorization_header_parts(&self.mch_id, &self.serial_no, &self.timestamp, &self.nonce)
    }
}

/// Checks a request's `Authorization` inputs and builds the message to sign. Omitted
/// `timestamp` / `nonce` are the current time and 32 random characters. `INVALID_ARGUMENT`
/// for an empty or unsafe `mch_id` / `serial_no` / nonce, an empty method or URL, or a timestamp
/// that is not decimal digits.
///
/// ```
/// let err = wechatpay_wasm::v3::prepare_authorization("1900000001", "5157F0", "GET", "/v3/pay transactions", "", None, None)
///     .unwrap_err();
/// assert_eq!(err.code(), "INVALID_ARGUMENT"); // a URL with a space: percent-encode it
/// ```
pub fn prepare_authorization(
    mch_id: &str,
    serial_no: &str,
    method: &str,
    url: &str,
    body: &str,
    timestamp: Option<&str>,
    nonce: Option<&str>,
) -> Result<PreparedAuthorization> {
    let mch_id = header_safe("mchid", mch_id)?;
    let serial_no = header_safe("serial_no", serial_no)?;
    let timestamp = timestamp_or_now(timestamp);
    digits("timestamp", &timestamp)?;
    let nonce = nonce_or_new(nonce)?;
    header_safe("nonce_str", &nonce)?;
    let message = message(method, url, &timestamp, &nonce, body)?;
    Ok(PreparedAuthorization { mch_id: mch_id.to_owned(), serial_no: serial_no.to_owned(), timestamp, nonce, message })
}

/// Formats `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`
/// from the raw `signature` (base64-encoded here). The values are written as given: check them
/// with [`prepare_authorization`], which is what [`PreparedAuthorization::header`] does.
///
/// ```
/// let h = wechatpay_wasm::v3::authorization_header("1900000001", "5157F0", "1554208460", "n", &[0xff]);
/// assert_eq!(h, r#"WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="n",signature="/w==",timestamp="1554208460",serial_no="5157F0""#);
/// ```
pub fn authorization_header(mch_id: &str, serial_no: &str, timestamp: &str, nonce: &str, signature: &[u8]) -> String {
    let (before, after) = authorization_header_parts(mch_id, serial_no, timestamp, nonce);
    format!("{before}{}{after}", STANDARD.encode(signature))
}

/// [`authorization_header`] split around its base64 (standard alphabet, padded) signature:
/// `… signature="` and `",timestamp="…",serial_no="…"`. The JS wrapper's one-call path
/// (`V3Scratch`) joins them with the signature's base64, so both paths write the same header.
pub(crate) fn authorization_header_parts(mch_id: &str, serial_no: &str, timestamp: &str, nonce: &str) -> (String, String) {
    (
        format!("{AUTH_SCHEME} mchid=\"{mch_id}\",nonce_str=\"{nonce}\",signature=\""),
        format!("\",timestamp=\"{timestamp}\",serial_no=\"{serial_no}\""),
    )
}

/// The `Authorization` header for an API v3 request: [`prepare_authorization`], a blinded
/// SHA256withRSA signature of its message, [`PreparedAuthorization::header`].
///
/// ```
/// # use wechatpay_wasm::{keys::PrivateKey, v3};
/// # let key = PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem"))).unwrap();
/// let auth = v3::authorization("1900000001", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", &key,
///     "GET", "/v3/certificates", "", Some("1554208460"), Some("593BEC0C930BF1AFEB40B4A08C8FB242"))
///     .unwrap();
/// assert!(auth.starts_with("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",signature=\""));
/// assert!(auth.ends_with("\",timestamp=\"1554208460\",serial_no=\"5157F09EFDC096DE15EBE81A47057A7232F1B8E1\""));
/// ```
#[allow(clippy::too_many_arguments)]
pub fn authorization(
    mch_id: &str,
    serial_no: &str,
    key: &PrivateKey,
    method: &str,
    url: &str,
    body: &str,
    timestamp: Option<&str>,
    nonce: Option<&str>,
) -> Result<String> {
    let prepared = prepare_authorization(mch_id, serial_no, method, url, body, timestamp, nonce)?;
    let signature = key.sign_sha256(prepared.message().as_bytes())?;
    Ok(prepared.header(&signature))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn canonical_url_keeps_path_and_query() {
        assert_eq!(canonical_url("https://api.mch.weixin.qq.com/v3/a?b=1"), "/v3/a?b=1");
        assert_eq!(canonical_url("http://host"), "/");
        assert_eq!(canonical_url("/v3/a"), "/v3/a");
        assert_eq!(message("post", "/v3/a", "1", "n", "{}").unwrap(), "POST\n/v3/a\n1\nn\n{}\n");
    }

    #[test]
    fn request_line_is_what_a_client_sends() {
        // Scheme in any case, fragment dropped, query kept, host-only URL is "/".
        assert_eq!(canonical_url("HTTPS://api.mch.weixin.qq.com/v3/a?b=1#frag"), "/v3/a?b=1");
        assert_eq!(canonical_url("Http://host/v3/a#x"), "/v3/a");
        assert_eq!(canonical_url("https://host?x=1"), "/?x=1");
        assert_eq!(canonical_url("/v3/a?b=1#c"), "/v3/a?b=1");
        assert_eq!(canonical_url("ftp://host/a"), "ftp://host/a");
        let m = |method: &str, url: &str| message(method, url, "1", "n", "").map_err(|e| e.code());
        assert_eq!(m("get", "HTTPS://h/v3/x#f"), Ok("GET\n/v3/x\n1\nn\n\n".to_owned()));
        for (method, url) in [("", "/v3/a"), ("GE T", "/v3/a"), ("GET\r\n", "/v3/a"), ("GET", ""), ("GET", "/v3/a\r\nX: 1"),
                              ("GET", "/v3/a\n"), ("GET", "/v3/ a"), ("GET", "/v3/\u{7f}"), ("GET", "/v3/\t")] {
            assert_eq!(m(method, url), Err("INVALID_ARGUMENT"), "{method:?} {url:?}");
        }
    }

    #[test]
    fn header_values_are_checked() {
        assert_eq!(header_safe("mchid", "19\"00").err().map(|e| e.code()), Some("INVALID_ARGUMENT"));
        assert_eq!(header_safe("mchid", "").err().map(|e| e.code()), Some("INVALID_ARGUMENT"));
        assert_eq!(digits("timestamp", "12a").err().map(|e| e.code()), Some("INVALID_ARGUMENT"));
        assert_eq!(digits("timestamp", "1554208460").ok(), Some("1554208460"));
    }

    #[test]
    fn prepared_authorization_checks_inputs_and_formats_the_header() {
        let p = prepare_authorization("1900000001", "ABC", "post", "https://h/v3/a?b=1", "{}", Some("12"), Some("n0"))
            .unwrap();
        assert_eq!((p.message(), p.timestamp(), p.nonce()), ("POST\n/v3/a?b=1\n12\nn0\n{}\n", "12", "n0"));
        assert_eq!(
            p.header(&[0xfb, 0xff]),
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"n0\",signature=\"+/8=\",timestamp=\"12\",serial_no=\"ABC\""
        );
        let generated = prepare_authorization("1", "A", "GET", "/", "", None, None).unwrap();
        assert_eq!(generated.nonce().len(), 32);
        assert!(generated.timestamp().parse::<u64>().unwrap() > 1_700_000_000);
        for bad in [
            prepare_authorization("1\"", "A", "GET", "/", "", None, None),
            prepare_authorization("1", "", "GET", "/", "", None, None),
            prepare_authorization("1", "A", "", "/", "", None, None),
            prepare_authorization("1", "A", "GET", "", "", None, None),
            prepare_authorization("1", "A", "GET", "/", "", Some("1.5"), None),
            prepare_authorization("1", "A", "GET", "/", "", None, Some("n\"")),
        ] {
            assert_eq!(bad.err().map(|e| e.code()), Some("INVALID_ARGUMENT"));
        }
    }
}
