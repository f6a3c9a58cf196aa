//! `subsidy.quote`, `subsidy.quote_batch` and `policy.load`: subsidy
//! policies as records or documents, and quotes that explain themselves.

use chrono::NaiveDate;
use huiqi_core::money::{Money, Ratio, Rounding as CoreRounding};
use huiqi_core::subsidy::{
    self as core, BatchTerms as CoreBatchTerms, Bound as CoreBound, Caps, Claim as CoreClaim,
    Eligibility, EnterpriseStanding as CoreStanding, ExplanationLine as CoreLine, Format,
    Headroom as CoreHeadroom, PolicySet, QuoteInput, Stacking as CoreStacking, Stage,
    SubsidyPolicy as CorePolicy, SubsidyQuote as CoreQuote, SubsidyUsage as CoreUsage,
};

use crate::convert::{date, date_text, item, join, money, opt_date, opt_money};
use crate::error::{HuiqiError, fail, fail_at, guard};

/// The text format of a policy document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum PolicyFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl PolicyFormat {
    fn core(self) -> Format {
        match self {
            PolicyFormat::Toml => Format::Toml,
            PolicyFormat::Json => Format::Json,
        }
    }
}

/// Where a subsidy policy comes from.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
#[expect(
    clippy::large_enum_variant,
    reason = "uniffi enums cross the FFI by value; a Box has no foreign counterpart"
)]
pub enum PolicySource {
    /// A preset shipped with the library, such as `henan`.
    Preset {
        /// The preset's name.
        name: String,
    },
    /// A TOML or JSON document holding one policy, or several versions
    /// (`[[policies]]`), of which the one in force on the date is used.
    Document {
        /// Its format.
        format: PolicyFormat,
        /// Its text.
        text: String,
    },
    /// A policy given as a record (as `policy_load` returns them).
    Policy {
        /// The policy.
        policy: SubsidyPolicy,
    },
}

/// How a result finer than the fen is brought to the fen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Rounding {
    /// 四舍五入: halves away from zero (the default).
    HalfAwayFromZero,
    /// Banker's rounding: halves to the even fen.
    HalfEven,
    /// 五舍六入: halves toward zero.
    HalfTowardZero,
    /// 进一: any remainder rounds up.
    Up,
    /// 去尾: any remainder is dropped.
    Down,
}

impl From<CoreRounding> for Rounding {
    fn from(r: CoreRounding) -> Rounding {
        match r {
            CoreRounding::HalfAwayFromZero => Rounding::HalfAwayFromZero,
            CoreRounding::HalfEven => Rounding::HalfEven,
            CoreRounding::HalfTowardZero => Rounding::HalfTowardZero,
            CoreRounding::Up => Rounding::Up,
            CoreRounding::Down => Rounding::Down,
        }
    }
}

impl From<Rounding> for CoreRounding {
    fn from(r: Rounding) -> CoreRounding {
        match r {
            Rounding::HalfAwayFromZero => CoreRounding::HalfAwayFromZero,
            Rounding::HalfEven => CoreRounding::HalfEven,
            Rounding::HalfTowardZero => CoreRounding::HalfTowardZero,
            Rounding::Up => CoreRounding::Up,
            Rounding::Down => CoreRounding::Down,
        }
    }
}

/// The order in which subsidy and vouchers apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Stacking {
    /// The subsidy is computed on the full amount; vouchers pay from what is left.
    SubsidyFirst,
    /// Vouchers deduct first; the subsidy is computed on what is left.
    VouchersFirst,
}

impl From<CoreStacking> for Stacking {
    fn from(s: CoreStacking) -> Stacking {
        match s {
            CoreStacking::SubsidyFirst => Stacking::SubsidyFirst,
            CoreStacking::VouchersFirst => Stacking::VouchersFirst,
        }
    }
}

impl From<Stacking> for CoreStacking {
    fn from(s: Stacking) -> CoreStacking {
        match s {
            Stacking::SubsidyFirst => CoreStacking::SubsidyFirst,
            Stacking::VouchersFirst => CoreStacking::VouchersFirst,
        }
    }
}

/// Limits on the subsidy; each optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct PolicyCaps {
    /// Most subsidy one order can get.
    #[uniffi(default)]
    pub per_order: Option<String>,
    /// Most subsidy one enterprise can get in a calendar year.
    #[uniffi(default)]
    pub per_enterprise_per_year: Option<String>,
    /// Total budget of the policy.
    #[uniffi(default)]
    pub budget_pool: Option<String>,
}

