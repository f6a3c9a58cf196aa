//! What the core's classes carry in Python beyond their fields: a quote's
//! figures derived when read (the summaries and the explanation are built
//! only when asked for), a verdict's truth and codes, and the policies'
//! loading, presets and pickling.

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use super::value::{text as read_text, to_value};
use crate::api::{ResidentIdVerdict, UsccVerdict, Verdict};
use crate::error::Code;
use crate::money::Money;
use crate::password::PasswordPolicy;
use crate::subsidy::{ExplanationLine, SubsidyPolicy, SubsidyQuote};

#[pymethods]
impl SubsidyQuote {
    /// What is left to pay on the base: base − subsidy.
    #[getter(payable)]
    fn py_payable(&self) -> Money {
        self.payable()
    }

    /// One line in Chinese (`预计补贴 ¥73.50`), built when read.
    #[getter(summary_zh)]
    fn py_summary_zh(&self) -> String {
        self.summary_zh()
    }

    /// One line in English, built when read.
    #[getter(summary_en)]
    fn py_summary_en(&self) -> String {
        self.summary_en()
    }

    /// Every step in both languages, built when read.
    #[getter(explanation)]
    fn py_explanation(&self) -> Vec<ExplanationLine> {
        self.explanation()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let shown = |name: &str| slf.getattr(name)?.repr().map(|r| r.to_string());
        Ok(format!(
            "SubsidyQuote(subsidy={}, stage={}, bound_by={})",
            shown("subsidy")?,
            shown("stage")?,
            shown("bound_by")?
        ))
    }
}

/// A verdict is true when valid, lists its codes, and raises on demand.
macro_rules! verdicts {
    ($($verdict:ty),*) => {$(
        #[pymethods]
        impl $verdict {
            fn __bool__(&self) -> bool {
                self.valid
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                fields_repr(slf.as_any(), &declared_order(slf.get()))
            }

            /// The codes of the violations, such as `["field.length"]`.
            #[getter]
            fn codes(&self) -> Vec<Code> {
                self.violations.iter().map(|p| p.code).collect()
            }

            /// Raises the violations as one exception (the class of the first
            /// one's category, every violation in `problems`); nothing when valid.
            fn raise_if_invalid(&self, py: Python<'_>) -> PyResult<()> {
                match self.valid {
                    true => Ok(()),
                    false => Err(super::raise(py, self.violations.clone())),
                }
            }
        }
    )*};
}
verdicts!(Verdict, UsccVerdict, ResidentIdVerdict);

/// Policies load from TOML, JSON or a dict (strictly: an unknown or
/// misplaced key is refused naming its path), come as presets by name,
/// write themselves as JSON and pickle through it.
macro_rules! documents {
    ($($document:ident($preset:path) { $($more:tt)* })*) => {$(
        #[pymethods]
        impl $document {
            /// A preset that ships with huiqi, by name.
            #[staticmethod]
            #[pyo3(name = "preset")]
            fn py_preset(name: &Bound<'_, PyAny>) -> PyResult<$document> {
                Ok($preset(&read_text(name, "name")?).map_err(crate::Error::from)?)
            }

            /// Reads one from TOML text.
            #[staticmethod]
            #[pyo3(name = "from_toml")]
            fn py_from_toml(text: &Bound<'_, PyAny>) -> PyResult<$document> {
                Ok($document::from_toml(&read_text(text, "text")?).map_err(|e| crate::Error::from(e).at_input("text"))?)
            }

            /// Reads one from JSON text.
            #[staticmethod]
            #[pyo3(name = "from_json")]
            fn py_from_json(text: &Bound<'_, PyAny>) -> PyResult<$document> {
                Ok($document::from_json(&read_text(text, "text")?).map_err(|e| crate::Error::from(e).at_input("text"))?)
            }

            /// Reads one from a dict (money as `Decimal` or `str`, never `float`).
            #[staticmethod]
            fn from_dict(document: &Bound<'_, PyAny>) -> PyResult<$document> {
                let json = to_value(document)?.to_string();
                // A problem with the document as a whole (a list where one
                // policy goes) is at the argument that carried it.
                Ok($document::from_json(&json).map_err(|e| crate::Error::from(e).at_input("document"))?)
            }

            /// Its JSON text, which `from_json` reads back.
            fn to_json(&self) -> PyResult<String> {
                Ok(crate::call::encode(self)?.to_string())
            }

            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
                let json = slf.get().to_json()?;
                Ok((slf.get_type().getattr("from_json")?, (json,).into_pyobject(slf.py())?))
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                fields_repr(slf.as_any(), &declared_order(slf.get()))
            }

            $($more)*
        }
    )*};
}

