//! Static checks of a route, run when it loads: conditions with a gap or an
//! overlap, branches no application can take, approvers that can never be
//! resolved, return targets that are not earlier stages, settings that
//! contradict each other. Every problem names the route and the stage.
//!
//! Gaps and overlaps are found exactly, not by sampling: amounts are whole
//! fen, so every bound `b` splits the line at `b − 0.01`, `b`, `b + 0.01`,
//! and checking those points (and ¥0.00) for every combination of the
//! declared choices visits every region the conditions can tell apart.
//! (A route is a list of stages, so it has no cycles to look for; returns
//! go only to earlier stages, which is checked here.)

use std::collections::{BTreeMap, BTreeSet};

use super::route::{
    ApplicantApprover, Approver, BranchView, Condition, FieldType, FieldValue, Mode, NoApprover,
    Route, RouteStage, TimeoutAction,
};
use super::state::Status;
use crate::error::{Code, Problem, echo};
use crate::money::Money;

/// Most combinations of field values the gap and overlap check visits; a
/// route beyond it is refused rather than checked slowly.
const MAX_POINTS: usize = 10_000;

/// Every problem of `route`, in document order; empty when it is sound.
pub fn check(route: &Route) -> Vec<Problem> {
    let oversized = size(route);
    if !oversized.is_empty() {
        return oversized;
    }
    let mut problems = Vec::new();
    let named = echo(&route.id);
    let report = |problems: &mut Vec<Problem>, code, field: String, zh: String, en: String| {
        problems.push(Problem::new(
            code,
            Some(&field),
            format!("路线 `{named}`：{zh}"),
            format!("route `{named}`: {en}"),
        ));
    };
    // Ids and names show in every application's snapshot and history: a
    // blank one names nothing.
    if let Some(p) = invisible_name(&route.id, || "id".into()) {
        report(
            &mut problems,
            p.code,
            "id".into(),
            p.message_zh,
            p.message_en,
        );
    }
    for (key, value) in [("id", &route.id), ("name", &route.name)] {
        if value.trim().is_empty() {
            report(
                &mut problems,
                Code::Required,
                key.into(),
                format!("`{key}` 不能为空"),
                format!("`{key}` must not be empty"),
            );
        }
    }
    if !route.stages.is_empty() && !route.branches.is_empty() {
        report(
            &mut problems,
            Code::RouteInconsistent,
            "stages".into(),
            "`stages` 与 `branches` 只能给出一个".into(),
            "give either `stages` or `branches`, not both".into(),
        );
    }
    // Every name a route lists: a blank one names nothing (a pick nobody
    // can give, a role nobody holds, a field that cannot be written).
    let named_lists: [(&str, &[String]); 5] = [
        ("picks", &route.picks),
        ("required_fields", &route.required_fields),
        ("distinct_fields", &route.distinct_fields),
        ("applicant_roles", &route.applicant_roles),
        ("delist_roles", &route.delist_roles),
    ];
    let branch_roles = route.branches.iter().enumerate().map(|(b, branch)| {
        (
            BranchAt(Some(b)),
            "applicant_roles",
            branch.applicant_roles.as_slice(),
        )
    });
    let lists = named_lists
        .into_iter()
        .map(|(key, names)| (BranchAt(None), key, names))
        .chain(branch_roles);
    for (at, key, names) in lists {
        for (i, name) in names.iter().enumerate() {
            if name.trim().is_empty() {
                report(
                    &mut problems,
                    Code::Required,
                    format!("{at}{key}[{i}]"),
                    format!("`{key}` 中的名称不能为空"),
                    format!("a name in `{key}` must not be empty"),
                );
            } else if let Some(p) = invisible_name(name, || format!("{at}{key}[{i}]")) {
                let field = p.field.clone().unwrap_or_default();
                report(&mut problems, p.code, field, p.message_zh, p.message_en);
            }
        }
    }
    // The posts approvers must hold: each for a pick or a text field the
    // route declares, each a role someone can hold.
    let posts = route
        .pick_roles
        .iter()
        .map(|(pick, role)| ("pick_roles", pick, role, route.picks.contains(pick)))
        .chain(
            route
                .field_roles
                .iter()
                .map(|(field, role)| ("field_roles", field, role, is_text_field(route, field))),
        );
    for (key, name, role, declared) in posts {
        if !declared {
            let (zh, en) = if key == "pick_roles" {
                (
                    "`picks` 中没有",
                    "is not a pick the route declares in `picks`",
                )
            } else {
                NOT_A_TEXT_FIELD
            };
            report(
                &mut problems,
                Code::RouteInconsistent,
                format!("{key}.{name}"),
                format!("`{key}` 中的 `{}`：{zh}", echo(name)),
                format!("`{}` in `{key}` {en}", echo(name)),
            );
        }
        if let Some((code, field, zh, en)) = post_problem(role, format!("{key}.{name}")) {
            report(&mut problems, code, field, zh, en);
        }
    }
    // Fields that must name different people: text fields the route has,
    // each once (a field listed twice would refuse every application).
    for (i, name) in route.distinct_fields.iter().enumerate() {
        if route.distinct_fields.iter().take(i).any(|n| n == name) {
            report(
                &mut problems,
                Code::RouteInconsistent,
                format!("distinct_fields[{i}]"),
                format!("`distinct_fields` 中 `{}` 重复", echo(name)),
                format!("`{}` is listed twice in `distinct_fields`", echo(name)),
            );
        } else if !name.trim().is_empty() && !is_text_field(route, name) {
            let (zh, en) = NOT_A_TEXT_FIELD;
            report(
                &mut problems,
                Code::RouteInconsistent,
                format!("distinct_fields[{i}]"),
                format!("`distinct_fields` 中的 `{}`：{zh}", echo(name)),
                format!("`{}` in `distinct_fields` {en}", echo(name)),
            );
        }
    }
    // A route's own words for statuses: each for a status there is, each
    // something to show.
    for (status, label) in &route.status_labels {
        let at = format!("status_labels.{status}");
        if !Status::ALL.iter().any(|s| s.label_en() == status) {
            let known: Vec<&str> = Status::ALL.iter().map(|s| s.label_en()).collect();
            report(
                &mut problems,
                Code::RouteInconsistent,
                at,
                format!(
                    "`{}` 不是申请的状态（可用：{}）",
                    echo(status),
                    super::route::ticked(&known)
                ),
                format!(
                    "`{}` is not a status (the statuses: {})",
                    echo(status),
                    super::route::ticked_en(&known)
                ),
            );
        } else if let Some((code, field, zh, en)) =
            blank_or_invisible(label, at, "状态名称", "a status label")
        {
            report(&mut problems, code, field, zh, en);
        }
    }
    if let Some((code, field, zh, en)) = route
        .supervisor_role
        .as_deref()
        .and_then(|role| post_problem(role, "supervisor_role".to_owned()))
    {
        report(&mut problems, code, field, zh, en);
    }
    for (name, kind) in &route.fields {
        if name.trim().is_empty() {
            report(
                &mut problems,
                Code::Required,
                format!("fields.{name}"),
                "字段名不能为空".into(),
                "a field name must not be empty".into(),
            );
        }
        let choices = match kind {
            FieldType::Choice(choices) => choices.as_slice(),
            _ => &[],
        };
        // A choice of nothing leaves the field no value; one listed twice
        // is a slip, as an upload kind listed twice is.
        if matches!(kind, FieldType::Choice(c) if c.is_empty()) {
            report(
                &mut problems,
                Code::RouteInconsistent,
                format!("fields.{name}"),
                format!("字段 `{}` 的选项为空：它不能取任何值", echo(name)),
                format!(
                    "field `{}` is a choice of nothing: it can take no value",
                    echo(name)
                ),
            );
        }
        for (i, choice) in choices.iter().enumerate() {
            if choices.iter().take(i).any(|c| c == choice) {
                report(
                    &mut problems,
                    Code::RouteInconsistent,
                    format!("fields.{name}[{i}]"),
                    format!("选项 `{}` 列了两次", echo(choice)),
                    format!("the choice `{}` is listed twice", echo(choice)),
                );
            }
        }
        let named = std::iter::once((name, None))
            .chain(choices.iter().enumerate().map(|(i, c)| (c, Some(i))));
        for (text, i) in named {
            let at = || match i {
                Some(i) => format!("fields.{name}[{i}]"),
                None => format!("fields.{name}"),
            };
            if let Some(p) = invisible_name(text, at) {
                let field = p.field.clone().unwrap_or_default();
                report(&mut problems, p.code, field, p.message_zh, p.message_en);
            }
        }
    }
    // A field a stage sets is not the applicant's to give (a submission
    // giving it is forbidden): required of the applicant, or read by a
    // branch's conditions at submission, it could never be.
    let stage_set: BTreeSet<&str> = route
        .branch_views()
        .flat_map(|b| b.stages.iter())
        .flat_map(|s| s.sets_fields.iter().chain(&s.may_set_fields))
        .map(String::as_str)
        .collect();
    for (i, name) in route.required_fields.iter().enumerate() {
        if stage_set.contains(name.as_str()) {
            report(
                &mut problems,
                Code::RouteInconsistent,
                format!("required_fields[{i}]"),
                format!(
                    "字段 `{}` 由环节填写，申请人不能提交，不能同时为申请人必填",
                    echo(name)
                ),
                format!(
                    "field `{}` is set by a stage, which the applicant may not give, so it cannot be required of them",
                    echo(name)
                ),
            );
        }
    }
    for (b, branch) in route.branches.iter().enumerate() {
        for (c, condition) in branch.when.iter().enumerate() {
            if stage_set.contains(condition.field.as_str()) {
                report(
                    &mut problems,
                    Code::RouteInconsistent,
                    format!("branches[{b}].when[{c}]"),
                    format!(
                        "分支条件读取的字段 `{}` 由环节填写，提交时不会有值，此分支无人能走",
                        echo(&condition.field)
                    ),
                    format!(
                        "the condition reads field `{}`, which a stage sets and no submission holds: nobody takes this branch",
                        echo(&condition.field)
                    ),
                );
            }
        }
    }
    for (i, name) in route.required_fields.iter().enumerate() {
        if !route.fields.contains_key(name) {
            report(
                &mut problems,
                Code::RouteInconsistent,
                format!("required_fields[{i}]"),
                format!("必填字段 `{}` 未在 `fields` 中声明", echo(name)),
                format!(
                    "required field `{}` is not declared in `fields`",
                    echo(name)
                ),
            );
        }
    }
    let plain = route.branches.is_empty();
    let branches: Vec<BranchView<'_>> = route.branch_views().collect();
    let mut names = BTreeSet::new();
    let mut conditions_sound = true;
    for (b, branch) in branches.iter().enumerate() {
        // Paths are written only for a problem: most routes have none.
        let at = BranchAt((!plain).then_some(b));
        if !plain && let Some(p) = invisible_name(branch.name, || format!("{at}name")) {
            let field = p.field.clone().unwrap_or_default();
            report(&mut problems, p.code, field, p.message_zh, p.message_en);
        }
        if !plain && branch.name.trim().is_empty() {
            report(
                &mut problems,
                Code::Required,
                format!("{at}name"),
                "分支名不能为空".into(),
                "a branch name must not be empty".into(),
            );
        }
        if !names.insert(branch.name) {
            report(
                &mut problems,
                Code::RouteInconsistent,
                format!("{at}name"),
                format!("分支名 `{}` 重复", echo(branch.name)),
                format!("branch name `{}` is used twice", echo(branch.name)),
            );
        }
        if branch.stages.is_empty() {
            report(
                &mut problems,
                Code::RouteInconsistent,
                format!("{at}stages"),
                "没有审批环节".into(),
                "has no stages".into(),
            );
        }
        for (c, condition) in branch.when.iter().enumerate() {
            if let Some((zh, en)) = condition_problem(condition, &route.fields) {
                conditions_sound = false;
                report(
                    &mut problems,
                    Code::RouteInconsistent,
                    format!("{at}when[{c}]"),
                    zh,
                    en,
                );
            }
        }
        let mut ids = BTreeSet::new();
        for (s, stage) in branch.stages.iter().enumerate() {
            let at = StageAt {
                branch: at,
                stage: s,
            };
            for (key, value) in [("id", &stage.id), ("name", &stage.name)] {
                if value.trim().is_empty() {
                    report(
                        &mut problems,
                        Code::Required,
                        format!("{at}.{key}"),
                        format!("环节的 `{key}` 不能为空"),
                        format!("a stage's `{key}` must not be empty"),
                    );
                }
            }
            if !ids.insert(stage.id.as_str()) {
                report(
                    &mut problems,
                    Code::RouteInconsistent,
                    format!("{at}.id"),
                    format!("环节 `{}` 重复", echo(&stage.id)),
                    format!("stage `{}` is used twice", echo(&stage.id)),
                );
            }
            let earlier: Vec<&str> = branch
                .stages
                .iter()
                .take(s)
                .map(|x| x.id.as_str())
                .collect();
            let set_before: Vec<&str> = branch
                .stages
                .iter()
                .take(s)
                .flat_map(|x| x.sets_fields.iter().map(String::as_str))
                .collect();
            check_stage(route, stage, (&earlier, &set_before), &at, &mut problems);
        }
    }
    // Stage problems leave the conditions to be judged; conditions that do
    // not read (an undeclared field, a bound that is no amount) do not.
    if conditions_sound {
        problems.extend(coverage(route, &branches, plain));
    }
    problems
}

