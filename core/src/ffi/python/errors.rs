//! The one exception tree, generated from the core's error categories, the
//! one mapping from problems to an exception, and the methods of `Problem`.
//!
//! `HuiqiError` is the base; every category of codes has its subclass
//! (`money` → `MoneyError`), made at import from the core's table of
//! categories ([`crate::for_each_category!`]), so a category added to the
//! core gets its class with no code here. An
//! exception carries the first problem's `code`, `field`, `message_zh`,
//! `message_en`, `detail` and `category`, and every problem in `problems`.
//! The attributes live in the instance `__dict__`, so exceptions pickle with
//! `BaseException`'s own protocol.

use std::ffi::CString;

use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyTuple, PyType};

use super::value::{from_value, text, to_value_nested_at};
use crate::error::{Category, Code, Problem};
use crate::ffi::Failure;

const BASE_DOC: &std::ffi::CStr = c"Base class of every huiqi error.\n\nAttributes: `code` (stable, such as `money.too_many_decimals`), `field` (the path of the offending field, or None), `message_zh`, `message_en`, `detail` (or None) and `category`, of the first problem; `problems`, every problem (`huiqi.Problem`).";

/// `HuiqiError`, then one class per category in [`CATEGORIES`] order, then
/// `RequestTypeError`.
static CLASSES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

const TYPE_ERROR_DOC: &str = "A `RequestError` that is also a `TypeError`: a value of a type that can never be exact where an exact one goes (a float for money, fen, a count, a seed or an instant; a bool for an amount or fen given on its own). Code `request.inexact_number`; see `HuiqiError` for the attributes.";

/// Codes raised as `RequestTypeError`: Python's convention (a value of the
/// wrong type is a `TypeError`) and huiqi's (a code, a field, both
/// languages) at once.
fn is_type_error(code: Code) -> bool {
    code == Code::InexactNumber
}

/// `MoneyError` for `money`.
fn class_name(category: Category) -> String {
    let name = category.name();
    let initial = name.get(..1).unwrap_or_default().to_ascii_uppercase();
    format!("{initial}{}Error", name.get(1..).unwrap_or_default())
}

/// Every category with what it covers, from the core's table of categories.
macro_rules! categories {
    ($($(#[doc = $doc:literal])* $variant:ident $name:literal,)*) => {
        const CATEGORIES: &[(Category, &str)] = &[$((Category::$variant, concat!($($doc),*)),)*];
    };
}
crate::for_each_category!(categories);

/// What a category's class is for, and the families of its codes.
fn category_doc(category: Category, covers: &str) -> String {
    let mut families: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| code.category() == category)
        .filter_map(|code| code.as_str().split('.').next())
        .collect();
    families.sort_unstable();
    families.dedup();
    let families: Vec<String> = families.iter().map(|f| format!("`{f}.*`")).collect();
    format!(
        "A huiqi error of the `{}` category: {} Codes {}; see `HuiqiError` for the attributes.",
        category.name(),
        covers.trim(),
        families.join(", ")
    )
}

fn classes(py: Python<'_>) -> PyResult<&Vec<Py<PyType>>> {
    CLASSES.get_or_try_init(py, || {
        let exception = py.get_type::<PyException>();
        let base = PyErr::new_type(
            py,
            c"huiqi.HuiqiError",
            Some(BASE_DOC),
            Some(&exception),
            None,
        )?;
        let mut classes = vec![base.clone_ref(py)];
        for (category, covers) in CATEGORIES {
            let name = CString::new(format!("huiqi.{}", class_name(*category)))?;
            let doc = CString::new(category_doc(*category, covers))?;
            classes.push(PyErr::new_type(
                py,
                &name,
                Some(&doc),
                Some(base.bind(py)),
                None,
            )?);
        }
        // Two bases: `PyErr::new_type` takes one, so the class is made as
        // Python's `type(name, bases, namespace)` makes it.
        let request = CATEGORIES
            .iter()
            .position(|(c, _)| *c == Category::Request)
            .and_then(|i| classes.get(i + 1))
            .ok_or_else(|| PyException::new_err("huiqi: no request category"))?;
        let namespace = pyo3::types::PyDict::new(py);
        namespace.set_item("__doc__", TYPE_ERROR_DOC)?;
        namespace.set_item("__module__", "huiqi")?;
        let bases = PyTuple::new(
            py,
            [
                request.bind(py).as_any(),
                py.get_type::<PyTypeError>().as_any(),
            ],
        )?;
        let class = py
            .get_type::<PyType>()
            .call1(("RequestTypeError", bases, namespace))?
            .cast_into::<PyType>()?;
        classes.push(class.unbind());
        Ok(classes)
    })
}

/// Adds `HuiqiError` and its subclasses to module `m`.
pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let classes = classes(py)?;
    let names = std::iter::once("HuiqiError".to_owned())
        .chain(CATEGORIES.iter().map(|(c, _)| class_name(*c)))
        .chain(std::iter::once("RequestTypeError".to_owned()));
    for (name, class) in names.zip(classes) {
        m.add(name, class.bind(py))?;
    }
    Ok(())
}

/// THE mapping from problems to a Python exception: the class of the first
/// problem's category, its attributes, and every problem.
pub fn raise(py: Python<'_>, problems: Vec<Problem>) -> PyErr {
    exception(py, &Failure::of_problems(problems)).unwrap_or_else(|error| error)
}

