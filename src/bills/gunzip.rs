//! Incremental gzip decompression of a bill inside wasm (RFC 1952 framing around miniz_oxide's
//! raw inflate, CRC-32 and length checked per member). The decompressed bytes go straight on to
//! the hash and the parser in wasm, so a big bill leaves no decompressed buffers behind for the
//! JS garbage collector (measured in workerd: DecompressionStream raised the peak memory of a
//! 100 MB bill by about 160 MB; see README "Reconciliation bills").

use crate::{Error, Result};
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

const OUT: usize = 32 * 1024;
/// The longest gzip header accepted (file name and comment included).
const MAX_HEADER: usize = 64 * 1024;
const FHCRC: u8 = 2;
const FEXTRA: u8 = 4;
const FNAME: u8 = 8;
const FCOMMENT: u8 = 16;

enum Stage {
    /// Header bytes of the current member, until it is complete.
    Header(Vec<u8>),
    Body,
    Trailer(Vec<u8>),
    /// A member ended; more bytes start another member.
    Between,
}

/// Decompresses a gzip stream fed in chunks: a stage of [`BillPart`](super::BillPart), not
/// part of the Rust API (for gzip in general, use a gzip crate).
pub struct GzipDecoder {
    stage: Stage,
    inflater: Box<InflateState>,
    crc: crc32fast::Hasher,
    size: u32,
    out: Vec<u8>,
    members: u32,
}

impl Default for GzipDecoder {
    fn default() -> Self {
        Self::new()
    }
}

fn truncated(what: &str) -> Error {
    Error::BillTruncated(format!("the gzip data {what}"))
}

/// The header's length once `h` holds all of it, `None` while it is incomplete.
fn header_len(h: &[u8]) -> Result<Option<usize>> {
    if h.len() < 10 {
        if h.iter().zip([0x1f, 0x8b, 8]).any(|(a, b)| *a != b) {
            return Err(Error::BillNotGzip);
        }
        return Ok(None);
    }
    if h.get(..3) != Some(&[0x1f, 0x8b, 8][..]) {
        return Err(Error::BillNotGzip);
    }
    let flags = h.get(3).copied().unwrap_or_default();
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let Some(len) = h.get(at..at + 2).and_then(|s| <[u8; 2]>::try_from(s).ok()) else { return Ok(None) };
        at += 2 + usize::from(u16::from_le_bytes(len));
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            match h.get(at..).and_then(|rest| rest.iter().position(|&c| c == 0)) {
                Some(i) => at += i + 1,
                None => return Ok(None),
            }
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    Ok((h.len() >= at).then_some(at))
}

impl GzipDecoder {
    /// A decoder before the first byte of the stream.
    pub fn new() -> Self {
        GzipDecoder {
            stage: Stage::Header(Vec::new()),
            inflater: InflateState::new_boxed(DataFormat::Raw),
            crc: crc32fast::Hasher::new(),
            size: 0,
            out: vec![0; OUT],
            members: 0,
        }
    }

