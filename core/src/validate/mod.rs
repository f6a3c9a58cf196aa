//! Field and form validation. Every check returns *all* violations, each
//! with a stable code, the field path and messages in Chinese and English.
//! The rules run the same offline (browser, phone) as on a server.

mod account;
mod area_codes;
mod contact;
mod forms;
mod identifier;
mod regions;
mod report;
mod resident_id;
mod upload;
mod uscc;

pub(crate) use account::check_login_account;
pub use account::{is_han, validate_login_account, validate_username};
pub(crate) use contact::{check_email, check_landline, check_mobile, check_phone, check_postcode};
pub use contact::{validate_email, validate_landline, validate_mobile, validate_postcode};
pub use forms::{
    AccountRegistrationForm, EnterpriseRegistrationForm, ExpertForm,
    HenanEnterpriseRegistrationForm, IntroBanner, IntroPage, ProductCase, ProductContact,
    ProductListingForm, ProductSpec, ProviderRegistrationForm, ProviderRevenue, UserCase,
    unit_label, validate_account_registration, validate_enterprise_registration, validate_expert,
    validate_henan_enterprise_registration, validate_product_listing,
    validate_provider_registration,
};
pub use identifier::{FORMAT_CHARACTERS, is_format_character, is_invisible};
pub(crate) use identifier::{check_visible, is_blank};
pub use regions::province_name;
pub(crate) use regions::{enterprise_region, is_region_prefix};
pub use report::{Report, required};
pub use resident_id::{
    Gender, IdNumberKind, ResidentIdInfo, resident_id_check_character, validate_resident_id,
};
pub(crate) use upload::check_upload;
pub use upload::{UploadKind, UploadMeta, UploadRules, validate_upload};
pub(crate) use uscc::check_uscc;
pub use uscc::{
    Named, USCC_ALPHABET, UsccInfo, organization_check_character, uscc_check_character,
    validate_uscc,
};
