//! Service vouchers (服务券): the record, campaigns, and checkout.
//!
//! At checkout the usable vouchers are offered, the best set is suggested,
//! and a chosen set is applied: each voucher deducts min(balance, amount
//! still due). Cancelling gives back exactly what was deducted. For every
//! order, `payable + voucher deductions + subsidy = total`, no term is
//! negative, and no balance leaves `[0, face value]`.
//!
//! ```
//! use huiqi_core::voucher::{Checkout, OrderLine, Voucher};
//! use huiqi_core::money::Money;
//! let m = |s| Money::parse(s).unwrap();
//! let voucher: Voucher = serde_json::from_value(serde_json::json!({
//!     "number": "V1", "name": "创新服务券", "face_value": "300.00", "balance": "300.00",
//!     "valid_from": "2023-07-15", "valid_to": "2023-08-18"
//! }))?;
//! let checkout = Checkout {
//!     lines: vec![OrderLine::simple("1", "sku-1", m("234.00"))],
//!     vouchers: vec![voucher],
//!     now: huiqi_core::time::parse_instant("2023-07-31 11:34:09")?,
//!     contract_amount: None,
//!     subsidy: None,
//! };
//! let pricing = checkout.price(&["V1".to_owned()])?;
//! assert_eq!(pricing.voucher_deduction, m("234.00"));
//! assert_eq!(pricing.payable, m("0.00"));
//! assert_eq!(pricing.vouchers[0].balance_after, m("66.00"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod campaign;
mod checkout;
mod deduct;
mod error;
mod line;
mod record;

pub use campaign::{Campaign, GrabAttempt, Grant, VoucherTemplate};
pub use checkout::{
    AppliedVoucher, Checkout, LinePricing, LineShare, MAX_LINES, MAX_VOUCHERS, Offer,
    OfferedVoucher, Pricing, RefusedVoucher, SubsidyTerms, VoucherAmount, cancel, pay,
};
pub use error::{CampaignError, CheckoutError};
pub use line::OrderLine;
pub use record::{
    BillingMode, Voucher, VoucherScope, VoucherStatus, check_voucher_number, unusable_text,
};
