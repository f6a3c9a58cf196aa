//! The Python forms of the library's scalar types: money and ratios are
//! `decimal.Decimal` (with their places: `Decimal("73.50")`), codes and
//! enumerations their `str` names.

use std::convert::Infallible;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};
use serde::Serialize;

use crate::error::{Category, Code};
use crate::money::{Money, Ratio, Rounding};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `decimal.Decimal`, imported once: looking it up on every amount would
/// cost more than building the amount.
pub fn decimal_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

/// `Context(prec=28).multiply` and `Decimal("0.01")`.
static CENTS: PyOnceLock<(Py<PyAny>, Py<PyAny>)> = PyOnceLock::new();

impl<'py> IntoPyObject<'py> for Money {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    /// fen × `Decimal("0.01")`: `Decimal("73.50")` with its two places,
    /// built in half the time of reading text (answers are read amount by
    /// amount). The product is taken in a context of our own, 28 digits for
    /// amounts of at most 17, so it is exact whatever context the caller set.
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (multiply, cent) = CENTS.get_or_try_init(py, || {
            let context = py.import("decimal")?.getattr("Context")?.call1((28,))?;
            let cent = decimal_class(py)?.call1(("0.01",))?;
            Ok::<_, PyErr>((context.getattr("multiply")?.unbind(), cent.unbind()))
        })?;
        multiply.bind(py).call1((self.to_fen(), cent.bind(py)))
    }
}

impl<'py> IntoPyObject<'py> for Ratio {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal_class(py)?.call1((self.as_decimal().to_string(),))
    }
}

/// The name an enumeration serialises to (`cap_per_order`): the same text
/// in Python as in JSON.
fn serde_name<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// `str` forms, by the function that names a value.
macro_rules! names {
    ($($type:ty => $name:expr;)*) => {$(
        impl<'py> IntoPyObject<'py> for $type {
            type Target = PyString;
            type Output = Bound<'py, PyString>;
            type Error = Infallible;

            fn into_pyobject(self, py: Python<'py>) -> Result<Bound<'py, PyString>, Infallible> {
                Ok(PyString::new(py, &$name(self)))
            }
        }
    )*};
}

names! {
    Code => Code::as_str;
    Category => Category::name;
    Rounding => Rounding::name;
    crate::subsidy::Stage => serde_name;
    crate::subsidy::Bound => serde_name;
    crate::subsidy::Stacking => serde_name;
    crate::voucher::VoucherStatus => serde_name;
    crate::voucher::BillingMode => serde_name;
    crate::validate::IdNumberKind => serde_name;
    crate::validate::Gender => serde_name;
    crate::password::CharClass => serde_name;
    crate::approval::Scope => serde_name;
    crate::approval::Mode => serde_name;
    crate::approval::ApplicantApprover => serde_name;
    crate::approval::Completion => serde_name;
    crate::approval::ResubmitTo => serde_name;
    crate::approval::AutoReason => serde_name;
    crate::approval::Status => serde_name;
    crate::approval::Action => serde_name;
    crate::approval::StepAction => serde_name;
}

/// A shared route snapshot is its `RouteSnapshot` class in Python.
impl<'py> IntoPyObject<'py> for crate::approval::SharedRoute {
    type Target = crate::approval::RouteSnapshot;
    type Output = Bound<'py, crate::approval::RouteSnapshot>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        Bound::new(py, self.to_snapshot())
    }
}

/// A request log is a `dict` of request id to fingerprint, in id order.
impl<'py> IntoPyObject<'py> for crate::approval::RequestLog {
    type Target = pyo3::types::PyDict;
    type Output = Bound<'py, pyo3::types::PyDict>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        let dict = pyo3::types::PyDict::new(py);
        for (id, fingerprint) in self.to_texts() {
            dict.set_item(id, fingerprint)?;
        }
        Ok(dict)
    }
}

/// An id is a `str` in Python.
impl<'py> IntoPyObject<'py> for crate::approval::Id {
    type Target = pyo3::types::PyString;
    type Output = Bound<'py, pyo3::types::PyString>;
    type Error = std::convert::Infallible;

    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(pyo3::types::PyString::new(py, &self))
    }
}

/// An id is a `str` in Python (read in place, as a `String` field is).
impl<'py> IntoPyObject<'py> for &crate::approval::Id {
    type Target = pyo3::types::PyString;
    type Output = Bound<'py, pyo3::types::PyString>;
    type Error = std::convert::Infallible;

    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(pyo3::types::PyString::new(py, self))
    }
}

/// A set of people is a `set` of `str` in Python.
impl<'py> IntoPyObject<'py> for &crate::approval::People {
    type Target = pyo3::types::PySet;
    type Output = Bound<'py, pyo3::types::PySet>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        pyo3::types::PySet::new(py, self)
    }
}

/// A fingerprint is its text in Python.
impl<'py> IntoPyObject<'py> for crate::approval::Fingerprint {
    type Target = pyo3::types::PyString;
    type Output = Bound<'py, pyo3::types::PyString>;
    type Error = std::convert::Infallible;

    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(pyo3::types::PyString::new(py, &String::from(self)))
    }
}

/// Enumerations that carry data reach Python as the dicts their JSON is
/// (`{"role": "mayor"}`, `{"type": "decided", …}`): read, not walked for
/// money, so plain `str` values.
macro_rules! json_dicts {
    ($($type:ty),* $(,)?) => {$(
        impl<'py> IntoPyObject<'py> for $type {
            type Target = PyAny;
            type Output = Bound<'py, PyAny>;
            type Error = PyErr;

            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                let value = crate::call::encode(&self)?;
                super::value::from_value(py, &value)
            }
        }
    )*};
}

json_dicts!(
    crate::approval::FieldType,
    crate::approval::Approver,
    crate::approval::NoApprover,
    crate::approval::TimeoutAction,
    crate::approval::Candidate,
    crate::approval::Change,
    crate::approval::StepReport,
);