/// Who qualifies; an empty list means any.
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct PolicyEligibility {
    /// Region code prefixes (GB/T 2260), such as `41`.
    #[uniffi(default)]
    pub regions: Vec<String>,
    /// Product categories.
    #[uniffi(default)]
    pub categories: Vec<String>,
    /// Provider identifiers.
    #[uniffi(default)]
    pub providers: Vec<String>,
}

/// A subsidy policy.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SubsidyPolicy {
    /// Identifier of the policy family.
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// Share of the base paid as subsidy: `"0.30"` or `"30%"`.
    pub ratio: String,
    /// First day the policy applies, `YYYY-MM-DD`, inclusive.
    pub effective_from: String,
    /// Last day, inclusive; none for open-ended.
    #[uniffi(default)]
    pub effective_to: Option<String>,
    /// Version label, for people.
    #[uniffi(default)]
    pub version: Option<String>,
    /// Rounding rule; none means half away from zero.
    #[uniffi(default)]
    pub rounding: Option<Rounding>,
    /// Stacking order; none means subsidy first.
    #[uniffi(default)]
    pub stacking: Option<Stacking>,
    /// Caps and budget pool.
    #[uniffi(default)]
    pub caps: PolicyCaps,
    /// Eligibility.
    #[uniffi(default)]
    pub eligibility: PolicyEligibility,
}

impl SubsidyPolicy {
    pub(crate) fn from_core(p: &CorePolicy) -> SubsidyPolicy {
        let text = |m: Option<Money>| m.map(|m| m.to_string());
        SubsidyPolicy {
            id: p.id.clone(),
            name: p.name.clone(),
            ratio: p.ratio.to_string(),
            effective_from: date_text(p.effective_from),
            effective_to: p.effective_to.map(date_text),
            version: p.version.clone(),
            rounding: Some(p.rounding.into()),
            stacking: Some(p.stacking.into()),
            caps: PolicyCaps {
                per_order: text(p.caps.per_order),
                per_enterprise_per_year: text(p.caps.per_enterprise_per_year),
                budget_pool: text(p.caps.budget_pool),
            },
            eligibility: PolicyEligibility {
                regions: p.eligibility.regions.clone(),
                categories: p.eligibility.categories.clone(),
                providers: p.eligibility.providers.clone(),
            },
        }
    }

    /// The core policy, checked like a decoded one; problems sit under `outer`.
    fn to_core(&self, outer: &str) -> Result<CorePolicy, HuiqiError> {
        let f = |name: &str| join(outer, name);
        let policy = CorePolicy {
            id: self.id.clone(),
            version: self.version.clone(),
            name: self.name.clone(),
            ratio: Ratio::parse(&self.ratio).map_err(|e| fail_at(e, &f("ratio")))?,
            rounding: self.rounding.map(Into::into).unwrap_or_default(),
            stacking: self.stacking.map(Into::into).unwrap_or_default(),
            effective_from: date(&self.effective_from, &f("effective_from"))?,
            effective_to: opt_date(self.effective_to.as_deref(), &f("effective_to"))?,
            caps: Caps {
                per_order: opt_money(self.caps.per_order.as_deref(), &f("caps.per_order"))?,
                per_enterprise_per_year: opt_money(
                    self.caps.per_enterprise_per_year.as_deref(),
                    &f("caps.per_enterprise_per_year"),
                )?,
                budget_pool: opt_money(self.caps.budget_pool.as_deref(), &f("caps.budget_pool"))?,
            },
            eligibility: Eligibility {
                regions: self.eligibility.regions.clone(),
                categories: self.eligibility.categories.clone(),
                providers: self.eligibility.providers.clone(),
            },
        };
        policy.check().map_err(|e| fail_at(e, outer))?;
        Ok(policy)
    }
}

/// The policy `source` names, for an order on `date`. Problems of a preset
/// name or a policy record sit under `outer`; a document's under its own
/// keys. A document of several versions gives the one in force on `date`
/// (none in force is an error); a single policy is used as it is, and its
/// quote then says when it is not in force.
pub(crate) fn resolve(
    source: &PolicySource,
    outer: &str,
    date: NaiveDate,
) -> Result<CorePolicy, HuiqiError> {
    match source {
        PolicySource::Preset { name } => core::preset(name).map_err(|e| fail_at(e, outer)),
        PolicySource::Policy { policy } => policy.to_core(outer),
        PolicySource::Document { format, text } => {
            let set = PolicySet::load(text, format.core()).map_err(fail)?;
            match set.policies() {
                [one] => Ok(one.clone()),
                _ => set.require_in_force(date).cloned().map_err(fail),
            }
        }
    }
}

