//! `huiqi route`: the branch an application takes on a route (its stages,
//! approvers, uploads and the conditions that chose it), and `huiqi route
//! check FILE`: a route file's static checks.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use huiqi_core::approval::{
    Approver, Branch, Completion, Condition, Mode, PresetOptions, Route, RouteStage, Scope,
    preset_route, preset_route_names,
};
use huiqi_core::error::Describe as _;
use huiqi_core::money::Money;
use huiqi_core::subsidy::Format;
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
                format!("`--field {pair}`：字段写作 KEY=VALUE"),
                format!("`--field {pair}`: write a field as KEY=VALUE"),
            ));
        };
        if fields
            .insert(key.trim().to_owned(), value.to_owned())
            .is_some()
        {
            return Err(Outcome::usage(
                format!("字段 `{}` 给出了两次", key.trim()),
                format!("the field `{}` is given twice", key.trim()),
            ));
        }
    }
    let flags = [
        (
            "kind",
            "--kind",
            args.kind.map(|k| k.field_value().to_owned()),
        ),
        ("amount", "--amount", args.amount.clone()),
    ];
    for (key, flag, value) in flags {
        if let Some(value) = value
            && fields.insert(key.to_owned(), value).is_some()
        {
            return Err(Outcome::usage(
                format!("`{flag}` 与 `--field {key}=…` 都给出了 `{key}`"),
                format!("`{flag}` and `--field {key}=…` both give `{key}`"),
            ));
        }
    }
    Ok(fields)
}

/// A route file's text and format, by its extension.
fn read_route_file(path: &Path) -> Result<(String, Format), Outcome> {
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("toml") => Format::Toml,
        Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
        _ => {
            return Err(Outcome::usage(
                format!("`{}`：路线文件的扩展名应为 .toml 或 .json", path.display()),
                format!("`{}`: a route file ends in .toml or .json", path.display()),
            ));
        }
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        Outcome::unreadable(("路线文件", "route file"), &path.display().to_string(), &e)
    })?;
    Ok((text, format))
}

/// The route `name` names: a preset (with the threshold options), or a file.
fn load(name: &str, args: &RouteArgs) -> Result<Route, Outcome> {
    let options_given = args.threshold.is_some() || args.exclusive;
    let only_procurement = || {
        Outcome::usage(
            "`--threshold` 和 `--exclusive` 只适用于采购预设（procurement）".into(),
            "`--threshold` and `--exclusive` apply to the procurement preset only".into(),
        )
    };
    if preset_route_names().contains(&name) {
        if options_given && name != "procurement" {
            return Err(only_procurement());
        }
        let mut options = PresetOptions::default();
        if let Some(threshold) = &args.threshold {
            options.threshold = Money::parse(threshold)
                .map_err(|e| refused(vec![e.to_problem().at("--threshold")]))?;
        }
        options.threshold_inclusive = !args.exclusive;
        return preset_route(name, &options).map_err(|v| refused(v.into_vec()));
    }
    let path = Path::new(name);
    if !path.is_file() {
        let presets = preset_route_names().join(", ");
        return Err(Outcome::usage(
            format!("`{name}` 既不是路线预设（{presets}），也不是文件"),
            format!("`{name}` is neither a route preset ({presets}) nor a file"),
        ));
    }
    if options_given {
        return Err(only_procurement());
    }
    let (text, format) = read_route_file(path)?;
    Route::load(&text, format).map_err(|v| refused(v.into_vec()))
}

