//! An application's state, the events that change it, and `evolve`: the
//! one function that applies an event. State is only ever built by
//! replaying events, so the history and the state cannot disagree.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::fingerprint::Fingerprint;
use super::id::Id;
pub use super::request_log::RequestLog;
use super::route::{Completion, Fields, ResubmitTo, RouteStage, TimeoutAction};

pub use super::people::People;

/// Version of the event schema written today.
pub const EVENT_SCHEMA: u32 = 1;

/// Who gives a command: their id, roles, organisation, area and supervising
/// leader (for routes that name the applicant's).
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Stable person id.
    pub id: Id,
    /// Roles held (`mayor`, `finance_bureau`, …).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub roles: Vec<Id>,
    /// Organisation (department, village, enterprise).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub org: Option<Id>,
    /// Area (county, district).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub area: Option<Id>,
    /// Their supervising leader's person id (分管领导).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub supervisor: Option<Id>,
}

impl Actor {
    /// A person with roles, in no organisation.
    pub fn new(id: &str, roles: &[&str]) -> Actor {
        Actor {
            id: Id::new(id),
            roles: roles.iter().map(|r| Id::new(r)).collect(),
            ..Actor::default()
        }
    }

    pub(crate) fn holds(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

/// Who may fill a slot, once the route's approver is resolved for this
/// application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Candidate {
    /// This person.
    Person(Id),
    /// Anyone holding the role (in this organisation or area, when given).
    Role {
        /// The role.
        role: Id,
        /// Only in this organisation.
        #[serde(default)]
        org: Option<Id>,
        /// Only in this area.
        #[serde(default)]
        area: Option<Id>,
    },
    /// Nobody: the slot passed automatically.
    Nobody,
}

impl Candidate {
    /// True when `actor` fills this slot.
    pub fn admits(&self, actor: &Actor) -> bool {
        match self {
            Candidate::Person(id) => *id == actor.id,
            Candidate::Role { role, org, area } => {
                actor.holds(role)
                    && org.as_ref().is_none_or(|o| actor.org.as_ref() == Some(o))
                    && area.as_ref().is_none_or(|a| actor.area.as_ref() == Some(a))
            }
            Candidate::Nobody => false,
        }
    }
}

/// One slot of the current stage: one approver's part in it.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// Number within the application (never reused).
    pub id: u32,
    /// Who fills it.
    pub candidate: Candidate,
    /// Slots that must approve before this one may act (依次, 加签).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub waiting_for: Vec<u32>,
    /// Its decision, once made.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub decision: Option<SlotDecision>,
    /// 委派: the person asked to decide on the slot's behalf.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub delegated_to: Option<Id>,
    /// What the delegate advised, once answered.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub delegate_advice: Option<bool>,
    /// Who added it (加签), if it was added.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub added_by: Option<Id>,
    /// Who handed it to its person by 转办, if it was handed (absent when
    /// not, so states kept before read alike).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transferred_by: Option<Id>,
    /// The post (role) its person must hold to decide it, as the route
    /// names it for a picked approver, the supervising leader or a person
    /// a field names (`pick_roles`, `supervisor_role`, `field_roles`):
    /// the applicant names the person, the route the post. Absent when the
    /// slot asks for none (and on slots handed on by 转办 or escalation).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_hold: Option<Id>,
    /// The holder of its role who took it by acting on it (认领: a 委派
    /// or a 加签 of theirs): from then on only they decide it, as the
    /// delegate's advice and the added signer's decision come back to
    /// them. Absent while nobody has (and on slots naming a person).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<Id>,
}

impl Slot {
    /// True when `actor` fills this slot: its candidate, holding the post
    /// it asks for, if any, and its claimant if a holder of its role took it.
    pub fn admits(&self, actor: &Actor) -> bool {
        self.candidate.admits(actor)
            && self.must_hold.as_ref().is_none_or(|r| actor.holds(r))
            && self.claimed_by.as_ref().is_none_or(|c| *c == actor.id)
    }

    /// True when the slot is `person`'s own: it names them, or they took
    /// it as a holder of its role.
    pub fn names(&self, person: &str) -> bool {
        matches!(&self.candidate, Candidate::Person(p) if p == person)
            || self.claimed_by.as_deref() == Some(person)
    }

    /// Handed to its person by someone at the stage (转办, 加签), not given
    /// by the route: decided by a decision of its own, never with the
    /// person's other parts, so a 会签 keeps every signature it asked for.
    pub fn handed(&self) -> bool {
        self.added_by.is_some() || self.transferred_by.is_some()
    }
}

/// A slot's decision.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct SlotDecision {
    /// Approved (true) or rejected.
    pub approved: bool,
    /// Who decided; `None` when the slot passed automatically.
    pub by: Option<Actor>,
    /// Why it passed automatically, if it did.
    pub auto: Option<AutoReason>,
}

