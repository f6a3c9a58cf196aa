//! Strict decoding of JSON-shaped input into typed requests and documents.
//!
//! Every failure names the path of the offending key (`caps.per_order`,
//! `lines[2].unit_price`). When one of our own types refused a value, its
//! rich problem (code, both messages) comes back through
//! [`crate::error::serde_bridge`]; otherwise serde's own message is used.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Code, Problem, serde_bridge};

/// Why a document did not decode.
#[derive(Debug)]
pub(crate) struct DecodeFailure {
    /// Where it failed, empty for the document itself.
    pub(crate) path: String,
    /// serde's message (English).
    pub(crate) message: String,
    /// Our own problem, when one of our types refused the value.
    pub(crate) parked: Option<Problem>,
}

impl DecodeFailure {
    /// The failure as a public problem; `fallback` is the code used when no
    /// type of ours produced a richer one.
    pub(crate) fn into_problem(self, fallback: Code) -> Problem {
        let field = (!self.path.is_empty()).then(|| self.path.clone());
        if let Some(problem) = self.parked {
            // The problem may know a field inside the value (a policy's
            // `effective_to`); the path says where the value sits.
            let field = match (field, problem.field.clone()) {
                (Some(outer), Some(inner)) => Some(format!("{outer}.{inner}")),
                (outer, inner) => outer.or(inner),
            };
            return Problem { field, ..problem };
        }
        let (message_zh, message_en) = translate(&self.message);
        Problem {
            code: fallback,
            field,
            message_zh,
            message_en,
            detail: None,
        }
    }
}

/// Decodes a JSON value into `T`.
pub(crate) fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Box<DecodeFailure>> {
    serde_bridge::clear();
    serde_path_to_error::deserialize::<_, T>(value).map_err(|error| {
        let path = clean_path(error.path().to_string());
        let message = error.into_inner().to_string();
        let parked = serde_bridge::recover(&message);
        Box::new(DecodeFailure {
            path,
            message,
            parked,
        })
    })
}

/// Parses JSON text into a value; syntax errors are `None`-pathed failures.
pub(crate) fn parse_json(text: &str) -> Result<Value, Box<DecodeFailure>> {
    serde_json::from_str(text).map_err(|error| {
        Box::new(DecodeFailure {
            path: String::new(),
            message: error.to_string(),
            parked: None,
        })
    })
}

/// serde_path_to_error writes `.` for the root; we write nothing.
fn clean_path(path: String) -> String {
    if path == "." { String::new() } else { path }
}

/// Gives serde's commonest messages a Chinese rendering; keeps the English.
fn translate(message: &str) -> (String, String) {
    let en = message.to_owned();
    let zh = if let Some(rest) = message.strip_prefix("unknown field ") {
        format!(
            "未知字段 {}",
            rest.replace(", expected one of ", "，可用字段：")
                .replace(", there are no fields", "，此处不接受任何字段")
        )
    } else if let Some(rest) = message.strip_prefix("missing field ") {
        format!("缺少字段 {rest}")
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        format!("类型错误：{rest}")
    } else if let Some(rest) = message.strip_prefix("unknown variant ") {
        format!(
            "未知取值 {}",
            rest.replace(", expected one of ", "，可选：")
                .replace(", expected ", "，应为：")
        )
    } else if let Some(rest) = message.strip_prefix("invalid value: ") {
        format!("取值错误：{rest}")
    } else if let Some(rest) = message.strip_prefix("invalid length ") {
        format!("长度错误：{rest}")
    } else {
        format!("格式错误：{message}")
    };
    (zh, en)
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
pub(crate) fn parse_toml(text: &str) -> Result<Value, Box<DecodeFailure>> {
    let table: toml::Table = toml::from_str(text).map_err(|error| {
        Box::new(DecodeFailure {
            path: String::new(),
            message: error.message().to_owned()
                + &error
                    .span()
                    .map(|span| format!(" (at line {})", line_of(text, span.start)))
                    .unwrap_or_default(),
            parked: None,
        })
    })?;
    Ok(toml_to_json(toml::Value::Table(table)))
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |before| before.matches('\n').count())
        + 1
}
