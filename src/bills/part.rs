//! One downloaded bill file, from the bytes of the response to the parser: decrypt (encrypted
//! sub-merchant bills), gunzip (`tar_type=GZIP`), hash (v3: SHA-1 of the bill itself, after
//! decompression), parse. Several files of one bill feed one parser, in order.

use super::{BillDecryptor, BillHasher, BillParser, GzipDecoder};
use crate::Result;

/// One downloaded file of a bill, from the bytes of the response to the cells of its rows:
/// decrypt (encrypted sub-merchant bills), gunzip (`tar_type=GZIP`), SHA-1 (v3), parse. Memory
/// stays bounded whatever the size of the bill. Act on the rows only after
/// [`finish`](Self::finish) of every file and [`BillParser::finish`] returned `Ok`.
///
/// ```
/// use wechatpay_wasm::bills::{BillParser, BillPart};
/// let bill = "交易时间,商户订单号,应结订单金额\r\n`2026-11-30 10:00:00,`A1,`0.01\r\n总交易单数,应结订单总金额\r\n`1,`0.01\r\n";
/// # let gzip = |data: &[u8]| { // RFC 1952: header, raw deflate, CRC-32 and length
/// #     let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
/// #     out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
/// #     out.extend(crc32fast::hash(data).to_le_bytes());
/// #     out.extend((data.len() as u32).to_le_bytes());
/// #     out
/// # };
/// let download = gzip(bill.as_bytes()); // the body of the download_url, tar_type=GZIP
/// // hash_type and hash_value of the v3 apply response (here `sha1sum` of the bill).
/// let hash = ("SHA1".to_owned(), "ee129327b6b75d9da3c8f7e0f4bea2cc91d22ed2".to_owned());
/// let mut part = BillPart::new(None, true, Some(hash));
/// let mut parser = BillParser::new();
/// let mut cells = Vec::new();
/// for chunk in download.chunks(16) { // as the response streams in
///     cells.extend(part.push(chunk, &mut parser)?);
/// }
/// part.finish()?;
/// cells.extend(parser.finish()?);
/// assert_eq!(cells, ["2026-11-30 10:00:00", "A1", "0.01"]);
/// assert_eq!(parser.summary(), ["1", "0.01"]);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub struct BillPart {
    decryptor: Option<BillDecryptor>,
    gunzip: Option<GzipDecoder>,
    hash: Option<(BillHasher, String, String)>,
}

impl BillPart {
    /// `decryptor`: for an encrypted bill (see [`BillDecryptor`]); `gzip`: the download is
    /// gzip (`tar_type=GZIP`); `hash`: `(hash_type, hash_value)` of the apply response to check
    /// at the end (v3), or none (v2 bills carry no hash).
    ///
    /// ```
    /// use wechatpay_wasm::bills::{BillDecryptor, BillParser, BillPart};
    /// // A v2 bill (plain text, no hash):
    /// let mut part = BillPart::new(None, false, None);
    /// let mut parser = BillParser::new();
    /// assert_eq!(part.push(b"a,b\n`1,`2\n", &mut parser)?, ["1", "2"]);
    /// // An encrypted, gzipped v3 bill: the AES key comes from `encrypt_key` (RSA-OAEP).
    /// let decryptor = BillDecryptor::new(&[7; 32], b"abcdefghijkl")?;
    /// let _part = BillPart::new(Some(decryptor), true, Some(("SHA1".into(), "…".into())));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn new(decryptor: Option<BillDecryptor>, gzip: bool, hash: Option<(String, String)>) -> Self {
        BillPart {
            decryptor,
            gunzip: gzip.then(GzipDecoder::new),
            hash: hash.map(|(t, v)| (BillHasher::new(), t, v)),
        }
    }

    /// Feeds bytes of the download; returns the detail cells completed (flat, as
    /// [`BillParser::push`]). Not gzip although `gzip` was asked for: `BILL_NOT_GZIP`.
    ///
    /// ```
    /// use wechatpay_wasm::bills::{BillParser, BillPart};
    /// let mut parser = BillParser::new();
    /// let mut part = BillPart::new(None, false, None);
    /// assert!(part.push(b"a,b\n`1,", &mut parser)?.is_empty());
    /// assert_eq!(part.push(b"`2\n", &mut parser)?, ["1", "2"]);
    ///
    /// let mut gzip = BillPart::new(None, true, None);
    /// let err = gzip.push(b"a,b\n", &mut BillParser::new()).unwrap_err();
    /// assert_eq!(err.code(), "BILL_NOT_GZIP");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
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

    /// The file ended: the GCM tag, the gzip trailer and the hash are checked, in that order
    /// (`DECRYPT_FAILED`, `BILL_TRUNCATED`, `BILL_HASH_MISMATCH`). The bill's own end is
    /// checked by [`BillParser::finish`], after the last file.
    ///
    /// ```
    /// use wechatpay_wasm::bills::{BillParser, BillPart};
    /// let bill = "交易时间,商户订单号,应结订单金额\r\n`2026-11-30 10:00:00,`A1,`0.01\r\n总交易单数,应结订单总金额\r\n`1,`0.01\r\n";
    /// let hash = ("SHA1".to_owned(), "ee129327b6b75d9da3c8f7e0f4bea2cc91d22ed2".to_owned());
    /// let mut part = BillPart::new(None, false, Some(hash.clone()));
    /// part.push(bill.as_bytes(), &mut BillParser::new())?;
    /// part.finish()?;
    ///
    /// let mut changed = BillPart::new(None, false, Some(hash));
    /// changed.push(bill.replace("0.01", "9.99").as_bytes(), &mut BillParser::new())?;
    /// assert_eq!(changed.finish().unwrap_err().code(), "BILL_HASH_MISMATCH");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
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
