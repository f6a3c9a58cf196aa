//! Property tests over the public API: money is never created or lost,
//! caps hold, validators never panic, check characters are what they say.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{Duration, NaiveDate, TimeZone};
use huiqi_core::money::{FenRatio, Money, Ratio, Rounding, allocate};
use huiqi_core::subsidy::{
    Caps, Claim, Eligibility, EnterpriseStanding, Stacking, SubsidyPolicy, SubsidyUsage,
};
use huiqi_core::validate::{
    USCC_ALPHABET, organization_check_character, resident_id_check_character, uscc_check_character,
};
use huiqi_core::voucher::{
    BillingMode, Checkout, OrderLine, SubsidyTerms, Voucher, VoucherScope, VoucherStatus, cancel,
    pay,
};
use huiqi_core::{Code, call};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn money(max_fen: i64) -> impl Strategy<Value = Money> {
    prop_oneof![
        1 => Just(0_i64),
        1 => 0..100_i64,
        6 => 0..=max_fen,
    ]
    .prop_map(|f| Money::from_fen(f).unwrap())
}

fn rounding() -> impl Strategy<Value = Rounding> {
    proptest::sample::select(Rounding::ALL.to_vec())
}

fn ratio() -> impl Strategy<Value = Ratio> {
    // 0% to 100% in steps of 0.01%.
    (0..=10_000_i64).prop_map(|n| Ratio::from_decimal(Decimal::new(n, 4)).unwrap())
}

const CATEGORIES: [&str; 3] = ["cloud", "erp", "security"];
const PROVIDERS: [&str; 2] = ["P1", "P2"];

fn subset(items: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(items.to_vec(), 0..=items.len())
        .prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

fn policy() -> impl Strategy<Value = SubsidyPolicy> {
    (
        ratio(),
        rounding(),
        proptest::option::of(money(5_000_000)),
        proptest::option::of(money(10_000_000)),
        proptest::option::of(money(50_000_000)),
        prop_oneof![Just(Stacking::SubsidyFirst), Just(Stacking::VouchersFirst)],
        subset(&CATEGORIES),
        subset(&PROVIDERS),
    )
        .prop_map(
            |(ratio, rounding, per_order, per_year, pool, stacking, categories, providers)| {
                SubsidyPolicy {
                    id: "p".into(),
                    version: None,
                    name: "generated".into(),
                    ratio,
                    rounding,
                    stacking,
                    effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                    effective_to: None,
                    caps: Caps {
                        per_order,
                        per_enterprise_per_year: per_year,
                        budget_pool: pool,
                    },
                    eligibility: Eligibility {
                        regions: Vec::new(),
                        categories,
                        providers,
                    },
                }
            },
        )
}

fn lines() -> impl Strategy<Value = Vec<OrderLine>> {
    proptest::collection::vec(
        (
            money(2_000_000),
            1..4_u32,
            proptest::sample::select(CATEGORIES.to_vec()),
            proptest::sample::select(PROVIDERS.to_vec()),
            0..3_usize,
        ),
        1..6,
    )
    .prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(
                |(i, (price, quantity, category, provider, product))| OrderLine {
                    id: format!("L{i}"),
                    product: format!("sku-{product}"),
                    category: Some(category.to_owned()),
                    provider: Some(provider.to_owned()),
                    unit_price: price,
                    quantity,
                },
            )
            .collect()
    })
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 15).unwrap()
}

fn vouchers() -> impl Strategy<Value = Vec<Voucher>> {
    proptest::collection::vec(
        (
            money(1_000_000),
            0..=100_i64,
            -3..10_i64,
            -10..3_i64,
            subset(&CATEGORIES),
            subset(&["sku-0", "sku-1", "sku-2"]),
            prop::bool::weighted(0.1),
        ),
        0..6,
    )
    .prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(
                |(i, (face, percent_left, to_days, from_days, categories, products, frozen))| {
                    let balance = Money::from_fen(face.to_fen() * percent_left / 100).unwrap();
                    Voucher {
                        number: format!("V{i}"),
                        name: "券".into(),
                        face_value: face,
                        balance,
                        valid_from: today() + Duration::days(from_days.min(to_days)),
                        valid_to: today() + Duration::days(to_days),
                        status: if frozen {
                            VoucherStatus::Frozen
                        } else {
                            VoucherStatus::Active
                        },
                        scope: VoucherScope {
                            products,
                            categories,
                            providers: Vec::new(),
                        },
                        billing_mode: BillingMode::Separate,
                    }
                },
            )
            .collect()
    })
}

