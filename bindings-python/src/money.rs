//! Money: parsing, fen, allocation. Amounts come back as `decimal.Decimal`
//! with two places.

use huiqi_core::Money;
use pyo3::prelude::*;
use serde_json::{Value, json};

use crate::call::run;
use crate::convert;
use crate::errors::{core_call, raise_one, request_problem};

fn answer_field<'a>(py: Python<'_>, value: &'a Value, key: &str) -> PyResult<&'a Value> {
    value
        .get(key)
        .ok_or_else(|| crate::errors::raise(py, vec![huiqi_core::call::internal_problem()]))
}

/// Reads an amount such as `"245"`, `"¥3,768.00"` or `"3768.00"` and returns
/// it as a `Decimal` with two places; a refused amount raises `MoneyError`
/// (`money.too_many_decimals`, `money.negative`, …).
///
/// >>> huiqi.parse_money("¥3,768.00")
/// Decimal('3768.00')
#[pyfunction]
#[pyo3(signature = (text))]
pub(crate) fn parse_money<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let value = run(
        py,
        "money.parse",
        json!({ "input": convert::to_json_named(text, "input")? }),
    )?;
    convert::from_json(py, answer_field(py, &value, "amount")?, &[""])
}

/// The amount in whole fen (分): `to_fen(Decimal("245.00")) == 24500`.
/// Accepts `Decimal`, `str` or `int` (yuan); floats are a `TypeError`.
#[pyfunction]
#[pyo3(signature = (amount))]
pub(crate) fn to_fen(py: Python<'_>, amount: &Bound<'_, PyAny>) -> PyResult<i64> {
    let value = run(
        py,
        "money.parse",
        json!({ "input": convert::money(amount, "input")? }),
    )?;
    answer_field(py, &value, "fen")?
        .as_i64()
        .ok_or_else(|| crate::errors::raise(py, vec![huiqi_core::call::internal_problem()]))
}

/// The amount of `fen` whole fen, as a `Decimal` with two places:
/// `from_fen(24500) == Decimal("245.00")`.
#[pyfunction]
#[pyo3(signature = (fen))]
pub(crate) fn from_fen<'py>(
    py: Python<'py>,
    fen: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let fen = fen_int(fen, "fen")?;
    let money = core_call(py, || Money::from_fen(fen))?;
    convert::decimal(py, &money.to_string())
}

/// A whole number of fen: an `int` (not `bool`) that fits in 64 bits.
pub(crate) fn fen_int(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    use pyo3::types::{PyBool, PyFloat, PyInt};
    if obj.is_instance_of::<PyFloat>() || obj.is_instance_of::<PyBool>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "`{name}` is a whole number of fen: pass int, not float or bool"
        )));
    }
    if !obj.is_instance_of::<PyInt>() {
        // Hand the value to the JSON conversion for its message.
        convert::to_json_named(obj, name)?;
        return Err(raise_one(
            obj.py(),
            request_problem(
                Some(name),
                "应为整数（分）",
                "expected a whole number of fen (int)",
            ),
        ));
    }
    obj.extract::<i64>().map_err(|_| {
        raise_one(
            obj.py(),
            request_problem(
                Some(name),
                "整数超出 64 位范围",
                "the integer does not fit in 64 bits",
            ),
        )
    })
}

/// Splits `total` over lines in proportion to `weights` by largest remainder:
/// the shares sum exactly to the total, to the fen; ties go to the earlier
/// line. `weights` is any ordered iterable (a set is refused: shares follow
/// the order of the weights).
///
/// >>> huiqi.allocate(Decimal("0.10"), [Decimal("1"), Decimal("1"), Decimal("1")])
/// [Decimal('0.04'), Decimal('0.03'), Decimal('0.03')]
#[pyfunction]
#[pyo3(signature = (total, weights))]
pub(crate) fn allocate<'py>(
    py: Python<'py>,
    total: &Bound<'py, PyAny>,
    weights: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let weights = money_list(weights, "weights")?;
    let value = run(
        py,
        "money.allocate",
        json!({ "total": convert::money(total, "total")?, "weights": weights }),
    )?;
    convert::from_json(py, answer_field(py, &value, "shares")?, &["[]"])
}

/// Refuses a set where amounts are listed: answers come back in the order
/// of the amounts, and a set has none.
pub(crate) fn refuse_unordered(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<()> {
    use pyo3::types::{PyFrozenSet, PySet};
    if obj.is_instance_of::<PySet>() || obj.is_instance_of::<PyFrozenSet>() {
        return Err(raise_one(
            obj.py(),
            request_problem(
                Some(name),
                "集合没有顺序，请传入金额列表",
                "a set has no order: pass a list of amounts",
            ),
        ));
    }
    Ok(())
}

/// An ordered iterable of amounts, each converted as a money argument.
pub(crate) fn money_list(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    use pyo3::types::{PyBytes, PyDict, PyString};
    if obj.is_instance_of::<PyDict>() {
        // A mapping is iterable, but its keys are not amounts: the core
        // refuses an object where a list belongs, in its own words.
        return convert::to_json_named(obj, name);
    }
    refuse_unordered(obj, name)?;
    let not_a_list = || {
        let problem = request_problem(Some(name), "应为金额列表", "expected a sequence of amounts");
        raise_one(obj.py(), problem)
    };
    // One text is not a list of amounts.
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(not_a_list());
    }
    let iter = obj.try_iter().map_err(|_| not_a_list())?;
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        out.push(convert::money(&item?, &format!("{name}[{i}]"))?);
    }
    Ok(Value::Array(out))
}
