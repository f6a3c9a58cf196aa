//! Account names: provider sub-user usernames and Henan login accounts.

use crate::error::{Code, Problem, Violations, echo};

/// Provider sub-user username: 6–30 of `[A-Za-z0-9_]` (seed 002).
pub fn validate_username(input: &str) -> Result<(), Violations> {
    Violations::result_of(check_username(input, "username"))
}

pub(crate) fn check_username(input: &str, field: &str) -> Vec<Problem> {
    if input.is_empty() {
        return vec![super::report::required(field)];
    }
    let mut problems = Vec::new();
    let count = input.chars().count();
    if !(6..=30).contains(&count) {
        problems.push(
            Problem::new(
                Code::Length,
                Some(field),
                format!("用户名应为 6–30 个字符，当前 {count} 个"),
                format!("username must be 6 to 30 characters long, it has {count}"),
            )
            .with_detail(serde_json::json!({"min": 6, "max": 30, "actual": count})),
        );
    }
    if !input.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        problems.push(Problem::new(
            Code::Charset,
            Some(field),
            format!("用户名 `{}` 只能包含英文字母、数字和下划线", echo(input)),
            format!(
                "username `{}` may only hold English letters, digits and underscores",
                echo(input)
            ),
        ));
    }
    problems
}

/// Henan login account (登录帐号): no Chinese characters, longer than 8 and
/// shorter than 20 characters (9–19). Whitespace, control and invisible
/// format characters are refused too (our rule: an account name is typed at
/// a login prompt, and two accounts must never look alike).
pub fn validate_login_account(input: &str) -> Result<(), Violations> {
    Violations::result_of(check_login_account(input, "account"))
}

pub(crate) fn check_login_account(input: &str, field: &str) -> Vec<Problem> {
    if input.is_empty() {
        return vec![super::report::required(field)];
    }
    let mut problems = Vec::new();
    let count = input.chars().count();
    if !(9..=19).contains(&count) {
        problems.push(
            Problem::new(
                Code::Length,
                Some(field),
                format!("登录帐号长度需大于 8 位小于 20 位，当前 {count} 位"),
                format!("login account must be longer than 8 and shorter than 20 characters, it has {count}"),
            )
            .with_detail(serde_json::json!({"min": 9, "max": 19, "actual": count})),
        );
    }
    if input.chars().any(is_han) {
        problems.push(Problem::new(
            Code::Charset,
            Some(field),
            "登录帐号不能包含汉字".to_owned(),
            "login account must not contain Chinese characters".to_owned(),
        ));
    }
    problems.extend(super::check_visible(
        input,
        field,
        "登录帐号",
        "login account",
    ));
    problems
}

/// True for Han (Chinese) characters: the CJK Unified Ideographs, their
/// extensions, compatibility ideographs and the radicals.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'     // radicals
        | '\u{3005}' | '\u{3007}'   // 々 〇
        | '\u{3400}'..='\u{4DBF}'   // extension A
        | '\u{4E00}'..='\u{9FFF}'   // unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{20000}'..='\u{323AF}' // extensions B–H, compatibility supplement
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert!(validate_username("abc_12").is_ok());
        assert!(validate_username(&"a".repeat(30)).is_ok());
        assert!(validate_username("abc12").is_err());
        assert!(validate_username(&"a".repeat(31)).is_err());
        assert!(validate_username("abc-123").is_err());
        assert!(validate_username("张三abcdef").is_err());
    }

    #[test]
    fn login_accounts() {
        assert!(validate_login_account("zhangsan1").is_ok()); // 9
        assert!(validate_login_account("zhangsan").is_err()); // 8
        assert!(validate_login_account(&"a".repeat(19)).is_ok());
        assert!(validate_login_account(&"a".repeat(20)).is_err());
        let err = validate_login_account("张三zhangsan1").unwrap_err();
        assert!(err.has(Code::Charset));
        assert!(validate_login_account("zhang san1").is_err());
        let err = validate_login_account("zhangsan123\u{200B}").unwrap_err();
        assert!(err.has(Code::Charset));
        assert!(validate_login_account(&"\u{200B}".repeat(9)).is_err());
    }
}
