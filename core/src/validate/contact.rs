//! Mobile and landline numbers, email addresses, postcodes.

use super::area_codes;
use crate::error::{Code, Problem, Violations, echo};

/// Mobile: 11 digits whose first two are 13 to 19.
///
/// The manuals say "以 1 开头，由 11 个数字组成". The numbering plan of
/// 工业和信息化部 (《电信网编号计划（2017年版）》; its allocation table
/// 《我国公众移动通信网网号及H₀分配情况》) gives public mobile networks the
/// three-digit network codes 130–199 (`国家码 86 + 网号 3 位 + HLR 4 位 +
/// 用户号 4 位`); numbers beginning 10, 11 and 12 are short service numbers
/// (10086, 110, 12345), never a subscriber's mobile. Which network codes
/// within 13–19 are assigned changes every year, so the rule stops at the
/// plan's structure rather than refuse a newly opened range.
pub fn validate_mobile(input: &str) -> Result<(), Violations> {
    Violations::result_of(check_mobile(input, "mobile"))
}

pub(crate) fn check_mobile(input: &str, field: &str) -> Vec<Problem> {
    if input.is_empty() {
        return vec![super::report::required(field)];
    }
    let bytes = input.as_bytes();
    let ok = bytes.len() == 11
        && bytes.iter().all(u8::is_ascii_digit)
        && bytes.first() == Some(&b'1')
        && bytes.get(1).is_some_and(|b| (b'3'..=b'9').contains(b));
    if ok {
        return Vec::new();
    }
    vec![Problem::new(
        Code::Format,
        Some(field),
        format!("手机号 `{}` 应为以 13–19 开头的 11 位数字", echo(input)),
        format!(
            "mobile number `{}` must be 11 digits starting with 13 to 19",
            echo(input)
        ),
    )]
}

/// Landline: `area code-number`, e.g. `0371-66666666`, optionally followed by
/// `-` and an extension of 1 to 6 digits.
///
/// The area code is one the numbering plan assigns, and the local number has
/// the length that area's numbers have (the table and its source, Google's
/// libphonenumber metadata, are in `area_codes.rs`): after `010` and `020`–`029` eight digits, after a
/// three-digit code seven or eight as the area uses. A local number starts
/// with 2 to 9: a leading 0 is the trunk prefix and a leading 1 the short
/// service numbers, so neither begins a subscriber's number.
pub fn validate_landline(input: &str) -> Result<(), Violations> {
    Violations::result_of(check_landline(input, "landline"))
}

/// What is wrong with a landline, if anything.
enum LandlineFault {
    /// Not `digits-digits[-digits]` with a leading 0.
    Shape,
    /// No area has this code.
    AreaCode(String),
    /// The local number's length or first digit does not fit the area.
    Local { area: String, lengths: Vec<usize> },
}

fn landline_fault(input: &str) -> Option<LandlineFault> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = input.split('-');
    let (Some(area), Some(number)) = (parts.next(), parts.next()) else {
        return Some(LandlineFault::Shape);
    };
    let extension_ok = parts.next().is_none_or(|e| digits(e) && e.len() <= 6);
    if !digits(area) || !digits(number) || !area.starts_with('0') || !extension_ok {
        return Some(LandlineFault::Shape);
    }
    if parts.next().is_some() {
        return Some(LandlineFault::Shape);
    }
    let code: Option<u16> = area.get(1..).and_then(|c| c.parse().ok());
    let lengths: Vec<usize> = match (area.len(), code) {
        (3, Some(code)) if area_codes::TWO_DIGIT.contains(&code) => vec![8],
        (4, Some(code)) => match area_codes::THREE_DIGIT.binary_search_by_key(&code, |(c, _)| *c) {
            Ok(at) => {
                let mask = area_codes::THREE_DIGIT.get(at).map_or(0, |(_, m)| *m);
                [(area_codes::SEVEN, 7), (area_codes::EIGHT, 8)]
                    .into_iter()
                    .filter(|(bit, _)| mask & bit != 0)
                    .map(|(_, len)| len)
                    .collect()
            }
            Err(_) => return Some(LandlineFault::AreaCode(area.to_owned())),
        },
        _ => return Some(LandlineFault::AreaCode(area.to_owned())),
    };
    let first_ok = number
        .bytes()
        .next()
        .is_some_and(|b| (b'2'..=b'9').contains(&b));
    if !first_ok || !lengths.contains(&number.len()) {
        return Some(LandlineFault::Local {
            area: area.to_owned(),
            lengths,
        });
    }
    None
}

