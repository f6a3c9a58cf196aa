//! `Id`: the text that names a person, a role, an organisation or area, or
//! a client's request, as the engine keeps it.
//!
//! One command copies the same few ids many times: the actor and the
//! request id into each event it makes and again into the state, a stage's
//! people into the `stage_started` event and into the state's slots. As
//! `String`s each copy was an allocation and a later free, ≈ 12 of them a
//! command. An `Id` is a `SmolStr` (rust-analyzer's small-string type, a
//! well-kept crate rather than our own): up to 23 bytes held inline and
//! copied as they are, longer texts shared by reference count, so no copy
//! allocates. Issue 9's Python benchmark (`bench/budget_approval.py`) went
//! from 11,892 to 11,147 instructions a command with it.
//!
//! In WebAssembly an `Id` holds a `String`: there a page's download counts
//! for more than allocations, and `SmolStr` cost 6 KB of it gzipped.
//!
//! It crosses every boundary as the string it is: serde (written as a
//! string, read by the same rules and with the same errors as a `String`),
//! Python `str`, Kotlin `String`, TypeScript `string`.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What holds an id's text (see the module's doc).
#[cfg(not(target_arch = "wasm32"))]
type Text = smol_str::SmolStr;
#[cfg(target_arch = "wasm32")]
type Text = String;

/// A person's, role's, organisation's, area's or request's id: immutable
/// text, compared, ordered and hashed as its `str`.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Id(Text);

/// `str`'s order (by bytes). Sets of people are kept in it (`deciders`,
/// `cc`), so every approval orders its approver among them: eight bytes
/// at a time, as a short id is, costs less than `str`'s call to `memcmp`
/// (≈ 130 instructions a command in issue 9's benchmark).
impl Ord for Id {
    fn cmp(&self, other: &Id) -> Ordering {
        byte_order(self.as_bytes(), other.as_bytes())
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Id) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `a.cmp(b)`: eight bytes at a time, read big-endian so that a number's
/// order is the bytes' order; then the last few one by one.
fn byte_order(mut a: &[u8], mut b: &[u8]) -> Ordering {
    while let (Some((x, rest_a)), Some((y, rest_b))) =
        (a.split_first_chunk::<8>(), b.split_first_chunk::<8>())
    {
        let (x, y) = (u64::from_be_bytes(*x), u64::from_be_bytes(*y));
        if x != y {
            return x.cmp(&y);
        }
        (a, b) = (rest_a, rest_b);
    }
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

impl Id {
    /// The id written `text`.
    pub fn new(text: &str) -> Id {
        Id(Text::from(text))
    }

    /// Its text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Deref for Id {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

/// Sets and maps of ids are looked up by `&str` (`Ord` and `Hash` agree).
impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Id {
        Id::new(text)
    }
}

impl From<String> for Id {
    fn from(text: String) -> Id {
        Id(Text::from(text))
    }
}

impl From<&String> for Id {
    fn from(text: &String) -> Id {
        Id::new(text)
    }
}

impl From<std::borrow::Cow<'_, str>> for Id {
    fn from(text: std::borrow::Cow<'_, str>) -> Id {
        match text {
            std::borrow::Cow::Borrowed(text) => Id::new(text),
            std::borrow::Cow::Owned(text) => Id::from(text),
        }
    }
}

/// `"p00".parse::<Id>()`: every text is an id (the engine checks what it
/// names where it is used).
impl std::str::FromStr for Id {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Id, Self::Err> {
        Ok(Id::new(text))
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0.into()
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        self.0 == other.as_str()
    }
}

impl PartialEq<Id> for str {
    fn eq(&self, other: &Id) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Id> for &str {
    fn eq(&self, other: &Id) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Id> for String {
    fn eq(&self, other: &Id) -> bool {
        self.as_str() == other.as_str()
    }
}

/// As a `String` shows: quoted.
impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// Written and read as a `String` is, with its errors, by the code every
// serializer and decoder already has for one; a text read is then copied
// inline where it is short.
impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        String::deserialize(deserializer).map(Id::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Id;

    #[test]
    fn reads_and_writes_as_a_string_does() {
        for text in ["", "p00", "张三", &"x".repeat(23), &"长".repeat(40)] {
            let id = Id::new(text);
            assert_eq!(id, text);
            assert_eq!(id.clone().as_str(), text);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, serde_json::to_string(text).unwrap());
            assert_eq!(serde_json::from_str::<Id>(&json).unwrap(), id);
            assert_eq!(format!("{id:?}"), format!("{text:?}"));
        }
        // The same refusals, in the same words, as a `String`'s.
        for wrong in ["1", "null", "[]", "{}", "true"] {
            let as_id = serde_json::from_str::<Id>(wrong).unwrap_err().to_string();
            let as_string = serde_json::from_str::<String>(wrong)
                .unwrap_err()
                .to_string();
            assert_eq!(as_id, as_string, "{wrong}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ordered_as_its_text(a in "[a-c长]{0,20}", b in "[a-c长]{0,20}") {
            // Few letters, so that long shared prefixes are common.
            proptest::prop_assert_eq!(Id::new(&a).cmp(&Id::new(&b)), a.cmp(&b));
            proptest::prop_assert_eq!(Id::new(&a) == Id::new(&b), a == b);
        }
    }

    #[test]
    fn ordered_and_found_as_its_text() {
        let set: std::collections::BTreeSet<Id> =
            ["b", "a", "长"].into_iter().map(Id::new).collect();
        let texts: Vec<&str> = set.iter().map(Id::as_str).collect();
        assert_eq!(texts, ["a", "b", "长"]);
        assert!(set.contains("长"));
    }
}
