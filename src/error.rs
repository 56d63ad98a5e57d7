//! The one error model: every fallible function returns [`Error`], whose [`Error::code`] is a
//! stable string that the JS wrapper exposes as `WechatPayError.code`.
//!
//! Messages help the merchant find the cause, but never contain a secret: API keys are masked
//! (see [`crate::v2::StringToSign::masked`]) and private keys are never formatted.
//!
//! ```
//! use wechatpay_wasm::{v3, Error};
//! let err = v3::decrypt_resource("AAAA", "fdasflkja484", "transaction", "0123456789abcdef0123456789abcdef").unwrap_err();
//! assert_eq!(err.code(), "DECRYPT_FAILED");
//! assert!(matches!(err, Error::DecryptFailed(_)));
//! ```

/// Result alias used across the crate.
///
/// ```
/// fn order_xml() -> wechatpay_wasm::Result<String> {
///     wechatpay_wasm::xml::to_xml(&[("return_code", "SUCCESS")])
/// }
/// assert!(order_xml().is_ok());
/// ```
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Every failure the library reports. Match on [`Error::code`] for a stable identifier (codes
/// are API: they never change meaning), or on the variant for its details. New variants may be
/// added (`#[non_exhaustive]`).
///
/// ```
/// use wechatpay_wasm::{v2, Error};
/// match v2::parse_notification("<xml><return_code>FAIL</return_code><return_msg>签名失败</return_msg></xml>", "key") {
///     Err(Error::NotifyReturnFail { return_msg, .. }) => assert_eq!(return_msg, "签名失败"),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument is malformed (empty where a value is required, bad field name, …).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// A sign type other than `MD5` / `HMAC-SHA256` (v2) was requested or received.
    #[error("unsupported sign type {0:?}: expected \"MD5\" or \"HMAC-SHA256\"")]
    SignTypeUnsupported(String),
    /// A message that must be signed carries no `sign` field.
    #[error("the message has no `sign` field")]
    SignMissing,
    /// The signature does not match. `detail` says what was signed (secrets masked).
    #[error("signature mismatch: {detail}")]
    SignMismatch {
        /// What was compared and signed, secrets masked.
        detail: String,
    },
    /// The XML is not well formed, or not the flat `<xml><k>v</k>…</xml>` shape WeChat Pay uses.
    #[error("invalid XML: {0}")]
    XmlInvalid(String),
    /// The XML uses a feature refused for safety: DOCTYPE, custom entities (XXE, billion laughs).
    #[error("forbidden XML construct: {0}")]
    XmlForbidden(String),
    /// The XML is larger than [`crate::xml::MAX_XML_BYTES`].
    #[error("XML document of {size} bytes exceeds the {limit}-byte limit")]
    XmlTooLarge {
        /// The document's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The XML has more than [`crate::xml::MAX_XML_FIELDS`] fields.
    #[error("XML document has more than {limit} fields")]
    XmlTooManyFields {
        /// The limit.
        limit: usize,
    },
    /// A notification whose `return_code` is not `SUCCESS` (its fields are not signed).
    #[error("notification return_code is {return_code:?}: {return_msg}")]
    NotifyReturnFail {
        /// The notification's `return_code`.
        return_code: String,
        /// Its `return_msg`, WeChat Pay's explanation.
        return_msg: String,
    },
    /// Text that should be base64 is not.
    #[error("invalid base64 in {0}")]
    Base64Invalid(&'static str),
    /// Decryption failed: wrong key, corrupted or truncated ciphertext.
    #[error("decryption failed: {0}")]
    DecryptFailed(String),
    /// A key (API key, API v3 key, PEM) is unusable. Never contains key material.
    #[error("invalid key: {0}")]
    KeyInvalid(String),
    /// An RSA key shorter than 2048 bits (WeChat Pay and Alipay require RSA-2048).
    #[error("RSA key of {bits} bits is too small: at least 2048 bits are required")]
    KeyTooSmall {
        /// The key's modulus size.
        bits: usize,
    },
    /// An API v3 response or notification is signed with a certificate serial or public key id
    /// the [`crate::keys::Verifier`] does not hold: download the platform certificates again.
    #[error("unknown Wechatpay-Serial {serial:?}: known ids are {known:?}")]
    SerialUnknown {
        /// The `Wechatpay-Serial` received (at most 128 characters of it).
        serial: String,
        /// The ids the verifier holds.
        known: Vec<String>,
    },
    /// `Wechatpay-Timestamp` is further from now than the allowed skew (a replay, or a wrong
    /// clock).
    #[error("Wechatpay-Timestamp {timestamp} is {skew} s away from now ({now}); at most {max_skew} s allowed")]
    TimestampSkew {
        /// `Wechatpay-Timestamp`, Unix seconds.
        timestamp: u64,
        /// The time it was compared with, Unix seconds.
        now: u64,
        /// Their distance in seconds.
        skew: u64,
        /// The largest distance allowed.
        max_skew: u64,
    },
    /// A `Wechatpay-*` header is missing or malformed (including a signature that is not base64).
    #[error("invalid header: {0}")]
    HeaderInvalid(String),
    /// The signature is WeChat Pay's `WECHATPAY/SIGNTEST/` probe: it checks that the merchant
    /// rejects bad signatures, so it must fail.
    #[error("Wechatpay-Signature is a WECHATPAY/SIGNTEST/ probe: rejected as WeChat Pay expects")]
    SigntestProbe,
    /// JSON that is malformed or lacks a required field.
    #[error("invalid JSON: {0}")]
    JsonInvalid(String),
    /// An Alipay `sign_type` other than `RSA2` (or the legacy `RSA`). Same code as
    /// [`Error::SignTypeUnsupported`]; only the message differs.
    #[error("unsupported Alipay sign type {0:?}: expected \"RSA2\" (or the legacy \"RSA\")")]
    AlipaySignTypeUnsupported(String),
    /// A verified Alipay response whose `code` is not `10000` (success): Alipay's own `code`,
    /// `msg`, `sub_code` and `sub_msg` (e.g. `40004`, `ACQ.TRADE_NOT_EXIST`).
    #[error("Alipay returned {code} {msg}: {sub_code} {sub_msg}")]
    AlipayError {
        /// Alipay's `code` (`40004`, …).
        code: String,
        /// Alipay's `msg`.
        msg: String,
        /// Alipay's `sub_code` (`ACQ.TRADE_NOT_EXIST`, …).
        sub_code: String,
        /// Alipay's `sub_msg`.
        sub_msg: String,
    },
    /// A downloaded bill whose SHA-1 is not the `hash_value` of its apply response.
    #[error("the bill's SHA-1 {actual} ({bytes} bytes) is not the hash_value {expected}: the download is incomplete or changed")]
    BillHashMismatch {
        /// The apply response's `hash_value`, lowercase.
        expected: String,
        /// The SHA-1 of the bytes received, lowercase hex.
        actual: String,
        /// How many bytes were hashed.
        bytes: u64,
    },
    /// A bill that does not follow the bill format (see [`crate::bills`]).
    #[error("invalid bill: {0}")]
    BillInvalid(String),
    /// A download asked for as gzip (`tar_type=GZIP`) that is not gzip.
    #[error("the bill download is not gzip although tar_type is GZIP")]
    BillNotGzip,
    /// A bill that stops before its summary row.
    #[error("truncated bill: {0}")]
    BillTruncated(String),
    /// A .p12 whose MAC (or, without a MAC, whose decryption) fails: the password is wrong.
    #[error("wrong .p12 password (WeChat Pay's default is the merchant number, mch_id)")]
    P12Password,
    /// A .p12 that uses an algorithm or mode this library does not read.
    #[error("unsupported .p12: {0}")]
    P12Unsupported(String),
    /// Bytes that are not a usable .p12: truncated, another format, or without a matching
    /// certificate and private key. Never quotes the bytes.
    #[error("invalid .p12: {0}")]
    P12Invalid(String),
    /// An Alipay root certificate bundle without any RSA-signed certificate, so no
    /// `alipay_root_cert_sn` can be made (only the SM2/EC roots, or not the root bundle at all).
    #[error("the Alipay root certificate bundle has no RSA-signed certificate among its {certificates}: pass alipayRootCert.crt as downloaded")]
    AlipayCertNoRsa {
        /// How many certificates the bundle holds.
        certificates: usize,
    },
    /// A response, notification or v3 `alipay-sn` names another Alipay certificate than the one
    /// configured: Alipay rotated its certificate; download the new alipayCertPublicKey_RSA2.crt.
    #[error("Alipay signed with certificate SN {got:?}, but the configured Alipay certificate is {want:?}: download the current alipayCertPublicKey_RSA2.crt")]
    AlipayCertSnMismatch {
        /// The SN Alipay named (excerpt).
        got: String,
        /// The SN of the configured Alipay certificate.
        want: String,
    },
    /// `alipay-timestamp` (OpenAPI v3, milliseconds) is further from now than allowed. Same code
    /// as [`Error::TimestampSkew`].
    #[error("alipay-timestamp {timestamp_ms} is {skew} s away from now ({now} s); at most {max_skew} s allowed")]
    AlipayTimestampSkew {
        /// `alipay-timestamp`, Unix milliseconds.
        timestamp_ms: u64,
        /// Now, Unix seconds.
        now: u64,
        /// The distance, seconds.
        skew: u64,
        /// The distance allowed, seconds.
        max_skew: u64,
    },
}

/// How many characters of outside text an error message quotes at most: a message is for a
/// log line, and a 10 MB input must not make a 10 MB message.
///
/// ```
/// use wechatpay_wasm::{error::MAX_QUOTED_CHARS, v2};
/// let long = "x".repeat(1_000_000);
/// let err = v2::verify(&[("body", long.as_str()), ("sign", "0")], "key").unwrap_err();
/// assert_eq!(err.code(), "SIGN_MISMATCH");
/// assert!(err.to_string().len() < 2 * MAX_QUOTED_CHARS);
/// ```
pub const MAX_QUOTED_CHARS: usize = 1024;

/// At most `max` characters of `s`; a longer text ends in `…` and its total size in bytes.
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…({} bytes in all)", s.get(..i).unwrap_or_default(), s.len()),
        None => s.to_owned(),
    }
}

