//! API v3 exports: key handles as JS classes (call `free()` when done, or let the
//! FinalizationRegistry do it) and camelCase functions delegating to [`crate::v3`].
//!
//! `now` / `maxSkew` are optional JS numbers: omitted means the host clock / 300 s.

use super::{app_pay_params_object, jsapi_pay_params_object, parse_json, to_js, write_object};
#[cfg(feature = "diagnostics")]
use super::to_object;
#[cfg(feature = "diagnostics")]
use crate::Error;
use crate::{clock, keys, v3};
use wasm_bindgen::prelude::*;

type JsResult<T> = Result<T, JsValue>;

fn now_or_clock(now: Option<f64>) -> u64 {
    // `as` saturates: NaN and negatives become 0, which then fails the skew check loudly.
    now.map_or_else(clock::unix_now, |n| n as u64)
}

fn skew_or_default(max_skew: Option<f64>) -> u64 {
    max_skew.map_or(v3::DEFAULT_MAX_SKEW_SECS, |s| s as u64)
}

/// A merchant RSA private key (PKCS#8 or PKCS#1 PEM), parsed once.
#[wasm_bindgen]
pub struct PrivateKey(pub(crate) keys::PrivateKey);

#[wasm_bindgen]
impl PrivateKey {
    #[wasm_bindgen(constructor)]
    pub fn new(pem: &str) -> JsResult<PrivateKey> {
        keys::PrivateKey::from_pem(pem).map(PrivateKey).map_err(to_js)
    }

    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(pem: &str) -> JsResult<PrivateKey> {
        Self::new(pem)
    }

    #[wasm_bindgen(getter)]
    pub fn bits(&self) -> usize {
        self.0.bits()
    }

    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.public_key())
    }

    /// The key from PKCS#8 DER (what `pkcs8Der` returns): how a key crosses between the core
    /// and the extra wasm module (js/extra.js), whose handles cannot be shared. The bytes are
    /// zeroized here; the caller must zero its own array.
    #[wasm_bindgen(js_name = fromPkcs8Der)]
    pub fn from_pkcs8_der(mut der: Vec<u8>) -> JsResult<PrivateKey> {
        let key = keys::PrivateKey::from_pkcs8_der(&der).map(PrivateKey).map_err(to_js);
        zeroize::Zeroize::zeroize(&mut der);
        key
    }

    /// PKCS#8 DER, for WebCrypto `importKey("pkcs8")`. The wasm copy is zeroized; the caller
    /// must zero the returned array after the import.
    #[wasm_bindgen(js_name = pkcs8Der)]
    pub fn pkcs8_der(&self) -> JsResult<js_sys::Uint8Array> {
        self.0.pkcs8_der().map(|der| js_sys::Uint8Array::from(der.as_slice())).map_err(to_js)
    }
}

/// An RSA public key: SPKI or PKCS#1 PEM, or an X.509 certificate (with serial and validity).
#[wasm_bindgen]
pub struct PublicKey(pub(crate) keys::PublicKey);

#[wasm_bindgen]
impl PublicKey {
    #[wasm_bindgen(constructor)]
    pub fn new(pem: &str) -> JsResult<PublicKey> {
        keys::PublicKey::from_pem(pem).map(PublicKey).map_err(to_js)
    }

    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(pem: &str) -> JsResult<PublicKey> {
        Self::new(pem)
    }

    #[wasm_bindgen(getter)]
    pub fn bits(&self) -> usize {
        self.0.bits()
    }

    /// Certificate serial, uppercase hex; `undefined` for a bare public key.
    #[wasm_bindgen(getter, js_name = serialNo)]
    pub fn serial_no(&self) -> Option<String> {
        self.0.serial_no().map(str::to_owned)
    }

    /// Certificate notBefore, Unix seconds; `undefined` for a bare public key.
    #[wasm_bindgen(getter, js_name = notBefore)]
    pub fn not_before(&self) -> Option<f64> {
        self.0.not_before().map(|t| t as f64)
    }

