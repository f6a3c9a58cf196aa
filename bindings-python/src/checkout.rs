//! Checkout with vouchers and subsidy, wallets, voucher status and campaign
//! grabs. Requests are dicts in the core's shapes (money as `Decimal` or
//! `str`); answers are dicts with money as `Decimal`.

use pyo3::prelude::*;
use serde_json::{Map, Value, json};

use crate::call::run;
use crate::convert;
use crate::errors::raise;

/// Money paths of a priced checkout (`checkout.price`, `checkout.suggest`).
const PRICING_MONEY: &[&str] = &[
    "order_total",
    "total",
    "subsidy",
    "voucher_deduction",
    "payable",
    "lines[].amount",
    "lines[].subsidy",
    "lines[].voucher_deduction",
    "lines[].payable",
    "vouchers[].deduction",
    "vouchers[].balance_before",
    "vouchers[].balance_after",
    "vouchers[].lines[].amount",
    "subsidy_quote.base",
    "subsidy_quote.ratio",
    "subsidy_quote.by_ratio",
    "subsidy_quote.cap_per_order",
    "subsidy_quote.cap_per_enterprise_year.limit",
    "subsidy_quote.cap_per_enterprise_year.used",
    "subsidy_quote.cap_per_enterprise_year.left",
    "subsidy_quote.budget_pool.limit",
    "subsidy_quote.budget_pool.used",
    "subsidy_quote.budget_pool.left",
    "subsidy_quote.subsidy",
];

/// Money paths of `checkout.offer`.
const OFFER_MONEY: &[&str] = &["usable[].balance", "usable[].max_deduction"];

/// Money paths of a list of vouchers.
const VOUCHERS_MONEY: &[&str] = &["[].face_value", "[].balance"];

/// Money paths of `voucher.status`.
const STATUS_MONEY: &[&str] = &["balance", "face_value"];

/// Money paths of `campaign.grab`.
const GRAB_MONEY: &[&str] = &["voucher.face_value", "voucher.balance"];

fn internal(py: Python<'_>) -> PyErr {
    raise(py, vec![huiqi_core::call::internal_problem()])
}

/// The vouchers the enterprise may use on this order, with the most each
/// could deduct, and those refused with the reason:
/// `{"usable": [{"number", "balance", "valid_to", "max_deduction"}], "refused": [{"number", "reason", "message_zh", "message_en"}]}`.
///
/// `checkout` is a dict: `{"lines": [{"id", "product", "unit_price", "quantity"?, "category"?, "provider"?}],
/// "vouchers": [...], "now": datetime or text, "contract_amount"?, "subsidy"?: {"policy", "enterprise", "usage"?}}`.
#[pyfunction]
#[pyo3(signature = (checkout))]
pub(crate) fn checkout_offer<'py>(
    py: Python<'py>,
    checkout: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let value = run(
        py,
        "checkout.offer",
        json!({"checkout": convert::to_json_named(checkout, "checkout")?}),
    )?;
    convert::from_json(py, &value, OFFER_MONEY)
}

/// The set of vouchers that deducts most (ties: soonest expiry), priced: the
/// same dict as `checkout_price`, plus `"selected"` (the voucher numbers).
#[pyfunction]
#[pyo3(signature = (checkout))]
pub(crate) fn checkout_suggest<'py>(
    py: Python<'py>,
    checkout: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let value = run(
        py,
        "checkout.suggest",
        json!({"checkout": convert::to_json_named(checkout, "checkout")?}),
    )?;
    convert::from_json(py, &value, PRICING_MONEY)
}

