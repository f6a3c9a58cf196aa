//! Routes as data: the stages an application passes, who approves each and
//! how, and the conditions on the application that choose a branch.
//!
//! A route is read from TOML or JSON as strictly as a subsidy policy (an
//! unknown, missing or mistyped key is an error naming its path) and then
//! checked statically ([`super::check`]) before any application runs on it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Code, Describe, Problem, Violations};
use crate::money::{Money, Ratio};
use crate::subsidy::Format;

use super::id::Id;

/// A route: one or more branches of stages, chosen by conditions on the
/// application.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Stable id (`procurement`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Version label, if any.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub version: Option<String>,
    /// The first day the route applies (applications submitted from then).
    #[serde(with = "crate::time::date")]
    pub effective_from: NaiveDate,
    /// The application's fields the conditions read, with their types.
    #[serde(default)]
    pub fields: FieldTypes,
    /// People the applicant picks at submission (自选审批人), by slot name.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub picks: Vec<String>,
    /// The post (role) a picked approver must hold to decide, by pick
    /// name: the seal's chosen leader is a 主要领导 (`main_leader`). The
    /// applicant names the person; whoever it is, they decide only while
    /// holding it. A pick not listed: whoever is picked.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pick_roles: Fields,
    /// The post the applicant's supervising leader must hold to decide
    /// (`supervising_leader`, 分管领导); unset: whoever the applicant's
    /// record names.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervisor_role: Option<String>,
    /// The post a person named by a field (a `{ field = … }` approver)
    /// must hold to decide, by field: the OKR's `handling_unit` holds
    /// `handling_unit`.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_roles: Fields,
    /// Fields naming people who must be different people, whoever sets
    /// them: the OKR's handling unit and its supervising leader (nobody
    /// reviews the completion of their own work).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distinct_fields: Vec<String>,
    /// Fields the applicant must give at submission.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub required_fields: Vec<String>,
    /// Roles that may submit on the route (one of them suffices); empty:
    /// anyone may. A submission by anyone else is forbidden.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub applicant_roles: Vec<String>,
    /// Roles that may delist (下架) a published application besides its
    /// applicant (the listing review's `operator`).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub delist_roles: Vec<String>,
    /// The words this route's portal shows for a status, by status name
    /// (`published = "已上架"` for product listings, DOMAIN §4); a status
    /// not listed keeps the engine's own (已发布, 已撤回, …). Used in the
    /// messages refusing a command, in `flow run`'s output and in list
    /// lines (`status_label`).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub status_labels: Fields,
    /// What happens when the last stage completes.
    #[serde(default)]
    pub on_complete: Completion,
    /// Where a resubmission after a return goes (one that edits a field a
    /// branch condition reads goes through the whole route again, always).
    #[serde(default)]
    pub resubmit_to: ResubmitTo,
    /// 去重: a stage whose approver approved the stage just before passes
    /// for them automatically.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub dedupe: bool,
    /// The stages, for a route with one branch.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub stages: Vec<RouteStage>,
    /// The branches, for a route chosen by conditions.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub branches: Vec<Branch>,
}

/// The type of an application field that conditions read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// An amount of yuan ("5000.00").
    Money,
    /// Free text (also person and unit ids).
    Text,
    /// A calendar date, YYYY-MM-DD.
    Date,
    /// One of the listed values.
    Choice(Vec<String>),
}

/// A branch: the stages an application takes when every condition holds.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// Its name (`regular_below_threshold`).
    pub name: String,
    /// Conditions, all of which must hold; none means always.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub when: Vec<Condition>,
    /// Roles that may submit an application this branch takes, besides the
    /// route's own `applicant_roles` (empty: whoever the route admits; the
    /// town's basic repairs are the party office's, 党政办).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applicant_roles: Vec<String>,
    /// Its stages, in order.
    pub stages: Vec<RouteStage>,
}

/// A branch of a route, borrowed from it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BranchView<'a> {
    /// Its place among the route's branches (`branch_views` order).
    pub(crate) index: usize,
    pub(crate) name: &'a str,
    pub(crate) when: &'a [Condition],
    pub(crate) applicant_roles: &'a [String],
    pub(crate) stages: &'a [RouteStage],
}

