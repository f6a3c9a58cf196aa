//! Scenarios: a route rehearsed before it is deployed.
//!
//! A [`Scenario`] names a route (a preset with its options, or a route
//! object), one application and the steps people take on it, each at a
//! time. [`run_scenario`] runs the steps through [`decide`] and [`tick`]
//! exactly as a host would, and reports every step's answer (the events and
//! the state after them, or the refusal), where the application ended, and
//! what awaits each person who took part (待办).
//!
//! Pure like the engine: the times are the scenario's, and the ids come
//! from a [`SeededIds`] seeded by the scenario, so a scenario always gives
//! the same report. A refused step changes nothing and the run goes on.
//!
//! ```
//! use huiqi_core::approval::{Scenario, Status, run_scenario};
//! let scenario = Scenario::from_json(r#"{
//!   "route": "procurement",
//!   "application": {"name": "村道修缮", "kind": "regular", "amount": "4999.99"},
//!   "steps": [
//!     {"at": "2023-07-20 10:00:00", "actor": {"id": "li", "supervisor": "wang"},
//!      "command": {"type": "submit"}},
//!     {"at": "2023-07-20 11:00:00", "actor": {"id": "zhao", "roles": ["finance_bureau"]},
//!      "command": {"type": "approve", "comment": "同意"}}
//!   ]
//! }"#)?;
//! let report = run_scenario(&scenario);
//! assert!(report.all_accepted());
//! assert_eq!(report.final_state.status, Some(Status::Pending));
//! assert_eq!(report.final_state.stage.as_deref(), Some("leaders"));
//! # Ok::<(), huiqi_core::Violations>(())
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::decide::{Action, Command, Context, Request, SeededIds, decide, tick};
use super::field_text::FieldText;
use super::id::Id;
use super::lists::{Filter, ListKind, list};
use super::presets::{PresetOptions, preset_route_names};
use super::route::{Fields, Route};
use super::source::RouteSource;
use super::state::{Actor, Application, Candidate, Event, Status, evolve};
use crate::decode::words::{EXPECT_APPLICATION, EXPECT_ROUTE_CHOICE};
use crate::error::{Code, Problem, Violations, serde_bridge};

/// The seed of the ids when a scenario gives none, so that its report is
/// the same on every run.
pub const DEFAULT_SEED: u64 = 20_230_720;

fn default_seed() -> u64 {
    DEFAULT_SEED
}

fn at_most_steps<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Step>, D::Error> {
    crate::limits::at_most::<_, Step, { crate::limits::MAX_SCENARIO_STEPS }>(deserializer)
}

/// A rehearsal: a route, one application on it, and the steps people (and
/// time) take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The route: a preset's name, a route object, or a list of one
    /// route's versions (the one in force at the submission applies).
    pub route: ScenarioRoute,
    /// A preset's parameters (the procurement threshold); only with a
    /// preset's name.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<PresetOptions>,
    /// The application's name and fields.
    pub application: ScenarioApplication,
    /// The people the applicant picks at submission, by slot name.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub picks: Fields,
    /// The seed of the application and event ids ([`DEFAULT_SEED`] when
    /// absent).
    #[cfg_attr(feature = "uniffi", uniffi(default = 20_230_720))]
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// The steps, in order (at most
    /// [`crate::limits::MAX_SCENARIO_STEPS`]: every step's answer carries
    /// the whole application).
    #[serde(deserialize_with = "at_most_steps")]
    pub steps: Vec<Step>,
}

/// A scenario's route: a shipped preset by name, a whole route, or the
/// versions of a route (the one in force at the submission applies, so a
/// version change can be rehearsed).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ScenarioRoute {
    /// A preset, by name (`procurement`); its options are the scenario's.
    Preset(String),
    /// A route given inline, as a route document's object.
    Inline(Box<Route>),
    /// Versions of one route, as route documents' objects.
    Versions(Vec<Route>),
}

/// The application a scenario submits: its name and its field values,
/// written as one object (`{"name": "村道修缮", "kind": "regular",
/// "amount": "4999.99"}`). Every value is a string, amounts included.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ScenarioApplication {
    /// Its name (申请名称).
    pub name: String,
    /// Its fields.
    pub fields: Fields,
}

/// One step: who does what, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// When: `2023-07-20 10:00:00` as the manuals write it (Shanghai), or
    /// RFC 3339; kept in UTC.
    #[serde(with = "wall_time")]
    pub at: DateTime<Utc>,
    /// Who; needed by every command but `tick`, which ignores it.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// What.
    pub command: StepCommand,
    /// The command's client request id; absent: `step-N`, N the step's
    /// number. Give a step the id of an earlier one to rehearse a retry
    /// (the same command again: accepted as a retry, nothing applied) or
    /// a reused id (another command: `approval.request_reused`).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<Id>,
}

/// What a step does: `submit` (the scenario's application on its route),
/// `tick` (time acts: reminders and timeouts), or any other command of the
/// engine, read as [`Command`] reads it (`{"type": "approve", …}`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum StepCommand {
    /// Submits the scenario's application on its route.
    Submit,
    /// Lets time act at the step's time.
    Tick,
    /// One of the engine's commands on the application.
    Command(Command),
}

impl StepCommand {
    /// The engine's command; `None` for `submit` (built from the scenario)
    /// and `tick` (not a command).
    pub fn command(&self) -> Option<Command> {
        match self {
            StepCommand::Command(command) => Some(command.clone()),
            StepCommand::Submit | StepCommand::Tick => None,
        }
    }

