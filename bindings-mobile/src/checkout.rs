//! `checkout.*`, `voucher.status` and `campaign.grab`: vouchers at checkout,
//! the wallet after paying or cancelling, and campaign grabs.

use huiqi_core::voucher::{
    self as core, BillingMode as CoreBilling, Campaign as CoreCampaign, Checkout as CoreCheckout,
    CheckoutError, GrabAttempt as CoreAttempt, OrderLine as CoreLine, Pricing as CorePricing,
    SubsidyTerms as CoreTerms, Voucher as CoreVoucher, VoucherAmount as CoreAmount,
    VoucherScope as CoreScope, VoucherStatus as CoreStatus, VoucherTemplate as CoreTemplate,
};

use crate::convert::{date, date_text, instant, item, join, money, opt_money};
use crate::error::{HuiqiError, at, fail, fail_at, guard};
use crate::subsidy::{
    EnterpriseStanding, ExplanationLine, PolicySource, Reason, SubsidyQuote, SubsidyUsage,
    explanation, resolve, usage,
};

/// One line of an order.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct OrderLine {
    /// Line id, unique within the order.
    pub id: String,
    /// Product id.
    pub product: String,
    /// Unit price of the chosen spec, such as `"234.00"`.
    pub unit_price: String,
    /// Quantity, at least 1.
    #[uniffi(default = 1)]
    pub quantity: u32,
    /// Product category, if known.
    #[uniffi(default)]
    pub category: Option<String>,
    /// Provider id, if known.
    #[uniffi(default)]
    pub provider: Option<String>,
}

/// What a voucher may pay for; each non-empty list restricts the lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct VoucherScope {
    /// Product ids.
    #[uniffi(default)]
    pub products: Vec<String>,
    /// Product categories.
    #[uniffi(default)]
    pub categories: Vec<String>,
    /// Provider ids.
    #[uniffi(default)]
    pub providers: Vec<String>,
}

impl VoucherScope {
    fn to_core(&self) -> CoreScope {
        CoreScope {
            products: self.products.clone(),
            categories: self.categories.clone(),
            providers: self.providers.clone(),
        }
    }

    fn from_core(s: &CoreScope) -> VoucherScope {
        VoucherScope {
            products: s.products.clone(),
            categories: s.categories.clone(),
            providers: s.providers.clone(),
        }
    }
}

/// The stored part of a voucher's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum VoucherStatus {
    /// Can pay, within its dates and balance.
    Active,
    /// Suspended by the operator.
    Frozen,
    /// Revoked for good.
    Void,
}

/// Billing mode (计费模式).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum BillingMode {
    /// 单独计价: priced on its own, against the lines in its scope.
    Separate,
}

fn billing(mode: Option<BillingMode>) -> CoreBilling {
    match mode {
        Some(BillingMode::Separate) | None => CoreBilling::Separate,
    }
}

fn billing_of(mode: CoreBilling) -> BillingMode {
    match mode {
        CoreBilling::Separate => BillingMode::Separate,
    }
}

/// A service voucher (服务券).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Voucher {
    /// Voucher number (服务券号).
    pub number: String,
    /// Face value (面值).
    pub face_value: String,
    /// Balance left (余额), never above the face value.
    pub balance: String,
    /// First valid day, `YYYY-MM-DD` (Asia/Shanghai), inclusive.
    pub valid_from: String,
    /// Last valid day, inclusive to 23:59:59.
    pub valid_to: String,
    /// Name (服务券名称).
    #[uniffi(default = "")]
    pub name: String,
    /// Stored status; none means active.
    #[uniffi(default)]
    pub status: Option<VoucherStatus>,
    /// What it may pay for; empty lists mean anything.
    #[uniffi(default)]
    pub scope: VoucherScope,
    /// Billing mode; none means 单独计价.
    #[uniffi(default)]
    pub billing_mode: Option<BillingMode>,
}