    /// Certificate notAfter, Unix seconds; `undefined` for a bare public key.
    #[wasm_bindgen(getter, js_name = notAfter)]
    pub fn not_after(&self) -> Option<f64> {
        self.0.not_after().map(|t| t as f64)
    }

    /// SPKI DER, for WebCrypto `importKey("spki")`.
    #[wasm_bindgen(js_name = spkiDer)]
    pub fn spki_der(&self) -> JsResult<Vec<u8>> {
        self.0.spki_der().map_err(to_js)
    }
}

/// WeChat Pay verification keys by certificate serial or `PUB_KEY_ID_…`.
#[wasm_bindgen]
#[derive(Default)]
pub struct Verifier(keys::Verifier);

#[wasm_bindgen]
impl Verifier {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Verifier {
        Verifier::default()
    }

    /// Adds (or replaces) `key` under `id` (a copy of the key is kept).
    pub fn add(&mut self, id: &str, key: &PublicKey) -> JsResult<()> {
        self.0.add(id, key.0.clone()).map_err(to_js)
    }

    /// Adds a certificate under its own serial number, which it returns.
    #[wasm_bindgen(js_name = addCertificate)]
    pub fn add_certificate(&mut self, key: &PublicKey) -> JsResult<String> {
        self.0.add_certificate(key.0.clone()).map_err(to_js)
    }

    pub fn remove(&mut self, id: &str) -> bool {
        self.0.remove(id)
    }

    pub fn has(&self, id: &str) -> bool {
        self.0.has(id)
    }

    pub fn ids(&self) -> Vec<String> {
        self.0.ids()
    }

    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.0.len()
    }
}

#[wasm_bindgen(js_name = v3Message)]
pub fn v3_message(method: &str, url: &str, timestamp: &str, nonce: &str, body: &str) -> JsResult<String> {
    v3::message(method, url, timestamp, nonce, body).map_err(to_js)
}

#[wasm_bindgen(js_name = v3ResponseMessage)]
pub fn v3_response_message(timestamp: &str, nonce: &str, body: &str) -> String {
    v3::response_message(timestamp, nonce, body)
}

#[wasm_bindgen(js_name = v3JsapiMessage)]
pub fn v3_jsapi_message(app_id: &str, time_stamp: &str, nonce_str: &str, package: &str) -> String {
    v3::jsapi_message(app_id, time_stamp, nonce_str, package)
}

#[wasm_bindgen(js_name = v3AppMessage)]
pub fn v3_app_message(app_id: &str, timestamp: &str, nonce_str: &str, prepay_id: &str) -> String {
    v3::app_message(app_id, timestamp, nonce_str, prepay_id)
}

#[wasm_bindgen(js_name = v3Authorization)]
#[allow(clippy::too_many_arguments)]
pub fn v3_authorization(
    mch_id: &str,
    serial_no: &str,
    key: &PrivateKey,
    method: &str,
    url: &str,
    body: &str,
    timestamp: Option<String>,
    nonce: Option<String>,
) -> JsResult<String> {
    v3::authorization(mch_id, serial_no, &key.0, method, url, body, timestamp.as_deref(), nonce.as_deref())
        .map_err(to_js)
}

#[wasm_bindgen(js_name = v3Verify)]
#[allow(clippy::too_many_arguments)]
pub fn v3_verify(
    verifier: &Verifier,
    timestamp: &str,
    nonce: &str,
    body: &str,
    signature: &str,
    serial: &str,
    now: Option<f64>,
    max_skew: Option<f64>,
) -> JsResult<()> {
    v3::verify(&verifier.0, timestamp, nonce, body, signature, serial, now_or_clock(now), skew_or_default(max_skew))
        .map_err(to_js)
}

