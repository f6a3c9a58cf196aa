//! `People`: a set of person ids (an application's 抄送 and the people who
//! handled it), kept as a sorted list.
//!
//! Every approval adds its approver to the application's `deciders`. In a
//! `BTreeSet` that took ≈ 350 instructions of a command in issue 9's
//! Python benchmark (a node's keys searched one by one, nodes made and
//! split as it grows, each dropped apart); as a sorted list found by
//! binary search, ≈ 250, and the whole benchmark 84 fewer. The sets hold
//! a few dozen ids, up to the stored list limit (10,000): one id is put in
//! its place, many (a 抄送 of thousands) are appended and sorted once, so
//! no growth is quadratic. The order and the JSON are the set's: ids in
//! `str`'s order, each once.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::id::Id;

/// A set of person ids, in `str`'s order, each once.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct People(Vec<Id>);

impl People {
    /// No one.
    pub fn new() -> People {
        People(Vec::new())
    }

    /// Adds `id`; false when it was there already.
    pub fn insert(&mut self, id: Id) -> bool {
        match self.0.binary_search(&id) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, id);
                true
            }
        }
    }

    /// True when `id` is one of them.
    pub fn contains(&self, id: &str) -> bool {
        self.position(id).is_ok()
    }

    /// Takes `id` out; false when it was not there.
    pub fn remove(&mut self, id: &str) -> bool {
        match self.position(id) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// Where `id` is, or would go.
    fn position(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|held| held.as_str().cmp(id))
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is no one.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ids, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Id> {
        self.0.iter()
    }

    /// The ids, in order.
    pub fn as_slice(&self) -> &[Id] {
        &self.0
    }

    /// The ids, in order, as a list.
    pub fn into_vec(self) -> Vec<Id> {
        self.0
    }
}

/// Adds ids (`Id`, `&str` or `String`), each once: one put in its place,
/// more appended and the whole sorted once.
impl<T: Into<Id>> Extend<T> for People {
    fn extend<I: IntoIterator<Item = T>>(&mut self, ids: I) {
        let mut ids = ids.into_iter().map(Into::into);
        let Some(first) = ids.next() else {
            return;
        };
        let Some(second) = ids.next() else {
            self.insert(first);
            return;
        };
        self.0.extend([first, second]);
        self.0.extend(ids);
        self.0.sort_unstable();
        self.0.dedup();
    }
}

/// The set of these ids (`Id`, `&str` or `String`), in order, each once.
impl<T: Into<Id>> FromIterator<T> for People {
    fn from_iter<I: IntoIterator<Item = T>>(ids: I) -> People {
        People::from(ids.into_iter().map(Into::into).collect::<Vec<Id>>())
    }
}

/// The set of a list's ids, in order, each once.
impl From<Vec<Id>> for People {
    fn from(mut list: Vec<Id>) -> People {
        list.sort_unstable();
        list.dedup();
        People(list)
    }
}

impl<'a> IntoIterator for &'a People {
    type Item = &'a Id;
    type IntoIter = std::slice::Iter<'a, Id>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for People {
    type Item = Id;
    type IntoIter = std::vec::IntoIter<Id>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// As a set shows: `{"a", "b"}`.
impl fmt::Debug for People {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(&self.0).finish()
    }
}

/// Written as the list of its ids, in order (as the set was).
impl Serialize for People {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Read as a list (as the set was: the same errors), put in order, each
/// once.
impl<'de> Deserialize<'de> for People {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<People, D::Error> {
        Vec::<Id>::deserialize(deserializer).map(People::from_iter)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    proptest::proptest! {
        #[test]
        fn it_is_the_set_it_stands_for(
            added in proptest::collection::vec("[a-c长]{0,9}", 0..40),
            looked_up in "[a-c长]{0,9}",
        ) {
            let mut people = People::new();
            let mut set = BTreeSet::new();
            for id in &added {
                proptest::prop_assert_eq!(people.insert(Id::new(id)), set.insert(id.clone()));
            }
            let listed: Vec<&str> = people.iter().map(Id::as_str).collect();
            let expected: Vec<&str> = set.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(&listed, &expected);
            proptest::prop_assert_eq!(people.contains(&looked_up), set.contains(&looked_up));
            proptest::prop_assert_eq!(people.len(), set.len());
            proptest::prop_assert_eq!(format!("{people:?}"), format!("{set:?}"));
            proptest::prop_assert_eq!(
                serde_json::to_string(&people).unwrap(),
                serde_json::to_string(&set).unwrap()
            );
            let collected: People = added.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(&collected, &people);
            // Added many at once, to someone already there, as the set.
            let (head, tail) = added.split_at(added.len() / 2);
            let mut batched: People = head.iter().map(String::as_str).collect();
            batched.extend(tail.iter().map(String::as_str));
            proptest::prop_assert_eq!(&batched, &people);
            let mut fewer = people.clone();
            proptest::prop_assert_eq!(fewer.remove(&looked_up), set.contains(&looked_up));
            proptest::prop_assert!(!fewer.contains(&looked_up));
            proptest::prop_assert_eq!(fewer.len(), set.len() - usize::from(set.contains(&looked_up)));
            // Read back from a list in any order, with repeats, as the set.
            let json = serde_json::to_string(&added).unwrap();
            let read: People = serde_json::from_str(&json).unwrap();
            proptest::prop_assert_eq!(&read, &people);
        }
    }

    #[test]
    fn it_is_refused_as_the_set_was() {
        for wrong in ["1", "null", "{}", "[1]", "\"a\""] {
            let people = serde_json::from_str::<People>(wrong)
                .unwrap_err()
                .to_string();
            let set = serde_json::from_str::<BTreeSet<String>>(wrong)
                .unwrap_err()
                .to_string();
            assert_eq!(people, set, "{wrong}");
        }
    }
}
