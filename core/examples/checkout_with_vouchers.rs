//! A national-platform checkout: vouchers offered, the best set suggested,
//! the order paid and then cancelled, every fen accounted for.
//!
//! `cargo run -p huiqi-core --example checkout_with_vouchers`
#![allow(clippy::print_stdout, reason = "an example shows its results")]

use huiqi_core::time::parse_instant;
use huiqi_core::voucher::{Checkout, OrderLine, Voucher, cancel, pay};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let wallet: Vec<Voucher> = serde_json::from_str(
        r#"[
        {"number": "1700008", "name": "创新服务券", "face_value": "200.00", "balance": "200.00",
         "valid_from": "2023-07-15", "valid_to": "2023-08-18"},
        {"number": "1700009", "name": "上云服务券", "face_value": "100.00", "balance": "60.00",
         "valid_from": "2023-07-01", "valid_to": "2023-08-10"},
        {"number": "1600001", "name": "过期券", "face_value": "500.00", "balance": "500.00",
         "valid_from": "2022-01-01", "valid_to": "2022-12-31"}
    ]"#,
    )?;
    let checkout = Checkout {
        lines: vec![OrderLine::simple("1", "数字化诊断服务", "234.00".parse()?)],
        vouchers: wallet.clone(),
        now: parse_instant("2023-07-31 11:34:09")?,
        contract_amount: None,
        subsidy: None,
    };

    let offer = checkout.offer()?;
    for v in &offer.usable {
        println!(
            "可用 {}：最多抵扣 {}",
            v.number,
            v.max_deduction.display_yuan()
        );
    }
    for v in &offer.refused {
        println!("不可用 {}：{}", v.number, v.message_zh);
    }

    let (chosen, pricing) = checkout.suggest()?;
    println!("建议使用 {chosen:?}");
    for line in pricing.explanation() {
        println!("  {}", line.text_zh);
    }

    let after_payment = pay(&wallet, &pricing.deductions())?;
    let after_cancel = cancel(&after_payment, &pricing.deductions())?;
    assert_eq!(
        after_cancel, wallet,
        "cancelling restores exactly what was deducted"
    );
    println!("取消订单后券包恢复原状");
    Ok(())
}
