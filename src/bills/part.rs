//! One downloaded bill file, from the bytes of the response to the parser: decrypt (encrypted
//! sub-merchant bills), gunzip (`tar_type=GZIP`), hash (v3: SHA-1 of the bill itself, after
//! decompression), parse. Several files of one bill feed one parser, in order.

use super::{BillDecryptor, BillHasher, BillParser, GzipDecoder};
use crate::Result;

/// The stages of one file.
pub struct BillPart {
    decryptor: Option<BillDecryptor>,
    gunzip: Option<GzipDecoder>,
    hash: Option<(BillHasher, String, String)>,
}

impl BillPart {
    /// `hash`: `(hash_type, hash_value)` to check at the end (v3), or none (v2 bills carry no hash).
    pub fn new(decryptor: Option<BillDecryptor>, gzip: bool, hash: Option<(String, String)>) -> Self {
        BillPart {
            decryptor,
            gunzip: gzip.then(GzipDecoder::new),
            hash: hash.map(|(t, v)| (BillHasher::new(), t, v)),
        }
    }

    /// Feeds bytes of the download; returns the detail cells completed (flat, as
    /// [`BillParser::push`]).
    pub fn push(&mut self, chunk: &[u8], parser: &mut BillParser) -> Result<Vec<String>> {
        let plain;
        let bytes = match self.decryptor.as_mut() {
            Some(d) => {
                plain = d.update(chunk);
                plain.as_slice()
            }
            None => chunk,
        };
        let mut cells = Vec::new();
        let hash = &mut self.hash;
        let mut bill = |b: &[u8]| -> Result<()> {
            if let Some((h, _, _)) = hash.as_mut() {
                h.update(b);
            }
            cells.extend(parser.push(b)?);
            Ok(())
        };
        match self.gunzip.as_mut() {
            Some(g) => g.update(bytes, &mut bill)?,
            None => bill(bytes)?,
        }
        Ok(cells)
    }

    /// The file ended: the GCM tag, the gzip trailer and the hash are checked, in that order.
    pub fn finish(&mut self) -> Result<()> {
        if let Some(d) = self.decryptor.take() {
            d.finish()?;
        }
        if let Some(g) = self.gunzip.as_ref() {
            g.finish()?;
        }
        if let Some((h, t, v)) = self.hash.as_ref() {
            h.check(t, v)?;
        }
        Ok(())
    }
}
