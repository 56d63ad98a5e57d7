//! Synchronous gateway responses: `{"<method>_response": {…}, "sign": "…"}`, where the sign
//! covers the response node's JSON text **exactly as it appears in the body**. The node is
//! therefore located by a small JSON scanner that returns its byte span, never re-serialised
//! (re-serialising changes escapes, spacing and key order, and the signature with them).

use super::sign::{verify_content, SignType};
use crate::keys::PublicKey;
use crate::{Error, Result};
use std::borrow::Cow;

/// The success code of the gateway API.
///
/// ```
/// let node = serde_json::json!({ "code": wechatpay_wasm::alipay::SUCCESS_CODE, "msg": "Success" });
/// assert!(wechatpay_wasm::alipay::check_success("alipay_trade_query_response", &node).is_ok());
/// ```
pub const SUCCESS_CODE: &str = "10000";

/// Nesting deeper than this is refused (Alipay responses are a few levels deep).
const MAX_DEPTH: usize = 128;

/// What the signature of a response covers.
///
/// ```
/// let body = r#"{"alipay_trade_query_response":{"code":"10000","msg":"Success"},"sign":"c2lnbg=="}"#;
/// let s = wechatpay_wasm::alipay::response_sign_content(body, "alipay.trade.query")?;
/// assert_eq!((s.node.as_str(), s.content, s.sign.as_deref()),
///            ("alipay_trade_query_response", r#"{"code":"10000","msg":"Success"}"#, Some("c2lnbg==")));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedContent<'a> {
    /// The node found: `<method>_response`, or `error_response` when that is absent.
    pub node: String,
    /// The node's raw JSON text, byte for byte from the body.
    pub content: &'a str,
    /// The decoded top-level `sign` string; `None` when absent or empty.
    pub sign: Option<String>,
}

/// A verified response.
///
/// ```
/// # let alipay_private = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_private_pkcs8.pem")))?;
/// # let alipay_public = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_public_spki.pem")))?;
/// use wechatpay_wasm::alipay::{self, SignType};
/// let node = r#"{"code":"10000","msg":"Success","trade_status":"TRADE_SUCCESS"}"#;
/// let sign = alipay::sign_content(node, &alipay_private, SignType::Rsa2)?;
/// let body = format!(r#"{{"alipay_trade_query_response":{node},"sign":"{sign}"}}"#);
/// let r = alipay::verify_response(&body, "alipay.trade.query", &alipay_public, SignType::Rsa2)?;
/// assert_eq!((r.content, &r.json["trade_status"]), (node, &serde_json::json!("TRADE_SUCCESS")));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Response<'a> {
    /// `<method>_response`, or `error_response`.
    pub node: String,
    /// The node's raw JSON text, which the signature covers.
    pub content: &'a str,
    /// `content` parsed (the response fields: `code`, `msg`, `sub_code`, …).
    pub json: serde_json::Value,
}

/// `alipay.trade.precreate` → `alipay_trade_precreate_response`. The method must be a dotted
/// name (`[A-Za-z0-9._]`, at most 128 characters).
///
/// ```
/// assert_eq!(wechatpay_wasm::alipay::response_node_name("alipay.trade.precreate")?, "alipay_trade_precreate_response");
/// assert_eq!(wechatpay_wasm::alipay::response_node_name("alipay trade").unwrap_err().code(), "INVALID_ARGUMENT");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn response_node_name(method: &str) -> Result<String> {
    if method.is_empty() || method.len() > 128 || !method.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_') {
        return Err(Error::InvalidArgument(format!(
            "method {:?} is not an Alipay method name such as alipay.trade.query",
            method.chars().take(140).collect::<String>()
        )));
    }
    Ok(format!("{}_response", method.replace('.', "_")))
}

fn invalid(what: &str, at: usize) -> Error {
    Error::JsonInvalid(format!("{what} at byte {at} of the response body"))
}

