//! Python values to the JSON values the core decodes strictly, and JSON
//! values back to Python. No rule lives here: values are converted and the
//! core decides, naming the field path of whatever it refuses.
//!
//! To JSON: `None`, `bool`, `int`, `str`, `dict` (any mapping with `str`
//! keys) and `list`/`tuple` (any sequence but text and bytes) map to their
//! JSON kinds; `decimal.Decimal` becomes its text in plain notation (how the
//! core reads money); `datetime.date` becomes `YYYY-MM-DD`, an aware
//! `datetime` RFC 3339 and a naive one `YYYY-MM-DD HH:MM:SS` (Shanghai time
//! to the core); the core's own documents (`SubsidyPolicy`,
//! `PasswordPolicy`, `Voucher`, the approval engine's `Application`,
//! `Event`, `Route`, `Actor`, …) their JSON. A `float` anywhere is a
//! `RequestTypeError` (`request.inexact_number`, a `TypeError` too): a
//! binary float cannot hold ¥0.10 exactly, and the binding never guesses
//! what was meant.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Timelike};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDateAccess, PyDateTime, PyDict, PyFloat, PyInt, PyList,
    PyString, PyTimeAccess, PyTuple, PyType, PyTzInfoAccess,
};
use serde_json::{Map, Value};

use crate::error::{Code, Problem};

/// Deepest nesting taken from Python: the core's JSON parser stops at 128
/// too, and a list that holds itself stops here instead of looping.
const MAX_DEPTH: usize = crate::limits::MAX_NESTING;

static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TIMEZONE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static ZONEINFO: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SEQUENCE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Where a value sits in what the caller passed, for messages.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root(&'a str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn field(&self) -> Option<String> {
        let text = match self {
            Path::Root(name) => (*name).to_owned(),
            Path::Key(parent, key) => match parent.field() {
                Some(p) => format!("{p}.{key}"),
                None => (*key).to_owned(),
            },
            Path::Index(parent, i) => format!("{}[{i}]", parent.field().unwrap_or_default()),
        };
        Some(text).filter(|t| !t.is_empty())
    }
}

/// The `RequestError` for a value the binding cannot even hand to the core.
pub fn refused(py: Python<'_>, field: Option<&str>, zh: String, en: String) -> PyErr {
    super::raise(py, vec![Problem::new(Code::InvalidRequest, field, zh, en)])
}

/// `expected`: what would do, in Chinese and in English.
fn unsupported(obj: &Bound<'_, PyAny>, path: &Path<'_>, expected: (&str, &str)) -> PyErr {
    let (expected_zh, expected_en) = expected;
    // With its module unless built in (`numpy.bool`, not `bool`, which
    // would name a type the message goes on to accept).
    let kind = obj
        .get_type()
        .fully_qualified_name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    let field = path.field();
    let (at_zh, at_en) = field.as_deref().map_or_else(Default::default, |f| {
        (format!("（`{f}`）"), format!(" at `{f}`"))
    });
    refused(
        obj.py(),
        field.as_deref(),
        format!("不能传入 Python 类型 `{kind}` 的值{at_zh}：应为{expected_zh}"),
        format!("a value of Python type `{kind}` cannot be passed{at_en}: expected {expected_en}"),
    )
}

/// The `RequestTypeError` (`request.inexact_number`) for a float or a bool
/// where an exact number goes.
pub fn inexact(py: Python<'_>, field: Option<&str>, zh: String, en: String) -> PyErr {
    super::raise(py, vec![Problem::new(Code::InexactNumber, field, zh, en)])
}

fn float_refused(obj: &Bound<'_, PyAny>, path: &Path<'_>) -> PyErr {
    let shown = obj
        .repr()
        .map_or_else(|_| "?".to_owned(), |r| r.to_string());
    // The field is the problem's own: `str(error)` and a form show it.
    inexact(
        obj.py(),
        path.field().as_deref(),
        format!(
            "不接受浮点数 `{shown}`：浮点数不精确；金额请用 `decimal.Decimal` 或 `str`（如 `Decimal(\"245.00\")`），数量和种子用 `int`，时间用 `datetime` 或文本（不要用 `time.time()` 的数值）"
        ),
        format!(
            "float `{shown}` refused: floats are not exact; pass money as decimal.Decimal or str (e.g. Decimal(\"245.00\")), counts and seeds as int, instants as datetime or text (not a time.time() number)"
        ),
    )
}

