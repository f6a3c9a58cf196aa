//! The exception tree and the one place where core problems become Python
//! exceptions ([`raise`]).
//!
//! Every failure of the core is a list of [`huiqi_core::Problem`]s. The first
//! problem's [`Category`] picks the exception class; the exception carries the
//! first problem's `code`, `field`, `message_zh`, `message_en` and `detail`,
//! plus every problem in `problems`. Exceptions keep their attributes in the
//! instance `__dict__`, so they pickle with `BaseException`'s own protocol.

use huiqi_core::{Category, Code, Problem as CoreProblem};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple, PyType};

use crate::convert;

create_exception!(
    huiqi,
    HuiqiError,
    PyException,
    "Base class of every huiqi error.\n\nAttributes: `code` (stable, e.g. `money.too_many_decimals`), `field` (path of the \
     offending field or None), `message_zh`, `message_en`, `detail` (dict or None), `category` and `problems` \
     (every problem, a list of `huiqi.Problem`; the attributes above are the first one's)."
);
create_exception!(
    huiqi,
    RequestError,
    HuiqiError,
    "The request itself is wrong: malformed JSON, unknown operation, missing or unknown key, wrong type."
);
create_exception!(
    huiqi,
    MoneyError,
    HuiqiError,
    "An amount, ratio, rounding rule or allocation was refused (`money.*`, `allocation.*`, `decimal.*`)."
);
create_exception!(
    huiqi,
    PolicyError,
    HuiqiError,
    "A subsidy policy could not be loaded or chosen (`policy.*`, `subsidy.*`)."
);
create_exception!(
    huiqi,
    VoucherError,
    HuiqiError,
    "A voucher, checkout or campaign refused the operation (`voucher.*`, `checkout.*`, `campaign.*`)."
);
create_exception!(
    huiqi,
    ValidationError,
    HuiqiError,
    "Field or form validation failed (`field.*`, `uscc.*`, `id.*`, `upload.*`)."
);
create_exception!(
    huiqi,
    PasswordError,
    HuiqiError,
    "A password policy, hash or check failed (`password.*`)."
);
create_exception!(
    huiqi,
    InternalError,
    HuiqiError,
    "Something failed inside the library (a bug, never the caller's input)."
);

/// One problem: the public shape of every huiqi error and violation.
#[pyclass(module = "huiqi", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct Problem {
    pub(crate) inner: CoreProblem,
}

#[pymethods]
impl Problem {
    /// A problem from its parts; `code` must be one of huiqi's codes.
    #[new]
    #[pyo3(signature = (code, field=None, message_zh=String::new(), message_en=String::new(), detail=None))]
    fn new(
        code: &Bound<'_, PyAny>,
        field: Option<&Bound<'_, PyAny>>,
        message_zh: String,
        message_en: String,
        detail: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Problem> {
        let py = code.py();
        let code_text = convert::text(code, "code")?;
        let code = Code::from_text(&code_text).ok_or_else(|| {
            raise(
                py,
                vec![request_problem(
                    Some("code"),
                    format!("`{}` 不是 huiqi 的错误代码", convert::echo(&code_text)),
                    format!("`{}` is not a huiqi code", convert::echo(&code_text)),
                )],
            )
        })?;
        let field = match field {
            Some(f) if !f.is_none() => Some(convert::text(f, "field")?),
            _ => None,
        };
        let detail = match detail {
            Some(d) if !d.is_none() => Some(convert::to_json(d)?),
            _ => None,
        };
        Ok(Problem {
            inner: CoreProblem {
                code,
                field,
                message_zh,
                message_en,
                detail,
            },
        })
    }

    /// Stable machine-readable code, such as `money.too_many_decimals`.
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code.as_str()
    }

    /// Path of the field the problem is about (`lines[0].unit_price`), or None.
    #[getter]
    fn field(&self) -> Option<&str> {
        self.inner.field.as_deref()
    }

    /// The message in Chinese.
    #[getter]
    fn message_zh(&self) -> &str {
        &self.inner.message_zh
    }

    /// The message in English.
    #[getter]
    fn message_en(&self) -> &str {
        &self.inner.message_en
    }

    /// Machine-readable detail (limits, expected values), or None.
    #[getter]
    fn detail<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.inner.detail {
            Some(detail) => convert::from_json(py, detail, &[]),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The code's family: request, money, policy, voucher, validation, password or internal.
    #[getter]
    fn category(&self) -> &'static str {
        self.inner.code.category().name()
    }

    /// The problem as a plain dict, as the JSON call API answers it.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json(py, &problem_json(&self.inner), &[])
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "Problem(code={:?}, field={:?}, message_en={:?})",
            self.inner.code.as_str(),
            self.inner.field,
            self.inner.message_en
        )
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let this = slf.get();
        let args = PyTuple::new(
            py,
            [
                this.code().into_pyobject(py)?.into_any(),
                this.inner.field.clone().into_pyobject(py)?.into_any(),
                this.inner.message_zh.clone().into_pyobject(py)?.into_any(),
                this.inner.message_en.clone().into_pyobject(py)?.into_any(),
                this.detail(py)?,
            ],
        )?;
        Ok((slf.get_type(), args))
    }
}