    /// Its `type` tag (`approve`, `add_signer`, `tick`).
    pub fn name(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("type")?.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

impl Serialize for StepCommand {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let name = match self {
            StepCommand::Submit => "submit",
            StepCommand::Tick => "tick",
            StepCommand::Command(command) => return command.serialize(serializer),
        };
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("type", name)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for StepCommand {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StepCommand, D::Error> {
        // Read whole, then as the engine's own command unless it is one of
        // the two the scenario adds: no second list of commands to keep.
        let value = serde_json::Value::deserialize(deserializer)?;
        let own = match value.get("type").and_then(serde_json::Value::as_str) {
            Some("submit") => Some(StepCommand::Submit),
            Some("tick") => Some(StepCommand::Tick),
            _ => None,
        };
        if let Some(own) = own {
            let extra = value
                .as_object()
                .and_then(|o| o.keys().find(|k| k.as_str() != "type").cloned());
            return match extra {
                None => Ok(own),
                Some(key) => Err(serde_bridge::fail(Problem::new(
                    Code::InvalidRequest,
                    Some(&key),
                    format!("未知字段 `{}`；此处只有 `type`", crate::error::echo(&key)),
                    format!(
                        "unknown field `{}`; only `type` is expected here",
                        crate::error::echo(&key)
                    ),
                ))),
            };
        }
        // A type that is no command at all: the list a step takes names
        // `tick` too, which the engine's own list cannot.
        if let Some(kind) = value.get("type").and_then(serde_json::Value::as_str)
            && !Action::ALL.iter().any(|a| a.name() == kind)
        {
            let kinds: Vec<String> = std::iter::once("submit")
                .chain(Action::ALL.iter().map(|a| a.name()))
                .chain(std::iter::once("tick"))
                .map(|k| format!("`{k}`"))
                .collect();
            let kind = crate::error::echo(kind);
            return Err(serde_bridge::fail(Problem::new(
                Code::InvalidRequest,
                Some("type"),
                format!("未知取值 `{kind}`；可选：{}", kinds.join("、")),
                format!(
                    "unknown value `{kind}`; expected one of {}",
                    kinds.join(", ")
                ),
            )));
        }
        crate::decode::from_value(value)
            .map(StepCommand::Command)
            .map_err(|f| serde_bridge::fail(f.into_problem(Code::InvalidRequest)))
    }
}

impl Scenario {
    /// Reads a scenario from JSON as strictly as a request (an unknown,
    /// missing or mistyped key is refused with its path) and resolves its
    /// route: every problem of an inline route is listed.
    pub fn from_json(text: &str) -> Result<Scenario, Violations> {
        let value = crate::decode::parse_json(text)
            .map_err(|f| Violations::from(f.into_problem(Code::MalformedJson)))?;
        let scenario: Scenario = crate::decode::from_value(value)
            .map_err(|f| Violations::from(f.into_problem(Code::InvalidRequest)))?;
        scenario.route()?;
        Ok(scenario)
    }

    /// What the application is submitted on: the preset with the
    /// scenario's options, or the inline route or versions once their
    /// static checks ([`super::check()`]) pass (the engine chooses among
    /// versions at the submission). Problems name their place under
    /// `route` (`route[1].stages` for the second version).
    pub fn route(&self) -> Result<RouteSource, Violations> {
        let source = match &self.route {
            ScenarioRoute::Preset(name) => RouteSource::Preset(name.clone()),
            ScenarioRoute::Inline(route) => RouteSource::from(Route::clone(route)),
            ScenarioRoute::Versions(versions) => RouteSource::Versions(versions.clone()),
        };
        super::source::checked(&source, self.options.as_ref())
    }
}

/// What a scenario run found.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ScenarioReport {
    /// Each step's answer, in order.
    pub steps: Vec<StepReport>,
    /// Where the application ended.
    #[serde(rename = "final")]
    pub final_state: FinalState,
    /// What awaits each person who took a step (待办), by person id; an
    /// empty list when nothing does.
    pub todo: TodoLists,
}

/// To-do lists by person id.
pub type TodoLists = BTreeMap<String, Vec<TodoItem>>;

impl ScenarioReport {
    /// True when the engine accepted every step.
    pub fn all_accepted(&self) -> bool {
        self.steps.iter().all(StepReport::is_accepted)
    }
}

/// One step's answer. Serialises as `{"ok": true, "state": …, "events":
/// […]}` or `{"ok": false, "errors": […]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum StepReport {
    /// Accepted: the events it caused and the application after them.
    Accepted {
        /// The application after the step.
        state: Box<Application>,
        /// The events, in order (none when, say, a tick found nothing due).
        events: Vec<Event>,
        /// True when the engine answered the step as a retry of an earlier
        /// one under its request id (no events, nothing applied); written
        /// only when true.
        retry: bool,
    },
    /// Refused: why. Nothing changed.
    Refused {
        /// The problems (`approval.forbidden`, …).
        errors: Vec<Problem>,
    },
}

impl StepReport {
    /// True when the step was accepted.
    pub fn is_accepted(&self) -> bool {
        matches!(self, StepReport::Accepted { .. })
    }
}

impl Serialize for StepReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            StepReport::Accepted {
                state,
                events,
                retry,
            } => {
                let mut map = serializer.serialize_map(Some(3 + usize::from(*retry)))?;
                map.serialize_entry("ok", &true)?;
                map.serialize_entry("state", state)?;
                map.serialize_entry("events", events)?;
                if *retry {
                    map.serialize_entry("retry", &true)?;
                }
                map.end()
            }
            StepReport::Refused { errors } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("ok", &false)?;
                map.serialize_entry("errors", errors)?;
                map.end()
            }
        }
    }
}

