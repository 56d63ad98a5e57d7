//! Asynchronous notifications (`notify_url`): Alipay POSTs form fields signed with the Alipay
//! private key. The signed content leaves out `sign` **and** `sign_type` (unlike requests).

use super::sign::{join, signed_fields, verify_content, SignType};
use crate::keys::PublicKey;
use crate::{Error, Result};

/// The string a notification signature covers: every field but `sign` and `sign_type`, empty
/// values dropped, sorted by name in byte order, `k=v` joined with `&`. Values are the decoded
/// form values (what `URLSearchParams` gives), not the URL-encoded body.
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
