//! The largest request each operation allows: every list at its limit,
//! every text at its limit, the most hashing work one call may do. A test
//! asserts each stays cheap (`tests/tests/limits.rs`) and a benchmark
//! measures them (`tests/benches/largest_requests.rs`).

use huiqi_core::limits::{
    MAX_ALLOCATION_WEIGHTS, MAX_BATCH_ORDERS, MAX_DOCUMENT_BYTES, MAX_HISTORY_HASHES,
    MAX_LIST_ITEMS, MAX_PASSWORD_CHARS, MAX_POLICY_ITEMS, MAX_SCOPE_ENTRIES, MAX_SPECIALS,
    MAX_STRING_BYTES,
};
use huiqi_core::limits::{
    MAX_ROUTE_BRANCHES, MAX_ROUTE_CONDITIONS, MAX_ROUTE_STAGES, MAX_SCENARIO_STEPS,
    MAX_STAGE_APPROVERS,
};
use huiqi_core::voucher::{MAX_LINES, MAX_VOUCHERS};
use serde_json::{Value, json};

/// One largest request.
#[derive(Debug, Clone)]
pub struct Largest {
    /// The operation.
    pub op: &'static str,
    /// What is at its limit.
    pub about: &'static str,
    /// The request, as JSON text.
    pub request: String,
}

fn long_text(bytes: usize) -> String {
    "数".repeat(bytes / 3)
}

fn list(n: usize, f: impl Fn(usize) -> Value) -> Value {
    Value::Array((0..n).map(f).collect())
}

/// A policy with every eligibility list at its limit, covering `lines`.
fn wide_policy() -> Value {
    json!({
        "id": "wide", "name": "宽口径政策", "ratio": "30%", "effective_from": "2020-01-01",
        "caps": {"per_order": "5000.00", "per_enterprise_per_year": "20000.00", "budget_pool": "2000000.00"},
        "eligibility": {
            "regions": list(MAX_POLICY_ITEMS, |i| json!(format!("41{:02}", i % 100))),
            "categories": list(MAX_POLICY_ITEMS, |i| json!(format!("c{i}"))),
            "providers": list(MAX_POLICY_ITEMS, |i| json!(format!("P{i}"))),
        }
    })
}

/// The largest checkout: as many lines and vouchers as allowed, each scope
/// list at its limit and overlapping, so the deduction solves its hardest
/// case.
fn largest_checkout() -> Value {
    let lines = list(MAX_LINES, |i| {
        json!({"id": format!("L{i}"), "product": format!("p{i}"), "category": format!("c{}", i % 50),
               "provider": format!("P{}", i % 20), "unit_price": format!("{}.{:02}", 100 + i, i % 100),
               "quantity": 1 + i % 3})
    });
    let vouchers = list(MAX_VOUCHERS, |v| {
        json!({"number": format!("V{v:03}"), "name": "服务券", "face_value": "500.00",
        "balance": format!("{}.00", 100 + v), "valid_from": "2023-01-01",
        "valid_to": format!("2023-12-{:02}", 1 + v % 28),
        "scope": {
            "products": list(MAX_SCOPE_ENTRIES, |k| json!(format!("p{}", (v * 5 + k) % MAX_LINES))),
            "categories": list(MAX_SCOPE_ENTRIES, |k| json!(format!("c{}", k % 50))),
            "providers": list(MAX_SCOPE_ENTRIES, |k| json!(format!("P{}", k % 20))),
        }})
    });
    json!({"lines": lines, "vouchers": vouchers, "now": "2023-07-31 11:34:09",
           "subsidy": {"policy": wide_policy(),
                       "enterprise": {"certified": true, "claim": "claimed", "region": "410102"}}})
}

fn wallet() -> (Value, Value) {
    let vouchers = list(MAX_VOUCHERS, |v| {
        json!({"number": format!("V{v:03}"), "face_value": "500.00", "balance": "250.00",
               "valid_from": "2023-01-01", "valid_to": "2023-12-31"})
    });
    let deductions = list(
        MAX_VOUCHERS,
        |v| json!({"number": format!("V{:03}", MAX_VOUCHERS - 1 - v), "amount": "100.00"}),
    );
    (vouchers, deductions)
}

