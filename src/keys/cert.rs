//! The parts of an X.509 certificate WeChat Pay cares about: serial number, validity, key.

use crate::{hex, Error, Result};

/// Serial number and validity of a platform certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CertInfo {
    pub serial_no: String,
    pub not_before: u64,
    pub not_after: u64,
}

/// Parses a DER certificate into its SPKI (DER) and [`CertInfo`]. The signature is not checked:
/// WeChat Pay's platform certificates are trusted because they come, encrypted with the API v3
/// key, from `/v3/certificates` (see [`crate::v3::decrypt_certificates`]).
pub(crate) fn parse(der: &[u8]) -> Result<(&[u8], CertInfo)> {
    let cert = super::der::certificate(der).map_err(|_| Error::KeyInvalid("malformed X.509 certificate".into()))?;
    let info = CertInfo { serial_no: serial_hex(cert.serial), not_before: cert.not_before, not_after: cert.not_after };
    Ok((cert.spki, info))
}

/// Uppercase hex of the serial's magnitude: DER prepends `00` to serials whose top bit is set,
/// which WeChat Pay's `Wechatpay-Serial` (like OpenSSL and Go) does not show.
fn serial_hex(bytes: &[u8]) -> String {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len().saturating_sub(1));
    hex::upper(bytes.get(first..).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn serial_drops_leading_zero_bytes_only() {
        assert_eq!(super::serial_hex(&[0x00, 0xF0, 0x01]), "F001");
        assert_eq!(super::serial_hex(&[0x0A, 0xBC]), "0ABC");
        assert_eq!(super::serial_hex(&[0x00]), "00");
    }
}