/// Verifies a response from its headers (JSON: an object, or an array of `[name, value]`).
#[wasm_bindgen(js_name = v3VerifyHeaders)]
pub fn v3_verify_headers(
    headers_json: &str,
    body: &str,
    verifier: &Verifier,
    now: Option<f64>,
    max_skew: Option<f64>,
) -> JsResult<()> {
    let headers = v3::headers_from_json(headers_json).map_err(to_js)?;
    v3::verify_headers(&headers, body, &verifier.0, now_or_clock(now), skew_or_default(max_skew)).map_err(to_js)
}

#[wasm_bindgen(js_name = v3DecryptResource)]
pub fn v3_decrypt_resource(ciphertext: &str, nonce: &str, associated_data: &str, api_v3_key: &str) -> JsResult<String> {
    v3::decrypt_resource(ciphertext, nonce, associated_data, api_v3_key).map_err(to_js)
}

#[wasm_bindgen(js_name = v3EncryptResource)]
pub fn v3_encrypt_resource(plaintext: &str, nonce: &str, associated_data: &str, api_v3_key: &str) -> JsResult<String> {
    v3::encrypt_resource(plaintext, nonce, associated_data, api_v3_key).map_err(to_js)
}

/// Verifies and decrypts a notification; returns its JSON (`id`, `create_time`, `event_type`,
/// `resource_type`, `summary`, `original_type`, `resource`).
#[wasm_bindgen(js_name = v3ParseNotification)]
pub fn v3_parse_notification(
    headers_json: &str,
    body: &str,
    api_v3_key: &str,
    verifier: &Verifier,
    now: Option<f64>,
    max_skew: Option<f64>,
) -> JsResult<String> {
    let headers = v3::headers_from_json(headers_json).map_err(to_js)?;
    v3::parse_notification_text(&headers, body, api_v3_key, &verifier.0, now_or_clock(now), skew_or_default(max_skew))
        .map(|n| n.to_json())
        .map_err(to_js)
}

#[wasm_bindgen(js_name = v3JsapiPayParams)]
pub fn v3_jsapi_pay_params(
    app_id: &str,
    prepay_id: &str,
    key: &PrivateKey,
    time_stamp: Option<String>,
    nonce_str: Option<String>,
) -> JsResult<JsValue> {
    let p = v3::jsapi_pay_params(app_id, prepay_id, &key.0, time_stamp.as_deref(), nonce_str.as_deref())
        .map_err(to_js)?;
    Ok(jsapi_pay_params_object(&p))
}

#[wasm_bindgen(js_name = v3AppPayParams)]
pub fn v3_app_pay_params(
    app_id: &str,
    partner_id: &str,
    prepay_id: &str,
    key: &PrivateKey,
    timestamp: Option<String>,
    nonce_str: Option<String>,
) -> JsResult<JsValue> {
    let p = v3::app_pay_params(app_id, partner_id, prepay_id, &key.0, timestamp.as_deref(), nonce_str.as_deref())
        .map_err(to_js)?;
    Ok(app_pay_params_object(&p))
}

#[wasm_bindgen(js_name = v3EncryptSensitive)]
pub fn v3_encrypt_sensitive(plaintext: &str, key: &PublicKey) -> JsResult<String> {
    v3::encrypt_sensitive(plaintext, &key.0).map_err(to_js)
}

#[wasm_bindgen(js_name = v3DecryptSensitive)]
pub fn v3_decrypt_sensitive(ciphertext: &str, key: &PrivateKey) -> JsResult<String> {
    v3::decrypt_sensitive(ciphertext, &key.0).map_err(to_js)
}