/// Why a slot passed without anyone deciding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum AutoReason {
    /// The applicant is the approver and the stage skips them.
    ApplicantSkipped,
    /// 去重: the approver approved the stage just before.
    Dedupe,
    /// No approver could be resolved and the stage passes such slots.
    NoApprover,
    /// The stage timed out and its timeout approves.
    Timeout,
}

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A stage awaits decisions (审批中).
    Pending,
    /// Returned to the applicant (已退回), who may edit and resubmit.
    Returned,
    /// Completed and filed (已备案).
    Filed,
    /// Completed and published (已发布).
    Published,
    /// Rejected (已驳回): ends the application.
    Rejected,
    /// Withdrawn by the applicant (已撤回): ends the application.
    Withdrawn,
    /// Published, then delisted (已下架): ends it for good.
    Delisted,
}

impl Status {
    /// Its name in Chinese, as the portals show it (审批中, 已下架).
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Pending => "审批中",
            Status::Returned => "已退回",
            Status::Filed => "已备案",
            Status::Published => "已发布",
            Status::Rejected => "已驳回",
            Status::Withdrawn => "已撤回",
            Status::Delisted => "已下架",
        }
    }

    /// Every status, in the order an application can reach them.
    pub const ALL: [Status; 7] = [
        Status::Pending,
        Status::Returned,
        Status::Filed,
        Status::Published,
        Status::Rejected,
        Status::Withdrawn,
        Status::Delisted,
    ];

    /// Its name in Chinese in a route's own words (`labels`, its
    /// `status_labels`: a listed product is 已上架), else the engine's.
    pub fn label_in(self, labels: &super::route::Fields) -> &str {
        labels
            .get(self.label_en())
            .map_or(self.label_zh(), String::as_str)
    }

    /// Its name in English (as in JSON).
    pub fn label_en(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Returned => "returned",
            Status::Filed => "filed",
            Status::Published => "published",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
            Status::Delisted => "delisted",
        }
    }

    /// True when the application's review is over: it accepts no approval
    /// command (a published one may still be delisted, 下架).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Filed
                | Status::Published
                | Status::Rejected
                | Status::Withdrawn
                | Status::Delisted
        )
    }
}

/// What the application runs on: the chosen branch of its route, copied at
/// submission so later edits of the route do not change it.
///
/// Applications and their submission events hold it as a [`SharedRoute`].
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RouteSnapshot {
    /// The route's id (the application's type in lists).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its version label.
    pub version: Option<String>,
    /// The chosen branch.
    pub branch: String,
    /// The conditions that chose it, as people write them.
    pub chosen_by: Vec<String>,
    /// Those conditions, and the types of the fields they read: an edit on
    /// resubmission must still satisfy them.
    pub conditions: Vec<super::route::Condition>,
    /// The route's declared fields.
    pub field_types: super::route::FieldTypes,
    /// The branch's stages.
    pub stages: Vec<RouteStage>,
    /// What completion does.
    pub on_complete: Completion,
    /// Roles that may delist it once published, besides its applicant.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub delist_roles: Vec<String>,
    /// Where a resubmission goes.
    pub resubmit_to: ResubmitTo,
    /// 去重.
    pub dedupe: bool,
    /// The posts picked approvers must hold, by pick (the route's).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pick_roles: super::route::Fields,
    /// The post the supervising leader must hold (the route's).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervisor_role: Option<String>,
    /// The posts people named by fields must hold, by field (the route's).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_roles: super::route::Fields,
    /// The route's own words for statuses, by status name (the route's).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub status_labels: super::route::Fields,
    /// Fields that must name different people (the route's).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distinct_fields: Vec<String>,
}

impl RouteSnapshot {
    /// The post the person `approver` resolves to must hold to decide
    /// (see [`Slot::must_hold`]).
    pub(crate) fn post_of(&self, approver: &super::route::Approver) -> Option<Id> {
        let post = match approver {
            super::route::Approver::Picked(name) => self.pick_roles.get(name),
            super::route::Approver::SupervisingLeader => self.supervisor_role.as_ref(),
            super::route::Approver::Field(name) => self.field_roles.get(name),
            _ => None,
        };
        post.map(Id::from)
    }
}

/// A [`RouteSnapshot`] shared, not copied: every decision works on a copy
/// of the application, and the stages (approvers, names, uploads) are most
/// of its bytes and never change after submission. Reads as the snapshot
/// itself (`app.route.stages`); crosses JSON and every binding as one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedRoute(std::sync::Arc<RouteSnapshot>);

impl SharedRoute {
    /// The snapshot, copied out of the share.
    pub fn to_snapshot(&self) -> RouteSnapshot {
        RouteSnapshot::clone(&self.0)
    }
}

impl From<RouteSnapshot> for SharedRoute {
    fn from(snapshot: RouteSnapshot) -> SharedRoute {
        SharedRoute(std::sync::Arc::new(snapshot))
    }
}

impl std::ops::Deref for SharedRoute {
    type Target = RouteSnapshot;
    fn deref(&self) -> &RouteSnapshot {
        &self.0
    }
}

