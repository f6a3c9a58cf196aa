//! The generic entries: the core's JSON call API as text, as dicts, and as a
//! value-or-exception call. Every typed function of the module goes through
//! [`run`].

use huiqi_core::Code;
use huiqi_core::call::{Answer, OPERATIONS};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString};
use serde_json::Value;

use crate::convert;
use crate::errors::raise;

/// Runs operation `op` on `request` through the core's call API and returns
/// the answer's value; failures raise the mapped exception.
pub(crate) fn run(py: Python<'_>, op: &str, request: Value) -> PyResult<Value> {
    let answer = py.detach(|| huiqi_core::call::call_value(op, request));
    answer.into_result().map_err(|problems| raise(py, problems))
}

/// An answer text for a request that never reached the core.
fn refused_answer(code: Code, message_zh: &str, message_en: &str) -> String {
    let problem = huiqi_core::Problem::new(code, None, message_zh, message_en);
    serde_json::to_string(&Answer::err(vec![problem])).unwrap_or_else(|_| {
        r#"{"ok":false,"errors":[{"code":"request.invalid","field":null,"message_zh":"无法生成应答","message_en":"the answer could not be encoded"}]}"#.to_owned()
    })
}

/// Runs an operation on a JSON request text and returns the JSON answer text,
/// exactly as the core's `call(op, request)`:
/// `{"ok":true,"value":…}` or `{"ok":false,"errors":[…]}`.
///
/// This entry never raises for what the request holds: text that is not
/// Unicode (lone surrogates, invalid UTF-8 bytes) or is not JSON comes back
/// as a `request.malformed_json` answer. `request` may be `str` or `bytes`.
///
/// >>> huiqi.call_json("money.parse", '{"input": "3,768.00"}')
/// '{"ok":true,"value":{"amount":"3768.00","fen":376800}}'
#[pyfunction]
#[pyo3(signature = (op, request))]
pub(crate) fn call_json(
    py: Python<'_>,
    op: &Bound<'_, PyAny>,
    request: &Bound<'_, PyAny>,
) -> String {
    let op = match op.cast::<PyString>() {
        // A name with lone surrogates cannot name an operation; the core says so.
        Ok(s) => s.to_string_lossy().into_owned(),
        Err(_) => {
            return refused_answer(
                Code::InvalidRequest,
                "操作名应为字符串",
                "the operation name must be a str",
            );
        }
    };
    let text: Option<String> = if let Ok(s) = request.cast::<PyString>() {
        s.to_str().ok().map(str::to_owned)
    } else if let Ok(b) = request.cast::<PyBytes>() {
        std::str::from_utf8(b.as_bytes()).ok().map(str::to_owned)
    } else if let Ok(b) = request.cast::<PyByteArray>() {
        String::from_utf8(b.to_vec()).ok()
    } else {
        return refused_answer(
            Code::InvalidRequest,
            "请求应为 JSON 文本（str 或 bytes）",
            "the request must be JSON text (str or bytes)",
        );
    };
    match text {
        Some(text) => py.detach(|| huiqi_core::call::call(&op, &text)),
        None => refused_answer(
            Code::MalformedJson,
            "请求不是有效的 Unicode 文本（含孤立代理码位或无效的 UTF-8）",
            "the request is not valid Unicode text (a lone surrogate or invalid UTF-8)",
        ),
    }
}

/// Runs an operation on a request given as a dict and returns the whole
/// answer as a dict: `{"ok": True, "value": …}` or `{"ok": False, "errors": […]}`,
/// with money as strings, exactly as the JSON call API answers.
///
/// Decimals in the request are sent as their text; a float anywhere in it is
/// a `TypeError`; a value no JSON can hold raises `RequestError`.
#[pyfunction]
#[pyo3(signature = (op, request=None))]
pub(crate) fn call<'py>(
    py: Python<'py>,
    op: &Bound<'py, PyAny>,
    request: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let op = convert::text(op, "op")?;
    let request = request_value(request)?;
    let answer = py.detach(|| huiqi_core::call::call_value(&op, request));
    let answer = serde_json::to_value(&answer)
        .map_err(|_| raise(py, vec![huiqi_core::call::internal_problem()]))?;
    convert::from_json(py, &answer, &[])
}

/// Runs an operation on a request given as a dict and returns the answer's
/// value (money as strings, as in JSON); failures raise `HuiqiError`
/// subclasses.
#[pyfunction]
#[pyo3(signature = (op, request=None))]
pub(crate) fn invoke<'py>(
    py: Python<'py>,
    op: &Bound<'py, PyAny>,
    request: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let op = convert::text(op, "op")?;
    let value = run(py, &op, request_value(request)?)?;
    convert::from_json(py, &value, &[])
}

fn request_value(request: Option<&Bound<'_, PyAny>>) -> PyResult<Value> {
    match request {
        None => Ok(Value::Object(serde_json::Map::new())),
        Some(r) => convert::to_json(r),
    }
}

/// Every operation of the call API: name → one-line summary.
#[pyfunction]
pub(crate) fn operations(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let dict = PyDict::new(py);
    for op in OPERATIONS {
        dict.set_item(op.name, op.summary)?;
    }
    Ok(dict)
}
