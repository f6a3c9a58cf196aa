//! `huiqi flow run SCENARIO.json`: a route rehearsed step by step
//! (`huiqi_core::approval::run_scenario`), with every step's answer and the
//! participants' to-do lists.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, Utc};
use huiqi_core::approval::{
    Application, Candidate, Change, Fields, Scenario, ScenarioReport, ScenarioRoute, Status,
    StepReport, run_scenario,
};
use serde_json::{Value, json};

use crate::output::{Outcome, emit};

pub(crate) fn run(path: &Path) -> Outcome {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            return Outcome::unreadable_text(
                ("场景文件", "scenario file"),
                "request.malformed_json",
                "SCENARIO",
                &path.display().to_string(),
                &e,
            );
        }
    };
    let text = match with_route_file(&text, path) {
        Ok(text) => text,
        Err(outcome) => return outcome,
    };
    let scenario = match Scenario::from_json(&text) {
        Ok(scenario) => scenario,
        Err(problems) => {
            // Refused with every problem (exit 1), like a route file or a
            // policy file: a problem with the file as a whole (text that is
            // not JSON) is at `SCENARIO`, the argument that names it.
            let problems: Vec<_> = problems
                .into_vec()
                .into_iter()
                .map(|p| match p.field {
                    None => p.at("SCENARIO".to_owned()),
                    Some(_) => p,
                })
                .collect();
            return Outcome::from_answer(json!({"ok": false, "errors": problems}));
        }
    };
    let report = run_scenario(&scenario);
    Outcome::Report {
        json: serde_json::to_value(&report).unwrap_or(Value::Null),
        text: human(path, &scenario, &report),
        good: report.all_accepted(),
    }
}

/// A scenario's `route` may name a route file (`"my-route.toml"`, beside
/// the scenario; or a JSON list of its versions): it is read, checked and
/// put in place as the route object or list, so a route can be rehearsed
/// from the file that will be deployed.
fn with_route_file(text: &str, scenario: &Path) -> Result<String, Outcome> {
    let Ok(mut value) = serde_json::from_str::<Value>(text) else {
        return Ok(text.to_owned()); // the core reports what is wrong
    };
    let Some(name) = value.get("route").and_then(Value::as_str) else {
        return Ok(text.to_owned());
    };
    let file = scenario.parent().unwrap_or(Path::new(".")).join(name);
    // Read as `huiqi route` reads its `NAME` (a file by a name not ending
    // in `.toml` or `.json` is refused, saying it must).
    if !crate::route_file::names_a_file(name, &file) {
        return Ok(text.to_owned()); // a preset's name
    }
    let source = crate::route_file::load(&file, "route")?.map_err(|problems| {
        let problems = crate::route_file::under(problems, "route");
        Outcome::from_answer(json!({"ok": false, "errors": problems}))
    })?;
    value["route"] = serde_json::to_value(source).unwrap_or(Value::Null);
    Ok(value.to_string())
}

fn wall(at: DateTime<Utc>) -> String {
    huiqi_core::time::shanghai_text(at.fixed_offset())
}

/// `status` in both languages, the Chinese in the route's own words
/// (`labels`, its `status_labels`: a listed product is 已上架) when it has
/// them.
fn status_text(labels: Option<&Fields>, status: Status) -> String {
    let zh = labels.map_or(status.label_zh(), |l| status.label_in(l));
    format!("{zh} / {}", status.label_en())
}

/// Where an application stands: its status and, while it waits, its stage.
fn standing(app: &Application) -> String {
    let status = status_text(Some(&app.route.status_labels), app.status);
    match app.current_stage().filter(|_| !app.status.is_final()) {
        Some(stage) => format!("{status} @ {} {}", stage.id, stage.name),
        None => status,
    }
}

