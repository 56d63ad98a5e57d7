//! Why a v2 signature does not match: the signature debugger's and the CLI's shared logic.
//!
//! [`diagnose`] recomputes the signature of a message the way WeChat Pay does, shows every
//! intermediate (which fields are signed, `stringA`, the masked `stringSignTemp`, both the MD5
//! and the HMAC-SHA256 result) and, when a received sign does not match, recomputes it under
//! the mistakes integrations actually make: the other sign type, a key with stray whitespace or
//! extra characters, values that were trimmed, URL-decoded or URL-encoded on one side only, a
//! field that one side did not sign, empty fields signed as `k=`, lowercased field names,
//! unsorted fields, the key not appended. Every variant that reproduces the received sign is
//! reported as a [`Cause`]. Nothing returned contains the key.

use super::SignType;
use crate::hex;
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use serde::Serialize;
use sha2::Sha256;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use zeroize::Zeroizing;

/// WeChat Pay API v2 keys are 32 characters (set in the merchant platform).
///
/// ```
/// let d = wechatpay_wasm::v2::diagnose(&[("a", "1")], "short", None, None);
/// assert_eq!(d.key_length, 5);
/// assert!(d.notes.iter().any(|n| n.code == "KEY_LENGTH")); // not API_KEY_LENGTH characters
/// ```
pub const API_KEY_LENGTH: usize = 32;

/// What happens to one input field when signing.
///
/// ```
/// use wechatpay_wasm::v2::{diagnose, FieldRole};
/// let d = diagnose(&[("a", "1"), ("b", ""), ("sign", "X")], "k", None, None);
/// let roles: Vec<FieldRole> = d.fields.iter().map(|f| f.role).collect();
/// assert_eq!(roles, [FieldRole::Signed, FieldRole::Empty, FieldRole::Sign]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldRole {
    /// Part of `stringA`.
    Signed,
    /// Empty: dropped from `stringA`.
    Empty,
    /// The `sign` field itself: excluded.
    Sign,
}

/// One input field, in input order.
///
/// ```
/// let d = wechatpay_wasm::v2::diagnose(&[("total_fee", "1")], "k", None, None);
/// assert_eq!((d.fields[0].name.as_str(), d.fields[0].value.as_str()), ("total_fee", "1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldInfo {
    /// The field's name.
    pub name: String,
    /// Its value, as received.
    pub value: String,
    /// Whether it is signed.
    pub role: FieldRole,
}

/// A variant of the computation that reproduces the received sign: the likely cause.
///
/// ```
/// use wechatpay_wasm::v2::{diagnose, sign, SignType};
/// let received = sign(&[("a", "1")], "192006250b4c09247ec02edce69f6a2d", SignType::Md5);
/// // The key as pasted into the checker, with the line break of the key file:
/// let d = diagnose(&[("a", "1")], "192006250b4c09247ec02edce69f6a2d\n", Some(&received), None);
/// assert_eq!(d.causes[0].code, "KEY_WHITESPACE");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cause {
    /// Stable identifier: `SIGN_TYPE`, `KEY_WHITESPACE`, `KEY_QUOTED`, `KEY_TRUNCATED`,
    /// `VALUES_TRIMMED`, `VALUES_URL_DECODED`, `VALUES_URL_ENCODED`, `FIELD_UNSIGNED`,
    /// `EMPTY_SIGNED`, `NAMES_LOWERCASED`, `UNSORTED`, `KEY_NOT_APPENDED`, `SIGN_WHITESPACE`.
    pub code: &'static str,
    /// The sign type under which the variant reproduces the received sign.
    pub sign_type: &'static str,
    /// The fields concerned (empty when the cause is not about fields).
    pub fields: Vec<String>,
    /// What went wrong and what to do, in one or two sentences.
    pub message: String,
    /// The `stringA` of the variant (no key in it).
    pub string_a: String,
}

/// Something worth knowing whether or not it explains a mismatch.
///
/// ```
/// let d = wechatpay_wasm::v2::diagnose(&[("a", "1")], "192006250b4c09247ec02edce69f6a2d", Some("abc"), None);
/// assert!(d.notes.iter().any(|n| n.code == "SIGN_LENGTH"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// `KEY_LENGTH`, `KEY_EMPTY`, `SIGN_LENGTH`, `SIGN_TYPE_FIELD`, `SIGN_TYPE_UNSUPPORTED`, `FIELDS_NOT_TRIED`,
    /// `SIGN_LOWERCASE`.
    pub code: &'static str,
    /// What it means, in one sentence.
    pub message: String,
}

