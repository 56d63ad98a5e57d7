//! Pay parameters handed to the WeChat client after a v2 unified order.

use super::{sign, SignType};
use crate::{clock, nonce, Error, Result};

/// Parameters for `wx.requestPayment` / `WeixinJSBridge` (JSAPI and mini-program), v2-signed.
///
/// ```
/// let p = wechatpay_wasm::v2::jsapi_pay_params("wxd678efh567hg6787", "wx2017033010242291fcfe0db70013231072",
///     "qazwsxedcrfvtgbyhnujmikolp111111", wechatpay_wasm::v2::SignType::Md5, None, None)?;
/// assert_eq!((p.sign_type.as_str(), p.nonce_str.len()), ("MD5", 32));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct JsapiPayParams {
    /// `appId`: the app (公众号 / 小程序) the order was placed for.
    pub app_id: String,
    /// `timeStamp`: Unix seconds, as text.
    pub time_stamp: String,
    /// `nonceStr`: 32 random characters unless given.
    pub nonce_str: String,
    /// `prepay_id=…`
    pub package: String,
    /// `signType`: `MD5` or `HMAC-SHA256` (v2), `RSA` (v3).
    pub sign_type: String,
    /// `paySign`: uppercase hex (v2) or base64 SHA256withRSA (v3).
    pub pay_sign: String,
}

/// Parameters for the App SDK's `PayReq` (lowercase names, as the SDK expects).
///
/// ```
/// let p = wechatpay_wasm::v2::app_pay_params("wxappid", "1900000109", "wx2014", "key",
///     wechatpay_wasm::v2::SignType::HmacSha256, None, None)?;
/// assert_eq!((p.package.as_str(), p.sign.len()), ("Sign=WXPay", 64));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AppPayParams {
    /// The mobile app's `appid`.
    pub appid: String,
    /// The merchant id (`mch_id` / `mchid`).
    pub partnerid: String,
    /// The order's `prepay_id`.
    pub prepayid: String,
    /// Always `Sign=WXPay`.
    pub package: String,
    /// 32 random characters unless given.
    pub noncestr: String,
    /// Unix seconds, as text.
    pub timestamp: String,
    /// Uppercase hex (v2) or base64 SHA256withRSA (v3).
    pub sign: String,
}

pub(crate) fn required<'a>(name: &str, value: &'a str) -> Result<&'a str> {
    if value.is_empty() {
        Err(Error::InvalidArgument(format!("{name} is required")))
    } else {
        Ok(value)
    }
}

/// Checks a Unix timestamp given as text.
pub(crate) fn digits<'a>(name: &str, value: &'a str) -> Result<&'a str> {
    if value.is_empty() || value.len() > 20 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidArgument(format!("{name} must be Unix seconds in decimal digits")));
    }
    Ok(value)
}

/// The given timestamp, or the current Unix time in seconds.
pub(crate) fn timestamp_or_now(timestamp: Option<&str>) -> String {
    match timestamp {
        Some(t) if !t.is_empty() => t.to_owned(),
        _ => clock::unix_now().to_string(),
    }
}

/// The given nonce, or 32 fresh characters from the CSPRNG.
pub(crate) fn nonce_or_new(nonce: Option<&str>) -> Result<String> {
    match nonce {
        Some(n) if !n.is_empty() => Ok(n.to_owned()),
        _ => nonce::nonce_str(),
    }
}

