//! What a command prints, and its exit status.

use std::fmt::Write as _;
use std::io::Write as _;

use serde_json::{Value, json};

/// The result of a command.
pub(crate) enum Outcome {
    /// A call-API answer (`{"ok": …}`), shown as its value or its errors.
    Answer(Value),
    /// A usage error, in Chinese and in English, at the argument it names:
    /// printed to standard error, or with `--json` as a refusal coded
    /// `cli.usage` on standard output; exit 2.
    Usage {
        field: String,
        zh: String,
        en: String,
    },
    /// The demo: titled answers, each with the manual figures it missed.
    Demo(Vec<(String, Value, Vec<String>)>),
    /// A command's own report: its JSON, its text for people, and whether
    /// it is good (exit 0) or not (exit 1).
    Report {
        /// Printed with `--json`.
        json: Value,
        /// Printed otherwise.
        text: String,
        /// Exit 0 when true, 1 otherwise.
        good: bool,
    },
}

/// Appends one formatted line to `$out` (a `String`: writing cannot fail).
macro_rules! emit {
    ($out:expr, $($arg:tt)*) => {{
        let _ = writeln!($out, $($arg)*);
    }};
}
pub(crate) use emit;

/// Writes to standard output and flushes, failing when it cannot (a full
/// disk, a standard output that was closed).
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    if stdout_was_closed() {
        return Err(std::io::Error::other("standard output is closed"));
    }
    #[cfg(unix)]
    {
        // The standard library's handle drops writes that fail with EBADF;
        // a duplicate of the descriptor reports them.
        use std::os::fd::AsFd as _;
        let mut file = std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
        file.write_all(bytes)?;
        file.flush()
    }
    #[cfg(not(unix))]
    {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(bytes)?;
        stdout.flush()
    }
}

