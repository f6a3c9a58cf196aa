//! The one place where problems become thrown JS errors.
//!
//! A failed operation throws an `Error` named `HuiqiError` whose message is
//! the one every binding's exception carries (`huiqi_core::error::summary`:
//! `money.too_many_decimals at \`order_total\`: … / 金额…`, or `3 problems:
//! …; …`), with the first problem's
//! `code`, `category`, `field`, `messageZh`, `messageEn` and `detail` as
//! properties and every problem, in the core's JSON shape, in `problems`.

use huiqi_core::Problem;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// A value as JS, through its JSON text (keys in the order `call` writes them).
fn json_to_js(text: serde_json::Result<String>) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&text.map_err(|_| JsValue::NULL)?)
}

/// The error for a failure inside the library.
pub(crate) fn internal() -> JsValue {
    to_js_error(vec![huiqi_core::call::internal_problem()])
}

/// The `name` of every error this package throws.
pub(crate) const ERROR_NAME: &str = "HuiqiError";

/// The JS error for `problems` (the first one leads).
pub(crate) fn to_js_error(problems: Vec<Problem>) -> JsValue {
    let mut problems = huiqi_core::limits::capped(problems);
    if problems.is_empty() {
        problems.push(huiqi_core::call::internal_problem());
    }
    let error = js_sys::Error::new(&huiqi_core::error::summary(&problems));
    error.set_name(ERROR_NAME);
    // Setting plain properties on a fresh Error cannot fail; should it ever,
    // the error still carries its name and message.
    let _ = decorate(&error, &problems);
    error.into()
}

fn decorate(error: &js_sys::Error, problems: &[Problem]) -> Result<(), JsValue> {
    let set = |key: &str, value: &JsValue| Reflect::set(error, &JsValue::from_str(key), value);
    if let Some(first) = problems.first() {
        set("code", &JsValue::from_str(first.code.as_str()))?;
        set("category", &JsValue::from_str(first.code.category().name()))?;
        set(
            "field",
            &first
                .field
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
        )?;
        set("messageZh", &JsValue::from_str(&first.message_zh))?;
        set("messageEn", &JsValue::from_str(&first.message_en))?;
        let detail = match &first.detail {
            Some(detail) => json_to_js(serde_json::to_string(detail))?,
            None => JsValue::NULL,
        };
        set("detail", &detail)?;
    }
    set("problems", &json_to_js(serde_json::to_string(problems))?)?;
    Ok(())
}
