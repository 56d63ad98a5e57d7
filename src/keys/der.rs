//! A small, strict DER reader and writer for exactly the structures the core parses: PKCS#8
//! `PrivateKeyInfo`, PKCS#1 `RSAPrivateKey` / `RSAPublicKey`, `SubjectPublicKeyInfo` and the
//! X.509 `Certificate` fields WeChat Pay's platform certificates are read for (serial number,
//! validity, public key). It replaces `der`, `pkcs8`, `pkcs1`, `spki` and `x509-cert` in the core
//! wasm module (issue 10: about 60 KB of code there), which keeps them for `p12` and `alipay`.
//!
//! Every rule follows DER (X.690 §10) and, where DER leaves room, what those crates accept, so
//! that both take and refuse the same inputs (`tests/der_reader.rs` checks it on every key and
//! certificate of the vectors, on every byte flip and truncation of them, on non-minimal,
//! indefinite and trailing-garbage encodings and on the fuzz corpus):
//! - tags in one octet, only the universal tags `der` knows (high-tag-number form refused);
//! - definite lengths only, in the fewest octets, at most 256 MiB; nothing after the outer value;
//! - INTEGERs non-empty and minimal (no `00` before a byte below `80`, no `FF` before one above);
//!   key components and versions non-negative;
//! - a fixed schema: values the schema does not interpret (`ANY` algorithm parameters, names,
//!   extension values) are skipped as one checked TLV, never descended into, so nesting is bounded
//!   by the schema (at most 6 levels) and the reader is one linear pass without recursion.
//!
//! Errors are a bare [`Malformed`]: the callers in `keys` turn it into their `KEY_INVALID` message,
//! which never quotes key material. Components are returned as slices of the input (no copies of
//! private key material).
//!
//! Not API: `pub` and hidden only so that `tests/der_reader.rs` can compare it with the RustCrypto
//! parsers.
//!
//! ```
//! use wechatpay_wasm::keys::der;
//! let spki = der::spki_from_rsa(&[0xC5, 0x01], &[0x01, 0x00, 0x01]);
//! let parsed = der::spki(&spki)?;
//! assert_eq!(parsed.algorithm.oid, der::RSA_ENCRYPTION);
//! let key = der::rsa_public_key(parsed.key.ok_or(der::Malformed)?)?;
//! assert_eq!((key.n, key.e), (&[0xC5, 0x01][..], &[0x01, 0x00, 0x01][..]));
//! # Ok::<(), der::Malformed>(())
//! ```

/// Why the reader refused an input: it is not the expected structure in DER. Deliberately
/// without detail (the callers name the structure).
///
/// ```
/// assert_eq!(wechatpay_wasm::keys::der::spki(&[0x30, 0x80, 0, 0]).unwrap_err(), wechatpay_wasm::keys::der::Malformed);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

type R<T> = core::result::Result<T, Malformed>;

/// The content octets of the `rsaEncryption` OID (1.2.840.113549.1.1.1).
///
/// ```
/// assert_eq!(wechatpay_wasm::keys::der::oid_string(wechatpay_wasm::keys::der::RSA_ENCRYPTION), "1.2.840.113549.1.1.1");
/// ```
pub const RSA_ENCRYPTION: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];

const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const NULL: u8 = 0x05;
const OID: u8 = 0x06;
const BOOLEAN: u8 = 0x01;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
/// `der`'s `Length::MAX`.
const MAX_LENGTH: usize = 0x0FFF_FFFF;
/// `const-oid`'s `ObjectIdentifier::MAX_SIZE`.
const MAX_OID_LEN: usize = 39;

/// Whether `der` 0.7 knows the one-octet tag `b`: the universal types it implements (primitive,
/// plus constructed SEQUENCE and SET) and every application, context-specific and private tag
/// number below 31 (31 announces the multi-octet form, refused).
fn known_tag(b: u8) -> bool {
    if b & 0x1F == 0x1F {
        return false;
    }
    matches!(b, 0x01..=0x06 | 0x09 | 0x0A | 0x0C | 0x12..=0x18 | 0x1A | 0x1E | SEQUENCE | SET | 0x40..=0xFF)
}