impl Voucher {
    /// The core voucher, checked like a decoded one; problems sit under `outer`.
    fn to_core(&self, outer: &str) -> Result<CoreVoucher, HuiqiError> {
        let f = |name: &str| join(outer, name);
        let voucher = CoreVoucher {
            number: self.number.clone(),
            name: self.name.clone(),
            face_value: money(&self.face_value, &f("face_value"))?,
            balance: money(&self.balance, &f("balance"))?,
            valid_from: date(&self.valid_from, &f("valid_from"))?,
            valid_to: date(&self.valid_to, &f("valid_to"))?,
            status: match self.status {
                None | Some(VoucherStatus::Active) => CoreStatus::Active,
                Some(VoucherStatus::Frozen) => CoreStatus::Frozen,
                Some(VoucherStatus::Void) => CoreStatus::Void,
            },
            scope: self.scope.to_core(),
            billing_mode: billing(self.billing_mode),
        };
        voucher.check().map_err(|p| fail(at(p, outer)))?;
        Ok(voucher)
    }

    fn from_core(v: &CoreVoucher) -> Voucher {
        Voucher {
            number: v.number.clone(),
            face_value: v.face_value.to_string(),
            balance: v.balance.to_string(),
            valid_from: date_text(v.valid_from),
            valid_to: date_text(v.valid_to),
            name: v.name.clone(),
            status: Some(match v.status {
                CoreStatus::Active => VoucherStatus::Active,
                CoreStatus::Frozen => VoucherStatus::Frozen,
                CoreStatus::Void => VoucherStatus::Void,
            }),
            scope: VoucherScope::from_core(&v.scope),
            billing_mode: Some(billing_of(v.billing_mode)),
        }
    }
}

fn vouchers(list: &[Voucher], outer: &str) -> Result<Vec<CoreVoucher>, HuiqiError> {
    list.iter()
        .enumerate()
        .map(|(i, v)| v.to_core(&item(outer, i)))
        .collect()
}

/// The subsidy an order may get.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SubsidyTerms {
    /// The policy. A document of several versions gives the one in force
    /// on the checkout's date.
    pub policy: PolicySource,
    /// The enterprise's standing.
    pub enterprise: EnterpriseStanding,
    /// Subsidy already granted; none means nothing.
    #[uniffi(default)]
    pub usage: Option<SubsidyUsage>,
}

/// An order at checkout, with the enterprise's vouchers and subsidy terms.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Checkout {
    /// The order's lines.
    pub lines: Vec<OrderLine>,
    /// When the checkout happens: RFC 3339 or `YYYY-MM-DD HH:MM:SS` (Shanghai).
    pub now: String,
    /// Every voucher the enterprise holds.
    #[uniffi(default)]
    pub vouchers: Vec<Voucher>,
    /// The confirmed contract amount, if the order is priced on its contract.
    #[uniffi(default)]
    pub contract_amount: Option<String>,
    /// The subsidy the order may get.
    #[uniffi(default)]
    pub subsidy: Option<SubsidyTerms>,
}

/// The field of the checkout argument in the equivalent JSON request.
const CHECKOUT: &str = "checkout";

impl Checkout {
    fn to_core(&self) -> Result<CoreCheckout, HuiqiError> {
        let f = |name: &str| join(CHECKOUT, name);
        let now = instant(&self.now, &f("now"))?;
        let lines = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Ok(CoreLine {
                    id: l.id.clone(),
                    product: l.product.clone(),
                    category: l.category.clone(),
                    provider: l.provider.clone(),
                    unit_price: money(&l.unit_price, &join(&item(&f("lines"), i), "unit_price"))?,
                    quantity: l.quantity,
                })
            })
            .collect::<Result<Vec<_>, HuiqiError>>()?;
        let subsidy = match &self.subsidy {
            None => None,
            Some(terms) => Some(CoreTerms {
                policy: resolve(
                    &terms.policy,
                    &f("subsidy.policy"),
                    huiqi_core::time::shanghai_date(now),
                )?,
                enterprise: terms.enterprise.to_core(),
                usage: usage(terms.usage.as_ref(), &f("subsidy.usage"))?,
            }),
        };
        Ok(CoreCheckout {
            lines,
            vouchers: vouchers(&self.vouchers, &f("vouchers"))?,
            now,
            contract_amount: opt_money(self.contract_amount.as_deref(), &f("contract_amount"))?,
            subsidy,
        })
    }
}

/// A checkout's own field paths (`lines[0].id`) sit under `checkout` in the
/// equivalent JSON request; `selected` sits beside it.
fn checkout_error(error: CheckoutError) -> HuiqiError {
    fail(error.to_request_problem())
}

