//! An application's history (审批记录): the timestamped steps a portal
//! shows under an application (提交申请, 审批通过, 退回, 转办, 已备案 …),
//! read from its events alone.
//!
//! Each event is one step. The step names the stage and the people it
//! concerns as the application stood when the event came, found by
//! replaying the events before it: an event names a stage by its index and
//! a slot by its number, which a portal cannot show. So the history and the
//! state cannot disagree, as the state and the events cannot.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::id::Id;
use super::route::{Completion, TimeoutAction};
use super::state::{Application, AutoReason, Candidate, Change, Event, evolve_held};
use crate::error::echo;

/// One step of an application's history.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct HistoryStep {
    /// The stream version its event made (1 for the submission).
    pub version: u64,
    /// When (UTC).
    #[serde(with = "crate::time::instant_utc")]
    pub at: DateTime<Utc>,
    /// Who gave the command it came from (a stage that the last approval
    /// passes passed by theirs, a stage a submission starts started by the
    /// applicant's); `None` for what `tick` did (a reminder due, a
    /// timeout and what followed it).
    pub actor: Option<Id>,
    /// What happened.
    pub action: StepAction,
    /// The stage it concerns, when it concerns one.
    pub stage: Option<StageRef>,
    /// The people it names besides the actor: whom a part was handed to
    /// (转办, 委派, 加签, 减签, escalation), who was copied (抄送), who was
    /// reminded (催办, a reminder due) when a person; whose approval a
    /// 去重 pass stands for.
    pub people: Vec<Id>,
    /// The comment given with it (审批意见, a reason to return).
    pub comment: Option<String>,
    /// Files given with it (attachments, uploads: host references).
    pub attachments: Vec<String>,
    /// The step in one line, in Chinese (`` `p00` 审批通过（环节「联合审批」） ``).
    pub zh: String,
    /// The step in one line, in English.
    pub en: String,
}

/// A stage as a history shows it.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct StageRef {
    /// Its index in the application's route.
    pub index: u32,
    /// Its id (`leaders`).
    pub id: String,
    /// Its name (联合审批).
    pub name: String,
}

/// What a history step records: one per kind of event, a decision split
/// into approved and rejected and a completion into filed and published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum StepAction {
    /// 提交申请.
    Submitted,
    /// A stage started.
    StageStarted,
    /// 审批通过.
    Approved,
    /// 驳回.
    Rejected,
    /// A part passed by itself (no approver, the applicant skipped, 去重,
    /// a timeout).
    AutoApproved,
    /// A delegate's advice (委派意见) came back.
    Advised,
    /// A stage passed.
    StageCompleted,
    /// A stage failed: the application is rejected.
    StageFailed,
    /// 退回.
    Returned,
    /// 撤回.
    Withdrawn,
    /// 下架.
    Delisted,
    /// 重新提交.
    Resubmitted,
    /// 转办.
    Transferred,
    /// 委派.
    Delegated,
    /// 加签.
    SignerAdded,
    /// 减签.
    SignerRemoved,
    /// 抄送.
    Copied,
    /// 催办.
    Reminded,
    /// A file uploaded.
    Uploaded,
    /// A stage's reminder time passed.
    ReminderDue,
    /// A stage's deadline passed.
    TimedOut,
    /// A part passed to someone else on a timeout.
    Escalated,
    /// 已备案.
    Filed,
    /// 已发布.
    Published,
}

/// The history of the application `events` make, a step per event, in
/// their order. Like [`super::replay`] it trusts them: a host reading
/// events from storage checks them with `api::approval_history`.
pub fn history(events: &[Event]) -> Vec<HistoryStep> {
    let mut state: Option<Application> = None;
    let mut steps = Vec::with_capacity(events.len());
    for event in events {
        steps.push(step(state.as_ref(), event));
        evolve_held(&mut state, event);
    }
    steps
}

/// What a step says besides its time and actor.
struct Said {
    action: StepAction,
    stage: Option<u32>,
    people: Vec<Id>,
    comment: Option<String>,
    attachments: Vec<String>,
    zh: String,
    en: String,
}

impl Said {
    fn new(action: StepAction, stage: Option<u32>, zh: String, en: String) -> Said {
        Said {
            action,
            stage,
            people: Vec::new(),
            comment: None,
            attachments: Vec::new(),
            zh,
            en,
        }
    }

