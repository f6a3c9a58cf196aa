//! Voucher campaigns (服务券活动): who may apply or grab, when, how many.
//!
//! These are the pure rules. Keeping stock from being oversold under
//! concurrent grabs is the storage layer's job: it runs [`Campaign::grab`]
//! inside the transaction that decrements the stock.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::CampaignError;
#[cfg(doc)]
use super::record::check_voucher_number;
use super::record::{BillingMode, Voucher, VoucherScope, VoucherStatus};
use crate::error::{Describe, echo, serde_bridge};
use crate::money::Money;
use crate::time::shanghai_date;

/// A listed campaign holding vouchers with a limited stock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Campaign {
    /// Campaign id.
    pub id: String,
    /// Name (活动名称).
    pub name: String,
    /// Listed (上架); only listed campaigns can be applied to.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    #[serde(default = "yes")]
    pub listed: bool,
    /// Start (开始时间), inclusive.
    #[serde(with = "crate::time::instant")]
    pub starts_at: DateTime<FixedOffset>,
    /// End (结束时间), inclusive to the whole second: `23:59:59` still counts.
    #[serde(with = "crate::time::instant")]
    pub ends_at: DateTime<FixedOffset>,
    /// Vouchers left.
    pub stock: u32,
    /// Vouchers one enterprise may hold from this campaign. Default 1.
    #[cfg_attr(feature = "uniffi", uniffi(default = 1))]
    #[serde(default = "one")]
    pub per_enterprise_limit: u32,
    /// The voucher each grant issues.
    pub voucher: VoucherTemplate,
}

/// What a campaign's vouchers look like.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct VoucherTemplate {
    /// Voucher name.
    pub name: String,
    /// Face value.
    pub face_value: Money,
    /// First valid day.
    #[serde(with = "crate::time::date")]
    pub valid_from: NaiveDate,
    /// Last valid day, inclusive.
    #[serde(with = "crate::time::date")]
    pub valid_to: NaiveDate,
    /// Scope.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub scope: VoucherScope,
    /// Billing mode.
    #[serde(default)]
    pub billing_mode: BillingMode,
}

/// An enterprise's attempt to apply (立即申请) or grab (抢券).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct GrabAttempt {
    /// Whether the enterprise is certified.
    pub certified: bool,
    /// Vouchers it already holds from this campaign.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub held: u32,
    /// When.
    #[serde(with = "crate::time::instant")]
    pub now: DateTime<FixedOffset>,
}

/// A granted attempt: the new stock and holding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// Stock after the grant.
    pub stock_after: u32,
    /// Vouchers the enterprise holds from the campaign after the grant.
    pub held_after: u32,
}

fn yes() -> bool {
    true
}

fn one() -> u32 {
    1
}

impl Campaign {
    /// Checks the campaign's own figures, so that no grab can ever issue a
    /// voucher that cannot pay: a window that ends after it starts, a limit
    /// of at least one, a voucher worth more than ¥0.00 whose validity is in
    /// order and does not end before the campaign starts. Fields are named
    /// inside the campaign (`voucher.face_value`).
    pub fn check(&self) -> Result<(), CampaignError> {
        let bad = |field: &str, en: String, zh: String| CampaignError::Inconsistent {
            id: echo(&self.id),
            field: field.to_owned(),
            message_en: en,
            message_zh: zh,
        };
        if self.ends_at < self.starts_at {
            return Err(bad(
                "ends_at",
                "ends before it starts".into(),
                "结束时间早于开始时间".into(),
            ));
        }
        if self.per_enterprise_limit == 0 {
            return Err(bad(
                "per_enterprise_limit",
                "the per-enterprise limit must be at least 1".into(),
                "每家企业限领数量至少为 1".into(),
            ));
        }
        if self.voucher.face_value.is_zero() {
            return Err(bad(
                "voucher.face_value",
                "the voucher's face value must be more than 0.00".into(),
                "服务券面值必须大于 0.00".into(),
            ));
        }
        if self.voucher.valid_to < self.voucher.valid_from {
            return Err(bad(
                "voucher.valid_to",
                "the voucher's validity ends before it starts".into(),
                "服务券有效期结束早于开始".into(),
            ));
        }
        let first_day = shanghai_date(self.starts_at);
        if self.voucher.valid_to < first_day {
            return Err(bad(
                "voucher.valid_to",
                format!(
                    "the voucher's validity ends on {}, before the campaign starts on {first_day}",
                    self.voucher.valid_to
                ),
                format!(
                    "服务券有效期于 {} 结束，早于活动开始日 {first_day}",
                    self.voucher.valid_to
                ),
            ));
        }
        Ok(())
    }

    /// Decides an application or grab. Refusals come in a fixed order: not
    /// listed, not certified, not started, ended, vouchers expired, limit
    /// reached, out of stock. A refusal changes nothing: the stock is only
    /// ever taken by a grant.
    pub fn grab(&self, attempt: &GrabAttempt) -> Result<Grant, CampaignError> {
        self.check().map_err(|e| match e {
            CampaignError::Inconsistent {
                id,
                field,
                message_en,
                message_zh,
            } => CampaignError::Inconsistent {
                id,
                field: format!("campaign.{field}"),
                message_en,
                message_zh,
            },
            other => other,
        })?;
        let id = || echo(&self.id);
        if !self.listed {
            return Err(CampaignError::NotListed { id: id() });
        }
        if !attempt.certified {
            return Err(CampaignError::NotCertified);
        }
        if attempt.now < self.starts_at {
            return Err(CampaignError::NotStarted {
                id: id(),
                starts_at: crate::time::shanghai_text(self.starts_at),
            });
        }
        // The end counts to its whole second (the manuals write 23:59:59).
        if attempt.now.timestamp() > self.ends_at.timestamp() {
            return Err(CampaignError::Ended {
                id: id(),
                ends_at: crate::time::shanghai_text(self.ends_at),
            });
        }
        // Inside the window but after the vouchers' last day: a grant would
        // spend stock on a voucher that can never pay.
        if shanghai_date(attempt.now) > self.voucher.valid_to {
            return Err(CampaignError::VoucherExpired {
                id: id(),
                valid_to: self.voucher.valid_to,
            });
        }
        if attempt.held >= self.per_enterprise_limit {
            return Err(CampaignError::LimitReached {
                id: id(),
                held: attempt.held,
                limit: self.per_enterprise_limit,
            });
        }
        if self.stock == 0 {
            return Err(CampaignError::OutOfStock { id: id() });
        }
        Ok(Grant {
            stock_after: self.stock - 1,
            held_after: attempt.held + 1,
        })
    }

    /// The voucher a grant issues, under the number the caller assigns.
    /// The number must be a voucher number ([`check_voucher_number`]);
    /// check it before the grab, so that stock is never spent on a voucher
    /// that cannot be issued.
    pub fn issue(&self, number: &str) -> Voucher {
        Voucher {
            number: number.to_owned(),
            name: self.voucher.name.clone(),
            face_value: self.voucher.face_value,
            balance: self.voucher.face_value,
            valid_from: self.voucher.valid_from,
            valid_to: self.voucher.valid_to,
            status: VoucherStatus::Active,
            scope: self.voucher.scope.clone(),
            billing_mode: self.voucher.billing_mode,
        }
    }
}

impl Serialize for Campaign {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Campaign::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Campaign {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Campaign, D::Error> {
        let campaign = Campaign::deserialize(deserializer)?;
        campaign
            .check()
            .map_err(|e| serde_bridge::fail(e.to_problem()))?;
        Ok(campaign)
    }
}
