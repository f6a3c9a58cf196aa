//! Every shared vector through the typed functions of `huiqi_core::api`,
//! compared with the JSON call API, which is derived from them.
//!
//! The typed path here builds each request with `serde_json`'s own decoder
//! (not the call API's strict one), calls the typed function and writes the
//! answer with `serde_json`: so the request and answer types alone, field
//! for field, must reproduce what the vectors pin. Where the two decoders
//! differ, only the strict one may refuse more, and only with a `request.*`
//! code (a key given twice, a list read by position, a size limit).
#![allow(
    clippy::panic,
    reason = "a test fails by panicking, with what went wrong"
)]
#![allow(
    clippy::print_stdout,
    reason = "the counts of vectors compared are part of the test output"
)]

use huiqi_core::Problem;
use huiqi_core::api::*;
use serde_json::Value;

/// Writes `typed`, one arm per operation of the core's table.
macro_rules! dispatch {
    ($($rust:ident $name:literal $js:literal $request:ident => $answer:ident, $summary:literal;)*) => {
        /// What the typed path gives: `None` when `serde_json` cannot build
        /// the request (the call API must then refuse it too).
        fn typed(op: &str, request: &str) -> Option<Result<Value, Vec<Problem>>> {
            match op {
                $($name => {
                    let request: $request = serde_json::from_str(request).ok()?;
                    Some(match $rust(request) {
                        Ok(answer) => Ok(serde_json::to_value(&answer)
                            .unwrap_or_else(|e| panic!("{op}: the answer does not serialise: {e}"))),
                        Err(error) => Err(error.problems()),
                    })
                })*
                _ => None,
            }
        }
    };
}
huiqi_core::for_each_operation!(dispatch);

/// The JSON path's answer, as a result.
fn called(op: &str, request: &str) -> Result<Value, Vec<Problem>> {
    let answer: Value = serde_json::from_str(&huiqi_core::call::call(op, request))
        .unwrap_or_else(|e| panic!("{op}: the call API answered something that is not JSON: {e}"));
    match answer.get("ok") {
        Some(Value::Bool(true)) => Ok(answer.get("value").cloned().unwrap_or(Value::Null)),
        _ => Err(
            serde_json::from_value(answer.get("errors").cloned().unwrap_or(Value::Null))
                .unwrap_or_else(|e| panic!("{op}: the errors are not problems: {e}")),
        ),
    }
}

/// A hash answer with its random salt and digest left out.
fn without_salt(value: &Value) -> Option<String> {
    let hash = value.get("hash")?.as_str()?;
    Some(hash.split('$').take(4).collect::<Vec<_>>().join("$"))
}

#[test]
fn every_vector_gives_the_same_answer_typed_and_through_the_json_api() {
    let cases = huiqi_tests::load_all().unwrap_or_else(|e| panic!("cannot load vectors: {e}"));
    let (mut compared, mut refused_by_both, mut strict_only) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut ops_compared = std::collections::BTreeSet::new();
    for case in &cases {
        let json = called(&case.op, &case.request);
        let label = format!("{} :: {}", case.file, case.name);
        match (typed(&case.op, &case.request), json) {
            (None, Err(_)) => refused_by_both += 1,
            (None, Ok(value)) => failures.push(format!(
                "{label}: serde_json cannot build the request the call API answered: {value}"
            )),
            (Some(typed), json) if typed == json => {
                compared += 1;
                ops_compared.insert(case.op.as_str());
            }
            (Some(_), Err(problems))
                if problems
                    .iter()
                    .all(|p| p.code.as_str().starts_with("request.")) =>
            {
                strict_only += 1;
            }
            (Some(Ok(typed)), Ok(json)) if case.op == "password.hash" => {
                compared += 1;
                ops_compared.insert(case.op.as_str());
                if without_salt(&typed).is_none() || without_salt(&typed) != without_salt(&json) {
                    failures.push(format!("{label}: typed {typed} vs JSON {json}"));
                }
            }
            (Some(typed), json) => {
                failures.push(format!("{label}:\n  typed {typed:?}\n  JSON  {json:?}"));
            }
        }
    }
    println!(
        "typed API: {compared} vectors compared with the JSON API; {refused_by_both} refused by both \
         decoders; {strict_only} refused only by the strict decoder"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared > 350, "only {compared} vectors compared");
    let never: Vec<&str> = huiqi_core::call::OPERATIONS
        .iter()
        .map(|o| o.name)
        .filter(|name| !ops_compared.contains(name))
        .collect();
    assert!(never.is_empty(), "operations never compared: {never:?}");
}
