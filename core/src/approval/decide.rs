//! `decide`: what a command by an actor does to an application, as events,
//! or why it is refused; `tick`: what time does (reminders, timeouts);
//! `allowed_actions`: what an actor may do now, and why not the rest.
//!
//! Pure: the clock and the ids come in through [`Context`]; nothing here
//! reads the system. A refusal changes nothing (the state is not touched;
//! the state after a command's first events is built on a copy, and only
//! when a rule has to read it).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::fingerprint::{fingerprint, same_command};
use super::id::Id;
use super::route::{
    ApplicantApprover, Approver, Fields, Mode, NoApprover, ResubmitTo, Route, RouteStage, Scope,
    TimeoutAction,
};
use super::source::RouteSource;
use super::state::{
    Actor, Application, AutoReason, Candidate, Change, EVENT_SCHEMA, Event, MAX_VERSION, People,
    RequestLog, RequestRef, RouteSnapshot, Slot, Status, evolve, evolve_held,
};
use crate::error::{Code, Problem, echo};

/// Where an added signer (加签) goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SignerPosition {
    /// Before the adder: they decide first, then the adder.
    Before,
    /// After the adder: once the adder approves, they decide too.
    After,
    /// Alongside the adder, as one more slot of the stage.
    Parallel,
}

crate::decode::tagged_enum! {
    /// A command on an application.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
    #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
    #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
    #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
    pub enum Command decode as CommandVariants(
        remote = "Command", rename_all = "snake_case", deny_unknown_fields
    ) {
        /// Submits a new application on `route`.
        Submit {
            /// The route (the branch is chosen from the fields): one route, its
            /// versions (the one in force today applies), or a preset's name.
            route: RouteSource,
            /// The application's name.
            name: String,
            /// Its fields (text: an amount as `"5000.00"`).
            #[serde(default, deserialize_with = "super::field_text::field_texts")]
            fields: Fields,
            /// People picked for the route's `picks`.
            #[serde(default)]
            picks: Fields,
        },
        /// Approves (同意).
        Approve {
            /// Comment.
            #[serde(default)]
            comment: Option<String>,
            /// Attachments.
            #[serde(default)]
            attachments: Vec<String>,
            /// Fields the stage sets: every one of its `sets_fields` that
            /// holds no value yet, and any of its `may_set_fields`.
            #[serde(default, deserialize_with = "super::field_text::field_texts")]
            fields: Fields,
        },
        /// Rejects (驳回): ends the application, or counts as a vote against.
        Reject {
            /// The reason (驳回理由): required, not blank (`field.required`),
            /// unless the stage says `reason_required = false`.
            #[serde(default)]
            comment: Option<String>,
            /// Attachments.
            #[serde(default)]
            attachments: Vec<String>,
        },
        /// 退回 to the applicant (`to` absent) or to an earlier stage.
        Return {
            /// The earlier stage's id.
            #[serde(default)]
            to: Option<String>,
            /// The reason (退回理由): required, not blank (`field.required`),
            /// unless the stage says `reason_required = false`.
            #[serde(default)]
            comment: Option<String>,
            /// Attachments (退回说明's images and files).
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            attachments: Vec<String>,
        },
        /// 撤回 by the applicant.
        Withdraw {
            /// Comment.
            #[serde(default)]
            comment: Option<String>,
        },
        /// Resubmits after a return, with edited fields and picks if given.
        Resubmit {
            /// The fields edited (each replaces its old value; the rest stay).
            #[serde(default, deserialize_with = "super::field_text::optional_field_texts")]
            fields: Option<Fields>,
            /// Comment.
            #[serde(default)]
            comment: Option<String>,
            /// People picked anew (自选审批人), by the route's pick: each
            /// replaces the one picked before, the rest stay. They decide
            /// the stages the resubmission starts from on (absent when none,
            /// so earlier requests' fingerprints read alike).
            #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
            picks: Fields,
        },
        /// 转办: hands the actor's slot to another person.
        Transfer {
            /// Person id.
            to: Id,
            /// Comment.
            #[serde(default)]
            comment: Option<String>,
        },
        /// 委派: asks another person to advise; the slot comes back.
        Delegate {
            /// Person id.
            to: Id,
            /// Comment.
            #[serde(default)]
            comment: Option<String>,
        },
        /// 加签.
        AddSigner {
            /// Person id.
            person: Id,
            /// Where.
            position: SignerPosition,
        },
        /// 减签: removes a signer the actor added, before they decide.
        RemoveSigner {
            /// Person id.
            person: Id,
        },
        /// 抄送.
        Cc {
            /// Person ids.
            people: Vec<Id>,
        },
        /// 催办. (A variant with braces, so `{"type": "remind", "x": 1}` is
        /// refused like any other unknown key; serde lets unit variants pass.)
        Remind {},
        /// Uploads files of a kind the current stage needs.
        Upload {
            /// The kind (`meeting_minutes`).
            kind: String,
            /// The files (host references).
            files: Vec<String>,
        },
        /// Delists (下架) a published application: its applicant, or a
        /// holder of one of the route's `delist_roles`.
        Delist {
            /// Why.
            #[serde(default)]
            comment: Option<String>,
        },
    }
}

/// The kinds of command, for `allowed_actions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Approve.
    Approve,
    /// Reject.
    Reject,
    /// Return.
    Return,
    /// Withdraw.
    Withdraw,
    /// Resubmit.
    Resubmit,
    /// Transfer.
    Transfer,
    /// Delegate.
    Delegate,
    /// Add a signer.
    AddSigner,
    /// Remove a signer.
    RemoveSigner,
    /// Copy.
    Cc,
    /// Remind.
    Remind,
    /// Upload.
    Upload,
    /// Delist (下架) once published.
    Delist,
}

impl Action {
    /// Every action on an existing application.
    pub const ALL: [Action; 13] = [
        Action::Approve,
        Action::Reject,
        Action::Return,
        Action::Withdraw,
        Action::Resubmit,
        Action::Transfer,
        Action::Delegate,
        Action::AddSigner,
        Action::RemoveSigner,
        Action::Cc,
        Action::Remind,
        Action::Upload,
        Action::Delist,
    ];

    /// Its name, the `type` of its command (`add_signer`).
    pub fn name(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Return => "return",
            Action::Withdraw => "withdraw",
            Action::Resubmit => "resubmit",
            Action::Transfer => "transfer",
            Action::Delegate => "delegate",
            Action::AddSigner => "add_signer",
            Action::RemoveSigner => "remove_signer",
            Action::Cc => "cc",
            Action::Remind => "remind",
            Action::Upload => "upload",
            Action::Delist => "delist",
        }
    }
}

impl Command {
    /// Its kind (`None` for a submission).
    pub fn action(&self) -> Option<Action> {
        Some(match self {
            Command::Submit { .. } => return None,
            Command::Approve { .. } => Action::Approve,
            Command::Reject { .. } => Action::Reject,
            Command::Return { .. } => Action::Return,
            Command::Withdraw { .. } => Action::Withdraw,
            Command::Resubmit { .. } => Action::Resubmit,
            Command::Transfer { .. } => Action::Transfer,
            Command::Delegate { .. } => Action::Delegate,
            Command::AddSigner { .. } => Action::AddSigner,
            Command::RemoveSigner { .. } => Action::RemoveSigner,
            Command::Cc { .. } => Action::Cc,
            Command::Remind {} => Action::Remind,
            Command::Upload { .. } => Action::Upload,
            Command::Delist { .. } => Action::Delist,
        })
    }
}

/// Where ids come from: the host injects them (UUID v7 from its clock and
/// randomness), so the core stays pure and tests are repeatable.
pub trait IdSource {
    /// A new id for something made at `at`.
    fn next_id(&mut self, at: DateTime<Utc>) -> Uuid;
}

/// UUID v7 ids from a seed: the timestamp from `at`, the random bits from
/// a SplitMix64 sequence. Hosts seed it from their own randomness; tests
/// from a constant.
#[derive(Clone, Debug)]
pub struct SeededIds {
    state: u64,
    /// The instant last asked for, with its Unix milliseconds: a command's
    /// events are all made at one.
    last: Option<(DateTime<Utc>, u64)>,
}

impl SeededIds {
    /// A sequence starting from `seed`.
    pub fn new(seed: u64) -> SeededIds {
        SeededIds {
            state: seed,
            last: None,
        }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl IdSource for SeededIds {
    fn next_id(&mut self, at: DateTime<Utc>) -> Uuid {
        let millis = match self.last {
            Some((when, millis)) if when == at => millis,
            _ => {
                let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
                self.last = Some((at, millis));
                millis
            }
        };
        let (a, b) = (self.next(), self.next());
        v7(millis, a, b)
    }
}

/// The UUID v7 that `uuid::Builder::from_unix_timestamp_millis` makes from
/// `millis` and the random bytes of `a` (all eight, big-endian) and of `b`
/// (its first two), put together as two words rather than byte by byte (a
/// command makes two ids or so: ≈ 55 instructions a command less). A
/// property test holds it to the builder's.
fn v7(millis: u64, a: u64, b: u64) -> Uuid {
    // Bytes 0–5: the 48-bit milliseconds; 6–7: version 7, then the first
    // random byte's low half and the second byte.
    let high = ((millis & 0xFFFF_FFFF_FFFF) << 16) | 0x7000 | ((a >> 48) & 0x0FFF);
    // Byte 8: the variant (0b10), then the third byte's low six bits;
    // 9–13: the rest of `a`; 14–15: the first two bytes of `b`.
    let low = (0x80 | ((a >> 40) & 0x3F)) << 56 | ((a & 0xFF_FFFF_FFFF) << 16) | (b >> 48);
    Uuid::from_u64_pair(high, low)
}

#[cfg(test)]
mod v7_tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn v7_is_the_builders(millis in any::<u64>(), a in any::<u64>(), b in any::<u64>()) {
            let (x, y) = (a.to_be_bytes(), b.to_be_bytes());
            let random = [x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], y[0], y[1]];
            let built = uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid();
            prop_assert_eq!(super::v7(millis, a, b), built);
        }
    }
}

/// What `decide` and `tick` are given besides the state: the time and
/// where ids come from.
pub struct Context<'a> {
    /// Now (UTC).
    pub now: DateTime<Utc>,
    /// Ids for new applications and events.
    pub ids: &'a mut dyn IdSource,
}

/// A command as a client sends it: who, what, and a request id that makes
/// retries safe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The client's request id: the same id again is a retry.
    pub request_id: Id,
    /// Who gives the command.
    pub actor: Actor,
    /// The command.
    pub command: Command,
}

/// What `decide` answers when it accepts.
// In Python a host deciding command after command makes one of these and
// drops the last: freed ones are kept for reuse (pyo3's free list) rather
// than each allocated and registered with the collector anew. Its `==` is
// written by hand (`ffi::python::classes`): pyo3 0.30.1 writes no comma
// between `eq`'s slot and the free list's, which does not compile.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, module = "huiqi", freelist = 16)
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Decision {
    /// The new events, in order (none for a retry).
    pub events: Vec<Event>,
    /// True when the request was applied before: nothing new happened.
    pub retry: bool,
    /// The stream version after the events.
    pub version: u64,
}

fn problem(code: Code, field: Option<&str>, zh: String, en: String) -> Problem {
    Problem::new(code, field, zh, en)
}

fn forbidden(zh: &str, en: &str) -> Problem {
    problem(
        Code::ApprovalForbidden,
        Some("actor"),
        format!("无权操作：{zh}"),
        format!("forbidden: {en}"),
    )
}

/// Nobody may, with `app` where it stands: its status in its route's words.
fn invalid_transition(app: &Application, zh: &str, en: &str) -> Problem {
    problem(
        Code::ApprovalInvalidTransition,
        Some("command"),
        format!("申请当前为{}，{zh}", app.status_label_zh()),
        format!("the application is {}: {en}", app.status.label_en()),
    )
    .with_detail(serde_json::json!({ "status": app.status }))
}

/// More events than one command makes, and more slots than it opens: both
/// are bounded by its route (50 stages, each of at most 100 slots with the
/// signers added) and the lists an application keeps.
const EVENTS_OF_A_COMMAND: u64 = 1 << 32;
const SLOTS_OF_A_COMMAND: u32 = 1 << 16;

