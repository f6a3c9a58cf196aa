//! Subsidy policies as data, and quotes that explain themselves.
//!
//! A [`SubsidyPolicy`] pays a ratio of an order (Henan: 30%), optionally
//! capped per order, per enterprise per year and by a budget pool, for
//! eligible enterprises, regions, categories and providers, between two
//! dates. The estimate at order time uses the order total; the binding
//! figure at contract confirmation uses the contract amount:
//!
//! ```
//! use huiqi_core::subsidy::{preset, EnterpriseStanding, QuoteInput};
//! use huiqi_core::money::Money;
//! let henan = preset("henan")?;
//! let mut input = QuoteInput {
//!     order_total: Money::parse("3768.00")?,
//!     contract_amount: Some(Money::parse("120.00")?),
//!     date: chrono::NaiveDate::from_ymd_opt(2018, 7, 30).unwrap(),
//!     enterprise: EnterpriseStanding::certified_and_claimed(),
//!     category: None,
//!     provider: None,
//!     usage: Default::default(),
//! };
//! let quote = henan.quote(&input);
//! assert_eq!(quote.summary_zh(), "预计补贴金额不超过 ¥36.00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod batch;
mod error;
mod explain;
mod load;
mod policy;
mod presets;
mod quote;
mod set;
mod source;

pub use batch::{BatchTerms, FenQuoter};
pub use error::PolicyError;
pub use explain::{ExplanationLine, ineligible_text};
pub use load::Format;
pub use policy::{Caps, Eligibility, Stacking, SubsidyPolicy, policy_or_preset};
pub use presets::{preset, preset_names, preset_ref};
pub use quote::{
    Bound, Claim, EnterpriseStanding, Headroom, QuoteInput, Stage, SubsidyQuote, SubsidyUsage,
};
pub use set::PolicySet;
pub use source::PolicySource;

impl SubsidyPolicy {
    /// Loads one policy from TOML or JSON text. Unknown or misplaced keys,
    /// wrong types, floats for money and contradictory values are errors
    /// that name the key.
    pub fn load(text: &str, format: Format) -> Result<SubsidyPolicy, PolicyError> {
        load::policy_from_value(load::parse_document(text, format)?)
    }

    /// Loads one policy from TOML text.
    pub fn from_toml(text: &str) -> Result<SubsidyPolicy, PolicyError> {
        SubsidyPolicy::load(text, Format::Toml)
    }

    /// Loads one policy from JSON text.
    pub fn from_json(text: &str) -> Result<SubsidyPolicy, PolicyError> {
        SubsidyPolicy::load(text, Format::Json)
    }

    /// Loads one policy from a JSON value.
    pub fn from_json_value(value: serde_json::Value) -> Result<SubsidyPolicy, PolicyError> {
        load::policy_from_value(value)
    }
}
