//! Reconciliation bills (对账单) of API v3 and v2: the same text format for trade and fund-flow
//! bills, processed incrementally so that a bill of any size streams through bounded memory.
//!
//! - [`BillParser`]: the bill text, fed in chunks of bytes, into its header, detail rows,
//!   summary header and summary row.
//! - [`BillHasher`]: incremental SHA-1 of the bill, checked against the `hash_value` of the
//!   v3 apply response (which covers the bill itself, after gzip decompression).
//! - [`BillDecryptor`]: incremental AES-256-GCM decryption of a service provider's encrypted
//!   sub-merchant fund-flow bill.
//! - [`GzipDecoder`]: incremental gzip decompression (`tar_type=GZIP`).
//! - [`BillPart`]: one downloaded file through all of these into a parser: the bytes of the
//!   network go in, the cells of the rows come out, and nothing in between leaves wasm.

mod decrypt;
mod gunzip;
mod hash;
mod parse;
mod part;

pub use decrypt::BillDecryptor;
pub use gunzip::GzipDecoder;
pub use hash::BillHasher;
pub use part::BillPart;
pub use parse::{parse_bill, Bill, BillParser, MAX_BILL_COLUMNS, MAX_BILL_LINE_BYTES};