/// The enterprise's answer to the one-time eligibility offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Claim {
    /// Not answered yet: no subsidy until claimed.
    Unclaimed,
    /// Claimed (领取).
    Claimed,
    /// Declined (我不要), for good.
    Declined,
}

/// Where an enterprise stands on subsidy eligibility.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct EnterpriseStanding {
    /// Certified (企业认证 passed).
    pub certified: bool,
    /// Its answer to the eligibility offer.
    pub claim: Claim,
    /// Region code (GB/T 2260, such as `410102`), if known.
    #[uniffi(default)]
    pub region: Option<String>,
}

impl EnterpriseStanding {
    pub(crate) fn to_core(&self) -> CoreStanding {
        CoreStanding {
            certified: self.certified,
            claim: match self.claim {
                Claim::Unclaimed => CoreClaim::Unclaimed,
                Claim::Claimed => CoreClaim::Claimed,
                Claim::Declined => CoreClaim::Declined,
            },
            region: self.region.clone(),
        }
    }
}

/// Subsidy already granted, which the caps and the pool count against.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SubsidyUsage {
    /// Subsidy this enterprise already got under the policy this year.
    #[uniffi(default = "0.00")]
    pub enterprise_year_used: String,
    /// Subsidy already granted from the budget pool.
    #[uniffi(default = "0.00")]
    pub pool_used: String,
}

/// Reads optional usage; none is nothing used. Problems sit under `outer`.
pub(crate) fn usage(usage: Option<&SubsidyUsage>, outer: &str) -> Result<CoreUsage, HuiqiError> {
    let Some(u) = usage else {
        return Ok(CoreUsage::default());
    };
    Ok(CoreUsage {
        enterprise_year_used: money(
            &u.enterprise_year_used,
            &join(outer, "enterprise_year_used"),
        )?,
        pool_used: money(&u.pool_used, &join(outer, "pool_used"))?,
    })
}

/// A subsidy quote request (operation `subsidy.quote`).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SubsidyQuoteRequest {
    /// The policy.
    pub policy: PolicySource,
    /// The order total (订单总额).
    pub order_total: String,
    /// The order date, `YYYY-MM-DD` (Asia/Shanghai).
    pub date: String,
    /// The enterprise's standing.
    pub enterprise: EnterpriseStanding,
    /// The confirmed contract amount; when given, the quote is the binding
    /// figure on it instead of the estimate on the order total.
    #[uniffi(default)]
    pub contract_amount: Option<String>,
    /// The order's category, if the policy restricts categories.
    #[uniffi(default)]
    pub category: Option<String>,
    /// The order's provider, if the policy restricts providers.
    #[uniffi(default)]
    pub provider: Option<String>,
    /// Subsidy already granted; none means nothing.
    #[uniffi(default)]
    pub usage: Option<SubsidyUsage>,
}

/// Which figure a quote is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum QuoteStage {
    /// At order time, on the order total (预计优惠).
    Estimate,
    /// At contract confirmation, on the contract amount (预计补贴金额不超过).
    Binding,
}

/// What limited the subsidy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Bound {
    /// Nothing but the ratio.
    Ratio,
    /// The cap per order.
    CapPerOrder,
    /// What was left of the enterprise's yearly cap.
    CapPerEnterpriseYear,
    /// What was left of the budget pool.
    BudgetPool,
    /// The order is not eligible.
    Ineligible,
}

/// A limit with what is already used of it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Headroom {
    /// The limit.
    pub limit: String,
    /// Already used.
    pub used: String,
    /// Left, never below zero.
    pub left: String,
}

impl From<&CoreHeadroom> for Headroom {
    fn from(h: &CoreHeadroom) -> Headroom {
        Headroom {
            limit: h.limit.to_string(),
            used: h.used.to_string(),
            left: h.left.to_string(),
        }
    }
}

/// A reason with its code and both messages.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Reason {
    /// Stable code, such as `subsidy.not_certified`.
    pub code: String,
    /// Chinese.
    pub message_zh: String,
    /// English.
    pub message_en: String,
}

