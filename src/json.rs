//! A small strict JSON reader (RFC 8259) for the JSON WeChat Pay sends: notification bodies,
//! their decrypted resources, `/v3/certificates` responses and headers given as JSON.
//!
//! Why not serde_json: it was about 45 KB of the wasm module with serde and serde-wasm-bindgen,
//! while the core reads a few string fields from flat objects. This reader is one loop over the
//! bytes (no recursion on the input: open arrays and objects are an explicit stack of at most
//! [`MAX_DEPTH`]), builds a flat tape of nodes (at most one per input byte), and refuses what the
//! RFC forbids: control characters in strings, lone surrogates in `\u` escapes, leading zeros,
//! trailing commas, anything after the value, a byte order mark. A field the core reads by name
//! must appear once: a duplicated field that one reader takes first and another last is a field
//! that verifies differently from how it is returned. Numbers are kept as their text (never
//! converted, so no float formatting or rounding).
//!
//! [`parse`] gives the owned [`Value`] of the Rust API ([`crate::v3::Notification::resource`]).
//!
//! ```
//! use wechatpay_wasm::json;
//! let v = json::parse(r#"{"out_trade_no":"T1","amount":{"total":100}}"#)?;
//! assert_eq!(v["out_trade_no"], "T1");
//! assert_eq!(v["amount"]["total"].as_u64(), Some(100));
//! assert_eq!(v.to_string(), r#"{"out_trade_no":"T1","amount":{"total":100}}"#);
//! assert_eq!(json::parse("[1,]").unwrap_err().code(), "JSON_INVALID");
//! # Ok::<(), wechatpay_wasm::Error>(())
//! ```

use crate::{Error, Result};
use std::borrow::Cow;
use std::fmt;

/// The deepest nesting of arrays and objects accepted (what serde_json accepts by default).
pub const MAX_DEPTH: usize = 127;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Null,
    True,
    False,
    Number,
    String,
    Array,
    Object,
}

/// One value of the tape: its byte span in the text (strings with their quotes), and the index
/// of the node after its subtree (its next sibling, if any).
#[derive(Clone, Copy, Debug)]
struct Node {
    start: u32,
    end: u32,
    next: u32,
    kind: Kind,
    /// A string with a backslash escape (else its text is the slice between the quotes).
    escaped: bool,
}

/// A parsed document: the text and its tape, in document order.
pub(crate) struct Document<'a> {
    text: &'a str,
    nodes: Vec<Node>,
}

/// One value of a [`Document`].
#[derive(Clone, Copy)]
pub(crate) struct Item<'d, 'a> {
    doc: &'d Document<'a>,
    index: usize,
}