impl BranchView<'_> {
    /// The branch as a value of its own.
    pub(crate) fn to_branch(self) -> Branch {
        Branch {
            name: self.name.to_owned(),
            when: self.when.to_vec(),
            applicant_roles: self.applicant_roles.to_vec(),
            stages: self.stages.to_vec(),
        }
    }
}

/// A condition on one application field.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The field (declared in the route's `fields`).
    pub field: String,
    /// `=`: equal to this value.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eq: Option<String>,
    /// `in`: one of these values.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
    /// `<` this amount.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<Money>,
    /// `≤` this amount.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub le: Option<Money>,
    /// `>` this amount.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<Money>,
    /// `≥` this amount.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ge: Option<Money>,
}

/// One stage: who approves, how, and what it needs.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RouteStage {
    /// Stable id within the route (`finance_review`).
    pub id: String,
    /// Display name (财政局审核).
    pub name: String,
    /// Its approvers: each is one slot of the stage.
    pub approvers: Vec<Approver>,
    /// How the slots decide.
    #[serde(default)]
    pub mode: Mode,
    /// 票签: the share of all slots whose approval passes the stage.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_ratio: Option<Ratio>,
    /// 票签: one rejection fails the stage at once (一票否决).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub veto: bool,
    /// Uploads (by kind) the stage needs before it can complete.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub required_uploads: Vec<String>,
    /// Fields that hold a value once the stage approves (the OKR's
    /// handling unit, a score), declared in `fields`: each given with the
    /// approval, or already set (kept unless given again).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub sets_fields: Vec<String>,
    /// Fields an approver may fill or correct when approving, none of them
    /// required (the OKR's main leader may assign the handling unit, or
    /// approve at once and leave it to the party office to 完善), declared
    /// in `fields`. A later stage cannot count on them: only `sets_fields`
    /// are sure to hold a value.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub may_set_fields: Vec<String>,
    /// What happens when no approver of a slot can be resolved.
    #[serde(default)]
    pub no_approver: NoApprover,
    /// When the applicant is one of the stage's approvers.
    #[serde(default)]
    pub applicant_approver: ApplicantApprover,
    /// Earlier stages this stage may return the application to (退回);
    /// empty: any earlier stage.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub return_to: Vec<String>,
    /// Whether a return from this stage may go to the applicant (a return
    /// with no `to`). False where the work goes back to someone else: the
    /// OKR's redo (重办) is the handling unit's, at the completion stage,
    /// not the party office's that created the project.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub return_to_applicant: bool,
    /// Whether a rejection (驳回) or a return (退回) at this stage must say
    /// why in its comment. False where the manual lets the approver refuse
    /// with a click: the OKR's main leader (①直接点击不通过).
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub reason_required: bool,
    /// Whether its approvers may reject (驳回) at all. False where the
    /// manual gives them only approval: the OKR's signing for (签收), its
    /// scoring, and the completion review (同意办结, or 重办 by a return).
    /// Not in a vote, whose rejections are votes against.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub may_reject: bool,
    /// Whether its approvers may return (退回) it at all. False where the
    /// manual gives them only approval (the OKR's handling unit signs for
    /// the project; it does not send it back to be edited).
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub may_return: bool,
    /// Hours after the stage starts when a reminder is due.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_after_hours: Option<u32>,
    /// A date field of the application (the OKR's `remind_at`, 提醒时间):
    /// from that day, 00:00 in Shanghai, the stage's reminder is due, as
    /// after `remind_after_hours`; whichever comes first gives it, once.
    /// Unset in an application, it reminds nobody.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_on_field: Option<String>,
    /// Hours after the stage starts when it times out.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_hours: Option<u32>,
    /// What a timeout does (needs `deadline_hours`).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_timeout: Option<TimeoutAction>,
    /// People copied (抄送) when the stage starts.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub cc: Vec<Approver>,
}

/// `true`: the default of a setting that holds unless a route says not.
fn yes() -> bool {
    true
}

/// Whether `value` is `true` (left out when a route is written).
#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference
fn is_true(value: &bool) -> bool {
    *value
}