/// A cursor over DER: every read checks its bounds and leaves the cursor untouched on error.
#[derive(Clone, Copy)]
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(input: &'a [u8]) -> R<Self> {
        if input.len() > MAX_LENGTH {
            return Err(Malformed);
        }
        Ok(Reader { rest: input })
    }

    fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next tag octet, checked, without consuming it; `None` at the end.
    fn peek_tag(&self) -> R<Option<u8>> {
        match self.rest.first() {
            None => Ok(None),
            Some(&b) if known_tag(b) => Ok(Some(b)),
            Some(_) => Err(Malformed),
        }
    }

    /// One TLV: its tag, its content and the whole encoding.
    fn any(&mut self) -> R<(u8, &'a [u8], &'a [u8])> {
        let input = self.rest;
        let (&tag, after_tag) = input.split_first().ok_or(Malformed)?;
        if !known_tag(tag) {
            return Err(Malformed);
        }
        let (&first, mut after_len) = after_tag.split_first().ok_or(Malformed)?;
        let len = match first {
            0x00..=0x7F => usize::from(first),
            0x81..=0x84 => {
                let count = usize::from(first & 0x7F);
                let bytes = after_len.get(..count).ok_or(Malformed)?;
                after_len = after_len.get(count..).ok_or(Malformed)?;
                let len = bytes.iter().fold(0usize, |acc, &b| acc << 8 | usize::from(b));
                // The fewest octets: long form only from 128, no leading zero octet.
                if len < 0x80 || bytes.first() == Some(&0) || len > MAX_LENGTH {
                    return Err(Malformed);
                }
                len
            }
            // 0x80: indefinite length (BER only); 0x85..: more than 4 length octets.
            _ => return Err(Malformed),
        };
        let content = after_len.get(..len).ok_or(Malformed)?;
        let rest = after_len.get(len..).ok_or(Malformed)?;
        let whole = input.get(..input.len() - rest.len()).ok_or(Malformed)?;
        self.rest = rest;
        Ok((tag, content, whole))
    }

    /// One TLV whose tag must be `tag`; its content.
    fn expect(&mut self, tag: u8) -> R<&'a [u8]> {
        let (found, content, _) = self.any()?;
        if found == tag { Ok(content) } else { Err(Malformed) }
    }

    /// A constructed value of tag `tag` as a reader over its content.
    fn nested(&mut self, tag: u8) -> R<Reader<'a>> {
        Ok(Reader { rest: self.expect(tag)? })
    }

    /// Fails unless everything was read.
    fn finish(self) -> R<()> {
        if self.rest.is_empty() { Ok(()) } else { Err(Malformed) }
    }

    /// A non-negative INTEGER: its magnitude, without the sign octet (`[0]` for zero).
    fn uint(&mut self) -> R<&'a [u8]> {
        match self.expect(INTEGER)? {
            [] => Err(Malformed),
            [0] => Ok(&[0]),
            [0, b, ..] if *b < 0x80 => Err(Malformed),
            [0, rest @ ..] => Ok(rest),
            [b, ..] if *b >= 0x80 => Err(Malformed),
            bytes => Ok(bytes),
        }
    }

    /// A signed INTEGER's content octets, checked minimal.
    fn int(&mut self) -> R<&'a [u8]> {
        match self.expect(INTEGER)? {
            [] => Err(Malformed),
            [0x00, b, ..] if *b < 0x80 => Err(Malformed),
            [0xFF, b, ..] if *b >= 0x80 => Err(Malformed),
            bytes => Ok(bytes),
        }
    }

    /// A small non-negative INTEGER (a version), at most `max`.
    fn small(&mut self, max: u8) -> R<u8> {
        match self.uint()? {
            [v] if *v <= max => Ok(*v),
            _ => Err(Malformed),
        }
    }

    fn oid(&mut self) -> R<&'a [u8]> {
        let oid = self.expect(OID)?;
        check_oid(oid)?;
        Ok(oid)
    }

    fn algorithm(&mut self) -> R<AlgorithmIdentifier<'a>> {
        let mut seq = self.nested(SEQUENCE)?;
        let oid = seq.oid()?;
        let parameters = if seq.is_empty() {
            None
        } else {
            let (tag, content, _) = seq.any()?;
            Some((tag, content))
        };
        seq.finish()?;
        Ok(AlgorithmIdentifier { oid, parameters })
    }

    /// A BIT STRING of tag `tag`: `(unused bits, octets)`.
    fn bit_string(&mut self, tag: u8) -> R<(u8, &'a [u8])> {
        match self.expect(tag)? {
            [unused, bytes @ ..] if *unused <= 7 && (*unused == 0 || !bytes.is_empty()) => Ok((*unused, bytes)),
            _ => Err(Malformed),
        }
    }

    /// Skips context-specific fields numbered below `number` (as `der` does for an absent
    /// optional field) and says whether field `number` comes next.
    fn context_field(&mut self, number: u8) -> R<bool> {
        while let Some(tag) = self.peek_tag()? {
            if tag & 0xC0 != 0x80 || tag & 0x1F > number {
                break;
            }
            if tag & 0x1F == number {
                return Ok(true);
            }
            self.any()?;
        }
        Ok(false)
    }

    /// An optional `[number] IMPLICIT BIT STRING`.
    fn implicit_bit_string(&mut self, number: u8) -> R<()> {
        if self.context_field(number)? {
            self.bit_string(0x80 | number)?;
        }
        Ok(())
    }

    /// A UTCTime or GeneralizedTime, as Unix seconds.
    fn time(&mut self) -> R<u64> {
        let (tag, content, _) = self.any()?;
        let (year, rest) = match (tag, content) {
            (UTC_TIME, [y1, y2, rest @ ..]) if rest.len() == 11 => {
                let yy = u16::from(decimal(*y1, *y2)?);
                (if yy >= 50 { 1900 + yy } else { 2000 + yy }, rest)
            }
            (GENERALIZED_TIME, [y1, y2, y3, y4, rest @ ..]) if rest.len() == 11 => {
                (u16::from(decimal(*y1, *y2)?) * 100 + u16::from(decimal(*y3, *y4)?), rest)
            }
            _ => return Err(Malformed),
        };
        let [mo1, mo2, d1, d2, h1, h2, mi1, mi2, s1, s2, b'Z'] = rest else { return Err(Malformed) };
        let (month, day) = (decimal(*mo1, *mo2)?, decimal(*d1, *d2)?);
        let (hour, minute, second) = (decimal(*h1, *h2)?, decimal(*mi1, *mi2)?, decimal(*s1, *s2)?);
        // `der`'s DateTime: 1970 to 9999, UTCTime only to 2049 (50–69 mean 1950–1969: refused).
        if !(1970..=9999).contains(&year) || hour > 23 || minute > 59 || second > 59 {
            return Err(Malformed);
        }
        let days = days_from_civil(year, month, day).ok_or(Malformed)?;
        Ok(days * 86_400 + u64::from(hour) * 3600 + u64::from(minute) * 60 + u64::from(second))
    }

    /// A `Name` (SEQUENCE OF SET OF AttributeTypeAndValue), checked and skipped. Like
    /// `x509-cert`, a SET may hold its elements in any order but never the same one twice.
    fn name(&mut self) -> R<()> {
        let mut rdns = self.nested(SEQUENCE)?;
        let mut seen: Vec<&[u8]> = Vec::new();
        while !rdns.is_empty() {
            let mut set = rdns.nested(SET)?;
            seen.clear();
            while !set.is_empty() {
                // AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY }
                let start = set.rest;
                let mut fields = set.nested(SEQUENCE)?;
                fields.oid()?;
                fields.any()?;
                fields.finish()?;
                seen.push(start.get(..start.len() - set.rest.len()).ok_or(Malformed)?);
            }
            // Duplicates, in O(k log k) comparisons rather than every pair.
            seen.sort_unstable();
            if seen.windows(2).any(|w| w.first() == w.get(1)) {
                return Err(Malformed);
            }
        }
        Ok(())
    }
}