/// Text from a `str`; lone surrogates are refused (they are not Unicode).
fn str_text(s: &Bound<'_, PyString>, path: &Path<'_>) -> PyResult<String> {
    s.to_str().map(str::to_owned).map_err(|_| {
        let p = crate::call::lone_surrogate_in_text(path.field().as_deref());
        refused(s.py(), p.field.as_deref(), p.message_zh, p.message_en)
    })
}

/// A text argument (a name, a document): `str` only.
pub fn text(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    match obj.cast::<PyString>() {
        Ok(s) => str_text(s, &Path::Root(name)),
        Err(_) => Err(unsupported(obj, &Path::Root(name), ("字符串 `str`", "str"))),
    }
}

/// A `Decimal`'s text in plain notation (`Decimal("2.45E+2")` → `245`).
/// NaN, infinities and absurd exponents keep their own text, which the core
/// refuses as an amount, rather than a billion digits.
fn decimal_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let text: String = obj.str()?.extract()?;
    if !text.contains(['E', 'e']) {
        return Ok(text);
    }
    let exponent = obj.call_method0("as_tuple")?.getattr("exponent")?;
    if exponent
        .extract::<i64>()
        .is_ok_and(|e| (-64..=64).contains(&e))
    {
        return obj.call_method1("__format__", ("f",))?.extract();
    }
    Ok(text)
}

/// A money argument given on its own (not inside a dict): `Decimal`, `str`
/// or `int` (whole yuan), as the text the core reads. `float` and `bool`
/// are `TypeError`s.
pub fn money_value(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    let path = Path::Root(name);
    match number(obj)? {
        Number::Bool => {
            return Err(inexact(
                obj.py(),
                Some(name),
                format!("`{name}` 是金额：请用 `decimal.Decimal`、`str` 或 `int`，不要用 `bool`"),
                format!("`{name}` is an amount: pass decimal.Decimal, str or int, not bool"),
            ));
        }
        Number::Int(int) => return Ok(Value::String(int.str()?.to_string())),
        Number::Float => return Err(float_refused(obj, &path)),
        Number::Other => {}
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return str_text(s, &path).map(Value::String);
    }
    if obj.is_instance(super::decimal_class(obj.py())?)? {
        return decimal_text(obj).map(Value::String);
    }
    Err(unsupported(
        obj,
        &path,
        (
            "金额（`decimal.Decimal`、`str` 或 `int`）",
            "an amount (decimal.Decimal, str or int)",
        ),
    ))
}

/// What kind of number `obj` is, for the places that take an `int` and
/// refuse floats and bools: numpy's scalars are read as the Python numbers
/// they stand for, so a column of `int64` read value by value passes as
/// ints do, and numpy's bool and floats are refused as Python's are.
pub enum Number<'py> {
    /// An `int` (not a `bool`), or an object whose type says it stands for
    /// one (`__index__`): that `int`.
    Int(Bound<'py, PyAny>),
    /// A `bool`, or numpy's.
    Bool,
    /// A `float`, or one of numpy's floats (`float32` is no `float`).
    Float,
    /// Anything else.
    Other,
}

/// `obj`'s [`Number`] kind.
pub fn number<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Number<'py>> {
    if obj.is_instance_of::<PyBool>() {
        return Ok(Number::Bool);
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(Number::Float);
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(Number::Int(obj.clone()));
    }
    let py = obj.py();
    let kind = obj.get_type();
    if kind.hasattr(pyo3::intern!(py, "__index__"))? {
        return obj
            .call_method0(pyo3::intern!(py, "__index__"))
            .map(Number::Int);
    }
    // numpy's bool has no `__index__`, and its floats have `__float__`;
    // told apart by the module their type is from, not by importing numpy.
    if kind
        .module()
        .is_ok_and(|m| m.to_cow().is_ok_and(|m| m == "numpy"))
    {
        if kind
            .name()
            .is_ok_and(|n| n.to_cow().is_ok_and(|n| n.starts_with("bool")))
        {
            return Ok(Number::Bool);
        }
        if kind.hasattr(pyo3::intern!(py, "__float__"))? {
            return Ok(Number::Float);
        }
    }
    Ok(Number::Other)
}

/// Any value, to JSON (see the module documentation).
pub fn to_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    convert(obj, &Path::Root(""), 0)
}

/// Any value, to JSON; messages call it `name`.
pub fn to_value_at(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    convert(obj, &Path::Root(name), 0)
}