/// Who fills one slot of a stage.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Approver {
    /// A named person, by id.
    Person(Id),
    /// Anyone holding the role.
    Role(Id),
    /// Anyone holding the role in the applicant's organisation or area
    /// (the county department of the enterprise's county).
    RoleIn {
        /// The role.
        role: Id,
        /// Whose organisation or area.
        scope: Scope,
    },
    /// The person the applicant picked for this slot at submission.
    Picked(String),
    /// The applicant's supervising leader.
    SupervisingLeader,
    /// The applicant (stages where the applicant uploads).
    Applicant,
    /// The person named in this application field (given at submission or
    /// set by an earlier stage's `sets_fields`).
    Field(String),
}

/// The applicant's organisation or area, for scoped roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The applicant's organisation.
    Org,
    /// The applicant's area (county, district).
    Area,
}

/// How a stage's slots decide.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// One slot decides.
    #[default]
    Single,
    /// 或签: the first decision of any slot decides.
    Any,
    /// 会签: every slot must approve; one rejection rejects.
    All,
    /// 依次: the slots one after another, each must approve.
    Sequential,
    /// 票签: a vote; passes at `pass_ratio` of all slots.
    Vote,
}

/// What a slot with no resolvable approver does.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum NoApprover {
    /// The application cannot be submitted (and a route where this can be
    /// known in advance is refused when it loads).
    #[default]
    Refuse,
    /// The slot passes automatically.
    AutoPass,
    /// This person fills the slot instead.
    Fallback(Id),
}

/// When the applicant is one of the stage's approvers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ApplicantApprover {
    /// The applicant approves like anyone else.
    #[default]
    Keep,
    /// The applicant's slot passes automatically.
    Skip,
    /// The applicant may not approve their own application (the four-eyes
    /// rule): a submission that names them as one of the stage's
    /// approvers (a pick, a field, their own supervising leader) is
    /// refused, and a slot of a role they hold is left to its other
    /// holders.
    Refuse,
}

/// What a stage's timeout does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum TimeoutAction {
    /// The open slots approve automatically.
    AutoApprove,
    /// The stage rejects automatically.
    AutoReject,
    /// The open slots pass to this person.
    Escalate(Id),
}

/// What completes an application.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    /// 备案: filed.
    #[default]
    File,
    /// Published (notices, announcements).
    Publish,
}

/// Where a resubmission after a return (退回) goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ResubmitTo {
    /// Straight back to the stage that returned it.
    #[default]
    ReturningStage,
    /// The whole route again, from its first stage.
    Start,
}

/// An application's field values, as text ("5000.00", "regular").
pub type Fields = BTreeMap<String, String>;

/// A route's declared fields and their types.
pub type FieldTypes = BTreeMap<String, FieldType>;

impl Route {
    /// Reads a route document (TOML or JSON) and checks it
    /// ([`super::check::check`]): every problem found is returned.
    ///
    /// ```
    /// use huiqi_core::approval::Route;
    /// use huiqi_core::subsidy::Format;
    /// let route = Route::load(r#"
    ///     id = "seal"
    ///     name = "用章申请"
    ///     effective_from = 2023-01-01
    ///     picks = ["leader"]
    ///     [[stages]]
    ///     id = "leader"
    ///     name = "领导审批"
    ///     approvers = [{ picked = "leader" }]
    /// "#, Format::Toml)?;
    /// assert_eq!(route.branches().len(), 1);
    /// # Ok::<(), huiqi_core::Violations>(())
    /// ```
    pub fn load(text: &str, format: Format) -> Result<Route, Violations> {
        let value = match format {
            Format::Toml => crate::decode::parse_toml(text),
            Format::Json => crate::decode::parse_json(text),
        }
        .map_err(|f| Violations::from(f.into_problem(Code::RouteSyntax)))?;
        let route: Route = crate::decode::from_value(value)
            .map_err(|f| Violations::from(f.into_problem(Code::RouteSchema)))?;
        let mut problems = Violations::new();
        problems.extend(super::check::check(&route));
        problems.into_result(route)
    }