fn invalid(what: &str, message: &str, at: usize) -> Error {
    Error::JsonInvalid(format!("{what}: {message} at byte {at}"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// A value (the document's, an array item after a comma, an object member's after `:`).
    Value,
    /// Just after `[`: a value or `]`.
    FirstItem,
    /// Just after `{`: a name or `}`.
    FirstName,
    /// After a comma in an object: a name.
    Name,
    /// After a value: `,` or the container's close, or the end of the text.
    After,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let mut v = 0;
    for k in 0..4 {
        let d = char::from(*b.get(i + k)?).to_digit(16)?;
        v = v << 4 | d;
    }
    Some(v)
}

/// The end of the string opening at `i` (a `"`), and whether it holds an escape.
fn scan_string(b: &[u8], start: usize) -> std::result::Result<(usize, bool), (&'static str, usize)> {
    let mut i = start + 1;
    let mut escaped = false;
    loop {
        match b.get(i) {
            None => return Err(("unterminated string", start)),
            Some(b'"') => return Ok((i + 1, escaped)),
            Some(b'\\') => {
                escaped = true;
                match b.get(i + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                    Some(b'u') => {
                        let u = hex4(b, i + 2).ok_or(("bad \\u escape", i))?;
                        if (0xDC00..0xE000).contains(&u) {
                            return Err(("lone surrogate", i));
                        }
                        if (0xD800..0xDC00).contains(&u) {
                            let low = match (b.get(i + 6), b.get(i + 7)) {
                                (Some(b'\\'), Some(b'u')) => hex4(b, i + 8),
                                _ => None,
                            };
                            if !low.is_some_and(|l| (0xDC00..0xE000).contains(&l)) {
                                return Err(("lone surrogate", i));
                            }
                            i += 12;
                        } else {
                            i += 6;
                        }
                    }
                    _ => return Err(("bad escape", i)),
                }
            }
            Some(0..=0x1F) => return Err(("control character in a string", i)),
            Some(_) => i += 1,
        }
    }
}

fn digits(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// The end of the number starting at `i`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn scan_number(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + usize::from(b.get(start) == Some(&b'-'));
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(b, i + 1),
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        let end = digits(b, i + 1);
        if end == i + 1 {
            return None;
        }
        i = end;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let end = digits(b, i);
        if end == i {
            return None;
        }
        i = end;
    }
    Some(i)
}

impl<'a> Document<'a> {
    /// Reads `text` (one JSON value and optional whitespace around it); `what` names it in errors.
    pub(crate) fn parse(text: &'a str, what: &str) -> Result<Self> {
        let b = text.as_bytes();
        if u32::try_from(b.len()).is_err() {
            return Err(invalid(what, "too large", 0));
        }
        let mut nodes: Vec<Node> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut state = State::Value;
        let mut i = 0;
        loop {
            i = skip_ws(b, i);
            let c = b.get(i).copied();
            match state {
                State::After => match (open.last().copied(), c) {
                    (None, None) => return Ok(Document { text, nodes }),
                    (None, Some(_)) => return Err(invalid(what, "trailing characters", i)),
                    (Some(top), Some(b',')) => {
                        let object = nodes.get(top).is_some_and(|n| n.kind == Kind::Object);
                        state = if object { State::Name } else { State::Value };
                        i += 1;
                    }
                    (Some(top), Some(close @ (b']' | b'}'))) => {
                        let len = nodes.len() as u32;
                        match nodes.get_mut(top) {
                            Some(n) if (n.kind == Kind::Array) == (close == b']') => {
                                n.end = i as u32 + 1;
                                n.next = len;
                            }
                            _ => return Err(invalid(what, "mismatched bracket", i)),
                        }
                        open.pop();
                        i += 1;
                    }
                    (Some(_), None) => return Err(invalid(what, "unexpected end", i)),
                    (Some(_), Some(_)) => return Err(invalid(what, "expected , or a closing bracket", i)),
                },
                State::FirstItem if c == Some(b']') => state = State::After,
                State::FirstName if c == Some(b'}') => state = State::After,
                State::FirstName | State::Name => {
                    if c != Some(b'"') {
                        return Err(invalid(what, "expected a member name", i));
                    }
                    let (end, escaped) = scan_string(b, i).map_err(|(m, at)| invalid(what, m, at))?;
                    let index = nodes.len() as u32;
                    nodes.push(Node { start: i as u32, end: end as u32, next: index + 1, kind: Kind::String, escaped });
                    i = skip_ws(b, end);
                    if b.get(i) != Some(&b':') {
                        return Err(invalid(what, "expected :", i));
                    }
                    i += 1;
                    state = State::Value;
                }
                State::Value | State::FirstItem => {
                    let index = nodes.len() as u32;
                    let (kind, end, escaped) = match c {
                        Some(b'[' | b'{') => {
                            if open.len() >= MAX_DEPTH {
                                return Err(invalid(what, "nested too deeply", i));
                            }
                            open.push(index as usize);
                            let array = c == Some(b'[');
                            state = if array { State::FirstItem } else { State::FirstName };
                            let kind = if array { Kind::Array } else { Kind::Object };
                            nodes.push(Node { start: i as u32, end: i as u32 + 1, next: index + 1, kind, escaped: false });
                            i += 1;
                            continue;
                        }
                        Some(b'"') => {
                            let (end, escaped) = scan_string(b, i).map_err(|(m, at)| invalid(what, m, at))?;
                            (Kind::String, end, escaped)
                        }
                        Some(b't') if b.get(i..i + 4) == Some(b"true") => (Kind::True, i + 4, false),
                        Some(b'f') if b.get(i..i + 5) == Some(b"false") => (Kind::False, i + 5, false),
                        Some(b'n') if b.get(i..i + 4) == Some(b"null") => (Kind::Null, i + 4, false),
                        Some(b'-' | b'0'..=b'9') => {
                            (Kind::Number, scan_number(b, i).ok_or_else(|| invalid(what, "bad number", i))?, false)
                        }
                        None => return Err(invalid(what, "unexpected end", i)),
                        Some(_) => return Err(invalid(what, "expected a value", i)),
                    };
                    nodes.push(Node { start: i as u32, end: end as u32, next: index + 1, kind, escaped });
                    i = end;
                    state = State::After;
                }
            }
        }
    }

    /// The document's value.
    pub(crate) fn root(&self) -> Item<'_, 'a> {
        Item { doc: self, index: 0 }
    }
}

/// The text of a validated string token (with its quotes), unescaped.
fn unescape(token: &str, escaped: bool) -> Cow<'_, str> {
    let inner = token.get(1..token.len().saturating_sub(1)).unwrap_or_default();
    if !escaped {
        return Cow::Borrowed(inner);
    }
    let b = inner.as_bytes();
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    let mut plain = 0;
    while i < b.len() {
        if b.get(i) != Some(&b'\\') {
            i += 1;
            continue;
        }
        out.push_str(inner.get(plain..i).unwrap_or_default());
        let c = match b.get(i + 1) {
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let u = hex4(b, i + 2).unwrap_or(0xFFFD);
                i += 4;
                if (0xD800..0xDC00).contains(&u) {
                    // The reader checked the low half follows.
                    let low = hex4(b, i + 4).unwrap_or(0xDC00);
                    i += 6;
                    char::from_u32(0x10000 + ((u - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF))
                } else {
                    char::from_u32(u)
                }
                .unwrap_or('\u{FFFD}')
            }
            Some(&other) => char::from(other),
            None => break,
        };
        out.push(c);
        i += 2;
        plain = i;
    }
    out.push_str(inner.get(plain..).unwrap_or_default());
    Cow::Owned(out)
}

