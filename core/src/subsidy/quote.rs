//! Quoting a subsidy: the estimate at order time, the binding figure at
//! contract confirmation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::policy::SubsidyPolicy;
use crate::error::Code;
use crate::money::{Money, Ratio, Rounding};

/// Where an enterprise stands on subsidy eligibility (优惠资格).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct EnterpriseStanding {
    /// Certified (企业认证 passed).
    pub certified: bool,
    /// Whether the eligibility was claimed (领取) or declined (我不要).
    pub claim: Claim,
    /// Region code of the enterprise (GB/T 2260, e.g. `410102`), if known:
    /// six digits in a real province.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::validate::enterprise_region"
    )]
    pub region: Option<String>,
}

impl EnterpriseStanding {
    /// A certified enterprise that claimed its eligibility.
    pub fn certified_and_claimed() -> EnterpriseStanding {
        EnterpriseStanding {
            certified: true,
            claim: Claim::Claimed,
            region: None,
        }
    }
}

/// The enterprise's answer to the one-time eligibility offer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Claim {
    /// Not answered yet: no subsidy until claimed.
    #[default]
    Unclaimed,
    /// Claimed (领取): orders get the subsidy.
    Claimed,
    /// Declined (我不要): forfeited for good.
    Declined,
}

/// Subsidy already granted, which caps and the pool count against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct SubsidyUsage {
    /// Subsidy this enterprise already got under the policy this calendar year.
    #[serde(default)]
    pub enterprise_year_used: Money,
    /// Subsidy already granted from the policy's budget pool, all enterprises.
    #[serde(default)]
    pub pool_used: Money,
}

/// What is quoted on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteInput {
    /// The order total (订单总额).
    pub order_total: Money,
    /// The confirmed contract amount (合同金额); when given, the quote is the
    /// binding figure on it instead of the estimate on the order total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_amount: Option<Money>,
    /// The order (or confirmation) date, Asia/Shanghai.
    #[serde(with = "crate::time::date")]
    pub date: NaiveDate,
    /// The enterprise's standing.
    pub enterprise: EnterpriseStanding,
    /// The order's product category, if the policy restricts categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The order's provider, if the policy restricts providers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Subsidy already granted.
    #[serde(default)]
    pub usage: SubsidyUsage,
}

/// Which figure a quote is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// At order time, on the order total (预计优惠).
    Estimate,
    /// At contract confirmation, on the contract amount (预计补贴金额不超过).
    Binding,
}

/// What limited the subsidy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// Nothing but the ratio: subsidy = ratio × base.
    Ratio,
    /// The cap per order.
    CapPerOrder,
    /// What was left of the enterprise's yearly cap.
    CapPerEnterpriseYear,
    /// What was left of the budget pool.
    BudgetPool,
    /// The order is not eligible: no subsidy.
    Ineligible,
}

/// A limit with what is already used of it.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Headroom {
    /// The limit.
    pub limit: Money,
    /// Already used.
    pub used: Money,
    /// Left: limit − used, never below zero.
    pub left: Money,
}

impl Headroom {
    fn new(limit: Money, used: Money) -> Headroom {
        Headroom {
            limit,
            used,
            left: limit.saturating_sub(used),
        }
    }
}

/// A quoted subsidy, with everything needed to explain it.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SubsidyQuote {
    /// Estimate or binding figure.
    pub stage: Stage,
    /// The amount the ratio applies to.
    pub base: Money,
    /// The policy's ratio.
    pub ratio: Ratio,
    /// The rounding rule used.
    pub rounding: Rounding,
    /// ratio × base, rounded: the subsidy before any cap.
    pub by_ratio: Money,
    /// The cap per order, if the policy has one.
    pub cap_per_order: Option<Money>,
    /// The enterprise's yearly cap and its use, if the policy has one.
    pub cap_per_enterprise_year: Option<Headroom>,
    /// The budget pool and its use, if the policy has one.
    pub budget_pool: Option<Headroom>,
    /// The subsidy.
    pub subsidy: Money,
    /// What limited it.
    pub bound_by: Bound,
    /// Why the order gets nothing; empty when eligible.
    pub ineligible: Vec<Code>,
}

