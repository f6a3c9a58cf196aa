//! `route.*` and `approval.*`: the approval engine as operations. The state
//! travels with each call (the host stores applications and events), so
//! every operation is a pure function of its request: the same answers in
//! a portal, a browser page offline or a phone.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::approval::{
    Action, Actor, Allowed, Application, Completion, Context, Decision, Event, Fields, Filter,
    HistoryStep, ListKind, PresetOptions, Request, Route, RouteSource, RouteStage, SeededIds,
    Status,
};
use crate::error::{Code, Error, Problem, Violations};
use crate::subsidy::Format;

/// `route.preset`: a shipped route by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RoutePresetRequest {
    /// `procurement`, `seal`, `guest`, `personal`, `document`, `notice`,
    /// `announcement`, `leader_mailbox`, `okr`, `archive`, `product_listing`.
    pub name: String,
    /// Its parameters (the procurement threshold); absent: the defaults.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub options: Option<PresetOptions>,
}

/// Gives a shipped route, its parameters applied.
pub fn route_preset(request: RoutePresetRequest) -> Result<Route, Error> {
    if let Some(problem) =
        crate::approval::options_without_parameters(&request.name, request.options.as_ref())
    {
        return Err(Violations::from(problem).into());
    }
    let options = request.options.unwrap_or_default();
    crate::approval::preset_route(&request.name, &options).map_err(|problems| {
        let mut named = Violations::new();
        named.extend(problems.into_iter().map(|p| match p.field.as_deref() {
            Some("route") => p.at("name"),
            _ => p,
        }));
        Error::Invalid(named)
    })
}

/// `route.load`: a route document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RouteLoadRequest {
    /// The document (at most 1 MiB).
    #[serde(deserialize_with = "document")]
    pub text: String,
    /// `toml` or `json`.
    pub format: Format,
}

/// Reads a route and runs its static checks: the route, or every problem
/// (gaps, overlaps, unreachable branches, unresolvable approvers, return
/// targets), each naming the route and the stage.
pub fn route_load(request: RouteLoadRequest) -> Result<Route, Error> {
    // A problem with the document as a whole (its syntax, a key missing at
    // its top) is about the `text` that carried it, as `policy.load` says
    // of a policy's syntax; the rest name the key inside the document.
    Route::load(&request.text, request.format).map_err(|found| Error::from(found).at_input("text"))
}

fn document<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    crate::limits::Document::deserialize(d).map(|doc| doc.0)
}

/// `route.preview`: the branch an application would take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RoutePreviewRequest {
    /// The route, as a submission names it: a route object (from
    /// `route.preset` or `route.load`), a list of its versions, or a
    /// preset's name (`"procurement"`).
    pub route: RouteSource,
    /// A preset's parameters (`{"threshold": "5000.00",
    /// "threshold_inclusive": false}`); only with a preset's name.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub options: Option<PresetOptions>,
    /// The day (`YYYY-MM-DD`, Shanghai) of the submission previewed;
    /// default: the system date in Shanghai. Of a list of versions the one
    /// in force that day applies; a route not yet in force that day is
    /// refused (`route.not_in_force`), as the submission would be.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, with = "crate::time::option_date")]
    pub date: Option<NaiveDate>,
    /// The application's fields (`{"kind": "regular", "amount": "5000.00"}`).
    #[serde(default, deserialize_with = "crate::approval::field_text::field_texts")]
    pub fields: Fields,
}

/// The chosen branch of a route.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RoutePreview {
    /// The route's id.
    pub route: String,
    /// The route's display name (`政务采购 / 公共资源项目`).
    pub name: String,
    /// The version label of the route previewed (of several versions, the
    /// one in force on the request's `date`), if it has one.
    pub version: Option<String>,
    /// The branch's name.
    pub branch: String,
    /// The conditions that chose it, as people write them (`amount ≥ 5000.00`).
    pub chosen_by: Vec<String>,
    /// Its stages, in order.
    pub stages: Vec<RouteStage>,
    /// What the last stage's approval does: file (备案) or publish.
    pub on_complete: Completion,
    /// The fields as a submission keeps them: an amount as `6000.00`
    /// (given as `¥6,000`), a date as `2024-01-31`.
    pub fields: Fields,
}

/// Shows which branch an application with these fields takes, and why:
/// on a preset (its options applied), a route, or the version of a route
/// in force on `date`.
pub fn route_preview(request: RoutePreviewRequest) -> Result<RoutePreview, Error> {
    let source = crate::approval::checked_source(&request.route, request.options.as_ref())?;
    let today = request.date.unwrap_or_else(crate::time::today);
    let (route, _) = source.in_force_under(today, "route")?;
    let (branch, fields) = route.choose_kept(&request.fields)?;
    Ok(RoutePreview {
        route: route.id.clone(),
        name: route.name.clone(),
        version: route.version.clone(),
        branch: branch.name.clone(),
        chosen_by: branch.when.iter().map(|c| c.describe()).collect(),
        stages: branch.stages,
        on_complete: route.on_complete,
        fields,
    })
}