/// A branch's path prefix: `branches[1].`, or nothing for a route of one
/// branch.
#[derive(Clone, Copy)]
struct BranchAt(Option<usize>);

impl std::fmt::Display for BranchAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(b) => write!(f, "branches[{b}]."),
            None => Ok(()),
        }
    }
}

/// A stage's path (`stages[2]`, `branches[1].stages[2]`).
struct StageAt {
    branch: BranchAt,
    stage: usize,
}

impl std::fmt::Display for StageAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}stages[{}]", self.branch, self.stage)
    }
}

/// `before`: the ids of the earlier stages, and the fields they set.
/// Every list of the route within its documented limit, checked before any
/// other work (`request.too_large`, naming the list).
fn size(route: &Route) -> Vec<Problem> {
    use crate::limits::{
        Limit, MAX_ROUTE_BRANCHES, MAX_ROUTE_CONDITIONS, MAX_ROUTE_STAGES, MAX_STAGE_APPROVERS,
        too_large,
    };
    let mut out = Vec::new();
    // The path is written only for a list over its limit: this runs on
    // every route load and every submission.
    let mut over = |len: usize, max: usize, at: &dyn Fn() -> String| {
        if len > max {
            out.push(too_large(Some(&at()), Limit::Items(max), len));
        }
    };
    over(route.branches.len(), MAX_ROUTE_BRANCHES, &|| {
        "branches".into()
    });
    over(route.stages.len(), MAX_ROUTE_STAGES, &|| "stages".into());
    over(route.fields.len(), MAX_ROUTE_CONDITIONS, &|| {
        "fields".into()
    });
    let plain = route
        .stages
        .iter()
        .enumerate()
        .map(|(s, stage)| (None, s, stage));
    let branched = route.branches.iter().enumerate().flat_map(|(b, branch)| {
        branch
            .stages
            .iter()
            .enumerate()
            .map(move |(s, stage)| (Some(b), s, stage))
    });
    for (b, branch) in route.branches.iter().enumerate() {
        over(branch.when.len(), MAX_ROUTE_CONDITIONS, &|| {
            format!("branches[{b}].when")
        });
        over(branch.stages.len(), MAX_ROUTE_STAGES, &|| {
            format!("branches[{b}].stages")
        });
    }
    for (b, s, stage) in plain.chain(branched) {
        let at = |list: &str| match b {
            Some(b) => format!("branches[{b}].stages[{s}].{list}"),
            None => format!("stages[{s}].{list}"),
        };
        over(stage.approvers.len(), MAX_STAGE_APPROVERS, &|| {
            at("approvers")
        });
        over(stage.cc.len(), MAX_STAGE_APPROVERS, &|| at("cc"));
        over(stage.required_uploads.len(), MAX_ROUTE_CONDITIONS, &|| {
            at("required_uploads")
        });
        over(stage.sets_fields.len(), MAX_ROUTE_CONDITIONS, &|| {
            at("sets_fields")
        });
        over(stage.may_set_fields.len(), MAX_ROUTE_CONDITIONS, &|| {
            at("may_set_fields")
        });
        over(stage.return_to.len(), MAX_ROUTE_STAGES, &|| at("return_to"));
    }
    out
}

