//! Errors, in two tiers.
//!
//! Inside the crate each domain has a rich `thiserror` enum ([`MoneyError`],
//! [`PolicyError`], …) whose `Display` is the English message. Each implements
//! [`Describe`], which adds the stable [`Code`], the field where one applies and
//! the Chinese message. Everything that leaves the crate as data (JSON answers,
//! the bindings, the `huiqi` command) is the one public shape, [`Problem`];
//! [`Error::problems`] is the single place where the tiers meet.
//!
//! Messages follow one style: lowercase, user input in backticks (and cut to a
//! sane length), no Rust type names, never a password.

mod code;
pub(crate) mod serde_bridge;

pub use code::{Category, Code};

use serde::{Deserialize, Serialize};

use crate::call::RequestError;
use crate::money::MoneyError;
use crate::password::PasswordError;
use crate::subsidy::PolicyError;
use crate::voucher::{CampaignError, CheckoutError};

/// One problem, in the public shape shared by every frontend.
#[cfg_attr(feature = "python", pyo3::pyclass(frozen, eq, module = "huiqi"))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Problem {
    /// Stable machine-readable code.
    pub code: Code,
    /// Path of the field the problem is about (`cases[1].annual_output`), if any.
    pub field: Option<String>,
    /// Message in Chinese.
    pub message_zh: String,
    /// Message in English.
    pub message_en: String,
    /// Optional machine-readable detail (limits, expected values).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub detail: Option<serde_json::Value>,
}

impl Problem {
    /// A problem without detail.
    pub fn new(
        code: Code,
        field: Option<&str>,
        message_zh: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Problem {
        Problem {
            code,
            field: field.map(str::to_owned),
            message_zh: message_zh.into(),
            message_en: message_en.into(),
            detail: None,
        }
    }

    /// The same problem with machine-readable detail attached.
    pub fn with_detail(mut self, detail: serde_json::Value) -> Problem {
        self.detail = Some(detail);
        self
    }

    /// The same problem about another field (used when a value is checked
    /// on its own and then reported as part of a form).
    pub fn at(mut self, field: impl Into<String>) -> Problem {
        self.field = Some(field.into());
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} at `{}`: {}", self.code, field, self.message_en),
            None => write!(f, "{}: {}", self.code, self.message_en),
        }
    }
}

impl std::error::Error for Problem {}

/// The message of the exception a binding raises for `problems`, the same
/// in every language: each problem as it prints (``code at `field`:
/// English``) and its Chinese after ` / `; of several, how many and the
/// first five.
pub fn summary(problems: &[Problem]) -> String {
    let one = |p: &Problem| format!("{p} / {}", p.message_zh);
    match problems {
        [single] => one(single),
        _ => {
            let shown: Vec<String> = problems.iter().take(5).map(one).collect();
            let more = if problems.len() > 5 { "; …" } else { "" };
            format!("{} problems: {}{more}", problems.len(), shown.join("; "))
        }
    }
}

/// What every internal error tells about itself beyond its English `Display`.
pub trait Describe: std::fmt::Display {
    /// The stable code.
    fn code(&self) -> Code;
    /// The Chinese message.
    fn message_zh(&self) -> String;
    /// The field the error is about, if the error itself knows it.
    fn field(&self) -> Option<String> {
        None
    }
    /// Machine-readable detail, if any.
    fn detail(&self) -> Option<serde_json::Value> {
        None
    }
    /// The public shape of this error.
    fn to_problem(&self) -> Problem {
        Problem {
            code: self.code(),
            field: self.field(),
            message_zh: self.message_zh(),
            message_en: self.to_string(),
            detail: self.detail(),
        }
    }
}

/// A list of validation problems: every violation found, not just the first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Violations(Vec<Problem>);

impl Violations {
    /// No violations yet.
    pub fn new() -> Violations {
        Violations(Vec::new())
    }
    /// Records one violation.
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }
    /// Records several violations.
    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.0.extend(problems);
    }
    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// How many violations were recorded.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// The violations.
    pub fn as_slice(&self) -> &[Problem] {
        &self.0
    }
    /// The violations, owned.
    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }
    /// True when some violation has this code.
    pub fn has(&self, code: Code) -> bool {
        self.0.iter().any(|p| p.code == code)
    }
    /// `Ok(())` when `problems` is empty, otherwise the problems as violations.
    pub fn result_of(problems: impl IntoIterator<Item = Problem>) -> Result<(), Violations> {
        Violations(problems.into_iter().collect()).into_result(())
    }
    /// `Ok(value)` when empty, otherwise the violations.
    pub fn into_result<T>(self, value: T) -> Result<T, Violations> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Problem> for Violations {
    fn from(problem: Problem) -> Violations {
        Violations(vec![problem])
    }
}

