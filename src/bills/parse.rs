//! The bill text format shared by v3 `tradebill` / `fundflowbill` and v2 `downloadbill` /
//! `downloadfundflow`:
//!
//! ```text
//! 交易时间,公众账号ID,商户号,…            ← header: column names, comma-separated
//! `2026-11-30 10:00:00,`wx…,`1900000001,… ← detail rows: every cell starts with a backtick
//! 总交易单数,应结订单总金额,…              ← summary header
//! `1,`0.01,…                               ← summary row
//! ```
//!
//! Cells are kept as text (amounts such as `0.01` stay strings; nothing becomes a float). A
//! detail row splits at ",`", so a comma inside a cell stays in it. The parser is fed bytes in
//! chunks, looks at each byte a bounded number of times, and refuses (`BILL_INVALID`) anything
//! else: a row with the wrong number of cells, a line over [`MAX_BILL_LINE_BYTES`], text that is
//! not UTF-8, lines after the summary. A bill that stops before its summary row is
//! `BILL_TRUNCATED`. It is never half-parsed silently.

use crate::{Error, Result};

/// The longest line accepted (a detail row of a real bill is under 1 KB); a longer one is
/// `BILL_INVALID`, refused while it grows.
///
/// ```
/// use wechatpay_wasm::bills::{parse_bill, MAX_BILL_LINE_BYTES};
/// let bill = format!("a\n`{}\nn\n`1\n", "x".repeat(MAX_BILL_LINE_BYTES));
/// assert_eq!(parse_bill(bill.as_bytes()).unwrap_err().code(), "BILL_INVALID");
/// ```
pub const MAX_BILL_LINE_BYTES: usize = 64 * 1024;
/// The most columns accepted in a header; more are `BILL_INVALID`.
///
/// ```
/// use wechatpay_wasm::bills::{parse_bill, MAX_BILL_COLUMNS};
/// let header: Vec<String> = (0..=MAX_BILL_COLUMNS).map(|i| format!("c{i}")).collect();
/// let bill = format!("{}\nn\n`0\n", header.join(","));
/// assert_eq!(parse_bill(bill.as_bytes()).unwrap_err().code(), "BILL_INVALID");
/// ```
pub const MAX_BILL_COLUMNS: usize = 256;

const BOM: &str = "\u{feff}";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Header,
    Details,
    SummaryRow,
    Done,
}

/// An incremental bill parser: [`push`](Self::push) chunks, collect the detail cells it returns,
/// then [`finish`](Self::finish). Memory stays bounded by one line, whatever the bill's size.
///
/// ```
/// use wechatpay_wasm::bills::BillParser;
/// let bill = "交易时间,商户订单号,应结订单金额\r\n`2026-11-30 10:00:00,`A1,`0.01\r\n总交易单数,应结订单总金额\r\n`1,`0.01\r\n";
/// let mut parser = BillParser::new();
/// let mut cells = Vec::new();
/// for chunk in bill.as_bytes().chunks(5) { // chunks may split lines and UTF-8 characters
///     cells.extend(parser.push(chunk)?);
/// }
/// cells.extend(parser.finish()?);
/// for row in cells.chunks(parser.columns().len()) {
///     assert_eq!(row, ["2026-11-30 10:00:00", "A1", "0.01"]);
/// }
/// assert_eq!((parser.rows(), parser.summary()), (1, &["1".to_owned(), "0.01".to_owned()][..]));
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug)]
pub struct BillParser {
    part: Part,
    pending: Vec<u8>,
    line: u64,
    columns: Vec<String>,
    summary_columns: Vec<String>,
    summary: Vec<String>,
    rows: u64,
}

/// A whole bill, parsed at once by [`parse_bill`]; every cell is text, as in the bill.
///
/// ```
/// let text = "交易时间,商户订单号,应结订单金额\r\n`2026-11-30 10:00:00,`A1,`0.01\r\n总交易单数,应结订单总金额\r\n`1,`0.01\r\n";
/// let bill = wechatpay_wasm::bills::parse_bill(text.as_bytes())?;
/// assert_eq!(bill.columns, ["交易时间", "商户订单号", "应结订单金额"]);
/// assert_eq!(bill.summary_columns, ["总交易单数", "应结订单总金额"]);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bill {
    /// The header's column names (`交易时间`, `商户订单号`, …), distinct.
    pub columns: Vec<String>,
    /// Detail rows, each with one cell per column.
    pub rows: Vec<Vec<String>>,
    /// The summary header's names (`总交易单数`, `应结订单总金额`, …).
    pub summary_columns: Vec<String>,
    /// The summary row, one cell per summary column.
    pub summary: Vec<String>,
}

