//! Whole forms of the platforms: product listing, expert entry and the
//! registration forms. Each form is a loosely typed serde struct (every field
//! optional, amounts as strings), so that a missing or blank field is a
//! `field.required` violation instead of a decoding error; each validator
//! returns *every* violation of the form at once, with the field path.
//!
//! Rules common to all forms (design):
//! - an optional text, phone or email that is blank counts as absent;
//! - a missing nested section (`contact`, `intro_page`, …) is checked like an
//!   empty one, so each of its required fields is reported at its own path;
//! - choices from a portal's drop-down lists (catalogue, industry, city, …)
//!   are only checked for presence: the lists belong to the portals.

mod expert;
mod product;
mod registration;

pub use expert::{ExpertForm, validate_expert};
pub use product::{
    IntroBanner, IntroPage, ProductCase, ProductContact, ProductListingForm, ProductSpec, UserCase,
    unit_label, validate_product_listing,
};
pub use registration::{
    AccountRegistrationForm, EnterpriseRegistrationForm, HenanEnterpriseRegistrationForm,
    ProviderRegistrationForm, ProviderRevenue, validate_account_registration,
    validate_enterprise_registration, validate_henan_enterprise_registration,
    validate_provider_registration,
};

use super::{Report, UploadKind, UploadMeta, UsccInfo, check_upload, check_uscc, required};
use crate::error::{Code, Problem};
use crate::password::{PasswordContext, PasswordPolicy, check_confirmation};

/// A single-value check that reports at the field it is given.
type Check = fn(&str, &str) -> Vec<Problem>;

/// A present, non-blank optional value.
fn present(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty())
}

/// A required value that must also pass `check`.
fn required_check(report: &mut Report, field: &str, value: Option<&str>, check: Check) {
    if let Some(v) = report.required(field, value) {
        report.extend(check(v, field));
    }
}

/// An optional value that must pass `check` when present.
fn optional_check(report: &mut Report, field: &str, value: Option<&str>, check: Check) {
    if let Some(v) = present(value) {
        report.extend(check(v, field));
    }
}

/// A required yes/no answer.
fn required_bool(report: &mut Report, field: &str, value: Option<bool>) -> Option<bool> {
    if value.is_none() {
        report.push(required(field));
    }
    value
}

/// A required upload of `kind`.
fn required_upload(report: &mut Report, field: &str, kind: UploadKind, meta: Option<&UploadMeta>) {
    match meta {
        Some(meta) => report.extend(check_upload(kind, meta, field)),
        None => report.push(required(field)),
    }
}

/// A required unified social credit code.
fn required_uscc(report: &mut Report, field: &str, value: Option<&str>) -> Option<UsccInfo> {
    let code = report.required(field, value)?;
    match check_uscc(code, field) {
        Ok(info) => Some(info),
        Err(problems) => {
            report.extend_at(field, problems);
            None
        }
    }
}

/// The user agreement must have been accepted (`Some(true)`).
fn agreement(report: &mut Report, field: &str, accepted: Option<bool>, name_zh: &str) {
    if accepted != Some(true) {
        report.push(Problem::new(
            Code::Required,
            Some(field),
            format!("请阅读并同意{name_zh}"),
            "the user agreement must be read and accepted",
        ));
    }
}

/// Where a form keeps its password and confirmation.
struct PasswordFields<'a> {
    password: (&'a str, Option<&'a str>),
    confirmation: (&'a str, Option<&'a str>),
}

/// A required password under `policy` (when the platform is known) and its
/// required confirmation. The policy's problems are re-homed at the form's
/// password field; no message ever holds the password.
fn password(
    report: &mut Report,
    fields: PasswordFields<'_>,
    policy: Option<PasswordPolicy>,
    context: &PasswordContext,
) {
    let (password_field, password) = fields.password;
    let (confirmation_field, confirmation) = fields.confirmation;
    let password = password.filter(|p| !p.is_empty());
    let confirmation = confirmation.filter(|c| !c.is_empty());
    match password {
        Some(p) => {
            if let Some(policy) = policy {
                report.extend_at(password_field, policy.check_rules(p, context));
            }
        }
        None => report.push(required(password_field)),
    }
    match (password, confirmation) {
        (_, None) => report.push(required(confirmation_field)),
        (Some(p), Some(c)) => report.extend(check_confirmation(p, c, confirmation_field)),
        (None, Some(_)) => {}
    }
}

/// The context of a password check: the account name and mobile, when given.
fn password_context(username: Option<&str>, mobile: Option<&str>) -> PasswordContext {
    PasswordContext {
        username: present(username).map(str::to_owned),
        mobile: present(mobile).map(str::to_owned),
        ..PasswordContext::default()
    }
}

#[cfg(test)]
mod test_support {
    use crate::error::{Code, Violations};
    use crate::validate::UploadMeta;

    /// The (code, field) pairs of the violations, in order.
    pub(super) fn found(violations: &Violations) -> Vec<(Code, String)> {
        violations
            .as_slice()
            .iter()
            .map(|p| (p.code, p.field.clone().unwrap_or_default()))
            .collect()
    }

    /// Expected (code, field) pairs.
    pub(super) fn pairs(expected: &[(Code, &str)]) -> Vec<(Code, String)> {
        expected
            .iter()
            .map(|(c, f)| (*c, (*f).to_owned()))
            .collect()
    }

    /// An uploaded file of `size_bytes`.
    pub(super) fn file(name: &str, size_bytes: u64) -> Option<UploadMeta> {
        Some(UploadMeta {
            name: name.to_owned(),
            size_bytes,
            width: None,
            height: None,
        })
    }

    /// Some owned text.
    pub(super) fn s(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    /// The JSON value at `pointer` (`/value/violations/0/code`), or null.
    pub(super) fn at(value: &serde_json::Value, pointer: &str) -> serde_json::Value {
        value.pointer(pointer).cloned().unwrap_or_default()
    }

    /// Some list of owned texts.
    pub(super) fn list(items: &[&str]) -> Option<Vec<String>> {
        Some(items.iter().map(|i| (*i).to_owned()).collect())
    }
}
