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
use super::route::{Completion, Fields, TimeoutAction};
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
    /// (转办, 委派, 加签, 减签, escalation), who was copied (抄送), the
    /// persons reminded (催办, a reminder due: a role waited for is named in
    /// the lines), whose approval a 去重 pass stands for, who a
    /// resubmission picked anew.
    pub people: Vec<Id>,
    /// The field values it gave: the submission's, those an approval set
    /// (the OKR's handling unit), those a resubmission changed.
    pub fields: Fields,
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
    let mut previous: Option<&Change> = None;
    let mut steps = Vec::with_capacity(events.len());
    for event in events {
        steps.push(step(state.as_ref(), previous, event));
        evolve_held(&mut state, event);
        previous = Some(&event.change);
    }
    steps
}

/// What a step says besides its time and actor.
struct Said {
    action: StepAction,
    stage: Option<u32>,
    people: Vec<Id>,
    fields: Fields,
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
            fields: Fields::new(),
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

    fn fields(mut self, fields: Fields) -> Said {
        self.fields = fields;
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

/// The step `event` makes of the application as it stood before it, the
/// event before it having made `previous`.
fn step(before: Option<&Application>, previous: Option<&Change>, event: &Event) -> HistoryStep {
    let who = event.actor.as_deref().map(ticked).unwrap_or_default();
    // The stage the application was at: a command's, unless it names one.
    let current = before.map(|app| app.stage);
    let (here_zh, here_en) = named(current.and_then(|i| stage_ref(before, i)).as_ref());
    let stage_of = |index: u32| named(stage_ref(before, index).as_ref());
    let part_of = |slot: u32| slot_candidate(before, slot).map_or_else(a_part, |c| part(&c));
    let said = match &event.change {
        Change::Submitted { name, fields, .. } => Said::new(
            StepAction::Submitted,
            None,
            format!("{who} 提交申请 `{}`", echo(name)),
            format!("{who} submitted `{}`", echo(name)),
        )
        .fields(fields.clone()),
        Change::StageStarted { stage, .. } => {
            let (zh, en) = stage_of(*stage);
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
            fields,
            ..
        } => {
            // In a 票签 a decision is a vote: a vote against does not
            // reject the application by itself.
            let vote = before.is_some_and(Application::stage_votes);
            let (action, did_zh, did_en) = match (approved, vote) {
                (true, false) => (StepAction::Approved, "审批通过", "approved"),
                (false, false) => (StepAction::Rejected, "驳回", "rejected"),
                (true, true) => (StepAction::Approved, "投赞成票", "voted for"),
                (false, true) => (StepAction::Rejected, "投反对票", "voted against"),
            };
            let (set_zh, set_en) = set_fields(fields);
            Said::new(
                action,
                current,
                format!("{who} {did_zh}（环节{here_zh}）{set_zh}"),
                format!("{who} {did_en} at stage {here_en}{set_en}"),
            )
            .fields(fields.clone())
            .comment(comment)
            .attachments(attachments)
        }
        Change::AutoApproved { slot, reason, by } => {
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
            let (part_zh, part_en) = part_of(*slot);
            Said::new(
                StepAction::AutoApproved,
                current,
                format!("{part_zh}自动通过（环节{here_zh}，{why_zh}）"),
                format!("{part_en} passed automatically at stage {here_en} ({why_en})"),
            )
            .people(stands_for)
        }
        Change::DelegateAnswered {
            approve, comment, ..
        } => {
            let (zh_advice, en_advice) = match approve {
                true => ("同意", "approve"),
                false => ("不同意", "reject"),
            };
            Said::new(
                StepAction::Advised,
                current,
                format!("{who} 提出委派意见：{zh_advice}（环节{here_zh}）"),
                format!("{who} advised to {en_advice} at stage {here_en}"),
            )
            .comment(comment)
        }
        Change::StageCompleted { stage } => {
            let (zh, en) = stage_of(*stage);
            Said::new(
                StepAction::StageCompleted,
                Some(*stage),
                format!("环节{zh}通过"),
                format!("stage {en} passed"),
            )
        }
        Change::StageFailed { stage } => {
            let (zh, en) = stage_of(*stage);
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
                    let (zh, en) = stage_of(*index);
                    (format!("环节{zh}"), format!("stage {en}"))
                }
            };
            let (zh, en) = stage_of(*from);
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
        Change::Resubmitted {
            fields,
            comment,
            picks,
        } => {
            // What the edit changed, and whom it picked anew.
            let edited: Fields = fields
                .iter()
                .filter(|(k, v)| before.and_then(|app| app.fields.get(*k)) != Some(*v))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let picked: Vec<Id> = picks.iter().flatten().map(|(_, p)| Id::new(p)).collect();
            Said::new(
                StepAction::Resubmitted,
                None,
                format!("{who} 重新提交"),
                format!("{who} resubmitted it"),
            )
            .fields(edited)
            .people(picked)
            .comment(comment)
        }
        Change::Transferred { to, comment, .. } => Said::new(
            StepAction::Transferred,
            current,
            format!("{who} 转办给 {}（环节{here_zh}）", ticked(to)),
            format!(
                "{who} transferred their part to {} at stage {here_en}",
                ticked(to)
            ),
        )
        .people(vec![to.clone()])
        .comment(comment),
        Change::Delegated { to, comment, .. } => Said::new(
            StepAction::Delegated,
            current,
            format!("{who} 委派 {} 提出意见（环节{here_zh}）", ticked(to)),
            format!(
                "{who} asked the advice of {} at stage {here_en}",
                ticked(to)
            ),
        )
        .people(vec![to.clone()])
        .comment(comment),
        Change::SignerAdded {
            slot,
            before: ahead,
            ..
        } => {
            let added = match &slot.candidate {
                Candidate::Person(p) => Some(p.clone()),
                _ => None,
            };
            let shown = added.as_deref().map(ticked).unwrap_or_default();
            // Before the adder (their slot waits for it), after them (it
            // waits for theirs), or alongside.
            let (how_zh, how_en) = match (ahead, slot.waiting_for.is_empty()) {
                (Some(_), _) => ("前加签", "before them"),
                (None, false) => ("后加签", "after them"),
                (None, true) => ("并加签", "alongside them"),
            };
            Said::new(
                StepAction::SignerAdded,
                current,
                format!("{who} 加签 {shown}（{how_zh}，环节{here_zh}）"),
                format!("{who} added {shown} as a signer {how_en} at stage {here_en}"),
            )
            .people(added.into_iter().collect())
        }
        Change::SignerRemoved { slot } => {
            let removed = slot_candidate(before, *slot).and_then(|c| match c {
                Candidate::Person(p) => Some(p),
                _ => None,
            });
            let shown = removed.as_deref().map(ticked).unwrap_or_default();
            Said::new(
                StepAction::SignerRemoved,
                current,
                format!("{who} 减签 {shown}（环节{here_zh}）"),
                format!("{who} removed signer {shown} at stage {here_en}"),
            )
            .people(removed.into_iter().collect())
        }
        Change::Copied { people } => {
            let (zh_list, en_list) = listed(people);
            // Copies the route makes come with the stage that starts (a
            // 抄送 of the stage, not of whoever's command started it).
            let by_route = matches!(previous, Some(Change::StageStarted { .. }));
            let (zh, en) = match by_route {
                true => (
                    format!("环节{here_zh}抄送 {zh_list}"),
                    format!("stage {here_en} copied {en_list}"),
                ),
                false => (
                    format!("{who} 抄送 {zh_list}"),
                    format!("{who} copied {en_list}"),
                ),
            };
            let stage = if by_route { current } else { None };
            Said::new(StepAction::Copied, stage, zh, en).people(people.clone())
        }
        Change::Reminded { stage, awaiting } => {
            let (zh, en) = stage_of(*stage);
            let (whom_zh, whom_en) = awaited(awaiting);
            Said::new(
                StepAction::Reminded,
                Some(*stage),
                format!("{who} 催办{whom_zh}（环节{zh}）"),
                format!("{who} sent a reminder{whom_en} at stage {en}"),
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
            let (zh, en) = stage_of(*stage);
            let (whom_zh, whom_en) = awaited(awaiting);
            Said::new(
                StepAction::ReminderDue,
                Some(*stage),
                format!("环节{zh}到达提醒时间，提醒{whom_zh}"),
                format!("stage {en} is due a reminder{whom_en}"),
            )
            .people(persons(awaiting))
        }
        Change::TimedOut { stage, action } => {
            let (zh, en) = stage_of(*stage);
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
            let (part_zh, part_en) = part_of(*slot);
            Said::new(
                StepAction::Escalated,
                current,
                format!("{part_zh}超时转交 {}（环节{here_zh}）", ticked(to)),
                format!(
                    "{part_en} escalated to {} at stage {here_en} (timeout)",
                    ticked(to)
                ),
            )
            .people(vec![to.clone()])
        }
        Change::Completed { outcome } => {
            let (action, status) = match outcome {
                Completion::File => (StepAction::Filed, super::Status::Filed),
                Completion::Publish => (StepAction::Published, super::Status::Published),
            };
            let zh = before.map_or(status.label_zh(), |app| {
                status.label_in(&app.route.status_labels)
            });
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
        fields: said.fields,
        comment: said.comment,
        attachments: said.attachments,
        zh: said.zh,
        en: said.en,
    }
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
        None => ("「?」".to_owned(), "`?`".to_owned()),
    }
}

/// The candidate of slot `slot`, as the application stood.
fn slot_candidate(before: Option<&Application>, slot: u32) -> Option<Candidate> {
    before?
        .slots
        .iter()
        .find(|s| s.id == slot)
        .map(|s| s.candidate.clone())
}

/// Whose a part is, before a verb: `` `p1` 的审批 `` / ``the part of `p1` ``,
/// a role's as the role.
fn part(candidate: &Candidate) -> (String, String) {
    let (zh, en) = candidate_text(candidate);
    (format!("{zh} 的审批"), format!("the part of {en}"))
}

/// A part whose candidate is not known.
fn a_part() -> (String, String) {
    ("一个审批位".to_owned(), "a part".to_owned())
}

/// A candidate as a step names it: a person's id, a role with its scope.
fn candidate_text(candidate: &Candidate) -> (String, String) {
    match candidate {
        Candidate::Person(p) => (ticked(p), ticked(p)),
        Candidate::Role { role, org, area } => {
            let (mut zh, mut en) = (
                format!("角色 {}", ticked(role)),
                format!("role {}", ticked(role)),
            );
            if let Some(org) = org {
                zh.push_str(&format!("（单位 {}）", ticked(org)));
                en.push_str(&format!(" of org {}", ticked(org)));
            }
            if let Some(area) = area {
                zh.push_str(&format!("（地区 {}）", ticked(area)));
                en.push_str(&format!(" in area {}", ticked(area)));
            }
            (zh, en)
        }
        Candidate::Nobody => ("无人".to_owned(), "nobody".to_owned()),
    }
}

/// Whom a reminder is for, after its verb: ` `p1`、角色 `clerk`` and
/// ` to `p1`, role `clerk``; nothing when it names nobody.
fn awaited(awaiting: &[Candidate]) -> (String, String) {
    if awaiting.is_empty() {
        return (String::new(), String::new());
    }
    let (zh, en): (Vec<String>, Vec<String>) = awaiting.iter().map(candidate_text).unzip();
    (
        format!(" {}", zh.join("、")),
        format!(" to {}", en.join(", ")),
    )
}

/// The fields a decision set, after its line: `，填写 `a`：`x`` and
/// `, setting `a` to `x``; nothing when it set none.
fn set_fields(fields: &Fields) -> (String, String) {
    if fields.is_empty() {
        return (String::new(), String::new());
    }
    let (zh, en): (Vec<String>, Vec<String>) = fields
        .iter()
        .map(|(k, v)| {
            (
                format!("{}：{}", ticked(k), ticked(v)),
                format!("{} to {}", ticked(k), ticked(v)),
            )
        })
        .unzip();
    (
        format!("，填写 {}", zh.join("、")),
        format!(", setting {}", en.join(", ")),
    )
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

/// People as a step lists them, each in backticks: `、` between them in
/// Chinese, commas in English.
fn listed(people: &[Id]) -> (String, String) {
    let shown: Vec<String> = people.iter().map(|p| ticked(p)).collect();
    (shown.join("、"), shown.join(", "))
}

/// A person id (or any text a person typed) as steps show it: echoed in
/// backticks, as messages show user input.
fn ticked(text: &str) -> String {
    format!("`{}`", echo(text))
}
