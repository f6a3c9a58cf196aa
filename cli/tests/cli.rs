//! The `huiqi` command as scripts see it: JSON on stdout, exit 0/1/2.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

fn huiqi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huiqi"))
        .args(args)
        .output()
        .expect("huiqi runs")
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

#[test]
fn validate_uscc_valid_and_invalid() {
    let ok = huiqi(&["--json", "validate", "uscc", "91350100M000100Y43"]);
    assert_eq!(code(&ok), 0);
    assert_eq!(json_of(&ok)["valid"], json!(true));
    assert_eq!(json_of(&ok)["info"]["province"], json!("福建省"));

    let bad = huiqi(&["--json", "validate", "uscc", "91350100M000100Y44"]);
    assert_eq!(code(&bad), 1);
    let answer = json_of(&bad);
    assert_eq!(answer["valid"], json!(false));
    assert_eq!(
        answer["violations"][0]["code"],
        json!("uscc.check_character")
    );
}

#[test]
fn validate_other_fields() {
    for (kind, good, bad) in [
        ("id", "11010519491231002X", "110105194912310021"),
        ("mobile", "13012344321", "1301234432"),
        ("landline", "0371-66666666", "037166666666"),
        ("email", "12@qq.com", "12@qq"),
        ("postcode", "450000", "45000"),
        ("username", "abc_12", "abc12"),
        ("account", "zhangsan1", "zhangsan"),
    ] {
        assert_eq!(code(&huiqi(&["validate", kind, good])), 0, "{kind} {good}");
        assert_eq!(code(&huiqi(&["validate", kind, bad])), 1, "{kind} {bad}");
    }
}

#[test]
fn validate_password_prints_the_documented_shape() {
    let out = huiqi(&[
        "--json",
        "validate",
        "password",
        "--preset",
        "national",
        "--username",
        "zhangsan",
        "--mobile",
        "13012344321",
        "zhangsan",
    ]);
    assert_eq!(code(&out), 1);
    let answer = json_of(&out);
    assert_eq!(answer["valid"], json!(false));
    let violations = answer["violations"].as_array().unwrap();
    let codes: Vec<&str> = violations
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["password.classes", "password.contains_username"]);
    for v in violations {
        for key in ["code", "field", "message_zh", "message_en"] {
            assert!(v.get(key).is_some(), "{key} missing in {v}");
        }
        assert_eq!(v["field"], json!("password"));
    }
    let fine = huiqi(&[
        "--json",
        "validate",
        "password",
        "--preset",
        "henan",
        "abcdefghi",
    ]);
    assert_eq!(code(&fine), 0);
    assert_eq!(json_of(&fine), json!({"valid": true, "violations": []}));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        code(&huiqi(&["validate", "password", "--preset", "national"])),
        2
    );
    assert_eq!(
        code(&huiqi(&["validate", "password", "--preset", "bank", "x"])),
        2
    );
    assert_eq!(code(&huiqi(&["frobnicate"])), 2);
    assert_eq!(code(&huiqi(&[])), 2);
    let out = huiqi(&["quote", "--policy", "atlantis", "--amount", "1"]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither a policy preset"));
}

#[test]
fn quote_the_manual_figures() {
    let out = huiqi(&[
        "--json",
        "quote",
        "--policy",
        "henan",
        "--amount",
        "245",
        "--date",
        "2018-07-24",
    ]);
    assert_eq!(code(&out), 0);
    let q = json_of(&out);
    assert_eq!(q["total"], json!("245.00"));
    assert_eq!(q["subsidy"], json!("73.50"));
    assert_eq!(q["voucher_deduction"], json!("0.00"));
    assert_eq!(q["payable"], json!("171.50"));
    assert!(q["explanation"].as_array().unwrap().len() >= 3);

    let out = huiqi(&[
        "--json",
        "quote",
        "--policy",
        "henan",
        "--amount",
        "3768.00",
        "--contract",
        "120.00",
        "--date",
        "2018-07-30",
    ]);
    let q = json_of(&out);
    assert_eq!(q["subsidy"], json!("36.00"));
    assert_eq!(
        q["summary_en"],
        json!("expected subsidy does not exceed ¥36.00")
    );
}

#[test]
fn quote_with_vouchers() {
    let out = huiqi(&[
        "--json",
        "quote",
        "--policy",
        "henan",
        "--amount",
        "245.00",
        "--voucher",
        "100",
        "--voucher",
        "100",
        "--date",
        "2018-07-24",
    ]);
    assert_eq!(code(&out), 0);
    let q = json_of(&out);
    assert_eq!(q["subsidy"], json!("73.50"));
    assert_eq!(q["voucher_deduction"], json!("171.50"));
    assert_eq!(q["payable"], json!("0.00"));
    assert_eq!(q["vouchers"][1]["balance_after"], json!("28.50"));
}

