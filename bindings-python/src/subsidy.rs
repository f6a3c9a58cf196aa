//! Subsidy policies, single quotes and the Decimal batch.

use huiqi_core::subsidy::{PolicySet as CorePolicySet, SubsidyPolicy as CorePolicy};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde_json::{Map, Value, json};

use crate::call::run;
use crate::convert;
use crate::errors::{core_call, raise, raise_one};

/// Money paths of a serialised policy.
const POLICY_MONEY: &[&str] = &[
    "ratio",
    "caps.per_order",
    "caps.per_enterprise_per_year",
    "caps.budget_pool",
];

/// Money paths of a `subsidy.quote` answer.
pub(crate) const QUOTE_MONEY: &[&str] = &[
    "base",
    "ratio",
    "by_ratio",
    "cap_per_order",
    "cap_per_enterprise_year.limit",
    "cap_per_enterprise_year.used",
    "cap_per_enterprise_year.left",
    "budget_pool.limit",
    "budget_pool.used",
    "budget_pool.left",
    "subsidy",
    "payable",
];

fn internal(py: Python<'_>) -> PyErr {
    raise(py, vec![huiqi_core::call::internal_problem()])
}

fn encode<T: serde::Serialize>(py: Python<'_>, value: &T) -> PyResult<Value> {
    serde_json::to_value(value).map_err(|_| internal(py))
}

/// A subsidy policy: a preset (`SubsidyPolicy.preset("henan")`) or one
/// loaded strictly from TOML, JSON or a dict. Pass it wherever a policy is
/// expected (`quote`, `quote_batch`, a checkout's `subsidy.policy`).
#[pyclass(module = "huiqi", frozen)]
pub(crate) struct SubsidyPolicy {
    pub(crate) inner: CorePolicy,
}

#[pymethods]
impl SubsidyPolicy {
    /// A policy that ships with huiqi, by name (`"henan"`: 30%).
    #[staticmethod]
    fn preset(py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<SubsidyPolicy> {
        let name = convert::text(name, "name")?;
        let inner = core_call(py, || huiqi_core::subsidy::preset(&name))?;
        Ok(SubsidyPolicy { inner })
    }

    /// Names of the presets that ship with huiqi.
    #[staticmethod]
    fn presets() -> Vec<&'static str> {
        huiqi_core::subsidy::preset_names()
    }

