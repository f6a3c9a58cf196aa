//! The JSON-shaped call API: one entry point, an operation name and a JSON
//! request in, a JSON answer out, for every operation of the library.
//!
//! Bindings and the shared test vectors drive the core through here; Rust
//! callers use the typed functions. The answer is always
//! `{"ok": true, "value": …}` or `{"ok": false, "errors": [problem, …]}`;
//! this function never panics, whatever the input.
//!
//! ```
//! let answer = huiqi_core::call::call("subsidy.quote", r#"{
//!     "policy": "henan", "order_total": "245.00", "date": "2018-07-24",
//!     "enterprise": {"certified": true, "claim": "claimed"}
//! }"#);
//! let answer: serde_json::Value = serde_json::from_str(&answer)?;
//! assert_eq!(answer["value"]["subsidy"], "73.50");
//! assert_eq!(answer["value"]["payable"], "171.50");
//! # Ok::<(), serde_json::Error>(())
//! ```

mod error;

pub use error::RequestError;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Code, Error, Problem};

/// The answer to a call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// Success.
    Ok {
        /// Always `true`.
        ok: True,
        /// The operation's answer.
        value: Value,
    },
    /// Failure.
    Err {
        /// Always `false`.
        ok: False,
        /// What went wrong.
        errors: Vec<Problem>,
    },
}

/// `true`, as a type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "bool", into = "bool")]
pub struct True;
/// `false`, as a type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "bool", into = "bool")]
pub struct False;

impl TryFrom<bool> for True {
    type Error = &'static str;
    fn try_from(b: bool) -> Result<True, &'static str> {
        if b { Ok(True) } else { Err("expected true") }
    }
}
impl From<True> for bool {
    fn from(_: True) -> bool {
        true
    }
}
impl TryFrom<bool> for False {
    type Error = &'static str;
    fn try_from(b: bool) -> Result<False, &'static str> {
        if b { Err("expected false") } else { Ok(False) }
    }
}
impl From<False> for bool {
    fn from(_: False) -> bool {
        false
    }
}

impl Answer {
    /// A successful answer.
    pub fn ok(value: Value) -> Answer {
        Answer::Ok { ok: True, value }
    }
    /// A failed answer.
    pub fn err(errors: Vec<Problem>) -> Answer {
        Answer::Err { ok: False, errors }
    }
    /// The answer as a result.
    pub fn into_result(self) -> Result<Value, Vec<Problem>> {
        match self {
            Answer::Ok { value, .. } => Ok(value),
            Answer::Err { errors, .. } => Err(errors),
        }
    }
}

/// Runs operation `op` on a JSON request and returns the JSON answer.
pub fn call(op: &str, request: &str) -> String {
    if request.len() > crate::limits::MAX_REQUEST_BYTES {
        let problem = crate::limits::too_large(
            None,
            crate::limits::Limit::Bytes(crate::limits::MAX_REQUEST_BYTES),
            request.len(),
        );
        return answer_text(&Answer::err(vec![problem]));
    }
    let answer = match crate::decode::parse_json(request) {
        Ok(value) => call_value(op, value),
        Err(failure) => Answer::err(vec![failure.into_problem(Code::MalformedJson)]),
    };
    answer_text(&answer)
}

/// A request given as text with a lone surrogate (a string of Python or
/// JavaScript, whose UTF-16 may hold one): not Unicode, so not JSON text.
/// Every binding answers it alike, where the conversion to UTF-8 would
/// otherwise replace the surrogate with U+FFFD and keep text it was not
/// given.
pub fn lone_surrogate_in_request() -> Problem {
    Problem::new(
        Code::MalformedJson,
        None,
        "请求不是有效的 Unicode 文本（含孤立代理码位）",
        "the request is not valid Unicode text (a lone surrogate)",
    )
}

/// A whole number past 64 bits, however it was given (JSON text, where it
/// reads as a float, or a Python `int`): one wording for every reading and
/// binding.
pub const BEYOND_64_BITS_ZH: &str = "整数超出 64 位范围";
/// The same, in English.
pub const BEYOND_64_BITS_EN: &str = "the integer does not fit in 64 bits";

/// A text value (or a key) with a lone surrogate inside a request given as
/// objects, at `field`.
pub fn lone_surrogate_in_text(field: Option<&str>) -> Problem {
    Problem::new(
        Code::InvalidRequest,
        field,
        "文本含有孤立的代理码位，不是有效的 Unicode",
        "the text holds a lone surrogate: it is not valid Unicode",
    )
}