/// The certificates of a `/v3/certificates` response: an array of `{serial_no, effective_time,
/// expire_time, certificate_pem}`.
#[wasm_bindgen(js_name = v3DecryptCertificates)]
pub fn v3_decrypt_certificates(response_body: &str, api_v3_key: &str) -> JsResult<JsValue> {
    let certificates = v3::decrypt_certificates(response_body, api_v3_key).map_err(to_js)?;
    let mut json = String::from("[");
    for (k, c) in certificates.iter().enumerate() {
        if k > 0 {
            json.push(',');
        }
        write_object(&mut json, &[
            ("serial_no", &c.serial_no),
            ("effective_time", &c.effective_time),
            ("expire_time", &c.expire_time),
            ("certificate_pem", &c.certificate_pem),
        ]);
    }
    json.push(']');
    Ok(parse_json(&json))
}

/// SHA256withRSA (PKCS#1 v1.5, blinded) of the UTF-8 `message`, base64.
#[wasm_bindgen(js_name = rsaSignSha256)]
pub fn rsa_sign_sha256(key: &PrivateKey, message: &str) -> JsResult<String> {
    v3::sign_message(&key.0, message.as_bytes()).map_err(to_js)
}

/// Whether `signature` (base64) is a valid SHA256withRSA signature of the UTF-8 `message`;
/// throws `BASE64_INVALID` for bad base64.
#[wasm_bindgen(js_name = rsaVerifySha256)]
pub fn rsa_verify_sha256(key: &PublicKey, message: &str, signature: &str) -> JsResult<bool> {
    v3::verify_message(&key.0, message.as_bytes(), signature).map_err(to_js)
}

/// The `Verifier` key id `id` is stored and matched under (see `keys::Verifier::key_id`).
#[wasm_bindgen(js_name = v3KeyId)]
pub fn v3_key_id(id: &str) -> String {
    keys::Verifier::key_id(id)
}

enum PreparedKind {
    Authorization(v3::PreparedAuthorization),
    Jsapi(v3::PreparedJsapi),
    App(v3::PreparedApp),
}

/// Something checked and built by the core that only lacks its SHA256withRSA signature (made
/// with WebCrypto by the wrapper): `message()` is what to sign, `finish(signature)` the result.
#[wasm_bindgen]
pub struct V3Prepared(PreparedKind);

#[wasm_bindgen]
impl V3Prepared {
    /// The UTF-8 bytes to sign.
    pub fn message(&self) -> Vec<u8> {
        match &self.0 {
            PreparedKind::Authorization(p) => p.message().as_bytes().to_vec(),
            PreparedKind::Jsapi(p) => p.message().as_bytes().to_vec(),
            PreparedKind::App(p) => p.message().as_bytes().to_vec(),
        }
    }

    /// The `Authorization` header (a string) or the pay parameters (an object), from the raw
    /// signature.
    pub fn finish(&self, signature: &[u8]) -> JsResult<JsValue> {
        match &self.0 {
            PreparedKind::Authorization(p) => Ok(JsValue::from_str(&p.header(signature))),
            PreparedKind::Jsapi(p) => Ok(jsapi_pay_params_object(&p.finish(signature))),
            PreparedKind::App(p) => Ok(app_pay_params_object(&p.finish(signature))),
        }
    }
}

#[wasm_bindgen(js_name = v3PrepareAuthorization)]
pub fn v3_prepare_authorization(
    mch_id: &str,
    serial_no: &str,
    method: &str,
    url: &str,
    body: &str,
    timestamp: Option<String>,
    nonce: Option<String>,
) -> JsResult<V3Prepared> {
    v3::prepare_authorization(mch_id, serial_no, method, url, body, timestamp.as_deref(), nonce.as_deref())
        .map(|p| V3Prepared(PreparedKind::Authorization(p)))
        .map_err(to_js)
}

#[wasm_bindgen(js_name = v3PrepareJsapiPayParams)]
pub fn v3_prepare_jsapi_pay_params(
    app_id: &str,
    prepay_id: &str,
    time_stamp: Option<String>,
    nonce_str: Option<String>,
) -> JsResult<V3Prepared> {
    v3::prepare_jsapi_pay_params(app_id, prepay_id, time_stamp.as_deref(), nonce_str.as_deref())
        .map(|p| V3Prepared(PreparedKind::Jsapi(p)))
        .map_err(to_js)
}