/// `approval.decide`: a command on an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct DecideRequest {
    /// The application as it stands (`null` to submit a new one).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub state: Option<Application>,
    /// Who asks what, with the client's request id.
    pub request: Request,
    /// Now: RFC 3339, or `YYYY-MM-DD HH:MM:SS` in Shanghai time.
    #[serde(with = "crate::time::instant_utc")]
    pub now: DateTime<Utc>,
    /// Random bits for the new ids (UUID v7), fresh for every call (53 bits
    /// are enough, and all a JavaScript number holds exactly).
    pub seed: u64,
}

/// What a command did.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Decided {
    /// The new events, in order (none for a retry).
    pub events: Vec<Event>,
    /// The application after them (an accepted command always leaves one).
    pub state: Application,
    /// True when this request was applied before: nothing new happened.
    pub retry: bool,
    /// The stream version after the events.
    pub version: u64,
}

/// Decides a command: the events and the new state, or why it is refused
/// (`approval.forbidden`: this actor may not; `approval.invalid_transition`:
/// nobody may, now).
pub fn approval_decide(request: DecideRequest) -> Result<Decided, Error> {
    if let Some(problem) = request
        .state
        .as_ref()
        .and_then(crate::approval::stored_inconsistency)
    {
        return Err(Error::from(problem));
    }
    let mut state = request.state;
    let decision = decide_in_place(&mut state, &request.request, request.now, request.seed)?;
    Ok(Decided {
        events: decision.events,
        state: state.ok_or_else(no_application)?,
        retry: decision.retry,
        version: decision.version,
    })
}

/// An accepted command that left no application: a defect, never an
/// answer (every accepted command starts from, or makes, one).
fn no_application() -> Problem {
    Problem::new(
        Code::Internal,
        None,
        "审批引擎内部出错：命令被接受却没有申请（这是缺陷，请报告）",
        "something failed inside the approval engine: an accepted command left no application (a bug; please report it)",
    )
}

/// `approval_decide` on an application the caller holds: its events are
/// applied to `state` in place, so a host (or a simulation) that keeps
/// the application in memory between commands never copies it. A refused
/// command leaves `state` as it was. Errors name fields as
/// `approval_decide` does (`request.…`, and `now`).
pub fn decide_in_place(
    state: &mut Option<Application>,
    request: &Request,
    now: DateTime<Utc>,
    seed: u64,
) -> Result<Decision, Error> {
    let mut ids = SeededIds::new(seed);
    let mut ctx = Context { now, ids: &mut ids };
    // The engine names fields within the command's request; here that
    // request sits at `request` (and `now` and `state` beside it).
    Ok(
        crate::approval::decide_held(state, request, &mut ctx).map_err(|p| {
            match p.field.clone() {
                Some(field) if field != "now" && !field.starts_with("state.") => {
                    p.at(format!("request.{field}"))
                }
                _ => p,
            }
        })?,
    )
}

/// `approval.tick`: what time does to an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct TickRequest {
    /// The application.
    pub state: Application,
    /// Now.
    #[serde(with = "crate::time::instant_utc")]
    pub now: DateTime<Utc>,
    /// Random bits for the new ids.
    pub seed: u64,
}

/// Gives reminders and applies timeouts that are due.
pub fn approval_tick(request: TickRequest) -> Result<Decided, Error> {
    let mut state = Some(request.state);
    let decision = tick_in_place(&mut state, request.now, request.seed)?;
    Ok(Decided {
        events: decision.events,
        state: state.ok_or_else(no_application)?,
        retry: false,
        version: decision.version,
    })
}

/// `approval_tick` on an application the caller holds: the reminders and
/// timeouts due are applied to `state` in place (see `decide_in_place`);
/// before submission (`None`) there is nothing to tick
/// (`approval.invalid_transition`).
pub fn tick_in_place(
    state: &mut Option<Application>,
    now: DateTime<Utc>,
    seed: u64,
) -> Result<Decision, Error> {
    let mut ids = SeededIds::new(seed);
    let mut ctx = Context { now, ids: &mut ids };
    let events = crate::approval::tick_held(state, &mut ctx)?;
    Ok(Decision {
        events,
        retry: false,
        version: state.as_ref().map_or(0, |a| a.version),
    })
}