/// Refuses a command on `app` when its events could take the version past
/// [`MAX_VERSION`], or its new slots' ids past `u32::MAX`, before any is
/// made: from that far below, none can. So no command saturates a counter
/// (answering one version twice, or giving two slots one id), none leaves
/// a state the engine would refuse, and none is half applied to a held
/// state. (No stream comes near: a state passed in so near was made by
/// hand.)
fn room_to_advance(app: &Application) -> Result<(), Problem> {
    let (field, value, max) = if app.version > MAX_VERSION - EVENTS_OF_A_COMMAND {
        ("state.version", app.version, MAX_VERSION)
    } else if app.next_slot > u32::MAX - SLOTS_OF_A_COMMAND {
        (
            "state.next_slot",
            u64::from(app.next_slot),
            u64::from(u32::MAX),
        )
    } else {
        return Ok(());
    };
    Err(problem(
        Code::InvalidRequest,
        Some(field),
        format!("`{field}` 为 `{value}`，离上限 `{max}` 太近，申请不能再推进"),
        format!(
            "`{field}` is `{value}`, too near its largest, `{max}`, for the application to advance"
        ),
    ))
}

/// Decides `request` against `state` (`None` before submission): the
/// events it causes, or why it is refused. `forbidden` (this actor may
/// not) is told from `invalid_transition` (nobody may, in this state).
pub fn decide(
    state: Option<&Application>,
    request: &Request,
    ctx: &mut Context<'_>,
) -> Result<Decision, Problem> {
    // A state from outside (storage, a request) is checked for what no
    // command could have left, as strict reading checks its shape.
    if let Some(problem) = state.and_then(stored_inconsistency) {
        return Err(problem);
    }
    let mut out = Emitter::new(state, ctx);
    if let Some(retry) = accept(state, request, &mut out)? {
        return Ok(retry);
    }
    finish_on_copy(state, &mut out)?;
    Ok(out.decision())
}

/// `decide` on an application the caller holds: the command's events are
/// applied to `state` as they are decided, with no copy of it. The held
/// state is trusted as the engine left it: one that came from outside is
/// checked when it comes in (`Application::inconsistency`, as
/// `approval_decide` and `ApprovalStream` do), not at every command. A refused
/// command leaves `state` as it was (every refusal comes before the first
/// event is applied); only a defect in the engine (`internal`) found while
/// working out an accepted command's consequences can leave it part way.
pub fn decide_held(
    state: &mut Option<Application>,
    request: &Request,
    ctx: &mut Context<'_>,
) -> Result<Decision, Problem> {
    // The emitter is made here and lent, not made by `accept` and
    // returned: it is a couple of hundred bytes, and each return moved it.
    let mut out = Emitter::new(state.as_ref(), ctx);
    if let Some(retry) = accept(state.as_ref(), request, &mut out)? {
        return Ok(retry);
    }
    finish_held(state, &mut out)?;
    Ok(out.decision())
}

/// Decides `request` against `state` into `out` (made for it, with no
/// events yet): every refusal, and the command's own events; a retry's
/// answer when it is a retry.
fn accept(
    state: Option<&Application>,
    request: &Request,
    out: &mut Emitter<'_, '_>,
) -> Result<Option<Decision>, Problem> {
    // An empty id would log every such request as one, and an empty actor
    // would stand for nobody.
    not_blank(&request.request_id, "request_id")?;
    not_blank(&request.actor.id, "actor.id")?;
    people_visible(request)?;
    keepable_now(out.now)?;
    if let Some(app) = state
        && let Some(seen) = app.requests.get(&request.request_id)
    {
        return if same_command(seen, request) {
            Ok(Some(Decision {
                events: Vec::new(),
                retry: true,
                version: app.version,
            }))
        } else {
            Err(problem(
                Code::ApprovalRequestReused,
                Some("request_id"),
                format!("请求号 `{}` 已用于另一条指令", echo(&request.request_id)),
                format!(
                    "request id `{}` was used for a different command",
                    echo(&request.request_id)
                ),
            ))
        };
    }
    if let Some(app) = state {
        not_before_last_change(app, out.now)?;
        room_to_advance(app)?;
    }
    // Refuse before hashing or copying anything: a refusal is the common
    // answer to a stranger and should cost next to nothing.
    let slot = match (state, request.command.action()) {
        (Some(app), Some(action)) => permitted_slot(app, &request.actor, action)?,
        _ => None,
    };
    out.request = Some(RequestRef {
        id: request.request_id.clone(),
        fingerprint: fingerprint(request),
    });
    out.actor = Some(request.actor.id.clone());
    match (&request.command, state) {
        (
            Command::Submit {
                route,
                name,
                fields,
                picks,
            },
            None,
        ) => submit(out, route, name, fields, picks, &request.actor)?,
        (Command::Submit { .. }, Some(app)) => {
            return Err(invalid_transition(
                app,
                "已经提交过",
                "it was submitted already",
            ));
        }
        (_, None) => return Err(not_submitted(Some("command"))),
        (command, Some(app)) => act(out, app, command, &request.actor, slot)?,
    }
    Ok(None)
}

/// `app`'s inconsistency (`Application::inconsistency`), at `state.…` as
/// the operations name the application they are given.
pub(crate) fn stored_inconsistency(app: &Application) -> Option<Problem> {
    app.inconsistency().map(|p| {
        let at = format!("state.{}", p.field.as_deref().unwrap_or_default());
        p.at(at)
    })
}

/// The people a request names (the actor, the picks, whom a slot is handed
/// or a copy sent to) are person ids: one typed with a space or an
/// invisible character (`"wang "`, a zero-width space) names nobody the
/// portal knows, and a slot given to it would wait for ever. Refused as
/// every identifier a person types is (`field.charset`).
fn people_visible(request: &Request) -> Result<(), Problem> {
    let check = |id: &str, field: &dyn Fn() -> String| {
        super::route::person_id_problem(id, &field).map_or(Ok(()), Err)
    };
    check(&request.actor.id, &|| "actor.id".to_owned())?;
    // Roles are matched as written too: a role with a zero-width space is
    // one no stage asks for.
    for (i, role) in request.actor.roles.iter().enumerate() {
        if let Some(problem) =
            crate::validate::check_visible(role, &format!("actor.roles[{i}]"), "角色", "a role")
        {
            return Err(problem);
        }
    }
    match &request.command {
        Command::Submit { picks, .. } | Command::Resubmit { picks, .. } => {
            for (slot, person) in picks {
                check(person, &|| format!("command.picks.{slot}"))?;
            }
        }
        Command::Transfer { to, .. } | Command::Delegate { to, .. } => {
            not_blank(to, "command.to")?;
            check(to, &|| "command.to".to_owned())?;
        }
        Command::AddSigner { person, .. } | Command::RemoveSigner { person } => {
            not_blank(person, "command.person")?;
            check(person, &|| "command.person".to_owned())?;
        }
        Command::Cc { people } => {
            for (i, person) in people.iter().enumerate() {
                check(person, &|| format!("command.people[{i}]"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// `slot`, when its holder takes it by acting on it (委派, 加签): a slot
/// of a role nobody has taken yet (认领, `Slot::claimed_by`).
fn takes_by_acting(app: &Application, slot: u32) -> Option<u32> {
    app.slots
        .iter()
        .find(|s| s.id == slot)
        .filter(|s| s.claimed_by.is_none() && matches!(s.candidate, Candidate::Role { .. }))
        .map(|s| s.id)
}

/// An id at `field` (a request's, an actor's, a person a command names)
/// is not blank: a blank names nobody (`field.required`).
fn not_blank(id: &str, field: &str) -> Result<(), Problem> {
    if crate::validate::is_blank(id) {
        return Err(problem(
            Code::Required,
            Some(field),
            format!("`{field}` 不能为空"),
            format!("`{field}` must not be empty"),
        ));
    }
    Ok(())
}

/// The earlier stages the current stage `stage` of `app` returns to, by
/// id: its `return_to`, or every earlier stage.
fn return_targets<'a>(app: &'a Application, stage: &RouteStage) -> Vec<&'a str> {
    app.route
        .stages
        .iter()
        .take(app.stage as usize)
        .filter(|s| stage.return_to.is_empty() || stage.return_to.contains(&s.id))
        .map(|s| s.id.as_str())
        .collect()
}

/// The fields of `distinct` name different people in `fields` (what the
/// application will hold); refused at the field `given` sets that repeats
/// an earlier one (`approval.invalid`): nobody reviews their own work.
fn distinct_people(distinct: &[String], fields: &Fields, given: &Fields) -> Result<(), Problem> {
    let named = |name: &String| fields.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    for (i, name) in distinct.iter().enumerate() {
        let Some(person) = named(name) else { continue };
        let Some(other) = distinct
            .iter()
            .take(i)
            .find(|earlier| named(earlier) == Some(person))
        else {
            continue;
        };
        // Named where the request gave it, else at the later field.
        let at = if given.contains_key(name) || !given.contains_key(other) {
            name
        } else {
            other
        };
        return Err(problem(
            Code::ApprovalInvalid,
            Some(&format!("command.fields.{at}")),
            format!(
                "`{}` 与 `{}` 不能是同一人（`{}`）：不能审核自己的工作",
                echo(other),
                echo(name),
                echo(person)
            ),
            format!(
                "`{}` and `{}` cannot be the same person (`{}`): nobody reviews their own work",
                echo(other),
                echo(name),
                echo(person)
            ),
        ));
    }
    Ok(())
}

/// True when an approver or a copy of some stage of `stages` `is` so.
fn any_approver(stages: &[RouteStage], is: impl Fn(&Approver) -> bool) -> bool {
    stages
        .iter()
        .any(|s| s.approvers.iter().chain(&s.cc).any(&is))
}

/// The person ids an application's fields give its approvers (a stage's
/// `Approver::Field`, approver or copy), as every person id: a slot for
/// `"unit 1"` or `"li\u{200b}"` would wait for ever.
fn approver_fields_visible(stages: &[RouteStage], fields: &Fields) -> Result<(), Problem> {
    for (name, person) in fields {
        let names_someone = any_approver(stages, |a| matches!(a, Approver::Field(f) if f == name));
        // A blank is no value: refused, or unresolvable, where it is read.
        if names_someone
            && !person.trim().is_empty()
            && let Some(problem) =
                super::route::person_id_problem(person, &|| format!("command.fields.{name}"))
        {
            return Err(problem);
        }
    }
    Ok(())
}

/// `applicant` holds one of `roles`, when it names any: else forbidden,
/// saying what they may not submit (`zh`, `en`: on the route, or the kind
/// of application its branch is).
fn may_submit(roles: &[String], applicant: &Actor, zh: &str, en: &str) -> Result<(), Problem> {
    if roles.is_empty() || applicant.roles.iter().any(|r| roles.iter().any(|q| r == q)) {
        return Ok(());
    }
    let en_roles = roles
        .iter()
        .map(|r| format!("`{}`", echo(r)))
        .collect::<Vec<_>>()
        .join(", ");
    Err(forbidden(
        &format!(
            "只有{}可以提交{zh}",
            super::route::ticked(roles.iter().map(String::as_str))
        ),
        &format!("only {en_roles} may submit {en}"),
    ))
}

/// Every field of `missing` in one refusal (`field.required` at the
/// first, `detail.missing` listing them all), so a form can ask for all of
/// them at once; `zh` and `en` word it from the fields named (and, in
/// English, how many).
fn all_missing(
    missing: &[&String],
    zh: impl FnOnce(&str) -> String,
    en: impl FnOnce(&str, usize) -> String,
) -> Result<(), Problem> {
    let Some(first) = missing.first() else {
        return Ok(());
    };
    let named: Vec<String> = missing.iter().map(|n| format!("`{}`", echo(n))).collect();
    Err(problem(
        Code::Required,
        Some(&format!("command.fields.{first}")),
        zh(&named.join("、")),
        en(&named.join(", "), missing.len()),
    )
    .with_detail(serde_json::json!({ "missing": missing })))
}

/// Nothing but a submission is taken before there is an application.
pub(crate) fn not_submitted(field: Option<&str>) -> Problem {
    problem(
        Code::ApprovalInvalidTransition,
        field,
        "申请尚未提交".into(),
        "the application has not been submitted".into(),
    )
}

/// `now` must be an instant that can be kept (`time::keepable`): every
/// event carries it.
fn keepable_now(now: DateTime<Utc>) -> Result<(), Problem> {
    if crate::time::keepable(now) {
        return Ok(());
    }
    let text = now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    Err(crate::time::not_keepable(&text, now).at("now".to_owned()))
}

/// An application's history does not run backwards: a command or a tick
/// at `now` before its last change is refused (`approval.invalid` at
/// `now`), as `flow run` refuses a scenario whose steps do. Events are
/// ordered by their version; a host whose instances share applications
/// should take `now` from one clock (the database's).
fn not_before_last_change(app: &Application, now: DateTime<Utc>) -> Result<(), Problem> {
    if now >= app.updated_at {
        return Ok(());
    }
    // Exact to the microsecond: two times within one second would
    // otherwise read as the same.
    let (now, last) = (
        crate::time::shanghai_text_exact(now.fixed_offset()),
        crate::time::shanghai_text_exact(app.updated_at.fixed_offset()),
    );
    Err(problem(
        Code::ApprovalInvalid,
        Some("now"),
        format!("时间 `{now}`（北京时间）早于申请最近一次变更（`{last}`）；申请的历史不能倒流"),
        format!(
            "`{now}` (Shanghai time) is before the application's last change (`{last}`); an application's history does not run backwards"
        ),
    ))
}

/// Collects a command's events while it is decided against the state it
/// was given. Every refusal happens here, before anything is applied.
///
/// What the accepted command leaves to be worked out from the state after
/// its events (a stage that may be complete, a stage to start) is noted in
/// `then` and worked out by [`consequences`], on a copy (`decide`) or on
/// the held application itself (`decide_held`).
struct Emitter<'a, 'b> {
    /// The version of the state the command was decided against.
    base_version: u64,
    events: Vec<Event>,
    /// Room for the events the command will make, made at its first: one,
    /// unless it says more before then ([`Emitter::expect`]).
    room: usize,
    /// The accepted command's request and actor (`accept` sets them),
    /// taken by its first event and copied by the rest.
    request: Option<RequestRef>,
    actor: Option<Id>,
    now: DateTime<Utc>,
    ids: &'a mut (dyn IdSource + 'b),
    application: Option<Uuid>,
    then: Then,
}

/// What an accepted command leaves to the state after its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Then {
    Done,
    /// Complete, fail or move on from the current stage as it is decided.
    Settle,
    /// Start this stage.
    Start(u32),
}

impl<'a, 'b> Emitter<'a, 'b> {
    /// An emitter for a command on `base`, with no events yet; the
    /// command's request and actor are set once it is accepted (`tick`'s
    /// events have neither).
    fn new(base: Option<&Application>, ctx: &'a mut Context<'b>) -> Emitter<'a, 'b> {
        Emitter {
            base_version: base.map_or(0, |a| a.version),
            // Most commands make one event: room for it, and no more (an
            // event is hundreds of bytes), unless told otherwise before it.
            events: Vec::new(),
            room: 1,
            request: None,
            actor: None,
            now: ctx.now,
            ids: ctx.ids,
            application: base.map(|a| a.id),
            then: Then::Done,
        }
    }
}

impl Emitter<'_, '_> {
    /// The stream version after the first `emitted` new events.
    fn version(&self, emitted: usize) -> u64 {
        self.base_version
            .saturating_add(u64::try_from(emitted).unwrap_or(u64::MAX))
    }

    /// The command will make about `events` events: room for them at the
    /// first, so that the list is not moved as it grows (a stage passing
    /// makes three or more).
    fn expect(&mut self, events: usize) {
        self.room = self.room.max(events);
    }

    fn emit(&mut self, change: Change) {
        if self.events.capacity() == 0 {
            self.events.reserve_exact(self.room);
        }
        let application = match self.application {
            Some(id) => id,
            None => {
                let id = self.ids.next_id(self.now);
                self.application = Some(id);
                id
            }
        };
        // The first event takes the command's request and actor; later
        // ones copy them from it (most commands make one event).
        let (actor, request) = match self.events.last() {
            Some(first) => (first.actor.clone(), first.request.clone()),
            None => (self.actor.take(), self.request.take()),
        };
        let event = Event {
            id: self.ids.next_id(self.now),
            application,
            version: self.version(self.events.len().saturating_add(1)),
            at: self.now,
            actor,
            request,
            schema: EVENT_SCHEMA,
            change,
        };
        self.events.push(event);
    }

    fn decision(self) -> Decision {
        let version = self.version(self.events.len());
        Decision {
            events: self.events,
            retry: false,
            version,
        }
    }
}

/// The application after an accepted command's events so far, kept
/// current as its consequences add theirs. Only a defect fails here.
struct Live<'e, 'a, 'b> {
    out: &'e mut Emitter<'a, 'b>,
    app: &'e mut Option<Application>,
}

impl Live<'_, '_, '_> {
    fn app(&self) -> Result<&Application, Problem> {
        self.app.as_ref().ok_or_else(internal)
    }

    fn emit(&mut self, change: Change) {
        self.out.emit(change);
        if let Some(event) = self.out.events.last() {
            evolve_held(self.app, event);
        }
    }
}