/// One line of an explanation.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ExplanationLine {
    /// What the line is about: `eligibility`, `base`, `ratio`, a cap, `voucher`, `result`, `payable`.
    pub step: String,
    /// True for the line that bound the result.
    pub binding: bool,
    /// Chinese text.
    pub text_zh: String,
    /// English text.
    pub text_en: String,
}

impl From<&CoreLine> for ExplanationLine {
    fn from(l: &CoreLine) -> ExplanationLine {
        ExplanationLine {
            step: l.step.clone(),
            binding: l.binding,
            text_zh: l.text_zh.clone(),
            text_en: l.text_en.clone(),
        }
    }
}

/// Explanation lines as records.
pub(crate) fn explanation(lines: &[CoreLine]) -> Vec<ExplanationLine> {
    lines.iter().map(ExplanationLine::from).collect()
}

/// A quoted subsidy, with everything needed to explain it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SubsidyQuote {
    /// The policy's id.
    pub policy_id: String,
    /// The policy's name.
    pub policy_name: String,
    /// Estimate or binding figure.
    pub stage: QuoteStage,
    /// The amount the ratio applies to.
    pub base: String,
    /// The ratio as a decimal, such as `"0.30"`.
    pub ratio: String,
    /// The ratio as a percentage, such as `"30%"`.
    pub ratio_percent: String,
    /// The rounding rule used.
    pub rounding: Rounding,
    /// ratio × base, rounded: the subsidy before any cap.
    pub by_ratio: String,
    /// The cap per order, if any.
    pub cap_per_order: Option<String>,
    /// The yearly cap and its use, if any.
    pub cap_per_enterprise_year: Option<Headroom>,
    /// The budget pool and its use, if any.
    pub budget_pool: Option<Headroom>,
    /// The subsidy.
    pub subsidy: String,
    /// The base less the subsidy.
    pub payable: String,
    /// What limited the subsidy.
    pub bound_by: Bound,
    /// Why the order gets nothing; empty when eligible.
    pub ineligible: Vec<Reason>,
    /// One-line summary in Chinese (`预计补贴金额不超过 ¥36.00`).
    pub summary_zh: String,
    /// One-line summary in English.
    pub summary_en: String,
    /// The explanation, line by line.
    pub explanation: Vec<ExplanationLine>,
}

impl SubsidyQuote {
    pub(crate) fn from_core(
        policy: &CorePolicy,
        q: &CoreQuote,
    ) -> Result<SubsidyQuote, HuiqiError> {
        Ok(SubsidyQuote {
            policy_id: policy.id.clone(),
            policy_name: policy.name.clone(),
            stage: match q.stage {
                Stage::Estimate => QuoteStage::Estimate,
                Stage::Binding => QuoteStage::Binding,
            },
            base: q.base.to_string(),
            ratio: q.ratio.to_string(),
            ratio_percent: q.ratio.percent_text(),
            rounding: q.rounding.into(),
            by_ratio: q.by_ratio.to_string(),
            cap_per_order: q.cap_per_order.map(|m| m.to_string()),
            cap_per_enterprise_year: q.cap_per_enterprise_year.as_ref().map(Headroom::from),
            budget_pool: q.budget_pool.as_ref().map(Headroom::from),
            subsidy: q.subsidy.to_string(),
            payable: q.payable().to_string(),
            bound_by: match q.bound_by {
                CoreBound::Ratio => Bound::Ratio,
                CoreBound::CapPerOrder => Bound::CapPerOrder,
                CoreBound::CapPerEnterpriseYear => Bound::CapPerEnterpriseYear,
                CoreBound::BudgetPool => Bound::BudgetPool,
                CoreBound::Ineligible => Bound::Ineligible,
            },
            ineligible: q
                .ineligible
                .iter()
                .map(|code| {
                    let (zh, en) = core::ineligible_text(*code);
                    Reason {
                        code: code.as_str().to_owned(),
                        message_zh: zh.to_owned(),
                        message_en: en.to_owned(),
                    }
                })
                .collect(),
            summary_zh: q.summary_zh(),
            summary_en: q.summary_en(),
            explanation: explanation(&q.explanation()),
        })
    }
}

