//! WebAssembly bindings of huiqi: the npm package `huiqi`, for pages and Node.
//!
//! Glue only, derived from the core's one operation table
//! ([`huiqi_core::for_each_operation!`]): every operation is a camelCase
//! function (`subsidyQuote`, `validateUscc`, …) taking its request object and
//! returning its answer object, exactly as the JSON call API reads and
//! answers them (snake_case keys, money as decimal strings, never numbers).
//! A failure throws a `HuiqiError` ([`error`]). The TypeScript declarations
//! of every request and answer come from the core's `tsify` derives (feature
//! `wasm`); the functions' signatures are written here from the same table.
//!
//! A request crosses as JSON text (`JSON.stringify`, then the core's strict
//! decoder), which is both the fastest way across and the one way every
//! binding's requests are read: a key given twice, a list for an object, a
//! number for money are refused with the same codes and paths as `call()`.

mod diagnose;
mod error;
pub mod quote;
pub mod quoter;

use wasm_bindgen::prelude::*;

/// Runs operation `op` on a request object: its answer as an object, or a
/// thrown `HuiqiError`.
fn typed(op: &str, request: &JsValue) -> Result<JsValue, JsValue> {
    match huiqi_core::call::call_value(op, parsed(request)?).into_result() {
        Ok(value) => to_js(&value).map_err(|_| error::internal()),
        Err(problems) => Err(error::to_js_error(unread(request, problems))),
    }
}

/// The core's refusal of `request`; when the field it refuses lies in or
/// under what JSON left out or emptied (a function, a `Map`: see
/// `diagnose::along`), that value at its path instead, which the core
/// could only see as missing or empty.
fn unread(request: &JsValue, problems: Vec<huiqi_core::Problem>) -> Vec<huiqi_core::Problem> {
    let found = problems
        .first()
        .and_then(|p| diagnose::along(request, p.field.as_deref().unwrap_or_default()));
    match found {
        Some(problem) => vec![problem],
        None => problems,
    }
}

/// A request object as the core's JSON value, read as strictly as `call()`
/// reads text; what JSON cannot carry is refused at its field.
pub(crate) fn parsed(request: &JsValue) -> Result<serde_json::Value, JsValue> {
    let text = request_text(request)?;
    if text.contains("null")
        && let Some(problem) = diagnose::unwritable(request)
    {
        return Err(error::to_js_error(vec![problem]));
    }
    huiqi_core::call::parse_request(&text).map_err(|problems| {
        // `JSON.stringify` writes valid JSON but for a lone surrogate, which
        // it escapes and the core refuses: find and name it.
        let malformed = problems
            .first()
            .is_some_and(|p| p.code == huiqi_core::Code::MalformedJson);
        let problems = match diagnose::unwritable(request) {
            Some(problem) if malformed => vec![problem],
            _ => problems,
        };
        error::to_js_error(problems)
    })
}

/// An answer as a JS value, through `JSON.parse`; an integer a JS number
/// cannot hold exactly (the fen of amounts above ¥90 trillion) comes as a
/// `BigInt`, so no digit of money is ever lost.
pub(crate) fn to_js(value: &serde_json::Value) -> Result<JsValue, JsValue> {
    let js = js_sys::JSON::parse(&value.to_string())?;
    if has_big_integer(value) {
        restore_big_integers(value, &js)?;
    }
    Ok(js)
}

/// Largest integer a JS number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

fn big_integer(value: &serde_json::Value) -> Option<JsValue> {
    let n = value.as_number()?;
    let beyond = n.as_u64().is_some_and(|u| u > MAX_SAFE_INTEGER)
        || n.as_i64()
            .is_some_and(|i| i.unsigned_abs() > MAX_SAFE_INTEGER);
    if !beyond {
        return None;
    }
    js_sys::BigInt::new(&JsValue::from_str(&n.to_string()))
        .ok()
        .map(JsValue::from)
}

fn has_big_integer(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(map) => map.values().any(has_big_integer),
        serde_json::Value::Array(items) => items.iter().any(has_big_integer),
        other => other.as_number().is_some_and(|n| {
            n.as_u64().is_some_and(|u| u > MAX_SAFE_INTEGER)
                || n.as_i64()
                    .is_some_and(|i| i.unsigned_abs() > MAX_SAFE_INTEGER)
        }),
    }
}

/// Sets each big integer of `value` in `js`, its parsed twin, as a BigInt.
fn restore_big_integers(value: &serde_json::Value, js: &JsValue) -> Result<(), JsValue> {
    let children: Vec<(JsValue, &serde_json::Value)> = match value {
        serde_json::Value::Object(map) => {
            map.iter().map(|(k, v)| (JsValue::from_str(k), v)).collect()
        }
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (JsValue::from(u32::try_from(i).unwrap_or(u32::MAX)), v))
            .collect(),
        _ => return Ok(()),
    };
    for (key, item) in children {
        if let Some(big) = big_integer(item) {
            js_sys::Reflect::set(js, &key, &big)?;
        } else if has_big_integer(item) {
            restore_big_integers(item, &js_sys::Reflect::get(js, &key)?)?;
        }
    }
    Ok(())
}