    fn people(mut self, people: Vec<Id>) -> Said {
        self.people = people;
        self
    }

    fn comment(mut self, comment: &Option<String>) -> Said {
        self.comment.clone_from(comment);
        self
    }

    fn attachments(mut self, files: &[String]) -> Said {
        self.attachments = files.to_vec();
        self
    }
}

/// The step `event` makes of the application as it stood before it.
fn step(before: Option<&Application>, event: &Event) -> HistoryStep {
    let who = event.actor.as_deref().map(ticked).unwrap_or_default();
    // The stage the application was at: a command's, unless it names one.
    let current = before.map(|app| app.stage);
    let stage_of = |index: u32| stage_ref(before, index);
    let person_of = |slot: u32| slot_person(before, slot);
    let said = match &event.change {
        Change::Submitted { name, .. } => Said::new(
            StepAction::Submitted,
            None,
            format!("{who} 提交申请 `{}`", echo(name)),
            format!("{who} submitted `{}`", echo(name)),
        ),
        Change::StageStarted { stage, .. } => {
            let (zh, en) = named(stage_of(*stage).as_ref());
            Said::new(
                StepAction::StageStarted,
                Some(*stage),
                format!("进入环节{zh}"),
                format!("stage {en} started"),
            )
        }
        Change::Decided {
            approved,
            comment,
            attachments,
            ..
        } => {
            let (zh, en) = named(current.and_then(stage_of).as_ref());
            let (action, did_zh, did_en) = match approved {
                true => (StepAction::Approved, "审批通过", "approved"),
                false => (StepAction::Rejected, "驳回", "rejected"),
            };
            Said::new(
                action,
                current,
                format!("{who} {did_zh}（环节{zh}）"),
                format!("{who} {did_en} at stage {en}"),
            )
            .comment(comment)
            .attachments(attachments)
        }
        Change::AutoApproved { slot, reason, by } => {
            let (zh, en) = named(current.and_then(stage_of).as_ref());
            let (why_zh, why_en) = match reason {
                AutoReason::NoApprover => ("无审批人", "no approver"),
                AutoReason::ApplicantSkipped => (
                    "申请人即审批人，跳过",
                    "the applicant is the approver, skipped",
                ),
                AutoReason::Dedupe => (
                    "与上一环节审批人相同（去重）",
                    "approved at the stage before (dedupe)",
                ),
                AutoReason::Timeout => ("超时", "timed out"),
            };
            let stands_for: Vec<Id> = by.iter().map(|a| a.id.clone()).collect();
            let (part_zh, part_en) = match person_of(*slot) {
                Some(p) => (
                    format!("{} 的审批", ticked(&p)),
                    format!("the part of {}", ticked(&p)),
                ),
                None => ("一个审批位".to_owned(), "a part".to_owned()),
            };
            Said::new(
                StepAction::AutoApproved,
                current,
                format!("{part_zh}自动通过（环节{zh}，{why_zh}）"),
                format!("{part_en} passed automatically at stage {en} ({why_en})"),
            )
            .people(stands_for)
        }
        Change::DelegateAnswered {
            approve, comment, ..
        } => {
            let (zh, en) = named(current.and_then(stage_of).as_ref());
            let (zh_advice, en_advice) = match approve {
                true => ("同意", "approve"),
                false => ("不同意", "reject"),
            };
            Said::new(
                StepAction::Advised,
                current,
                format!("{who} 提出委派意见：{zh_advice}（环节{zh}）"),
                format!("{who} advised to {en_advice} at stage {en}"),
            )
            .comment(comment)
        }
        Change::StageCompleted { stage } => {
            let (zh, en) = named(stage_of(*stage).as_ref());
            Said::new(
                StepAction::StageCompleted,
                Some(*stage),
                format!("环节{zh}通过"),
                format!("stage {en} passed"),
            )
        }
        Change::StageFailed { stage } => {
            let (zh, en) = named(stage_of(*stage).as_ref());
            Said::new(
                StepAction::StageFailed,
                Some(*stage),
                format!("环节{zh}未通过，申请已驳回"),
                format!("stage {en} failed: the application is rejected"),
            )
        }
        Change::Returned {
            from,
            to,
            comment,
            attachments,
        } => {
            let (to_zh, to_en) = match to {
                None => ("申请人".to_owned(), "the applicant".to_owned()),
                Some(index) => {
                    let (zh, en) = named(stage_of(*index).as_ref());
                    (format!("环节{zh}"), format!("stage {en}"))
                }
            };
            let (zh, en) = named(stage_of(*from).as_ref());
            Said::new(
                StepAction::Returned,
                Some(*from),
                format!("{who} 退回给{to_zh}（环节{zh}）"),
                format!("{who} returned it to {to_en} from stage {en}"),
            )
            .comment(comment)
            .attachments(attachments)
        }
        Change::Withdrawn { comment } => Said::new(
            StepAction::Withdrawn,
            None,
            format!("{who} 撤回申请"),
            format!("{who} withdrew it"),
        )
        .comment(comment),
        Change::Delisted { comment } => Said::new(
            StepAction::Delisted,
            None,
            format!("{who} 下架"),
            format!("{who} delisted it"),
        )
        .comment(comment),
        Change::Resubmitted { comment, .. } => Said::new(
            StepAction::Resubmitted,
            None,
            format!("{who} 重新提交"),
            format!("{who} resubmitted it"),
        )
        .comment(comment),
        Change::Transferred { to, comment, .. } => {
            handed(StepAction::Transferred, &who, to, current, before).comment(comment)
        }
        Change::Delegated { to, comment, .. } => {
            handed(StepAction::Delegated, &who, to, current, before).comment(comment)
        }
        Change::SignerAdded { slot, .. } => {
            let added = match &slot.candidate {
                Candidate::Person(p) => Some(p.clone()),
                _ => None,
            };
            let (zh, en) = named(current.and_then(stage_of).as_ref());
            let shown = added.as_deref().map(ticked).unwrap_or_default();
            Said::new(
                StepAction::SignerAdded,
                current,
                format!("{who} 加签 {shown}（环节{zh}）"),
                format!("{who} added {shown} as a signer at stage {en}"),
            )
            .people(added.into_iter().collect())
        }
        Change::SignerRemoved { slot } => {
            let removed = person_of(*slot);
            let (zh, en) = named(current.and_then(stage_of).as_ref());
            let shown = removed.as_deref().map(ticked).unwrap_or_default();
            Said::new(
                StepAction::SignerRemoved,
                current,
                format!("{who} 减签 {shown}（环节{zh}）"),
                format!("{who} removed signer {shown} at stage {en}"),
            )
            .people(removed.into_iter().collect())
        }
        Change::Copied { people } => {
            let shown = listed(people);
            Said::new(
                StepAction::Copied,
                None,
                format!("{who} 抄送 {shown}"),
                format!("{who} copied {shown}"),
            )
            .people(people.clone())
        }
        Change::Reminded { stage, awaiting } => {
            let (zh, en) = named(stage_of(*stage).as_ref());
            Said::new(
                StepAction::Reminded,
                Some(*stage),
                format!("{who} 催办（环节{zh}）"),
                format!("{who} sent a reminder at stage {en}"),
            )
            .people(persons(awaiting))
        }
        Change::Uploaded { kind, files } => Said::new(
            StepAction::Uploaded,
            current,
            format!("{who} 上传 `{}`（{} 个文件）", echo(kind), files.len()),
            format!(
                "{who} uploaded `{}` ({} file{})",
                echo(kind),
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            ),
        )
        .attachments(files),
        Change::ReminderDue { stage, awaiting } => {
            let (zh, en) = named(stage_of(*stage).as_ref());
            Said::new(
                StepAction::ReminderDue,
                Some(*stage),
                format!("环节{zh}到达提醒时间"),
                format!("stage {en} is due a reminder"),
            )
            .people(persons(awaiting))
        }
        Change::TimedOut { stage, action } => {
            let (zh, en) = named(stage_of(*stage).as_ref());
            let (then_zh, then_en, people) = match action {
                TimeoutAction::AutoApprove => (
                    "自动通过".to_owned(),
                    "approved automatically".to_owned(),
                    vec![],
                ),
                TimeoutAction::AutoReject => (
                    "自动驳回".to_owned(),
                    "rejected automatically".to_owned(),
                    vec![],
                ),
                TimeoutAction::Escalate(to) => (
                    format!("转交 {}", ticked(to)),
                    format!("escalated to {}", ticked(to)),
                    vec![to.clone()],
                ),
            };
            Said::new(
                StepAction::TimedOut,
                Some(*stage),
                format!("环节{zh}超时，{then_zh}"),
                format!("stage {en} timed out: {then_en}"),
            )
            .people(people)
        }
        Change::Escalated { slot, to } => {
            let (part_zh, part_en) = match person_of(*slot) {
                Some(p) => (
                    format!("{} 的审批", ticked(&p)),
                    format!("the part of {}", ticked(&p)),
                ),
                None => ("一个审批位".to_owned(), "a part".to_owned()),
            };
            let (zh, en) = named(current.and_then(stage_of).as_ref());
            Said::new(
                StepAction::Escalated,
                current,
                format!("{part_zh}超时转交 {}（环节{zh}）", ticked(to)),
                format!(
                    "{part_en} escalated to {} at stage {en} (timeout)",
                    ticked(to)
                ),
            )
            .people(vec![to.clone()])
        }
        Change::Completed { outcome } => {
            let labels = before.map(|app| &app.route.status_labels);
            let (action, status) = match outcome {
                Completion::File => (StepAction::Filed, super::Status::Filed),
                Completion::Publish => (StepAction::Published, super::Status::Published),
            };
            let zh = labels.map_or(status.label_zh(), |l| status.label_in(l));
            Said::new(action, None, zh.to_owned(), status.label_en().to_owned())
        }
    };
    HistoryStep {
        version: event.version,
        at: event.at,
        actor: event.actor.clone(),
        action: said.action,
        stage: said.stage.and_then(|index| stage_ref(before, index)),
        people: said.people,
        comment: said.comment,
        attachments: said.attachments,
        zh: said.zh,
        en: said.en,
    }
}

