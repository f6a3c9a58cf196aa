//! `huiqi route`: the branch an application takes on a route (its stages,
//! approvers, uploads and the conditions that chose it), as the call API's
//! `route.preview` answers it; and `huiqi route check FILE`: a route
//! file's static checks.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use huiqi_core::api::{RoutePreview, RoutePreviewRequest};
use huiqi_core::approval::{
    Approver, Completion, Mode, PresetOptions, Route, RouteSource, RouteStage, Scope, preset_route,
};
use huiqi_core::error::Describe as _;
use huiqi_core::money::Money;
use huiqi_core::{Code, Problem};
use serde_json::{Value, json};

use crate::args::{RouteArgs, RouteCommand};
use crate::output::{Outcome, emit};

pub(crate) fn run(args: &RouteArgs) -> Outcome {
    match (&args.command, &args.name) {
        (Some(RouteCommand::Check { file }), _) => check(file),
        (None, Some(name)) => match show(args, name) {
            Ok(outcome) | Err(outcome) => outcome,
        },
        (None, None) => Outcome::usage(
            "NAME",
            "请给出路线预设名或路线文件，或使用 `route check FILE`".into(),
            "name a route preset or file, or use `route check FILE`".into(),
        ),
    }
}

/// Refused input: exit 1 with the problems.
fn refused(problems: Vec<Problem>) -> Outcome {
    Outcome::from_answer(json!({"ok": false, "errors": problems}))
}

/// The application's fields from `--field`, `--kind` and `--amount`.
fn fields(args: &RouteArgs) -> Result<BTreeMap<String, String>, Outcome> {
    let mut fields = BTreeMap::new();
    for pair in &args.fields {
        let Some((key, value)) = pair.split_once('=').filter(|(k, _)| !k.trim().is_empty()) else {
            return Err(Outcome::usage(
                "--field",
                format!("`--field {pair}`：字段写作 `KEY=VALUE`"),
                format!("`--field {pair}`: write a field as `KEY=VALUE`"),
            ));
        };
        if fields
            .insert(key.trim().to_owned(), value.to_owned())
            .is_some()
        {
            return Err(Outcome::usage(
                "--field",
                format!("字段 `{}` 给出了两次", key.trim()),
                format!("the field `{}` is given twice", key.trim()),
            ));
        }
    }
    let flags = [
        ("kind", "--kind", args.kind.clone()),
        ("amount", "--amount", args.amount.clone()),
    ];
    for (key, flag, value) in flags {
        if let Some(value) = value
            && fields.insert(key.to_owned(), value).is_some()
        {
            return Err(Outcome::usage(
                flag,
                format!("`{flag}` 与 `--field {key}=…` 都给出了 `{key}`"),
                format!("`{flag}` and `--field {key}=…` both give `{key}`"),
            ));
        }
    }
    Ok(fields)
}

/// The preset's options from `--threshold` and `--exclusive`, for the
/// procurement preset only.
fn options(name: &str, args: &RouteArgs) -> Result<Option<PresetOptions>, Outcome> {
    if args.threshold.is_none() && !args.exclusive {
        return Ok(None);
    }
    if name != "procurement" {
        return Err(Outcome::usage(
            if args.threshold.is_some() {
                "--threshold"
            } else {
                "--exclusive"
            },
            "`--threshold` 和 `--exclusive` 只适用于采购预设（`procurement`）".into(),
            "`--threshold` and `--exclusive` apply to the procurement preset only".into(),
        ));
    }
    let mut options = PresetOptions::default();
    if let Some(threshold) = &args.threshold {
        options.threshold =
            Money::parse(threshold).map_err(|e| refused(vec![e.to_problem().at("--threshold")]))?;
    }
    options.threshold_inclusive = !args.exclusive;
    Ok(Some(options))
}

/// The route `name` names, as a submission names it: a preset, or a file
/// holding one route (TOML or JSON) or a JSON list of its versions.
fn source(name: &str) -> Result<RouteSource, Outcome> {
    let path = Path::new(name);
    if !crate::route_file::names_a_file(name, path) {
        return Ok(RouteSource::Preset(name.to_owned()));
    }
    crate::route_file::load(path, "NAME")?.map_err(refused)
}

/// `--date`: a day, `YYYY-MM-DD`, read as the call API reads `date`
/// (refused at `--date` with its code).
fn date(args: &RouteArgs) -> Result<Option<NaiveDate>, Outcome> {
    args.date
        .as_deref()
        .map(|text| huiqi_core::time::parse_date(text).map_err(|p| refused(vec![p.at("--date")])))
        .transpose()
}