fn human(path: &Path, scenario: &Scenario, report: &ScenarioReport) -> String {
    let mut out = String::new();
    let route = match &scenario.route {
        ScenarioRoute::Preset(name) => name.clone(),
        ScenarioRoute::Inline(route) => route.id.clone(),
        ScenarioRoute::Versions(versions) => versions
            .first()
            .map(|v| format!("{} ({} versions)", v.id, versions.len()))
            .unwrap_or_default(),
    };
    emit!(
        out,
        "情景 / scenario: {} — 路线 / route `{route}`, 申请 / application「{}」",
        path.display(),
        scenario.application.name
    );
    for (i, (step, answer)) in scenario.steps.iter().zip(&report.steps).enumerate() {
        let who = match (&step.actor, step.command.name().as_str()) {
            (_, "tick") => "(时间 / time)",
            (Some(actor), _) => actor.id.as_str(),
            (None, _) => "?",
        };
        emit!(
            out,
            "{:>3}. {}  {who}: {}",
            i + 1,
            wall(step.at),
            step.command.name()
        );
        match answer {
            StepReport::Accepted {
                state,
                events,
                retry,
            } => {
                let changes: Vec<String> = events
                    .iter()
                    .filter_map(|e| {
                        let change = serde_json::to_value(&e.change).ok()?;
                        change.get("type")?.as_str().map(str::to_owned)
                    })
                    .collect();
                let changes = if *retry {
                    "重试，不再执行 / a retry: nothing applied again".to_owned()
                } else if changes.is_empty() {
                    "无变化 / nothing changed".to_owned()
                } else {
                    changes.join(", ")
                };
                emit!(out, "     ✓ 受理 / accepted: {changes}");
                // A reminder (催办, or one a tick gave) says whom.
                for event in events {
                    if let Change::Reminded { awaiting, .. } | Change::ReminderDue { awaiting, .. } =
                        &event.change
                        && !awaiting.is_empty()
                    {
                        let who: Vec<String> = awaiting.iter().map(candidate_text).collect();
                        emit!(out, "       提醒 / reminds: {}", who.join("; "));
                    }
                }
                emit!(out, "       → {}", standing(state));
            }
            StepReport::Refused { errors } => {
                emit!(out, "     ✗ 拒绝 / refused");
                for p in errors {
                    let field = p
                        .field
                        .as_deref()
                        .map(|f| format!(" {f}:"))
                        .unwrap_or_default();
                    emit!(
                        out,
                        "       - [{}]{field} {} / {}",
                        p.code,
                        p.message_zh,
                        p.message_en
                    );
                }
            }
        }
    }
    emit!(out, "");
    // The route's words for statuses, from the application as it last stood.
    let labels = report.steps.iter().rev().find_map(|s| match s {
        StepReport::Accepted { state, .. } => Some(&state.route.status_labels),
        StepReport::Refused { .. } => None,
    });
    let last = &report.final_state;
    match last.status {
        None => emit!(out, "结果 / final: 未提交 / never submitted"),
        Some(status) => {
            let stage = last
                .stage
                .as_deref()
                .map(|s| format!(" @ {s}"))
                .unwrap_or_default();
            let branch = last.branch.as_deref().unwrap_or_default();
            let chosen = if last.chosen_by.is_empty() {
                String::new()
            } else {
                format!(" ({})", last.chosen_by.join(", "))
            };
            emit!(
                out,
                "结果 / final: {}{stage}; 分支 / branch {branch}{chosen}",
                status_text(labels, status)
            );
            if !last.awaiting.is_empty() {
                let who: Vec<String> = last.awaiting.iter().map(candidate_text).collect();
                emit!(out, "等待 / awaiting: {}", who.join("; "));
            }
        }
    }
    emit!(out, "待办 / to-do:");
    for (person, items) in &report.todo {
        if items.is_empty() {
            emit!(out, "  {person}: 无 / nothing");
        }
        for item in items {
            let stage = item.stage.as_deref().unwrap_or("-");
            emit!(
                out,
                "  {person}: 「{}」 @ {stage}, {}",
                item.name,
                status_text(labels, item.status)
            );
        }
    }
    let total = report.steps.len();
    let accepted = report.steps.iter().filter(|s| s.is_accepted()).count();
    let steps = if total == 1 { "step" } else { "steps" };
    emit!(
        out,
        "{total} 步：{accepted} 步受理，{} 步被拒绝 / {total} {steps}: {accepted} accepted, {} refused",
        total - accepted,
        total - accepted
    );
    out
}

/// Who a slot waits for, in both languages.
fn candidate_text(candidate: &Candidate) -> String {
    match candidate {
        Candidate::Person(id) => format!("人员 / person `{id}`"),
        Candidate::Role { role, org, area } => {
            let scope = match (org, area) {
                (Some(org), _) => format!("（单位 / in organisation `{org}`）"),
                (None, Some(area)) => format!("（地区 / in area `{area}`）"),
                (None, None) => String::new(),
            };
            format!("角色 / role `{role}`{scope}")
        }
        Candidate::Nobody => "无人 / nobody".to_owned(),
    }
}
