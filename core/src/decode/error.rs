//! Why a document did not decode, with the path of the offending key.
//!
//! Serde hands a deserialiser's error type structured facts (an unknown
//! field and the fields expected, a missing field, the kind of value found
//! and the kind expected); this type keeps them, so both messages are
//! written here in their own language instead of being parsed back out of
//! serde's English. Parser detail goes into `detail`, never into a message.

use serde::de::{Expected, Unexpected};

use super::words::{expected_words, listed};
use crate::error::{Code, Problem, echo, serde_bridge};

/// One step of a path: a key of an object or an index in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    /// An object key, already cut for display.
    Key(String),
    /// A list index.
    Index(usize),
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// A key the type does not know.
    UnknownField {
        field: String,
        expected: &'static [&'static str],
    },
    /// A key the type needs is absent.
    MissingField(&'static str),
    /// A key appears twice.
    DuplicateField(String),
    /// A value of the wrong kind.
    InvalidType { found: Found, expected: String },
    /// A value of the right kind but not an allowed one.
    InvalidValue { found: Found, expected: String },
    /// A list of the wrong length.
    InvalidLength { len: usize, expected: String },
    /// A name that is not among the allowed ones.
    UnknownVariant {
        variant: String,
        expected: &'static [&'static str],
    },
    /// One of the library's own types refused the value: its full problem.
    Problem(Box<Problem>),
    /// The JSON or TOML text itself could not be read.
    Syntax {
        /// `JSON` or `TOML`.
        format: &'static str,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// The parser's own words (English), for `detail`.
        parser: String,
    },
    /// JSON nested deeper than the parser allows.
    TooDeep,
    /// Anything else a foreign type said (English, kept for `detail`).
    Other(String),
}

/// How serde names the whole-number types a request holds.
const WHOLE_NUMBERS: &[&str] = &[
    "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64",
];

/// A value that was found where another was expected, in plain words.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Found {
    Bool(bool),
    Integer(String),
    Float(String),
    Str(String),
    Null,
    List,
    Object,
    Other,
}

impl Found {
    fn from_unexpected(u: Unexpected<'_>) -> Found {
        match u {
            Unexpected::Bool(b) => Found::Bool(b),
            Unexpected::Unsigned(n) => Found::Integer(n.to_string()),
            Unexpected::Signed(n) => Found::Integer(n.to_string()),
            Unexpected::Float(f) => Found::Float(echo(&f.to_string())),
            Unexpected::Char(c) => Found::Str(echo(&c.to_string())),
            Unexpected::Str(s) => Found::Str(echo(s)),
            Unexpected::Unit | Unexpected::Option => Found::Null,
            Unexpected::Seq => Found::List,
            Unexpected::Map => Found::Object,
            _ => Found::Other,
        }
    }

    fn zh(&self) -> String {
        match self {
            Found::Bool(b) => format!("布尔值 `{b}`"),
            Found::Integer(n) => format!("整数 `{n}`"),
            Found::Float(f) => format!("数字 `{f}`"),
            Found::Str(s) => format!("字符串 `{s}`"),
            Found::Null => "空值 `null`".to_owned(),
            Found::List => "列表".to_owned(),
            Found::Object => "对象".to_owned(),
            Found::Other => "其他类型的值".to_owned(),
        }
    }

    fn en(&self) -> String {
        match self {
            Found::Bool(b) => format!("the boolean `{b}`"),
            Found::Integer(n) => format!("the integer `{n}`"),
            Found::Float(f) => format!("the number `{f}`"),
            Found::Str(s) => format!("the string `{s}`"),
            Found::Null => "`null`".to_owned(),
            Found::List => "a list".to_owned(),
            Found::Object => "an object".to_owned(),
            Found::Other => "another kind of value".to_owned(),
        }
    }
}

/// A decoding failure and where it happened.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DecodeError {
    /// Path segments, innermost first (they are added as the error unwinds).
    reversed_path: Vec<Segment>,
    pub(crate) kind: Kind,
}

impl DecodeError {
    pub(crate) fn new(kind: Kind) -> DecodeError {
        DecodeError {
            reversed_path: Vec::new(),
            kind,
        }
    }

    /// The same error for a name written as a key (an enum as
    /// `{role = …}`): a name no variant has is an unknown key there, and
    /// said so, not an unknown value.
    pub(crate) fn variant_as_key(mut self) -> DecodeError {
        if let Kind::UnknownVariant { variant, expected } = self.kind {
            self.kind = Kind::UnknownField {
                field: variant,
                expected,
            };
        }
        self
    }

    /// The same error, one object key further out.
    pub(crate) fn at_key(mut self, key: &str) -> DecodeError {
        self.reversed_path.push(Segment::Key(echo(key)));
        self
    }