/// Prices an order with its subsidy and the `selected` voucher numbers:
/// `{"order_total", "total", "subsidy", "voucher_deduction", "payable",
/// "subsidy_quote", "vouchers": [...], "lines": [...], "explanation": [...]}`.
/// Always `payable + voucher_deduction + subsidy == total`.
#[pyfunction]
#[pyo3(signature = (checkout, selected=None))]
pub(crate) fn checkout_price<'py>(
    py: Python<'py>,
    checkout: &Bound<'py, PyAny>,
    selected: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut request = Map::new();
    request.insert(
        "checkout".into(),
        convert::to_json_named(checkout, "checkout")?,
    );
    if let Some(selected) = convert::opt_json(selected, "selected")? {
        request.insert("selected".into(), selected);
    }
    let value = run(py, "checkout.price", Value::Object(request))?;
    convert::from_json(py, &value, PRICING_MONEY)
}

fn wallet<'py>(
    py: Python<'py>,
    op: &str,
    vouchers: &Bound<'py, PyAny>,
    deductions: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let value = run(
        py,
        op,
        json!({
            "vouchers": convert::to_json_named(vouchers, "vouchers")?,
            "deductions": convert::to_json_named(deductions, "deductions")?,
        }),
    )?;
    let vouchers = value.get("vouchers").ok_or_else(|| internal(py))?;
    convert::from_json(py, vouchers, VOUCHERS_MONEY)
}

/// The enterprise's vouchers after paying an order: `deductions` is the
/// priced order's `[{"number", "amount"}]` (or `pricing["vouchers"]` with
/// `"deduction"` renamed `"amount"`). Returns the vouchers (dicts, money as
/// `Decimal`); an unknown voucher or an amount above a balance raises
/// `VoucherError`.
#[pyfunction]
#[pyo3(signature = (vouchers, deductions))]
pub(crate) fn checkout_pay<'py>(
    py: Python<'py>,
    vouchers: &Bound<'py, PyAny>,
    deductions: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    wallet(py, "checkout.pay", vouchers, deductions)
}

/// The enterprise's vouchers after a cancelled order's deductions are given
/// back exactly; a restore above a face value raises `VoucherError`.
#[pyfunction]
#[pyo3(signature = (vouchers, deductions))]
pub(crate) fn checkout_cancel<'py>(
    py: Python<'py>,
    vouchers: &Bound<'py, PyAny>,
    deductions: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    wallet(py, "checkout.cancel", vouchers, deductions)
}

/// Whether a voucher can pay at the instant `now` (aware `datetime`, or text
/// read as Asia/Shanghai time): `{"usable": bool, "reason": {"code",
/// "message_zh", "message_en"} | None, "balance", "face_value"}`.
#[pyfunction]
#[pyo3(signature = (voucher, now))]
pub(crate) fn voucher_status<'py>(
    py: Python<'py>,
    voucher: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let value = run(
        py,
        "voucher.status",
        json!({
            "voucher": convert::to_json_named(voucher, "voucher")?,
            "now": convert::to_json_named(now, "now")?,
        }),
    )?;
    convert::from_json(py, &value, STATUS_MONEY)
}

/// Applies for or grabs a campaign voucher. Granted:
/// `{"granted": True, "stock_after", "held_after", "voucher": dict | None}`
/// (the voucher is issued under `voucher_number` when given); refused:
/// `VoucherError` with the first reason (`campaign.not_started`,
/// `campaign.out_of_stock`, …).
#[pyfunction]
#[pyo3(signature = (campaign, attempt, voucher_number=None))]
pub(crate) fn campaign_grab<'py>(
    py: Python<'py>,
    campaign: &Bound<'py, PyAny>,
    attempt: &Bound<'py, PyAny>,
    voucher_number: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut request = Map::new();
    request.insert(
        "campaign".into(),
        convert::to_json_named(campaign, "campaign")?,
    );
    request.insert(
        "attempt".into(),
        convert::to_json_named(attempt, "attempt")?,
    );
    if let Some(number) = convert::opt_json(voucher_number, "voucher_number")? {
        request.insert("voucher_number".into(), number);
    }
    let value = run(py, "campaign.grab", Value::Object(request))?;
    convert::from_json(py, &value, GRAB_MONEY)
}
