//! WeChat Pay API v2 (the XML API): signatures, pay parameters, notifications.
//!
//! - [`sign`] / [`verify`] / [`string_to_sign`]: the MD5 and HMAC-SHA256 signature.
//! - [`jsapi_pay_params`] / [`app_pay_params`]: what `wx.requestPayment` and the App SDK need.
//! - [`parse_notification`] / [`notification_ack`]: payment notifications and the reply.
//! - [`decrypt_refund_notification`]: the AES-256-ECB `req_info` of refund notifications.
//! - [`diagnose`]: why a signature does not match (the signature debugger and the CLI).
//!
//! ```
//! use wechatpay_wasm::{v2, xml};
//! let key = "192006250b4c09247ec02edce69f6a2d"; // the API key set in the merchant platform
//! // A request: sign the fields, send them as XML.
//! let mut fields = vec![("appid", "wxd930ea5d5a258f4f".to_owned()), ("mch_id", "10000100".to_owned()),
//!                       ("device_info", "1000".to_owned()), ("body", "test".to_owned()),
//!                       ("nonce_str", "ibuaiVcKdpRxkhJA".to_owned())];
//! fields.push(("sign", v2::sign(&fields, key, v2::SignType::Md5)));
//! let body = xml::to_xml(&fields)?;
//! assert!(body.ends_with("<sign><![CDATA[9A0A8659F005D6984697E2CA0A9CF3B7]]></sign></xml>"));
//! // A notification: verify, process, acknowledge.
//! let notification = v2::parse_notification(&body, key)?;
//! assert_eq!(notification.len(), 6);
//! let ack = v2::notification_ack(true, None);
//! assert!(ack.contains("SUCCESS"));
//! # Ok::<(), wechatpay_wasm::Error>(())
//! ```

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
