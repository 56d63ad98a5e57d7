//! The `#[wasm_bindgen]` layer: argument conversion and delegation only, no logic.
//!
//! Maps of string fields cross into wasm as one *packed* string, `k1\0v1\0k2\0v2…`, with the
//! number of fields beside it: one string copy instead of an object walk per field, which is
//! what makes v2 signing in wasm faster than `node:crypto` peers. The count makes the packing
//! injective: a NUL inside a name or value adds a separator, so the separators no longer match
//! the count and the input is refused (XML cannot carry NUL, so no real field has one). Fields
//! come back out as a flat `[k1, v1, k2, v2, …]` array of strings, which content cannot split.
//! The JS wrapper (`js/fields.js`) packs and unpacks. Errors
//! become JS `Error`s with `name = "WechatPayError"` and a stable `code`; the wrapper turns them
//! into `WechatPayError` instances.

#[cfg(feature = "alipay")]
mod alipay;
#[cfg(feature = "bills")]
mod bills;
#[cfg(feature = "p12")]
mod p12;
mod joined;
mod v3;

use crate::v2::{self, SignType};
use crate::xml::Fields;
use crate::Error;
use wasm_bindgen::prelude::*;

type JsResult<T> = Result<T, JsValue>;

/// Converts a core error into a JS `Error` carrying `.code`.
pub(crate) fn to_js(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("WechatPayError");
    // Reflect::set on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(e.code()));
    err.into()
}

/// The `count` fields packed in `packed`, or `INVALID_ARGUMENT` when the separators do not
/// match the count (a NUL inside a name or value).
pub(crate) fn unpack(packed: &str, count: usize) -> JsResult<Vec<(&str, &str)>> {
    let mut fields = Vec::with_capacity(count.min(packed.len() / 2 + 1));
    if count > 0 {
        let mut parts = packed.split('\0');
        loop {
            match (parts.next(), parts.next()) {
                (Some(k), Some(v)) => fields.push((k, v)),
                (None, _) => break,
                (Some(_), None) => return Err(nul_inside()),
            }
        }
    }
    if fields.len() == count && (count > 0 || packed.is_empty()) {
        Ok(fields)
    } else {
        Err(nul_inside())
    }
}

fn nul_inside() -> JsValue {
    to_js(Error::InvalidArgument("field names and values must not contain NUL".into()))
}

/// Fields as the flat `[k1, v1, k2, v2, …]` array the wrapper turns into an object.
pub(crate) fn flat(fields: Fields) -> Vec<String> {
    fields.into_iter().flat_map(|(k, v)| [k, v]).collect()
}

/// A plain JS object of string properties, in the order given (as the pay parameters and
/// certificates were always returned): js-sys calls instead of serde in the core module.
/// The object is written as JSON (src/json.rs's escaper) and made by one `JSON.parse` call:
/// one crossing, where `Reflect.set` took five per property (measured: as fast as
/// serde-wasm-bindgen was, which cached its property names).
pub(crate) fn string_object(fields: &[(&str, &str)]) -> JsValue {
    let mut json = String::new();
    write_object(&mut json, fields);
    parse_json(&json)
}

/// Appends `{"name":"value",…}`.
pub(crate) fn write_object(json: &mut String, fields: &[(&str, &str)]) {
    json.push('{');
    for (k, (name, value)) in fields.iter().enumerate() {
        if k > 0 {
            json.push(',');
        }
        crate::json::write_string(json, name);
        json.push(':');
        crate::json::write_string(json, value);
    }
    json.push('}');
}

/// `JSON.parse` of JSON this layer wrote (which cannot fail).
pub(crate) fn parse_json(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap_or(JsValue::NULL)
}

/// `{appId, timeStamp, nonceStr, package, signType, paySign}`.
pub(crate) fn jsapi_pay_params_object(p: &v2::JsapiPayParams) -> JsValue {
    string_object(&[
        ("appId", &p.app_id),
        ("timeStamp", &p.time_stamp),
        ("nonceStr", &p.nonce_str),
        ("package", &p.package),
        ("signType", &p.sign_type),
        ("paySign", &p.pay_sign),
    ])
}