/// Parses a complete bill held in memory (for a download of any size, stream it through
/// [`BillParser`] or [`BillPart`](super::BillPart)). `BILL_INVALID` for text the format
/// forbids, `BILL_TRUNCATED` for a bill without its summary row.
///
/// ```
/// let text = "交易时间,商户订单号,应结订单金额\r\n`2026-11-30 10:00:00,`A1,`0.01\r\n总交易单数,应结订单总金额\r\n`1,`0.01\r\n";
/// let bill = wechatpay_wasm::bills::parse_bill(text.as_bytes())?;
/// assert_eq!(bill.rows, vec![vec!["2026-11-30 10:00:00", "A1", "0.01"]]);
/// assert_eq!(bill.summary, vec!["1", "0.01"]);
/// let cut = &text.as_bytes()[..text.find("总交易单数").unwrap_or_default()];
/// assert_eq!(wechatpay_wasm::bills::parse_bill(cut).unwrap_err().code(), "BILL_TRUNCATED");
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn parse_bill(bytes: &[u8]) -> Result<Bill> {
    let mut parser = BillParser::new();
    let mut cells = parser.push(bytes)?;
    cells.extend(parser.finish()?);
    let width = parser.columns.len().max(1);
    let mut rows = Vec::with_capacity(cells.len() / width);
    let mut it = cells.into_iter();
    loop {
        let row: Vec<String> = it.by_ref().take(width).collect();
        if row.is_empty() {
            break;
        }
        rows.push(row);
    }
    Ok(Bill { columns: parser.columns, rows, summary_columns: parser.summary_columns, summary: parser.summary })
}

fn invalid(line: u64, what: impl core::fmt::Display) -> Error {
    Error::BillInvalid(format!("line {line}: {what}"))
}

impl Default for BillParser {
    fn default() -> Self {
        Self::new()
    }
}

impl BillParser {
    /// A parser before the bill's first byte.
    ///
    /// ```
    /// let parser = wechatpay_wasm::bills::BillParser::new();
    /// assert!(parser.columns().is_empty() && parser.summary().is_empty());
    /// assert_eq!(parser.rows(), 0);
    /// ```
    pub fn new() -> Self {
        BillParser {
            part: Part::Header,
            pending: Vec::new(),
            line: 0,
            columns: Vec::new(),
            summary_columns: Vec::new(),
            summary: Vec::new(),
            rows: 0,
        }
    }