    /// The branches: `branches`, or the plain `stages` as one branch.
    pub fn branches(&self) -> Vec<Branch> {
        self.branch_views().map(BranchView::to_branch).collect()
    }

    /// The branches as views of the route, copying nothing: what the
    /// checks and the choice of a branch read at every submission.
    pub(crate) fn branch_views(&self) -> impl Iterator<Item = BranchView<'_>> {
        let plain = self.branches.is_empty().then(|| BranchView {
            index: 0,
            name: "default",
            when: &[],
            applicant_roles: &[],
            stages: &self.stages,
        });
        plain.into_iter().chain(
            self.branches
                .iter()
                .enumerate()
                .map(|(index, b)| BranchView {
                    index,
                    name: &b.name,
                    when: &b.when,
                    applicant_roles: &b.applicant_roles,
                    stages: &b.stages,
                }),
        )
    }

    /// The branch an application with these fields takes, with the
    /// conditions that chose it; `route.no_branch` when none does (or the
    /// fields do not read as the route declares them); `approval.invalid`
    /// for a field the route does not declare, as a submission refuses it.
    pub fn choose(&self, fields: &Fields) -> Result<Branch, Problem> {
        self.choose_kept(fields).map(|(branch, _)| branch)
    }

    /// [`Route::choose`], and the fields as an application on this route
    /// keeps them (an amount as `6000.00`, a date as `2024-01-31`): what a
    /// preview answers, read once.
    pub(crate) fn choose_kept(&self, fields: &Fields) -> Result<(Branch, Fields), Problem> {
        // As a submission judges them: a preview of fields that could
        // never be submitted would mislead.
        undeclared_field(&self.fields, fields)?;
        let fields = canonical_fields(&self.fields, fields)?;
        let branch = self.choose_view(&fields)?;
        not_set_by_a_stage(branch.stages, &fields)?;
        Ok((branch.to_branch(), fields))
    }

    /// [`Route::choose`] of fields already found declared and read
    /// (`canonical_fields`; a submission does both first, at its own
    /// paths), as a view of the route.
    pub(crate) fn choose_view(&self, fields: &Fields) -> Result<BranchView<'_>, Problem> {
        let mut matching = self
            .branch_views()
            .filter(|b| b.when.iter().all(|c| c.holds(fields, &self.fields)));
        match (matching.next(), matching.next()) {
            (Some(branch), None) => Ok(branch),
            (Some(_), Some(_)) => Err(Problem::new(
                Code::RouteOverlap,
                Some("fields"),
                format!(
                    "申请同时符合路线 `{}` 的两个分支",
                    crate::error::echo(&self.id)
                ),
                format!(
                    "the application matches two branches of route `{}`",
                    crate::error::echo(&self.id)
                ),
            )),
            (None, _) => {
                // Most often a field the conditions read was not given.
                let missing: std::collections::BTreeSet<&str> = self
                    .branches
                    .iter()
                    .flat_map(|b| b.when.iter().map(|c| c.field.as_str()))
                    .filter(|f| !fields.contains_key(*f))
                    .collect();
                let (zh, en) = if missing.is_empty() {
                    (String::new(), String::new())
                } else {
                    (
                        format!("（未给出：{}）", ticked(&missing)),
                        format!(
                            " (not given: {})",
                            missing
                                .iter()
                                .map(|m| format!("`{}`", crate::error::echo(m)))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                };
                Err(Problem::new(
                    Code::RouteNoBranch,
                    Some("fields"),
                    format!(
                        "申请不符合路线 `{}` 的任何分支{zh}",
                        crate::error::echo(&self.id)
                    ),
                    format!(
                        "the application matches no branch of route `{}`{en}",
                        crate::error::echo(&self.id)
                    ),
                ))
            }
        }
    }
}

/// Why `id` cannot be a person id, if it cannot: a space or an invisible
/// character names nobody (`field.charset` at `field()`, written only for
/// a problem), as every identifier a person types. One rule for the people
/// a request names and those a route names.
pub(crate) fn person_id_problem(id: &str, field: &dyn Fn() -> String) -> Option<Problem> {
    if !id.chars().any(crate::validate::is_invisible) {
        return None;
    }
    crate::validate::check_visible(id, &field(), "人员编号", "a person id")
}

