//! `decide`: one approval command, fast, for hosts and simulations that
//! drive applications command by command from Python (the twin of
//! `approval_decide`, as `quote` is of `subsidy_quote`). The previous
//! answer's `Application` is taken as it is; the request is read by the
//! core's Python glue (`huiqi_core::ffi::python::read_decide_request`), with
//! exactly `approval_decide`'s answers and errors.

use huiqi_core::api;
use huiqi_core::approval::Application;
use huiqi_core::ffi::python::{guard, read_decide_request};
use pyo3::prelude::*;

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
    let mut decoded = read_decide_request(unread, request, now, seed)?;
    if held.is_some() {
        decoded.state = held;
    }
    Ok(guard(|| api::approval_decide(decoded))?)
}
