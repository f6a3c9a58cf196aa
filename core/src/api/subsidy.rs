//! `subsidy.quote`, `subsidy.quote_batch` and `policy.load`.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Code, Error, Problem};
use crate::limits::{Document, LargeList, MAX_BATCH_ORDERS};
use crate::money::{Money, Ratio, Rounding};
pub use crate::subsidy::PolicySource;
use crate::subsidy::{
    BatchTerms, Bound, EnterpriseStanding, ExplanationLine, Format, Headroom, PolicySet,
    QuoteInput, Stage, SubsidyPolicy, SubsidyQuote, SubsidyUsage, ineligible_text,
};

/// `subsidy.quote`: one order's subsidy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct QuoteRequest {
    /// The policy.
    pub policy: PolicySource,
    /// The order total (订单总额).
    pub order_total: Money,
    /// The confirmed contract amount (合同金额): the binding figure is quoted on it.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub contract_amount: Option<Money>,
    /// The order date, Asia/Shanghai.
    #[serde(with = "crate::time::date")]
    pub date: NaiveDate,
    /// The enterprise's standing.
    pub enterprise: EnterpriseStanding,
    /// The order's category, if the policy restricts categories.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub category: Option<String>,
    /// The order's provider, if the policy restricts providers.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub provider: Option<String>,
    /// Subsidy already granted.
    #[serde(default)]
    pub usage: SubsidyUsage,
}

/// Why an order gets nothing, in both languages.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Reason {
    /// The stable code (`subsidy.not_claimed`, …).
    pub code: Code,
    /// In Chinese.
    pub message_zh: String,
    /// In English.
    pub message_en: String,
}

impl Reason {
    pub(crate) fn of(code: Code, text: (&str, &str)) -> Reason {
        Reason {
            code,
            message_zh: text.0.to_owned(),
            message_en: text.1.to_owned(),
        }
    }
}

/// A quoted subsidy, explained.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct QuoteAnswer {
    /// The policy applied.
    pub policy_id: String,
    /// Its name.
    pub policy_name: String,
    /// Estimate (on the order total) or binding figure (on the contract).
    pub stage: Stage,
    /// The amount the ratio applies to.
    pub base: Money,
    /// The policy's ratio.
    pub ratio: Ratio,
    /// The rounding rule.
    pub rounding: Rounding,
    /// ratio × base, rounded: before any cap.
    pub by_ratio: Money,
    /// The cap per order, if any.
    pub cap_per_order: Option<Money>,
    /// The yearly cap and its use, if any.
    pub cap_per_enterprise_year: Option<Headroom>,
    /// The budget pool and its use, if any.
    pub budget_pool: Option<Headroom>,
    /// The subsidy.
    pub subsidy: Money,
    /// Left to pay: base − subsidy (优惠后总额).
    pub payable: Money,
    /// What limited the subsidy.
    pub bound_by: Bound,
    /// Why the order gets nothing; empty when eligible.
    pub ineligible: Vec<Reason>,
    /// One line in Chinese ("预计补贴 ¥73.50").
    pub summary_zh: String,
    /// One line in English.
    pub summary_en: String,
    /// Every step, in both languages.
    pub explanation: Vec<ExplanationLine>,
}

/// Quotes one order: the estimate on its total, or the binding figure on
/// its contract amount.
pub fn subsidy_quote(request: QuoteRequest) -> Result<QuoteAnswer, Error> {
    let policy = request.policy.resolve_at(request.date, "date")?;
    let input = QuoteInput {
        order_total: request.order_total,
        contract_amount: request.contract_amount,
        date: request.date,
        enterprise: request.enterprise,
        category: request.category,
        provider: request.provider,
        usage: request.usage,
    };
    Ok(QuoteAnswer::of(policy, policy.quote(&input)))
}

impl QuoteAnswer {
    /// The answer for `quote`, made under `policy`: its explanation, summaries
    /// and reasons written out (the one place that writes them, for the JSON
    /// call API and every binding's lazily built answer).
    pub fn of(policy: &SubsidyPolicy, quote: SubsidyQuote) -> QuoteAnswer {
        QuoteAnswer {
            payable: quote.payable(),
            ineligible: quote
                .ineligible
                .iter()
                .map(|code| Reason::of(*code, ineligible_text(*code)))
                .collect(),
            summary_zh: quote.summary_zh(),
            summary_en: quote.summary_en(),
            explanation: quote.explanation(),
            policy_id: policy.id.clone(),
            policy_name: policy.name.clone(),
            stage: quote.stage,
            base: quote.base,
            ratio: quote.ratio,
            rounding: quote.rounding,
            by_ratio: quote.by_ratio,
            cap_per_order: quote.cap_per_order,
            cap_per_enterprise_year: quote.cap_per_enterprise_year,
            budget_pool: quote.budget_pool,
            subsidy: quote.subsidy,
            bound_by: quote.bound_by,
        }
    }
}

