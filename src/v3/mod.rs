//! WeChat Pay API v3 (the JSON API): RSA signatures, AES-256-GCM resources, notifications.
//!
//! - [`message`] / [`authorization`] / [`sign_message`]: the `Authorization` header of requests.
//! - [`response_message`] / [`verify`] / [`verify_headers`]: `Wechatpay-Signature` of responses
//!   and notifications, against a [`Verifier`](crate::keys::Verifier).
//! - [`decrypt_resource`] / [`encrypt_resource`] / [`parse_notification`]: notifications.
//! - [`jsapi_pay_params`] / [`app_pay_params`]: what `wx.requestPayment` and the App SDK need.
//! - [`encrypt_sensitive`] / [`decrypt_sensitive`]: RSA-OAEP fields such as names and ID numbers.
//! - [`decrypt_certificates`]: the `/v3/certificates` response.
//! - [`diagnose::diagnose_request`] / [`diagnose::diagnose_verification`]: why a signature fails.
//!
//! Every function that signs also has a `*_message` twin returning the exact string signed, and
//! every RSA step is split so that another RSA implementation (WebCrypto in the JS wrapper) can
//! do only the RSA operation while this core does everything else: [`prepare_authorization`],
//! [`prepare_jsapi_pay_params`], [`prepare_app_pay_params`] (build the message, then `finish`
//! with the signature), [`precheck`] / [`precheck_headers`] (every check but RSA, then
//! [`Prechecked::finish`] with the verdict), [`decrypt_notification`], and
//! [`sensitive_ciphertext`] / [`finish_decrypt_sensitive`] / [`finish_encrypt_sensitive`].
//! The one-call functions are built from the same halves, so errors are identical.

mod aead;
mod certificates;
#[cfg(feature = "diagnostics")]
pub mod diagnose;
mod notify;
mod pay;
mod sensitive;
mod sign;
mod verify;

pub use aead::{decrypt_resource, encrypt_resource};
pub(crate) use aead::EncryptedObject;
pub use certificates::{decrypt_certificates, PlatformCertificate};
pub use notify::{decrypt_notification, headers_from_json, parse_notification, Notification};
pub use pay::{
    app_message, app_pay_params, jsapi_message, jsapi_pay_params, prepare_app_pay_params, prepare_jsapi_pay_params,
    AppPayParams, JsapiPayParams, PreparedApp, PreparedJsapi,
};
pub use sensitive::{
    decrypt_sensitive, encrypt_sensitive, finish_decrypt_sensitive, finish_encrypt_sensitive, sensitive_ciphertext,
};
pub use sign::{
    authorization, authorization_header, message, prepare_authorization, sign_message, verify_message,
    PreparedAuthorization, AUTH_SCHEME,
};
pub use verify::{
    precheck, precheck_headers, response_message, verify, verify_headers, Prechecked, DEFAULT_MAX_SKEW_SECS,
};
