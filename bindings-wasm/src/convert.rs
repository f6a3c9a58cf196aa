//! JS values to and from the JSON value model of the core's call API.
//!
//! Requests are walked here rather than through `JSON.stringify` or
//! serde-wasm-bindgen so that what JSON cannot carry is refused with a typed
//! problem naming its path instead of being silently changed: `NaN` and
//! `Infinity` (which `JSON.stringify` turns into `null`), lone surrogates
//! (which the UTF-8 encoder turns into U+FFFD), functions, symbols, `Date`s,
//! `Map`s and other class instances, cycles and absurd nesting, throwing
//! getters and proxies. Every such failure is a [`Problem`] with the code
//! `request.invalid` and the field path in the core's own notation
//! (`checkout.lines[0].unit_price`).
//!
//! Answers cross as JSON text through `JSON.parse` (one call out to JS); an
//! answer holding an integer beyond 2^53 − 1 (a `fen` near the largest
//! amount) is built value by value instead, that integer as a `BigInt`.

use huiqi_core::call::RequestError;
use huiqi_core::error::Describe;
use huiqi_core::{Code, Problem};
use js_sys::{Array, JsString, Object, Reflect};
use serde_json::{Map, Number, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Deepest nesting of arrays and objects accepted, as the core's JSON parser.
pub(crate) const MAX_DEPTH: usize = 128;
/// Longest string accepted, in UTF-16 code units (64 Mi).
pub(crate) const MAX_STRING_UNITS: u32 = 64 * 1024 * 1024;
/// Most items accepted in one array (16 Mi).
pub(crate) const MAX_ARRAY_ITEMS: u32 = 16 * 1024 * 1024;
/// 2^53 − 1: the largest integer a JS number holds exactly.
const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, catching the throw of a revoked proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    /// `Object.keys`, catching a throwing proxy trap.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
    /// `Object.getPrototypeOf`, catching a throwing proxy trap.
    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf, catch)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
    /// A `RegExp` whose `test` takes the JS string as it is (js-sys's
    /// `RegExp::test` takes a Rust `&str`, already re-encoded).
    #[wasm_bindgen(js_name = RegExp)]
    type Pattern;
    #[wasm_bindgen(constructor, js_class = "RegExp")]
    fn new(source: &str) -> Pattern;
    #[wasm_bindgen(method, js_class = "RegExp", js_name = test)]
    fn test(this: &Pattern, text: &JsString) -> bool;
}

/// A path in the core's notation: `checkout.lines[0].unit_price`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Path(String);

impl Path {
    /// The path of a named request key (a positional argument's key).
    pub(crate) fn key(name: &str) -> Path {
        Path(name.to_owned())
    }

    fn child(&self, key: &str) -> Path {
        if self.0.is_empty() {
            Path(key.to_owned())
        } else {
            Path(format!("{}.{key}", self.0))
        }
    }

    fn index(&self, index: u32) -> Path {
        Path(format!("{}[{index}]", self.0))
    }

    fn field(&self) -> Option<&str> {
        (!self.0.is_empty()).then_some(self.0.as_str())
    }
}

/// A problem with the JS value at `path`: the request cannot be built.
pub(crate) fn invalid(path: &Path, zh: String, en: String) -> Problem {
    Problem::new(Code::InvalidRequest, path.field(), zh, en)
}

/// Reads a JS string, refusing other types, lone surrogates and strings
/// longer than [`MAX_STRING_UNITS`].
pub(crate) fn string_from_js(value: &JsValue, path: &Path) -> Result<String, Problem> {
    match value.dyn_ref::<JsString>() {
        Some(js) => read_string(js, path),
        None => {
            let found = describe(value);
            Err(invalid(
                path,
                format!("类型错误：应为字符串，实际为{}", found.zh),
                format!("expected a string, found {}", found.en),
            ))
        }
    }
}