/// Works out what the accepted command left (`out.then`) on `state`, the
/// application with `out`'s events applied; their events are applied too.
fn consequences(out: &mut Emitter<'_, '_>, state: &mut Option<Application>) -> Result<(), Problem> {
    let then = std::mem::replace(&mut out.then, Then::Done);
    let mut live = Live { out, app: state };
    match then {
        Then::Done => Ok(()),
        Then::Settle => settle(&mut live),
        Then::Start(index) => start_stage(&mut live, index, None),
    }
}

/// `out`'s events and consequences when the caller keeps `base` as it was:
/// the consequences are worked out on a copy, made only when there are
/// some (most commands leave none).
fn finish_on_copy(base: Option<&Application>, out: &mut Emitter<'_, '_>) -> Result<(), Problem> {
    if out.then == Then::Done {
        return Ok(());
    }
    let mut scratch = base.map(working_copy);
    for event in &out.events {
        scratch = evolve(scratch, event);
    }
    consequences(out, &mut scratch)
}

/// `out`'s events applied to the held `state`, and its consequences worked
/// out there, with no copy.
fn finish_held(state: &mut Option<Application>, out: &mut Emitter<'_, '_>) -> Result<(), Problem> {
    for event in &out.events {
        evolve_held(state, event);
    }
    consequences(out, state)
}

/// A copy of `app` for deciding the rest of a command: all of it but the
/// request log, which grows with every command and is read only from the
/// state the command was decided against.
fn working_copy(app: &Application) -> Application {
    let Application {
        id,
        name,
        route,
        fields,
        picks,
        applicant,
        created_at,
        updated_at,
        status,
        stage,
        stage_started_at,
        reminder_given,
        timed_out,
        slots,
        next_slot,
        returned_from,
        uploads,
        stage_uploads_from,
        cc,
        deciders,
        version,
        requests: _,
    } = app;
    Application {
        id: *id,
        name: name.clone(),
        route: route.clone(),
        fields: fields.clone(),
        picks: picks.clone(),
        applicant: applicant.clone(),
        created_at: *created_at,
        updated_at: *updated_at,
        status: *status,
        stage: *stage,
        stage_started_at: *stage_started_at,
        reminder_given: *reminder_given,
        timed_out: *timed_out,
        slots: slots.clone(),
        next_slot: *next_slot,
        returned_from: *returned_from,
        uploads: uploads.clone(),
        stage_uploads_from: *stage_uploads_from,
        cc: cc.clone(),
        deciders: deciders.clone(),
        version: *version,
        requests: RequestLog::new(),
    }
}

fn internal() -> Problem {
    problem(
        Code::Internal,
        None,
        "审批引擎内部出错（这是缺陷，请报告）".into(),
        "something failed inside the approval engine (a bug; please report it)".into(),
    )
}

fn submit(
    out: &mut Emitter<'_, '_>,
    source: &RouteSource,
    name: &str,
    fields: &Fields,
    picks: &BTreeMap<String, String>,
    applicant: &Actor,
) -> Result<(), Problem> {
    let today = crate::time::shanghai_date(out.now.fixed_offset());
    let (route, index) = source.in_force_under(today, "command.route")?;
    let route: &Route = &route;
    may_submit(
        &route.applicant_roles,
        applicant,
        "此类申请",
        "on this route",
    )?;
    // Where the route sits in the request: `command.route`, or
    // `command.route[1]` for the second of its versions.
    let base = format!("command.route{index}");
    // A preset passed its checks when it was loaded; an inline route's are
    // remembered with it.
    let first_problem = match source {
        RouteSource::Preset(_) => None,
        RouteSource::Inline(inline) => inline.learned().problems.first().cloned(),
        RouteSource::Versions(_) => super::check::check(route).into_iter().next(),
    };
    if let Some(problem) = first_problem {
        let at = problem.field.clone().unwrap_or_default();
        return Err(problem.at(format!("{base}.{at}")));
    }
    check_declared(&route.fields, fields)?;
    // A name of nothing visible (a zero-width space) is no name.
    if !name
        .chars()
        .any(|c| !c.is_whitespace() && !crate::validate::is_invisible(c))
    {
        return Err(problem(
            Code::Required,
            Some("command.name"),
            "申请名称不能为空".into(),
            "the application needs a name".into(),
        ));
    }
    for (slot, person) in picks {
        if !route.picks.contains(slot) {
            return Err(problem(
                Code::ApprovalInvalid,
                Some(&format!("command.picks.{slot}")),
                format!("路线没有自选审批人 `{}`", echo(slot)),
                format!("the route has no pick named `{}`", echo(slot)),
            ));
        }
        someone_picked(slot, person)?;
    }
    // Every missing field in one message (the refusal is one problem, at
    // the first; `detail.missing` lists them), so a form can ask for all
    // of them at once, as validation reports every violation.
    let missing: Vec<&String> = route
        .required_fields
        .iter()
        .filter(|name| fields.get(*name).is_none_or(|v| v.trim().is_empty()))
        .collect();
    all_missing(
        &missing,
        |named| format!("必须填写 {named}"),
        |named, n| format!("{named} {} required", if n == 1 { "is" } else { "are" }),
    )?;
    // Kept as the route reads them: an amount as `6000.00`, however given.
    let fields = &super::route::canonical_fields(&route.fields, fields).map_err(under_command)?;
    let branch = route.choose_view(fields).map_err(under_command)?;
    may_submit(
        branch.applicant_roles,
        applicant,
        "此类项目",
        "an application of this kind",
    )?;
    super::route::not_set_by_a_stage(branch.stages, fields).map_err(under_command)?;
    approver_fields_visible(branch.stages, fields)?;
    distinct_people(&route.distinct_fields, fields, fields)?;
    // The supervising leader the applicant's record names becomes a slot
    // (a blank names nobody: unresolvable, below).
    let uses_supervisor = any_approver(branch.stages, |a| matches!(a, Approver::SupervisingLeader));
    if let Some(supervisor) = &applicant.supervisor
        && uses_supervisor
        && !supervisor.trim().is_empty()
        && let Some(problem) =
            super::route::person_id_problem(supervisor, &|| "actor.supervisor".to_owned())
    {
        return Err(problem);
    }
    // So do the organisation and area a scoped role reads (`role_in`).
    for (scope, value, field, zh, en) in [
        (
            Scope::Org,
            &applicant.org,
            "actor.org",
            "机构",
            "an organisation",
        ),
        (
            Scope::Area,
            &applicant.area,
            "actor.area",
            "地区",
            "an area",
        ),
    ] {
        let read = any_approver(
            branch.stages,
            |a| matches!(a, Approver::RoleIn { scope: sc, .. } if *sc == scope),
        );
        if let Some(value) = value
            && read
            && !value.trim().is_empty()
            && let Some(problem) = crate::validate::check_visible(value, field, zh, en)
        {
            return Err(problem);
        }
    }
    every_stage_resolves(branch.stages, applicant, picks, fields, &base)?;
    // After the four-eyes refusal (a stage refusing its applicant says so
    // first): nor may the applicant name themselves for a post they lack.
    not_self_without_post(&route.field_roles, fields, applicant, "command.fields")?;
    not_self_without_post(&route.pick_roles, picks, applicant, "command.picks")?;
    // Every application on a kept route's branch shares its snapshot.
    let make = || snapshot_of(route, &branch);
    let snapshot = match source.learning() {
        Some(kept) => kept.snapshot(&branch, make),
        None => make().into(),
    };
    out.emit(Change::Submitted {
        name: name.to_owned(),
        route: snapshot,
        applicant: applicant.clone(),
        fields: fields.clone(),
        picks: picks.clone(),
    });
    out.then = Then::Start(0);
    Ok(())
}

