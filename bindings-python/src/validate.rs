//! Field and form validation. A value that breaks rules is not an exception:
//! the answer is a `Verdict` listing every violation; `raise_if_invalid()`
//! turns it into one.

use huiqi_core::Problem as CoreProblem;
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde_json::{Map, Value, json};

use crate::call::run;
use crate::convert;
use crate::errors::{Problem, raise};

/// The outcome of a validation: `valid`, every violation (`huiqi.Problem`),
/// and `info` about a valid value when there is some (the parts of a USCC,
/// a resident ID's birth date, …). True when valid.
#[pyclass(module = "huiqi", frozen)]
pub(crate) struct Verdict {
    valid: bool,
    violations: Vec<CoreProblem>,
    info: Value,
}

#[pymethods]
impl Verdict {
    /// True when no rule is broken.
    #[getter]
    fn valid(&self) -> bool {
        self.valid
    }

    /// Every violation, in the order found.
    #[getter]
    fn violations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            self.violations.iter().map(|p| Problem { inner: p.clone() }),
        )
    }

    /// What the value is made of, when valid and there is something to tell; else None.
    #[getter]
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json(py, &self.info, &[])
    }

    /// The codes of the violations, e.g. `["field.length"]`.
    #[getter]
    fn codes(&self) -> Vec<&'static str> {
        self.violations.iter().map(|p| p.code.as_str()).collect()
    }

    /// Raises the violations as one exception (`ValidationError` or
    /// `PasswordError`, by the first violation's category, with every
    /// violation in `problems`); does nothing when valid.
    fn raise_if_invalid(&self, py: Python<'_>) -> PyResult<()> {
        if self.valid {
            Ok(())
        } else {
            Err(raise(py, self.violations.clone()))
        }
    }

    /// The verdict as the JSON call API answers it (a dict).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut map = Map::new();
        map.insert("valid".into(), Value::Bool(self.valid));
        map.insert(
            "violations".into(),
            Value::Array(
                self.violations
                    .iter()
                    .map(crate::errors::problem_json)
                    .collect(),
            ),
        );
        if !self.info.is_null() {
            map.insert("info".into(), self.info.clone());
        }
        convert::from_json(py, &Value::Object(map), &[])
    }

    fn __bool__(&self) -> bool {
        self.valid
    }

    fn __repr__(&self) -> String {
        if self.valid {
            "Verdict(valid=True)".to_owned()
        } else {
            format!("Verdict(valid=False, codes={:?})", self.codes())
        }
    }
}

/// A verdict from a `validate.*` or `password.check` answer.
pub(crate) fn verdict(py: Python<'_>, value: Value) -> PyResult<Verdict> {
    let internal = || raise(py, vec![huiqi_core::call::internal_problem()]);
    let valid = value
        .get("valid")
        .and_then(Value::as_bool)
        .ok_or_else(internal)?;
    let violations: Vec<CoreProblem> = value
        .get("violations")
        .map(|v| serde_json::from_value(v.clone()))
        .transpose()
        .map_err(|_| internal())?
        .unwrap_or_default();
    let info = value.get("info").cloned().unwrap_or(Value::Null);
    Ok(Verdict {
        valid,
        violations,
        info,
    })
}

fn check_value(py: Python<'_>, op: &str, value: &Bound<'_, PyAny>) -> PyResult<Verdict> {
    let request = json!({"value": convert::to_json_named(value, "value")?});
    verdict(py, run(py, op, request)?)
}

fn check_dated(
    py: Python<'_>,
    op: &str,
    key: &str,
    value: &Bound<'_, PyAny>,
    today: Option<&Bound<'_, PyAny>>,
) -> PyResult<Verdict> {
    let mut request = Map::new();
    request.insert(key.into(), convert::to_json_named(value, key)?);
    if let Some(today) = convert::opt_json(today, "today")? {
        request.insert("today".into(), today);
    }
    verdict(py, run(py, op, Value::Object(request))?)
}

fn check_form(py: Python<'_>, op: &str, form: &Bound<'_, PyAny>) -> PyResult<Verdict> {
    let request = json!({"form": convert::to_json_named(form, "form")?});
    verdict(py, run(py, op, request)?)
}

