//! A what-if subsidy reform loaded from TOML, and a budget pool running out.
//!
//! `cargo run -p huiqi-core --example policy_from_toml`
#![allow(clippy::print_stdout, reason = "an example shows its results")]

use huiqi_core::money::Money;
use huiqi_core::subsidy::{EnterpriseStanding, QuoteInput, SubsidyPolicy, SubsidyUsage};

const REFORM: &str = r#"
id = "reform-2025"
name = "假设：补贴 40%，单笔上限 2 万，资金池 100 万"
ratio = "40%"
effective_from = 2025-01-01

[caps]
per_order = "20,000.00"
budget_pool = "1,000,000.00"
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let policy = SubsidyPolicy::from_toml(REFORM)?;
    let mut pool_used = Money::ZERO;
    let mut orders = 0;
    let order = Money::parse("60,000.00")?;
    loop {
        let quote = policy.quote(&QuoteInput {
            order_total: order,
            contract_amount: None,
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 1).ok_or("bad date")?,
            enterprise: EnterpriseStanding::certified_and_claimed(),
            category: None,
            provider: None,
            usage: SubsidyUsage {
                enterprise_year_used: Money::ZERO,
                pool_used,
            },
        });
        if quote.subsidy.is_zero() {
            break;
        }
        pool_used = pool_used.checked_add(quote.subsidy)?;
        orders += 1;
    }
    println!(
        "{orders} orders of {} exhaust the pool ({} granted)",
        order.display_yuan(),
        pool_used.display_yuan()
    );
    Ok(())
}