/// A voucher offered at checkout.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct OfferedVoucher {
    /// Voucher number.
    pub number: String,
    /// Its balance.
    pub balance: String,
    /// Its last valid day.
    pub valid_to: String,
    /// What it would deduct if it were the only voucher used.
    pub max_deduction: String,
}

/// A voucher not offered, and why.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RefusedVoucher {
    /// Voucher number.
    pub number: String,
    /// Why: code and both messages.
    pub reason: Reason,
}

/// The vouchers a checkout offers and refuses.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Offer {
    /// Usable now and in scope of some line; soonest expiry first.
    pub usable: Vec<OfferedVoucher>,
    /// Not usable, with the reason.
    pub refused: Vec<RefusedVoucher>,
}

/// What one voucher paid on one line.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct LineShare {
    /// Line id.
    pub line: String,
    /// Amount.
    pub amount: String,
}

/// One voucher as applied.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AppliedVoucher {
    /// Voucher number.
    pub number: String,
    /// Deducted (抵扣金额).
    pub deduction: String,
    /// Balance before.
    pub balance_before: String,
    /// Balance after.
    pub balance_after: String,
    /// Lines it paid for.
    pub lines: Vec<LineShare>,
}

/// One line, priced.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct LinePricing {
    /// Line id.
    pub id: String,
    /// The line's share of the total.
    pub amount: String,
    /// Whether the line counts toward the subsidy base.
    pub subsidy_eligible: bool,
    /// Subsidy on this line.
    pub subsidy: String,
    /// Vouchers on this line.
    pub voucher_deduction: String,
    /// Left to pay on this line.
    pub payable: String,
}

/// A priced order: always `payable + voucher_deduction + subsidy = total`.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Pricing {
    /// Sum of the lines (price × quantity).
    pub order_total: String,
    /// What is paid for: the contract amount if given, else the order total.
    pub total: String,
    /// Subsidy.
    pub subsidy: String,
    /// All voucher deductions.
    pub voucher_deduction: String,
    /// Left to pay (实付金额).
    pub payable: String,
    /// The subsidy quote, if subsidy terms were given.
    pub subsidy_quote: Option<SubsidyQuote>,
    /// Vouchers, in the order they were applied.
    pub vouchers: Vec<AppliedVoucher>,
    /// Lines.
    pub lines: Vec<LinePricing>,
    /// The whole order explained.
    pub explanation: Vec<ExplanationLine>,
}

fn pricing(checkout: &CoreCheckout, p: &CorePricing) -> Result<Pricing, HuiqiError> {
    let subsidy_quote = match (&checkout.subsidy, &p.subsidy_quote) {
        (Some(terms), Some(quote)) => Some(SubsidyQuote::from_core(&terms.policy, quote)?),
        _ => None,
    };
    Ok(Pricing {
        order_total: p.order_total.to_string(),
        total: p.total.to_string(),
        subsidy: p.subsidy.to_string(),
        voucher_deduction: p.voucher_deduction.to_string(),
        payable: p.payable.to_string(),
        subsidy_quote,
        vouchers: p
            .vouchers
            .iter()
            .map(|v| AppliedVoucher {
                number: v.number.clone(),
                deduction: v.deduction.to_string(),
                balance_before: v.balance_before.to_string(),
                balance_after: v.balance_after.to_string(),
                lines: v
                    .lines
                    .iter()
                    .map(|s| LineShare {
                        line: s.line.clone(),
                        amount: s.amount.to_string(),
                    })
                    .collect(),
            })
            .collect(),
        lines: p
            .lines
            .iter()
            .map(|l| LinePricing {
                id: l.id.clone(),
                amount: l.amount.to_string(),
                subsidy_eligible: l.subsidy_eligible,
                subsidy: l.subsidy.to_string(),
                voucher_deduction: l.voucher_deduction.to_string(),
                payable: l.payable.to_string(),
            })
            .collect(),
        explanation: explanation(&p.explanation()),
    })
}