#[wasm_bindgen(js_name = v3PrepareAppPayParams)]
pub fn v3_prepare_app_pay_params(
    app_id: &str,
    partner_id: &str,
    prepay_id: &str,
    timestamp: Option<String>,
    nonce_str: Option<String>,
) -> JsResult<V3Prepared> {
    v3::prepare_app_pay_params(app_id, partner_id, prepay_id, timestamp.as_deref(), nonce_str.as_deref())
        .map(|p| V3Prepared(PreparedKind::App(p)))
        .map_err(to_js)
}

/// A response or notification that passed every check but the RSA one (`v3::Prechecked`).
#[wasm_bindgen]
pub struct V3Prechecked(v3::Prechecked);

#[wasm_bindgen]
impl V3Prechecked {
    /// The `v3KeyId` of the key that must have signed.
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> String {
        self.0.key_id().to_owned()
    }

    /// The signed UTF-8 bytes.
    pub fn message(&self) -> Vec<u8> {
        self.0.message().as_bytes().to_vec()
    }

    /// The decoded signature.
    pub fn signature(&self) -> Vec<u8> {
        self.0.signature().to_vec()
    }

    /// Returns when `valid`; otherwise throws the core's `SIGN_MISMATCH`.
    pub fn finish(&self, valid: bool) -> JsResult<()> {
        self.0.finish(valid).map_err(to_js)
    }
}

#[wasm_bindgen(js_name = v3Precheck)]
#[allow(clippy::too_many_arguments)]
pub fn v3_precheck(
    verifier: &Verifier,
    timestamp: &str,
    nonce: &str,
    body: &str,
    signature: &str,
    serial: &str,
    now: Option<f64>,
    max_skew: Option<f64>,
) -> JsResult<V3Prechecked> {
    v3::precheck(&verifier.0, timestamp, nonce, body, signature, serial, now_or_clock(now), skew_or_default(max_skew))
        .map(V3Prechecked)
        .map_err(to_js)
}

/// `v3Precheck` with the `Wechatpay-*` values from headers given as JSON (see `v3VerifyHeaders`).
#[wasm_bindgen(js_name = v3PrecheckHeaders)]
pub fn v3_precheck_headers(
    headers_json: &str,
    body: &str,
    verifier: &Verifier,
    now: Option<f64>,
    max_skew: Option<f64>,
) -> JsResult<V3Prechecked> {
    let headers = v3::headers_from_json(headers_json).map_err(to_js)?;
    v3::precheck_headers(&headers, body, &verifier.0, now_or_clock(now), skew_or_default(max_skew))
        .map(V3Prechecked)
        .map_err(to_js)
}

/// The envelope and decrypted resource of a notification whose signature was verified, as JSON.
#[wasm_bindgen(js_name = v3DecryptNotification)]
pub fn v3_decrypt_notification(body: &str, api_v3_key: &str) -> JsResult<String> {
    v3::decrypt_notification_text(body, api_v3_key).map(|n| n.to_json()).map_err(to_js)
}

/// The UTF-8 bytes of a sensitive field, after checking they fit one RSA-OAEP block of `key`.
#[wasm_bindgen(js_name = v3SensitivePlaintext)]
pub fn v3_sensitive_plaintext(plaintext: &str, key: &PublicKey) -> JsResult<Vec<u8>> {
    key.0.check_oaep_sha1_len(plaintext.len()).map_err(to_js)?;
    Ok(plaintext.as_bytes().to_vec())
}

/// Base64 of an RSA-OAEP ciphertext made by WebCrypto.
#[wasm_bindgen(js_name = v3FinishEncryptSensitive)]
pub fn v3_finish_encrypt_sensitive(ciphertext: &[u8]) -> String {
    v3::finish_encrypt_sensitive(ciphertext)
}