/// A value that will sit `depth` levels down in the JSON it is written
/// into, to JSON: it may nest that much less, so that the whole can be read
/// back. Messages call it `name`.
pub(super) fn to_value_nested_at(
    obj: &Bound<'_, PyAny>,
    name: &str,
    depth: usize,
) -> PyResult<Value> {
    convert(obj, &Path::Root(name), depth)
}

fn convert(obj: &Bound<'_, PyAny>, path: &Path<'_>, depth: usize) -> PyResult<Value> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        let p = crate::limits::too_deep(path.field().as_deref());
        return Err(super::raise(py, vec![p]));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return str_text(s, path).map(Value::String);
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
        let (zh, en) = (
            crate::decode::words::BEYOND_64_BITS_ZH.to_owned(),
            crate::decode::words::BEYOND_64_BITS_EN.to_owned(),
        );
        return Err(refused(py, path.field().as_deref(), zh, en));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(float_refused(obj, path));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        // From a snapshot of its entries: a value's own code (a subclass's
        // method, a custom `tzinfo`) may change the dict while it is read.
        let entries = dict
            .items()
            .iter()
            .map(|item| Ok((item.get_item(0)?, item.get_item(1)?)))
            .collect::<PyResult<Vec<_>>>()?;
        return mapping(entries.into_iter(), path, depth);
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return sequence(list.iter(), path, depth);
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return sequence(tuple.iter(), path, depth);
    }
    if let Some(text) = leaf_text(obj)? {
        return Ok(Value::String(text));
    }
    if let Some(document) = document(obj)? {
        return Ok(document);
    }
    if obj.is_instance(MAPPING.import(py, "collections.abc", "Mapping")?)? {
        let items: Vec<_> = obj
            .call_method0("items")?
            .try_iter()?
            .collect::<PyResult<_>>()?;
        let pairs = items
            .iter()
            .map(|item| Ok((item.get_item(0)?, item.get_item(1)?)));
        return mapping(
            pairs.collect::<PyResult<Vec<_>>>()?.into_iter(),
            path,
            depth,
        );
    }
    let text_like = obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>();
    if !text_like && obj.is_instance(SEQUENCE.import(py, "collections.abc", "Sequence")?)? {
        let items: Vec<_> = obj.try_iter()?.collect::<PyResult<_>>()?;
        return sequence(items.into_iter(), path, depth);
    }
    // numpy's scalars, as the Python numbers they stand for.
    match number(obj)? {
        Number::Int(int) => return convert(&int, path, depth),
        Number::Bool => return Ok(Value::Bool(obj.is_truthy()?)),
        Number::Float => return Err(float_refused(obj, path)),
        Number::Other => {}
    }
    // An approval answer where its application goes (`decide(answer, …)`
    // for `decide(answer.state, …)`): the commonest slip, named.
    if obj.cast::<crate::api::Decided>().is_ok() {
        return Err(unsupported(
            obj,
            path,
            (
                "申请（`Application`）：这是一个答复，请传入它的 `.state`",
                "an application (`Application`): this is an answer, pass its `.state`",
            ),
        ));
    }
    let expected = (
        "`None`、`bool`、`int`、`str`、`decimal.Decimal`、`datetime.date`、`datetime.datetime`、字典或列表",
        "None, bool, int, str, decimal.Decimal, datetime.date, datetime.datetime, a dict or a list",
    );
    Err(unsupported(obj, path, expected))
}

/// The text a `Decimal`, `datetime` or `date` is read as (`None` for
/// anything else): the money's plain notation, an aware instant in RFC
/// 3339, a naive one as `YYYY-MM-DD HH:MM:SS` (Shanghai time to the core),
/// a day as `YYYY-MM-DD`. The fast reading (`fast_read.rs`) takes these
/// leaves by this same function.
pub(super) fn leaf_text(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let py = obj.py();
    if obj.is_instance(super::decimal_class(py)?)? {
        return decimal_text(obj).map(Some);
    }
    // Written here rather than by `isoformat`, which costs a microsecond.
    if obj.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        // Python's rule: a `datetime` is aware when `utcoffset()` gives an
        // offset, and naive when it gives `None`, whatever its `tzinfo`. A
        // `tzinfo` that raises has its exception raised here.
        let offset = obj.call_method0(pyo3::intern!(py, "utcoffset"))?;
        if offset.is_none() {
            let naive = wall_time(obj.cast::<PyDateTime>()?).ok_or_else(|| {
                pyo3::exceptions::PyValueError::new_err("a `datetime` with impossible fields")
            })?;
            return Ok(Some(naive_text(&naive)));
        }
        if let Some(aware) = aware_datetime(obj, &offset) {
            // RFC 3339 offsets are whole minutes: an offset with seconds
            // (a zone's old local mean time, +08:05:43) is written in UTC,
            // so the instant is kept.
            if aware.offset().local_minus_utc() % 60 != 0 {
                return Ok(Some(aware.with_timezone(&chrono::Utc).to_rfc3339()));
            }
            return Ok(Some(aware.to_rfc3339()));
        }
        // An offset with a fraction of a second (Python allows them, RFC
        // 3339 does not): the instant, written in UTC as for an offset with
        // seconds. Reading it as a naive time was refused with a
        // misleading `TypeError`.
        return aware_instant(obj)
            .map(|at| Some(at.to_rfc3339()))
            .ok_or_else(|| {
                pyo3::exceptions::PyValueError::new_err("a `datetime` whose instant cannot be read")
            });
    }
    if obj.is_instance(DATE.import(py, "datetime", "date")?)? {
        return Ok(Some(
            obj.extract::<NaiveDate>()?.format("%Y-%m-%d").to_string(),
        ));
    }
    Ok(None)
}