/// Where the application ended.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct FinalState {
    /// Its status; `None` when it was never submitted.
    pub status: Option<Status>,
    /// The stage it waits at (pending, or returned from); `None` once it
    /// is filed, published, rejected or withdrawn.
    pub stage: Option<String>,
    /// The branch its route took.
    pub branch: Option<String>,
    /// The conditions that chose the branch, as people write them.
    pub chosen_by: Vec<String>,
    /// Who it waits for: the candidates of the stage's open slots (a role
    /// shows even when no one in the scenario holds it; a delegated slot
    /// shows its delegate), or the applicant when it is returned; empty
    /// once it is filed, published, rejected or withdrawn.
    pub awaiting: Vec<Candidate>,
}

/// One entry of a to-do list.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TodoItem {
    /// The application's id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// The stage it waits at.
    pub stage: Option<String>,
    /// Its status (pending, or returned to the applicant).
    pub status: Status,
}

/// The stage an application waits at, while it waits.
fn waiting_stage(app: &Application) -> Option<String> {
    if app.status.is_final() {
        return None;
    }
    app.current_stage().map(|s| s.id.clone())
}

/// Runs every step of `scenario` in order and reports each answer, the
/// end state and the to-do lists of everyone who took a step. A refused
/// step changes nothing; the run goes on with the next.
pub fn run_scenario(scenario: &Scenario) -> ScenarioReport {
    let route = scenario.route();
    let mut ids = SeededIds::new(scenario.seed);
    let mut app: Option<Application> = None;
    let mut latest: Option<DateTime<Utc>> = None;
    let mut steps = Vec::with_capacity(scenario.steps.len());
    for (index, step) in scenario.steps.iter().enumerate() {
        let answer = run_step(
            scenario,
            &route,
            app.as_ref(),
            (index, step, latest),
            &mut ids,
        );
        latest = Some(latest.map_or(step.at, |t| t.max(step.at)));
        let report = match answer {
            Ok((events, retry)) => {
                let after = events.iter().fold(app.clone(), evolve);
                match after {
                    Some(state) => {
                        app = Some(state.clone());
                        StepReport::Accepted {
                            state: Box::new(state),
                            events,
                            retry,
                        }
                    }
                    None => StepReport::Refused {
                        errors: vec![internal()],
                    },
                }
            }
            Err(errors) => StepReport::Refused { errors },
        };
        steps.push(report);
    }
    let final_state = app
        .as_ref()
        .map_or_else(FinalState::default, |a| FinalState {
            status: Some(a.status),
            stage: waiting_stage(a),
            branch: Some(a.route.branch.clone()),
            chosen_by: a.route.chosen_by.clone(),
            awaiting: a.awaiting(),
        });
    let apps: Vec<Application> = app.into_iter().collect();
    let mut todo = TodoLists::new();
    let mut seen: Vec<&Actor> = Vec::new();
    let actors = scenario
        .steps
        .iter()
        .filter(|s| !matches!(s.command, StepCommand::Tick))
        .filter_map(|s| s.actor.as_ref());
    for actor in actors {
        if seen.contains(&actor) {
            continue;
        }
        seen.push(actor);
        let entry = todo.entry(actor.id.to_string()).or_default();
        for a in list(&apps, actor, ListKind::Todo, &Filter::default()) {
            if !entry.iter().any(|t| t.id == a.id) {
                entry.push(TodoItem {
                    id: a.id,
                    name: a.name.clone(),
                    stage: waiting_stage(a),
                    status: a.status,
                });
            }
        }
    }
    ScenarioReport {
        steps,
        final_state,
        todo,
    }
}