/// A request as JSON text. `JSON.stringify` leaves out `undefined` and
/// functions (a missing key, as the core then says) and throws on cycles and
/// `BigInt`s (refused here).
fn request_text(request: &JsValue) -> Result<String, JsValue> {
    let refused = |zh: &str, en: &str| {
        error::to_js_error(vec![huiqi_core::Problem::new(
            huiqi_core::Code::InvalidRequest,
            None,
            zh,
            en,
        )])
    };
    if request.is_undefined() || request.is_function() {
        return Err(refused(
            "请求应为对象 {...}",
            "the request must be an object {...}",
        ));
    }
    let text = js_sys::JSON::stringify(request).map_err(|_| {
        diagnose::unwritable(request).map_or_else(
            || {
                refused(
                    "请求无法写成 `JSON`（含循环引用或 `BigInt`）",
                    "the request cannot be written as `JSON` (a cycle or a `BigInt`)",
                )
            },
            |problem| error::to_js_error(vec![problem]),
        )
    })?;
    text.as_string().ok_or_else(|| {
        refused(
            "请求无法写成 `JSON`",
            "the request cannot be written as `JSON`",
        )
    })
}

/// One function per operation of the core's table, and its TypeScript
/// signature.
macro_rules! exports {
    ($($rust:ident $name:literal $js:literal $request:ident => $answer:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            #[wasm_bindgen(js_name = $js, skip_typescript)]
            pub fn $rust(request: &JsValue) -> Result<JsValue, JsValue> {
                typed($name, request)
            }
        )*

        #[wasm_bindgen(typescript_custom_section)]
        const SIGNATURES: &str = concat!($(
            "/** `", $name, "`: ", $summary, ". Throws a `HuiqiError` when refused. */\n",
            "export function ", $js, "(request: ", stringify!($request), "): ", stringify!($answer), ";\n",
        )*
            "/** Every operation name of the JSON entry, `call`. */\nexport type OperationName =",
            $(" | \"", $name, "\"",)* ";\n"
        );
    };
}
huiqi_core::for_each_operation!(exports);

#[wasm_bindgen(typescript_custom_section)]
const ERRORS: &str = r#"
/** What every function of this package throws (check with `isHuiqiError`). */
export interface HuiqiError extends Error {
  name: "HuiqiError";
  /** The first problem's code, category, field, messages and detail. */
  code: Code;
  category: Category;
  field: string | null;
  messageZh: string;
  messageEn: string;
  detail: unknown;
  /** Every problem, the first one leading. */
  problems: Problem[];
}
/** True when `value` is an error this package threw. */
export function isHuiqiError(value: unknown): value is HuiqiError;
/** The text `call` answers, parsed. `JSON.parse` rounds an integer above 2^53 − 1 (the `fen` of
 * amounts above ¥90 trillion): the typed functions give those as a `BigInt` instead. */
export type Answer<T> = { ok: true; value: T } | { ok: false; errors: Problem[] };
/** Runs any operation on a JSON request and returns the JSON answer text (an `Answer`). Never throws. */
export function call(op: OperationName, request: string): string;
"#;

/// Runs any operation on a JSON request and returns the JSON answer:
/// `{"ok":true,"value":…}` or `{"ok":false,"errors":[problem,…]}`. Never
/// throws (the shared vectors use this entry). Both arguments are taken as
/// any value and checked here: wasm-bindgen's glue for a `&str` reads a
/// non-string's `length` and writes past its buffer (`memory access out of
/// bounds`) when plain JavaScript passes an object or a number.
#[wasm_bindgen(js_name = call, skip_typescript)]
pub fn call(op: &JsValue, request: &JsValue) -> String {
    // Text with a lone surrogate is not Unicode: refused as Python's
    // `call_json` refuses it, not read with U+FFFD in its place.
    if request
        .dyn_ref::<js_sys::JsString>()
        .is_some_and(|text| !text.is_valid_utf16())
    {
        let problem = huiqi_core::call::lone_surrogate_in_request();
        return huiqi_core::call::answer_text(&huiqi_core::call::Answer::err(vec![problem]));
    }
    match (op.as_string(), request.as_string()) {
        (Some(op), Some(request)) => huiqi_core::call::call(&op, &request),
        (op, _) => {
            let field = if op.is_none() { "op" } else { "request" };
            let problem = huiqi_core::Problem::new(
                huiqi_core::Code::InvalidRequest,
                Some(field),
                format!("`{field}` 应为文本（请求请先用 `JSON.stringify` 写成文本）"),
                format!("`{field}` must be text (write a request with `JSON.stringify` first)"),
            );
            huiqi_core::call::answer_text(&huiqi_core::call::Answer::err(vec![problem]))
        }
    }
}

/// True when `value` is an error this package threw.
#[wasm_bindgen(js_name = isHuiqiError, skip_typescript)]
pub fn is_huiqi_error(value: &JsValue) -> bool {
    value
        .dyn_ref::<js_sys::Error>()
        .is_some_and(|e| e.name() == error::ERROR_NAME)
}
