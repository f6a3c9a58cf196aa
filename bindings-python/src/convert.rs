//! Conversions between Python values and the JSON values of the core's call
//! API. No rule lives here: values are converted and the core decides.
//!
//! Python → JSON: `None`, `bool`, `int`, `str`, `dict` (any mapping with
//! string keys), `list`/`tuple` (any sequence that is not text or bytes) map
//! to their JSON kinds; `decimal.Decimal` becomes its text (`"245.00"`, which
//! is how the core reads money); `datetime.date` and `datetime.datetime`
//! become ISO 8601 text; huiqi's policy objects become their JSON documents.
//! A `float` anywhere is a `TypeError`: a binary float cannot hold ¥0.10
//! exactly, so the binding never guesses what the caller meant.
//!
//! JSON → Python: the reverse, where the strings at the given money paths
//! become `decimal.Decimal`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Value};

use crate::errors::{raise_one, request_problem};

/// Deepest nesting accepted from Python (the core's JSON parser stops at 128 too).
const MAX_DEPTH: usize = 128;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SEQUENCE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `decimal.Decimal`.
pub(crate) fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

/// A `decimal.Decimal` from the core's text (`"73.50"`).
pub(crate) fn decimal<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    decimal_type(py)?.call1((text,))
}

/// A `datetime.date` from `YYYY-MM-DD`.
pub(crate) fn date<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    DATE.import(py, "datetime", "date")?
        .call_method1("fromisoformat", (text,))
}

/// User input cut to 40 characters for a message.
pub(crate) fn echo(input: &str) -> String {
    let mut out: String = input
        .chars()
        .take(40)
        .map(|c| {
            if c.is_control() || c == '`' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    if input.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// Where a value sits in what the caller passed, for messages.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root(&'a str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        match self {
            Path::Root(name) => (*name).to_owned(),
            Path::Key(parent, key) => {
                let p = parent.render();
                if p.is_empty() {
                    (*key).to_owned()
                } else {
                    format!("{p}.{key}")
                }
            }
            Path::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

fn field_of(path: &Path<'_>) -> Option<String> {
    Some(path.render()).filter(|p| !p.is_empty())
}

fn unsupported(obj: &Bound<'_, PyAny>, path: &Path<'_>, what: &str) -> PyErr {
    let type_name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned());
    let field = field_of(path);
    let at = field
        .as_deref()
        .map(|f| format!(" at `{f}`"))
        .unwrap_or_default();
    let at_zh = field
        .as_deref()
        .map(|f| format!("（`{f}`）"))
        .unwrap_or_default();
    raise_one(
        obj.py(),
        request_problem(
            field.as_deref(),
            format!("不能传入 Python 类型 `{type_name}` 的值{at_zh}：应为{what}"),
            format!("a value of Python type `{type_name}` cannot be passed{at}: expected {what}"),
        ),
    )
}

fn float_error(obj: &Bound<'_, PyAny>, path: &Path<'_>) -> PyErr {
    let shown = obj
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "a float".to_owned());
    let at = field_of(path)
        .map(|f| format!(" at `{f}`"))
        .unwrap_or_default();
    PyTypeError::new_err(format!(
        "float {shown}{at} refused: floats cannot hold money exactly; pass decimal.Decimal or str (e.g. Decimal(\"245.00\"))"
    ))
}

/// Text from a Python `str`; lone surrogates are refused (they are not Unicode).
fn str_text(s: &Bound<'_, PyString>, path: &Path<'_>) -> PyResult<String> {
    match s.to_str() {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => {
            let field = field_of(path);
            Err(raise_one(
                s.py(),
                request_problem(
                    field.as_deref(),
                    "文本含有孤立的代理码位，不是有效的 Unicode",
                    "the text holds a lone surrogate: it is not valid Unicode",
                ),
            ))
        }
    }
}

/// A text argument (a name, a password, a document): `str` only.
pub(crate) fn text(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    let path = Path::Root(name);
    match obj.cast::<PyString>() {
        Ok(s) => str_text(s, &path),
        Err(_) if obj.is_instance_of::<PyFloat>() => Err(float_error(obj, &path)),
        Err(_) => Err(unsupported(obj, &path, "str")),
    }
}

/// The text of a `Decimal` in plain notation (`Decimal("1E+2")` → `"100"`);
/// NaN, infinities and absurd exponents keep their own text, which the core
/// refuses as an amount.
fn decimal_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let exponent = obj.call_method0("as_tuple")?.getattr("exponent")?;
    let plain = exponent
        .extract::<i64>()
        .is_ok_and(|e| (-64..=64).contains(&e));
    let text = if plain {
        obj.call_method1("__format__", ("f",))?
    } else {
        obj.str()?.into_any()
    };
    text.extract::<String>()
}

/// A money argument: `decimal.Decimal`, `str` (`"245.00"`, `"¥3,768.00"`) or
/// `int` (yuan). `float` and `bool` are `TypeError`s; the core reads the text.
pub(crate) fn money(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    let path = Path::Root(name);
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "`{name}` is an amount: pass decimal.Decimal, str or int, not bool"
        )));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(float_error(obj, &path));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(str_text(s, &path)?));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(Value::String(obj.str()?.to_string()));
    }
    if obj.is_instance(decimal_type(obj.py())?)? {
        return Ok(Value::String(decimal_text(obj)?));
    }
    Err(unsupported(
        obj,
        &path,
        "an amount (decimal.Decimal, str or int)",
    ))
}