fn check_stage(
    route: &Route,
    stage: &RouteStage,
    before: (&[&str], &[&str]),
    at: &StageAt,
    out: &mut Vec<Problem>,
) {
    let (earlier, set_before) = before;
    // Names and paths are written only for a problem: most routes have none.
    let mut report = |code, field: String, zh: String, en: String| {
        let (named, stage_name) = (echo(&route.id), echo(&stage.id));
        out.push(Problem::new(
            code,
            Some(&field),
            format!("路线 `{named}` 环节 `{stage_name}`：{zh}"),
            format!("route `{named}`, stage `{stage_name}`: {en}"),
        ));
    };
    if stage.approvers.is_empty() {
        report(
            Code::RouteUnresolvable,
            format!("{at}.approvers"),
            "没有审批人".into(),
            "has no approvers".into(),
        );
    }
    // Names the stage gives, matched as written (`invisible_name`).
    let lists: [(&str, &[String]); 3] = [
        ("required_uploads", &stage.required_uploads),
        ("sets_fields", &stage.sets_fields),
        ("may_set_fields", &stage.may_set_fields),
    ];
    let listed = lists.into_iter().flat_map(|(key, names)| {
        names
            .iter()
            .enumerate()
            .map(move |(i, n)| (n.as_str(), Some((key, i))))
    });
    let approvers = stage.approvers.len();
    let named_approvers = stage
        .approvers
        .iter()
        .chain(&stage.cc)
        .enumerate()
        .filter_map(|(i, a)| match a {
            Approver::Role(n) | Approver::RoleIn { role: n, .. } => Some((n.as_str(), i)),
            Approver::Picked(n) | Approver::Field(n) => Some((n.as_str(), i)),
            _ => None,
        })
        .map(|(n, i)| {
            (
                n,
                Some(if i < approvers {
                    ("approvers", i)
                } else {
                    ("cc", i - approvers)
                }),
            )
        });
    for (name, place) in std::iter::once((stage.id.as_str(), None))
        .chain(listed)
        .chain(named_approvers)
    {
        let path = || match place {
            Some((key, i)) => format!("{at}.{key}[{i}]"),
            None => format!("{at}.id"),
        };
        if let Some(p) = invisible_name(name, path) {
            let field = p.field.clone().unwrap_or_default();
            report(p.code, field, p.message_zh, p.message_en);
        }
    }
    for (i, approver) in stage.approvers.iter().chain(&stage.cc).enumerate() {
        // Why this approver can never be resolved, if it cannot.
        let why: Option<(String, String)> = match approver {
            Approver::Person(id) | Approver::Role(id) if id.trim().is_empty() => Some((
                "人员或角色为空".into(),
                "its person or role is empty".into(),
            )),
            Approver::RoleIn { role, .. } if role.trim().is_empty() => {
                Some(("角色为空".into(), "its role is empty".into()))
            }
            Approver::Picked(slot) if !route.picks.contains(slot) => Some((
                format!("自选审批人 `{}` 未在 `picks` 中声明", echo(slot)),
                format!("the pick `{}` is not declared in `picks`", echo(slot)),
            )),
            // A person named in a field: given at submission (required)
            // or set by an earlier stage.
            Approver::Field(name) if !route.fields.contains_key(name) => Some((
                format!("字段 `{}` 未在 `fields` 中声明", echo(name)),
                format!("the field `{}` is not declared in `fields`", echo(name)),
            )),
            // A person id is text: an amount, a date or a choice names nobody.
            Approver::Field(name) if !is_text_field(route, name) => Some((
                format!("字段 `{}` 不是文本（`text`），不能存放人员编号", echo(name)),
                format!(
                    "the field `{}` is not text: it cannot hold a person id",
                    echo(name)
                ),
            )),
            Approver::Field(name)
                if !(route.required_fields.contains(name)
                    || set_before.contains(&name.as_str())) =>
            {
                Some((
                    format!(
                        "字段 `{}` 既非必填（`required_fields`），也不由之前的环节填写",
                        echo(name)
                    ),
                    format!(
                        "the field `{}` is neither required (`required_fields`) nor set by an earlier stage",
                        echo(name)
                    ),
                ))
            }
            _ => None,
        };
        if let Some((zh, en)) = why {
            let (list, who_zh, who_en) = if i < stage.approvers.len() {
                (format!("approvers[{i}]"), "该审批人", "this approver")
            } else {
                (
                    format!("cc[{}]", i - stage.approvers.len()),
                    "该抄送人",
                    "this copy's recipient",
                )
            };
            report(
                Code::RouteUnresolvable,
                format!("{at}.{list}"),
                format!("{who_zh}无法确定：{zh}"),
                format!("{who_en} can never be resolved: {en}"),
            );
        }
    }
    // A copy (抄送) goes to people: a role's holders are not known to the
    // engine, so a role there would be dropped without a word.
    for (i, copied) in stage.cc.iter().enumerate() {
        if matches!(copied, Approver::Role(_) | Approver::RoleIn { .. }) {
            report(
                Code::RouteInconsistent,
                format!("{at}.cc[{i}]"),
                "抄送只能给人员（指定人员、自选审批人、分管领导、申请人或字段所指人员），不能给角色".into(),
                "a copy (cc) goes to a person (named, picked, the supervising leader, the applicant or a field naming one), not to a role".into(),
            );
        }
    }
    for (i, approver) in stage.approvers.iter().enumerate() {
        let named_person = matches!(
            approver,
            Approver::Person(_)
                | Approver::Picked(_)
                | Approver::SupervisingLeader
                | Approver::Applicant
                | Approver::Field(_)
        );
        if named_person && stage.approvers.iter().take(i).any(|a| a == approver) {
            report(
                Code::RouteInconsistent,
                format!("{at}.approvers[{i}]"),
                "同一审批人列了两次（一人在一个环节只审批一次）".into(),
                "the same approver is listed twice (one person decides once per stage)".into(),
            );
        }
    }
    // Person ids a route names are typed identifiers: a space or an
    // invisible character names nobody (a slot that waits for ever).
    let named_people = stage
        .approvers
        .iter()
        .enumerate()
        .map(|(i, a)| (format!("approvers[{i}]"), a))
        .chain(
            stage
                .cc
                .iter()
                .enumerate()
                .map(|(i, a)| (format!("cc[{i}]"), a)),
        )
        .filter_map(|(key, a)| match a {
            Approver::Person(id) => Some((key, id)),
            _ => None,
        })
        .chain(match &stage.no_approver {
            NoApprover::Fallback(id) => Some(("no_approver".to_owned(), id)),
            _ => None,
        })
        .chain(match &stage.on_timeout {
            Some(super::route::TimeoutAction::Escalate(id)) => Some(("on_timeout".to_owned(), id)),
            _ => None,
        });
    for (key, id) in named_people {
        let field = || format!("{at}.{key}");
        if let Some(p) = super::route::person_id_problem(id, &field) {
            report(p.code, field(), p.message_zh, p.message_en);
        }
    }
    if stage.applicant_approver == ApplicantApprover::Refuse {
        for (i, approver) in stage.approvers.iter().enumerate() {
            if *approver == Approver::Applicant {
                report(
                    Code::RouteInconsistent,
                    format!("{at}.approvers[{i}]"),
                    "本环节不许申请人审批（`applicant_approver = \"refuse\"`），却以申请人为审批人".into(),
                    "the stage refuses the applicant as an approver (`applicant_approver = \"refuse\"`) but names them as one".into(),
                );
            }
        }
    }
    // An upload kind names what a stage waits for: a blank names nothing,
    // and one listed twice would be asked for twice.
    for (i, kind) in stage.required_uploads.iter().enumerate() {
        if kind.trim().is_empty() {
            report(
                Code::Required,
                format!("{at}.required_uploads[{i}]"),
                "上传类型不能为空".into(),
                "an upload kind must not be empty".into(),
            );
        } else if stage.required_uploads.iter().take(i).any(|k| k == kind) {
            report(
                Code::RouteInconsistent,
                format!("{at}.required_uploads[{i}]"),
                format!("上传类型 `{}` 列了两次", echo(kind)),
                format!("the upload kind `{}` is listed twice", echo(kind)),
            );
        }
    }
    if let NoApprover::Fallback(person) = &stage.no_approver
        && person.trim().is_empty()
    {
        report(
            Code::RouteUnresolvable,
            format!("{at}.no_approver"),
            "替补审批人为空".into(),
            "the fallback approver is empty".into(),
        );
    }
    match (stage.mode, &stage.pass_ratio) {
        // With a veto every voter holds it until they vote: the stage
        // passes only when all approve, so a ratio would promise a pass
        // the stage never gives.
        (Mode::Vote, Some(_)) if stage.veto => report(
            Code::RouteInconsistent,
            format!("{at}.pass_ratio"),
            "一票否决的票签须全体同意才通过，通过比例 `pass_ratio` 不起作用，请删去".into(),
            "a vote with a veto passes only when every voter approves: its `pass_ratio` is never used; leave it out".into(),
        ),
        (Mode::Vote, None) if stage.veto => {}
        (Mode::Vote, None) => report(
            Code::RouteInconsistent,
            format!("{at}.pass_ratio"),
            "票签环节需要通过比例 `pass_ratio`（或一票否决 `veto = true`，须全体同意）".into(),
            "a vote stage needs a `pass_ratio` (or `veto = true`: every voter must approve)".into(),
        ),
        (Mode::Vote, Some(ratio)) if ratio.as_decimal().is_zero() => report(
            Code::RouteInconsistent,
            format!("{at}.pass_ratio"),
            "通过比例应大于 0".into(),
            "the pass ratio must be above 0".into(),
        ),
        (Mode::Vote, Some(_)) => {}
        (_, Some(_)) => report(
            Code::RouteInconsistent,
            format!("{at}.pass_ratio"),
            "只有票签环节有通过比例".into(),
            "only a vote stage has a pass ratio".into(),
        ),
        (_, None) => {}
    }
    if !stage.may_reject && stage.on_timeout == Some(TimeoutAction::AutoReject) {
        report(
            Code::RouteInconsistent,
            format!("{at}.on_timeout"),
            "本环节不能驳回（`may_reject = false`），超时也不能自动驳回".into(),
            "a stage that is not rejected (`may_reject = false`) cannot reject on timeout".into(),
        );
    }
    if !stage.may_return && !stage.return_to.is_empty() {
        report(
            Code::RouteInconsistent,
            format!("{at}.return_to"),
            "本环节不能退回（`may_return = false`），不应列出退回环节".into(),
            "a stage that does not return (`may_return = false`) lists no `return_to`".into(),
        );
    }
    if !stage.may_reject && stage.mode == Mode::Vote {
        report(
            Code::RouteInconsistent,
            format!("{at}.may_reject"),
            "票签环节的驳回就是反对票，不能关闭".into(),
            "a vote's rejections are its votes against: a vote stage cannot forbid them".into(),
        );
    }
    if stage.veto && stage.mode != Mode::Vote {
        report(
            Code::RouteInconsistent,
            format!("{at}.veto"),
            "只有票签环节有一票否决".into(),
            "only a vote stage has a veto".into(),
        );
    }
    if stage.mode == Mode::Single && stage.approvers.len() > 1 {
        report(
            Code::RouteInconsistent,
            format!("{at}.mode"),
            "单人审批环节只能有一个审批人；多人请用 `any`（或签）、`all`（会签）、`sequential`（依次）或 `vote`（票签）".into(),
            "a single-approver stage has one approver; for several use `any` (any one approves), `all` (all approve), `sequential` (one after another) or `vote`".into(),
        );
    }
    let settable = [
        ("sets_fields", &stage.sets_fields),
        ("may_set_fields", &stage.may_set_fields),
    ];
    for (key, names) in settable {
        for (i, name) in names.iter().enumerate() {
            if name.trim().is_empty() {
                report(
                    Code::Required,
                    format!("{at}.{key}[{i}]"),
                    "字段名不能为空".into(),
                    "a field name must not be empty".into(),
                );
            } else if !route.fields.contains_key(name) {
                report(
                    Code::RouteInconsistent,
                    format!("{at}.{key}[{i}]"),
                    format!("字段 `{}` 未在 `fields` 中声明", echo(name)),
                    format!("field `{}` is not declared in `fields`", echo(name)),
                );
            }
        }
    }
    for (i, name) in stage.may_set_fields.iter().enumerate() {
        if stage.sets_fields.contains(name) {
            report(
                Code::RouteInconsistent,
                format!("{at}.may_set_fields[{i}]"),
                format!(
                    "字段 `{}` 已在 `sets_fields` 中（须有值），不能同时可选",
                    echo(name)
                ),
                format!(
                    "field `{}` is in `sets_fields` (must hold a value) and cannot also be optional",
                    echo(name)
                ),
            );
        }
    }
    for (i, target) in stage.return_to.iter().enumerate() {
        if !earlier.contains(&target.as_str()) {
            report(
                Code::RouteReturnTarget,
                format!("{at}.return_to[{i}]"),
                format!("退回目标 `{}` 不是之前的环节", echo(target)),
                format!("return target `{}` is not an earlier stage", echo(target)),
            );
        } else if stage.return_to.iter().take(i).any(|t| t == target) {
            report(
                Code::RouteInconsistent,
                format!("{at}.return_to[{i}]"),
                format!("退回目标 `{}` 列了两次", echo(target)),
                format!("the return target `{}` is listed twice", echo(target)),
            );
        }
    }
    match (stage.deadline_hours, &stage.on_timeout) {
        (None, Some(_)) => report(
            Code::RouteInconsistent,
            format!("{at}.on_timeout"),
            "有超时处理但没有期限 `deadline_hours`".into(),
            "a timeout action needs `deadline_hours`".into(),
        ),
        // A deadline nothing happens at would pass without a word.
        (Some(_), None) => report(
            Code::RouteInconsistent,
            format!("{at}.deadline_hours"),
            "有期限但没有超时处理 `on_timeout`（`auto_approve`、`auto_reject` 或 `escalate`）"
                .into(),
            "a deadline needs `on_timeout` (`auto_approve`, `auto_reject` or `escalate`)".into(),
        ),
        _ => {}
    }
    // A deadline of no time acts at the first tick: an application
    // approved (or refused) before anyone could look at it.
    if stage.deadline_hours == Some(0) {
        report(
            Code::RouteInconsistent,
            format!("{at}.deadline_hours"),
            "期限须至少 1 小时（为 0 时超时处理会在第一次检查时生效）".into(),
            "a deadline must be at least 1 hour (at 0 the timeout acts at the first tick)".into(),
        );
    }
    // A 票签 is one person, one vote: a timeout cannot hand every open
    // vote to one person.
    if matches!(stage.mode, super::route::Mode::Vote)
        && matches!(
            &stage.on_timeout,
            Some(super::route::TimeoutAction::Escalate(_))
        )
    {
        report(
            Code::RouteInconsistent,
            format!("{at}.on_timeout"),
            "票签环节超时不能转交给一人（一人一票）；请用 `auto_approve` 或 `auto_reject`".into(),
            "a vote cannot escalate on timeout: its open votes would all go to one person (one person, one vote); use `auto_approve` or `auto_reject`".into(),
        );
    }
    // As a deadline of no time: a reminder at the first tick, before
    // anyone could look at the stage.
    if stage.remind_after_hours == Some(0) {
        report(
            Code::RouteInconsistent,
            format!("{at}.remind_after_hours"),
            "提醒时间须至少 1 小时（为 0 时会在第一次检查时提醒）".into(),
            "a reminder must come at least 1 hour after the stage starts (at 0 it is given at the first tick)".into(),
        );
    }
    if let (Some(remind), Some(deadline)) = (stage.remind_after_hours, stage.deadline_hours)
        && remind >= deadline
    {
        report(
            Code::RouteInconsistent,
            format!("{at}.remind_after_hours"),
            "提醒时间应早于期限".into(),
            "the reminder must come before the deadline".into(),
        );
    }
    if let Some(name) = &stage.remind_on_field
        && route.fields.get(name) != Some(&FieldType::Date)
    {
        report(
            Code::RouteInconsistent,
            format!("{at}.remind_on_field"),
            format!(
                "提醒日期字段 `{}` 应在 `fields` 中声明为日期（`date`）",
                echo(name)
            ),
            format!(
                "the reminder's field `{}` must be declared in `fields` as a date",
                echo(name)
            ),
        );
    }
    if let Some(super::route::TimeoutAction::Escalate(person)) = &stage.on_timeout
        && person.trim().is_empty()
    {
        report(
            Code::RouteUnresolvable,
            format!("{at}.on_timeout"),
            "超时转交的人员为空".into(),
            "the person a timeout escalates to is empty".into(),
        );
    }
    // Escalating to the person every part of the stage already waits for
    // changes nothing: the stage would wait on them past its deadline as
    // before, with an escalation recorded that escalated nothing. (A vote
    // escalates to nobody: refused above.)
    if let Some(super::route::TimeoutAction::Escalate(person)) = &stage.on_timeout
        && !matches!(stage.mode, super::route::Mode::Vote)
        && !stage.approvers.is_empty()
        && stage
            .approvers
            .iter()
            .all(|a| matches!(a, super::route::Approver::Person(p) if p == person))
    {
        report(
            Code::RouteInconsistent,
            format!("{at}.on_timeout"),
            format!(
                "超时转交给 `{}`，而本环节本就只等此人审批，转交不会改变什么",
                echo(person)
            ),
            format!(
                "the timeout escalates to `{}`, whom every part of the stage already waits for: it would change nothing",
                echo(person)
            ),
        );
    }
}