/// Checks a unified social credit code (GB 32100-2015: length, alphabet,
/// check character, the organisation code's GB 11714 check, authority,
/// entity type, region). When valid, `info` holds its parts.
///
/// >>> huiqi.validate_uscc("91350100M000100Y43").valid
/// True
#[pyfunction]
pub(crate) fn validate_uscc(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Verdict> {
    check_value(py, "validate.uscc", value)
}

/// Checks a resident ID number (GB 11643: ISO 7064 MOD 11-2 check, a real
/// birth date from 1900 to `today`, a known province). `today` is a
/// `datetime.date` or `"YYYY-MM-DD"` (default: today in Asia/Shanghai).
#[pyfunction]
#[pyo3(signature = (value, today=None))]
pub(crate) fn validate_resident_id(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    today: Option<&Bound<'_, PyAny>>,
) -> PyResult<Verdict> {
    check_dated(py, "validate.resident_id", "value", value, today)
}

/// Checks a mobile number (11 digits starting with 1).
#[pyfunction]
pub(crate) fn validate_mobile(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Verdict> {
    check_value(py, "validate.mobile", value)
}

/// Checks a landline number `area code-number`, optionally `-extension`.
#[pyfunction]
pub(crate) fn validate_landline(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Verdict> {
    check_value(py, "validate.landline", value)
}

/// Checks an email address.
#[pyfunction]
pub(crate) fn validate_email(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Verdict> {
    check_value(py, "validate.email", value)
}

/// Checks a postcode (6 digits).
#[pyfunction]
pub(crate) fn validate_postcode(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Verdict> {
    check_value(py, "validate.postcode", value)
}

/// Checks a provider sub-user username (6–30 letters, digits, underscores).
#[pyfunction]
pub(crate) fn validate_username(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Verdict> {
    check_value(py, "validate.username", value)
}

/// Checks a Henan login account.
#[pyfunction]
pub(crate) fn validate_login_account(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
) -> PyResult<Verdict> {
    check_value(py, "validate.login_account", value)
}

/// Checks an upload's metadata for its kind (format, size, pixel size):
/// `file` is `{"name": "logo.png", "size_bytes": 1024, "width"?: 400, "height"?: 200}`.
#[pyfunction]
pub(crate) fn validate_upload(
    py: Python<'_>,
    kind: &Bound<'_, PyAny>,
    file: &Bound<'_, PyAny>,
) -> PyResult<Verdict> {
    let request = json!({
        "kind": convert::to_json_named(kind, "kind")?,
        "file": convert::to_json_named(file, "file")?,
    });
    verdict(py, run(py, "validate.upload", request)?)
}

/// Checks a product listing form (商品上架); every violation at once.
#[pyfunction]
pub(crate) fn validate_product_listing(
    py: Python<'_>,
    form: &Bound<'_, PyAny>,
) -> PyResult<Verdict> {
    check_form(py, "validate.product_listing", form)
}

/// Checks an expert entry form (专家录入).
#[pyfunction]
pub(crate) fn validate_expert(py: Python<'_>, form: &Bound<'_, PyAny>) -> PyResult<Verdict> {
    check_form(py, "validate.expert", form)
}

/// Checks an account registration form, national or Henan.
#[pyfunction]
pub(crate) fn validate_account_registration(
    py: Python<'_>,
    form: &Bound<'_, PyAny>,
) -> PyResult<Verdict> {
    check_form(py, "validate.account_registration", form)
}

/// Checks a national enterprise registration form; `today` as for
/// `validate_resident_id`.
#[pyfunction]
#[pyo3(signature = (form, today=None))]
pub(crate) fn validate_enterprise_registration(
    py: Python<'_>,
    form: &Bound<'_, PyAny>,
    today: Option<&Bound<'_, PyAny>>,
) -> PyResult<Verdict> {
    check_dated(py, "validate.enterprise_registration", "form", form, today)
}

/// Checks a Henan enterprise registration form.
#[pyfunction]
pub(crate) fn validate_henan_enterprise_registration(
    py: Python<'_>,
    form: &Bound<'_, PyAny>,
) -> PyResult<Verdict> {
    check_form(py, "validate.henan_enterprise_registration", form)
}

/// Checks a national provider registration form; `today` as for
/// `validate_resident_id`.
#[pyfunction]
#[pyo3(signature = (form, today=None))]
pub(crate) fn validate_provider_registration(
    py: Python<'_>,
    form: &Bound<'_, PyAny>,
    today: Option<&Bound<'_, PyAny>>,
) -> PyResult<Verdict> {
    check_dated(py, "validate.provider_registration", "form", form, today)
}