/// True when huiqi started with no standard output (`huiqi ops >&-`). The
/// Rust runtime then opens `/dev/null` read-write in its place before `main`
/// runs, so writes would vanish; a shell's `>/dev/null` opens it write-only.
/// Linux shows both in `/proc/self`; elsewhere this cannot be told.
fn stdout_was_closed() -> bool {
    #[cfg(target_os = "linux")]
    {
        let target = std::fs::read_link("/proc/self/fd/1");
        let info = std::fs::read_to_string("/proc/self/fdinfo/1").unwrap_or_default();
        let flags = info
            .lines()
            .find_map(|l| l.strip_prefix("flags:"))
            .and_then(|f| u32::from_str_radix(f.trim(), 8).ok());
        const ACCESS_MODE: u32 = 0o3;
        const READ_WRITE: u32 = 0o2;
        target.is_ok_and(|t| t == std::path::Path::new("/dev/null"))
            && flags.is_some_and(|f| f & ACCESS_MODE == READ_WRITE)
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

impl Outcome {
    pub(crate) fn from_call(op: &str, request: &Value) -> Outcome {
        let answer = huiqi_core::call::call_value(op, request.clone());
        Outcome::from_answer(serde_json::to_value(answer).unwrap_or(Value::Null))
    }

    pub(crate) fn from_answer(answer: Value) -> Outcome {
        Outcome::Answer(answer)
    }

    /// A usage error at `field`, the argument it names (`--field`, `FILE`).
    pub(crate) fn usage(field: &str, zh: String, en: String) -> Outcome {
        Outcome::Usage {
            field: field.to_owned(),
            zh,
            en,
        }
    }

    /// A file read whole as text that is not text (`UTF-8`): its content is
    /// wrong, as a syntax error in it is, so it is refused (exit 1) with
    /// `syntax`, the code its kind of file gives for text it cannot read
    /// (`route.syntax`, `policy.syntax`, `request.malformed_json`), at the
    /// argument that names it. Any other failure to read it is
    /// [`Outcome::unreadable`]'s.
    pub(crate) fn unreadable_text(
        what: (&str, &str),
        syntax: &str,
        field: &str,
        source: &str,
        e: &std::io::Error,
    ) -> Outcome {
        if e.kind() != std::io::ErrorKind::InvalidData {
            return Outcome::unreadable(what, field, source, e);
        }
        Outcome::from_answer(json!({"ok": false, "errors": [{
            "code": syntax,
            "field": field,
            "message_zh": format!("{} `{source}` 的内容不是 `UTF-8` 文本", what.0),
            "message_en": format!("the {} `{source}` is not `UTF-8` text", what.1),
        }]}))
    }

    /// A file (or standard input) that could not be read, given as the
    /// argument `field`: `what` names it in Chinese and in English
    /// (`场景文件`, `scenario file`), and both lines give the reason.
    pub(crate) fn unreadable(
        what: (&str, &str),
        field: &str,
        source: &str,
        e: &std::io::Error,
    ) -> Outcome {
        let (zh, en) = io_reason(e);
        Outcome::usage(
            field,
            format!("无法读取{} `{source}`：{zh}", what.0),
            format!("cannot read {} `{source}`: {en}", what.1),
        )
    }

    /// 0 ok and valid, 1 invalid input or a refused operation, 2 usage error.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Outcome::Usage { .. } => 2,
            Outcome::Report { good, .. } => u8::from(!good),
            Outcome::Answer(answer) => u8::from(!answer_is_good(answer)),
            Outcome::Demo(items) => u8::from(
                !items
                    .iter()
                    .all(|(_, a, missed)| a["ok"] == json!(true) && missed.is_empty()),
            ),
        }
    }

    /// Prints the outcome, reporting any write error: the caller tells a
    /// reader that went away (a broken pipe) from a real failure.
    pub(crate) fn print(&self, json: bool) -> std::io::Result<()> {
        let mut out = String::new();
        self.render(json, &mut out);
        match self {
            Outcome::Usage { .. } if !json => std::io::stderr().write_all(out.as_bytes()),
            _ => write_stdout(out.as_bytes()),
        }
    }

    fn render(&self, json: bool, out: &mut String) {
        match self {
            Outcome::Usage { field, zh, en } if json => {
                emit!(out, "{}", pretty(&usage_refusal(field, zh, en)));
            }
            Outcome::Usage { zh, en, .. } => {
                emit!(out, "huiqi: {zh}");
                emit!(out, "huiqi: {en}");
            }
            Outcome::Report { json: report, .. } if json => emit!(out, "{}", pretty(report)),
            Outcome::Report { text, .. } => out.push_str(text),
            Outcome::Answer(answer) if json => emit!(out, "{}", pretty(&shown(answer))),
            Outcome::Answer(answer) => render_human(answer, out),
            Outcome::Demo(items) if json => {
                let list: Vec<Value> = items
                    .iter()
                    .map(|(title, a, missed)| {
                        json!({"example": title, "answer": shown(a),
                               "matches_manual": missed.is_empty(), "mismatches": missed})
                    })
                    .collect();
                emit!(out, "{}", pretty(&Value::Array(list)));
            }
            Outcome::Demo(items) => {
                for (title, answer, missed) in items {
                    emit!(out, "== {title}");
                    render_human(answer, out);
                    if missed.is_empty() {
                        emit!(out, "  ✓ 与手册一致 / matches the manual");
                    }
                    for m in missed {
                        emit!(out, "  ✗ 与手册不符 / differs from the manual: {m}");
                    }
                    emit!(out, "");
                }
            }
        }
    }
}

/// A usage error as `--json` prints it: a refusal shaped as the library's
/// (`{"ok": false, "errors": [problem]}`), coded `cli.usage`, so that a
/// script reads every failure the same way.
pub(crate) fn usage_refusal(field: &str, zh: &str, en: &str) -> Value {
    json!({"ok": false, "errors": [{
        "code": "cli.usage",
        "field": field,
        "message_zh": zh,
        "message_en": en,
    }]})
}

