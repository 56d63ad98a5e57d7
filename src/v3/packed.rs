//! Arguments packed by the JS wrapper's one-call path (`V3Scratch` in src/wasm/v3.rs): several
//! strings encoded back to back as UTF-8 by one `TextEncoder.encodeInto`, each one's length
//! given in UTF-16 code units (what JS knows without encoding it).

/// A length meaning "absent" (an optional argument not given).
pub(crate) const ABSENT: u32 = u32::MAX;

/// Cuts `input` (UTF-8) into `N` strings of `units[i]` UTF-16 code units each (a character
/// outside the BMP counts two), `ABSENT` giving `None`. `None` overall when `input` is not UTF-8,
/// a length ends inside a character, or the parts do not cover `input` exactly. Each part ends
/// exactly where its JS string ended: no content can move a boundary.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn split<'a, const N: usize>(input: &'a [u8], units: &[u32]) -> Option<[Option<&'a str>; N]> {
    let mut rest = std::str::from_utf8(input).ok()?;
    let mut out = [None; N];
    for (slot, &len) in out.iter_mut().zip(units.get(..N)?) {
        if len == ABSENT {
            continue;
        }
        let (mut left, mut end) = (len as usize, 0);
        let bytes = rest.as_bytes();
        while left > 0 {
            // `rest` is UTF-8 and `end` a character boundary: the lead byte gives the width.
            let (width, count) = match *bytes.get(end)? {
                b if b < 0x80 => (1, 1),
                b if b < 0xe0 => (2, 1),
                b if b < 0xf0 => (3, 1),
                _ => (4, 2),
            };
            left = left.checked_sub(count)?;
            end += width;
        }
        let (part, after) = rest.split_at(end);
        *slot = Some(part);
        rest = after;
    }
    rest.is_empty().then_some(out)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn units(s: &str) -> u32 {
        s.encode_utf16().count() as u32
    }

    fn pack(parts: &[Option<&str>]) -> (Vec<u8>, Vec<u32>) {
        let bytes = parts.iter().flatten().flat_map(|s| s.bytes()).collect();
        (bytes, parts.iter().map(|p| p.map_or(ABSENT, units)).collect())
    }

    #[test]
    fn splits_every_width_back_exactly() {
        let parts = [Some("1554209980"), Some("n😀ö"), Some("{\"a\":\"中文😀\"}"), None, Some(""), Some("é"), None];
        let (bytes, lens) = pack(&parts);
        assert_eq!(split::<7>(&bytes, &lens), Some(parts));
    }

    #[test]
    fn every_cut_of_a_mixed_string_round_trips() {
        let text = "a\u{7f}\u{80}é\u{7ff}\u{800}中\u{ffff}\u{10000}😀\u{10ffff}z\n\"";
        let chars: Vec<char> = text.chars().collect();
        for i in 0..=chars.len() {
            for j in i..=chars.len() {
                let (a, b, c): (String, String, String) =
                    (chars[..i].iter().collect(), chars[i..j].iter().collect(), chars[j..].iter().collect());
                let parts = [Some(a.as_str()), Some(b.as_str()), Some(c.as_str())];
                let (bytes, lens) = pack(&parts);
                assert_eq!(split::<3>(&bytes, &lens), Some(parts), "cut at {i}, {j}");
            }
        }
    }

    #[test]
    fn refuses_lengths_that_do_not_match_the_bytes() {
        let (bytes, _) = pack(&[Some("ab😀"), Some("c")]);
        // Too long, too short (bytes left over), inside the surrogate pair.
        assert_eq!(split::<2>(&bytes, &[4, 2]), None);
        assert_eq!(split::<2>(&bytes, &[4, 0]), None);
        assert_eq!(split::<2>(&bytes, &[3, 2]), None);
        assert_eq!(split::<2>(&bytes, &[4, 1]), Some([Some("ab😀"), Some("c")]));
        // Fewer lengths than parts, and bytes that are not UTF-8.
        assert_eq!(split::<2>(&bytes, &[4]), None);
        assert_eq!(split::<1>(&[0xff], &[1]), None);
        assert_eq!(split::<1>(&[0xe4, 0xb8], &[1]), None);
        // A huge length does not overflow.
        assert_eq!(split::<1>(b"abc", &[u32::MAX - 1]), None);
    }

    #[test]
    fn absent_parts_take_no_bytes() {
        assert_eq!(split::<3>(b"xy", &[ABSENT, 2, ABSENT]), Some([None, Some("xy"), None]));
        assert_eq!(split::<2>(b"", &[ABSENT, ABSENT]), Some([None, None]));
        assert_eq!(split::<2>(b"x", &[ABSENT, ABSENT]), None);
    }
}
