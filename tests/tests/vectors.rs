//! Runs every shared vector through the core's call API.
#![allow(
    clippy::print_stdout,
    reason = "the count of vectors run is part of the test output"
)]

#[test]
fn every_shared_vector_passes() {
    let cases = huiqi_tests::load_all().unwrap_or_else(|e| panic!("cannot load vectors: {e}"));
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(e) = huiqi_tests::run_case(case, huiqi_core::call::call) {
            failures.push(format!("{} :: {}\n    {e}", case.file, case.name));
        }
    }
    println!(
        "shared vectors: {} run, {} failed",
        cases.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(cases.len() > 100, "only {} vectors found", cases.len());
}

#[test]
fn every_operation_has_a_vector() {
    let cases = huiqi_tests::load_all().unwrap_or_else(|e| panic!("cannot load vectors: {e}"));
    let missing: Vec<&str> = huiqi_core::call::OPERATIONS
        .iter()
        .map(|o| o.name)
        .filter(|name| !cases.iter().any(|c| c.op == *name))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without a shared vector: {missing:?}"
    );
}
