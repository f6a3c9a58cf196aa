//! Route files as every command reads them: one route (`.toml` or
//! `.json`), or a JSON list of a route's versions, each loaded (and
//! checked) as a route file is, its problems placed under its index
//! (`[1].stages`), and the list checked as versions of one route.

use std::path::Path;

use huiqi_core::Problem;
use huiqi_core::approval::{Route, RouteSource, preset_route_names, versions_problem};
use huiqi_core::subsidy::Format;
use serde_json::Value;

use crate::output::Outcome;

/// Whether the route `name` (found at `path`) is a file rather than a
/// preset's name: not a shipped preset, and ending in `.toml` or `.json`
/// or a file there. Any other name is a preset's, which the core refuses
/// as from the call API when it ships none (`route.unknown_preset`).
pub(crate) fn names_a_file(name: &str, path: &Path) -> bool {
    let route_file = matches!(
        Path::new(name).extension().and_then(|e| e.to_str()),
        Some("toml" | "json")
    );
    !preset_route_names().contains(&name) && (route_file || path.is_file())
}

/// A route file's text and format, by its extension; `field` is the
/// argument (or the scenario's field) that named the file.
pub(crate) fn read_text(path: &Path, field: &str) -> Result<(String, Format), Outcome> {
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("toml") => Format::Toml,
        Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
        _ => {
            return Err(Outcome::usage(
                field,
                format!(
                    "`{}`：路线文件的扩展名应为 `.toml` 或 `.json`",
                    path.display()
                ),
                format!(
                    "`{}`: a route file ends in `.toml` or `.json`",
                    path.display()
                ),
            ));
        }
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        Outcome::unreadable_text(
            ("路线文件", "route file"),
            "route.syntax",
            field,
            &path.display().to_string(),
            &e,
        )
    })?;
    Ok((text, format))
}

/// The route or versions in `path` (named by `field`), or every problem
/// found (fields relative to the file: `stages[0].id`, `[1].stages`).
pub(crate) fn load(path: &Path, field: &str) -> Result<Result<RouteSource, Vec<Problem>>, Outcome> {
    let (text, format) = read_text(path, field)?;
    // A problem with the file as a whole (its syntax) is at the argument
    // that names it, as every file the command line reads is.
    let whole_file_at_argument = |problems: Vec<Problem>| -> Vec<Problem> {
        problems
            .into_iter()
            .map(|p| match p.field {
                None => p.at(field.to_owned()),
                Some(_) => p,
            })
            .collect()
    };
    let Ok(Value::Array(versions)) = (match format {
        Format::Json => serde_json::from_str::<Value>(&text),
        Format::Toml => Ok(Value::Null),
    }) else {
        return Ok(Route::load(&text, format)
            .map(RouteSource::from)
            .map_err(|found| whole_file_at_argument(found.into_vec())));
    };
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for (i, version) in versions.iter().enumerate() {
        match Route::load(&version.to_string(), Format::Json) {
            Ok(route) => loaded.push(route),
            Err(found) => problems.extend(found.into_iter().map(|p| {
                let at = p
                    .field
                    .as_deref()
                    .map_or(String::new(), |f| format!(".{f}"));
                p.at(format!("[{i}]{at}"))
            })),
        }
    }
    if problems.is_empty()
        && let Some(problem) = versions_problem(&loaded)
    {
        problems.push(problem);
    }
    Ok(match problems.is_empty() {
        true => Ok(RouteSource::Versions(loaded)),
        false => Err(whole_file_at_argument(problems)),
    })
}

/// `problems` of a route file placed under `at` (a scenario's `route`):
/// `route.stages[0]`, `route[1].id`.
pub(crate) fn under(problems: Vec<Problem>, at: &str) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|p| {
            let field = match p.field.as_deref() {
                // The file as a whole, already named by its argument.
                None => at.to_owned(),
                Some(f) if f == at => at.to_owned(),
                Some(f) if f.starts_with('[') => format!("{at}{f}"),
                Some(f) => format!("{at}.{f}"),
            };
            p.at(field)
        })
        .collect()
}