/// What an application on `branch` of `route` keeps of its route.
fn snapshot_of(route: &Route, branch: &super::route::BranchView<'_>) -> RouteSnapshot {
    RouteSnapshot {
        id: route.id.clone(),
        name: route.name.clone(),
        version: route.version.clone(),
        branch: branch.name.to_owned(),
        chosen_by: branch.when.iter().map(|c| c.describe()).collect(),
        conditions: branch.when.to_vec(),
        field_types: route.fields.clone(),
        stages: branch.stages.to_vec(),
        on_complete: route.on_complete,
        delist_roles: route.delist_roles.clone(),
        resubmit_to: route.resubmit_to,
        dedupe: route.dedupe,
        pick_roles: route.pick_roles.clone(),
        supervisor_role: route.supervisor_role.clone(),
        field_roles: route.field_roles.clone(),
        status_labels: route.status_labels.clone(),
        distinct_fields: route.distinct_fields.clone(),
    }
}

/// Every stage of `stages` resolves for this applicant, picks and fields
/// (or from a field an earlier stage sets), so no application waits on
/// nobody, and none names the applicant where the stage refuses them: at
/// submission, and again when a resubmission edits the fields. `base` is
/// where the route sits in the request, for approvers named there.
fn every_stage_resolves(
    stages: &[RouteStage],
    applicant: &Actor,
    picks: &BTreeMap<String, String>,
    fields: &Fields,
    base: &str,
) -> Result<(), Problem> {
    let mut set_later: Vec<&str> = Vec::new();
    for (i, stage) in stages.iter().enumerate() {
        for (j, approver) in stage.approvers.iter().enumerate() {
            let later = matches!(approver, Approver::Field(f) if set_later.contains(&f.as_str()));
            let resolved = resolve(approver, applicant, picks, fields);
            if stage.applicant_approver == ApplicantApprover::Refuse
                && matches!(&resolved, Some(Candidate::Person(p)) if *p == applicant.id)
            {
                return Err(own_approval(
                    &stage.id,
                    Some(&unresolved_at(base, approver, i, j)),
                ));
            }
            if !later && resolved.is_none() && stage.no_approver == NoApprover::Refuse {
                // Named by what to give: the pick, the applicant's record or
                // the field (`unresolved_at`).
                let at = unresolved_at(base, approver, i, j);
                return Err(unresolvable(
                    &stage.id,
                    &at,
                    ("审批人", "has an approver that"),
                ));
            }
        }
        // Nor may the stage hand a slot to the applicant later (a fallback,
        // an escalation): they would be refused it, and it would wait on
        // them for ever.
        if stage.applicant_approver == ApplicantApprover::Refuse {
            let later = [
                (
                    "no_approver",
                    matches!(&stage.no_approver, NoApprover::Fallback(p) if *p == applicant.id),
                ),
                (
                    "on_timeout",
                    matches!(&stage.on_timeout, Some(TimeoutAction::Escalate(p)) if *p == applicant.id),
                ),
            ];
            if let Some((key, _)) = later.iter().find(|(_, names_applicant)| *names_applicant) {
                return Err(own_approval(
                    &stage.id,
                    Some(&format!("{base}.stages[{i}].{key}")),
                ));
            }
        }
        // A copy (抄送) that names nobody would be dropped without a word.
        for (j, copied) in stage.cc.iter().enumerate() {
            let later = matches!(copied, Approver::Field(f) if set_later.contains(&f.as_str()));
            if !later && resolve(copied, applicant, picks, fields).is_none() {
                // Named by what to give (a pick, the applicant's record, a
                // field): a person always resolves, and a role is no copy.
                let at = unresolved_at(base, copied, i, j);
                return Err(unresolvable(
                    &stage.id,
                    &at,
                    ("抄送人", "copies someone who"),
                ));
            }
        }
        set_later.extend(stage.sets_fields.iter().map(String::as_str));
    }
    Ok(())
}

/// The four-eyes refusal (`applicant_approver = "refuse"`): the applicant
/// named, or acting, as an approver of their own application at `stage`.
fn own_approval(stage: &str, field: Option<&str>) -> Problem {
    problem(
        Code::ApprovalForbidden,
        field.or(Some("actor")),
        format!(
            "无权操作：申请人不能审批自己的申请（环节 `{}`）",
            echo(stage)
        ),
        format!(
            "forbidden: the applicant may not approve their own application (stage `{}`)",
            echo(stage)
        ),
    )
}

/// A submission refused because someone of `stage` (an approver, a copy:
/// `who` in Chinese, and in English the phrase before "cannot") cannot be resolved:
/// `at` is what to give.
fn unresolvable(stage: &str, at: &str, who: (&str, &str)) -> Problem {
    problem(
        Code::RouteUnresolvable,
        Some(at),
        format!(
            "环节 `{}` 的{}无法确定：缺少 `{at}`，或其为空白",
            echo(stage),
            who.0
        ),
        format!(
            "stage `{}` {} cannot be resolved: `{at}` is not given, or is blank",
            echo(stage),
            who.1
        ),
    )
}

/// Where to look when an approver cannot be resolved at submission: the
/// pick, the applicant's own record, or the field that names them.
fn unresolved_at(route_at: &str, approver: &Approver, stage: usize, index: usize) -> String {
    match approver {
        Approver::Picked(slot) => format!("command.picks.{slot}"),
        Approver::SupervisingLeader => "actor.supervisor".to_owned(),
        Approver::RoleIn {
            scope: Scope::Org, ..
        } => "actor.org".to_owned(),
        Approver::RoleIn {
            scope: Scope::Area, ..
        } => "actor.area".to_owned(),
        Approver::Field(name) => format!("command.fields.{name}"),
        _ => format!("{route_at}.stages[{stage}].approvers[{index}]"),
    }
}

/// The candidate a route approver resolves to for this applicant, or
/// `None` when nobody can be named.
fn resolve(
    approver: &Approver,
    applicant: &Actor,
    picks: &BTreeMap<String, String>,
    fields: &Fields,
) -> Option<Candidate> {
    // A blank names nobody: a slot for person `""` would wait for ever.
    let given = |value: &Option<Id>| value.clone().filter(|v| !v.trim().is_empty());
    match approver {
        Approver::Person(id) => Some(Candidate::Person(id.clone())),
        Approver::Role(role) => Some(Candidate::Role {
            role: role.clone(),
            org: None,
            area: None,
        }),
        Approver::RoleIn { role, scope } => {
            let (org, area) = match scope {
                Scope::Org => (Some(given(&applicant.org)?), None),
                Scope::Area => (None, Some(given(&applicant.area)?)),
            };
            Some(Candidate::Role {
                role: role.clone(),
                org,
                area,
            })
        }
        Approver::Picked(slot) => picks
            .get(slot)
            .filter(|p| !p.trim().is_empty())
            .map(|p| Candidate::Person(Id::new(p))),
        Approver::SupervisingLeader => given(&applicant.supervisor).map(Candidate::Person),
        Approver::Applicant => Some(Candidate::Person(applicant.id.clone())),
        Approver::Field(name) => fields
            .get(name)
            .filter(|p| !p.trim().is_empty())
            .map(|p| Candidate::Person(Id::new(p))),
    }
}

/// Starts stage `index`: its slots, its CC, and the slots that pass by
/// themselves (no approver, the applicant skipped, 去重); then settles.
fn start_stage(
    out: &mut Live<'_, '_, '_>,
    index: u32,
    previous_approvers: Option<Vec<Actor>>,
) -> Result<(), Problem> {
    // Read from the state as it stands; the events come after.
    let (slots, cc, auto) = {
        let app = out.app()?;
        let stage = app.route.stages.get(index as usize).ok_or_else(internal)?;
        let (applicant, picks, fields) = (&app.applicant, &app.picks, &app.fields);
        let first = app.next_slot;
        let mut slots = Vec::with_capacity(stage.approvers.len());
        let mut auto = Vec::new();
        for (n, approver) in stage.approvers.iter().enumerate() {
            let id = first.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            let (candidate, must_hold) = match (
                resolve(approver, applicant, picks, fields),
                &stage.no_approver,
            ) {
                (Some(c), _) => (c, app.route.post_of(approver)),
                (None, NoApprover::Fallback(person)) => (Candidate::Person(person.clone()), None),
                (None, _) => {
                    auto.push((id, AutoReason::NoApprover, None));
                    (Candidate::Nobody, None)
                }
            };
            let fills =
                |a: &Actor| candidate.admits(a) && must_hold.as_ref().is_none_or(|r| a.holds(r));
            if stage.applicant_approver == ApplicantApprover::Skip && fills(applicant) {
                auto.push((id, AutoReason::ApplicantSkipped, None));
            } else if app.route.dedupe
                && let Some(by) = previous_approvers
                    .as_ref()
                    .and_then(|prev| prev.iter().find(|a| fills(a)))
            {
                auto.push((id, AutoReason::Dedupe, Some(by.clone())));
            }
            let waiting_for = match (stage.mode, n) {
                (Mode::Sequential, n) if n > 0 => vec![id.saturating_sub(1)],
                _ => Vec::new(),
            };
            slots.push(Slot {
                id,
                candidate,
                waiting_for,
                decision: None,
                delegated_to: None,
                delegate_advice: None,
                added_by: None,
                transferred_by: None,
                must_hold,
                claimed_by: None,
            });
        }
        let cc: Vec<Id> = stage
            .cc
            .iter()
            .filter_map(|a| match resolve(a, applicant, picks, fields)? {
                Candidate::Person(p) => Some(p),
                _ => None,
            })
            .collect();
        (slots, cc, auto)
    };
    out.emit(Change::StageStarted {
        stage: index,
        slots,
    });
    if !cc.is_empty() {
        out.emit(Change::Copied { people: cc });
    }
    let mut seen = Vec::new();
    for (slot, reason, by) in auto {
        if !seen.contains(&slot) {
            seen.push(slot);
            out.emit(Change::AutoApproved { slot, reason, by });
        }
    }
    settle(out)
}

/// Where the current stage stands.
enum Outcome {
    Open,
    Passed,
    Failed,
}

fn outcome(app: &Application) -> Outcome {
    outcome_by(app, &|s: &Slot| s.decision.as_ref().map(|d| d.approved))
}

/// Where the current stage would stand once `slot` is decided: what a
/// decision needs to know before it is made (its uploads gate, and
/// whether anything follows it), without a copy of the application.
fn outcome_if(app: &Application, slot: u32, also: &[u32], approved: bool) -> Outcome {
    outcome_by(app, &|s: &Slot| {
        if s.id == slot || also.contains(&s.id) {
            Some(approved)
        } else {
            s.decision.as_ref().map(|d| d.approved)
        }
    })
}

