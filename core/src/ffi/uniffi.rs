//! The `huiqi` uniffi component (Kotlin, Swift): custom types, the one
//! error, and one export per operation of the table.
//!
//! Money crosses as `java.math.BigDecimal` (Kotlin) and `Decimal` (Swift),
//! dates as `java.time.LocalDate`, instants as `java.time.OffsetDateTime`,
//! through the mappings in `core/uniffi.toml`; codes and JSON detail as text.
//! A typed request is checked exactly as the JSON call API checks it: it is
//! encoded and decoded strictly before the operation runs, so limits,
//! invisible characters and every other decoding rule apply alike.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::Value;

use uuid::Uuid;

use super::Failure;
// `RequestLog` is a `Fields` map too (request id → fingerprint).
use crate::approval::{
    FieldType, FieldTypes, Fields, InlineRoute, People, Route, RouteSnapshot, SharedRoute,
    TodoItem, TodoLists,
};
use crate::error::{Category, Code, Problem};
use crate::money::{Money, Ratio};

/// Reports a failed lift as the binding's error, so Kotlin and Swift get a
/// `HuiqiException` with the code and both messages.
fn lift_error(problem: Problem) -> uniffi::deps::anyhow::Error {
    // The call ends here, before its export runs: an amount it deferred
    // would otherwise be put back into the next call on this thread.
    DEFERRED.with(|d| d.borrow_mut().clear());
    uniffi::deps::anyhow::Error::new(HuiqiError::from(Failure::of_problems(vec![problem])))
}