impl Serialize for SharedRoute {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SharedRoute {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<SharedRoute, D::Error> {
        RouteSnapshot::deserialize(deserializer).map(SharedRoute::from)
    }
}

/// A file uploaded at a stage.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Upload {
    /// The stage.
    pub stage: String,
    /// Its kind (`meeting_minutes`).
    pub kind: String,
    /// The files (host references).
    pub files: Vec<String>,
    /// Who uploaded.
    pub by: Id,
    /// When.
    #[serde(with = "crate::time::instant_utc")]
    pub at: DateTime<Utc>,
}

/// One application on its route.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// Its id (UUID v7).
    pub id: Uuid,
    /// Its name (申请名称).
    pub name: String,
    /// Its route, as chosen at submission.
    pub route: SharedRoute,
    /// Its field values.
    pub fields: Fields,
    /// The people the applicant picked, by slot name.
    pub picks: Fields,
    /// The applicant.
    pub applicant: Actor,
    /// Submitted at.
    #[serde(with = "crate::time::instant_utc")]
    pub created_at: DateTime<Utc>,
    /// Last changed at.
    #[serde(with = "crate::time::instant_utc")]
    pub updated_at: DateTime<Utc>,
    /// Where it stands.
    pub status: Status,
    /// Index of the current stage.
    pub stage: u32,
    /// When the current stage started (deadlines count from it).
    #[serde(with = "crate::time::instant_utc")]
    pub stage_started_at: DateTime<Utc>,
    /// The current stage's reminder has been given.
    pub reminder_given: bool,
    /// The current stage has timed out.
    pub timed_out: bool,
    /// The current stage's slots.
    pub slots: Vec<Slot>,
    /// The next slot number.
    pub next_slot: u32,
    /// The stage that returned it, while returned.
    pub returned_from: Option<u32>,
    /// Every upload, in order.
    pub uploads: Vec<Upload>,
    /// How many of `uploads` came before the current stage last started:
    /// a stage sent back starts afresh, so only the later ones count
    /// towards its required uploads.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub stage_uploads_from: u32,
    /// People copied (抄送).
    pub cc: People,
    /// People who handled it at some stage (their 已办): decided, returned
    /// it (退回), advised as a delegate, or handed their part on (转办).
    pub deciders: People,
    /// Events applied so far (the stream version).
    pub version: u64,
    /// Requests already applied: id → fingerprint of the command.
    pub requests: RequestLog,
}

/// The largest version an application keeps: a store's signed 64-bit
/// column (SQL's BIGINT) holds it. No command takes a version past it
/// (`decide` refuses one that could), and a state beyond it is inconsistent.
pub const MAX_VERSION: u64 = i64::MAX.unsigned_abs();