fn decimal(hi: u8, lo: u8) -> R<u8> {
    if hi.is_ascii_digit() && lo.is_ascii_digit() { Ok((hi - b'0') * 10 + (lo - b'0')) } else { Err(Malformed) }
}

/// Days from 1970-01-01 to `year-month-day` (1970 ≤ year), `None` for a day the month lacks.
fn days_from_civil(year: u16, month: u8, day: u8) -> Option<u64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let (before, length): (u16, u8) = match month {
        1 => (0, 31),
        2 => (31, if leap { 29 } else { 28 }),
        3 => (59, 31),
        4 => (90, 30),
        5 => (120, 31),
        6 => (151, 30),
        7 => (181, 31),
        8 => (212, 31),
        9 => (243, 30),
        10 => (273, 31),
        11 => (304, 30),
        12 => (334, 31),
        _ => return None,
    };
    if day == 0 || day > length {
        return None;
    }
    let y = u64::from(year) - 1;
    let leap_days = (y / 4 - y / 100 + y / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400);
    let yday = u64::from(before) + u64::from(day) - 1 + u64::from(leap && month > 2);
    Some((u64::from(year) - 1970) * 365 + leap_days + yday)
}

/// Checks an OID's content octets as `const-oid` 0.9 does: 3 to 39 octets, a first octet below
/// 120 (arcs 0–2 and 0–39), each further arc in at most five octets ending without the
/// continuation bit. (Like it, a redundant leading `80` octet in an arc is not refused.)
fn check_oid(oid: &[u8]) -> R<()> {
    if !(3..=MAX_OID_LEN).contains(&oid.len()) || oid.first().is_none_or(|&b| b >= 120) {
        return Err(Malformed);
    }
    let mut arc_bytes = 0usize;
    for &b in oid.get(1..).unwrap_or_default() {
        arc_bytes += 1;
        if arc_bytes > 4 && b & 0xF0 != 0 {
            return Err(Malformed);
        }
        if b & 0x80 == 0 {
            arc_bytes = 0;
        }
    }
    if arc_bytes == 0 { Ok(()) } else { Err(Malformed) }
}