/// `subsidy.quote_batch`: many orders under one policy and standing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// The policy.
    pub policy: PolicySource,
    /// What every order shares.
    pub terms: BatchTerms,
    /// The orders' totals (at most 1,000,000, [`MAX_BATCH_ORDERS`]).
    #[serde(deserialize_with = "order_totals")]
    pub order_totals: Vec<Money>,
}

fn order_totals<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Money>, D::Error> {
    LargeList::<Money, MAX_BATCH_ORDERS>::deserialize(d).map(|l| l.0)
}

/// One subsidy per order, and their total.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct BatchAnswer {
    /// One subsidy per order, in order.
    pub subsidies: Vec<Money>,
    /// Their sum; `null` when it is larger than the largest amount (then
    /// `problems` says so).
    pub total: Option<Money>,
    /// What could not be answered (a total too large), each at its field.
    pub problems: Vec<Problem>,
}

/// Quotes many orders at once (for simulations).
pub fn subsidy_quote_batch(request: BatchRequest) -> Result<BatchAnswer, Error> {
    let policy = request
        .policy
        .resolve_at(request.terms.date, "terms.date")?;
    let bases: Vec<i64> = request.order_totals.iter().map(|m| m.to_fen()).collect();
    let mut subsidies = vec![0; bases.len()];
    let total = policy.quote_batch_fen(&request.terms, &bases, &mut subsidies)?;
    // Each subsidy is at most its order, so each fits; their sum may not.
    let subsidies = subsidies
        .into_iter()
        .map(Money::from_fen)
        .collect::<Result<Vec<_>, _>>()?;
    let (total, problems) = match Money::from_fen(total) {
        Ok(total) => (Some(total), Vec::new()),
        Err(_) => (
            None,
            vec![Problem::new(
                Code::MoneyOverflow,
                Some("total"),
                "各笔补贴之和超出支持的最大金额 999999999999999.99，每笔补贴照常给出",
                "the subsidies add up to more than the largest supported amount 999999999999999.99; each subsidy is still given",
            )],
        ),
    };
    Ok(BatchAnswer {
        subsidies,
        total,
        problems,
    })
}

/// `policy.load`: policy documents, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct LoadRequest {
    /// `toml` or `json`.
    pub format: Format,
    /// The document (at most 1 MiB): one policy, or `[[policies]]` /
    /// `{"policies": [...]}`.
    #[serde(deserialize_with = "document")]
    pub text: String,
    /// A date to report the policy in force on.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, with = "crate::time::option_date")]
    pub date: Option<NaiveDate>,
}

fn document<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Document::deserialize(d).map(|doc| doc.0)
}

/// The policies of a document.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LoadedPolicies {
    /// Every version, earliest start first.
    pub policies: Vec<SubsidyPolicy>,
    /// The id of the one in force on the request's date, if a date was given
    /// and one is.
    pub in_force: Option<String>,
}

/// Loads and checks policies from TOML or JSON. Schema errors name the key
/// inside the document (`caps.per_order`); a document that is not TOML or
/// JSON at all is about the `text` field.
pub fn policy_load(request: LoadRequest) -> Result<LoadedPolicies, Error> {
    let set = PolicySet::load(&request.text, request.format)
        .map_err(|e| Error::from(e).at_input("text"))?;
    let in_force = request
        .date
        .and_then(|d| set.in_force(d))
        .map(|p| p.id.clone());
    Ok(LoadedPolicies {
        policies: set.policies().to_vec(),
        in_force,
    })
}

/// A quoter (Python's `huiqi.quoter`, JavaScript's `quoter`) given a
/// contract amount: it is one order's (the binding quote is on it, whatever
/// the order's total), so a handle holding one would quote every order
/// alike. Refused at `contract_amount` by both.
pub fn quoter_contract_amount() -> Problem {
    Problem::new(
        crate::error::Code::InvalidRequest,
        Some("contract_amount"),
        "合同金额属于单个订单（按它给出约束性报价，与订单总额无关）：请逐单报价（`quote`）",
        "a contract amount is one order's (its binding quote is on it, whatever the order's total): quote that order with `quote`",
    )
}

/// The problems of a `subsidy.quote` or `subsidy.quote_batch` request that a
/// binding built from flat keywords (`quote(policy, total, date=…,
/// claim=…)`), each named at the keyword given: `claim`, not
/// `enterprise.claim` or `terms.enterprise.claim`. One mapping for every
/// binding that offers the flat form.
pub fn flat_terms(problems: Vec<Problem>) -> Vec<Problem> {
    let flat = |field: &str| -> Option<String> {
        let inner = field.strip_prefix("terms.").unwrap_or(field);
        ["enterprise.", "usage."]
            .into_iter()
            .find_map(|group| inner.strip_prefix(group))
            .or((inner != field).then_some(inner))
            .map(str::to_owned)
    };
    problems
        .into_iter()
        .map(|problem| match problem.field.as_deref().and_then(flat) {
            Some(keyword) => problem.at(keyword),
            None => problem,
        })
        .collect()
}
