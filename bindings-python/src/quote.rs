//! `quote`: one order's subsidy, typed and fast, for analysts who quote
//! order after order from Python; `quote_batch_decimal`; and the terms the
//! batch functions share.
//!
//! The answer is the core's `SubsidyQuote`, whose amounts become `Decimal`
//! only when read and whose explanation is built only when read. The usual
//! call takes a fast path: a policy object or preset name, amounts as
//! `Decimal`, `str` or `int`, a date, a `bool` and a claim, nothing else.
//! Any other call, and any call the fast path cannot answer, becomes the
//! `subsidy.quote` request and goes through the core's strict decoding, so
//! both paths answer alike and every refusal is the core's.

use std::cell::RefCell;

use chrono::NaiveDate;
use huiqi_core::api::QuoteRequest;
use huiqi_core::ffi::python::{decimal_class, guard, money_value, refused, to_value_at};
use huiqi_core::money::Money;
use huiqi_core::subsidy::{Claim, EnterpriseStanding, QuoteInput, SubsidyPolicy, SubsidyQuote};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFrozenSet, PyInt, PySet, PyString, PyType};
use serde_json::{Map, Value};

use crate::operations::run;

/// What a quote or a batch is given besides the policy and the amounts.
pub(crate) struct Terms<'a, 'py> {
    pub(crate) date: &'a Bound<'py, PyAny>,
    pub(crate) certified: &'a Bound<'py, PyAny>,
    pub(crate) claim: &'a Bound<'py, PyAny>,
    pub(crate) region: Option<&'a Bound<'py, PyAny>>,
    pub(crate) category: Option<&'a Bound<'py, PyAny>>,
    pub(crate) provider: Option<&'a Bound<'py, PyAny>>,
    pub(crate) enterprise_year_used: Option<&'a Bound<'py, PyAny>>,
    pub(crate) pool_used: Option<&'a Bound<'py, PyAny>>,
}

/// An optional argument that was given (`None` counts as not given).
fn given<'a, 'py>(obj: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    obj.filter(|o| !o.is_none())
}

impl Terms<'_, '_> {
    /// The terms as the keys of a `subsidy.quote` request or of a batch's
    /// `terms`.
    pub(crate) fn write(&self, into: &mut Map<String, Value>) -> PyResult<()> {
        let mut enterprise = Map::new();
        enterprise.insert(
            "certified".into(),
            to_value_at(self.certified, "certified")?,
        );
        enterprise.insert("claim".into(), to_value_at(self.claim, "claim")?);
        if let Some(region) = given(self.region) {
            enterprise.insert("region".into(), to_value_at(region, "region")?);
        }
        let mut usage = Map::new();
        for (key, amount) in [
            ("enterprise_year_used", self.enterprise_year_used),
            ("pool_used", self.pool_used),
        ] {
            if let Some(amount) = given(amount) {
                usage.insert(key.into(), money_value(amount, key)?);
            }
        }
        into.insert("date".into(), to_value_at(self.date, "date")?);
        into.insert("enterprise".into(), Value::Object(enterprise));
        for (key, value) in [("category", self.category), ("provider", self.provider)] {
            if let Some(value) = given(value) {
                into.insert(key.into(), to_value_at(value, key)?);
            }
        }
        into.insert("usage".into(), Value::Object(usage));
        Ok(())
    }
}

/// Quotes the subsidy of one order.
///
/// `policy` is a `SubsidyPolicy`, a preset name (`"henan"`), a policy dict
/// or a list of versions (the one in force on `date` applies). Amounts are
/// `Decimal`, `str` or `int` (yuan); a `float` or a `bool` is a `TypeError`.
/// `date` is a `datetime.date` or `"YYYY-MM-DD"` (Asia/Shanghai);
/// `certified` and `claim` (`"claimed"`, `"unclaimed"`, `"declined"`) are
/// the enterprise's standing, `region` its GB/T 2260 code. With
/// `contract_amount` the quote is the binding figure on the contract.
///
/// Returns a `SubsidyQuote`: an ineligible order is a quote of ¥0.00 that
/// says why. Refused input raises a `HuiqiError` subclass.
#[pyfunction]
#[pyo3(signature = (policy, order_total, *, date, certified, claim, region=None, contract_amount=None, category=None, provider=None, enterprise_year_used=None, pool_used=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn quote<'py>(
    policy: &Bound<'py, PyAny>,
    order_total: &Bound<'py, PyAny>,
    date: &Bound<'py, PyAny>,
    certified: &Bound<'py, PyAny>,
    claim: &Bound<'py, PyAny>,
    region: Option<&Bound<'py, PyAny>>,
    contract_amount: Option<&Bound<'py, PyAny>>,
    category: Option<&Bound<'py, PyAny>>,
    provider: Option<&Bound<'py, PyAny>>,
    enterprise_year_used: Option<&Bound<'py, PyAny>>,
    pool_used: Option<&Bound<'py, PyAny>>,
) -> PyResult<SubsidyQuote> {
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
    let contract_amount = given(contract_amount);
    if let Some((policy, input)) = fast(policy, order_total, contract_amount, &terms) {
        return Ok(guard(|| Ok(policy.get().quote(&input)))?);
    }
    let mut request = Map::new();
    request.insert("policy".into(), to_value_at(policy, "policy")?);
    request.insert(
        "order_total".into(),
        money_value(order_total, "order_total")?,
    );
    if let Some(amount) = contract_amount {
        request.insert(
            "contract_amount".into(),
            money_value(amount, "contract_amount")?,
        );
    }
    terms.write(&mut request)?;
    let mut request = Value::Object(request);
    Ok(guard(|| {
        let whole: QuoteRequest = huiqi_core::call::decode(&request).map_err(flat_terms)?;
        let policy = whole.policy.resolve_at(whole.date, "date")?;
        // The rest is the quote's input, field for field.
        if let Value::Object(fields) = &mut request {
            fields.remove("policy");
        }
        Ok(policy.quote(&huiqi_core::call::decode::<QuoteInput>(&request)?))
    })?)
}