/// A naive date-time as the core reads Shanghai wall time.
fn naive_text(naive: &NaiveDateTime) -> String {
    let format = if naive.nanosecond() == 0 {
        "%Y-%m-%d %H:%M:%S"
    } else {
        "%Y-%m-%d %H:%M:%S%.6f"
    };
    naive.format(format).to_string()
}

/// A `datetime`'s wall time, read from its fields (its `tzinfo` and
/// `fold` left aside); `None` only for fields no `datetime` has.
fn wall_time(at: &Bound<'_, PyDateTime>) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(
        at.get_year(),
        u32::from(at.get_month()),
        u32::from(at.get_day()),
    )?
    .and_hms_micro_opt(
        u32::from(at.get_hour()),
        u32::from(at.get_minute()),
        u32::from(at.get_second()),
        at.get_microsecond(),
    )
}

/// An aware `datetime` (one whose `utcoffset()`, given as `offset`, is not
/// `None`, whatever its `tzinfo`: a fixed offset, `zoneinfo`, a custom
/// class), at its own offset; `None` for anything else.
///
/// Read from two exact differences, `dt - epoch` and `dt.utcoffset()`,
/// rather than attribute by attribute: pyo3's conversion refuses zones
/// whose offset changes (`ZoneInfo`).
fn aware_datetime(
    obj: &Bound<'_, PyAny>,
    offset: &Bound<'_, PyAny>,
) -> Option<DateTime<FixedOffset>> {
    let at = aware_instant(obj)?;
    let (offset, offset_micros) = timedelta_parts(offset)?;
    let offset =
        FixedOffset::east_opt(i32::try_from(offset).ok()?).filter(|_| offset_micros == 0)?;
    Some(at.with_timezone(&offset))
}

/// The instant an aware `datetime` names, in UTC: `aware_datetime` without
/// its offset, for a caller that needs only the instant (`now`), read from
/// one exact difference, `dt - epoch` (the offset, even a `ZoneInfo`'s, is
/// Python's to apply). `None` for anything else.
fn aware_instant(obj: &Bound<'_, PyAny>) -> Option<DateTime<chrono::Utc>> {
    static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = obj.py();
    let epoch = EPOCH
        .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            let datetime = py.import("datetime")?;
            let utc = datetime.getattr("timezone")?.getattr("utc")?;
            Ok(datetime
                .getattr("datetime")?
                .call1((1970, 1, 1, 0, 0, 0, 0, utc))?
                .unbind())
        })
        .ok()?
        .bind(py);
    if !obj.is_instance(&epoch.get_type()).ok()? {
        return None;
    }
    // A naive `datetime` cannot be subtracted from an aware one.
    let (seconds, micros) = timedelta_parts(&obj.sub(epoch).ok()?)?;
    let nanos = u32::try_from(micros).ok()?.checked_mul(1_000)?;
    DateTime::from_timestamp(seconds, nanos)
}

/// Whole seconds and microseconds of a `timedelta`.
fn timedelta_parts(delta: &Bound<'_, PyAny>) -> Option<(i64, i64)> {
    let part = |name: &str| delta.getattr(name).ok()?.extract::<i64>().ok();
    let seconds = part("days")?
        .checked_mul(86_400)?
        .checked_add(part("seconds")?)?;
    Some((seconds, part("microseconds")?))
}