/// Everything the debugger shows about one signature.
///
/// ```
/// let d = wechatpay_wasm::v2::diagnose(&[("a", "1")], "192006250b4c09247ec02edce69f6a2d", None, None);
/// assert_eq!(d.string_sign_temp_masked, "a=1&key=********************************");
/// assert_eq!((d.sign_type, d.expected.as_str()), ("MD5", d.md5.as_str()));
/// assert_eq!(d.matches, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// The input fields in input order, each with its role.
    pub fields: Vec<FieldInfo>,
    /// `k1=v1&k2=v2…` over the signed fields.
    pub string_a: String,
    /// `stringA&key=` followed by one `*` per key character.
    pub string_sign_temp_masked: String,
    /// Key length in characters.
    pub key_length: usize,
    /// The sign type checked: the one asked for, else the message's `sign_type`, else MD5.
    pub sign_type: &'static str,
    /// The MD5 signature (uppercase hex), whatever `sign_type` is.
    pub md5: String,
    /// The HMAC-SHA256 signature (uppercase hex), whatever `sign_type` is.
    pub hmac_sha256: String,
    /// The signature for `sign_type` (one of `md5` / `hmac_sha256`).
    pub expected: String,
    /// The received sign: the one passed in, else the message's `sign` field.
    pub received: Option<String>,
    /// Whether `received` matches `expected` the way `verify` compares (case-insensitively).
    /// `None` when there is no received sign.
    pub matches: Option<bool>,
    /// Variants that reproduce the received sign (empty when it matches or nothing does).
    pub causes: Vec<Cause>,
    /// Remarks that hold whether or not the sign matches (a key that is not 32 characters, …).
    pub notes: Vec<Note>,
    /// One-line verdict.
    pub summary: String,
}

type Field = (String, String);

/// How `stringA` is built: WeChat Pay's rules, or one of the usual deviations.
#[derive(Clone, Copy)]
struct Build {
    sorted: bool,
    include_empty: bool,
    append_key: bool,
}

const STANDARD: Build = Build { sorted: true, include_empty: false, append_key: true };

fn string_a(fields: &[Field], build: Build) -> String {
    let mut signed: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, v)| k != "sign" && (build.include_empty || !v.is_empty()))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if build.sorted {
        // Byte order, stable for repeated names: the same order as `sign`.
        signed.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    }
    crate::xml::join_pairs(&signed, '=', '&')
}

fn digest(string_a: &str, key: &str, append_key: bool, sign_type: SignType) -> String {
    let mut temp = Zeroizing::new(String::with_capacity(string_a.len() + key.len() + 5));
    temp.push_str(string_a);
    if append_key {
        temp.push_str("&key=");
        temp.push_str(key);
    }
    match sign_type {
        SignType::Md5 => hex::upper(&Md5::digest(temp.as_bytes())),
        SignType::HmacSha256 => {
            // HMAC accepts keys of any length; the fallback is unreachable.
            let mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes())
                .map(|m| m.chain_update(temp.as_bytes()).finalize().into_bytes());
            mac.map(|b| hex::upper(&b)).unwrap_or_default()
        }
    }
}

fn other(t: SignType) -> SignType {
    match t {
        SignType::Md5 => SignType::HmacSha256,
        SignType::HmacSha256 => SignType::Md5,
    }
}

fn is_hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

fn has_percent_escape(s: &str) -> bool {
    s.as_bytes().windows(3).any(|w| matches!(w, [b'%', a, b] if is_hex(*a) && is_hex(*b)))
}

fn hex_val(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

/// Percent-decodes `%XX` (and `+` as a space when `form`); `None` if the result is not UTF-8.
pub(crate) fn url_decode(s: &str, form: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if is_hex(h) && is_hex(l) => {
                out.push(hex_val(h) << 4 | hex_val(l));
                i += 3;
            }
            (b'+', _, _) if form => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// `encodeURIComponent` (`form` = false) or PHP `urlencode` / form encoding (`form` = true).
fn url_encode(s: &str, form: bool) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.')
            || (!form && matches!(b, b'!' | b'~' | b'*' | b'\'' | b'(' | b')'));
        if keep {
            out.push(char::from(b));
        } else if form && b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF".get(usize::from(b >> 4)).copied().unwrap_or(b'0')));
            out.push(char::from(b"0123456789ABCDEF".get(usize::from(b & 15)).copied().unwrap_or(b'0')));
        }
    }
    out
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// One deviation to try: the fields and key the other side may have used.
struct Variant {
    code: &'static str,
    fields: Vec<Field>,
    key: Option<String>,
    build: Build,
    concerned: Vec<String>,
    message: String,
}

