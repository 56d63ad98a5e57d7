//! Why an API v3 signature fails: the request a merchant sent ([`diagnose_request`]) and the
//! response or notification WeChat Pay sent ([`diagnose_verification`]). Shared by the JS
//! wrapper, the CLI and the signature debugger.
//!
//! Each check reports a verdict and each problem a [`Finding`] with a stable code (listed in
//! [`CODES`]). When the signature does not verify over the message rebuilt from the inputs, a
//! bounded list of variants (the usual mistakes, at most [`MAX_VARIANTS`], each built in one
//! linear pass) is verified in turn, and each variant that verifies is a finding of its own with
//! the exact message that was signed. Malformed input never makes these functions fail: it is a
//! finding. Nothing returned holds key material (keys only verify; API keys are never echoed).
//!
//! ```
//! use wechatpay_wasm::v3::diagnose::{diagnose_request, RequestInput};
//! let input = RequestInput { method: "GET", url: "/v3/certificates",
//!     authorization: "WECHATPAY2-SHA256-RSA2048 mchid=1900000001", ..Default::default() };
//! let d = diagnose_request(&input, None, None);
//! assert!(!d.ok);
//! assert!(d.findings.iter().any(|f| f.code == "AUTH_UNQUOTED"), "{}", d.summary);
//! ```

mod json_text;

use super::sign::AUTH_SCHEME;
use super::response_message;
use super::sign::message_unchecked as message;
use crate::keys::{PrivateKey, PublicKey, Verifier};
use crate::Error;
use base64::{engine::general_purpose::STANDARD, Engine};
use serde::Serialize;

/// At most this many variants are verified per diagnosis (each costs one SHA-256 over a message
/// of about the body's size and one RSA public operation).
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// use wechatpay_wasm::v3::diagnose::{diagnose_request, RequestInput, MAX_VARIANTS};
/// let body = r#"{"mchid":"1900000001"}"#;
/// let auth = wechatpay_wasm::v3::authorization("1900000001", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", &key,
///     "POST", "/v3/pay/transactions/jsapi", "{}", None, None)?; // signed another body
/// let input = RequestInput { method: "POST", url: "/v3/pay/transactions/jsapi", body, authorization: &auth, ..Default::default() };
/// let d = diagnose_request(&input, Some(Ok(&key)), Some(Ok(&cert)));
/// assert!(d.variants_tried <= MAX_VARIANTS && d.verified == Some(false));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub const MAX_VARIANTS: usize = 48;

/// Bodies larger than this are checked as given but not rewritten into variants.
///
/// ```
/// use wechatpay_wasm::v3::diagnose::{diagnose_request, RequestInput, MAX_VARIANT_BODY};
/// let body = "x".repeat(MAX_VARIANT_BODY + 1);
/// let input = RequestInput { method: "POST", url: "/v3/x", body: &body, authorization: "", ..Default::default() };
/// assert_eq!(diagnose_request(&input, None, None).variants_tried, 0);
/// ```
pub const MAX_VARIANT_BODY: usize = 1 << 20;

/// At most this many other attempts' `Authorization` headers are considered.
///
/// ```
/// use wechatpay_wasm::v3::diagnose::{diagnose_request, RequestInput, MAX_OTHER_ATTEMPTS};
/// let attempts = vec![String::new(); MAX_OTHER_ATTEMPTS + 10]; // the extra ones are ignored
/// let input = RequestInput { method: "GET", url: "/v3/certificates", other_attempts: &attempts, ..Default::default() };
/// assert!(!diagnose_request(&input, None, None).ok);
/// ```
pub const MAX_OTHER_ATTEMPTS: usize = 4;

/// The request timestamp window WeChat Pay applies (5 minutes).
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// use wechatpay_wasm::v3::diagnose::{diagnose_request, RequestInput, REQUEST_MAX_SKEW_SECS};
/// let auth = wechatpay_wasm::v3::authorization("1900000001", "5157F0", &key, "GET", "/v3/certificates", "",
///     Some("1554208460"), None)?;
/// let input = RequestInput { method: "GET", url: "/v3/certificates", authorization: &auth,
///     now: Some(1554208460 + REQUEST_MAX_SKEW_SECS + 1), ..Default::default() };
/// assert!(diagnose_request(&input, Some(Ok(&key)), None).findings.iter().any(|f| f.code == "TIMESTAMP_SKEW"));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub const REQUEST_MAX_SKEW_SECS: u64 = 300;

/// Every finding code either diagnosis can return.
///
/// ```
/// use wechatpay_wasm::v3::diagnose::{diagnose_request, RequestInput, CODES};
/// let d = diagnose_request(&RequestInput { method: "GET", url: "/v3/certificates", ..Default::default() }, None, None);
/// assert!(d.findings.iter().all(|f| CODES.contains(&f.code)));
/// ```
pub const CODES: &[&str] = &[
    // request: the Authorization header's form
    "AUTH_MISSING", "AUTH_SCHEME", "AUTH_WHITESPACE", "AUTH_SEPARATOR", "AUTH_UNQUOTED", "AUTH_FIELD_MISSING",
    "AUTH_FIELD_UNKNOWN", "AUTH_FIELD_DUPLICATE", "AUTH_TIMESTAMP_FORMAT", "AUTH_SIGNATURE_BASE64",
    "TIMESTAMP_MILLISECONDS",
    // request: serial and keys
    "SERIAL_CASE", "SERIAL_LEADING_ZERO", "SERIAL_PLATFORM", "SERIAL_MISMATCH", "SERIAL_FORMAT",
    "PRIVATE_KEY_INVALID", "CERTIFICATE_INVALID", "CERTIFICATE_NO_SERIAL", "KEY_PAIR_MISMATCH",
    // both: certificates, time, signature
    "CERTIFICATE_EXPIRED", "CERTIFICATE_NOT_YET_VALID", "TIMESTAMP_SKEW", "SIGNATURE_UNCHECKED", "SIGNATURE_MISMATCH",
    "VARIANTS_SKIPPED",
    // request: the variant that reproduces the signature
    "URL_QUERY_DROPPED", "URL_WITH_HOST", "QUERY_DECODED", "QUERY_ENCODED", "BODY_RESERIALIZED", "BODY_PRETTY",
    "BODY_ESCAPES", "BODY_TRAILING_NEWLINE", "BODY_LINE_ENDINGS", "BODY_OMITTED", "BODY_FOR_GET",
    "FINAL_NEWLINE_MISSING", "METHOD_LOWERCASE", "CRLF_LINE_ENDINGS", "TIMESTAMP_OTHER_ATTEMPT",
    "NONCE_OTHER_ATTEMPT",
    // request: the body against the header
    "MCHID_MISMATCH", "BODY_JSON_INVALID",
    // request: against what WeChat Pay says it received
    "BODY_NOT_SENT", "SENT_MESSAGE_DIFFERS", "WECHATPAY_ERROR_UNREADABLE",
    // verification
    "HEADER_MISSING", "HEADER_TIMESTAMP_FORMAT", "HEADER_SIGNATURE_BASE64", "SIGNTEST_PROBE", "SERIAL_UNKNOWN",
    "SERIAL_IS_PUBLIC_KEY_ID", "SERIAL_IS_CERTIFICATE", "BODY_REFORMATTED", "BODY_CHARSET", "BODY_OBJECT",
    "BODY_EMPTY",
    // verification: the notification's resource
    "NOTIFICATION_JSON_INVALID", "RESOURCE_ALGORITHM", "RESOURCE_NONCE", "RESOURCE_CIPHERTEXT", "APIV3_KEY_LENGTH",
    "APIV3_KEY_WHITESPACE", "APIV3_KEY_WRONG", "DECRYPT_FAILED",
];

