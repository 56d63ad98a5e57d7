//! Response and notification signatures: `Wechatpay-Signature` over
//! `TIMESTAMP\nNONCE\nBODY\n`, checked with the key named by `Wechatpay-Serial`.

use crate::keys::Verifier;
use crate::{Error, Result};
use base64::{engine::general_purpose::STANDARD, Engine};

/// The default tolerance between `Wechatpay-Timestamp` and the local clock, in seconds
/// (WeChat Pay's recommendation: 5 minutes).
pub const DEFAULT_MAX_SKEW_SECS: u64 = 300;

const SIGNTEST_PREFIX: &str = "WECHATPAY/SIGNTEST/";

/// The string a response or notification signature covers: `TIMESTAMP\nNONCE\nBODY\n`.
///
/// ```
/// assert_eq!(wechatpay_wasm::v3::response_message("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", "{}"),
///            "1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{}\n");
/// ```
pub fn response_message(timestamp: &str, nonce: &str, body: &str) -> String {
    let mut s = String::with_capacity(timestamp.len() + nonce.len() + body.len() + 3);
    for part in [timestamp, nonce, body] {
        s.push_str(part);
        s.push('\n');
    }
    s
}

fn header<'a>(name: &str, value: &'a str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        Err(Error::HeaderInvalid(format!("{name} is missing or empty")))
    } else {
        Ok(value)
    }
}

/// Verifies a response or notification from its four `Wechatpay-*` header values and the exact
/// body. Checks, in order, each with its own code:
///
/// 1. headers present and well formed, `Wechatpay-Timestamp` in decimal digits (`HEADER_INVALID`);
/// 2. not a `WECHATPAY/SIGNTEST/` probe (`SIGNTEST_PROBE`);
/// 3. `serial` is known to `verifier` (`SERIAL_UNKNOWN`);
/// 4. `timestamp` within `max_skew_secs` of `now` (`TIMESTAMP_SKEW`);
/// 5. the signature is base64 (`HEADER_INVALID`) and valid (`SIGN_MISMATCH`).
#[allow(clippy::too_many_arguments)]
pub fn verify(
    verifier: &Verifier,
    timestamp: &str,
    nonce: &str,
    body: &str,
    signature: &str,
    serial: &str,
    now: u64,
    max_skew_secs: u64,
) -> Result<()> {
    let timestamp = header("Wechatpay-Timestamp", timestamp)?;
    let nonce = header("Wechatpay-Nonce", nonce)?;
    let signature = header("Wechatpay-Signature", signature)?;
    let serial = header("Wechatpay-Serial", serial)?;
    let ts: u64 = if timestamp.len() <= 20 && timestamp.bytes().all(|b| b.is_ascii_digit()) {
        timestamp.parse().map_err(|_| Error::HeaderInvalid("Wechatpay-Timestamp is out of range".into()))?
    } else {
        return Err(Error::HeaderInvalid("Wechatpay-Timestamp is not Unix seconds in decimal digits".into()));
    };
    if signature.starts_with(SIGNTEST_PREFIX) {
        return Err(Error::SigntestProbe);
    }
    let key = verifier
        .get(serial)
        .ok_or_else(|| Error::SerialUnknown { serial: serial.to_owned(), known: verifier.ids() })?;
    let skew = ts.abs_diff(now);
    if skew > max_skew_secs {
        return Err(Error::TimestampSkew { timestamp: ts, now, skew, max_skew: max_skew_secs });
    }
    let sig = STANDARD
        .decode(signature.as_bytes())
        .map_err(|_| Error::HeaderInvalid("Wechatpay-Signature is not base64".into()))?;
    let message = response_message(timestamp, nonce, body);
    if key.verify_sha256(message.as_bytes(), &sig) {
        Ok(())
    } else {
        Err(Error::SignMismatch {
            detail: format!(
                "SHA256withRSA over \"TIMESTAMP\\nNONCE\\nBODY\\n\" ({} bytes, timestamp {timestamp}, nonce {nonce:?}) \
                 does not match Wechatpay-Signature for key {serial:?}",
                message.len()
            ),
        })
    }
}

/// The value of header `name` (case-insensitive); `None` when absent.
pub(crate) fn find_header<'a, H: AsRef<str>>(headers: &'a [(H, H)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.as_ref().trim().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
}

/// [`verify`] with the `Wechatpay-*` values taken from `headers` (names case-insensitive),
/// e.g. a response's headers.
pub fn verify_headers<H: AsRef<str>>(
    headers: &[(H, H)],
    body: &str,
    verifier: &Verifier,
    now: u64,
    max_skew_secs: u64,
) -> Result<()> {
    let get = |name: &str| {
        find_header(headers, name).ok_or_else(|| Error::HeaderInvalid(format!("{name} is missing")))
    };
    verify(
        verifier,
        get("Wechatpay-Timestamp")?,
        get("Wechatpay-Nonce")?,
        body,
        get("Wechatpay-Signature")?,
        get("Wechatpay-Serial")?,
        now,
        max_skew_secs,
    )
}