    /// Loads one policy from TOML text, strictly: an unknown or misplaced key
    /// is a `PolicyError` naming its path.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<SubsidyPolicy> {
        let text = convert::text(text, "text")?;
        let inner = core_call(py, || CorePolicy::from_toml(&text))?;
        Ok(SubsidyPolicy { inner })
    }

    /// Loads one policy from JSON text, strictly.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<SubsidyPolicy> {
        let text = convert::text(text, "text")?;
        let inner = core_call(py, || CorePolicy::from_json(&text))?;
        Ok(SubsidyPolicy { inner })
    }

    /// Loads one policy from a dict (money as `Decimal` or `str`; a float is
    /// a `TypeError`), strictly.
    #[staticmethod]
    fn from_dict(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<SubsidyPolicy> {
        let value = convert::to_json_named(document, "")?;
        let inner = core_call(py, || CorePolicy::from_json_value(value))?;
        Ok(SubsidyPolicy { inner })
    }

    /// The policy's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The policy's version, if it has one.
    #[getter]
    fn version(&self) -> Option<&str> {
        self.inner.version.as_deref()
    }

    /// The policy's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The ratio as a Decimal fraction (`Decimal("0.30")` for 30%).
    #[getter]
    fn ratio<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "ratio")
    }

    /// The rounding rule's name (`half_away_from_zero`, …).
    #[getter]
    fn rounding(&self) -> &'static str {
        self.inner.rounding.name()
    }

    /// `subsidy_first` or `vouchers_first`.
    #[getter]
    fn stacking<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "stacking")
    }

    /// First day in force (`datetime.date`, Asia/Shanghai, inclusive).
    #[getter]
    fn effective_from<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::date(
            py,
            &self.inner.effective_from.format("%Y-%m-%d").to_string(),
        )
    }

    /// Last day in force (inclusive), or None.
    #[getter]
    fn effective_to<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.inner.effective_to {
            Some(d) => convert::date(py, &d.format("%Y-%m-%d").to_string()),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The caps: `{"per_order": Decimal | None, "per_enterprise_per_year": …, "budget_pool": …}`.
    #[getter]
    fn caps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let caps = &self.inner.caps;
        let value = json!({
            "per_order": caps.per_order,
            "per_enterprise_per_year": caps.per_enterprise_per_year,
            "budget_pool": caps.budget_pool,
        });
        convert::from_json(
            py,
            &value,
            &["per_order", "per_enterprise_per_year", "budget_pool"],
        )
    }

    /// The eligibility lists: `{"regions": [...], "categories": [...], "providers": [...]}`.
    #[getter]
    fn eligibility<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let e = &self.inner.eligibility;
        let value = json!({
            "regions": e.regions,
            "categories": e.categories,
            "providers": e.providers,
        });
        convert::from_json(py, &value, &[])
    }

    /// The policy as a dict (money as Decimal), which `from_dict` reads back.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json(py, &encode(py, &self.inner)?, POLICY_MONEY)
    }

    /// The policy as JSON text, which `from_json` reads back.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|_| internal(py))
    }

    /// Quotes one order: see `huiqi.quote`.
    #[pyo3(signature = (order_total, *, date, certified, claim, region=None, contract_amount=None, category=None, provider=None, enterprise_year_used=None, pool_used=None))]
    #[allow(clippy::too_many_arguments)]
    fn quote(
        slf: &Bound<'_, Self>,
        order_total: &Bound<'_, PyAny>,
        date: &Bound<'_, PyAny>,
        certified: &Bound<'_, PyAny>,
        claim: &Bound<'_, PyAny>,
        region: Option<&Bound<'_, PyAny>>,
        contract_amount: Option<&Bound<'_, PyAny>>,
        category: Option<&Bound<'_, PyAny>>,
        provider: Option<&Bound<'_, PyAny>>,
        enterprise_year_used: Option<&Bound<'_, PyAny>>,
        pool_used: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Quote> {
        quote(
            slf.py(),
            slf.as_any(),
            order_total,
            date,
            certified,
            claim,
            region,
            contract_amount,
            category,
            provider,
            enterprise_year_used,
            pool_used,
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "SubsidyPolicy(id={:?}, name={:?}, ratio={:?})",
            self.inner.id,
            self.inner.name,
            self.inner.ratio.percent_text()
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<SubsidyPolicy>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let from_json = slf.get_type().getattr("from_json")?;
        let text = slf.get().to_json(py)?;
        Ok((from_json, PyTuple::new(py, [text])?))
    }
}

impl SubsidyPolicy {
    fn item<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        let value = encode(py, &self.inner)?;
        let item = value.get(key).ok_or_else(|| internal(py))?;
        let money: &[&str] = if POLICY_MONEY.contains(&key) {
            &[""]
        } else {
            &[]
        };
        convert::from_json(py, item, money)
    }
}

/// Several versions of a policy; the one in force on a date is chosen.
#[pyclass(module = "huiqi", frozen)]
pub(crate) struct PolicySet {
    pub(crate) inner: CorePolicySet,
}