    /// Decompresses `input`, handing each piece of output to `sink` (at most 32 KiB at a time).
    /// Not gzip: `BILL_NOT_GZIP`; corrupt data or a CRC / length mismatch: `BILL_TRUNCATED`.
    pub fn update(&mut self, mut input: &[u8], sink: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
        while !input.is_empty() {
            match &mut self.stage {
                Stage::Between => self.stage = Stage::Header(Vec::new()),
                Stage::Header(h) => {
                    // Byte by byte is fine: a header is ten bytes plus an optional name.
                    let (&b, rest) = input.split_first().unwrap_or((&0, &[]));
                    input = rest;
                    h.push(b);
                    if h.len() > MAX_HEADER {
                        return Err(Error::BillInvalid("gzip header longer than 64 KiB".into()));
                    }
                    if header_len(h)?.is_some() {
                        self.stage = Stage::Body;
                        self.inflater.reset(DataFormat::Raw);
                        self.crc = crc32fast::Hasher::new();
                        self.size = 0;
                    }
                }
                Stage::Body => {
                    let r = inflate(&mut self.inflater, input, &mut self.out, MZFlush::None);
                    input = input.get(r.bytes_consumed..).unwrap_or_default();
                    let produced = self.out.get(..r.bytes_written).unwrap_or_default();
                    self.crc.update(produced);
                    self.size = self.size.wrapping_add(r.bytes_written as u32);
                    if !produced.is_empty() {
                        sink(produced)?;
                    }
                    match r.status {
                        Ok(MZStatus::StreamEnd) => self.stage = Stage::Trailer(Vec::with_capacity(8)),
                        Ok(_) => {}
                        Err(MZError::Buf) if r.bytes_consumed == 0 && r.bytes_written == 0 => break,
                        Err(MZError::Buf) => {}
                        Err(_) => return Err(truncated("is corrupt (deflate error)")),
                    }
                }
                Stage::Trailer(t) => {
                    let take = (8 - t.len()).min(input.len());
                    t.extend_from_slice(input.get(..take).unwrap_or_default());
                    input = input.get(take..).unwrap_or_default();
                    if t.len() == 8 {
                        let word = |i: usize| t.get(i..i + 4).and_then(|s| <[u8; 4]>::try_from(s).ok()).map_or(0, u32::from_le_bytes);
                        let crc = core::mem::take(&mut self.crc).finalize();
                        if word(0) != crc || word(4) != self.size {
                            return Err(truncated("fails its CRC-32 or length check"));
                        }
                        self.members += 1;
                        self.stage = Stage::Between;
                    }
                }
            }
        }
        Ok(())
    }

    /// The stream must end after a whole member.
    pub fn finish(&self) -> Result<()> {
        match &self.stage {
            Stage::Between => Ok(()),
            Stage::Header(h) if h.is_empty() && self.members == 0 => Err(Error::BillNotGzip),
            Stage::Header(h) if h.is_empty() => Ok(()),
            _ => Err(truncated("ends before the end of its stream")),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn gunzip(data: &[u8], step: usize) -> Result<Vec<u8>> {
        let mut d = GzipDecoder::new();
        let mut out = Vec::new();
        for c in data.chunks(step.max(1)) {
            d.update(c, &mut |b| {
                out.extend_from_slice(b);
                Ok(())
            })?;
        }
        d.finish()?;
        Ok(out)
    }

    // `printf 'hello bill\n' | gzip -n` and the same with a file name (gzip -c, FNAME set).
    const PLAIN: &[u8] = b"hello bill\n";
    const GZ: &[u8] = &[
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0x48, 0xca, 0xcc, 0xc9, 0xe1, 0x02, 0x00,
        0x8e, 0x94, 0x93, 0x3c, 0x0b, 0x00, 0x00, 0x00,
    ];

    #[test]
    fn chunked_and_multi_member() {
        for step in [1, 2, 7, 100] {
            assert_eq!(gunzip(GZ, step).unwrap(), PLAIN);
        }
        let two = [GZ, GZ].concat();
        assert_eq!(gunzip(&two, 3).unwrap(), [PLAIN, PLAIN].concat());
        let mut named = GZ.to_vec();
        named[3] = FNAME;
        named.splice(10..10, b"bill.csv\0".iter().copied());
        assert_eq!(gunzip(&named, 1).unwrap(), PLAIN);
    }

    #[test]
    fn refusals() {
        assert_eq!(gunzip(b"hello", 1).unwrap_err().code(), "BILL_NOT_GZIP");
        assert_eq!(gunzip(b"", 1).unwrap_err().code(), "BILL_NOT_GZIP");
        assert_eq!(gunzip(&GZ[..GZ.len() - 3], 4).unwrap_err().code(), "BILL_TRUNCATED");
        assert_eq!(gunzip(&GZ[..15], 4).unwrap_err().code(), "BILL_TRUNCATED");
        let mut bad = GZ.to_vec();
        let n = bad.len();
        bad[n - 6] ^= 1;
        assert_eq!(gunzip(&bad, 5).unwrap_err().code(), "BILL_TRUNCATED");
    }
}
