//! `huiqi quote`: an order's subsidy, vouchers and payable, via `checkout.price`.

use serde_json::{Value, json};

use crate::args::QuoteArgs;
use crate::output::Outcome;

pub(crate) fn run(args: &QuoteArgs) -> Outcome {
    let policy = match policy(&args.policy) {
        Ok(p) => p,
        Err(outcome) => return outcome,
    };
    let date = match &args.date {
        None => huiqi_core::time::today().to_string(),
        Some(text) => match huiqi_core::time::parse_date(text) {
            Ok(date) => date.to_string(),
            Err(problem) => {
                return Outcome::from_answer(
                    json!({"ok": false, "errors": [problem.at("--date")]}),
                );
            }
        },
    };
    // Each --voucher is a fresh voucher of that balance, valid on the quote date.
    let vouchers: Vec<Value> = args
        .vouchers
        .iter()
        .enumerate()
        .map(|(i, balance)| {
            json!({
                "number": format!("V{}", i + 1), "name": format!("voucher {}", i + 1),
                "face_value": balance, "balance": balance,
                "valid_from": date, "valid_to": date,
            })
        })
        .collect();
    let selected: Vec<String> = (1..=vouchers.len()).map(|i| format!("V{i}")).collect();
    let request = json!({
        "checkout": {
            "lines": [{"id": "1", "product": "order", "category": args.category,
                       "provider": args.provider, "unit_price": args.amount}],
            "vouchers": vouchers,
            "now": format!("{date} 12:00:00"),
            "contract_amount": args.contract,
            "subsidy": {
                "policy": policy,
                "enterprise": {"certified": !args.not_certified, "claim": args.claim, "region": args.region},
                "usage": {
                    "enterprise_year_used": args.year_used.clone().unwrap_or_else(|| "0".to_owned()),
                    "pool_used": args.pool_used.clone().unwrap_or_else(|| "0".to_owned()),
                },
            },
        },
        "selected": selected,
    });
    match Outcome::from_call("checkout.price", &request) {
        Outcome::Answer(answer) => Outcome::Answer(reshape(answer)),
        other => other,
    }
}

/// A preset name, or the policy read from a TOML/JSON file and checked by
/// `policy.load`.
fn policy(arg: &str) -> Result<Value, Outcome> {
    if huiqi_core::subsidy::preset_names().contains(&arg) {
        return Ok(json!(arg));
    }
    let path = std::path::Path::new(arg);
    if !path.is_file() {
        let presets = huiqi_core::subsidy::preset_names()
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Outcome::usage(
            "--policy",
            format!("`{arg}` 既不是政策预设（{presets}），也不是文件"),
            format!("`{arg}` is neither a policy preset ({presets}) nor a file"),
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        Outcome::unreadable_text(
            ("政策文件", "policy file"),
            "policy.syntax",
            "--policy",
            arg,
            &e,
        )
    })?;
    let format = if arg.ends_with(".json") {
        "json"
    } else {
        "toml"
    };
    let answer =
        huiqi_core::call::call_value("policy.load", json!({"format": format, "text": text}));
    match answer.into_result() {
        Ok(value) => match value["policies"].as_array().map(Vec::as_slice) {
            Some([one]) => Ok(one.clone()),
            _ => Ok(value["policies"].clone()),
        },
        Err(mut errors) => {
            // A problem with the file as a whole is at `policy.load`'s
            // `text`: here that is the file `--policy` names. Problems
            // inside it keep their paths in the file.
            for error in &mut errors {
                if error.field.as_deref() == Some("text") {
                    error.field = Some("--policy".to_owned());
                }
            }
            Err(Outcome::from_answer(json!({"ok": false, "errors": errors})))
        }
    }
}

/// Names a field of the internal request by the flag the user typed.
fn flag_for(field: &str) -> Option<String> {
    let field = field.strip_prefix("checkout.")?;
    if field.starts_with("lines[0].unit_price") {
        return Some("--amount".to_owned());
    }
    if field.starts_with("contract_amount") {
        return Some("--contract".to_owned());
    }
    if let Some(rest) = field.strip_prefix("vouchers[") {
        let index: usize = rest.split(']').next()?.parse().ok()?;
        return Some(format!("--voucher #{}", index + 1));
    }
    if field.starts_with("now") {
        return Some("--date".to_owned());
    }
    for (internal, flag) in [
        ("subsidy.enterprise.region", "--region"),
        ("subsidy.usage.enterprise_year_used", "--year-used"),
        ("subsidy.usage.pool_used", "--pool-used"),
    ] {
        if field.starts_with(internal) {
            return Some(flag.to_owned());
        }
    }
    None
}

/// The quote's shape: total, subsidy, voucher deduction, payable, explanation first.
fn reshape(mut answer: Value) -> Value {
    if answer["ok"] != json!(true) {
        if let Some(errors) = answer["errors"].as_array_mut() {
            for error in errors {
                let flag = error["field"].as_str().and_then(flag_for);
                if let (Some(flag), Some(error)) = (flag, error.as_object_mut()) {
                    error.insert("field".to_owned(), json!(flag));
                }
            }
        }
        return answer;
    }
    let v = &answer["value"];
    let quote = &v["subsidy_quote"];
    json!({
        "ok": true,
        "value": {
            "total": v["total"],
            "subsidy": v["subsidy"],
            "voucher_deduction": v["voucher_deduction"],
            "payable": v["payable"],
            "explanation": v["explanation"],
            "order_total": v["order_total"],
            "stage": quote["stage"],
            "bound_by": quote["bound_by"],
            "summary_zh": v["summary_zh"],
            "summary_en": v["summary_en"],
            "vouchers": v["vouchers"],
        }
    })
}
