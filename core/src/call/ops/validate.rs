//! `validate.*` operations. A value that breaks rules is a successful call
//! answering `{"valid": false, "violations": [...]}`; a malformed request is
//! an error.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::call::{decode, encode};
use crate::error::{Error, Problem, Violations};
use crate::validate::{self as v, UploadKind, UploadMeta};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueRequest {
    value: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatedValueRequest {
    value: String,
    /// The date "today" is, for rules about the past; default: the system date.
    #[serde(default, with = "crate::time::option_date")]
    today: Option<NaiveDate>,
}

/// `{"valid": …, "violations": […]}`, plus `info` when valid and there is some.
pub(crate) fn verdict<T: Serialize>(result: Result<T, Violations>) -> Result<Value, Error> {
    match result {
        Ok(info) => {
            let info = encode(&info)?;
            let mut answer = json!({"valid": true, "violations": []});
            if !info.is_null()
                && let Some(map) = answer.as_object_mut()
            {
                map.insert("info".to_owned(), info);
            }
            Ok(answer)
        }
        Err(violations) => Ok(json!({
            "valid": false,
            "violations": crate::limits::capped(violations.into_vec()),
        })),
    }
}

pub(crate) fn problems_verdict(problems: Vec<Problem>) -> Result<Value, Error> {
    verdict(Violations::result_of(problems))
}

pub(super) fn uscc(request: Value) -> Result<Value, Error> {
    let r: ValueRequest = decode(request)?;
    verdict(v::validate_uscc(&r.value))
}

pub(super) fn resident_id(request: Value) -> Result<Value, Error> {
    let r: DatedValueRequest = decode(request)?;
    verdict(v::validate_resident_id(
        &r.value,
        r.today.unwrap_or_else(crate::time::today),
    ))
}

pub(super) fn mobile(request: Value) -> Result<Value, Error> {
    let r: ValueRequest = decode(request)?;
    verdict(v::validate_mobile(&r.value))
}

pub(super) fn landline(request: Value) -> Result<Value, Error> {
    let r: ValueRequest = decode(request)?;
    verdict(v::validate_landline(&r.value))
}

pub(super) fn email(request: Value) -> Result<Value, Error> {
    let r: ValueRequest = decode(request)?;
    verdict(v::validate_email(&r.value))
}

pub(super) fn postcode(request: Value) -> Result<Value, Error> {
    let r: ValueRequest = decode(request)?;
    verdict(v::validate_postcode(&r.value))
}

pub(super) fn username(request: Value) -> Result<Value, Error> {
    let r: ValueRequest = decode(request)?;
    verdict(v::validate_username(&r.value))
}

pub(super) fn login_account(request: Value) -> Result<Value, Error> {
    let r: ValueRequest = decode(request)?;
    verdict(v::validate_login_account(&r.value))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UploadRequest {
    kind: UploadKind,
    file: UploadMeta,
}

pub(super) fn upload(request: Value) -> Result<Value, Error> {
    let r: UploadRequest = decode(request)?;
    verdict(v::validate_upload(r.kind, &r.file))
}

/// `{"form": {...}}`: a whole form.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormRequest<F> {
    form: F,
}

/// `{"form": {...}, "today": "YYYY-MM-DD"}`: a form with rules about the past.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatedFormRequest<F> {
    form: F,
    /// The date "today" is; default: the system date.
    #[serde(default, with = "crate::time::option_date")]
    today: Option<NaiveDate>,
}

pub(super) fn product_listing(request: Value) -> Result<Value, Error> {
    let r: FormRequest<v::ProductListingForm> = decode(request)?;
    verdict(v::validate_product_listing(&r.form).into_result(()))
}

pub(super) fn expert(request: Value) -> Result<Value, Error> {
    let r: FormRequest<v::ExpertForm> = decode(request)?;
    verdict(v::validate_expert(&r.form).into_result(()))
}

pub(super) fn account_registration(request: Value) -> Result<Value, Error> {
    let r: FormRequest<v::AccountRegistrationForm> = decode(request)?;
    verdict(v::validate_account_registration(&r.form).into_result(()))
}

pub(super) fn enterprise_registration(request: Value) -> Result<Value, Error> {
    let r: DatedFormRequest<v::EnterpriseRegistrationForm> = decode(request)?;
    let today = r.today.unwrap_or_else(crate::time::today);
    verdict(v::validate_enterprise_registration(&r.form, today).into_result(()))
}

pub(super) fn henan_enterprise_registration(request: Value) -> Result<Value, Error> {
    let r: FormRequest<v::HenanEnterpriseRegistrationForm> = decode(request)?;
    verdict(v::validate_henan_enterprise_registration(&r.form).into_result(()))
}

pub(super) fn provider_registration(request: Value) -> Result<Value, Error> {
    let r: DatedFormRequest<v::ProviderRegistrationForm> = decode(request)?;
    let today = r.today.unwrap_or_else(crate::time::today);
    verdict(v::validate_provider_registration(&r.form, today).into_result(()))
}