/// Reads JSON text for the JSON entry: as [`string_from_js`], except that
/// text with a lone surrogate is malformed JSON (no UTF-8 text holds one),
/// as the core says of an escaped one.
pub(crate) fn json_text_from_js(value: &JsValue) -> Result<String, Problem> {
    let path = Path::default();
    let Some(js) = value.dyn_ref::<JsString>() else {
        return string_from_js(value, &path);
    };
    let text = copy_string(js, &path)?;
    if text.contains('\u{FFFD}') && has_lone_surrogate(js) {
        return Err(RequestError::MalformedJson {
            message: "the text holds a lone surrogate".to_owned(),
        }
        .to_problem());
    }
    Ok(text)
}

/// Copies a JS string into Rust, refusing lone surrogates.
fn read_string(js: &JsString, path: &Path) -> Result<String, Problem> {
    let text = copy_string(js, path)?;
    // The UTF-8 encoder replaces each lone surrogate by U+FFFD; only a string
    // that now holds U+FFFD can have had one, so only then is it checked.
    if text.contains('\u{FFFD}') && has_lone_surrogate(js) {
        return Err(invalid(
            path,
            "字符串含有孤立的代理项（不是有效的 Unicode 文本）".to_owned(),
            "the string holds a lone surrogate (it is not valid Unicode text)".to_owned(),
        ));
    }
    Ok(text)
}

/// Copies a JS string into Rust (lone surrogates become U+FFFD); its length
/// is checked before the copy.
fn copy_string(js: &JsString, path: &Path) -> Result<String, Problem> {
    let units = js.length();
    if units > MAX_STRING_UNITS {
        return Err(invalid(
            path,
            format!("字符串过长：{units} 个 UTF-16 单元，上限 {MAX_STRING_UNITS}"),
            format!(
                "the string is too long: {units} UTF-16 units, the limit is {MAX_STRING_UNITS}"
            ),
        )
        .with_detail(serde_json::json!({"limit": MAX_STRING_UNITS, "actual": units})));
    }
    Ok(js.as_string().unwrap_or_default())
}

fn has_lone_surrogate(text: &JsString) -> bool {
    thread_local! {
        static LONE: Pattern = Pattern::new(
            r"[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]",
        );
    }
    LONE.with(|pattern| pattern.test(text))
}

/// Converts a JS value into a JSON value. `undefined` inside an object means
/// the key is absent; inside an array it is refused.
pub(crate) fn value_from_js(value: &JsValue, path: &Path) -> Result<Value, Problem> {
    from_js_at(value, path, 0)
}

// Each probe below is a call out to JS; the commonest kinds come first.
fn from_js_at(value: &JsValue, path: &Path, depth: usize) -> Result<Value, Problem> {
    if let Some(js) = value.dyn_ref::<JsString>() {
        return read_string(js, path).map(Value::String);
    }
    if value.is_object() {
        if depth >= MAX_DEPTH {
            return Err(invalid(
                path,
                format!("嵌套超过 {MAX_DEPTH} 层（或存在循环引用）"),
                format!("nested more than {MAX_DEPTH} levels deep (or it refers to itself)"),
            ));
        }
        return if is_array(value).map_err(|e| thrown(path, &e))? {
            array_from_js(value, path, depth)
        } else {
            object_from_js(value, path, depth)
        };
    }
    if let Some(n) = value.as_f64() {
        return number_from_f64(n, path);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if value.is_null() {
        return Ok(Value::Null);
    }
    if value.is_bigint() {
        return bigint_from_js(value, path);
    }
    // undefined (in an array or alone), a symbol or a function.
    let found = describe(value);
    Err(invalid(
        path,
        format!("{}无法用 JSON 表示", found.zh),
        format!("{} cannot be carried in JSON", found.en),
    ))
}

fn number_from_f64(n: f64, path: &Path) -> Result<Value, Problem> {
    if !n.is_finite() {
        let text = if n.is_nan() {
            "NaN"
        } else if n > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        };
        return Err(invalid(
            path,
            format!("`{text}` 不是有限数，JSON 无法表示"),
            format!("`{text}` is not a finite number; JSON cannot carry it"),
        ));
    }
    // Whole numbers cross as integers, so integer fields accept `3` (a JS
    // number is always a double).
    let whole = n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER as f64;
    if whole {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "n is a whole number within ±(2^53 − 1): exact in i64"
        )]
        let i = n as i64;
        return Ok(Value::from(i));
    }
    Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
}