/// How much a finding matters.
///
/// ```
/// use wechatpay_wasm::v3::diagnose::{diagnose_request, RequestInput, Severity};
/// let d = diagnose_request(&RequestInput { method: "GET", url: "/v3/certificates", ..Default::default() }, None, None);
/// assert_eq!((d.findings[0].code, d.findings[0].severity), ("AUTH_MISSING", Severity::Error));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// It makes WeChat Pay (or the check) refuse the signature.
    Error,
    /// Worth fixing; may or may not be refused.
    Warning,
    /// Context, e.g. a check that could not run.
    Info,
}

/// One problem, with a stable code.
///
/// ```
/// use wechatpay_wasm::v3::diagnose::{diagnose_request, RequestInput};
/// let input = RequestInput { method: "GET", url: "/v3/certificates", authorization: "Bearer x", ..Default::default() };
/// let f = &diagnose_request(&input, None, None).findings[0];
/// assert_eq!((f.code, f.check), ("AUTH_SCHEME", "header"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// A code of [`CODES`].
    pub code: &'static str,
    /// The [`Check`] it belongs to.
    pub check: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong and what to do, in English, with the values concerned (never a key).
    pub message: String,
    /// For a variant: the exact message the signature verifies over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_message: Option<String>,
}

/// The verdict of one check.
///
/// ```
/// use wechatpay_wasm::v3::diagnose::{diagnose_request, RequestInput, Verdict};
/// let d = diagnose_request(&RequestInput { method: "GET", url: "/v3/certificates", ..Default::default() }, None, None);
/// assert_eq!(d.checks[0].verdict, Verdict::Fail);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing wrong.
    Pass,
    /// Only warnings.
    Warn,
    /// At least one error.
    Fail,
    /// Not run: an input it needs is missing, or an earlier check failed.
    Skip,
}

/// One check in the order run.
///
/// ```
/// use wechatpay_wasm::v3::diagnose::{diagnose_request, RequestInput};
/// let d = diagnose_request(&RequestInput { method: "GET", url: "/v3/certificates", ..Default::default() }, None, None);
/// assert_eq!(d.checks[0].name, "header");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// `header`, `serial`, `signature`, `timestamp`, … (request) or `headers`, `probe`, … (verification).
    pub name: &'static str,
    /// Its outcome.
    pub verdict: Verdict,
}

/// The result of [`diagnose_request`] or [`diagnose_verification`].
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// use wechatpay_wasm::v3::{self, diagnose::{diagnose_request, RequestInput}};
/// let auth = v3::authorization("1900000001", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", &key, "GET", "/v3/certificates", "", None, None)?;
/// let input = RequestInput { method: "GET", url: "/v3/certificates", authorization: &auth, ..Default::default() };
/// let d = diagnose_request(&input, Some(Ok(&key)), Some(Ok(&cert)));
/// assert!(d.ok && d.verified == Some(true), "{}", d.summary);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// No finding of severity error.
    pub ok: bool,
    /// Whether the signature verified over the message rebuilt from the inputs; `None` when it
    /// could not be checked.
    pub verified: Option<bool>,
    /// Every check, in the order run.
    pub checks: Vec<Check>,
    /// What is wrong or worth knowing, most important first.
    pub findings: Vec<Finding>,
    /// The message that should have been signed, rebuilt from the inputs (empty when the header
    /// was too broken to rebuild it).
    pub message: String,
    /// How many variants were verified.
    pub variants_tried: usize,
    /// One line: the first error's message, or that everything checked out.
    pub summary: String,
}

