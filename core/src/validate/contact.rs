//! Mobile and landline numbers, email addresses, postcodes.

use crate::error::{Code, Problem, Violations, echo};

/// Mobile: 11 digits starting with 1 ("以 1 开头，由 11 个数字组成").
pub fn validate_mobile(input: &str) -> Result<(), Violations> {
    Violations::result_of(check_mobile(input, "mobile"))
}

pub(crate) fn check_mobile(input: &str, field: &str) -> Vec<Problem> {
    if input.is_empty() {
        return vec![super::report::required(field)];
    }
    let ok =
        input.len() == 11 && input.starts_with('1') && input.bytes().all(|b| b.is_ascii_digit());
    if ok {
        return Vec::new();
    }
    vec![Problem::new(
        Code::Format,
        Some(field),
        format!("手机号 `{}` 应为以 1 开头的 11 位数字", echo(input)),
        format!(
            "mobile number `{}` must be 11 digits starting with 1",
            echo(input)
        ),
    )]
}

/// Landline: `area code-number`, e.g. `0371-66666666`: an area code of 3 or
/// 4 digits starting with 0, a dash, 7 or 8 digits, and optionally a dash
/// and an extension of up to 6 digits.
pub fn validate_landline(input: &str) -> Result<(), Violations> {
    Violations::result_of(check_landline(input, "landline"))
}

pub(crate) fn check_landline(input: &str, field: &str) -> Vec<Problem> {
    if input.is_empty() {
        return vec![super::report::required(field)];
    }
    let digits = |s: &str, min: usize, max: usize| {
        s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    let mut parts = input.split('-');
    let area = parts.next().unwrap_or_default();
    let number = parts.next().unwrap_or_default();
    let extension = parts.next();
    let ok = area.starts_with('0')
        && digits(area, 3, 4)
        && digits(number, 7, 8)
        && extension.is_none_or(|e| digits(e, 1, 6))
        && parts.next().is_none();
    if ok {
        return Vec::new();
    }
    vec![Problem::new(
        Code::Format,
        Some(field),
        format!(
            "座机号码 `{}` 格式应为“区号-座机号”，如 `0371-66666666`",
            echo(input)
        ),
        format!(
            "landline `{}` must be written `area code-number`, such as `0371-66666666`",
            echo(input)
        ),
    )]
}

/// Email: `local@domain`, the local part of 1–64 characters (letters,
/// digits and ``!#$%&'*+/=?^_`{|}~.-``, no leading, trailing or double dot),
/// a domain of two or more labels of letters, digits and inner hyphens, a
/// top-level label of letters only, 254 characters in all at most.
pub fn validate_email(input: &str) -> Result<(), Violations> {
    Violations::result_of(check_email(input, "email"))
}

pub(crate) fn check_email(input: &str, field: &str) -> Vec<Problem> {
    if input.is_empty() {
        return vec![super::report::required(field)];
    }
    if email_ok(input) {
        return Vec::new();
    }
    vec![Problem::new(
        Code::Format,
        Some(field),
        format!("`{}` 不是有效的邮箱地址", echo(input)),
        format!("`{}` is not a valid email address", echo(input)),
    )]
}

fn email_ok(input: &str) -> bool {
    if input.len() > 254 {
        return false;
    }
    let Some((local, domain)) = input.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

/// Postcode: 6 digits.
pub fn validate_postcode(input: &str) -> Result<(), Violations> {
    Violations::result_of(check_postcode(input, "postcode"))
}

pub(crate) fn check_postcode(input: &str, field: &str) -> Vec<Problem> {
    if input.is_empty() {
        return vec![super::report::required(field)];
    }
    if input.len() == 6 && input.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    vec![Problem::new(
        Code::Format,
        Some(field),
        format!("邮编 `{}` 应为 6 位数字", echo(input)),
        format!("postcode `{}` must be 6 digits", echo(input)),
    )]
}

/// A phone that may be a mobile or a landline.
pub(crate) fn check_phone(input: &str, field: &str) -> Vec<Problem> {
    if input.is_empty() {
        return vec![super::report::required(field)];
    }
    if check_mobile(input, field).is_empty() || check_landline(input, field).is_empty() {
        return Vec::new();
    }
    vec![Problem::new(
        Code::Format,
        Some(field),
        format!(
            "`{}` 既不是手机号（11 位，以 1 开头）也不是座机号（区号-号码）",
            echo(input)
        ),
        format!(
            "`{}` is neither a mobile number (11 digits from 1) nor a landline (`area code-number`)",
            echo(input)
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles() {
        assert!(validate_mobile("13012344321").is_ok());
        assert!(validate_mobile("18511111111").is_ok());
        for bad in [
            "1301234432",
            "130123443210",
            "23012344321",
            "1301234432a",
            "+8613012344321",
            "admin",
        ] {
            assert!(validate_mobile(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn landlines() {
        for good in [
            "0371-66666666",
            "0531-12344321",
            "0371-6666666",
            "010-12345678",
            "0371-66666666-123",
        ] {
            assert!(validate_landline(good).is_ok(), "{good}");
        }
        for bad in [
            "037166666666",
            "371-66666666",
            "0371-666666",
            "0371-666666666",
            "0371 66666666",
            "0371-6666666-",
        ] {
            assert!(validate_landline(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for good in [
            "213234343@qq.com",
            "12@qq.com",
            "wang.wei+tag@mail.example.cn",
        ] {
            assert!(validate_email(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "a@b.c",
            "@qq.com",
            "a@@qq.com",
            "a..b@qq.com",
            ".a@qq.com",
            "a@-qq.com",
            "张@qq.com",
            "a@qq.com1",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn postcodes() {
        assert!(validate_postcode("450000").is_ok());
        for bad in ["45000", "4500000", "45000a", ""] {
            assert!(validate_postcode(bad).is_err(), "{bad}");
        }
    }
}