fn checkout() -> impl Strategy<Value = Checkout> {
    (
        lines(),
        vouchers(),
        proptest::option::of(policy()),
        proptest::option::of(money(1_000_000)),
        money(10_000_000),
        money(60_000_000),
        proptest::option::of(0..=86_399_i64),
    )
        .prop_map(
            |(lines, vouchers, policy, contract, year_used, pool_used, second)| Checkout {
                lines,
                vouchers,
                now: huiqi_core::time::shanghai()
                    .from_local_datetime(&today().and_hms_opt(0, 0, 0).unwrap())
                    .unwrap()
                    + Duration::seconds(second.unwrap_or(43_200)),
                contract_amount: contract,
                subsidy: policy.map(|policy| SubsidyTerms {
                    policy: huiqi_core::subsidy::PolicySource::Inline(Box::new(policy)),
                    enterprise: EnterpriseStanding {
                        certified: true,
                        claim: Claim::Claimed,
                        region: None,
                    },
                    usage: SubsidyUsage {
                        enterprise_year_used: year_used,
                        pool_used,
                    },
                }),
            },
        )
}

fn usable(checkout: &Checkout) -> Vec<String> {
    checkout
        .offer()
        .unwrap()
        .usable
        .into_iter()
        .map(|v| v.number)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn allocation_shares_sum_exactly(total in money(1_000_000_000), weights in proptest::collection::vec(money(1_000_000_000), 1..12)) {
        let weight_sum: i128 = weights.iter().map(|w| i128::from(w.to_fen())).sum();
        prop_assume!(weight_sum > 0 || total.is_zero());
        let shares = allocate(total, &weights).unwrap();
        prop_assert_eq!(shares.len(), weights.len());
        prop_assert_eq!(Money::sum(shares.iter().copied()).unwrap(), total);
        for (share, weight) in shares.iter().zip(&weights) {
            // Each share is within one fen of its exact proportional value.
            let exact_times_sum = i128::from(total.to_fen()) * i128::from(weight.to_fen());
            let share_times_sum = i128::from(share.to_fen()) * weight_sum;
            prop_assert!((share_times_sum - exact_times_sum).abs() < weight_sum.max(1));
        }
    }

    #[test]
    fn money_text_round_trips(fen in 0..=huiqi_core::money::MAX_FEN) {
        let m = Money::from_fen(fen).unwrap();
        prop_assert_eq!(Money::parse(&m.to_string()).unwrap(), m);
        prop_assert_eq!(Money::parse(&m.display_yuan()).unwrap(), m);
        prop_assert_eq!(m.to_string().split('.').nth(1).map(str::len), Some(2));
    }

    #[test]
    fn money_parsing_never_panics(text in "\\PC{0,40}") {
        let _ = Money::parse(&text);
        let _ = Ratio::parse(&text);
    }

    #[test]
    fn subsidy_never_exceeds_ratio_base_or_any_cap(policy in policy(), base in money(100_000_000), year_used in money(20_000_000), pool_used in money(60_000_000)) {
        let usage = SubsidyUsage { enterprise_year_used: year_used, pool_used };
        let input = huiqi_core::subsidy::QuoteInput {
            order_total: base, contract_amount: None, date: today(),
            enterprise: EnterpriseStanding::certified_and_claimed(), category: None, provider: None, usage,
        };
        let policy = SubsidyPolicy { eligibility: Eligibility::default(), ..policy };
        let quote = policy.quote(&input);
        prop_assert!(quote.subsidy <= base);
        prop_assert!(quote.subsidy <= base.mul_ratio(policy.ratio, policy.rounding));
        // Rounding never moves the result by a fen or more.
        let exact = base.as_decimal() * policy.ratio.as_decimal();
        prop_assert!((quote.by_ratio.as_decimal() - exact).abs() < Decimal::new(1, 2));
        if let Some(cap) = policy.caps.per_order { prop_assert!(quote.subsidy <= cap); }
        if let Some(cap) = policy.caps.per_enterprise_per_year { prop_assert!(quote.subsidy <= cap.saturating_sub(year_used)); }
        if let Some(pool) = policy.caps.budget_pool { prop_assert!(quote.subsidy <= pool.saturating_sub(pool_used)); }
    }

    #[test]
    fn checkout_creates_and_loses_no_money(checkout in checkout(), pick in any::<u64>()) {
        let usable = usable(&checkout);
        // An arbitrary subset of the usable vouchers.
        let selected: Vec<String> = usable.iter().enumerate().filter(|(i, _)| pick >> i & 1 == 1).map(|(_, n)| n.clone()).collect();
        let p = checkout.price(&selected).unwrap();
        prop_assert_eq!(p.payable.checked_add(p.voucher_deduction).unwrap().checked_add(p.subsidy).unwrap(), p.total);
        let line_total = Money::sum(p.lines.iter().map(|l| l.amount)).unwrap();
        prop_assert_eq!(line_total, p.total);
        for line in &p.lines {
            prop_assert_eq!(line.subsidy.checked_add(line.voucher_deduction).unwrap().checked_add(line.payable).unwrap(), line.amount);
            if !line.subsidy_eligible { prop_assert!(line.subsidy.is_zero()); }
        }
        prop_assert_eq!(Money::sum(p.vouchers.iter().map(|v| v.deduction)).unwrap(), p.voucher_deduction);
        for applied in &p.vouchers {
            let voucher = checkout.vouchers.iter().find(|v| v.number == applied.number).unwrap();
            prop_assert_eq!(applied.balance_before, voucher.balance);
            prop_assert!(applied.deduction <= voucher.balance);
            prop_assert_eq!(applied.balance_after.checked_add(applied.deduction).unwrap(), voucher.balance);
            prop_assert_eq!(Money::sum(applied.lines.iter().map(|s| s.amount)).unwrap(), applied.deduction);
            for share in &applied.lines {
                let line = checkout.lines.iter().find(|l| l.id == share.line).unwrap();
                prop_assert!(voucher.scope.covers(line), "voucher {} paid out of scope", voucher.number);
            }
        }
        if let (Some(terms), Some(quote)) = (&checkout.subsidy, &p.subsidy_quote) {
            prop_assert_eq!(quote.subsidy, p.subsidy);
            if let huiqi_core::subsidy::PolicySource::Inline(policy) = &terms.policy
                && let Some(cap) = policy.caps.per_order
            {
                prop_assert!(p.subsidy <= cap);
            }
        }
    }

    #[test]
    fn the_suggestion_deducts_at_least_as_much_as_any_subset(checkout in checkout(), pick in any::<u64>()) {
        let usable = usable(&checkout);
        let selected: Vec<String> = usable.iter().enumerate().filter(|(i, _)| pick >> i & 1 == 1).map(|(_, n)| n.clone()).collect();
        let (suggested, suggestion) = checkout.suggest().unwrap();
        let other = checkout.price(&selected).unwrap();
        prop_assert!(suggestion.voucher_deduction >= other.voucher_deduction,
            "suggested {:?} deducts {}, but {:?} deducts {}", suggested, suggestion.voucher_deduction, selected, other.voucher_deduction);
        // Pricing the suggested set again gives the suggestion's figures.
        let again = checkout.price(&suggested).unwrap();
        prop_assert_eq!(again, suggestion);
    }

    #[test]
    fn pay_then_cancel_restores_the_wallet_exactly(checkout in checkout()) {
        let (_, pricing) = checkout.suggest().unwrap();
        let deductions = pricing.deductions();
        let after = pay(&checkout.vouchers, &deductions).unwrap();
        for v in &after {
            prop_assert!(v.balance <= v.face_value);
        }
        let restored = cancel(&after, &deductions).unwrap();
        prop_assert_eq!(restored, checkout.vouchers.clone());
    }

    #[test]
    fn validators_never_panic_on_arbitrary_unicode(text in "\\PC{0,64}", any_text in any::<String>()) {
        for op in ["validate.uscc", "validate.resident_id", "validate.mobile", "validate.landline", "validate.email",
                   "validate.postcode", "validate.username", "validate.login_account"] {
            for value in [&text, &any_text] {
                let request = serde_json::json!({"value": value, "today": "2026-11-23"});
                let request = if op == "validate.resident_id" { request } else { serde_json::json!({"value": value}) };
                let answer: serde_json::Value = serde_json::from_str(&call::call(op, &request.to_string())).unwrap();
                prop_assert_eq!(&answer["ok"], &serde_json::json!(true), "{} on {:?}: {}", op, value, answer);
            }
        }
        for preset in ["national", "henan", "nist"] {
            let request = serde_json::json!({"policy": preset, "password": text, "context": {"username": any_text}});
            let answer: serde_json::Value = serde_json::from_str(&call::call("password.check", &request.to_string())).unwrap();
            prop_assert_eq!(&answer["ok"], &serde_json::json!(true));
        }
    }

    #[test]
    fn the_call_api_answers_any_text(op in "[a-z._]{0,20}", text in "\\PC{0,80}") {
        let answer: serde_json::Value = serde_json::from_str(&call::call(&op, &text)).unwrap();
        prop_assert!(answer["ok"].is_boolean());
    }

    #[test]
    fn password_messages_never_contain_the_password(core in "[a-zA-Z0-9]{6,30}") {
        let password = format!("Ω{core}");
        for preset in ["national", "henan", "nist"] {
            let request = serde_json::json!({"policy": preset, "password": password, "context": {"username": core}});
            let answer = call::call("password.check", &request.to_string());
            prop_assert!(!answer.contains(&password));
        }
    }

    #[test]
    fn computed_uscc_check_characters_validate(authority in proptest::sample::select(vec!["91", "92", "93", "12", "51", "52", "53", "N2", "Y1"]),
                                               province in proptest::sample::select(vec!["11", "31", "41", "44", "65", "82"]),
                                               rest in "[0-9]{4}", body in "[0-9A-HJ-NP-RTUWXY]{8}", other in 0..30_usize) {
        let org = format!("{body}{}", organization_check_character(&body).unwrap());
        prop_assume!(org.chars().all(|c| USCC_ALPHABET.contains(c)));
        // Hong Kong and Macao have no subdivisions in GB/T 2260.
        let rest = if province == "82" { "0000".to_owned() } else { rest };
        let first17 = format!("{authority}{province}{rest}{org}");
        let check = uscc_check_character(&first17).unwrap();
        let code = format!("{first17}{check}");
        prop_assert!(huiqi_core::validate::validate_uscc(&code).is_ok(), "{} should validate", code);
        // Any other check character fails, and says which one was expected.
        let wrong = USCC_ALPHABET.chars().filter(|c| *c != check).nth(other).unwrap();
        let violations = huiqi_core::validate::validate_uscc(&format!("{first17}{wrong}")).unwrap_err();
        prop_assert!(violations.has(Code::UsccCheckCharacter));
        prop_assert_eq!(violations.len(), 1);
    }

    #[test]
    fn computed_resident_id_check_characters_validate(region in proptest::sample::select(vec!["110105", "410102", "440305", "650102"]),
                                                      days in 0..40_000_i64, sequence in 0..1000_u32, other in 0..10_usize) {
        let birth = NaiveDate::from_ymd_opt(1910, 1, 1).unwrap() + Duration::days(days);
        let first17 = format!("{region}{}{sequence:03}", birth.format("%Y%m%d"));
        let check = resident_id_check_character(&first17).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let info = huiqi_core::validate::validate_resident_id(&format!("{first17}{check}"), today).unwrap();
        prop_assert_eq!(info.birth_date, birth);
        let wrong = "0123456789X".chars().filter(|c| *c != check).nth(other).unwrap();
        let violations = huiqi_core::validate::validate_resident_id(&format!("{first17}{wrong}"), today).unwrap_err();
        prop_assert!(violations.has(Code::IdCheckCharacter));
    }
}

