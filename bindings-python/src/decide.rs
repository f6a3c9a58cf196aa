//! `decide`: one approval command, fast, for hosts and simulations that
//! drive applications command by command from Python (the twin of
//! `approval_decide`, as `quote` is of `subsidy_quote`).
//!
//! `approval_decide(state=…, request=…)` reads its whole request the strict
//! way, so an `Application` given as `state` is written out as JSON and read
//! back: its route, slots and history, on every command. Here an
//! `Application` object (the `state` of the previous answer) is taken as
//! it is, a copy of the core's value whose route is shared, not copied.
//! Everything else (the request, `now`, `seed`, a `state` given as a dict)
//! is the `approval.decide` request, decoded by the core with the same
//! errors and field paths as `approval_decide`.

use huiqi_core::api::{self, DecideRequest};
use huiqi_core::approval::Application;
use huiqi_core::ffi::python::{guard, to_value_at};
use pyo3::prelude::*;
use serde_json::{Map, Value};

/// `decide(state, request, *, now, seed)`: the events of one command and
/// the application after them, or the refusal raised.
///
/// `state` is the previous answer's `state` (an `Application`), `None`
/// before submission, or the application as a dict (read strictly);
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
    let mut whole = Map::new();
    whole.insert("request".into(), to_value_at(request, "request")?);
    whole.insert("now".into(), to_value_at(now, "now")?);
    whole.insert("seed".into(), to_value_at(seed, "seed")?);
    let held = match state.cast::<Application>() {
        Ok(application) => Some(application.get().clone()),
        Err(_) => {
            whole.insert("state".into(), to_value_at(state, "state")?);
            None
        }
    };
    let whole = Value::Object(whole);
    // Microseconds of work: releasing the GIL for them would cost more
    // than it frees.
    Ok(guard(|| {
        let mut request: DecideRequest = huiqi_core::call::decode(&whole)?;
        if held.is_some() {
            request.state = held;
        }
        api::approval_decide(request)
    })?)
}