#[pymethods]
impl PolicySet {
    /// Loads one or several policies from a TOML or JSON document (a single
    /// policy, or `[[policies]]` / `{"policies": [...]}`); `format` is
    /// `"toml"` (the default) or `"json"`. Two versions starting the same day are a
    /// `PolicyError`.
    #[staticmethod]
    #[pyo3(signature = (text, format=None))]
    fn load(
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        format: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PolicySet> {
        let text = convert::text(text, "text")?;
        let format = convert::opt_json(format, "format")?.unwrap_or_else(|| json!("toml"));
        let value = run(py, "policy.load", json!({"format": format, "text": text}))?;
        let policies = value
            .get("policies")
            .and_then(Value::as_array)
            .ok_or_else(|| internal(py))?
            .iter()
            .map(|p| core_call(py, || CorePolicy::from_json_value(p.clone())))
            .collect::<PyResult<Vec<_>>>()?;
        let inner = core_call(py, || CorePolicySet::new(policies))?;
        Ok(PolicySet { inner })
    }

    /// A set of the given `SubsidyPolicy` versions.
    #[new]
    fn new(py: Python<'_>, policies: &Bound<'_, PyAny>) -> PyResult<PolicySet> {
        let mut list = Vec::new();
        for item in policies.try_iter()? {
            let item = item?;
            let policy = item.cast::<SubsidyPolicy>().map_err(|_| {
                raise_one(
                    py,
                    crate::errors::request_problem(
                        Some("policies"),
                        "应为 SubsidyPolicy 列表",
                        "expected a sequence of SubsidyPolicy",
                    ),
                )
            })?;
            list.push(policy.get().inner.clone());
        }
        let inner = core_call(py, || CorePolicySet::new(list))?;
        Ok(PolicySet { inner })
    }

    /// The versions, as `SubsidyPolicy` objects.
    #[getter]
    fn policies(&self) -> Vec<SubsidyPolicy> {
        self.inner
            .policies()
            .iter()
            .map(|p| SubsidyPolicy { inner: p.clone() })
            .collect()
    }

    /// The version in force on `date` (`datetime.date` or `"YYYY-MM-DD"`), or None.
    fn in_force(&self, py: Python<'_>, date: &Bound<'_, PyAny>) -> PyResult<Option<SubsidyPolicy>> {
        let text = match convert::to_json_named(date, "date")? {
            Value::String(s) => s,
            other => other.to_string(),
        };
        let date = core_call(py, || {
            huiqi_core::time::parse_date(&text).map_err(|p| p.at("date"))
        })?;
        Ok(self
            .inner
            .in_force(date)
            .map(|p| SubsidyPolicy { inner: p.clone() }))
    }

    fn __len__(&self) -> usize {
        self.inner.policies().len()
    }

    fn __repr__(&self) -> String {
        let ids: Vec<&str> = self
            .inner
            .policies()
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        format!("PolicySet({ids:?})")
    }
}

/// The JSON document of a huiqi policy object, for requests.
pub(crate) fn policy_document(obj: &Bound<'_, PyAny>) -> PyResult<Option<Value>> {
    if let Ok(p) = obj.cast::<SubsidyPolicy>() {
        return encode(obj.py(), &p.get().inner).map(Some);
    }
    if let Ok(set) = obj.cast::<PolicySet>() {
        return encode(obj.py(), &set.get().inner.policies()).map(Some);
    }
    Ok(None)
}

/// A policy argument: a `SubsidyPolicy`, a `PolicySet`, a preset name, a
/// policy dict or a list of policy dicts.
fn policy_arg(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    convert::to_json_named(obj, "policy")
}

/// The enterprise's standing, as the core's request shape.
pub(crate) fn enterprise(
    certified: &Bound<'_, PyAny>,
    claim: &Bound<'_, PyAny>,
    region: Option<&Bound<'_, PyAny>>,
) -> PyResult<Value> {
    let mut map = Map::new();
    map.insert(
        "certified".into(),
        convert::to_json_named(certified, "certified")?,
    );
    map.insert("claim".into(), convert::to_json_named(claim, "claim")?);
    if let Some(region) = convert::opt_json(region, "region")? {
        map.insert("region".into(), region);
    }
    Ok(Value::Object(map))
}

/// Subsidy already granted, as the core's request shape.
pub(crate) fn usage(
    enterprise_year_used: Option<&Bound<'_, PyAny>>,
    pool_used: Option<&Bound<'_, PyAny>>,
) -> PyResult<Value> {
    let mut map = Map::new();
    if let Some(v) = convert::money_opt(enterprise_year_used, "enterprise_year_used")? {
        map.insert("enterprise_year_used".into(), v);
    }
    if let Some(v) = convert::money_opt(pool_used, "pool_used")? {
        map.insert("pool_used".into(), v);
    }
    Ok(Value::Object(map))
}

/// The terms shared by every order of a batch, as the core's request shape.
#[allow(clippy::too_many_arguments)]
pub(crate) fn batch_terms(
    date: &Bound<'_, PyAny>,
    certified: &Bound<'_, PyAny>,
    claim: &Bound<'_, PyAny>,
    region: Option<&Bound<'_, PyAny>>,
    category: Option<&Bound<'_, PyAny>>,
    provider: Option<&Bound<'_, PyAny>>,
    enterprise_year_used: Option<&Bound<'_, PyAny>>,
    pool_used: Option<&Bound<'_, PyAny>>,
    draw_down: Option<&Bound<'_, PyAny>>,
) -> PyResult<Value> {
    let mut terms = Map::new();
    terms.insert("date".into(), convert::to_json_named(date, "date")?);
    terms.insert("enterprise".into(), enterprise(certified, claim, region)?);
    if let Some(v) = convert::opt_json(category, "category")? {
        terms.insert("category".into(), v);
    }
    if let Some(v) = convert::opt_json(provider, "provider")? {
        terms.insert("provider".into(), v);
    }
    terms.insert("usage".into(), usage(enterprise_year_used, pool_used)?);
    if let Some(v) = convert::opt_json(draw_down, "draw_down")? {
        terms.insert("draw_down".into(), v);
    }
    Ok(Value::Object(terms))
}

/// A subsidy quote: the figure, what bound it, and its explanation.
/// Money attributes are `Decimal`.
#[pyclass(module = "huiqi", frozen)]
pub(crate) struct Quote {
    value: Value,
}

impl Quote {
    fn item<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        let item = self.value.get(key).ok_or_else(|| internal(py))?;
        // The paths under `key`, relative to it.
        let prefix = format!("{key}.");
        let inner: Vec<&str> = QUOTE_MONEY
            .iter()
            .filter_map(|p| {
                if *p == key {
                    Some("")
                } else {
                    p.strip_prefix(prefix.as_str())
                }
            })
            .collect();
        convert::from_json(py, item, &inner)
    }

