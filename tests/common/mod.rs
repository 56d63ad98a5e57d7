//! Shared by the robustness tests: a reproducible generator and a text mutator.
#![allow(dead_code, clippy::indexing_slicing)]

/// xorshift64*: reproducible without a dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Up to `edits` random edits of `seed`: delete a character, insert one of `pieces`, drop a run
/// of up to `max_run` characters, or insert any code point.
pub fn mutate(rng: &mut Rng, seed: &str, pieces: &[&str], edits: usize, max_run: usize) -> String {
    let mut s: Vec<char> = seed.chars().collect();
    for _ in 0..=rng.below(edits) {
        let at = rng.below(s.len() + 1);
        match rng.below(4) {
            0 if at < s.len() => {
                s.remove(at);
            }
            1 => s.splice(at..at, pieces[rng.below(pieces.len())].chars()).for_each(drop),
            2 if !s.is_empty() => {
                let end = (at + rng.below(max_run)).min(s.len());
                s.drain(at.min(end)..end);
            }
            _ => s.insert(at, char::from_u32(rng.next() as u32 % 0x11_0000).unwrap_or('x')),
        }
    }
    s.into_iter().collect()
}
