//! Plain words, in Chinese and English, for what serde says was expected.
//!
//! Serde describes an expected value in English and sometimes in Rust's own
//! terms (`u32`, `struct Checkout`); users see neither. Every description
//! our own visitors write is one of the constants below, so the table can
//! translate it exactly; anything unforeseen gets a general phrase in
//! Chinese and its English text as is.

/// `Money`'s visitor.
pub(crate) const EXPECT_AMOUNT: &str = "an amount as a string, such as \"245.00\"";
/// `Ratio`'s visitor.
pub(crate) const EXPECT_RATIO: &str = "a ratio as a string, such as \"0.30\" or \"30%\"";
/// A subsidy policy by name, inline, or as versions.
pub(crate) const EXPECT_POLICY_CHOICE: &str =
    "a preset name, a policy object or a list of policy versions";
/// A subsidy policy by name or inline.
pub(crate) const EXPECT_POLICY: &str = "a policy object or the name of a preset such as \"henan\"";
/// A password policy by name or inline.
pub(crate) const EXPECT_PASSWORD_POLICY: &str =
    "a password policy object or a preset name: national, henan, nist";

/// An approval route by name, inline, or as versions (a submission's or a
/// scenario's `route`).
pub(crate) const EXPECT_ROUTE_CHOICE: &str =
    "a route object, a list of its versions or the name of a preset such as \"procurement\"";
/// An internally tagged enum (a command, an event's change).
pub(crate) const EXPECT_TAGGED: &str = "an object with its `type`";
/// An application's fields (a scenario's `application`).
pub(crate) const EXPECT_APPLICATION: &str =
    "an object with the application's `name` and its fields as strings";

/// Our own descriptions, with their Chinese.
const OURS: [(&str, &str); 8] = [
    (EXPECT_AMOUNT, "字符串形式的金额，如 `\"245.00\"`"),
    (EXPECT_RATIO, "字符串形式的比例，如 `\"0.30\"` 或 `\"30%\"`"),
    (EXPECT_POLICY_CHOICE, "预置策略名称、策略对象或策略版本列表"),
    (EXPECT_POLICY, "策略对象或预置策略名称（如 `henan`）"),
    (
        EXPECT_PASSWORD_POLICY,
        "密码策略对象或预置名称（`national`、`henan`、`nist`）",
    ),
    (EXPECT_TAGGED, "带 `type` 的对象"),
    (
        EXPECT_ROUTE_CHOICE,
        "路线对象、路线版本列表或预置路线名称（如 `procurement`）",
    ),
    (
        EXPECT_APPLICATION,
        "含申请名称 `name` 和各字段（字符串）的对象",
    ),
];

/// Serde's own descriptions, in plain words.
const SERDE: [(&str, &str, &str); 16] = [
    ("a string", "字符串", "a string"),
    ("a borrowed string", "字符串", "a string"),
    ("a boolean", "布尔值", "a boolean"),
    ("a sequence", "列表", "a list"),
    ("a map", "对象", "an object"),
    ("unit", "空值 `null`", "`null`"),
    ("a character", "单个字符", "a single character"),
    ("option", "可以为空的值", "a value or `null`"),
    (
        "u8",
        "介于 0 与 255 之间的整数",
        "a whole number from 0 to 255",
    ),
    (
        "u16",
        "介于 0 与 65535 之间的整数",
        "a whole number from 0 to 65535",
    ),
    (
        "u32",
        "介于 0 与 4294967295 之间的整数",
        "a whole number from 0 to 4294967295",
    ),
    (
        "u64",
        "介于 0 与 18446744073709551615 之间的整数",
        "a whole number from 0 to 18446744073709551615",
    ),
    (
        "usize",
        "介于 0 与 18446744073709551615 之间的整数",
        "a whole number from 0 to 18446744073709551615",
    ),
    ("i32", "整数", "a whole number"),
    ("i64", "整数", "a whole number"),
    ("f64", "数字", "a number"),
];

/// What was expected, in Chinese and English.
pub(crate) fn expected_words(expected: &str) -> (String, String) {
    if let Some((_, zh)) = OURS.iter().find(|(en, _)| *en == expected) {
        return ((*zh).to_owned(), expected.to_owned());
    }
    if let Some((_, zh, en)) = SERDE.iter().find(|(serde, _, _)| *serde == expected) {
        return ((*zh).to_owned(), (*en).to_owned());
    }
    if expected.starts_with("struct ") {
        return ("对象".to_owned(), "an object".to_owned());
    }
    if expected.starts_with("enum ") {
        return (
            "允许的名称之一".to_owned(),
            "one of the allowed names".to_owned(),
        );
    }
    if let Some(n) = expected
        .strip_prefix("a tuple of size ")
        .or_else(|| expected.strip_prefix("an array of length "))
        .or_else(|| expected.strip_prefix("tuple of "))
        .or_else(|| expected.strip_prefix("a list of "))
        .and_then(|rest| rest.split(' ').next())
        .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
    {
        return (format!("{n} 项的列表"), format!("a list of {n} items"));
    }
    if expected.contains("identifier") {
        return ("名称".to_owned(), "a name".to_owned());
    }
    ("其他类型的值".to_owned(), crate::error::echo(expected))
}

/// `` `a`、`b` `` (Chinese) or `` `a`, `b` `` (English).
pub(crate) fn listed(names: &[&str], separator: &str) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
    out
}

pub(crate) use crate::call::{BEYOND_64_BITS_EN, BEYOND_64_BITS_ZH};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_names_never_reach_users() {
        assert_eq!(expected_words("struct Checkout").1, "an object");
        assert_eq!(expected_words("u32").0, "介于 0 与 4294967295 之间的整数");
        assert_eq!(expected_words("a tuple of size 2").1, "a list of 2 items");
        assert_eq!(expected_words(EXPECT_AMOUNT).1, EXPECT_AMOUNT);
        assert!(!expected_words("something new").0.is_ascii());
    }
}
