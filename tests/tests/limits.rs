//! Bounded work per call: the largest request each operation allows stays
//! cheap, one beyond a limit is refused before the work, and answers stay
//! small whatever the request.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    reason = "tests; the timings printed are part of the test output"
)]

use std::time::{Duration, Instant};

use huiqi_core::call::call;
use huiqi_core::limits::{MAX_BATCH_ORDERS, MAX_PROBLEMS, MAX_REQUEST_BYTES};
use proptest::prelude::*;
use serde_json::{Value, json};

fn answer(op: &str, request: &str) -> Value {
    serde_json::from_str(&call(op, request)).unwrap()
}

/// Generous: these run unoptimised in the test profile, on a shared
/// machine. The benchmark (`cargo bench -p huiqi-tests`) gives the real
/// figures; this catches work that grows out of bounds (seconds become
/// minutes), not a regression of a few percent.
const BOUND: Duration = Duration::from_secs(30);

#[test]
fn the_largest_request_of_every_operation_stays_cheap() {
    let all = huiqi_tests::largest::all().unwrap();
    for operation in huiqi_core::call::OPERATIONS {
        assert!(
            all.iter().any(|l| l.op == operation.name),
            "no largest request for {}",
            operation.name
        );
    }
    for largest in &all {
        assert!(
            largest.request.len() <= MAX_REQUEST_BYTES,
            "{}: {} bytes",
            largest.op,
            largest.request.len()
        );
        let started = Instant::now();
        let text = call(largest.op, &largest.request);
        let took = started.elapsed();
        println!(
            "{:<40} {:>9.1} ms  request {:>9} B  answer {:>9} B  ({})",
            largest.op,
            took.as_secs_f64() * 1e3,
            largest.request.len(),
            text.len(),
            largest.about
        );
        // Allowed, so worked on: an answer, or a refusal of the value
        // itself, never a refusal for size.
        let answer: Value = serde_json::from_str(&text).unwrap();
        let code = answer["errors"][0]["code"].as_str().unwrap_or_default();
        assert!(
            !matches!(
                code,
                "request.too_large"
                    | "checkout.too_many_lines"
                    | "checkout.too_many_vouchers"
                    | "password.cost_too_high"
            ),
            "{} was refused for size: {}",
            largest.op,
            &text[..text.len().min(600)]
        );
        assert!(took < BOUND, "{} took {took:?}", largest.op);
    }
}

#[test]
fn one_order_beyond_the_batch_limit_is_refused() {
    let order_totals: Vec<&str> = vec!["1.00"; MAX_BATCH_ORDERS + 1];
    let request = json!({"policy": "henan", "terms": {"date": "2018-07-24",
        "enterprise": {"certified": true, "claim": "claimed"}}, "order_totals": order_totals});
    let a = answer("subsidy.quote_batch", &request.to_string());
    assert_eq!(a["errors"][0]["code"], json!("request.too_large"));
    assert_eq!(a["errors"][0]["field"], json!("order_totals"));
    assert_eq!(a["errors"][0]["detail"]["max"], json!(MAX_BATCH_ORDERS));
}

#[test]
fn a_request_text_beyond_16_mib_is_refused_unread() {
    let text = format!("{{\"input\": \"{}\"}}", " ".repeat(MAX_REQUEST_BYTES));
    let a = answer("money.parse", &text);
    assert_eq!(a["errors"][0]["code"], json!("request.too_large"));
}

#[test]
fn answers_list_at_most_100_problems_and_say_how_many_more() {
    // 10,000 specs, each missing every field: tens of thousands of problems.
    let request = json!({"form": {"specs": vec![json!({}); 10_000]}});
    let a = answer("validate.product_listing", &request.to_string());
    let violations = a["value"]["violations"].as_array().unwrap();
    assert_eq!(violations.len(), MAX_PROBLEMS + 1);
    let last = &violations[MAX_PROBLEMS];
    assert_eq!(last["code"], json!("request.truncated"));
    assert!(last["detail"]["omitted"].as_u64().unwrap() > 10_000);
}

#[test]
fn a_huge_unknown_key_gives_a_small_answer() {
    let key = "k".repeat(65_537);
    let text = format!("{{\"input\": \"1.00\", \"{key}\": 1}}");
    let reply = call("money.parse", &text);
    assert!(reply.len() < 2_000, "{} bytes", reply.len());
    let a: Value = serde_json::from_str(&reply).unwrap();
    assert_eq!(a["errors"][0]["code"], json!("request.too_large"));
    let key = "k".repeat(60_000);
    let text = format!("{{\"input\": \"1.00\", \"{key}\": 1}}");
    let reply = call("money.parse", &text);
    assert!(reply.len() < 2_000, "{} bytes", reply.len());
}

/// A JSON value of random shape: deep, wide, long strings, unknown keys.
fn junk() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (0..65_536_usize, any::<char>())
            .prop_map(|(n, c)| json!(c.to_string().repeat(n / c.len_utf8().max(1)))),
        "\\PC{0,20}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 400, 40, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..40).prop_map(Value::Array),
            proptest::collection::hash_map("\\PC{0,60}", inner, 0..40)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Known-good requests with one value replaced by junk.
fn mutated() -> impl Strategy<Value = (String, Value)> {
    let cases = huiqi_tests::load_all().unwrap();
    let requests: Vec<(String, Value)> = cases
        .into_iter()
        .filter_map(|c| serde_json::from_str(&c.request).ok().map(|r| (c.op, r)))
        .collect();
    (
        proptest::sample::select(requests),
        junk(),
        any::<proptest::sample::Index>(),
    )
        .prop_map(|((op, mut request), junk, at)| {
            if let Value::Object(map) = &mut request {
                if let Some(key) = map.keys().nth(at.index(map.len().max(1))).cloned() {
                    map.insert(key, junk);
                } else {
                    map.insert("extra".to_owned(), junk);
                }
            }
            (op, request)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the request, a refusal stays small: at most 101 problems,
    /// each with cut echoes and a cut path. A successful answer can be as
    /// large as its request (a batch answers each order) but no larger than
    /// a small multiple of it.
    #[test]
    fn answers_stay_within_a_bound_on_size((op, request) in mutated()) {
        let text = request.to_string();
        let reply = call(&op, &text);
        let answer: Value = serde_json::from_str(&reply).unwrap();
        if answer["ok"] == json!(false) {
            prop_assert!(reply.len() <= 256 * 1024, "{op}: {} bytes of errors", reply.len());
            prop_assert!(answer["errors"].as_array().unwrap().len() <= MAX_PROBLEMS + 1);
        } else {
            prop_assert!(reply.len() <= 4 * text.len() + 64 * 1024, "{op}: {} bytes for {}", reply.len(), text.len());
        }
    }
}