/// True when `name` is a text field `route` declares: the only kind that
/// names a person (an approver, a post's holder, one of `distinct_fields`).
fn is_text_field(route: &Route, name: &str) -> bool {
    matches!(route.fields.get(name), Some(FieldType::Text))
}

/// What a name that should be a declared text field is not (Chinese,
/// English, after the name).
const NOT_A_TEXT_FIELD: (&str, &str) = (
    "`fields` 中没有这个文本字段",
    "is not a text field the route declares",
);

/// What is wrong with a post (role) an approver must hold, at `at`: a
/// blank or invisible one is a role nobody holds, and the slot would wait
/// for ever. As `(code, field, zh, en)`.
fn post_problem(role: &str, at: String) -> Option<(Code, String, String, String)> {
    blank_or_invisible(role, at, "角色", "a role")
}

/// What is wrong with a name a route gives (`what`, in both languages):
/// blank, or holding an invisible character. As `(code, field, zh, en)`.
fn blank_or_invisible(
    text: &str,
    at: String,
    what_zh: &str,
    what_en: &str,
) -> Option<(Code, String, String, String)> {
    if text.trim().is_empty() {
        return Some((
            Code::Required,
            at,
            format!("{what_zh}不能为空"),
            format!("{what_en} must not be empty"),
        ));
    }
    invisible_name(text, || at).map(|p| {
        let field = p.field.clone().unwrap_or_default();
        (p.code, field, p.message_zh, p.message_en)
    })
}