    fn text(&self, key: &str) -> &str {
        self.value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

#[pymethods]
impl Quote {
    /// The subsidy (`Decimal`).
    #[getter]
    fn subsidy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "subsidy")
    }
    /// What is left to pay on the base: base − subsidy (`Decimal`).
    #[getter]
    fn payable<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "payable")
    }
    /// The amount the ratio applies to: the order total (estimate) or the contract amount (binding).
    #[getter]
    fn base<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "base")
    }
    /// ratio × base, rounded: the subsidy before any cap.
    #[getter]
    fn by_ratio<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "by_ratio")
    }
    /// The policy's ratio as a Decimal fraction.
    #[getter]
    fn ratio<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "ratio")
    }
    /// The cap per order, or None.
    #[getter]
    fn cap_per_order<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "cap_per_order")
    }
    /// The yearly cap per enterprise and its use (`{"limit", "used", "left"}`), or None.
    #[getter]
    fn cap_per_enterprise_year<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "cap_per_enterprise_year")
    }
    /// The budget pool and its use (`{"limit", "used", "left"}`), or None.
    #[getter]
    fn budget_pool<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "budget_pool")
    }
    /// `estimate` (on the order total) or `binding` (on the contract amount).
    #[getter]
    fn stage(&self) -> &str {
        self.text("stage")
    }
    /// What bound the subsidy: `ratio`, `cap_per_order`, `cap_per_enterprise_year`, `budget_pool` or `ineligible`.
    #[getter]
    fn bound_by(&self) -> &str {
        self.text("bound_by")
    }
    /// The rounding rule used.
    #[getter]
    fn rounding(&self) -> &str {
        self.text("rounding")
    }
    /// The policy's id.
    #[getter]
    fn policy_id(&self) -> &str {
        self.text("policy_id")
    }
    /// The policy's name.
    #[getter]
    fn policy_name(&self) -> &str {
        self.text("policy_name")
    }
    /// One-line summary in Chinese (`预计补贴金额不超过 ¥36.00`).
    #[getter]
    fn summary_zh(&self) -> &str {
        self.text("summary_zh")
    }
    /// One-line summary in English.
    #[getter]
    fn summary_en(&self) -> &str {
        self.text("summary_en")
    }
    /// Every reason the order gets no subsidy (`[{"code", "message_zh", "message_en"}]`); empty when eligible.
    #[getter]
    fn ineligible<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "ineligible")
    }
    /// The quote explained step by step (`[{"step", "binding", "text_zh", "text_en"}]`).
    #[getter]
    fn explanation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.item(py, "explanation")
    }
    /// The whole quote as a dict (money as Decimal).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json(py, &self.value, QUOTE_MONEY)
    }
    fn __repr__(&self) -> String {
        format!(
            "Quote(subsidy={}, payable={}, bound_by={:?}, stage={:?})",
            self.text("subsidy"),
            self.text("payable"),
            self.text("bound_by"),
            self.text("stage")
        )
    }
}