fn show(args: &RouteArgs, name: &str) -> Result<Outcome, Outcome> {
    let fields = fields(args)?;
    let route = load(name, args)?;
    let branch = route.choose(&fields).map_err(|p| {
        // Name the flag the user typed.
        let flag = p
            .field
            .as_deref()
            .and_then(|f| f.strip_prefix("fields."))
            .map(|key| match key {
                "kind" if args.kind.is_some() => "--kind".to_owned(),
                "amount" if args.amount.is_some() => "--amount".to_owned(),
                other => format!("--field {other}"),
            });
        // No branch because a field the conditions read was not given (the
        // message names it): name its flag.
        let missing = || {
            let read: std::collections::BTreeSet<String> = route
                .branches()
                .into_iter()
                .flat_map(|b| b.when)
                .map(|c| c.field)
                .filter(|f| !fields.contains_key(f))
                .collect();
            let mut read = read.into_iter();
            match (read.next(), read.next()) {
                (Some(one), None) => Some(match one.as_str() {
                    "kind" => "--kind".to_owned(),
                    "amount" => "--amount".to_owned(),
                    other => format!("--field {other}"),
                }),
                _ => None,
            }
        };
        let flag = flag.or_else(|| (p.code == Code::RouteNoBranch).then(missing).flatten());
        let p = match flag {
            Some(flag) => p.at(flag),
            None => p,
        };
        refused(vec![p])
    })?;
    Ok(Outcome::Report {
        json: branch_json(&route, &branch, &fields),
        text: branch_text(&route, &branch, &fields),
        good: true,
    })
}

fn branch_json(route: &Route, branch: &Branch, fields: &BTreeMap<String, String>) -> Value {
    let stages: Vec<Value> = branch
        .stages
        .iter()
        .map(|s| {
            let mut stage = json!({
                "id": s.id, "name": s.name, "mode": s.mode,
                "approvers": s.approvers, "required_uploads": s.required_uploads,
            });
            if let (Some(ratio), Some(map)) = (s.pass_ratio, stage.as_object_mut()) {
                map.insert("pass_ratio".to_owned(), json!(ratio));
                map.insert("veto".to_owned(), json!(s.veto));
            }
            stage
        })
        .collect();
    json!({
        "route": {"id": route.id, "name": route.name, "version": route.version},
        "fields": fields,
        "branch": branch.name,
        "chosen_by": branch.when.iter().map(Condition::describe).collect::<Vec<_>>(),
        "stages": stages,
        "on_complete": route.on_complete,
    })
}

fn branch_text(route: &Route, branch: &Branch, fields: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let version = route
        .version
        .as_deref()
        .map(|v| format!(" ({v})"))
        .unwrap_or_default();
    emit!(out, "路线 / route: {} {}{version}", route.id, route.name);
    if !fields.is_empty() {
        let given: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        emit!(out, "申请 / application: {}", given.join(", "));
    }
    emit!(out, "分支 / branch: {}", branch.name);
    if branch.when.is_empty() {
        emit!(out, "选中条件 / chosen by: 无条件 / always");
    } else {
        let when: Vec<String> = branch.when.iter().map(Condition::describe).collect();
        emit!(out, "选中条件 / chosen by: {}", when.join("; "));
    }
    emit!(out, "环节 / stages:");
    for (i, stage) in branch.stages.iter().enumerate() {
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
    }
    let end = match route.on_complete {
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

/// `huiqi route check FILE`: ok, or every problem.
fn check(path: &Path) -> Outcome {
    let (text, format) = match read_route_file(path) {
        Ok(read) => read,
        Err(outcome) => return outcome,
    };
    match Route::load(&text, format) {
        Ok(route) => {
            let branches: Vec<String> = route.branches().into_iter().map(|b| b.name).collect();
            let mut out = String::new();
            emit!(
                out,
                "ok ✓ 路线 `{}` 通过静态检查 / route `{}` passes the static checks ({} {}: {})",
                route.id,
                route.id,
                branches.len(),
                if branches.len() == 1 {
                    "branch"
                } else {
                    "branches"
                },
                branches.join(", ")
            );
            Outcome::Report {
                json: json!({"ok": true, "id": route.id, "name": route.name, "branches": branches}),
                text: out,
                good: true,
            }
        }
        Err(problems) => refused(problems.into_vec()),
    }
}
