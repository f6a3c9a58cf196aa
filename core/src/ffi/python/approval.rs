//! The approval engine from Python: the `approval.decide` request read
//! from Python objects (for `huiqi.decide` and `ApprovalStream`), and
//! `ApprovalStream`, one application held in memory with its commands
//! decided and applied in place.
//!
//! `approval_decide(state=…, request=…)` reads its whole request the strict
//! way, so an `Application` given as `state` is written out as JSON and read
//! back, and a copy comes out. The stream keeps the application and applies
//! each command's events to it where it is (`api::decide_in_place`);
//! `state` copies it out only when asked. Requests are read taking the
//! core's own objects as they are (a `Route` as a submission's `route`), a
//! `datetime` in `timezone.utc` as `now` by `utc_instant`, the commonest
//! commands by hand (`plain_request`), and the rest straight from the
//! Python objects, part by part (`read_fast_nested`, nesting counted as the
//! call API counts it); a request that reading gives up on is read again
//! the strict way, as one dict of its parts in the call's order, so its
//! answer and errors are exactly `approval_decide`'s.

use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyInt};
use serde::Deserialize;

use super::fast_read::{plain_entry, read_fast_nested};
use super::plain_request::plain_request;
use super::value::utc_instant;
use super::{guard, to_value};
use crate::api::DecideRequest;
use crate::approval::{Actor, Application, Command, Decision, Id, Request, Route, RouteSource};

/// The `approval.decide` request made of `state` (left out when `None`:
/// the caller holds the application), `request`, `now` and `seed`: read
/// straight from the Python objects, part by part, and the strict way when
/// that reading gives up on any part, for the strict way's answer or
/// errors. Microseconds of work: releasing the GIL for them would cost
/// more than it frees.
pub fn read_decide_request(
    state: Option<&Bound<'_, PyAny>>,
    request: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
) -> PyResult<DecideRequest> {
    let state_read = match state {
        None => Some(None),
        Some(state) => read_fast_nested::<Option<Application>>(state),
    };
    if let Some(state) = state_read
        && let Some((request, now, seed)) = command_parts(request, now, seed)?
    {
        return Ok(DecideRequest {
            state,
            request,
            now,
            seed,
        });
    }
    read_strictly(state, request, now, seed)
}

/// `read_decide_request` less the state: the command, `now` and `seed` a
/// stream decides, handed to `decide` where they were read. A request is
/// a few hundred bytes, and each `Result`, `Option` or tuple it was
/// returned through was a copy of it (≈ 120 instructions an approval).
fn with_command<T>(
    request: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
    decide: impl FnOnce(&Request, DateTime<Utc>, u64) -> T,
) -> PyResult<T> {
    let decide = match command_parts_with(request, now, seed, |request, now, seed| {
        decide(request, now, seed)
    })? {
        Ok(answer) => return Ok(answer),
        Err(decide) => decide,
    };
    let mut read = read_strictly(None, request, now, seed)?;
    Ok(decide(&mut read.request, read.now, read.seed))
}

/// The request as `approval_decide` reads it: the dict of its parts (in
/// its order: `state`, `request`, `now`, `seed`) converted to JSON values,
/// then decoded, so that nesting and the first error found are the same.
fn read_strictly(
    state: Option<&Bound<'_, PyAny>>,
    request: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
) -> PyResult<DecideRequest> {
    let whole = PyDict::new(request.py());
    if let Some(state) = state {
        whole.set_item("state", state)?;
    }
    whole.set_item("request", request)?;
    whole.set_item("now", now)?;
    whole.set_item("seed", seed)?;
    let whole = to_value(whole.as_any())?;
    Ok(guard(|| crate::call::decode::<DecideRequest>(&whole))?)
}

/// The command, `now` and `seed` read straight from the Python objects,
/// each as the strict reading would read it; `None` when any is not
/// plainly so.
fn command_parts(
    request: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
) -> PyResult<Option<(Request, DateTime<Utc>, u64)>> {
    let read = command_parts_with(request, now, seed, |request, now, seed| {
        (taken(request), now, seed)
    })?;
    Ok(read.ok())
}

/// `request`'s value, leaving a cheap one (no allocation) in its place.
fn taken(request: &mut Request) -> Request {
    let empty = Request {
        request_id: Id::default(),
        actor: Actor::default(),
        command: Command::Remind {},
    };
    std::mem::replace(request, empty)
}