impl<'d, 'a> Item<'d, 'a> {
    fn node(&self) -> Node {
        self.doc.nodes.get(self.index).copied().unwrap_or(Node { start: 0, end: 0, next: 0, kind: Kind::Null, escaped: false })
    }

    pub(crate) fn kind(&self) -> Kind {
        self.node().kind
    }

    /// The exact text of this value.
    pub(crate) fn raw(&self) -> &'a str {
        let n = self.node();
        self.doc.text.get(n.start as usize..n.end as usize).unwrap_or_default()
    }

    /// A string's value.
    pub(crate) fn as_str(&self) -> Option<Cow<'a, str>> {
        let n = self.node();
        (n.kind == Kind::String).then(|| unescape(self.raw(), n.escaped))
    }

    /// An array's items or an object's names and values, alternating.
    pub(crate) fn children(&self) -> Children<'d, 'a> {
        let n = self.node();
        let container = matches!(n.kind, Kind::Array | Kind::Object);
        Children { doc: self.doc, at: self.index + 1, end: if container { n.next as usize } else { 0 } }
    }

    /// An object's members, in order.
    pub(crate) fn members(&self) -> impl Iterator<Item = (Item<'d, 'a>, Item<'d, 'a>)> + use<'d, 'a> {
        let object = self.kind() == Kind::Object;
        let mut children = self.children();
        std::iter::from_fn(move || if object { Some((children.next()?, children.next()?)) } else { None })
    }

    /// The member `name` of an object: `Ok(None)` when absent (or not an object), an error
    /// when the name appears twice.
    pub(crate) fn get(&self, name: &str, what: &str) -> Result<Option<Item<'d, 'a>>> {
        let mut found = None;
        for (key, value) in self.members() {
            if key.as_str().is_some_and(|k| k == name) {
                if found.is_some() {
                    return Err(Error::JsonInvalid(format!("{what}: field `{name}` appears twice")));
                }
                found = Some(value);
            }
        }
        Ok(found)
    }
}

/// The child values of an array or object, in order.
pub(crate) struct Children<'d, 'a> {
    doc: &'d Document<'a>,
    at: usize,
    end: usize,
}

impl<'d, 'a> Iterator for Children<'d, 'a> {
    type Item = Item<'d, 'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.end {
            return None;
        }
        let item = Item { doc: self.doc, index: self.at };
        self.at = self.doc.nodes.get(self.at).map_or(self.end, |n| n.next as usize);
        Some(item)
    }
}

/// Reading named fields of an object, as a derived `Deserialize` would: each at most once.
pub(crate) struct Fields<'d, 'a> {
    item: Item<'d, 'a>,
    what: &'d str,
}

