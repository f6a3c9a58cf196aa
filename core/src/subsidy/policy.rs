//! A subsidy policy as data.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::PolicyError;
use crate::error::{Describe, echo, serde_bridge};
use crate::money::{Money, Ratio, Rounding};

/// A subsidy policy: who gets how much of which orders, when.
///
/// Policies are data (TOML or JSON, see [`SubsidyPolicy::from_toml`]), so a
/// portal or an analyst can load another province's policy, or a what-if
/// reform, without code. Unknown or misplaced keys are errors.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct SubsidyPolicy {
    /// Identifier of the policy family, such as `henan-cloud`.
    pub id: String,
    /// Version label, for people (the effective dates are what count).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Name shown to people, such as `河南省企业上云补贴`.
    pub name: String,
    /// Share of the base paid as subsidy, `0.30` or `30%`.
    pub ratio: Ratio,
    /// How ratio × base is brought to the fen. Default: half away from zero.
    #[serde(default)]
    pub rounding: Rounding,
    /// Whether the subsidy is computed before or after vouchers deduct.
    #[serde(default)]
    pub stacking: Stacking,
    /// First day the policy applies (Asia/Shanghai), inclusive.
    #[serde(with = "crate::time::date")]
    pub effective_from: NaiveDate,
    /// Last day the policy applies, inclusive; none for open-ended.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(
        default,
        with = "crate::time::option_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_to: Option<NaiveDate>,
    /// Caps and the budget pool.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub caps: Caps,
    /// Which enterprises and lines qualify.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub eligibility: Eligibility,
}

/// Limits on the subsidy. Each is optional.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Caps {
    /// Most subsidy one order can get.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_order: Option<Money>,
    /// Most subsidy one enterprise can get in a calendar year (of the order date).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_enterprise_per_year: Option<Money>,
    /// Total budget of the policy; once spent, orders get nothing.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_pool: Option<Money>,
}

/// Who qualifies. An empty list means "any". The enterprise must also be
/// certified and have claimed its eligibility: that rule is not optional.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Region code prefixes (GB/T 2260): `41` is Henan, `4101` Zhengzhou,
    /// `410102` its 中原区. An enterprise qualifies if its region code
    /// starts with one of them.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::limits::at_most::<_, _, { crate::limits::MAX_POLICY_ITEMS }>"
    )]
    pub regions: Vec<String>,
    /// Product categories that qualify.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::limits::at_most::<_, _, { crate::limits::MAX_POLICY_ITEMS }>"
    )]
    pub categories: Vec<String>,
    /// Provider identifiers that qualify.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::limits::at_most::<_, _, { crate::limits::MAX_POLICY_ITEMS }>"
    )]
    pub providers: Vec<String>,
}

/// The order in which subsidy and vouchers apply to an order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Stacking {
    /// The subsidy is computed on the full amount; vouchers pay from what is left.
    #[default]
    SubsidyFirst,
    /// Vouchers deduct first, from the lines the subsidy does not cover
    /// before those it does; the subsidy is computed on what they leave.
    VouchersFirst,
}

impl SubsidyPolicy {
    /// True when the policy applies on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|to| date <= to)
    }
}

impl Eligibility {
    /// True when `region` (a region code) is covered.
    pub fn covers_region(&self, region: Option<&str>) -> bool {
        self.regions.is_empty()
            || region.is_some_and(|r| {
                self.regions
                    .iter()
                    .any(|prefix| r.starts_with(prefix.as_str()))
            })
    }

    /// True when `category` is covered.
    pub fn covers_category(&self, category: Option<&str>) -> bool {
        self.categories.is_empty()
            || category.is_some_and(|c| self.categories.iter().any(|x| x == c))
    }

    /// True when `provider` is covered.
    pub fn covers_provider(&self, provider: Option<&str>) -> bool {
        self.providers.is_empty() || provider.is_some_and(|p| self.providers.iter().any(|x| x == p))
    }
}

impl SubsidyPolicy {
    /// Rules the schema alone cannot state. Every deserialised policy passes here.
    pub fn check(&self) -> Result<(), PolicyError> {
        let inconsistent = |field: &str, en: String, zh: String| PolicyError::Inconsistent {
            field: field.to_owned(),
            message_en: en,
            message_zh: zh,
        };
        if self.id.trim().is_empty() {
            return Err(inconsistent(
                "id",
                "policy id must not be empty".into(),
                "政策编号不能为空".into(),
            ));
        }
        if let Some(to) = self.effective_to
            && to < self.effective_from
        {
            return Err(inconsistent(
                "effective_to",
                format!(
                    "policy ends on {to}, before it starts on {}",
                    self.effective_from
                ),
                format!("政策结束日期 {to} 早于生效日期 {}", self.effective_from),
            ));
        }
        for (index, region) in self.eligibility.regions.iter().enumerate() {
            if !crate::validate::is_region_prefix(region) {
                return Err(inconsistent(
                    &format!("eligibility.regions[{index}]"),
                    format!(
                        "region `{}` must be a GB/T 2260 code prefix of 2, 4 or 6 digits in a real province, such as `41`",
                        echo(region)
                    ),
                    format!(
                        "地区 `{}` 应为实有省级行政区划内的 2、4 或 6 位行政区划代码前缀（GB/T 2260），如 `41`",
                        echo(region)
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Serialize for SubsidyPolicy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SubsidyPolicy::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for SubsidyPolicy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SubsidyPolicy, D::Error> {
        let policy = SubsidyPolicy::deserialize(deserializer)?;
        policy
            .check()
            .map_err(|e| serde_bridge::fail(e.to_problem()))?;
        Ok(policy)
    }
}

/// Deserialises a policy given inline, or by the name of a shipped preset
/// (`"henan"`). For request fields: `#[serde(deserialize_with = ...)]`.
pub fn policy_or_preset<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<SubsidyPolicy, D::Error> {
    crate::decode::named_or_inline(deserializer, crate::decode::words::EXPECT_POLICY, |name| {
        super::preset(name).map_err(|e| e.to_problem())
    })
}