struct Scanner<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(invalid(&format!("expected '{}'", char::from(b)), self.pos))
        }
    }

    /// Skips a string starting at `pos` (past its closing quote); returns whether it holds an
    /// escape.
    fn string(&mut self) -> Result<bool> {
        self.expect(b'"')?;
        let mut escaped = false;
        loop {
            match self.peek() {
                None => return Err(invalid("unterminated string", self.pos)),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 1,
                        Some(b'u') => {
                            let hex = self.s.get(self.pos + 1..self.pos + 5);
                            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                                return Err(invalid("bad \\u escape", self.pos));
                            }
                            self.pos += 5;
                        }
                        _ => return Err(invalid("bad escape", self.pos)),
                    }
                }
                Some(0..=0x1f) => return Err(invalid("control character in a string", self.pos)),
                Some(_) => self.pos += 1,
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<()> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(invalid("bad number", start)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(invalid("bad number", start));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(invalid("bad number", start));
            }
        }
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        if self.s.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(invalid("unexpected character", self.pos))
        }
    }

    /// `"key"` `:` inside an object.
    fn member_name(&mut self) -> Result<()> {
        self.ws();
        self.string()?;
        self.ws();
        self.expect(b':')
    }

    /// Skips one value (iteratively: hostile nesting cannot overflow the stack) and returns
    /// its span.
    fn value(&mut self) -> Result<(usize, usize)> {
        self.ws();
        let start = self.pos;
        let mut open: Vec<u8> = Vec::new();
        loop {
            self.ws();
            match self.peek() {
                Some(b'{') | Some(b'[') => {
                    let close = if self.peek() == Some(b'{') { b'}' } else { b']' };
                    self.pos += 1;
                    self.ws();
                    if self.peek() == Some(close) {
                        self.pos += 1;
                    } else {
                        if open.len() >= MAX_DEPTH {
                            return Err(invalid("JSON nested too deeply", self.pos));
                        }
                        open.push(close);
                        if close == b'}' {
                            self.member_name()?;
                        }
                        continue;
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                _ => return Err(invalid("expected a value", self.pos)),
            }
            // A value is complete: close what it completes, or go on to the next element.
            loop {
                let Some(&close) = open.last() else { return Ok((start, self.pos)) };
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if close == b'}' {
                            self.member_name()?;
                        }
                        break;
                    }
                    Some(c) if c == close => {
                        self.pos += 1;
                        open.pop();
                    }
                    _ => return Err(invalid(&format!("expected ',' or '{}'", char::from(close)), self.pos)),
                }
            }
        }
    }
}

/// A member of the top-level object: its decoded name and the byte span of its value.
pub(crate) type Member<'a> = (Cow<'a, str>, (usize, usize));

/// The members of the top-level object, in order.
pub(crate) fn top_level_members(body: &str) -> Result<Vec<Member<'_>>> {
    let mut sc = Scanner { s: body.as_bytes(), pos: 0 };
    // A UTF-8 byte-order mark is tolerated.
    if body.starts_with('\u{feff}') {
        sc.pos = '\u{feff}'.len_utf8();
    }
    sc.ws();
    if sc.peek() != Some(b'{') {
        return Err(invalid("the response is not a JSON object", sc.pos));
    }
    sc.pos += 1;
    sc.ws();
    let mut members = Vec::new();
    if sc.peek() == Some(b'}') {
        sc.pos += 1;
    } else {
        loop {
            sc.ws();
            let name_start = sc.pos;
            let escaped = sc.string()?;
            let raw = body.get(name_start..sc.pos).unwrap_or_default();
            let name = if escaped {
                Cow::Owned(serde_json::from_str::<String>(raw).map_err(|_| invalid("bad member name", name_start))?)
            } else {
                Cow::Borrowed(raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default())
            };
            sc.ws();
            sc.expect(b':')?;
            let span = sc.value()?;
            members.push((name, span));
            sc.ws();
            match sc.peek() {
                Some(b',') => sc.pos += 1,
                Some(b'}') => {
                    sc.pos += 1;
                    break;
                }
                _ => return Err(invalid("expected ',' or '}'", sc.pos)),
            }
        }
    }
    sc.ws();
    if sc.pos != body.len() {
        return Err(invalid("text after the JSON object", sc.pos));
    }
    Ok(members)
}

