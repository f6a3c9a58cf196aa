//! The shared test vectors of huiqi: loading and matching.
//!
//! Vectors live in `tests/vectors/*.json`, one file per area. Each file is
//! `{"about": "...", "cases": [case, ...]}` and each case is
//!
//! ```json
//! {"name": "...", "op": "subsidy.quote", "request": {...}, "expect": {...}}
//! {"name": "...", "op": "money.parse", "request": {...}, "expect_errors": [{"code": "money.negative"}]}
//! ```
//!
//! (`request_text` instead of `request` passes a raw string, for malformed
//! JSON). A case runs `op` through the call API. With `expect`, the answer
//! must be `{"ok": true, "value": V}` and `V` must match `expect`; with
//! `expect_errors`, it must be `{"ok": false, "errors": E}` and `E` must match.
//! Matching: an object matches when every key of the expected object is
//! present and matches (extra keys are allowed); an array matches when it has
//! the same length and each element matches; anything else must be equal.
//! Every binding's test suite implements exactly these rules.

#![allow(
    clippy::indexing_slicing,
    reason = "only serde_json::Value is indexed, and its Index returns Null instead of panicking"
)]

pub mod largest;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One vector.
#[derive(Debug, Clone)]
pub struct Case {
    /// File it came from.
    pub file: String,
    /// Its name.
    pub name: String,
    /// Operation.
    pub op: String,
    /// The request text passed to the call API.
    pub request: String,
    /// What must come back.
    pub expectation: Expectation,
}

/// What a case expects.
#[derive(Debug, Clone)]
pub enum Expectation {
    /// Success, with a value matching this.
    Value(Value),
    /// Failure, with errors matching this.
    Errors(Value),
}

/// The vectors folder.
pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// Every case of every file, in file-name order.
pub fn load_all() -> Result<Vec<Case>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .map_err(|e| format!("cannot list vectors: {e}"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        cases.extend(load_file(&path)?);
    }
    Ok(cases)
}

fn load_file(path: &Path) -> Result<Vec<Case>, String> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: {e}"))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    let raw = doc["cases"]
        .as_array()
        .ok_or_else(|| format!("{file}: no `cases` array"))?;
    let mut cases = Vec::with_capacity(raw.len());
    for (index, case) in raw.iter().enumerate() {
        let name = case["name"]
            .as_str()
            .ok_or_else(|| format!("{file}[{index}]: no name"))?
            .to_owned();
        let where_ = format!("{file}: {name}");
        let op = case["op"]
            .as_str()
            .ok_or_else(|| format!("{where_}: no op"))?
            .to_owned();
        let request = match (case.get("request"), case.get("request_text")) {
            (Some(r), None) => r.to_string(),
            (None, Some(Value::String(t))) => t.clone(),
            _ => {
                return Err(format!(
                    "{where_}: needs exactly one of `request` or `request_text`"
                ));
            }
        };
        let expectation = match (case.get("expect"), case.get("expect_errors")) {
            (Some(v), None) => Expectation::Value(v.clone()),
            (None, Some(e)) => Expectation::Errors(e.clone()),
            _ => {
                return Err(format!(
                    "{where_}: needs exactly one of `expect` or `expect_errors`"
                ));
            }
        };
        cases.push(Case {
            file: file.clone(),
            name,
            op,
            request,
            expectation,
        });
    }
    Ok(cases)
}

/// Checks `actual` against `expected` by the matching rules; the error
/// names the first path that differs.
pub fn matches(expected: &Value, actual: &Value) -> Result<(), String> {
    match_at("$", expected, actual)
}

fn match_at(path: &str, expected: &Value, actual: &Value) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, e_value) in e {
                let a_value = a.get(key).ok_or_else(|| format!("{path}.{key}: missing"))?;
                match_at(&format!("{path}.{key}"), e_value, a_value)?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} items, got {}: {actual}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (e_item, a_item)) in e.iter().zip(a).enumerate() {
                match_at(&format!("{path}[{i}]"), e_item, a_item)?;
            }
            Ok(())
        }
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

/// Runs one case through `call` (the call API's string entry point, or a
/// binding's) and checks the answer.
pub fn run_case(case: &Case, call: impl Fn(&str, &str) -> String) -> Result<(), String> {
    let answer_text = call(&case.op, &case.request);
    let answer: Value = serde_json::from_str(&answer_text)
        .map_err(|e| format!("answer is not JSON ({e}): {answer_text}"))?;
    let outcome = match &case.expectation {
        Expectation::Value(expected) => {
            if answer["ok"] != Value::Bool(true) {
                return Err(format!("expected success, got {answer}"));
            }
            matches(expected, &answer["value"])
        }
        Expectation::Errors(expected) => {
            if answer["ok"] != Value::Bool(false) {
                return Err(format!("expected errors, got {answer}"));
            }
            matches(expected, &answer["errors"])
        }
    };
    outcome.map_err(|e| format!("{e}\n    full answer: {answer}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matching_rules() {
        assert!(matches(&json!({"a": 1}), &json!({"a": 1, "b": 2})).is_ok());
        assert!(matches(&json!({"a": 1, "c": 3}), &json!({"a": 1})).is_err());
        assert!(matches(&json!([{"a": 1}]), &json!([{"a": 1, "b": 2}])).is_ok());
        assert!(matches(&json!([1]), &json!([1, 2])).is_err());
        assert!(matches(&json!("1.00"), &json!("1.0")).is_err());
        assert!(matches(&json!(null), &json!(null)).is_ok());
        assert_eq!(
            matches(&json!({"a": {"b": [1, 2]}}), &json!({"a": {"b": [1, 3]}})),
            Err("$.a.b[1]: expected 2, got 3".into())
        );
    }
}
