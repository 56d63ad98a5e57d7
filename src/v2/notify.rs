//! Payment notifications (`notify_url`) and the reply WeChat Pay expects.

use super::verify;
use crate::xml::{self, Fields};
use crate::{Error, Result};

/// Parses and verifies a v2 payment notification. Checks, in order: well-formed flat XML
/// (`XML_*`), `return_code` is `SUCCESS` (`NOTIFY_RETURN_FAIL`), `sign` present
/// (`SIGN_MISSING`) and valid for its `sign_type` (`SIGN_MISMATCH`). Returns every field.
///
/// A verified notification may still report a failed payment: check `result_code`.
///
/// ```
/// use wechatpay_wasm::{v2, xml};
/// let key = "192006250b4c09247ec02edce69f6a2d";
/// // What WeChat Pay posts (here built and signed locally):
/// let mut sent = vec![("return_code", "SUCCESS".to_owned()), ("mch_id", "10000100".to_owned()),
///                     ("out_trade_no", "1217752501201407033233368018".to_owned())];
/// sent.push(("sign", v2::sign(&sent, key, v2::SignType::Md5)));
/// let body = xml::to_xml(&sent)?;
///
/// let fields = v2::parse_notification(&body, key)?;
/// assert_eq!(fields[2], ("out_trade_no".to_owned(), "1217752501201407033233368018".to_owned()));
/// assert_eq!(v2::parse_notification(&body, "another key").unwrap_err().code(), "SIGN_MISMATCH");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn parse_notification(xml_text: &str, key: &str) -> Result<Fields> {
    let fields = xml::from_xml(xml_text)?;
    check_return_code(&fields)?;
    verify(&fields, key)?;
    Ok(fields)
}

pub(crate) fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

pub(crate) fn check_return_code(fields: &Fields) -> Result<()> {
    match field(fields, "return_code") {
        Some("SUCCESS") | None => Ok(()),
        Some(code) => Err(Error::NotifyReturnFail {
            return_code: code.to_owned(),
            return_msg: field(fields, "return_msg").unwrap_or_default().to_owned(),
        }),
    }
}

/// The XML reply to a notification: `SUCCESS`/`OK` when `ok`, otherwise `FAIL` with `message`
/// (WeChat Pay then redelivers the notification later).
///
/// ```
/// assert_eq!(wechatpay_wasm::v2::notification_ack(true, None),
///     "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>");
/// ```
pub fn notification_ack(ok: bool, message: Option<&str>) -> String {
    let (code, default_msg) = if ok { ("SUCCESS", "OK") } else { ("FAIL", "FAIL") };
    // Characters XML cannot carry are dropped so the reply is always well formed.
    let msg: String = message
        .filter(|m| !m.is_empty())
        .unwrap_or(default_msg)
        .chars()
        .filter(|&c| matches!(c, '\t' | '\n') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}'))
        .collect();
    xml::to_xml(&[("return_code", code), ("return_msg", msg.as_str())]).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const KEY: &str = "192006250b4c09247ec02edce69f6a2d";
    const SIGNED: &str = "<xml><appid>wxd930ea5d5a258f4f</appid><mch_id>10000100</mch_id>\
        <device_info>1000</device_info><body>test</body><nonce_str>ibuaiVcKdpRxkhJA</nonce_str>\
        <sign>9A0A8659F005D6984697E2CA0A9CF3B7</sign></xml>";

    #[test]
    fn each_check_has_its_own_code() {
        assert_eq!(parse_notification(SIGNED, KEY).unwrap().len(), 6);
        assert_eq!(parse_notification("<xml>", KEY).unwrap_err().code(), "XML_INVALID");
        let fail = "<xml><return_code>FAIL</return_code><return_msg>签名失败</return_msg></xml>";
        let err = parse_notification(fail, KEY).unwrap_err();
        assert_eq!(err.code(), "NOTIFY_RETURN_FAIL");
        assert!(err.to_string().ends_with("签名失败"));
        let unsigned = "<xml><return_code>SUCCESS</return_code></xml>";
        assert_eq!(parse_notification(unsigned, KEY).unwrap_err().code(), "SIGN_MISSING");
        let tampered = SIGNED.replace("<body>test", "<body>tesT");
        assert_eq!(parse_notification(&tampered, KEY).unwrap_err().code(), "SIGN_MISMATCH");
    }

    #[test]
    fn ack_is_well_formed() {
        assert_eq!(
            notification_ack(false, Some("bad\u{0} sign")),
            "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[bad sign]]></return_msg></xml>"
        );
    }
}