/// Finds what a response's signature covers: the raw text of the `<method>_response` member of
/// the top-level object (or of `error_response` when that is absent) and the sibling `sign`.
///
/// Errors: `INVALID_ARGUMENT` (bad method name), `JSON_INVALID` (not a JSON object, neither
/// node present, a node or `sign` given twice, `sign` not a string).
///
/// ```
/// let body = r#"{"error_response":{"code":"40002","msg":"Invalid Arguments"}}"#;
/// let s = wechatpay_wasm::alipay::response_sign_content(body, "alipay.trade.query")?;
/// assert_eq!((s.node.as_str(), s.sign), ("error_response", None));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn response_sign_content<'a>(body: &'a str, method: &str) -> Result<SignedContent<'a>> {
    let wanted = response_node_name(method)?;
    let members = top_level_members(body)?;
    let find = |name: &str| -> Result<Option<(usize, usize)>> {
        let mut found = members.iter().filter(|(k, _)| k == name).map(|(_, span)| *span);
        match (found.next(), found.next()) {
            (Some(_), Some(_)) => Err(Error::JsonInvalid(format!("the response has \"{name}\" twice"))),
            (first, _) => Ok(first),
        }
    };
    let (node, span) = match (find(&wanted)?, find("error_response")?) {
        (Some(span), _) => (wanted, span),
        (None, Some(span)) => ("error_response".to_owned(), span),
        (None, None) => {
            return Err(Error::JsonInvalid(format!("the response has neither \"{wanted}\" nor \"error_response\"")))
        }
    };
    let content = body.get(span.0..span.1).unwrap_or_default();
    let sign = match find("sign")? {
        None => None,
        Some((start, end)) => {
            let raw = body.get(start..end).unwrap_or_default();
            let s = serde_json::from_str::<String>(raw)
                .map_err(|_| Error::JsonInvalid("the response's \"sign\" is not a string".into()))?;
            Some(s).filter(|s| !s.is_empty())
        }
    };
    Ok(SignedContent { node, content, sign })
}

/// Verifies a synchronous gateway response with the Alipay public key and returns its node.
/// `method` is the request's method (`alipay.trade.precreate`); `sign_type` the request's (the
/// gateway signs the response with the same algorithm).
///
/// The signature covers the node's text byte for byte, so pass the body exactly as received
/// (`await response.text()`), not re-serialised JSON.
///
/// Errors: those of [`response_sign_content`], `SIGN_MISSING`, `SIGN_MISMATCH`. A verified
/// response can still be a business failure: see [`check_success`].
///
/// ```
/// # let alipay_private = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_private_pkcs8.pem")))?;
/// # let alipay_public = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_public_spki.pem")))?;
/// use wechatpay_wasm::alipay::{self, SignType};
/// // The body exactly as received (here signed locally with the TEST ONLY "Alipay" key):
/// let node = r#"{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_NOT_EXIST","sub_msg":"交易不存在"}"#;
/// let body = format!(r#"{{"alipay_trade_query_response":{node},"sign":"{}"}}"#,
///                    alipay::sign_content(node, &alipay_private, SignType::Rsa2)?);
/// let r = alipay::verify_response(&body, "alipay.trade.query", &alipay_public, SignType::Rsa2)?;
/// let err = alipay::check_success(&r.node, &r.json).unwrap_err(); // authentic, but a business failure
/// assert_eq!(err.code(), "ALIPAY_ERROR");
/// let reformatted = body.replacen(':', ": ", 2);
/// assert_eq!(alipay::verify_response(&reformatted, "alipay.trade.query", &alipay_public, SignType::Rsa2).unwrap_err().code(), "SIGN_MISMATCH");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn verify_response<'a>(body: &'a str, method: &str, key: &PublicKey, sign_type: SignType) -> Result<Response<'a>> {
    let signed = response_sign_content(body, method)?;
    let sign = signed.sign.ok_or(Error::SignMissing)?;
    verify_content(signed.content, &sign, key, sign_type)?;
    let json = serde_json::from_str(signed.content).map_err(|e| Error::JsonInvalid(format!("response node: {e}")))?;
    Ok(Response { node: signed.node, content: signed.content, json })
}