/// `{appid, partnerid, prepayid, package, noncestr, timestamp, sign}`.
pub(crate) fn app_pay_params_object(p: &v2::AppPayParams) -> JsValue {
    string_object(&[
        ("appid", &p.appid),
        ("partnerid", &p.partnerid),
        ("prepayid", &p.prepayid),
        ("package", &p.package),
        ("noncestr", &p.noncestr),
        ("timestamp", &p.timestamp),
        ("sign", &p.sign),
    ])
}

/// A serde value as a JSON-compatible JS value (the optional modules' results).
#[cfg(feature = "serde")]
pub(crate) fn to_object<T: serde::Serialize>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js(Error::InvalidArgument(e.to_string())))
}

fn sign_type(s: &str) -> JsResult<SignType> {
    s.parse().map_err(to_js)
}

#[wasm_bindgen(js_name = v2Sign)]
pub fn v2_sign(packed: &str, count: usize, key: &str, sign_type_name: &str) -> JsResult<String> {
    Ok(v2::sign(&unpack(packed, count)?, key, sign_type(sign_type_name)?))
}

/// The address of `buffer` grown to at least `capacity` bytes: the input buffers the JS wrapper
/// fills with `encodeInto` ([`V2Signer`], `V2XmlInput`). Growing moves it: read the address again.
pub(crate) fn grown_ptr(buffer: &mut Vec<u8>, capacity: usize) -> usize {
    if buffer.len() < capacity {
        buffer.resize(capacity, 0);
    }
    buffer.as_ptr() as usize
}

/// The memory the JS wrapper writes packed input into (see [`V2Signer`]).
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// A v2 signer for one API key, with a byte buffer the wrapper fills with the packed fields via
/// `TextEncoder.encodeInto` and a 64-byte output the wrapper reads the hex from. This skips
/// wasm-bindgen's per-call allocation and `TextDecoder`, which cost more than MD5 itself.
#[wasm_bindgen]
pub struct V2Signer {
    signer: v2::Signer,
    input: Vec<u8>,
    output: [u8; 64],
}

#[wasm_bindgen]
impl V2Signer {
    #[wasm_bindgen(constructor)]
    pub fn new(key: &str) -> V2Signer {
        V2Signer { signer: v2::Signer::new(key), input: vec![0; 4096], output: [0; 64] }
    }

    /// Address of the input buffer, grown to at least `capacity` bytes.
    #[wasm_bindgen(js_name = inputPtr)]
    pub fn input_ptr(&mut self, capacity: usize) -> usize {
        grown_ptr(&mut self.input, capacity)
    }

    #[wasm_bindgen(js_name = inputCapacity)]
    pub fn input_capacity(&self) -> usize {
        self.input.len()
    }

    #[wasm_bindgen(js_name = outputPtr)]
    pub fn output_ptr(&self) -> usize {
        self.output.as_ptr() as usize
    }

    /// Signs the `len` packed bytes in the input buffer, which must hold exactly `fields` pairs
    /// (a NUL inside a name or value would add parts), with MD5 (`sign_type` 0) or HMAC-SHA256
    /// (1). Returns the hex length in the output, or 0 when the pairs do not match `fields`
    /// (the wrapper throws that INVALID_ARGUMENT: a plain number return skips wasm-bindgen's
    /// result slot on this hot path). Unless `checked`, an input holding U+FFFD returns 1
    /// unsigned: `encodeInto` writes a lone surrogate as U+FFFD, so only then does the wrapper
    /// check the string's well-formedness (and call again with `checked`), not on every call.
    #[wasm_bindgen(js_name = signInput)]
    pub fn sign_input(&mut self, len: usize, fields: usize, sign_type: u8, checked: bool) -> usize {
        let sign_type = if sign_type == 1 { SignType::HmacSha256 } else { SignType::Md5 };
        let input = self.input.get(..len).unwrap_or_default();
        if !checked && has_replacement_character(input) {
            return 1;
        }
        self.signer.sign_packed(input, fields, sign_type, &mut self.output).unwrap_or(0)
    }
}

/// Whether UTF-8 `bytes` hold U+FFFD (EF BF BD).
fn has_replacement_character(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some(at) = rest.iter().position(|&b| b == 0xEF) {
        if rest.get(at + 1..at + 3) == Some(&[0xBF, 0xBD][..]) {
            return true;
        }
        rest = rest.get(at + 1..).unwrap_or_default();
    }
    false
}