/// The vouchers offered at checkout and those refused, with reasons
/// (operation `checkout.offer`).
#[uniffi::export]
pub fn checkout_offer(checkout: Checkout) -> Result<Offer, HuiqiError> {
    guard(|| {
        let offer = checkout.to_core()?.offer().map_err(checkout_error)?;
        Ok(Offer {
            usable: offer
                .usable
                .iter()
                .map(|v| OfferedVoucher {
                    number: v.number.clone(),
                    balance: v.balance.to_string(),
                    valid_to: date_text(v.valid_to),
                    max_deduction: v.max_deduction.to_string(),
                })
                .collect(),
            refused: offer
                .refused
                .iter()
                .map(|v| RefusedVoucher {
                    number: v.number.clone(),
                    reason: Reason {
                        code: v.reason.as_str().to_owned(),
                        message_zh: v.message_zh.clone(),
                        message_en: v.message_en.clone(),
                    },
                })
                .collect(),
        })
    })
}

/// The suggested voucher set and the order priced with it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Suggestion {
    /// The vouchers to use, by number.
    pub selected: Vec<String>,
    /// The order priced with them.
    pub pricing: Pricing,
}

/// The voucher set that deducts the most (ties: soonest expiry), priced
/// (operation `checkout.suggest`).
#[uniffi::export]
pub fn checkout_suggest(checkout: Checkout) -> Result<Suggestion, HuiqiError> {
    guard(|| {
        let core = checkout.to_core()?;
        let (selected, priced) = core.suggest().map_err(checkout_error)?;
        Ok(Suggestion {
            selected,
            pricing: pricing(&core, &priced)?,
        })
    })
}

/// Prices an order with its subsidy and the selected vouchers (operation
/// `checkout.price`).
#[uniffi::export]
pub fn checkout_price(checkout: Checkout, selected: Vec<String>) -> Result<Pricing, HuiqiError> {
    guard(|| {
        let core = checkout.to_core()?;
        let priced = core.price(&selected).map_err(checkout_error)?;
        pricing(&core, &priced)
    })
}

/// A voucher number and an amount taken from or given back to it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VoucherAmount {
    /// Voucher number.
    pub number: String,
    /// Amount.
    pub amount: String,
}

fn amounts(list: &[VoucherAmount]) -> Result<Vec<CoreAmount>, HuiqiError> {
    list.iter()
        .enumerate()
        .map(|(i, d)| {
            Ok(CoreAmount {
                number: d.number.clone(),
                amount: money(&d.amount, &join(&item("deductions", i), "amount"))?,
            })
        })
        .collect()
}

/// The wallet after an order's deductions (operation `checkout.pay`).
#[uniffi::export]
pub fn checkout_pay(
    vouchers: Vec<Voucher>,
    deductions: Vec<VoucherAmount>,
) -> Result<Vec<Voucher>, HuiqiError> {
    guard(|| {
        let wallet = self::vouchers(&vouchers, "vouchers")?;
        let after = core::pay(&wallet, &amounts(&deductions)?).map_err(fail)?;
        Ok(after.iter().map(Voucher::from_core).collect())
    })
}

/// The wallet after a cancelled order's deductions are given back
/// (operation `checkout.cancel`).
#[uniffi::export]
pub fn checkout_cancel(
    vouchers: Vec<Voucher>,
    deductions: Vec<VoucherAmount>,
) -> Result<Vec<Voucher>, HuiqiError> {
    guard(|| {
        let wallet = self::vouchers(&vouchers, "vouchers")?;
        let after = core::cancel(&wallet, &amounts(&deductions)?).map_err(fail)?;
        Ok(after.iter().map(Voucher::from_core).collect())
    })
}

/// Whether a voucher can pay at an instant.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VoucherState {
    /// True when it can pay (scope aside).
    pub usable: bool,
    /// Why not, when it cannot.
    pub reason: Option<Reason>,
    /// Its balance.
    pub balance: String,
    /// Its face value.
    pub face_value: String,
}

/// Whether a voucher can pay at `now` (operation `voucher.status`).
#[uniffi::export]
pub fn voucher_status(voucher: Voucher, now: String) -> Result<VoucherState, HuiqiError> {
    guard(|| {
        let v = voucher.to_core("voucher")?;
        let now = instant(&now, "now")?;
        let reason = v.unusable_reason(now).map(|code| {
            let (zh, en) = core::unusable_text(code);
            Reason {
                code: code.as_str().to_owned(),
                message_zh: zh.to_owned(),
                message_en: en.to_owned(),
            }
        });
        Ok(VoucherState {
            usable: reason.is_none(),
            reason,
            balance: v.balance.to_string(),
            face_value: v.face_value.to_string(),
        })
    })
}

