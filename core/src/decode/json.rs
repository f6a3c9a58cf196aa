//! JSON text into a JSON value, strictly: a key given twice in one object is
//! refused, at any depth, naming its path.
//!
//! `serde_json::Value` keeps the last of two equal keys. A gateway in front
//! of huiqi that keeps the first would then disagree with huiqi about an
//! amount (`{"input": "1.00", "input": "999.00"}`), so duplicates are an
//! error here, before any operation sees the request.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::error::{DecodeError, Kind, Segment};
use crate::error::echo;

// How deep JSON may nest is `serde_json`'s own recursion limit, 128:
// `limits::MAX_NESTING`, which the test below holds it to.

/// From this depth on the builder notes where it is, so that passing the
/// limit is refused at a path.
const NEAR_THE_LIMIT: usize = crate::limits::MAX_NESTING - 2;

/// Parses `text`, refusing duplicate keys and trailing characters.
pub(crate) fn parse(text: &str) -> Result<Value, DecodeError> {
    let mut path = Vec::new();
    let mut duplicate = None;
    let mut deepest = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = Builder {
        path: &mut path,
        duplicate: &mut duplicate,
        deepest: &mut deepest,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|error| match duplicate {
        Some(found) => found,
        None if error.to_string().starts_with("recursion limit exceeded") => {
            DecodeError::new(Kind::TooDeep).at_path(&deepest)
        }
        None => DecodeError::new(Kind::Syntax {
            format: "JSON",
            line: Some(error.line()).filter(|l| *l > 0),
            column: Some(error.column())
                .filter(|c| *c > 0)
                .map(|c| super::char_column(text, error.line(), c)),
            parser: error.to_string(),
        }),
    })
}

/// Builds a value while keeping the path it has reached.
struct Builder<'p> {
    path: &'p mut Vec<Segment>,
    duplicate: &'p mut Option<DecodeError>,
    /// The path where the nesting limit was passed: kept near the limit
    /// only (the parser's own check stops the walk, and unwinds `path`).
    deepest: &'p mut Vec<Segment>,
}

impl<'de> DeserializeSeed<'de> for Builder<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Builder<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.path.push(Segment::Index(items.len()));
            if self.path.len() >= NEAR_THE_LIMIT {
                self.deepest.clone_from(self.path);
            }
            let next = seq.next_element_seed(Builder {
                path: self.path,
                duplicate: self.duplicate,
                deepest: self.deepest,
            });
            self.path.pop();
            match next? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.path.push(Segment::Key(echo(&key)));
            if object.contains_key(&key) {
                let error = DecodeError::new(Kind::DuplicateField(echo(&key)))
                    .at_path(self.path.as_slice());
                *self.duplicate = Some(error);
                return Err(de::Error::custom("duplicate key"));
            }
            if self.path.len() >= NEAR_THE_LIMIT {
                self.deepest.clone_from(self.path);
            }
            let value = map.next_value_seed(Builder {
                path: self.path,
                duplicate: self.duplicate,
                deepest: self.deepest,
            });
            self.path.pop();
            object.insert(key, value?);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    fn problem(text: &str) -> crate::error::Problem {
        parse(text).unwrap_err().into_problem(Code::MalformedJson)
    }

    #[test]
    fn duplicates_are_refused_at_any_depth() {
        let p = problem(r#"{"input":"1.00","input":"999.00"}"#);
        assert_eq!(p.code, Code::DuplicateKey);
        assert_eq!(p.field.as_deref(), Some("input"));
        let p = problem(r#"{"a":[{"b":1},{"c":{"d":1,"d":2}}]}"#);
        assert_eq!(p.field.as_deref(), Some("a[1].c.d"));
        // The same key in different objects is fine.
        assert!(parse(r#"{"a":{"k":1},"b":{"k":2}}"#).is_ok());
    }

    #[test]
    fn syntax_errors_keep_the_parser_out_of_the_messages() {
        let p = problem("{\"a\": ");
        assert_eq!(p.code, Code::MalformedJson);
        assert!(
            p.message_zh.starts_with("`JSON` 文本有误"),
            "{}",
            p.message_zh
        );
        assert!(p.detail.is_some());
        let p = problem("{} x");
        assert_eq!(p.code, Code::MalformedJson);
        let deep = "[".repeat(crate::limits::MAX_NESTING + 1)
            + &"]".repeat(crate::limits::MAX_NESTING + 1);
        let p = problem(&deep);
        assert_eq!(p.code, Code::TooLarge, "a limit, as every limit");
        assert!(p.message_en.contains("128"), "{}", p.message_en);
    }
}
