//! What coverage-guided fuzzing found, kept on stable: every file of the committed corpora
//! (fuzz/corpus/<target>/, minimized by `cargo fuzz cmin`) and of the crash reproducers
//! (fuzz/regressions/<target>/) goes through the same target body `make fuzz` runs
//! (fuzz/src/lib.rs), and so do a few deterministic byte-level mutations of each corpus file:
//! a small mutation fuzzer that needs no nightly toolchain.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
#[path = "../fuzz/src/lib.rs"]
mod targets;

use common::Rng;
use std::path::{Path, PathBuf};

const FUZZ: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz");

fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<(PathBuf, Vec<u8>)> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

/// libFuzzer's cheapest mutations: change, insert, erase or copy bytes, or splice in a piece of
/// another corpus file.
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut s = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(5) {
            0 if at < s.len() => s[at] = rng.next() as u8,
            1 => s.insert(at, [b'<', b'>', b'"', b'\\', b'\n', b'=', b'&', 0, 0xFF][rng.below(9)]),
            2 if at < s.len() => {
                let end = (at + 1 + rng.below(16)).min(s.len());
                s.drain(at..end);
            }
            3 if !s.is_empty() => {
                let from = rng.below(s.len());
                let piece = s[from..(from + 1 + rng.below(16)).min(s.len())].to_vec();
                s.splice(at..at, piece);
            }
            _ if !other.is_empty() => {
                let from = rng.below(other.len());
                s.splice(at..at, other[from..(from + 1 + rng.below(32)).min(other.len())].iter().copied());
            }
            _ => {}
        }
    }
    s
}

/// Replays fuzz/corpus/<name> and fuzz/regressions/<name>, then `mutations` deterministic
/// mutations of each corpus file (fewer where a run parses or uses RSA keys: slow in a debug build).
fn replay(name: &str, mutations: usize) {
    let (_, run) = *targets::TARGETS.iter().find(|(n, _)| *n == name).expect("a target of fuzz/src/lib.rs");
    let corpus = files(&Path::new(FUZZ).join("corpus").join(name));
    assert!(corpus.len() > 20, "fuzz/corpus/{name} has {} files", corpus.len());
    for (path, bytes) in corpus.iter().chain(&files(&Path::new(FUZZ).join("regressions").join(name))) {
        let outcome = std::panic::catch_unwind(|| run(bytes));
        assert!(outcome.is_ok(), "{} fails target {name}", path.display());
    }
    let mut rng = Rng(0xF0F0_1234_5678_9ABC ^ name.len() as u64);
    for (i, (path, seed)) in corpus.iter().enumerate() {
        let other = &corpus[(i + 1) % corpus.len()].1;
        for _ in 0..mutations {
            let input = mutate(&mut rng, seed, other);
            let outcome = std::panic::catch_unwind(|| run(&input));
            let shown = String::from_utf8_lossy(&input);
            assert!(outcome.is_ok(), "a mutation of {} fails target {name}: {shown:?}", path.display());
        }
    }
}

#[test]
fn every_target_has_a_replay_test() {
    let names: Vec<&str> = targets::TARGETS.iter().map(|(n, _)| *n).collect();
    let this = include_str!("fuzz_corpora.rs");
    for name in names {
        assert!(this.contains(&format!("replay(\"{name}\"")), "no replay test for {name}");
    }
}

#[test]
fn xml() {
    replay("xml", 40);
}

#[test]
fn v2_notification() {
    replay("v2_notification", 40);
}

#[test]
fn keys_pem() {
    replay("keys_pem", 1);
}

#[test]
fn keys_der() {
    replay("keys_der", 1);
}

#[test]
fn der_reader() {
    replay("der_reader", 40);
}

#[test]
fn v3_headers() {
    replay("v3_headers", 40);
}

#[test]
fn v3_notification() {
    replay("v3_notification", 4);
}

#[test]
fn alipay_response() {
    replay("alipay_response", 15);
}

#[test]
fn alipay_notification() {
    replay("alipay_notification", 15);
}

#[test]
fn bill() {
    replay("bill", 40);
}

#[test]
fn json() {
    replay("json", 40);
}

/// The XML reproducers the fuzzer found (characters and names XML 1.0 forbids, which the decoder
/// accepted before issue 9's rewrite) are refused.
#[test]
fn xml_regressions_are_refused() {
    let found = files(&Path::new(FUZZ).join("regressions").join("xml"));
    assert!(!found.is_empty());
    let failing: Vec<String> = found
        .iter()
        .filter(|(_, bytes)| std::panic::catch_unwind(|| targets::xml_checked(bytes, true)).is_err())
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(failing.is_empty(), "accepted by the decoder: {failing:#?}");
}