/// An OID in dotted form (for error messages naming an unexpected algorithm); `"?"` if it is
/// not a valid OID.
///
/// ```
/// assert_eq!(wechatpay_wasm::keys::der::oid_string(&[0x2B, 0x65, 0x70]), "1.3.101.112");
/// ```
pub fn oid_string(oid: &[u8]) -> String {
    if check_oid(oid).is_err() {
        return "?".into();
    }
    let Some((&first, rest)) = oid.split_first() else { return "?".into() };
    let mut out = format!("{}.{}", first / 40, first % 40);
    let mut arc = 0u32;
    for &b in rest {
        // `const-oid` shifts a u32 the same way (a fifth octet can only add four bits).
        arc = arc << 7 | u32::from(b & 0x7F);
        if b & 0x80 == 0 {
            out.push('.');
            out.push_str(&arc.to_string());
            arc = 0;
        }
    }
    out
}

/// An `AlgorithmIdentifier`: the OID's content octets and the parameters' tag and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlgorithmIdentifier<'a> {
    /// The OID's content octets (compare with [`RSA_ENCRYPTION`]; [`oid_string`] for messages).
    pub oid: &'a [u8],
    /// The parameters' tag and content octets, if present (rsaEncryption wants NULL: `(5, [])`).
    pub parameters: Option<(u8, &'a [u8])>,
}

impl AlgorithmIdentifier<'_> {
    /// Whether this is rsaEncryption with NULL parameters, the only form `rsa` accepts.
    ///
    /// ```
    /// use wechatpay_wasm::keys::der::{AlgorithmIdentifier, RSA_ENCRYPTION};
    /// assert!(AlgorithmIdentifier { oid: RSA_ENCRYPTION, parameters: Some((5, &[])) }.is_rsa_with_null());
    /// assert!(!AlgorithmIdentifier { oid: RSA_ENCRYPTION, parameters: None }.is_rsa_with_null());
    /// ```
    pub fn is_rsa_with_null(&self) -> bool {
        self.oid == RSA_ENCRYPTION && self.parameters == Some((NULL, &[]))
    }
}

/// A PKCS#8 `PrivateKeyInfo` (RFC 5208 / RFC 5958 v1 and v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrivateKeyInfo<'a> {
    /// The key's algorithm.
    pub algorithm: AlgorithmIdentifier<'a>,
    /// The `privateKey` OCTET STRING's content (for RSA, a PKCS#1 `RSAPrivateKey`).
    pub private_key: &'a [u8],
}

/// Parses a PKCS#8 `PrivateKeyInfo` as `pkcs8` 0.10 does: version 0 without, or 1 with, the
/// `[1]` public key; `[0]` attributes and later context-specific fields skipped.
///
/// ```
/// let pkcs8 = wechatpay_wasm::keys::der::pkcs8_from_pkcs1(&[0x30, 0x00]);
/// let info = wechatpay_wasm::keys::der::private_key_info(&pkcs8)?;
/// assert!(info.algorithm.is_rsa_with_null());
/// assert_eq!(info.private_key, &[0x30, 0x00]);
/// # Ok::<(), wechatpay_wasm::keys::der::Malformed>(())
/// ```
pub fn private_key_info(input: &[u8]) -> R<PrivateKeyInfo<'_>> {
    let mut outer = Reader::new(input)?;
    let mut seq = outer.nested(SEQUENCE)?;
    outer.finish()?;
    let version = seq.small(1)?;
    let algorithm = seq.algorithm()?;
    let private_key = seq.expect(OCTET_STRING)?;
    let mut public_key = false;
    if seq.context_field(1)? {
        // `[1] IMPLICIT BIT STRING`, primitive, whole octets only.
        if seq.bit_string(0x81)?.0 != 0 {
            return Err(Malformed);
        }
        public_key = true;
    }
    if public_key != (version == 1) {
        return Err(Malformed);
    }
    // Later extensions: each an EXPLICIT context-specific field holding one value.
    while !seq.is_empty() {
        let (tag, content, _) = seq.any()?;
        if tag & 0xE0 != 0xA0 {
            return Err(Malformed);
        }
        let mut inner = Reader { rest: content };
        inner.any()?;
        inner.finish()?;
    }
    Ok(PrivateKeyInfo { algorithm, private_key })
}