#[test]
fn quote_with_a_policy_file() {
    let dir = std::env::temp_dir().join(format!("huiqi-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("policy.toml");
    std::fs::write(
        &path,
        "id = \"cap\"\nname = \"capped\"\nratio = \"50%\"\neffective_from = 2024-01-01\n[caps]\nper_order = \"40.00\"\n",
    )
    .unwrap();
    let out = huiqi(&[
        "--json",
        "quote",
        "--policy",
        path.to_str().unwrap(),
        "--amount",
        "100",
        "--date",
        "2024-05-01",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    let q = json_of(&out);
    assert_eq!(q["subsidy"], json!("40.00"));
    assert_eq!(q["bound_by"], json!("cap_per_order"));

    std::fs::write(
        &path,
        "id = \"cap\"\nname = \"x\"\nratio = \"50%\"\neffective_from = 2024-01-01\nration = 1\n",
    )
    .unwrap();
    let out = huiqi(&[
        "--json",
        "quote",
        "--policy",
        path.to_str().unwrap(),
        "--amount",
        "100",
    ]);
    assert_eq!(code(&out), 1);
    assert_eq!(json_of(&out)["errors"][0]["field"], json!("ration"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn quote_names_the_flag_of_bad_input() {
    let out = huiqi(&["--json", "quote", "--policy", "henan", "--amount", "1.234"]);
    assert_eq!(code(&out), 1);
    let a = json_of(&out);
    assert_eq!(a["ok"], json!(false));
    assert_eq!(a["errors"][0]["code"], json!("money.too_many_decimals"));
    assert_eq!(a["errors"][0]["field"], json!("--amount"));
    let out = huiqi(&[
        "--json",
        "quote",
        "--policy",
        "henan",
        "--amount",
        "1",
        "--date",
        "2023-02-30",
    ]);
    assert_eq!(json_of(&out)["errors"][0]["field"], json!("--date"));
}

#[test]
fn call_runs_any_operation() {
    let out = huiqi(&["--json", "call", "money.parse", r#"{"input": "¥3,768.00"}"#]);
    assert_eq!(code(&out), 0);
    assert_eq!(json_of(&out), json!({"amount": "3768.00", "fen": 376800}));

    let out = huiqi(&["--json", "call", "money.parse", "{"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        json_of(&out)["errors"][0]["code"],
        json!("request.malformed_json")
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_huiqi"))
        .args(["--json", "call", "validate.mobile", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"value": "13012344321"}"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0);
    assert_eq!(json_of(&out)["valid"], json!(true));
}

#[test]
fn human_output_is_bilingual() {
    let out = huiqi(&["validate", "mobile", "123"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("无效 / invalid"), "{text}");
    assert!(
        text.contains("11 位数字") && text.contains("11 digits"),
        "{text}"
    );
}

#[test]
fn demo_matches_every_manual_figure() {
    let out = huiqi(&["--json", "demo"]);
    assert_eq!(code(&out), 0);
    let examples = json_of(&out);
    let examples = examples.as_array().unwrap();
    assert!(examples.len() >= 5);
    for e in examples {
        assert_eq!(e["matches_manual"], json!(true), "{e}");
    }
}

#[test]
fn a_closed_stdout_is_not_a_crash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_huiqi"))
        .args(["demo"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before huiqi writes
    let status = child.wait().unwrap();
    assert_ne!(status.code(), Some(101), "huiqi panicked on a closed pipe");
}

#[test]
fn a_write_error_is_not_success() {
    // A full disk: the answer cannot be written.
    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let status = Command::new(env!("CARGO_BIN_EXE_huiqi"))
            .args(["--json", "ops"])
            .stdout(full)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(3), "writing to /dev/full");
    }
    // No standard output at all (`huiqi ops >&-`).
    if cfg!(target_os = "linux") {
        let status = Command::new("sh")
            .args(["-c", &format!("'{}' ops >&-", env!("CARGO_BIN_EXE_huiqi"))])
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(3), "a closed standard output");
    }
    // Redirected to /dev/null on purpose: written, exit 0.
    let status = Command::new(env!("CARGO_BIN_EXE_huiqi"))
        .args(["ops"])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn request_bytes_that_are_not_utf8_get_the_library_answer() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_huiqi"))
        .args(["--json", "call", "money.parse", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"input\":\"\xff\"}")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), 1);
    let answer = json_of(&output);
    assert_eq!(answer["errors"][0]["code"], json!("request.malformed_json"));
}
