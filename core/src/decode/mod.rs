//! Strict decoding of JSON-shaped input into typed requests and documents.
//!
//! Text becomes a JSON value ([`parse_json`], [`parse_toml`]); a value
//! becomes a typed request or document ([`from_value`]). Both steps are
//! stricter than serde's defaults: a key given twice is refused, an object
//! type takes only an object (never a list by field position), and every
//! failure names the path of the offending key (`caps.per_order`,
//! `lines[2].unit_price`). When one of the library's own types refused a
//! value, its full problem (code, both messages) comes back through
//! [`crate::error::serde_bridge`]; otherwise the failure's structured facts
//! are written out in Chinese and English, with parser detail in `detail`.

mod error;
mod json;
mod tagged;
mod value;
pub(crate) mod words;

pub(crate) use error::DecodeError;
#[cfg(feature = "python")]
pub(crate) use tagged::{TAG, TAGGED};
pub(crate) use tagged::{Tagged, internally_tagged, tagged_enum};
pub(crate) use value::ValueDeserializer;

use error::Kind;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Problem, serde_bridge};

/// Decodes a JSON value into `T`.
pub(crate) fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Box<DecodeError>> {
    from_ref(&value)
}

/// Decodes a borrowed JSON value into `T`.
pub(crate) fn from_ref<T: DeserializeOwned>(value: &Value) -> Result<T, Box<DecodeError>> {
    serde_bridge::clear();
    tagged::clear();
    T::deserialize(value::ValueDeserializer::new(value)).map_err(Box::new)
}

/// Forgets a failure parked by an internally tagged enum (a reader other
/// than [`from_ref`] calls it, as `from_ref` does, before and after).
#[cfg(feature = "python")]
pub(crate) fn clear_parked() {
    tagged::clear();
}

/// Parses JSON text into a value, refusing duplicate keys.
pub(crate) fn parse_json(text: &str) -> Result<Value, Box<DecodeError>> {
    json::parse(text).map_err(Box::new)
}

/// Deserialises a `T` given inline (an object) or by name (a preset). The
/// object goes through `T`'s own, checked `Deserialize`.
pub(crate) fn named_or_inline<'de, D, T>(
    deserializer: D,
    expecting: &'static str,
    by_name: fn(&str) -> Result<T, Problem>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    struct NamedOrInline<T> {
        expecting: &'static str,
        by_name: fn(&str) -> Result<T, Problem>,
    }
    impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for NamedOrInline<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<T, E> {
            (self.by_name)(name).map_err(serde_bridge::fail)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    deserializer.deserialize_any(NamedOrInline { expecting, by_name })
}

/// Converts a TOML document into the JSON value model, so TOML and JSON
/// documents go through one schema. TOML dates and times become strings.
pub(crate) fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        // A float stays a float, and our money and ratio types refuse it.
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Parses a TOML document into the JSON value model.
pub(crate) fn parse_toml(text: &str) -> Result<Value, Box<DecodeError>> {
    let table: toml::Table = toml::from_str(text).map_err(|error| {
        Box::new(DecodeError::new(Kind::Syntax {
            format: "TOML",
            line: error.span().map(|span| line_of(text, span.start)),
            column: None,
            parser: error.message().to_owned(),
        }))
    })?;
    Ok(toml_to_json(toml::Value::Table(table)))
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |before| before.matches('\n').count())
        + 1
}
