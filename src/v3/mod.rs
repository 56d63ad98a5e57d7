//! WeChat Pay API v3 (the JSON API): RSA signatures, AES-256-GCM resources, notifications.
//!
//! - [`message`] / [`authorization`] / [`sign_message`]: the `Authorization` header of requests.
//! - [`response_message`] / [`verify`] / [`verify_headers`]: `Wechatpay-Signature` of responses
//!   and notifications, against a [`Verifier`](crate::keys::Verifier).
//! - [`decrypt_resource`] / [`encrypt_resource`] / [`parse_notification`]: notifications.
//! - [`jsapi_pay_params`] / [`app_pay_params`]: what `wx.requestPayment` and the App SDK need.
//! - [`encrypt_sensitive`] / [`decrypt_sensitive`]: RSA-OAEP fields such as names and ID numbers.
//! - [`decrypt_certificates`]: the `/v3/certificates` response.
//!
//! Every function that signs also has a `*_message` twin returning the exact string signed, so
//! a WebCrypto path in JS can sign the same bytes.

mod aead;
mod certificates;
mod notify;
mod pay;
mod sensitive;
mod sign;
mod verify;

pub use aead::{decrypt_resource, encrypt_resource};
pub(crate) use aead::EncryptedObject;
pub use certificates::{decrypt_certificates, PlatformCertificate};
pub use notify::{headers_from_json, parse_notification, Notification};
pub use pay::{app_message, app_pay_params, jsapi_message, jsapi_pay_params, AppPayParams, JsapiPayParams};
pub use sensitive::{decrypt_sensitive, encrypt_sensitive};
pub use sign::{authorization, message, sign_message, verify_message, AUTH_SCHEME};
pub use verify::{response_message, verify, verify_headers, DEFAULT_MAX_SKEW_SECS};