    /// The header's column names (empty until the header line was read).
    ///
    /// ```
    /// let mut parser = wechatpay_wasm::bills::BillParser::new();
    /// parser.push("交易时间,商户订单号\r\n".as_bytes())?;
    /// assert_eq!(parser.columns(), ["交易时间", "商户订单号"]);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
    /// The summary header's names (empty until that line was read).
    ///
    /// ```
    /// let mut parser = wechatpay_wasm::bills::BillParser::new();
    /// parser.push("交易时间\r\n`2026-11-30 10:00:00\r\n总交易单数,应结订单总金额\r\n".as_bytes())?;
    /// assert_eq!(parser.summary_columns(), ["总交易单数", "应结订单总金额"]);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn summary_columns(&self) -> &[String] {
        &self.summary_columns
    }
    /// The summary row (empty until it was read).
    ///
    /// ```
    /// let mut parser = wechatpay_wasm::bills::BillParser::new();
    /// parser.push("交易时间\r\n总交易单数\r\n`0\r\n".as_bytes())?;
    /// parser.finish()?;
    /// assert_eq!(parser.summary(), ["0"]);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn summary(&self) -> &[String] {
        &self.summary
    }
    /// Detail rows read so far.
    ///
    /// ```
    /// let mut parser = wechatpay_wasm::bills::BillParser::new();
    /// parser.push(b"a,b\n`1,`2\n`3,`4\n")?;
    /// assert_eq!(parser.rows(), 2);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Feeds the next bytes; returns the cells of the detail rows completed by them, flat
    /// (`columns().len()` cells per row). A partial last line waits for the next chunk.
    ///
    /// ```
    /// let mut parser = wechatpay_wasm::bills::BillParser::new();
    /// assert_eq!(parser.push(b"a,b\n`1,`2\n`3,")?, ["1", "2"]);
    /// assert_eq!(parser.push(b"`4\n")?, ["3", "4"]);
    /// assert_eq!(parser.push(b"`5\n").unwrap_err().code(), "BILL_INVALID"); // one cell for two columns
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut rest = chunk;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            let (head, tail) = rest.split_at(i);
            rest = tail.get(1..).unwrap_or_default();
            if self.pending.is_empty() {
                self.line_done(head, &mut out)?;
            } else {
                self.grow(head)?;
                let line = core::mem::take(&mut self.pending);
                self.line_done(&line, &mut out)?;
            }
        }
        self.grow(rest)?;
        Ok(out)
    }

    /// Ends the bill: a last line without a newline is read, then the bill must be complete
    /// (`BILL_TRUNCATED` otherwise). Returns the cells of that last line, if it was a detail row.
    ///
    /// ```
    /// let mut parser = wechatpay_wasm::bills::BillParser::new();
    /// parser.push(b"a\n`1\nn\n`1")?;
    /// assert!(parser.finish()?.is_empty()); // "`1" was the summary row
    /// assert_eq!(parser.summary(), ["1"]);
    ///
    /// let mut cut = wechatpay_wasm::bills::BillParser::new();
    /// cut.push(b"a\n`1\n")?;
    /// assert_eq!(cut.finish().unwrap_err().code(), "BILL_TRUNCATED");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn finish(&mut self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        if !self.pending.is_empty() {
            let line = core::mem::take(&mut self.pending);
            self.line_done(&line, &mut out)?;
        }
        match self.part {
            Part::Done => Ok(out),
            Part::Header => Err(Error::BillTruncated("the bill is empty: no header line".into())),
            Part::Details => Err(Error::BillTruncated(format!(
                "the bill ends after {} detail rows without its summary",
                self.rows
            ))),
            Part::SummaryRow => Err(Error::BillTruncated("the bill ends after the summary header, without the summary row".into())),
        }
    }

    fn grow(&mut self, bytes: &[u8]) -> Result<()> {
        if self.pending.len() + bytes.len() > MAX_BILL_LINE_BYTES {
            return Err(invalid(self.line + 1, format_args!("longer than {MAX_BILL_LINE_BYTES} bytes")));
        }
        self.pending.extend_from_slice(bytes);
        Ok(())
    }

    fn line_done(&mut self, raw: &[u8], out: &mut Vec<String>) -> Result<()> {
        self.line += 1;
        let line_no = self.line;
        if raw.len() > MAX_BILL_LINE_BYTES {
            return Err(invalid(line_no, format_args!("longer than {MAX_BILL_LINE_BYTES} bytes")));
        }
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let mut text = core::str::from_utf8(raw).map_err(|_| invalid(line_no, "not UTF-8"))?;
        if line_no == 1 {
            text = text.strip_prefix(BOM).unwrap_or(text);
        }
        if text.trim().is_empty() {
            return Ok(());
        }
        let data = text.starts_with('`');
        match (self.part, data) {
            (Part::Header, false) => {
                self.columns = names(text, line_no)?;
                self.part = Part::Details;
            }
            (Part::Header, true) => return Err(invalid(line_no, "a data row before the header")),
            (Part::Details, true) => {
                let before = out.len();
                cells(text, out);
                let n = out.len() - before;
                if n != self.columns.len() {
                    out.truncate(before);
                    return Err(invalid(line_no, format_args!("{n} cells for {} columns", self.columns.len())));
                }
                self.rows += 1;
            }
            (Part::Details, false) => {
                self.summary_columns = names(text, line_no)?;
                self.part = Part::SummaryRow;
            }
            (Part::SummaryRow, true) => {
                let mut row = Vec::new();
                cells(text, &mut row);
                if row.len() != self.summary_columns.len() {
                    return Err(invalid(line_no, format_args!("{} summary cells for {} summary columns", row.len(), self.summary_columns.len())));
                }
                self.summary = row;
                self.part = Part::Done;
            }
            (Part::SummaryRow, false) => return Err(invalid(line_no, "the summary header is not followed by a summary row")),
            (Part::Done, _) => return Err(invalid(line_no, "text after the summary row")),
        }
        Ok(())
    }
}

