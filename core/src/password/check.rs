//! Checking a candidate password against a policy: every violation at once.

use serde::{Deserialize, Serialize};

use super::blocklist::is_common_password;
use super::error::PasswordError;
use super::hash::{stored_cost, verify_password_at};
use super::policy::{CharClass, PasswordPolicy};
use crate::error::{Code, Problem};
use crate::limits::{MAX_HASH_WORK, MAX_HISTORY_HASHES};

/// What the check needs to know besides the password. Past and current
/// passwords are argon2 PHC hashes only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct PasswordContext {
    /// The account's username.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub username: Option<String>,
    /// The account's mobile number.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub mobile: Option<String>,
    /// The account's email address.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub email: Option<String>,
    /// Hash of the current password.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub current_hash: Option<String>,
    /// Hashes of past passwords, most recent first (at most 64 with the
    /// current one, [`crate::limits::MAX_HISTORY_HASHES`]).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(
        default,
        deserialize_with = "crate::limits::at_most::<_, _, { crate::limits::MAX_HISTORY_HASHES }>"
    )]
    pub history_hashes: Vec<String>,
}

const FIELD: &str = "password";

/// The allowed specials, for membership tests.
struct Specials<'a> {
    text: &'a str,
    /// Sorted, once a long list is first asked about.
    sorted: Option<Vec<char>>,
}

impl<'a> Specials<'a> {
    /// Lists up to this many bytes are scanned, longer ones sorted.
    const SCAN_UP_TO: usize = 64;

    fn new(text: Option<&'a str>) -> Specials<'a> {
        Specials {
            text: text.unwrap_or_default(),
            sorted: None,
        }
    }

    fn contains(&mut self, c: char) -> bool {
        if self.text.len() <= Self::SCAN_UP_TO {
            return self.text.contains(c);
        }
        let text = self.text;
        let sorted = self.sorted.get_or_insert_with(|| {
            let mut chars: Vec<char> = text.chars().collect();
            chars.sort_unstable();
            chars
        });
        sorted.binary_search(&c).is_ok()
    }
}

fn violation(code: Code, zh: String, en: String) -> Problem {
    Problem::new(code, Some(FIELD), zh, en)
}

impl PasswordPolicy {
    /// Every rule the password breaks, or an empty list. A stored hash that
    /// is not a valid PHC string is an error, not a violation. Messages
    /// never contain the password or any of its characters.
    pub fn check_password(
        &self,
        password: &str,
        context: &PasswordContext,
    ) -> Result<Vec<Problem>, PasswordError> {
        let mut problems = self.check_rules(password, context);
        self.check_hash_work(context)?;

        if self.forbid_current
            && let Some(hash) = &context.current_hash
            && verify_password_at(password, hash, "current_hash")?
        {
            problems.push(violation(
                Code::PasswordSameAsCurrent,
                "新密码不能与原密码相同".to_owned(),
                "the new password must differ from the current one".to_owned(),
            ));
        }
        let depth = self
            .history_depth
            .map_or(context.history_hashes.len(), |d| d as usize);
        for (index, hash) in context.history_hashes.iter().take(depth).enumerate() {
            if verify_password_at(password, hash, &format!("history_hashes[{index}]"))? {
                problems.push(violation(
                    Code::PasswordInHistory,
                    "新密码不能与历史密码相同".to_owned(),
                    "the new password must differ from earlier passwords".to_owned(),
                ));
                break;
            }
        }
        Ok(problems)
    }