/// A problem as the JSON call API writes it.
pub(crate) fn problem_json(problem: &CoreProblem) -> serde_json::Value {
    serde_json::to_value(problem).unwrap_or(serde_json::Value::Null)
}

/// A problem about the request made by the binding itself, for values that
/// cannot even be handed to the core (an object of an unknown Python type,
/// text that is not Unicode, an integer beyond 64 bits).
pub(crate) fn request_problem(
    field: Option<&str>,
    message_zh: impl Into<String>,
    message_en: impl Into<String>,
) -> CoreProblem {
    CoreProblem::new(Code::InvalidRequest, field, message_zh, message_en)
}

/// The exception class of a category.
fn class_of(py: Python<'_>, category: Category) -> Bound<'_, PyType> {
    match category {
        Category::Request => py.get_type::<RequestError>(),
        Category::Money => py.get_type::<MoneyError>(),
        Category::Policy => py.get_type::<PolicyError>(),
        Category::Voucher => py.get_type::<VoucherError>(),
        Category::Validation => py.get_type::<ValidationError>(),
        Category::Password => py.get_type::<PasswordError>(),
        Category::Internal => py.get_type::<InternalError>(),
    }
}

/// `str(e)`: every problem, English then Chinese.
fn exception_message(problems: &[CoreProblem]) -> String {
    const SHOWN: usize = 5;
    let one = |p: &CoreProblem| format!("{p} / {}", p.message_zh);
    match problems {
        [single] => one(single),
        _ => {
            let mut text = format!("{} problems: ", problems.len());
            let shown: Vec<String> = problems.iter().take(SHOWN).map(one).collect();
            text.push_str(&shown.join("; "));
            if problems.len() > SHOWN {
                text.push_str("; …");
            }
            text
        }
    }
}

/// THE mapping from core problems to a Python exception: the class from the
/// first problem's category, the attributes from its fields, and every
/// problem in `problems`.
pub(crate) fn raise(py: Python<'_>, problems: Vec<CoreProblem>) -> PyErr {
    let problems = if problems.is_empty() {
        vec![huiqi_core::call::internal_problem()]
    } else {
        problems
    };
    build(py, &problems).unwrap_or_else(|e| e)
}

fn build(py: Python<'_>, problems: &[CoreProblem]) -> PyResult<PyErr> {
    let first = problems
        .first()
        .cloned()
        .unwrap_or_else(huiqi_core::call::internal_problem);
    let class = class_of(py, first.code.category());
    let exception = class.call1((exception_message(problems),))?;
    let first_py = Problem {
        inner: first.clone(),
    };
    exception.setattr("code", first_py.code())?;
    exception.setattr("field", first_py.field())?;
    exception.setattr("message_zh", first_py.message_zh())?;
    exception.setattr("message_en", first_py.message_en())?;
    exception.setattr("detail", first_py.detail(py)?)?;
    exception.setattr("category", first_py.category())?;
    let all = PyList::empty(py);
    for problem in problems {
        all.append(Problem {
            inner: problem.clone(),
        })?;
    }
    exception.setattr("problems", all)?;
    Ok(PyErr::from_value(exception))
}

/// Raises the error for one problem.
pub(crate) fn raise_one(py: Python<'_>, problem: CoreProblem) -> PyErr {
    raise(py, vec![problem])
}

/// Runs core code that should not panic; if it does anyway, the caller gets
/// an `InternalError` (`internal.error`) instead of a `PanicException`.
pub(crate) fn guard<T>(
    f: impl FnOnce() -> Result<T, Vec<CoreProblem>>,
) -> Result<T, Vec<CoreProblem>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(vec![huiqi_core::call::internal_problem()]))
}

/// An error of the core that turns into its public problem.
pub(crate) trait IntoProblem {
    /// The public shape.
    fn into_problem(self) -> CoreProblem;
}

impl IntoProblem for CoreProblem {
    fn into_problem(self) -> CoreProblem {
        self
    }
}

macro_rules! describe_into_problem {
    ($($t:ty),*) => {$(
        impl IntoProblem for $t {
            fn into_problem(self) -> CoreProblem {
                huiqi_core::error::Describe::to_problem(&self)
            }
        }
    )*};
}
describe_into_problem!(
    huiqi_core::subsidy::PolicyError,
    huiqi_core::password::PasswordError,
    huiqi_core::money::MoneyError
);

/// Runs a typed core function: its error raises as its problem, and a panic
/// (which the core is written never to cause) becomes `InternalError`, never
/// a `PanicException`.
pub(crate) fn core_call<T, E: IntoProblem>(
    py: Python<'_>,
    f: impl FnOnce() -> Result<T, E>,
) -> PyResult<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(raise_one(py, error.into_problem())),
        Err(_) => Err(raise(py, vec![huiqi_core::call::internal_problem()])),
    }
}

/// Registers the exception classes and `Problem` on the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("HuiqiError", py.get_type::<HuiqiError>())?;
    m.add("RequestError", py.get_type::<RequestError>())?;
    m.add("MoneyError", py.get_type::<MoneyError>())?;
    m.add("PolicyError", py.get_type::<PolicyError>())?;
    m.add("VoucherError", py.get_type::<VoucherError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("PasswordError", py.get_type::<PasswordError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add_class::<Problem>()?;
    Ok(())
}
