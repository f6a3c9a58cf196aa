//! Mobile bindings of huiqi: Kotlin (Android, JVM) and Swift, built with
//! uniffi's proc-macros.
//!
//! Every binding is thin: records convert to the core's types and every rule
//! runs in `huiqi-core`. Money crosses as strings with two decimals
//! (`"171.50"`), dates as `YYYY-MM-DD`, instants as RFC 3339 or
//! `YYYY-MM-DD HH:MM:SS` in Shanghai time.
//!
//! - Each operation of the call API has a typed function named after it:
//!   `subsidy.quote` is `subsidy_quote` (`subsidyQuote` in Kotlin), and
//!   `checkout.price` is `checkout_price`.
//! - [`call`] runs any operation on a JSON request and returns the JSON
//!   answer, exactly as `huiqi_core::call::call`; the shared test vectors
//!   drive it.
//! - Every function fails with the one error type, [`HuiqiError`]
//!   (`HuiqiException` in Kotlin), one variant per error category. A field
//!   path in an error is the path the equivalent JSON request would report
//!   (`checkout.lines[0].unit_price`); inside a policy document, the
//!   document's own keys.
//! - A panic inside the library becomes an `internal.error`, never an unwind
//!   into the foreign runtime.

uniffi::setup_scaffolding!();

pub mod checkout;
mod convert;
pub mod error;
pub mod money;
pub mod password;
pub mod subsidy;
pub mod validate;

pub use error::{ErrorCategory, HuiqiError, Problem};

use huiqi_core::call::{Answer, RequestError};

/// Runs operation `op` on a JSON request and returns the JSON answer:
/// `{"ok":true,"value":…}` or `{"ok":false,"errors":[…]}`. Problems with the
/// request are in the answer; the error is only ever `internal.error`.
#[uniffi::export]
pub fn call(op: String, request_json: String) -> Result<String, HuiqiError> {
    error::guard(|| Ok(huiqi_core::call::call(&op, &request_json)))
}

/// [`call`] on a request given as UTF-8 bytes (as read from a file or the
/// network). Bytes that are not UTF-8 answer `request.malformed_json`.
#[uniffi::export]
pub fn call_utf8(op: String, request_json: Vec<u8>) -> Result<String, HuiqiError> {
    error::guard(|| match String::from_utf8(request_json) {
        Ok(text) => Ok(huiqi_core::call::call(&op, &text)),
        Err(e) => {
            let problems = huiqi_core::Error::from(RequestError::MalformedJson {
                message: e.utf8_error().to_string(),
            })
            .problems();
            serde_json::to_string(&Answer::err(problems)).map_err(|_| HuiqiError::internal())
        }
    })
}

/// One operation of the call API.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct OperationInfo {
    /// Its name, such as `subsidy.quote`.
    pub name: String,
    /// What it does, in one line.
    pub summary: String,
}

/// Every operation of the call API.
#[uniffi::export]
pub fn operations() -> Result<Vec<OperationInfo>, HuiqiError> {
    error::guard(|| {
        Ok(huiqi_core::call::OPERATIONS
            .iter()
            .map(|o| OperationInfo {
                name: o.name.to_owned(),
                summary: o.summary.to_owned(),
            })
            .collect())
    })
}

#[cfg(test)]
mod tests;
