//! The WebAssembly proposals the shipped modules (pkg/wasm/wechatpay_wasm_bg.wasm, the core, and
//! pkg/wasm/wechatpay_wasm_extra_bg.wasm, after wasm-bindgen and wasm-opt) need, checked by validating its types and opcodes with wasmparser.
//! The README's runtime floor rests on this set: a toolchain upgrade that starts emitting another
//! proposal (as Rust 1.82 did with reference types, which Node 16 lacks) fails here instead of in
//! a merchant's runtime. Needs `make build` first (`make test` runs it after the build).

use wasmparser::{Validator, WasmFeatures};

/// Each proposal beyond WebAssembly 1.0 the module uses, with the oldest runtimes enabling it by
/// default (the README table). The runtime floor is the highest of these: SIMD.
const REQUIRED: &[(&str, WasmFeatures)] = &[
    ("simd128", WasmFeatures::SIMD),                                 // Node 16.4, Chromium 91, Firefox 89, Safari 16.4
    ("bulk-memory", WasmFeatures::BULK_MEMORY),                      // Node 12.5, Chromium 75, Firefox 79, Safari 15
    ("nontrapping-fptoint", WasmFeatures::SATURATING_FLOAT_TO_INT), // Node 12.5, Chromium 75, Firefox 64, Safari 15
    ("sign-ext", WasmFeatures::SIGN_EXTENSION),                      // Node 12, Chromium 74, Firefox 62, Safari 14.1
];

fn modules() -> Vec<(&'static str, Vec<u8>)> {
    [
        concat!(env!("CARGO_MANIFEST_DIR"), "/pkg/wasm/wechatpay_wasm_bg.wasm"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/pkg/wasm/wechatpay_wasm_extra_bg.wasm"),
    ]
    .into_iter()
    .map(|path| (path, std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e} (run `make build` first)"))))
    .collect()
}

fn validate(bytes: &[u8], features: WasmFeatures) -> Result<(), String> {
    Validator::new_with_features(features).validate_all(bytes).map(|_| ()).map_err(|e| e.to_string())
}

fn required_set() -> WasmFeatures {
    REQUIRED.iter().fold(WasmFeatures::WASM1, |set, (_, f)| set | *f)
}

#[test]
fn module_validates_with_exactly_the_required_proposals() {
    for (path, bytes) in modules() {
        validate(&bytes, required_set()).unwrap_or_else(|e| panic!("{path} needs a proposal outside {REQUIRED:?}: {e}"));
    }
}

#[test]
fn every_required_proposal_is_really_used() {
    for (path, bytes) in modules() {
        for (name, feature) in REQUIRED {
            assert!(validate(&bytes, required_set() - *feature).is_err(), "{path} validates without {name}: drop it from the list and the README table");
        }
    }
}
