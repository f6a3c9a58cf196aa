//! The module's classes, and their pickling: each class the strict
//! reading reads pickles as its JSON text, as the call API writes it, and
//! unpickles by the strict reading of that text, less its general size
//! limits. So answers, applications, events and routes cross
//! `multiprocessing` and `copy.deepcopy`, and a pickle holds no memory
//! layout, only the documented JSON: one taken by one build loads in
//! another that reads the same JSON.
//!
//! The classes are frozen and defined in Rust, so their reducer is
//! registered with `copyreg`: one for all of them, answering a call of
//! the module function `_unpickle(class_name, json)`.

/// Defines `add_classes(m)`, which adds every class listed to module `m`
/// and registers the reducer of those in `pickled_as_json`, and the
/// `_reduce` and `_unpickle` functions behind it. A class appears in the
/// list once: the module's classes and the picklable ones cannot drift.
macro_rules! classes {
    (
        pickled_as_json: [$($json:ty),* $(,)?],
        other: [$($other:ty),* $(,)?] $(,)?
    ) => {
        /// `obj` as the call that makes it again: `_unpickle` of its
        /// class's name and its JSON text.
        #[::pyo3::pyfunction]
        fn _reduce<'py>(
            obj: &::pyo3::Bound<'py, ::pyo3::PyAny>,
        ) -> ::pyo3::PyResult<(::pyo3::Bound<'py, ::pyo3::PyAny>, (&'static str, String))> {
            use ::pyo3::types::PyAnyMethods;
            let unpickle = obj.py().import("huiqi")?.getattr("_unpickle")?;
            $(
                if let Ok(value) = obj.cast_exact::<$json>() {
                    let json = $crate::ffi::python::guard(|| $crate::call::encode(value.get()))?;
                    return Ok((unpickle, (<$json as ::pyo3::PyClass>::NAME, json.to_string())));
                }
            )*
            let shown = $crate::error::echo(&obj.get_type().name()?.to_string());
            Err($crate::ffi::python::refused(
                obj.py(),
                None,
                format!("不能序列化 `{shown}`：huiqi 只序列化它自己的类"),
                format!("cannot pickle `{shown}`: not a class huiqi pickles"),
            ))
        }

        /// The object of class `name` that `json` is, read as the type is
        /// read anywhere but for the size limits (refused, naming the path,
        /// when it does not read as that type; an answer-only type ignores
        /// an unknown key, as serde does).
        #[::pyo3::pyfunction]
        fn _unpickle(
            name: &::pyo3::Bound<'_, ::pyo3::PyAny>,
            json: &::pyo3::Bound<'_, ::pyo3::PyAny>,
        ) -> ::pyo3::PyResult<::pyo3::Py<::pyo3::PyAny>> {
            // Read as every text argument is (a lone surrogate is refused
            // as everywhere, at its argument).
            let (py, name) = (name.py(), $crate::ffi::python::text(name, "name")?);
            let json = $crate::ffi::python::text(json, "json")?;
            $(
                if name == <$json as ::pyo3::PyClass>::NAME {
                    let read: $json = $crate::ffi::python::guard(|| read_own(&json))?;
                    return Ok(::pyo3::Bound::new(py, read)?.into_any().unbind());
                }
            )*
            let shown = $crate::error::echo(&name);
            Err($crate::ffi::python::refused(
                py,
                Some("name"),
                format!("`{shown}` 不是 huiqi 能还原的类"),
                format!("`{shown}` is not a class huiqi unpickles"),
            ))
        }

        /// The value of type `T` that `json` is, read as strictly as a
        /// request but without the general size limits (of a text, a
        /// string, a list): the library wrote it, and an answer may hold
        /// more than a request may (a batch of a million quotes). Nesting
        /// is still limited: no answer nests that deep.
        fn read_own<T: ::serde::de::DeserializeOwned>(json: &str) -> Result<T, $crate::Error> {
            use $crate::call::RequestError;
            use $crate::error::Code;
            let value = $crate::decode::parse_json(json).map_err(|failure| {
                RequestError::Invalid(failure.into_problem(Code::MalformedJson))
            })?;
            Ok($crate::decode::from_own_ref(&value).map_err(|failure| {
                RequestError::Invalid(failure.into_problem(Code::InvalidRequest))
            })?)
        }

        /// Adds every class to module `m`, with `_unpickle`, and registers
        /// the reducer of the ones pickled as JSON with `copyreg`.
        fn add_classes(m: &::pyo3::Bound<'_, ::pyo3::types::PyModule>) -> ::pyo3::PyResult<()> {
            use ::pyo3::types::{PyAnyMethods, PyModuleMethods};
            let py = m.py();
            $(m.add_class::<$json>()?;)*
            $(m.add_class::<$other>()?;)*
            m.add_function(::pyo3::wrap_pyfunction!(_unpickle, m)?)?;
            let reduce = ::pyo3::wrap_pyfunction!(_reduce, m)?;
            let copyreg = py.import("copyreg")?;
            $(copyreg.call_method1("pickle", (py.get_type::<$json>(), &reduce))?;)*
            Ok(())
        }
    };
}

pub(super) use classes;
