//! The voucher record (服务券) and whether it can pay now.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};

use super::line::OrderLine;
use crate::error::{Code, Problem, echo, serde_bridge};
use crate::money::Money;
use crate::time::shanghai_date;

/// A service voucher held by an enterprise.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Voucher {
    /// Voucher number (服务券号), e.g. `1700008`.
    pub number: String,
    /// Name (服务券名称).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub name: String,
    /// Face value (面值).
    pub face_value: Money,
    /// Balance left (余额), never above the face value.
    pub balance: Money,
    /// First valid day, Asia/Shanghai, inclusive.
    #[serde(with = "crate::time::date")]
    pub valid_from: NaiveDate,
    /// Last valid day, Asia/Shanghai, inclusive to 23:59:59.
    #[serde(with = "crate::time::date")]
    pub valid_to: NaiveDate,
    /// Stored status.
    #[serde(default)]
    pub status: VoucherStatus,
    /// What it may pay for.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub scope: VoucherScope,
    /// Billing mode (计费模式).
    #[serde(default)]
    pub billing_mode: BillingMode,
}

/// The stored part of a voucher's status. Expired and used-up are not
/// stored: they follow from the dates and the balance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum VoucherStatus {
    /// Can pay, within its dates and balance.
    #[default]
    Active,
    /// Suspended by the operator.
    Frozen,
    /// Revoked for good.
    Void,
}

/// Billing mode (计费模式). The manuals show only 单独计价: the voucher is
/// priced on its own, against the lines in its scope.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum BillingMode {
    /// 单独计价.
    #[default]
    Separate,
}

/// What a voucher may pay for. Each list, when not empty, restricts the
/// lines: a line is in scope when it matches every non-empty list. Each list
/// holds at most 1,000 entries ([`crate::limits::MAX_SCOPE_ENTRIES`]).
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct VoucherScope {
    /// Product identifiers.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::limits::at_most::<_, _, { crate::limits::MAX_SCOPE_ENTRIES }>"
    )]
    pub products: Vec<String>,
    /// Product categories.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::limits::at_most::<_, _, { crate::limits::MAX_SCOPE_ENTRIES }>"
    )]
    pub categories: Vec<String>,
    /// Provider identifiers.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::limits::at_most::<_, _, { crate::limits::MAX_SCOPE_ENTRIES }>"
    )]
    pub providers: Vec<String>,
}

/// A scope's lists as sets, for matching many lines: built once per
/// checkout, so matching costs a lookup, not a scan of every entry.
pub(crate) struct ScopeIndex<'a> {
    products: Option<HashSet<&'a str>>,
    categories: Option<HashSet<&'a str>>,
    providers: Option<HashSet<&'a str>>,
}

impl ScopeIndex<'_> {
    /// True when the voucher may pay for `line`.
    pub(crate) fn covers(&self, line: &OrderLine) -> bool {
        fn allows(set: Option<&HashSet<&str>>, value: Option<&str>) -> bool {
            set.is_none_or(|s| value.is_some_and(|v| s.contains(v)))
        }
        allows(self.products.as_ref(), Some(line.product.as_str()))
            && allows(self.categories.as_ref(), line.category.as_deref())
            && allows(self.providers.as_ref(), line.provider.as_deref())
    }
}

impl VoucherScope {
    /// True when the scope is unrestricted.
    pub fn is_any(&self) -> bool {
        self.products.is_empty() && self.categories.is_empty() && self.providers.is_empty()
    }

    /// True when the voucher may pay for `line`. (Matching many lines, the
    /// library builds sets of the lists once instead.)
    pub fn covers(&self, line: &OrderLine) -> bool {
        self.index().covers(line)
    }

    /// The lists as sets; an empty list means "any".
    pub(crate) fn index(&self) -> ScopeIndex<'_> {
        fn set(list: &[String]) -> Option<HashSet<&str>> {
            (!list.is_empty()).then(|| list.iter().map(String::as_str).collect())
        }
        ScopeIndex {
            products: set(&self.products),
            categories: set(&self.categories),
            providers: set(&self.providers),
        }
    }
}

impl Voucher {
    /// Why the voucher cannot pay at `now`, or `None` if it can (scope aside).
    ///
    /// Validity is by calendar day in Asia/Shanghai: a voucher valid to
    /// 2023-08-18 pays at 2023-08-18 23:59:59 +08:00 and not a second later.
    pub fn unusable_reason(&self, now: DateTime<FixedOffset>) -> Option<Code> {
        let today = shanghai_date(now);
        if self.status != VoucherStatus::Active {
            Some(Code::VoucherNotActive)
        } else if today < self.valid_from {
            Some(Code::VoucherNotYetValid)
        } else if today > self.valid_to {
            Some(Code::VoucherExpired)
        } else if self.balance.is_zero() {
            Some(Code::VoucherNoBalance)
        } else {
            None
        }
    }

    /// Checks the record itself: balance within face value, dates in order,
    /// a number. Every checkout input voucher passes through here.
    pub fn check(&self) -> Result<(), Problem> {
        let bad = |field: &str, zh: String, en: String| {
            Problem::new(Code::VoucherInconsistent, Some(field), zh, en)
        };
        if let Some(problem) = check_voucher_number(&self.number, "number") {
            return Err(problem);
        }
        if self.balance > self.face_value {
            return Err(bad(
                "balance",
                format!(
                    "服务券 `{}` 余额 {} 超过面值 {}",
                    echo(&self.number),
                    self.balance,
                    self.face_value
                ),
                format!(
                    "voucher `{}` has balance {} above its face value {}",
                    echo(&self.number),
                    self.balance,
                    self.face_value
                ),
            ));
        }
        if self.valid_to < self.valid_from {
            return Err(bad(
                "valid_to",
                format!(
                    "服务券 `{}` 有效期结束 {} 早于开始 {}",
                    echo(&self.number),
                    self.valid_to,
                    self.valid_from
                ),
                format!(
                    "voucher `{}` ends on {}, before it starts on {}",
                    echo(&self.number),
                    self.valid_to,
                    self.valid_from
                ),
            ));
        }
        Ok(())
    }
}

/// A voucher number (服务券号) is not blank and holds no whitespace, control
/// or invisible format character: it is typed, pasted and matched exactly.
pub fn check_voucher_number(number: &str, field: &str) -> Option<Problem> {
    if number.trim().is_empty() {
        return Some(crate::validate::required(field));
    }
    crate::validate::check_visible(number, field, "服务券号", "voucher number")
}

impl Serialize for Voucher {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Voucher::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Voucher {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Voucher, D::Error> {
        let voucher = Voucher::deserialize(deserializer)?;
        voucher.check().map_err(serde_bridge::fail)?;
        Ok(voucher)
    }
}

/// Why a voucher is refused at checkout, in both languages.
pub fn unusable_text(code: Code) -> (&'static str, &'static str) {
    match code {
        Code::VoucherNotActive => ("服务券已冻结或作废", "the voucher is frozen or void"),
        Code::VoucherNotYetValid => ("服务券尚未生效", "the voucher is not valid yet"),
        Code::VoucherExpired => ("服务券已过期", "the voucher has expired"),
        Code::VoucherNoBalance => ("服务券余额为零", "the voucher has no balance left"),
        Code::VoucherOutOfScope => (
            "订单中没有该券适用的商品",
            "no line of the order is in the voucher's scope",
        ),
        _ => ("服务券不可用", "the voucher cannot be used"),
    }
}