/// What a campaign's vouchers look like.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VoucherTemplate {
    /// Voucher name.
    pub name: String,
    /// Face value.
    pub face_value: String,
    /// First valid day.
    pub valid_from: String,
    /// Last valid day, inclusive.
    pub valid_to: String,
    /// Scope.
    #[uniffi(default)]
    pub scope: VoucherScope,
    /// Billing mode; none means 单独计价.
    #[uniffi(default)]
    pub billing_mode: Option<BillingMode>,
}

/// A listed campaign with a limited stock of vouchers.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Campaign {
    /// Campaign id.
    pub id: String,
    /// Name (活动名称).
    pub name: String,
    /// Start, inclusive (RFC 3339 or `YYYY-MM-DD HH:MM:SS` Shanghai).
    pub starts_at: String,
    /// End, inclusive to the whole second.
    pub ends_at: String,
    /// Vouchers left.
    pub stock: u32,
    /// The voucher each grant issues.
    pub voucher: VoucherTemplate,
    /// Listed (上架).
    #[uniffi(default = true)]
    pub listed: bool,
    /// Vouchers one enterprise may hold from this campaign.
    #[uniffi(default = 1)]
    pub per_enterprise_limit: u32,
}

impl Campaign {
    fn to_core(&self, outer: &str) -> Result<CoreCampaign, HuiqiError> {
        let f = |name: &str| join(outer, name);
        let t = &self.voucher;
        let campaign = CoreCampaign {
            id: self.id.clone(),
            name: self.name.clone(),
            listed: self.listed,
            starts_at: instant(&self.starts_at, &f("starts_at"))?,
            ends_at: instant(&self.ends_at, &f("ends_at"))?,
            stock: self.stock,
            per_enterprise_limit: self.per_enterprise_limit,
            voucher: CoreTemplate {
                name: t.name.clone(),
                face_value: money(&t.face_value, &f("voucher.face_value"))?,
                valid_from: date(&t.valid_from, &f("voucher.valid_from"))?,
                valid_to: date(&t.valid_to, &f("voucher.valid_to"))?,
                scope: t.scope.to_core(),
                billing_mode: billing(t.billing_mode),
            },
        };
        campaign.check().map_err(|e| fail_at(e, outer))?;
        Ok(campaign)
    }
}

/// An enterprise's attempt to apply (立即申请) or grab (抢券).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct GrabAttempt {
    /// Whether the enterprise is certified.
    pub certified: bool,
    /// When.
    pub now: String,
    /// Vouchers it already holds from this campaign.
    #[uniffi(default = 0)]
    pub held: u32,
}

/// A granted attempt.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CampaignGrant {
    /// Stock after the grant.
    pub stock_after: u32,
    /// Vouchers the enterprise holds from the campaign after the grant.
    pub held_after: u32,
    /// The issued voucher, when a number was given for it.
    pub voucher: Option<Voucher>,
}

/// Decides an application or grab; a refusal is a `campaign.*` error, the
/// first reason in a fixed order. With `voucher_number`, the grant also
/// issues the voucher under that number (operation `campaign.grab`).
#[uniffi::export(default(voucher_number = None))]
pub fn campaign_grab(
    campaign: Campaign,
    attempt: GrabAttempt,
    voucher_number: Option<String>,
) -> Result<CampaignGrant, HuiqiError> {
    guard(|| {
        let campaign = campaign.to_core("campaign")?;
        let attempt = CoreAttempt {
            certified: attempt.certified,
            held: attempt.held,
            now: instant(&attempt.now, "attempt.now")?,
        };
        let grant = campaign.grab(&attempt).map_err(fail)?;
        Ok(CampaignGrant {
            stock_after: grant.stock_after,
            held_after: grant.held_after,
            voucher: voucher_number
                .as_deref()
                .map(|n| Voucher::from_core(&campaign.issue(n))),
        })
    })
}
