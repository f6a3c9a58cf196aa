//! An application's request log: the id of every client request applied
//! to it, with its command's fingerprint, so that a retry is answered
//! again without a second effect and an id reused for another command is
//! refused (idempotency, issue 9 §8).
//!
//! Every command looks its id up and most add one, so the log is kept
//! hashed. A sorted map (what it was) took ≈ 1,000 instructions a
//! command more in issue 9's Python benchmark, and a sorted list ≈ 440:
//! their ids share long prefixes (`a12-…`), so each of a search's key
//! comparisons is a `memcmp`.
//!
//! Request ids are the client's, and a party to an application can log
//! as many as it has accepted commands (reminders have no limit), so on a
//! server the hash is keyed: foldhash's `fast::RandomState` (hashbrown's
//! default hasher), seeded per map from a per-process seed that foldhash
//! draws from address-space layout and the time, so ids that collide
//! cannot be worked out beforehand (FxHash, unkeyed, would let a party
//! make every later decoding of its application quadratic). foldhash
//! promises no more than that ("minimally DoS-resistant"); std's SipHash,
//! keyed from the system, took 800 instructions a command more. In
//! WebAssembly foldhash has no clock and its addresses are the same on
//! every run, so a random state would be fixed in all but name: there the
//! log uses `fast::FixedState`, saying so and saving its seeding code (a
//! page or an app hashes the applications of its own user). The seed
//! decides only where ids sit in memory: the log is compared by content
//! and written in id order, so no answer depends on it.
//!
//! On the wire it is what it was, a map of id to fingerprint, written in
//! id order so that an application's JSON is written alike every time.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fingerprint::Fingerprint;
use super::id::Id;
use super::route::Fields;

/// The log's hasher: keyed where it can be (see above).
#[cfg(not(target_family = "wasm"))]
type LogHasher = foldhash::fast::RandomState;
#[cfg(target_family = "wasm")]
type LogHasher = foldhash::fast::FixedState;

/// Requests applied to an application: request id → fingerprint of the
/// command (`xxh3:` and 32 hex digits; 32 or 16 hex digits in streams
/// recorded in the earlier forms).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestLog(HashMap<Id, Fingerprint, LogHasher>);

impl RequestLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty log with room for `requests` without growing.
    pub fn with_capacity(requests: usize) -> Self {
        RequestLog(HashMap::with_capacity_and_hasher(
            requests,
            LogHasher::default(),
        ))
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
    pub fn insert(&mut self, id: Id, fingerprint: Fingerprint) -> Option<Fingerprint> {
        self.0.insert(id, fingerprint)
    }

    /// Logs request `id` with `fingerprint` unless it is logged so
    /// already (each event of a command carries its request), hashing `id`
    /// once; as `insert` when the log holds it with another fingerprint.
    pub fn record(&mut self, id: &Id, fingerprint: &Fingerprint) {
        match self.0.entry(id.clone()) {
            Entry::Occupied(mut held) => {
                if held.get() != fingerprint {
                    held.insert(fingerprint.clone());
                }
            }
            Entry::Vacant(room) => {
                room.insert(fingerprint.clone());
            }
        }
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
            texts.insert(id.to_string(), fingerprint.to_string());
        }
        texts
    }

    /// The request ids, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(Id::as_str)
    }

    /// The entries (request id, fingerprint), in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Fingerprint)> {
        self.0
            .iter()
            .map(|(id, fingerprint)| (id.as_str(), fingerprint))
    }
}

/// Shown in id order, as it is written: the same on every run, whatever
/// the hash's seed.
impl std::fmt::Debug for RequestLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.to_texts()).finish()
    }
}

impl FromIterator<(Id, Fingerprint)> for RequestLog {
    fn from_iter<I: IntoIterator<Item = (Id, Fingerprint)>>(entries: I) -> Self {
        RequestLog(entries.into_iter().collect())
    }
}

// Written and read as the map of texts `Fields` is, whose code every
// serializer and decoder already has (and which writes it in id order):
// their own took 2.5 KB more optimised WebAssembly. Each way copies the
// log once, which a call that carries the application as JSON pays
// beside the JSON itself; a held application (`ApprovalStream`, Rust's
// `decide_held`) pays neither.
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
            .map(|(id, text)| (Id::from(id), Fingerprint::from(text)))
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
            .map(|(k, v)| (Id::new(k), Fingerprint::from(v)))
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
    fn recording_logs_once_and_replaces_as_insert_does() {
        let mut log = RequestLog::new();
        let (id, first) = (Id::new("a12-00"), Fingerprint::from("1"));
        log.record(&id, &first);
        log.record(&id, &first);
        assert_eq!((log.len(), log.get("a12-00")), (1, Some(&first)));
        let other = Fingerprint::from("2");
        log.record(&id, &other);
        let mut inserted = RequestLog::new();
        assert_eq!(inserted.insert(id.clone(), first), None);
        assert_eq!(
            inserted.insert(id, other.clone()),
            Some(Fingerprint::from("1"))
        );
        assert_eq!((log.len(), log.get("a12-00")), (1, Some(&other)));
        assert_eq!(log, inserted);
    }

    #[test]
    fn logs_compare_by_content_whatever_their_room_or_seed() {
        let mut roomy = RequestLog::with_capacity(64);
        let mut tight = RequestLog::new();
        for id in ["r2", "r1", "r3"] {
            roomy.insert(Id::new(id), Fingerprint::from(id));
        }
        for id in ["r3", "r1", "r2"] {
            tight.insert(Id::new(id), Fingerprint::from(id));
        }
        assert_eq!(roomy, tight);
        let mut ids: Vec<&str> = roomy.ids().collect();
        ids.sort_unstable();
        assert_eq!(ids, ["r1", "r2", "r3"]);
        assert_eq!(roomy.iter().count(), 3);
        assert_eq!(
            tight.insert(Id::new("r1"), Fingerprint::from("x")),
            Some(Fingerprint::from("r1"))
        );
        assert_ne!(roomy, tight);
        assert_eq!(
            serde_json::to_string(&roomy).unwrap(),
            r#"{"r1":"r1","r2":"r2","r3":"r3"}"#
        );
        // Shown in id order too, whatever the order in memory.
        assert_eq!(
            format!("{roomy:?}"),
            r#"{"r1": "r1", "r2": "r2", "r3": "r3"}"#
        );
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
