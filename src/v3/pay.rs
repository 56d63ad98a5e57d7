//! Pay parameters after a v3 order (`prepay_id`), signed with the merchant private key.

use crate::keys::PrivateKey;
use crate::v2::{digits, nonce_or_new, required, timestamp_or_now};
use crate::Result;
use base64::{engine::general_purpose::STANDARD, Engine};

/// The same shapes as v2 (`signType` is `RSA`, the signatures base64).
pub use crate::v2::{AppPayParams, JsapiPayParams};

fn lines(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for part in parts {
        s.push_str(part);
        s.push('\n');
    }
    s
}

/// The string `paySign` covers: `appId\ntimeStamp\nnonceStr\npackage\n`.
///
/// ```
/// assert_eq!(wechatpay_wasm::v3::jsapi_message("wx1", "1414561699", "n", "prepay_id=p"),
///            "wx1\n1414561699\nn\nprepay_id=p\n");
/// ```
pub fn jsapi_message(app_id: &str, time_stamp: &str, nonce_str: &str, package: &str) -> String {
    lines(&[app_id, time_stamp, nonce_str, package])
}

/// The string the App `sign` covers: `appid\ntimestamp\nnoncestr\nprepayid\n`.
///
/// ```
/// assert_eq!(wechatpay_wasm::v3::app_message("wx1", "1414561699", "n", "wx2014"), "wx1\n1414561699\nn\nwx2014\n");
/// ```
pub fn app_message(app_id: &str, timestamp: &str, nonce_str: &str, prepay_id: &str) -> String {
    lines(&[app_id, timestamp, nonce_str, prepay_id])
}

/// JSAPI parameters checked and their message built: all but `paySign`, which
/// [`PreparedJsapi::finish`] takes as the raw SHA256withRSA signature of [`PreparedJsapi::message`].
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// let prepared = wechatpay_wasm::v3::prepare_jsapi_pay_params("wxd678efh567hg6787", "wx2014", None, None)?;
/// let params = prepared.finish(&key.sign_sha256(prepared.message().as_bytes())?); // or a KMS signature
/// assert_eq!(params.sign_type, "RSA");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedJsapi {
    app_id: String,
    time_stamp: String,
    nonce_str: String,
    package: String,
    message: String,
}

impl PreparedJsapi {
    /// `appId\ntimeStamp\nnonceStr\npackage\n`: sign exactly these UTF-8 bytes.
    ///
    /// ```
    /// let p = wechatpay_wasm::v3::prepare_jsapi_pay_params("wx1", "wx2014", Some("1414561699"), Some("n"))?;
    /// assert_eq!(p.message(), "wx1\n1414561699\nn\nprepay_id=wx2014\n");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The parameters, with `paySign` the base64 of `signature`.
    ///
    /// ```
    /// let p = wechatpay_wasm::v3::prepare_jsapi_pay_params("wx1", "wx2014", Some("1414561699"), Some("n"))?;
    /// assert_eq!(p.finish(&[0xff]).pay_sign, "/w==");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn finish(&self, signature: &[u8]) -> JsapiPayParams {
        JsapiPayParams {
            app_id: self.app_id.clone(),
            time_stamp: self.time_stamp.clone(),
            nonce_str: self.nonce_str.clone(),
            package: self.package.clone(),
            sign_type: "RSA".to_owned(),
            pay_sign: STANDARD.encode(signature),
        }
    }
}

/// Checks JSAPI inputs (`INVALID_ARGUMENT` for an empty `app_id` / `prepay_id`, a non-digit
/// `time_stamp`) and builds the message. Omitted `time_stamp` / `nonce_str` are generated.
///
/// ```
/// let err = wechatpay_wasm::v3::prepare_jsapi_pay_params("wx1", "", None, None).unwrap_err();
/// assert_eq!(err.to_string(), "invalid argument: prepayId is required");
/// ```
pub fn prepare_jsapi_pay_params(
    app_id: &str,
    prepay_id: &str,
    time_stamp: Option<&str>,
    nonce_str: Option<&str>,
) -> Result<PreparedJsapi> {
    let app_id = required("appId", app_id)?;
    let package = format!("prepay_id={}", required("prepayId", prepay_id)?);
    let time_stamp = timestamp_or_now(time_stamp);
    digits("timeStamp", &time_stamp)?;
    let nonce_str = nonce_or_new(nonce_str)?;
    let message = jsapi_message(app_id, &time_stamp, &nonce_str, &package);
    Ok(PreparedJsapi { app_id: app_id.to_owned(), time_stamp, nonce_str, package, message })
}

