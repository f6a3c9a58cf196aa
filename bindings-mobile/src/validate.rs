//! `validate.*`: single fields, uploads and whole forms. A value that breaks
//! rules is a successful call answering `valid = false` with every violation;
//! a malformed request is a `HuiqiError`.

use huiqi_core::call::RequestError;
use huiqi_core::call::{Answer, call_value};
use huiqi_core::validate::{
    self as v, Gender as CoreGender, UploadKind as CoreKind, UploadMeta as CoreMeta,
};
use huiqi_core::{Error as CoreError, Problem as CoreProblem, Violations};
use serde_json::{Map, Value};

use crate::convert::{date, date_text};
use crate::error::{HuiqiError, Problem, guard};

/// The verdict on a value or a form.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Verdict {
    /// True when no rule is broken.
    pub valid: bool,
    /// Every rule broken, with its code, field and both messages.
    pub violations: Vec<Problem>,
}

fn problems(violations: &Violations) -> Vec<Problem> {
    violations.as_slice().iter().map(Problem::from).collect()
}

/// The verdict, and the value's parts when it is valid.
fn split<T>(result: Result<T, Violations>) -> (Verdict, Option<T>) {
    match result {
        Ok(info) => (
            Verdict {
                valid: true,
                violations: Vec::new(),
            },
            Some(info),
        ),
        Err(violations) => (
            Verdict {
                valid: false,
                violations: problems(&violations),
            },
            None,
        ),
    }
}

fn verdict(result: Result<(), Violations>) -> Verdict {
    split(result).0
}

/// A code with its Chinese and English names.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NamedCode {
    /// The code character.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
}

/// A valid unified social credit code, taken apart.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct UsccInfo {
    /// The code in upper case.
    pub normalized: String,
    /// Registration authority (登记管理部门).
    pub authority: NamedCode,
    /// Entity type (机构类别).
    pub entity_type: NamedCode,
    /// Region code of the registering office.
    pub region_code: String,
    /// Its province, or `国家` for national-level registration.
    pub province: String,
    /// The organisation code (主体标识码).
    pub organization_code: String,
    /// An authority or entity type missing from the code table: shown, not refused.
    pub warnings: Vec<Problem>,
}

/// The verdict on a unified social credit code.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct UsccVerdict {
    /// True when valid.
    pub valid: bool,
    /// Every rule broken.
    pub violations: Vec<Problem>,
    /// The code taken apart, when valid.
    pub info: Option<UsccInfo>,
}

fn named(n: &v::Named) -> NamedCode {
    NamedCode {
        code: n.code.clone(),
        name_zh: n.name_zh.clone(),
        name_en: n.name_en.clone(),
    }
}

/// Checks a unified social credit code (GB 32100-2015; operation `validate.uscc`).
#[uniffi::export]
pub fn validate_uscc(value: String) -> Result<UsccVerdict, HuiqiError> {
    guard(|| {
        let (verdict, info) = split(v::validate_uscc(&value));
        Ok(UsccVerdict {
            valid: verdict.valid,
            violations: verdict.violations,
            info: info.map(|i| UsccInfo {
                normalized: i.normalized.clone(),
                authority: named(&i.authority),
                entity_type: named(&i.entity_type),
                region_code: i.region_code.clone(),
                province: i.province.clone(),
                organization_code: i.organization_code.clone(),
                warnings: i.warnings.iter().map(Problem::from).collect(),
            }),
        })
    })
}

/// Gender as encoded in a resident ID number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Gender {
    /// Odd sequence number.
    Male,
    /// Even sequence number.
    Female,
}

/// Which document a number belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum IdNumberKind {
    /// 居民身份证.
    ResidentId,
    /// 港澳台居民居住证 (region 810000, 820000 or 830000).
    ResidencePermit,
}

