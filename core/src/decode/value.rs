//! A strict serde deserialiser over a JSON value.
//!
//! Stricter than `serde_json`'s own: an object type takes an object and
//! nothing else (serde would also fill a struct from a list, by field
//! position), a list must be used whole, and no string or list is longer
//! than [`crate::limits`] allows (a [`crate::limits::Document`] or
//! [`crate::limits::LargeList`] field lifts its own limit). Every error is a
//! [`DecodeError`] that gains a path segment as it leaves each object key or
//! list index, so a failure deep inside a request names its field
//! (`checkout.lines[0].unit_price`).

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};
use serde_json::{Map, Value};

use super::error::{DecodeError, Kind};
use crate::limits::{self, Limit};

/// Whether a reader reads a value the library wrote itself (a Python
/// pickle's text: [`super::from_own_ref`]), with no general size limit.
/// A flag where the python feature is; elsewhere nothing, so that no
/// other build carries a trace of it.
#[derive(Clone, Copy)]
struct Own(#[cfg(feature = "python")] bool);

impl Own {
    /// Whether this thread reads the library's own output now.
    fn current() -> Own {
        #[cfg(feature = "python")]
        return Own(super::reading_library_output());
        #[cfg(not(feature = "python"))]
        Own()
    }

    fn get(self) -> bool {
        #[cfg(feature = "python")]
        return self.0;
        #[cfg(not(feature = "python"))]
        false
    }
}

/// Deserialises from a borrowed JSON value.
#[derive(Clone, Copy)]
pub(crate) struct ValueDeserializer<'de> {
    value: &'de Value,
    /// The longest string taken here, in bytes.
    max_string: usize,
    /// The longest list taken here.
    max_list: usize,
    /// Reading a value the library wrote itself ([`super::from_own_ref`]):
    /// no size limit here or below.
    own: Own,
}

impl<'de> ValueDeserializer<'de> {
    /// A deserialiser with the default limits, or none while this thread
    /// reads back a value the library wrote itself
    /// ([`super::from_own_ref`]; a reader that starts afresh, as an
    /// internally tagged enum's does, asks).
    pub(crate) fn new(value: &'de Value) -> ValueDeserializer<'de> {
        Self::limited(value, Own::current())
    }

    /// The deserialiser of a value inside this one's: the same limits
    /// (never those this one's own value lifted).
    fn child<'v>(own: Own, value: &'v Value) -> ValueDeserializer<'v> {
        ValueDeserializer::limited(value, own)
    }

    fn limited(value: &'de Value, own: Own) -> ValueDeserializer<'de> {
        let (max_string, max_list) = match own.get() {
            true => (usize::MAX, usize::MAX),
            false => (limits::MAX_STRING_BYTES, limits::MAX_LIST_ITEMS),
        };
        ValueDeserializer {
            value,
            max_string,
            max_list,
            own,
        }
    }

    fn too_large(limit: Limit, actual: usize) -> DecodeError {
        DecodeError::new(Kind::Problem(Box::new(limits::too_large(
            None, limit, actual,
        ))))
    }

    fn check_string(&self, s: &str) -> Result<(), DecodeError> {
        if s.len() > self.max_string {
            return Err(Self::too_large(Limit::Bytes(self.max_string), s.len()));
        }
        Ok(())
    }

    fn check_list(&self, items: &[Value]) -> Result<(), DecodeError> {
        if items.len() > self.max_list {
            return Err(Self::too_large(Limit::Items(self.max_list), items.len()));
        }
        Ok(())
    }
}

pub(super) fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Unexpected::Unsigned(u)
            } else if let Some(i) = n.as_i64() {
                Unexpected::Signed(i)
            } else {
                Unexpected::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

impl<'de> ValueDeserializer<'de> {
    fn refuse<V: Visitor<'de>>(self, visitor: &V) -> DecodeError {
        de::Error::invalid_type(unexpected(self.value), visitor)
    }
}

fn visit_array<'de, V: Visitor<'de>>(
    items: &'de [Value],
    own: Own,
    visitor: V,
) -> Result<V::Value, DecodeError> {
    let mut access = ArrayAccess {
        items: items.iter(),
        index: 0,
        own,
    };
    let value = visitor.visit_seq(&mut access)?;
    let left = access.items.len();
    if left == 0 {
        Ok(value)
    } else {
        let expected = format!("a list of {} items", access.index);
        Err(de::Error::invalid_length(items.len(), &expected.as_str()))
    }
}

fn visit_object<'de, V: Visitor<'de>>(
    map: &'de Map<String, Value>,
    own: Own,
    visitor: V,
) -> Result<V::Value, DecodeError> {
    visitor.visit_map(ObjectAccess {
        entries: map.iter(),
        pending: None,
        own,
    })
}

