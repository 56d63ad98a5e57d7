//! A lenient PEM reader. Keys reach merchants' code through environment variables and config
//! files that lose or mangle line breaks, so the body may be on one line, use CRLF, spaces or
//! literal `\n` escapes; only the `BEGIN`/`END` labels must be intact.

use crate::{Error, Result};
use base64::{engine::general_purpose::STANDARD, Engine};
use zeroize::Zeroizing;

/// One decoded PEM block. The DER is zeroized on drop: it may be a private key.
pub(crate) struct Block {
    pub label: String,
    pub der: Zeroizing<Vec<u8>>,
}

const BEGIN: &str = "-----BEGIN ";
const DASHES: &str = "-----";

/// Decodes the first PEM block of `text`. Errors are `KEY_INVALID` and never quote the body.
pub(crate) fn decode(text: &str) -> Result<Block> {
    let start = text
        .find(BEGIN)
        .ok_or_else(|| Error::KeyInvalid("not PEM: no \"-----BEGIN …-----\" line".into()))?;
    let after_begin = text.get(start + BEGIN.len()..).unwrap_or_default();
    let label_len = after_begin
        .find(DASHES)
        .ok_or_else(|| Error::KeyInvalid("not PEM: malformed BEGIN line".into()))?;
    let label = after_begin.get(..label_len).unwrap_or_default();
    if label.is_empty() || label.len() > 64 || !label.bytes().all(|b| b.is_ascii_uppercase() || b == b' ' || b.is_ascii_digit()) {
        return Err(Error::KeyInvalid("not PEM: malformed BEGIN label".into()));
    }
    let body_and_rest = after_begin.get(label_len + DASHES.len()..).unwrap_or_default();
    let end_line = format!("-----END {label}-----");
    let body_len = body_and_rest.find(&end_line).ok_or_else(|| {
        Error::KeyInvalid(format!("PEM \"{label}\" has no \"{end_line}\" line: truncated?"))
    })?;
    let body = body_and_rest.get(..body_len).unwrap_or_default();
    if body.contains("Proc-Type:") || body.contains("DEK-Info:") {
        return Err(Error::KeyInvalid(format!(
            "PEM \"{label}\" is password-protected: decrypt it first (openssl pkey -in key.pem -out plain.pem)"
        )));
    }
    // Base64 never contains `\`, so dropping literal `\n` / `\r` escapes is safe.
    let compact = Zeroizing::new(body.replace("\\n", "").replace("\\r", ""));
    let compact: Zeroizing<Vec<u8>> =
        Zeroizing::new(compact.bytes().filter(|b| !b.is_ascii_whitespace()).collect());
    let der = STANDARD
        .decode(compact.as_slice())
        .map_err(|_| Error::KeyInvalid(format!("PEM \"{label}\" body is not valid base64: truncated or corrupted?")))?;
    if der.is_empty() {
        return Err(Error::KeyInvalid(format!("PEM \"{label}\" is empty")));
    }
    Ok(Block { label: label.to_owned(), der: Zeroizing::new(der) })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_mangled_line_breaks() {
        let want = STANDARD.decode("AAECAwQ=").unwrap();
        for text in [
            "-----BEGIN X-----\nAAEC\nAwQ=\n-----END X-----\n",
            "junk\r\n-----BEGIN X-----\r\nAAECAwQ=\r\n-----END X-----",
            "-----BEGIN X----- AAEC AwQ= -----END X-----",
            "-----BEGIN X-----\\nAAEC\\nAwQ=\\n-----END X-----",
        ] {
            let b = decode(text).unwrap();
            assert_eq!((b.label.as_str(), b.der.as_slice()), ("X", want.as_slice()), "{text:?}");
        }
    }

    #[test]
    fn rejects_broken_pem() {
        for text in [
            "",
            "MIIB",
            "-----BEGIN X-----\nAAECAwQ=\n",
            "-----BEGIN X-----\nAAECAwQ=\n-----END Y-----",
            "-----BEGIN X-----\n!!!!\n-----END X-----",
            "-----BEGIN X-----\n-----END X-----",
            "-----BEGIN x-----\nAA==\n-----END x-----",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAA==\n-----END RSA PRIVATE KEY-----",
        ] {
            assert_eq!(decode(text).err().map(|e| e.code()), Some("KEY_INVALID"), "{text:?}");
        }
    }
}

#[cfg_attr(not(feature = "p12"), allow(dead_code))]
/// PEM text of `der` under `label`: base64 in 64-character lines (RFC 7468), LF line ends.
pub(crate) fn encode(label: &str, der: &[u8]) -> String {
    let body = Zeroizing::new(STANDARD.encode(der));
    let mut out = String::with_capacity(body.len() + body.len() / 64 + 2 * label.len() + 40);
    out.push_str(&format!("-----BEGIN {label}-----\n"));
    for line in body.as_bytes().chunks(64) {
        out.push_str(core::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