/// Quotes the subsidy for one order: the estimate on the order total, or
/// the binding figure on the contract amount (operation `subsidy.quote`).
#[uniffi::export]
pub fn subsidy_quote(request: SubsidyQuoteRequest) -> Result<SubsidyQuote, HuiqiError> {
    guard(|| {
        let r = &request;
        let day = date(&r.date, "date")?;
        let policy = resolve(&r.policy, "policy", day)?;
        let input = QuoteInput {
            order_total: money(&r.order_total, "order_total")?,
            contract_amount: opt_money(r.contract_amount.as_deref(), "contract_amount")?,
            date: day,
            enterprise: r.enterprise.to_core(),
            category: r.category.clone(),
            provider: r.provider.clone(),
            usage: usage(r.usage.as_ref(), "usage")?,
        };
        SubsidyQuote::from_core(&policy, &policy.quote(&input))
    })
}

/// What every order of a batch shares.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct BatchTerms {
    /// The order date, `YYYY-MM-DD`.
    pub date: String,
    /// The enterprise's standing.
    pub enterprise: EnterpriseStanding,
    /// The orders' category, if the policy restricts categories.
    #[uniffi(default)]
    pub category: Option<String>,
    /// The orders' provider, if the policy restricts providers.
    #[uniffi(default)]
    pub provider: Option<String>,
    /// Subsidy granted before the first order; none means nothing.
    #[uniffi(default)]
    pub usage: Option<SubsidyUsage>,
    /// True when each subsidy draws down the pool and the yearly cap for
    /// the next order; false quotes every order against the same usage.
    #[uniffi(default)]
    pub draw_down: bool,
}

/// Subsidies of a batch.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct BatchQuote {
    /// One subsidy per order total, in order.
    pub subsidies: Vec<String>,
    /// Their sum.
    pub total: String,
}

/// Quotes many orders at once, for simulations (operation `subsidy.quote_batch`).
#[uniffi::export]
pub fn subsidy_quote_batch(
    policy: PolicySource,
    terms: BatchTerms,
    order_totals: Vec<String>,
) -> Result<BatchQuote, HuiqiError> {
    guard(|| {
        let day = date(&terms.date, "terms.date")?;
        let policy = resolve(&policy, "policy", day)?;
        let core_terms = CoreBatchTerms {
            date: day,
            enterprise: terms.enterprise.to_core(),
            category: terms.category.clone(),
            provider: terms.provider.clone(),
            usage: usage(terms.usage.as_ref(), "terms.usage")?,
            draw_down: terms.draw_down,
        };
        let bases = order_totals
            .iter()
            .enumerate()
            .map(|(i, t)| money(t, &item("order_totals", i)).map(Money::to_fen))
            .collect::<Result<Vec<i64>, _>>()?;
        let mut subsidies = vec![0; bases.len()];
        let total = policy
            .quote_batch_fen(&core_terms, &bases, &mut subsidies)
            .map_err(fail)?;
        let subsidies = subsidies
            .into_iter()
            .map(|fen| Money::from_fen(fen).map(|m| m.to_string()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        Ok(BatchQuote {
            subsidies,
            total: Money::from_fen(total).map_err(fail)?.to_string(),
        })
    })
}

/// Policies loaded from a document.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct LoadedPolicies {
    /// Every version, by start date.
    pub policies: Vec<SubsidyPolicy>,
    /// The id of the version in force on the date asked about, if any.
    pub in_force: Option<String>,
}

/// Loads and checks subsidy policies from TOML or JSON; `date` asks which
/// version is in force on it (operation `policy.load`).
#[uniffi::export(default(date = None))]
pub fn policy_load(
    format: PolicyFormat,
    text: String,
    date: Option<String>,
) -> Result<LoadedPolicies, HuiqiError> {
    guard(|| {
        let set = PolicySet::load(&text, format.core()).map_err(fail)?;
        let day = opt_date(date.as_deref(), "date")?;
        Ok(LoadedPolicies {
            policies: set
                .policies()
                .iter()
                .map(SubsidyPolicy::from_core)
                .collect(),
            in_force: day.and_then(|d| set.in_force(d)).map(|p| p.id.clone()),
        })
    })
}

/// The names of the subsidy presets shipped with the library.
#[uniffi::export]
pub fn subsidy_presets() -> Result<Vec<String>, HuiqiError> {
    guard(|| {
        Ok(core::preset_names()
            .into_iter()
            .map(str::to_owned)
            .collect())
    })
}