documents! {
    SubsidyPolicy(crate::subsidy::preset) {
        /// The names of the presets that ship with huiqi.
        #[staticmethod]
        fn presets() -> Vec<&'static str> {
            crate::subsidy::preset_names()
        }
    }
    PasswordPolicy(PasswordPolicy::preset) {}
}

/// The approval engine's documents as JSON text, as the call API writes
/// them: what a host stores (an application's state, its events, a route)
/// and passes back later (as a dict: `json.loads(app.to_json())`).
///
/// Each also says in a REPL what one looks for first, as a description in
/// angle brackets (`<Decision events=[submitted, stage_started] …>`): a
/// summary, not the whole value (`to_json()` gives that) nor a call that
/// would make it; a dotted name (`route.id`) is the attribute it reads.
macro_rules! json_documents {
    ($($document:ty { $($more:tt)* })*) => {$(
        #[pymethods]
        impl $document {
            /// This value as JSON text, as the JSON call API writes it.
            fn to_json(&self) -> PyResult<String> {
                Ok(crate::call::encode(self)?.to_string())
            }

            $($more)*
        }
    )*};
}

/// The JSON name of a value that serde writes as a string or as an object
/// tagged `type` (a status, a change).
fn json_name(value: &impl serde::Serialize) -> String {
    match crate::call::encode(value) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(serde_json::Value::Object(object)) => match object.get("type") {
            Some(serde_json::Value::String(name)) => name.clone(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// The changes of `events`, by type, for a repr: `decided, stage_completed`.
fn change_names(events: &[crate::approval::Event]) -> String {
    let names: Vec<String> = events.iter().map(|e| json_name(&e.change)).collect();
    names.join(", ")
}

/// `text` as Python writes a `str` (quotes, escapes).
fn quoted(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(pyo3::types::PyString::new(py, text).repr()?.to_string())
}

json_documents! {
    crate::approval::Application {
        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            Ok(format!(
                "<Application name={} route.id={} status={} stage={} version={}>",
                quoted(py, &self.name)?,
                quoted(py, &self.route.id)?,
                quoted(py, &json_name(&self.status))?,
                self.stage,
                self.version
            ))
        }
    }
    crate::approval::Event {
        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            let actor = match &self.actor {
                Some(actor) => quoted(py, actor)?,
                None => "None".to_owned(),
            };
            Ok(format!(
                "<Event version={} change.type={} actor={} at={}>",
                self.version,
                quoted(py, &json_name(&self.change))?,
                actor,
                self.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            ))
        }
    }
    crate::approval::Route {
        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            let branches = self.branch_views().count();
            Ok(format!(
                "<Route id={} name={} effective_from={} with {} branch{}>",
                quoted(py, &self.id)?,
                quoted(py, &self.name)?,
                self.effective_from,
                branches,
                if branches == 1 { "" } else { "es" }
            ))
        }
    }
    crate::approval::Decision {
        /// `==` and `!=` as the other answers have them (`eq`), by value;
        /// any other comparison, or with another type, is not implemented.
        fn __richcmp__(
            &self,
            other: &Bound<'_, PyAny>,
            op: pyo3::pyclass::CompareOp,
        ) -> Py<PyAny> {
            use pyo3::pyclass::CompareOp;
            let py = other.py();
            let equal = match other.cast::<Self>() {
                Ok(other) => self == other.get(),
                Err(_) => return py.NotImplemented(),
            };
            match op {
                CompareOp::Eq => pyo3::types::PyBool::new(py, equal).to_owned().into_any().unbind(),
                CompareOp::Ne => pyo3::types::PyBool::new(py, !equal).to_owned().into_any().unbind(),
                _ => py.NotImplemented(),
            }
        }

        fn __repr__(&self) -> String {
            format!(
                "<Decision events=[{}] version={} retry={}>",
                change_names(&self.events),
                self.version,
                if self.retry { "True" } else { "False" }
            )
        }
    }
    crate::api::RoutePreview {
        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            let stages = self
                .stages
                .iter()
                .map(|s| s.id.clone())
                .collect::<Vec<_>>();
            Ok(format!(
                "<RoutePreview route={} branch={} stages=[{}]>",
                quoted(py, &self.route)?,
                quoted(py, &self.branch)?,
                stages.join(", ")
            ))
        }
    }
    crate::api::Replayed {
        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            let state = match &self.state {
                Some(state) => state.__repr__(py)?,
                None => "None".to_owned(),
            };
            Ok(format!("<Replayed state={state}>"))
        }
    }
    crate::api::History {
        fn __repr__(&self) -> String {
            let steps: Vec<String> = self.steps.iter().map(|s| json_name(&s.action)).collect();
            format!("<History steps=[{}]>", steps.join(", "))
        }
    }
    crate::api::AllowedActions {
        fn __repr__(&self) -> String {
            let allowed: Vec<String> = self.allowed.iter().map(json_name).collect();
            format!("<AllowedActions allowed=[{}]>", allowed.join(", "))
        }
    }
    crate::api::ApplicationList {
        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            let listed = self
                .applications
                .iter()
                .map(|a| a.__repr__(py))
                .collect::<PyResult<Vec<_>>>()?;
            Ok(format!("<ApplicationList applications=[{}]>", listed.join(", ")))
        }
    }
    crate::api::Decided {
        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            let changes = change_names(&self.events);
            let status = quoted(py, &json_name(&self.state.status))?;
            Ok(format!(
                "<Decided events=[{}] state.status={} version={} retry={}>",
                changes,
                status,
                self.version,
                if self.retry { "True" } else { "False" }
            ))
        }
    }
}