/// A refusal of the request the flat keywords made, named at the keyword
/// the caller gave (`claim`, not `terms.enterprise.claim`).
pub(crate) fn flat_terms(error: huiqi_core::Error) -> huiqi_core::Error {
    let mut problems = huiqi_core::Violations::new();
    problems.extend(huiqi_core::api::flat_terms(error.problems()));
    huiqi_core::Error::Invalid(problems)
}

/// The policy and input of the usual call, or `None` for the strict path.
/// Nothing here refuses: whatever does not read goes the strict way.
fn fast<'py>(
    policy: &Bound<'py, PyAny>,
    order_total: &Bound<'py, PyAny>,
    contract_amount: Option<&Bound<'py, PyAny>>,
    terms: &Terms<'_, 'py>,
) -> Option<(Bound<'py, SubsidyPolicy>, QuoteInput)> {
    if [terms.region, terms.category, terms.provider]
        .into_iter()
        .any(|o| given(o).is_some())
    {
        return None;
    }
    let amount = |obj: Option<&Bound<'py, PyAny>>| match given(obj) {
        None => Some(None),
        Some(obj) => fast_money(obj).map(Some),
    };
    let (date, claim) = RECENT.with(|r| {
        Some((
            r.date.get(terms.date, read_date)?,
            r.claim.get(terms.claim, read_claim)?,
        ))
    })?;
    let mut input = QuoteInput {
        order_total: fast_money(order_total)?,
        contract_amount: amount(contract_amount)?,
        date,
        enterprise: EnterpriseStanding {
            certified: terms.certified.cast_exact::<PyBool>().ok()?.is_true(),
            claim,
            region: None,
        },
        category: None,
        provider: None,
        usage: Default::default(),
    };
    input.usage.enterprise_year_used = amount(terms.enterprise_year_used)?.unwrap_or(Money::ZERO);
    input.usage.pool_used = amount(terms.pool_used)?.unwrap_or(Money::ZERO);
    Some((fast_policy(policy)?, input))
}

static PRESETS: PyOnceLock<Vec<(&'static str, Py<SubsidyPolicy>)>> = PyOnceLock::new();

/// A policy object, or a preset's object made once.
fn fast_policy<'py>(policy: &Bound<'py, PyAny>) -> Option<Bound<'py, SubsidyPolicy>> {
    if let Ok(policy) = policy.cast::<SubsidyPolicy>() {
        return Some(policy.clone());
    }
    let name = policy.cast_exact::<PyString>().ok()?.to_str().ok()?;
    let py = policy.py();
    let presets = PRESETS.get_or_init(py, || {
        let names = huiqi_core::subsidy::preset_names().into_iter();
        let loaded = names.map(|n| {
            (
                n,
                huiqi_core::subsidy::preset(n)
                    .ok()
                    .and_then(|p| Py::new(py, p).ok()),
            )
        });
        loaded.filter_map(|(n, p)| Some((n, p?))).collect()
    });
    presets
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p.bind(py).clone())
}

/// An amount as the core would read it, when it reads.
pub(crate) fn fast_money(obj: &Bound<'_, PyAny>) -> Option<Money> {
    if obj.is_exact_instance_of::<PyInt>() {
        return Money::from_yuan(obj.extract().ok()?).ok();
    }
    let text = if obj.get_type().is(decimal_class(obj.py()).ok()?) {
        obj.str().ok()?
    } else {
        obj.cast_exact::<PyString>().ok()?.clone()
    };
    // Long text may break a request limit: the strict path tells.
    text.to_str()
        .ok()
        .filter(|t| t.len() <= 40)
        .and_then(|t| Money::parse(t).ok())
}

