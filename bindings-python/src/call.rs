//! The generic entries: the core's JSON call API as text (`call_json`) and
//! as dicts (`call`), for callers that hold JSON or pick the operation at
//! run time. The typed functions (`operations.rs`) are the usual way in;
//! they replace the former `invoke(op, request)`: `getattr(huiqi,
//! "money_parse")(request)` answers the typed value or raises, and `call`
//! answers the JSON-shaped dict.

use huiqi_core::Code;
use huiqi_core::call::Answer;
use huiqi_core::ffi::python::{from_value, text, to_value};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

/// An answer text for a request that never reached the core.
fn refused_answer(code: Code, message_zh: &str, message_en: &str) -> PyResult<String> {
    let problem = huiqi_core::Problem::new(code, None, message_zh, message_en);
    Ok(huiqi_core::call::answer_text(&Answer::err(vec![problem])))
}

/// Runs an operation on a JSON request text and returns the JSON answer
/// text, exactly as the core's `call(op, request)`:
/// `{"ok":true,"value":…}` or `{"ok":false,"errors":[…]}`. `request` is
/// `str` or `bytes`. Nothing the request holds raises: text that is not
/// Unicode or not JSON is a `request.malformed_json` answer.
///
/// >>> huiqi.call_json("money.parse", '{"input": "3,768.00"}')
/// '{"ok":true,"value":{"amount":"3768.00","fen":376800}}'
#[pyfunction]
pub(crate) fn call_json(
    py: Python<'_>,
    op: &Bound<'_, PyAny>,
    request: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let Ok(op) = op.cast::<PyString>() else {
        return refused_answer(
            Code::InvalidRequest,
            "操作名应为字符串",
            "the operation name must be a str",
        );
    };
    // A name with lone surrogates names no operation: the core says so.
    let op = op.to_string_lossy().into_owned();
    let bytes: Vec<u8> = if let Ok(s) = request.cast::<PyString>() {
        let Ok(text) = s.to_str() else {
            let problem = huiqi_core::call::lone_surrogate_in_request();
            return Ok(huiqi_core::call::answer_text(&Answer::err(vec![problem])));
        };
        text.as_bytes().to_vec()
    } else if let Ok(b) = request.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = request.cast::<PyByteArray>() {
        b.to_vec()
    } else {
        let (zh, en) = (
            "请求应为 JSON 文本（str 或 bytes）",
            "the request must be JSON text (str or bytes)",
        );
        return refused_answer(Code::InvalidRequest, zh, en);
    };
    Ok(py.detach(|| huiqi_core::call::call_bytes(&op, &bytes)))
}

/// Runs an operation on a request dict and returns the whole answer as a
/// dict, exactly as the JSON call API answers (money as text):
/// `{"ok": True, "value": …}` or `{"ok": False, "errors": […]}`. Decimals
/// go as their text. A value no JSON request can hold raises, naming its
/// place, since no request was made: a float is a `RequestTypeError` (money
/// is never a float), `bytes`, a set or any other object a `RequestError`.
#[pyfunction]
#[pyo3(signature = (op, request=None))]
pub(crate) fn call<'py>(
    py: Python<'py>,
    op: &Bound<'py, PyAny>,
    request: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let op = text(op, "op")?;
    let request = match request {
        Some(request) => to_value(request)?,
        None => serde_json::Value::Object(serde_json::Map::new()),
    };
    let answer = py.detach(|| huiqi_core::call::call_value(&op, request));
    from_value(py, &huiqi_core::call::encode(&answer)?)
}
