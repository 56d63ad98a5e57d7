//! Asynchronous notifications (`notify_url`): Alipay POSTs form fields signed with the Alipay
//! private key. The signed content leaves out `sign` **and** `sign_type` (unlike requests).

use super::sign::{join, signed_fields, verify_content, SignType};
use crate::keys::PublicKey;
use crate::{Error, Result};

/// The string a notification signature covers: every field but `sign` and `sign_type`, empty
/// values dropped, sorted by name in byte order, `k=v` joined with `&`. Values are the decoded
/// form values (what `URLSearchParams` gives), not the URL-encoded body.
///
/// ```
/// let fields = [("trade_status", "TRADE_SUCCESS"), ("sign_type", "RSA2"), ("sign", "…"), ("app_id", "2021000000000000"), ("buyer_id", "")];
/// assert_eq!(wechatpay_wasm::alipay::notification_string_to_sign(&fields)?, "app_id=2021000000000000&trade_status=TRADE_SUCCESS");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn notification_string_to_sign<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> Result<String> {
    Ok(join(&signed_fields(params, &["sign", "sign_type"])?))
}

/// Verifies an asynchronous notification with the Alipay public key (支付宝公钥, not the app's),
/// using the notification's `sign_type`: `RSA2` when absent, `RSA` (legacy SHA-1) accepted.
/// Returns the sign type that verified.
///
/// Errors: `SIGN_MISSING` (no or empty `sign`), `SIGN_TYPE_UNSUPPORTED`, `SIGN_MISMATCH`
/// (whose message shows the signed content), `INVALID_ARGUMENT` (a field name twice).
///
/// Only then trust the fields; also check `app_id`, `out_trade_no`, `total_amount` against your
/// order and `trade_status`, as Alipay asks.
///
/// ```
/// # let alipay_private = wechatpay_wasm::keys::PrivateKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_private_pkcs8.pem")))?;
/// # let alipay_public = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay/alipay_public_spki.pem")))?;
/// use wechatpay_wasm::alipay::{self, SignType};
/// // The decoded form fields Alipay posted (here signed locally with the TEST ONLY "Alipay" key):
/// let mut form = vec![("app_id", "2021000000000000".to_owned()), ("out_trade_no", "20150320010101001".to_owned()),
///                     ("total_amount", "88.88".to_owned()), ("trade_status", "TRADE_SUCCESS".to_owned())];
/// let content = alipay::notification_string_to_sign(&form)?;
/// form.push(("sign", alipay::sign_content(&content, &alipay_private, SignType::Rsa2)?));
/// form.push(("sign_type", "RSA2".to_owned()));
/// assert_eq!(alipay::verify_notification(&form, &alipay_public)?, SignType::Rsa2); // then answer "success"
/// form[2].1 = "0.01".to_owned();
/// assert_eq!(alipay::verify_notification(&form, &alipay_public).unwrap_err().code(), "SIGN_MISMATCH");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn verify_notification<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)], key: &PublicKey) -> Result<SignType> {
    let field = |name: &str| params.iter().find(|(k, _)| k.as_ref() == name).map(|(_, v)| v.as_ref());
    let sign = field("sign").filter(|s| !s.is_empty()).ok_or(Error::SignMissing)?;
    let sign_type = match field("sign_type") {
        None | Some("") => SignType::Rsa2,
        Some(t) => t.parse()?,
    };
    let content = notification_string_to_sign(params)?;
    verify_content(&content, sign, key, sign_type)?;
    Ok(sign_type)
}