impl SubsidyPolicy {
    /// Quotes the subsidy for one order.
    ///
    /// ```
    /// use huiqi_core::subsidy::{preset, EnterpriseStanding, QuoteInput, SubsidyUsage};
    /// use huiqi_core::money::Money;
    /// let henan = preset("henan")?;
    /// let quote = henan.quote(&QuoteInput {
    ///     order_total: Money::parse("245.00")?,
    ///     contract_amount: None,
    ///     date: chrono::NaiveDate::from_ymd_opt(2018, 7, 24).unwrap(),
    ///     enterprise: EnterpriseStanding::certified_and_claimed(),
    ///     category: None,
    ///     provider: None,
    ///     usage: SubsidyUsage::default(),
    /// });
    /// assert_eq!(quote.subsidy.to_string(), "73.50");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quote(&self, input: &QuoteInput) -> SubsidyQuote {
        let (stage, base) = match input.contract_amount {
            Some(contract) => (Stage::Binding, contract),
            None => (Stage::Estimate, input.order_total),
        };
        let ineligible = self.order_reasons(
            input.date,
            &input.enterprise,
            input.category.as_deref(),
            input.provider.as_deref(),
        );
        self.quote_base(stage, base, ineligible, &input.usage)
    }

    /// Reasons an order of `category` from `provider` gets nothing.
    pub(crate) fn order_reasons(
        &self,
        date: NaiveDate,
        enterprise: &EnterpriseStanding,
        category: Option<&str>,
        provider: Option<&str>,
    ) -> Vec<Code> {
        let mut reasons = self.standing_reasons(date, enterprise);
        if !self.eligibility.covers_category(category) {
            reasons.push(Code::SubsidyCategory);
        }
        if !self.eligibility.covers_provider(provider) {
            reasons.push(Code::SubsidyProvider);
        }
        reasons
    }

    /// Reasons the enterprise gets nothing on `date`, whatever it buys.
    pub(crate) fn standing_reasons(
        &self,
        date: NaiveDate,
        enterprise: &EnterpriseStanding,
    ) -> Vec<Code> {
        let mut reasons = Vec::new();
        if !self.in_force_on(date) {
            reasons.push(Code::SubsidyNotInForce);
        }
        if !enterprise.certified {
            reasons.push(Code::SubsidyNotCertified);
        }
        match enterprise.claim {
            Claim::Claimed => {}
            Claim::Unclaimed => reasons.push(Code::SubsidyNotClaimed),
            Claim::Declined => reasons.push(Code::SubsidyDeclined),
        }
        if !self.eligibility.covers_region(enterprise.region.as_deref()) {
            reasons.push(Code::SubsidyRegion);
        }
        reasons
    }

    /// The quote on an already-eligible base (lines outside the policy's
    /// categories and providers already left out), or none if `ineligible`.
    pub(crate) fn quote_base(
        &self,
        stage: Stage,
        base: Money,
        ineligible: Vec<Code>,
        usage: &SubsidyUsage,
    ) -> SubsidyQuote {
        let by_ratio = base.mul_ratio(self.ratio, self.rounding);
        let cap_per_enterprise_year = self
            .caps
            .per_enterprise_per_year
            .map(|limit| Headroom::new(limit, usage.enterprise_year_used));
        let budget_pool = self
            .caps
            .budget_pool
            .map(|limit| Headroom::new(limit, usage.pool_used));

        let (subsidy, bound_by) = if ineligible.is_empty() {
            let limits = Limits {
                per_order: self.caps.per_order.map(Money::to_fen),
                year_left: cap_per_enterprise_year.map(|h| h.left.to_fen()),
                pool_left: budget_pool.map(|h| h.left.to_fen()),
            };
            let (fen, bound) = limits.apply(by_ratio.to_fen());
            // A cap only ever lowers an amount that already was money.
            (Money::from_fen(fen).unwrap_or(by_ratio), bound)
        } else {
            (Money::ZERO, Bound::Ineligible)
        };

        SubsidyQuote {
            stage,
            base,
            ratio: self.ratio,
            rounding: self.rounding,
            by_ratio,
            cap_per_order: self.caps.per_order,
            cap_per_enterprise_year,
            budget_pool,
            subsidy,
            bound_by,
            ineligible,
        }
    }
}

/// What is left under each cap, in fen; `None` where the policy has no such cap.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub(crate) per_order: Option<i64>,
    pub(crate) year_left: Option<i64>,
    pub(crate) pool_left: Option<i64>,
}

impl Limits {
    /// The subsidy after the caps, and what bound it: the tightest cap that
    /// strictly lowers the amount (a cap equal to it does not bind).
    pub(crate) fn apply(self, by_ratio: i64) -> (i64, Bound) {
        let mut subsidy = by_ratio;
        let mut bound = Bound::Ratio;
        for (limit, cap) in [
            (self.per_order, Bound::CapPerOrder),
            (self.year_left, Bound::CapPerEnterpriseYear),
            (self.pool_left, Bound::BudgetPool),
        ] {
            if let Some(limit) = limit
                && limit < subsidy
            {
                subsidy = limit;
                bound = cap;
            }
        }
        (subsidy, bound)
    }
}