/// One step: its events and whether the engine took it for a retry, or why
/// it is refused. `at`: the step's index, the step, and the latest time of
/// the steps before it.
fn run_step(
    scenario: &Scenario,
    route: &Result<RouteSource, Violations>,
    app: Option<&Application>,
    at: (usize, &Step, Option<DateTime<Utc>>),
    ids: &mut SeededIds,
) -> Result<(Vec<Event>, bool), Vec<Problem>> {
    let (index, step, latest) = at;
    let number = index + 1;
    if let Some(before) = latest
        && step.at < before
    {
        let (now, then) = (wall(step.at), wall(before));
        return Err(vec![Problem::new(
            Code::InvalidRequest,
            Some(&format!("steps[{index}].at")),
            format!(
                "第 {number} 步的时间 `{now}` 早于之前的步骤（`{then}`）；场景中的时间不能倒流"
            ),
            format!(
                "step {number} at `{now}` is earlier than a step before it (`{then}`); time in a scenario does not run backwards"
            ),
        )]);
    }
    let mut ctx = Context { now: step.at, ids };
    if matches!(step.command, StepCommand::Tick) && step.request_id.is_some() {
        // Time acting is no command: nothing logs a request id for it, so
        // one given would be dropped without a word.
        return Err(vec![Problem::new(
            Code::InvalidRequest,
            Some(&format!("steps[{index}].request_id")),
            format!("第 {number} 步是 `tick`（时间推进），不是指令，不带请求号 `request_id`"),
            format!(
                "step {number} is a `tick` (time acting), not a command: it takes no `request_id`"
            ),
        )]);
    }
    if matches!(step.command, StepCommand::Tick) {
        let ticked = match app {
            None => Err(super::decide::not_submitted(Some("command"))),
            Some(app) => tick(app, &mut ctx),
        };
        return ticked
            .map(|events| (events, false))
            .map_err(|p| vec![relocate(p, index, false)]);
    }
    let Some(actor) = &step.actor else {
        return Err(vec![Problem::new(
            Code::Required,
            Some(&format!("steps[{index}].actor")),
            format!("第 {number} 步缺少操作人 `actor`"),
            format!("step {number} needs an `actor`"),
        )]);
    };
    let (command, submit) = match step.command.command() {
        Some(command) => (command, false),
        None => {
            let route = route.clone().map_err(Violations::into_vec)?;
            let command = Command::Submit {
                route,
                name: scenario.application.name.clone(),
                fields: scenario.application.fields.clone(),
                picks: scenario.picks.clone(),
            };
            (command, true)
        }
    };
    let request = Request {
        request_id: step
            .request_id
            .clone()
            .unwrap_or_else(|| Id::from(format!("step-{number}"))),
        actor: actor.clone(),
        command,
    };
    decide(app, &request, &mut ctx)
        .map(|d| (d.events, d.retry))
        .map_err(|p| {
            // A request id the step gives is its own field; one the runner
            // made is the step's, as the rest of what it makes.
            let own_id = step.request_id.is_some() && p.field.as_deref() == Some("request_id");
            match own_id {
                true => vec![p.at(format!("steps[{index}].request_id"))],
                false => vec![relocate(p, index, submit)],
            }
        })
}

/// A refusal's field, named in the scenario, so that every refusal of a
/// step says where: the actor is the step's, and `now` its `at`; the
/// submission's fields, picks and route are the scenario's `application`,
/// `picks` and `route`; another command's are under its step, and what
/// the runner itself makes (the request id, the state) is the step's.
fn relocate(problem: Problem, index: usize, submit: bool) -> Problem {
    let step = format!("steps[{index}]");
    let field = problem.field.clone().unwrap_or_default();
    let moved = if let Some(rest) = field.strip_prefix("actor") {
        format!("{step}.actor{rest}")
    } else if field == "now" {
        format!("{step}.at")
    } else if submit && field == "command.fields" {
        "application".to_owned()
    } else if submit && field == "command.name" {
        "application.name".to_owned()
    } else if let Some(rest) = field.strip_prefix("command.fields.").filter(|_| submit) {
        format!("application.{rest}")
    } else if let Some(rest) = field.strip_prefix("command.picks.").filter(|_| submit) {
        format!("picks.{rest}")
    } else if let Some(rest) = field.strip_prefix("command.route").filter(|_| submit) {
        format!("route{rest}")
    } else if let Some(rest) = field.strip_prefix("command") {
        format!("{step}.command{rest}")
    } else {
        step
    };
    problem.at(moved)
}

fn internal() -> Problem {
    Problem::new(
        Code::Internal,
        None,
        "场景运行内部出错（这是缺陷，请报告）",
        "something failed inside the scenario run (a bug; please report it)",
    )
}

/// `2023-07-20 10:00:00`, Shanghai time.
fn wall(at: DateTime<Utc>) -> String {
    crate::time::shanghai_text(at.fixed_offset())
}

/// serde for a step's time: written as Shanghai wall time, read from that
/// or RFC 3339.
mod wall_time {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::error::serde_bridge;

    pub(super) fn serialize<S: Serializer>(
        at: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&super::wall(*at))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        crate::time::parse_instant(&text)
            .map(|i| i.with_timezone(&Utc))
            .map_err(serde_bridge::fail)
    }
}

