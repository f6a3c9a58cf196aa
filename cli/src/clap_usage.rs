//! A command-line parse error (clap's) as huiqi reports every error: the
//! argument it is about, and what is wrong in Chinese and in English, both
//! made from the same facts clap found (the argument, the value, the values
//! it takes), so the two say the same thing.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// What `e` is about (`--kind`, `NAME`, `COMMAND`), and its messages in
/// Chinese and in English. `None` for help and the version, which are not
/// errors.
pub(crate) fn describe(e: &clap::Error) -> Option<(String, String, String)> {
    // A subcommand given where it cannot be (`route NAME check`) is the
    // argument at fault too.
    let arg = first(e, ContextKind::InvalidArg)
        .or_else(|| first(e, ContextKind::InvalidSubcommand))
        .map(|a| arg_name(&a));
    let value = first(e, ContextKind::InvalidValue);
    let quoted = |items: Vec<String>, comma: &str| {
        items
            .iter()
            .map(|item| format!("`{item}`"))
            .collect::<Vec<_>>()
            .join(comma)
    };
    let (field, zh, en) = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return None,
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let arg = arg.unwrap_or_default();
            let valid = all(e, ContextKind::ValidValue);
            match value.filter(|v| !v.is_empty()) {
                None => (
                    arg.clone(),
                    format!("`{arg}` 需要一个值"),
                    format!("`{arg}` needs a value"),
                ),
                Some(value) if valid.is_empty() => (
                    arg.clone(),
                    format!("`{arg}` 的值 `{value}` 无效"),
                    format!("invalid value `{value}` for `{arg}`"),
                ),
                Some(value) => (
                    arg.clone(),
                    format!(
                        "`{arg}` 的值 `{value}` 无效（可选：{}）",
                        quoted(valid.clone(), "、")
                    ),
                    format!(
                        "invalid value `{value}` for `{arg}` (possible values: {})",
                        quoted(valid, ", ")
                    ),
                ),
            }
        }
        ErrorKind::UnknownArgument => {
            let arg = arg.unwrap_or_default();
            (
                arg.clone(),
                format!("未知参数 `{arg}`"),
                format!("unknown argument `{arg}`"),
            )
        }
        ErrorKind::InvalidSubcommand => {
            let command = first(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            (
                "COMMAND".to_owned(),
                format!("未知子命令 `{command}`"),
                format!("unknown subcommand `{command}`"),
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<String> = all(e, ContextKind::InvalidArg)
                .iter()
                .map(|a| arg_name(a))
                .collect();
            (
                missing.first().cloned().unwrap_or_default(),
                format!("缺少必需的参数：{}", quoted(missing.clone(), "、")),
                format!("missing required arguments: {}", quoted(missing, ", ")),
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => (
            "COMMAND".to_owned(),
            "缺少子命令（`huiqi --help` 列出全部用法）".to_owned(),
            "a subcommand is required (`huiqi --help` lists them)".to_owned(),
        ),
        ErrorKind::ArgumentConflict => {
            let arg = arg.unwrap_or_default();
            let prior = first(e, ContextKind::PriorArg)
                .map(|p| arg_name(&p))
                .unwrap_or_default();
            if prior == arg {
                // clap reports a flag given twice as in conflict with itself.
                (
                    arg.clone(),
                    format!("`{arg}` 给出了两次"),
                    format!("`{arg}` is given twice"),
                )
            } else {
                (
                    arg.clone(),
                    format!("`{arg}` 不能与 `{prior}` 同时使用"),
                    format!("`{arg}` cannot be used with `{prior}`"),
                )
            }
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let arg = arg.unwrap_or_default();
            (
                arg.clone(),
                format!("`{arg}` 的值个数不对"),
                format!("wrong number of values for `{arg}`"),
            )
        }
        ErrorKind::NoEquals => {
            let arg = arg.unwrap_or_default();
            (
                arg.clone(),
                format!("`{arg}` 的值须写在 `=` 之后"),
                format!("`{arg}` takes its value after `=`"),
            )
        }
        ErrorKind::InvalidUtf8 => (
            arg.unwrap_or_default(),
            "参数不是有效的 `UTF-8` 文本".to_owned(),
            "an argument is not valid `UTF-8` text".to_owned(),
        ),
        _ => (
            arg.unwrap_or_default(),
            "命令行用法有误（`huiqi --help` 列出全部用法）".to_owned(),
            "the command line is not valid (`huiqi --help` lists the usage)".to_owned(),
        ),
    };
    // clap's suggestion (a misspelt flag or subcommand), said in both.
    let suggested = first(e, ContextKind::SuggestedArg)
        .or_else(|| first(e, ContextKind::SuggestedSubcommand))
        .map(|s| arg_name(&s));
    Some(match suggested {
        Some(s) => (
            field,
            format!("{zh}；是否想用 `{s}`？"),
            format!("{en}; did you mean `{s}`?"),
        ),
        None => (field, zh, en),
    })
}

/// An argument as a field names it: `--kind <KIND>` is `--kind`, `<NAME>`
/// is `NAME`.
fn arg_name(shown: &str) -> String {
    let first = shown.split_whitespace().next().unwrap_or(shown);
    first
        .trim_matches(|c| matches!(c, '<' | '>' | '[' | ']'))
        .trim_end_matches("...")
        .to_owned()
}

/// The context's first text of `kind`.
fn first(e: &clap::Error, kind: ContextKind) -> Option<String> {
    all(e, kind).into_iter().next()
}

/// The context's texts of `kind`.
fn all(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(list)) => list.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(list)) => list.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

/// Whether the command line asked for JSON (`--json` before any `--`):
/// read from the raw arguments, since clap could not parse them.
pub(crate) fn json_requested() -> bool {
    std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--json")
}