// An amount that does not read (`BigDecimal("245.001")`) must be refused
// naming its field, as the JSON call API does (`checkout.lines[0].unit_price`).
// A lift knows no field, so it defers: it keeps the text and stands in a
// placeholder amount; the export, before anything runs, encodes the request,
// puts each text back where its placeholder is, and decodes strictly, which
// names the path. Placeholders count down from the largest amount
// (¥999,999,999,999,999.99), which no real request comes near.
thread_local! {
    static DEFERRED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The placeholder of the `index`th deferred amount.
fn placeholder(index: usize) -> Option<Money> {
    let index = i64::try_from(index).ok()?;
    Money::from_fen(crate::money::MAX_FEN.checked_sub(index)?).ok()
}

fn lift_money(text: String) -> uniffi::Result<Money> {
    if let Ok(money) = Money::parse(&text) {
        return Ok(money);
    }
    let index = DEFERRED.with(|deferred| {
        let mut deferred = deferred.borrow_mut();
        // Left over by a call whose lift failed elsewhere: never read again.
        if deferred.len() >= 1_000 {
            deferred.clear();
        }
        deferred.push(text);
        deferred.len() - 1
    });
    placeholder(index).ok_or_else(|| lift_error(crate::call::internal_problem()))
}

/// Puts every deferred text back where its placeholder stands.
fn restore_deferred(value: &mut Value) {
    let deferred = take_deferred();
    if deferred.is_empty() {
        return;
    }
    let by_text: std::collections::HashMap<String, String> = deferred
        .into_iter()
        .enumerate()
        .filter_map(|(i, text)| placeholder(i).map(|p| (p.to_string(), text)))
        .collect();
    fn walk(value: &mut Value, by_text: &std::collections::HashMap<String, String>) {
        match value {
            Value::String(s) => {
                if let Some(text) = by_text.get(s.as_str()) {
                    s.clone_from(text);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, by_text)),
            Value::Object(map) => map.values_mut().for_each(|v| walk(v, by_text)),
            _ => {}
        }
    }
    walk(value, &by_text);
}

fn take_deferred() -> Vec<String> {
    DEFERRED.with(|d| std::mem::take(&mut *d.borrow_mut()))
}

/// An answer holding an amount that does not read is refused, as a request
/// is: written out, it would be an answer the library never gives.
fn refuse_deferred() -> Result<(), HuiqiError> {
    match take_deferred().first() {
        None => Ok(()),
        Some(text) => Err(Money::parse(text)
            .err()
            .map_or_else(crate::call::internal_problem, |e| {
                crate::error::Describe::to_problem(&e)
            }))
        .map_err(|problem| HuiqiError::from(Failure::of_problems(vec![problem]))),
    }
}

uniffi::custom_type!(Money, String, {
    try_lift: |text| lift_money(text),
    lower: |money| money.to_string(),
});

uniffi::custom_type!(Ratio, String, {
    try_lift: |text| Ratio::parse(&text).map_err(|e| lift_error(crate::error::Describe::to_problem(&e))),
    lower: |ratio| ratio.to_string(),
});

uniffi::custom_type!(Code, String, {
    try_lift: |text| Code::from_text(&text).ok_or_else(|| lift_error(unknown_code(&text))),
    lower: |code| code.as_str().to_owned(),
});

uniffi::custom_type!(NaiveDate, String, {
    remote,
    try_lift: |text| crate::time::parse_date(&text).map_err(lift_error),
    lower: |date| crate::time::IsoDate(date).to_string(),
});

/// An instant with its offset, as the library reads and writes them.
pub type Instant = DateTime<FixedOffset>;

uniffi::custom_type!(Instant, String, {
    remote,
    try_lift: |text| crate::time::parse_instant(&text).map_err(lift_error),
    lower: |instant| instant.to_rfc3339(),
});

/// A UTC instant (the approval engine's times).
pub type UtcInstant = DateTime<chrono::Utc>;

uniffi::custom_type!(UtcInstant, String, {
    remote,
    try_lift: |text| crate::time::parse_instant(&text)
        .map(|i| i.with_timezone(&chrono::Utc))
        .map_err(lift_error),
    lower: |instant| instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
});

uniffi::custom_type!(Uuid, String, {
    remote,
    try_lift: |text| Uuid::parse_str(&text).map_err(|_| lift_error(Problem::new(
        Code::InvalidRequest,
        None,
        "不是有效的 UUID",
        "not a valid UUID",
    ))),
    lower: |id| id.to_string(),
});

// Maps and sets cross as Kotlin maps and lists; the core keeps them sorted
// (BTreeMap, BTreeSet) so its JSON is always written in one order.
uniffi::custom_type!(Fields, std::collections::HashMap<String, String>, {
    remote,
    try_lift: |map| Ok(map.into_iter().collect()),
    lower: |map| map.into_iter().collect(),
});

uniffi::custom_type!(FieldTypes, std::collections::HashMap<String, FieldType>, {
    remote,
    try_lift: |map| Ok(map.into_iter().collect()),
    lower: |map| map.into_iter().collect(),
});

uniffi::custom_type!(TodoLists, std::collections::HashMap<String, Vec<TodoItem>>, {
    remote,
    try_lift: |map| Ok(map.into_iter().collect()),
    lower: |map| map.into_iter().collect(),
});

// Shared inside the core (a pointer copied per decision), one record across.
uniffi::custom_type!(SharedRoute, RouteSnapshot, {
    try_lift: |snapshot| Ok(SharedRoute::from(snapshot)),
    lower: |shared| shared.to_snapshot(),
});

// Shared inside the core (its check and fingerprint tokens learned once),
// one record across.
uniffi::custom_type!(InlineRoute, Route, {
    try_lift: |route| Ok(InlineRoute::new(route)),
    lower: |shared| shared.route().clone(),
});

uniffi::custom_type!(People, Vec<String>, {
    remote,
    try_lift: |list| Ok(list.into_iter().collect()),
    lower: |set| set.into_iter().collect(),
});

uniffi::custom_type!(Value, String, {
    remote,
    try_lift: |text| serde_json::from_str(&text).map_err(|_| lift_error(Problem::new(
        Code::MalformedJson,
        None,
        "不是有效的 JSON 文本",
        "not valid JSON text",
    ))),
    lower: |value| value.to_string(),
});

/// Generates the one error: a variant per category of the core's codes.
macro_rules! one_error {
    ($($(#[$doc:meta])* $variant:ident $name:literal,)*) => {
        /// Every failure of the library. Kotlin sees it as `HuiqiException`,
        /// with one subclass per category (`HuiqiException.Money`, …); Swift
        /// as `HuiqiError`. Each carries the first problem's code, field and
        /// messages, and every problem (`problems`, the first included).
        #[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, uniffi::Error)]
        pub enum HuiqiError {
            $(
                $(#[$doc])*
                #[error("{code}: {message_en}")]
                $variant {
                    /// Code of the first problem.
                    code: Code,
                    /// Field of the first problem.
                    field: Option<String>,
                    /// Chinese message of the first problem.
                    message_zh: String,
                    /// English message of the first problem.
                    message_en: String,
                    /// Every problem, the first included.
                    problems: Vec<Problem>,
                },
            )*
        }

        /// What every variant carries, whatever the category.
        #[uniffi::export]
        impl HuiqiError {
            /// The category (the variant).
            pub fn category(&self) -> Result<Category, HuiqiError> {
                Ok(match self { $(HuiqiError::$variant { .. } => Category::$variant,)* })
            }
            /// The first problem's code.
            pub fn code(&self) -> Result<Code, HuiqiError> {
                Ok(match self { $(HuiqiError::$variant { code, .. } => *code,)* })
            }
            /// The first problem's field path, if any.
            pub fn field(&self) -> Result<Option<String>, HuiqiError> {
                Ok(match self { $(HuiqiError::$variant { field, .. } => field.clone(),)* })
            }
            /// The first problem's Chinese message.
            pub fn message_zh(&self) -> Result<String, HuiqiError> {
                Ok(match self { $(HuiqiError::$variant { message_zh, .. } => message_zh.clone(),)* })
            }
            /// The first problem's English message.
            pub fn message_en(&self) -> Result<String, HuiqiError> {
                Ok(match self { $(HuiqiError::$variant { message_en, .. } => message_en.clone(),)* })
            }
            /// Every problem, the first included.
            pub fn problems(&self) -> Result<Vec<Problem>, HuiqiError> {
                Ok(match self { $(HuiqiError::$variant { problems, .. } => problems.clone(),)* })
            }
        }

        impl From<Failure> for HuiqiError {
            fn from(failure: Failure) -> HuiqiError {
                let first = failure.first().cloned().unwrap_or_else(crate::call::internal_problem);
                let (code, field, message_zh, message_en) =
                    (first.code, first.field, first.message_zh, first.message_en);
                let problems = failure.problems;
                match failure.category {
                    $(Category::$variant => HuiqiError::$variant {
                        code, field, message_zh, message_en, problems,
                    },)*
                }
            }
        }
    };
}

crate::for_each_category!(one_error);

impl From<crate::Error> for HuiqiError {
    fn from(error: crate::Error) -> HuiqiError {
        HuiqiError::from(Failure::of(&error))
    }
}

/// Runs a typed operation as the JSON call API would: the request encoded
/// and decoded strictly first, no panic escaping.
fn run<Q, A>(request: Q, operation: fn(Q) -> Result<A, crate::Error>) -> Result<A, HuiqiError>
where
    Q: serde::Serialize + serde::de::DeserializeOwned,
{
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut value = crate::call::encode(&request)?;
        restore_deferred(&mut value);
        let request: Q = crate::call::decode(&value)?;
        operation(request)
    }));
    match outcome {
        Ok(result) => result.map_err(HuiqiError::from),
        Err(_) => Err(HuiqiError::from(Failure::of_problems(Vec::new()))),
    }
}

/// One export per operation, and its JSON codecs (for storing requests and
/// answers, and for tests driven by JSON): `money_parse`,
/// `money_parse_request_from_json`, `money_parse_answer_to_json`.
macro_rules! exports {
    ($($rust:ident $name:literal $js:literal $request:ident => $answer:ident, $summary:literal;)*) => {
        pastey::paste! {$(
            /// Runs the operation of the same name in the table (`huiqi_core::api`).
            #[uniffi::export]
            pub fn $rust(request: crate::api::$request) -> Result<crate::api::$answer, HuiqiError> {
                run(request, crate::api::$rust)
            }

            /// Reads the operation's request from JSON, strictly.
            #[uniffi::export]
            pub fn [<$rust _request_from_json>](json: String) -> Result<crate::api::$request, HuiqiError> {
                let value = crate::decode::parse_json(&json)
                    .map_err(|f| HuiqiError::from(Failure::of_problems(vec![f.into_problem(Code::MalformedJson)])))?;
                crate::call::decode(&value).map_err(HuiqiError::from)
            }

            /// Writes the operation's answer as JSON, as the call API answers it.
            #[uniffi::export]
            pub fn [<$rust _answer_to_json>](answer: crate::api::$answer) -> Result<String, HuiqiError> {
                refuse_deferred()?;
                Ok(crate::call::encode(&answer)?.to_string())
            }
        )*}
    };
}
crate::for_each_operation!(exports);

/// Runs any operation on a JSON request and answers JSON, exactly as the
/// core's `call(op, request)` (the shared vectors use this entry).
#[uniffi::export]
pub fn call(op: String, request_json: String) -> String {
    crate::call::call(&op, &request_json)
}

/// [`call`] on a request given as UTF-8 bytes: bytes that are not UTF-8
/// answer `request.malformed_json`.
#[uniffi::export]
pub fn call_utf8(op: String, request_json: Vec<u8>) -> String {
    crate::call::call_bytes(&op, &request_json)
}

/// The category of a code (`money.too_many_decimals` → `Money`); a code
/// this version does not know (a newer server's) is `request.invalid`.
#[uniffi::export]
pub fn code_category(code: String) -> Result<Category, HuiqiError> {
    Code::from_text(&code)
        .map(|c| c.category())
        .ok_or_else(|| HuiqiError::from(Failure::of_problems(vec![unknown_code(&code)])))
}

fn unknown_code(code: &str) -> Problem {
    Problem::new(
        Code::InvalidRequest,
        None,
        format!("不是已知的错误代码：`{}`", crate::error::echo(code)),
        format!("`{}` is not a known error code", crate::error::echo(code)),
    )
}