impl Application {
    /// Why this cannot be an application the engine left (a stored one
    /// damaged or edited by hand), if it cannot: `request.invalid` at the
    /// part that is wrong (`stage`, `route.stages`…, relative to the
    /// application). Strict reading refuses a state of the wrong shape;
    /// this refuses one of the right shape that no command could have
    /// made, which the engine would otherwise meet as a defect of its own.
    pub fn inconsistency(&self) -> Option<crate::error::Problem> {
        use crate::error::{Code, Problem};
        let stages = self.route.stages.len();
        let wrong = |field: &str, zh: String, en: String| {
            Some(Problem::new(
                Code::InvalidRequest,
                Some(field),
                format!("申请状态不一致：{zh}"),
                format!("the application's state is inconsistent: {en}"),
            ))
        };
        let beyond = |index: u32| usize::try_from(index).map_or(true, |i| i >= stages);
        if stages == 0 {
            return wrong(
                "route.stages",
                "其路线没有环节".into(),
                "its route has no stages".into(),
            );
        }
        if beyond(self.stage) {
            return wrong(
                "stage",
                format!("环节序号 `{}` 不在其路线的 {stages} 个环节之内", self.stage),
                format!(
                    "stage `{}` is not one of its route's {stages} stages (0 to {})",
                    self.stage,
                    stages - 1
                ),
            );
        }
        if let Some(from) = self.returned_from
            && beyond(from)
        {
            return wrong(
                "returned_from",
                format!("退回环节序号 `{from}` 不在其路线的 {stages} 个环节之内"),
                format!("`returned_from` `{from}` is not one of its route's {stages} stages"),
            );
        }
        if let Some(i) = self
            .route
            .stages
            .iter()
            .position(|s| s.approvers.is_empty())
        {
            return wrong(
                &format!("route.stages[{i}].approvers"),
                "其路线的环节没有审批人".into(),
                "a stage of its route has no approvers".into(),
            );
        }
        if crate::validate::is_blank(&self.applicant.id) {
            return wrong(
                "applicant.id",
                "申请人编号为空".into(),
                "its applicant's id is empty".into(),
            );
        }
        if self.version == 0 {
            return wrong(
                "version",
                "版本为 0，而提交即为版本 1".into(),
                "its version is 0, and a submission is version 1".into(),
            );
        }
        // A version counts events: no stream reaches 2^63, and a store keeps
        // it in a signed 64-bit column (SQL's BIGINT). Past that it could
        // not advance far before saturating, so two commands would answer
        // the same version and optimistic concurrency would not tell them.
        if self.version > MAX_VERSION {
            return wrong(
                "version",
                format!(
                    "版本 `{}` 超出有符号 64 位整数（存储所用的长整型列）",
                    self.version
                ),
                format!(
                    "its version `{}` is beyond a signed 64-bit integer (a store's BIGINT)",
                    self.version
                ),
            );
        }
        if self.updated_at < self.created_at {
            return wrong(
                "updated_at",
                "最近变更早于提交时间".into(),
                "it last changed before it was submitted".into(),
            );
        }
        if self.status == Status::Pending && self.slots.is_empty() {
            return wrong(
                "slots",
                "审批中却没有审批位，无人能处理".into(),
                "it is pending with no slots: nobody could act on it".into(),
            );
        }
        // What leaving a stage leaves: a return to the applicant and a
        // completion clear the slots, and only the last stage completes.
        let (status_zh, status_en) = (self.status.label_zh(), self.status.label_en());
        if matches!(
            self.status,
            Status::Returned | Status::Filed | Status::Published | Status::Delisted
        ) && !self.slots.is_empty()
        {
            return wrong(
                "slots",
                format!("状态为{status_zh}，却仍有审批位"),
                format!("it is {status_en}, yet it has slots"),
            );
        }
        // Only a stage starting makes it pending, and that clears the
        // stage that returned it.
        if self.status == Status::Pending && self.returned_from.is_some() {
            return wrong(
                "returned_from",
                "状态为审批中，却记着退回它的环节".into(),
                "it is pending, yet it records a stage that returned it".into(),
            );
        }
        // What completes it is the route's: filed, or published.
        let completed_as = match self.status {
            Status::Filed => Some(Completion::File),
            Status::Published | Status::Delisted => Some(Completion::Publish),
            _ => None,
        };
        if completed_as.is_some_and(|c| c != self.route.on_complete) {
            return wrong(
                "status",
                format!("状态为{status_zh}，而其路线完成时并不如此"),
                format!("it is {status_en}, which its route does not do on completion"),
            );
        }
        if self.status == Status::Returned && self.returned_from.is_none() {
            return wrong(
                "returned_from",
                "状态为已退回，却没有退回它的环节".into(),
                "it is returned, with no stage that returned it".into(),
            );
        }
        if matches!(
            self.status,
            Status::Filed | Status::Published | Status::Delisted
        ) && usize::try_from(self.stage).map_or(true, |s| s.saturating_add(1) != stages)
        {
            return wrong(
                "status",
                format!(
                    "状态为{status_zh}，而只有最后一个环节通过才会如此，它却在环节 `{}`",
                    self.stage
                ),
                format!(
                    "it is {status_en}, which only its last stage passing makes, yet it is at stage `{}`",
                    self.stage
                ),
            );
        }
        // Its fields as the route keeps them: declared, and each in its
        // canonical text (an amount `6000.00`, a choice among its values).
        // Checked without copying them: this runs on every state given to
        // `decide`.
        // Undeclared as a submission judges it (a route declaring no fields
        // takes any).
        if let Err(p) = super::route::undeclared_field(&self.route.field_types, &self.fields) {
            let at = p.field.clone().unwrap_or_else(|| "fields".to_owned());
            return wrong(&at, p.message_zh, p.message_en);
        }
        for (name, value) in &self.fields {
            let Some(kind) = self.route.field_types.get(name) else {
                continue;
            };
            match kind.kept(value) {
                Ok(true) => {}
                Ok(false) => {
                    return wrong(
                        &format!("fields.{name}"),
                        format!("字段 `{}` 不是路线保存的写法", crate::error::echo(name)),
                        format!(
                            "field `{}` is not written as the route keeps it",
                            crate::error::echo(name)
                        ),
                    );
                }
                Err(p) => return wrong(&format!("fields.{name}"), p.message_zh, p.message_en),
            }
        }
        if let Some(c) = self
            .route
            .conditions
            .iter()
            .find(|c| !c.holds(&self.fields, &self.route.field_types))
        {
            return wrong(
                &format!("fields.{}", c.field),
                format!(
                    "字段 `{}` 不符合其所走分支的条件（`{}`）",
                    crate::error::echo(&c.field),
                    c.describe()
                ),
                format!(
                    "field `{}` does not fit the branch it takes ({})",
                    crate::error::echo(&c.field),
                    c.describe()
                ),
            );
        }
        for (i, slot) in self.slots.iter().enumerate() {
            if let Some(w) = slot
                .waiting_for
                .iter()
                .find(|w| **w == slot.id || !self.slots.iter().any(|s| s.id == **w))
            {
                return wrong(
                    &format!("slots[{i}].waiting_for"),
                    format!("审批位 `{}` 等待的审批位 `{w}` 不存在或就是它自己", slot.id),
                    format!(
                        "slot `{}` waits for slot `{w}`, which is itself or none of its slots",
                        slot.id
                    ),
                );
            }
            // Only a slot of a role is taken (认领): a person's is theirs.
            if slot.claimed_by.is_some() && !matches!(slot.candidate, Candidate::Role { .. }) {
                return wrong(
                    &format!("slots[{i}].claimed_by"),
                    format!("审批位 `{}` 不是角色的审批位，不能被认领", slot.id),
                    format!("slot `{}` is not a role's: nobody takes it", slot.id),
                );
            }
            if self.slots.iter().take(i).any(|s| s.id == slot.id) {
                return wrong(
                    &format!("slots[{i}].id"),
                    format!("审批位 `{}` 重复", slot.id),
                    format!("slot `{}` appears twice", slot.id),
                );
            }
            if slot.id >= self.next_slot {
                return wrong(
                    "next_slot",
                    format!(
                        "下一个审批位编号 `{}` 不大于已有的 `{}`",
                        self.next_slot, slot.id
                    ),
                    format!(
                        "`next_slot` `{}` is not above slot `{}`",
                        self.next_slot, slot.id
                    ),
                );
            }
        }
        if usize::try_from(self.stage_uploads_from).map_or(true, |n| n > self.uploads.len()) {
            return wrong(
                "stage_uploads_from",
                format!(
                    "`stage_uploads_from` `{}` 超过已上传的 {} 项",
                    self.stage_uploads_from,
                    self.uploads.len()
                ),
                format!(
                    "`stage_uploads_from` `{}` is beyond its {} uploads",
                    self.stage_uploads_from,
                    self.uploads.len()
                ),
            );
        }
        None
    }