struct Report {
    checks: Vec<(&'static str, bool)>,
    findings: Vec<Finding>,
}

impl Report {
    fn new(names: &[&'static str]) -> Self {
        Report { checks: names.iter().map(|n| (*n, false)).collect(), findings: Vec::new() }
    }

    fn ran(&mut self, name: &'static str) {
        if let Some(c) = self.checks.iter_mut().find(|c| c.0 == name) {
            c.1 = true;
        }
    }

    fn add(&mut self, check: &'static str, code: &'static str, severity: Severity, message: String) {
        self.ran(check);
        self.findings.push(Finding { code, check, severity, message, signed_message: None });
    }

    fn error(&mut self, check: &'static str, code: &'static str, message: String) {
        self.add(check, code, Severity::Error, message);
    }

    fn warn(&mut self, check: &'static str, code: &'static str, message: String) {
        self.add(check, code, Severity::Warning, message);
    }

    fn info(&mut self, check: &'static str, code: &'static str, message: String) {
        self.add(check, code, Severity::Info, message);
    }

    fn finish(self, verified: Option<bool>, message: String, variants_tried: usize) -> Diagnosis {
        let checks = self
            .checks
            .iter()
            .map(|&(name, ran)| {
                let of = |s: Severity| self.findings.iter().any(|f| f.check == name && f.severity == s);
                let verdict = if of(Severity::Error) {
                    Verdict::Fail
                } else if of(Severity::Warning) {
                    Verdict::Warn
                } else if ran && !self.findings.iter().any(|f| f.check == name && f.code == "SIGNATURE_UNCHECKED") {
                    Verdict::Pass
                } else {
                    Verdict::Skip
                };
                Check { name, verdict }
            })
            .collect();
        let first_error = self.findings.iter().find(|f| f.severity == Severity::Error);
        let ok = first_error.is_none();
        let summary = match first_error {
            Some(f) => format!("{}: {}", f.code, f.message),
            None if verified == Some(true) => "the signature verifies and every check passes".to_owned(),
            None => "no problem found, but the signature could not be verified (see the findings)".to_owned(),
        };
        Diagnosis { ok, verified, checks, findings: self.findings, message, variants_tried, summary }
    }
}

/// A key as handed to the diagnosis: absent, parsed, or refused by the parser (a finding).
///
/// ```
/// use wechatpay_wasm::{keys::PrivateKey, v3::diagnose::{diagnose_request, KeyInput, RequestInput}};
/// let refused = PrivateKey::from_pem("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----");
/// let key: KeyInput<PrivateKey> = Some(refused.as_ref().map_err(Clone::clone));
/// let d = diagnose_request(&RequestInput { method: "GET", url: "/v3/certificates", ..Default::default() }, key, None);
/// assert!(d.findings.iter().any(|f| f.code == "PRIVATE_KEY_INVALID"));
/// ```
pub type KeyInput<'a, K> = Option<Result<&'a K, Error>>;

/// What the merchant sent, for [`diagnose_request`].
///
/// ```
/// use wechatpay_wasm::v3::diagnose::RequestInput;
/// let input = RequestInput { method: "POST", url: "https://api.mch.weixin.qq.com/v3/pay/transactions/native",
///     body: r#"{"mchid":"1900000001"}"#, authorization: "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",…",
///     now: Some(1554208460), ..Default::default() };
/// # let _ = input;
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestInput<'a> {
    /// The HTTP method sent.
    pub method: &'a str,
    /// The URL requested: path and query, or absolute.
    pub url: &'a str,
    /// The exact body sent (empty for GET).
    pub body: &'a str,
    /// The `Authorization` header's value (a leading `Authorization:` is accepted).
    pub authorization: &'a str,
    /// Unix seconds to check the timestamp against.
    pub now: Option<u64>,
    /// The merchant certificate's serial as the merchant knows it: compared with `serial_no`
    /// when no certificate is given.
    pub serial_no: Option<&'a str>,
    /// WeChat Pay platform certificate serials / public key ids the merchant holds: a
    /// `serial_no` among them is a platform serial used by mistake.
    pub platform_serials: &'a [String],
    /// `Authorization` headers of other attempts of the same request (retries), whose
    /// timestamp or nonce may be the ones signed.
    pub other_attempts: &'a [String],
    /// WeChat Pay's `SIGN_ERROR` response body: its `sign_information` says what WeChat Pay
    /// received (method, URL, message length, the message's start).
    pub wechatpay_error: Option<&'a str>,
}

const FIELDS: [&str; 5] = ["mchid", "nonce_str", "signature", "timestamp", "serial_no"];

/// The five fields of an `Authorization` header, as far as it could be read.
#[derive(Default)]
struct AuthFields {
    values: [Option<String>; 5],
}

impl AuthFields {
    fn get(&self, name: &str) -> Option<&str> {
        let i = FIELDS.iter().position(|f| *f == name)?;
        self.values.get(i)?.as_deref()
    }
}

/// What a misspelt field name probably meant.
fn intended_field(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase().replace(['-', '_'], "");
    match lower.as_str() {
        "mchid" | "merchantid" => Some("mchid"),
        "noncestr" | "nonce" => Some("nonce_str"),
        "signature" | "sign" => Some("signature"),
        "timestamp" | "time" => Some("timestamp"),
        "serialno" | "serial" | "serialnumber" => Some("serial_no"),
        _ => None,
    }
}

/// Reads an `Authorization` value, reporting every deviation from WeChat Pay's form:
/// `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`.
fn parse_authorization(header: &str, r: &mut Report) -> AuthFields {
    const C: &str = "header";
    let mut out = AuthFields::default();
    r.ran(C);
    let mut text = header;
    // A pasted header line: drop its name.
    if text.trim_start().get(..14).is_some_and(|p| p.eq_ignore_ascii_case("authorization:")) {
        text = text.trim_start().get(14..).unwrap_or_default().trim_start();
    }
    if text.trim().is_empty() {
        r.error(C, "AUTH_MISSING", "the Authorization header is empty: every API v3 request needs one".into());
        return out;
    }
    if text.trim() != text {
        r.warn(C, "AUTH_WHITESPACE", "the Authorization value has whitespace (or a line break) around it: send it trimmed".into());
    }
    let text = text.trim();
    let (scheme, params) = match text.find([' ', '\t']) {
        Some(i) => (text.get(..i).unwrap_or_default(), text.get(i..).unwrap_or_default()),
        None => ("", text),
    };
    if scheme != AUTH_SCHEME {
        let what = if scheme.eq_ignore_ascii_case(AUTH_SCHEME) {
            format!("the scheme is {scheme:?}: write it exactly {AUTH_SCHEME}")
        } else if scheme.is_empty() || scheme.contains('=') {
            format!("the header does not start with the scheme: write {AUTH_SCHEME}, one space, then the fields")
        } else {
            format!("the scheme is {scheme:?}, not {AUTH_SCHEME}")
        };
        r.error(C, "AUTH_SCHEME", what);
    }
    let params_trimmed = params.trim_start();
    if params.len() - params_trimmed.len() > 1 || params.starts_with('\t') {
        r.warn(C, "AUTH_WHITESPACE", "more than one space after the scheme: write exactly one".into());
    }
    let bytes = params_trimmed.as_bytes();
    let mut i = 0;
    let mut stray_space = false;
    let mut separators: Vec<char> = Vec::new();
    let mut unquoted: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut duplicate: Vec<&'static str> = Vec::new();
    let skip_spaces = |i: &mut usize, stray: &mut bool| {
        while matches!(bytes.get(*i), Some(b' ' | b'\t')) {
            *i += 1;
            *stray = true;
        }
    };
    while i < bytes.len() {
        skip_spaces(&mut i, &mut stray_space);
        let start = i;
        while bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-') {
            i += 1;
        }
        let name = params_trimmed.get(start..i).unwrap_or_default().to_owned();
        skip_spaces(&mut i, &mut stray_space);
        if name.is_empty() || bytes.get(i) != Some(&b'=') {
            // Not `name=`: skip to the next comma.
            let next = bytes.get(i..).and_then(|rest| rest.iter().position(|b| *b == b',')).map_or(bytes.len(), |p| i + p + 1);
            if !name.is_empty() || next > i + 1 {
                separators.push(char::from(*bytes.get(i).unwrap_or(&b' ')));
            }
            i = next;
            continue;
        }
        i += 1;
        skip_spaces(&mut i, &mut stray_space);
        let value = if bytes.get(i) == Some(&b'"') {
            let rest = bytes.get(i + 1..).unwrap_or_default();
            match rest.iter().position(|b| *b == b'"') {
                Some(end) => {
                    let v = params_trimmed.get(i + 1..i + 1 + end).unwrap_or_default().to_owned();
                    i += end + 2;
                    v
                }
                None => {
                    unquoted.push(name.clone());
                    let v = params_trimmed.get(i + 1..).unwrap_or_default().to_owned();
                    i = bytes.len();
                    v
                }
            }
        } else {
            let rest = bytes.get(i..).unwrap_or_default();
            let end = rest.iter().position(|b| matches!(b, b',' | b' ' | b';')).unwrap_or(rest.len());
            let v = params_trimmed.get(i..i + end).unwrap_or_default().to_owned();
            unquoted.push(name.clone());
            i += end;
            v
        };
        match FIELDS.iter().position(|f| *f == name) {
            Some(k) => match out.values.get_mut(k) {
                Some(slot @ None) => *slot = Some(value),
                _ => duplicate.extend(FIELDS.get(k).copied()),
            },
            None => {
                unknown.push(name.clone());
                if let Some(k) = intended_field(&name).and_then(|f| FIELDS.iter().position(|x| *x == f)) {
                    if let Some(slot @ None) = out.values.get_mut(k) {
                        *slot = Some(value);
                    }
                }
            }
        }
        skip_spaces(&mut i, &mut stray_space);
        match bytes.get(i) {
            None => {}
            Some(b',') => i += 1,
            Some(&b) => {
                separators.push(char::from(b));
                if b == b';' {
                    i += 1;
                }
            }
        }
    }
    if stray_space {
        r.warn(C, "AUTH_WHITESPACE", "the fields have spaces around `,` or `=`: WeChat Pay's form has none (name=\"value\",name=\"value\")".into());
    }
    if !separators.is_empty() {
        let shown: String = separators.iter().map(|c| if *c == ' ' { "space".to_owned() } else { format!("`{c}`") }).collect::<Vec<_>>().join(", ");
        r.error(C, "AUTH_SEPARATOR", format!("the fields are separated by {shown}: separate them with a comma only"));
    }
    if !unquoted.is_empty() {
        r.error(C, "AUTH_UNQUOTED", format!("{} not in double quotes: write name=\"value\"", list(&unquoted)));
    }
    for name in &unknown {
        let hint = intended_field(name).map(|f| format!(" (write `{f}`)")).unwrap_or_default();
        r.error(C, "AUTH_FIELD_UNKNOWN", format!("unknown field `{name}`{hint}: the fields are mchid, nonce_str, signature, timestamp and serial_no"));
    }
    for name in &duplicate {
        r.error(C, "AUTH_FIELD_DUPLICATE", format!("`{name}` appears more than once"));
    }
    for (k, name) in FIELDS.iter().enumerate() {
        let named_otherwise = unknown.iter().any(|u| intended_field(u) == Some(name));
        if out.values.get(k).is_some_and(Option::is_none) && !named_otherwise {
            r.error(C, "AUTH_FIELD_MISSING", format!("the field `{name}` is missing"));
        }
    }
    if let Some(ts) = out.get("timestamp") {
        if ts.is_empty() || !ts.bytes().all(|b| b.is_ascii_digit()) || ts.len() > 20 {
            r.error(C, "AUTH_TIMESTAMP_FORMAT", format!("timestamp {ts:?} is not Unix seconds in decimal digits"));
        } else if ts.len() >= 13 {
            r.error(C, "TIMESTAMP_MILLISECONDS", format!("timestamp {ts} is in milliseconds: WeChat Pay wants Unix seconds (10 digits), e.g. Math.floor(Date.now() / 1000)"));
        }
    }
    if let Some(sig) = out.get("signature") {
        if STANDARD.decode(sig.as_bytes()).is_err() {
            let hint = if sig.contains(['-', '_']) { ": it looks URL-safe (- and _); use standard base64 (+ and /)" } else { "" };
            r.error(C, "AUTH_SIGNATURE_BASE64", format!("the signature ({} characters) is not standard base64{hint}", sig.len()));
        }
    }
    out
}