/// Quotes the subsidy of one order.
///
/// `policy` is a `SubsidyPolicy`, a `PolicySet` (the version in force on
/// `date` is used), a preset name (`"henan"`) or a policy dict. Money
/// (`order_total`, `contract_amount`, `enterprise_year_used`, `pool_used`)
/// is `Decimal`, `str` or `int`; a float is a `TypeError`. `date` is a
/// `datetime.date` or `"YYYY-MM-DD"` (Asia/Shanghai). `certified` (bool) and
/// `claim` (`"claimed"`, `"unclaimed"` or `"declined"`) are the enterprise's
/// standing, `region` its GB/T 2260 code. With `contract_amount` the quote is
/// the binding figure on the contract; without, the estimate on the order.
///
/// Returns a `Quote`; an ineligible order is a quote of ¥0.00 that says why.
/// Refused input raises a `HuiqiError` subclass.
///
/// >>> q = huiqi.quote("henan", Decimal("245.00"), date=date(2018, 7, 24), certified=True, claim="claimed")
/// >>> q.subsidy, q.payable
/// (Decimal('73.50'), Decimal('171.50'))
#[pyfunction]
#[pyo3(signature = (policy, order_total, *, date, certified, claim, region=None, contract_amount=None, category=None, provider=None, enterprise_year_used=None, pool_used=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn quote(
    py: Python<'_>,
    policy: &Bound<'_, PyAny>,
    order_total: &Bound<'_, PyAny>,
    date: &Bound<'_, PyAny>,
    certified: &Bound<'_, PyAny>,
    claim: &Bound<'_, PyAny>,
    region: Option<&Bound<'_, PyAny>>,
    contract_amount: Option<&Bound<'_, PyAny>>,
    category: Option<&Bound<'_, PyAny>>,
    provider: Option<&Bound<'_, PyAny>>,
    enterprise_year_used: Option<&Bound<'_, PyAny>>,
    pool_used: Option<&Bound<'_, PyAny>>,
) -> PyResult<Quote> {
    let mut request = Map::new();
    request.insert("policy".into(), policy_arg(policy)?);
    request.insert(
        "order_total".into(),
        convert::money(order_total, "order_total")?,
    );
    if let Some(v) = convert::money_opt(contract_amount, "contract_amount")? {
        request.insert("contract_amount".into(), v);
    }
    request.insert("date".into(), convert::to_json_named(date, "date")?);
    request.insert("enterprise".into(), enterprise(certified, claim, region)?);
    if let Some(v) = convert::opt_json(category, "category")? {
        request.insert("category".into(), v);
    }
    if let Some(v) = convert::opt_json(provider, "provider")? {
        request.insert("provider".into(), v);
    }
    request.insert("usage".into(), usage(enterprise_year_used, pool_used)?);
    let value = run(py, "subsidy.quote", Value::Object(request))?;
    Ok(Quote { value })
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
) -> PyResult<Bound<'py, PyAny>> {
    let terms = batch_terms(
        date,
        certified,
        claim,
        region,
        category,
        provider,
        enterprise_year_used,
        pool_used,
        draw_down,
    )?;
    let totals = crate::money::money_list(order_totals, "order_totals")?;
    let value = run(
        py,
        "subsidy.quote_batch",
        json!({"policy": policy_arg(policy)?, "terms": terms, "order_totals": totals}),
    )?;
    let subsidies = value.get("subsidies").ok_or_else(|| internal(py))?;
    convert::from_json(py, subsidies, &["[]"])
}