/// `field.charset` for a name holding an invisible character: every name
/// a route gives is matched as written, so `oper\u{200b}ator` is a role
/// nobody holds and its stage would wait for ever. The path is written
/// only then; a blank name is reported as empty, where it is.
fn invisible_name(name: &str, at: impl FnOnce() -> String) -> Option<Problem> {
    if name.trim().is_empty() || !name.chars().any(crate::validate::is_invisible) {
        return None;
    }
    crate::validate::check_visible(name, &at(), "名称", "a name")
}

/// What is wrong with one condition, if anything.
fn condition_problem(
    condition: &Condition,
    types: &BTreeMap<String, FieldType>,
) -> Option<(String, String)> {
    let field = echo(&condition.field);
    let Some(kind) = types.get(&condition.field) else {
        return Some((
            format!("条件字段 `{field}` 未在 `fields` 中声明"),
            format!("condition field `{field}` is not declared in `fields`"),
        ));
    };
    let bounds = [condition.lt, condition.le, condition.gt, condition.ge];
    let has_bound = bounds.iter().any(Option::is_some);
    if !has_bound && condition.eq.is_none() && condition.one_of.is_none() {
        return Some((
            format!("条件 `{field}` 没有给出比较"),
            format!("condition on `{field}` compares nothing"),
        ));
    }
    match kind {
        FieldType::Money => {
            if condition.one_of.is_some() {
                return Some((
                    format!("金额字段 `{field}` 不能用 `in`"),
                    format!("money field `{field}` cannot use `in`"),
                ));
            }
            if let Some(eq) = &condition.eq
                && Money::parse(eq).is_err()
            {
                return Some((
                    format!("`{field}` 的比较值 `{}` 不是金额", echo(eq)),
                    format!("`{}` compared with `{field}` is not an amount", echo(eq)),
                ));
            }
        }
        FieldType::Text | FieldType::Date | FieldType::Choice(_) if has_bound => {
            return Some((
                format!("文本字段 `{field}` 不能比较大小"),
                format!("text field `{field}` cannot use `<`, `≤`, `>` or `≥`"),
            ));
        }
        FieldType::Choice(values) => {
            let named = condition.eq.iter().chain(condition.one_of.iter().flatten());
            for value in named {
                if !values.contains(value) {
                    return Some((
                        format!("`{}` 不是 `{field}` 的可选值", echo(value)),
                        format!("`{}` is not a choice of `{field}`", echo(value)),
                    ));
                }
            }
        }
        FieldType::Text | FieldType::Date => {}
    }
    None
}