/// A valid resident ID number, taken apart.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ResidentIdInfo {
    /// The number with an upper-case `X`.
    pub normalized: String,
    /// Region code (first 6 digits).
    pub region_code: String,
    /// Province of the region code.
    pub province: String,
    /// A resident ID card's number, or a residence permit's.
    pub kind: IdNumberKind,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// From the sequence number's parity.
    pub gender: Gender,
}

/// The verdict on a resident ID number.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ResidentIdVerdict {
    /// True when valid.
    pub valid: bool,
    /// Every rule broken.
    pub violations: Vec<Problem>,
    /// The number taken apart, when valid.
    pub info: Option<ResidentIdInfo>,
}

/// Checks a resident ID number (GB 11643); the birth date must lie between
/// 1900 and `today` (`YYYY-MM-DD`, default: today in Shanghai; operation
/// `validate.resident_id`).
#[uniffi::export(default(today = None))]
pub fn validate_resident_id(
    value: String,
    today: Option<String>,
) -> Result<ResidentIdVerdict, HuiqiError> {
    guard(|| {
        let today = match today.as_deref() {
            Some(t) => date(t, "today")?,
            None => huiqi_core::time::today(),
        };
        let (verdict, info) = split(v::validate_resident_id(&value, today));
        Ok(ResidentIdVerdict {
            valid: verdict.valid,
            violations: verdict.violations,
            info: info.map(|i| ResidentIdInfo {
                normalized: i.normalized.clone(),
                region_code: i.region_code.clone(),
                province: i.province.clone(),
                kind: match i.kind {
                    v::IdNumberKind::ResidentId => IdNumberKind::ResidentId,
                    v::IdNumberKind::ResidencePermit => IdNumberKind::ResidencePermit,
                },
                birth_date: date_text(i.birth_date),
                gender: match i.gender {
                    CoreGender::Male => Gender::Male,
                    CoreGender::Female => Gender::Female,
                },
            }),
        })
    })
}

/// Checks a mobile number (operation `validate.mobile`).
#[uniffi::export]
pub fn validate_mobile(value: String) -> Result<Verdict, HuiqiError> {
    guard(|| Ok(verdict(v::validate_mobile(&value))))
}

/// Checks a landline `area code-number[-extension]` (operation `validate.landline`).
#[uniffi::export]
pub fn validate_landline(value: String) -> Result<Verdict, HuiqiError> {
    guard(|| Ok(verdict(v::validate_landline(&value))))
}

/// Checks an email address (operation `validate.email`).
#[uniffi::export]
pub fn validate_email(value: String) -> Result<Verdict, HuiqiError> {
    guard(|| Ok(verdict(v::validate_email(&value))))
}

/// Checks a postcode (operation `validate.postcode`).
#[uniffi::export]
pub fn validate_postcode(value: String) -> Result<Verdict, HuiqiError> {
    guard(|| Ok(verdict(v::validate_postcode(&value))))
}

/// Checks a provider sub-user username (operation `validate.username`).
#[uniffi::export]
pub fn validate_username(value: String) -> Result<Verdict, HuiqiError> {
    guard(|| Ok(verdict(v::validate_username(&value))))
}

/// Checks a Henan login account (operation `validate.login_account`).
#[uniffi::export]
pub fn validate_login_account(value: String) -> Result<Verdict, HuiqiError> {
    guard(|| Ok(verdict(v::validate_login_account(&value))))
}

/// What an upload is for; each kind has its own rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum UploadKind {
    /// Henan certification: business licence.
    HenanLicence,
    /// Henan certification: legal representative's ID, front.
    HenanIdFront,
    /// Henan certification: legal representative's ID, back.
    HenanIdBack,
    /// National registration: business licence.
    NationalLicence,
    /// Product display image.
    ProductImage,
    /// Customer case introduction document.
    CaseDocument,
    /// Expert photo.
    ExpertPhoto,
}