impl<'d, 'a> Fields<'d, 'a> {
    /// The object `item` (`JSON_INVALID` for any other value).
    pub(crate) fn of(item: Item<'d, 'a>, what: &'d str) -> Result<Self> {
        if item.kind() == Kind::Object {
            Ok(Fields { item, what })
        } else {
            Err(Error::JsonInvalid(format!("{what}: expected an object")))
        }
    }

    /// A field that may be absent.
    pub(crate) fn optional(&self, name: &str) -> Result<Option<Item<'d, 'a>>> {
        self.item.get(name, self.what)
    }

    /// A field that must be present.
    pub(crate) fn required(&self, name: &str) -> Result<Item<'d, 'a>> {
        self.optional(name)?.ok_or_else(|| Error::JsonInvalid(format!("{}: missing field `{name}`", self.what)))
    }

    fn string_of(&self, name: &str, item: Item<'d, 'a>) -> Result<String> {
        item.as_str()
            .map(Cow::into_owned)
            .ok_or_else(|| Error::JsonInvalid(format!("{}: field `{name}` must be a string", self.what)))
    }

    /// A string field that must be present.
    pub(crate) fn string(&self, name: &str) -> Result<String> {
        self.string_of(name, self.required(name)?)
    }

    /// A string field, `""` when absent.
    pub(crate) fn string_or_empty(&self, name: &str) -> Result<String> {
        self.optional(name)?.map_or_else(|| Ok(String::new()), |item| self.string_of(name, item))
    }
}

/// A JSON value, as [`parse`] reads it: objects keep their members in order (a name given twice
/// stays twice: indexing finds the last, as `JSON.parse` does), numbers keep their exact text.
///
/// ```
/// use wechatpay_wasm::json::{self, Value};
/// let v = json::parse(r#"{"a":[true,null,-1.50],"b":"\u00e9"}"#)?;
/// assert_eq!(v["a"][2], Value::Number("-1.50".into()));
/// assert_eq!(v["b"].as_str(), Some("é"));
/// assert_eq!(v["missing"], Value::Null);
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// `null` (also what indexing finds for a missing name or index).
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, exactly as written (e.g. `"100"`, `"-1.50"`, `"1e3"`).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members in document order.
    Object(Vec<(String, Value)>),
}

static NULL: Value = Value::Null;

/// Reads `text` strictly (see the module docs) into a [`Value`]; `JSON_INVALID` otherwise.
///
/// ```
/// let v = wechatpay_wasm::json::parse(" [1, \"two\", {\"three\": 3}] ")?;
/// assert_eq!((v[0].as_u64(), v[1].as_str(), v[2]["three"].as_u64()), (Some(1), Some("two"), Some(3)));
/// for bad in ["", "01", "[1,]", "{\"a\":1,}", "\"\u{1}\"", "\"\\ud800\"", "1 2", "\u{feff}1"] {
///     assert_eq!(wechatpay_wasm::json::parse(bad).unwrap_err().code(), "JSON_INVALID");
/// }
/// # Ok::<(), wechatpay_wasm::Error>(())
/// ```
pub fn parse(text: &str) -> Result<Value> {
    Ok(Document::parse(text, "JSON")?.root().owned())
}

impl Item<'_, '_> {
    /// The owned value, built without recursion (the tape is in document order).
    fn owned(self) -> Value {
        // Open containers: the value being filled, the index its subtree ends at, and the member
        // name it will be stored under in its parent.
        let mut stack: Vec<(Value, usize, Option<String>)> = Vec::new();
        let end = self.node().next as usize;
        let mut i = self.index;
        let mut name: Option<String> = None;
        loop {
            // Close every container whose subtree ends here.
            while let Some((_, until, _)) = stack.last() {
                if *until > i {
                    break;
                }
                let Some((done, _, key)) = stack.pop() else { break };
                match stack.last_mut() {
                    Some((parent, _, _)) => push(parent, key, done),
                    None => return done,
                }
            }
            let in_object = matches!(stack.last(), Some((Value::Object(_), _, _)));
            if i >= end {
                return Value::Null;
            }
            let item = Item { doc: self.doc, index: i };
            let n = item.node();
            i += 1;
            if in_object && name.is_none() {
                name = Some(item.as_str().map(Cow::into_owned).unwrap_or_default());
                continue;
            }
            let key = name.take();
            let value = match n.kind {
                Kind::Null => Value::Null,
                Kind::True => Value::Bool(true),
                Kind::False => Value::Bool(false),
                Kind::Number => Value::Number(item.raw().to_owned()),
                Kind::String => Value::String(item.as_str().map(Cow::into_owned).unwrap_or_default()),
                Kind::Array | Kind::Object => {
                    let empty = if n.kind == Kind::Array { Value::Array(Vec::new()) } else { Value::Object(Vec::new()) };
                    stack.push((empty, n.next as usize, key));
                    continue;
                }
            };
            match stack.last_mut() {
                Some((parent, _, _)) => push(parent, key, value),
                None => return value,
            }
        }
    }
}