/// A money argument that may be `None` (left out of the request).
pub(crate) fn money_opt(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<Value>> {
    match obj {
        Some(o) if !o.is_none() => money(o, name).map(Some),
        _ => Ok(None),
    }
}

/// Any value, to JSON (see the module documentation).
pub(crate) fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_json_at(obj, &Path::Root(""), 0)
}

/// Any value, to JSON; `name` names it in messages.
pub(crate) fn to_json_named(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    to_json_at(obj, &Path::Root(name), 0)
}

/// An optional value: `None` is left out of the request.
pub(crate) fn opt_json(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<Value>> {
    match obj {
        Some(o) if !o.is_none() => to_json_named(o, name).map(Some),
        _ => Ok(None),
    }
}

fn to_json_at(obj: &Bound<'_, PyAny>, path: &Path<'_>, depth: usize) -> PyResult<Value> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        let field = field_of(path);
        return Err(raise_one(
            py,
            request_problem(
                field.as_deref(),
                format!("嵌套超过 {MAX_DEPTH} 层"),
                format!("the value is nested more than {MAX_DEPTH} levels deep"),
            ),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        let field = field_of(path);
        return Err(raise_one(
            py,
            request_problem(
                field.as_deref(),
                "整数超出 64 位范围",
                "the integer does not fit in 64 bits",
            ),
        ));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(float_error(obj, path));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(str_text(s, path)?));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        return mapping_to_json(dict.iter(), path, depth);
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return sequence_to_json(list.iter(), path, depth);
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return sequence_to_json(tuple.iter(), path, depth);
    }
    if obj.is_instance(decimal_type(py)?)? {
        return Ok(Value::String(decimal_text(obj)?));
    }
    if obj.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        // Aware: RFC 3339. Naive: `YYYY-MM-DD HH:MM:SS`, which the core reads
        // as Asia/Shanghai time (and refuses with fractions of a second).
        let aware = !obj.call_method0("utcoffset")?.is_none();
        let text = if aware {
            obj.call_method0("isoformat")?
        } else {
            obj.call_method1("isoformat", (" ",))?
        };
        return Ok(Value::String(text.extract()?));
    }
    if obj.is_instance(DATE.import(py, "datetime", "date")?)? {
        return Ok(Value::String(obj.call_method0("isoformat")?.extract()?));
    }
    if let Some(document) = crate::subsidy::policy_document(obj)? {
        return Ok(document);
    }
    if let Some(document) = crate::password::policy_document(obj)? {
        return Ok(document);
    }
    if obj.is_instance(MAPPING.import(py, "collections.abc", "Mapping")?)? {
        let items = obj.call_method0("items")?;
        let mut pairs = Vec::new();
        for item in items.try_iter()? {
            let item = item?;
            pairs.push((item.get_item(0)?, item.get_item(1)?));
        }
        return mapping_to_json(pairs.into_iter(), path, depth);
    }
    let text_like = obj.is_instance_of::<pyo3::types::PyBytes>()
        || obj.is_instance_of::<pyo3::types::PyByteArray>();
    if !text_like && obj.is_instance(SEQUENCE.import(py, "collections.abc", "Sequence")?)? {
        let items: Vec<Bound<'_, PyAny>> = obj.try_iter()?.collect::<PyResult<_>>()?;
        return sequence_to_json(items.into_iter(), path, depth);
    }
    Err(unsupported(
        obj,
        path,
        "None, bool, int, str, decimal.Decimal, datetime.date, datetime.datetime, a dict or a list",
    ))
}

fn mapping_to_json<'py>(
    items: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    path: &Path<'_>,
    depth: usize,
) -> PyResult<Value> {
    let mut map = Map::new();
    for (key, value) in items {
        let key = match key.cast::<PyString>() {
            Ok(k) => str_text(k, path)?,
            Err(_) => return Err(unsupported(&key, path, "str keys")),
        };
        let child = Path::Key(path, &key);
        let value = to_json_at(&value, &child, depth + 1)?;
        map.insert(key, value);
    }
    Ok(Value::Object(map))
}

fn sequence_to_json<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    path: &Path<'_>,
    depth: usize,
) -> PyResult<Value> {
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        out.push(to_json_at(&item, &Path::Index(path, i), depth + 1)?);
    }
    Ok(Value::Array(out))
}

/// JSON to Python. Strings at `money` paths become `decimal.Decimal`; a path
/// is keys joined by `.`, with `[]` for the items of an array
/// (`lines[].amount`, `shares[]`).
pub(crate) fn from_json<'py>(
    py: Python<'py>,
    value: &Value,
    money: &[&str],
) -> PyResult<Bound<'py, PyAny>> {
    let mut path = String::new();
    from_json_at(py, value, money, &mut path)
}

fn from_json_at<'py>(
    py: Python<'py>,
    value: &Value,
    money: &[&str],
    path: &mut String,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => {
            if !money.is_empty() && money.contains(&path.as_str()) {
                decimal(py, s)?
            } else {
                PyString::new(py, s).into_any()
            }
        }
        Value::Array(items) => {
            let list = PyList::empty(py);
            let len = path.len();
            if !money.is_empty() {
                path.push_str("[]");
            }
            for item in items {
                list.append(from_json_at(py, item, money, path)?)?;
            }
            path.truncate(len);
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                let len = path.len();
                if !money.is_empty() {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                dict.set_item(key, from_json_at(py, item, money, path)?)?;
                path.truncate(len);
            }
            dict.into_any()
        }
    })
}
