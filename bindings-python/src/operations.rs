//! One function per operation of the core's table
//! ([`huiqi_core::for_each_operation!`]), named as the table names it in
//! Rust: `huiqi.subsidy_quote(request)` runs `subsidy.quote`. An operation
//! added to the core appears here with no code of its own.
//!
//! The request is a dict, or keyword arguments (`validate_uscc(value=…)`),
//! read straight from the Python objects when it holds only plain values
//! (`huiqi_core::ffi::python::read_fast`), else converted as
//! `huiqi_core::ffi::python::to_value` says; either way decoded by the
//! core's rules, as strictly as the JSON call API decodes it (unknown keys
//! and bad values are refused naming their path). The answer is the core's own
//! typed, frozen class.

use huiqi_core::api;
use huiqi_core::ffi::python::{guard, read_fast, refused, to_value};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `request` strictly and runs `operation` on it without the GIL;
/// failures raise the core's exception, a panic `InternalError`.
pub(crate) fn run<Q: DeserializeOwned, A: Send>(
    py: Python<'_>,
    request: Value,
    operation: fn(Q) -> Result<A, huiqi_core::Error>,
) -> PyResult<A> {
    Ok(py.detach(|| guard(|| operation(huiqi_core::call::decode(&request)?)))?)
}

/// Reads the request of a call straight from the Python objects and runs
/// `operation` on it without the GIL; when that reading gives up (see
/// `read_fast`), reads it strictly as `run` does, for its errors.
fn read_and_run<Q: DeserializeOwned + Send, A: Send>(
    py: Python<'_>,
    request: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
    operation: fn(Q) -> Result<A, huiqi_core::Error>,
) -> PyResult<A> {
    let given = match (request, fields) {
        (Some(request), None) => Some(request),
        (None, Some(fields)) => Some(fields.as_any()),
        _ => None,
    };
    match given.and_then(read_fast::<Q>) {
        Some(read) => Ok(py.detach(|| guard(|| operation(read)))?),
        None => run(py, request_value(py, request, fields)?, operation),
    }
}

/// The request of a call: the dict given, or the keyword arguments.
fn request_value(
    py: Python<'_>,
    request: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<Value> {
    match (request, fields) {
        (Some(request), None) => to_value(request),
        (None, Some(fields)) => to_value(fields.as_any()),
        (None, None) => Ok(Value::Object(serde_json::Map::new())),
        (Some(_), Some(_)) => Err(refused(
            py,
            None,
            "请求应以一个字典或关键字参数给出，不能两者同时给出".to_owned(),
            "give the request as one dict or as keyword arguments, not both".to_owned(),
        )),
    }
}

macro_rules! operations {
    ($($rust:ident $name:literal $js:literal $request:ident => $answer:ident, $summary:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "`: ", $summary, ".\n\nThe request is a dict or keyword arguments; the answer a `", stringify!($answer), "`. Refusals raise a `HuiqiError` subclass.")]
            #[pyfunction]
            #[pyo3(signature = (request=None, /, **fields))]
            fn $rust(
                py: Python<'_>,
                request: Option<&Bound<'_, PyAny>>,
                fields: Option<&Bound<'_, PyDict>>,
            ) -> PyResult<api::$answer> {
                read_and_run(py, request, fields, api::$rust)
            }
        )*

        /// Adds every operation's function to module `m`.
        pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(m.add_function(wrap_pyfunction!($rust, m)?)?;)*
            Ok(())
        }
    };
}
huiqi_core::for_each_operation!(operations);
