//! An application's field values as requests give them: text, never a
//! number. An amount is written `"4999.99"` everywhere in the library (a
//! JSON number is no exact amount), and the field most often given as a
//! number is an amount, so a number here is refused as money given as a
//! number is (`money.not_a_string`), in a submission, an approval's or a
//! resubmission's fields, a preview and a scenario's application alike.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::route::Fields;
use crate::error::{Code, Problem, serde_bridge};

/// One field's value: a string.
pub(crate) struct FieldText(pub(crate) String);

impl<'de> Deserialize<'de> for FieldText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FieldText, D::Error> {
        struct TextVisitor;
        impl TextVisitor {
            fn number<E: de::Error>(self) -> Result<FieldText, E> {
                Err(serde_bridge::fail(Problem::new(
                    Code::MoneyNotString,
                    None,
                    "申请字段的值必须是字符串，不能是数字；金额写成 `\"4999.99\"`",
                    "application field values are strings, not numbers; write an amount as `\"4999.99\"`",
                )))
            }
        }
        impl Visitor<'_> for TextVisitor {
            type Value = FieldText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<FieldText, E> {
                Ok(FieldText(text.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<FieldText, E> {
                self.number()
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<FieldText, E> {
                self.number()
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<FieldText, E> {
                self.number()
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// Fields (`{"kind": "regular", "amount": "5000.00"}`), their values read
/// as [`FieldText`]s.
pub(crate) fn field_texts<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fields, D::Error> {
    Texts::deserialize(deserializer).map(Texts::fields)
}

/// [`field_texts`], or `null` for none.
pub(crate) fn optional_field_texts<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Fields>, D::Error> {
    Option::<Texts>::deserialize(deserializer).map(|read| read.map(Texts::fields))
}

/// Field names and their [`FieldText`]s, as read.
#[derive(Deserialize)]
#[serde(transparent)]
struct Texts(std::collections::BTreeMap<String, FieldText>);

impl Texts {
    fn fields(self) -> Fields {
        self.0
            .into_iter()
            .map(|(name, FieldText(value))| (name, value))
            .collect()
    }
}