fn list(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn check_validity(r: &mut Report, check: &'static str, what: &str, key: &PublicKey, now: u64) {
    if let (Some(from), Some(to)) = (key.not_before(), key.not_after()) {
        r.ran(check);
        if now > to {
            r.error(check, "CERTIFICATE_EXPIRED", format!("{what} expired {} s before the time checked ({now}; notAfter {to})", now - to));
        } else if now < from {
            r.error(check, "CERTIFICATE_NOT_YET_VALID", format!("{what} is not valid until {from}, {} s after the time checked ({now})", from - now));
        }
    }
}

/// A candidate for what was really signed.
struct Variant {
    code: &'static str,
    check: &'static str,
    message: String,
    signed: String,
}

/// Verifies `variants` in order against `key` (at most [`MAX_VARIANTS`]) and reports those that
/// verify. Returns how many were tried and whether one verified.
fn try_variants(r: &mut Report, key: &PublicKey, signature: &[u8], variants: Vec<Variant>, exclude: &str) -> (usize, bool) {
    let mut tried: Vec<String> = Vec::new();
    let mut found = false;
    for v in variants {
        if tried.len() >= MAX_VARIANTS {
            break;
        }
        // Two rewrites may give the same text, and one may give the original back.
        if v.signed == exclude || tried.contains(&v.signed) {
            continue;
        }
        let ok = key.verify_sha256(v.signed.as_bytes(), signature);
        if ok {
            found = true;
            r.ran(v.check);
            r.findings.push(Finding { code: v.code, check: v.check, severity: Severity::Error, message: v.message, signed_message: Some(v.signed.clone()) });
        }
        tried.push(v.signed);
    }
    (tried.len(), found)
}

fn split_query(url: &str) -> (&str, Option<&str>) {
    match url.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (url, None),
    }
}

/// Percent-decodes `%XX` (and `+` as a space when `form`); `None` if not UTF-8 or unchanged.
fn percent_decode(s: &str, form: bool) -> Option<String> {
    crate::v2::url_decode(s, form).filter(|d| d != s)
}

/// A query with every name and value encoded by `encodeURIComponent` (`form`: space as `+`, as
/// `URLSearchParams` and PHP's `http_build_query` write it).
fn encode_query(query: &str, form: bool) -> String {
    let decoded = percent_decode(query, false).unwrap_or_else(|| query.to_owned());
    let mut out = String::with_capacity(decoded.len() * 3);
    for &b in decoded.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')' | b'=' | b'&');
        if keep {
            out.push(char::from(b));
        } else if b == b' ' && form {
            out.push('+');
        } else {
            out.push('%');
            for n in [b >> 4, b & 15] {
                out.push(char::from(b"0123456789ABCDEF".get(usize::from(n)).copied().unwrap_or(b'0')));
            }
        }
    }
    out
}

fn join_crlf(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(p);
        s.push_str("\r\n");
    }
    s
}

/// The variants of a request message, most specific first.
fn request_variants(method: &str, url: &str, ts: &str, nonce: &str, body: &str, others: &[(String, String)]) -> Vec<Variant> {
    const C: &str = "signature";
    let mut v = Vec::new();
    let upper = method.to_ascii_uppercase();
    let canonical = super::sign::canonical_url(url);
    let (path, query) = split_query(&canonical);
    let with_url = |u: &str| message(&upper, u, ts, nonce, body);
    let with_body = |b: &str| message(&upper, url, ts, nonce, b);
    let mut push = |code, message: String, signed| v.push(Variant { code, check: C, message, signed });

    if let Some(q) = query {
        push("URL_QUERY_DROPPED", format!("the signature covers the URL without its query ({path}): sign the path and the query exactly as requested ({canonical})"), with_url(path));
        let params: Vec<&str> = q.split('&').collect();
        if params.len() > 1 {
            for i in 0..params.len().min(8) {
                let kept: Vec<&str> = params.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| *p).collect();
                let dropped = params.get(i).copied().unwrap_or_default();
                push("URL_QUERY_DROPPED", format!("the signature covers the query without {dropped}: add every parameter to the URL before signing ({canonical})"), with_url(&format!("{path}?{}", kept.join("&"))));
            }
        }
    }
    let absolute = if canonical != url { vec![url.to_owned()] } else {
        vec![format!("https://api.mch.weixin.qq.com{canonical}"), format!("https://api2.mch.weixin.qq.com{canonical}")]
    };
    for full in absolute {
        push("URL_WITH_HOST", format!("the signature covers the absolute URL {full}: sign only the path and query ({canonical})"), join_lines(&[&upper, &full, ts, nonce, body]));
    }
    if let Some(q) = query {
        for form in [false, true] {
            if let Some(decoded) = percent_decode(q, form) {
                push("QUERY_DECODED", format!("the signature covers the query decoded ({decoded}): sign it encoded exactly as in the requested URL ({q})"), with_url(&format!("{path}?{decoded}")));
            }
        }
        for form in [false, true] {
            let encoded = encode_query(q, form);
            if encoded != q {
                push("QUERY_ENCODED", format!("the signature covers the query encoded differently ({encoded}): sign it exactly as in the requested URL ({q})"), with_url(&format!("{path}?{encoded}")));
            }
        }
    }
    if body.len() <= MAX_VARIANT_BODY {
        let compact = json_text::minify(body);
        push("BODY_RESERIALIZED", "the signature covers the body re-serialized (JSON.stringify(JSON.parse(body)): whitespace removed), but another text was sent: serialize once and sign and send the same string".into(), with_body(&compact));
        for (layout, how) in [(json_text::PRETTY2, "with 2-space indentation"), (json_text::PRETTY4, "with 4-space indentation"), (json_text::PYTHON, "with \", \" and \": \" separators (Python's json.dumps)")] {
            push("BODY_PRETTY", format!("the signature covers the body pretty-printed {how}, but the compact text was sent: sign exactly the bytes you send"), with_body(&json_text::layout(body, layout)));
        }
        push("BODY_ESCAPES", "the signature covers the body with \\uXXXX and \\/ escapes (PHP json_encode's default), but the unescaped text was sent: sign the bytes you send (JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES)".into(), with_body(&json_text::escape(body, true)));
        push("BODY_ESCAPES", "the signature covers the body with escapes decoded, but the body sent has \\uXXXX or \\/ escapes: sign the bytes you send".into(), with_body(&json_text::unescape(body)));
        if body.ends_with('\n') {
            push("BODY_TRAILING_NEWLINE", "the signature covers the body without its final line break, but it was sent with one: sign and send the same bytes".into(), with_body(body.trim_end_matches(['\r', '\n'])));
        } else {
            push("BODY_TRAILING_NEWLINE", "the signature covers the body plus a line break (a file read whole, or a template) that was not sent: sign exactly the bytes you send".into(), with_body(&format!("{body}\n")));
        }
        push("BODY_LINE_ENDINGS", "the signature covers the body with other line endings (CRLF vs LF) than were sent: sign the bytes you send".into(), with_body(&json_text::lf(body)));
        push("BODY_LINE_ENDINGS", "the signature covers the body with other line endings (CRLF vs LF) than were sent: sign the bytes you send".into(), with_body(&json_text::crlf(body)));
    }
    if !body.is_empty() {
        push("BODY_OMITTED", "the signature covers an empty body, but a body was sent: put the exact body in the signed message (METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n)".into(), with_body(""));
    } else if upper == "GET" {
        for fake in ["{}", "null"] {
            push("BODY_FOR_GET", format!("the signature covers the body {fake}, but a GET has none: sign an empty body line (…NONCE\\n\\n)"), with_body(fake));
        }
    }
    let full = message(&upper, url, ts, nonce, body);
    push("FINAL_NEWLINE_MISSING", if body.is_empty() {
        "the signature covers the message without the empty body line: even with no body, the message ends with BODY\\n (…NONCE\\n\\n)".into()
    } else {
        "the signature covers the message without its final \\n: every line, the body's included, ends with \\n".into()
    }, full.strip_suffix('\n').unwrap_or(&full).to_owned());
    let lower = method.to_ascii_lowercase();
    push("METHOD_LOWERCASE", format!("the signature covers the method in lower case ({lower}): sign it in upper case ({upper})"), join_lines(&[&lower, &canonical, ts, nonce, body]));
    if ts.len() == 10 {
        push("TIMESTAMP_MILLISECONDS", format!("the signature covers the timestamp in milliseconds ({ts}000), but the header carries seconds: sign the same seconds you send"), message(&upper, url, &format!("{ts}000"), nonce, body));
    }
    push("CRLF_LINE_ENDINGS", "the signature covers a message with CRLF (\\r\\n) line endings: join the lines with \\n only".into(), join_crlf(&[&upper, &canonical, ts, nonce, body]));
    if let Ok(t) = ts.parse::<u64>() {
        for d in [t.wrapping_sub(1), t.wrapping_add(1)] {
            let other = d.to_string();
            push("TIMESTAMP_OTHER_ATTEMPT", format!("the signature covers timestamp {other}, the header carries {ts}: read the clock once and use the same value in both"), message(&upper, url, &other, nonce, body));
        }
    }
    for (ots, ononce) in others {
        if ots != ts {
            push("TIMESTAMP_OTHER_ATTEMPT", format!("the signature covers the timestamp of another attempt ({ots}): sign each attempt with its own timestamp and nonce"), message(&upper, url, ots, nonce, body));
        }
        if ononce != nonce {
            push("NONCE_OTHER_ATTEMPT", format!("the signature covers the nonce of another attempt ({ononce}): sign each attempt with its own nonce and timestamp"), message(&upper, url, ts, ononce, body));
            if ots != ts {
                push("NONCE_OTHER_ATTEMPT", format!("the signature covers the timestamp and nonce of another attempt ({ots}, {ononce}): the header was rebuilt but the signature reused; sign each attempt anew"), message(&upper, url, ots, ononce, body));
            }
        }
    }
    v
}