/// [`command_parts`] handed to `read` where they lie, and its answer; when
/// any is not plainly so, `read` itself, not called.
fn command_parts_with<T, R: FnOnce(&mut Request, DateTime<Utc>, u64) -> T>(
    request: &Bound<'_, PyAny>,
    now: &Bound<'_, PyAny>,
    seed: &Bound<'_, PyAny>,
    read: R,
) -> PyResult<Result<T, R>> {
    // A seed is an `int` (not a `bool`, not a subclass) in `u64`.
    if !seed.is_exact_instance_of::<PyInt>() {
        return Ok(Err(read));
    }
    let Some(seed) = seed_u64(seed)? else {
        return Ok(Err(read));
    };
    // A `datetime` in `timezone.utc` is taken as its instant, with no text
    // between; any other `now` as the strict reading reads it.
    let now = match utc_instant(now) {
        Some(at) => at,
        None => match read_fast_nested::<When>(now) {
            Some(When(at)) => at,
            None => return Ok(Err(read)),
        },
    };
    // The commonest commands by hand first, then the rest as they are: a
    // `Route` object is no plain value, so a submission carrying one is the
    // only request this reading gives up on that the next can read.
    if let Some(plain) = &mut plain_request(request) {
        return Ok(Ok(read(plain, now, seed)));
    }
    if let Some(fast) = &mut read_fast_nested::<Request>(request) {
        return Ok(Ok(read(fast, now, seed)));
    }
    let Some((route, outer, command)) = submitted_route(request) else {
        return Ok(Err(read));
    };
    // A shipped preset's name holds the route's place while the rest is
    // read; the route itself is put in after (the strict reading reads the
    // `Route` object itself).
    let py = request.py();
    let command = command.copy()?;
    command.set_item(pyo3::intern!(py, "route"), PLACEHOLDER)?;
    let outer = outer.copy()?;
    outer.set_item(pyo3::intern!(py, "command"), command)?;
    let Some(mut request) = read_fast_nested::<Request>(outer.as_any()) else {
        return Ok(Err(read));
    };
    if let Command::Submit { route: source, .. } = &mut request.command {
        *source = RouteSource::Inline(super::shared_routes::shared_route(&route));
    }
    Ok(Ok(read(&mut request, now, seed)))
}

/// An exact `int` in `u64`, or `None`. Below 2⁶³ it is read as an `i64`
/// (CPython's `long` reading, a loop over its digits) rather than as an
/// `unsigned long long` (its general byte conversion, ≈ 220 instructions);
/// asking first which side of 2⁶³ it is on spares a 64-bit seed, past
/// 2⁶³ half the time, the `OverflowError` an `i64` reading would raise
/// and drop (≈ 1,450 instructions).
fn seed_u64(seed: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    static SIGNED_END: PyOnceLock<Py<PyInt>> = PyOnceLock::new();
    let py = seed.py();
    let end = SIGNED_END.get_or_init(py, || PyInt::new(py, 1u64 << 63).unbind());
    Ok(if seed.lt(end.bind(py))? {
        seed.extract::<i64>()
            .ok()
            .and_then(|s| u64::try_from(s).ok())
    } else {
        seed.extract::<u64>().ok()
    })
}

/// `now` alone, as `approval_decide` reads it.
#[derive(Deserialize)]
struct When(#[serde(with = "crate::time::instant_utc")] DateTime<Utc>);

/// A shipped preset, standing in for a `Route` object while the request
/// around it is read.
const PLACEHOLDER: &str = "seal";

/// The `Route` object a submission's command carries, the request and the
/// command, when both are exactly `dict`s keyed by exactly `str`s: copying
/// them and writing into the copies then runs none of the caller's code (a
/// subclass's `keys` or `__getitem__`, which a copy of a subclass calls; a
/// key's `__eq__`), so they read as the strict reading reads them, from
/// the dicts' own entries. Anything else is the strict reading's.
fn submitted_route<'py>(
    request: &Bound<'py, PyAny>,
) -> Option<(Bound<'py, Route>, Bound<'py, PyDict>, Bound<'py, PyDict>)> {
    let request = request.cast_exact::<PyDict>().ok()?;
    // Found by comparing key texts, not by lookups (see `plain_entry`).
    let command = plain_entry(request, "command")?
        .cast_into_exact::<PyDict>()
        .ok()?;
    let route = plain_entry(&command, "route")?.cast_into::<Route>().ok()?;
    (keyed_by_text(request) && keyed_by_text(&command)).then(|| (route, request.clone(), command))
}

