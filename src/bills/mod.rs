//! Reconciliation bills (对账单) of API v3 and v2: the same text format for trade and fund-flow
//! bills, processed incrementally so that a bill of any size streams through bounded memory.
//!
//! - [`BillParser`]: the bill text, fed in chunks of bytes, into its header, detail rows,
//!   summary header and summary row.
//! - [`BillHasher`]: incremental SHA-1 of the bill, checked against the `hash_value` of the
//!   v3 apply response (which covers the bill itself, after gzip decompression).
//! - [`BillDecryptor`]: incremental AES-256-GCM decryption of a service provider's encrypted
//!   sub-merchant fund-flow bill.
//! - [`BillPart`]: one downloaded file through all of these (and gzip decompression, for
//!   `tar_type=GZIP`) into a parser: the bytes of the network go in, the cells of the rows come
//!   out, and nothing in between leaves wasm.
//! - [`parse_bill`]: a whole bill held in memory.
//!
//! This crate does not download: apply for the bill with a signed request
//! ([`v3::authorization`](crate::v3::authorization)), verify the answer, then stream its
//! `download_url` (with an `Authorization` of its own) through a [`BillPart`].
//!
//! ```
//! use wechatpay_wasm::bills::{BillParser, BillPart};
//! let download = "交易时间,商户订单号,应结订单金额\r\n`2026-11-30 10:00:00,`A1,`0.01\r\n总交易单数,应结订单总金额\r\n`1,`0.01\r\n";
//! // hash_type and hash_value from the apply response.
//! let hash = ("SHA1".to_owned(), "ee129327b6b75d9da3c8f7e0f4bea2cc91d22ed2".to_owned());
//! let (mut part, mut parser) = (BillPart::new(None, false, Some(hash)), BillParser::new());
//! let mut cells = Vec::new();
//! for chunk in download.as_bytes().chunks(1024) {
//!     cells.extend(part.push(chunk, &mut parser)?);
//! }
//! part.finish()?;
//! cells.extend(parser.finish()?);
//! let rows: Vec<&[String]> = cells.chunks(parser.columns().len()).collect();
//! assert_eq!(rows, [["2026-11-30 10:00:00", "A1", "0.01"]]);
//! # Ok::<(), wechatpay_wasm::Error>(())
//! ```

mod decrypt;
mod gunzip;
mod hash;
mod parse;
mod part;

pub use decrypt::BillDecryptor;
#[doc(hidden)]
pub use gunzip::GzipDecoder;
pub use hash::BillHasher;
pub use part::BillPart;
pub use parse::{parse_bill, Bill, BillParser, MAX_BILL_COLUMNS, MAX_BILL_LINE_BYTES};