/// The preview of `request`; when the route refuses the `--kind` given
/// with a hyphen, the preview with the hyphens read as underscores, if
/// the route takes that (the command line writes procurement's
/// `basic_repair` as `basic-repair`; a kind that has a hyphen of its own
/// is taken as written).
#[expect(
    clippy::result_large_err,
    reason = "the core's own answer to route.preview, made once a run and handed straight on"
)]
fn preview_with_kind(
    request: &RoutePreviewRequest,
    args: &RouteArgs,
) -> Result<huiqi_core::api::RoutePreview, huiqi_core::Error> {
    let first = huiqi_core::api::route_preview(request.clone());
    let Some(kind) = args.kind.as_deref().filter(|k| k.contains('-')) else {
        return first;
    };
    let kind_refused = first.as_ref().err().is_some_and(|e| {
        e.problems()
            .iter()
            .any(|p| p.field.as_deref() == Some("fields.kind"))
    });
    if !kind_refused {
        return first;
    }
    let mut underscored = request.clone();
    underscored
        .fields
        .insert("kind".to_owned(), kind.replace('-', "_"));
    huiqi_core::api::route_preview(underscored).or(first)
}

/// The branch the application takes, as `route.preview` answers it (its
/// JSON is that answer), or its refusal with each problem at the flag that
/// gave what is wrong.
fn show(args: &RouteArgs, name: &str) -> Result<Outcome, Outcome> {
    let fields = fields(args)?;
    // Options first: they are refused for any route but procurement.
    let options = options(name, args)?;
    let request = RoutePreviewRequest {
        route: source(name)?,
        options,
        date: date(args)?,
        fields: fields.clone(),
    };
    let preview = match preview_with_kind(&request, args) {
        Ok(preview) => preview,
        Err(error) => {
            let problems = error
                .problems()
                .into_iter()
                .map(|p| at_flag(p, args, &request))
                .collect();
            return Err(refused(problems));
        }
    };
    Ok(Outcome::Report {
        json: serde_json::to_value(&preview).unwrap_or(Value::Null),
        text: preview_text(&preview),
        good: true,
    })
}

/// `problem` at the flag the user typed for what it names: `--kind`,
/// `--amount`, `--field KEY`, `--date`; a branch not found because a field
/// its conditions read was not given, at that field's flag.
fn at_flag(problem: Problem, args: &RouteArgs, request: &RoutePreviewRequest) -> Problem {
    let field_flag = |key: &str| match key {
        "kind" if args.kind.is_some() || !request.fields.contains_key("kind") => {
            "--kind".to_owned()
        }
        "amount" if args.amount.is_some() || !request.fields.contains_key("amount") => {
            "--amount".to_owned()
        }
        other => format!("--field {other}"),
    };
    let field = problem.field.as_deref().unwrap_or_default();
    let flag = match field.strip_prefix("fields.") {
        Some(key) => Some(field_flag(key)),
        None if field == "date" => Some("--date".to_owned()),
        // `--exclusive` only moves the threshold's own amount between the
        // routes; what the threshold leaves unreachable is `--threshold`'s.
        None if field == "options.threshold" => Some("--threshold".to_owned()),
        None if field == "route" && problem.code == Code::RouteUnknownPreset => {
            Some("NAME".to_owned())
        }
        None if problem.code == Code::RouteNoBranch => {
            missing_field(request).map(|f| field_flag(&f))
        }
        None => None,
    };
    match flag {
        Some(flag) => problem.at(flag),
        None => problem,
    }
}

