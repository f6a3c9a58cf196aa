//! `checkout.*`, `voucher.status` and `campaign.grab`.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::subsidy::Reason;
use crate::error::Error;
use crate::money::Money;
use crate::subsidy::{ExplanationLine, SubsidyQuote};
use crate::voucher::{
    AppliedVoucher, Campaign, Checkout, CheckoutError, GrabAttempt, LinePricing, Offer, Pricing,
    Voucher, VoucherAmount, check_voucher_number, unusable_text,
};

fn in_request(error: CheckoutError) -> Error {
    Error::from(error.to_request_problem())
}

/// `checkout.offer` and `checkout.suggest`: an order and the enterprise's
/// vouchers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CheckoutRequest {
    /// The order at checkout.
    pub checkout: Checkout,
}

/// The vouchers offered at checkout (usable now, in scope of some line,
/// soonest expiry first) and those refused, with reasons.
pub fn checkout_offer(request: CheckoutRequest) -> Result<Offer, Error> {
    request.checkout.offer().map_err(in_request)
}

/// A priced order, explained: `payable + voucher_deduction + subsidy = total`
/// (`checkout.price` and `checkout.suggest`).
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PricedOrder {
    /// Sum of the lines (price × quantity).
    pub order_total: Money,
    /// What is paid for: the contract amount if given, else the order total.
    pub total: Money,
    /// Subsidy.
    pub subsidy: Money,
    /// All voucher deductions (抵扣金额).
    pub voucher_deduction: Money,
    /// Left to pay (实付金额).
    pub payable: Money,
    /// The subsidy quote, if subsidy terms were given.
    pub subsidy_quote: Option<SubsidyQuote>,
    /// Vouchers, in the order they were applied.
    pub vouchers: Vec<AppliedVoucher>,
    /// Lines.
    pub lines: Vec<LinePricing>,
    /// Every step, in both languages.
    pub explanation: Vec<ExplanationLine>,
    /// The numbers of the vouchers used, in application order: those
    /// ticked (`checkout.price`) or suggested (`checkout.suggest`).
    pub selected: Vec<String>,
    /// The subsidy in one line of Chinese, when there are subsidy terms.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_zh: Option<String>,
    /// The same in English.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_en: Option<String>,
}

impl PricedOrder {
    /// The answer for `pricing`, priced with the vouchers `selected`.
    fn of(pricing: Pricing, selected: Vec<String>) -> PricedOrder {
        PricedOrder {
            selected,
            explanation: pricing.explanation(),
            summary_zh: pricing.subsidy_quote.as_ref().map(SubsidyQuote::summary_zh),
            summary_en: pricing.subsidy_quote.as_ref().map(SubsidyQuote::summary_en),
            order_total: pricing.order_total,
            total: pricing.total,
            subsidy: pricing.subsidy,
            voucher_deduction: pricing.voucher_deduction,
            payable: pricing.payable,
            subsidy_quote: pricing.subsidy_quote,
            vouchers: pricing.vouchers,
            lines: pricing.lines,
        }
    }
}

/// The set of vouchers that deducts most (ties: soonest expiry), priced;
/// `selected` names them.
pub fn checkout_suggest(request: CheckoutRequest) -> Result<PricedOrder, Error> {
    let (selected, pricing) = request.checkout.suggest().map_err(in_request)?;
    Ok(PricedOrder::of(pricing, selected))
}

/// `checkout.price`: an order and the vouchers the user ticked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct PriceRequest {
    /// The order at checkout.
    pub checkout: Checkout,
    /// The numbers of the vouchers to use.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub selected: Vec<String>,
}

/// Prices an order with subsidy and the selected vouchers.
pub fn checkout_price(request: PriceRequest) -> Result<PricedOrder, Error> {
    let pricing = request
        .checkout
        .price(&request.selected)
        .map_err(in_request)?;
    Ok(PricedOrder::of(pricing, request.selected))
}

/// `checkout.pay` and `checkout.cancel`: a wallet and an order's deductions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct WalletRequest {
    /// The enterprise's vouchers.
    pub vouchers: Vec<Voucher>,
    /// What the order takes from (or gives back to) each.
    pub deductions: Vec<VoucherAmount>,
}

/// The wallet after the change.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Wallet {
    /// Every voucher, with its new balance.
    pub vouchers: Vec<Voucher>,
}

/// The wallet after an order's deductions.
pub fn checkout_pay(request: WalletRequest) -> Result<Wallet, Error> {
    let vouchers = crate::voucher::pay(&request.vouchers, &request.deductions)?;
    Ok(Wallet { vouchers })
}

/// The wallet after a cancelled order's deductions are given back.
pub fn checkout_cancel(request: WalletRequest) -> Result<Wallet, Error> {
    let vouchers = crate::voucher::cancel(&request.vouchers, &request.deductions)?;
    Ok(Wallet { vouchers })
}

/// `voucher.status`: a voucher and an instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct StatusRequest {
    /// The voucher.
    pub voucher: Voucher,
    /// The instant (RFC 3339, or `YYYY-MM-DD HH:MM:SS` in Shanghai).
    #[serde(with = "crate::time::instant")]
    pub now: DateTime<FixedOffset>,
}

/// Whether a voucher can pay now, and why not.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct VoucherUsability {
    /// True when it can pay (scope aside).
    pub usable: bool,
    /// Why not, when not.
    pub reason: Option<Reason>,
    /// Its balance.
    pub balance: Money,
    /// Its face value.
    pub face_value: Money,
}

/// Whether a voucher can pay at an instant.
pub fn voucher_status(request: StatusRequest) -> Result<VoucherUsability, Error> {
    let reason = request
        .voucher
        .unusable_reason(request.now)
        .map(|code| Reason::of(code, unusable_text(code)));
    Ok(VoucherUsability {
        usable: reason.is_none(),
        reason,
        balance: request.voucher.balance,
        face_value: request.voucher.face_value,
    })
}

/// `campaign.grab`: an application or grab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct GrabRequest {
    /// The campaign.
    pub campaign: Campaign,
    /// Who grabs, when.
    pub attempt: GrabAttempt,
    /// The number to give the issued voucher, if the caller wants it issued.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub voucher_number: Option<String>,
}

/// A granted grab.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GrabAnswer {
    /// Always true: a refusal is an error.
    pub granted: bool,
    /// Stock after the grant.
    pub stock_after: u32,
    /// Vouchers the enterprise holds from the campaign after the grant.
    pub held_after: u32,
    /// The voucher issued, when a number was given.
    pub voucher: Option<Voucher>,
}

/// Decides an application or grab; a refusal changes nothing.
pub fn campaign_grab(request: GrabRequest) -> Result<GrabAnswer, Error> {
    // Before the grab: stock is never spent on a voucher that cannot be issued.
    if let Some(problem) = request
        .voucher_number
        .as_deref()
        .and_then(|n| check_voucher_number(n, "voucher_number"))
    {
        return Err(problem.into());
    }
    let grant = request.campaign.grab(&request.attempt)?;
    Ok(GrabAnswer {
        granted: true,
        stock_after: grant.stock_after,
        held_after: grant.held_after,
        voucher: request
            .voucher_number
            .as_deref()
            .map(|n| request.campaign.issue(n)),
    })
}
