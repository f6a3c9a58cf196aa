//! Criterion benchmarks of huiqi-core (`cargo bench -p huiqi-core`): a quote
//! with subsidy and two vouchers, USCC validation, a password policy check
//! without hashing, and the same quote through the JSON call API.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "benchmark setup: a broken fixture must stop the run"
)]

use std::hint::black_box;

use chrono::TimeZone;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use huiqi_core::money::Money;
use huiqi_core::password::{PasswordContext, PasswordPolicy};
use huiqi_core::subsidy::{EnterpriseStanding, PolicySource, QuoteInput, SubsidyUsage, preset};
use huiqi_core::validate::validate_uscc;
use huiqi_core::voucher::{
    BillingMode, Checkout, OrderLine, SubsidyTerms, Voucher, VoucherScope, VoucherStatus,
};

fn money(text: &str) -> Money {
    Money::parse(text).unwrap()
}

fn voucher(number: &str, balance: &str, day: u32) -> Voucher {
    Voucher {
        number: number.to_owned(),
        name: "创新服务券".to_owned(),
        face_value: money(balance),
        balance: money(balance),
        valid_from: chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap(),
        valid_to: chrono::NaiveDate::from_ymd_opt(2018, 12, day).unwrap(),
        status: VoucherStatus::Active,
        scope: VoucherScope::default(),
        billing_mode: BillingMode::Separate,
    }
}

fn quote_checkout() -> (Checkout, Vec<String>) {
    let checkout = Checkout {
        lines: vec![OrderLine::simple("1", "cloud-backup", money("245.00"))],
        vouchers: vec![voucher("A", "50.00", 20), voucher("B", "100.00", 31)],
        now: huiqi_core::time::shanghai()
            .with_ymd_and_hms(2018, 7, 24, 17, 0, 43)
            .single()
            .unwrap(),
        contract_amount: None,
        subsidy: Some(SubsidyTerms {
            policy: PolicySource::Preset("henan".to_owned()),
            enterprise: EnterpriseStanding::certified_and_claimed(),
            usage: SubsidyUsage::default(),
        }),
    };
    (checkout, vec!["A".to_owned(), "B".to_owned()])
}

fn quotes(c: &mut Criterion) {
    let (checkout, selected) = quote_checkout();
    let mut group = c.benchmark_group("quote");
    group.throughput(Throughput::Elements(1));
    group.bench_function("subsidy_and_two_vouchers", |b| {
        b.iter(|| black_box(&checkout).price(black_box(&selected)))
    });
    let policy = preset("henan").unwrap();
    let input = QuoteInput {
        order_total: money("245.00"),
        contract_amount: None,
        date: chrono::NaiveDate::from_ymd_opt(2018, 7, 24).unwrap(),
        enterprise: EnterpriseStanding::certified_and_claimed(),
        category: None,
        provider: None,
        usage: SubsidyUsage::default(),
    };
    group.finish();

    // A million independent orders through the batch path, capped at ¥500.
    let capped = huiqi_core::subsidy::SubsidyPolicy::from_toml(
        "id = \"cap\"\nname = \"cap\"\nratio = \"30%\"\neffective_from = 2018-01-01\n[caps]\nper_order = \"500.00\"\n",
    )
    .unwrap();
    let terms = huiqi_core::subsidy::BatchTerms {
        date: chrono::NaiveDate::from_ymd_opt(2018, 7, 24).unwrap(),
        enterprise: EnterpriseStanding::certified_and_claimed(),
        ..Default::default()
    };
    // A fixed pseudo-random spread of order totals from ¥0.01 to ¥10,000.
    let bases: Vec<i64> = (0..1_000_000_i64)
        .map(|i| (i * 7_919 + 13) % 1_000_000 + 1)
        .collect();
    let mut out = vec![0; bases.len()];
    let mut group = c.benchmark_group("quote_batch");
    group.throughput(Throughput::Elements(bases.len() as u64));
    group.bench_function("one_million_orders_capped", |b| {
        b.iter(|| capped.quote_batch_fen(black_box(&terms), black_box(&bases), &mut out))
    });
    group.finish();

    let mut group = c.benchmark_group("quote");
    group.throughput(Throughput::Elements(1));
    group.bench_function("subsidy_only", |b| {
        b.iter(|| black_box(&policy).quote(black_box(&input)))
    });
    let request = r#"{"checkout": {"lines": [{"id": "1", "product": "p", "unit_price": "245.00"}],
        "vouchers": [{"number": "A", "face_value": "50.00", "balance": "50.00", "valid_from": "2018-01-01", "valid_to": "2018-12-20"},
                     {"number": "B", "face_value": "100.00", "balance": "100.00", "valid_from": "2018-01-01", "valid_to": "2018-12-31"}],
        "now": "2018-07-24 17:00:43",
        "subsidy": {"policy": "henan", "enterprise": {"certified": true, "claim": "claimed"}}},
        "selected": ["A", "B"]}"#;
    group.bench_function("subsidy_and_two_vouchers_via_json_call", |b| {
        b.iter(|| huiqi_core::call::call("checkout.price", black_box(request)))
    });
    group.finish();
}

fn validation(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate");
    group.throughput(Throughput::Elements(1));
    group.bench_function("uscc_valid", |b| {
        b.iter(|| validate_uscc(black_box("91350100M000100Y43")))
    });
    group.bench_function("uscc_wrong_check_character", |b| {
        b.iter(|| validate_uscc(black_box("91350100M000100Y44")))
    });
    group.finish();
}

fn passwords(c: &mut Criterion) {
    let national = PasswordPolicy::national();
    let nist = PasswordPolicy::nist();
    let context = PasswordContext {
        username: Some("zhangsan".to_owned()),
        mobile: Some("13012344321".to_owned()),
        email: Some("zhangsan@example.com".to_owned()),
        ..PasswordContext::default()
    };
    let mut group = c.benchmark_group("password_rules");
    group.throughput(Throughput::Elements(1));
    group.bench_function("national_valid", |b| {
        b.iter(|| national.check_rules(black_box("Tr0ub4dor&3x"), black_box(&context)))
    });
    group.bench_function("national_three_violations", |b| {
        b.iter(|| national.check_rules(black_box("zhangsan 1"), black_box(&context)))
    });
    group.bench_function("nist_with_blocklist", |b| {
        b.iter(|| {
            nist.check_rules(
                black_box("correct horse battery staple"),
                black_box(&context),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, quotes, validation, passwords);
criterion_main!(benches);
