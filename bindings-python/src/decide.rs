//! `decide`: one approval command, fast, for hosts and simulations that
//! drive applications command by command from Python (the twin of
//! `approval_decide`, as `quote` is of `subsidy_quote`).
//!
//! `approval_decide(state=…, request=…)` reads its whole request the strict
//! way, so an `Application` given as `state` is written out as JSON and read
//! back: its route, slots and history, on every command. Here the core's own
//! objects are taken as they are: an `Application` as `state` (the previous
//! answer's), and a `Route` as a submission's `route` (as `route_load` or
//! `preset_route` gave it). An aware `datetime` as `now` is read from its
//! pickled state or by one subtraction, not attribute by attribute.
//! Everything else is the `approval.decide` request, read straight from the
//! Python objects by the core decoder's rules (`read_fast`); a request that
//! reading gives up on is read again the strict way, objects included, so
//! its answer and errors are exactly `approval_decide`'s.

use huiqi_core::api::{self, DecideRequest};
use huiqi_core::approval::{Application, Command, Route, RouteSource};
use huiqi_core::ffi::python::{
    aware_datetime, aware_instant, guard, read_fast_entries, to_value_at,
};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict};
use serde_json::{Map, Value};

/// `decide(state, request, *, now, seed)`: the events of one command and
/// the application after them, or the refusal raised.
///
/// `state` is the previous answer's `state` (an `Application`), `None`
/// before submission, or the application as a dict;
/// `request` is `{"request_id", "actor", "command"}`; `now` a `datetime`
/// (aware, or naive in Shanghai time) or its text; `seed` fresh random bits
/// for the new ids (`random.getrandbits(53)`).
#[pyfunction]
#[pyo3(signature = (state, request, *, now, seed))]
pub(crate) fn decide(
    state: &Bound<'_, PyAny>,
    request: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
) -> PyResult<api::Decided> {
    let held = state.cast::<Application>().ok().map(|a| a.get().clone());
    let unread = if held.is_some() { None } else { Some(state) };
    let mut decoded = read(unread, request, now, seed)?;
    if held.is_some() {
        decoded.state = held;
    }
    Ok(guard(|| api::approval_decide(decoded))?)
}

/// The `approval.decide` request made of `state` (left out when `None`:
/// the caller holds the application), `request`, `now` and `seed`: read
/// straight from the Python objects (`read_fast`), and the strict way when
/// that reading gives up, for the strict way's answer or errors.
pub(crate) fn read(
    state: Option<&Bound<'_, PyAny>>,
    request: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
) -> PyResult<DecideRequest> {
    let route = submitted_route(request);
    let fast = match &route {
        Some((route, command)) => {
            let command = command.copy()?;
            // A shipped preset's name holds the route's place while the rest
            // is read; the route itself is put in after.
            command.set_item("route", PLACEHOLDER)?;
            let outer = request.cast::<PyDict>()?.copy()?;
            outer.set_item("command", command)?;
            Some((outer, route.get().clone()))
        }
        None => None,
    };
    let whole = |request: &Bound<'_, PyAny>| -> PyResult<Value> {
        let mut whole = Map::new();
        whole.insert("request".into(), to_value_at(request, "request")?);
        whole.insert("now".into(), to_value_at(now, "now")?);
        whole.insert("seed".into(), to_value_at(seed, "seed")?);
        if let Some(state) = state {
            whole.insert("state".into(), to_value_at(state, "state")?);
        }
        Ok(Value::Object(whole))
    };
    // First straight from the Python objects; anything that reading gives
    // up on is read as `approval_decide` reads it, for its errors.
    let py = request.py();
    let request_read = fast
        .as_ref()
        .map_or_else(|| request.clone(), |(outer, _)| outer.as_any().clone());
    let now_read = match instant(now) {
        Some(at) => pyo3::types::PyString::new(py, &at).into_any(),
        None => now.clone(),
    };
    let mut quick = vec![
        ("request", &request_read),
        ("now", &now_read),
        ("seed", seed),
    ];
    if let Some(state) = state {
        quick.push(("state", state));
    }
    // Microseconds of work: releasing the GIL for them would cost more
    // than it frees.
    match read_fast_entries::<DecideRequest>(&quick) {
        Some(mut decoded) => {
            // The placeholder read in the route's place gives way to the
            // route (the strict reading reads the `Route` object itself).
            if let (Some((_, route)), Command::Submit { route: source, .. }) =
                (fast, &mut decoded.request.command)
            {
                *source = RouteSource::from(route);
            }
            Ok(decoded)
        }
        None => {
            let strict = whole(request)?;
            Ok(guard(|| {
                huiqi_core::call::decode::<DecideRequest>(&strict)
            })?)
        }
    }
}