/// The components of a two-prime PKCS#1 `RSAPrivateKey` (RFC 8017 A.1.2), big-endian magnitudes
/// without leading zero octets: the seam between this reader and the RSA engine.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RsaPrivateParts<'a> {
    /// The modulus `n`.
    pub n: &'a [u8],
    /// The public exponent `e`.
    pub e: &'a [u8],
    /// The private exponent `d`.
    pub d: &'a [u8],
    /// The first prime `p`.
    pub p: &'a [u8],
    /// The second prime `q`.
    pub q: &'a [u8],
    /// `d mod (p − 1)`.
    pub dp: &'a [u8],
    /// `d mod (q − 1)`.
    pub dq: &'a [u8],
    /// `q⁻¹ mod p`.
    pub qinv: &'a [u8],
}

impl core::fmt::Debug for RsaPrivateParts<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RsaPrivateParts").field("n_len", &self.n.len()).finish_non_exhaustive()
    }
}

/// Parses a PKCS#1 `RSAPrivateKey`: version 0 (two primes) only, since multi-prime keys are
/// refused anyway (`rsa` 0.9 does too).
///
/// ```
/// // The textbook toy key (p = 61, q = 53, e = 17): SEQUENCE { 0, n, e, d, p, q, dp, dq, qinv }.
/// let der = [0x30, 0x1D, 2, 1, 0, 2, 2, 0x0C, 0xA1, 2, 1, 17, 2, 2, 0x01, 0x9D, 2, 1, 61, 2, 1, 53, 2, 1, 53, 2, 1, 49, 2, 1, 38];
/// let key = wechatpay_wasm::keys::der::rsa_private_key(&der)?;
/// assert_eq!((key.n, key.e, key.qinv), (&[0x0C, 0xA1][..], &[17][..], &[38][..]));
/// # Ok::<(), wechatpay_wasm::keys::der::Malformed>(())
/// ```
pub fn rsa_private_key(input: &[u8]) -> R<RsaPrivateParts<'_>> {
    let mut outer = Reader::new(input)?;
    let mut seq = outer.nested(SEQUENCE)?;
    outer.finish()?;
    seq.small(0)?;
    let parts = RsaPrivateParts {
        n: seq.uint()?,
        e: seq.uint()?,
        d: seq.uint()?,
        p: seq.uint()?,
        q: seq.uint()?,
        dp: seq.uint()?,
        dq: seq.uint()?,
        qinv: seq.uint()?,
    };
    seq.finish()?;
    Ok(parts)
}

/// An RSA public key's modulus and exponent, big-endian magnitudes without leading zero octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RsaPublicParts<'a> {
    /// The modulus `n`.
    pub n: &'a [u8],
    /// The public exponent `e`.
    pub e: &'a [u8],
}

/// Parses a PKCS#1 `RSAPublicKey` (`SEQUENCE { n, e }`).
///
/// ```
/// let key = wechatpay_wasm::keys::der::rsa_public_key(&[0x30, 0x07, 2, 2, 0x00, 0xC5, 2, 1, 3])?;
/// assert_eq!((key.n, key.e), (&[0xC5][..], &[3][..]));
/// # Ok::<(), wechatpay_wasm::keys::der::Malformed>(())
/// ```
pub fn rsa_public_key(input: &[u8]) -> R<RsaPublicParts<'_>> {
    let mut outer = Reader::new(input)?;
    let mut seq = outer.nested(SEQUENCE)?;
    outer.finish()?;
    let parts = RsaPublicParts { n: seq.uint()?, e: seq.uint()? };
    seq.finish()?;
    Ok(parts)
}

/// A `SubjectPublicKeyInfo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spki<'a> {
    /// The key's algorithm.
    pub algorithm: AlgorithmIdentifier<'a>,
    /// The `subjectPublicKey` BIT STRING's octets, `None` if it does not hold whole octets.
    pub key: Option<&'a [u8]>,
}

