//! When a request cannot cross as JSON, where and why: run only after
//! `JSON.stringify` threw (a `BigInt`, a cycle, a getter that throws), the
//! core refused its text (a lone surrogate, which `JSON.stringify`
//! escapes), or the text holds a `null` (`NaN` and `±Infinity` are written
//! as `null`, which would silently empty an optional field), so the error
//! names the field as any other refusal does.
//!
//! And when the core refuses a field whose path passes through a value
//! `JSON.stringify` leaves out (a function, a `Symbol`: the core reads the
//! field as missing) or empties (a `Map`, a `Set`: written as `{}`), that
//! value is named where it is ([`along`]). Only there: a function
//! elsewhere (a method, an object's `toJSON`) is not data, and
//! `JSON.stringify` rightly leaves it out; one in an optional field the
//! core does not miss is read as absent, as `undefined` is.

use huiqi_core::{Code, Problem};
use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

// `Array.isArray` and `Object.keys` throw on a revoked proxy; these forms
// catch the exception, so the walk stops there instead of failing.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn keys(value: &JsValue) -> Result<Array, JsValue>;
}

/// How deep the walk goes: the core's nesting limit.
const MAX_DEPTH: usize = huiqi_core::limits::MAX_NESTING;

/// The first value of `request` that JSON cannot carry, as a problem at its
/// path; `None` when there is none (or the walk cannot look).
pub(crate) fn unwritable(request: &JsValue) -> Option<Problem> {
    let mut seen = Vec::new();
    walk(request, "", 0, &mut seen)
}

fn problem(path: &str, zh: &str, en: &str) -> Problem {
    Problem::new(Code::InvalidRequest, field_at(path), zh, en)
}

fn field_at(path: &str) -> Option<&str> {
    (!path.is_empty()).then_some(path)
}

fn lone_surrogate(text: &JsString) -> bool {
    !text.is_valid_utf16()
}

/// `text` as a path names it: a lone surrogate written `\u{DC00}`, as
/// echoed input shows what cannot be shown (not U+FFFD, which names
/// nothing the caller wrote).
fn readable(text: &JsString) -> String {
    char::decode_utf16(text.iter())
        .map(|unit| match unit {
            Ok(c) => c.to_string(),
            Err(e) => format!("\\u{{{:X}}}", e.unpaired_surrogate()),
        })
        .collect()
}

fn walk(value: &JsValue, path: &str, depth: usize, seen: &mut Vec<JsValue>) -> Option<Problem> {
    if let Some(text) = value.dyn_ref::<JsString>() {
        // Worded as every binding words it.
        return lone_surrogate(text)
            .then(|| huiqi_core::call::lone_surrogate_in_text(field_at(path)));
    }
    if value.as_f64().is_some_and(|n| !n.is_finite()) {
        return Some(problem(
            path,
            "`JSON` 中没有 `NaN` 或 `Infinity`：数量请给出有限的数，金额请给出字符串（如 `\"245.00\"`）",
            "`JSON` has no `NaN` or `Infinity`: give counts as finite numbers and money as strings such as `\"245.00\"`",
        ));
    }
    if value.is_bigint() {
        return Some(problem(
            path,
            "请求不能含 `BigInt`：数量请给出数字，金额请给出字符串（如 `\"245.00\"`）",
            "a `BigInt` cannot be carried: give counts as numbers and money as strings such as `\"245.00\"`",
        ));
    }
    if !value.is_object() {
        return None;
    }
    // Deeper than any request may nest: refused as the core refuses it
    // (JSON.stringify may have given up on it first, for its stack).
    if depth > MAX_DEPTH {
        return Some(huiqi_core::limits::too_deep(field_at(path)));
    }
    if seen.iter().any(|s| Object::is(s, value)) {
        return Some(problem(
            path,
            "请求含有循环引用",
            "the request refers to itself (a cycle)",
        ));
    }
    seen.push(value.clone());
    let found = if is_array(value).ok()? {
        value
            .unchecked_ref::<Array>()
            .iter()
            .enumerate()
            .find_map(|(i, item)| walk(&item, &format!("{path}[{i}]"), depth + 1, seen))
    } else {
        keys(value).ok()?.iter().find_map(|key| {
            let name = key.dyn_ref::<JsString>().map(readable).unwrap_or_default();
            let at = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            if key.dyn_ref::<JsString>().is_some_and(lone_surrogate) {
                return Some(huiqi_core::call::lone_surrogate_in_text(field_at(&at)));
            }
            match Reflect::get(value, &key) {
                Ok(item) => walk(&item, &at, depth + 1, seen),
                Err(_) => Some(threw(&at)),
            }
        })
    };
    seen.pop();
    found
}

/// `value` at `path` when `JSON.stringify` would drop it (a function, a
/// `Symbol`: the key left out, so the core reads a missing field) or empty
/// it (a `Map` or `Set`, written as `{}`): a problem naming it there.
pub(crate) fn dropped(value: &JsValue, path: &str) -> Option<Problem> {
    let (zh, en) = if value.is_function() {
        (
            "函数不能随请求传递（`JSON` 会丢掉它）：请给出它的值",
            "a function cannot be carried (`JSON` leaves it out): give its value",
        )
    } else if value.is_symbol() {
        (
            "`Symbol` 不能随请求传递（`JSON` 会丢掉它）",
            "a `Symbol` cannot be carried (`JSON` leaves it out)",
        )
    } else if value.is_instance_of::<js_sys::Map>() || value.is_instance_of::<js_sys::Set>() {
        (
            "`Map` 和 `Set` 不能随请求传递（`JSON` 会把它写成 `{}`）：请给出普通对象或数组",
            "a `Map` or `Set` cannot be carried (`JSON` writes it as `{}`): give a plain object or an array",
        )
    } else {
        return None;
    };
    Some(problem(path, zh, en))
}

/// The value `JSON.stringify` dropped or emptied on the way to `field` (a
/// refused field's path, `enterprise.claim`, `lines[0].id`) in `request`,
/// or a getter on the way that throws, named where it is; `None` when the
/// path passes through none (the refusal stands).
pub(crate) fn along(request: &JsValue, field: &str) -> Option<Problem> {
    let mut value = request.clone();
    let mut at = String::new();
    if let Some(problem) = dropped(&value, &at) {
        return Some(problem);
    }
    for segment in field.split('.') {
        let (name, indices) = segment.split_once('[').unwrap_or((segment, ""));
        let keys = std::iter::once(JsValue::from_str(name)).filter(|_| !name.is_empty());
        let indices = indices
            .split('[')
            .filter_map(|i| i.strip_suffix(']')?.parse::<u32>().ok())
            .map(JsValue::from);
        for key in keys.chain(indices) {
            if !value.is_object() {
                return None;
            }
            at = match key.as_f64() {
                Some(i) => format!("{at}[{i}]"),
                None if at.is_empty() => name.to_owned(),
                None => format!("{at}.{name}"),
            };
            value = match Reflect::get(&value, &key) {
                Ok(next) => next,
                Err(_) => return Some(threw(&at)),
            };
            if let Some(problem) = dropped(&value, &at) {
                return Some(problem);
            }
        }
    }
    None
}

/// A getter at `path` threw.
pub(crate) fn threw(path: &str) -> Problem {
    problem(
        path,
        "读取这个值时抛出了异常（如出错的 getter），无法写成 `JSON`",
        "reading this value threw an exception (a getter that fails, say), so it cannot be written as `JSON`",
    )
}
