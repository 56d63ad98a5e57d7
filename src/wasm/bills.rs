//! Bill exports: the incremental parser, SHA-1 and AES-GCM decryptor of [`crate::bills`] as JS
//! classes (call `free()` when done). Cells cross as arrays of strings, never joined.

use super::to_js;
use crate::bills;
use wasm_bindgen::prelude::*;
use zeroize::Zeroize;

type JsResult<T> = Result<T, JsValue>;

fn strings(cells: &[String]) -> js_sys::Array {
    cells.iter().map(|c| JsValue::from_str(c)).collect()
}

#[wasm_bindgen]
pub struct BillParser(bills::BillParser);

#[wasm_bindgen]
impl BillParser {
    #[wasm_bindgen(constructor)]
    pub fn new() -> BillParser {
        BillParser(bills::BillParser::new())
    }

    /// The detail cells completed by `chunk`, flat (`columns.length` per row).
    pub fn push(&mut self, chunk: &[u8]) -> JsResult<js_sys::Array> {
        self.0.push(chunk).map(|c| strings(&c)).map_err(to_js)
    }

    pub fn finish(&mut self) -> JsResult<js_sys::Array> {
        self.0.finish().map(|c| strings(&c)).map_err(to_js)
    }

    #[wasm_bindgen(getter)]
    pub fn columns(&self) -> js_sys::Array {
        strings(self.0.columns())
    }

    #[wasm_bindgen(getter, js_name = summaryColumns)]
    pub fn summary_columns(&self) -> js_sys::Array {
        strings(self.0.summary_columns())
    }

    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> js_sys::Array {
        strings(self.0.summary())
    }
}

#[wasm_bindgen]
pub struct BillHasher(bills::BillHasher);

#[wasm_bindgen]
impl BillHasher {
    #[wasm_bindgen(constructor)]
    pub fn new() -> BillHasher {
        BillHasher(bills::BillHasher::new())
    }

    pub fn update(&mut self, chunk: &[u8]) {
        self.0.update(chunk);
    }

    pub fn hex(&self) -> String {
        self.0.hex()
    }

    /// Bytes hashed so far (a JS number: exact below 2^53).
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> f64 {
        self.0.bytes() as f64
    }

    pub fn check(&self, hash_type: &str, hash_value: &str) -> JsResult<()> {
        self.0.check(hash_type, hash_value).map_err(to_js)
    }
}

#[wasm_bindgen]
pub struct BillDecryptor(Option<bills::BillDecryptor>);

#[wasm_bindgen]
impl BillDecryptor {
    /// `key` is zeroed here once the cipher holds it.
    #[wasm_bindgen(constructor)]
    pub fn new(mut key: Vec<u8>, nonce: &[u8]) -> JsResult<BillDecryptor> {
        let d = bills::BillDecryptor::new(&key, nonce);
        key.zeroize();
        d.map(|d| BillDecryptor(Some(d))).map_err(to_js)
    }

    pub fn update(&mut self, chunk: &[u8]) -> JsResult<Vec<u8>> {
        match self.0.as_mut() {
            Some(d) => Ok(d.update(chunk)),
            None => Err(finished()),
        }
    }

    pub fn finish(&mut self) -> JsResult<()> {
        match self.0.take() {
            Some(d) => d.finish().map_err(to_js),
            None => Err(finished()),
        }
    }
}

fn finished() -> JsValue {
    to_js(crate::Error::InvalidArgument("this BillDecryptor has finished".into()))
}
