#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wechatpay_wasm_fuzz::json(data));