    /// Its status in Chinese, in its route's words when the route has its
    /// own (`status_labels`: a listed product is 已上架), else the engine's.
    pub fn status_label_zh(&self) -> &str {
        self.status.label_in(&self.route.status_labels)
    }

    /// The current stage, while there is one.
    pub fn current_stage(&self) -> Option<&RouteStage> {
        self.route.stages.get(self.stage as usize)
    }

    /// True when the slot may act now: undecided, every slot it waits for
    /// approved, not handed to a delegate.
    pub fn slot_open(&self, slot: &Slot) -> bool {
        slot.decision.is_none() && slot.waiting_for.iter().all(|w| self.releases(*w))
    }

    /// True when slot `waited` is decided so that the slots waiting for it
    /// open: approved, or in a vote decided either way (a rejection does
    /// not end a vote).
    pub(crate) fn releases(&self, waited: u32) -> bool {
        let vote = self.stage_votes();
        self.slots
            .iter()
            .any(|s| s.id == waited && s.decision.as_ref().is_some_and(|d| d.approved || vote))
    }

    /// True when the current stage is a vote (票签).
    pub(crate) fn stage_votes(&self) -> bool {
        self.current_stage()
            .is_some_and(|s| s.mode == super::route::Mode::Vote)
    }

    /// Who it waits for, each once: the candidates of the current stage's
    /// open slots (a delegated slot's delegate, a claimed one's claimant),
    /// or the applicant while it is
    /// returned; nobody once it is filed, published, rejected or
    /// withdrawn. A role stands for whoever holds it (in the organisation
    /// or area given): the host knows who does.
    pub fn awaiting(&self) -> Vec<Candidate> {
        match self.status {
            Status::Pending => {
                let mut awaiting: Vec<Candidate> = Vec::new();
                let open = self.slots.iter().filter(|s| self.slot_open(s));
                for slot in open {
                    let candidate = match (&slot.delegated_to, &slot.claimed_by) {
                        (Some(delegate), _) => Candidate::Person(delegate.clone()),
                        (None, Some(claimant)) => Candidate::Person(claimant.clone()),
                        (None, None) => slot.candidate.clone(),
                    };
                    // Named once: an escalation can give one person
                    // several slots.
                    if !awaiting.contains(&candidate) {
                        awaiting.push(candidate);
                    }
                }
                awaiting
            }
            Status::Returned => vec![Candidate::Person(self.applicant.id.clone())],
            _ => Vec::new(),
        }
    }

    /// True when `person` has decided a slot of the current stage (one
    /// person decides once per stage).
    pub fn decided_here(&self, person: &str) -> bool {
        self.slots.iter().any(|s| {
            s.decision
                .as_ref()
                .and_then(|d| d.by.as_ref())
                .is_some_and(|by| by.id == person)
        })
    }

    /// The candidates of the current stage's slots `person` decided: the
    /// roles (and names) they have signed for here.
    pub(crate) fn roles_decided_by(&self, person: &str) -> Vec<&Candidate> {
        self.slots
            .iter()
            .filter(|s| {
                s.decision
                    .as_ref()
                    .and_then(|d| d.by.as_ref())
                    .is_some_and(|by| by.id == person)
            })
            .map(|s| &s.candidate)
            .collect()
    }

    /// True when `slot` is a part of the stage that is `actor`'s to decide
    /// with the decisions they give here (see `slots_also`): it names them,
    /// or, outside a vote, it is a slot of a role they hold that none of
    /// `roles` (the slots they decide) has.
    pub(crate) fn part_of(&self, slot: &Slot, actor: &Actor, roles: &[&Candidate]) -> bool {
        match &slot.candidate {
            Candidate::Person(_) => slot.admits(actor),
            role @ Candidate::Role { .. } => {
                !self.stage_votes() && slot.admits(actor) && !roles.contains(&role)
            }
            Candidate::Nobody => false,
        }
    }