fn join_lines(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(p);
        s.push('\n');
    }
    s
}

/// `mchid` (or `sp_mchid`) from a JSON body or a query string.
fn body_mchids(body: &str, query: Option<&str>, r: &mut Report) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    if !body.trim().is_empty() {
        match serde_json::from_str::<serde_json::Value>(body) {
            Ok(serde_json::Value::Object(map)) => {
                for name in ["sp_mchid", "mchid", "sub_mchid"] {
                    if let Some(v) = map.get(name).and_then(|v| v.as_str().map(str::to_owned).or_else(|| v.as_u64().map(|n| n.to_string()))) {
                        found.push((name, v));
                    }
                }
            }
            Ok(_) => {}
            Err(e) => r.warn("mchid", "BODY_JSON_INVALID", format!("the body is not valid JSON ({e}): API v3 request bodies are JSON")),
        }
    }
    for pair in query.unwrap_or_default().split('&') {
        if let Some((k, v)) = pair.split_once('=') {
            for name in ["sp_mchid", "mchid", "sub_mchid"] {
                if k == name && !found.iter().any(|(n, _)| *n == name) {
                    found.push((name, v.to_owned()));
                }
            }
        }
    }
    found
}

/// Diagnoses the `Authorization` header of a request: its form, its serial against the merchant
/// certificate, the key pair, the signature over the rebuilt message (and if it fails, which
/// variant reproduces it), the timestamp against `now` and `mchid` against the body.
///
/// `private_key` / `certificate`: the merchant private key and API certificate, when given
/// (`Err` for one the parser refused: that becomes a finding).
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// use wechatpay_wasm::v3::{self, diagnose::{diagnose_request, RequestInput}};
/// // The request was sent with its query string but signed without it:
/// let sent = "/v3/pay/transactions/out-trade-no/1217752501201407033233368018?mchid=1900000001";
/// let auth = v3::authorization("1900000001", "5157F0", &key, "GET", "/v3/pay/transactions/out-trade-no/1217752501201407033233368018", "", None, None)?;
/// let d = diagnose_request(&RequestInput { method: "GET", url: sent, authorization: &auth, ..Default::default() }, Some(Ok(&key)), None);
/// assert!(d.findings.iter().any(|f| f.code == "URL_QUERY_DROPPED"), "{:?}", d.findings);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn diagnose_request(input: &RequestInput<'_>, private_key: KeyInput<'_, PrivateKey>, certificate: KeyInput<'_, PublicKey>) -> Diagnosis {
    let mut r = Report::new(&["header", "serial", "key_pair", "certificate", "signature", "timestamp", "mchid", "received"]);
    let auth = parse_authorization(input.authorization, &mut r);
    let method = input.method.trim();
    let url = input.url.trim();
    let body = input.body;
    let ts = auth.get("timestamp").unwrap_or_default();
    let nonce = auth.get("nonce_str").unwrap_or_default();
    let rebuilt = message(method, url, ts, nonce, body);

    // The keys.
    let private = match private_key {
        Some(Ok(k)) => Some(k.public_key()),
        Some(Err(e)) => {
            r.error("key_pair", "PRIVATE_KEY_INVALID", format!("the private key cannot be used ({}: {e})", e.code()));
            None
        }
        None => None,
    };
    let cert = match certificate {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            r.error("certificate", "CERTIFICATE_INVALID", format!("the merchant certificate cannot be used ({}: {e})", e.code()));
            None
        }
        None => None,
    };
    if let (Some(p), Some(c)) = (&private, cert) {
        r.ran("key_pair");
        if !p.same_key(c) {
            r.error("key_pair", "KEY_PAIR_MISMATCH", "the private key and the certificate are not a pair (different modulus): use the apiclient_key.pem issued with this apiclient_cert.pem".into());
        }
    }
    if let Some(c) = cert {
        r.ran("certificate");
        if c.serial_no().is_none() {
            r.warn("certificate", "CERTIFICATE_NO_SERIAL", "a bare public key was given, not the merchant certificate: its serial cannot be compared".into());
        }
        if let Some(now) = input.now {
            check_validity(&mut r, "certificate", "the merchant certificate", c, now);
        }
    }

    // The serial.
    if let Some(serial) = auth.get("serial_no") {
        r.ran("serial");
        let platform = serial.starts_with("PUB_KEY_ID_")
            || input.platform_serials.iter().any(|p| crate::keys::Verifier::key_id(p) == crate::keys::Verifier::key_id(serial));
        let cert_serial = cert.and_then(PublicKey::serial_no).or(input.serial_no.map(str::trim).filter(|s| !s.is_empty()));
        if platform && cert_serial != Some(serial) {
            r.error("serial", "SERIAL_PLATFORM", format!("serial_no {serial} is WeChat Pay's (a platform certificate serial or public key id): put the serial of your merchant API certificate (apiclient_cert.pem) there"));
        } else if let Some(expected) = cert_serial {
            if serial == expected {
            } else if serial.eq_ignore_ascii_case(expected) {
                r.error("serial", "SERIAL_CASE", format!("serial_no {serial} differs from the certificate's {expected} in case: write it in upper case"));
            } else if is_hex(serial) && crate::keys::Verifier::key_id(serial) == crate::keys::Verifier::key_id(expected) {
                r.error("serial", "SERIAL_LEADING_ZERO", format!("serial_no {serial} differs from the certificate's {expected} in leading zeros: write it as the certificate shows it (openssl x509 -noout -serial)"));
            } else {
                r.error("serial", "SERIAL_MISMATCH", format!("serial_no {serial} is not the merchant certificate's serial ({expected}): copy it from apiclient_cert.pem (openssl x509 -noout -serial)"));
            }
        } else if !is_hex(serial) {
            r.error("serial", "SERIAL_FORMAT", format!("serial_no {serial:?} is not a certificate serial (hex digits)"));
        } else if serial.bytes().any(|b| b.is_ascii_lowercase()) {
            r.warn("serial", "SERIAL_CASE", format!("serial_no {serial} is in lower case: certificate serials are written in upper case"));
        }
    }

    // The timestamp.
    if let (Some(now), Ok(t)) = (input.now, ts.parse::<u64>()) {
        r.ran("timestamp");
        let t = if ts.len() >= 13 { t / 1000 } else { t };
        let skew = t.abs_diff(now);
        if skew > REQUEST_MAX_SKEW_SECS {
            r.error("timestamp", "TIMESTAMP_SKEW", format!("timestamp {ts} is {skew} s away from the time checked ({now}): WeChat Pay refuses requests more than {REQUEST_MAX_SKEW_SECS} s off; sign with the current time and check the server clock (NTP)"));
        }
    }

    // mchid against the body.
    if let Some(mchid) = auth.get("mchid") {
        let (_, query) = split_query(url);
        let ids = body_mchids(body, query, &mut r);
        if !ids.is_empty() {
            r.ran("mchid");
        }
        let expected = ids.iter().find(|(n, _)| *n == "sp_mchid").or_else(|| ids.iter().find(|(n, _)| *n == "mchid"));
        if let Some((name, id)) = expected {
            if id != mchid {
                let sub = ids.iter().any(|(n, v)| *n == "sub_mchid" && v == mchid);
                let hint = if sub { " (it is the sub_mchid: a service provider signs as itself)" } else { "" };
                r.error("mchid", "MCHID_MISMATCH", format!("the header's mchid {mchid} is not the body's {name} {id}{hint}: the header carries the merchant whose certificate signs"));
            }
        }
    }

    // The signature.
    let signature = auth.get("signature").and_then(|s| STANDARD.decode(s.as_bytes()).ok());
    let verify_key: Option<PublicKey> = cert.cloned().or_else(|| private.clone());
    let mut verified = None;
    let mut tried = 0;
    match (&verify_key, &signature) {
        (None, _) => r.info("signature", "SIGNATURE_UNCHECKED", "give the private key or the merchant certificate to verify the signature and find which variant was signed".into()),
        (Some(_), None) => r.info("signature", "SIGNATURE_UNCHECKED", "the signature cannot be read, so it was not verified".into()),
        (Some(key), Some(sig)) => {
            r.ran("signature");
            let ok = key.verify_sha256(rebuilt.as_bytes(), sig);
            verified = Some(ok);
            if !ok {
                let other_key_ok = match (&private, cert) {
                    (Some(p), Some(_)) if !p.same_key(key) => p.verify_sha256(rebuilt.as_bytes(), sig),
                    _ => false,
                };
                if !other_key_ok {
                    let others: Vec<(String, String)> = input
                        .other_attempts
                        .iter()
                        .take(MAX_OTHER_ATTEMPTS)
                        .filter_map(|h| {
                            let mut scratch = Report::new(&[]);
                            let f = parse_authorization(h, &mut scratch);
                            Some((f.get("timestamp")?.to_owned(), f.get("nonce_str")?.to_owned()))
                        })
                        .collect();
                    let (n, found) = try_variants(&mut r, key, sig, request_variants(method, url, ts, nonce, body, &others), &rebuilt);
                    tried = n;
                    if body.len() > MAX_VARIANT_BODY {
                        r.info("signature", "VARIANTS_SKIPPED", format!("the body is {} bytes: body rewrites are tried only up to {MAX_VARIANT_BODY} bytes", body.len()));
                    }
                    if !found {
                        r.error("signature", "SIGNATURE_MISMATCH", "the signature does not verify over the message rebuilt from these inputs, nor over any usual mistake: the key that signed is not this certificate's, or the method, URL or body differ from what was signed".into());
                    }
                } else {
                    r.error("signature", "SIGNATURE_MISMATCH", "the signature verifies with the private key but not with the certificate: they are not a pair (see KEY_PAIR_MISMATCH)".into());
                }
            }
        }
    }
    if let Some(error) = input.wechatpay_error.filter(|e| !e.trim().is_empty()) {
        compare_with_received(&mut r, error, &rebuilt, body);
    }
    r.finish(verified, rebuilt, tried)
}

