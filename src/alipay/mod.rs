//! Alipay (支付宝) OpenAPI gateway cryptography, on the same RSA key handles as WeChat Pay v3.
//!
//! - [`string_to_sign`] / [`sign`]: the request signature, `RSA2` (SHA256withRSA) or the legacy
//!   `RSA` (SHA1withRSA), over the sorted non-empty fields without `sign`, values verbatim.
//! - [`signed_query`]: the request with `sign`, URL-encoded: the App order string, a page-pay
//!   URL query, a form POST body.
//! - [`verify_notification`]: asynchronous notifications, signed without `sign` and `sign_type`.
//! - [`verify_response`]: synchronous responses, whose sign covers the response node's raw text;
//!   [`check_success`] then tells a business failure (`ALIPAY_ERROR`).
//! - [`private_key`] / [`public_key`]: keys as Alipay's key tool writes them (bare base64) or PEM.
//!
//! Keys: sign with the **app private key** (应用私钥); verify with the **Alipay public key**
//! (支付宝公钥), not the app public key; in certificate mode (公钥证书模式) that key is the one
//! of the Alipay certificate, and requests carry [`cert_sn`]s (`app_cert_sn`,
//! `alipay_root_cert_sn`).
//! - [`v3`]: OpenAPI v3's `authorization` header and response verification.
//! - [`aes`]: content encryption (`encrypt_type=AES`).
//!
//! ```
//! use wechatpay_wasm::alipay::{self, SignType};
//! # let app_private_key = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_private_pkcs8.pem"));
//! let key = alipay::private_key(app_private_key)?; // PEM or the key tool's bare base64
//! let query = alipay::signed_query(&[("app_id", "2021000000000000"), ("method", "alipay.trade.page.pay"),
//!     ("charset", "utf-8"), ("sign_type", "RSA2"), ("timestamp", "2026-11-22 20:30:00"), ("version", "1.0"),
//!     ("biz_content", r#"{"out_trade_no":"20150320010101001","total_amount":"88.88","subject":"Iphone6 16G","product_code":"FAST_INSTANT_TRADE_PAY"}"#)],
//!     &key, SignType::Rsa2)?;
//! let url = format!("https://openapi.alipay.com/gateway.do?{query}");
//! assert!(url.contains("&sign="));
//! # Ok::<(), wechatpay_wasm::Error>(())
//! ```

pub mod aes;
pub mod cert_sn;
mod keys;
mod notify;
mod response;
mod sign;
pub mod v3;

pub use keys::{private_key, public_key};
pub use notify::{notification_string_to_sign, verify_notification};
pub use response::{
    check_success, response_node_name, response_sign_content, verify_response, Response, SignedContent, SUCCESS_CODE,
};
pub use sign::{sign, sign_content, signed_query, string_to_sign, url_encode, SignType};