/// Parses a `SubjectPublicKeyInfo` (RFC 5280 §4.1).
///
/// ```
/// let spki = wechatpay_wasm::keys::der::spki_from_rsa(&[0xC5], &[3]);
/// assert_eq!(wechatpay_wasm::keys::der::spki(&spki)?.key, Some(&[0x30, 0x07, 2, 2, 0x00, 0xC5, 2, 1, 3][..]));
/// # Ok::<(), wechatpay_wasm::keys::der::Malformed>(())
/// ```
pub fn spki(input: &[u8]) -> R<Spki<'_>> {
    let mut outer = Reader::new(input)?;
    let parsed = spki_in(&mut outer)?;
    outer.finish()?;
    Ok(parsed)
}

fn spki_in<'a>(reader: &mut Reader<'a>) -> R<Spki<'a>> {
    let mut seq = reader.nested(SEQUENCE)?;
    let algorithm = seq.algorithm()?;
    let (unused, bits) = seq.bit_string(BIT_STRING)?;
    seq.finish()?;
    Ok(Spki { algorithm, key: (unused == 0).then_some(bits) })
}

/// What the core reads of an X.509 certificate. The rest is checked as DER and skipped; the
/// signature is not verified (see `keys::cert`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Certificate<'a> {
    /// The serial number's content octets (two's complement, as encoded: a leading `00` stays).
    pub serial: &'a [u8],
    /// `notBefore`, in Unix seconds.
    pub not_before: u64,
    /// `notAfter`, in Unix seconds.
    pub not_after: u64,
    /// The whole `SubjectPublicKeyInfo` encoding.
    pub spki: &'a [u8],
}

/// Parses an X.509 v1–v3 certificate (RFC 5280 §4.1) with the rules `x509-cert` 0.2 applies:
/// serial number of at most 21 octets, validity as UTCTime (1970–2049) or GeneralizedTime
/// (1970–9999), optional unique identifiers and extensions (`critical` a DER BOOLEAN).
///
/// ```
/// # let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem"));
/// # let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
/// # use base64::Engine as _;
/// # let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
/// let cert = wechatpay_wasm::keys::der::certificate(&der)?;
/// assert!(cert.not_before < cert.not_after);
/// assert_eq!(wechatpay_wasm::keys::der::spki(cert.spki)?.algorithm.oid, wechatpay_wasm::keys::der::RSA_ENCRYPTION);
/// # Ok::<(), wechatpay_wasm::keys::der::Malformed>(())
/// ```
pub fn certificate(input: &[u8]) -> R<Certificate<'_>> {
    let mut outer = Reader::new(input)?;
    let mut cert = outer.nested(SEQUENCE)?;
    outer.finish()?;
    let mut tbs = cert.nested(SEQUENCE)?;
    // version [0] EXPLICIT INTEGER DEFAULT v1.
    if tbs.context_field(0)? {
        let mut version = tbs.nested(0xA0)?;
        version.small(2)?;
        version.finish()?;
    }
    let serial = tbs.int()?;
    if serial.len() > 21 {
        return Err(Malformed);
    }
    tbs.algorithm()?;
    tbs.name()?;
    let mut validity = tbs.nested(SEQUENCE)?;
    let not_before = validity.time()?;
    let not_after = validity.time()?;
    validity.finish()?;
    tbs.name()?;
    let spki = {
        let start = tbs.rest;
        spki_in(&mut tbs)?;
        start.get(..start.len() - tbs.rest.len()).ok_or(Malformed)?
    };
    tbs.implicit_bit_string(1)?;
    tbs.implicit_bit_string(2)?;
    if tbs.context_field(3)? {
        let mut explicit = tbs.nested(0xA3)?;
        let mut extensions = explicit.nested(SEQUENCE)?;
        explicit.finish()?;
        while !extensions.is_empty() {
            let mut extension = extensions.nested(SEQUENCE)?;
            extension.oid()?;
            if extension.peek_tag()? == Some(BOOLEAN) && !matches!(extension.expect(BOOLEAN)?, [0x00] | [0xFF]) {
                return Err(Malformed);
            }
            extension.expect(OCTET_STRING)?;
            extension.finish()?;
        }
    }
    tbs.finish()?;
    cert.algorithm()?;
    cert.bit_string(BIT_STRING)?;
    cert.finish()?;
    Ok(Certificate { serial, not_before, not_after, spki })
}

