//! `quoter`: a policy's quote on one set of terms, made once, for analysts
//! who quote order after order on the same terms (the twin of the Node
//! `quoter`).
//!
//! `huiqi.quote(policy, total, date=…, certified=…, claim=…)` reads its
//! terms on every call. A `Quoter` reads them once, strictly (as
//! `subsidy.quote_batch` reads them, with the same errors and paths), and
//! keeps the core's `FenQuoter`: eligibility and the tightest cap worked
//! out. Each order is then one amount in and one `Decimal` out, the same
//! figure `quote` gives (a test holds them equal).

use huiqi_core::api::BatchRequest;
use huiqi_core::ffi::python::{guard, money_value};
use huiqi_core::money::Money;
use huiqi_core::subsidy::{BatchTerms, FenQuoter, QuoteInput, SubsidyPolicy, SubsidyQuote};
use pyo3::prelude::*;
use serde_json::{Map, Value};

use crate::quote::{Terms, batch_request, fast_money};

/// A policy's quote on fixed terms: `subsidy(order_total)` per order.
#[pyclass(frozen, module = "huiqi")]
pub(crate) struct Quoter {
    policy: SubsidyPolicy,
    terms: BatchTerms,
    fen: FenQuoter,
}

/// `quoter(policy, *, date, certified, claim, region=None, category=None,
/// provider=None, enterprise_year_used=None, pool_used=None) -> Quoter`:
/// the terms of `quote` read once, for order after order. A
/// `contract_amount` is one order's and is refused (`RequestError` at
/// `contract_amount`): quote that order with `quote`.
///
/// `q.subsidy(order_total)` gives one order's subsidy as a `Decimal`;
/// `q.quote(order_total)` its whole `SubsidyQuote` (figures, reasons, a lazy
/// explanation); `q.policy` the policy in force on `date`. Order totals are
/// `Decimal`, `str` or `int` yuan (a `float` is a `TypeError`). Each figure
/// is `quote`'s for the same order and terms. A refused term raises at the
/// keyword given (`claim`); a refused total at `order_total`.
#[pyfunction]
#[pyo3(signature = (policy, *, date, certified, claim, region=None, category=None, provider=None, enterprise_year_used=None, pool_used=None, contract_amount=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn quoter<'py>(
    policy: &Bound<'py, PyAny>,
    date: &Bound<'py, PyAny>,
    certified: &Bound<'py, PyAny>,
    claim: &Bound<'py, PyAny>,
    region: Option<&Bound<'py, PyAny>>,
    category: Option<&Bound<'py, PyAny>>,
    provider: Option<&Bound<'py, PyAny>>,
    enterprise_year_used: Option<&Bound<'py, PyAny>>,
    pool_used: Option<&Bound<'py, PyAny>>,
    contract_amount: Option<&Bound<'py, PyAny>>,
) -> PyResult<Quoter> {
    // Taken to be refused as JavaScript's handle refuses it, with a code and
    // a reason, rather than as an unknown keyword; `None` is absent.
    if contract_amount.is_some_and(|given| !given.is_none()) {
        let refused: Result<Quoter, huiqi_core::Error> =
            Err(huiqi_core::api::quoter_contract_amount().into());
        return Ok(refused?);
    }
    let terms = Terms {
        date,
        certified,
        claim,
        region,
        category,
        provider,
        enterprise_year_used,
        pool_used,
    };
    // A `subsidy.quote_batch` request of no orders: its policy and terms are
    // decoded, refused and named exactly as that operation's.
    let request = batch_request(policy, Value::Array(Vec::new()), &terms, None)?;
    Ok(guard(|| {
        let request: BatchRequest =
            huiqi_core::call::decode(&request).map_err(crate::quote::flat_terms)?;
        let policy = request
            .policy
            .resolve_at(request.terms.date, "date")?
            .clone();
        let fen = policy.fen_quoter(&request.terms);
        Ok(Quoter {
            policy,
            terms: request.terms,
            fen,
        })
    })?)
}

#[pymethods]
impl Quoter {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let id = pyo3::types::PyString::new(py, &self.policy.id).repr()?;
        Ok(format!("Quoter(policy={id})"))
    }

    /// The subsidy of an order of `order_total` (`Decimal`, `str` or `int`
    /// yuan; a `float` or `bool` is a `TypeError`), as `quote` gives it.
    fn subsidy(&self, order_total: &Bound<'_, PyAny>) -> PyResult<Money> {
        let total = amount(order_total)?;
        let (subsidy, _) = self.fen.quote(total.to_fen());
        Ok(guard(|| Ok(Money::from_fen(subsidy)?))?)
    }

    /// The whole quote of an order (a `SubsidyQuote`, explained when read),
    /// as `quote` gives it on these terms.
    fn quote(&self, order_total: &Bound<'_, PyAny>) -> PyResult<SubsidyQuote> {
        let input = QuoteInput {
            order_total: amount(order_total)?,
            contract_amount: None,
            date: self.terms.date,
            enterprise: self.terms.enterprise.clone(),
            category: self.terms.category.clone(),
            provider: self.terms.provider.clone(),
            usage: self.terms.usage,
        };
        Ok(guard(|| Ok(self.policy.quote(&input)))?)
    }

    /// The policy the quotes are made under.
    #[getter]
    fn policy(&self) -> SubsidyPolicy {
        self.policy.clone()
    }
}

/// An order total: at once when it reads, else decoded strictly, refused at
/// `order_total` as `quote` refuses it.
fn amount(obj: &Bound<'_, PyAny>) -> PyResult<Money> {
    if let Some(total) = fast_money(obj) {
        return Ok(total);
    }
    let mut request = Map::new();
    request.insert("order_total".into(), money_value(obj, "order_total")?);
    let request = Value::Object(request);
    Ok(guard(|| {
        let total: OrderTotal = huiqi_core::call::decode(&request)?;
        Ok(total.order_total)
    })?)
}

/// An order total as requests carry it.
#[derive(serde::Deserialize)]
struct OrderTotal {
    order_total: Money,
}
