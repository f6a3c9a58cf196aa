//! The approval engine: routes as data, and applications that run on them.
//!
//! Every review of the platforms (registration and certification, product
//! listing operator → expert → department, resource applications, reports)
//! and the town government's OA run on one engine configured with data
//! (DOMAIN §8, seed 003):
//!
//! - [`Route`]: stages in order, chosen by conditions on the application
//!   (`kind = regular`, `amount ≥ 5000.00`); each stage has approvers
//!   (named people, roles, roles scoped to the applicant's organisation or
//!   area, a person the applicant picks, the applicant's supervising
//!   leader) and a mode: single, 或签 (`any`), 会签 (`all`), 依次
//!   (`sequential`), 票签 (`vote`, with a pass ratio and a veto). Routes
//!   load from TOML or JSON and are checked statically ([`check()`]).
//! - [`decide()`]: a command by an actor → events, or a refusal that says
//!   `approval.forbidden` (this actor may not) or
//!   `approval.invalid_transition` (nobody may, now); [`evolve()`] applies
//!   an event; [`replay()`] rebuilds an application from its events;
//!   [`tick()`] gives reminders and timeouts; [`allowed_actions()`] says
//!   what an actor may do now and why not the rest.
//! - [`list()`]: 待办, 已办, 抄送我的, 我的申请, filtered.
//! - [`preset_route()`]: the town OA's routes shipped with the crate.
//!
//! Pure: no I/O, no clock, no randomness (the time and ids come in a
//! [`Context`]).

mod check;
mod decide;
pub(crate) mod field_text;
mod fingerprint;
mod history;
mod id;
mod inline_route;
mod lists;
mod people;
mod presets;
mod request_log;
mod route;
mod scenario;
mod source;
mod state;

pub use check::check;
pub(crate) use decide::stored_inconsistency;
pub use decide::{
    Action, Allowed, Command, Context, Decision, IdSource, Request, SeededIds, SignerPosition,
    allowed_actions, decide, decide_held, permit, tick, tick_held,
};
pub use fingerprint::Fingerprint;
pub use history::{HistoryStep, StageRef, StepAction, history};
pub use id::Id;
pub use inline_route::InlineRoute;
pub use lists::{Filter, ListKind, awaits, list};
pub(crate) use presets::options_without_parameters;
pub use presets::{PresetOptions, preset_route, preset_route_names};
pub use route::{
    ApplicantApprover, Approver, Branch, Completion, Condition, FieldType, FieldTypes, Fields,
    Mode, NoApprover, ResubmitTo, Route, RouteStage, Scope, TimeoutAction,
};
pub use scenario::{
    DEFAULT_SEED, FinalState, Scenario, ScenarioApplication, ScenarioReport, ScenarioRoute, Step,
    StepCommand, StepReport, TodoItem, TodoLists, run_scenario,
};
pub(crate) use source::checked as checked_source;
pub use source::{RouteSource, versions_problem};
pub use state::{
    Actor, Application, AutoReason, Candidate, Change, EVENT_SCHEMA, Event, MAX_VERSION, People,
    RequestLog, RequestRef, RouteSnapshot, SharedRoute, Slot, SlotDecision, Status, Upload, evolve,
    evolve_held, replay,
};

#[cfg(test)]
mod tests;