impl IntoIterator for Violations {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl std::fmt::Display for Violations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        for problem in &self.0 {
            if !first {
                f.write_str("; ")?;
            }
            first = false;
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// Any error of the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Money could not be read or computed.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// A subsidy policy could not be loaded or chosen.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A checkout could not be priced.
    #[error(transparent)]
    Checkout(#[from] CheckoutError),
    /// A campaign refused an application or grab.
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    /// A password could not be hashed, or a stored hash is unusable.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// A call-API request was malformed.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// Input failed validation; every violation is listed.
    #[error("{0}")]
    Invalid(Violations),
}

impl From<Violations> for Error {
    fn from(violations: Violations) -> Error {
        Error::Invalid(violations)
    }
}

impl From<Problem> for Error {
    fn from(problem: Problem) -> Error {
        Error::Invalid(Violations::from(problem))
    }
}

impl Error {
    /// The error in the public shape: one or more problems. This is the one
    /// place where internal errors become public ones.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            Error::Money(e) => vec![e.to_problem()],
            Error::Policy(e) => vec![e.to_problem()],
            Error::Checkout(e) => vec![e.to_problem()],
            Error::Campaign(e) => vec![e.to_problem()],
            Error::Password(e) => vec![e.to_problem()],
            Error::Request(e) => vec![e.to_problem()],
            Error::Invalid(v) => v.as_slice().to_vec(),
        }
    }

    /// The error with its problems about an input as a whole (those naming
    /// no field: a document's syntax, a key missing at its top) placed at
    /// `field`, the argument that carried the input (`text`); the rest
    /// keep the path inside it they name.
    pub fn at_input(self, field: &str) -> Error {
        let problems = self.problems();
        if problems.iter().all(|p| p.field.is_some()) {
            return self;
        }
        let mut placed = Violations::new();
        placed.extend(problems.into_iter().map(|p| match p.field {
            None => p.at(field),
            Some(_) => p,
        }));
        Error::Invalid(placed)
    }

    /// The code of the first problem.
    pub fn code(&self) -> Code {
        match self {
            Error::Money(e) => e.code(),
            Error::Policy(e) => e.code(),
            Error::Checkout(e) => e.code(),
            Error::Campaign(e) => e.code(),
            Error::Password(e) => e.code(),
            Error::Request(e) => e.code(),
            Error::Invalid(v) => v
                .as_slice()
                .first()
                .map_or(Code::InvalidRequest, |p| p.code),
        }
    }
}

/// Shows user input inside a message: in backticks' company, cut to 40
/// characters, backticks and invisible characters (controls, format
/// characters such as U+200B, whitespace other than a space) written as
/// `\u{60}` and `\u{200B}` so a reader can see them.
pub(crate) fn echo(input: &str) -> String {
    echo_up_to(input, 40)
}

/// [`echo`] with another length limit, for parser detail.
pub(crate) fn echo_up_to(input: &str, max: usize) -> String {
    let mut out = String::with_capacity(input.len().min(max * 4) + 3);
    for (count, c) in input.chars().enumerate() {
        if count == max {
            out.push('…');
            break;
        }
        match c {
            // Escaped, not replaced: an echo never shows a character its
            // input lacks (a backtick shown as `'` told a user that `'`
            // was what they typed, or what a policy allows).
            '`' => out.push_str("\\u{60}"),
            ' ' => out.push(' '),
            c if crate::validate::is_invisible(c) => {
                out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exceptions_message_is_every_problem_in_both_languages() {
        let decimals = Problem::new(
            Code::MoneyTooManyDecimals,
            None,
            "金额小数过多",
            "amount `1.234` has more than 2 decimal places",
        );
        let required = Problem::new(Code::Required, Some("form.name"), "必填", "is required");
        assert_eq!(
            summary(std::slice::from_ref(&decimals)),
            "money.too_many_decimals: amount `1.234` has more than 2 decimal places / 金额小数过多"
        );
        assert_eq!(
            summary(&[decimals, required.clone()]),
            "2 problems: money.too_many_decimals: amount `1.234` has more than 2 decimal \
             places / 金额小数过多; field.required at `form.name`: is required / 必填"
        );
        let seven = vec![required; 7];
        let text = summary(&seven);
        assert!(
            text.starts_with("7 problems: ") && text.ends_with("; …"),
            "{text}"
        );
        assert_eq!(text.matches("field.required").count(), 5);
    }

    #[test]
    fn echo_cuts_and_sanitises() {
        assert_eq!(echo("abc"), "abc");
        assert_eq!(echo("a`b\nc"), "a\\u{60}b\\u{A}c");
        assert_eq!(echo("x\u{200B} y"), "x\\u{200B} y");
        let long = "x".repeat(100);
        assert_eq!(echo(&long).chars().count(), 41);
    }

    #[test]
    fn problem_serialises_with_null_field() {
        let p = Problem::new(Code::Required, None, "必填", "is required");
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "field.required", "field": null,
                               "message_zh": "必填", "message_en": "is required"})
        );
    }
}
