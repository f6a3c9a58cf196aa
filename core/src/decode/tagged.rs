//! Internally tagged enums (`{"type": "approve", "comment": "同意"}`),
//! decoded so that a failure inside a variant names its key.
//!
//! serde's own decoding of such an enum buffers the object before it knows
//! the variant and decodes the variant from that buffer, where the
//! library's decoder cannot follow: a wrong value anywhere inside a command
//! was reported at the command itself (`request.command`, not
//! `request.command.fields.amount`), and a number for `type` chose a
//! variant by its position. Here the tag is read first, as a string, and
//! the rest of the object is decoded as that variant by the library's own
//! decoder, path and all. [`tagged_enum!`] declares such an enum once and
//! derives its variant decoder from the same definition.
//!
//! The enum asks its deserializer for a struct named [`TAGGED`]. Every
//! deserializer but one gives the object as a map, decoded as above; the
//! Python reader (`ffi::python::fast_read`) answers with the tag as the
//! variant and the dict's other keys as its fields, so that a command read
//! from Python objects builds no JSON value on its way.

use std::cell::Cell;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::{Map, Value};

use super::error::{DecodeError, Kind};
use super::value::{ValueDeserializer, unexpected};
use super::words::EXPECT_TAGGED;

thread_local! {
    /// A failure inside a variant, on its way out through a foreign error
    /// type (serde's `D::Error`), to be taken back by [`recover`].
    static PARKED: Cell<Option<Box<DecodeError>>> = const { Cell::new(None) };
}

/// The name under which an internally tagged enum asks its deserializer
/// for a struct. A deserializer that knows it (the Python reader) answers
/// with the tag as the variant and the other keys as its fields, with no
/// object built in between; any other gives the object as a map.
pub(crate) const TAGGED: &str = "$huiqi::tagged";

/// The key naming the variant.
pub(crate) const TAG: &str = "type";

/// An internally tagged enum's two ways in: from the wrapped object
/// `{variant: {…}}` by the library's decoder, or from a deserializer's own
/// enum access (see [`TAGGED`]). Given by [`tagged_enum!`].
pub(crate) trait Tagged: Sized {
    fn from_wrapped(wrapped: ValueDeserializer<'_>) -> Result<Self, DecodeError>;
    fn from_variant<'de, A: de::EnumAccess<'de>>(data: A) -> Result<Self, A::Error>;
}

/// Decodes an internally tagged enum: reads the tag (a string), then
/// decodes the other keys as `{variant: {…}}` with the enum's variant
/// decoder (see [`tagged_enum!`]).
pub(crate) fn internally_tagged<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Tagged,
{
    deserializer.deserialize_struct(TAGGED, &[TAG], TaggedVisitor(PhantomData))
}

struct TaggedVisitor<T>(PhantomData<T>);

impl<'de, T: Tagged> de::Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(EXPECT_TAGGED)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let value = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        decode(value, TAG, T::from_wrapped).map_err(|error| {
            // Through serde's error type the failure can only travel as
            // text: parked whole, the library's decoder takes it back in
            // `custom` with its path (another decoder gets the text).
            let text = error.to_string();
            PARKED.with(|cell| cell.set(Some(Box::new(error))));
            de::Error::custom(text)
        })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<T, A::Error> {
        T::from_variant(data)
    }
}

fn decode<T>(
    value: Value,
    tag: &'static str,
    externally_tagged: impl for<'a> FnOnce(ValueDeserializer<'a>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let Value::Object(mut body) = value else {
        return Err(de::Error::invalid_type(unexpected(&value), &EXPECT_TAGGED));
    };
    let variant = match body.remove(tag) {
        Some(Value::String(name)) => name,
        Some(other) => {
            return Err(
                <DecodeError as de::Error>::invalid_type(unexpected(&other), &"a string")
                    .at_key(tag),
            );
        }
        None => return Err(de::Error::missing_field(tag)),
    };
    let mut wrapped = Map::new();
    wrapped.insert(variant.clone(), Value::Object(body));
    let wrapped = Value::Object(wrapped);
    externally_tagged(ValueDeserializer::new(&wrapped)).map_err(|error| {
        // The variant's name is the outermost key of the wrapped form; in
        // the request it is the tag's value. A name no variant has is
        // named at the tag (an unknown name deeper down keeps its path).
        let error = error.without_outer_key(&variant);
        match error.kind {
            Kind::UnknownVariant { .. } if error.path().is_empty() => error.at_key(tag),
            // The decoder names a variant object's unknown name as a key
            // (`{rol = …}`); here the name is the tag's value, unknown as
            // a value is (`type = "foo"`), not a field `foo`.
            Kind::UnknownField { field, expected } if error.path().is_empty() => {
                DecodeError::new(Kind::UnknownVariant {
                    variant: field,
                    expected,
                })
                .at_key(tag)
            }
            _ => error,
        }
    })
}

/// Takes back the failure parked by [`internally_tagged`] if `text` is its
/// message.
pub(crate) fn recover(text: &str) -> Option<DecodeError> {
    let parked = PARKED.with(Cell::take)?;
    (parked.to_string() == text).then_some(*parked)
}

/// Forgets any parked failure; called before decoding.
pub(crate) fn clear() {
    PARKED.with(|cell| cell.set(None));
}

/// Declares an internally tagged enum (`#[serde(tag = "type")]`, every
/// variant a struct variant) whose decoding names the key that failed.
///
/// The enum is written once, as usual, with its derives and serde
/// attributes for writing (`Serialize`, `tsify` read them); `Deserialize`
/// is not derived but given here. After `decode as Name(…)` come the serde
/// attributes of the variant decoder: a private twin of the enum,
/// externally tagged, made from the same variant list by serde's `remote`
/// derive (which also proves at compile time that the twin's fields are
/// the enum's).
macro_rules! tagged_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident decode as $twin:ident($($twin_attr:tt)*) {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident {
                    $( $(#[$field_attr:meta])* $field:ident : $field_type:ty ),* $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$attr])*
        pub enum $name {
            $(
                $(#[$variant_attr])*
                $variant {
                    $( $(#[$field_attr])* $field: $field_type ),*
                },
            )*
        }

        #[derive(serde::Deserialize)]
        #[serde($($twin_attr)*)]
        #[allow(dead_code, reason = "only its derived `deserialize` is used")]
        enum $twin {
            $(
                $(#[$variant_attr])*
                $variant {
                    $( $(#[$field_attr])* $field: $field_type ),*
                },
            )*
        }

        impl $crate::decode::Tagged for $name {
            fn from_wrapped(
                wrapped: $crate::decode::ValueDeserializer<'_>,
            ) -> Result<$name, $crate::decode::DecodeError> {
                $twin::deserialize(wrapped)
            }

            fn from_variant<'de, A: serde::de::EnumAccess<'de>>(
                data: A,
            ) -> Result<$name, A::Error> {
                $twin::deserialize(serde::de::value::EnumAccessDeserializer::new(data))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$name, D::Error> {
                $crate::decode::internally_tagged(deserializer)
            }
        }
    };
}
pub(crate) use tagged_enum;