    /// True when `person` already has a part in the current stage: they
    /// decided a slot, or an undecided slot is theirs (it names them, or
    /// they took it) or is delegated to them.
    pub fn has_part_here(&self, person: &str) -> bool {
        self.decided_here(person)
            || self.slots.iter().any(|s| {
                s.decision.is_none()
                    && (s.names(person) || s.delegated_to.as_deref() == Some(person))
            })
    }

    /// True when field `name` holds a value (a blank is none).
    pub fn holds(&self, name: &str) -> bool {
        self.fields.get(name).is_some_and(|v| !v.trim().is_empty())
    }

    /// The kinds of upload the current stage still needs.
    pub fn missing_uploads(&self) -> Vec<String> {
        let Some(stage) = self.current_stage() else {
            return Vec::new();
        };
        stage
            .required_uploads
            .iter()
            .filter(|kind| {
                !self
                    .uploads
                    .iter()
                    .skip(self.stage_uploads_from as usize)
                    .any(|u| u.stage == stage.id && &u.kind == *kind)
            })
            .cloned()
            .collect()
    }
}

/// A client request's identity: its id and a fingerprint of the command,
/// so a retry is told from a different command under the same id.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RequestRef {
    /// The client's request id.
    pub id: Id,
    /// XXH3-128 of the actor and command, as `xxh3:` and 32 hex digits
    /// (text, so JavaScript keeps every bit). Streams recorded before it
    /// hold SipHash-1-3 128 (32 hex digits) or FNV-1a 64 of their JSON (16),
    /// still honoured.
    pub fingerprint: Fingerprint,
}

/// One accepted change.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The event's id (UUID v7).
    pub id: Uuid,
    /// The application's id.
    pub application: Uuid,
    /// The stream version this event makes (1 for the submission).
    pub version: u64,
    /// When (UTC).
    #[serde(with = "crate::time::instant_utc")]
    pub at: DateTime<Utc>,
    /// Who gave the command; `None` for what the engine did (`tick`).
    pub actor: Option<Id>,
    /// The client request that caused it.
    pub request: Option<RequestRef>,
    /// The event schema version ([`EVENT_SCHEMA`]).
    pub schema: u32,
    /// What changed.
    pub change: Change,
}

crate::decode::tagged_enum! {
    /// What an event changed.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
    #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
    #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
    #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
    pub enum Change decode as ChangeVariants(
        remote = "Change", rename_all = "snake_case", deny_unknown_fields
    ) {
        /// Submitted (提交申请).
        Submitted {
            /// Its name.
            name: String,
            /// The route as chosen.
            route: SharedRoute,
            /// The applicant.
            applicant: Actor,
            /// Field values.
            fields: Fields,
            /// Picked people.
            picks: Fields,
        },
        /// A stage started with these slots.
        StageStarted {
            /// Its index.
            stage: u32,
            /// Its slots.
            slots: Vec<Slot>,
        },
        /// A slot decided (审批意见): approved or rejected.
        Decided {
            /// The slot.
            slot: u32,
            /// Approved (true) or rejected.
            approved: bool,
            /// Who.
            by: Actor,
            /// Comment.
            comment: Option<String>,
            /// Attachments (host references).
            attachments: Vec<String>,
            /// Fields the approval set (`sets_fields`, `may_set_fields`).
            #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
            fields: Fields,
        },
        /// A slot passed automatically.
        AutoApproved {
            /// The slot.
            slot: u32,
            /// Why.
            reason: AutoReason,
            /// Whose approval at the stage before it stands for (去重,
            /// `dedupe`): they count as its approver, so a third stage of
            /// theirs passes too. `None` for the other reasons.
            #[serde(default)]
            by: Option<Actor>,
        },
        /// A delegate (委派) gave their advice; the slot is back with its holder.
        DelegateAnswered {
            /// The slot.
            slot: u32,
            /// Approve (true) or reject advised.
            approve: bool,
            /// Comment.
            comment: Option<String>,
        },
        /// The current stage passed.
        StageCompleted {
            /// Its index.
            stage: u32,
        },
        /// The current stage failed: the application is rejected.
        StageFailed {
            /// Its index.
            stage: u32,
        },
        /// 退回: to the applicant (`to` = None) or to an earlier stage.
        Returned {
            /// The stage that returned it.
            from: u32,
            /// The stage it goes back to, or the applicant.
            to: Option<u32>,
            /// Comment.
            comment: Option<String>,
            /// Attachments (absent when none, so events kept before read
            /// alike).
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            attachments: Vec<String>,
        },
        /// 撤回 by the applicant.
        Withdrawn {
            /// Comment.
            comment: Option<String>,
        },
        /// Delisted (下架) after it was published.
        Delisted {
            /// Why.
            comment: Option<String>,
        },
        /// Resubmitted after a return, with these fields.
        Resubmitted {
            /// The fields after the edit.
            fields: Fields,
            /// Comment.
            comment: Option<String>,
            /// The picks after the edit, when it picked anyone anew (absent
            /// when not, so events kept before read alike).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            picks: Option<Fields>,
        },
        /// 转办: a slot passes to another person.
        Transferred {
            /// The slot.
            slot: u32,
            /// To whom.
            to: Id,
            /// Comment.
            comment: Option<String>,
        },
        /// 委派: a slot's holder asks someone to advise.
        Delegated {
            /// The slot.
            slot: u32,
            /// To whom.
            to: Id,
            /// Comment.
            comment: Option<String>,
            /// True when the slot is a role's, which the delegator takes
            /// by delegating it (see `Slot::claimed_by`); absent when
            /// false, and in events kept before claims were recorded,
            /// which replay as they ran.
            #[serde(default, skip_serializing_if = "std::ops::Not::not")]
            claims: bool,
        },
        /// 加签: a slot added.
        SignerAdded {
            /// The new slot (boxed: the largest change by far, it would make
            /// every event as large, and events are built and moved with
            /// every command).
            slot: Box<Slot>,
            /// The slot it was added before (that slot now waits for it), if any.
            before: Option<u32>,
            /// The adder's slot when it is a slot of a role they took by
            /// adding (see `Slot::claimed_by`); absent otherwise, and in
            /// events kept before claims were recorded.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            claims: Option<u32>,
        },
        /// 减签: an added slot removed.
        SignerRemoved {
            /// The slot.
            slot: u32,
        },
        /// 抄送.
        Copied {
            /// Who.
            people: Vec<Id>,
        },
        /// 催办 by the applicant.
        Reminded {
            /// The stage.
            stage: u32,
            /// Who is reminded: whom the stage waits for
            /// ([`Application::awaiting`]). Empty in events written before
            /// it was recorded.
            #[serde(default)]
            awaiting: Vec<Candidate>,
        },
        /// A file uploaded.
        Uploaded {
            /// Its kind.
            kind: String,
            /// The files.
            files: Vec<String>,
        },
        /// The stage's reminder time passed (`tick`).
        ReminderDue {
            /// The stage.
            stage: u32,
            /// Whom to remind: whom the stage waits for
            /// ([`Application::awaiting`]). Empty in events written before
            /// it was recorded.
            #[serde(default)]
            awaiting: Vec<Candidate>,
        },
        /// The stage's deadline passed (`tick`).
        TimedOut {
            /// The stage.
            stage: u32,
            /// What the route says to do.
            action: TimeoutAction,
        },
        /// A slot passed to someone else on timeout.
        Escalated {
            /// The slot.
            slot: u32,
            /// To whom.
            to: Id,
        },
        /// Completed: filed (备案) or published.
        Completed {
            /// Which.
            outcome: Completion,
        },
    }
}