/// The ciphertext bytes of a base64 sensitive field.
#[wasm_bindgen(js_name = v3SensitiveCiphertext)]
pub fn v3_sensitive_ciphertext(ciphertext_b64: &str) -> JsResult<Vec<u8>> {
    v3::sensitive_ciphertext(ciphertext_b64).map_err(to_js)
}

/// The text of a WebCrypto RSA-OAEP decryption; `undefined` (it failed) throws the core's error.
#[wasm_bindgen(js_name = v3FinishDecryptSensitive)]
pub fn v3_finish_decrypt_sensitive(plaintext: Option<Vec<u8>>) -> JsResult<String> {
    v3::finish_decrypt_sensitive(plaintext.as_deref()).map_err(to_js)
}

/// The inputs of `v3DiagnoseRequest` that are keys: each a handle (copied) or a PEM (parsed
/// here, so that a bad PEM is a finding rather than a throw).
#[cfg(feature = "diagnostics")]
#[wasm_bindgen]
#[derive(Default)]
pub struct V3DiagnosisKeys {
    private_key: Option<Result<keys::PrivateKey, Error>>,
    certificate: Option<Result<keys::PublicKey, Error>>,
}

#[cfg(feature = "diagnostics")]
#[wasm_bindgen]
impl V3DiagnosisKeys {
    #[wasm_bindgen(constructor)]
    pub fn new() -> V3DiagnosisKeys {
        V3DiagnosisKeys::default()
    }

    #[wasm_bindgen(js_name = setPrivateKey)]
    pub fn set_private_key(&mut self, key: &PrivateKey) {
        self.private_key = Some(Ok(key.0.clone()));
    }

    #[wasm_bindgen(js_name = setPrivateKeyPem)]
    pub fn set_private_key_pem(&mut self, pem: &str) {
        self.private_key = Some(keys::PrivateKey::from_pem(pem));
    }

    #[wasm_bindgen(js_name = setCertificate)]
    pub fn set_certificate(&mut self, key: &PublicKey) {
        self.certificate = Some(Ok(key.0.clone()));
    }

    #[wasm_bindgen(js_name = setCertificatePem)]
    pub fn set_certificate_pem(&mut self, pem: &str) {
        self.certificate = Some(keys::PublicKey::from_pem(pem));
    }
}

/// Why a request's `Authorization` fails (`v3::diagnose::diagnose_request`).
#[cfg(feature = "diagnostics")]
#[wasm_bindgen(js_name = v3DiagnoseRequest)]
#[allow(clippy::too_many_arguments)]
pub fn v3_diagnose_request(
    method: &str,
    url: &str,
    body: &str,
    authorization: &str,
    keys: &V3DiagnosisKeys,
    now: Option<f64>,
    serial_no: Option<String>,
    platform_serials: Vec<String>,
    other_attempts: Vec<String>,
    wechatpay_error: Option<String>,
) -> JsResult<JsValue> {
    let input = v3::diagnose::RequestInput {
        method,
        url,
        body,
        authorization,
        now: now.map(|n| n as u64),
        serial_no: serial_no.as_deref(),
        platform_serials: &platform_serials,
        other_attempts: &other_attempts,
        wechatpay_error: wechatpay_error.as_deref(),
    };
    let private_key = keys.private_key.as_ref().map(|r| r.as_ref().map_err(Clone::clone));
    let certificate = keys.certificate.as_ref().map(|r| r.as_ref().map_err(Clone::clone));
    to_object(&v3::diagnose::diagnose_request(&input, private_key, certificate))
}