/// JSAPI / mini-program pay parameters; `paySign` signs `appId, nonceStr, package, signType,
/// timeStamp` with the API key. Omitted `time_stamp` / `nonce_str` are generated.
///
/// ```
/// use wechatpay_wasm::v2::{jsapi_pay_params, SignType};
/// let p = jsapi_pay_params("wxd678efh567hg6787", "wx2017033010242291fcfe0db70013231072",
///     "qazwsxedcrfvtgbyhnujmikolp111111", SignType::Md5,
///     Some("1490840662"), Some("5K8264ILTKCH16CQ2502SI8ZNMTM67VS")).unwrap();
/// assert_eq!(p.package, "prepay_id=wx2017033010242291fcfe0db70013231072");
/// assert_eq!(p.pay_sign, "22D9B4E54AB1950F51E0649E8810ACD6");
/// ```
pub fn jsapi_pay_params(
    app_id: &str,
    prepay_id: &str,
    key: &str,
    sign_type: SignType,
    time_stamp: Option<&str>,
    nonce_str: Option<&str>,
) -> Result<JsapiPayParams> {
    let app_id = required("appId", app_id)?;
    let package = format!("prepay_id={}", required("prepayId", prepay_id)?);
    let time_stamp = timestamp_or_now(time_stamp);
    digits("timeStamp", &time_stamp)?;
    let nonce_str = nonce_or_new(nonce_str)?;
    let pay_sign = sign(
        &[
            ("appId", app_id),
            ("timeStamp", time_stamp.as_str()),
            ("nonceStr", nonce_str.as_str()),
            ("package", package.as_str()),
            ("signType", sign_type.as_str()),
        ],
        key,
        sign_type,
    );
    Ok(JsapiPayParams {
        app_id: app_id.to_owned(),
        time_stamp,
        nonce_str,
        package,
        sign_type: sign_type.as_str().to_owned(),
        pay_sign,
    })
}

/// App pay parameters; `sign` covers `appid, noncestr, package, partnerid, prepayid, timestamp`.
///
/// ```
/// use wechatpay_wasm::v2::{app_pay_params, sign, SignType};
/// let p = app_pay_params("wxappid", "1900000109", "wx201410272009395522657a690389285100",
///     "key", SignType::Md5, Some("1412000000"), Some("abc")).unwrap();
/// assert_eq!(p.package, "Sign=WXPay");
/// assert_eq!(p.sign, sign(&[("appid", "wxappid"), ("noncestr", "abc"), ("package", "Sign=WXPay"),
///     ("partnerid", "1900000109"), ("prepayid", "wx201410272009395522657a690389285100"),
///     ("timestamp", "1412000000")], "key", SignType::Md5));
/// ```
pub fn app_pay_params(
    app_id: &str,
    partner_id: &str,
    prepay_id: &str,
    key: &str,
    sign_type: SignType,
    timestamp: Option<&str>,
    nonce_str: Option<&str>,
) -> Result<AppPayParams> {
    let appid = required("appId", app_id)?;
    let partnerid = required("partnerId", partner_id)?;
    let prepayid = required("prepayId", prepay_id)?;
    let timestamp = timestamp_or_now(timestamp);
    digits("timestamp", &timestamp)?;
    let noncestr = nonce_or_new(nonce_str)?;
    let package = "Sign=WXPay";
    let sign = sign(
        &[
            ("appid", appid),
            ("partnerid", partnerid),
            ("prepayid", prepayid),
            ("package", package),
            ("noncestr", noncestr.as_str()),
            ("timestamp", timestamp.as_str()),
        ],
        key,
        sign_type,
    );
    Ok(AppPayParams {
        appid: appid.to_owned(),
        partnerid: partnerid.to_owned(),
        prepayid: prepayid.to_owned(),
        package: package.to_owned(),
        noncestr,
        timestamp,
        sign,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn generates_missing_timestamp_and_nonce() {
        let p = jsapi_pay_params("wx1", "wx2", "k", SignType::HmacSha256, None, None).unwrap();
        assert_eq!(p.nonce_str.len(), 32);
        let now = clock::unix_now();
        let ts: u64 = p.time_stamp.parse().unwrap();
        assert!(ts.abs_diff(now) <= 2);
        assert_eq!(p.sign_type, "HMAC-SHA256");
        assert_eq!(p.pay_sign.len(), 64);
        let err = jsapi_pay_params("", "wx2", "k", SignType::Md5, None, None).unwrap_err();
        assert_eq!(err.to_string(), "invalid argument: appId is required");
        assert_eq!(app_pay_params("a", "", "p", "k", SignType::Md5, None, None).unwrap_err().code(), "INVALID_ARGUMENT");
    }
}
