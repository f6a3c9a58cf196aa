//! State-machine test (proptest-state-machine) of an enterprise's voucher
//! life: certification, grabbing from a campaign over time, paying orders
//! with the suggested vouchers, cancelling orders. A small reference model
//! predicts every step; the library must agree, refuse illegal steps without
//! changing anything, and never create or lose a fen.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use huiqi_core::money::Money;
use huiqi_core::voucher::{
    Campaign, Checkout, GrabAttempt, OrderLine, Voucher, VoucherAmount, VoucherTemplate, cancel,
    pay,
};
use proptest::prelude::*;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};

const FACE: i64 = 50_000; // ¥500.00
const WINDOW: i64 = 3_600; // the campaign lasts an hour (inclusive to its last second)
const STOCK: u32 = 4;

fn campaign_start() -> DateTime<FixedOffset> {
    huiqi_core::time::shanghai()
        .with_ymd_and_hms(2023, 7, 15, 9, 0, 0)
        .single()
        .unwrap()
}

/// Orders are paid well inside the vouchers' validity.
fn purchase_time() -> DateTime<FixedOffset> {
    huiqi_core::time::shanghai()
        .with_ymd_and_hms(2023, 9, 1, 10, 0, 0)
        .single()
        .unwrap()
}

#[derive(Clone, Debug)]
struct Model {
    certified: bool,
    limit: u32,
    clock: i64,
    stock: u32,
    held: u32,
    /// Balances of the vouchers held, fen, in issue order.
    balances: Vec<i64>,
    /// Outstanding orders: (voucher index, fen deducted).
    orders: Vec<Vec<(usize, i64)>>,
}

#[derive(Clone, Debug)]
enum Step {
    Certify,
    Wait(i64),
    Grab,
    Buy(i64),
    Cancel(usize),
}

struct Wallet;

impl ReferenceStateMachine for Wallet {
    type State = Model;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Model> {
        (1..=3_u32, any::<bool>())
            .prop_map(|(limit, certified)| Model {
                certified,
                limit,
                clock: -60,
                stock: STOCK,
                held: 0,
                balances: Vec::new(),
                orders: Vec::new(),
            })
            .boxed()
    }

    fn transitions(state: &Model) -> BoxedStrategy<Step> {
        let orders = state.orders.len();
        let mut options = vec![
            Just(Step::Certify).boxed(),
            (1..1_200_i64).prop_map(Step::Wait).boxed(),
            Just(Step::Grab).boxed(),
            Just(Step::Grab).boxed(),
            (1..=2 * FACE).prop_map(Step::Buy).boxed(),
        ];
        if orders > 0 {
            options.push((0..orders).prop_map(Step::Cancel).boxed());
        }
        proptest::strategy::Union::new(options).boxed()
    }

    fn preconditions(state: &Model, step: &Step) -> bool {
        match step {
            Step::Cancel(i) => *i < state.orders.len(),
            _ => true,
        }
    }

    fn apply(mut state: Model, step: &Step) -> Model {
        match step {
            Step::Certify => state.certified = true,
            Step::Wait(seconds) => state.clock += seconds,
            Step::Grab => {
                let open = (0..=WINDOW).contains(&state.clock);
                if state.certified && open && state.held < state.limit && state.stock > 0 {
                    state.stock -= 1;
                    state.held += 1;
                    state.balances.push(FACE);
                }
            }
            Step::Buy(price) => {
                // Same validity for all: smaller balance first, then issue order.
                let mut order: Vec<usize> = (0..state.balances.len())
                    .filter(|i| state.balances[*i] > 0)
                    .collect();
                order.sort_by_key(|i| (state.balances[*i], *i));
                let mut due = *price;
                let mut taken = Vec::new();
                for i in order {
                    let take = due.min(state.balances[i]);
                    if take > 0 {
                        state.balances[i] -= take;
                        due -= take;
                        taken.push((i, take));
                    }
                }
                state.orders.push(taken);
            }
            Step::Cancel(i) => {
                let order = state.orders.remove(*i);
                for (voucher, amount) in order {
                    state.balances[voucher] += amount;
                }
            }
        }
        state
    }
}