/// A PHC string at the per-hash limit (never verified by a test that only
/// counts its cost; verified by those that run it).
fn costly_hash() -> Result<String, String> {
    let request = json!({"password": "Abcdefg1!", "cost": {"memory_kib": 262_144, "iterations": 10, "parallelism": 8}});
    let answer: Value = serde_json::from_str(&huiqi_core::call::call(
        "password.hash",
        &request.to_string(),
    ))
    .map_err(|e| e.to_string())?;
    answer["value"]["hash"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no hash: {answer}"))
}

/// A form request from a vector, with every list at the default limit.
fn largest_form(op: &'static str) -> Result<Value, String> {
    let cases = crate::load_all()?;
    let mut request = cases
        .iter()
        .find(|c| c.op == op && matches!(c.expectation, crate::Expectation::Value(ref v) if v["valid"] == json!(true)))
        .map(|c| serde_json::from_str::<Value>(&c.request))
        .ok_or_else(|| format!("no valid vector for {op}"))?
        .map_err(|e| e.to_string())?;
    fn inflate(value: &mut Value) {
        match value {
            Value::Array(items) => {
                if let Some(first) = items.first().cloned() {
                    items.resize(MAX_LIST_ITEMS, first);
                }
            }
            Value::Object(map) => map.values_mut().for_each(inflate),
            _ => {}
        }
    }
    inflate(&mut request);
    Ok(request)
}

/// Every operation's largest request. Building them hashes one password at
/// the per-hash limit (a second or two).
pub fn all() -> Result<Vec<Largest>, String> {
    let text = long_text(MAX_STRING_BYTES);
    let (vouchers, deductions) = wallet();
    let checkout = largest_checkout();
    let selected = list(MAX_VOUCHERS, |v| json!(format!("V{v:03}")));
    let specials: String = ('\u{4E00}'..).take(MAX_SPECIALS).collect();
    let password: String = "Ab1!".repeat(MAX_PASSWORD_CHARS / 4);
    let costly = costly_hash()?;
    // A policy document of 1 MiB: versions of a wide policy.
    let mut toml = String::new();
    let mut version = 0;
    while toml.len() < MAX_DOCUMENT_BYTES - 20_000 && version < MAX_POLICY_ITEMS {
        toml.push_str(&format!(
            "[[policies]]\nid = \"v{version}\"\nname = \"版本\"\nratio = \"30%\"\neffective_from = {}-{:02}-01\n[policies.eligibility]\nregions = [{}]\n\n",
            2000 + version / 12,
            1 + version % 12,
            (0..400).map(|i| format!("\"41{:02}\"", i % 100)).collect::<Vec<_>>().join(", ")
        ));
        version += 1;
    }
    let grab_template = json!({"name": "创新服务券", "face_value": "5000.00", "valid_from": "2023-07-15",
        "valid_to": "2023-12-31", "scope": {"products": list(MAX_SCOPE_ENTRIES, |k| json!(format!("p{k}")))}});
    let mut all = vec![
        ("operations", "nothing to grow", json!({})),
        (
            "money.parse",
            "a 64 KiB amount text",
            json!({"input": text}),
        ),
        (
            "money.allocate",
            "100,000 weights",
            json!({"total": "999999999.99",
            "weights": list(MAX_ALLOCATION_WEIGHTS, |i| json!(format!("{}.{:02}", i % 997, i % 100)))}),
        ),
        (
            "subsidy.quote",
            "1,000 policy versions, each with 1,000 regions",
            json!({
            "policy": list(MAX_POLICY_ITEMS, |i| json!({"id": format!("v{i}"), "name": "版本", "ratio": "30%",
                "effective_from": format!("{}-{:02}-{:02}", 1990 + i / 336, 1 + (i / 28) % 12, 1 + i % 28),
                "eligibility": {"regions": list(MAX_POLICY_ITEMS, |k| json!(format!("41{:02}", k % 100)))}})),
            "order_total": "999999999999999.99", "date": "2023-07-24",
            "enterprise": {"certified": true, "claim": "claimed", "region": "410102"}, "category": "c999", "provider": "P999"}),
        ),
        (
            "subsidy.quote_batch",
            "1,000,000 orders, drawn down",
            json!({"policy": wide_policy(),
            "terms": {"date": "2023-07-24", "enterprise": {"certified": true, "claim": "claimed", "region": "410102"},
                      "category": "c1", "provider": "P1", "draw_down": true},
            "order_totals": list(MAX_BATCH_ORDERS, |i| json!(format!("{}.{:02}", i % 99_991, i % 100)))}),
        ),
        (
            "policy.load",
            "a 1 MiB TOML document",
            json!({"format": "toml", "text": toml, "date": "2030-01-01"}),
        ),
        (
            "checkout.offer",
            "1,000 lines, 200 vouchers, every scope list at 1,000",
            json!({"checkout": checkout}),
        ),
        (
            "checkout.suggest",
            "1,000 lines, 200 vouchers, every scope list at 1,000",
            json!({"checkout": checkout}),
        ),
        (
            "checkout.price",
            "1,000 lines, 200 selected vouchers, every scope list at 1,000",
            json!({"checkout": checkout, "selected": selected}),
        ),
        (
            "checkout.pay",
            "200 vouchers, 200 deductions",
            json!({"vouchers": vouchers, "deductions": deductions}),
        ),
        (
            "checkout.cancel",
            "200 vouchers, 200 deductions",
            json!({"vouchers": vouchers, "deductions": deductions}),
        ),
        (
            "voucher.status",
            "a scope of 1,000 products",
            json!({"voucher": {"number": "V1", "face_value": "1.00", "balance": "1.00",
            "valid_from": "2023-01-01", "valid_to": "2023-12-31", "scope": grab_template["scope"]}, "now": "2023-07-31 11:34:09"}),
        ),
        (
            "campaign.grab",
            "a template scope of 1,000 products",
            json!({"campaign": {"id": "C1", "name": "活动",
            "starts_at": "2023-07-15 00:00:00", "ends_at": "2023-08-18 23:59:59", "stock": 10, "voucher": grab_template},
            "attempt": {"certified": true, "held": 0, "now": "2023-07-20 10:00:00"}, "voucher_number": "1700008"}),
        ),
        (
            "password.check",
            "a 1,024-character password, 256 specials, the most hashing work one call does",
            json!({
            "policy": {"name": "wide", "min_length": 8, "max_length": 2048, "allowed": {"specials": specials},
                       "forbid_username": true, "forbid_mobile": true, "forbid_email": true, "forbid_current": true, "blocklist": true},
            "password": password, "context": {"username": text, "mobile": text, "email": text, "current_hash": costly}}),
        ),
        ("password.policy", "a 64 KiB name", json!({"name": text})),
        (
            "password.hash",
            "the per-hash cost limit",
            json!({"password": password,
            "cost": {"memory_kib": 262_144, "iterations": 10, "parallelism": 8}}),
        ),
        (
            "password.verify",
            "a hash at the per-hash cost limit",
            json!({"password": password, "hash": costly}),
        ),
        (
            "validate.upload",
            "a 64 KiB file name",
            json!({"kind": "product_image", "file": {"name": text, "size_bytes": 1}}),
        ),
    ];
    for op in [
        "validate.uscc",
        "validate.resident_id",
        "validate.mobile",
        "validate.landline",
        "validate.email",
        "validate.postcode",
        "validate.username",
        "validate.login_account",
    ] {
        all.push((op, "a 64 KiB value", json!({"value": text})));
    }
    for op in [
        "validate.product_listing",
        "validate.expert",
        "validate.account_registration",
        "validate.enterprise_registration",
        "validate.henan_enterprise_registration",
        "validate.provider_registration",
    ] {
        all.push((
            op,
            "every list of a complete form at 10,000 items",
            largest_form(op)?,
        ));
    }
    // The history limit is a count: 64 cheap hashes within the work limit.
    let cheap = {
        let request = json!({"password": "Abcdefg1!", "cost": {"memory_kib": 64, "iterations": 1, "parallelism": 1}});
        let answer: Value = serde_json::from_str(&huiqi_core::call::call(
            "password.hash",
            &request.to_string(),
        ))
        .map_err(|e| e.to_string())?;
        answer["value"]["hash"].clone()
    };
    all.push((
        "password.check",
        "64 history hashes",
        json!({"policy": "national", "password": "Abcdefg1!x",
        "context": {"history_hashes": list(MAX_HISTORY_HASHES, |_| cheap.clone())}}),
    ));
    all.extend(largest_approval()?);
    Ok(all
        .into_iter()
        .map(|(op, about, request)| Largest {
            op,
            about,
            request: request.to_string(),
        })
        .collect())
}

/// The widest route: every list at its limit, 50 kinds told apart, each
/// branch with 20 conditions.
fn widest_route(stages: usize, approvers: usize) -> Value {
    let kinds: Vec<String> = (0..MAX_ROUTE_BRANCHES).map(|i| format!("k{i}")).collect();
    json!({
        "id": "widest", "name": "最宽路线", "effective_from": "2023-01-01",
        "fields": {"kind": {"choice": kinds}, "amount": "money"},
        "branches": list(MAX_ROUTE_BRANCHES, |b| {
            let mut when = vec![json!({"field": "kind", "eq": format!("k{b}")})];
            // Bounds every amount meets: sound, yet every one is checked.
            when.extend((1..MAX_ROUTE_CONDITIONS).map(|c| {
                if c % 2 == 0 {
                    json!({"field": "amount", "ge": format!("0.{:02}", 0)})
                } else {
                    json!({"field": "amount", "le": "999999999999999.99"})
                }
            }));
            json!({"name": format!("b{b}"), "when": when,
                   "stages": list(stages, |s| json!({"id": format!("s{s}"), "name": "环节", "mode": "all",
                        "approvers": list(approvers, |a| json!({"person": format!("p{a}")}))}))})
        }),
    })
}

fn call_value(op: &str, request: &Value) -> Result<Value, String> {
    let answer: Value = serde_json::from_str(&huiqi_core::call::call(op, &request.to_string()))
        .map_err(|e| e.to_string())?;
    if answer["ok"] != Value::Bool(true) {
        return Err(format!("{op} refused: {answer}"));
    }
    Ok(answer["value"].clone())
}

/// The approval operations' largest requests: the widest route, an
/// application on it, 10,000 events, 10,000 applications.
fn largest_approval() -> Result<Vec<(&'static str, &'static str, Value)>, String> {
    let route = widest_route(MAX_ROUTE_STAGES, MAX_STAGE_APPROVERS);
    let small = widest_route(2, 10);
    let applicant = json!({"id": "li", "roles": ["applicant"]});
    let submit = |route: &Value| {
        json!({"request": {"request_id": "r0", "actor": applicant,
               "command": {"type": "submit", "route": route, "name": "申请", "fields": {"kind": "k49", "amount": "1000.00"}}},
               "now": "2023-07-20 10:00:00", "seed": 1})
    };
    let decided = call_value("approval.decide", &submit(&small))?;
    let state = decided["state"].clone();
    let mut events = decided["events"].as_array().cloned().unwrap_or_default();
    let copy = call_value(
        "approval.decide",
        &json!({"state": state, "request": {"request_id": "c", "actor": applicant,
                "command": {"type": "cc", "people": ["x"]}}, "now": "2023-07-20 10:00:00", "seed": 2}),
    )?["events"][0]
        .clone();
    while events.len() < MAX_LIST_ITEMS {
        let mut event = copy.clone();
        event["version"] = json!(events.len() + 1);
        events.push(event);
    }
    let text = small.to_string();
    Ok(vec![
        (
            "route.preset",
            "a 64 KiB name",
            json!({"name": long_text(MAX_STRING_BYTES)}),
        ),
        (
            "route.load",
            "a route document of 1 MiB at most",
            json!({"format": "json", "text": text}),
        ),
        (
            "route.preview",
            "50 branches × 50 stages × 100 approvers, 20 conditions each",
            json!({"route": route, "fields": {"kind": "k49", "amount": "999999999999999.99"}}),
        ),
        (
            "approval.decide",
            "submitting on the widest route",
            submit(&route),
        ),
        (
            "approval.tick",
            "an application on a wide route",
            json!({"state": state, "now": "2030-01-01 00:00:00", "seed": 3}),
        ),
        (
            "approval.replay",
            "10,000 events",
            json!({"events": events}),
        ),
        (
            "approval.history",
            "10,000 events, a step each",
            json!({"events": events}),
        ),
        (
            "approval.allowed",
            "an application on a wide route",
            json!({"state": state, "actor": {"id": "p1", "roles": []}}),
        ),
        (
            "approval.list",
            "3,000 applications (the 16 MiB request limit binds first)",
            json!({"applications": list(3_000, |_| state.clone()),
            "person": {"id": "p1", "roles": []}, "list": "todo", "filter": {"name": "申"}}),
        ),
        (
            "flow.run",
            "the widest route, submitted, then reminded until the step limit",
            json!({"route": route, "application": {"name": "申请", "kind": "k49", "amount": "1000.00"},
                   "steps": list(MAX_SCENARIO_STEPS, |i| json!({
                       "at": "2023-07-20 10:00:00", "actor": applicant,
                       "command": {"type": if i == 0 { "submit" } else { "remind" }}}))}),
        ),
    ])
}