/// Appends a DER length in the fewest octets.
fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = len.to_be_bytes();
    let significant = bytes.get(bytes.iter().take_while(|&&b| b == 0).count()..).unwrap_or_default();
    out.push(0x80 | significant.len() as u8);
    out.extend_from_slice(significant);
}

/// Octets of a TLV header for `len` content octets.
fn header_len(len: usize) -> usize {
    match len {
        0..=0x7F => 2,
        0x80..=0xFF => 3,
        0x100..=0xFFFF => 4,
        0x1_0000..=0xFF_FFFF => 5,
        _ => 6,
    }
}

/// `AlgorithmIdentifier { rsaEncryption, NULL }`.
const RSA_ALGORITHM: [u8; 15] = [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00];

/// Wraps a PKCS#1 `RSAPrivateKey` into a PKCS#8 `PrivateKeyInfo` (version 0, rsaEncryption with
/// NULL parameters), as `pkcs8::PrivateKeyInfo::new(pkcs1::ALGORITHM_ID, …)` encodes it: what
/// WebCrypto's `importKey("pkcs8", …)` takes. The PKCS#1 octets are not checked here. Written
/// into a buffer of the exact size (no reallocation leaves copies of the key), zeroized on drop.
///
/// ```
/// let pkcs8 = wechatpay_wasm::keys::der::pkcs8_from_pkcs1(&[0x30, 0x00]);
/// assert_eq!(&pkcs8[..5], &[0x30, 0x16, 0x02, 0x01, 0x00]);
/// ```
pub fn pkcs8_from_pkcs1(pkcs1: &[u8]) -> zeroize::Zeroizing<Vec<u8>> {
    let content = 3 + RSA_ALGORITHM.len() + header_len(pkcs1.len()) + pkcs1.len();
    let mut out = zeroize::Zeroizing::new(Vec::with_capacity(header_len(content) + content));
    out.push(SEQUENCE);
    push_len(&mut out, content);
    out.extend_from_slice(&[INTEGER, 0x01, 0x00]);
    out.extend_from_slice(&RSA_ALGORITHM);
    out.push(OCTET_STRING);
    push_len(&mut out, pkcs1.len());
    out.extend_from_slice(pkcs1);
    out
}

/// Appends a non-negative INTEGER from a big-endian magnitude (leading zero octets dropped, a
/// `00` added before a high bit; zero is `02 01 00`).
fn push_uint(out: &mut Vec<u8>, magnitude: &[u8]) {
    let skip = magnitude.iter().take_while(|&&b| b == 0).count();
    let digits = magnitude.get(skip..).unwrap_or_default();
    let pad = digits.first().is_none_or(|&b| b >= 0x80);
    out.push(INTEGER);
    push_len(out, digits.len() + usize::from(pad));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(digits);
}

fn uint_len(magnitude: &[u8]) -> usize {
    let skip = magnitude.iter().take_while(|&&b| b == 0).count();
    let digits = magnitude.get(skip..).unwrap_or_default();
    let len = digits.len() + usize::from(digits.first().is_none_or(|&b| b >= 0x80));
    header_len(len) + len
}

