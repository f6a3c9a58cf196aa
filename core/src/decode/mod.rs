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

/// Decodes a value this library wrote itself (the JSON text of a Python
/// pickle) into `T`: as strictly as [`from_ref`], without the general
/// string and list limits, since an answer may hold more than a request
/// may (a batch of a million quotes, the shares of a hundred thousand
/// weights). A type's own caps still hold, as they did when it was made.
#[cfg(feature = "python")]
pub(crate) fn from_own_ref<T: DeserializeOwned>(value: &Value) -> Result<T, Box<DecodeError>> {
    /// Puts the flag back as it was, however the reading ends.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            READING_LIBRARY_OUTPUT.with(|own| own.set(self.0));
        }
    }
    let _restore = Restore(READING_LIBRARY_OUTPUT.with(|own| own.replace(true)));
    from_ref(value)
}

#[cfg(feature = "python")]
thread_local! {
    /// Whether this thread is reading back a value the library wrote
    /// ([`from_own_ref`]): a reader that starts afresh from a value (the
    /// root's, an internally tagged enum's) asks; the others inherit it.
    static READING_LIBRARY_OUTPUT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether size limits are off on this thread ([`from_own_ref`]).
#[cfg(feature = "python")]
fn reading_library_output() -> bool {
    READING_LIBRARY_OUTPUT.with(std::cell::Cell::get)
}

/// Forgets a failure parked by an internally tagged enum (a reader other
/// than [`from_ref`] calls it, as `from_ref` does, before and after).
#[cfg(feature = "python")]
pub(crate) fn clear_parked() {
    tagged::clear();
}

/// Text as written, less a leading byte-order mark: Windows editors (记事本
/// among them) save UTF-8 with one, and it is no part of the document
/// (RFC 8259 lets a parser ignore it).
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses JSON text into a value, refusing duplicate keys.
pub(crate) fn parse_json(text: &str) -> Result<Value, Box<DecodeError>> {
    json::parse(without_bom(text)).map_err(Box::new)
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
    let text = without_bom(text);
    let table: toml::Table = toml::from_str(text).map_err(|error| {
        Box::new(DecodeError::new(Kind::Syntax {
            format: "TOML",
            line: error.span().map(|span| line_of(text, span.start)),
            column: error.span().map(|span| column_of(text, span.start)),
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

/// The 1-based column, in characters as an editor counts them, of byte
/// `offset` of `text`.
fn column_of(text: &str, offset: usize) -> usize {
    let line_start = text
        .get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |newline| newline + 1);
    chars_between(text, line_start, offset) + 1
}

/// A parser's 1-based byte column on 1-based `line` of `text` given in
/// characters instead, as `column_of` gives them.
pub(crate) fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let line_start = text
        .match_indices('\n')
        .nth(line.saturating_sub(2))
        .filter(|_| line > 1)
        .map_or(0, |(newline, _)| newline + 1);
    chars_between(text, line_start, line_start.saturating_add(byte_column)).max(1)
}

/// How many characters begin in `text[start..end]` (`end` clamped to the
/// text and to a character boundary).
fn chars_between(text: &str, start: usize, end: usize) -> usize {
    let mut end = end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(start..end).map_or(0, |part| part.chars().count())
}

#[cfg(test)]
mod tests {
    #[test]
    fn syntax_errors_give_line_and_column_in_characters() {
        use super::error::Kind;
        let place = |error: &super::DecodeError| match &error.kind {
            Kind::Syntax { line, column, .. } => (*line, *column),
            other => panic!("not a syntax error: {other:?}"),
        };
        // Line 2's ninth character, the end of the line that ends the
        // string unclosed (its thirteenth byte).
        let toml = super::parse_toml("\"名称\" = \"甲\"\n\"乙\" = \"丙\n").expect_err("malformed");
        assert_eq!(place(&toml), (Some(2), Some(9)));
        // At the `}`, its eighth character (serde_json counts its twelfth
        // byte).
        let json = super::json::parse("{\"名称\": }").expect_err("malformed");
        assert_eq!(place(&json), (Some(1), Some(8)));
        let json = super::json::parse("[\n{\"名\": x}]").expect_err("malformed");
        assert_eq!(place(&json), (Some(2), Some(7)));
    }

    use crate::approval::{Route, preset_route};
    use crate::subsidy::{Format, SubsidyPolicy};

    #[test]
    fn a_name_written_as_a_key_is_an_unknown_key_and_as_a_value_an_unknown_value() {
        let route = |approver: &str, mode: &str| {
            format!(
                "id = \"r\"\nname = \"r\"\neffective_from = 2023-01-01\n[[stages]]\nid = \"s\"\nname = \"s\"\nmode = \"{mode}\"\napprovers = [{approver}]\n"
            )
        };
        let first = |text: String| {
            Route::load(&text, Format::Toml)
                .expect_err("refused")
                .into_iter()
                .next()
                .expect("a problem")
        };
        // `{ rol = … }`: the approver's kind is the table's key.
        let key = first(route("{ rol = \"secretary\" }", "single"));
        assert_eq!(key.field.as_deref(), Some("stages[0].approvers[0].rol"));
        assert!(
            key.message_en
                .starts_with("unknown field `rol`; expected one of `person`, `role`"),
            "{}",
            key.message_en
        );
        assert!(
            key.message_zh.starts_with("未知字段 `rol`"),
            "{}",
            key.message_zh
        );
        // A name and a key that is none: the key, at its own path.
        let extra = first(route("{ role = \"mayor\", extra = 1 }", "single"));
        assert_eq!(extra.field.as_deref(), Some("stages[0].approvers[0].extra"));
        assert!(
            extra.message_en.starts_with("unknown field `extra`"),
            "{}",
            extra.message_en
        );
        // A key too many inside `role_in` is refused, not dropped.
        let scoped = first(route(
            "{ role_in = { role = \"county\", scope = \"org\", scop = \"area\" } }",
            "single",
        ));
        assert_eq!(
            scoped.field.as_deref(),
            Some("stages[0].approvers[0].role_in.scop")
        );
        // `mode = "joint"`: a value.
        let value = first(route("{ role = \"secretary\" }", "joint"));
        assert_eq!(value.field.as_deref(), Some("stages[0].mode"));
        assert!(
            value
                .message_en
                .starts_with("unknown value `joint`; expected one of"),
            "{}",
            value.message_en
        );
    }

    #[test]
    fn a_document_saved_with_a_byte_order_mark_reads_as_without() {
        let route = preset_route("seal", &Default::default()).expect("ships");
        let json = serde_json::to_string(&route).expect("json");
        let with_bom = format!("\u{feff}{json}");
        assert_eq!(Route::load(&with_bom, Format::Json).expect("loads"), route);
        let toml = "id = \"r\"\nname = \"r\"\neffective_from = 2023-01-01\n[[stages]]\nid = \"s\"\nname = \"s\"\napprovers = [{ person = \"a\" }]\n";
        assert_eq!(
            Route::load(&format!("\u{feff}{toml}"), Format::Toml).expect("loads"),
            Route::load(toml, Format::Toml).expect("loads")
        );
        let policy = SubsidyPolicy::from_json(
            &serde_json::to_string(&crate::subsidy::preset("henan").expect("ships")).expect("json"),
        )
        .expect("loads");
        let text = format!("\u{feff}{}", serde_json::to_string(&policy).expect("json"));
        assert_eq!(SubsidyPolicy::from_json(&text).expect("loads"), policy);
        // Only a leading mark: one inside the text is still refused.
        assert!(Route::load(&format!("{json}\u{feff}"), Format::Json).is_err());
    }
}