impl<'de> Deserializer<'de> for ValueDeserializer<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => {
                self.check_string(s)?;
                visitor.visit_borrowed_str(s)
            }
            Value::Array(items) => {
                self.check_list(items)?;
                visit_array(items, self.own, visitor)
            }
            Value::Object(map) => visit_object(map, self.own, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            _ => Err(self.refuse(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_unit(visitor)
    }

    /// The library's [`limits::Document`] and [`limits::LargeList`] lift
    /// the string or list limit for their own value (never lower it).
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let lifted = match name {
            limits::DOCUMENT => ValueDeserializer {
                max_string: self.max_string.max(limits::MAX_DOCUMENT_BYTES),
                ..self
            },
            limits::LARGE_LIST => ValueDeserializer {
                max_list: self.max_list.max(limits::MAX_BATCH_ORDERS),
                ..self
            },
            _ => self,
        };
        visitor.visit_newtype_struct(lifted)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::Array(items) => {
                self.check_list(items)?;
                visit_array(items, self.own, visitor)
            }
            _ => Err(self.refuse(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::Object(map) => visit_object(map, self.own, visitor),
            _ => Err(self.refuse(&visitor)),
        }
    }

    /// An object type takes an object, never a list by field position.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::String(s) => {
                self.check_string(s)?;
                visitor.visit_enum(s.as_str().into_deserializer())
            }
            Value::Object(map) if map.len() == 1 => match map.iter().next() {
                Some((variant, value)) => visitor.visit_enum(Variant {
                    variant,
                    value,
                    own: self.own,
                }),
                None => Err(self.refuse(&visitor)),
            },
            Value::Object(map) => {
                Err(key_that_is_no_name(map, variants).unwrap_or_else(|| self.refuse(&visitor)))
            }
            _ => Err(self.refuse(&visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf identifier
    }
}

struct ArrayAccess<'de> {
    items: std::slice::Iter<'de, Value>,
    index: usize,
    own: Own,
}

impl<'de> SeqAccess<'de> for ArrayAccess<'de> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DecodeError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(ValueDeserializer::child(self.own, item))
            .map(Some)
            .map_err(|e| e.at_index(index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct ObjectAccess<'de> {
    entries: serde_json::map::Iter<'de>,
    pending: Option<(&'de String, &'de Value)>,
    own: Own,
}

impl<'de> MapAccess<'de> for ObjectAccess<'de> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        if key.len() > limits::MAX_STRING_BYTES && !self.own.get() {
            return Err(ValueDeserializer::too_large(
                Limit::Bytes(limits::MAX_STRING_BYTES),
                key.len(),
            ));
        }
        self.pending = Some((key, value));
        seed.deserialize(KeyDeserializer(key))
            .map(Some)
            .map_err(|e| e.at_key(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        match self.pending.take() {
            Some((key, value)) => seed
                .deserialize(ValueDeserializer::child(self.own, value))
                .map_err(|e| e.at_key(key)),
            None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An object key: a string, or a number for maps keyed by numbers.
struct KeyDeserializer<'de>(&'de str);

impl<'de> Deserializer<'de> for KeyDeserializer<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple tuple_struct map
        struct identifier ignored_any
    }
}

/// `{ role = "mayor", extra = 1 }`, an enum written as an object of other
/// than one key: with at most one of its `variants`' names among them, the
/// first key that is none, refused as a lone unknown name is, at itself.
/// Not generic (unlike `deserialize_enum`, made anew for every enum), so
/// written once in the WebAssembly module.
fn key_that_is_no_name(
    map: &Map<String, Value>,
    variants: &'static [&'static str],
) -> Option<DecodeError> {
    let named = |k: &&String| variants.contains(&k.as_str());
    if map.keys().filter(named).count() > 1 {
        return None;
    }
    let key = map.keys().find(|k| !named(k))?;
    Some(<DecodeError as de::Error>::unknown_field(key, variants).at_key(key))
}

/// An enum written as `{"variant": value}`.
struct Variant<'de> {
    variant: &'de String,
    value: &'de Value,
    own: Own,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = DecodeError;
    type Variant = VariantValue<'de>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, VariantValue<'de>), DecodeError> {
        let name = seed
            .deserialize(KeyDeserializer(self.variant))
            .map_err(|e| e.variant_as_key().at_key(self.variant))?;
        Ok((
            name,
            VariantValue {
                variant: self.variant,
                value: self.value,
                own: self.own,
            },
        ))
    }
}

struct VariantValue<'de> {
    variant: &'de String,
    value: &'de Value,
    own: Own,
}

impl<'de> VariantAccess<'de> for VariantValue<'de> {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<(), DecodeError> {
        match self.value {
            Value::Null => Ok(()),
            other => Err(
                <DecodeError as de::Error>::invalid_type(unexpected(other), &"unit")
                    .at_key(self.variant),
            ),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DecodeError> {
        seed.deserialize(ValueDeserializer::child(self.own, self.value))
            .map_err(|e| e.at_key(self.variant))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        ValueDeserializer::child(self.own, self.value)
            .deserialize_seq(visitor)
            .map_err(|e| e.at_key(self.variant))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        ValueDeserializer::child(self.own, self.value)
            .deserialize_map(visitor)
            .map_err(|e| e.at_key(self.variant))
    }
}