/// The instant a `datetime.datetime` (the class itself) in `timezone.utc`
/// names, read from its fields: what hosts pass as `now`, read without the
/// text the strict reading writes for it. `None` for anything else
/// (another zone, a naive `datetime`, a subclass, text), which is read as
/// the strict reading reads it: its years and offsets have edges (an
/// instant in year 10000, an offset with seconds) that only that reading
/// should judge.
pub(super) fn utc_instant(now: &Bound<'_, PyAny>) -> Option<DateTime<chrono::Utc>> {
    static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = now.py();
    // The class itself: a subclass's fields could be anything its methods
    // say they are.
    if !now
        .get_type()
        .is(DATETIME.import(py, "datetime", "datetime").ok()?)
    {
        return None;
    }
    let now = now.cast::<PyDateTime>().ok()?;
    let utc = UTC
        .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            Ok(py
                .import("datetime")?
                .getattr("timezone")?
                .getattr("utc")?
                .unbind())
        })
        .ok()?;
    if !now.get_tzinfo()?.is(utc.bind(py)) {
        return None;
    }
    // `fold` does not change an instant in UTC.
    wall_time(now).map(|at| at.and_utc())
}

/// Whether `obj` is a leaf (`leaf_text`) that is read without running any
/// Python code but the standard library's: a `Decimal`, `date` or
/// `datetime` of the class itself, the `datetime` naive or in a
/// `timezone` or `ZoneInfo` (not a subclass). A subclass's methods, or a
/// custom `tzinfo`'s, could change the very dict being read; the fast
/// reading leaves such leaves to the strict one, which reads dicts from a
/// snapshot.
pub(super) fn standard_leaf(obj: &Bound<'_, PyAny>) -> bool {
    let py = obj.py();
    let kind = obj.get_type();
    let is = |class: PyResult<&Bound<'_, PyType>>| class.is_ok_and(|c| kind.is(c));
    if is(super::decimal_class(py)) || is(DATE.import(py, "datetime", "date")) {
        return true;
    }
    if !is(DATETIME.import(py, "datetime", "datetime")) {
        return false;
    }
    let Ok(zone) = obj.getattr(pyo3::intern!(py, "tzinfo")) else {
        return false;
    };
    let zone_kind = zone.get_type();
    zone.is_none()
        || TIMEZONE
            .import(py, "datetime", "timezone")
            .is_ok_and(|c| zone_kind.is(c))
        || ZONEINFO
            .import(py, "zoneinfo", "ZoneInfo")
            .is_ok_and(|c| zone_kind.is(c))
}

/// The JSON of the core's own documents, so an object read from one answer
/// can go into the next request.
fn document(obj: &Bound<'_, PyAny>) -> PyResult<Option<Value>> {
    fn json<T: serde::Serialize>(value: &T) -> PyResult<Option<Value>> {
        Ok(Some(crate::call::encode(value)?))
    }
    if let Ok(policy) = obj.cast::<crate::subsidy::SubsidyPolicy>() {
        return json(policy.get());
    }
    if let Ok(policy) = obj.cast::<crate::password::PasswordPolicy>() {
        return json(policy.get());
    }
    if let Ok(voucher) = obj.cast::<crate::voucher::Voucher>() {
        return json(voucher.get());
    }
    macro_rules! documents {
        ($($type:ty),*) => {$(
            if let Ok(document) = obj.cast::<$type>() {
                return json(document.get());
            }
        )*};
    }
    use crate::approval as a;
    documents!(
        a::Application,
        a::Event,
        a::Route,
        a::Actor,
        a::RouteStage,
        a::Branch,
        a::Condition
    );
    Ok(None)
}

fn mapping<'py>(
    items: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    path: &Path<'_>,
    depth: usize,
) -> PyResult<Value> {
    let mut map = Map::new();
    for (key, value) in items {
        let key = match key.cast::<PyString>() {
            Ok(k) => str_text(k, path)?,
            Err(_) => return Err(unsupported(&key, path, ("字符串键（`str`）", "str keys"))),
        };
        let value = convert(&value, &Path::Key(path, &key), depth + 1)?;
        map.insert(key, value);
    }
    Ok(Value::Object(map))
}

fn sequence<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    path: &Path<'_>,
    depth: usize,
) -> PyResult<Value> {
    let values = items
        .enumerate()
        .map(|(i, item)| convert(&item, &Path::Index(path, i), depth + 1));
    values.collect::<PyResult<Vec<_>>>().map(Value::Array)
}

/// A JSON value as Python: `None`, `bool`, `int`, `float`, `str`, `list`, `dict`.
pub fn from_value<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(from_value(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, from_value(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