/// Gaps, overlaps and branches no application takes, over every region of
/// the fields the conditions can tell apart.
fn coverage(route: &Route, branches: &[BranchView<'_>], plain: bool) -> Vec<Problem> {
    let named = echo(&route.id);
    let mut fields: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for condition in branches.iter().flat_map(|b| b.when) {
        let points = fields.entry(condition.field.as_str()).or_default();
        match route.fields.get(&condition.field) {
            Some(FieldType::Money) => {
                points.push("0.00".into());
                let bounds = [condition.lt, condition.le, condition.gt, condition.ge];
                let eq = condition.eq.as_deref().and_then(|e| Money::parse(e).ok());
                for bound in bounds.into_iter().flatten().chain(eq) {
                    points.extend(around(bound));
                }
            }
            Some(FieldType::Choice(values)) => points.extend(values.iter().cloned()),
            Some(FieldType::Text | FieldType::Date) | None => {
                points.extend(condition.eq.iter().cloned());
                points.extend(condition.one_of.iter().flatten().cloned());
                // Any other text.
                points.push(String::new());
            }
        }
    }
    for points in fields.values_mut() {
        points.sort();
        points.dedup();
    }
    let total = fields
        .values()
        .try_fold(1usize, |n, p| n.checked_mul(p.len().max(1)));
    if total.is_none_or(|n| n > MAX_POINTS) {
        return vec![Problem::new(
            Code::RouteInconsistent,
            Some("branches"),
            format!("路线 `{named}` 的条件组合过多（超过 {MAX_POINTS} 种），无法检查"),
            format!(
                "route `{named}` has too many combinations of conditions to check (over {MAX_POINTS})"
            ),
        )];
    }
    let mut taken = vec![false; branches.len()];
    let mut gaps: Vec<(super::route::Fields, Vec<usize>)> = Vec::new();
    let mut overlaps: Vec<(super::route::Fields, Vec<usize>)> = Vec::new();
    let names: Vec<&str> = fields.keys().copied().collect();
    let mut index = vec![0usize; names.len()];
    loop {
        let point: super::route::Fields = names
            .iter()
            .zip(&index)
            .filter_map(|(name, &i)| {
                let value = fields.get(name)?.get(i)?;
                Some(((*name).to_owned(), value.clone()))
            })
            .collect();
        let read: BTreeMap<&str, FieldValue> = point
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), route.fields.get(k)?.read(v).ok()?)))
            .collect();
        let matching: Vec<usize> = branches
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                b.when
                    .iter()
                    .all(|c| c.holds_value(read.get(c.field.as_str())))
            })
            .map(|(i, _)| i)
            .collect();
        for &i in &matching {
            if let Some(t) = taken.get_mut(i) {
                *t = true;
            }
        }
        match matching.len() {
            0 => gaps.push((point, matching)),
            1 => {}
            _ => overlaps.push((point, matching)),
        }
        if !advance(&mut index, &names, &fields) {
            break;
        }
    }
    // Every region, not only the first point found: an operator fixes
    // them all at once.
    let line = money_line(route, &fields);
    let line = line
        .as_ref()
        .map(|(name, amounts)| (*name, amounts.as_slice()));
    let mut problems = Vec::new();
    let gap_regions = regions(&gaps, line);
    let gaps_left_out = gap_regions.len().saturating_sub(MAX_REGIONS);
    for ((shown_zh, shown), _) in capped(gap_regions) {
        problems.push(Problem::new(
            Code::RouteGap,
            Some("branches"),
            format!("路线 `{named}` 没有分支接受 {shown_zh} 的申请"),
            format!("route `{named}` has no branch for an application with {shown}"),
        ));
    }
    say_how_many_more(&mut problems, gaps_left_out);
    let overlap_regions = regions(&overlaps, line);
    let overlaps_left_out = overlap_regions.len().saturating_sub(MAX_REGIONS);
    let before_overlaps = problems.len();
    for ((shown_zh, shown), matching) in capped(overlap_regions) {
        let which: Vec<&str> = matching
            .iter()
            .filter_map(|&i| branches.get(i).map(|b| b.name))
            .collect();
        problems.push(
            Problem::new(
                Code::RouteOverlap,
                Some("branches"),
                format!(
                    "路线 `{named}` 中 {shown_zh} 的申请同时符合分支 {}",
                    super::route::ticked(&which)
                ),
                format!(
                    "route `{named}`: an application with {shown} matches branches {}",
                    super::route::ticked_en(&which)
                ),
            )
            .with_detail(serde_json::json!({ "branches": which })),
        );
    }
    if problems.len() > before_overlaps {
        say_how_many_more(&mut problems, overlaps_left_out);
    }
    if !plain {
        for (i, branch) in branches.iter().enumerate() {
            if !taken.get(i).copied().unwrap_or(true) {
                problems.push(Problem::new(
                    Code::RouteUnreachable,
                    Some(&format!("branches[{i}]")),
                    format!(
                        "路线 `{named}` 的分支 `{}` 永远不会被选中",
                        echo(branch.name)
                    ),
                    format!(
                        "route `{named}`: branch `{}` can never be chosen",
                        echo(branch.name)
                    ),
                ));
            }
        }
    }
    problems
}

