//! Every problem the shared vectors produce is checked for its language and
//! its field: `message_zh` wholly Chinese, `message_en` wholly English (user
//! input in backticks aside), and every error about a request value names
//! the field it is about.

use serde_json::Value;

/// Latin words a Chinese message may hold: names of standards, formats and
/// units that Chinese text writes in Latin letters too.
const LATIN_IN_CHINESE: [&str; 18] = [
    "GB/T", "GB", "ISO", "MOD", "JSON", "TOML", "UTF-8", "PHC", "Argon2id", "Argon2", "NIST", "SP",
    "KiB", "MiB", "KB", "MB", "px", "Unicode",
];

/// Codes whose problems are not about one value of the request.
const NOT_ABOUT_A_FIELD: [&str; 3] = [
    // The operation name is not part of the request.
    "request.unknown_operation",
    // The text is not JSON at all: there are no fields yet.
    "request.malformed_json",
    // A bug inside the library.
    "internal.error",
];

/// The text outside backtick-quoted spans.
fn outside_backticks(text: &str) -> String {
    text.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

fn is_cjk(c: char) -> bool {
    huiqi_core::validate::is_han(c)
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
}

/// Why `zh` is not wholly Chinese, if it is not.
fn chinese_fault(zh: &str) -> Option<String> {
    let mut rest = outside_backticks(zh);
    // Code points written out (`U+200B`) and allowed words.
    for word in LATIN_IN_CHINESE {
        rest = rest.replace(word, " ");
    }
    let latin: String = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| {
            !w.is_empty()
                && !w
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && c.is_ascii_uppercase())
        })
        .collect::<Vec<_>>()
        .join(" ");
    if !latin.is_empty() {
        return Some(format!("Latin words `{latin}`"));
    }
    (!zh.chars().any(is_cjk)).then(|| "no Chinese at all".to_owned())
}

/// Why `en` is not wholly English, if it is not.
fn english_fault(en: &str) -> Option<String> {
    let rest = outside_backticks(en);
    let cjk: String = rest.chars().filter(|c| is_cjk(*c)).collect();
    if !cjk.is_empty() {
        return Some(format!("Chinese characters `{cjk}`"));
    }
    (!en.chars().any(|c| c.is_ascii_alphabetic())).then(|| "no English at all".to_owned())
}

/// Every problem-shaped object in an answer: errors, violations, warnings,
/// refusals, reasons.
fn problems<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("code") && map.contains_key("message_zh") {
                out.push(value);
            }
            for v in map.values() {
                problems(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| problems(v, out)),
        _ => {}
    }
}

#[test]
fn every_message_is_wholly_in_its_language_and_errors_name_their_field() {
    let cases = huiqi_tests::load_all().unwrap_or_else(|e| panic!("cannot load vectors: {e}"));
    let mut faults = Vec::new();
    let mut seen = 0;
    for case in &cases {
        let answer: Value = serde_json::from_str(&huiqi_core::call::call(&case.op, &case.request))
            .unwrap_or_else(|e| panic!("{}: answer is not JSON: {e}", case.name));
        let mut found = Vec::new();
        problems(&answer, &mut found);
        for problem in found {
            seen += 1;
            let code = problem["code"].as_str().unwrap_or_default();
            let zh = problem["message_zh"].as_str().unwrap_or_default();
            let en = problem["message_en"].as_str().unwrap_or_default();
            if let Some(fault) = chinese_fault(zh) {
                faults.push(format!("{} [{code}] message_zh: {fault}: {zh}", case.name));
            }
            if let Some(fault) = english_fault(en) {
                faults.push(format!("{} [{code}] message_en: {fault}: {en}", case.name));
            }
        }
        if let Some(errors) = answer["errors"].as_array() {
            for error in errors {
                let code = error["code"].as_str().unwrap_or_default();
                // A request that is not an object at all is about no field
                // of it: the request as a whole is the value.
                let whole_request = code == "request.invalid"
                    && error["message_en"]
                        .as_str()
                        .is_some_and(|m| m.starts_with("invalid type: expected an object"));
                if error["field"].is_null() && !NOT_ABOUT_A_FIELD.contains(&code) && !whole_request
                {
                    faults.push(format!("{} [{code}] names no field", case.name));
                }
            }
        }
    }
    assert!(seen > 200, "only {seen} problems were produced");
    assert!(
        faults.is_empty(),
        "{} faults in {seen} problems:\n{}",
        faults.len(),
        faults.join("\n")
    );
}

#[test]
fn the_checks_themselves_catch_mixed_messages() {
    assert!(chinese_fault("未知字段 `account`, expected `value`").is_some());
    assert!(chinese_fault("请求不是有效的 JSON：recursion limit exceeded").is_some());
    assert!(chinese_fault("未知字段 `account`；可用字段：`value`").is_none());
    assert!(chinese_fault("含 `U+200B` 字符").is_none());
    assert!(chinese_fault("含 U+200B 字符").is_some());
    assert!(english_fault("unknown field `账号`").is_none());
    assert!(english_fault("unknown field，expected").is_some());
}