/// Applies `f` to every signed value; returns the new fields and the names whose value changed.
fn map_values(fields: &[Field], f: impl Fn(&str) -> Option<String>) -> (Vec<Field>, Vec<String>) {
    let mut changed = Vec::new();
    let mapped = fields
        .iter()
        .map(|(k, v)| {
            if k == "sign" {
                return (k.clone(), v.clone());
            }
            match f(v) {
                Some(nv) if nv != *v => {
                    changed.push(k.clone());
                    (k.clone(), nv)
                }
                _ => (k.clone(), v.clone()),
            }
        })
        .collect();
    (mapped, changed)
}

/// At most this many "one field left out" variants: each costs a `stringA` and four digests.
///
/// ```
/// let many: Vec<(String, String)> = (0..100).map(|i| (format!("f{i:03}"), "v".to_owned())).collect();
/// let d = wechatpay_wasm::v2::diagnose(&many, "k", Some("00000000000000000000000000000000"), None);
/// assert!(d.notes.iter().any(|n| n.code == "FIELDS_NOT_TRIED"));
/// ```
pub const MAX_UNSIGNED_FIELD_VARIANTS: usize = 64;

/// Bytes of `stringA` the "field left out" variants may hash in all (8 MiB), so that their
/// number shrinks as the message grows and the whole diagnosis stays linear in its size.
const UNSIGNED_FIELD_BUDGET: usize = 8 << 20;

fn max_unsigned_field_variants(size: usize) -> usize {
    MAX_UNSIGNED_FIELD_VARIANTS.min(UNSIGNED_FIELD_BUDGET / size.max(1))
}