fn push(parent: &mut Value, key: Option<String>, value: Value) {
    match parent {
        Value::Array(items) => items.push(value),
        Value::Object(members) => members.push((key.unwrap_or_default(), value)),
        _ => {}
    }
}

impl Value {
    /// The member `name` of an object (the last one when given twice, as `JSON.parse` does).
    ///
    /// ```
    /// let v = wechatpay_wasm::json::parse(r#"{"a":1}"#)?;
    /// assert!(v.get("a").is_some() && v.get("b").is_none());
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A string's value.
    ///
    /// ```
    /// assert_eq!(wechatpay_wasm::json::parse(r#""a\nb""#)?.as_str(), Some("a\nb"));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A number written as a non-negative integer that fits `u64` (amounts, counts).
    ///
    /// ```
    /// use wechatpay_wasm::json::parse;
    /// assert_eq!((parse("100")?.as_u64(), parse("1.0")?.as_u64(), parse("-1")?.as_u64()), (Some(100), None, None));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// A number written as an integer that fits `i64`.
    ///
    /// ```
    /// assert_eq!(wechatpay_wasm::json::parse("-5")?.as_i64(), Some(-5));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }
}

impl std::ops::Index<&str> for Value {
    type Output = Value;

    /// The member `name` (see [`Value::get`]), or `Null`.
    fn index(&self, name: &str) -> &Value {
        self.get(name).unwrap_or(&NULL)
    }
}

impl std::ops::Index<usize> for Value {
    type Output = Value;

    /// The array item at `index`, or `Null`.
    fn index(&self, index: usize) -> &Value {
        match self {
            Value::Array(items) => items.get(index).unwrap_or(&NULL),
            _ => &NULL,
        }
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

/// Appends `s` as a JSON string: quotes, `\"`, `\\`, and control characters escaped (the
/// escapes serde_json writes); everything else as is.
pub(crate) fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            '\0'..='\u{1f}' => "",
            _ => continue,
        };
        out.push_str(s.get(plain..i).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let b = c as usize;
            out.push_str("\\u00");
            out.push(char::from(*HEX.get(b >> 4).unwrap_or(&b'0')));
            out.push(char::from(*HEX.get(b & 15).unwrap_or(&b'0')));
        } else {
            out.push_str(escape);
        }
        plain = i + c.len_utf8();
    }
    out.push_str(s.get(plain..).unwrap_or_default());
    out.push('"');
}