/// Why a file could not be read, in Chinese and in English: the common
/// reasons by kind, said alike; the rest as the system says it (its
/// number in the Chinese line).
fn io_reason(e: &std::io::Error) -> (String, String) {
    use std::io::ErrorKind;
    let (zh, en) = match e.kind() {
        ErrorKind::NotFound => ("文件不存在", "no such file"),
        ErrorKind::PermissionDenied => ("没有读取权限", "permission denied"),
        ErrorKind::IsADirectory => ("这是目录，不是文件", "it is a directory, not a file"),
        ErrorKind::InvalidData => ("内容不是 `UTF-8` 文本", "its content is not `UTF-8` text"),
        _ => {
            let zh = e.raw_os_error().map_or_else(
                || "系统错误".to_owned(),
                |n| format!("系统错误（编号 {n}）"),
            );
            return (zh, e.to_string());
        }
    };
    (zh.to_owned(), en.to_owned())
}

/// ok and, for validations, valid.
fn answer_is_good(answer: &Value) -> bool {
    answer["ok"] == json!(true) && answer["value"]["valid"] != json!(false)
}

/// The JSON printed: the value of a successful answer, the whole answer
/// (`{"ok": false, "errors": […]}`) otherwise.
fn shown(answer: &Value) -> Value {
    if answer["ok"] == json!(true) {
        answer["value"].clone()
    } else {
        answer.clone()
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

fn render_human(answer: &Value, out: &mut String) {
    if answer["ok"] != json!(true) {
        emit!(out, "✗ 出错 / error");
        render_problems(&answer["errors"], out);
        return;
    }
    let value = &answer["value"];
    if let Some(valid) = value["valid"].as_bool() {
        if valid {
            emit!(out, "✓ 有效 / valid");
            if let Some(info) = value.get("info") {
                render_fields(info, "  ", out);
            }
        } else {
            emit!(out, "✗ 无效 / invalid");
            render_problems(&value["violations"], out);
        }
        return;
    }
    if let Some(lines) = value["explanation"].as_array() {
        for key in [
            "order_total",
            "total",
            "base",
            "subsidy",
            "voucher_deduction",
            "payable",
        ] {
            if let Some(amount) = value[key].as_str() {
                emit!(out, "{:<28} ¥{amount}", label(key));
            }
        }
        if let (Some(zh), Some(en)) = (value["summary_zh"].as_str(), value["summary_en"].as_str()) {
            emit!(out, "{zh} / {en}");
        }
        for step in lines {
            let mark = if step["binding"] == json!(true) {
                "*"
            } else {
                "-"
            };
            emit!(
                out,
                "  {mark} {} / {}",
                text(&step["text_zh"]),
                text(&step["text_en"])
            );
        }
        return;
    }
    render_fields(value, "", out);
}

fn label(key: &str) -> &'static str {
    match key {
        "order_total" => "订单总额 order total",
        "total" => "总额 total",
        "base" => "补贴基数 base",
        "subsidy" => "补贴 subsidy",
        "voucher_deduction" => "服务券抵扣 vouchers",
        "payable" => "实付 payable",
        _ => "",
    }
}

pub(crate) fn render_problems(problems: &Value, out: &mut String) {
    for p in problems.as_array().map(Vec::as_slice).unwrap_or_default() {
        let field = p["field"]
            .as_str()
            .map(|f| format!(" {f}:"))
            .unwrap_or_default();
        emit!(
            out,
            "  - [{}]{field} {} / {}",
            text(&p["code"]),
            text(&p["message_zh"]),
            text(&p["message_en"])
        );
    }
}

fn render_fields(value: &Value, indent: &str, out: &mut String) {
    let nested = format!("{indent}  ");
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if v.is_object() || v.is_array() {
                    emit!(out, "{indent}{key}:");
                    render_fields(v, &nested, out);
                } else {
                    emit!(out, "{indent}{key}: {}", scalar(v));
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                if item.is_object() || item.is_array() {
                    emit!(out, "{indent}-");
                    render_fields(item, &nested, out);
                } else {
                    emit!(out, "{indent}- {}", scalar(item));
                }
            }
        }
        other => emit!(out, "{indent}{}", scalar(other)),
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