proptest! {
    // More cases than the rest: a cart whose total depends on its lines'
    // order needs a policy, vouchers first, lines both in and out of it, a
    // voucher paying for both and a subsidy no cap holds down.
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn the_order_of_the_lines_changes_no_total(checkout in checkout(), pick in any::<u64>(), turn in 0..6_usize) {
        // The same cart listed in another order: reversed, then turned.
        let usable = usable(&checkout);
        let selected: Vec<String> = usable.iter().enumerate().filter(|(i, _)| pick >> i & 1 == 1).map(|(_, n)| n.clone()).collect();
        let mut other = checkout.clone();
        other.lines.reverse();
        let turn = turn % other.lines.len();
        other.lines.rotate_left(turn);
        let (a, b) = (checkout.price(&selected).unwrap(), other.price(&selected).unwrap());
        prop_assert_eq!(
            (a.total, a.subsidy, a.voucher_deduction, a.payable),
            (b.total, b.subsidy, b.voucher_deduction, b.payable)
        );
        // Line by line too: each line's figures, and what each voucher
        // pays on it, whatever its place in the list.
        let by_line = |p: &huiqi_core::voucher::Pricing| {
            let mut lines = p.lines.clone();
            lines.sort_by(|x, y| x.id.cmp(&y.id));
            let mut shares: Vec<(String, String, Money)> = p.vouchers.iter()
                .flat_map(|v| v.lines.iter().map(|s| (v.number.clone(), s.line.clone(), s.amount)))
                .collect();
            shares.sort();
            let totals: Vec<(String, Money)> = p.vouchers.iter().map(|v| (v.number.clone(), v.deduction)).collect();
            (lines, shares, totals)
        };
        prop_assert_eq!(by_line(&a), by_line(&b));
    }
}