fn text_field(json: &serde_json::Value, name: &str) -> String {
    match json.get(name) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// `Ok` for a successful response node: one whose `code` is `10000`, or that has no `code`
/// (as `alipay.system.oauth.token` answers). Otherwise `ALIPAY_ERROR` with Alipay's `code`,
/// `msg`, `sub_code` and `sub_msg`. `error_response` nodes are always errors.
///
/// ```
/// use wechatpay_wasm::{alipay, Error};
/// let node = serde_json::json!({ "code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST", "sub_msg": "交易不存在" });
/// match alipay::check_success("alipay_trade_query_response", &node) {
///     Err(Error::AlipayError { sub_code, .. }) => assert_eq!(sub_code, "ACQ.TRADE_NOT_EXIST"),
///     other => panic!("{other:?}"),
/// }
/// ```
pub fn check_success(node: &str, json: &serde_json::Value) -> Result<()> {
    let code = text_field(json, "code");
    if node != "error_response" && (code == SUCCESS_CODE || (code.is_empty() && json.is_object())) {
        return Ok(());
    }
    Err(Error::AlipayError {
        code,
        msg: text_field(json, "msg"),
        sub_code: text_field(json, "sub_code"),
        sub_msg: text_field(json, "sub_msg"),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn content(body: &str) -> Result<SignedContent<'_>> {
        response_sign_content(body, "alipay.trade.query")
    }

    #[test]
    fn finds_the_node_byte_for_byte() {
        let body = " {\"alipay_trade_query_response\" :  { \"code\":\"10000\" , \"x\":\"a\\/b\\u4e2d\",\"n\":[1,-2.5e3,{}] } ,\n\"sign\":\"c2lnbg==\"} ";
        let c = content(body).unwrap();
        assert_eq!(c.node, "alipay_trade_query_response");
        assert_eq!(c.content, "{ \"code\":\"10000\" , \"x\":\"a\\/b\\u4e2d\",\"n\":[1,-2.5e3,{}] }");
        assert_eq!(c.sign.as_deref(), Some("c2lnbg=="));
    }

    #[test]
    fn sign_may_come_first_and_strings_may_hide_braces() {
        let body = r#"{"sign":"YQ\/Yg==","alipay_trade_query_response":{"msg":"}\"{,\"sign\":\"x","code":"10000"}}"#;
        let c = content(body).unwrap();
        assert_eq!(c.content, r#"{"msg":"}\"{,\"sign\":\"x","code":"10000"}"#);
        assert_eq!(c.sign.as_deref(), Some("YQ/Yg=="));
    }

    #[test]
    fn error_response_and_escaped_names() {
        let c = content(r#"{"error_response":{"code":"40002","sub_code":"isv.invalid-app-id"}}"#).unwrap();
        assert_eq!((c.node.as_str(), c.sign), ("error_response", None));
        // A member name written with an escape is still that name.
        let c = content(r#"{"alipay_trade_query\u005fresponse":"enc","sign":""}"#).unwrap();
        assert_eq!((c.content, c.sign), ("\"enc\"", None));
        // A nested member of that name does not count.
        assert_eq!(content(r#"{"x":{"alipay_trade_query_response":{}}}"#).err().map(|e| e.code()), Some("JSON_INVALID"));
    }

    #[test]
    fn rejects_malformed_and_ambiguous_bodies() {
        for body in [
            "",
            "[]",
            "{",
            r#"{"alipay_trade_query_response":{}"#,
            r#"{"alipay_trade_query_response":{},}"#,
            r#"{"alipay_trade_query_response":{"a":01}}"#,
            r#"{"alipay_trade_query_response":{"a":"\x"}}"#,
            "{\"alipay_trade_query_response\":{\"a\":\"\n\"}}",
            r#"{"alipay_trade_query_response":{}} x"#,
            r#"{"alipay_trade_query_response":{},"alipay_trade_query_response":{}}"#,
            r#"{"alipay_trade_query_response":{},"sign":"a","sign":"b"}"#,
            r#"{"alipay_trade_query_response":{},"sign":1}"#,
            r#"{"alipay_trade_query_response":[1 2]}"#,
            r#"{"alipay_trade_query_response":tru}"#,
        ] {
            assert_eq!(content(body).err().map(|e| e.code()), Some("JSON_INVALID"), "{body:?}");
        }
        let deep = format!("{{\"alipay_trade_query_response\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(content(&deep).err().map(|e| e.code()), Some("JSON_INVALID"));
        assert_eq!(response_sign_content("{}", "alipay trade").err().map(|e| e.code()), Some("INVALID_ARGUMENT"));
    }

    #[test]
    fn success_is_code_10000_or_no_code() {
        let ok: serde_json::Value = serde_json::from_str(r#"{"code":"10000","msg":"Success"}"#).unwrap();
        assert!(check_success("alipay_trade_query_response", &ok).is_ok());
        let token: serde_json::Value = serde_json::from_str(r#"{"access_token":"t"}"#).unwrap();
        assert!(check_success("alipay_system_oauth_token_response", &token).is_ok());
        assert_eq!(check_success("error_response", &token).err().map(|e| e.code()), Some("ALIPAY_ERROR"));
        let fail: serde_json::Value =
            serde_json::from_str(r#"{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_NOT_EXIST","sub_msg":"交易不存在"}"#)
                .unwrap();
        let err = check_success("alipay_trade_query_response", &fail).unwrap_err();
        assert_eq!(
            err,
            Error::AlipayError {
                code: "40004".into(),
                msg: "Business Failed".into(),
                sub_code: "ACQ.TRADE_NOT_EXIST".into(),
                sub_msg: "交易不存在".into()
            }
        );
        assert_eq!(err.to_string(), "Alipay returned 40004 Business Failed: ACQ.TRADE_NOT_EXIST 交易不存在");
    }
}