/// A shipped preset, standing in for a `Route` object while the request
/// around it is read.
const PLACEHOLDER: &str = "seal";

/// The `Route` object a submission's command carries, and the command.
fn submitted_route<'py>(
    request: &Bound<'py, PyAny>,
) -> Option<(Bound<'py, Route>, Bound<'py, PyDict>)> {
    let command = request.cast::<PyDict>().ok()?.get_item("command").ok()??;
    let command = command.cast_into::<PyDict>().ok()?;
    let route = command.get_item("route").ok()??.cast_into::<Route>().ok()?;
    Some((route, command))
}

/// An aware `datetime` as RFC 3339 in UTC; `None` for anything else (a
/// naive `datetime`, text), which is read the usual way. A `datetime` in
/// `timezone.utc` is read from its pickled state or by one subtraction;
/// any other zone's offset is read too, so what is taken here is exactly
/// what the strict reading takes.
fn instant(now: &Bound<'_, PyAny>) -> Option<String> {
    static KINDS: PyOnceLock<(Py<PyAny>, Py<PyAny>)> = PyOnceLock::new();
    let py = now.py();
    let (datetime, utc) = KINDS
        .get_or_try_init(py, || -> PyResult<(Py<PyAny>, Py<PyAny>)> {
            let module = py.import("datetime")?;
            let utc = module.getattr("timezone")?.getattr("utc")?;
            Ok((module.getattr("datetime")?.unbind(), utc.unbind()))
        })
        .ok()?;
    let (datetime, utc) = (datetime.bind(py), utc.bind(py));
    let at = match pickled_utc(now, datetime, utc) {
        Some(at) => at,
        None if now.getattr("tzinfo").ok()?.is(utc) => aware_instant(now)?,
        None => aware_datetime(now)?.with_timezone(&chrono::Utc),
    };
    Some(at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// A `datetime.datetime` (the class itself, not a subclass) in
/// `timezone.utc`, read from the state it pickles to: `__reduce__` gives
/// `(datetime, (state, tzinfo))`, `state` ten bytes (year in two, month,
/// day, hour, minute, second, microsecond in three, big-endian), a layout
/// pickles keep across Python versions. One call, where the subtraction
/// takes four. `None` for anything else.
fn pickled_utc(
    now: &Bound<'_, PyAny>,
    datetime: &Bound<'_, PyAny>,
    utc: &Bound<'_, PyAny>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    if !now.get_type().is(datetime) {
        return None;
    }
    let reduced = now.call_method0(intern!(now.py(), "__reduce__")).ok()?;
    let args = reduced.get_item(1).ok()?;
    if !args.get_item(1).ok()?.is(utc) {
        return None;
    }
    let state = args.get_item(0).ok()?;
    let &[y1, y2, month, day, hour, minute, second, u1, u2, u3] =
        state.cast::<PyBytes>().ok()?.as_bytes()
    else {
        return None;
    };
    let year = i32::from(u16::from_be_bytes([y1, y2]));
    let micro = u32::from_be_bytes([0, u1, u2, u3]);
    // The high bit of the month is `fold` in newer pickle protocols; it
    // does not change an instant in UTC.
    chrono::NaiveDate::from_ymd_opt(year, u32::from(month & 0x7f), u32::from(day))?
        .and_hms_micro_opt(u32::from(hour), u32::from(minute), u32::from(second), micro)
        .map(|at| at.and_utc())
}
