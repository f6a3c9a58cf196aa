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

/// Gives serde's messages our style: no Rust type names in the English
/// (`expected u32` becomes `expected a whole number from 0 to 4294967295`,
/// `expected struct Checkout` becomes `expected an object`), and a Chinese
/// rendering of the common ones.
fn translate(message: &str) -> (String, String) {
    let en = plain_words(message);
    let zh = if let Some(rest) = en.strip_prefix("unknown field ") {
        format!(
            "未知字段 {}",
            rest.replace(", expected one of ", "，可用字段：")
                .replace(", there are no fields", "，此处不接受任何字段")
        )
    } else if let Some(rest) = en.strip_prefix("missing field ") {
        format!("缺少字段 {rest}")
    } else if let Some(rest) = en.strip_prefix("unknown variant ") {
        format!(
            "未知取值 {}",
            rest.replace(", expected one of ", "，可选：")
                .replace(", expected ", "，应为：")
        )
    } else if let Some((label, rest)) = en
        .strip_prefix("invalid type: ")
        .map(|r| ("类型错误", r))
        .or_else(|| en.strip_prefix("invalid value: ").map(|r| ("取值错误", r)))
    {
        match rest.split_once(", expected ") {
            Some((found, expected)) => {
                format!(
                    "{label}：给出的是{}，应为{}",
                    kind_zh(found),
                    kind_zh(expected)
                )
            }
            None => format!("{label}：{rest}"),
        }
    } else if let Some(rest) = en.strip_prefix("invalid length ") {
        format!("长度错误：{rest}")
    } else {
        format!("格式错误：{en}")
    };
    (zh, en)
}

/// serde's words for kinds of value, without Rust's type names.
fn plain_words(message: &str) -> String {
    const WORDS: [(&str, &str); 14] = [
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        (
            "expected u32",
            "expected a whole number from 0 to 4294967295",
        ),
        (
            "expected u64",
            "expected a whole number from 0 to 18446744073709551615",
        ),
        (
            "expected usize",
            "expected a whole number from 0 to 18446744073709551615",
        ),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected an object"),
        ("invalid type: map,", "invalid type: an object,"),
        ("invalid type: sequence,", "invalid type: a list,"),
        ("invalid type: unit value,", "invalid type: null,"),
    ];
    let mut text = message.to_owned();
    // `expected struct Checkout` / `expected enum Format`: Rust names.
    for (marker, replacement) in [
        ("expected struct ", "expected an object"),
        ("expected enum ", "expected a name"),
    ] {
        while let Some(start) = text.find(marker) {
            let name_start = start + marker.len();
            let name_len = text.get(name_start..).map_or(0, |rest| {
                rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len())
            });
            text.replace_range(start..name_start + name_len, replacement);
        }
    }
    for (rust, plain) in WORDS {
        // Only whole words: `expected u32` but not `expected u32x`.
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(rust) {
            let after = rest.get(at + rust.len()..).unwrap_or_default();
            let whole = !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
            out.push_str(rest.get(..at).unwrap_or_default());
            out.push_str(if whole { plain } else { rust });
            rest = after;
        }
        out.push_str(rest);
        text = out;
    }
    text
}

/// A kind of value (`integer `5``, `an object`, …) in Chinese.
fn kind_zh(kind: &str) -> String {
    const KINDS: [(&str, &str); 13] = [
        ("a whole number from 0 to ", "0 到 {} 的整数"),
        ("integer ", "整数 {}"),
        ("floating point ", "小数 {}"),
        ("string ", "字符串 {}"),
        ("boolean ", "布尔值 {}"),
        ("a whole number", "整数{}"),
        ("a number", "数字{}"),
        ("a string", "字符串{}"),
        ("a boolean", "布尔值{}"),
        ("an object", "对象{}"),
        ("a list", "列表{}"),
        ("null", "空值{}"),
        ("a name", "名称{}"),
    ];
    for (english, chinese) in KINDS {
        if let Some(rest) = kind.strip_prefix(english) {
            return chinese.replace("{}", rest);
        }
    }
    kind.to_owned()
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
