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

/// `message_zh` is Chinese: no Latin letters outside backticks.
fn wholly_chinese(message: &str) -> bool {
    let outside: String = message.split('`').step_by(2).collect();
    !outside.chars().any(|c| c.is_ascii_alphabetic())
        && outside
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn usage_errors_under_json_are_coded_refusals_on_stdout() {
    // clap's parse errors and huiqi's own, each at the argument it is
    // about, in both languages; nothing on standard error.
    for (args, field, english) in [
        (
            &["--json", "frobnicate"][..],
            "COMMAND",
            "unknown subcommand `frobnicate`",
        ),
        (&["--json", "rout"], "COMMAND", "did you mean `route`?"),
        (&["--json"], "COMMAND", "a subcommand is required"),
        (
            &["--json", "route", "procurement", "--kind"],
            "--kind",
            "`--kind` needs a value",
        ),
        (
            &["--json", "route", "procurement", "--ammount", "1"],
            "--ammount",
            "did you mean `--amount`?",
        ),
        (
            &["--json", "route", "check"],
            "FILE",
            "missing required arguments: `FILE`",
        ),
        (
            &["--json", "validate", "password", "--preset", "national"],
            "PASSWORD",
            "`PASSWORD`",
        ),
        (
            &["--json", "route", "seal", "--threshold", "3"],
            "--threshold",
            "procurement preset only",
        ),
        (
            &["--json", "route", "seal", "--exclusive"],
            "--exclusive",
            "procurement preset only",
        ),
        (
            &["--json", "route", "procurement", "--field", "kind"],
            "--field",
            "`KEY=VALUE`",
        ),
        (
            &[
                "--json",
                "route",
                "procurement",
                "--field",
                "a=1",
                "--field",
                "a=2",
            ],
            "--field",
            "the field `a` is given twice",
        ),
        (
            &[
                "--json",
                "route",
                "procurement",
                "--kind",
                "regular",
                "--field",
                "kind=regular",
            ],
            "--kind",
            "both give `kind`",
        ),
        (
            &["--json", "route", "no-such-route.toml"],
            "NAME",
            "cannot read route file `no-such-route.toml`: no such file",
        ),
        (
            &[
                "--json",
                "route",
                "procurement",
                "--kind",
                "regular",
                "--kind",
                "emergency",
            ],
            "--kind",
            "`--kind` is given twice",
        ),
        (
            &["--json", "route", "procurement", "check"],
            "check",
            "`check` cannot be used with `NAME`",
        ),
        (
            &["--json", "route", "check", "route.txt"],
            "FILE",
            "ends in `.toml` or `.json`",
        ),
        (
            &["--json", "quote", "--policy", "atlantis", "--amount", "1"],
            "--policy",
            "neither a policy preset (`henan`)",
        ),
        (
            &["route", "seal", "--json", "--threshold", "3"],
            "--threshold",
            "procurement preset only",
        ),
    ] {
        let out = huiqi(args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let answer = json_of(&out);
        assert_eq!(answer["ok"], json!(false), "{args:?}");
        let error = &answer["errors"][0];
        assert_eq!(error["code"], json!("cli.usage"), "{args:?}");
        assert_eq!(error["field"], json!(field), "{args:?}");
        let en = error["message_en"].as_str().unwrap();
        assert!(en.contains(english), "{args:?}: {en}");
        assert!(
            !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{en}"
        );
        let zh = error["message_zh"].as_str().unwrap();
        assert!(wholly_chinese(zh), "{args:?}: {zh}");
    }
    // Without `--json`, and after `--` (a value, not the flag): text on
    // standard error, a specific Chinese line first.
    for args in [
        &["route", "procurement", "--kind"][..],
        &["validate", "uscc", "--", "--json", "x"],
    ] {
        let out = huiqi(args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("huiqi: ") && wholly_chinese(&first["huiqi: ".len()..]),
            "{stderr}"
        );
    }
    // The reason a file cannot be read, in both languages.
    let out = huiqi(&["--json", "route", "check", "no-such-route.toml"]);
    let zh = json_of(&out)["errors"][0]["message_zh"].clone();
    assert_eq!(
        zh,
        json!("无法读取路线文件 `no-such-route.toml`：文件不存在")
    );
    // `--json` given twice is still `--json`.
    let out = huiqi(&["--json", "--json", "validate", "mobile", "13012344321"]);
    assert_eq!((code(&out), &json_of(&out)["valid"]), (0, &json!(true)));
    // Help and the version are not errors, `--json` or not.
    for args in [&["--json", "--help"][..], &["--json", "--version"]] {
        let out = huiqi(args);
        assert_eq!(code(&out), 0, "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("huiqi"),
            "{args:?}"
        );
    }
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
    let quoted = || {
        let policy = path.to_str().unwrap();
        huiqi(&["--json", "quote", "--policy", policy, "--amount", "100"])
    };
    let out = quoted();
    assert_eq!(code(&out), 1);
    assert_eq!(json_of(&out)["errors"][0]["field"], json!("ration"));

    // A file that is not TOML at all: the problem is the file `--policy`
    // names, not a field of a request the user never wrote.
    std::fs::write(&path, "id = \"cap\n").unwrap();
    let out = quoted();
    assert_eq!(code(&out), 1);
    let error = &json_of(&out)["errors"][0];
    assert_eq!(error["code"], json!("policy.syntax"));
    assert_eq!(error["field"], json!("--policy"));
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

    // An unknown operation: the list is `huiqi ops` here, not the call
    // API's `operations`.
    let out = huiqi(&["--json", "call", "money.parsed", "{}"]);
    assert_eq!(code(&out), 1);
    let error = &json_of(&out)["errors"][0];
    assert_eq!(error["code"], json!("request.unknown_operation"));
    assert_eq!(
        error["message_en"],
        json!("`money.parsed` is not an operation; run `huiqi ops` for the list")
    );
    assert_eq!(
        error["message_zh"],
        json!("没有名为 `money.parsed` 的操作；运行 `huiqi ops` 查看列表")
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
    // A full disk: the answer cannot be written, said in both languages;
    // a usage error that cannot be written too.
    if std::path::Path::new("/dev/full").exists() {
        for args in [["--json", "ops"], ["--json", "frobnicate"]] {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap();
            let out = Command::new(env!("CARGO_BIN_EXE_huiqi"))
                .args(args)
                .stdout(full)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(3), "writing to /dev/full: {args:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains("huiqi: 无法写出回答")
                    && stderr.contains("cannot write the answer"),
                "{stderr}"
            );
        }
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

/// A file whose bytes are not text is wrong input, as a syntax error in it
/// is (exit 1, its kind's syntax code at the argument naming it), not a
/// usage error: the scenario, the route and the policy file alike.
#[test]
fn files_that_are_not_utf8_are_refused_input() {
    let dir = scratch("not-utf8");
    let path = |name: &str, bytes: &[u8]| {
        let file = dir.join(name);
        std::fs::write(&file, bytes).unwrap();
        file.display().to_string()
    };
    let scenario = path("s.json", b"{\"route\":\"\xff\"}");
    let route = path("r.toml", b"id = \"\xff\"\n");
    let policy = path("p.toml", b"id = \"\xff\"\n");
    let cases: [(Vec<&str>, &str, &str); 4] = [
        (
            vec!["--json", "flow", "run", &scenario],
            "request.malformed_json",
            "SCENARIO",
        ),
        (
            vec!["--json", "route", "check", &route],
            "route.syntax",
            "FILE",
        ),
        (vec!["--json", "route", &route], "route.syntax", "NAME"),
        (
            vec![
                "--json",
                "quote",
                "--policy",
                &policy,
                "--amount",
                "245.00",
                "--date",
                "2023-07-20",
            ],
            "policy.syntax",
            "--policy",
        ),
    ];
    for (args, expected, field) in cases {
        let out = huiqi(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        let answer = json_of(&out);
        assert_eq!(answer["errors"][0]["code"], json!(expected), "{args:?}");
        assert_eq!(answer["errors"][0]["field"], json!(field), "{args:?}");
        let en = answer["errors"][0]["message_en"].as_str().unwrap();
        assert!(en.ends_with("is not `UTF-8` text"), "{en}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// A scratch directory of this test process, removed by the caller.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("huiqi-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The README's example of a route's versions: the one in force on
/// `--date` applies.
#[test]
fn the_shipped_versions_example_picks_by_date() {
    let file = format!(
        "{}/examples/routes/seal-versions.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains("huiqi route cli/examples/routes/seal-versions.json --date 2024-03-01")
    );
    let out = huiqi(&["--json", "route", &file, "--date", "2024-03-01"]);
    assert_eq!(code(&out), 0);
    let preview = json_of(&out);
    assert_eq!(preview["version"], json!("2024"));
    assert_eq!(
        preview["stages"][0]["required_uploads"],
        json!(["document_scan"])
    );
    let out = huiqi(&["--json", "route", &file, "--date", "2024-02-29"]);
    assert_eq!(json_of(&out)["version"], json!("2023"));
    let out = huiqi(&["route", &file, "--date", "2024-03-01"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("抄送 / cc: 申请人的分管领导"), "{text}");
    let out = huiqi(&["--json", "route", "check", &file]);
    assert_eq!(json_of(&out)["versions"][1]["version"], json!("2024"));
}

fn sample_scenario() -> String {
    format!(
        "{}/examples/scenarios/procurement_regular.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn route_json_is_the_call_apis_route_preview_answer() {
    // One answer, however asked: the flags make the request `route.preview`
    // takes, and `--json` prints its answer as `huiqi call` does.
    for (flags, request) in [
        (
            &["procurement", "--kind", "regular", "--amount", "5000"][..],
            json!({"route": "procurement", "fields": {"kind": "regular", "amount": "5000"}}),
        ),
        (
            &[
                "procurement",
                "--kind",
                "regular",
                "--amount",
                "5000",
                "--threshold",
                "6000",
                "--exclusive",
            ][..],
            json!({"route": "procurement", "options": {"threshold": "6000", "threshold_inclusive": false},
                   "fields": {"kind": "regular", "amount": "5000"}}),
        ),
        (
            &["seal", "--field", "leader=wang"][..],
            json!({"route": "seal", "fields": {"leader": "wang"}}),
        ),
    ] {
        let mut args = vec!["--json", "route"];
        args.extend_from_slice(flags);
        let shown = huiqi(&args);
        assert_eq!(code(&shown), 0, "{flags:?}");
        let called = huiqi(&["--json", "call", "route.preview", &request.to_string()]);
        assert_eq!(code(&called), 0, "{flags:?}");
        assert_eq!(json_of(&shown), json_of(&called), "{flags:?}");
        assert_eq!(
            json_of(&shown)["name"],
            json!(if flags[0] == "seal" {
                "用章申请"
            } else {
                "政务采购 / 公共资源项目"
            })
        );
    }
    // A name that is neither a preset nor a file is refused as the core
    // refuses it, with its code; a route file that is not there cannot be
    // read (a usage error).
    let unknown = huiqi(&["--json", "route", "atlantis"]);
    assert_eq!(code(&unknown), 1);
    assert_eq!(
        json_of(&unknown)["errors"][0]["code"],
        json!("route.unknown_preset")
    );
    let missing = huiqi(&["route", "no-such-route.toml"]);
    assert_eq!(code(&missing), 2);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-route.toml"));
}

#[test]
fn route_reads_a_file_of_versions_and_previews_the_one_in_force_on_date() {
    let dir = scratch("route-versions");
    let seal = json_of(&huiqi(&[
        "--json",
        "call",
        "route.preset",
        r#"{"name": "seal"}"#,
    ]));
    let mut first = seal.clone();
    first["effective_from"] = json!("2023-01-01");
    first["version"] = json!("v1");
    let mut second = seal.clone();
    second["effective_from"] = json!("2024-03-01");
    second["version"] = json!("v2");
    let file = dir.join("seal-versions.json");
    std::fs::write(&file, json!([first, second]).to_string()).unwrap();
    let file = file.to_str().unwrap();
    for (day, version) in [
        ("2023-06-01", "v1"),
        ("2024-02-29", "v1"),
        ("2024-03-01", "v2"),
    ] {
        let out = huiqi(&["--json", "route", file, "--date", day]);
        assert_eq!(code(&out), 0, "{day}");
        assert_eq!(json_of(&out)["version"], json!(version), "{day}");
    }
    // Before the first version: refused, saying so.
    let early = huiqi(&["--json", "route", file, "--date", "2022-06-01"]);
    assert_eq!(code(&early), 1);
    assert_eq!(
        json_of(&early)["errors"][0]["code"],
        json!("route.not_in_force")
    );
    // A day that is not one is refused as the call API refuses `date`, at
    // the flag: a day that does not exist, or one not written YYYY-MM-DD.
    for day in ["2024-13-01", "2025-02-30", "2025-1-1"] {
        let bad = huiqi(&["--json", "route", file, "--date", day]);
        assert_eq!(code(&bad), 1, "{day}");
        let error = &json_of(&bad)["errors"][0];
        assert_eq!(error["code"], json!("request.invalid_date"), "{day}");
        assert_eq!(error["field"], json!("--date"), "{day}");
    }
    // `route check` and a scenario read the same file of versions.
    let checked = huiqi(&["--json", "route", "check", file]);
    assert_eq!(code(&checked), 0);
    let versions: Vec<Value> = json_of(&checked)["versions"].as_array().unwrap().clone();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["version"], json!("v2"));
    let scenario = dir.join("scenario.json");
    std::fs::write(
        &scenario,
        json!({"route": "seal-versions.json", "application": {"name": "用印"},
               "picks": {"leader": "wang"},
               "steps": [{"at": "2024-03-02 10:00:00", "actor": {"id": "li"}, "command": {"type": "submit"}}]})
        .to_string(),
    )
    .unwrap();
    let played = huiqi(&["--json", "flow", "run", scenario.to_str().unwrap()]);
    assert_eq!(
        code(&played),
        0,
        "{}",
        String::from_utf8_lossy(&played.stdout)
    );
    let submitted = &json_of(&played)["steps"][0]["state"]["route"];
    assert_eq!(submitted["version"], json!("v2"));
    // Versions of two routes are refused by every command, at the version.
    let mut other = second.clone();
    other["id"] = json!("other");
    let mixed = dir.join("mixed.json");
    std::fs::write(&mixed, json!([first, other]).to_string()).unwrap();
    let check = huiqi(&["--json", "route", "check", mixed.to_str().unwrap()]);
    assert_eq!(code(&check), 1);
    assert_eq!(json_of(&check)["errors"][0]["field"], json!("[1].id"));
    // A version that does not load is refused at its place in the list.
    std::fs::write(
        dir.join("bad.json"),
        json!([first, {"id": "seal"}]).to_string(),
    )
    .unwrap();
    let broken = huiqi(&["--json", "route", dir.join("bad.json").to_str().unwrap()]);
    assert_eq!(code(&broken), 1);
    let field = json_of(&broken)["errors"][0]["field"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(field.starts_with("[1]"), "{field}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn route_shows_the_procurement_branch_the_threshold_chooses() {
    let out = huiqi(&[
        "--json",
        "route",
        "procurement",
        "--kind",
        "regular",
        "--amount",
        "4999.99",
    ]);
    assert_eq!(code(&out), 0);
    let shown = json_of(&out);
    assert_eq!(shown["branch"], json!("regular_below_threshold"));
    assert_eq!(shown["on_complete"], json!("file"));
    assert_eq!(
        shown["chosen_by"],
        json!(["kind = regular", "amount < 5000.00"])
    );
    let stages = shown["stages"].as_array().unwrap();
    let ids: Vec<&str> = stages.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["finance_review", "leaders"]);
    assert_eq!(stages[1]["mode"], json!("all"));
    assert_eq!(stages[1]["approvers"][0], json!({"role": "mayor"}));
    assert_eq!(stages[1]["required_uploads"], json!([]));

    // 5000.00 itself: the larger branch by default, the smaller with --exclusive.
    for (extra, branch) in [
        (&[][..], "regular_from_threshold"),
        (&["--exclusive"][..], "regular_below_threshold"),
        (&["--threshold", "6000"][..], "regular_below_threshold"),
    ] {
        let mut args = vec![
            "--json",
            "route",
            "procurement",
            "--kind",
            "regular",
            "--amount",
            "5000.00",
        ];
        args.extend_from_slice(extra);
        let out = huiqi(&args);
        assert_eq!(code(&out), 0, "{extra:?}");
        assert_eq!(json_of(&out)["branch"], json!(branch), "{extra:?}");
    }
    let large = huiqi(&[
        "--json",
        "route",
        "procurement",
        "--kind",
        "regular",
        "--amount",
        "5000.00",
    ]);
    let large = json_of(&large);
    assert_eq!(
        large["stages"][2]["required_uploads"],
        json!(["meeting_minutes"])
    );

    // Hyphens on the command line, underscores in the route; the route's
    // own spelling is taken too.
    for kind in ["basic-repair", "basic_repair"] {
        let out = huiqi(&["--json", "route", "procurement", "--kind", kind]);
        assert_eq!(code(&out), 0, "{kind}");
        assert_eq!(json_of(&out)["branch"], json!("basic_repair"), "{kind}");
    }
    // A kind the route does not have is the route's refusal, at the flag,
    // with the route's own choices (not a list the command line keeps).
    let out = huiqi(&["--json", "route", "procurement", "--kind", "cheap"]);
    assert_eq!(code(&out), 1);
    let error = &json_of(&out)["errors"][0];
    assert_eq!(error["code"], json!("field.choice"));
    assert_eq!(error["field"], json!("--kind"));
    assert_eq!(
        error["message_en"],
        json!("`cheap` is not one of the choices (`basic_repair`, `regular`, `emergency`)")
    );
    let out = huiqi(&[
        "--json",
        "route",
        "procurement",
        "--field",
        "kind=emergency",
    ]);
    assert_eq!(json_of(&out)["branch"], json!("emergency"));

    let text = huiqi(&[
        "route",
        "procurement",
        "--kind",
        "regular",
        "--amount",
        "4999.99",
    ]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("regular_below_threshold"), "{text}");
    assert!(text.contains("amount < 5000.00"), "{text}");
    assert!(text.contains("会签 / all"), "{text}");
}

#[test]
fn route_refuses_bad_input_with_its_flag_and_usage_errors_with_2() {
    let out = huiqi(&[
        "--json",
        "route",
        "procurement",
        "--kind",
        "regular",
        "--amount",
        "1.234",
    ]);
    assert_eq!(code(&out), 1);
    let answer = json_of(&out);
    assert_eq!(answer["ok"], json!(false));
    assert_eq!(
        answer["errors"][0]["code"],
        json!("money.too_many_decimals")
    );
    assert_eq!(answer["errors"][0]["field"], json!("--amount"));

    let out = huiqi(&["--json", "route", "procurement", "--kind", "regular"]);
    assert_eq!(code(&out), 1);
    let answer = json_of(&out);
    assert_eq!(answer["errors"][0]["code"], json!("route.no_branch"));
    // The flag to give, and the field named once in each message.
    assert_eq!(answer["errors"][0]["field"], json!("--amount"));
    let message = answer["errors"][0]["message_en"].as_str().unwrap();
    assert_eq!(message.matches("not given").count(), 1, "{message}");
    assert!(message.contains("not given: `amount`"), "{message}");

    let out = huiqi(&["--json", "route", "procurement", "--threshold", "1.001"]);
    assert_eq!(code(&out), 1);
    assert_eq!(json_of(&out)["errors"][0]["field"], json!("--threshold"));

    for args in [
        &["route", "seal", "--threshold", "3"][..],
        &["route", "procurement", "--field", "kind"],
        &["route", "procurement", "--kind"],
        &[
            "route",
            "procurement",
            "--kind",
            "regular",
            "--field",
            "kind=regular",
        ],
        &["route"],
    ] {
        // Every usage error has a line in Chinese as well as clap's or
        // huiqi's English one.
        let out = huiqi(args);
        assert_eq!(code(&out), 2, "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let chinese = stderr.lines().any(|l| {
            l.starts_with("huiqi: ") && l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        });
        assert!(chinese, "{args:?}: {stderr}");
    }
}

#[test]
fn negative_amounts_are_the_librarys_to_refuse_not_unknown_flags() {
    for (args, flag) in [
        (
            &[
                "route",
                "procurement",
                "--kind",
                "regular",
                "--amount",
                "-1",
            ][..],
            "--amount",
        ),
        (
            &[
                "route",
                "procurement",
                "--kind",
                "regular",
                "--amount",
                "1",
                "--threshold",
                "-0.01",
            ],
            "--threshold",
        ),
        (
            &["quote", "--policy", "henan", "--amount", "-245.00"],
            "--amount",
        ),
    ] {
        let out = huiqi(&[&["--json"][..], args].concat());
        assert_eq!(
            code(&out),
            1,
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let answer = json_of(&out);
        assert_eq!(
            answer["errors"][0]["code"],
            json!("money.negative"),
            "{args:?}"
        );
        assert_eq!(answer["errors"][0]["field"], json!(flag), "{args:?}");
    }
}

#[test]
fn a_preview_refuses_the_fields_a_submission_refuses() {
    // The procurement route declares `kind` and `amount` only: an
    // application with another field could never be submitted.
    let out = huiqi(&[
        "--json",
        "route",
        "procurement",
        "--kind",
        "regular",
        "--amount",
        "3000",
        "--field",
        "foo=bar",
    ]);
    assert_eq!(code(&out), 1);
    let answer = json_of(&out);
    assert_eq!(answer["errors"][0]["code"], json!("approval.invalid"));
    assert_eq!(answer["errors"][0]["field"], json!("--field foo"));
}

#[test]
fn route_reads_a_route_file_and_checks_it() {
    let dir = scratch("route");
    let sound = dir.join("levels.toml");
    std::fs::write(
        &sound,
        r#"
id = "levels"
name = "分级审批"
effective_from = 2023-01-01
fields = { level = { choice = ["low", "high"] } }
[[branches]]
name = "low"
when = [{ field = "level", eq = "low" }]
stages = [{ id = "head", name = "科长审批", approvers = [{ role = "head" }] }]
[[branches]]
name = "high"
when = [{ field = "level", eq = "high" }]
stages = [
  { id = "head", name = "科长审批", approvers = [{ role = "head" }] },
  { id = "board", name = "班子会签", mode = "all", approvers = [{ role = "mayor" }, { role = "secretary" }], required_uploads = ["minutes"] },
]
"#,
    )
    .unwrap();
    let path = sound.to_str().unwrap();
    let out = huiqi(&["--json", "route", path, "--field", "level=high"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let shown = json_of(&out);
    assert_eq!(shown["branch"], json!("high"));
    assert_eq!(shown["stages"][1]["required_uploads"], json!(["minutes"]));

    // `--kind` gives any route's `kind` field, not only procurement's.
    let kinds = dir.join("kinds.toml");
    std::fs::write(
        &kinds,
        r#"
id = "kinds"
name = "分类采购"
effective_from = 2023-01-01
fields = { kind = { choice = ["goods", "service", "cloud-backup"] } }
[[branches]]
name = "goods"
when = [{ field = "kind", eq = "goods" }]
stages = [{ id = "head", name = "科长审批", approvers = [{ role = "head" }] }]
[[branches]]
name = "backup"
when = [{ field = "kind", eq = "cloud-backup" }]
stages = [{ id = "head", name = "科长审批", approvers = [{ role = "head" }] }]
[[branches]]
name = "service"
when = [{ field = "kind", eq = "service" }]
stages = [{ id = "board", name = "班子审批", approvers = [{ role = "mayor" }] }]
"#,
    )
    .unwrap();
    // A kind with a hyphen of its own (`cloud-backup`) is taken as written.
    for (kind, branch) in [("service", "service"), ("cloud-backup", "backup")] {
        let out = huiqi(&["--json", "route", kinds.to_str().unwrap(), "--kind", kind]);
        assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
        assert_eq!(json_of(&out)["branch"], json!(branch), "{kind}");
        assert_eq!(json_of(&out)["fields"]["kind"], json!(kind));
    }

    let out = huiqi(&["route", "check", path]);
    assert_eq!(code(&out), 0);
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("ok"));
    let out = huiqi(&["--json", "route", "check", path]);
    assert_eq!(json_of(&out)["ok"], json!(true));
    // One shape for one route as for a list of its versions.
    assert_eq!(
        json_of(&out)["versions"],
        json!([{"version": null, "effective_from": "2023-01-01", "branches": ["low", "high"]}])
    );

    // The same route as JSON.
    let as_json = dir.join("levels.json");
    std::fs::write(
        &as_json,
        json!({
            "id": "levels", "name": "分级审批", "effective_from": "2023-01-01",
            "stages": [{"id": "head", "name": "科长审批", "approvers": [{"role": "head"}]}],
        })
        .to_string(),
    )
    .unwrap();
    assert_eq!(
        code(&huiqi(&["route", "check", as_json.to_str().unwrap()])),
        0
    );

    // Every problem, with its code, field and both messages.
    let unsound = dir.join("unsound.toml");
    std::fs::write(
        &unsound,
        r#"
id = "r"
name = "r"
effective_from = 2023-01-01
[[stages]]
id = "first"
name = "first"
approvers = [{ picked = "leader" }]
return_to = ["later"]
mode = "vote"
"#,
    )
    .unwrap();
    let out = huiqi(&["--json", "route", "check", unsound.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let answer = json_of(&out);
    assert_eq!(answer["ok"], json!(false));
    let errors = answer["errors"].as_array().unwrap();
    let codes: Vec<&str> = errors.iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "route.unresolvable",
            "route.inconsistent",
            "route.return_target"
        ]
    );
    for e in errors {
        for key in ["field", "message_zh", "message_en"] {
            assert!(e[key].is_string(), "{key} in {e}");
        }
    }
    let out = huiqi(&["route", "check", unsound.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[route.return_target] stages[0].return_to[0]"),
        "{text}"
    );

    // A syntax error is one more problem; no file, or no extension, is usage.
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "id = \n").unwrap();
    let out = huiqi(&["--json", "route", "check", broken.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert_eq!(json_of(&out)["errors"][0]["code"], json!("route.syntax"));
    let missing = dir.join("missing.toml");
    assert_eq!(
        code(&huiqi(&["route", "check", missing.to_str().unwrap()])),
        2
    );
    let text = dir.join("route.txt");
    std::fs::write(&text, "id = \"r\"\n").unwrap();
    assert_eq!(code(&huiqi(&["route", "check", text.to_str().unwrap()])), 2);
    assert_eq!(code(&huiqi(&["route", "check"])), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn flow_runs_the_sample_scenario_to_filed() {
    let sample = sample_scenario();
    let out = huiqi(&["--json", "flow", "run", &sample]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    let report = json_of(&out);
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 6);
    assert!(steps.iter().all(|s| s["ok"] == json!(true)));
    assert_eq!(steps[0]["events"][0]["change"]["type"], json!("submitted"));
    assert_eq!(steps[0]["events"][0]["request"]["id"], json!("step-1"));
    assert_eq!(steps[0]["state"]["status"], json!("pending"));
    assert_eq!(report["final"]["status"], json!("filed"));
    assert_eq!(report["final"]["stage"], json!(null));
    assert_eq!(report["final"]["branch"], json!("regular_below_threshold"));
    let todo = report["todo"].as_object().unwrap();
    let people: Vec<&str> = todo.keys().map(String::as_str).collect();
    assert_eq!(people, ["li", "sun", "wang", "zhao", "zhou"]);
    assert!(todo.values().all(|t| t == &json!([])));
    // The same scenario, the same report: ids come from the scenario's seed.
    assert_eq!(json_of(&huiqi(&["--json", "flow", "run", &sample])), report);

    let out = huiqi(&["flow", "run", &sample]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("已备案 / filed"), "{text}");
    assert!(text.contains("6 steps: 6 accepted, 0 refused"), "{text}");
    // The 催办 says whom it reminds: the leaders whose slots are still open.
    assert!(
        text.contains("提醒 / reminds: 人员 / person `wang`; 角色 / role `procurement_leader`"),
        "{text}"
    );
}

#[test]
fn flow_reports_a_refused_step_and_goes_on() {
    let dir = scratch("flow");
    let path = dir.join("refused.json");
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(sample_scenario()).unwrap()).unwrap();
    // The mayor tries before the finance bureau has approved.
    let early = json!({"at": "2023-07-20 09:30:00",
                       "actor": {"id": "zhou", "roles": ["mayor"]},
                       "command": {"type": "approve"}});
    scenario["steps"].as_array_mut().unwrap().insert(1, early);
    // The last leader has not acted yet: it awaits them.
    scenario["steps"].as_array_mut().unwrap().pop();
    scenario["steps"]
        .as_array_mut()
        .unwrap()
        .push(json!({"at": "2023-07-21 12:00:00",
                     "actor": {"id": "sun", "roles": ["procurement_leader"]},
                     "command": {"type": "remind"}}));
    std::fs::write(&path, scenario.to_string()).unwrap();
    let path = path.to_str().unwrap();
    let out = huiqi(&["--json", "flow", "run", path]);
    assert_eq!(code(&out), 1);
    let report = json_of(&out);
    assert_eq!(report["steps"][1]["ok"], json!(false));
    assert_eq!(
        report["steps"][1]["errors"][0]["code"],
        json!("approval.forbidden")
    );
    assert_eq!(report["steps"][2]["ok"], json!(true));
    assert_eq!(
        report["steps"][6]["errors"][0]["code"],
        json!("approval.forbidden"),
        "only the applicant reminds"
    );
    assert_eq!(report["final"]["status"], json!("pending"));
    assert_eq!(report["final"]["stage"], json!("leaders"));
    assert_eq!(report["todo"]["sun"][0]["stage"], json!("leaders"));
    assert_eq!(report["todo"]["sun"][0]["name"], json!("村道修缮"));
    assert_eq!(report["todo"]["zhou"], json!([]));

    let out = huiqi(&["flow", "run", path]);
    assert_eq!(code(&out), 1);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("✗ 拒绝 / refused"), "{text}");
    assert!(text.contains("[approval.forbidden]"), "{text}");
    assert!(text.contains("sun: 「村道修缮」 @ leaders"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn flow_usage_and_scenario_errors() {
    let dir = scratch("flow-errors");
    // No file, or text that is not JSON: usage errors, on standard error,
    // or with `--json` coded on standard output.
    let missing = dir.join("missing.json");
    let out = huiqi(&["flow", "run", missing.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("无法读取场景文件"), "{stderr}");
    assert!(stderr.contains("cannot read scenario file"), "{stderr}");
    let out = huiqi(&["--json", "flow", "run", missing.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let error = &json_of(&out)["errors"][0];
    assert_eq!(
        (&error["code"], &error["field"]),
        (&json!("cli.usage"), &json!("SCENARIO"))
    );
    assert!(
        error["message_zh"]
            .as_str()
            .unwrap()
            .contains("无法读取场景文件")
    );
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"route\": \"procurement\",").unwrap();
    // Text that is not JSON is refused (exit 1) as a route file's syntax
    // is, at the argument that names the file: it was read, it is wrong.
    let out = huiqi(&["--json", "flow", "run", broken.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let error = &json_of(&out)["errors"][0];
    assert_eq!(
        (&error["code"], &error["field"]),
        (&json!("request.malformed_json"), &json!("SCENARIO"))
    );
    std::fs::write(dir.join("broken-route.toml"), "id = \"x\n").unwrap();
    let out = huiqi(&[
        "--json",
        "route",
        "check",
        dir.join("broken-route.toml").to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1);
    let error = &json_of(&out)["errors"][0];
    assert_eq!(
        (&error["code"], &error["field"]),
        (&json!("route.syntax"), &json!("FILE"))
    );
    // JSON that is not a scenario: refused with the problem, like a bad policy file.
    let wrong = dir.join("wrong.json");
    std::fs::write(
        &wrong,
        json!({"route": "procurement",
               "application": {"name": "x", "kind": "regular", "amount": 4999.99},
               "steps": []})
        .to_string(),
    )
    .unwrap();
    let out = huiqi(&["--json", "flow", "run", wrong.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let answer = json_of(&out);
    assert_eq!(answer["errors"][0]["code"], json!("money.not_a_string"));
    assert_eq!(answer["errors"][0]["field"], json!("application.amount"));
    assert_eq!(code(&huiqi(&["flow", "run"])), 2);
    // A scenario's route in a file by another extension is refused as
    // `huiqi route` refuses it, not taken for an unknown preset.
    std::fs::write(dir.join("route.yaml"), "id = \"r\"\n").unwrap();
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(sample_scenario()).unwrap()).unwrap();
    scenario["route"] = json!("route.yaml");
    let path = dir.join("yaml.json");
    std::fs::write(&path, scenario.to_string()).unwrap();
    let out = huiqi(&["--json", "flow", "run", path.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let error = &json_of(&out)["errors"][0];
    assert_eq!(
        (&error["code"], &error["field"]),
        (&json!("cli.usage"), &json!("route"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_scenario_may_name_its_route_file() {
    let dir = scratch("route-file");
    std::fs::write(
        dir.join("two.toml"),
        "id = \"two\"\nname = \"两级\"\neffective_from = 2023-01-01\n\
         [[stages]]\nid = \"a\"\nname = \"a\"\napprovers = [{ person = \"a\" }]\n\
         [[stages]]\nid = \"b\"\nname = \"b\"\napprovers = [{ role = \"boss\" }]\n",
    )
    .unwrap();
    let scenario = json!({
        "route": "two.toml",
        "application": {"name": "申请"},
        "steps": [
            {"at": "2023-07-20 09:00:00", "actor": {"id": "li"}, "command": {"type": "submit"}},
            {"at": "2023-07-20 10:00:00", "actor": {"id": "a"}, "command": {"type": "approve"}},
            {"at": "2023-07-20 11:00:00", "actor": {"id": "x", "roles": ["boss"]}, "command": {"type": "approve"}}
        ]
    });
    let path = dir.join("scenario.json");
    std::fs::write(&path, scenario.to_string()).unwrap();
    let out = huiqi(&["--json", "flow", "run", path.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json_of(&out)["final"]["status"], json!("filed"));
    // A route file with a problem is refused with the problem under `route`.
    std::fs::write(
        dir.join("two.toml"),
        "id = \"two\"\nname = \"两级\"\neffective_from = 2023-01-01\ncolour = 1\n",
    )
    .unwrap();
    let out = huiqi(&["--json", "flow", "run", path.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert_eq!(json_of(&out)["errors"][0]["code"], json!("route.schema"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What a refusal names is what the user typed: a procurement threshold
/// that leaves a route no amount is `--threshold`'s, and a route file of
/// no versions is the file's (a trial found `route.branches[1]` and no
/// field at all).
#[test]
fn refusals_name_the_flag_or_file_given() {
    let shown = huiqi(&[
        "--json",
        "route",
        "procurement",
        "--kind",
        "regular",
        "--amount",
        "1",
        "--threshold",
        "0",
    ]);
    assert_eq!(code(&shown), 1);
    let error = &json_of(&shown)["errors"][0];
    assert_eq!(
        (&error["code"], &error["field"]),
        (&json!("route.unreachable"), &json!("--threshold"))
    );
    let dir = std::env::temp_dir().join(format!("huiqi-cli-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("versions.json");
    std::fs::write(&file, "[]").unwrap();
    let checked = huiqi(&["--json", "route", "check", file.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code(&checked), 1);
    let error = &json_of(&checked)["errors"][0];
    assert_eq!(
        (&error["code"], &error["field"]),
        (&json!("route.schema"), &json!("FILE"))
    );
}