    /// Before any hash is verified: at most [`MAX_HISTORY_HASHES`] of them,
    /// each in the library's form and within the per-hash limit, and their
    /// work in all within [`MAX_HASH_WORK`].
    fn check_hash_work(&self, context: &PasswordContext) -> Result<(), PasswordError> {
        let depth = self
            .history_depth
            .map_or(context.history_hashes.len(), |d| d as usize);
        let history = context.history_hashes.iter().take(depth);
        let current = context
            .current_hash
            .as_ref()
            .filter(|_| self.forbid_current);
        if history.len() + usize::from(current.is_some()) > MAX_HISTORY_HASHES {
            return Err(PasswordError::WorkTooHigh {
                field: "history_hashes".to_owned(),
                work: u64::MAX,
                max: MAX_HASH_WORK,
            });
        }
        let mut work: u64 = 0;
        if let Some(hash) = current {
            work = work.saturating_add(stored_cost(hash, "current_hash")?.work());
        }
        for (index, hash) in history.enumerate() {
            let cost = stored_cost(hash, &format!("history_hashes[{index}]"))?;
            work = work.saturating_add(cost.work());
        }
        if work > MAX_HASH_WORK {
            return Err(PasswordError::WorkTooHigh {
                field: "history_hashes".to_owned(),
                work,
                max: MAX_HASH_WORK,
            });
        }
        Ok(())
    }

    /// The rules that need no hashing: length, characters, classes,
    /// personal data, common passwords. This is the cheap part of
    /// [`PasswordPolicy::check_password`], for checking as the user types.
    pub fn check_rules(&self, password: &str, context: &PasswordContext) -> Vec<Problem> {
        let mut problems = Vec::new();
        let length = password.chars().count();
        let (min, max) = (self.min_length as usize, self.max_length as usize);
        if length < min || length > max {
            problems.push(
                violation(
                    Code::PasswordLength,
                    format!("密码长度应为 {min}–{max} 个字符，当前 {length} 个"),
                    format!("password must be {min} to {max} characters long, it has {length}"),
                )
                .with_detail(serde_json::json!({"min": min, "max": max, "actual": length})),
            );
        }

        // A short list of specials (the presets' are 24 and 32) is scanned;
        // a long one (up to 256) is sorted the first time a special turns
        // up, so a long password against a long list stays a binary search
        // per character, and a call with no special sorts nothing.
        let mut specials = Specials::new(self.allowed.as_ref().map(|a| a.specials.as_str()));
        let mut classes: Vec<CharClass> = Vec::with_capacity(4);
        let mut outside = false;
        for c in password.chars() {
            match self.class_of(c, &mut specials) {
                Some(class) if !classes.contains(&class) => classes.push(class),
                Some(_) => {}
                None => outside = true,
            }
        }
        if outside {
            let (zh, en) = self.allowed_description();
            let specials = self.allowed.as_ref().map(|a| a.specials.as_str());
            problems.push(
                violation(
                    Code::PasswordCharset,
                    format!("密码含有不允许的字符；只能使用{zh}"),
                    format!("password contains characters that are not allowed; use only {en}"),
                )
                .with_detail(serde_json::json!({ "specials": specials })),
            );
        }
        let mixed = classes.len();
        if mixed < usize::from(self.min_classes) {
            problems.push(
                violation(
                    Code::PasswordClasses,
                    format!(
                        "密码至少包含以下字符中的 {} 种：数字、大写字母、小写字母、特殊字符（当前 {mixed} 种）",
                        self.min_classes
                    ),
                    format!(
                        "password must mix at least {} of: digits, upper case, lower case, special characters (it has {mixed})",
                        self.min_classes
                    ),
                )
                .with_detail(serde_json::json!({"min": self.min_classes, "actual": mixed})),
            );
        }
        for class in &self.required_classes {
            if !classes.contains(class) {
                problems.push(violation(
                    Code::PasswordRequiredClass,
                    format!("密码必须包含{}", class.name_zh()),
                    format!("password must contain {}", class.name_en()),
                ));
            }
        }

        let lower = password.to_lowercase();
        let contains = |needle: &Option<String>, min_len: usize| {
            needle.as_deref().map(str::trim).is_some_and(|n| {
                n.chars().count() >= min_len && lower.contains(n.to_lowercase().as_str())
            })
        };
        if self.forbid_username && contains(&context.username, 1) {
            problems.push(violation(
                Code::PasswordContainsUsername,
                "密码不能包含用户名".to_owned(),
                "password must not contain the username".to_owned(),
            ));
        }
        if self.forbid_mobile && contains(&context.mobile, 1) {
            problems.push(violation(
                Code::PasswordContainsMobile,
                "密码不能包含手机号".to_owned(),
                "password must not contain the mobile number".to_owned(),
            ));
        }
        if self.forbid_email {
            let local = context
                .email
                .as_deref()
                .and_then(|e| e.split('@').next())
                .map(str::to_owned);
            if contains(&context.email, 1) || contains(&local, 4) {
                problems.push(violation(
                    Code::PasswordContainsEmail,
                    "密码不能包含邮箱地址".to_owned(),
                    "password must not contain the email address".to_owned(),
                ));
            }
        }
        if self.blocklist && is_common_password(password) {
            problems.push(violation(
                Code::PasswordCommon,
                "密码过于常见，容易被猜中".to_owned(),
                "password is too common and easy to guess".to_owned(),
            ));
        }
        problems
    }