fn strategy(rounding: Rounding) -> rust_decimal::RoundingStrategy {
    use rust_decimal::RoundingStrategy as S;
    match rounding {
        Rounding::HalfAwayFromZero => S::MidpointAwayFromZero,
        Rounding::HalfEven => S::MidpointNearestEven,
        Rounding::HalfTowardZero => S::MidpointTowardZero,
        Rounding::Up => S::AwayFromZero,
        Rounding::Down => S::ToZero,
    }
}

fn fine_ratio() -> impl Strategy<Value = Ratio> {
    // Any ratio the library accepts: up to 8 decimals.
    (0..=100_000_000_i64).prop_map(|n| Ratio::from_decimal(Decimal::new(n, 8)).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn integer_rounding_equals_decimal_rounding(fen in 0..=huiqi_core::money::MAX_FEN, ratio in prop_oneof![ratio(), fine_ratio()], rounding in rounding()) {
        let oracle = (Decimal::new(fen, 2) * ratio.as_decimal()).round_dp_with_strategy(2, strategy(rounding));
        let fast = Money::from_fen(fen).unwrap().mul_ratio(ratio, rounding);
        prop_assert_eq!(fast.as_decimal(), oracle);
    }

    /// The batch loop (32-bit lanes when every product fits, 64-bit lanes
    /// otherwise, the exact path for huge amounts) agrees with one amount
    /// at a time, for every ratio, rule and cap.
    #[test]
    fn the_batch_loop_equals_one_amount_at_a_time(
        ratio in prop_oneof![ratio(), fine_ratio()], rounding in rounding(),
        top in prop_oneof![Just(100_000_i64), Just(200_000_000), Just(huiqi_core::money::MAX_FEN)],
        seeds in proptest::collection::vec(any::<u64>(), 0..50),
        cap in prop_oneof![Just(i64::MAX), 0..1_000_000_i64],
    ) {
        let bases: Vec<i64> = seeds.iter().map(|s| (*s % (top as u64 + 1)) as i64).collect();
        let range = bases.iter().fold((0, 0), |(lo, hi), b| (lo.min(*b), hi.max(*b)));
        let fen_ratio = FenRatio::new(ratio, rounding);
        let mut out = vec![-1; bases.len()];
        let sum = fen_ratio.apply_all_capped(&bases, &mut out, cap, range);
        let one_by_one: Vec<i64> = bases.iter().map(|b| fen_ratio.apply(*b).min(cap)).collect();
        prop_assert_eq!(&out, &one_by_one);
        prop_assert_eq!(sum, one_by_one.iter().sum::<i64>());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_batch_quote_equals_one_quote_per_order(policy in policy(), bases in proptest::collection::vec(money(10_000_000), 0..40),
                                               year_used in money(20_000_000), pool_used in money(60_000_000), draw_down in any::<bool>()) {
        let policy = SubsidyPolicy { eligibility: Eligibility::default(), ..policy };
        let terms = huiqi_core::subsidy::BatchTerms {
            date: today(),
            enterprise: EnterpriseStanding::certified_and_claimed(),
            category: None,
            provider: None,
            usage: SubsidyUsage { enterprise_year_used: year_used, pool_used },
            draw_down,
        };
        let fen: Vec<i64> = bases.iter().map(|b| b.to_fen()).collect();
        let mut out = vec![0; fen.len()];
        let total = policy.quote_batch_fen(&terms, &fen, &mut out).unwrap();
        let mut usage = terms.usage;
        let mut sum = 0;
        for (base, got) in bases.iter().zip(&out) {
            let quote = policy.quote(&huiqi_core::subsidy::QuoteInput {
                order_total: *base, contract_amount: None, date: today(),
                enterprise: EnterpriseStanding::certified_and_claimed(), category: None, provider: None, usage,
            });
            prop_assert_eq!(quote.subsidy.to_fen(), *got);
            sum += *got;
            if draw_down {
                usage.enterprise_year_used = usage.enterprise_year_used.checked_add(quote.subsidy).unwrap();
                usage.pool_used = usage.pool_used.checked_add(quote.subsidy).unwrap();
            }
        }
        prop_assert_eq!(total, sum);
    }
}

/// Any invisible character: a format character (Cf), a control character
/// or whitespace.
fn invisible() -> impl Strategy<Value = char> {
    let format =
        (0..huiqi_core::validate::FORMAT_CHARACTERS.len(), 0..64_u32).prop_map(|(i, k)| {
            let (low, high) = huiqi_core::validate::FORMAT_CHARACTERS[i];
            let span = u32::from(high) - u32::from(low) + 1;
            char::from_u32(u32::from(low) + k % span).unwrap()
        });
    prop_oneof![
        format,
        proptest::sample::select(vec![
            ' ', '\t', '\n', '\u{0}', '\u{7F}', '\u{85}', '\u{A0}', '\u{2028}', '\u{3000}'
        ]),
    ]
}

fn with_inserted(base: &str, c: char, at: usize) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    let at = at % (chars.len() + 1);
    chars.insert(at, c);
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// No identifier validator ever accepts an invisible character, wherever
    /// it sits, and each names the fault `field.charset`.
    #[test]
    fn no_identifier_accepts_an_invisible_character(c in invisible(), at in 0..32_usize) {
        use huiqi_core::validate::{validate_login_account, validate_resident_id, validate_uscc, validate_username};
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let account = validate_login_account(&with_inserted("zhangsan123", c, at)).unwrap_err();
        prop_assert!(account.has(Code::Charset), "account: {account}");
        let username = validate_username(&with_inserted("zhang_san1", c, at)).unwrap_err();
        prop_assert!(username.has(Code::Charset), "username: {username}");
        let uscc = validate_uscc(&with_inserted("91350100M000100Y43", c, at)).unwrap_err();
        prop_assert!(uscc.has(Code::Charset), "uscc: {uscc}");
        let id = validate_resident_id(&with_inserted("11010519491231002X", c, at), today).unwrap_err();
        prop_assert!(id.has(Code::Charset), "id: {id}");
        let number = with_inserted("1700008", c, at);
        let voucher = huiqi_core::voucher::check_voucher_number(&number, "number");
        prop_assert!(voucher.is_some_and(|p| p.code == Code::Charset || p.code == Code::Required));
        let line = serde_json::json!({"checkout": {
            "lines": [{"id": with_inserted("line-1", c, at), "product": "sku-1", "unit_price": "1.00"}],
            "vouchers": [], "now": "2023-07-31 11:34:09"}});
        let answer: serde_json::Value = serde_json::from_str(&call::call("checkout.price", &line.to_string())).unwrap();
        prop_assert_eq!(&answer["errors"][0]["code"], "field.charset");
        prop_assert_eq!(&answer["errors"][0]["field"], "checkout.lines[0].id");
    }
}
