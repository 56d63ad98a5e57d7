//! Bill exports: the incremental parser of [`crate::bills`] and one downloaded file's way into it
//! (decrypt, gunzip, hash) as JS classes (call `free()` when done). Cells cross as arrays of
//! strings, never joined.

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

/// One downloaded file on its way into a [`BillParser`]: AES-GCM decryption (when `key` is
/// given), gunzip, SHA-1 check (when `hash_type` is given), all inside wasm.
#[wasm_bindgen]
pub struct BillPart(bills::BillPart);

#[wasm_bindgen]
impl BillPart {
    /// `key` (32 bytes, zeroed here once the cipher holds it) and `nonce` for an encrypted file.
    #[wasm_bindgen(constructor)]
    pub fn new(
        key: Option<Vec<u8>>,
        nonce: Option<Vec<u8>>,
        gzip: bool,
        hash_type: Option<String>,
        hash_value: Option<String>,
    ) -> JsResult<BillPart> {
        let decryptor = match key {
            Some(mut key) => {
                let d = bills::BillDecryptor::new(&key, nonce.as_deref().unwrap_or_default());
                key.zeroize();
                Some(d.map_err(to_js)?)
            }
            None => None,
        };
        let hash = hash_type.map(|t| (t, hash_value.unwrap_or_default()));
        Ok(BillPart(bills::BillPart::new(decryptor, gzip, hash)))
    }

    /// The detail cells completed by `chunk` (flat, `parser.columns.length` per row).
    pub fn push(&mut self, chunk: &[u8], parser: &mut BillParser) -> JsResult<js_sys::Array> {
        self.0.push(chunk, &mut parser.0).map(|c| strings(&c)).map_err(to_js)
    }

    pub fn finish(&mut self) -> JsResult<()> {
        self.0.finish().map_err(to_js)
    }
}