/// Why a response or notification does not verify (`v3::diagnose::diagnose_verification`);
/// headers as JSON (see `v3VerifyHeaders`).
#[cfg(feature = "diagnostics")]
#[wasm_bindgen(js_name = v3DiagnoseVerification)]
pub fn v3_diagnose_verification(
    headers_json: &str,
    body: &str,
    verifier: &Verifier,
    api_v3_key: Option<String>,
    now: Option<f64>,
    max_skew: Option<f64>,
) -> JsResult<JsValue> {
    let headers = v3::headers_from_json(headers_json).map_err(to_js)?;
    let input = v3::diagnose::VerificationInput {
        headers: &headers,
        body,
        now: now_or_clock(now),
        max_skew_secs: skew_or_default(max_skew),
        api_v3_key: api_v3_key.as_deref(),
    };
    to_object(&v3::diagnose::diagnose_verification(&input, &verifier.0))
}

/// Every finding code of the v3 diagnosis.
#[cfg(feature = "diagnostics")]
#[wasm_bindgen(js_name = v3DiagnosisCodes)]
pub fn v3_diagnosis_codes() -> Vec<String> {
    v3::diagnose::CODES.iter().map(|c| (*c).to_owned()).collect()
}

/// Length slots of a [`V3Scratch`]: up to 7 arguments, then the total input length.
const SCRATCH_SLOTS: usize = 8;

/// The default path's one-call buffer (every runtime's `Authorization` header, the Node entry's
/// verification): the wrapper writes the UTF-8 arguments back to back into `input` with one
/// `TextEncoder.encodeInto` and their lengths into `lengths` (see `v3::packed::split`); the core
/// checks them exactly as `v3PrepareAuthorization` / `v3Precheck` do (same functions, same
/// errors) and writes what the RSA step and the wrapper need into `output`, with their lengths
/// into `results`. One call per request, no allocation per argument, nothing decoded back but
/// ASCII header parts.
#[wasm_bindgen]
pub struct V3Scratch {
    input: Vec<u8>,
    output: Vec<u8>,
    lengths: Box<[u32; SCRATCH_SLOTS]>,
    results: Box<[u32; 4]>,
    /// `now` and `max_skew` of the last precheck, for [`V3Scratch::mismatch`].
    clock: (u64, u64),
}

impl Default for V3Scratch {
    fn default() -> Self {
        Self::new()
    }
}

/// The `N` arguments the lengths describe, in order (`None` = absent): see `v3::packed::split`,
/// the total UTF-8 length in the last slot.
fn scratch_args<'a, const N: usize>(input: &'a [u8], lengths: &[u32; SCRATCH_SLOTS]) -> Result<[Option<&'a str>; N], crate::Error> {
    let total = lengths.last().map_or(0, |&t| t as usize);
    input
        .get(..total)
        .zip(lengths.get(..N))
        .and_then(|(bytes, units)| v3::packed::split::<N>(bytes, units))
        .ok_or_else(|| crate::Error::InvalidArgument("the arguments do not fit the scratch buffer".into()))
}

/// A required argument (absent reads as empty, as `undefined` does through the wrapper's `text`).
fn text(v: Option<&str>) -> &str {
    v.unwrap_or_default()
}

/// Writes `parts` back to back into `output`, their lengths into `results`; false when they do not fit.
fn scratch_write(output: &mut [u8], results: &mut [u32; 4], parts: &[&[u8]]) -> bool {
    let total: usize = parts.iter().map(|p| p.len()).sum();
    if total > output.len() {
        return false;
    }
    let mut free = output;
    for (part, len) in parts.iter().zip(results.iter_mut()) {
        let Some((dst, tail)) = free.split_at_mut_checked(part.len()) else { return false };
        dst.copy_from_slice(part);
        *len = part.len() as u32;
        free = tail;
    }
    true
}

#[wasm_bindgen]
impl V3Scratch {
    #[wasm_bindgen(constructor)]
    pub fn new() -> V3Scratch {
        let mut s = V3Scratch {
            input: Vec::new(),
            output: Vec::new(),
            lengths: Box::new([0; SCRATCH_SLOTS]),
            results: Box::new([0; 4]),
            clock: (0, 0),
        };
        s.reserve(4096);
        s
    }