/// Refuses (`approval.forbidden`, at `fields.NAME`) a field an application
/// gives (submitted, resubmitted, previewed) that one of `stages` sets,
/// whoever handles that stage (procurement's acceptance is the
/// applicant's own): the OKR's handling unit and scores,
/// the letter's `to_okr` are the deciders' to fill (seed 003: the main
/// leader assigns the unit, the leader decides on the OKR, the offices
/// score), not the applicant's to settle in advance.
pub(crate) fn not_set_by_a_stage(stages: &[RouteStage], fields: &Fields) -> Result<(), Problem> {
    let setter = |name: &String| {
        stages
            .iter()
            .find(|s| s.sets_fields.contains(name) || s.may_set_fields.contains(name))
    };
    match fields
        .keys()
        .find_map(|name| setter(name).map(|stage| (name, stage)))
    {
        None => Ok(()),
        Some((name, stage)) => Err(Problem::new(
            Code::ApprovalForbidden,
            Some(&format!("fields.{name}")),
            format!(
                "无权操作：`{}` 在环节 `{}`（{}）办理时填写，不能在申请中填写",
                crate::error::echo(name),
                crate::error::echo(&stage.id),
                crate::error::echo(&stage.name)
            ),
            format!(
                "forbidden: `{}` is set at stage `{}` when it is handled, not in the application",
                crate::error::echo(name),
                crate::error::echo(&stage.id)
            ),
        )),
    }
}

/// `fields` with every declared field in its canonical text, what an
/// application keeps: an amount as `6000.00` (given as `¥6,000` or
/// `6000`), a date as `2024-01-31`, text and choices as given. A field
/// that does not read as declared is refused at `fields.NAME`.
pub(crate) fn canonical_fields(types: &FieldTypes, fields: &Fields) -> Result<Fields, Problem> {
    let mut out = fields.clone();
    for (name, kind) in types {
        if let Some(value) = out.get_mut(name) {
            *value = match kind.read(value) {
                Ok(FieldValue::Money(amount)) => amount.to_string(),
                Ok(FieldValue::Text(text)) => text,
                Err(p) => return Err(p.at(format!("fields.{name}"))),
            };
        }
    }
    Ok(out)
}

/// Refuses a field the route does not declare (a typo would otherwise be
/// ignored), when the route declares its fields at all: at `fields.…`.
pub(crate) fn undeclared_field(declared: &FieldTypes, fields: &Fields) -> Result<(), Problem> {
    if declared.is_empty() {
        return Ok(());
    }
    match fields.keys().find(|k| !declared.contains_key(*k)) {
        None => Ok(()),
        Some(unknown) => Err(Problem::new(
            Code::ApprovalInvalid,
            Some(&format!("fields.{unknown}")),
            format!(
                "路线没有字段 `{}`（可用：{}）",
                crate::error::echo(unknown),
                ticked(declared.keys())
            ),
            format!(
                "the route has no field `{}` (its fields: {})",
                crate::error::echo(unknown),
                ticked_en(declared.keys())
            ),
        )),
    }
}

/// Names joined for a Chinese message, each as code: `a`、`b`.
pub(crate) fn ticked(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    ticked_joined(names, "、")
}

/// `ticked` for an English message: joined with commas.
pub(crate) fn ticked_en(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    ticked_joined(names, ", ")
}

fn ticked_joined(names: impl IntoIterator<Item = impl AsRef<str>>, separator: &str) -> String {
    names
        .into_iter()
        .map(|n| format!("`{}`", crate::error::echo(n.as_ref())))
        .collect::<Vec<_>>()
        .join(separator)
}

/// A field value as its type reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FieldValue {
    Money(Money),
    Text(String),
}