/// `approval.replay`: an application rebuilt from its events, or a stored
/// application brought up to date with the events after it (`evolve`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ReplayRequest {
    /// Its events, in version order: from its submission (version 1), or
    /// when `state` is given, from the version after it.
    pub events: Vec<Event>,
    /// The application as stored, to apply `events` to (`evolve`, event by
    /// event); absent: rebuilt from the submission.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub state: Option<Application>,
}

/// The rebuilt application.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Replayed {
    /// The application (`null` for no events and no state).
    pub state: Option<Application>,
}

/// Rebuilds an application from its events, or applies the events after a
/// stored application to it; events that do not follow one another (see
/// `in_sequence`) are refused (`approval.invalid` at `events[i]`), and a
/// stored application no command could have left at the part at fault.
pub fn approval_replay(request: ReplayRequest) -> Result<Replayed, Error> {
    let ReplayRequest { events, state } = request;
    if let Some(problem) = state
        .as_ref()
        .and_then(crate::approval::stored_inconsistency)
    {
        return Err(Violations::from(problem).into());
    }
    in_sequence(&events, state.as_ref())?;
    let mut state = state;
    for event in &events {
        crate::approval::evolve_held(&mut state, event);
    }
    Ok(Replayed { state })
}

/// Refuses events that do not follow one another from `after` on (from
/// the submission when `None`): each the next version, all of one
/// application, none of an event schema newer than this library knows,
/// their times never running backwards.
fn in_sequence(events: &[Event], after: Option<&Application>) -> Result<(), Error> {
    let (first_version, application) = match after {
        Some(app) => (app.version.saturating_add(1), Some(app.id)),
        None => (1, events.first().map(|e| e.application)),
    };
    let mut latest = after.map(|app| app.updated_at);
    for (i, event) in events.iter().enumerate() {
        // Events of a schema this build does not know are not read as if
        // it did; and an application's history does not run backwards.
        if event.schema > crate::approval::EVENT_SCHEMA {
            return Err(Error::from(Problem::new(
                Code::ApprovalInvalid,
                Some(&format!("events[{i}].schema")),
                format!(
                    "第 {} 个事件的模式版本 `{}` 高于本库所知的 {}：请升级本库",
                    i + 1,
                    event.schema,
                    crate::approval::EVENT_SCHEMA
                ),
                format!(
                    "event {} is of schema `{}`, newer than the {} this library knows: upgrade it",
                    i + 1,
                    event.schema,
                    crate::approval::EVENT_SCHEMA
                ),
            )));
        }
        if latest.is_some_and(|t| event.at < t) {
            return Err(Error::from(Problem::new(
                Code::ApprovalInvalid,
                Some(&format!("events[{i}].at")),
                format!(
                    "第 {} 个事件的时间早于之前的事件：申请的历史不会倒流",
                    i + 1
                ),
                format!(
                    "event {} is earlier than the events before it: an application's history does not run backwards",
                    i + 1
                ),
            )));
        }
        latest = Some(event.at);
        let expected = u64::try_from(i)
            .unwrap_or(u64::MAX)
            .saturating_add(first_version);
        if event.version != expected || Some(event.application) != application {
            let (zh, en) = match after {
                None => (
                    format!("第 {} 个事件的版本或申请不连续", i + 1),
                    format!("event {} is out of order or of another application", i + 1),
                ),
                Some(_) => (
                    format!(
                        "第 {} 个事件不接续所给的申请：应为该申请的版本 {expected}",
                        i + 1
                    ),
                    format!(
                        "event {} does not follow the application given: version {expected} of that application was expected",
                        i + 1
                    ),
                ),
            };
            return Err(Error::from(Problem::new(
                Code::ApprovalInvalid,
                Some(&format!("events[{i}]")),
                zh,
                en,
            )));
        }
    }
    Ok(())
}

/// `approval.history`: an application's history (审批记录) from its events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct HistoryRequest {
    /// Its events, in version order, from its submission (version 1).
    pub events: Vec<Event>,
}

/// An application's history: a step per event, in order.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct History {
    /// The steps: when, who, what, at which stage, with what comment and
    /// files, and the step in one line in Chinese and in English.
    pub steps: Vec<HistoryStep>,
}

/// The steps of an application's history; events that do not follow one
/// another are refused as `approval.replay` refuses them.
pub fn approval_history(request: HistoryRequest) -> Result<History, Error> {
    in_sequence(&request.events, None)?;
    Ok(History {
        steps: crate::approval::history(&request.events),
    })
}

/// `approval.allowed`: what a person may do at `now`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct AllowedRequest {
    /// The application.
    pub state: Application,
    /// The person.
    pub actor: Actor,
    /// Now: RFC 3339, or `YYYY-MM-DD HH:MM:SS` in Shanghai time. A time
    /// before the application's last change allows nothing, as `decide`
    /// refuses every command then.
    #[serde(with = "crate::time::instant_utc")]
    pub now: DateTime<Utc>,
}

