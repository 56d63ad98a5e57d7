//! WeChat Pay API v2 (the XML API): signatures, pay parameters, notifications.
//!
//! - [`sign`] / [`verify`] / [`string_to_sign`]: the MD5 and HMAC-SHA256 signature.
//! - [`jsapi_pay_params`] / [`app_pay_params`]: what `wx.requestPayment` and the App SDK need.
//! - [`parse_notification`] / [`notification_ack`]: payment notifications and the reply.
//! - [`decrypt_refund_notification`]: the AES-256-ECB `req_info` of refund notifications.
//! - [`diagnose`]: why a signature does not match (the signature debugger and the CLI).

#[cfg(feature = "diagnostics")]
mod diagnose;
mod notify;
mod pay;
mod refund;
mod sign;

#[cfg(feature = "diagnostics")]
pub use diagnose::{diagnose, Cause, Diagnosis, FieldInfo, FieldRole, Note, API_KEY_LENGTH};
pub use notify::{notification_ack, parse_notification};
pub use pay::{app_pay_params, jsapi_pay_params, AppPayParams, JsapiPayParams};
#[cfg(feature = "diagnostics")]
pub(crate) use diagnose::url_decode;
pub(crate) use pay::{digits, nonce_or_new, required, timestamp_or_now};
pub use refund::{decrypt_refund_notification, encrypt_refund_info, parse_refund_notification};
pub use sign::{sign, string_to_sign, verify, SignType, Signer, StringToSign};