/// True when every key of `dict` is exactly a `str`.
fn keyed_by_text(dict: &Bound<'_, PyDict>) -> bool {
    dict.iter()
        .all(|(key, _)| key.is_exact_instance_of::<pyo3::types::PyString>())
}

/// The application a stream starts from, read as `approval_decide` reads
/// its `state` (and named so in errors).
#[derive(Deserialize)]
struct StateArg {
    state: Application,
}

/// What `tick` reads, as `approval_tick` reads it (less the state).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TickArgs {
    #[serde(with = "crate::time::instant_utc")]
    now: DateTime<Utc>,
    seed: u64,
}

/// An application held in memory: `ApprovalStream()` before submission,
/// `ApprovalStream(application)` to go on from a stored one.
#[pyclass(module = "huiqi")]
pub struct ApprovalStream {
    state: Option<Application>,
}

#[pymethods]
impl ApprovalStream {
    /// `state`: an `Application` (a previous answer's, or one read from
    /// storage), or the application as a dict (read strictly); `None`
    /// before submission.
    #[new]
    #[pyo3(signature = (state = None))]
    fn new(py: Python<'_>, state: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let state = match state {
            None => None,
            Some(held) if held.is_none() => None,
            Some(held) => match held.cast::<Application>() {
                Ok(app) => Some(app.get().clone()),
                Err(_) => {
                    // Read as `approval_decide` reads its `state`.
                    let args = PyDict::new(held.py());
                    args.set_item("state", held)?;
                    let args = to_value(args.as_any())?;
                    Some(guard(|| crate::call::decode::<StateArg>(&args))?.state)
                }
            },
        };
        // Checked once, as it comes in: the stream trusts what it holds.
        if let Some(problem) = state
            .as_ref()
            .and_then(crate::approval::stored_inconsistency)
        {
            return Err(super::raise(py, vec![problem]));
        }
        Ok(ApprovalStream { state })
    }

    /// `decide(request, *, now, seed)`: decides one command and applies
    /// its events to the held application; the `Decision` (its events,
    /// whether it was a retry, the version after), or the refusal raised,
    /// which leaves the application as it was. Arguments as `huiqi.decide`.
    #[pyo3(signature = (request, *, now, seed))]
    fn decide(
        &mut self,
        request: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
        seed: &Bound<'_, PyAny>,
    ) -> PyResult<Decision> {
        let state = &mut self.state;
        let decided = with_command(request, now, seed, |request, now, seed| {
            guard(|| crate::api::decide_in_place(state, request, now, seed))
        })?;
        Ok(decided?)
    }

    /// `tick(*, now, seed)`: gives the reminders and applies the timeouts
    /// due at `now` to the held application; the `Decision`. Before
    /// submission there is nothing to tick (`ApprovalError`).
    #[pyo3(signature = (*, now, seed))]
    fn tick(&mut self, now: &Bound<'_, PyAny>, seed: &Bound<'_, PyAny>) -> PyResult<Decision> {
        let args = PyDict::new(now.py());
        args.set_item("now", now)?;
        args.set_item("seed", seed)?;
        let args = to_value(args.as_any())?;
        let args = guard(|| crate::call::decode::<TickArgs>(&args))?;
        let state = &mut self.state;
        Ok(guard(|| {
            crate::api::tick_in_place(state, args.now, args.seed)
        })?)
    }

    /// The application as it stands (a copy), or `None` before submission.
    #[getter]
    fn state(&self) -> Option<Application> {
        self.state.clone()
    }

    /// How many events the held application has (0 before submission).
    #[getter]
    fn version(&self) -> u64 {
        self.state.as_ref().map_or(0, |a| a.version)
    }

    fn __repr__(&self) -> String {
        match &self.state {
            // A status is a plain word: quoted as Python quotes it.
            Some(app) => format!(
                "<ApprovalStream state.status='{}' state.stage={} version={}>",
                serde_json::to_value(app.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                app.stage,
                app.version
            ),
            None => "<ApprovalStream state=None>".to_owned(),
        }
    }
}
