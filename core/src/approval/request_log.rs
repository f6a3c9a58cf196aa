//! An application's request log: the id of every client request applied
//! to it, with its command's fingerprint, so that a retry is answered
//! again without a second effect and an id reused for another command is
//! refused (idempotency, issue 9 §8).
//!
//! Every command looks its id up and most add one, so the log is kept
//! hashed. A sorted map (what it was) took ≈ 1,000 instructions a
//! command more in issue 9's Python benchmark, and a sorted list ≈ 440:
//! their ids share long prefixes (`a12-…`), so each of a search's key
//! comparisons is a `memcmp`. The hash is FxHash (`rustc-hash`): deterministic, so the core
//! stays free of randomness, and a few instructions for an id. It does not
//! resist chosen collisions; the only one who could choose them is a party
//! to the application, whose own commands would slow, and each colliding
//! id would need an accepted command.
//!
//! On the wire it is what it was, a map of id to fingerprint, written in
//! id order so that an application's JSON is written alike every time.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fingerprint::Fingerprint;
use super::route::Fields;

/// Requests applied to an application: request id → fingerprint of the
/// command (`xxh3:` and 32 hex digits; 32 or 16 hex digits in streams
/// recorded in the earlier forms).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestLog(HashMap<String, Fingerprint, FxBuildHasher>);

impl RequestLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty log with room for `requests` without growing.
    pub fn with_capacity(requests: usize) -> Self {
        RequestLog(HashMap::with_capacity_and_hasher(requests, FxBuildHasher))
    }

    /// The fingerprint logged for request `id`, if it was applied.
    pub fn get(&self, id: &str) -> Option<&Fingerprint> {
        self.0.get(id)
    }

    /// True when request `id` was applied.
    pub fn contains(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    /// Logs request `id` with its fingerprint (replacing one logged before
    /// under the same id); the one it replaced.
    pub fn insert(&mut self, id: String, fingerprint: Fingerprint) -> Option<Fingerprint> {
        self.0.insert(id, fingerprint)
    }

    /// How many requests were applied.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True before any request was applied.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The log as the texts it is written as: request id → fingerprint, in
    /// id order.
    pub fn to_texts(&self) -> Fields {
        // Inserted one by one, not collected: collecting sorts with code of
        // its own (1.9 KB of optimised WebAssembly).
        let mut texts = Fields::new();
        for (id, fingerprint) in &self.0 {
            texts.insert(id.clone(), fingerprint.to_string());
        }
        texts
    }

    /// The request ids, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }
}

impl FromIterator<(String, Fingerprint)> for RequestLog {
    fn from_iter<I: IntoIterator<Item = (String, Fingerprint)>>(entries: I) -> Self {
        RequestLog(entries.into_iter().collect())
    }
}

impl IntoIterator for RequestLog {
    type Item = (String, Fingerprint);
    type IntoIter = std::collections::hash_map::IntoIter<String, Fingerprint>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

// Written and read as the map of texts `Fields` is, whose code every
// serializer and decoder already has (and which writes it in id order):
// their own took 2.5 KB more optimised WebAssembly. Neither is on a
// decision's path.
impl Serialize for RequestLog {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_texts().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RequestLog {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let texts = Fields::deserialize(deserializer)?;
        Ok(texts
            .into_iter()
            .map(|(id, text)| (id, Fingerprint::from(text)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_is_written_in_id_order_and_read_back_alike() {
        let log: RequestLog = [("b", "2"), ("a-10", "3"), ("a-9", "1"), ("", "0")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Fingerprint::from(v)))
            .collect();
        let json = serde_json::to_string(&log).unwrap();
        assert_eq!(json, r#"{"":"0","a-10":"3","a-9":"1","b":"2"}"#);
        let back: RequestLog = serde_json::from_str(&json).unwrap();
        assert_eq!(back, log);
        assert_eq!(back.get("a-9"), Some(&Fingerprint::from("1")));
        assert!(back.contains("") && !back.contains("c"));
        assert_eq!(back.len(), 4);
    }

    #[test]
    fn a_log_is_a_map_of_texts() {
        assert!(serde_json::from_str::<RequestLog>(r#"{"a": 1}"#).is_err());
        assert!(serde_json::from_str::<RequestLog>(r#"["a"]"#).is_err());
        let empty: RequestLog = serde_json::from_str("{}").unwrap();
        assert!(empty.is_empty());
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
    }
}