/// Applies one event. Events come from `decide` or `tick` (or a store that
/// kept them), so they are trusted: an event that does not fit the state
/// leaves the parts it cannot apply unchanged rather than failing.
pub fn evolve(state: Option<Application>, event: &Event) -> Option<Application> {
    let mut state = state;
    evolve_held(&mut state, event);
    state
}

/// `evolve` of an application the caller holds, where it is (a moved
/// application is a copy of a few hundred bytes, twice per event).
pub fn evolve_held(state: &mut Option<Application>, event: &Event) {
    if let Change::Submitted {
        name,
        route,
        applicant,
        fields,
        picks,
    } = &event.change
    {
        *state = Some(Application {
            id: event.application,
            name: name.clone(),
            route: route.clone(),
            fields: fields.clone(),
            picks: picks.clone(),
            applicant: applicant.clone(),
            created_at: event.at,
            updated_at: event.at,
            status: Status::Pending,
            stage: 0,
            stage_started_at: event.at,
            reminder_given: false,
            timed_out: false,
            slots: Vec::new(),
            next_slot: 0,
            returned_from: None,
            uploads: Vec::new(),
            stage_uploads_from: 0,
            cc: People::new(),
            deciders: People::new(),
            version: 0,
            // Room for a command per approver and the submission, up to 64
            // (a copy of the application copies the room too): the log
            // seldom grows, and growing rehashes it.
            requests: RequestLog::with_capacity(
                route
                    .stages
                    .iter()
                    .fold(1, |n: usize, s| n.saturating_add(s.approvers.len()))
                    .min(64),
            ),
        });
    }
    let Some(app) = state.as_mut() else {
        return;
    };
    apply(app, event);
    app.version = event.version;
    app.updated_at = event.at;
    // A command's events all name its request: logged once, not copied
    // again for each.
    if let Some(request) = &event.request {
        app.requests.record(&request.id, &request.fingerprint);
    }
}

fn slot_mut(app: &mut Application, id: u32) -> Option<&mut Slot> {
    app.slots.iter_mut().find(|s| s.id == id)
}