/// `None`, or the text quoted as Python quotes it.
fn quoted_or_none(py: Python<'_>, text: Option<&str>) -> PyResult<String> {
    text.map_or_else(|| Ok("None".to_owned()), |t| quoted(py, t))
}

#[pymethods]
impl crate::api::ListedApplication {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<ListedApplication name={} route={} applicant={} status={} stage_id={}>",
            quoted(py, &self.name)?,
            quoted(py, &self.route)?,
            quoted(py, &self.applicant)?,
            quoted(py, &json_name(&self.status))?,
            quoted_or_none(py, self.stage_id.as_deref())?
        ))
    }
}

#[pymethods]
impl crate::approval::Allowed {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let reason = self.reason.as_ref().map(|p| p.code.as_str());
        Ok(format!(
            "<Allowed action={} allowed={} reason.code={}>",
            quoted(py, &json_name(&self.action))?,
            if self.allowed { "True" } else { "False" },
            quoted_or_none(py, reason)?
        ))
    }
}

#[pymethods]
impl crate::approval::ScenarioReport {
    /// This value as JSON text, as the JSON call API writes it.
    fn to_json(&self) -> PyResult<String> {
        Ok(crate::call::encode(self)?.to_string())
    }

    /// Where the application ended: the report's `final` in JSON (a Rust
    /// field cannot be named so; `final_state` is the same value).
    #[getter]
    #[pyo3(name = "final")]
    fn final_of(&self) -> crate::approval::FinalState {
        self.final_state.clone()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let accepted = self.steps.iter().filter(|s| s.is_accepted()).count();
        let status = match &self.final_state.status {
            Some(status) => quoted(py, &json_name(status))?,
            None => "None".to_owned(),
        };
        Ok(format!(
            "<ScenarioReport {} {}, {accepted} accepted, final.status={status}>",
            self.steps.len(),
            if self.steps.len() == 1 {
                "step"
            } else {
                "steps"
            }
        ))
    }
}

/// What a class shows in a REPL when it says nothing shorter of itself:
/// `Class(field=value, …)`, its fields in the order the type declares
/// them (`declared`), then any figure derived from them, each as Python
/// shows it, and a long one (a policy's tiers, a list of stages)
/// shortened to what it is (`[5 items]`), so that one line says what the
/// object is. The attribute (or `to_json()`) gives the whole value.
pub(crate) fn fields_repr(obj: &Bound<'_, PyAny>, declared: &[String]) -> PyResult<String> {
    let py = obj.py();
    let kind = obj.get_type();
    // The class's getters: its fields and derived figures.
    let mut getters = Vec::new();
    let attributes = kind.getattr(pyo3::intern!(py, "__dict__"))?;
    for item in attributes
        .call_method0(pyo3::intern!(py, "items"))?
        .try_iter()?
    {
        let (name, attribute): (String, Bound<'_, PyAny>) = item?.extract()?;
        if attribute.get_type().name()?.to_cow()? == "getset_descriptor" {
            getters.push(name);
        }
    }
    // The class's dict keeps no order worth showing: the declared fields
    // first, then the rest by name.
    getters.sort_by_key(|name| {
        let place = declared.iter().position(|d| d == name);
        (place.is_none(), place, name.clone())
    });
    let mut shown = Vec::new();
    for name in getters {
        let value = obj.getattr(name.as_str())?;
        shown.push(format!("{name}={}", shortened(&value)?));
    }
    Ok(format!("{}({})", kind.name()?, shown.join(", ")))
}

/// The names of `value`'s fields in the order its type declares them, as
/// serde writes them (a JSON object read back would keep no order).
pub(crate) fn declared_order<T: serde::Serialize>(value: &T) -> Vec<String> {
    struct Keys(Vec<String>);
    struct KeysVisitor;
    impl<'de> serde::de::Visitor<'de> for KeysVisitor {
        type Value = Keys;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
            let mut keys = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<serde::de::IgnoredAny>()?;
                keys.push(key);
            }
            Ok(Keys(keys))
        }
    }
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
            d.deserialize_map(KeysVisitor)
        }
    }
    serde_json::to_string(value)
        .ok()
        .and_then(|text| serde_json::from_str::<Keys>(&text).ok())
        .map_or_else(Vec::new, |keys| keys.0)
}