struct System {
    campaign: Campaign,
    certified: bool,
    held: u32,
    clock: i64,
    wallet: Vec<Voucher>,
    orders: Vec<Vec<VoucherAmount>>,
}

impl StateMachineTest for System {
    type SystemUnderTest = System;
    type Reference = Wallet;

    fn init_test(model: &Model) -> System {
        let start = campaign_start();
        System {
            campaign: Campaign {
                id: "C1".into(),
                name: "创新服务券".into(),
                listed: true,
                starts_at: start,
                ends_at: start + Duration::seconds(WINDOW),
                stock: STOCK,
                per_enterprise_limit: model.limit,
                voucher: VoucherTemplate {
                    name: "创新服务券".into(),
                    face_value: Money::from_fen(FACE).unwrap(),
                    valid_from: NaiveDate::from_ymd_opt(2023, 7, 15).unwrap(),
                    valid_to: NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
                    scope: Default::default(),
                    billing_mode: Default::default(),
                },
            },
            certified: model.certified,
            held: 0,
            clock: model.clock,
            wallet: Vec::new(),
            orders: Vec::new(),
        }
    }

    fn apply(mut sys: System, model: &Model, step: Step) -> System {
        match step {
            Step::Certify => sys.certified = true,
            Step::Wait(seconds) => sys.clock += seconds,
            Step::Grab => {
                let attempt = GrabAttempt {
                    certified: sys.certified,
                    held: sys.held,
                    now: campaign_start() + Duration::seconds(sys.clock),
                };
                let before = sys.campaign.clone();
                match sys.campaign.grab(&attempt) {
                    Ok(grant) => {
                        sys.campaign.stock = grant.stock_after;
                        sys.held = grant.held_after;
                        let number = format!("N{:04}", sys.wallet.len());
                        sys.wallet.push(sys.campaign.issue(&number));
                    }
                    Err(_) => {
                        assert_eq!(sys.campaign, before, "a refused grab changed the campaign")
                    }
                }
            }
            Step::Buy(price) => {
                let checkout = Checkout {
                    lines: vec![OrderLine::simple(
                        "1",
                        "sku",
                        Money::from_fen(price).unwrap(),
                    )],
                    vouchers: sys.wallet.clone(),
                    now: purchase_time(),
                    contract_amount: None,
                    subsidy: None,
                };
                let (_, pricing) = checkout.suggest().unwrap();
                assert_eq!(
                    pricing
                        .payable
                        .checked_add(pricing.voucher_deduction)
                        .unwrap(),
                    Money::from_fen(price).unwrap()
                );
                let deductions = pricing.deductions();
                sys.wallet = pay(&sys.wallet, &deductions).unwrap();
                sys.orders.push(deductions);
            }
            Step::Cancel(i) => {
                let deductions = sys.orders.remove(i);
                sys.wallet = cancel(&sys.wallet, &deductions).unwrap();
            }
        }
        let balances: Vec<i64> = sys.wallet.iter().map(|v| v.balance.to_fen()).collect();
        assert_eq!(balances, model.balances, "balances differ from the model");
        assert_eq!(sys.campaign.stock, model.stock);
        assert_eq!(sys.held, model.held);
        assert_eq!(sys.orders.len(), model.orders.len());
        sys
    }

    fn check_invariants(sys: &System, _: &Model) {
        for v in &sys.wallet {
            assert!(v.balance <= v.face_value, "balance above face value");
        }
        // Nothing created, nothing lost: what is left plus what open orders
        // took is exactly what was issued.
        let left: i64 = sys.wallet.iter().map(|v| v.balance.to_fen()).sum();
        let taken: i64 = sys.orders.iter().flatten().map(|d| d.amount.to_fen()).sum();
        assert_eq!(
            left + taken,
            FACE * i64::try_from(sys.wallet.len()).unwrap()
        );
        // Never oversold.
        assert_eq!(
            sys.campaign.stock + u32::try_from(sys.wallet.len()).unwrap(),
            STOCK
        );
        assert!(sys.held <= sys.campaign.per_enterprise_limit);
    }
}

prop_state_machine! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn voucher_life_keeps_every_fen(sequential 1..40 => System);
}