impl FieldType {
    pub(crate) fn read(&self, text: &str) -> Result<FieldValue, Problem> {
        match self {
            FieldType::Money => Money::parse(text)
                .map(FieldValue::Money)
                .map_err(|e| e.to_problem()),
            FieldType::Text => Ok(FieldValue::Text(text.to_owned())),
            FieldType::Date => crate::time::parse_date(text)
                .map(|d| FieldValue::Text(d.format("%Y-%m-%d").to_string())),
            FieldType::Choice(values) if values.iter().any(|v| v == text) => {
                Ok(FieldValue::Text(text.to_owned()))
            }
            FieldType::Choice(values) => Err(Problem::new(
                Code::Choice,
                None,
                format!(
                    "`{}` 不是可选值之一（{}）",
                    crate::error::echo(text),
                    ticked(values)
                ),
                format!(
                    "`{}` is not one of the choices ({})",
                    crate::error::echo(text),
                    ticked_en(values)
                ),
            )),
        }
    }
}

impl FieldType {
    /// Whether `text` is a value of this type as an application keeps it
    /// (`6000.00`, `2024-01-31`, one of the choices): `Ok(false)` when it
    /// reads but is written otherwise (`6000`), the problem when it does
    /// not read. Allocates nothing.
    pub(crate) fn kept(&self, text: &str) -> Result<bool, Problem> {
        match self {
            FieldType::Text => Ok(true),
            FieldType::Money => {
                Money::parse(text).map_err(|e| e.to_problem())?;
                Ok(is_plain_yuan(text))
            }
            // The date reader takes `YYYY-MM-DD` only, as kept.
            FieldType::Date => crate::time::parse_date(text).map(|_| true),
            FieldType::Choice(values) if values.iter().any(|v| v == text) => Ok(true),
            FieldType::Choice(_) => self.read(text).map(|_| true),
        }
    }
}

/// `text` is written as an amount is kept: digits with no leading zero (but
/// `0`), a point and two decimals (`6000.00`, `0.50`).
fn is_plain_yuan(text: &str) -> bool {
    let Some((whole, fen)) = text.split_once('.') else {
        return false;
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && (whole == "0" || !whole.starts_with('0')) && fen.len() == 2 && digits(fen)
}

impl Condition {
    /// True when the application's field satisfies every bound given. A
    /// missing field, or one that does not read, satisfies nothing.
    pub(crate) fn holds(&self, fields: &Fields, types: &BTreeMap<String, FieldType>) -> bool {
        let (Some(text), Some(kind)) = (fields.get(&self.field), types.get(&self.field)) else {
            return false;
        };
        match kind.read(text) {
            Ok(FieldValue::Money(amount)) => self.holds_for_amount(amount),
            Ok(FieldValue::Text(text)) => self.holds_for_text(&text),
            Err(_) => false,
        }
    }

    /// [`Condition::holds`] for a value already read (`None`: absent).
    pub(crate) fn holds_value(&self, value: Option<&FieldValue>) -> bool {
        match value {
            Some(FieldValue::Money(amount)) => self.holds_for_amount(*amount),
            Some(FieldValue::Text(text)) => self.holds_for_text(text),
            None => false,
        }
    }

    pub(crate) fn holds_for_amount(&self, amount: Money) -> bool {
        self.lt.is_none_or(|b| amount < b)
            && self.le.is_none_or(|b| amount <= b)
            && self.gt.is_none_or(|b| amount > b)
            && self.ge.is_none_or(|b| amount >= b)
            && self
                .eq
                .as_deref()
                .is_none_or(|e| Money::parse(e).is_ok_and(|e| e == amount))
    }

    pub(crate) fn holds_for_text(&self, text: &str) -> bool {
        self.eq.as_deref().is_none_or(|e| e == text)
            && self
                .one_of
                .as_ref()
                .is_none_or(|values| values.iter().any(|v| v == text))
    }

    /// The condition as people write it: `amount ≥ 5000.00`, `kind = regular`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let field = &self.field;
        if let Some(v) = &self.eq {
            parts.push(format!("{field} = {v}"));
        }
        if let Some(values) = &self.one_of {
            parts.push(format!("{field} in [{}]", values.join(", ")));
        }
        for (op, bound) in [
            ("<", self.lt),
            ("≤", self.le),
            (">", self.gt),
            ("≥", self.ge),
        ] {
            if let Some(b) = bound {
                parts.push(format!("{field} {op} {b}"));
            }
        }
        parts.join(" and ")
    }
}