/// Compares the rebuilt message with the `sign_information` of WeChat Pay's `SIGN_ERROR`
/// response: the request WeChat Pay received may not be the one that was signed.
fn compare_with_received(r: &mut Report, error: &str, rebuilt: &str, body: &str) {
    const C: &str = "received";
    r.ran(C);
    let value: serde_json::Value = match serde_json::from_str(error) {
        Ok(v) => v,
        Err(e) => return r.warn(C, "WECHATPAY_ERROR_UNREADABLE", format!("WeChat Pay's response is not JSON ({e}): paste the body of its 401 answer")),
    };
    let info = value.pointer("/detail/sign_information").or_else(|| value.get("sign_information"));
    let Some(info) = info else {
        return r.warn(C, "WECHATPAY_ERROR_UNREADABLE", "WeChat Pay's response has no detail.sign_information: only SIGN_ERROR answers carry what WeChat Pay received".into());
    };
    let length = info.get("sign_message_length").and_then(serde_json::Value::as_u64);
    let start = info.get("truncated_sign_message").and_then(serde_json::Value::as_str).unwrap_or_default();
    let method = info.get("method").and_then(serde_json::Value::as_str).unwrap_or_default();
    let url = info.get("url").and_then(serde_json::Value::as_str).unwrap_or_default();
    let ours = rebuilt.len() as u64;
    // WeChat Pay's message has an empty body line when it received no body.
    let received_no_body = length.is_some_and(|n| ours > n && !body.is_empty() && ours - n == body.len() as u64);
    if received_no_body {
        return r.error(C, "BODY_NOT_SENT", format!("WeChat Pay received no body ({} bytes signed, {} received): the body was signed but not sent; check that the HTTP client sends the string you signed (e.g. data not dropped by a transform, Content-Length)", ours, length.unwrap_or_default()));
    }
    let mut differences = Vec::new();
    let (our_method, rest) = rebuilt.split_once('\n').unwrap_or((rebuilt, ""));
    if !method.is_empty() && method != our_method {
        differences.push(format!("method {method}, not {our_method}"));
    }
    let our_url = rest.split('\n').next().unwrap_or_default();
    if !url.is_empty() && url != our_url && !(our_url.starts_with(url) && our_url.get(url.len()..).is_some_and(|q| q.starts_with('?'))) {
        differences.push(format!("URL {url}, not {our_url}"));
    }
    if let Some(n) = length.filter(|n| *n != ours) {
        differences.push(format!("a message of {n} bytes, not {ours} (the body received differs from the one given here: re-serialized or re-encoded after signing?)"));
    }
    let start = start.trim_end_matches('…');
    if !start.is_empty() && !rebuilt.starts_with(start) {
        let at = start.bytes().zip(rebuilt.bytes()).take_while(|(a, b)| a == b).count();
        let line = rebuilt.get(..at).map_or(0, |p| p.matches('\n').count()) + 1;
        differences.push(format!("a message that differs from the rebuilt one from byte {at} (line {line})"));
    }
    if !differences.is_empty() {
        r.error(C, "SENT_MESSAGE_DIFFERS", format!("WeChat Pay received {}: what was sent is not what these inputs describe", differences.join("; ")));
    }
}

