//! `ApprovalStream`: one application held in memory, its commands decided
//! and applied in place: for hosts that keep applications between
//! commands, and simulations that drive thousands of them.
//!
//! `decide` and `approval_decide` are stateless: the application goes in
//! and a new one comes out, copied on each command. Here it stays inside
//! the stream and each command's events are applied to it where it is
//! (`huiqi_core::api::decide_in_place`); `state` copies it out only when
//! asked. The request is read as `decide` reads it, with its errors.

use huiqi_core::api;
use huiqi_core::approval::{Application, Decision};
use huiqi_core::ffi::python::{guard, to_value_at};
use pyo3::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value};

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
    #[serde(with = "huiqi_core::time::instant_utc")]
    now: chrono::DateTime<chrono::Utc>,
    seed: u64,
}

/// An application held in memory: `ApprovalStream()` before submission,
/// `ApprovalStream(application)` to go on from a stored one.
#[pyclass(module = "huiqi")]
pub(crate) struct ApprovalStream {
    state: Option<Application>,
}

#[pymethods]
impl ApprovalStream {
    /// `state`: an `Application` (a previous answer's, or one read from
    /// storage), or the application as a dict (read strictly); `None`
    /// before submission.
    #[new]
    #[pyo3(signature = (state = None))]
    fn new(state: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let state = match state {
            None => None,
            Some(held) if held.is_none() => None,
            Some(held) => match held.cast::<Application>() {
                Ok(app) => Some(app.get().clone()),
                Err(_) => {
                    let mut args = Map::new();
                    args.insert("state".into(), to_value_at(held, "state")?);
                    let args = Value::Object(args);
                    Some(guard(|| huiqi_core::call::decode::<StateArg>(&args))?.state)
                }
            },
        };
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
        let read = crate::decide::read(None, request, now, seed)?;
        let state = &mut self.state;
        Ok(guard(|| {
            api::decide_in_place(state, &read.request, read.now, read.seed)
        })?)
    }

    /// `tick(*, now, seed)`: gives the reminders and applies the timeouts
    /// due at `now` to the held application; the `Decision`. Before
    /// submission there is nothing to tick (`ApprovalError`).
    #[pyo3(signature = (*, now, seed))]
    fn tick(&mut self, now: &Bound<'_, PyAny>, seed: &Bound<'_, PyAny>) -> PyResult<Decision> {
        let mut args = Map::new();
        args.insert("now".into(), to_value_at(now, "now")?);
        args.insert("seed".into(), to_value_at(seed, "seed")?);
        let args = guard(|| huiqi_core::call::decode::<TickArgs>(&Value::Object(args)))?;
        let state = &mut self.state;
        Ok(guard(|| api::tick_in_place(state, args.now, args.seed))?)
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
                "ApprovalStream(status='{}', stage={}, version={})",
                serde_json::to_value(app.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                app.stage,
                app.version
            ),
            None => "ApprovalStream(None)".to_owned(),
        }
    }
}