/// An answer as the JSON text every caller gets: `ok` first, then `value`
/// or `errors` (a binding that refuses before the core is reached writes
/// its answer with this too).
pub fn answer_text(answer: &Answer) -> String {
    serde_json::to_string(answer).unwrap_or_else(|_| fallback_answer())
}

/// [`call`] on a request given as bytes, as read from a file, a pipe or the
/// network: bytes that are not UTF-8 answer `request.malformed_json`.
pub fn call_bytes(op: &str, request: &[u8]) -> String {
    match std::str::from_utf8(request) {
        Ok(text) => call(op, text),
        Err(e) => {
            let problem = crate::error::Describe::to_problem(&RequestError::NotUtf8 {
                valid_up_to: e.valid_up_to(),
            });
            answer_text(&Answer::err(vec![problem]))
        }
    }
}

/// Runs operation `op` on a JSON request (read as strictly as by [`call`])
/// and returns the answer's value, or every problem: for bindings that
/// build their own values from it.
pub fn call_to_value(op: &str, request: &str) -> Result<Value, Vec<Problem>> {
    call_value(op, parse_request(request)?).into_result()
}

/// Reads a request's JSON text as strictly as [`call`] does (size limit,
/// duplicate keys, depth), for bindings that run an operation in steps.
pub fn parse_request(request: &str) -> Result<Value, Vec<Problem>> {
    if request.len() > crate::limits::MAX_REQUEST_BYTES {
        return Err(vec![crate::limits::too_large(
            None,
            crate::limits::Limit::Bytes(crate::limits::MAX_REQUEST_BYTES),
            request.len(),
        )]);
    }
    crate::decode::parse_json(request)
        .map_err(|failure| vec![failure.into_problem(Code::MalformedJson)])
}

/// Runs operation `op` on a request already parsed into a JSON value.
pub fn call_value(op: &str, request: Value) -> Answer {
    // The library is written not to panic; should a dependency panic anyway,
    // the caller gets an `internal.error` answer instead of an unwound stack
    // (across an FFI boundary that would be undefined or abort).
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(op, &request))) {
        Ok(Ok(value)) => Answer::ok(value),
        Ok(Err(error)) => Answer::err(crate::limits::capped(error.problems())),
        Err(_) => Answer::err(vec![internal_problem()]),
    }
}

/// The answer's problem when something inside the library failed.
pub fn internal_problem() -> Problem {
    Problem::new(
        Code::Internal,
        None,
        "库内部出错（这是缺陷，请报告）",
        "something failed inside the library (a bug; please report it)",
    )
}

fn dispatch(op: &str, request: &Value) -> Result<Value, Error> {
    let operation = OPERATIONS
        .iter()
        .find(|o| o.name == op)
        .ok_or_else(|| RequestError::unknown(op))?;
    (operation.run)(request)
}

/// One operation of the call API.
#[derive(Clone, Copy)]
pub struct Operation {
    /// Its name, such as `subsidy.quote`.
    pub name: &'static str,
    /// What it does, in one line.
    pub summary: &'static str,
    /// Decodes the request strictly, runs the typed function, encodes the answer.
    run: fn(&Value) -> Result<Value, Error>,
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operation")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The JSON form of every typed operation, from the one table.
macro_rules! json_operations {
    ($($rust:ident $name:literal $js:literal $request:ident => $answer:ident, $summary:literal;)*) => {
        /// Every operation, by name, in table order.
        pub const OPERATIONS: &[Operation] = &[$(
            Operation {
                name: $name,
                summary: $summary,
                run: |value| encode(&crate::api::$rust(decode::<crate::api::$request>(value)?)?),
            },
        )*];
    };
}
crate::for_each_operation!(json_operations);

/// Decodes a request into its typed form; failures name the path.
pub fn decode<T: serde::de::DeserializeOwned>(request: &Value) -> Result<T, Error> {
    crate::decode::from_ref(request).map_err(|failure| {
        Error::Request(RequestError::Invalid(
            failure.into_problem(Code::InvalidRequest),
        ))
    })
}

/// Serialises an answer value.
pub fn encode<T: Serialize>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| {
        Error::Request(RequestError::Invalid(
            Problem::new(
                Code::Internal,
                None,
                "无法生成应答",
                "the answer could not be encoded",
            )
            .with_detail(
                serde_json::json!({"reason": crate::error::echo_up_to(&e.to_string(), 200)}),
            ),
        ))
    })
}

/// Serialising an `Answer` cannot fail (only strings, numbers and maps with
/// string keys); this is the answer if it ever did.
fn fallback_answer() -> String {
    r#"{"ok":false,"errors":[{"code":"request.invalid","field":null,"message_zh":"无法生成应答","message_en":"the answer could not be encoded"}]}"#.to_owned()
}