impl Serialize for ScenarioRoute {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ScenarioRoute::Preset(name) => serializer.serialize_str(name),
            ScenarioRoute::Inline(route) => route.serialize(serializer),
            ScenarioRoute::Versions(versions) => versions.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ScenarioRoute {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ScenarioRoute, D::Error> {
        struct RouteVisitor;
        impl<'de> Visitor<'de> for RouteVisitor {
            type Value = ScenarioRoute;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(EXPECT_ROUTE_CHOICE)
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<ScenarioRoute, E> {
                if preset_route_names().contains(&name) {
                    return Ok(ScenarioRoute::Preset(name.to_owned()));
                }
                Err(serde_bridge::fail(super::presets::unknown_preset(name)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ScenarioRoute, A::Error> {
                // Read as a route document's object, with the route's own
                // code (`route.schema`) for what is wrong inside it.
                let value =
                    serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
                crate::decode::from_value::<Route>(value)
                    .map(|route| ScenarioRoute::Inline(Box::new(route)))
                    .map_err(|f| serde_bridge::fail(f.into_problem(Code::RouteSchema)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ScenarioRoute, A::Error> {
                // Versions, each read as a route document's object.
                let value =
                    serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                let serde_json::Value::Array(items) = value else {
                    return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
                };
                if items.len() > crate::limits::MAX_ROUTE_VERSIONS {
                    return Err(serde_bridge::fail(crate::limits::too_large(
                        None,
                        crate::limits::Limit::Items(crate::limits::MAX_ROUTE_VERSIONS),
                        items.len(),
                    )));
                }
                let mut versions = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    let route = crate::decode::from_value::<Route>(item).map_err(|f| {
                        let problem = f.into_problem(Code::RouteSchema);
                        let inner = problem.field.clone();
                        let at = match inner {
                            Some(inner) => format!("[{i}].{inner}"),
                            None => format!("[{i}]"),
                        };
                        serde_bridge::fail(problem.at(at))
                    })?;
                    versions.push(route);
                }
                Ok(ScenarioRoute::Versions(versions))
            }
        }
        deserializer.deserialize_any(RouteVisitor)
    }
}

impl Serialize for ScenarioApplication {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len() + 1))?;
        map.serialize_entry("name", &self.name)?;
        for (key, value) in &self.fields {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ScenarioApplication {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ScenarioApplication, D::Error> {
        struct ApplicationVisitor;
        impl<'de> Visitor<'de> for ApplicationVisitor {
            type Value = ScenarioApplication;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(EXPECT_APPLICATION)
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<ScenarioApplication, A::Error> {
                let mut name = None;
                let mut fields = Fields::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "name" {
                        if name.is_some() {
                            return Err(de::Error::duplicate_field("name"));
                        }
                        name = Some(map.next_value::<String>()?);
                    } else {
                        let FieldText(value) = map.next_value()?;
                        fields.insert(key, value);
                    }
                }
                let name = name.ok_or_else(|| de::Error::missing_field("name"))?;
                Ok(ScenarioApplication { name, fields })
            }
        }
        deserializer.deserialize_map(ApplicationVisitor)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::*;

    fn approve(id: &str, role: &str, at: &str) -> serde_json::Value {
        json!({"at": at, "actor": {"id": id, "roles": [role]}, "command": {"type": "approve"}})
    }

    fn regular(amount: &str, steps: Vec<serde_json::Value>) -> Scenario {
        let text = json!({
            "route": "procurement",
            "application": {"name": "村道修缮", "kind": "regular", "amount": amount},
            "steps": steps,
        })
        .to_string();
        Scenario::from_json(&text).unwrap()
    }

    fn submit(at: &str) -> serde_json::Value {
        json!({"at": at, "actor": {"id": "li", "roles": ["applicant"], "org": "村委", "supervisor": "wang"},
               "command": {"type": "submit"}})
    }

    fn codes(report: &StepReport) -> Vec<Code> {
        match report {
            StepReport::Refused { errors } => errors.iter().map(|p| p.code).collect(),
            StepReport::Accepted { .. } => Vec::new(),
        }
    }

    #[test]
    fn the_regular_route_below_the_threshold_runs_to_filed() {
        let scenario = regular(
            "4999.99",
            vec![
                submit("2023-07-20 09:00:00"),
                approve("zhao", "finance_bureau", "2023-07-20 10:00:00"),
                approve("zhou", "mayor", "2023-07-20 11:00:00"),
                approve("wang", "supervising_leader", "2023-07-20 12:00:00"),
                approve("sun", "procurement_leader", "2023-07-20 13:00:00"),
            ],
        );
        let report = run_scenario(&scenario);
        assert!(report.all_accepted(), "{report:?}");
        assert_eq!(report.final_state.status, Some(Status::Filed));
        assert_eq!(report.final_state.stage, None);
        assert_eq!(
            report.final_state.branch.as_deref(),
            Some("regular_below_threshold")
        );
        assert_eq!(
            report.final_state.chosen_by,
            ["kind = regular", "amount < 5000.00"]
        );
        // Everyone who took a step has a list, and nothing awaits anyone.
        let people: Vec<&str> = report.todo.keys().map(String::as_str).collect();
        assert_eq!(people, ["li", "sun", "wang", "zhao", "zhou"]);
        assert!(report.todo.values().all(Vec::is_empty));
        // Times are Shanghai wall time, kept in UTC; requests are step-N.
        let StepReport::Accepted { state, events, .. } = &report.steps[0] else {
            panic!("refused");
        };
        assert_eq!(
            state.created_at,
            Utc.with_ymd_and_hms(2023, 7, 20, 1, 0, 0).unwrap()
        );
        assert_eq!(events[0].request.as_ref().unwrap().id, "step-1");
        // The same scenario gives the same report, ids included.
        assert_eq!(run_scenario(&scenario), report);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["steps"][0]["ok"], json!(true));
        assert_eq!(json["final"]["status"], json!("filed"));
        assert_eq!(json["final"]["stage"], json!(null));
    }

    #[test]
    fn a_refused_step_is_reported_and_the_run_goes_on() {
        let scenario = regular(
            "4999.99",
            vec![
                submit("2023-07-20 09:00:00"),
                // The mayor before the finance bureau: not theirs yet.
                approve("zhou", "mayor", "2023-07-20 09:30:00"),
                approve("zhao", "finance_bureau", "2023-07-20 10:00:00"),
                approve("zhou", "mayor", "2023-07-20 11:00:00"),
            ],
        );
        let report = run_scenario(&scenario);
        assert!(!report.all_accepted());
        assert_eq!(codes(&report.steps[1]), [Code::ApprovalForbidden]);
        assert!(report.steps[2].is_accepted() && report.steps[3].is_accepted());
        assert_eq!(report.final_state.status, Some(Status::Pending));
        assert_eq!(report.final_state.stage.as_deref(), Some("leaders"));
        // 会签: the mayor approved; nothing awaits the mayor any more.
        assert!(report.todo["zhou"].is_empty());
        // The two leaders no step names are awaited: the applicant's
        // supervising leader by id, the procurement leader by role.
        let role = Candidate::Role {
            role: "procurement_leader".into(),
            org: None,
            area: None,
        };
        assert_eq!(
            report.final_state.awaiting,
            [Candidate::Person("wang".into()), role]
        );
        assert!(report.todo["zhao"].is_empty());
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["steps"][1]["ok"], json!(false));
        assert_eq!(
            json["steps"][1]["errors"][0]["code"],
            json!("approval.forbidden")
        );
    }

    #[test]
    fn a_returned_application_awaits_its_applicant() {
        let scenario = regular(
            "4999.99",
            vec![
                submit("2023-07-20 09:00:00"),
                json!({"at": "2023-07-20 10:00:00", "actor": {"id": "zhao", "roles": ["finance_bureau"]},
                       "command": {"type": "return", "comment": "请补充"}}),
            ],
        );
        let report = run_scenario(&scenario);
        assert!(report.all_accepted());
        assert_eq!(report.final_state.status, Some(Status::Returned));
        assert_eq!(
            report.final_state.awaiting,
            [Candidate::Person("li".into())]
        );
    }

    #[test]
    fn tick_reminds_escalates_and_the_escalated_person_decides() {
        let text = json!({
            "route": {
                "id": "r", "name": "r", "effective_from": "2023-01-01",
                "stages": [{
                    "id": "review", "name": "审核", "approvers": [{"person": "a"}],
                    "remind_after_hours": 2, "deadline_hours": 24,
                    "on_timeout": {"escalate": "boss"}
                }]
            },
            "application": {"name": "请假"},
            "seed": 7,
            "steps": [
                submit("2023-07-20 09:00:00"),
                {"at": "2023-07-20 10:00:00", "command": {"type": "tick"}},
                {"at": "2023-07-20 12:00:00", "command": {"type": "tick"}},
                {"at": "2023-07-21 09:00:00", "actor": {"id": "ignored"},
                 "command": {"type": "tick"}},
                {"at": "2023-07-21 10:00:00", "actor": {"id": "a"},
                 "command": {"type": "approve"}},
                {"at": "2023-07-21 10:30:00", "actor": {"id": "boss"},
                 "command": {"type": "approve", "comment": "同意"}},
            ],
        })
        .to_string();
        let report = run_scenario(&Scenario::from_json(&text).unwrap());
        let changes = |i: usize| -> Vec<String> {
            match &report.steps[i] {
                StepReport::Accepted { events, .. } => events
                    .iter()
                    .map(|e| serde_json::to_value(&e.change).unwrap()["type"].to_string())
                    .collect(),
                StepReport::Refused { errors } => panic!("step {i} refused: {errors:?}"),
            }
        };
        assert!(changes(1).is_empty(), "nothing due after an hour");
        assert_eq!(changes(2), ["\"reminder_due\""]);
        assert_eq!(changes(3), ["\"timed_out\"", "\"escalated\""]);
        assert_eq!(codes(&report.steps[4]), [Code::ApprovalForbidden]);
        assert_eq!(report.final_state.status, Some(Status::Filed));
        // A tick's actor is not a participant.
        assert!(!report.todo.contains_key("ignored"));
        assert!(report.todo["boss"].is_empty());
        // A tick before the submission has nothing to act on.
        let early = json!({
            "route": "procurement",
            "application": {"name": "x", "kind": "emergency", "amount": "1.00"},
            "steps": [{"at": "2023-07-20 09:00:00", "command": {"type": "tick"}}],
        });
        let report = run_scenario(&Scenario::from_json(&early.to_string()).unwrap());
        assert_eq!(codes(&report.steps[0]), [Code::ApprovalInvalidTransition]);
        assert_eq!(report.final_state, FinalState::default());
    }

    #[test]
    fn what_awaits_whom_is_listed_with_the_stage() {
        let scenario = regular(
            "5000.00",
            vec![
                submit("2023-07-20 09:00:00"),
                approve("zhao", "finance_bureau", "2023-07-20 10:00:00"),
                approve("zhou", "mayor", "2023-07-20 11:00:00"),
                approve("xu", "secretary", "2023-07-20 11:30:00"),
            ],
        );
        let report = run_scenario(&scenario);
        assert!(report.all_accepted());
        assert_eq!(
            report.final_state.branch.as_deref(),
            Some("regular_from_threshold")
        );
        assert!(report.todo["zhou"].is_empty());
        // Nobody in the scenario holds the leaders' roles still awaited.
        assert!(report.todo.values().all(Vec::is_empty));
        let with_leader = regular(
            "5000.00",
            vec![
                submit("2023-07-20 09:00:00"),
                approve("zhao", "finance_bureau", "2023-07-20 10:00:00"),
                // The supervising leader is named, but does not act yet:
                // a refused return to a stage that is not earlier.
                json!({"at": "2023-07-20 10:30:00",
                       "actor": {"id": "wang", "roles": ["supervising_leader"]},
                       "command": {"type": "return", "to": "acceptance", "comment": "照片不全"}}),
            ],
        );
        let report = run_scenario(&with_leader);
        assert_eq!(codes(&report.steps[2]), [Code::ApprovalInvalid]);
        let StepReport::Refused { errors } = &report.steps[2] else {
            panic!("accepted");
        };
        assert_eq!(errors[0].field.as_deref(), Some("steps[2].command.to"));
        let todo = &report.todo["wang"];
        assert_eq!(todo.len(), 1);
        assert_eq!(todo[0].stage.as_deref(), Some("leaders"));
        assert_eq!(todo[0].status, Status::Pending);
        assert_eq!(todo[0].name, "村道修缮");
    }

    #[test]
    fn scenarios_decode_strictly() {
        let base = json!({
            "route": "procurement",
            "application": {"name": "村道修缮", "kind": "regular", "amount": "4999.99"},
            "steps": [submit("2023-07-20 09:00:00")],
        });
        let problem = |value: serde_json::Value| -> Problem {
            let problems = Scenario::from_json(&value.to_string()).unwrap_err();
            problems.as_slice()[0].clone()
        };
        let mut v = base.clone();
        v["application"]["amount"] = json!(4999.99);
        let p = problem(v);
        assert_eq!(p.code, Code::MoneyNotString);
        assert_eq!(p.field.as_deref(), Some("application.amount"));
        let mut v = base.clone();
        v["steps"][0]["command"] = json!({"type": "approve", "commment": "x"});
        let p = problem(v);
        assert_eq!(p.code, Code::InvalidRequest);
        // The path reaches the command (the decoder may name the key too).
        assert!(
            p.field.as_deref().unwrap().starts_with("steps[0].command"),
            "{p:?}"
        );
        for command in [
            json!({"type": "submit", "route": "seal"}),
            json!({"type": "remind", "x": 1}),
            json!({"type": "tick", "x": 1}),
            json!({"type": "grab"}),
        ] {
            let mut v = base.clone();
            v["steps"][0]["command"] = command.clone();
            assert_eq!(problem(v).code, Code::InvalidRequest, "{command}");
        }
        // An unknown type is told every type a step takes, `tick` with the
        // commands, each by its name as a command writes it.
        let mut v = base.clone();
        v["steps"][0]["command"] = json!({"type": "dance"});
        let p = problem(v);
        assert_eq!(p.field.as_deref(), Some("steps[0].command.type"));
        assert!(
            p.message_en
                .ends_with("`remind`, `upload`, `delist`, `tick`"),
            "{p:?}"
        );
        for action in Action::ALL {
            assert_eq!(json!(action), json!(action.name()));
        }
        let mut v = base.clone();
        v["steps"][0]["at"] = json!("2023-07-20 25:00:00");
        let p = problem(v);
        assert_eq!(p.code, Code::InvalidDateTime);
        assert_eq!(p.field.as_deref(), Some("steps[0].at"));
        let mut v = base.clone();
        v["steps"][0]["at"] = json!("2023-07-20T01:00:00Z");
        let scenario = Scenario::from_json(&v.to_string()).unwrap();
        assert_eq!(
            scenario.steps[0].at,
            Utc.with_ymd_and_hms(2023, 7, 20, 1, 0, 0).unwrap()
        );
        let mut v = base.clone();
        v["route"] = json!("atlantis");
        let p = problem(v);
        assert_eq!(p.code, Code::RouteUnknownPreset);
        assert_eq!(p.field.as_deref(), Some("route"));
        let mut v = base.clone();
        v["application"] = json!({"kind": "regular"});
        assert_eq!(problem(v).field.as_deref(), Some("application.name"));
        let mut v = base.clone();
        v["colour"] = json!("red");
        assert_eq!(problem(v).code, Code::InvalidRequest);
        assert_eq!(
            Scenario::from_json("{").unwrap_err().as_slice()[0].code,
            Code::MalformedJson
        );
        // An inline route: its schema with its own code, its checks all
        // listed, and no preset options beside it.
        let mut v = base.clone();
        v["route"] = json!({"id": "r", "name": "r", "effective_from": "2023-01-01", "colour": 1});
        let p = problem(v);
        assert_eq!(p.code, Code::RouteSchema);
        assert_eq!(p.field.as_deref(), Some("route.colour"));
        let mut v = base.clone();
        v["route"] = json!({"id": "r", "name": "r", "effective_from": "2023-01-01",
            "stages": [{"id": "s", "name": "s", "approvers": [{"picked": "x"}], "return_to": ["t"]}]});
        v["options"] = json!({"threshold": "100.00"});
        let problems = Scenario::from_json(&v.to_string()).unwrap_err();
        let fields: Vec<&str> = problems
            .as_slice()
            .iter()
            .map(|p| p.field.as_deref().unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "options",
                "route.stages[0].approvers[0]",
                "route.stages[0].return_to[0]"
            ]
        );
        // A scenario serialises back to what it reads.
        let scenario = Scenario::from_json(&base.to_string()).unwrap();
        let again = serde_json::to_string(&scenario).unwrap();
        assert_eq!(Scenario::from_json(&again).unwrap(), scenario);
    }

    /// The scenario's own messages: Chinese wholly Chinese and English
    /// wholly English, outside backticks.
    #[test]
    fn messages_keep_to_their_language() {
        let outside = |text: &str| text.split('`').step_by(2).collect::<String>();
        let mut problems: Vec<Problem> = Vec::new();
        let base = json!({
            "route": "procurement",
            "application": {"name": "村道修缮", "kind": "regular", "amount": "4999.99"},
            "steps": [submit("2023-07-20 09:00:00")],
        });
        for (pointer, value) in [
            ("/route", json!("atlantis")),
            ("/application/amount", json!(1)),
            ("/route", json!(5)),
            ("/application", json!([])),
        ] {
            let mut v = base.clone();
            *v.pointer_mut(pointer).unwrap() = value;
            problems.extend(Scenario::from_json(&v.to_string()).unwrap_err());
        }
        let mut v = base.clone();
        v["route"] = json!({"id": "r", "name": "r", "effective_from": "2023-01-01",
            "stages": [{"id": "s", "name": "s", "approvers": [{"role": "x"}]}]});
        v["options"] = json!({});
        problems.extend(Scenario::from_json(&v.to_string()).unwrap_err());
        let report = run_scenario(&regular(
            "4999.99",
            vec![
                json!({"at": "2023-07-20 08:00:00", "command": {"type": "tick"}}),
                submit("2023-07-20 09:00:00"),
                json!({"at": "2023-07-20 10:00:00", "command": {"type": "approve"}}),
                approve("zhao", "finance_bureau", "2023-07-20 08:30:00"),
            ],
        ));
        for step in &report.steps {
            if let StepReport::Refused { errors } = step {
                problems.extend(errors.iter().cloned());
            }
        }
        assert!(problems.len() >= 8, "{problems:?}");
        for p in problems {
            let zh = outside(&p.message_zh);
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
            assert!(!p.message_zh.is_ascii(), "{}", p.message_zh);
            let en = outside(&p.message_en);
            assert!(en.is_ascii(), "{en}");
        }
    }

    #[test]
    fn the_options_set_the_threshold() {
        let text = json!({
            "route": "procurement",
            "options": {"threshold": "5000.00", "threshold_inclusive": false},
            "application": {"name": "村道修缮", "kind": "regular", "amount": "5000.00"},
            "steps": [submit("2023-07-20 09:00:00")],
        });
        let report = run_scenario(&Scenario::from_json(&text.to_string()).unwrap());
        assert_eq!(
            report.final_state.branch.as_deref(),
            Some("regular_below_threshold")
        );
        assert_eq!(
            report.final_state.chosen_by,
            ["kind = regular", "amount ≤ 5000.00"]
        );
    }

    #[test]
    fn steps_need_an_actor_and_time_that_runs_forward() {
        let scenario = regular(
            "4999.99",
            vec![
                submit("2023-07-20 09:00:00"),
                json!({"at": "2023-07-20 10:00:00", "command": {"type": "approve"}}),
                approve("zhao", "finance_bureau", "2023-07-20 08:00:00"),
                approve("zhao", "finance_bureau", "2023-07-20 10:00:00"),
            ],
        );
        let report = run_scenario(&scenario);
        assert_eq!(codes(&report.steps[1]), [Code::Required]);
        assert_eq!(codes(&report.steps[2]), [Code::InvalidRequest]);
        assert!(report.steps[3].is_accepted());
        let StepReport::Refused { errors } = &report.steps[2] else {
            panic!("accepted");
        };
        assert_eq!(errors[0].field.as_deref(), Some("steps[2].at"));
        assert!(errors[0].message_zh.contains("`2023-07-20 08:00:00`"));
    }

    #[test]
    fn a_submission_refused_names_the_application_field() {
        let scenario = regular("4,999.999", vec![submit("2023-07-20 09:00:00")]);
        let report = run_scenario(&scenario);
        let StepReport::Refused { errors } = &report.steps[0] else {
            panic!("accepted");
        };
        assert_eq!(errors[0].code, Code::MoneyTooManyDecimals);
        assert_eq!(errors[0].field.as_deref(), Some("application.amount"));
        // Every later command finds nothing submitted.
        let scenario = regular(
            "4,999.999",
            vec![
                submit("2023-07-20 09:00:00"),
                approve("zhao", "finance_bureau", "2023-07-20 10:00:00"),
            ],
        );
        let report = run_scenario(&scenario);
        assert_eq!(codes(&report.steps[1]), [Code::ApprovalInvalidTransition]);
        assert_eq!(report.final_state.status, None);
    }

    /// Every refusal of a step names a field within the scenario (a trial
    /// found a tick before the submission named none, and a second
    /// submission `command` rather than its step's).
    #[test]
    fn every_refusal_of_a_step_is_named_within_the_scenario() {
        let tick = |at: &str| json!({"at": at, "command": {"type": "tick"}});
        let scenario = regular(
            "4999.99",
            vec![
                tick("2023-07-20 08:00:00"),
                submit("2023-07-20 09:00:00"),
                submit("2023-07-20 10:00:00"),
                approve("zhao", "finance_bureau", "2023-07-20 11:00:00"),
                approve("stranger", "applicant", "2023-07-20 12:00:00"),
            ],
        );
        let report = run_scenario(&scenario);
        let fields: Vec<(usize, Option<String>)> = report
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, step)| match step {
                StepReport::Refused { errors } => Some((i, errors[0].field.clone())),
                StepReport::Accepted { .. } => None,
            })
            .collect();
        assert_eq!(
            fields,
            [
                (0, Some("steps[0].command".to_owned())),
                (2, Some("steps[2].command".to_owned())),
                (4, Some("steps[4].actor".to_owned())),
            ]
        );
    }
}