/// Where the current stage stands when each slot's verdict (approved, or
/// rejected, or none yet) is `verdict`.
fn outcome_by(app: &Application, verdict: &dyn Fn(&Slot) -> Option<bool>) -> Outcome {
    let Some(stage) = app.current_stage() else {
        return Outcome::Open;
    };
    let approved = |s: &Slot| verdict(s) == Some(true);
    let rejected = |s: &Slot| verdict(s) == Some(false);
    let slots = &app.slots;
    match stage.mode {
        Mode::Vote => {
            let total = slots.len();
            let yes = slots.iter().filter(|s| approved(s)).count();
            let no = slots.iter().filter(|s| rejected(s)).count();
            let ratio = stage.pass_ratio.map(|r| r.as_decimal()).unwrap_or_default();
            let share = |n: usize| rust_decimal::Decimal::from(n);
            let needed = ratio * share(total);
            if stage.veto && no > 0 {
                Outcome::Failed
            } else if share(yes) >= needed && yes > 0 && (!stage.veto || yes == total) {
                // With a veto (一票否决) every voter holds it until they
                // vote: the stage passes only once all have approved.
                Outcome::Passed
            } else if share(total - no) < needed {
                // Even if every open slot approved, the ratio is out of reach.
                Outcome::Failed
            } else {
                Outcome::Open
            }
        }
        _ if slots.iter().any(rejected) => Outcome::Failed,
        Mode::Single | Mode::Any => {
            // One approval decides, with everyone added after it (后加签)
            // and everyone added alongside (并加签: they sign with the
            // stage, so it waits for them too).
            let done = |s: &Slot| approved(s) && after_all_approved(slots, s.id, 0, &approved);
            let alongside = |s: &&Slot| {
                s.added_by.is_some()
                    && s.waiting_for.is_empty()
                    && !slots.iter().any(|o| o.waiting_for.contains(&s.id))
            };
            let decided = slots.iter().any(|s| s.added_by.is_none() && done(s))
                && slots.iter().filter(alongside).all(done);
            if decided || slots.iter().all(approved) {
                Outcome::Passed
            } else {
                Outcome::Open
            }
        }
        Mode::All | Mode::Sequential => {
            if slots.iter().all(approved) {
                Outcome::Passed
            } else {
                Outcome::Open
            }
        }
    }
}

/// True when every slot waiting for `id` (transitively) is approved.
fn after_all_approved(
    slots: &[Slot],
    id: u32,
    depth: usize,
    approved: &dyn Fn(&Slot) -> bool,
) -> bool {
    depth > slots.len()
        || slots
            .iter()
            .filter(|s| s.waiting_for.contains(&id))
            .all(|s| approved(s) && after_all_approved(slots, s.id, depth + 1, approved))
}

/// Completes, fails or moves on from the current stage while it is decided.
fn settle(out: &mut Live<'_, '_, '_>) -> Result<(), Problem> {
    let app = out.app()?;
    if app.status != Status::Pending {
        return Ok(());
    }
    let index = app.stage;
    match outcome(app) {
        Outcome::Open => Ok(()),
        Outcome::Failed => {
            out.emit(Change::StageFailed { stage: index });
            Ok(())
        }
        Outcome::Passed if !app.missing_uploads().is_empty() => Ok(()),
        Outcome::Passed => {
            // Who approved, for the next stage's 去重 (`dedupe`); copied
            // only for a route that dedupes.
            let approvers: Option<Vec<Actor>> = app.route.dedupe.then(|| {
                app.slots
                    .iter()
                    .filter_map(|s| s.decision.as_ref()?.by.clone())
                    .collect()
            });
            let last = (index as usize).saturating_add(1) >= app.route.stages.len();
            let on_complete = app.route.on_complete;
            out.emit(Change::StageCompleted { stage: index });
            if last {
                out.emit(Change::Completed {
                    outcome: on_complete,
                });
                Ok(())
            } else {
                start_stage(out, index.saturating_add(1), approvers)
            }
        }
    }
}

/// The slot `actor` may act on now, if any: one they fill and that is
/// open, or one delegated to them.
pub(crate) fn open_slot_of(app: &Application, actor: &Actor) -> Option<u32> {
    if refuses_as_approver(app, actor) {
        return None;
    }
    let open = |s: &&Slot| app.slot_open(s);
    let delegated = |s: &&Slot| s.delegated_to.as_deref() == Some(actor.id.as_str());
    let mine = |s: &&Slot| s.delegated_to.is_none() && s.admits(actor);
    let named = |s: &&Slot| s.names(&actor.id);
    // One person decides once per stage, for every part of it that is
    // theirs (`slots_also`): what is left for someone who decided is a
    // part of theirs that waited for someone else's decision.
    if app.decided_here(&actor.id) {
        let roles = app.roles_decided_by(&actor.id);
        // Their roles here are those they decided with: a role claimed
        // only in a later request does not give them a second decision
        // (their first covered every part of theirs it could).
        let decided_as = app.slots.iter().find_map(|s| {
            s.decision
                .as_ref()
                .and_then(|d| d.by.as_ref())
                .filter(|by| by.id == actor.id)
        });
        // A slot naming them, or one they took, stays theirs: their first
        // decision did not cover it (they lacked its post then, or it
        // waited).
        let left = |s: &&Slot| {
            s.delegated_to.is_none()
                && app.part_of(s, actor, &roles)
                && (s.names(&actor.id)
                    || decided_as.is_none_or(|first| app.part_of(s, first, &roles)))
        };
        return app.slots.iter().filter(open).find(left).map(|s| s.id);
    }
    // A delegation first, then a slot naming the person, then a role slot:
    // a role slot taken by someone with a slot of their own would leave
    // theirs for nobody.
    app.slots
        .iter()
        .filter(open)
        .find(delegated)
        .or_else(|| app.slots.iter().filter(open).find(|s| mine(s) && named(s)))
        .or_else(|| {
            // Someone with an undecided slot of their own (open or not yet)
            // takes no role slot: theirs would be left for nobody. (One
            // naming them for a post they do not hold is not theirs.)
            let own = app
                .slots
                .iter()
                .any(|s| s.decision.is_none() && named(&s) && s.admits(actor));
            if own {
                None
            } else {
                app.slots.iter().filter(open).find(mine)
            }
        })
        .map(|s| s.id)
}

/// Why nobody may take `action` at `stage`, the current stage of `app`
/// (Chinese, English), if the stage allows it nobody.
fn nobody_may(
    app: &Application,
    stage: &RouteStage,
    action: Action,
) -> Option<(&'static str, &'static str)> {
    match action {
        Action::Reject if !stage.may_reject => Some((
            "本环节只能同意，不能驳回",
            "this stage is approved, not rejected",
        )),
        Action::Return if !stage.may_return => Some((
            "本环节不能退回",
            "this stage does not return the application",
        )),
        // A voter approves or rejects: a return would throw away the
        // others' votes (one voter blocking a listing for ever).
        Action::Return if stage.mode == Mode::Vote => Some((
            "票签环节只能同意或驳回（投票），不能退回",
            "a vote is cast by approving or rejecting: a return would discard the others' votes",
        )),
        Action::Return if !stage.return_to_applicant && return_targets(app, stage).is_empty() => {
            Some((
                "本环节不退回给申请人，也没有可以退回到的之前环节",
                "this stage returns neither to the applicant nor to any earlier stage",
            ))
        }
        _ => None,
    }
}

/// A rejection or a return says why (驳回、退回须说明理由: the manuals
/// give nearly every one a reason): `comment` must not be blank, unless
/// the current stage of `app` lets its approvers refuse with a click
/// (`reason_required = false`).
fn needs_reason(
    app: &Application,
    comment: &Option<String>,
    zh: &str,
    en: &str,
) -> Result<(), Problem> {
    // A reason of nothing visible (a zero-width space) is no reason.
    let visible = |c: &str| {
        c.chars()
            .any(|ch| !ch.is_whitespace() && !crate::validate::is_invisible(ch))
    };
    let required = app.current_stage().is_none_or(|s| s.reason_required);
    if !required || comment.as_deref().is_some_and(visible) {
        return Ok(());
    }
    Err(problem(
        Code::Required,
        Some("command.comment"),
        format!("{zh}须在 `comment` 中说明理由"),
        format!("{en} needs its reason in `comment`"),
    ))
}

/// The other slots of the stage that `actor`'s decision on `slot` decides
/// too: those open now, and those it opens. One person decides once per
/// stage, for every part of it that is theirs:
/// - slots naming them (an escalation or a fallback for several slots, or
///   one person picked twice, can name one person in several, consecutive
///   ones of a 依次 stage among them);
/// - outside a vote, slots of a role they hold that no slot they decide
///   has (the supervising leader who is also the procurement leader signs
///   the 会签 once: else the part waits for ever on a role nobody else
///   holds). Two
///   slots of one role stay two people, and a vote is one person, one
///   vote.
///
/// A slot that waits for someone else's decision stays theirs to decide
/// when it opens (`open_slot_of`). Usually none.
fn slots_also(app: &Application, slot: u32, actor: &Actor, approve: bool) -> Vec<u32> {
    // This decision opens what waits for it as `Application::releases`
    // says a decided slot does: in a vote either way, elsewhere approved.
    let opens = approve || app.stage_votes();
    // Most decisions cover nothing else: found without building anything.
    // A slot handed to them (转办, 加签) is decided alone: it covers none
    // of theirs, and none of theirs covers it.
    if app.slots.iter().any(|s| s.id == slot && s.handed()) {
        return Vec::new();
    }
    let could_be_theirs = |s: &Slot| {
        s.id != slot
            && !s.handed()
            && s.decision.is_none()
            && s.delegated_to.is_none()
            && s.admits(actor)
    };
    if !app.slots.iter().any(could_be_theirs) {
        return Vec::new();
    }
    let mut roles = app.roles_decided_by(&actor.id);
    if let Some(decided) = app.slots.iter().find(|s| s.id == slot) {
        roles.push(&decided.candidate);
    }
    let mut covered = vec![slot];
    loop {
        let opened = |w: &u32| (opens && covered.contains(w)) || app.releases(*w);
        let next = app.slots.iter().find(|s| {
            !covered.contains(&s.id)
                && !s.handed()
                && s.decision.is_none()
                && s.delegated_to.is_none()
                && app.part_of(s, actor, &roles)
                && s.waiting_for.iter().all(opened)
        });
        let Some(next) = next else {
            break;
        };
        covered.push(next.id);
        roles.push(&next.candidate);
    }
    covered.retain(|s| *s != slot);
    covered
}

fn is_delegate(app: &Application, slot: u32, actor: &Actor) -> bool {
    app.slots
        .iter()
        .any(|s| s.id == slot && s.delegated_to.as_deref() == Some(actor.id.as_str()))
}

/// Whether `actor` may take `action` on `app` now, and why not.
pub fn permit(app: &Application, actor: &Actor, action: Action) -> Result<(), Problem> {
    permitted_slot(app, actor, action).map(|_| ())
}

