//! Password policies, checks, hashing and verification. Passwords go in and
//! never come out, in answers or in errors.

use huiqi_core::password::PasswordPolicy as CorePasswordPolicy;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde_json::{Map, Value, json};

use crate::call::run;
use crate::convert;
use crate::errors::{core_call, raise};
use crate::validate::{Verdict, verdict};

fn internal(py: Python<'_>) -> PyErr {
    raise(py, vec![huiqi_core::call::internal_problem()])
}

/// A password policy: a preset (`national`, `henan`, `nist`) or one loaded
/// strictly from TOML, JSON or a dict.
#[pyclass(module = "huiqi", frozen)]
pub(crate) struct PasswordPolicy {
    pub(crate) inner: CorePasswordPolicy,
}

#[pymethods]
impl PasswordPolicy {
    /// A preset by name: `national`, `henan` or `nist` (SP 800-63B).
    #[staticmethod]
    fn preset(py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<PasswordPolicy> {
        let name = convert::text(name, "name")?;
        core_call(py, || CorePasswordPolicy::preset(&name)).map(|inner| PasswordPolicy { inner })
    }

    /// Loads a policy from TOML text, strictly (`PasswordError`
    /// `password.policy_invalid` naming the key).
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PasswordPolicy> {
        let text = convert::text(text, "text")?;
        core_call(py, || CorePasswordPolicy::from_toml(&text)).map(|inner| PasswordPolicy { inner })
    }

    /// Loads a policy from JSON text, strictly.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PasswordPolicy> {
        let text = convert::text(text, "text")?;
        core_call(py, || CorePasswordPolicy::from_json(&text)).map(|inner| PasswordPolicy { inner })
    }

    /// Loads a policy from a dict, strictly.
    #[staticmethod]
    fn from_dict(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<PasswordPolicy> {
        let value = convert::to_json_named(document, "")?;
        let text = serde_json::to_string(&value).map_err(|_| internal(py))?;
        core_call(py, || CorePasswordPolicy::from_json(&text)).map(|inner| PasswordPolicy { inner })
    }

    /// The policy's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Fewest characters allowed.
    #[getter]
    fn min_length(&self) -> u32 {
        self.inner.min_length
    }

    /// Most characters allowed.
    #[getter]
    fn max_length(&self) -> u32 {
        self.inner.max_length
    }

    /// The policy's rules as a dict (what `from_dict` reads back).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(&self.inner).map_err(|_| internal(py))?;
        convert::from_json(py, &value, &[])
    }

    /// Checks a password against this policy: see `huiqi.check_password`.
    #[pyo3(signature = (password, *, username=None, mobile=None, email=None, current_hash=None, history_hashes=None))]
    #[allow(clippy::too_many_arguments)]
    fn check(
        slf: &Bound<'_, Self>,
        password: &Bound<'_, PyAny>,
        username: Option<&Bound<'_, PyAny>>,
        mobile: Option<&Bound<'_, PyAny>>,
        email: Option<&Bound<'_, PyAny>>,
        current_hash: Option<&Bound<'_, PyAny>>,
        history_hashes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verdict> {
        check_password(
            slf.py(),
            slf.as_any(),
            password,
            username,
            mobile,
            email,
            current_hash,
            history_hashes,
        )
    }

    fn __repr__(&self) -> String {
        format!("PasswordPolicy(name={:?})", self.inner.name)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PasswordPolicy>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let text = serde_json::to_string(&slf.get().inner).map_err(|_| internal(py))?;
        Ok((
            slf.get_type().getattr("from_json")?,
            PyTuple::new(py, [text])?,
        ))
    }
}

/// The JSON document of a `PasswordPolicy`, for requests.
pub(crate) fn policy_document(obj: &Bound<'_, PyAny>) -> PyResult<Option<Value>> {
    match obj.cast::<PasswordPolicy>() {
        Ok(p) => serde_json::to_value(&p.get().inner)
            .map(Some)
            .map_err(|_| internal(obj.py())),
        Err(_) => Ok(None),
    }
}

/// Checks `password` against `policy` (a `PasswordPolicy`, a preset name or
/// a policy dict) and returns a `Verdict` with every broken rule
/// (`password.length`, `password.classes`, `password.contains_username`, …).
/// The context is optional: the user's `username`, `mobile` and `email`, the
/// `current_hash` and `history_hashes` (Argon2id PHC strings, from
/// `hash_password`). A stored hash that is not a PHC string raises
/// `PasswordError` (`password.bad_hash`). Messages never contain the password.
///
/// >>> huiqi.check_password("national", "zhangsan123", username="zhangsan").codes
/// ['password.classes', 'password.contains_username']
#[pyfunction]
#[pyo3(signature = (policy, password, *, username=None, mobile=None, email=None, current_hash=None, history_hashes=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_password(
    py: Python<'_>,
    policy: &Bound<'_, PyAny>,
    password: &Bound<'_, PyAny>,
    username: Option<&Bound<'_, PyAny>>,
    mobile: Option<&Bound<'_, PyAny>>,
    email: Option<&Bound<'_, PyAny>>,
    current_hash: Option<&Bound<'_, PyAny>>,
    history_hashes: Option<&Bound<'_, PyAny>>,
) -> PyResult<Verdict> {
    let mut context = Map::new();
    for (key, value) in [
        ("username", username),
        ("mobile", mobile),
        ("email", email),
        ("current_hash", current_hash),
        ("history_hashes", history_hashes),
    ] {
        if let Some(v) = convert::opt_json(value, key)? {
            context.insert(key.into(), v);
        }
    }
    let request = json!({
        "policy": convert::to_json_named(policy, "policy")?,
        "password": convert::to_json_named(password, "password")?,
        "context": context,
    });
    verdict(py, run(py, "password.check", request)?)
}

/// Hashes a password with Argon2id (OWASP's parameters unless `memory_kib`,
/// `iterations` and `parallelism` are all given) and returns the PHC string
/// to store.
#[pyfunction]
#[pyo3(signature = (password, *, memory_kib=None, iterations=None, parallelism=None))]
pub(crate) fn hash_password(
    py: Python<'_>,
    password: &Bound<'_, PyAny>,
    memory_kib: Option<&Bound<'_, PyAny>>,
    iterations: Option<&Bound<'_, PyAny>>,
    parallelism: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let mut request = Map::new();
    request.insert(
        "password".into(),
        convert::to_json_named(password, "password")?,
    );
    let mut cost = Map::new();
    for (key, value) in [
        ("memory_kib", memory_kib),
        ("iterations", iterations),
        ("parallelism", parallelism),
    ] {
        if let Some(v) = convert::opt_json(value, key)? {
            cost.insert(key.into(), v);
        }
    }
    if !cost.is_empty() {
        request.insert("cost".into(), Value::Object(cost));
    }
    let value = run(py, "password.hash", Value::Object(request))?;
    value
        .get("hash")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| internal(py))
}

/// Whether `password` matches the stored Argon2 PHC `hash`; a hash that is
/// not a PHC string raises `PasswordError` (`password.bad_hash`).
#[pyfunction]
pub(crate) fn verify_password(
    py: Python<'_>,
    password: &Bound<'_, PyAny>,
    hash: &Bound<'_, PyAny>,
) -> PyResult<bool> {
    let request = json!({
        "password": convert::to_json_named(password, "password")?,
        "hash": convert::to_json_named(hash, "hash")?,
    });
    let value = run(py, "password.verify", request)?;
    value
        .get("matches")
        .and_then(Value::as_bool)
        .ok_or_else(|| internal(py))
}
