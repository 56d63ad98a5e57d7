//! Hex encoding without `format!` (it is slow in wasm and sits on the signing hot path).

const UPPER: &[u8; 16] = b"0123456789ABCDEF";
const LOWER: &[u8; 16] = b"0123456789abcdef";

fn encode_with(bytes: &[u8], table: &[u8; 16]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(table[usize::from(b >> 4)]));
        out.push(char::from(table[usize::from(b & 0x0f)]));
    }
    out
}

/// Writes uppercase hex of `bytes` into the front of `out`; returns the length written
/// (stops early rather than overflow `out`).
pub fn upper_into(bytes: &[u8], out: &mut [u8]) -> usize {
    let mut n = 0;
    for (&b, pair) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        if let [hi, lo] = pair {
            *hi = UPPER[usize::from(b >> 4)];
            *lo = UPPER[usize::from(b & 0x0f)];
            n += 2;
        }
    }
    n
}

/// Uppercase hex, as WeChat Pay v2 signatures are written.
pub fn upper(bytes: &[u8]) -> String {
    encode_with(bytes, UPPER)
}

/// Lowercase hex (the `req_info` AES key is the lowercase MD5 of the API key).
pub fn lower(bytes: &[u8]) -> String {
    encode_with(bytes, LOWER)
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