/// What arrived from WeChat Pay, for [`diagnose_verification`].
///
/// ```
/// use wechatpay_wasm::v3::{self, diagnose::VerificationInput};
/// let headers = [("Wechatpay-Timestamp", "1554209980")];
/// let input = VerificationInput { headers: &headers, body: "{}", now: 1554209990, max_skew_secs: v3::DEFAULT_MAX_SKEW_SECS, api_v3_key: None };
/// # let _ = input;
/// ```
#[derive(Debug, Clone, Copy)]
pub struct VerificationInput<'a, H: AsRef<str>> {
    /// The response's or notification's headers (names case-insensitive).
    pub headers: &'a [(H, H)],
    /// The body as the merchant's code has it.
    pub body: &'a str,
    /// Unix seconds to check `Wechatpay-Timestamp` and the certificate's validity against.
    pub now: u64,
    /// The timestamp window, e.g. [`crate::v3::DEFAULT_MAX_SKEW_SECS`].
    pub max_skew_secs: u64,
    /// For a notification: the API v3 key, to check the resource decrypts.
    pub api_v3_key: Option<&'a str>,
}

/// The body rewrites that may undo what a framework did to the raw body.
fn body_variants(body: &str) -> Vec<(&'static str, String, String)> {
    let mut v: Vec<(&'static str, String, String)> = Vec::new();
    if body.len() > MAX_VARIANT_BODY {
        return v;
    }
    let raw = "; verify the raw body: read the request stream as text before any JSON parser (express.raw / express.text, request.get_data(), file_get_contents('php://input'))";
    v.push(("BODY_ESCAPES", format!("the body's escapes were changed by a re-serialization: WeChat Pay signed it with \\uXXXX escapes{raw}"), json_text::escape(body, false)));
    v.push(("BODY_ESCAPES", format!("the body's escapes were changed by a re-serialization: WeChat Pay signed it with \\uXXXX and \\/ escapes{raw}"), json_text::escape(body, true)));
    v.push(("BODY_ESCAPES", format!("the body's escapes were decoded by a re-serialization{raw}"), json_text::unescape(body)));
    v.push(("BODY_LINE_ENDINGS", format!("the body's line endings were changed (CRLF to LF){raw}"), json_text::crlf(body)));
    v.push(("BODY_LINE_ENDINGS", format!("the body's line endings were changed (LF to CRLF){raw}"), json_text::lf(body)));
    if body.ends_with('\n') {
        v.push(("BODY_TRAILING_NEWLINE", format!("a line break was added after the body{raw}"), body.trim_end_matches(['\r', '\n']).to_owned()));
    } else {
        v.push(("BODY_TRAILING_NEWLINE", format!("the body's final line break was removed (trimmed){raw}"), format!("{body}\n")));
    }
    if let Some(fixed) = json_text::undo_latin1(body) {
        v.push(("BODY_CHARSET", format!("the UTF-8 body was decoded as Latin-1 (ISO-8859-1), which garbles Chinese text: decode it as UTF-8{raw}"), fixed));
    }
    if let Some(garbled) = json_text::as_latin1(body) {
        v.push(("BODY_CHARSET", format!("the body was decoded with another charset than the one it was signed in{raw}"), garbled));
    }
    for (layout, how) in [(json_text::PRETTY2, "2-space"), (json_text::PRETTY4, "4-space"), (json_text::PYTHON, "Python-style")] {
        v.push(("BODY_RESERIALIZED", format!("the body was parsed and serialized again (e.g. express.json() then JSON.stringify): WeChat Pay signed it in {how} layout{raw}"), json_text::layout(body, layout)));
    }
    v.push(("BODY_REFORMATTED", format!("whitespace was added to the body (pretty-printed, or copied from a log or a viewer): WeChat Pay signed it compact{raw}"), json_text::minify(body)));
    v
}

/// Diagnoses a response or notification: its headers, the key its serial names (and whether the
/// serial looks like the other kind of id), the certificate's validity at `now`, the timestamp
/// window, a `SIGNTEST` probe, the signature over the body (and if it fails, which framework
/// rewrite of the body reproduces it), and with an API v3 key, the resource's decryption.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// # let mut verifier = wechatpay_wasm::keys::Verifier::new();
/// # verifier.add_certificate(cert.clone())?; // here the merchant certificate plays the platform's
/// # let (timestamp, nonce, body) = ("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", r#"{"code":"SUCCESS"}"#);
/// # let now = 1554209990;
/// # let signature = wechatpay_wasm::v3::sign_message(&key, wechatpay_wasm::v3::response_message(timestamp, nonce, body).as_bytes())?;
/// # let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
/// use wechatpay_wasm::v3::diagnose::{diagnose_verification, VerificationInput};
/// // The body a JSON framework parsed and pretty-printed again before verifying:
/// let pretty = "{\n  \"code\": \"SUCCESS\"\n}";
/// let headers = [("Wechatpay-Timestamp", timestamp), ("Wechatpay-Nonce", nonce), ("Wechatpay-Signature", &signature), ("Wechatpay-Serial", serial)];
/// let input = VerificationInput { headers: &headers, body: pretty, now, max_skew_secs: 300, api_v3_key: None };
/// let d = diagnose_verification(&input, &verifier);
/// assert!(d.findings.iter().any(|f| f.code == "BODY_REFORMATTED"), "{:?}", d.findings);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn diagnose_verification<H: AsRef<str>>(input: &VerificationInput<'_, H>, verifier: &Verifier) -> Diagnosis {
    let mut r = Report::new(&["headers", "probe", "serial", "certificate", "timestamp", "signature", "body", "decrypt"]);
    let get = |name: &str| super::verify::find_header(input.headers, name).map(str::trim);
    r.ran("headers");
    let mut values = [""; 4];
    for (slot, name) in values.iter_mut().zip(["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"]) {
        match get(name) {
            Some(v) if !v.is_empty() => *slot = v,
            _ => r.error("headers", "HEADER_MISSING", format!("{name} is missing or empty: pass the response's or notification's headers as received")),
        }
    }
    let [ts, nonce, sig_text, serial] = values;
    let body = input.body;
    let rebuilt = if ts.is_empty() && nonce.is_empty() { String::new() } else { response_message(ts, nonce, body) };
    let ts_num = ts.parse::<u64>().ok().filter(|_| ts.bytes().all(|b| b.is_ascii_digit()));
    if !ts.is_empty() && ts_num.is_none() {
        r.error("headers", "HEADER_TIMESTAMP_FORMAT", format!("Wechatpay-Timestamp {ts:?} is not Unix seconds in decimal digits"));
    }
    let probe = sig_text.starts_with("WECHATPAY/SIGNTEST/");
    if !sig_text.is_empty() {
        r.ran("probe");
        if probe {
            r.warn("probe", "SIGNTEST_PROBE", "the signature is WeChat Pay's WECHATPAY/SIGNTEST/ probe: it checks that you reject bad signatures, so refusing it is correct".into());
        }
    }
    let signature = if sig_text.is_empty() || probe { None } else {
        let decoded = STANDARD.decode(sig_text.as_bytes()).ok();
        if decoded.is_none() {
            r.error("headers", "HEADER_SIGNATURE_BASE64", format!("Wechatpay-Signature ({} characters) is not base64: pass the header value unchanged", sig_text.len()));
        }
        decoded
    };

    // The key.
    let mut key: Option<&PublicKey> = None;
    if !serial.is_empty() {
        r.ran("serial");
        match verifier.get(serial) {
            Some(k) => key = Some(k),
            None => {
                let certs = verifier.entries().filter(|(_, k)| k.serial_no().is_some()).count();
                let bare = verifier.len() - certs;
                let loaded = verifier.ids().join(", ");
                if serial.starts_with("PUB_KEY_ID_") && bare == 0 {
                    r.error("serial", "SERIAL_IS_PUBLIC_KEY_ID", format!("Wechatpay-Serial {serial} is a WeChat Pay public key id, but only platform certificates are loaded ({loaded}): add the WeChat Pay public key (pub_key.pem) under this id"));
                } else if is_hex(serial) && certs == 0 && bare > 0 {
                    r.error("serial", "SERIAL_IS_CERTIFICATE", format!("Wechatpay-Serial {serial} is a platform certificate serial, but only WeChat Pay public keys are loaded ({loaded}): download the platform certificates too (or switch the account to public-key mode)"));
                } else {
                    let held = if verifier.is_empty() { "no key is loaded".to_owned() } else { format!("the keys loaded are {loaded}") };
                    r.error("serial", "SERIAL_UNKNOWN", format!("Wechatpay-Serial {serial} names no key given here ({held}): download the current platform certificates (or add the WeChat Pay public key)"));
                }
                // A bare key filed under another id may still be the signer.
                if let Some(sig) = &signature {
                    if let Some((id, _)) = verifier.entries().take(16).find(|(_, k)| k.verify_sha256(rebuilt.as_bytes(), sig)) {
                        if let Some(f) = r.findings.last_mut() {
                            f.message.push_str(&format!("; the key loaded as {id} does verify this signature, so it is filed under the wrong id"));
                        }
                    }
                }
            }
        }
    }
    if let Some(k) = key {
        r.ran("certificate");
        check_validity(&mut r, "certificate", &format!("the platform certificate {serial}"), k, input.now);
    }
    if let Some(t) = ts_num {
        r.ran("timestamp");
        let skew = t.abs_diff(input.now);
        if skew > input.max_skew_secs {
            let ms = if ts.len() >= 13 { " (it looks like milliseconds)" } else { "" };
            r.error("timestamp", "TIMESTAMP_SKEW", format!("Wechatpay-Timestamp {ts}{ms} is {skew} s away from the time checked ({}; at most {} s allowed): a replay, an old capture (check it as of its own time), or a wrong clock", input.now, input.max_skew_secs));
        }
    }

    // The body and the signature.
    let mut verified = None;
    let mut tried = 0;
    let mut signed_body: Option<String> = None;
    if body.trim() == "[object Object]" {
        r.error("body", "BODY_OBJECT", "the body is \"[object Object]\": an object was passed where the raw body text is needed; pass the raw body (before JSON parsing)".into());
    }
    let complete = !values.contains(&"") && ts_num.is_some();
    match (key, &signature) {
        (Some(k), Some(sig)) if complete => {
            r.ran("signature");
            let ok = k.verify_sha256(rebuilt.as_bytes(), sig);
            verified = Some(ok);
            if ok {
                signed_body = Some(body.to_owned());
            } else {
                r.ran("body");
                let variants: Vec<Variant> = body_variants(body)
                    .into_iter()
                    .map(|(code, message, b)| Variant { code, check: "body", message, signed: response_message(ts, nonce, &b) })
                    .collect();
                let (n, found) = try_variants(&mut r, k, sig, variants, &rebuilt);
                tried = n;
                if let Some(f) = r.findings.iter().find(|f| f.check == "body" && f.signed_message.is_some()) {
                    let prefix = response_message(ts, nonce, "");
                    signed_body = f.signed_message.as_deref().and_then(|m| m.strip_prefix(&prefix)).and_then(|b| b.strip_suffix('\n')).map(str::to_owned);
                }
                if body.len() > MAX_VARIANT_BODY {
                    r.info("body", "VARIANTS_SKIPPED", format!("the body is {} bytes: body rewrites are tried only up to {MAX_VARIANT_BODY} bytes", body.len()));
                }
                if !found {
                    if body.is_empty() {
                        r.error("body", "BODY_EMPTY", "the body is empty: a body parser (or a stream already read) consumed it before the check; read the raw body first".into());
                    }
                    r.error("signature", "SIGNATURE_MISMATCH", "the signature does not verify over TIMESTAMP\\nNONCE\\nBODY\\n with this key, nor over any usual rewrite of the body: pass the raw body and the headers exactly as received, and make sure the key loaded under this serial is WeChat Pay's".into());
                }
            }
        }
        _ => r.info("signature", "SIGNATURE_UNCHECKED", "the signature was not verified: a header or the key is missing (see the other findings)".into()),
    }

    // The notification's resource.
    let unusable_body = body.is_empty() || body.trim() == "[object Object]";
    if let Some(api_key) = input.api_v3_key.filter(|_| !unusable_body) {
        diagnose_decryption(&mut r, signed_body.as_deref().unwrap_or(body), api_key, signed_body.is_some());
    }
    r.finish(verified, rebuilt, tried)
}