    /// The same error, one list index further out.
    pub(crate) fn at_index(mut self, index: usize) -> DecodeError {
        self.reversed_path.push(Segment::Index(index));
        self
    }

    /// The same error inside `outer` (outermost segment first).
    pub(crate) fn at_path(mut self, outer: &[Segment]) -> DecodeError {
        self.reversed_path.extend(outer.iter().rev().cloned());
        self
    }

    /// The same error without its outermost segment when that is `key`.
    pub(crate) fn without_outer_key(mut self, key: &str) -> DecodeError {
        if self.reversed_path.last() == Some(&Segment::Key(echo(key))) {
            self.reversed_path.pop();
        }
        self
    }

    /// The path as written in problems: `checkout.lines[0].unit_price`;
    /// empty for the document itself.
    pub(crate) fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.reversed_path.iter().rev() {
            push_segment(&mut out, segment);
        }
        out
    }

    /// The name of the unknown key, when that is the failure.
    pub(crate) fn unknown_field(&self) -> Option<&str> {
        match &self.kind {
            Kind::UnknownField { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The failure as a public problem. `fallback` is the code used when no
    /// type of the library produced a richer one (`request.invalid`,
    /// `policy.schema`, …).
    pub(crate) fn into_problem(self, fallback: Code) -> Problem {
        let path = self.path();
        let at = |inner: Option<&str>| -> Option<String> {
            match (path.is_empty(), inner) {
                (true, None) => None,
                (true, Some(i)) => Some(i.to_owned()),
                (false, None) => Some(path.clone()),
                // An index inside the value (`[2].effective_from`) joins
                // its path without a dot.
                (false, Some(i)) if i.starts_with('[') => Some(format!("{path}{i}")),
                (false, Some(i)) => Some(format!("{path}.{i}")),
            }
        };
        let plain = |zh: String, en: String| Problem {
            code: fallback,
            field: at(None),
            message_zh: zh,
            message_en: en,
            detail: None,
        };
        match self.kind {
            Kind::Problem(problem) => {
                // The problem may know a field inside the value (a policy's
                // `effective_to`); the path says where the value sits.
                let field = at(problem.field.as_deref());
                Problem { field, ..*problem }
            }
            Kind::UnknownField { field, expected } => {
                let (zh_tail, en_tail) = if expected.is_empty() {
                    (
                        "；此处不接受任何字段".to_owned(),
                        "; no keys are accepted here".to_owned(),
                    )
                } else {
                    (
                        format!("；可用字段：{}", listed(expected, "、")),
                        format!("; expected one of {}", listed(expected, ", ")),
                    )
                };
                // serde reads an internally tagged enum (`{"type": …}`) from
                // a buffer, past this decoder's key tracking: the path then
                // stops at the enum, and the unknown key is added here.
                let named = path == field || path.ends_with(&format!(".{field}"));
                Problem {
                    field: if named { at(None) } else { at(Some(&field)) },
                    ..plain(
                        format!("未知字段 `{field}`{zh_tail}"),
                        format!("unknown field `{field}`{en_tail}"),
                    )
                }
            }
            Kind::MissingField(name) => Problem {
                code: fallback,
                field: at(Some(name)),
                message_zh: format!("缺少字段 `{name}`"),
                message_en: format!("missing field `{name}`"),
                detail: None,
            },
            Kind::DuplicateField(name) => Problem {
                // A request's duplicate key has a code of its own; inside a
                // policy document it is one more schema error.
                code: match fallback {
                    Code::InvalidRequest | Code::MalformedJson => Code::DuplicateKey,
                    other => other,
                },
                field: at(None),
                message_zh: format!("字段 `{name}` 出现了不止一次"),
                message_en: format!("the key `{name}` appears more than once"),
                detail: None,
            },
            // A fraction where a whole number goes (a seed, a count): the
            // code every binding gives a float there (`request.inexact_number`).
            Kind::InvalidType {
                found: Found::Float(number),
                expected,
            } if fallback == Code::InvalidRequest && WHOLE_NUMBERS.contains(&expected.as_str()) => {
                let (zh, en) = expected_words(&expected);
                // A whole number past 64 bits reaches here as a float too
                // (`18446744073709551616`): refused as the integer it is,
                // in the words a Python `int` past 64 bits gets.
                let beyond_64_bits = number.parse::<f64>().is_ok_and(|f| {
                    f.fract() == 0.0
                        && !(-9_223_372_036_854_775_808.0..18_446_744_073_709_551_616.0)
                            .contains(&f)
                });
                if beyond_64_bits {
                    plain(
                        crate::decode::words::BEYOND_64_BITS_ZH.to_owned(),
                        crate::decode::words::BEYOND_64_BITS_EN.to_owned(),
                    )
                } else {
                    Problem {
                        code: Code::InexactNumber,
                        ..plain(
                            format!(
                                "应为{zh}，给出的是浮点数 `{number}`；整数请不带小数点或指数书写"
                            ),
                            format!(
                                "expected {en}, found the floating-point number `{number}`; write whole numbers without a decimal point or exponent"
                            ),
                        )
                    }
                }
            }
            Kind::InvalidType { found, expected } => {
                let (zh, en) = expected_words(&expected);
                plain(
                    format!("类型错误：应为{zh}，给出的是{}", found.zh()),
                    format!("invalid type: expected {en}, found {}", found.en()),
                )
            }
            Kind::InvalidValue { found, expected } => {
                let (zh, en) = expected_words(&expected);
                plain(
                    format!("取值错误：应为{zh}，给出的是{}", found.zh()),
                    format!("invalid value: expected {en}, found {}", found.en()),
                )
            }
            Kind::InvalidLength { len, expected } => {
                let (zh, en) = expected_words(&expected);
                plain(
                    format!("长度错误：应为{zh}，给出的有 {len} 项"),
                    format!("invalid length: expected {en}, found {len} items"),
                )
            }
            Kind::UnknownVariant { variant, expected } => plain(
                format!("未知取值 `{variant}`；可选：{}", listed(expected, "、")),
                format!(
                    "unknown value `{variant}`; expected one of {}",
                    listed(expected, ", ")
                ),
            ),
            Kind::Syntax {
                format,
                line,
                column,
                parser,
            } => {
                let (zh_at, en_at) = match (line, column) {
                    (Some(l), Some(c)) => (
                        format!("（第 {l} 行第 {c} 列）"),
                        format!(" (line {l}, column {c})"),
                    ),
                    (Some(l), None) => (format!("（第 {l} 行）"), format!(" (line {l})")),
                    _ => (String::new(), String::new()),
                };
                Problem {
                    code: fallback,
                    field: at(None),
                    message_zh: format!("`{format}` 文本有误{zh_at}"),
                    message_en: format!("the {format} text is malformed{en_at}"),
                    detail: Some(serde_json::json!({
                        "line": line, "column": column, "parser": echo_long(&parser),
                    })),
                }
            }
            // A limit, refused as every limit is, whatever the document.
            Kind::TooDeep => crate::limits::too_deep(at(None).as_deref()),
            Kind::Other(reason) => Problem {
                code: fallback,
                field: at(None),
                message_zh: "取值无效".to_owned(),
                message_en: "the value is not valid".to_owned(),
                detail: Some(serde_json::json!({ "reason": echo_long(&reason) })),
            },
        }
    }
}

/// Parser detail is kept longer than an echo, but still bounded.
fn echo_long(text: &str) -> String {
    crate::error::echo_up_to(text, 200)
}

fn push_segment(out: &mut String, segment: &Segment) {
    match segment {
        Segment::Key(key) => {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        }
        Segment::Index(i) => {
            out.push('[');
            out.push_str(&i.to_string());
            out.push(']');
        }
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let problem = self.clone().into_problem(Code::InvalidRequest);
        f.write_str(&problem.message_en)
    }
}

impl std::error::Error for DecodeError {}

impl serde::de::Error for DecodeError {
    fn custom<T: std::fmt::Display>(msg: T) -> DecodeError {
        let text = msg.to_string();
        // A failure inside an internally tagged enum, with its path.
        if let Some(error) = super::tagged::recover(&text) {
            return error;
        }
        // One of the library's own types parked its full problem before
        // handing serde this text: take it back.
        match serde_bridge::recover(&text) {
            Some(problem) => DecodeError::new(Kind::Problem(Box::new(problem))),
            None => DecodeError::new(Kind::Other(text)),
        }
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> DecodeError {
        DecodeError::new(Kind::InvalidType {
            found: Found::from_unexpected(unexp),
            expected: exp.to_string(),
        })
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> DecodeError {
        DecodeError::new(Kind::InvalidValue {
            found: Found::from_unexpected(unexp),
            expected: exp.to_string(),
        })
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> DecodeError {
        DecodeError::new(Kind::InvalidLength {
            len,
            expected: exp.to_string(),
        })
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> DecodeError {
        DecodeError::new(Kind::UnknownVariant {
            variant: echo(variant),
            expected,
        })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> DecodeError {
        DecodeError::new(Kind::UnknownField {
            field: echo(field),
            expected,
        })
    }

    fn missing_field(field: &'static str) -> DecodeError {
        DecodeError::new(Kind::MissingField(field))
    }

    fn duplicate_field(field: &'static str) -> DecodeError {
        DecodeError::new(Kind::DuplicateField(field.to_owned()))
    }
}
