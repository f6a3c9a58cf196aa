//! The binding's own rules: the error mapping, the panic guard, and that the
//! typed functions report what the JSON entry reports for the same request.

use huiqi_core::{Code, Problem as CoreProblem};
use serde_json::{Value, json};

use crate::checkout::{
    Campaign, Checkout, GrabAttempt, OrderLine, Voucher, VoucherAmount, VoucherScope,
    VoucherTemplate, checkout_pay, checkout_price,
};
use crate::error::{ErrorCategory, HuiqiError, guard};
use crate::password::{PasswordContext, PasswordPolicySource, password_check};
use crate::subsidy::{
    Claim, EnterpriseStanding, PolicySource, SubsidyQuoteRequest, policy_load, subsidy_quote,
};
use crate::{call, call_utf8};

fn problem(code: Code, field: Option<&str>) -> CoreProblem {
    CoreProblem::new(code, field, "中文", "english")
}

/// (code, field) of the first error of a JSON answer.
fn json_error(op: &str, request: &Value) -> (String, Option<String>) {
    let answer: Value =
        serde_json::from_str(&call(op.to_owned(), request.to_string()).unwrap()).unwrap();
    assert_eq!(answer["ok"], json!(false), "{answer}");
    let first = &answer["errors"][0];
    (
        first["code"].as_str().unwrap().to_owned(),
        first["field"].as_str().map(str::to_owned),
    )
}

fn typed_error<T: std::fmt::Debug>(result: Result<T, HuiqiError>) -> (String, Option<String>) {
    let error = result.unwrap_err();
    (error.code(), error.field())
}

#[test]
fn each_category_is_its_own_variant() {
    let cases = [
        (Code::MalformedJson, ErrorCategory::Request),
        (Code::MoneyNegative, ErrorCategory::Money),
        (Code::PolicySchema, ErrorCategory::Policy),
        (Code::CampaignEnded, ErrorCategory::Voucher),
        (Code::UsccRegion, ErrorCategory::Validation),
        (Code::PasswordBadHash, ErrorCategory::Password),
        (Code::Internal, ErrorCategory::Internal),
    ];
    for (code, category) in cases {
        let error = HuiqiError::from_problems(&[problem(code, Some("a.b")), problem(code, None)]);
        assert_eq!(error.category(), category, "{code}");
        assert_eq!(error.code(), code.as_str());
        assert_eq!(error.field().as_deref(), Some("a.b"));
        assert_eq!(error.message_zh(), "中文");
        assert_eq!(error.message_en(), "english");
        assert_eq!(error.problems().len(), 2);
        assert_eq!(error.problems()[1].category, category);
    }
    let variant_of_money = HuiqiError::from_problems(&[problem(Code::MoneyInvalid, None)]);
    assert!(matches!(variant_of_money, HuiqiError::Money { .. }));
}

#[test]
fn no_problem_at_all_is_an_internal_error() {
    let error = HuiqiError::from_problems(&[]);
    assert_eq!(error.category(), ErrorCategory::Internal);
    assert_eq!(error.code(), "internal.error");
}