fn variants(fields: &[Field], key: &str, notes: &mut Vec<Note>) -> Vec<Variant> {
    let mut out = Vec::new();
    let field_variant = |code, fields, concerned, message| Variant { code, fields, key: None, build: STANDARD, concerned, message };

    // The key as typed may carry what a copy-paste or a file adds.
    let key_variant = |code, k: String, message: String| Variant {
        code,
        fields: fields.to_vec(),
        key: Some(k),
        build: STANDARD,
        concerned: Vec::new(),
        message,
    };
    let trimmed_key = key.trim();
    if trimmed_key != key && !trimmed_key.is_empty() {
        out.push(key_variant("KEY_WHITESPACE", trimmed_key.to_owned(),
            format!("the key you entered has whitespace around it ({} characters; without it {}): remove the space or line break that came with the copy or the key file", key.chars().count(), trimmed_key.chars().count())));
    }
    for q in ['"', '\''] {
        if let Some(inner) = trimmed_key.strip_prefix(q).and_then(|k| k.strip_suffix(q)) {
            if !inner.is_empty() {
                out.push(key_variant("KEY_QUOTED", inner.to_owned(),
                    "the key you entered is wrapped in quotes: the quotes are not part of the key".to_owned()));
            }
        }
    }
    if trimmed_key.chars().count() > API_KEY_LENGTH {
        let head: String = trimmed_key.chars().take(API_KEY_LENGTH).collect();
        out.push(key_variant("KEY_TRUNCATED", head,
            format!("the sign was made with the first {API_KEY_LENGTH} characters of the key you entered: the rest ({} characters) is extra", trimmed_key.chars().count() - API_KEY_LENGTH)));
    }

    let (trimmed, names) = map_values(fields, |v| Some(v.trim().to_owned()));
    if !names.is_empty() {
        let msg = format!("the sign was made over trimmed values: {} have whitespace around them here. One side trims (or a template/XML formatter adds spaces); sign exactly the bytes you send", quoted(&names));
        out.push(field_variant("VALUES_TRIMMED", trimmed, names, msg));
    }

    let with_plus: HashSet<&str> = fields.iter().filter(|(_, v)| v.contains('+')).map(|(k, _)| k.as_str()).collect();
    for form in [false, true] {
        let (decoded, names) =
            map_values(fields, |v| if has_percent_escape(v) || (form && v.contains('+')) { url_decode(v, form) } else { None });
        if !names.is_empty() && (!form || names.iter().any(|n| with_plus.contains(n.as_str()))) {
            let how = if form { "form-decoded (%XX and + as a space)" } else { "URL-decoded (%XX)" };
            let msg = format!("the sign was made over {how} values of {}: sign the values themselves, not their URL-encoded form (or decode what you received before verifying)", quoted(&names));
            out.push(field_variant("VALUES_URL_DECODED", decoded, names, msg));
        }
    }
    for form in [false, true] {
        let (encoded, names) = map_values(fields, |v| Some(url_encode(v, form)));
        if !names.is_empty() {
            let how = if form { "form-encoded (PHP urlencode, space as +)" } else { "URL-encoded (encodeURIComponent)" };
            let msg = format!("the sign was made over {how} values of {}: WeChat Pay signs raw values, never URL-encoded ones", quoted(&names));
            out.push(field_variant("VALUES_URL_ENCODED", encoded, names, msg));
        }
    }

    let candidates = fields.iter().filter(|(k, v)| k != "sign" && !v.is_empty()).count();
    let size: usize = fields.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let budget = max_unsigned_field_variants(size);
    if candidates > budget {
        notes.push(Note { code: "FIELDS_NOT_TRIED", message: format!(
            "the message has {candidates} non-empty fields ({size} bytes): leaving out one field was tried for the first {budget} only, to keep the diagnosis fast") });
    }
    for (i, (name, _)) in fields.iter().enumerate().filter(|(_, (k, v))| k != "sign" && !v.is_empty()).take(budget) {
        let mut without = fields.to_vec();
        without.remove(i);
        let msg = format!("the sign was made without `{name}`: one side added it after signing or left it out of the signature. Every non-empty field except `sign` must be signed; if `{name}` should not be sent, omit it or leave it empty");
        out.push(field_variant("FIELD_UNSIGNED", without, vec![name.clone()], msg));
    }

    let empty: Vec<String> = fields.iter().filter(|(k, v)| k != "sign" && v.is_empty()).map(|(k, _)| k.clone()).collect();
    if !empty.is_empty() {
        let msg = format!("the sign was made with the empty fields {} included as `name=`: WeChat Pay drops empty values from stringA", quoted(&empty));
        out.push(Variant { code: "EMPTY_SIGNED", fields: fields.to_vec(), key: None, build: Build { include_empty: true, ..STANDARD }, concerned: empty, message: msg });
    }

    let upper: Vec<String> = fields.iter().filter(|(k, _)| k != "sign" && k.chars().any(|c| c.is_ascii_uppercase())).map(|(k, _)| k.clone()).collect();
    if !upper.is_empty() {
        let lowered = fields.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.clone())).collect();
        let msg = format!("the sign was made with lowercased field names ({}): names are case-sensitive (JSAPI paySign signs appId, timeStamp, nonceStr, package, signType exactly so)", quoted(&upper));
        out.push(field_variant("NAMES_LOWERCASED", lowered, upper, msg));
    }

    let build_unsorted = Build { sorted: false, ..STANDARD };
    if string_a(fields, build_unsorted) != string_a(fields, STANDARD) {
        out.push(Variant { code: "UNSORTED", fields: fields.to_vec(), key: None, build: build_unsorted, concerned: Vec::new(),
            message: "the sign was made over the fields in message order: stringA must list them sorted by name (ASCII order)".to_owned() });
    }

    out.push(Variant { code: "KEY_NOT_APPENDED", fields: fields.to_vec(), key: None, build: Build { append_key: false, ..STANDARD }, concerned: Vec::new(),
        message: "the sign was made over stringA alone: `&key=` and the API key must be appended before hashing".to_owned() });
    out
}

