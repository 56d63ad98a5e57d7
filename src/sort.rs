//! One stable sort of `(name, value)` byte-string pairs by name, in byte order: what the v2
//! signature (names sorted) and the XML decoder (duplicate names) need. Written out instead of
//! `slice::sort_by`, whose generic driftsort/quicksort code is about 25 KB of wasm per
//! instantiation; this one exists once. Insertion sort up to [`SMALL`] pairs (every real
//! message), then bottom-up merge sort over runs of [`SMALL`]: O(n log n) comparisons, stable,
//! no recursion, one scratch buffer of `n` pairs.

/// A name and the value sorted along with it.
pub(crate) type Pair<'a> = (&'a [u8], &'a [u8]);

/// Up to this many pairs (and for the initial runs of the merge sort) insertion sort is used.
const SMALL: usize = 16;

/// Sorts `pairs` by name (`.0`) in byte order; pairs with equal names keep their order.
pub(crate) fn sort_pairs(pairs: &mut [Pair<'_>]) {
    if pairs.len() <= SMALL {
        insertion(pairs);
        return;
    }
    for run in pairs.chunks_mut(SMALL) {
        insertion(run);
    }
    let mut scratch: Vec<Pair<'_>> = pairs.to_vec();
    // Each pass merges neighbouring runs of `width` from `src` into `dst`; the data alternates
    // between `pairs` and `scratch`, and ends in `pairs` (copied back after an odd pass count).
    let mut width = SMALL;
    let mut in_scratch = false;
    while width < pairs.len() {
        if in_scratch {
            merge_pass(&scratch, pairs, width);
        } else {
            merge_pass(pairs, &mut scratch, width);
        }
        in_scratch = !in_scratch;
        width = width.saturating_mul(2);
    }
    if in_scratch {
        pairs.copy_from_slice(&scratch);
    }
}

fn insertion(pairs: &mut [Pair<'_>]) {
    for i in 1..pairs.len() {
        let mut j = i;
        // Move pairs[i] left past every strictly greater name (equal ones stay in front: stable).
        while j > 0 {
            match (pairs.get(j - 1), pairs.get(j)) {
                (Some(a), Some(b)) if less(b.0, a.0) => pairs.swap(j - 1, j),
                _ => break,
            }
            j -= 1;
        }
    }
}

/// `a < b` in byte order. The first 8 bytes of each, zero-padded, decide as two big-endian
/// integers wherever they differ (that order never contradicts the byte order: a shorter name
/// pads with the smallest byte); only on a tie are the names compared in full. In wasm this
/// skips a `memcmp` call for almost every pair of distinct field names.
fn less(a: &[u8], b: &[u8]) -> bool {
    let (pa, pb) = (prefix(a), prefix(b));
    if pa != pb {
        return pa < pb;
    }
    a < b
}

fn prefix(s: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    if let (Some(to), Some(from)) = (bytes.get_mut(..n), s.get(..n)) {
        to.copy_from_slice(from);
    }
    u64::from_be_bytes(bytes)
}

/// Merges the sorted runs `src[k·2w .. k·2w+w]` and `src[k·2w+w .. (k+1)·2w]` into `dst`.
fn merge_pass<'a>(src: &[Pair<'a>], dst: &mut [Pair<'a>], width: usize) {
    for (from, to) in src.chunks(width.saturating_mul(2)).zip(dst.chunks_mut(width.saturating_mul(2))) {
        let (left, right) = from.split_at(width.min(from.len()));
        let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
        for slot in to.iter_mut() {
            // Ties go to the left run: stable.
            let take_left = match (l.peek(), r.peek()) {
                (Some(a), Some(b)) => !less(b.0, a.0),
                (Some(_), None) => true,
                _ => false,
            };
            let next = if take_left { l.next() } else { r.next() };
            if let Some(&p) = next {
                *slot = p;
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn matches_the_standard_stable_sort_for_every_size_up_to_1100() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for n in (0..=70).chain([127, 128, 129, 255, 256, 257, 500, 1023, 1024, 1025, 1100]) {
            for alphabet in [2u64, 5, 26, 256] {
                // Names from a small alphabet and short lengths: many ties and shared prefixes.
                let names: Vec<Vec<u8>> = (0..n)
                    .map(|_| (0..rng.next() % 4).map(|_| ((rng.next() % alphabet) as u8).wrapping_add(b'A')).collect())
                    .collect();
                let values: Vec<Vec<u8>> = (0..n).map(|i: usize| i.to_string().into_bytes()).collect();
                let mut ours: Vec<Pair<'_>> = names.iter().zip(&values).map(|(k, v)| (&k[..], &v[..])).collect();
                let mut reference = ours.clone();
                reference.sort_by(|a, b| a.0.cmp(b.0)); // stable: the value (index) breaks no ties
                sort_pairs(&mut ours);
                assert_eq!(ours, reference, "n = {n}, alphabet = {alphabet}");
            }
        }
    }

    #[test]
    fn the_prefix_comparison_agrees_with_byte_order() {
        let names: [&[u8]; 14] = [b"", b"\0", b"a", b"a\0", b"a\0\0", b"ab", b"abcdefgh", b"abcdefgh\0", b"abcdefghi",
            b"abcdefgi", b"abcdefg\xFF", b"\xFF", b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\0", b"b"];
        for a in names {
            for b in names {
                assert_eq!(less(a, b), a < b, "{a:?} < {b:?}");
            }
        }
    }

    #[test]
    fn sorts_by_bytes_not_by_characters_or_case() {
        let mut pairs: Vec<Pair<'_>> = ["b", "B", "a_b", "aB", "中", "z", "", "a"].iter().map(|s| (s.as_bytes(), &b""[..])).collect();
        sort_pairs(&mut pairs);
        let names: Vec<&str> = pairs.iter().map(|p| std::str::from_utf8(p.0).unwrap()).collect();
        assert_eq!(names, ["", "B", "a", "aB", "a_b", "b", "z", "中"]);
    }

    #[test]
    fn keeps_equal_names_in_input_order_at_every_size() {
        for n in [3, 16, 17, 40, 1000] {
            let values: Vec<String> = (0..n).map(|i| format!("{i:05}")).collect();
            let mut pairs: Vec<Pair<'_>> =
                values.iter().enumerate().map(|(i, v)| (if i % 2 == 0 { &b"x"[..] } else { &b"w"[..] }, v.as_bytes())).collect();
            sort_pairs(&mut pairs);
            let (w, x) = pairs.split_at(n / 2);
            assert!(w.iter().all(|p| p.0 == b"w") && x.iter().all(|p| p.0 == b"x"));
            assert!(w.windows(2).all(|p| p[0].1 < p[1].1) && x.windows(2).all(|p| p[0].1 < p[1].1), "n = {n}");
        }
    }
}