/// Most gap or overlap regions reported, each kind: a route with more has
/// its conditions wrong throughout, and a list of hundreds helps no one.
const MAX_REGIONS: usize = 20;

/// The first `MAX_REGIONS` of `regions`.
fn capped<T>(regions: Vec<T>) -> impl Iterator<Item = T> {
    regions.into_iter().take(MAX_REGIONS)
}

/// When `left_out` regions of the kind just listed were not, the last
/// listed says how many more there are (`detail.more`), so an operator
/// knows the list is not the whole.
fn say_how_many_more(problems: &mut [Problem], left_out: usize) {
    let Some(last) = problems.last_mut().filter(|_| left_out > 0) else {
        return;
    };
    last.message_zh = format!("{}（另有 {left_out} 处同类问题未列出）", last.message_zh);
    last.message_en = format!(
        "{} (and {left_out} more like it, not listed)",
        last.message_en
    );
    let mut detail = last.detail.take().unwrap_or_else(|| serde_json::json!({}));
    if let Some(map) = detail.as_object_mut() {
        map.insert("more".to_owned(), serde_json::json!(left_out));
    }
    last.detail = Some(detail);
}

/// The one money field the conditions read, with its points in order of
/// amount; `None` when they read none or several (each point is then a
/// region of its own).
fn money_line<'f>(
    route: &Route,
    fields: &BTreeMap<&'f str, Vec<String>>,
) -> Option<(&'f str, Vec<Money>)> {
    let mut money = fields
        .iter()
        .filter(|(name, _)| matches!(route.fields.get(**name), Some(FieldType::Money)));
    let (name, points) = money.next()?;
    if money.next().is_some() {
        return None;
    }
    let mut amounts: Vec<Money> = points.iter().filter_map(|p| Money::parse(p).ok()).collect();
    amounts.sort();
    amounts.dedup();
    Some((name, amounts))
}