/// The one field the route's conditions read that was not given, if only
/// one was left out.
fn missing_field(request: &RoutePreviewRequest) -> Option<String> {
    let routes = match &request.route {
        RouteSource::Preset(name) => {
            vec![preset_route(name, &request.options.clone().unwrap_or_default()).ok()?]
        }
        RouteSource::Inline(route) => vec![route.route().clone()],
        RouteSource::Versions(versions) => versions.clone(),
    };
    let read: BTreeSet<String> = routes
        .iter()
        .flat_map(Route::branches)
        .flat_map(|b| b.when)
        .map(|c| c.field)
        .filter(|f| !request.fields.contains_key(f))
        .collect();
    let mut read = read.into_iter();
    match (read.next(), read.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

fn preview_text(preview: &RoutePreview) -> String {
    // As the application would keep them (`6000.00`, however typed).
    let fields = &preview.fields;
    let mut out = String::new();
    let version = preview
        .version
        .as_deref()
        .map(|v| format!(" ({v})"))
        .unwrap_or_default();
    emit!(
        out,
        "路线 / route: {} {}{version}",
        preview.route,
        preview.name
    );
    if !fields.is_empty() {
        let given: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        emit!(out, "申请 / application: {}", given.join(", "));
    }
    emit!(out, "分支 / branch: {}", preview.branch);
    if preview.chosen_by.is_empty() {
        emit!(out, "选中条件 / chosen by: 无条件 / always");
    } else {
        emit!(
            out,
            "选中条件 / chosen by: {}",
            preview.chosen_by.join("; ")
        );
    }
    emit!(out, "环节 / stages:");
    for (i, stage) in preview.stages.iter().enumerate() {
        emit!(
            out,
            "  {}. {} {} — {}",
            i + 1,
            stage.id,
            stage.name,
            mode_text(stage)
        );
        let approvers: Vec<String> = stage.approvers.iter().map(approver_text).collect();
        emit!(out, "     审批人 / approvers: {}", approvers.join("; "));
        if !stage.required_uploads.is_empty() {
            emit!(
                out,
                "     须上传 / required uploads: {}",
                stage.required_uploads.join(", ")
            );
        }
        if !stage.cc.is_empty() {
            let copied: Vec<String> = stage.cc.iter().map(approver_text).collect();
            emit!(out, "     抄送 / cc: {}", copied.join("; "));
        }
    }
    let end = match preview.on_complete {
        Completion::File => "备案 / filed",
        Completion::Publish => "发布 / published",
    };
    emit!(out, "审批通过后 / when approved: {end}");
    out
}

fn mode_text(stage: &RouteStage) -> String {
    match stage.mode {
        Mode::Single => "单人审批 / single".to_owned(),
        Mode::Any => "或签 / any".to_owned(),
        Mode::All => "会签 / all".to_owned(),
        Mode::Sequential => "依次审批 / sequential".to_owned(),
        Mode::Vote => {
            let ratio = stage
                .pass_ratio
                .map(|r| format!(" {r}"))
                .unwrap_or_default();
            let veto = if stage.veto {
                ", 一票否决 / veto"
            } else {
                ""
            };
            format!("票签 / vote{ratio}{veto}")
        }
    }
}

fn approver_text(approver: &Approver) -> String {
    match approver {
        Approver::Person(id) => format!("人员 / person `{id}`"),
        Approver::Role(role) => format!("角色 / role `{role}`"),
        Approver::RoleIn {
            role,
            scope: Scope::Org,
        } => format!("申请人单位的角色 / role in the applicant's organisation `{role}`"),
        Approver::RoleIn {
            role,
            scope: Scope::Area,
        } => format!("申请人地区的角色 / role in the applicant's area `{role}`"),
        Approver::Picked(slot) => format!("申请人自选 / picked by the applicant `{slot}`"),
        Approver::SupervisingLeader => {
            "申请人的分管领导 / the applicant's supervising leader".to_owned()
        }
        Approver::Applicant => "申请人 / the applicant".to_owned(),
        Approver::Field(field) => format!("字段所指人员 / the person in field `{field}`"),
    }
}

/// `huiqi route check FILE`: ok, or every problem. A file of versions is
/// checked version by version and as versions of one route. With `--json`:
/// `{"ok", "id", "name", "versions": [{"version", "effective_from",
/// "branches"}]}`, one version for a file of one route.
fn check(path: &Path) -> Outcome {
    let source = match crate::route_file::load(path, "FILE") {
        Ok(Ok(source)) => source,
        Ok(Err(problems)) => return refused(problems),
        Err(outcome) => return outcome,
    };
    let versions = match &source {
        RouteSource::Inline(route) => vec![route.route().clone()],
        RouteSource::Versions(versions) => versions.clone(),
        RouteSource::Preset(_) => Vec::new(),
    };
    let mut out = String::new();
    let mut shown = Vec::new();
    for route in &versions {
        let branches: Vec<String> = route.branches().into_iter().map(|b| b.name).collect();
        let version = route
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        let listed: Vec<String> = branches.iter().map(|b| format!("`{b}`")).collect();
        emit!(
            out,
            "ok ✓ 路线 `{}`{version}（{} 起）通过静态检查（{} 个分支：{}） / route `{}`{version} (from {}) passes the static checks ({} {}: {})",
            route.id,
            route.effective_from,
            branches.len(),
            listed.join("、"),
            route.id,
            route.effective_from,
            branches.len(),
            if branches.len() == 1 {
                "branch"
            } else {
                "branches"
            },
            listed.join(", ")
        );
        shown.push(
            json!({"version": route.version, "effective_from": route.effective_from,
                          "branches": branches}),
        );
    }
    let (id, name) = versions
        .first()
        .map(|r| (r.id.clone(), r.name.clone()))
        .unwrap_or_default();
    // One shape for a route and for a list of versions (a route is its
    // own one version), so a script reads either the same way.
    Outcome::Report {
        json: json!({"ok": true, "id": id, "name": name, "versions": shown}),
        text: out,
        good: true,
    }
}