/// `permit`, and the slot the actor acts on when finding it was part of
/// the check (a decision, a return, a transfer, a delegation, 加签), so
/// the command does not look for it twice.
fn permitted_slot(
    app: &Application,
    actor: &Actor,
    action: Action,
) -> Result<Option<u32>, Problem> {
    let status = app.status;
    let pending = |zh: &str, en: &str| {
        if status == Status::Pending {
            Ok(())
        } else {
            Err(invalid_transition(app, zh, en))
        }
    };
    let is_applicant = actor.id == app.applicant.id;
    let applicant_only = || {
        if is_applicant {
            Ok(None)
        } else {
            Err(forbidden(
                "只有申请人可以这样做",
                "only the applicant may do this",
            ))
        }
    };
    let slot_holder = || {
        open_slot_of(app, actor).ok_or_else(|| {
            let named = |s: &&Slot| s.decision.is_none() && s.candidate.admits(actor);
            let waiting = app.slots.iter().filter(named).any(|s| s.admits(actor));
            // Named, but not holding the post the route asks of them (a
            // seal's chosen leader who is no 主要领导).
            let post = app
                .slots
                .iter()
                .filter(named)
                .find_map(|s| s.must_hold.as_deref().filter(|r| !actor.holds(r)));
            if let (false, Some(post)) = (waiting, post) {
                forbidden(
                    &format!("本环节的这项审批须由担任 `{}` 的人处理，你不具备该角色", echo(post)),
                    &format!(
                        "this part of the stage is for a holder of `{}`, which you do not hold",
                        echo(post)
                    ),
                )
            } else if waiting && refuses_as_approver(app, actor) {
                own_approval(&app.current_stage().map(|s| s.id.clone()).unwrap_or_default(), None)
            } else if app.decided_here(&actor.id) {
                forbidden(
                    "你已在本环节审批过（一人一个环节只审批一次）",
                    "you have decided at this stage already (one person decides once per stage)",
                )
            } else if waiting {
                forbidden(
                    "你的审批须等前面的审批人（依次或加签）先同意，或已委派他人",
                    "your turn comes after others approve first (in order, or added before you), or you delegated it",
                )
            } else {
                forbidden(
                    "当前环节没有待你处理的审批",
                    "nothing at the current stage awaits you",
                )
            }
        })
    };
    // What the current stage allows nobody: invalid for everyone, told
    // before who is asking.
    if status == Status::Pending
        && let Some((zh, en)) = app
            .current_stage()
            .and_then(|stage| nobody_may(app, stage, action))
    {
        return Err(invalid_transition(app, zh, en));
    }
    match action {
        Action::Delist => {
            if status != Status::Published {
                let published = Status::Published.label_in(&app.route.status_labels);
                return Err(invalid_transition(
                    app,
                    &format!("只有{published}的申请可以下架"),
                    "only a published (listed) application can be delisted",
                ));
            }
            let by_role = actor
                .roles
                .iter()
                .any(|r| app.route.delist_roles.iter().any(|q| r == q));
            if is_applicant || by_role {
                Ok(None)
            } else {
                Err(forbidden(
                    "只有申请人和路线指定的角色可以下架",
                    "only the applicant and the roles the route names may delist it",
                ))
            }
        }
        Action::Approve | Action::Reject => {
            pending("不能审批", "nothing can be approved or rejected")?;
            slot_holder().map(Some)
        }
        Action::Return | Action::Transfer | Action::Delegate | Action::AddSigner => {
            pending("不能这样处理", "this cannot be done now")?;
            let slot = slot_holder()?;
            if is_delegate(app, slot, actor) {
                Err(forbidden(
                    "受委派人只能给出意见（同意或驳回）",
                    "a delegate may only advise (approve or reject)",
                ))
            } else if action == Action::Return && is_applicant {
                // The applicant holding a stage of their own (uploads) would
                // send it back to themselves and edit what was approved.
                Err(forbidden(
                    "退回是审批人的决定，申请人不能退回自己的申请（可以撤回）",
                    "a return is a reviewer's decision: the applicant cannot return their own application (they may withdraw it)",
                ))
            } else if action == Action::Return && handed_by_applicant(app, slot) {
                // Nor by a colleague the applicant handed their part to.
                Err(forbidden(
                    "申请人转交（转办、加签）出去的任务仍属申请人，不能退回其申请",
                    "a part the applicant handed on is still the applicant's: it cannot return their application",
                ))
            } else {
                Ok(Some(slot))
            }
        }
        Action::RemoveSigner => {
            pending("不能减签", "no signer can be removed")?;
            let added_by_actor = |s: &&Slot| s.added_by.as_deref() == Some(actor.id.as_str());
            let mut added = app.slots.iter().filter(added_by_actor).peekable();
            if added.peek().is_none() {
                // Someone else's signers are not theirs to remove.
                Err(forbidden(
                    "只有加签人可以减去自己加的、尚未处理的审批人",
                    "only who added a signer may remove them, before they decide",
                ))
            } else if added.any(|s| s.decision.is_none()) {
                Ok(None)
            } else {
                // Theirs, but decided: nobody may take a decision back.
                Err(invalid_transition(
                    app,
                    "你加签的审批人都已处理，已处理的审批人不能减去",
                    "every signer you added has decided, and a signer who has decided cannot be removed",
                ))
            }
        }
        Action::Withdraw => {
            if !matches!(status, Status::Pending | Status::Returned) {
                return Err(invalid_transition(
                    app,
                    "不能撤回",
                    "it cannot be withdrawn",
                ));
            }
            applicant_only()
        }
        Action::Resubmit => {
            if status != Status::Returned {
                return Err(invalid_transition(
                    app,
                    "只有退回的申请可以重新提交",
                    "only a returned application can be resubmitted",
                ));
            }
            applicant_only()
        }
        Action::Remind => {
            pending("不能催办", "there is nobody to remind")?;
            // A stage only the applicant handles (procurement's uploads)
            // waits for nobody else: nobody is reminded of it.
            let applicant = Candidate::Person(app.applicant.id.clone());
            if app.awaiting().iter().all(|c| *c == applicant) {
                return Err(invalid_transition(
                    app,
                    "当前只等待申请人本人处理，没有可催办的人",
                    "only the applicant is awaited: there is nobody to remind",
                ));
            }
            applicant_only()
        }
        Action::Cc => {
            if status.is_final() {
                return Err(invalid_transition(app, "不能抄送", "it cannot be copied"));
            }
            let involved = is_applicant
                || app.deciders.contains(&actor.id)
                || open_slot_of(app, actor).is_some();
            if involved {
                Ok(None)
            } else {
                // Said as the rule is: an approver whose slot waits (for
                // a signer added before them, in a 依次 stage) or is
                // delegated has no turn yet.
                Err(forbidden(
                    "只有申请人、已处理过的人或当前轮到的审批人可以抄送",
                    "only the applicant, someone who has handled it, or an approver whose turn it is may copy others",
                ))
            }
        }
        Action::Upload => {
            pending("不能上传", "nothing can be uploaded now")?;
            if app
                .current_stage()
                .is_none_or(|s| s.required_uploads.is_empty())
            {
                return Err(invalid_transition(
                    app,
                    "当前环节不需要上传",
                    "the current stage needs no uploads",
                ));
            }
            let fills = app.slots.iter().any(|s| s.admits(actor));
            if fills {
                Ok(None)
            } else {
                Err(forbidden(
                    "只有当前环节的审批人可以上传",
                    "only the current stage's approvers may upload",
                ))
            }
        }
    }
}

fn act(
    out: &mut Emitter<'_, '_>,
    app: &Application,
    command: &Command,
    actor: &Actor,
    found: Option<u32>,
) -> Result<(), Problem> {
    // `accept` checked the permission (`permit`) first, for every command
    // on a submitted application, and `found` is the actor's slot when
    // that check found it.
    let slot = found.or_else(|| open_slot_of(app, actor));
    match command {
        Command::Submit { .. } => return Err(internal()),
        Command::Approve {
            comment,
            attachments,
            ..
        }
        | Command::Reject {
            comment,
            attachments,
        } => {
            let approve = matches!(command, Command::Approve { .. });
            // The fields an approval sets, read where they are: the event
            // gets the checked copy.
            let none = Fields::new();
            let given = match command {
                Command::Approve { fields, .. } => fields,
                _ => &none,
            };
            let slot = slot.ok_or_else(internal)?;
            if !approve {
                needs_reason(app, comment, "驳回", "a rejection")?;
            }
            no_blank_file(attachments, "command.attachments")?;
            if is_delegate(app, slot, actor) {
                // Advice sets nothing: the fields would be lost.
                if let Some(name) = given.keys().next() {
                    return Err(problem(
                        Code::ApprovalInvalid,
                        Some(&format!("command.fields.{name}")),
                        "受委派人只给出意见，字段由审批人同意时填写".into(),
                        "a delegate only advises: the approver gives the fields when they decide"
                            .into(),
                    ));
                }
                out.emit(Change::DelegateAnswered {
                    slot,
                    approve,
                    comment: comment.clone(),
                });
                return Ok(());
            }
            let also = slots_also(app, slot, actor, approve);
            let next = outcome_if(app, slot, &also, approve);
            // The uploads first, then the fields: `allowed_actions`, which
            // has no command to read fields from, refuses an approval for
            // the uploads and lists the fields apart, and a form that
            // follows either answer asks for the same thing first.
            if approve {
                upload_gate(app, &next)?;
            }
            let set = if approve {
                check_set_fields(app, given, actor)?
            } else {
                Fields::new()
            };
            if !matches!(next, Outcome::Open) {
                // Its decisions, the stage passing or failing, and what
                // follows: the next stage, or the end.
                out.expect(also.len() + 4);
            }
            out.emit(Change::Decided {
                slot,
                approved: approve,
                by: actor.clone(),
                comment: comment.clone(),
                attachments: attachments.clone(),
                fields: set,
            });
            for other in also {
                out.emit(Change::Decided {
                    slot: other,
                    approved: approve,
                    by: actor.clone(),
                    comment: comment.clone(),
                    attachments: attachments.clone(),
                    fields: Fields::new(),
                });
            }
            // A decision that leaves the stage open ends here; settling would
            // only build the state after it to find that out.
            if !matches!(next, Outcome::Open) {
                out.then = Then::Settle;
            }
        }
        Command::Return {
            to,
            comment,
            attachments,
        } => {
            needs_reason(app, comment, "退回", "a return")?;
            no_blank_file(attachments, "command.attachments")?;
            let stage = app.current_stage().ok_or_else(internal)?;
            let target = match to {
                None if !stage.return_to_applicant => {
                    let targets = return_targets(app, stage);
                    return Err(problem(
                        Code::ApprovalInvalid,
                        Some("command.to"),
                        format!(
                            "本环节不退回给申请人，请在 `to` 中指明退回到哪个环节：{}",
                            super::route::ticked(&targets)
                        ),
                        format!(
                            "this stage does not return to the applicant: name the stage in `to` ({})",
                            super::route::ticked_en(&targets)
                        ),
                    )
                    .with_detail(serde_json::json!({ "targets": targets })));
                }
                None => None,
                Some(id) => {
                    let index = app
                        .route
                        .stages
                        .iter()
                        .take(app.stage as usize)
                        .position(|s| &s.id == id)
                        .and_then(|i| u32::try_from(i).ok());
                    let allowed = stage.return_to.is_empty() || stage.return_to.contains(id);
                    match index {
                        Some(i) if allowed => Some(i),
                        _ => {
                            return Err(problem(
                                Code::ApprovalInvalid,
                                Some("command.to"),
                                format!("`{}` 不是可以退回到的之前环节", echo(id)),
                                format!(
                                    "`{}` is not an earlier stage this one returns to",
                                    echo(id)
                                ),
                            ));
                        }
                    }
                }
            };
            out.emit(Change::Returned {
                from: app.stage,
                to: target,
                comment: comment.clone(),
                attachments: attachments.clone(),
            });
            if let Some(index) = target {
                out.then = Then::Start(index);
            }
        }
        Command::Withdraw { comment } => out.emit(Change::Withdrawn {
            comment: comment.clone(),
        }),
        Command::Resubmit {
            fields,
            comment,
            picks: repicked,
        } => {
            // The edit: the fields given replace theirs, the rest stay.
            let edit = fields.clone().unwrap_or_default();
            // An edit does not blank what the application holds (a required
            // field, the field naming a stage's approver: the stage would
            // pass with nobody deciding).
            if let Some(name) = edit
                .iter()
                .find(|(k, v)| v.trim().is_empty() && app.holds(k))
                .map(|(k, _)| k)
            {
                return Err(blank_edit(name));
            }
            check_declared(&app.route.field_types, &edit)?;
            super::route::not_set_by_a_stage(&app.route.stages, &edit).map_err(under_command)?;
            approver_fields_visible(&app.route.stages, &edit)?;
            let mut fields = app.fields.clone();
            fields.extend(edit.iter().map(|(k, v)| (k.clone(), v.clone())));
            distinct_people(&app.route.distinct_fields, &fields, &edit)?;
            not_self_without_post(&app.route.field_roles, &edit, actor, "command.fields")?;
            let fields = super::route::canonical_fields(&app.route.field_types, &fields)
                .map_err(under_command)?;
            let route = &app.route;
            let picks = repicks(app, repicked, actor)?;
            // Nor name someone a stage cannot have (the applicant where it
            // refuses them), nor leave one with nobody.
            every_stage_resolves(
                &route.stages,
                &app.applicant,
                picks.as_ref().unwrap_or(&app.picks),
                &fields,
                "state.route",
            )?;
            if !route
                .conditions
                .iter()
                .all(|c| c.holds(&fields, &route.field_types))
            {
                return Err(problem(
                    Code::ApprovalInvalid,
                    Some("command.fields"),
                    format!(
                        "修改后的申请不再符合所走的分支 `{}`（{}）；请撤回后重新提交",
                        echo(&route.branch),
                        super::route::ticked(&route.chosen_by)
                    ),
                    format!(
                        "the edited application no longer fits its branch `{}` ({}); withdraw it and submit anew",
                        echo(&route.branch),
                        route.chosen_by.join(", ")
                    ),
                ));
            }
            // The stages approved the application as it chose its branch:
            // an edit of a field a condition reads (the amount) goes
            // through the whole route again, whatever `resubmit_to` says.
            let chosen_by_changed = route
                .conditions
                .iter()
                .any(|c| app.fields.get(&c.field) != fields.get(&c.field));
            out.emit(Change::Resubmitted {
                fields,
                comment: comment.clone(),
                picks,
            });
            let resume = match app.route.resubmit_to {
                _ if chosen_by_changed => 0,
                ResubmitTo::ReturningStage => app.returned_from.unwrap_or(0),
                ResubmitTo::Start => 0,
            };
            out.then = Then::Start(resume);
        }
        Command::Transfer { to, comment } | Command::Delegate { to, comment } => {
            let slot = slot.ok_or_else(internal)?;
            if *to == actor.id {
                return Err(problem(
                    Code::ApprovalInvalid,
                    Some("command.to"),
                    "请指定另一位人员".into(),
                    "name another person".into(),
                ));
            }
            if app.has_part_here(to) {
                return Err(already_in_stage(to, "command.to"));
            }
            not_to_the_applicant(app, to, "command.to")?;
            let change = if matches!(command, Command::Transfer { .. }) {
                Change::Transferred {
                    slot,
                    to: to.clone(),
                    comment: comment.clone(),
                }
            } else {
                Change::Delegated {
                    slot,
                    to: to.clone(),
                    comment: comment.clone(),
                    claims: takes_by_acting(app, slot).is_some(),
                }
            };
            out.emit(change);
        }
        Command::AddSigner { person, position } => {
            let mine = slot.ok_or_else(internal)?;
            if app.has_part_here(person) {
                return Err(already_in_stage(person, "command.person"));
            }
            not_to_the_applicant(app, person, "command.person")?;
            let max = crate::limits::MAX_STAGE_APPROVERS;
            if app.slots.len() >= max {
                return Err(crate::limits::too_large(
                    Some("command"),
                    crate::limits::Limit::Items(max),
                    app.slots.len() + 1,
                ));
            }
            if *person == actor.id {
                return Err(problem(
                    Code::ApprovalInvalid,
                    Some("command.person"),
                    "请指定另一位人员".into(),
                    "name another person".into(),
                ));
            }
            let new = Slot {
                id: app.next_slot,
                candidate: Candidate::Person(person.clone()),
                waiting_for: match position {
                    SignerPosition::After => vec![mine],
                    _ => Vec::new(),
                },
                decision: None,
                delegated_to: None,
                delegate_advice: None,
                added_by: Some(actor.id.clone()),
                transferred_by: None,
                must_hold: None,
                claimed_by: None,
            };
            // Adding to a slot of a role takes it: the adder decides it.
            let claims = takes_by_acting(app, mine);
            out.emit(Change::SignerAdded {
                slot: Box::new(new),
                before: (*position == SignerPosition::Before).then_some(mine),
                claims,
            });
        }
        Command::RemoveSigner { person } => {
            let target = app.slots.iter().find(|s| {
                s.decision.is_none()
                    && s.added_by.as_deref() == Some(actor.id.as_str())
                    && s.candidate == Candidate::Person(person.clone())
            });
            let Some(target) = target else {
                return Err(problem(
                    Code::ApprovalInvalid,
                    Some("command.person"),
                    format!("`{}` 不是你加签且尚未处理的审批人", echo(person)),
                    format!(
                        "`{}` is not a signer you added who has yet to decide",
                        echo(person)
                    ),
                ));
            };
            out.emit(Change::SignerRemoved { slot: target.id });
            out.then = Then::Settle;
        }
        Command::Cc { people } => {
            let people: Vec<Id> = people
                .iter()
                .filter(|p| !p.trim().is_empty())
                .cloned()
                .collect();
            if people.is_empty() {
                return Err(problem(
                    Code::Required,
                    Some("command.people"),
                    "请指定抄送人".into(),
                    "name the people to copy".into(),
                ));
            }
            // The application keeps everyone copied: past the list limit
            // it could not be read back (`request.too_large` at `state.cc`).
            // Counted as the set it becomes: someone named twice, once.
            let added: People = people
                .iter()
                .filter(|p| !app.cc.contains(p.as_str()))
                .cloned()
                .collect();
            within_stored_limit(app.cc.len(), added.len(), "command.people")?;
            out.emit(Change::Copied { people });
        }
        Command::Remind {} => out.emit(Change::Reminded {
            stage: app.stage,
            awaiting: app.awaiting(),
        }),
        Command::Delist { comment } => out.emit(Change::Delisted {
            comment: comment.clone(),
        }),
        Command::Upload { kind, files } => {
            // Every upload is kept, as the list the state holds.
            within_stored_limit(app.uploads.len(), 1, "command")?;
            let stage = app.current_stage().ok_or_else(internal)?;
            if !stage.required_uploads.contains(kind) {
                return Err(problem(
                    Code::ApprovalInvalid,
                    Some("command.kind"),
                    format!(
                        "本环节不需要 `{}`（需要：{}）",
                        echo(kind),
                        super::route::ticked(&stage.required_uploads)
                    ),
                    format!(
                        "this stage needs no `{}` (it needs: {})",
                        echo(kind),
                        super::route::ticked_en(&stage.required_uploads)
                    ),
                ));
            }
            if files.is_empty() {
                return Err(problem(
                    Code::Required,
                    Some("command.files"),
                    "请上传至少一个文件".into(),
                    "upload at least one file".into(),
                ));
            }
            no_blank_file(files, "command.files")?;
            out.emit(Change::Uploaded {
                kind: kind.clone(),
                files: files.clone(),
            });
            out.then = Then::Settle;
        }
    }
    Ok(())
}

