//! Field lists as ONE string: wasm-bindgen returns a `Vec<String>` by decoding every string
//! separately (a `TextDecoder` call and a heap slot each), which cost more than parsing the XML.
//! The joined form is `name1 NUL value1 NUL name2 NUL value2 …` (empty for no fields): decoded
//! XML cannot hold U+0000 (`xml::from_xml` refuses it raw, in CDATA and as `&#0;`), so NUL
//! separates without ambiguity, and the wrapper cuts the string with one native `split`.

use std::borrow::Cow;

use wasm_bindgen::prelude::*;

use super::{grown_ptr, to_js, JsResult};

/// `xml::from_xml`'s fields, joined (see the module documentation); `js/fields.js` `unjoin` reads it.
#[wasm_bindgen(js_name = v2FromXmlJoined)]
pub fn v2_from_xml_joined(xml: &str) -> JsResult<String> {
    crate::xml::parse(xml).map(|fields| joined(&fields)).map_err(to_js)
}

/// The joined form of `fields` (`name NUL value NUL …`), whose names and values hold no NUL.
pub(crate) fn joined(fields: &[(&str, Cow<'_, str>)]) -> String {
    crate::xml::join_pairs(fields, '\0', '\0')
}

/// A reusable buffer the wrapper writes XML into with `TextEncoder.encodeInto`, then decodes
/// with [`XmlInput::from_xml_joined`]. wasm-bindgen copies a string argument into wasm one
/// character at a time in JS (about 5 µs per KB), which cost more than parsing the XML.
#[wasm_bindgen(js_name = V2XmlInput)]
pub struct XmlInput {
    input: Vec<u8>,
}

#[wasm_bindgen(js_class = V2XmlInput)]
impl XmlInput {
    #[wasm_bindgen(constructor)]
    pub fn new() -> XmlInput {
        XmlInput { input: vec![0; 4096] }
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

    /// [`v2_from_xml_joined`] of the first `len` bytes of the buffer (UTF-8, as `encodeInto`
    /// writes it; anything else is `XML_INVALID`).
    #[wasm_bindgen(js_name = fromXmlJoined)]
    pub fn from_xml_joined(&self, len: usize) -> JsResult<String> {
        let bytes = self.input.get(..len).unwrap_or_default();
        let text = std::str::from_utf8(bytes)
            .map_err(|_| to_js(crate::Error::XmlInvalid("the document is not UTF-8".into())))?;
        v2_from_xml_joined(text)
    }
}

impl Default for XmlInput {
    fn default() -> Self {
        Self::new()
    }
}