fn apply(app: &mut Application, event: &Event) {
    match &event.change {
        Change::Submitted { .. } => {}
        Change::StageStarted { stage, slots } => {
            app.status = Status::Pending;
            app.stage = *stage;
            app.stage_started_at = event.at;
            app.stage_uploads_from = u32::try_from(app.uploads.len()).unwrap_or(u32::MAX);
            app.reminder_given = false;
            app.timed_out = false;
            app.returned_from = None;
            app.next_slot = slots
                .iter()
                .map(|s| s.id.saturating_add(1))
                .max()
                .unwrap_or(app.next_slot)
                .max(app.next_slot);
            // Into the last stage's room: no allocation when it fits.
            app.slots.clone_from(slots);
        }
        Change::Decided {
            slot,
            approved,
            by,
            fields,
            ..
        } => {
            app.deciders.insert(by.id.clone());
            app.fields
                .extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
            if let Some(s) = slot_mut(app, *slot) {
                s.decision = Some(SlotDecision {
                    approved: *approved,
                    by: Some(by.clone()),
                    auto: None,
                });
            }
        }
        Change::AutoApproved { slot, reason, by } => {
            if let Some(s) = slot_mut(app, *slot) {
                s.decision = Some(SlotDecision {
                    approved: true,
                    by: by.clone(),
                    auto: Some(*reason),
                });
            }
        }
        Change::DelegateAnswered { slot, approve, .. } => {
            if let Some(s) = slot_mut(app, *slot) {
                s.delegated_to = None;
                s.delegate_advice = Some(*approve);
            }
            if let Some(actor) = &event.actor {
                app.deciders.insert(actor.clone());
            }
        }
        Change::StageCompleted { .. } => {}
        Change::StageFailed { .. } => app.status = Status::Rejected,
        Change::Returned { from, to, .. } => {
            if to.is_none() {
                app.status = Status::Returned;
                app.returned_from = Some(*from);
                app.slots.clear();
            }
            if let Some(actor) = &event.actor {
                app.deciders.insert(actor.clone());
            }
        }
        Change::Withdrawn { .. } => app.status = Status::Withdrawn,
        Change::Delisted { .. } => app.status = Status::Delisted,
        Change::Resubmitted { fields, picks, .. } => {
            app.fields = fields.clone();
            if let Some(picks) = picks {
                app.picks = picks.clone();
            }
        }
        Change::Transferred { slot, to, .. } => {
            // The person it is handed to decides it as themselves: whoever
            // held the post chose them.
            if let Some(s) = slot_mut(app, *slot) {
                s.candidate = Candidate::Person(to.clone());
                s.delegated_to = None;
                s.transferred_by.clone_from(&event.actor);
                s.must_hold = None;
                s.claimed_by = None;
            }
            // Handing one's part on is handling it: on their 已办 (as
            // warm-flow keeps a 转办 in its task history, which its 已办
            // lists).
            if let Some(actor) = &event.actor {
                app.deciders.insert(actor.clone());
            }
        }
        Change::Escalated { slot, to } => {
            // Escalated slots are the escalation's person's own: one
            // decision of theirs decides them all.
            if let Some(s) = slot_mut(app, *slot) {
                s.candidate = Candidate::Person(to.clone());
                s.delegated_to = None;
                s.transferred_by = None;
                s.must_hold = None;
                s.claimed_by = None;
            }
        }
        Change::Delegated {
            slot, to, claims, ..
        } => {
            if let Some(s) = slot_mut(app, *slot) {
                s.delegated_to = Some(to.clone());
                // A role's slot is the delegator's from now on: the advice
                // comes back to them, not to any holder of the role.
                if *claims {
                    s.claimed_by.clone_from(&event.actor);
                }
            }
        }
        Change::SignerAdded {
            slot,
            before,
            claims,
        } => {
            app.next_slot = app.next_slot.max(slot.id.saturating_add(1));
            if let Some(b) = before.and_then(|b| slot_mut(app, b)) {
                b.waiting_for.push(slot.id);
            }
            if let Some(taken) = claims.and_then(|k| slot_mut(app, k)) {
                taken.claimed_by.clone_from(&event.actor);
            }
            app.slots.push(Slot::clone(slot));
        }
        Change::SignerRemoved { slot } => {
            app.slots.retain(|s| s.id != *slot);
            for s in &mut app.slots {
                s.waiting_for.retain(|w| w != slot);
            }
        }
        Change::Copied { people } => app.cc.extend(people.iter().cloned()),
        Change::Reminded { .. } => {}
        Change::Uploaded { kind, files } => {
            let stage = app
                .current_stage()
                .map(|s| s.id.clone())
                .unwrap_or_default();
            app.uploads.push(Upload {
                stage,
                kind: kind.clone(),
                files: files.clone(),
                by: event.actor.clone().unwrap_or_default(),
                at: event.at,
            });
        }
        Change::ReminderDue { .. } => app.reminder_given = true,
        Change::TimedOut { .. } => app.timed_out = true,
        Change::Completed { outcome } => {
            app.status = match outcome {
                Completion::File => Status::Filed,
                Completion::Publish => Status::Published,
            };
            app.slots.clear();
        }
    }
}

/// Rebuilds an application from its events, in order. It trusts them:
/// events out of order, repeated or of another application are folded as
/// given. A host reading events from storage checks them with
/// `api::approval_replay` (`approval.invalid` at `events[i]`).
pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<Application> {
    events.into_iter().fold(None, evolve)
}
