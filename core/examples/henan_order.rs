//! The Henan manual's order, priced end to end: ¥245.00 with the province's
//! 30% subsidy, then the contract confirmation that binds the figure.
//!
//! `cargo run -p huiqi-core --example henan_order`
#![allow(clippy::print_stdout, reason = "an example shows its results")]

use chrono::NaiveDate;
use huiqi_core::money::Money;
use huiqi_core::subsidy::{EnterpriseStanding, QuoteInput, SubsidyUsage, preset};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let henan = preset("henan")?;
    let mut input = QuoteInput {
        order_total: Money::parse("¥245.00")?,
        contract_amount: None,
        date: NaiveDate::from_ymd_opt(2018, 7, 24).ok_or("bad date")?,
        enterprise: EnterpriseStanding::certified_and_claimed(),
        category: None,
        provider: None,
        usage: SubsidyUsage::default(),
    };
    let estimate = henan.quote(&input);
    let payable = input.order_total.checked_sub(estimate.subsidy)?;
    println!(
        "{} → 优惠后总额 {}",
        estimate.summary_zh(),
        payable.display_yuan()
    );
    for line in estimate.explanation() {
        println!("  {}", line.text_zh);
    }

    // At contract confirmation the figure is bound to the contract amount.
    input.order_total = Money::parse("3768.00")?;
    input.contract_amount = Some(Money::parse("120.00")?);
    let binding = henan.quote(&input);
    println!("{} / {}", binding.summary_zh(), binding.summary_en());
    Ok(())
}