fn bigint_from_js(value: &JsValue, path: &Path) -> Result<Value, Problem> {
    if let Ok(i) = i64::try_from(value.clone()) {
        return Ok(Value::from(i));
    }
    if let Ok(u) = u64::try_from(value.clone()) {
        return Ok(Value::from(u));
    }
    Err(invalid(
        path,
        "BigInt 超出 64 位整数范围".to_owned(),
        "the BigInt does not fit in 64 bits".to_owned(),
    ))
}

fn array_from_js(value: &JsValue, path: &Path, depth: usize) -> Result<Value, Problem> {
    let length = Reflect::get(value, &JsValue::from_str("length"))
        .map_err(|e| thrown(path, &e))?
        .as_f64()
        .unwrap_or(0.0);
    if length > f64::from(MAX_ARRAY_ITEMS) {
        return Err(invalid(
            path,
            format!("数组过长：上限 {MAX_ARRAY_ITEMS} 项"),
            format!("the array is too long: the limit is {MAX_ARRAY_ITEMS} items"),
        ));
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "an array length is a whole number in [0, MAX_ARRAY_ITEMS] here"
    )]
    let length = length as u32;
    let mut items = Vec::with_capacity(length as usize);
    for index in 0..length {
        let at = path.index(index);
        let item = Reflect::get_u32(value, index).map_err(|e| thrown(&at, &e))?;
        if item.is_undefined() {
            return Err(invalid(
                &at,
                "数组中不能有 undefined 或空位".to_owned(),
                "an array cannot hold `undefined` or holes".to_owned(),
            ));
        }
        items.push(from_js_at(&item, &at, depth + 1)?);
    }
    Ok(Value::Array(items))
}

fn object_from_js(value: &JsValue, path: &Path, depth: usize) -> Result<Value, Problem> {
    if !is_plain(value, path)? {
        let class = class_name(value);
        return Err(invalid(
            path,
            format!("应为普通对象（{{...}}），实际为 `{class}` 实例"),
            format!("expected a plain object ({{...}}), found an instance of `{class}`"),
        ));
    }
    let keys = object_keys(value).map_err(|e| thrown(path, &e))?;
    let mut map = Map::new();
    for key in keys.iter() {
        // Object.keys gives strings only.
        let name = read_string(key.unchecked_ref::<JsString>(), path)?;
        let at = path.child(&name);
        let item = Reflect::get(value, &key).map_err(|e| thrown(&at, &e))?;
        // As in JSON.stringify, a key holding `undefined` is absent.
        if item.is_undefined() {
            continue;
        }
        map.insert(name, from_js_at(&item, &at, depth + 1)?);
    }
    Ok(Value::Object(map))
}

/// An object literal, `Object.create(null)` or an object of another realm
/// (iframe, `vm` context): its prototype is null or has a null prototype.
fn is_plain(value: &JsValue, path: &Path) -> Result<bool, Problem> {
    let proto = prototype_of(value).map_err(|e| thrown(path, &e))?;
    if proto.is_null() {
        return Ok(true);
    }
    Ok(prototype_of(&proto)
        .map_err(|e| thrown(path, &e))?
        .is_null())
}

fn class_name(value: &JsValue) -> String {
    Reflect::get(value, &JsValue::from_str("constructor"))
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")))
        .ok()
        .and_then(|name| name.as_string())
        .filter(|name| !name.is_empty() && name.chars().count() <= 40)
        .unwrap_or_else(|| "Object".to_owned())
}