/// Diagnoses the v2 signature of `params` with the API `key`.
///
/// `received` is the sign to check (default: the `sign` field); `sign_type` the algorithm
/// (default: the `sign_type` field, else MD5).
///
/// ```
/// use wechatpay_wasm::v2::{diagnose, SignType};
/// let params = [("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"), ("device_info", "1000"),
///               ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA")];
/// let key = "192006250b4c09247ec02edce69f6a2d";
/// // An HMAC-SHA256 sign checked as MD5:
/// let d = diagnose(&params, key, Some("6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"), Some(SignType::Md5));
/// assert_eq!(d.matches, Some(false));
/// assert_eq!((d.causes[0].code, d.causes[0].sign_type), ("SIGN_TYPE", "HMAC-SHA256"));
/// ```
pub fn diagnose<'a, I, K, V>(params: I, key: &str, received: Option<&str>, sign_type: Option<SignType>) -> Diagnosis
where
    I: IntoIterator<Item = &'a (K, V)>,
    K: AsRef<str> + 'a,
    V: AsRef<str> + 'a,
{
    let fields: Vec<Field> = params.into_iter().map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned())).collect();
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let mut notes = Vec::new();

    let type_field = field("sign_type").filter(|t| !t.is_empty());
    let sign_type = match (sign_type, type_field) {
        (Some(t), Some(f)) => {
            if f != t.as_str() {
                notes.push(Note { code: "SIGN_TYPE_FIELD", message: format!("the message says sign_type={f} but {} is checked", t.as_str()) });
            }
            t
        }
        (Some(t), None) => t,
        (None, Some(f)) => f.parse().unwrap_or_else(|_| {
            notes.push(Note { code: "SIGN_TYPE_UNSUPPORTED", message: format!("sign_type {f:?} is not MD5 or HMAC-SHA256 (WeChat Pay would reject it); checked as MD5") });
            SignType::Md5
        }),
        (None, None) => SignType::Md5,
    };

    let key_length = key.chars().count();
    if key.is_empty() {
        notes.push(Note { code: "KEY_EMPTY", message: "no API key: the signature needs the merchant's API v2 key".to_owned() });
    } else if key_length != API_KEY_LENGTH {
        notes.push(Note { code: "KEY_LENGTH", message: format!("the key has {key_length} characters: WeChat Pay API v2 keys have {API_KEY_LENGTH}") });
    }

    let string_a_std = string_a(&fields, STANDARD);
    let md5 = digest(&string_a_std, key, true, SignType::Md5);
    let hmac_sha256 = digest(&string_a_std, key, true, SignType::HmacSha256);
    let expected = match sign_type {
        SignType::Md5 => md5.clone(),
        SignType::HmacSha256 => hmac_sha256.clone(),
    };

    let received = received.filter(|s| !s.is_empty()).or_else(|| field("sign").filter(|s| !s.is_empty())).map(str::to_owned);
    let mut causes = Vec::new();
    let matches = received.as_ref().map(|r| r.to_ascii_uppercase() == expected);

    if let (Some(r), Some(false)) = (&received, matches) {
        let r_upper = r.trim().to_ascii_uppercase();
        let stated = match r.trim().len() {
            32 => Some(SignType::Md5),
            64 => Some(SignType::HmacSha256),
            _ => None,
        };
        match stated {
            Some(t) if t != sign_type => notes.push(Note { code: "SIGN_LENGTH", message: format!("the received sign has {} hex characters, the length of {}, but {} is checked", r.trim().len(), t.as_str(), sign_type.as_str()) }),
            None => notes.push(Note { code: "SIGN_LENGTH", message: format!("the received sign has {} characters: MD5 signs have 32 hex characters, HMAC-SHA256 signs 64", r.len()) }),
            _ => {}
        }
        if r.trim() != r && r_upper == expected {
            causes.push(Cause { code: "SIGN_WHITESPACE", sign_type: sign_type.as_str(), fields: Vec::new(),
                message: "the received sign has whitespace around it: compare the trimmed value".to_owned(), string_a: string_a_std.clone() });
        }
        let other_type = other(sign_type);
        if digest(&string_a_std, key, true, other_type) == r_upper {
            causes.push(Cause { code: "SIGN_TYPE", sign_type: other_type.as_str(), fields: Vec::new(),
                message: format!("the sign was made with {} but checked as {}: set sign_type={} in the message (or check with {})",
                    other_type.as_str(), sign_type.as_str(), other_type.as_str(), other_type.as_str()),
                string_a: string_a_std.clone() });
        }
        // Two variants may build the same string (e.g. both URL encodings of a plain URL): a set
        // of their hashes, not of the strings, so memory stays one string whatever the count.
        let mut tried: HashSet<u64> = HashSet::new();
        for v in variants(&fields, key, &mut notes) {
            let a = string_a(&v.fields, v.build);
            let k = v.key.as_deref().unwrap_or(key);
            let mut id = DefaultHasher::new();
            (&a, v.build.append_key, &v.key).hash(&mut id);
            if !tried.insert(id.finish()) {
                continue;
            }
            for t in [sign_type, other_type] {
                if digest(&a, k, v.build.append_key, t) == r_upper {
                    let mut message = v.message.clone();
                    if t != sign_type {
                        message.push_str(&format!("; and it was made with {} (checked as {})", t.as_str(), sign_type.as_str()));
                    }
                    causes.push(Cause { code: v.code, sign_type: t.as_str(), fields: v.concerned.clone(), message, string_a: a.clone() });
                }
            }
        }
    }
    if r_is_lower(received.as_deref()) && matches == Some(true) {
        notes.push(Note { code: "SIGN_LOWERCASE", message: "the received sign is lowercase hex: verify accepts it, but WeChat Pay sends and expects uppercase".to_owned() });
    }

    let summary = match (matches, causes.first()) {
        (None, _) => format!("{} sign computed; paste a received sign to check it", sign_type.as_str()),
        (Some(true), _) => format!("the received sign matches ({})", sign_type.as_str()),
        (Some(false), Some(c)) => format!("mismatch: {}", c.message),
        (Some(false), None) => format!(
            "mismatch: no usual mistake reproduces the received sign, so most likely the key differs (use the API v2 key from the merchant platform, {API_KEY_LENGTH} characters, not the API v3 key) or the fields differ from what was signed"
        ),
    };

    let field_infos = fields
        .iter()
        .map(|(k, v)| FieldInfo {
            name: k.clone(),
            value: v.clone(),
            role: if k == "sign" { FieldRole::Sign } else if v.is_empty() { FieldRole::Empty } else { FieldRole::Signed },
        })
        .collect();
    let string_sign_temp_masked = super::sign::mask_key(&string_a_std, key_length);
    Diagnosis {
        fields: field_infos,
        string_a: string_a_std,
        string_sign_temp_masked,
        key_length,
        sign_type: sign_type.as_str(),
        md5,
        hmac_sha256,
        expected,
        received,
        matches,
        causes,
        notes,
        summary,
    }
}