fn diagnose_decryption(r: &mut Report, body: &str, api_key: &str, authentic: bool) {
    const C: &str = "decrypt";
    r.ran(C);
    let envelope: serde_json::Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(e) => return r.error(C, "NOTIFICATION_JSON_INVALID", format!("the body is not a JSON notification ({e})")),
    };
    let resource = envelope.get("resource").unwrap_or(&serde_json::Value::Null);
    let field = |name: &str| resource.get(name).and_then(serde_json::Value::as_str);
    let (Some(algorithm), Some(ciphertext), Some(nonce)) = (field("algorithm"), field("ciphertext"), field("nonce")) else {
        return r.error(C, "NOTIFICATION_JSON_INVALID", "the body has no resource {algorithm, ciphertext, nonce, associated_data}".into());
    };
    let associated_data = field("associated_data").unwrap_or_default();
    if algorithm != "AEAD_AES_256_GCM" {
        return r.error(C, "RESOURCE_ALGORITHM", format!("resource.algorithm is {algorithm:?}, not AEAD_AES_256_GCM"));
    }
    if nonce.len() != 12 {
        return r.error(C, "RESOURCE_NONCE", format!("resource.nonce has {} bytes, not 12: the body was altered", nonce.len()));
    }
    match STANDARD.decode(ciphertext.trim().as_bytes()) {
        Err(_) => return r.error(C, "RESOURCE_CIPHERTEXT", "resource.ciphertext is not base64: the body was altered".into()),
        Ok(bytes) if bytes.len() < 16 => {
            return r.error(C, "RESOURCE_CIPHERTEXT", format!("resource.ciphertext has {} bytes, shorter than the 16-byte tag: it was truncated", bytes.len()))
        }
        Ok(_) => {}
    }
    let trimmed = api_key.trim();
    if api_key.len() != 32 {
        if trimmed.len() == 32 && super::decrypt_resource(ciphertext, nonce, associated_data, trimmed).is_ok() {
            return r.error(C, "APIV3_KEY_WHITESPACE", format!("the API v3 key has whitespace around it ({} bytes; trimmed, 32 decrypt the resource): remove the space or line break", api_key.len()));
        }
        return r.error(C, "APIV3_KEY_LENGTH", format!("the API v3 key has {} bytes: it is exactly 32 (set under Account → API security; it is not the API v2 key of another length, nor the certificate or private key)", api_key.len()));
    }
    if super::decrypt_resource(ciphertext, nonce, associated_data, api_key).is_err() {
        if authentic {
            r.error(C, "APIV3_KEY_WRONG", "the signature proves the resource is WeChat Pay's, yet it does not decrypt: the API v3 key is wrong (it may have been reset in the merchant platform, or the API v2 key was used)".into());
        } else {
            r.error(C, "DECRYPT_FAILED", "the resource does not decrypt: the API v3 key is wrong, or the resource was altered (the signature did not verify, so which one cannot be told)".into());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests;
