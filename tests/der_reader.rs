//! `src/keys/der.rs`, the core's own DER reader, against the RustCrypto parsers it replaced in
//! the core module (`pkcs8`, `pkcs1`, `spki`, `x509-cert`, kept here as dev-dependencies): the same
//! accept/reject and the same components on
//! - every key and certificate under tests/vectors/ (and ../shared/vectors/ where present),
//! - every bit flip and every truncation of each,
//! - generated non-DER forms of each (every TLV in turn with a non-minimal or indefinite length,
//!   every INTEGER with a redundant sign octet, trailing bytes inside every constructed value and
//!   after the outer one),
//! - the committed fuzz corpus of the `keys_der` target;
//!
//! and the keys API (`PrivateKey`/`PublicKey::from_pem`, `spki_der`, `pkcs8_der`) against what
//! `rsa`'s own PKCS#8/SPKI decoders decide on the same inputs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use base64::{engine::general_purpose::STANDARD, Engine};
use der::{Decode, Encode, Tagged};
use std::path::{Path, PathBuf};
use wechatpay_wasm::keys::der as ours;
use wechatpay_wasm::keys::{PrivateKey, PublicKey};

// ---------------------------------------------------------------------------------------------
// Inputs

fn pem_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pem_files(&path, out);
        } else if std::fs::read_to_string(&path).is_ok_and(|t| t.contains("-----BEGIN ")) {
            out.push(path);
        }
    }
}

/// `(name, label, der)` of every PEM block in the vectors.
fn vectors() -> Vec<(String, String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    pem_files(&root.join("tests/vectors"), &mut files);
    pem_files(&root.join("../shared/vectors"), &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("-----BEGIN ") {
            let after = &rest[start + 11..];
            let label = &after[..after.find("-----").unwrap()];
            let end_line = format!("-----END {label}-----");
            let body_start = start + 11 + label.len() + 5;
            let body_len = rest[body_start..].find(&end_line).unwrap();
            // Blocks in JSON carry `\n` escapes; blocks in scripts may be templates (skipped).
            let body: String = rest[body_start..body_start + body_len].replace("\\n", "").chars().filter(|c| !c.is_whitespace()).collect();
            if let Ok(der) = STANDARD.decode(body) {
                if !der.is_empty() && !out.iter().any(|(_, _, seen): &(String, String, Vec<u8>)| *seen == der) {
                    let name = format!("{}#{}", file.strip_prefix(root).unwrap_or(&file).display(), out.len());
                    out.push((name, label.to_owned(), der));
                }
            }
            rest = &rest[body_start + body_len + end_line.len()..];
        }
    }
    out
}

