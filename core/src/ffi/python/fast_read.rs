//! A first, fast reading of a Python request straight into the core's
//! types, without building JSON values first.
//!
//! The strict reading (`to_value`, then the core's decoder) turns every
//! dict, key and string into a JSON value and then decodes that: for a
//! small approval command, half of the call. This reader walks the Python
//! objects themselves with the same rules as the core's decoder, for the
//! plain kinds: `None`, `bool`, `int`, `str`, `dict` with `str` keys,
//! `list` and `tuple`, and the leaves the strict reading writes as text
//! (`Decimal`, `datetime`, `date`: by the same function, `leaf_text`).
//! Anything else (a `float`, a document object, a mapping that is not a
//! dict) and every failure, whatever it is, make it give up: the caller then reads the request the
//! strict way, which answers, or refuses with its field path and both
//! messages. Errors are therefore always the strict reading's, and a
//! request read here is the value the strict reading would give, as the
//! shared vectors check through every typed function.
//!
//! The rules it keeps are the decoder's (`decode/value.rs`): an object type
//! takes a dict and nothing else, a list is used whole, an enum is a name or
//! a one-key dict, an integer is unsigned when it is not negative, strings
//! and lists are no longer than [`crate::limits`] allows (the limits that
//! some fields lift are not lifted here: such a request is read strictly).
//! And the conversion's (`value.rs`): nothing deeper than it takes, no key
//! but a `str` (here, exactly a `str`), and a value a type ignores is
//! still one that converts.

use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess,
    SeqAccess, VariantAccess, Visitor,
};

use crate::limits;

/// Deepest nesting read here, as in `to_value`.
const MAX_DEPTH: usize = crate::limits::MAX_NESTING;

/// `obj` read as a `T`, or `None` when this reader gives up (see the module
/// documentation): the caller reads it the strict way then.
pub fn read_fast<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Option<T> {
    // Failures parked by the library's own types are for the strict
    // reading to explain; none may be left over from here.
    crate::error::serde_bridge::clear();
    crate::decode::clear_parked();
    let read = T::deserialize(PyDe { obj, depth: 0 }).ok();
    crate::error::serde_bridge::clear();
    crate::decode::clear_parked();
    read
}

/// `read_fast` of a value that the call API's request holds one level
/// down (a call's `state` or `request`, passed as its own argument): its
/// nesting is counted as there.
pub(super) fn read_fast_nested<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Option<T> {
    crate::error::serde_bridge::clear();
    crate::decode::clear_parked();
    let read = T::deserialize(PyDe { obj, depth: 1 }).ok();
    crate::error::serde_bridge::clear();
    crate::decode::clear_parked();
    read
}

/// The value under the `str` key `name` in `dict`, found by comparing
/// texts: `None` when there is none, or when a key is not a `str` of the
/// class itself. A lookup (`get_item`) would call a `str` subclass key's own
/// `__eq__`, the caller's code, which could change a dict being read.
pub(super) fn plain_entry<'py>(dict: &Bound<'py, PyDict>, name: &str) -> Option<Bound<'py, PyAny>> {
    for (key, value) in dict.iter() {
        let key = key.cast_into_exact::<PyString>().ok()?;
        if key.to_str().ok()? == name {
            return Some(value);
        }
    }
    None
}

/// Why the fast reading gave up: never shown, the strict reading explains.
#[derive(Debug)]
struct GaveUp;

impl fmt::Display for GaveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("read the strict way")
    }
}

impl std::error::Error for GaveUp {}

impl de::Error for GaveUp {
    fn custom<T: fmt::Display>(_: T) -> GaveUp {
        GaveUp
    }
}

/// A plain Python value, sorted as `to_value` sorts it.
enum Plain<'py> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Text(Bound<'py, PyString>),
    /// A `Decimal`, `datetime` or `date`, as the strict reading writes it.
    Converted(String),
    List(Bound<'py, PyList>),
    Tuple(Bound<'py, PyTuple>),
    Dict(Bound<'py, PyDict>),
}

fn plain<'py>(obj: &Bound<'py, PyAny>) -> Result<Plain<'py>, GaveUp> {
    if obj.is_none() {
        return Ok(Plain::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Plain::Text(s.clone()));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Plain::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        // As `to_value`: an i64 if it fits (unsigned when not negative, as
        // JSON numbers are), else a u64.
        return match obj.extract::<i64>() {
            Ok(i) => Ok(u64::try_from(i).map_or(Plain::Signed(i), Plain::Unsigned)),
            Err(_) => obj
                .extract::<u64>()
                .map(Plain::Unsigned)
                .map_err(|_| GaveUp),
        };
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(GaveUp);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return Ok(Plain::Dict(d.clone()));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return Ok(Plain::List(l.clone()));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return Ok(Plain::Tuple(t.clone()));
    }
    // Money, instants and days: the strict reading's own text for them,
    // when reading them runs no code of the caller's.
    if !super::value::standard_leaf(obj) {
        return Err(GaveUp);
    }
    match super::value::leaf_text(obj) {
        Ok(Some(text)) if text.len() <= limits::MAX_STRING_BYTES => Ok(Plain::Converted(text)),
        _ => Err(GaveUp),
    }
}

