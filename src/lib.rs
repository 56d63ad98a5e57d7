//! # wechatpay-wasm
//!
//! Merchant-side cryptography for WeChat Pay (API v2 and v3) and Alipay, as a pure-Rust core
//! that compiles to WebAssembly. The core has no JavaScript types; [`wasm`] (only on `wasm32`)
//! is the thin `#[wasm_bindgen]` layer the npm package is built from.
//!
//! ```
//! use wechatpay_wasm::v2::{self, SignType};
//! let params = [("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"),
//!               ("device_info", "1000"), ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA")];
//! let sign = v2::sign(&params, "192006250b4c09247ec02edce69f6a2d", SignType::Md5);
//! assert_eq!(sign, "9A0A8659F005D6984697E2CA0A9CF3B7");
//! ```
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

pub mod clock;
pub mod error;
pub mod hex;
pub mod keys;
pub mod nonce;
pub mod v2;
pub mod v3;
pub mod xml;
#[cfg(feature = "alipay")]
pub mod alipay;


#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Result};
