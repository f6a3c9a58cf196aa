//! `validate.*`. A value that breaks rules is a successful call answering a
//! verdict with every violation; only a malformed request is an error.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Violations};
use crate::validate::{
    self as v, AccountRegistrationForm, EnterpriseRegistrationForm, ExpertForm,
    HenanEnterpriseRegistrationForm, ProductListingForm, ProviderRegistrationForm, ResidentIdInfo,
    UploadKind, UploadMeta, UsccInfo,
};

/// One value to check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ValueRequest {
    /// The value as typed.
    pub value: String,
}

/// One value to check against rules about the past.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct DatedValueRequest {
    /// The value as typed.
    pub value: String,
    /// The date "today" is (`YYYY-MM-DD`); default: the system date in Shanghai.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, with = "crate::time::option_date")]
    pub today: Option<NaiveDate>,
}

/// Whether a value keeps every rule, and every rule it breaks.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Verdict {
    /// True when no rule is broken.
    pub valid: bool,
    /// Every violation (at most 100, then one `request.truncated`).
    pub violations: Vec<Problem>,
}

impl Verdict {
    /// The verdict on a list of problems.
    pub fn of(problems: Vec<Problem>) -> Verdict {
        Verdict {
            valid: problems.is_empty(),
            violations: crate::limits::capped(problems),
        }
    }

    fn of_result(result: Result<(), Violations>) -> Verdict {
        Verdict::of(result.err().map(Violations::into_vec).unwrap_or_default())
    }
}

/// The verdict on a unified social credit code, and its parts when valid.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UsccVerdict {
    /// True when no rule is broken.
    pub valid: bool,
    /// Every violation.
    pub violations: Vec<Problem>,
    /// The code taken apart, when valid.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<UsccInfo>,
}

/// The verdict on a resident ID number, and its parts when valid.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ResidentIdVerdict {
    /// True when no rule is broken.
    pub valid: bool,
    /// Every violation.
    pub violations: Vec<Problem>,
    /// The number taken apart, when valid.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<ResidentIdInfo>,
}

/// Checks a unified social credit code (GB 32100-2015).
pub fn validate_uscc(request: ValueRequest) -> Result<UsccVerdict, Error> {
    Ok(match v::validate_uscc(&request.value) {
        Ok(info) => UsccVerdict {
            valid: true,
            violations: Vec::new(),
            info: Some(info),
        },
        Err(violations) => UsccVerdict {
            valid: false,
            violations: crate::limits::capped(violations.into_vec()),
            info: None,
        },
    })
}

/// Checks a resident ID number (GB 11643) or a residence permit's number.
pub fn validate_resident_id(request: DatedValueRequest) -> Result<ResidentIdVerdict, Error> {
    let today = request.today.unwrap_or_else(crate::time::today);
    Ok(match v::validate_resident_id(&request.value, today) {
        Ok(info) => ResidentIdVerdict {
            valid: true,
            violations: Vec::new(),
            info: Some(info),
        },
        Err(violations) => ResidentIdVerdict {
            valid: false,
            violations: crate::limits::capped(violations.into_vec()),
            info: None,
        },
    })
}

macro_rules! value_checks {
    ($($(#[$doc:meta])* $name:ident => $check:path;)*) => {$(
        $(#[$doc])*
        pub fn $name(request: ValueRequest) -> Result<Verdict, Error> {
            Ok(Verdict::of_result($check(&request.value)))
        }
    )*};
}

value_checks! {
    /// Checks a mobile number (numbering plan: 11 digits from 13–19).
    validate_mobile => v::validate_mobile;
    /// Checks a landline `area code-number`.
    validate_landline => v::validate_landline;
    /// Checks an email address (WHATWG).
    validate_email => v::validate_email;
    /// Checks a postcode.
    validate_postcode => v::validate_postcode;
    /// Checks a provider sub-user username.
    validate_username => v::validate_username;
    /// Checks a Henan login account.
    validate_login_account => v::validate_login_account;
}

/// `validate.upload`: a file's metadata and what it is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    /// What the file is for.
    pub kind: UploadKind,
    /// Its name, size and pixel size.
    pub file: UploadMeta,
}

/// Checks an upload's metadata by kind.
pub fn validate_upload(request: UploadRequest) -> Result<Verdict, Error> {
    Ok(Verdict::of_result(v::validate_upload(
        request.kind,
        &request.file,
    )))
}

macro_rules! form_checks {
    ($($(#[$doc:meta])* $name:ident($request:ident, $form:ty) => $check:path;)*) => {$(
        /// A whole form to check.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        #[serde(deny_unknown_fields)]
        pub struct $request {
            /// The form.
            pub form: $form,
        }

        $(#[$doc])*
        pub fn $name(request: $request) -> Result<Verdict, Error> {
            Ok(Verdict::of($check(&request.form).into_vec()))
        }
    )*};
}

form_checks! {
    /// Checks a product listing form (商品上架).
    validate_product_listing(ProductListingRequest, ProductListingForm) => v::validate_product_listing;
    /// Checks an expert entry form (专家录入).
    validate_expert(ExpertRequest, ExpertForm) => v::validate_expert;
    /// Checks an account registration form, national or Henan.
    validate_account_registration(AccountRegistrationRequest, AccountRegistrationForm) => v::validate_account_registration;
    /// Checks a Henan enterprise registration form.
    validate_henan_enterprise_registration(HenanEnterpriseRegistrationRequest, HenanEnterpriseRegistrationForm) => v::validate_henan_enterprise_registration;
}

macro_rules! dated_form_checks {
    ($($(#[$doc:meta])* $name:ident($request:ident, $form:ty) => $check:path;)*) => {$(
        /// A whole form to check against rules about the past.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        #[serde(deny_unknown_fields)]
        pub struct $request {
            /// The form.
            pub form: $form,
            /// The date "today" is; default: the system date in Shanghai.
            #[serde(default, with = "crate::time::option_date")]
            #[cfg_attr(feature = "uniffi", uniffi(default))]
            pub today: Option<NaiveDate>,
        }

        $(#[$doc])*
        pub fn $name(request: $request) -> Result<Verdict, Error> {
            let today = request.today.unwrap_or_else(crate::time::today);
            Ok(Verdict::of($check(&request.form, today).into_vec()))
        }
    )*};
}

dated_form_checks! {
    /// Checks a national enterprise registration form.
    validate_enterprise_registration(EnterpriseRegistrationRequest, EnterpriseRegistrationForm) => v::validate_enterprise_registration;
    /// Checks a national provider registration form.
    validate_provider_registration(ProviderRegistrationRequest, ProviderRegistrationForm) => v::validate_provider_registration;
}