/// The `SubjectPublicKeyInfo` DER of the RSA key `(n, e)` (big-endian magnitudes), as
/// `rsa`'s `to_public_key_der` writes it: what WebCrypto's `importKey("spki", …)` takes.
///
/// ```
/// let der = wechatpay_wasm::keys::der::spki_from_rsa(&[0xC5], &[3]);
/// assert_eq!(der.len(), 2 + 15 + 3 + 9);
/// ```
pub fn spki_from_rsa(n: &[u8], e: &[u8]) -> Vec<u8> {
    let key = uint_len(n) + uint_len(e);
    let bits = 1 + header_len(key) + key;
    let content = RSA_ALGORITHM.len() + header_len(bits) + bits;
    let mut out = Vec::with_capacity(header_len(content) + content);
    out.push(SEQUENCE);
    push_len(&mut out, content);
    out.extend_from_slice(&RSA_ALGORITHM);
    out.push(BIT_STRING);
    push_len(&mut out, bits);
    out.push(0);
    out.push(SEQUENCE);
    push_len(&mut out, key);
    push_uint(&mut out, n);
    push_uint(&mut out, e);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_minimal_both_ways() {
        for len in [0usize, 1, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x1_0000, 0xFF_FFFF, 0x100_0000] {
            let mut out = Vec::new();
            push_len(&mut out, len);
            assert_eq!(out.len() + 1, header_len(len), "{len}");
            let mut tlv = vec![0x04];
            tlv.extend_from_slice(&out);
            tlv.resize(tlv.len() + len.min(0x1_0000), 0);
            if len <= 0x1_0000 {
                let mut r = Reader::new(&tlv).unwrap();
                assert_eq!(r.expect(0x04).unwrap().len(), len);
                assert!(r.finish().is_ok());
            }
        }
        // Non-minimal, indefinite, too many octets, past the end.
        for bad in [&[0x04, 0x81, 0x05, 0, 0, 0, 0, 0][..], &[0x04, 0x82, 0x00, 0x80], &[0x04, 0x80, 0, 0], &[0x04, 0x85, 0, 0, 0, 0, 1, 0], &[0x04, 0x02, 0]] {
            assert!(Reader::new(bad).unwrap().any().is_err(), "{bad:02x?}");
        }
    }

    #[test]
    fn integers_follow_der() {
        let int = |bytes: &[u8]| {
            let mut tlv = vec![INTEGER, bytes.len() as u8];
            tlv.extend_from_slice(bytes);
            (Reader::new(&tlv).unwrap().uint().map(<[u8]>::to_vec), Reader::new(&tlv).unwrap().int().map(<[u8]>::to_vec))
        };
        assert_eq!(int(&[0]), (Ok(vec![0]), Ok(vec![0])));
        assert_eq!(int(&[0, 0x80]), (Ok(vec![0x80]), Ok(vec![0, 0x80])));
        assert_eq!(int(&[0x80]), (Err(Malformed), Ok(vec![0x80])));
        assert_eq!(int(&[0, 0x7F]), (Err(Malformed), Err(Malformed)));
        assert_eq!(int(&[0xFF, 0x80]), (Err(Malformed), Err(Malformed)));
        assert_eq!(int(&[]), (Err(Malformed), Err(Malformed)));
    }

    #[test]
    fn times_match_known_instants() {
        let time = |tag: u8, text: &str| {
            let mut tlv = vec![tag, text.len() as u8];
            tlv.extend_from_slice(text.as_bytes());
            Reader::new(&tlv).unwrap().time()
        };
        assert_eq!(time(UTC_TIME, "700101000000Z"), Ok(0));
        assert_eq!(time(UTC_TIME, "000229235959Z"), Ok(951_868_799));
        assert_eq!(time(UTC_TIME, "491231235959Z"), Ok(2_524_607_999));
        assert_eq!(time(GENERALIZED_TIME, "20380119031408Z"), Ok(2_147_483_648));
        assert_eq!(time(GENERALIZED_TIME, "99991231235959Z"), Ok(253_402_300_799));
        for (tag, bad) in [(UTC_TIME, "690101000000Z"), (UTC_TIME, "010229000000Z"), (UTC_TIME, "700101240000Z"), (UTC_TIME, "7001010000Z"), (UTC_TIME, "700101000000+"), (GENERALIZED_TIME, "19691231235959Z"), (GENERALIZED_TIME, "21000229000000Z"), (OCTET_STRING, "700101000000Z")] {
            assert_eq!(time(tag, bad), Err(Malformed), "{bad}");
        }
    }

    #[test]
    fn oids_as_const_oid_reads_them() {
        assert_eq!(oid_string(RSA_ENCRYPTION), "1.2.840.113549.1.1.1");
        assert_eq!(oid_string(&[0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D]), "1.2.156.10197.1.301");
        assert_eq!(oid_string(&[0x2B, 0x65]), "?"); // two octets: const-oid wants three
        assert_eq!(oid_string(&[0x78, 0x01, 0x01]), "?"); // first octet 120: arc 3
        assert_eq!(oid_string(&[0x2A, 0x01, 0x81]), "?"); // arc cut short
        assert_eq!(oid_string(&[0x2A, 0x8F, 0xFF, 0xFF, 0x7F]), "1.2.33554431");
        assert_eq!(oid_string(&[0x2A, 0x8F, 0xFF, 0xFF, 0xFF, 0x10]), "?"); // fifth octet above 0F
    }

    #[test]
    fn tags_as_der_knows_them() {
        for b in 0..=255u8 {
            let expected = matches!(b, 0x01..=0x06 | 0x09 | 0x0A | 0x0C | 0x12..=0x18 | 0x1A | 0x1E | 0x30 | 0x31)
                || (b >= 0x40 && b & 0x1F != 0x1F);
            assert_eq!(known_tag(b), expected, "{b:02x}");
        }
    }
}
