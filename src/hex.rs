//! Hex encoding without `format!` (it is slow in wasm and sits on the signing hot path).

/// The hex digit of a nibble (`n < 16`); `alpha` is `b'A'` or `b'a'`.
fn digit(n: u8, alpha: u8) -> u8 {
    if n < 10 {
        b'0' + n
    } else {
        alpha + (n - 10)
    }
}

fn encode_with(bytes: &[u8], alpha: u8) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(digit(b >> 4, alpha)));
        out.push(char::from(digit(b & 0x0f, alpha)));
    }
    out
}

/// Writes uppercase hex of `bytes` into the front of `out`; returns the length written
/// (stops early rather than overflow `out`).
pub fn upper_into(bytes: &[u8], out: &mut [u8]) -> usize {
    let mut n = 0;
    for (&b, pair) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        if let [hi, lo] = pair {
            *hi = digit(b >> 4, b'A');
            *lo = digit(b & 0x0f, b'A');
            n += 2;
        }
    }
    n
}

/// Uppercase hex, as WeChat Pay v2 signatures are written.
pub fn upper(bytes: &[u8]) -> String {
    encode_with(bytes, b'A')
}

/// Lowercase hex (the `req_info` AES key is the lowercase MD5 of the API key).
pub fn lower(bytes: &[u8]) -> String {
    encode_with(bytes, b'a')
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_both_cases() {
        assert_eq!(super::upper(&[0x00, 0x9a, 0xff]), "009AFF");
        assert_eq!(super::lower(&[0x00, 0x9a, 0xff]), "009aff");
        let mut out = [0u8; 5];
        assert_eq!(super::upper_into(&[0xab, 0xcd, 0xef], &mut out), 4);
        assert_eq!(&out, b"ABCD\0");
    }
}