impl Error {
    /// The stable, machine-readable code (`SIGN_MISMATCH`, `XML_INVALID`, …), the same as
    /// `WechatPayError.code` in the npm package. See the README's "Error codes" table.
    ///
    /// ```
    /// let err = wechatpay_wasm::xml::from_xml("<!DOCTYPE x><xml/>").unwrap_err();
    /// assert_eq!(err.code(), "XML_FORBIDDEN");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidArgument(_) => "INVALID_ARGUMENT",
            Error::SignTypeUnsupported(_) => "SIGN_TYPE_UNSUPPORTED",
            Error::SignMissing => "SIGN_MISSING",
            Error::SignMismatch { .. } => "SIGN_MISMATCH",
            Error::XmlInvalid(_) => "XML_INVALID",
            Error::XmlForbidden(_) => "XML_FORBIDDEN",
            Error::XmlTooLarge { .. } => "XML_TOO_LARGE",
            Error::XmlTooManyFields { .. } => "XML_TOO_MANY_FIELDS",
            Error::NotifyReturnFail { .. } => "NOTIFY_RETURN_FAIL",
            Error::Base64Invalid(_) => "BASE64_INVALID",
            Error::DecryptFailed(_) => "DECRYPT_FAILED",
            Error::KeyInvalid(_) => "KEY_INVALID",
            Error::KeyTooSmall { .. } => "KEY_TOO_SMALL",
            Error::SerialUnknown { .. } => "SERIAL_UNKNOWN",
            Error::TimestampSkew { .. } => "TIMESTAMP_SKEW",
            Error::HeaderInvalid(_) => "HEADER_INVALID",
            Error::SigntestProbe => "SIGNTEST_PROBE",
            Error::JsonInvalid(_) => "JSON_INVALID",
            Error::AlipaySignTypeUnsupported(_) => "SIGN_TYPE_UNSUPPORTED",
            Error::AlipayError { .. } => "ALIPAY_ERROR",
            Error::BillHashMismatch { .. } => "BILL_HASH_MISMATCH",
            Error::BillInvalid(_) => "BILL_INVALID",
            Error::BillTruncated(_) => "BILL_TRUNCATED",
            Error::BillNotGzip => "BILL_NOT_GZIP",
            Error::P12Password => "P12_PASSWORD",
            Error::P12Unsupported(_) => "P12_UNSUPPORTED",
            Error::P12Invalid(_) => "P12_INVALID",
            Error::AlipayCertNoRsa { .. } => "ALIPAY_CERT_NO_RSA",
            Error::AlipayCertSnMismatch { .. } => "ALIPAY_CERT_SN_MISMATCH",
            Error::AlipayTimestampSkew { .. } => "TIMESTAMP_SKEW",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_messages_readable() {
        let e = Error::XmlTooLarge { size: 2_097_152, limit: 1_048_576 };
        assert_eq!(e.code(), "XML_TOO_LARGE");
        assert_eq!(e.to_string(), "XML document of 2097152 bytes exceeds the 1048576-byte limit");
        assert_eq!(Error::SignMissing.code(), "SIGN_MISSING");
    }

    #[test]
    fn excerpts_are_bounded() {
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(excerpt("abcd", 3), "abc…(4 bytes in all)");
        assert_eq!(excerpt("中文字", 2), "中文…(9 bytes in all)");
    }
}