/// The points found (with what was found there: the matching branches),
/// described region by region. Points that differ only in the money
/// field, next to each other among its points and with the same finding,
/// are one region: amounts are whole fen and every bound's neighbours are
/// points, so every amount between two neighbouring points is judged as
/// they are, and every amount above the last as the last.
fn regions(
    found: &[(super::route::Fields, Vec<usize>)],
    line: Option<(&str, &[Money])>,
) -> Vec<((String, String), Vec<usize>)> {
    let Some((field, amounts)) = line else {
        return found
            .iter()
            .map(|(point, what)| (describe_point(point), what.clone()))
            .collect();
    };
    // Each other-fields combination and finding, in the order found, with
    // the positions of its amounts on the line.
    let mut groups: Vec<(super::route::Fields, &Vec<usize>, Vec<usize>)> = Vec::new();
    let mut out = Vec::new();
    for (point, what) in found {
        let Some(position) = point
            .get(field)
            .and_then(|v| Money::parse(v).ok())
            .and_then(|m| amounts.iter().position(|a| *a == m))
        else {
            // Every point's amount is on the line; were one not, it is
            // still reported, as a point.
            out.push((describe_point(point), what.clone()));
            continue;
        };
        let mut rest = point.clone();
        rest.remove(field);
        match groups.iter_mut().find(|(r, w, _)| *r == rest && *w == what) {
            Some((_, _, at)) => at.push(position),
            None => groups.push((rest, what, vec![position])),
        }
    }
    for (rest, what, mut at) in groups {
        at.sort_unstable();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for p in at {
            match runs.last_mut() {
                Some((_, to)) if to.checked_add(1) == Some(p) => *to = p,
                _ => runs.push((p, p)),
            }
        }
        for (from, to) in runs {
            let (Some(low), Some(high)) = (amounts.get(from), amounts.get(to)) else {
                continue;
            };
            let open = to.checked_add(1) == Some(amounts.len());
            let (money_zh, money_en) = if open && from == 0 {
                // Every amount: the other fields say it all.
                if !rest.is_empty() {
                    out.push((describe_point(&rest), what.clone()));
                    continue;
                }
                (format!("任意 `{field}`"), format!("any {field}"))
            } else if open {
                (
                    format!("`{field}` 不低于 {low}"),
                    format!("{field} ≥ {low}"),
                )
            } else if from == to {
                (format!("`{field}` 为 {low}"), format!("{field} = {low}"))
            } else {
                (
                    format!("`{field}` 为 {low} 至 {high}"),
                    format!("{field} from {low} to {high}"),
                )
            };
            let (rest_zh, rest_en) = describe_point(&rest);
            let shown = if rest.is_empty() {
                (money_zh, money_en)
            } else {
                (
                    format!("{rest_zh}、{money_zh}"),
                    format!("{rest_en}, {money_en}"),
                )
            };
            out.push((shown, what.clone()));
        }
    }
    out
}

/// `b − 0.01`, `b`, `b + 0.01` (those that are amounts).
fn around(bound: Money) -> Vec<String> {
    let fen = Money::from_fen(1).ok();
    let below = fen.and_then(|f| bound.checked_sub(f).ok());
    let above = fen.and_then(|f| bound.checked_add(f).ok());
    [below, Some(bound), above]
        .into_iter()
        .flatten()
        .map(|m| m.to_string())
        .collect()
}

fn describe_point(point: &super::route::Fields) -> (String, String) {
    let show = |other: &str, sep: &str| {
        let parts: Vec<String> = point
            .iter()
            .map(|(k, v)| format!("{k} = {}", if v.is_empty() { other } else { v }))
            .collect();
        parts.join(sep)
    };
    let zh: Vec<String> = point
        .iter()
        .map(|(k, v)| {
            if v.is_empty() {
                format!("`{k}` 为其他值")
            } else {
                format!("`{k}` 为 `{}`", echo(v))
            }
        })
        .collect();
    (zh.join("、"), show("(any other value)", ", "))
}

/// The next combination, like an odometer; false after the last.
fn advance(index: &mut [usize], names: &[&str], fields: &BTreeMap<&str, Vec<String>>) -> bool {
    for (i, name) in names.iter().enumerate().rev() {
        let len = fields.get(name).map_or(1, Vec::len);
        if let Some(slot) = index.get_mut(i) {
            *slot += 1;
            if *slot < len {
                return true;
            }
            *slot = 0;
        }
    }
    false
}