/// A `str`'s text within the string limit (lone surrogates give up).
fn text<'a>(s: &'a Bound<'_, PyString>) -> Result<std::borrow::Cow<'a, str>, GaveUp> {
    let text = s.to_str().map_err(|_| GaveUp)?;
    if text.len() > limits::MAX_STRING_BYTES {
        return Err(GaveUp);
    }
    Ok(std::borrow::Cow::Borrowed(text))
}

struct PyDe<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    depth: usize,
}

impl<'py> PyDe<'_, 'py> {
    fn plain(&self) -> Result<Plain<'py>, GaveUp> {
        if self.depth > MAX_DEPTH {
            return Err(GaveUp);
        }
        plain(self.obj)
    }
}

/// Visits a list or tuple, which must be used whole.
fn visit_items<'de, 'py, V: Visitor<'de>>(
    items: Vec<Bound<'py, PyAny>>,
    depth: usize,
    visitor: V,
) -> Result<V::Value, GaveUp> {
    if items.len() > limits::MAX_LIST_ITEMS {
        return Err(GaveUp);
    }
    let mut access = Items {
        items: items.into_iter(),
        depth,
    };
    let value = visitor.visit_seq(&mut access)?;
    if access.items.len() == 0 {
        Ok(value)
    } else {
        Err(GaveUp)
    }
}

fn visit_dict<'de, V: Visitor<'de>>(
    dict: &Bound<'_, PyDict>,
    depth: usize,
    visitor: V,
) -> Result<V::Value, GaveUp> {
    visitor.visit_map(Entries {
        entries: dict.iter(),
        pending: None,
        depth,
        skip: None,
    })
}

