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
//!
//! ```
//! use wechatpay_wasm::{keys::PrivateKey, v3};
//! # let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem"));
//! let key = PrivateKey::from_pem(pem)?;
//! let body = r#"{"appid":"wxd678efh567hg6787","mchid":"1900000001","description":"QQ公仔","out_trade_no":"1217752501201407033233368018","notify_url":"https://example.com/notify","amount":{"total":1},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}"#;
//! let authorization = v3::authorization("1900000001", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", &key,
//!     "POST", "/v3/pay/transactions/jsapi", body, None, None)?;
//! // POST it with Accept and Content-Type application/json; verify the response with
//! // v3::verify_headers, then sign what wx.requestPayment needs from its prepay_id:
//! let pay = v3::jsapi_pay_params("wxd678efh567hg6787", "wx201410272009395522657a690389285100", &key, None, None)?;
//! assert!(authorization.contains("mchid=\"1900000001\"") && pay.pay_sign.len() == 344);
//! # Ok::<(), wechatpay_wasm::Error>(())
//! ```

mod aead;
mod certificates;
#[cfg(feature = "diagnostics")]
pub mod diagnose;
mod notify;
pub(crate) mod packed;
mod pay;
mod sensitive;
mod sign;
mod verify;

pub use aead::{decrypt_resource, encrypt_resource};
pub(crate) use aead::EncryptedObject;
pub use certificates::{decrypt_certificates, PlatformCertificate};
pub use notify::{decrypt_notification, parse_notification, Notification};
// JSON-shaped headers and notifications whose resource stays text, for the wasm layer.
#[doc(hidden)]
pub use notify::{decrypt_notification_text, headers_from_json, parse_notification_text, NotificationText};
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
#[cfg(target_arch = "wasm32")]
pub(crate) use verify::precheck_into;