/// Refuses a field the route does not declare, at `command.fields.…`.
fn check_declared(declared: &super::route::FieldTypes, fields: &Fields) -> Result<(), Problem> {
    super::route::undeclared_field(declared, fields).map_err(under_command)
}

/// A problem of the command's part at `field`, placed under `command`.
fn under_command(p: Problem) -> Problem {
    match &p.field {
        Some(f) => {
            let at = format!("command.{f}");
            p.at(at)
        }
        None => p,
    }
}

/// A list the application keeps (`cc`, `uploads`) may grow by `added` to
/// `held + added` only within the list limit every request is read with:
/// beyond it the state could no longer be given back. Refused as the
/// limit (`request.too_large` at `field`), before anything is applied.
fn within_stored_limit(held: usize, added: usize, field: &str) -> Result<(), Problem> {
    let after = held.saturating_add(added);
    if after <= crate::limits::MAX_LIST_ITEMS {
        return Ok(());
    }
    Err(crate::limits::too_large(
        Some(field),
        crate::limits::Limit::Items(crate::limits::MAX_LIST_ITEMS),
        after,
    ))
}

/// A blank file reference (an upload's file, an attachment) names no file:
/// kept, it would pass for one.
fn no_blank_file(files: &[String], at: &str) -> Result<(), Problem> {
    match files.iter().position(|f| f.trim().is_empty()) {
        None => Ok(()),
        Some(i) => Err(problem(
            Code::Required,
            Some(&format!("{at}[{i}]")),
            "文件引用不能为空".into(),
            "a file reference must not be empty".into(),
        )),
    }
}

/// Nothing of a stage that refuses the applicant as an approver is handed
/// to them (a 转办, a 委派, a 加签).
fn not_to_the_applicant(app: &Application, person: &str, field: &str) -> Result<(), Problem> {
    match app.current_stage() {
        Some(stage)
            if stage.applicant_approver == ApplicantApprover::Refuse
                && person == app.applicant.id =>
        {
            Err(own_approval(&stage.id, Some(field)))
        }
        _ => not_to_a_partner(app, person, field),
    }
}

/// Nor to the person another of the route's `distinct_fields` names, at a
/// stage one of them decides: the OKR's review handed (转办, 加签, 委派) to
/// its handling unit would have it review its own work.
fn not_to_a_partner(app: &Application, person: &str, field: &str) -> Result<(), Problem> {
    let Some(stage) = app.current_stage() else {
        return Ok(());
    };
    let distinct = &app.route.distinct_fields;
    let deciding = |name: &String| {
        stage
            .approvers
            .iter()
            .any(|a| matches!(a, Approver::Field(f) if f == name))
    };
    let Some(own) = distinct.iter().find(|name| deciding(name)) else {
        return Ok(());
    };
    let partner = distinct.iter().filter(|name| *name != own).find(|name| {
        app.fields
            .get(*name)
            .is_some_and(|v| v.trim() == person.trim())
    });
    match partner {
        Some(partner) => Err(problem(
            Code::ApprovalForbidden,
            Some(field),
            format!(
                "无权操作：`{}` 是本申请的 `{}`，不能承担 `{}` 的审批：不能审核自己的工作",
                echo(person),
                echo(partner),
                echo(own)
            ),
            format!(
                "forbidden: `{}` is this application's `{}` and cannot take the `{}`'s part: nobody reviews their own work",
                echo(person),
                echo(partner),
                echo(own)
            ),
        )),
        None => Ok(()),
    }
}

/// Nobody names themselves for a post their own request shows they lack
/// (a pick, or a field naming an approver, whose post the route gives):
/// the stage would wait for them, and they could not decide it.
fn not_self_without_post(
    posts: &Fields,
    named: &Fields,
    actor: &Actor,
    at: &str,
) -> Result<(), Problem> {
    for (name, person) in named {
        if let Some(post) = posts.get(name)
            && person.trim() == actor.id
            && !actor.holds(post)
        {
            return Err(problem(
                Code::ApprovalForbidden,
                Some(&format!("{at}.{name}")),
                format!(
                    "无权操作：`{}` 须由担任 `{}` 的人承担，你不具备该角色，不能指定自己",
                    echo(name),
                    echo(post)
                ),
                format!(
                    "forbidden: `{}` is for a holder of `{}`, which you do not hold: you cannot name yourself",
                    echo(name),
                    echo(post)
                ),
            ));
        }
    }
    Ok(())
}

/// True when slot `slot` was handed on by the applicant (转办, 加签).
fn handed_by_applicant(app: &Application, slot: u32) -> bool {
    let applicant = Some(app.applicant.id.as_str());
    app.slots.iter().any(|s| {
        s.id == slot
            && (s.transferred_by.as_deref() == applicant || s.added_by.as_deref() == applicant)
    })
}

/// True when the current stage refuses `actor` as an approver: they are
/// the applicant and it says `applicant_approver = "refuse"`.
fn refuses_as_approver(app: &Application, actor: &Actor) -> bool {
    actor.id == app.applicant.id
        && app
            .current_stage()
            .is_some_and(|s| s.applicant_approver == ApplicantApprover::Refuse)
}

fn already_in_stage(person: &str, field: &str) -> Problem {
    problem(
        Code::ApprovalInvalid,
        Some(field),
        format!("`{}` 在本环节已有审批任务或已审批", echo(person)),
        format!(
            "`{}` already has a part in this stage (a slot, a delegation or a decision)",
            echo(person)
        ),
    )
}

/// A field given blank where it holds, or must hold, a value: kept by
/// leaving it out, never by a blank (an approval's fields, a resubmission's
/// edit).
fn blank_edit(name: &str) -> Problem {
    problem(
        Code::Required,
        Some(&format!("command.fields.{name}")),
        format!("`{}` 不能为空（不修改请不填）", echo(name)),
        format!(
            "`{}` must not be empty (leave it out to keep it as it is)",
            echo(name)
        ),
    )
}

/// A pick (`slot`) names someone (`person` is not blank), at submission or
/// resubmission.
fn someone_picked(slot: &str, person: &str) -> Result<(), Problem> {
    if !crate::validate::is_blank(person) {
        return Ok(());
    }
    Err(problem(
        Code::Required,
        Some(&format!("command.picks.{slot}")),
        "自选审批人不能为空".into(),
        "a picked approver cannot be empty".into(),
    ))
}

