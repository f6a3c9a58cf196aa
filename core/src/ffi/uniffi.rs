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
use crate::approval::{
    FieldType, FieldTypes, Fields, Fingerprint, Id, InlineRoute, People, RequestLog, Route,
    RouteSnapshot, SharedRoute, TodoItem, TodoLists,
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

// A value that does not read (`BigDecimal("245.001")`, a date in year
// 10000) must be refused naming its field, as the JSON call API does
// (`checkout.lines[0].unit_price`, `filter.created_from`). A lift knows no
// field, so it defers: it keeps the text and stands in a placeholder of its
// type; the export, before anything runs, encodes the request, puts each
// text back where its placeholder is, and decodes strictly, which names the
// path. Placeholders are values no real request comes near (the largest
// amounts, the first days of year 1, a fixed UUID prefix); should one not
// be found again (a field written another way), the call is refused with
// the lift's own problem rather than run on a placeholder.
thread_local! {
    static DEFERRED: std::cell::RefCell<Vec<Deferred>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A text set aside by a lift: its placeholder as the request's JSON writes
/// it, and the problem it has.
struct Deferred {
    shown: String,
    text: String,
    problem: Problem,
}

/// Defers `text`, whose `problem` has no field yet, behind the `index`th
/// placeholder `placeholder` gives (the value, and its text in JSON).
fn defer<T>(
    text: String,
    problem: Problem,
    placeholder: impl Fn(u32) -> Option<(T, String)>,
) -> uniffi::Result<T> {
    let index = DEFERRED.with(|deferred| {
        let mut deferred = deferred.borrow_mut();
        // Left over by a call that ended some other way: never read again.
        if deferred.len() >= 1_000 {
            deferred.clear();
        }
        deferred.len()
    });
    let Some((value, shown)) = u32::try_from(index).ok().and_then(&placeholder) else {
        return Err(lift_error(problem));
    };
    DEFERRED.with(|deferred| {
        deferred.borrow_mut().push(Deferred {
            shown,
            text,
            problem,
        })
    });
    Ok(value)
}

fn lift_money(text: String) -> uniffi::Result<Money> {
    match Money::parse(&text) {
        Ok(money) => Ok(money),
        Err(e) => defer(text, crate::error::Describe::to_problem(&e), |i| {
            let money = Money::from_fen(crate::money::MAX_FEN.checked_sub(i64::from(i))?).ok()?;
            Some((money, money.to_string()))
        }),
    }
}

fn lift_date(text: String) -> uniffi::Result<NaiveDate> {
    match crate::time::parse_date(&text) {
        Ok(date) => Ok(date),
        Err(problem) => defer(text, problem, |i| {
            let date = NaiveDate::from_ymd_opt(1, 1, 1)?
                .checked_add_days(chrono::Days::new(u64::from(i)))?;
            Some((date, crate::time::IsoDate(date).to_string()))
        }),
    }
}

/// The `i`th second of year 1 (UTC): an instant placeholder.
fn first_seconds(i: u32) -> Option<DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(-62_135_596_800_i64.checked_add(i64::from(i))?, 0)
}

fn lift_instant(text: String) -> uniffi::Result<Instant> {
    match crate::time::parse_instant(&text) {
        Ok(instant) => Ok(instant),
        Err(problem) => defer(text, problem, |i| {
            let instant = first_seconds(i)?.fixed_offset();
            Some((instant, instant.to_rfc3339()))
        }),
    }
}

fn lift_utc(text: String) -> uniffi::Result<UtcInstant> {
    match crate::time::parse_instant(&text) {
        Ok(instant) => Ok(instant.with_timezone(&chrono::Utc)),
        Err(problem) => defer(text, problem, |i| {
            let instant = first_seconds(i)?;
            Some((
                instant,
                instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            ))
        }),
    }
}

fn lift_ratio(text: String) -> uniffi::Result<Ratio> {
    match Ratio::parse(&text) {
        Ok(ratio) => Ok(ratio),
        Err(e) => defer(text, crate::error::Describe::to_problem(&e), |i| {
            let placeholder =
                rust_decimal::Decimal::new(98_765_400_i64.checked_add(i64::from(i))?, 8);
            let ratio = Ratio::from_decimal(placeholder).ok()?;
            Some((ratio, ratio.to_string()))
        }),
    }
}

fn lift_uuid(text: String) -> uniffi::Result<Uuid> {
    match Uuid::parse_str(&text) {
        Ok(id) => Ok(id),
        Err(_) => defer(
            text,
            Problem::new(
                Code::InvalidRequest,
                None,
                "不是有效的 UUID",
                "not a valid UUID",
            ),
            |i| {
                let id =
                    Uuid::from_u128(0x6875_6971_6900_4000_8000_0000_0000_0000_u128 | u128::from(i));
                Some((id, id.to_string()))
            },
        ),
    }
}

fn take_deferred() -> Vec<Deferred> {
    DEFERRED.with(|d| std::mem::take(&mut *d.borrow_mut()))
}

/// Puts every deferred text back where its placeholder stands; one not
/// found again refuses the call with its problem.
fn restore_deferred(value: &mut Value) -> Result<(), Problem> {
    let deferred = take_deferred();
    if deferred.is_empty() {
        return Ok(());
    }
    fn walk(value: &mut Value, deferred: &[Deferred], found: &mut [bool]) {
        match value {
            Value::String(s) => {
                if let Some(i) = deferred.iter().position(|d| d.shown == *s)
                    && let (Some(d), Some(f)) = (deferred.get(i), found.get_mut(i))
                {
                    s.clone_from(&d.text);
                    *f = true;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, deferred, found)),
            Value::Object(map) => map.values_mut().for_each(|v| walk(v, deferred, found)),
            _ => {}
        }
    }
    let mut found = vec![false; deferred.len()];
    walk(value, &deferred, &mut found);
    match deferred.into_iter().zip(found).find(|(_, found)| !found) {
        Some((lost, _)) => Err(lost.problem),
        None => Ok(()),
    }
}

/// An answer holding a value that does not read is refused, as a request
/// is: written out, it would be an answer the library never gives.
fn refuse_deferred() -> Result<(), HuiqiError> {
    match take_deferred().into_iter().next() {
        None => Ok(()),
        Some(d) => Err(HuiqiError::from(Failure::of_problems(vec![d.problem]))),
    }
}

uniffi::custom_type!(Money, String, {
    try_lift: |text| lift_money(text),
    lower: |money| money.to_string(),
});

uniffi::custom_type!(Ratio, String, {
    try_lift: |text| lift_ratio(text),
    lower: |ratio| ratio.to_string(),
});

uniffi::custom_type!(Code, String, {
    try_lift: |text| Code::from_text(&text).ok_or_else(|| lift_error(unknown_code(&text))),
    lower: |code| code.as_str().to_owned(),
});

uniffi::custom_type!(NaiveDate, String, {
    remote,
    try_lift: |text| lift_date(text),
    lower: |date| crate::time::IsoDate(date).to_string(),
});

/// An instant with its offset, as the library reads and writes them.
pub type Instant = DateTime<FixedOffset>;

uniffi::custom_type!(Instant, String, {
    remote,
    try_lift: |text| lift_instant(text),
    lower: |instant| instant.to_rfc3339(),
});

/// A UTC instant (the approval engine's times).
pub type UtcInstant = DateTime<chrono::Utc>;

uniffi::custom_type!(UtcInstant, String, {
    remote,
    try_lift: |text| lift_utc(text),
    lower: |instant| instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
});

uniffi::custom_type!(Uuid, String, {
    remote,
    try_lift: |text| lift_uuid(text),
    lower: |id| id.to_string(),
});

// Maps and sets cross as Kotlin maps and lists; the core keeps them sorted
// (BTreeMap, BTreeSet) so its JSON is always written in one order.
uniffi::custom_type!(Fields, std::collections::HashMap<String, String>, {
    remote,
    try_lift: |map| Ok(map.into_iter().collect()),
    lower: |map| map.into_iter().collect(),
});

// Hashed inside the core (looked up on every command), a map across.
uniffi::custom_type!(RequestLog, std::collections::HashMap<String, String>, {
    try_lift: |map| Ok(map.into_iter().map(|(id, print)| (Id::from(id), Fingerprint::from(print))).collect()),
    lower: |log| log.iter().map(|(id, print)| (id.to_owned(), print.to_string())).collect(),
});

// Held inline or shared inside the core (`approval::Id`), a string across.
uniffi::custom_type!(Id, String, {
    try_lift: |text| Ok(Id::from(text)),
    lower: |id| String::from(id),
});

// Held as its digest inside the core, its text across.
uniffi::custom_type!(Fingerprint, String, {
    try_lift: |text| Ok(Fingerprint::from(text)),
    lower: |print| String::from(print),
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

// Kept sorted inside the core, a list across.
uniffi::custom_type!(People, Vec<Id>, {
    try_lift: |list| Ok(list.into_iter().collect()),
    lower: |set| set.into_vec(),
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
        restore_deferred(&mut value)?;
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

/// Reads a stored application from JSON (an answer's `state`, as the
/// server keeps it), strictly and checked for what no command could leave,
/// as `approval_decide` reads its `state`: the way an app loads the
/// server's applications for offline lists and previews.
#[uniffi::export]
pub fn application_from_json(json: String) -> Result<crate::approval::Application, HuiqiError> {
    let value = crate::decode::parse_json(&json).map_err(|f| {
        HuiqiError::from(Failure::of_problems(vec![
            f.into_problem(Code::MalformedJson),
        ]))
    })?;
    let application: crate::approval::Application =
        crate::call::decode(&value).map_err(HuiqiError::from)?;
    match application.inconsistency() {
        Some(problem) => Err(HuiqiError::from(Failure::of_problems(vec![problem]))),
        None => Ok(application),
    }
}

/// Writes an application as JSON, as answers write their `state`.
#[uniffi::export]
pub fn application_to_json(
    application: crate::approval::Application,
) -> Result<String, HuiqiError> {
    refuse_deferred()?;
    // What `application_from_json` would refuse is not written either.
    if let Some(problem) = application.inconsistency() {
        return Err(HuiqiError::from(Failure::of_problems(vec![problem])));
    }
    Ok(crate::call::encode(&application)?.to_string())
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