impl<'de> Deserializer<'de> for PyDe<'_, '_> {
    type Error = GaveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GaveUp> {
        match self.plain()? {
            Plain::Null => visitor.visit_unit(),
            Plain::Bool(b) => visitor.visit_bool(b),
            Plain::Unsigned(u) => visitor.visit_u64(u),
            Plain::Signed(i) => visitor.visit_i64(i),
            Plain::Text(s) => visitor.visit_str(&text(&s)?),
            Plain::Converted(s) => visitor.visit_str(&s),
            Plain::List(l) => visit_items(l.iter().collect(), self.depth, visitor),
            Plain::Tuple(t) => visit_items(t.iter().collect(), self.depth, visitor),
            Plain::Dict(d) => visit_dict(&d, self.depth, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GaveUp> {
        if self.obj.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GaveUp> {
        match self.plain()? {
            Plain::Null => visitor.visit_unit(),
            _ => Err(GaveUp),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GaveUp> {
        match self.plain()? {
            Plain::List(l) => visit_items(l.iter().collect(), self.depth, visitor),
            Plain::Tuple(t) => visit_items(t.iter().collect(), self.depth, visitor),
            _ => Err(GaveUp),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GaveUp> {
        // Only a dict will do: asked first, not after every other kind.
        match (self.depth > MAX_DEPTH, self.obj.cast::<PyDict>()) {
            (false, Ok(d)) => visit_dict(d, self.depth, visitor),
            _ => Err(GaveUp),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        if name == crate::decode::TAGGED {
            return match (self.depth > MAX_DEPTH, self.obj.cast::<PyDict>()) {
                (false, Ok(d)) => visitor.visit_enum(Tagged {
                    dict: d.clone(),
                    depth: self.depth,
                }),
                _ => Err(GaveUp),
            };
        }
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        match self.plain()? {
            Plain::Text(s) => visitor.visit_enum(text(&s)?.as_ref().into_deserializer()),
            Plain::Converted(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Plain::Dict(d) if d.len() == 1 => {
                let (variant, value) = d.iter().next().ok_or(GaveUp)?;
                visitor.visit_enum(Variant {
                    variant,
                    value,
                    depth: self.depth,
                })
            }
            _ => Err(GaveUp),
        }
    }

    /// A value the type ignores (an unknown key it tolerates) is still
    /// walked: the strict reading converts the whole request first, so a
    /// value it cannot convert (a `float`, an object, nesting too deep)
    /// fails there, and must make this reading give up too.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GaveUp> {
        self.deserialize_any(de::IgnoredAny)?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf identifier
    }
}

struct Items<'py> {
    items: std::vec::IntoIter<Bound<'py, PyAny>>,
    depth: usize,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = GaveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GaveUp> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        seed.deserialize(PyDe {
            obj: &item,
            depth: self.depth + 1,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A dict's entries, read in place: no code of the caller's runs while
/// they are read (leaves that could run some give up, `standard_leaf`), so
/// the dict cannot change under the iterator (which would panic).
struct Entries<'py> {
    entries: pyo3::types::iter::BoundDictIterator<'py>,
    pending: Option<Bound<'py, PyAny>>,
    depth: usize,
    /// A key read already (a tagged enum's tag), passed over.
    skip: Option<&'static str>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = GaveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GaveUp> {
        loop {
            let Some((key, value)) = self.entries.next() else {
                return Ok(None);
            };
            // A key of a `str` subclass can share its text with another key
            // of the same dict, which the strict reading's JSON object
            // cannot hold: such dicts are read strictly.
            let key = key.cast_into_exact::<PyString>().map_err(|_| GaveUp)?;
            let key = text(&key)?;
            if self.skip == Some(key.as_ref()) {
                continue;
            }
            self.pending = Some(value);
            return seed.deserialize(Key(&key)).map(Some);
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GaveUp> {
        let value = self.pending.take().ok_or(GaveUp)?;
        seed.deserialize(PyDe {
            obj: &value,
            depth: self.depth + 1,
        })
    }
}

/// A dict key, read as the decoder reads an object key.
struct Key<'k>(&'k str);

impl<'de> Deserializer<'de> for Key<'_> {
    type Error = GaveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GaveUp> {
        visitor.visit_str(self.0)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple tuple_struct map
        struct identifier ignored_any
    }
}

/// An enum written as `{"variant": value}`.
struct Variant<'py> {
    variant: Bound<'py, PyAny>,
    value: Bound<'py, PyAny>,
    depth: usize,
}

impl<'de, 'py> EnumAccess<'de> for Variant<'py> {
    type Error = GaveUp;
    type Variant = VariantValue<'py>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, VariantValue<'py>), GaveUp> {
        let variant = self
            .variant
            .cast_into_exact::<PyString>()
            .map_err(|_| GaveUp)?;
        let name = seed.deserialize(Key(&text(&variant)?))?;
        Ok((
            name,
            VariantValue {
                value: self.value,
                depth: self.depth,
            },
        ))
    }
}

struct VariantValue<'py> {
    value: Bound<'py, PyAny>,
    depth: usize,
}

impl VariantValue<'_> {
    fn inner(&self) -> PyDe<'_, '_> {
        PyDe {
            obj: &self.value,
            depth: self.depth + 1,
        }
    }
}

impl<'de> VariantAccess<'de> for VariantValue<'_> {
    type Error = GaveUp;

    fn unit_variant(self) -> Result<(), GaveUp> {
        if self.value.is_none() {
            Ok(())
        } else {
            Err(GaveUp)
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, GaveUp> {
        seed.deserialize(self.inner())
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, GaveUp> {
        self.inner().deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        self.inner().deserialize_map(visitor)
    }
}

/// An internally tagged enum's dict (`{"type": "approve", …}`): its tag
/// the variant, its other keys the variant's fields, read from the dict
/// itself (the strict reading wraps them as `{"approve": {…}}`).
struct Tagged<'py> {
    dict: Bound<'py, PyDict>,
    depth: usize,
}

impl<'de, 'py> EnumAccess<'de> for Tagged<'py> {
    type Error = GaveUp;
    type Variant = TaggedFields<'py>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, TaggedFields<'py>), GaveUp> {
        let tag = plain_entry(&self.dict, crate::decode::TAG).ok_or(GaveUp)?;
        let tag = tag.cast_into::<PyString>().map_err(|_| GaveUp)?;
        let name = seed.deserialize(Key(&text(&tag)?))?;
        Ok((
            name,
            TaggedFields {
                dict: self.dict,
                depth: self.depth,
            },
        ))
    }
}

struct TaggedFields<'py> {
    dict: Bound<'py, PyDict>,
    depth: usize,
}

impl<'de> VariantAccess<'de> for TaggedFields<'_> {
    type Error = GaveUp;

    fn unit_variant(self) -> Result<(), GaveUp> {
        Err(GaveUp)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, GaveUp> {
        Err(GaveUp)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, GaveUp> {
        Err(GaveUp)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GaveUp> {
        visitor.visit_map(Entries {
            entries: self.dict.iter(),
            pending: None,
            depth: self.depth,
            skip: Some(crate::decode::TAG),
        })
    }
}
