//! Pay parameters after a v3 order (`prepay_id`), signed with the merchant private key.

use super::sign::{digits, sign_message};
use crate::keys::PrivateKey;
use crate::v2::{nonce_or_new, required, timestamp_or_now};
use crate::Result;

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
pub fn app_message(app_id: &str, timestamp: &str, nonce_str: &str, prepay_id: &str) -> String {
    lines(&[app_id, timestamp, nonce_str, prepay_id])
}

/// JSAPI / mini-program parameters for `wx.requestPayment`: `signType` `RSA`, `paySign` the
/// SHA256withRSA of [`jsapi_message`]. Omitted `time_stamp` / `nonce_str` are generated.
pub fn jsapi_pay_params(
    app_id: &str,
    prepay_id: &str,
    key: &PrivateKey,
    time_stamp: Option<&str>,
    nonce_str: Option<&str>,
) -> Result<JsapiPayParams> {
    let app_id = required("appId", app_id)?;
    let package = format!("prepay_id={}", required("prepayId", prepay_id)?);
    let time_stamp = timestamp_or_now(time_stamp);
    digits("timeStamp", &time_stamp)?;
    let nonce_str = nonce_or_new(nonce_str)?;
    let pay_sign = sign_message(key, jsapi_message(app_id, &time_stamp, &nonce_str, &package).as_bytes())?;
    Ok(JsapiPayParams {
        app_id: app_id.to_owned(),
        time_stamp,
        nonce_str,
        package,
        sign_type: "RSA".to_owned(),
        pay_sign,
    })
}

/// App SDK parameters (`PayReq`): `package` `Sign=WXPay`, `sign` the SHA256withRSA of
/// [`app_message`].
pub fn app_pay_params(
    app_id: &str,
    partner_id: &str,
    prepay_id: &str,
    key: &PrivateKey,
    timestamp: Option<&str>,
    nonce_str: Option<&str>,
) -> Result<AppPayParams> {
    let appid = required("appId", app_id)?;
    let partnerid = required("partnerId", partner_id)?;
    let prepayid = required("prepayId", prepay_id)?;
    let timestamp = timestamp_or_now(timestamp);
    digits("timestamp", &timestamp)?;
    let noncestr = nonce_or_new(nonce_str)?;
    let sign = sign_message(key, app_message(appid, &timestamp, &noncestr, prepayid).as_bytes())?;
    Ok(AppPayParams {
        appid: appid.to_owned(),
        partnerid: partnerid.to_owned(),
        prepayid: prepayid.to_owned(),
        package: "Sign=WXPay".to_owned(),
        noncestr,
        timestamp,
        sign,
    })
}
