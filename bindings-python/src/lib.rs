//! Python bindings of huiqi: the module `huiqi`, built with maturin.
//!
//! The binding gathers: the core's classes, exception tree and conversions
//! (`huiqi_core::ffi::python`), one function per operation of the core's
//! table (`operations.rs`), the generic JSON entries (`call.rs`), and the
//! fast typed quotes for analysts (`quote.rs`, `quoter.rs`, `batch.rs`) and the fast
//! approval command (`decide.rs`). No rule and no type of the core is
//! written here again.

// The core's `Error` (its problems, with messages in two languages) is what
// every closure run under `guard` returns; it is built at most once a call.
#![allow(clippy::result_large_err)]

mod batch;
mod call;
mod decide;
mod operations;
mod quote;
mod quoter;

use pyo3::prelude::*;

/// The extension's own allocations (the core's values; Python's objects
/// keep Python's allocator) go to mimalloc: an approval command allocates
/// a few dozen small strings and vectors, and glibc's malloc and free were
/// close to half of its instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Business rules of China's SME digital-transformation platforms: money,
/// subsidy quotes, vouchers and checkout, field validation and password
/// policies. Every operation is a function taking its request as a dict or
/// keyword arguments (`huiqi.validate_uscc(value="…")`) and returning a
/// typed, frozen answer. Money is `decimal.Decimal` in and out; a `float`
/// for money is a `huiqi.RequestTypeError` (a `TypeError` too). Errors are
/// `huiqi.HuiqiError` subclasses carrying a stable `code`, the `field`,
/// messages in Chinese and English, and every problem.
#[pymodule]
fn huiqi(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    huiqi_core::ffi::python::register(m)?;
    operations::register(m)?;
    m.add_function(wrap_pyfunction!(call::call_json, m)?)?;
    m.add_function(wrap_pyfunction!(call::call, m)?)?;
    m.add_function(wrap_pyfunction!(quote::quote, m)?)?;
    m.add_function(wrap_pyfunction!(quote::quote_batch_decimal, m)?)?;
    m.add_function(wrap_pyfunction!(batch::quote_batch, m)?)?;
    m.add_function(wrap_pyfunction!(decide::decide, m)?)?;
    m.add_function(wrap_pyfunction!(quoter::quoter, m)?)?;
    m.add_class::<quoter::Quoter>()?;
    Ok(())
}