pub(crate) fn check_landline(input: &str, field: &str) -> Vec<Problem> {
    if input.is_empty() {
        return vec![super::report::required(field)];
    }
    let Some(fault) = landline_fault(input) else {
        return Vec::new();
    };
    let shown = echo(input);
    let problem = match fault {
        LandlineFault::Shape => Problem::new(
            Code::Format,
            Some(field),
            format!("座机号码 `{shown}` 格式应为“区号-座机号”，如 `0371-66666666`"),
            format!(
                "landline `{shown}` must be written `area code-number`, such as `0371-66666666`"
            ),
        ),
        LandlineFault::AreaCode(area) => Problem::new(
            Code::Format,
            Some(field),
            format!("座机号码 `{shown}` 的区号 `{area}` 不是已分配的长途区号"),
            format!("landline `{shown}`: `{area}` is not an assigned area code"),
        )
        .with_detail(serde_json::json!({ "area_code": area })),
        LandlineFault::Local { area, lengths } => {
            let (zh, en) = match lengths.as_slice() {
                [one] => (format!("{one} 位"), format!("{one} digits")),
                _ => ("7 或 8 位".to_owned(), "7 or 8 digits".to_owned()),
            };
            Problem::new(
                Code::Format,
                Some(field),
                format!("座机号码 `{shown}`：区号 `{area}` 之后应为以 2–9 开头的 {zh}号码"),
                format!(
                    "landline `{shown}`: after area code `{area}` the number has {en} and starts with 2 to 9"
                ),
            )
            .with_detail(serde_json::json!({ "area_code": area, "local_lengths": lengths }))
        }
    };
    vec![problem]
}

/// Email: the WHATWG HTML Living Standard's "valid email address"
/// (§4.10.5.1.5, <https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address>):
///
/// ```text
/// email   = 1*( atext / "." ) "@" label *( "." label )
/// label   = let-dig [ [ ldh-str ] let-dig ]   ; at most 63 characters (RFC 1034 §3.5)
/// ```
///
/// so a local part of letters, digits and ``!#$%&'*+/=?^_`{|}~.-``, and
/// domain labels of ASCII letters, digits and hyphens that neither start
/// nor end with a hyphen (`example.xn--fiqs8s`, the ASCII form of
/// `example.中国`, is valid). Four rules of ours narrow it, each from a
/// published source, because the portals send mail to these addresses:
/// - the local part holds at most 64 characters and the address at most 254
///   (RFC 5321 §4.5.3.1 and RFC 3696 erratum 1690);
/// - the local part neither starts nor ends with a dot nor holds two in a
///   row (RFC 5322 §3.2.3 `dot-atom`; WHATWG allows them, no mail system
///   delivers to them);
/// - the domain has at least two labels (ICANN forbids dotless domains on
///   the public Internet, SAC053), and the top-level label is not all digits
///   (RFC 3696 §2) and has two characters or more (no one-character
///   top-level domain is delegated in the IANA root zone; `a@qq.c` is a
///   typing slip).
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
    // WHATWG: 1*( atext / "." ), atext as in RFC 5322 §3.2.3.
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b))
        // RFC 5321 §4.5.3.1.1 and RFC 5322 dot-atom.
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    // WHATWG: label *( "." label ), each label let-dig [ [ ldh-str ] let-dig ].
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let mut labels = 0;
    let mut last = "";
    for label in domain.split('.') {
        if !label_ok(label) {
            return false;
        }
        labels += 1;
        last = label;
    }
    // SAC053 (no dotless domains), RFC 3696 §2 (no all-numeric top level),
    // the root zone (no one-character top level).
    local_ok && labels >= 2 && last.len() >= 2 && !last.bytes().all(|b| b.is_ascii_digit())
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
        assert!(validate_mobile("19912345678").is_ok());
        for bad in [
            "1301234432",
            "130123443210",
            "23012344321",
            "10086123456",
            "12345678901",
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
            "0531-82344321",
            "010-12345678".replace("-1", "-2").as_str(),
            "0371-66666666-123",
            "0391-6666666",
            "0433-6666666",
            "0433-66666666",
            "021-62345678",
        ] {
            assert!(validate_landline(good).is_ok(), "{good}");
        }
        for bad in [
            "037166666666",
            "371-66666666",
            "0371-666666",
            "0371-666666666",
            "0371-6666666",
            "0391-66666666",
            "0371 66666666",
            "0371-6666666-",
            "026-66666666",
            "0300-6666666",
            "0371-06666666",
            "0371-16666666",
            "0531-12344321",
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
            "service@example.xn--fiqs8s",
            "a@b.cn",
            "a@qq.com1",
            "x@sub-1.example.co",
        ] {
            assert!(validate_email(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "a@1.2",
            "a@qq.c",
            "@qq.com",
            "a@@qq.com",
            "a..b@qq.com",
            ".a@qq.com",
            "a@-qq.com",
            "张@qq.com",
            "a@example.中国",
            "a@example-.com",
            "a@exa_mple.com",
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