/// A 转办 or 委派 step: the actor hands their part to `to`.
fn handed(
    action: StepAction,
    who: &str,
    to: &Id,
    current: Option<u32>,
    before: Option<&Application>,
) -> Said {
    let stage = current.and_then(|index| stage_ref(before, index));
    let (zh, en) = named(stage.as_ref());
    let (did_zh, did_en) = match action {
        StepAction::Transferred => ("转办给", "transferred their part to"),
        _ => ("委派", "asked the advice of"),
    };
    Said::new(
        action,
        current,
        format!("{who} {did_zh} {}（环节{zh}）", ticked(to)),
        format!("{who} {did_en} {} at stage {en}", ticked(to)),
    )
    .people(vec![to.clone()])
}

/// Stage `index` of the application's route (before the event; for a
/// submission, none yet).
fn stage_ref(before: Option<&Application>, index: u32) -> Option<StageRef> {
    let stage = before?.route.stages.get(usize::try_from(index).ok()?)?;
    Some(StageRef {
        index,
        id: stage.id.clone(),
        name: stage.name.clone(),
    })
}

/// A stage's name as a step writes it: `「联合审批」` and `` `联合审批` ``.
fn named(stage: Option<&StageRef>) -> (String, String) {
    match stage {
        Some(s) => (
            format!("「{}」", echo(&s.name)),
            format!("`{}`", echo(&s.name)),
        ),
        None => (String::new(), "?".to_owned()),
    }
}

/// The person a slot names, when it names one.
fn slot_person(before: Option<&Application>, slot: u32) -> Option<Id> {
    let slot = before?.slots.iter().find(|s| s.id == slot)?;
    match &slot.candidate {
        Candidate::Person(p) => Some(p.clone()),
        _ => None,
    }
}

/// The persons among `awaiting` (roles are not people).
fn persons(awaiting: &[Candidate]) -> Vec<Id> {
    awaiting
        .iter()
        .filter_map(|c| match c {
            Candidate::Person(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

/// People as a step lists them: each in backticks, separated by commas.
fn listed(people: &[Id]) -> String {
    people
        .iter()
        .map(|p| ticked(p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A person id (or any text a person typed) as steps show it: echoed in
/// backticks, as messages show user input.
fn ticked(text: &str) -> String {
    format!("`{}`", echo(text))
}