/// JSAPI / mini-program parameters for `wx.requestPayment`: `signType` `RSA`, `paySign` the
/// SHA256withRSA of [`jsapi_message`]. Omitted `time_stamp` / `nonce_str` are generated.
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// use wechatpay_wasm::v3;
/// let p = v3::jsapi_pay_params("wxd678efh567hg6787", "wx201410272009395522657a690389285100", &key, None, None)?;
/// let message = v3::jsapi_message(&p.app_id, &p.time_stamp, &p.nonce_str, &p.package);
/// assert!(v3::verify_message(&cert, message.as_bytes(), &p.pay_sign)?);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn jsapi_pay_params(
    app_id: &str,
    prepay_id: &str,
    key: &PrivateKey,
    time_stamp: Option<&str>,
    nonce_str: Option<&str>,
) -> Result<JsapiPayParams> {
    let prepared = prepare_jsapi_pay_params(app_id, prepay_id, time_stamp, nonce_str)?;
    Ok(prepared.finish(&key.sign_sha256(prepared.message().as_bytes())?))
}

/// App parameters checked and their message built: all but `sign` (see [`PreparedJsapi`]).
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// let prepared = wechatpay_wasm::v3::prepare_app_pay_params("wxappid", "1900000001", "wx2014", None, None)?;
/// let params = prepared.finish(&key.sign_sha256(prepared.message().as_bytes())?);
/// assert_eq!(params.package, "Sign=WXPay");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedApp {
    appid: String,
    partnerid: String,
    prepayid: String,
    noncestr: String,
    timestamp: String,
    message: String,
}

impl PreparedApp {
    /// `appid\ntimestamp\nnoncestr\nprepayid\n`: sign exactly these UTF-8 bytes.
    ///
    /// ```
    /// let p = wechatpay_wasm::v3::prepare_app_pay_params("wx1", "1900000001", "wx2014", Some("1414561699"), Some("n"))?;
    /// assert_eq!(p.message(), "wx1\n1414561699\nn\nwx2014\n");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The parameters, with `sign` the base64 of `signature`.
    ///
    /// ```
    /// let p = wechatpay_wasm::v3::prepare_app_pay_params("wx1", "1900000001", "wx2014", Some("1414561699"), Some("n"))?;
    /// assert_eq!((p.finish(&[0xff]).sign.as_str(), p.finish(&[0xff]).partnerid.as_str()), ("/w==", "1900000001"));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn finish(&self, signature: &[u8]) -> AppPayParams {
        AppPayParams {
            appid: self.appid.clone(),
            partnerid: self.partnerid.clone(),
            prepayid: self.prepayid.clone(),
            package: "Sign=WXPay".to_owned(),
            noncestr: self.noncestr.clone(),
            timestamp: self.timestamp.clone(),
            sign: STANDARD.encode(signature),
        }
    }
}

/// Checks App inputs and builds the message (see [`prepare_jsapi_pay_params`]).
///
/// ```
/// let err = wechatpay_wasm::v3::prepare_app_pay_params("wx1", "1900000001", "wx2014", Some("soon"), None).unwrap_err();
/// assert_eq!(err.code(), "INVALID_ARGUMENT");
/// ```
pub fn prepare_app_pay_params(
    app_id: &str,
    partner_id: &str,
    prepay_id: &str,
    timestamp: Option<&str>,
    nonce_str: Option<&str>,
) -> Result<PreparedApp> {
    let appid = required("appId", app_id)?;
    let partnerid = required("partnerId", partner_id)?;
    let prepayid = required("prepayId", prepay_id)?;
    let timestamp = timestamp_or_now(timestamp);
    digits("timestamp", &timestamp)?;
    let noncestr = nonce_or_new(nonce_str)?;
    let message = app_message(appid, &timestamp, &noncestr, prepayid);
    Ok(PreparedApp {
        appid: appid.to_owned(),
        partnerid: partnerid.to_owned(),
        prepayid: prepayid.to_owned(),
        noncestr,
        timestamp,
        message,
    })
}

/// App SDK parameters (`PayReq`): `package` `Sign=WXPay`, `sign` the SHA256withRSA of
/// [`app_message`].
///
/// ```
/// # let key = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/private_pkcs8.pem")))?;
/// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
/// use wechatpay_wasm::v3;
/// let p = v3::app_pay_params("wxappid", "1900000001", "wx2014", &key, None, None)?;
/// let message = v3::app_message(&p.appid, &p.timestamp, &p.noncestr, &p.prepayid);
/// assert!(v3::verify_message(&cert, message.as_bytes(), &p.sign)?);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn app_pay_params(
    app_id: &str,
    partner_id: &str,
    prepay_id: &str,
    key: &PrivateKey,
    timestamp: Option<&str>,
    nonce_str: Option<&str>,
) -> Result<AppPayParams> {
    let prepared = prepare_app_pay_params(app_id, partner_id, prepay_id, timestamp, nonce_str)?;
    Ok(prepared.finish(&key.sign_sha256(prepared.message().as_bytes())?))
}