fn r_is_lower(r: Option<&str>) -> bool {
    r.is_some_and(|r| r.bytes().any(|b| b.is_ascii_lowercase()) && !r.bytes().any(|b| b.is_ascii_uppercase()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::v2::sign;

    // The security-spec example of WeChat Pay's documentation.
    const KEY: &str = "192006250b4c09247ec02edce69f6a2d";
    const MD5: &str = "9A0A8659F005D6984697E2CA0A9CF3B7";
    const HMAC: &str = "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6";
    const STRING_A: &str = "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA";

    fn official() -> Vec<(String, String)> {
        [("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"), ("device_info", "1000"), ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn with(mut p: Vec<(String, String)>, k: &str, v: &str) -> Vec<(String, String)> {
        match p.iter_mut().find(|(n, _)| n == k) {
            Some(f) => f.1 = v.to_owned(),
            None => p.push((k.to_owned(), v.to_owned())),
        }
        p
    }

    fn codes(d: &Diagnosis) -> Vec<(&'static str, &'static str)> {
        d.causes.iter().map(|c| (c.code, c.sign_type)).collect()
    }

    fn assert_no_key(d: &Diagnosis, key: &str) {
        let json = serde_json::to_string(d).unwrap();
        assert!(!json.contains(key.trim()), "the key leaked: {json}");
    }

    #[test]
    fn official_example_matches_and_shows_every_intermediate() {
        let p = with(with(official(), "sign", MD5), "attach", "");
        let d = diagnose(&p, KEY, None, None);
        assert_eq!(d.string_a, STRING_A);
        assert_eq!(d.string_sign_temp_masked, format!("{STRING_A}&key={}", "*".repeat(32)));
        assert_eq!((d.md5.as_str(), d.hmac_sha256.as_str(), d.expected.as_str()), (MD5, HMAC, MD5));
        assert_eq!((d.received.as_deref(), d.matches), (Some(MD5), Some(true)));
        assert!(d.causes.is_empty() && d.notes.is_empty(), "{d:?}");
        assert_eq!(d.summary, "the received sign matches (MD5)");
        let roles: Vec<_> = d.fields.iter().map(|f| (f.name.as_str(), f.role)).collect();
        assert_eq!(roles[5..], [("sign", FieldRole::Sign), ("attach", FieldRole::Empty)]);
        assert_eq!(roles[0], ("appid", FieldRole::Signed));
        assert_no_key(&d, KEY);
        // Without a received sign there is nothing to match.
        let d = diagnose(&official(), KEY, None, Some(SignType::HmacSha256));
        assert_eq!((d.expected.as_str(), d.matches), (HMAC, None));
    }

    #[test]
    fn official_jsapi_pay_sign_matches() {
        let p = [("appId", "wxd678efh567hg6787"), ("timeStamp", "1490840662"), ("nonceStr", "5K8264ILTKCH16CQ2502SI8ZNMTM67VS"),
            ("package", "prepay_id=wx2017033010242291fcfe0db70013231072"), ("signType", "MD5")];
        let d = diagnose(&p, "qazwsxedcrfvtgbyhnujmikolp111111", Some("22D9B4E54AB1950F51E0649E8810ACD6"), None);
        assert_eq!(d.matches, Some(true));
    }

    #[test]
    fn hmac_sign_checked_as_md5_is_the_sign_type() {
        let d = diagnose(&official(), KEY, Some(HMAC), Some(SignType::Md5));
        assert_eq!(d.matches, Some(false));
        assert_eq!(codes(&d), [("SIGN_TYPE", "HMAC-SHA256")]);
        assert!(d.summary.starts_with("mismatch: the sign was made with HMAC-SHA256 but checked as MD5"), "{}", d.summary);
        assert_eq!(d.notes[0].code, "SIGN_LENGTH");
        // And the other way round, with the type taken from the message's sign_type field.
        let p = with(with(official(), "sign_type", "HMAC-SHA256"), "sign", "0");
        let md5_of_that = sign(&p, KEY, SignType::Md5);
        let d = diagnose(&p, KEY, Some(&md5_of_that), None);
        assert_eq!((d.sign_type, codes(&d)), ("HMAC-SHA256", vec![("SIGN_TYPE", "MD5")]));
    }

    #[test]
    fn wrong_key_has_no_cause_but_says_so() {
        let d = diagnose(&official(), "192006250b4c09247ec02edce69f6a2e", Some(MD5), None);
        assert_eq!(d.matches, Some(false));
        assert!(d.causes.is_empty(), "{:?}", d.causes);
        assert!(d.notes.is_empty());
        assert!(d.summary.contains("most likely the key differs"), "{}", d.summary);
        // A 31-character key is flagged.
        let d = diagnose(&official(), &KEY[..31], Some(MD5), None);
        assert_eq!(d.notes.iter().map(|n| n.code).collect::<Vec<_>>(), ["KEY_LENGTH"]);
        assert_eq!(d.string_sign_temp_masked, format!("{STRING_A}&key={}", "*".repeat(31)));
    }

    #[test]
    fn key_with_newline_quotes_or_extra_characters() {
        let d = diagnose(&official(), &format!("{KEY}\n"), Some(MD5), None);
        assert_eq!(codes(&d), [("KEY_WHITESPACE", "MD5")]);
        assert_eq!(d.notes[0].code, "KEY_LENGTH");
        assert_no_key(&d, KEY);
        let d = diagnose(&official(), &format!("'{KEY}'"), Some(HMAC), Some(SignType::HmacSha256));
        assert_eq!(codes(&d), [("KEY_QUOTED", "HMAC-SHA256")]);
        let d = diagnose(&official(), &format!("{KEY}abc"), Some(MD5), None);
        assert_eq!(codes(&d), [("KEY_TRUNCATED", "MD5")]);
        assert_no_key(&d, KEY);
    }

    #[test]
    fn trimmed_and_url_coded_values() {
        let d = diagnose(&with(official(), "body", " test\u{3000}"), KEY, Some(MD5), None);
        assert_eq!(codes(&d), [("VALUES_TRIMMED", "MD5")]);
        assert_eq!(d.causes[0].fields, ["body"]);
        assert_eq!(d.causes[0].string_a, STRING_A);

        let d = diagnose(&with(official(), "body", "t%65st"), KEY, Some(MD5), None);
        assert_eq!(codes(&d), [("VALUES_URL_DECODED", "MD5")]);
        let d = diagnose(&with(official(), "device_info", "10+00"), KEY, Some(sign(&with(official(), "device_info", "10 00"), KEY, SignType::Md5).as_str()), None);
        assert_eq!(codes(&d), [("VALUES_URL_DECODED", "MD5")]);
        assert!(d.causes[0].message.contains("form-decoded"));

        // The other side signed encodeURIComponent(notify_url): value computed with node:crypto.
        let p = with(official(), "notify_url", "https://example.com/notify?a=1");
        let d = diagnose(&p, KEY, Some("09C0A71FFB8573843181AF16A9D7E702"), None);
        assert_eq!(codes(&d), [("VALUES_URL_ENCODED", "MD5")]);
        assert_eq!(d.causes[0].fields, ["notify_url"]);
    }

    #[test]
    fn unsigned_field_empty_fields_names_order_and_missing_key() {
        // attach was added after signing: dropping it reproduces the official sign.
        let d = diagnose(&with(official(), "attach", "x"), KEY, Some(HMAC), Some(SignType::Md5));
        assert_eq!(codes(&d), [("FIELD_UNSIGNED", "HMAC-SHA256")]);
        assert!(d.causes[0].message.ends_with("; and it was made with HMAC-SHA256 (checked as MD5)"));
        assert_eq!(d.causes[0].fields, ["attach"]);

        // Empty attach signed as "attach=" (node:crypto MD5 of that stringSignTemp).
        let d = diagnose(&with(official(), "attach", ""), KEY, Some("C14A961532040E73C3BE6ECE35946C13"), None);
        assert_eq!(codes(&d), [("EMPTY_SIGNED", "MD5")]);

        let mut camel = official();
        camel[0].0 = "appId".into();
        camel[1].0 = "Mch_Id".into();
        let d = diagnose(&camel, KEY, Some(MD5), None);
        assert_eq!(codes(&d), [("NAMES_LOWERCASED", "MD5")]);
        assert_eq!(d.causes[0].fields, ["appId", "Mch_Id"]);

        // Fields in message order (node:crypto MD5).
        let d = diagnose(&official(), KEY, Some("6D3FBEDE4B14F875DCEC88399B9B0EA4"), None);
        assert_eq!(codes(&d), [("UNSORTED", "MD5")]);
        // MD5(stringA) without "&key=…" (node:crypto; it happens to be the example's key).
        let d = diagnose(&official(), KEY, Some("192006250B4C09247EC02EDCE69F6A2D"), None);
        assert_eq!(codes(&d), [("KEY_NOT_APPENDED", "MD5")]);
        let d = diagnose(&official(), KEY, Some("F734F0E6B3509F9701F4A27CA72985EE10313DD0F96B71CAB42985D0F4F56376"), None);
        assert_eq!(codes(&d), [("KEY_NOT_APPENDED", "HMAC-SHA256")]);
    }

    #[test]
    fn received_sign_forms() {
        let d = diagnose(&official(), KEY, Some(&MD5.to_ascii_lowercase()), None);
        assert_eq!(d.matches, Some(true));
        assert_eq!(d.notes[0].code, "SIGN_LOWERCASE");
        let d = diagnose(&official(), KEY, Some(&format!("{MD5}\n")), None);
        assert_eq!(codes(&d), [("SIGN_WHITESPACE", "MD5")]);
        let d = diagnose(&official(), KEY, Some("ABC"), None);
        assert_eq!((d.matches, d.notes[0].code), (Some(false), "SIGN_LENGTH"));
        let d = diagnose(&with(official(), "sign_type", "SHA1"), KEY, None, None);
        assert_eq!((d.sign_type, d.notes[0].code), ("MD5", "SIGN_TYPE_UNSUPPORTED"));
        let d = diagnose(&with(official(), "sign_type", "MD5"), KEY, None, Some(SignType::HmacSha256));
        assert_eq!(d.notes[0].code, "SIGN_TYPE_FIELD");
        let d = diagnose(&official(), "", Some(MD5), None);
        assert_eq!(d.notes[0].code, "KEY_EMPTY");
    }

    #[test]
    fn digest_agrees_with_sign_on_random_maps() {
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            seed >> 16
        };
        for _ in 0..200 {
            let n = next() % 12;
            let p: Vec<(String, String)> = (0..n)
                .map(|i| (format!("{}{}", ["a", "B", "z_", "中"][(next() % 4) as usize], i), ["", "x", " y ", "%41", "é&=", "a+b"][(next() % 6) as usize].to_owned()))
                .collect();
            for t in [SignType::Md5, SignType::HmacSha256] {
                let d = diagnose(&p, "k", None, Some(t));
                assert_eq!(d.expected, sign(&p, "k", t));
                assert_eq!(d.md5, sign(&p, "k", SignType::Md5));
            }
        }
    }

    #[test]
    fn url_coding_helpers() {
        assert_eq!(url_decode("a%20b+c%zz%", false).as_deref(), Some("a b+c%zz%"));
        assert_eq!(url_decode("a%20b+c", true).as_deref(), Some("a b c"));
        assert_eq!(url_decode("%E4%B8%AD", false).as_deref(), Some("中"));
        assert_eq!(url_decode("%FF", false), None);
        assert_eq!(url_encode("a b/中~", false), "a%20b%2F%E4%B8%AD~");
        assert_eq!(url_encode("a b/中~", true), "a+b%2F%E4%B8%AD%7E");
    }
}