    /// The class of `c`, or `None` when the policy does not allow it.
    fn class_of(&self, c: char, specials: &mut Specials<'_>) -> Option<CharClass> {
        let class = if c.is_ascii_digit() {
            CharClass::Digit
        } else if c.is_ascii_uppercase() {
            CharClass::Upper
        } else if c.is_ascii_lowercase() {
            CharClass::Lower
        } else {
            CharClass::Special
        };
        let Some(allowed) = &self.allowed else {
            return Some(class);
        };
        let ok = match class {
            CharClass::Digit => allowed.digits,
            CharClass::Upper | CharClass::Lower => allowed.letters,
            CharClass::Special => specials.contains(c),
        };
        ok.then_some(class)
    }

    fn allowed_description(&self) -> (String, String) {
        let Some(allowed) = &self.allowed else {
            return ("任意字符".to_owned(), "any character".to_owned());
        };
        let mut zh = Vec::new();
        let mut en = Vec::new();
        if allowed.letters {
            zh.push("字母".to_owned());
            en.push("letters".to_owned());
        }
        if allowed.digits {
            zh.push("数字".to_owned());
            en.push("digits".to_owned());
        }
        // A backtick is named in words: inside the backticks that quote
        // the others it would end the quotation, and escaped (`\u{60}`) a
        // person filling a form would not know it (the national preset
        // allows one).
        let others: String = allowed.specials.chars().filter(|c| *c != '`').collect();
        let backtick = others.len() < allowed.specials.len();
        if !others.is_empty() {
            // At most 40 are shown: a policy may allow 256.
            let shown = crate::error::echo(&others);
            zh.push(format!("特殊字符 `{shown}`"));
            en.push(format!("the special characters `{shown}`"));
        }
        if backtick {
            zh.push("反引号（`）".to_owned());
            en.push("the backtick (`)".to_owned());
        }
        (zh.join("、"), en.join(", "))
    }
}

/// The confirmation must repeat the password exactly.
pub fn check_confirmation(password: &str, confirmation: &str, field: &str) -> Option<Problem> {
    (password != confirmation).then(|| {
        Problem::new(
            Code::PasswordConfirmation,
            Some(field),
            "两次输入的密码不一致",
            "the password and its confirmation differ",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Short lists are scanned and long ones sorted on first use: both
    /// answer alike, whatever order the list is given in.
    #[test]
    fn specials_short_and_long() {
        let long: String = ('\u{4e00}'..'\u{4e50}').rev().chain("!#".chars()).collect();
        assert!(long.len() > Specials::SCAN_UP_TO);
        for text in ["!#$", long.as_str()] {
            let mut specials = Specials::new(Some(text));
            for c in text.chars() {
                assert!(specials.contains(c), "{c} in {text}");
            }
            for c in ['a', '%', '\u{4e50}', '\u{4dff}'] {
                assert!(!specials.contains(c), "{c} not in {text}");
            }
        }
        assert!(!Specials::new(None).contains('!'));
    }

    fn codes(policy: &PasswordPolicy, password: &str, context: &PasswordContext) -> Vec<Code> {
        policy
            .check_rules(password, context)
            .into_iter()
            .map(|p| p.code)
            .collect()
    }

    #[test]
    fn national_rules() {
        let p = PasswordPolicy::national();
        let none = PasswordContext::default();
        assert!(codes(&p, "Abcdef1!", &none).is_empty());
        assert_eq!(codes(&p, "Abcde1!", &none), vec![Code::PasswordLength]);
        assert!(codes(&p, "Abcdefgh1234567!!!", &none).is_empty()); // 18
        assert_eq!(
            codes(&p, "Abcdefgh1234567!!!!", &none),
            vec![Code::PasswordLength]
        ); // 19
        assert_eq!(codes(&p, "abcdefgh1", &none), vec![Code::PasswordClasses]);
        assert!(
            codes(&p, "abcdefg1、", &none).is_empty(),
            "、 is a listed special"
        );
        assert_eq!(codes(&p, "Abcdefg1 ", &none), vec![Code::PasswordCharset]);
        assert_eq!(codes(&p, "Abcdefg1\"", &none), vec![Code::PasswordCharset]);
        let ctx = PasswordContext {
            username: Some("ZhangSan".into()),
            mobile: Some("13812345678".into()),
            ..Default::default()
        };
        assert_eq!(
            codes(&p, "x!zhangsan1", &ctx),
            vec![Code::PasswordContainsUsername]
        );
        assert_eq!(
            codes(&p, "A!13812345678", &ctx),
            vec![Code::PasswordContainsMobile]
        );
    }

    /// The characters a refusal lists are the ones the policy allows: the
    /// national preset's backtick (seed 002) is named, not shown as `'`,
    /// which it refuses.
    #[test]
    fn a_refusal_lists_exactly_the_allowed_specials() {
        let p = PasswordPolicy::national();
        let none = PasswordContext::default();
        let refused = p.check_rules("Abcdef1'x9", &none);
        let charset = refused
            .iter()
            .find(|r| r.code == Code::PasswordCharset)
            .expect("' is refused");
        assert!(codes(&p, "Abcdef1`x9", &none).is_empty(), "` is allowed");
        assert!(
            charset
                .message_en
                .ends_with("the special characters `~!#$%&+,-.*:;<=>@_?^、/`, the backtick (`)"),
            "{}",
            charset.message_en
        );
        assert!(
            charset
                .message_zh
                .contains("特殊字符 `~!#$%&+,-.*:;<=>@_?^、/`、反引号（`）")
        );
        assert!(!charset.message_en.contains('\'') && !charset.message_zh.contains('\''));
    }

    #[test]
    fn henan_bounds_are_exclusive() {
        let p = PasswordPolicy::henan();
        let none = PasswordContext::default();
        assert_eq!(codes(&p, "abcdefgh", &none), vec![Code::PasswordLength]); // 8
        assert!(codes(&p, "abcdefghi", &none).is_empty()); // 9
        assert!(codes(&p, "abcdefghijklmnopqrs", &none).is_empty()); // 19
        assert_eq!(
            codes(&p, "abcdefghijklmnopqrst", &none),
            vec![Code::PasswordLength]
        ); // 20
        assert_eq!(
            codes(&p, "密码abcdefghij", &none),
            vec![Code::PasswordCharset]
        );
    }

    #[test]
    fn nist_blocklist_and_context() {
        let p = PasswordPolicy::nist();
        let none = PasswordContext::default();
        assert_eq!(codes(&p, "password1", &none), vec![Code::PasswordCommon]);
        assert!(codes(&p, "correct horse battery staple", &none).is_empty());
        assert!(
            codes(&p, "长城长城长城长城", &none).is_empty(),
            "any characters count"
        );
        let ctx = PasswordContext {
            email: Some("wang.wei@example.com".into()),
            ..Default::default()
        };
        assert_eq!(
            codes(&p, "my-wang.wei-key", &ctx),
            vec![Code::PasswordContainsEmail]
        );
    }

    #[test]
    fn messages_never_echo_the_password() {
        let p = PasswordPolicy::national();
        let secret = "密Zq~";
        for problem in p.check_rules(secret, &PasswordContext::default()) {
            assert!(!problem.message_en.contains("Zq"), "{}", problem.message_en);
            assert!(!problem.message_zh.contains("Zq"), "{}", problem.message_zh);
        }
    }
}