fn read_date(obj: &Bound<'_, PyAny>) -> Option<NaiveDate> {
    static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    if obj
        .get_type()
        .is(DATE.import(obj.py(), "datetime", "date").ok()?)
    {
        return obj.extract().ok();
    }
    huiqi_core::time::parse_date(obj.cast_exact::<PyString>().ok()?.to_str().ok()?).ok()
}

fn read_claim(obj: &Bound<'_, PyAny>) -> Option<Claim> {
    let name = obj.cast_exact::<PyString>().ok()?.to_str().ok()?;
    huiqi_core::call::decode(&Value::String(name.to_owned())).ok()
}

/// The last immutable argument read and what it read as: analysts quote
/// order after order with the same date and standing, and reading them
/// again each time would cost more than the quote. The object is held, so
/// its identity cannot pass to another object meanwhile.
struct Last<T>(RefCell<Option<(Py<PyAny>, T)>>);

impl<T: Copy> Last<T> {
    fn get(&self, obj: &Bound<'_, PyAny>, read: fn(&Bound<'_, PyAny>) -> Option<T>) -> Option<T> {
        if let Some((_, value)) = self
            .0
            .borrow()
            .as_ref()
            .filter(|(last, _)| last.as_ptr() == obj.as_ptr())
        {
            return Some(*value);
        }
        let value = read(obj)?;
        self.0.replace(Some((obj.clone().unbind(), value)));
        Some(value)
    }
}

/// The last date and claim read, on this thread.
struct Recent {
    date: Last<NaiveDate>,
    claim: Last<Claim>,
}

thread_local! {
    static RECENT: Recent = const { Recent { date: Last(RefCell::new(None)), claim: Last(RefCell::new(None)) } };
}

/// Amounts listed in order, each read as a money argument.
pub(crate) fn money_list(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    if obj.is_instance_of::<PyDict>() {
        // Its keys are not amounts: the core refuses an object for a list, in its words.
        return to_value_at(obj, name);
    }
    let (zh, en) = if obj.is_instance_of::<PySet>() || obj.is_instance_of::<PyFrozenSet>() {
        (
            "集合没有顺序，请传入金额列表",
            "a set has no order: pass a list of amounts",
        )
    } else {
        ("应为金额列表", "expected a sequence of amounts")
    };
    let refuse = || refused(obj.py(), Some(name), zh.to_owned(), en.to_owned());
    let text = obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>();
    if text || obj.is_instance_of::<PySet>() || obj.is_instance_of::<PyFrozenSet>() {
        return Err(refuse());
    }
    let items = obj.try_iter().map_err(|_| refuse())?;
    let amounts = items
        .enumerate()
        .map(|(i, item)| money_value(&item?, &format!("{name}[{i}]")));
    amounts.collect::<PyResult<Vec<_>>>().map(Value::Array)
}

/// A `subsidy.quote_batch` request.
pub(crate) fn batch_request(
    policy: &Bound<'_, PyAny>,
    order_totals: Value,
    terms: &Terms<'_, '_>,
    draw_down: Option<&Bound<'_, PyAny>>,
) -> PyResult<Value> {
    let mut shared = Map::new();
    terms.write(&mut shared)?;
    if let Some(draw_down) = given(draw_down) {
        shared.insert("draw_down".into(), to_value_at(draw_down, "draw_down")?);
    }
    let mut request = Map::new();
    request.insert("policy".into(), to_value_at(policy, "policy")?);
    request.insert("terms".into(), Value::Object(shared));
    request.insert("order_totals".into(), order_totals);
    Ok(Value::Object(request))
}

/// Quotes many orders given as amounts (`Decimal`, `str` or `int` each) and
/// returns one subsidy `Decimal` per order. Same terms as `quote_batch`; for
/// large simulations use `quote_batch` on an int64 array of fen.
#[pyfunction]
#[pyo3(signature = (policy, order_totals, *, date, certified, claim, region=None, category=None, provider=None, enterprise_year_used=None, pool_used=None, draw_down=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn quote_batch_decimal<'py>(
    py: Python<'py>,
    policy: &Bound<'py, PyAny>,
    order_totals: &Bound<'py, PyAny>,
    date: &Bound<'py, PyAny>,
    certified: &Bound<'py, PyAny>,
    claim: &Bound<'py, PyAny>,
    region: Option<&Bound<'py, PyAny>>,
    category: Option<&Bound<'py, PyAny>>,
    provider: Option<&Bound<'py, PyAny>>,
    enterprise_year_used: Option<&Bound<'py, PyAny>>,
    pool_used: Option<&Bound<'py, PyAny>>,
    draw_down: Option<&Bound<'py, PyAny>>,
) -> PyResult<Vec<Money>> {
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
    let request = batch_request(
        policy,
        money_list(order_totals, "order_totals")?,
        &terms,
        draw_down,
    )?;
    Ok(run(py, request, huiqi_core::api::subsidy_quote_batch)?.subsidies)
}
