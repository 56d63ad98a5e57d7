//! # wechatpay-wasm
//!
//! Merchant-side cryptography for WeChat Pay (微信支付 API v2 and v3) and Alipay (支付宝), as a
//! pure-Rust core. The same core is compiled to WebAssembly for the `wechatpay-wasm` npm
//! package; as a Rust crate it pulls in no wasm-bindgen and no JavaScript types. It does the
//! cryptography and the message formats, not the HTTP: pair it with any client and server (see
//! `examples/rust-server`, tiny_http + ureq, tested against a strict WeChat Pay simulator).
//!
//! | module | what it does |
//! | --- | --- |
//! | [`v2`] | API v2 (XML): MD5 / HMAC-SHA256 `sign`, pay parameters, notifications, refund `req_info` |
//! | [`v3`] | API v3 (JSON): `Authorization`, response and notification verification, AES-256-GCM resources, RSA-OAEP fields, pay parameters, `/v3/certificates` |
//! | [`alipay`] | Alipay OpenAPI: `RSA2` request signatures, response and notification verification, certificate mode ([`alipay::cert_sn`]), OpenAPI v3 ([`alipay::v3`]), content encryption ([`alipay::aes`]) |
//! | [`keys`] | RSA keys parsed once: [`keys::PrivateKey`], [`keys::PublicKey`], a [`keys::Verifier`] of platform keys by serial; [`keys::P12`] opens `apiclient_cert.p12` |
//! | [`bills`] | reconciliation bills (对账单) of v2 and v3, streamed: decryption, gunzip, SHA-1 check, parser |
//! | [`xml`] | the strict, bounded flat XML of API v2 |
//! | [`nonce`] | random `nonce_str` from the OS CSPRNG |
//! | [`Error`] | the one error type; [`Error::code`] is a stable string code (`SIGN_MISMATCH`, …) |
//!
//! API v2, the official vector of WeChat Pay's signature documentation:
//!
//! ```
//! use wechatpay_wasm::v2::{self, SignType};
//! let params = [("appid", "wxd930ea5d5a258f4f"), ("mch_id", "10000100"),
//!               ("device_info", "1000"), ("body", "test"), ("nonce_str", "ibuaiVcKdpRxkhJA")];
//! let sign = v2::sign(&params, "192006250b4c09247ec02edce69f6a2d", SignType::Md5);
//! assert_eq!(sign, "9A0A8659F005D6984697E2CA0A9CF3B7");
//! ```
//!
//! API v3: the `Authorization` header of a request, and `paySign` for `wx.requestPayment`
//! (the key is a TEST ONLY key of this repository):
//!
//! ```
//! use wechatpay_wasm::{keys::PrivateKey, v3};
//! # let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem"));
//! let key = PrivateKey::from_pem(pem)?; // apiclient_key.pem: parse once, keep the handle
//! let auth = v3::authorization("1900000001", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", &key,
//!     "POST", "/v3/pay/transactions/jsapi", r#"{"appid":"wx…"}"#, None, None)?;
//! assert!(auth.starts_with("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\""));
//!
//! let pay = v3::jsapi_pay_params("wxd678efh567hg6787", "wx201410272009395522657a690389285100", &key, None, None)?;
//! assert_eq!((pay.sign_type.as_str(), pay.package.as_str()), ("RSA", "prepay_id=wx201410272009395522657a690389285100"));
//! # Ok::<(), wechatpay_wasm::Error>(())
//! ```
//!
//! Cargo features, all on by default: `alipay` (the [`alipay`] module), `p12` ([`keys::P12`]),
//! `diagnostics` (why a signature fails: `v2::diagnose`, `v3::diagnose`), `bills` (the
//! [`bills`] module). With `default-features = false` the crate is the core: API v2, API v3,
//! notifications.
//!
//! Every fallible function returns [`Result`]; nothing panics on outside input, and every
//! parser of outside text is linear and bounded in size. Secrets never appear in errors or
//! `Debug` output, signatures are compared in constant time, and key material is zeroized.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#![warn(missing_docs)]
// These docs link the optional modules (Cargo features); without them the links are plain text.
#![cfg_attr(
    not(all(feature = "alipay", feature = "diagnostics", feature = "p12", feature = "bills")),
    allow(rustdoc::broken_intra_doc_links)
)]

// The wasm layer's helpers: public for src/wasm.rs and tests/, not part of the Rust API.
#[doc(hidden)]
pub mod clock;
pub mod error;
#[doc(hidden)]
pub mod hex;
pub mod json;
pub mod keys;
pub mod nonce;
pub mod v2;
pub mod v3;
pub mod xml;
mod sort;
#[cfg(feature = "alipay")]
pub mod alipay;
#[cfg(feature = "bills")]
pub mod bills;


/// The `#[wasm_bindgen]` layer the npm package is built from (only on `wasm32`).
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use error::{Error, Result};