#[test]
fn detail_crosses_as_json_text() {
    let p = problem(Code::Range, None).with_detail(json!({"max": 10}));
    let error = HuiqiError::from_problems(&[p]);
    assert_eq!(
        error.problems()[0].detail_json.as_deref(),
        Some(r#"{"max":10}"#)
    );
}

#[test]
fn a_panic_becomes_an_internal_error_without_its_text() {
    let result: Result<(), HuiqiError> = guard(|| panic!("secret state at src/lib.rs:1"));
    let error = result.unwrap_err();
    assert_eq!(error.category(), ErrorCategory::Internal);
    assert_eq!(error.code(), "internal.error");
    let text = format!("{error} {} {}", error.message_zh(), error.message_en());
    for leak in ["secret", "panicked", "src/", "backtrace"] {
        assert!(!text.contains(leak), "{text}");
    }
    // The guard leaves results through untouched.
    assert_eq!(guard(|| Ok(7)).unwrap(), 7);
}

#[test]
fn display_names_code_and_field() {
    let error = HuiqiError::from_problems(&[problem(Code::MoneyInvalid, Some("total"))]);
    assert_eq!(error.to_string(), "money.invalid at `total`: english");
}

#[test]
fn call_is_the_core_call() {
    for (op, request) in [
        ("money.parse", r#"{"input": "3,768.00"}"#),
        ("money.parse", "{"),
        ("nope", "{}"),
    ] {
        assert_eq!(
            call(op.to_owned(), request.to_owned()).unwrap(),
            huiqi_core::call::call(op, request)
        );
    }
}

#[test]
fn bytes_that_are_not_utf8_are_malformed_json() {
    let answer = call_utf8("money.parse".to_owned(), vec![b'{', 0xED, 0xA0, 0x80, b'}']).unwrap();
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["errors"][0]["code"], "request.malformed_json");
    let ok = call_utf8("money.parse".to_owned(), br#"{"input": "1"}"#.to_vec()).unwrap();
    assert_eq!(
        ok,
        huiqi_core::call::call("money.parse", r#"{"input": "1"}"#)
    );
}

fn claimed() -> EnterpriseStanding {
    EnterpriseStanding {
        certified: true,
        claim: Claim::Claimed,
        region: None,
    }
}

fn quote_request() -> SubsidyQuoteRequest {
    SubsidyQuoteRequest {
        policy: PolicySource::Preset {
            name: "henan".to_owned(),
        },
        order_total: "245.00".to_owned(),
        date: "2018-07-24".to_owned(),
        enterprise: claimed(),
        contract_amount: None,
        category: None,
        provider: None,
        usage: None,
    }
}

fn json_quote() -> Value {
    json!({"policy": "henan", "order_total": "245.00", "date": "2018-07-24",
           "enterprise": {"certified": true, "claim": "claimed"}})
}

#[test]
fn typed_quote_answers_what_the_json_entry_answers() {
    let typed = subsidy_quote(quote_request()).unwrap();
    let answer: Value =
        serde_json::from_str(&call("subsidy.quote".to_owned(), json_quote().to_string()).unwrap())
            .unwrap();
    let value = &answer["value"];
    assert_eq!(value["subsidy"], typed.subsidy);
    assert_eq!(value["payable"], typed.payable);
    assert_eq!(value["by_ratio"], typed.by_ratio);
    assert_eq!(value["ratio"], typed.ratio);
    assert_eq!(value["summary_zh"], typed.summary_zh);
    assert_eq!(value["summary_en"], typed.summary_en);
    assert_eq!(
        value["explanation"].as_array().unwrap().len(),
        typed.explanation.len()
    );
}

#[test]
fn quote_errors_match_the_json_entry() {
    let mut bad_total = quote_request();
    bad_total.order_total = "2.345".to_owned();
    let mut json = json_quote();
    json["order_total"] = json!("2.345");
    assert_eq!(
        typed_error(subsidy_quote(bad_total)),
        json_error("subsidy.quote", &json)
    );

    let mut bad_date = quote_request();
    bad_date.date = "2018-02-30".to_owned();
    let mut json = json_quote();
    json["date"] = json!("2018-02-30");
    assert_eq!(
        typed_error(subsidy_quote(bad_date)),
        json_error("subsidy.quote", &json)
    );

    let mut unknown = quote_request();
    unknown.policy = PolicySource::Preset {
        name: "atlantis".to_owned(),
    };
    let mut json = json_quote();
    json["policy"] = json!("atlantis");
    assert_eq!(
        typed_error(subsidy_quote(unknown)),
        json_error("subsidy.quote", &json)
    );

    let mut bad_usage = quote_request();
    bad_usage.usage = Some(crate::subsidy::SubsidyUsage {
        enterprise_year_used: "0".to_owned(),
        pool_used: "-1".to_owned(),
    });
    let mut json = json_quote();
    json["usage"] = json!({"pool_used": "-1"});
    assert_eq!(
        typed_error(subsidy_quote(bad_usage)),
        json_error("subsidy.quote", &json)
    );
}

#[test]
fn policy_record_errors_match_the_json_entry() {
    let loaded = policy_load(
        crate::subsidy::PolicyFormat::Toml,
        "id = \"x\"\nname = \"x\"\nratio = \"30%\"\neffective_from = 2025-01-01\n".to_owned(),
        None,
    )
    .unwrap();
    let mut policy = loaded.policies.into_iter().next().unwrap();
    policy.effective_to = Some("2024-12-31".to_owned());
    let mut typed = quote_request();
    typed.policy = PolicySource::Policy { policy };
    let mut json = json_quote();
    json["policy"] = json!({"id": "x", "name": "x", "ratio": "30%",
                            "effective_from": "2025-01-01", "effective_to": "2024-12-31"});
    let expected = json_error("subsidy.quote", &json);
    assert_eq!(expected.1.as_deref(), Some("policy.effective_to"));
    assert_eq!(typed_error(subsidy_quote(typed)), expected);
}

fn voucher(balance: &str) -> Voucher {
    Voucher {
        number: "A".to_owned(),
        face_value: "500.00".to_owned(),
        balance: balance.to_owned(),
        valid_from: "2023-07-15".to_owned(),
        valid_to: "2023-08-18".to_owned(),
        name: String::new(),
        status: None,
        scope: VoucherScope::default(),
        billing_mode: None,
    }
}

fn checkout(unit_price: &str, voucher_balance: &str) -> Checkout {
    Checkout {
        lines: vec![OrderLine {
            id: "1".to_owned(),
            product: "sku-1".to_owned(),
            unit_price: unit_price.to_owned(),
            quantity: 1,
            category: None,
            provider: None,
        }],
        now: "2023-07-31 11:34:09".to_owned(),
        vouchers: vec![voucher(voucher_balance)],
        contract_amount: None,
        subsidy: None,
    }
}

fn json_checkout(unit_price: &str, voucher_balance: &str, selected: &[&str]) -> Value {
    json!({
        "checkout": {
            "lines": [{"id": "1", "product": "sku-1", "unit_price": unit_price}],
            "vouchers": [{"number": "A", "face_value": "500.00", "balance": voucher_balance,
                          "valid_from": "2023-07-15", "valid_to": "2023-08-18"}],
            "now": "2023-07-31 11:34:09",
        },
        "selected": selected,
    })
}

#[test]
fn checkout_errors_match_the_json_entry() {
    for (price, balance, selected) in [
        ("2.345", "500.00", vec!["A"]),  // a line's price
        ("234.00", "600.00", vec!["A"]), // a voucher above its face value
        ("234.00", "500.00", vec!["B"]), // an unknown selection
        ("234.00", "500.00", vec!["A", "A"]),
    ] {
        let typed = checkout_price(
            checkout(price, balance),
            selected.iter().map(|s| (*s).to_owned()).collect(),
        );
        let json = json_checkout(price, balance, &selected);
        assert_eq!(
            typed_error(typed),
            json_error("checkout.price", &json),
            "{json}"
        );
    }
    let typed = checkout_price(checkout("234.00", "500.00"), vec!["A".to_owned()]).unwrap();
    assert_eq!(typed.payable, "0.00");
    assert_eq!(typed.vouchers[0].balance_after, "266.00");
}

#[test]
fn wallet_errors_match_the_json_entry() {
    let deduction = |amount: &str| VoucherAmount {
        number: "A".to_owned(),
        amount: amount.to_owned(),
    };
    let json = |balance: &str, amount: &str| {
        json!({"vouchers": [{"number": "A", "face_value": "500.00", "balance": balance,
                             "valid_from": "2023-07-15", "valid_to": "2023-08-18"}],
               "deductions": [{"number": "A", "amount": amount}]})
    };
    for (balance, amount) in [("600.00", "1"), ("500.00", "1.001"), ("1.00", "2.00")] {
        assert_eq!(
            typed_error(checkout_pay(
                vec![voucher(balance)],
                vec![deduction(amount)]
            )),
            json_error("checkout.pay", &json(balance, amount)),
        );
    }
}

#[test]
fn campaign_and_password_errors_match_the_json_entry() {
    let campaign = Campaign {
        id: "c".to_owned(),
        name: "c".to_owned(),
        starts_at: "2023-07-31 00:00:00".to_owned(),
        ends_at: "2023-07-01 00:00:00".to_owned(),
        stock: 1,
        voucher: VoucherTemplate {
            name: "v".to_owned(),
            face_value: "1".to_owned(),
            valid_from: "2023-07-01".to_owned(),
            valid_to: "2023-07-31".to_owned(),
            scope: VoucherScope::default(),
            billing_mode: None,
        },
        listed: true,
        per_enterprise_limit: 1,
    };
    let attempt = GrabAttempt {
        certified: true,
        now: "2023-07-15 00:00:00".to_owned(),
        held: 0,
    };
    let json = json!({
        "campaign": {"id": "c", "name": "c", "starts_at": "2023-07-31 00:00:00",
                     "ends_at": "2023-07-01 00:00:00", "stock": 1,
                     "voucher": {"name": "v", "face_value": "1", "valid_from": "2023-07-01",
                                 "valid_to": "2023-07-31"}},
        "attempt": {"certified": true, "now": "2023-07-15 00:00:00"},
    });
    assert_eq!(
        typed_error(crate::checkout::campaign_grab(campaign, attempt, None)),
        json_error("campaign.grab", &json)
    );

    let context = PasswordContext {
        current_hash: Some("garbage".to_owned()),
        ..PasswordContext::default()
    };
    let typed = password_check(
        PasswordPolicySource::Preset {
            name: "national".to_owned(),
        },
        "Zs#2024abc".to_owned(),
        Some(context),
    );
    let json = json!({"policy": "national", "password": "Zs#2024abc",
                      "context": {"current_hash": "garbage"}});
    assert_eq!(typed_error(typed), json_error("password.check", &json));
}
