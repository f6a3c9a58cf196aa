//! Python bindings of huiqi: the module `huiqi`, built with maturin.
//!
//! The binding is thin: it converts Python values (money as
//! `decimal.Decimal`, never `float`) and delegates to `huiqi-core`, mostly
//! through the core's JSON call API so that every operation reads and answers
//! exactly as the shared vectors say. Failures become one exception tree
//! (`errors.rs`, the one mapping from problems to exceptions).

mod batch;
mod call;
mod checkout;
mod convert;
mod errors;
mod money;
mod password;
mod subsidy;
mod validate;

use pyo3::prelude::*;

/// Business rules of China's SME digital-transformation platforms: money,
/// subsidy quotes, vouchers and checkout, field validation and password
/// policies. Money is `decimal.Decimal` in and out; a `float` for money is a
/// `TypeError`. Errors are `huiqi.HuiqiError` subclasses carrying a stable
/// `code`, the `field`, and messages in Chinese and English.
#[pymodule]
fn huiqi(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;

    m.add_function(wrap_pyfunction!(call::call_json, m)?)?;
    m.add_function(wrap_pyfunction!(call::call, m)?)?;
    m.add_function(wrap_pyfunction!(call::invoke, m)?)?;
    m.add_function(wrap_pyfunction!(call::operations, m)?)?;

    m.add_function(wrap_pyfunction!(money::parse_money, m)?)?;
    m.add_function(wrap_pyfunction!(money::to_fen, m)?)?;
    m.add_function(wrap_pyfunction!(money::from_fen, m)?)?;
    m.add_function(wrap_pyfunction!(money::allocate, m)?)?;

    m.add_class::<subsidy::SubsidyPolicy>()?;
    m.add_class::<subsidy::PolicySet>()?;
    m.add_class::<subsidy::Quote>()?;
    m.add_function(wrap_pyfunction!(subsidy::quote, m)?)?;
    m.add_function(wrap_pyfunction!(subsidy::quote_batch_decimal, m)?)?;
    m.add_function(wrap_pyfunction!(batch::quote_batch, m)?)?;

    m.add_function(wrap_pyfunction!(checkout::checkout_offer, m)?)?;
    m.add_function(wrap_pyfunction!(checkout::checkout_suggest, m)?)?;
    m.add_function(wrap_pyfunction!(checkout::checkout_price, m)?)?;
    m.add_function(wrap_pyfunction!(checkout::checkout_pay, m)?)?;
    m.add_function(wrap_pyfunction!(checkout::checkout_cancel, m)?)?;
    m.add_function(wrap_pyfunction!(checkout::voucher_status, m)?)?;
    m.add_function(wrap_pyfunction!(checkout::campaign_grab, m)?)?;

    m.add_class::<validate::Verdict>()?;
    m.add_function(wrap_pyfunction!(validate::validate_uscc, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_resident_id, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_mobile, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_landline, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_email, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_postcode, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_username, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_login_account, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_upload, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_product_listing, m)?)?;
    m.add_function(wrap_pyfunction!(validate::validate_expert, m)?)?;
    m.add_function(wrap_pyfunction!(
        validate::validate_account_registration,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(
        validate::validate_enterprise_registration,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(
        validate::validate_henan_enterprise_registration,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(
        validate::validate_provider_registration,
        m
    )?)?;

    m.add_class::<password::PasswordPolicy>()?;
    m.add_function(wrap_pyfunction!(password::check_password, m)?)?;
    m.add_function(wrap_pyfunction!(password::hash_password, m)?)?;
    m.add_function(wrap_pyfunction!(password::verify_password, m)?)?;
    Ok(())
}