/// Every action, allowed or not and why.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AllowedActions {
    /// One entry per action.
    pub actions: Vec<Allowed>,
    /// The actions allowed, for quick tests.
    pub allowed: Vec<Action>,
}

/// Says what `actor` may do to the application at `now`, and why not the rest.
pub fn approval_allowed(request: AllowedRequest) -> Result<AllowedActions, Error> {
    let actions = crate::approval::allowed_actions(&request.state, &request.actor, request.now);
    let allowed = actions
        .iter()
        .filter(|a| a.allowed)
        .map(|a| a.action)
        .collect();
    Ok(AllowedActions { actions, allowed })
}

/// `approval.list`: a person's list over the applications given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ListRequest {
    /// The applications to look through.
    pub applications: Vec<Application>,
    /// The person.
    pub person: Actor,
    /// `todo` (待办), `done` (已办), `cc` (抄送我的) or `mine` (我的申请).
    pub list: ListKind,
    /// Filters.
    #[serde(default)]
    pub filter: Filter,
}

/// One line of a list.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ListedApplication {
    /// Its id.
    pub id: uuid::Uuid,
    /// Its name.
    pub name: String,
    /// Its route (type).
    pub route: String,
    /// Its applicant's id.
    pub applicant: String,
    /// Where it stands.
    pub status: Status,
    /// Where it stands in Chinese, in its route's words when the route has
    /// its own (`status_labels`: 已上架 for a listed product), else the
    /// engine's (审批中, 已备案, …): what a list shows.
    #[serde(default)]
    pub status_label: String,
    /// The current stage's name, while pending.
    pub stage: Option<String>,
    /// The current stage's id, while pending.
    pub stage_id: Option<String>,
    /// Submitted at.
    #[serde(with = "crate::time::instant_utc")]
    pub created_at: DateTime<Utc>,
}

/// A list, newest first.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApplicationList {
    /// The applications.
    pub applications: Vec<ListedApplication>,
}

/// 待办, 已办, 抄送我的 or 我的申请 of a person, filtered, newest first.
pub fn approval_list(request: ListRequest) -> Result<ApplicationList, Error> {
    // A damaged application is refused, not listed as work nobody can do.
    for (i, app) in request.applications.iter().enumerate() {
        if let Some(problem) = app.inconsistency() {
            let at = format!(
                "applications[{i}].{}",
                problem.field.as_deref().unwrap_or_default()
            );
            return Err(Error::from(problem.at(at)));
        }
    }
    // A window that ends before it starts holds nothing: a mistake (the
    // two dates swapped) that an empty list would hide.
    if let (Some(from), Some(to)) = (request.filter.created_from, request.filter.created_to)
        && to < from
    {
        let (from, to) = (
            crate::time::shanghai_text_exact(from.fixed_offset()),
            crate::time::shanghai_text_exact(to.fixed_offset()),
        );
        return Err(Error::from(crate::Problem::new(
            crate::Code::InvalidRequest,
            Some("filter.created_to"),
            format!(
                "`filter.created_to`（`{to}`，北京时间）早于 `filter.created_from`（`{from}`）"
            ),
            format!(
                "`filter.created_to` (`{to}`, Shanghai time) is before `filter.created_from` (`{from}`)"
            ),
        )));
    }
    let found = crate::approval::list(
        &request.applications,
        &request.person,
        request.list,
        &request.filter,
    );
    Ok(ApplicationList {
        applications: found
            .into_iter()
            .map(|app| ListedApplication {
                id: app.id,
                name: app.name.clone(),
                route: app.route.id.clone(),
                applicant: app.applicant.id.to_string(),
                status: app.status,
                status_label: app.status_label_zh().to_owned(),
                stage: (app.status == Status::Pending)
                    .then(|| app.current_stage().map(|s| s.name.clone()))
                    .flatten(),
                stage_id: (app.status == Status::Pending)
                    .then(|| app.current_stage().map(|s| s.id.clone()))
                    .flatten(),
                created_at: app.created_at,
            })
            .collect(),
    })
}

pub use crate::approval::{Scenario, ScenarioReport};

/// Plays a scenario (`flow.run`): a route (a preset by name, with its
/// options, or a route object), one application and the steps people and
/// time take, each at its moment. Answers every step's events and state or
/// refusal, where the application ended and everyone's to-do list, as a
/// host running the same commands would see them; a refused step changes
/// nothing and the run goes on. A route that does not pass its checks is
/// refused before any step, each problem under `route`.
pub fn flow_run(scenario: Scenario) -> Result<ScenarioReport, Error> {
    scenario.route()?;
    Ok(crate::approval::run_scenario(&scenario))
}