/// A header's column names: comma-separated, non-empty, distinct (they become record keys).
fn names(text: &str, line_no: u64) -> Result<Vec<String>> {
    let names: Vec<String> = text.split(',').map(|s| s.trim().to_owned()).collect();
    if names.len() > MAX_BILL_COLUMNS {
        return Err(invalid(line_no, format_args!("more than {MAX_BILL_COLUMNS} columns")));
    }
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            return Err(invalid(line_no, format_args!("column {} has no name", i + 1)));
        }
        if names.get(..i).unwrap_or_default().contains(name) {
            return Err(invalid(line_no, format_args!("column name {:?} appears twice", crate::error::excerpt(name, 64))));
        }
    }
    Ok(names)
}

/// The cells of a data row (it starts with a backtick): split at ",`", backticks removed.
fn cells(text: &str, out: &mut Vec<String>) {
    let body = text.strip_prefix('`').unwrap_or(text);
    out.extend(body.split(",`").map(str::to_owned));
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const BILL: &str = "\u{feff}交易时间,商户订单号,商品名称,应结订单金额\r\n\
`2026-11-30 10:00:00,`A1,`茶, 绿,`0.01\r\n\
`2026-11-30 11:00:00,`A2,`,`12.34\r\n\
总交易单数,应结订单总金额\r\n\
`2,`12.35\r\n";

    #[test]
    fn whole_and_byte_by_byte_agree() {
        let bill = parse_bill(BILL.as_bytes()).unwrap();
        assert_eq!(bill.columns, ["交易时间", "商户订单号", "商品名称", "应结订单金额"]);
        assert_eq!(bill.rows[0], ["2026-11-30 10:00:00", "A1", "茶, 绿", "0.01"]);
        assert_eq!(bill.rows[1], ["2026-11-30 11:00:00", "A2", "", "12.34"]);
        assert_eq!(bill.summary_columns, ["总交易单数", "应结订单总金额"]);
        assert_eq!(bill.summary, ["2", "12.35"]);
        let mut p = BillParser::new();
        let mut cells = Vec::new();
        for b in BILL.as_bytes() {
            cells.extend(p.push(core::slice::from_ref(b)).unwrap());
        }
        cells.extend(p.finish().unwrap());
        assert_eq!(cells.len(), 8);
        assert_eq!(p.rows(), 2);
    }

    #[test]
    fn refusals_have_codes() {
        let code = |t: &str| parse_bill(t.as_bytes()).unwrap_err().code();
        assert_eq!(code(""), "BILL_TRUNCATED");
        assert_eq!(code("a,b\n`1,`2\n"), "BILL_TRUNCATED");
        assert_eq!(code("a,b\n`1,`2\nn\n"), "BILL_TRUNCATED");
        assert_eq!(code("a,b\n`1\nn\n`1\n"), "BILL_INVALID");
        assert_eq!(code("`1,`2\n"), "BILL_INVALID");
        assert_eq!(code("a,a\n"), "BILL_INVALID");
        assert_eq!(code("a,b\nn\n`1\n`2\n"), "BILL_INVALID");
        assert_eq!(code("a,b\nn\nm\n"), "BILL_INVALID");
        assert_eq!(parse_bill(b"a\n`\xff\nn\n`1\n").unwrap_err().code(), "BILL_INVALID");
        let long = format!("a\n`{}\n", "x".repeat(MAX_BILL_LINE_BYTES));
        assert_eq!(code(&long), "BILL_INVALID");
        // An over-long line fed in small chunks is refused while it grows.
        let mut p = BillParser::new();
        p.push(b"a\n`").unwrap();
        let chunk = [b'x'; 4096];
        let mut failed = false;
        for _ in 0..20 {
            if p.push(&chunk).is_err() {
                failed = true;
                break;
            }
        }
        assert!(failed);
    }

    #[test]
    fn empty_detail_section_and_blank_lines() {
        let bill = parse_bill(b"a,b\n\nn\n`0\n\n").unwrap();
        assert!(bill.rows.is_empty());
        assert_eq!(bill.summary, ["0"]);
    }
}
