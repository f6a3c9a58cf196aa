//! `huiqi`: the huiqi rules from the command line.
//!
//! Every subcommand drives the core through its JSON call API, so scripts
//! get exactly what the bindings get; `flow run` plays a scenario through
//! the core's scenario runner. Exit status: 0 when the input is valid and
//! the operation succeeded, 1 when the input is invalid, 2 on a usage error
//! (with `--json`, a refusal coded `cli.usage` on standard output), 3 when
//! the answer could not be written (a full disk, a closed standard output).
//! A reader that goes away early (`huiqi … | head`) is not an error: huiqi
//! ends quietly with the answer's status.

#![allow(
    clippy::indexing_slicing,
    reason = "only serde_json::Value is indexed, and its Index returns Null instead of panicking"
)]

mod args;
mod clap_usage;
mod demo;
mod flow;
mod output;
mod quote;
mod route;
mod route_file;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;
use serde_json::{Value, json};

use args::{Cli, Command, FlowCommand, ValidateCommand};
use output::Outcome;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let outcome = run(&cli);
    print(&outcome, cli.json, ExitCode::from(outcome.exit_code()))
}

/// Prints `outcome`, ending with `status`; 3 when the answer could not be
/// written (said on standard error, in both languages). A reader that went
/// away early (a broken pipe) is not an error.
fn print(outcome: &Outcome, json: bool, status: ExitCode) -> ExitCode {
    match outcome.print(json) {
        Ok(()) => status,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            // Standard error may be gone too; nothing more can be done.
            let _ = writeln!(
                std::io::stderr(),
                "huiqi: 无法写出回答（输出已满或已关闭）\nhuiqi: cannot write the answer: {e}"
            );
            ExitCode::from(3)
        }
    }
}

/// Help and the version as clap prints them. A usage error, exit 2, as
/// huiqi's own are printed: with `--json`, the refusal coded `cli.usage` on
/// standard output; otherwise a line in Chinese and one in English on
/// standard error (and the help, when no subcommand was given).
fn usage_error(e: &clap::Error) -> ExitCode {
    let status = ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    let Some((field, zh, en)) = clap_usage::describe(e) else {
        // Standard output may be gone; the exit status still says what happened.
        let _ = e.print();
        return status;
    };
    let outcome = Outcome::usage(&field, zh, en);
    if clap_usage::json_requested() {
        // Printed as any answer is: a closed standard output is exit 3.
        return print(&outcome, true, status);
    }
    // Standard error may be gone; the exit status still says what happened.
    let _ = outcome.print(false);
    if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
    }
    status
}

fn run(cli: &Cli) -> Outcome {
    match &cli.command {
        Command::Validate { what } => validate(what),
        Command::Quote(q) => quote::run(q),
        Command::Call { op, request } => call(op, request),
        Command::Ops => Outcome::from_call("operations", &json!({})),
        Command::Demo => demo::run(),
        Command::Route(args) => route::run(args),
        Command::Flow {
            what: FlowCommand::Run { scenario },
        } => flow::run(scenario),
    }
}

fn validate(what: &ValidateCommand) -> Outcome {
    let (op, request) = match what {
        ValidateCommand::Uscc { code } => ("validate.uscc", json!({ "value": code })),
        ValidateCommand::Id { number, today } => (
            "validate.resident_id",
            json!({ "value": number, "today": today }),
        ),
        ValidateCommand::Mobile { number } => ("validate.mobile", json!({ "value": number })),
        ValidateCommand::Landline { number } => ("validate.landline", json!({ "value": number })),
        ValidateCommand::Email { address } => ("validate.email", json!({ "value": address })),
        ValidateCommand::Postcode { code } => ("validate.postcode", json!({ "value": code })),
        ValidateCommand::Username { name } => ("validate.username", json!({ "value": name })),
        ValidateCommand::Account { name } => ("validate.login_account", json!({ "value": name })),
        ValidateCommand::Password {
            preset,
            username,
            mobile,
            email,
            password,
        } => (
            "password.check",
            json!({
                "policy": preset.name(),
                "password": password,
                "context": {"username": username, "mobile": mobile, "email": email},
            }),
        ),
    };
    Outcome::from_call(op, &request)
}

fn call(op: &str, request: &str) -> Outcome {
    let text = if request == "-" {
        // Bytes, not text: bytes that are not UTF-8 are the library's to
        // refuse (`request.malformed_json`), like any other bad request.
        let mut buffer = Vec::new();
        if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut buffer) {
            return Outcome::unreadable(("请求", "the request from"), "REQUEST", "stdin", &e);
        }
        buffer
    } else {
        request.as_bytes().to_vec()
    };
    let answer: Value = serde_json::from_str(&huiqi_core::call::call_bytes(op, &text))
        .unwrap_or_else(|e| {
            // The library always answers JSON; this would be a defect.
            json!({"ok": false, "errors": [{
                "code": "internal.error",
                "field": null,
                "message_zh": "回答不是有效的 `JSON`（这是缺陷，请报告）",
                "message_en": format!("the answer is not valid JSON (a bug; please report it): {e}"),
            }]})
        });
    Outcome::from_answer(for_the_command_line(answer))
}

/// The call API tells a caller with an unknown operation to call
/// `operations`; on the command line that is `huiqi ops`.
fn for_the_command_line(mut answer: Value) -> Value {
    const HINTS: [(&str, &str, &str); 2] = [
        (
            "message_zh",
            "调用 `operations` 查看列表",
            "运行 `huiqi ops` 查看列表",
        ),
        (
            "message_en",
            "call `operations` for the list",
            "run `huiqi ops` for the list",
        ),
    ];
    if let Some(errors) = answer["errors"].as_array_mut() {
        for error in errors.iter_mut() {
            if error["code"] != "request.unknown_operation" {
                continue;
            }
            for (key, library, here) in HINTS {
                if let Some(text) = error[key].as_str().and_then(|t| t.strip_suffix(library)) {
                    error[key] = json!(format!("{text}{here}"));
                }
            }
        }
    }
    answer
}
