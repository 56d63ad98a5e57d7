//! .p12 export: opens the file once and hands back the certificate, key handle and PEMs.

use super::to_js;
use super::v3::{PrivateKey, PublicKey};
use crate::keys;
use wasm_bindgen::prelude::*;

/// What an opened .p12 holds (see [`keys::P12`]).
#[wasm_bindgen]
pub struct P12(keys::P12);

#[wasm_bindgen]
impl P12 {
    /// Opens `bytes` (a .p12) with `password`: `P12_PASSWORD`, `P12_UNSUPPORTED`, `P12_INVALID`.
    pub fn open(bytes: &[u8], password: &str) -> Result<P12, JsValue> {
        keys::P12::parse(bytes, password).map(P12).map_err(to_js)
    }

    /// The certificate (serialNo, notBefore, notAfter) as a key handle.
    #[wasm_bindgen(getter)]
    pub fn certificate(&self) -> PublicKey {
        PublicKey(self.0.certificate.clone())
    }

    #[wasm_bindgen(getter, js_name = certificatePem)]
    pub fn certificate_pem(&self) -> String {
        self.0.certificate_pem()
    }

    #[wasm_bindgen(getter, js_name = privateKey)]
    pub fn private_key(&self) -> PrivateKey {
        PrivateKey(self.0.private_key.clone())
    }

    /// PKCS#8 PEM of the key (the wasm copy is zeroized).
    #[wasm_bindgen(js_name = privateKeyPem)]
    pub fn private_key_pem(&self) -> Result<String, JsValue> {
        self.0.private_key_pem().map(|pem| pem.as_str().to_owned()).map_err(to_js)
    }
}