#[wasm_bindgen(js_name = v2StringToSign)]
pub fn v2_string_to_sign(packed: &str, count: usize, key: &str) -> JsResult<JsValue> {
    let s = v2::string_to_sign(&unpack(packed, count)?, key);
    Ok(string_object(&[
        ("stringA", &s.string_a),
        ("stringSignTemp", &s.string_sign_temp),
        ("stringSignTempMasked", &s.masked()),
    ]))
}

#[wasm_bindgen(js_name = v2Verify)]
pub fn v2_verify(packed: &str, count: usize, key: &str) -> JsResult<()> {
    v2::verify(&unpack(packed, count)?, key).map_err(to_js)
}

/// Why a sign does (not) match: see `v2::diagnose`. `received` defaults to the `sign` field,
/// `sign_type_name` to the `sign_type` field, else MD5.
#[cfg(feature = "diagnostics")]
#[wasm_bindgen(js_name = v2Diagnose)]
pub fn v2_diagnose(packed: &str, count: usize, key: &str, received: Option<String>, sign_type_name: Option<String>) -> JsResult<JsValue> {
    let t = sign_type_name.as_deref().filter(|s| !s.is_empty()).map(sign_type).transpose()?;
    to_object(&v2::diagnose(&unpack(packed, count)?, key, received.as_deref(), t))
}

#[wasm_bindgen(js_name = v2ToXml)]
pub fn v2_to_xml(packed: &str, count: usize) -> JsResult<String> {
    crate::xml::to_xml(&unpack(packed, count)?).map_err(to_js)
}

#[wasm_bindgen(js_name = v2JsapiPayParams)]
pub fn v2_jsapi_pay_params(
    app_id: &str,
    prepay_id: &str,
    key: &str,
    sign_type_name: &str,
    time_stamp: Option<String>,
    nonce_str: Option<String>,
) -> JsResult<JsValue> {
    let p = v2::jsapi_pay_params(
        app_id,
        prepay_id,
        key,
        sign_type(sign_type_name)?,
        time_stamp.as_deref(),
        nonce_str.as_deref(),
    )
    .map_err(to_js)?;
    Ok(jsapi_pay_params_object(&p))
}

#[wasm_bindgen(js_name = v2AppPayParams)]
#[allow(clippy::too_many_arguments)]
pub fn v2_app_pay_params(
    app_id: &str,
    partner_id: &str,
    prepay_id: &str,
    key: &str,
    sign_type_name: &str,
    timestamp: Option<String>,
    nonce_str: Option<String>,
) -> JsResult<JsValue> {
    let p = v2::app_pay_params(
        app_id,
        partner_id,
        prepay_id,
        key,
        sign_type(sign_type_name)?,
        timestamp.as_deref(),
        nonce_str.as_deref(),
    )
    .map_err(to_js)?;
    Ok(app_pay_params_object(&p))
}

#[wasm_bindgen(js_name = v2ParseNotification)]
pub fn v2_parse_notification(xml: &str, key: &str) -> JsResult<Vec<String>> {
    v2::parse_notification(xml, key).map(flat).map_err(to_js)
}

#[wasm_bindgen(js_name = v2NotificationAck)]
pub fn v2_notification_ack(ok: bool, message: Option<String>) -> String {
    v2::notification_ack(ok, message.as_deref())
}

#[wasm_bindgen(js_name = v2DecryptRefundNotification)]
pub fn v2_decrypt_refund_notification(req_info: &str, key: &str) -> JsResult<Vec<String>> {
    v2::decrypt_refund_notification(req_info, key).map(flat).map_err(to_js)
}

#[wasm_bindgen(js_name = v2ParseRefundNotification)]
pub fn v2_parse_refund_notification(xml: &str, key: &str) -> JsResult<Vec<String>> {
    v2::parse_refund_notification(xml, key).map(flat).map_err(to_js)
}

#[wasm_bindgen(js_name = v2EncryptRefundInfo)]
pub fn v2_encrypt_refund_info(plaintext: &str, key: &str) -> JsResult<String> {
    v2::encrypt_refund_info(plaintext, key).map_err(to_js)
}

/// A nonce of `length` characters (default 32) from `[A-Za-z0-9]`.
#[wasm_bindgen]
pub fn nonce(length: Option<usize>) -> JsResult<String> {
    crate::nonce::nonce(length.unwrap_or(32).min(1024)).map_err(to_js)
}