/// The longest value a repr shows whole.
const SHOWN_WHOLE: usize = 60;

/// `value` as Python shows it, or what it is when that is long: a list
/// or dict by its size, one of huiqi's objects by its class (its own repr
/// shows it), text cut.
fn shortened(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let whole = value.repr()?.to_string();
    if whole.chars().count() <= SHOWN_WHOLE {
        return Ok(whole);
    }
    let kind = value.get_type();
    if kind.module()?.to_cow()? == "huiqi" {
        return Ok(format!("{}(…)", kind.name()?));
    }
    if let Ok(list) = value.cast::<pyo3::types::PyList>() {
        return Ok(match list.len() {
            1 => "[1 item]".to_owned(),
            n => format!("[{n} items]"),
        });
    }
    if let Ok(dict) = value.cast::<pyo3::types::PyDict>() {
        return Ok(match dict.len() {
            1 => "{1 key}".to_owned(),
            n => format!("{{{n} keys}}"),
        });
    }
    // Text keeps its closing quote, so the cut shows as a cut and the repr
    // still reads as Python: `'by ratio: … half…'`.
    let close = match whole.chars().last() {
        Some(quote @ ('\'' | '"')) if value.is_instance_of::<pyo3::types::PyString>() => {
            Some(quote)
        }
        _ => None,
    };
    let keep = SHOWN_WHOLE.saturating_sub(if close.is_some() { 2 } else { 1 });
    let head: String = whole.chars().take(keep).collect();
    Ok(match close {
        Some(quote) => format!("{head}…{quote}"),
        None => format!("{head}…"),
    })
}

/// Classes with no other methods: their repr is `fields_repr`.
macro_rules! field_reprs {
    ($($class:ty),* $(,)?) => {$(
        #[pymethods]
        impl $class {
            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                fields_repr(slf.as_any(), &declared_order(slf.get()))
            }
        }
    )*};
}

field_reprs!(
    crate::api::OperationList,
    crate::api::OperationInfo,
    crate::api::ParsedAmount,
    crate::api::Allocation,
    crate::api::QuoteAnswer,
    crate::api::Reason,
    crate::api::BatchAnswer,
    crate::api::LoadedPolicies,
    crate::api::PricedOrder,
    crate::api::Wallet,
    crate::api::VoucherUsability,
    crate::api::GrabAnswer,
    crate::api::PasswordHash,
    crate::api::Verification,
    crate::subsidy::Caps,
    crate::subsidy::Eligibility,
    crate::subsidy::Headroom,
    crate::subsidy::ExplanationLine,
    crate::voucher::Voucher,
    crate::voucher::VoucherScope,
    crate::voucher::Offer,
    crate::voucher::OfferedVoucher,
    crate::voucher::RefusedVoucher,
    crate::voucher::AppliedVoucher,
    crate::voucher::LineShare,
    crate::voucher::LinePricing,
    crate::validate::UsccInfo,
    crate::validate::Named,
    crate::validate::ResidentIdInfo,
    crate::password::AllowedCharacters,
    crate::approval::Branch,
    crate::approval::Condition,
    crate::approval::RouteStage,
    crate::approval::Actor,
    crate::approval::Slot,
    crate::approval::SlotDecision,
    crate::approval::RouteSnapshot,
    crate::approval::Upload,
    crate::approval::RequestRef,
    crate::approval::FinalState,
    crate::approval::TodoItem,
    crate::approval::HistoryStep,
    crate::approval::StageRef,
);