/// What a portal knows about an uploaded file.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct UploadMeta {
    /// File name, with its extension.
    pub name: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// Width in pixels, for images.
    #[uniffi(default)]
    pub width: Option<u32>,
    /// Height in pixels, for images.
    #[uniffi(default)]
    pub height: Option<u32>,
}

/// Checks an upload's metadata against its kind's rules (operation `validate.upload`).
#[uniffi::export]
pub fn validate_upload(kind: UploadKind, file: UploadMeta) -> Result<Verdict, HuiqiError> {
    guard(|| {
        let kind = match kind {
            UploadKind::HenanLicence => CoreKind::HenanLicence,
            UploadKind::HenanIdFront => CoreKind::HenanIdFront,
            UploadKind::HenanIdBack => CoreKind::HenanIdBack,
            UploadKind::NationalLicence => CoreKind::NationalLicence,
            UploadKind::ProductImage => CoreKind::ProductImage,
            UploadKind::CaseDocument => CoreKind::CaseDocument,
            UploadKind::ExpertPhoto => CoreKind::ExpertPhoto,
        };
        let meta = CoreMeta {
            name: file.name,
            size_bytes: file.size_bytes,
            width: file.width,
            height: file.height,
        };
        Ok(verdict(v::validate_upload(kind, &meta)))
    })
}

/// A whole form of the platforms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum FormKind {
    /// Product listing (商品上架): `validate.product_listing`.
    ProductListing,
    /// Expert entry (专家录入): `validate.expert`.
    Expert,
    /// Account registration, national or Henan: `validate.account_registration`.
    AccountRegistration,
    /// National enterprise registration (takes `today`): `validate.enterprise_registration`.
    EnterpriseRegistration,
    /// Henan enterprise registration: `validate.henan_enterprise_registration`.
    HenanEnterpriseRegistration,
    /// National provider registration (takes `today`): `validate.provider_registration`.
    ProviderRegistration,
}

impl FormKind {
    fn operation(self) -> &'static str {
        match self {
            FormKind::ProductListing => "validate.product_listing",
            FormKind::Expert => "validate.expert",
            FormKind::AccountRegistration => "validate.account_registration",
            FormKind::EnterpriseRegistration => "validate.enterprise_registration",
            FormKind::HenanEnterpriseRegistration => "validate.henan_enterprise_registration",
            FormKind::ProviderRegistration => "validate.provider_registration",
        }
    }
}

/// Checks a whole form given as JSON (the form object of the operation's
/// request, with the keys of the call API), reporting every violation at
/// once. `today` (`YYYY-MM-DD`) is for the forms with rules about the past;
/// the other forms refuse it.
#[uniffi::export(default(today = None))]
pub fn validate_form(
    kind: FormKind,
    form_json: String,
    today: Option<String>,
) -> Result<Verdict, HuiqiError> {
    guard(|| {
        let form: Value = serde_json::from_str(&form_json).map_err(|e| {
            HuiqiError::from_problems(
                &CoreError::from(RequestError::MalformedJson {
                    message: e.to_string(),
                })
                .problems(),
            )
        })?;
        let mut request = Map::new();
        request.insert("form".to_owned(), form);
        if let Some(today) = today {
            request.insert("today".to_owned(), Value::String(today));
        }
        match call_value(kind.operation(), Value::Object(request)) {
            Answer::Err { errors, .. } => Err(HuiqiError::from_problems(&errors)),
            Answer::Ok { value, .. } => {
                let valid = value.get("valid").and_then(Value::as_bool);
                let violations = value
                    .get("violations")
                    .cloned()
                    .map(serde_json::from_value::<Vec<CoreProblem>>);
                match (valid, violations) {
                    (Some(valid), Some(Ok(violations))) => Ok(Verdict {
                        valid,
                        violations: violations.iter().map(Problem::from).collect(),
                    }),
                    // The call API always answers this shape; anything else is a bug.
                    _ => Err(HuiqiError::internal()),
                }
            }
        }
    })
}