/// The picks of `app` after a resubmission picks `repicked` anew (`None`
/// when it picks nobody anew): each a pick of the application's branch (one
/// its stages have, or one it was submitted with), naming someone, and not
/// the applicant for a post their request shows they lack. Checked as a
/// submission checks its picks, against the branch it took.
fn repicks(app: &Application, repicked: &Fields, actor: &Actor) -> Result<Option<Fields>, Problem> {
    if repicked.is_empty() {
        return Ok(None);
    }
    let of_the_branch = |slot: &String| {
        app.picks.contains_key(slot)
            || any_approver(
                &app.route.stages,
                |a| matches!(a, Approver::Picked(s) if s == slot),
            )
    };
    for (slot, person) in repicked {
        if !of_the_branch(slot) {
            return Err(problem(
                Code::ApprovalInvalid,
                Some(&format!("command.picks.{slot}")),
                format!("申请所走的分支没有自选审批人 `{}`", echo(slot)),
                format!(
                    "the application's branch has no pick named `{}`",
                    echo(slot)
                ),
            ));
        }
        someone_picked(slot, person)?;
    }
    not_self_without_post(&app.route.pick_roles, repicked, actor, "command.picks")?;
    let mut picks = app.picks.clone();
    picks.extend(repicked.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(Some(picks))
}

/// The fields an approval sets, checked against its stage (`sets_fields`,
/// which must hold a value once it approves, and `may_set_fields`) and in
/// their canonical text (`canonical_fields`).
fn check_set_fields(app: &Application, set: &Fields, actor: &Actor) -> Result<Fields, Problem> {
    let stage = app.current_stage().ok_or_else(internal)?;
    // An approval that sets nothing where nothing is asked for (the
    // commonest) passes every check below, which would each look for a
    // field in vain: it sets nothing.
    if set.is_empty() && stage.sets_fields.is_empty() && app.route.distinct_fields.is_empty() {
        return Ok(Fields::new());
    }
    let blank = |v: &String| v.trim().is_empty();
    for name in set.keys() {
        if !stage.sets_fields.contains(name) && !stage.may_set_fields.contains(name) {
            return Err(problem(
                Code::ApprovalInvalid,
                Some(&format!("command.fields.{name}")),
                format!("本环节不填写 `{}`", echo(name)),
                format!("this stage does not set `{}`", echo(name)),
            ));
        }
    }
    // Every missing field in one message (the refusal is one problem, at
    // the first), so a form can ask for all of them at once.
    let missing: Vec<&String> = stage
        .sets_fields
        .iter()
        .filter(|name| set.get(*name).is_none_or(blank) && !app.holds(name))
        .collect();
    all_missing(
        &missing,
        |named| format!("同意时须填写 {named}"),
        |named, _| format!("approving needs {named}"),
    )?;
    approver_fields_visible(&app.route.stages, set)?;
    // Nor name themselves for a post their own request shows they do not
    // hold (the main leader as the OKR's supervising leader).
    not_self_without_post(&app.route.field_roles, set, actor, "command.fields")?;
    // The fields the application will hold; its own when none are set (an
    // approval's commonest case), with no copy.
    let after = if set.is_empty() {
        std::borrow::Cow::Borrowed(&app.fields)
    } else {
        let mut after = app.fields.clone();
        after.extend(set.iter().map(|(k, v)| (k.clone(), v.clone())));
        std::borrow::Cow::Owned(after)
    };
    distinct_people(&app.route.distinct_fields, &after, set)?;
    // Nor may a field name the applicant as a later stage's approver where
    // that stage refuses them.
    for (name, person) in set {
        let names_applicant = *person == app.applicant.id;
        let later = app
            .route
            .stages
            .iter()
            .skip(app.stage as usize + 1)
            .find(|s| {
                s.applicant_approver == ApplicantApprover::Refuse
                    && s.approvers
                        .iter()
                        .any(|a| matches!(a, Approver::Field(f) if f == name))
            });
        if let (true, Some(later)) = (names_applicant, later) {
            return Err(own_approval(
                &later.id,
                Some(&format!("command.fields.{name}")),
            ));
        }
    }
    // A value set before is kept by leaving it out, not by a blank.
    if let Some(name) = set.iter().find(|(_, v)| blank(v)).map(|(k, _)| k) {
        return Err(blank_edit(name));
    }
    super::route::canonical_fields(&app.route.field_types, set).map_err(under_command)
}

/// What time does to `app` at `ctx.now`: a reminder when it is due, and on
/// the deadline the stage's timeout action. The host calls it when it
/// likes (a timer, a page load); calling it again changes nothing more.
pub fn tick(app: &Application, ctx: &mut Context<'_>) -> Result<Vec<Event>, Problem> {
    let mut out = tick_accept(app, ctx)?;
    finish_on_copy(Some(app), &mut out)?;
    Ok(out.events)
}

/// `tick` on an application the caller holds, its events applied to
/// `state` as `decide_held` applies a command's. Before submission
/// (`None`) there is nothing to tick (`approval.invalid_transition`).
pub fn tick_held(
    state: &mut Option<Application>,
    ctx: &mut Context<'_>,
) -> Result<Vec<Event>, Problem> {
    let Some(app) = state.as_ref() else {
        return Err(not_submitted(Some("state")));
    };
    let mut out = tick_accept(app, ctx)?;
    finish_held(state, &mut out)?;
    Ok(out.events)
}

/// The reminder and timeout due at `ctx.now`, and what they leave to work out.
fn tick_accept<'a, 'b>(
    app: &Application,
    ctx: &'a mut Context<'b>,
) -> Result<Emitter<'a, 'b>, Problem> {
    keepable_now(ctx.now)?;
    if let Some(problem) = stored_inconsistency(app) {
        return Err(problem);
    }
    not_before_last_change(app, ctx.now)?;
    room_to_advance(app)?;
    let now = ctx.now;
    let mut out = Emitter::new(Some(app), ctx);
    let Some(stage) = app.current_stage() else {
        return Ok(out);
    };
    if app.status != Status::Pending {
        return Ok(out);
    }
    // Checked: a deadline of u32::MAX hours is past chrono's last year.
    let due = |hours: u32| {
        app.stage_started_at
            .checked_add_signed(Duration::hours(i64::from(hours)))
            .is_some_and(|at| at <= now)
    };
    // The day a date field names (stored as YYYY-MM-DD), from 00:00 in
    // Shanghai.
    let day_come = |field: &String| {
        app.fields
            .get(field)
            .and_then(|day| crate::time::parse_date(day).ok())
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .and_then(|midnight| {
                midnight
                    .and_local_timezone(crate::time::shanghai())
                    .single()
            })
            .is_some_and(|at| at <= now)
    };
    let reminder = stage.remind_after_hours.is_some_and(due)
        || stage.remind_on_field.as_ref().is_some_and(day_come);
    let timeout = match (app.timed_out, stage.deadline_hours, &stage.on_timeout) {
        (false, Some(hours), Some(action)) if due(hours) => Some(action),
        _ => None,
    };
    if !app.reminder_given && reminder {
        // A deadline passing in the same tick decides whom: an escalation's
        // person, not those it takes the slots from.
        let awaiting = match timeout {
            Some(TimeoutAction::Escalate(person)) => vec![Candidate::Person(person.clone())],
            _ => app.awaiting(),
        };
        out.emit(Change::ReminderDue {
            stage: app.stage,
            awaiting,
        });
    }
    if let Some(action) = timeout {
        out.emit(Change::TimedOut {
            stage: app.stage,
            action: action.clone(),
        });
        let open: Vec<u32> = app
            .slots
            .iter()
            .filter(|s| s.decision.is_none())
            .map(|s| s.id)
            .collect();
        match action {
            TimeoutAction::AutoApprove => {
                for slot in open {
                    out.emit(Change::AutoApproved {
                        slot,
                        reason: AutoReason::Timeout,
                        by: None,
                    });
                }
                out.then = Then::Settle;
            }
            TimeoutAction::AutoReject => out.emit(Change::StageFailed { stage: app.stage }),
            TimeoutAction::Escalate(person) => {
                for slot in open {
                    out.emit(Change::Escalated {
                        slot,
                        to: person.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// One action and whether the actor may take it now.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Allowed {
    /// The action.
    pub action: Action,
    /// True when it may be taken now.
    pub allowed: bool,
    /// Why not (`approval.forbidden`, `approval.invalid_transition`, or
    /// for an approval, `approval.upload_missing`).
    pub reason: Option<Problem>,
    /// For the approval of someone with a slot to decide: the fields it
    /// must give (the stage's `sets_fields` that hold no value yet), so a
    /// form can ask for them. Empty for every other action.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub fields_required: Vec<String>,
    /// For the same approval: the fields it may give or correct (the
    /// stage's `sets_fields` that hold a value, and its `may_set_fields`).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub fields_optional: Vec<String>,
}

/// A stage whose required uploads are missing cannot pass: the approval
/// that would pass it (`next`) is refused (`approval.upload_missing`).
fn upload_gate(app: &Application, next: &Outcome) -> Result<(), Problem> {
    if !matches!(next, Outcome::Passed) {
        return Ok(());
    }
    let missing = app.missing_uploads();
    if missing.is_empty() {
        return Ok(());
    }
    Err(problem(
        Code::ApprovalUploadMissing,
        Some("command"),
        format!("本环节还需上传：{}", super::route::ticked(&missing)),
        format!(
            "this stage still needs uploads: {}",
            super::route::ticked_en(&missing)
        ),
    )
    .with_detail(serde_json::json!({ "missing": missing })))
}

/// What `actor` may do to `app` at `now`, and why not the rest. No side
/// effects.
///
/// A `now` that `decide` refuses (before the application's last change,
/// or an instant that cannot be kept) refuses every action with
/// `decide`'s own reason. Besides the permission (`permit`), an approval is not allowed while it
/// would pass a stage whose required uploads are missing, as `decide`
/// refuses it (`approval.upload_missing`); a delegate's advice is not held
/// back.
pub fn allowed_actions(app: &Application, actor: &Actor, now: DateTime<Utc>) -> Vec<Allowed> {
    /// A reason placed where `allowed_actions`' own request holds its
    /// cause (`state`, `actor`, `now`): what `decide` finds in the command
    /// is, here, in where the application stands.
    fn in_allowed_request(reason: Problem) -> Problem {
        match reason.field.as_deref() {
            Some(field) if field == "command" || field.starts_with("command.") => {
                reason.at("state")
            }
            _ => reason,
        }
    }
    // A time or a state `decide` would refuse refuses every action alike.
    let when = keepable_now(now)
        .and_then(|()| stored_inconsistency(app).map_or(Ok(()), Err))
        .and_then(|()| not_before_last_change(app, now));
    Action::ALL
        .iter()
        .map(|&action| {
            let verdict = when
                .clone()
                .and_then(|()| permit(app, actor, action))
                .and_then(|()| match action {
                    Action::Approve => match open_slot_of(app, actor) {
                        Some(slot) if !is_delegate(app, slot, actor) => {
                            let also = slots_also(app, slot, actor, true);
                            upload_gate(app, &outcome_if(app, slot, &also, true))
                        }
                        _ => Ok(()),
                    },
                    _ => Ok(()),
                });
            let (fields_required, fields_optional) = match action {
                Action::Approve => approval_fields(app, actor),
                _ => Default::default(),
            };
            Allowed {
                action,
                allowed: verdict.is_ok(),
                reason: verdict.err().map(in_allowed_request),
                fields_required,
                fields_optional,
            }
        })
        .collect()
}

/// The fields `actor`'s approval must give and may give now, when they
/// have a slot of the current stage to decide (a delegate only advises).
fn approval_fields(app: &Application, actor: &Actor) -> (Vec<String>, Vec<String>) {
    let deciding = open_slot_of(app, actor).is_some_and(|slot| !is_delegate(app, slot, actor));
    let Some(stage) = app
        .current_stage()
        .filter(|_| deciding && app.status == Status::Pending)
    else {
        return Default::default();
    };
    let (held, required): (Vec<String>, Vec<String>) = stage
        .sets_fields
        .iter()
        .cloned()
        .partition(|n| app.holds(n));
    let optional = held
        .into_iter()
        .chain(stage.may_set_fields.iter().cloned())
        .collect();
    (required, optional)
}
