//! The set of WeChat Pay keys a merchant trusts, looked up by `Wechatpay-Serial`.

use super::PublicKey;
use crate::{Error, Result};

/// WeChat Pay's verification keys by id: platform certificates by serial number, and/or the
/// public key by its `PUB_KEY_ID_…`. Holding several lets certificate rotation and the switch
/// to public-key mode happen without a gap.
///
/// Certificate serials are matched case-insensitively and ignoring leading zeros, because SDKs
/// disagree on both (Java's `BigInteger.toString(16)` drops a leading `0`, Go keeps it).
///
/// ```
/// use wechatpay_wasm::keys::Verifier;
/// let v = Verifier::new();
/// assert!(!v.has("PUB_KEY_ID_0114232134912410000000000000"));
/// assert!(v.ids().is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Verifier {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    id: String,
    normalized: String,
    key: PublicKey,
}

/// Hex serials compare without case and leading zeros; other ids (`PUB_KEY_ID_…`) exactly.
pub(crate) fn normalize(id: &str) -> String {
    let id = id.trim();
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        let digits = id.trim_start_matches('0');
        if digits.is_empty() { "0".into() } else { digits.to_ascii_uppercase() }
    } else {
        id.to_owned()
    }
}

impl Verifier {
    /// An empty set.
    ///
    /// ```
    /// assert!(wechatpay_wasm::keys::Verifier::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the key for `id`. A certificate's own serial must match `id`, which
    /// catches keys filed under the wrong id.
    ///
    /// ```
    /// use wechatpay_wasm::keys::Verifier;
    /// # let spki = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/public_spki.pem")))?;
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// let mut v = Verifier::new();
    /// v.add("PUB_KEY_ID_0114232134912410000000000000", spki)?; // WeChat Pay public key mode
    /// assert_eq!(v.add("0123", cert).unwrap_err().code(), "INVALID_ARGUMENT"); // not its serial
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn add(&mut self, id: &str, key: PublicKey) -> Result<()> {
        let id = id.trim();
        if id.is_empty() {
            return Err(Error::InvalidArgument("the key id / certificate serial is required".into()));
        }
        let normalized = normalize(id);
        if let Some(serial) = key.serial_no() {
            if normalize(serial) != normalized {
                return Err(Error::InvalidArgument(format!(
                    "id {id:?} does not match the certificate's serial number {serial:?}"
                )));
            }
        }
        self.entries.retain(|e| e.normalized != normalized);
        self.entries.push(Entry { id: id.to_owned(), normalized, key });
        Ok(())
    }

    /// Adds a certificate under its own serial number, which it returns.
    ///
    /// ```
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// let mut v = wechatpay_wasm::keys::Verifier::new();
    /// assert_eq!(v.add_certificate(cert)?, "5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn add_certificate(&mut self, key: PublicKey) -> Result<String> {
        let serial = key
            .serial_no()
            .ok_or_else(|| Error::InvalidArgument("a bare public key needs an id: use add(\"PUB_KEY_ID_…\", key)".into()))?
            .to_owned();
        self.add(&serial, key)?;
        Ok(serial)
    }

    /// Removes the key for `id`; whether there was one.
    ///
    /// ```
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// let mut v = wechatpay_wasm::keys::Verifier::new();
    /// v.add_certificate(cert)?;
    /// assert!(v.remove("5157f09efdc096de15ebe81a47057a7232f1b8e1"));
    /// assert!(!v.remove("5157F09EFDC096DE15EBE81A47057A7232F1B8E1"));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn remove(&mut self, id: &str) -> bool {
        let normalized = normalize(id);
        let before = self.entries.len();
        self.entries.retain(|e| e.normalized != normalized);
        self.entries.len() != before
    }

    /// The key for `id` (a `Wechatpay-Serial` value).
    ///
    /// ```
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// let mut v = wechatpay_wasm::keys::Verifier::new();
    /// v.add_certificate(cert)?;
    /// assert_eq!(v.get("005157F09EFDC096DE15EBE81A47057A7232F1B8E1").and_then(|k| k.serial_no()),
    ///            Some("5157F09EFDC096DE15EBE81A47057A7232F1B8E1"));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn get(&self, id: &str) -> Option<&PublicKey> {
        self.lookup(id).map(|(_, key)| key)
    }

    /// The key for `id` with its [`Verifier::key_id`].
    pub(crate) fn lookup(&self, id: &str) -> Option<(&str, &PublicKey)> {
        let normalized = normalize(id);
        self.entries.iter().find(|e| e.normalized == normalized).map(|e| (e.normalized.as_str(), &e.key))
    }

    /// The form under which `id` is stored and compared: a hex certificate serial uppercased
    /// without leading zeros, any other id (`PUB_KEY_ID_…`) trimmed. Two ids name the same key
    /// exactly when their `key_id`s are equal.
    ///
    /// ```
    /// use wechatpay_wasm::keys::Verifier;
    /// assert_eq!(Verifier::key_id("05157f09"), Verifier::key_id("5157F09"));
    /// assert_eq!(Verifier::key_id(" PUB_KEY_ID_01 "), "PUB_KEY_ID_01");
    /// ```
    pub fn key_id(id: &str) -> String {
        normalize(id)
    }

    /// Whether a key is held for `id`.
    ///
    /// ```
    /// # let cert = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/cert.pem")))?;
    /// let mut v = wechatpay_wasm::keys::Verifier::new();
    /// v.add_certificate(cert)?;
    /// assert!(v.has("5157F09EFDC096DE15EBE81A47057A7232F1B8E1") && !v.has("PUB_KEY_ID_01"));
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn has(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// The ids, as they were added, in insertion order.
    ///
    /// ```
    /// # let spki = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/public_spki.pem")))?;
    /// let mut v = wechatpay_wasm::keys::Verifier::new();
    /// v.add(" PUB_KEY_ID_01 ", spki)?;
    /// assert_eq!(v.ids(), ["PUB_KEY_ID_01"]);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn ids(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.id.clone()).collect()
    }

    /// Every key with its id as added, in insertion order.
    ///
    /// ```
    /// # let spki = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/public_spki.pem")))?;
    /// let mut v = wechatpay_wasm::keys::Verifier::new();
    /// v.add("PUB_KEY_ID_01", spki)?;
    /// let bits: Vec<(&str, usize)> = v.entries().map(|(id, key)| (id, key.bits())).collect();
    /// assert_eq!(bits, [("PUB_KEY_ID_01", 2048)]);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn entries(&self) -> impl Iterator<Item = (&str, &PublicKey)> {
        self.entries.iter().map(|e| (e.id.as_str(), &e.key))
    }

    /// How many keys are held.
    ///
    /// ```
    /// # let spki = wechatpay_wasm::keys::PublicKey::from_pem(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v3/public_spki.pem")))?;
    /// let mut v = wechatpay_wasm::keys::Verifier::new();
    /// v.add("PUB_KEY_ID_01", spki.clone())?;
    /// v.add("PUB_KEY_ID_01", spki)?; // replaces
    /// assert_eq!(v.len(), 1);
    /// # Ok::<(), wechatpay_wasm::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no key is held.
    ///
    /// ```
    /// assert!(wechatpay_wasm::keys::Verifier::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn serials_normalize_but_key_ids_do_not() {
        assert_eq!(super::normalize("0abc"), "ABC");
        assert_eq!(super::normalize("000"), "0");
        assert_eq!(super::normalize("PUB_KEY_ID_01"), "PUB_KEY_ID_01");
        assert_ne!(super::normalize("pub_key_id_01"), super::normalize("PUB_KEY_ID_01"));
    }
}
