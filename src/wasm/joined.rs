//! Field lists as ONE string: wasm-bindgen returns a `Vec<String>` by decoding every string
//! separately (a `TextDecoder` call and a heap slot each), which cost more than parsing the XML.
//! The joined form is `len1,len2,…;` — the UTF-16 length of every name and value in decimal —
//! then the names and values back to back. The header holds only digits and commas, so its first
//! `;` ends it, and the wrapper cuts the rest by the lengths: no separator content could hold.

use wasm_bindgen::prelude::*;

use super::{to_js, JsResult};
use crate::xml::Fields;

/// `xml::from_xml`'s fields, joined (see the module documentation); `js/fields.js` `unjoin` reads it.
#[wasm_bindgen(js_name = v2FromXmlJoined)]
pub fn v2_from_xml_joined(xml: &str) -> JsResult<String> {
    crate::xml::from_xml(xml).map(|fields| joined(&fields)).map_err(to_js)
}

pub(crate) fn joined(fields: &Fields) -> String {
    let content: usize = fields.iter().map(|(k, v)| k.len() + v.len()).sum();
    let mut out = String::with_capacity(content + fields.len() * 8 + 1);
    for (i, part) in fields.iter().flat_map(|(k, v)| [k, v]).enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_decimal(&mut out, utf16_len(part));
    }
    out.push(';');
    for (k, v) in fields {
        out.push_str(k);
        out.push_str(v);
    }
    out
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

// Integer digits by hand: `Display` would pull in the formatting machinery for one number.
fn push_decimal(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(d as char);
    }
}