fn exception(py: Python<'_>, failure: &Failure) -> PyResult<PyErr> {
    let first = failure
        .first()
        .cloned()
        .unwrap_or_else(crate::call::internal_problem);
    let index = if is_type_error(first.code) {
        CATEGORIES.len() + 1
    } else {
        CATEGORIES
            .iter()
            .position(|(c, _)| *c == failure.category)
            .map_or(0, |i| i + 1)
    };
    let class = classes(py)?
        .get(index)
        .map(|c| c.bind(py))
        .ok_or_else(|| PyException::new_err("huiqi"))?;
    let exception = class.call1((crate::error::summary(&failure.problems),))?;
    exception.setattr("code", first.code)?;
    exception.setattr("field", first.field.as_deref())?;
    exception.setattr("message_zh", &first.message_zh)?;
    exception.setattr("message_en", &first.message_en)?;
    exception.setattr("detail", first.py_detail(py)?)?;
    exception.setattr("category", failure.category)?;
    exception.setattr(
        "problems",
        PyList::new(py, failure.problems.iter().cloned())?,
    )?;
    Ok(PyErr::from_value(exception))
}

impl From<crate::Error> for PyErr {
    fn from(error: crate::Error) -> PyErr {
        Python::attach(|py| exception(py, &Failure::of(&error)).unwrap_or_else(|e| e))
    }
}

/// Runs core code; a panic (which the core is written never to cause)
/// becomes `InternalError`, never an unwinding across the boundary.
pub fn guard<T>(run: impl FnOnce() -> Result<T, crate::Error>) -> Result<T, crate::Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err(crate::call::internal_problem().into()))
}

impl Problem {
    fn py_detail<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.detail {
            Some(detail) => from_value(py, detail),
            None => Ok(py.None().into_bound(py)),
        }
    }
}

/// How deep a problem's detail starts in the problem's JSON text, as the
/// nesting limit counts: the detail may nest that much less than a request.
const DETAIL_DEPTH: usize = 2;

#[pymethods]
impl Problem {
    /// A problem from its parts; `code` must be one of huiqi's codes.
    #[new]
    #[pyo3(
        signature = (code, field=None, message_zh=String::new(), message_en=String::new(), detail=None),
        text_signature = "(code, field=None, message_zh='', message_en='', detail=None)"
    )]
    fn py_new(
        code: &Bound<'_, PyAny>,
        field: Option<&Bound<'_, PyAny>>,
        message_zh: String,
        message_en: String,
        detail: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Problem> {
        let code_text = text(code, "code")?;
        let code = Code::from_text(&code_text).ok_or_else(|| {
            let shown = crate::error::echo(&code_text);
            let (zh, en) = (
                format!("`{shown}` 不是 huiqi 的错误代码"),
                format!("`{shown}` is not a huiqi code"),
            );
            super::refused(code.py(), Some("code"), zh, en)
        })?;
        let field = field
            .filter(|f| !f.is_none())
            .map(|f| text(f, "field"))
            .transpose()?;
        // The detail sits inside the problem's own JSON (its pickle), which
        // must stay within the nesting a reading allows.
        let detail = detail
            .filter(|d| !d.is_none())
            .map(|d| to_value_nested_at(d, "detail", DETAIL_DEPTH))
            .transpose()?;
        Ok(Problem {
            code,
            field,
            message_zh,
            message_en,
            detail,
        })
    }

    /// Stable machine-readable code, such as `money.too_many_decimals`.
    #[getter(code)]
    fn py_code(&self) -> Code {
        self.code
    }

    /// Path of the field the problem is about (`lines[0].unit_price`), or None.
    #[getter(field)]
    fn py_field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The message in Chinese.
    #[getter(message_zh)]
    fn py_message_zh(&self) -> &str {
        &self.message_zh
    }

    /// The message in English.
    #[getter(message_en)]
    fn py_message_en(&self) -> &str {
        &self.message_en
    }

    /// Machine-readable detail (limits, expected values), or None.
    #[getter(detail)]
    fn detail_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.py_detail(py)
    }

    /// The code's family: `request`, `money`, `policy`, `voucher`,
    /// `validation`, `password` or `internal`.
    #[getter]
    fn category(&self) -> Category {
        self.code.category()
    }

    /// The problem as a dict, as the JSON call API writes it.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_value(py, &crate::call::encode(self)?)
    }

    fn __str__(&self) -> String {
        self.to_string()
    }

    /// Quoted as Python quotes text, as every class's repr is.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let quoted = |text: &str| -> PyResult<String> {
            Ok(pyo3::types::PyString::new(py, text).repr()?.to_string())
        };
        let field = match self.field.as_deref() {
            Some(field) => quoted(field)?,
            None => "None".to_owned(),
        };
        Ok(format!(
            "Problem(code={}, field={field}, message_en={}, message_zh={})",
            quoted(self.code.as_str())?,
            quoted(&self.message_en)?,
            quoted(&self.message_zh)?
        ))
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let (py, this) = (slf.py(), slf.get());
        let parts = (
            this.code,
            this.field.as_deref(),
            &this.message_zh,
            &this.message_en,
            this.py_detail(py)?,
        );
        Ok((slf.get_type(), parts.into_pyobject(py)?))
    }
}