    /// Grows the input to at least `capacity` bytes (and the output to twice that plus 1 KiB,
    /// more than any message and header made from that input). Addresses change: read them again.
    pub fn reserve(&mut self, capacity: usize) {
        if self.input.len() < capacity {
            self.input.resize(capacity, 0);
        }
        let out = self.input.len().saturating_mul(2).saturating_add(1024);
        if self.output.len() < out {
            self.output.resize(out, 0);
        }
    }

    #[wasm_bindgen(js_name = inputPtr)]
    pub fn input_ptr(&self) -> usize {
        self.input.as_ptr() as usize
    }

    #[wasm_bindgen(js_name = inputCapacity)]
    pub fn input_capacity(&self) -> usize {
        self.input.len()
    }

    #[wasm_bindgen(js_name = outputPtr)]
    pub fn output_ptr(&self) -> usize {
        self.output.as_ptr() as usize
    }

    #[wasm_bindgen(js_name = outputCapacity)]
    pub fn output_capacity(&self) -> usize {
        self.output.len()
    }

    /// Address of the 8 little-endian `u32` argument lengths (7 arguments, then the total).
    #[wasm_bindgen(js_name = lengthsPtr)]
    pub fn lengths_ptr(&self) -> usize {
        self.lengths.as_ptr() as usize
    }

    /// Address of the 4 little-endian `u32` lengths of what the last call wrote.
    #[wasm_bindgen(js_name = resultsPtr)]
    pub fn results_ptr(&self) -> usize {
        self.results.as_ptr() as usize
    }

    /// `v3PrepareAuthorization` on the input's mchId, serialNo, method, url, body, timestamp?,
    /// nonce?: writes the message, then the header before and after its base64 signature, with
    /// their three lengths. Returns false when they do not fit (the wrapper then uses
    /// `v3PrepareAuthorization`).
    pub fn authorization(&mut self) -> JsResult<bool> {
        let [mch_id, serial_no, method, url, body, timestamp, nonce] =
            scratch_args::<7>(&self.input, &self.lengths).map_err(to_js)?;
        let p = v3::prepare_authorization(text(mch_id), text(serial_no), text(method), text(url), text(body), timestamp, nonce)
            .map_err(to_js)?;
        let (before, after) = p.header_parts();
        Ok(scratch_write(&mut self.output, &mut self.results, &[p.message().as_bytes(), before.as_bytes(), after.as_bytes()]))
    }

    /// `v3Precheck` on the input's timestamp, nonce, body, signature, serial: writes the message
    /// and the decoded signature, with their two lengths. Returns false when they do not fit (the
    /// wrapper then uses `v3Precheck`).
    pub fn precheck(&mut self, verifier: &Verifier, now: Option<f64>, max_skew: Option<f64>) -> JsResult<bool> {
        let [timestamp, nonce, body, signature, serial] = scratch_args::<5>(&self.input, &self.lengths).map_err(to_js)?;
        self.clock = (now_or_clock(now), skew_or_default(max_skew));
        let written = v3::precheck_into(&verifier.0, text(timestamp), text(nonce), text(body), text(signature), text(serial),
            self.clock.0, self.clock.1, &mut self.output)
        .map_err(to_js)?;
        Ok(written.is_some_and(|(message, signature)| {
            *self.results = [message as u32, signature as u32, 0, 0];
            true
        }))
    }

    /// Throws the last precheck's `SIGN_MISMATCH` (its signature did not verify): the precheck
    /// runs again on the same input, clock and `verifier`, for the error's details.
    pub fn mismatch(&self, verifier: &Verifier) -> JsResult<()> {
        let [timestamp, nonce, body, signature, serial] = scratch_args::<5>(&self.input, &self.lengths).map_err(to_js)?;
        let p = v3::precheck(&verifier.0, text(timestamp), text(nonce), text(body), text(signature), text(serial),
            self.clock.0, self.clock.1)
        .map_err(to_js)?;
        Err(to_js(p.mismatch()))
    }
}