impl fmt::Display for Value {
    /// Compact JSON (numbers as written), without recursion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Pending work: a value to write, or a closing bracket / separator.
        enum Step<'v> {
            Value(&'v Value),
            Text(&'static str),
            Name(&'v str),
        }
        let mut todo = vec![Step::Value(self)];
        let mut out = String::new();
        while let Some(step) = todo.pop() {
            match step {
                Step::Text(t) => out.push_str(t),
                Step::Name(n) => {
                    write_string(&mut out, n);
                    out.push(':');
                }
                Step::Value(Value::Null) => out.push_str("null"),
                Step::Value(Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
                Step::Value(Value::Number(n)) => out.push_str(n),
                Step::Value(Value::String(s)) => write_string(&mut out, s),
                Step::Value(Value::Array(items)) => {
                    out.push('[');
                    todo.push(Step::Text("]"));
                    for (k, item) in items.iter().enumerate().rev() {
                        todo.push(Step::Value(item));
                        if k > 0 {
                            todo.push(Step::Text(","));
                        }
                    }
                }
                Step::Value(Value::Object(members)) => {
                    out.push('{');
                    todo.push(Step::Text("}"));
                    for (k, (name, value)) in members.iter().enumerate().rev() {
                        todo.push(Step::Value(value));
                        todo.push(Step::Name(name));
                        if k > 0 {
                            todo.push(Step::Text(","));
                        }
                    }
                }
            }
        }
        f.write_str(&out)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Value {
    /// As the equal `serde_json::Value` (numbers as serde_json reads them).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serde_json::from_str::<serde_json::Value>(&self.to_string()).map_err(serde::ser::Error::custom)?.serialize(serializer)
    }
}

#[cfg(feature = "serde")]
impl PartialEq<serde_json::Value> for Value {
    /// Whether serde_json reads this value's JSON as `other`.
    fn eq(&self, other: &serde_json::Value) -> bool {
        serde_json::from_str::<serde_json::Value>(&self.to_string()).is_ok_and(|v| v == *other)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn ok(text: &str) -> bool {
        Document::parse(text, "t").is_ok()
    }

    #[test]
    fn accepts_and_refuses_what_the_rfc_says() {
        for good in ["0", "-0", "1.5e-3", "1E+2", "\"\"", "[]", "{}", " [ 1 , [ ] , { } ] ", "\"\\ud83d\\ude00\"", "\"\\u00e9/\\/\"", "null", "true", "false"] {
            assert!(ok(good), "{good}");
        }
        for bad in [
            "", " ", "01", "-", "1.", ".5", "1e", "+1", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{1:2}", "\"\t\"", "\"\\x\"",
            "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\u12\"", "[", "]", "[}", "{]", "{\"a\":}", "nul", "truex", "1 2",
            "\u{feff}{}", "'a'", "[,1]", "{,}", "\"abc",
        ] {
            assert!(!ok(bad), "{bad:?}");
        }
    }

    #[test]
    fn depth_is_bounded_without_recursion() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(ok(&deep(MAX_DEPTH)));
        assert!(!ok(&deep(MAX_DEPTH + 1)));
        // A huge unclosed nesting fails at the limit, never overflowing a stack.
        assert!(!ok(&"[".repeat(1_000_000)));
    }

    #[test]
    fn fields_are_read_once() {
        let doc = Document::parse(r#"{"a":"1","b":2,"a":"3"}"#, "t").unwrap();
        let f = Fields::of(doc.root(), "t").unwrap();
        assert_eq!(f.string("a").unwrap_err().code(), "JSON_INVALID");
        assert_eq!(f.string("b").unwrap_err().code(), "JSON_INVALID");
        assert_eq!(f.string_or_empty("c").unwrap(), "");
        assert_eq!(f.string("c").unwrap_err().code(), "JSON_INVALID");
        let escaped = Document::parse(r#"{"\u0061":"x","a":"y"}"#, "t").unwrap();
        assert_eq!(Fields::of(escaped.root(), "t").unwrap().string("a").unwrap_err().code(), "JSON_INVALID");
    }

    #[test]
    fn strings_unescape() {
        let v = parse(r#"["a\"\\\/\b\f\n\r\t\u0041\u00e9\u4e2d\ud83d\ude00z", "中文"]"#).unwrap();
        assert_eq!(v[0], "a\"\\/\u{8}\u{c}\n\r\tAé中😀z");
        assert_eq!(v[1], "中文");
    }

    #[test]
    fn values_round_trip_and_index() {
        let text = r#"{"a":[1,-2.50,{"b":null,"c":[true,false]}],"d":"\u0001\"","a":"last"}"#;
        let v = parse(text).unwrap();
        assert_eq!(v["a"], "last");
        assert_eq!(v.to_string(), r#"{"a":[1,-2.50,{"b":null,"c":[true,false]}],"d":"\u0001\"","a":"last"}"#);
        assert_eq!(parse(&v.to_string()).unwrap(), v);
        let deep = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(parse(&deep).unwrap().to_string(), deep);
        assert_eq!(parse("[]").unwrap(), Value::Array(vec![]));
        assert_eq!(parse("{}").unwrap().to_string(), "{}");
        assert_eq!(parse("[[],{}]").unwrap().to_string(), "[[],{}]");
    }

    #[test]
    fn escaper_matches_serde_json() {
        let all: String = (0u32..0x80).filter_map(char::from_u32).chain("é中😀\u{2028}".chars()).collect();
        let mut out = String::new();
        write_string(&mut out, &all);
        assert_eq!(out, serde_json::to_string(&all).unwrap());
    }
}