/// A getter or proxy trap threw while the value was read.
fn thrown(path: &Path, error: &JsValue) -> Problem {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default();
    let message: String = message.chars().take(200).collect();
    invalid(
        path,
        format!("读取该值时抛出异常：{message}"),
        format!("reading the value threw: {message}"),
    )
}

struct Found {
    zh: &'static str,
    en: &'static str,
}

fn describe(value: &JsValue) -> Found {
    let (zh, en) = if value.is_undefined() {
        ("undefined", "`undefined`")
    } else if value.is_null() {
        ("null", "`null`")
    } else if value.as_bool().is_some() {
        ("布尔值", "a boolean")
    } else if value.as_f64().is_some() {
        ("数字", "a number")
    } else if value.is_bigint() {
        ("BigInt", "a BigInt")
    } else if value.is_symbol() {
        ("Symbol", "a symbol")
    } else if value.is_function() {
        ("函数", "a function")
    } else if value.is_array() {
        ("数组", "an array")
    } else if value.is_object() {
        ("对象", "an object")
    } else {
        ("未知类型的值", "a value of an unknown type")
    };
    Found { zh, en }
}

/// Converts a JSON value of an answer into a plain JS value: through
/// `JSON.parse` (one crossing, fast), unless an integer in it is beyond
/// 2^53 − 1, which JSON.parse would round; then value by value, with BigInts.
pub(crate) fn answer_to_js(value: &Value) -> Result<JsValue, JsValue> {
    if fits_js_numbers(value) {
        // Encoding a JSON value cannot fail (string keys only).
        let text = serde_json::to_string(value)
            .map_err(|_| crate::error::to_js_error(vec![huiqi_core::call::internal_problem()]))?;
        return js_sys::JSON::parse(&text);
    }
    value_to_js(value)
}

/// True when every integer in `value` is exact as a JS number.
fn fits_js_numbers(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.as_i64().map_or_else(
            || n.as_u64().is_none(),
            |i| (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i),
        ),
        Value::Array(items) => items.iter().all(fits_js_numbers),
        Value::Object(map) => map.values().all(fits_js_numbers),
        _ => true,
    }
}

/// Converts a JSON value into a plain JS value, value by value.
pub(crate) fn value_to_js(value: &Value) -> Result<JsValue, JsValue> {
    Ok(match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => number_to_js(n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => {
            let array = Array::new();
            for item in items {
                array.push(&value_to_js(item)?);
            }
            array.into()
        }
        Value::Object(map) => {
            let object = Object::new();
            for (key, item) in map {
                let key_js = JsValue::from_str(key);
                let item_js = value_to_js(item)?;
                if key == "__proto__" {
                    // An own data property, not the prototype setter.
                    let descriptor = Object::new();
                    Reflect::set(&descriptor, &JsValue::from_str("value"), &item_js)?;
                    Reflect::set(
                        &descriptor,
                        &JsValue::from_str("enumerable"),
                        &JsValue::TRUE,
                    )?;
                    Reflect::set(&descriptor, &JsValue::from_str("writable"), &JsValue::TRUE)?;
                    Reflect::set(
                        &descriptor,
                        &JsValue::from_str("configurable"),
                        &JsValue::TRUE,
                    )?;
                    Reflect::define_property(&object, &key_js, &descriptor)?;
                } else {
                    Reflect::set(&object, &key_js, &item_js)?;
                }
            }
            object.into()
        }
    })
}

fn number_to_js(n: &Number) -> JsValue {
    if let Some(i) = n.as_i64() {
        if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) {
            #[allow(
                clippy::cast_precision_loss,
                reason = "within ±(2^53 − 1) an i64 is exact as an f64"
            )]
            return JsValue::from_f64(i as f64);
        }
        return JsValue::from(i);
    }
    if let Some(u) = n.as_u64() {
        return JsValue::from(u);
    }
    JsValue::from_f64(n.as_f64().unwrap_or(f64::NAN))
}