fn kinds(vectors: &[(String, String, Vec<u8>)]) -> Vec<&str> {
    vectors.iter().map(|(_, label, _)| label.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// The five structures, each parsed by both, reduced to comparable values (None: refused)

type Parsed = Option<Vec<Vec<u8>>>;

fn any_ref(any: Option<der::AnyRef<'_>>) -> Vec<u8> {
    any.map(|a| {
        let mut v = vec![u8::from(a.tag())];
        v.extend_from_slice(a.value());
        v
    })
    .unwrap_or_default()
}

fn ours_params(p: Option<(u8, &[u8])>) -> Vec<u8> {
    p.map(|(tag, value)| {
        let mut v = vec![tag];
        v.extend_from_slice(value);
        v
    })
    .unwrap_or_default()
}

fn pkcs8_ref(der: &[u8]) -> Parsed {
    let info = pkcs8::PrivateKeyInfo::try_from(der).ok()?;
    let oid = info.algorithm.oid;
    Some(vec![oid.as_bytes().to_vec(), oid.to_string().into_bytes(), any_ref(info.algorithm.parameters), info.private_key.to_vec()])
}

fn pkcs8_ours(der: &[u8]) -> Parsed {
    let info = ours::private_key_info(der).ok()?;
    let oid = info.algorithm.oid;
    Some(vec![oid.to_vec(), ours::oid_string(oid).into_bytes(), ours_params(info.algorithm.parameters), info.private_key.to_vec()])
}

fn pkcs1_private_ref(der: &[u8]) -> Parsed {
    let k = pkcs1::RsaPrivateKey::try_from(der).ok()?;
    // Multi-prime keys: refused by `rsa` (and so by the keys API); ours refuses them outright.
    if k.version() != pkcs1::Version::TwoPrime {
        return None;
    }
    Some(
        [k.modulus, k.public_exponent, k.private_exponent, k.prime1, k.prime2, k.exponent1, k.exponent2, k.coefficient]
            .iter()
            .map(|u| u.as_bytes().to_vec())
            .collect(),
    )
}

fn pkcs1_private_ours(der: &[u8]) -> Parsed {
    let k = ours::rsa_private_key(der).ok()?;
    Some([k.n, k.e, k.d, k.p, k.q, k.dp, k.dq, k.qinv].iter().map(|u| u.to_vec()).collect())
}

fn pkcs1_public_ref(der: &[u8]) -> Parsed {
    let k = pkcs1::RsaPublicKey::try_from(der).ok()?;
    Some(vec![k.modulus.as_bytes().to_vec(), k.public_exponent.as_bytes().to_vec()])
}

fn pkcs1_public_ours(der: &[u8]) -> Parsed {
    let k = ours::rsa_public_key(der).ok()?;
    Some(vec![k.n.to_vec(), k.e.to_vec()])
}

fn spki_ref(der: &[u8]) -> Parsed {
    let info = spki::SubjectPublicKeyInfoRef::try_from(der).ok()?;
    let oid = info.algorithm.oid;
    let key = info.subject_public_key.as_bytes().map(<[u8]>::to_vec).unwrap_or_else(|| b"partial".to_vec());
    Some(vec![oid.as_bytes().to_vec(), oid.to_string().into_bytes(), any_ref(info.algorithm.parameters), key])
}

fn spki_ours(der: &[u8]) -> Parsed {
    let info = ours::spki(der).ok()?;
    let oid = info.algorithm.oid;
    let key = info.key.map(<[u8]>::to_vec).unwrap_or_else(|| b"partial".to_vec());
    Some(vec![oid.to_vec(), ours::oid_string(oid).into_bytes(), ours_params(info.algorithm.parameters), key])
}

fn cert_ref(der: &[u8]) -> Parsed {
    let cert = x509_cert::Certificate::from_der(der).ok()?;
    let tbs = &cert.tbs_certificate;
    Some(vec![
        tbs.serial_number.as_bytes().to_vec(),
        tbs.validity.not_before.to_unix_duration().as_secs().to_be_bytes().to_vec(),
        tbs.validity.not_after.to_unix_duration().as_secs().to_be_bytes().to_vec(),
        tbs.subject_public_key_info.to_der().unwrap(),
    ])
}

fn cert_ours(der: &[u8]) -> Parsed {
    let cert = ours::certificate(der).ok()?;
    Some(vec![cert.serial.to_vec(), cert.not_before.to_be_bytes().to_vec(), cert.not_after.to_be_bytes().to_vec(), cert.spki.to_vec()])
}

type Pair = (&'static str, fn(&[u8]) -> Parsed, fn(&[u8]) -> Parsed);
const PARSERS: [Pair; 5] = [
    ("PKCS#8", pkcs8_ref, pkcs8_ours),
    ("PKCS#1 private", pkcs1_private_ref, pkcs1_private_ours),
    ("PKCS#1 public", pkcs1_public_ref, pkcs1_public_ours),
    ("SPKI", spki_ref, spki_ours),
    ("X.509", cert_ref, cert_ours),
];

/// Runs every parser pair on `der`; a disagreement is returned as a description.
fn disagreements(der: &[u8], what: &str, out: &mut Vec<String>, accepted: &mut usize) {
    for (name, reference, ours) in PARSERS {
        let (want, got) = (reference(der), ours(der));
        if want != got {
            out.push(format!("{what}: {name}: reference {} ours {} ({} bytes: {:02x?})", verdict(&want), verdict(&got), der.len(), &der[..der.len().min(48)]));
        } else if want.is_some() {
            *accepted += 1;
        }
    }
}

fn verdict(p: &Parsed) -> &'static str {
    if p.is_some() { "accepts" } else { "refuses" }
}

fn assert_none(mut found: Vec<String>, what: &str) {
    let count = found.len();
    found.truncate(20);
    assert!(found.is_empty(), "{count} disagreements on {what}, first:\n{}", found.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Generated non-DER forms: a small BER tree, re-encoded with one change

#[derive(Clone)]
struct Node {
    tag: u8,
    /// `None`: primitive content. `Some`: children (constructed, or a string holding DER).
    children: Option<Vec<Node>>,
    content: Vec<u8>,
    /// For a BIT STRING holding DER: its unused-bits octet before the children.
    prefix: Option<u8>,
}

/// Parses `der` into nodes (one level per call), descending into constructed values and into
/// OCTET / BIT STRINGs whose content is DER itself (PKCS#8's key, SPKI's key, extension values).
fn tree(mut der: &[u8], depth: usize) -> Option<Vec<Node>> {
    let mut out = Vec::new();
    while !der.is_empty() {
        let (tag, rest) = der.split_first()?;
        let (&first, mut rest) = rest.split_first()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let n = usize::from(first & 0x7F);
            if n == 0 || n > 4 || rest.len() < n {
                return None;
            }
            let len = rest[..n].iter().fold(0usize, |a, &b| a << 8 | usize::from(b));
            rest = &rest[n..];
            len
        };
        if rest.len() < len {
            return None;
        }
        let content = &rest[..len];
        der = &rest[len..];
        let mut node = Node { tag: *tag, children: None, content: content.to_vec(), prefix: None };
        if depth < 12 {
            if tag & 0x20 != 0 {
                node.children = Some(tree(content, depth + 1)?);
            } else if *tag == 0x04 && content.first() == Some(&0x30) {
                node.children = tree(content, depth + 1);
            } else if *tag == 0x03 && content.len() > 1 && content[0] == 0 && content[1] == 0x30 {
                node.children = tree(&content[1..], depth + 1);
                node.prefix = node.children.as_ref().map(|_| 0);
            }
        }
        out.push(node);
    }
    Some(out)
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Change {
    /// Long-form length with one octet more than needed.
    LongLength,
    /// Indefinite length with end-of-contents (constructed values only).
    Indefinite,
    /// A redundant `00` (or `FF` before a negative) in front of an INTEGER.
    PadInteger,
    /// `05 00` (a NULL) appended inside a constructed value.
    Append,
    /// The first element of a constructed value twice (in a SET: a duplicate, which DER forbids).
    DuplicateFirst,
    /// A UTCTime or GeneralizedTime replaced by this one (tag, text).
    Time(u8, &'static str),
}

/// Times around every limit `der` applies (tag, text): both must agree on each.
const TIMES: [(u8, &str); 25] = [
    (0x17, "200101240000Z"),
    (0x17, "200101236000Z"),
    (0x17, "200101235960Z"),
    (0x17, "201232000000Z"),
    (0x17, "200001000000Z"),
    (0x17, "200100000000Z"),
    (0x17, "200431000000Z"),
    (0x18, "20201301000000Z"),
    (0x18, "20201231235959Z"),
    (0x17, "500101000000Z"),
    (0x17, "691231235959Z"),
    (0x17, "700101000000Z"),
    (0x17, "491231235959Z"),
    (0x17, "000229000000Z"),
    (0x17, "010229000000Z"),
    (0x17, "2001011200Z"),
    (0x17, "200101120000+0800"),
    (0x17, "20010112000aZ"),
    (0x17, "201301120000Z"),
    (0x18, "19691231235959Z"),
    (0x18, "99991231235959Z"),
    (0x18, "20000229120000Z"),
    (0x18, "21000229000000Z"),
    (0x18, "2000022912000Z"),
    (0x18, "20000229120000.5Z"),
];

fn push_len(out: &mut Vec<u8>, len: usize, long: bool) {
    let bytes = len.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    let significant = &bytes[skip..];
    if long {
        // One more octet than the minimal form: `81 05`, `82 00 80`, …
        out.push(0x80 | (significant.len() + usize::from(len >= 0x80)) as u8);
        if len >= 0x80 {
            out.push(0);
        }
        out.extend_from_slice(if len == 0 { &[0] } else { significant });
    } else if len < 0x80 {
        out.push(len as u8);
    } else {
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
}

/// Encodes `nodes`, applying `change` to the node numbered `target` (depth-first order).
fn encode(nodes: &[Node], target: usize, change: Change, counter: &mut usize, out: &mut Vec<u8>) {
    for node in nodes {
        let me = *counter;
        *counter += 1;
        let hit = me == target;
        let mut content = Vec::new();
        if let Some(prefix) = node.prefix {
            content.push(prefix);
        }
        match &node.children {
            Some(children) => encode(children, target, change, counter, &mut content),
            None => content.extend_from_slice(&node.content),
        }
        if hit && change == Change::PadInteger && node.tag == 0x02 {
            content.insert(0, if content.first().is_some_and(|b| b & 0x80 != 0) { 0xFF } else { 0x00 });
        }
        if hit && change == Change::Append && node.children.is_some() {
            content.extend_from_slice(&[0x05, 0x00]);
        }
        let mut tag = node.tag;
        if hit && change == Change::DuplicateFirst {
            if let Some(first) = node.children.as_deref().and_then(|c| c.first()) {
                let mut copy = Vec::new();
                encode(std::slice::from_ref(first), usize::MAX, change, &mut 0, &mut copy);
                content.splice(usize::from(node.prefix.is_some())..usize::from(node.prefix.is_some()), copy);
            }
        }
        if let (true, Change::Time(new_tag, text), 0x17 | 0x18) = (hit, change, node.tag) {
            tag = new_tag;
            content = text.as_bytes().to_vec();
        }
        out.push(tag);
        if hit && change == Change::Indefinite && node.tag & 0x20 != 0 {
            out.push(0x80);
            out.extend_from_slice(&content);
            out.extend_from_slice(&[0, 0]);
        } else {
            push_len(out, content.len(), hit && change == Change::LongLength);
            out.extend_from_slice(&content);
        }
    }
}

fn count(nodes: &[Node]) -> usize {
    nodes.iter().map(|n| 1 + n.children.as_deref().map_or(0, count)).sum()
}

/// Every generated non-DER form of `der`: each change at each node, and trailing bytes.
fn non_der_forms(der: &[u8]) -> Vec<(String, Vec<u8>)> {
    let nodes = tree(der, 0).expect("the vectors are DER");
    let mut same = Vec::new();
    encode(&nodes, usize::MAX, Change::Append, &mut 0, &mut same);
    assert_eq!(same, der, "the test's own encoder round-trips");
    let mut out = Vec::new();
    for target in 0..count(&nodes) {
        let times = TIMES.iter().map(|&(tag, text)| Change::Time(tag, text));
        for change in [Change::LongLength, Change::Indefinite, Change::PadInteger, Change::Append, Change::DuplicateFirst].into_iter().chain(times) {
            let mut form = Vec::new();
            encode(&nodes, target, change, &mut 0, &mut form);
            if form != der {
                out.push((format!("node {target} {:?}", change), form));
            }
        }
    }
    for tail in [&[0x00][..], &[0x00, 0x00], &[0x05, 0x00], &[0x30, 0x00]] {
        let mut form = der.to_vec();
        form.extend_from_slice(tail);
        out.push((format!("trailing {tail:02x?}"), form));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn the_vectors_hold_every_kind_of_key_and_certificate() {
    let v = vectors();
    let kinds = kinds(&v);
    for label in ["PRIVATE KEY", "RSA PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE", "EC PRIVATE KEY"] {
        assert!(kinds.contains(&label), "no {label} in the vectors");
    }
    // 30 in the repository; the crates.io package ships only tests/vectors/{v3,alipay,p12}.
    assert!(v.len() >= 15, "{} PEM blocks", v.len());
}

#[test]
fn same_components_as_the_reference_on_every_vector() {
    let mut found = Vec::new();
    let mut accepted = 0;
    for (name, label, der) in vectors() {
        let before = accepted;
        disagreements(&der, &name, &mut found, &mut accepted);
        // Each vector is accepted by the parser of its own kind (at least).
        let expected = match label.as_str() {
            "PRIVATE KEY" | "RSA PRIVATE KEY" | "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => 1,
            _ => 0,
        };
        assert!(accepted - before >= expected, "{name} ({label}) accepted by {} parsers", accepted - before);
    }
    assert_none(found, "the vectors");
    assert!(accepted >= 15, "{accepted}");
}

#[test]
fn same_verdicts_on_every_bit_flip_and_truncation() {
    let mut found = Vec::new();
    let (mut accepted, mut variants) = (0, 0);
    for (name, _, der) in vectors() {
        for len in 0..der.len() {
            disagreements(&der[..len], &format!("{name} cut at {len}"), &mut found, &mut accepted);
            variants += 1;
        }
        for i in 0..der.len() {
            for bit in 0..8 {
                let mut flipped = der.clone();
                flipped[i] ^= 1 << bit;
                disagreements(&flipped, &format!("{name} byte {i} bit {bit}"), &mut found, &mut accepted);
                variants += 1;
            }
        }
    }
    assert_none(found, "flips and truncations");
    // Flips inside INTEGERs, names, signatures… keep many variants valid: both accept those.
    assert!(accepted > 10_000 && variants > 100_000, "{accepted} accepted of {variants}");
}

#[test]
fn same_verdicts_on_non_der_forms() {
    let mut found = Vec::new();
    let (mut accepted, mut variants) = (0, 0);
    let mut refused_by_both = 0;
    for (name, _, der) in vectors() {
        for (what, form) in non_der_forms(&der) {
            let before = accepted;
            disagreements(&form, &format!("{name} {what}"), &mut found, &mut accepted);
            variants += 1;
            // A form the reference refuses everywhere must be refused by ours too (checked above);
            // count them to show that the generator does produce non-DER inputs.
            if accepted == before {
                refused_by_both += 1;
            }
        }
    }
    assert_none(found, "non-DER forms");
    // Forms the parsers accept are changes inside values they skip (names' ANY values,
    // extension values, signature algorithm parameters): both accept them alike.
    assert!(refused_by_both > variants / 2, "{refused_by_both} of {variants} refused");
}

#[test]
fn same_verdicts_on_the_fuzz_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/keys_der");
    if !dir.exists() {
        eprintln!("no fuzz/corpus/keys_der: the crates.io package leaves the corpora out");
        return;
    }
    let mut found = Vec::new();
    let (mut accepted, mut files) = (0, 0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        // The target's first byte picks a PEM label; the DER follows.
        let der = data.get(1..).unwrap_or_default();
        disagreements(der, "corpus file", &mut found, &mut accepted);
        disagreements(&data, "corpus file whole", &mut found, &mut accepted);
        files += 1;
    }
    assert_none(found, "the fuzz corpus");
    assert!(files > 100 && accepted > 0, "{files} files, {accepted} accepted");
}

/// DER built by hand for the rules no vector exercises: PKCS#8 v2 with its public key, the
/// optional and extension fields, BIT STRING unused bits, OID limits, parameters of any kind.
#[test]
fn same_verdicts_on_handmade_edge_cases() {
    let tlv = |tag: u8, parts: &[&[u8]]| {
        let content = parts.concat();
        let mut out = vec![tag];
        if content.len() < 0x80 {
            out.push(content.len() as u8);
        } else {
            out.extend_from_slice(&[0x81, content.len() as u8]);
        }
        out.extend_from_slice(&content);
        out
    };
    let rsa_oid = tlv(0x06, &[ours::RSA_ENCRYPTION]);
    let null = [0x05, 0x00];
    let alg = tlv(0x30, &[&rsa_oid, &null]);
    let key = tlv(0x04, &[&[0x30, 0x00]]);
    let v = |n: u8| [0x02, 0x01, n];
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("v1", tlv(0x30, &[&v(0), &alg, &key])),
        ("v2 without public key", tlv(0x30, &[&v(1), &alg, &key])),
        ("v2 with public key", tlv(0x30, &[&v(1), &alg, &key, &[0x81, 0x02, 0x00, 0xAA]])),
        ("v1 with public key", tlv(0x30, &[&v(0), &alg, &key, &[0x81, 0x02, 0x00, 0xAA]])),
        ("v2 public key with unused bits", tlv(0x30, &[&v(1), &alg, &key, &[0x81, 0x02, 0x01, 0xAA]])),
        ("v2 public key constructed", tlv(0x30, &[&v(1), &alg, &key, &[0xA1, 0x04, 0x03, 0x02, 0x00, 0xAA]])),
        ("v2 public key empty", tlv(0x30, &[&v(1), &alg, &key, &[0x81, 0x00]])),
        ("v2 public key unused without octets", tlv(0x30, &[&v(1), &alg, &key, &[0x81, 0x01, 0x01]])),
        ("v3", tlv(0x30, &[&v(2), &alg, &key])),
        ("attributes constructed", tlv(0x30, &[&v(0), &alg, &key, &[0xA0, 0x02, 0x05, 0x00]])),
        ("attributes primitive", tlv(0x30, &[&v(0), &alg, &key, &[0x80, 0x01, 0x07]])),
        ("attributes twice", tlv(0x30, &[&v(0), &alg, &key, &[0xA0, 0x00, 0xA0, 0x00]])),
        ("attributes after public key", tlv(0x30, &[&v(1), &alg, &key, &[0x81, 0x01, 0x00, 0xA0, 0x02, 0x05, 0x00]])),
        ("extension [2] with one value", tlv(0x30, &[&v(0), &alg, &key, &[0xA2, 0x02, 0x05, 0x00]])),
        ("extension [2] empty", tlv(0x30, &[&v(0), &alg, &key, &[0xA2, 0x00]])),
        ("extension [2] with two values", tlv(0x30, &[&v(0), &alg, &key, &[0xA2, 0x04, 0x05, 0x00, 0x05, 0x00]])),
        ("extension [2] primitive", tlv(0x30, &[&v(0), &alg, &key, &[0x82, 0x01, 0x00]])),
        ("extension [30]", tlv(0x30, &[&v(0), &alg, &key, &[0xBE, 0x02, 0x05, 0x00]])),
        ("extension [31]", tlv(0x30, &[&v(0), &alg, &key, &[0xBF, 0x1F, 0x02, 0x05, 0x00]])),
        ("universal after key", tlv(0x30, &[&v(0), &alg, &key, &null])),
        ("version 00 00", tlv(0x30, &[&[0x02, 0x02, 0x00, 0x00], &alg, &key])),
        ("version -1", tlv(0x30, &[&[0x02, 0x01, 0xFF], &alg, &key])),
        ("version 256", tlv(0x30, &[&[0x02, 0x02, 0x01, 0x00], &alg, &key])),
        ("no parameters", tlv(0x30, &[&v(0), &tlv(0x30, &[&rsa_oid]), &key])),
        ("two parameters", tlv(0x30, &[&v(0), &tlv(0x30, &[&rsa_oid, &null, &null]), &key])),
        ("parameters SEQUENCE", tlv(0x30, &[&v(0), &tlv(0x30, &[&rsa_oid, &[0x30, 0x03, 0x02, 0x01, 0x05]]), &key])),
        ("parameters NULL with content", tlv(0x30, &[&v(0), &tlv(0x30, &[&rsa_oid, &[0x05, 0x01, 0x00]]), &key])),
        ("parameters application tag", tlv(0x30, &[&v(0), &tlv(0x30, &[&rsa_oid, &[0x61, 0x00]]), &key])),
        ("parameters unknown tag 07", tlv(0x30, &[&v(0), &tlv(0x30, &[&rsa_oid, &[0x07, 0x00]]), &key])),
        ("parameters constructed OCTET STRING", tlv(0x30, &[&v(0), &tlv(0x30, &[&rsa_oid, &[0x24, 0x00]]), &key])),
        ("key constructed", tlv(0x30, &[&v(0), &alg, &[0x24, 0x02, 0x30, 0x00]])),
        ("empty key", tlv(0x30, &[&v(0), &alg, &[0x04, 0x00]])),
        ("SPKI", tlv(0x30, &[&alg, &[0x03, 0x03, 0x00, 0x30, 0x00]])),
        ("SPKI unused bits", tlv(0x30, &[&alg, &[0x03, 0x03, 0x04, 0x30, 0x00]])),
        ("SPKI unused bits 8", tlv(0x30, &[&alg, &[0x03, 0x03, 0x08, 0x30, 0x00]])),
        ("SPKI empty BIT STRING", tlv(0x30, &[&alg, &[0x03, 0x00]])),
        ("SPKI only unused octet", tlv(0x30, &[&alg, &[0x03, 0x01, 0x00]])),
        ("SPKI unused bits without octets", tlv(0x30, &[&alg, &[0x03, 0x01, 0x03]])),
        ("SPKI OCTET STRING key", tlv(0x30, &[&alg, &[0x04, 0x02, 0x30, 0x00]])),
        ("PKCS#1 public", tlv(0x30, &[&[0x02, 0x02, 0x00, 0xC5], &[0x02, 0x01, 0x03]])),
        ("PKCS#1 public negative", tlv(0x30, &[&[0x02, 0x01, 0xC5], &[0x02, 0x01, 0x03]])),
        ("PKCS#1 public zero", tlv(0x30, &[&[0x02, 0x01, 0x00], &[0x02, 0x01, 0x00]])),
        ("PKCS#1 public three", tlv(0x30, &[&[0x02, 0x01, 0x05], &[0x02, 0x01, 0x03], &[0x02, 0x01, 0x03]])),
        ("PKCS#1 public ENUMERATED", tlv(0x30, &[&[0x0A, 0x01, 0x05], &[0x02, 0x01, 0x03]])),
        ("SET instead of SEQUENCE", tlv(0x31, &[&[0x02, 0x01, 0x05], &[0x02, 0x01, 0x03]])),
        ("primitive SEQUENCE", tlv(0x10, &[&[0x02, 0x01, 0x05], &[0x02, 0x01, 0x03]])),
        ("high tag number", [&[0x30, 0x05, 0x1F, 0x81, 0x00, 0x01, 0x00][..]].concat()),
    ];
    // PKCS#1 private keys: every version and trailing element.
    let ints: Vec<u8> = (0..8).flat_map(|i| [0x02, 0x01, 3 + i]).collect();
    cases.push(("PKCS#1 private v0", tlv(0x30, &[&v(0), &ints])));
    cases.push(("PKCS#1 private v1 without other primes", tlv(0x30, &[&v(1), &ints])));
    cases.push(("PKCS#1 private v1 with other primes", tlv(0x30, &[&v(1), &ints, &tlv(0x30, &[&tlv(0x30, &[&v(5), &v(6), &v(7)])])])));
    cases.push(("PKCS#1 private v0 with other primes", tlv(0x30, &[&v(0), &ints, &tlv(0x30, &[&tlv(0x30, &[&v(5), &v(6), &v(7)])])])));
    cases.push(("PKCS#1 private v0 trailing NULL", tlv(0x30, &[&v(0), &ints, &null])));
    cases.push(("PKCS#1 private seven integers", tlv(0x30, &[&v(0), &ints[..21]])));
    // OIDs at const-oid's limits, as SPKI and PKCS#8 algorithms.
    let long_oid: Vec<u8> = std::iter::once(0x2A).chain(std::iter::repeat_n(0x01, 38)).collect();
    let too_long_oid: Vec<u8> = std::iter::once(0x2A).chain(std::iter::repeat_n(0x01, 39)).collect();
    for oid in [
        &[0x2A][..], &[0x2A, 0x03], &[0x2A, 0x03, 0x04], &[0x77, 0x01, 0x01], &[0x78, 0x01, 0x01], &[0x2A, 0x80, 0x01], &[0x2A, 0x8F, 0xFF, 0xFF, 0x7F],
        &[0x2A, 0x8F, 0xFF, 0xFF, 0xFF, 0x0F], &[0x2A, 0x8F, 0xFF, 0xFF, 0xFF, 0x10], &[0x2A, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01], &[0x2A, 0x03, 0x84], &long_oid, &too_long_oid, &[],
    ] {
        let alg = tlv(0x30, &[&tlv(0x06, &[oid]), &null]);
        cases.push(("OID in SPKI", tlv(0x30, &[&alg, &[0x03, 0x03, 0x00, 0x30, 0x00]])));
        cases.push(("OID in PKCS#8", tlv(0x30, &[&v(0), &alg, &key])));
    }
    // Lengths: long forms, the 4-octet limit, 256 MiB.
    cases.push(("length 81 02", [&[0x30, 0x81, 0x02][..], &null].concat()));
    cases.push(("length 84 0FFFFFFF", vec![0x30, 0x84, 0x0F, 0xFF, 0xFF, 0xFF]));
    cases.push(("length 84 10000000", vec![0x30, 0x84, 0x10, 0x00, 0x00, 0x00]));
    cases.push(("length 85", vec![0x30, 0x85, 0, 0, 0, 0, 2, 5, 0]));
    let mut found = Vec::new();
    let mut accepted = 0;
    for (what, der) in &cases {
        disagreements(der, what, &mut found, &mut accepted);
    }
    assert_none(found, "handmade edge cases");
    assert!(accepted >= 15, "{accepted}");
}

#[test]
fn encoders_write_what_the_reference_writes() {
    use rsa::pkcs8::{DecodePublicKey, EncodePublicKey};
    use rsa::traits::PublicKeyParts;
    for (name, label, der) in vectors() {
        if label == "RSA PRIVATE KEY" {
            let want = pkcs8::PrivateKeyInfo::new(pkcs1::ALGORITHM_ID, &der).to_der().unwrap();
            assert_eq!(ours::pkcs8_from_pkcs1(&der).as_slice(), want.as_slice(), "{name}");
        }
        if label == "PUBLIC KEY" {
            let Ok(key) = rsa::RsaPublicKey::from_public_key_der(&der) else { continue };
            let want = key.to_public_key_der().unwrap();
            assert_eq!(ours::spki_from_rsa(&key.n().to_bytes_be(), &key.e().to_bytes_be()), want.as_bytes(), "{name}");
            // What a padded magnitude gives: the same encoding.
            let mut padded = vec![0, 0];
            padded.extend_from_slice(&key.n().to_bytes_be());
            assert_eq!(ours::spki_from_rsa(&padded, &key.e().to_bytes_be()), want.as_bytes(), "{name}");
        }
    }
    // Lengths across the short/long boundaries, written as `der` writes them.
    for len in [0usize, 1, 0x7F, 0x80, 0xFF, 0x100, 0x1_0000] {
        let body = vec![0x42u8; len];
        let want = pkcs8::PrivateKeyInfo::new(pkcs1::ALGORITHM_ID, &body).to_der().unwrap();
        assert_eq!(ours::pkcs8_from_pkcs1(&body).as_slice(), want.as_slice(), "{len}");
    }
    for n in [&[0x01][..], &[0x7F], &[0x80], &[0xFF; 200], &[0x00]] {
        let want = rsa::pkcs1::RsaPublicKey { modulus: pkcs1::UintRef::new(n).unwrap(), public_exponent: pkcs1::UintRef::new(&[3]).unwrap() }.to_der().unwrap();
        let spki = ours::spki_from_rsa(n, &[3]);
        assert_eq!(ours::spki(&spki).unwrap().key.unwrap(), want.as_slice(), "{n:02x?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The keys API on the same inputs, against `rsa`'s own decoders (what the core used before)

fn armour(label: &str, der: &[u8]) -> String {
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", STANDARD.encode(der))
}

/// What `PublicKey::from_pem` decided before, from `rsa`'s decoders: `Some(spki)` if accepted.
fn public_reference(label: &str, der: &[u8]) -> Option<Vec<u8>> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    use rsa::pkcs8::{DecodePublicKey, EncodePublicKey};
    use rsa::traits::PublicKeyParts;
    let key = match label {
        "PUBLIC KEY" => rsa::RsaPublicKey::from_public_key_der(der).ok()?,
        "RSA PUBLIC KEY" => rsa::RsaPublicKey::from_pkcs1_der(der).ok()?,
        _ => {
            let cert = x509_cert::Certificate::from_der(der).ok()?;
            rsa::RsaPublicKey::from_public_key_der(&cert.tbs_certificate.subject_public_key_info.to_der().ok()?).ok()?
        }
    };
    (key.n().bits() >= 2048).then(|| key.to_public_key_der().unwrap().as_bytes().to_vec())
}

fn public_ours(label: &str, der: &[u8]) -> Option<Vec<u8>> {
    match PublicKey::from_pem(&armour(label, der)) {
        Ok(key) => Some(key.spki_der().unwrap()),
        Err(e) => {
            assert!(matches!(e.code(), "KEY_INVALID" | "KEY_TOO_SMALL"), "{e}");
            None
        }
    }
}

#[test]
fn public_keys_and_certificates_as_before() {
    let mut mismatches = Vec::new();
    let mut accepted = 0;
    for (name, label, der) in vectors() {
        for label in ["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE"] {
            let mut check = |what: String, bytes: &[u8]| {
                let (want, got) = (public_reference(label, bytes), public_ours(label, bytes));
                accepted += usize::from(want.is_some());
                if want != got {
                    mismatches.push(format!("{what} as {label}: reference {} ours {}", want.is_some(), got.is_some()));
                }
            };
            check(name.clone(), &der);
            for len in (0..der.len()).step_by(7) {
                check(format!("{name} cut at {len}"), &der[..len]);
            }
            // Every third byte (each accepted variant costs a key set-up): the parsers' own
            // flips are the bit-flip test's, on every bit.
            for i in (0..der.len()).step_by(3) {
                let mut flipped = der.clone();
                flipped[i] ^= 0x41;
                check(format!("{name} byte {i}"), &flipped);
            }
        }
        if label == "CERTIFICATE" {
            if let Ok(cert) = x509_cert::Certificate::from_der(&der) {
                if let Ok(key) = PublicKey::from_pem(&armour("CERTIFICATE", &der)) {
                    let tbs = &cert.tbs_certificate;
                    assert_eq!(key.not_before(), Some(tbs.validity.not_before.to_unix_duration().as_secs()), "{name}");
                    assert_eq!(key.not_after(), Some(tbs.validity.not_after.to_unix_duration().as_secs()), "{name}");
                    let serial = tbs.serial_number.as_bytes();
                    let first = serial.iter().position(|&b| b != 0).unwrap_or(serial.len() - 1);
                    let hex: String = serial[first..].iter().map(|b| format!("{b:02X}")).collect();
                    assert_eq!(key.serial_no(), Some(hex.as_str()), "{name}");
                }
            }
        }
    }
    assert_none(mismatches, "public keys");
    assert!(accepted > 20, "{accepted}");
}

#[test]
fn private_keys_as_before() {
    use rsa::pkcs8::DecodePrivateKey;
    let mut mismatches = Vec::new();
    let mut accepted = 0;
    for (name, label, der) in vectors() {
        if !label.contains("PRIVATE KEY") {
            continue;
        }
        for label in ["PRIVATE KEY", "RSA PRIVATE KEY"] {
            let mut check = |what: String, bytes: &[u8]| {
                let pkcs8 = if label == "PRIVATE KEY" {
                    bytes.to_vec()
                } else {
                    pkcs8::PrivateKeyInfo::new(pkcs1::ALGORITHM_ID, bytes).to_der().unwrap()
                };
                // Before: PrivateKeyInfo's algorithm OID, then `rsa`'s checks (the first signature
                // builds the key with `from_pkcs8_der`, whose checks `checked_public` makes).
                use rsa::traits::PublicKeyParts;
                let want = rsa::RsaPrivateKey::from_pkcs8_der(&pkcs8).ok().filter(|k| k.n().bits() >= 2048).map(|_| pkcs8.clone());
                let got = match PrivateKey::from_pem(&armour(label, bytes)) {
                    Ok(key) => {
                        // The key signs (the engine built from the parsed components).
                        key.sign_sha256(b"x").unwrap();
                        Some(key.pkcs8_der().unwrap().to_vec())
                    }
                    Err(e) => {
                        assert!(matches!(e.code(), "KEY_INVALID" | "KEY_TOO_SMALL"), "{e}");
                        None
                    }
                };
                accepted += usize::from(want.is_some());
                if want != got {
                    mismatches.push(format!("{what} as {label}: reference {} ours {}", want.is_some(), got.is_some()));
                }
            };
            check(name.clone(), &der);
            for len in (0..der.len()).step_by(5) {
                check(format!("{name} cut at {len}"), &der[..len]);
            }
            // Flips in the header and algorithm (where the formats differ); the components'
            // own flips are the bit-flip test's and tests/private_key_checks.rs's.
            for i in 0..der.len().min(40) {
                for bit in 0..8 {
                    let mut flipped = der.clone();
                    flipped[i] ^= 1 << bit;
                    check(format!("{name} byte {i} bit {bit}"), &flipped);
                }
            }
        }
    }
    assert_none(mismatches, "private keys");
    assert!(accepted >= 4, "{accepted}");
}

#[test]
fn error_messages_name_the_algorithm_found() {
    let read = |f: &str| std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/v3").join(f)).unwrap();
    let ec = PrivateKey::from_pem(&read("ec_pkcs8.pem")).unwrap_err().to_string();
    assert!(ec.contains("expected an RSA key, found EC (WeChat Pay API v3 uses RSA)"), "{ec}");
    let ec = PublicKey::from_pem(&read("ec_spki.pem")).unwrap_err().to_string();
    assert!(ec.contains("found EC"), "{ec}");
    // Ed25519, X25519, RSASSA-PSS, SM2 and an unknown OID, in a PKCS#8 and an SPKI wrapper.
    for (oid, name) in [
        (&[0x2B, 0x65, 0x70][..], "Ed25519"),
        (&[0x2B, 0x65, 0x6E], "X25519"),
        (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A], "RSASSA-PSS"),
        (&[0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D], "SM2"),
        (&[0x2A, 0x03, 0x04], "1.2.3.4"),
    ] {
        let algorithm = [&[0x30, oid.len() as u8 + 2, 0x06, oid.len() as u8][..], oid].concat();
        let pkcs8 = [&[0x30, (3 + algorithm.len() + 2) as u8, 0x02, 0x01, 0x00][..], &algorithm, &[0x04, 0x00]].concat();
        let spki = [&[0x30, (algorithm.len() + 3) as u8][..], &algorithm, &[0x03, 0x01, 0x00]].concat();
        assert!(pkcs8::PrivateKeyInfo::try_from(pkcs8.as_slice()).is_ok(), "{name}");
        let want = format!("invalid key: expected an RSA key, found {name} (WeChat Pay API v3 uses RSA)");
        assert_eq!(PrivateKey::from_pem(&armour("PRIVATE KEY", &pkcs8)).unwrap_err().to_string(), want);
        assert_eq!(PublicKey::from_pem(&armour("PUBLIC KEY", &spki)).unwrap_err().to_string(), want);
    }
    let garbage = PrivateKey::from_pem(&armour("PRIVATE KEY", &[0x30, 0x00])).unwrap_err().to_string();
    assert_eq!(garbage, "invalid key: malformed PKCS#8 private key");
    let garbage = PublicKey::from_pem(&armour("PUBLIC KEY", &[0x30, 0x00])).unwrap_err().to_string();
    assert_eq!(garbage, "invalid key: malformed SPKI public key");
    let garbage = PublicKey::from_pem(&armour("CERTIFICATE", &[0x30, 0x00])).unwrap_err().to_string();
    assert_eq!(garbage, "invalid key: malformed X.509 certificate");
}
