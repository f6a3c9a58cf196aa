//! What can go wrong at checkout and in campaigns.

use crate::error::{Code, Describe, Problem};
use crate::money::MoneyError;

use super::record::unusable_text;

/// A checkout could not be priced, or a cancellation could not be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckoutError {
    /// The order has no lines.
    #[error("the order has no lines")]
    NoLines,
    /// Two lines share an id.
    #[error("line id `{id}` appears twice")]
    DuplicateLine {
        /// The id.
        id: String,
        /// Index of the second line.
        index: usize,
    },
    /// A line has quantity zero.
    #[error("line `{id}` has quantity 0; the quantity must be at least 1")]
    BadQuantity {
        /// The line id.
        id: String,
        /// Its index.
        index: usize,
    },
    /// A selected voucher is not among the enterprise's vouchers.
    #[error("voucher `{number}` is not among the enterprise's vouchers")]
    UnknownVoucher {
        /// The number.
        number: String,
        /// Index in the selection.
        index: usize,
    },
    /// A voucher was selected twice.
    #[error("voucher `{number}` is selected twice")]
    SelectedTwice {
        /// The number.
        number: String,
        /// Index of the second selection.
        index: usize,
    },
    /// Two of the enterprise's vouchers share a number.
    #[error("voucher number `{number}` appears twice among the enterprise's vouchers")]
    DuplicateVoucher {
        /// The number.
        number: String,
        /// Index of the second one.
        index: usize,
    },
    /// A selected voucher cannot pay now.
    #[error("voucher `{number}` cannot pay: {}", unusable_text(*.reason).1)]
    Unusable {
        /// The number.
        number: String,
        /// Index in the selection.
        index: usize,
        /// Why.
        reason: Code,
    },
    /// More lines than one order may have.
    #[error("the order has {count} lines; an order takes at most {max}")]
    TooManyLines {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A deduction names a voucher the wallet does not hold.
    #[error("voucher `{number}` is not in the wallet")]
    NotInWallet {
        /// The number.
        number: String,
        /// Index in the deductions.
        index: usize,
    },
    /// A voucher's own figures are impossible (balance above face value, …).
    #[error("{}", .problem.message_en)]
    BadVoucher {
        /// Index among the enterprise's vouchers.
        index: usize,
        /// What is wrong.
        problem: Problem,
    },
    /// More vouchers (or deductions) than one checkout handles.
    #[error("the list holds {count} vouchers; at most {max} are allowed")]
    TooManyVouchers {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
        /// The list (`vouchers`, `deductions`).
        field: &'static str,
    },
    /// A deduction takes from a voucher that is frozen or void.
    #[error("voucher `{number}` is frozen or void: nothing can be taken from it")]
    NotActive {
        /// The number.
        number: String,
        /// Index in the deductions.
        index: usize,
    },
    /// A deduction takes more than the voucher's balance.
    #[error("cannot take {amount} from voucher `{number}`: its balance is {balance}")]
    Overdrawn {
        /// The number.
        number: String,
        /// Index in the deductions.
        index: usize,
        /// What was to be taken.
        amount: String,
        /// Its balance.
        balance: String,
    },
    /// A restore does not fit the voucher.
    #[error(
        "cannot restore {amount} to voucher `{number}`: its balance {balance} would exceed its face value {face_value}"
    )]
    RestoreMismatch {
        /// Index in the deductions.
        index: usize,
        /// The number.
        number: String,
        /// What was to be restored.
        amount: String,
        /// Its balance now.
        balance: String,
        /// Its face value.
        face_value: String,
    },
    /// A value of the checkout breaks a field rule (the problem names it).
    #[error("{}", .0.message_en)]
    Invalid(Problem),
    /// An amount overflowed.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl CheckoutError {
    /// The problem as a `checkout.*` request reports it: the checkout's own
    /// field paths (`lines[0].id`) sit under `checkout`; `selected` sits
    /// beside it.
    pub fn to_request_problem(&self) -> Problem {
        let mut problem = self.to_problem();
        if let Some(field) = &problem.field
            && !field.starts_with("selected")
        {
            problem.field = Some(format!("checkout.{field}"));
        }
        problem
    }
}

impl Describe for CheckoutError {
    fn code(&self) -> Code {
        match self {
            CheckoutError::NoLines => Code::CheckoutNoLines,
            CheckoutError::DuplicateLine { .. } => Code::CheckoutDuplicateLine,
            CheckoutError::BadQuantity { .. } => Code::CheckoutBadQuantity,
            CheckoutError::UnknownVoucher { .. } => Code::VoucherUnknown,
            CheckoutError::SelectedTwice { .. } | CheckoutError::DuplicateVoucher { .. } => {
                Code::VoucherDuplicate
            }
            CheckoutError::Unusable { reason, .. } => *reason,
            CheckoutError::TooManyVouchers { .. } => Code::CheckoutTooManyVouchers,
            CheckoutError::Overdrawn { .. } => Code::VoucherInsufficientBalance,
            CheckoutError::NotActive { .. } => Code::VoucherNotActive,
            CheckoutError::TooManyLines { .. } => Code::CheckoutTooManyLines,
            CheckoutError::BadVoucher { problem, .. } => problem.code,
            CheckoutError::NotInWallet { .. } => Code::VoucherUnknown,
            CheckoutError::RestoreMismatch { .. } => Code::VoucherRestoreMismatch,
            CheckoutError::Invalid(problem) => problem.code,
            CheckoutError::Money(e) => e.code(),
        }
    }

    fn message_zh(&self) -> String {
        match self {
            CheckoutError::NoLines => "订单没有商品".to_owned(),
            CheckoutError::DuplicateLine { id, .. } => format!("订单行编号 `{id}` 重复"),
            CheckoutError::BadQuantity { id, .. } => format!("订单行 `{id}` 的数量为 0，至少为 1"),
            CheckoutError::UnknownVoucher { number, .. } => {
                format!("服务券 `{number}` 不在该企业的服务券中")
            }
            CheckoutError::SelectedTwice { number, .. } => format!("服务券 `{number}` 被重复勾选"),
            CheckoutError::DuplicateVoucher { number, .. } => format!("服务券号 `{number}` 重复"),
            CheckoutError::Unusable { number, reason, .. } => {
                format!("服务券 `{number}` 不能使用：{}", unusable_text(*reason).0)
            }
            CheckoutError::TooManyVouchers { count, max, .. } => {
                format!("列表有 {count} 张服务券，最多允许 {max} 张")
            }
            CheckoutError::Overdrawn {
                number,
                amount,
                balance,
                ..
            } => format!("无法从服务券 `{number}` 扣除 {amount}：余额只有 {balance}"),
            CheckoutError::TooManyLines { count, max } => {
                format!("订单有 {count} 行，单个订单最多 {max} 行")
            }
            CheckoutError::NotInWallet { number, .. } => format!("服务券 `{number}` 不在券包中"),
            CheckoutError::NotActive { number, .. } => {
                format!("服务券 `{number}` 已冻结或作废，不能从中扣款")
            }
            CheckoutError::BadVoucher { problem, .. } => problem.message_zh.clone(),
            CheckoutError::RestoreMismatch {
                number,
                amount,
                balance,
                face_value,
                ..
            } => format!(
                "无法向服务券 `{number}` 退回 {amount}：余额 {balance} 将超过面值 {face_value}"
            ),
            CheckoutError::Invalid(problem) => problem.message_zh.clone(),
            CheckoutError::Money(e) => e.message_zh(),
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            CheckoutError::NoLines => Some("lines".to_owned()),
            CheckoutError::DuplicateLine { index, .. } => Some(format!("lines[{index}].id")),
            CheckoutError::BadQuantity { index, .. } => Some(format!("lines[{index}].quantity")),
            CheckoutError::UnknownVoucher { index, .. }
            | CheckoutError::SelectedTwice { index, .. }
            | CheckoutError::Unusable { index, .. } => Some(format!("selected[{index}]")),
            CheckoutError::DuplicateVoucher { index, .. } => {
                Some(format!("vouchers[{index}].number"))
            }
            CheckoutError::TooManyVouchers { field, .. } => Some((*field).to_owned()),
            CheckoutError::TooManyLines { .. } => Some("lines".to_owned()),
            CheckoutError::BadVoucher { index, problem } => Some(format!(
                "vouchers[{index}].{}",
                problem.field.as_deref().unwrap_or("number")
            )),
            CheckoutError::NotInWallet { index, .. } | CheckoutError::NotActive { index, .. } => {
                Some(format!("deductions[{index}].number"))
            }
            CheckoutError::Overdrawn { index, .. }
            | CheckoutError::RestoreMismatch { index, .. } => {
                Some(format!("deductions[{index}].amount"))
            }
            CheckoutError::Invalid(problem) => problem.field.clone(),
            CheckoutError::Money(_) => None,
        }
    }

    fn detail(&self) -> Option<serde_json::Value> {
        match self {
            CheckoutError::Invalid(problem) | CheckoutError::BadVoucher { problem, .. } => {
                problem.detail.clone()
            }
            _ => None,
        }
    }
}

/// A campaign refused an application or grab.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CampaignError {
    /// The campaign is not listed (上架).
    #[error("campaign `{id}` is not listed")]
    NotListed {
        /// Campaign id.
        id: String,
    },
    /// Only certified enterprises may apply or grab.
    #[error("only certified enterprises may apply for or grab vouchers")]
    NotCertified,
    /// Before the start.
    #[error("campaign `{id}` starts at {starts_at} (Shanghai time)")]
    NotStarted {
        /// Campaign id.
        id: String,
        /// Its start.
        starts_at: String,
    },
    /// After the end.
    #[error("campaign `{id}` ended at {ends_at} (Shanghai time)")]
    Ended {
        /// Campaign id.
        id: String,
        /// Its end.
        ends_at: String,
    },
    /// The enterprise already holds as many as allowed.
    #[error(
        "the enterprise already holds {held} voucher(s) from campaign `{id}`; the limit is {limit}"
    )]
    LimitReached {
        /// Campaign id.
        id: String,
        /// Held already.
        held: u32,
        /// The limit.
        limit: u32,
    },
    /// The vouchers the campaign issues have expired: a grab would spend
    /// stock on a voucher that can never pay.
    #[error("the vouchers of campaign `{id}` expired on {valid_to}; none can be issued")]
    VoucherExpired {
        /// Campaign id.
        id: String,
        /// The template's last valid day.
        valid_to: chrono::NaiveDate,
    },
    /// No stock left.
    #[error("campaign `{id}` has no vouchers left")]
    OutOfStock {
        /// Campaign id.
        id: String,
    },
    /// The campaign's own figures are impossible.
    #[error("campaign `{id}`: {message_en}")]
    Inconsistent {
        /// Campaign id.
        id: String,
        /// The key concerned.
        field: String,
        /// English message.
        message_en: String,
        /// Chinese message.
        message_zh: String,
    },
}

impl Describe for CampaignError {
    fn code(&self) -> Code {
        match self {
            CampaignError::NotListed { .. } => Code::CampaignNotListed,
            CampaignError::NotCertified => Code::CampaignNotCertified,
            CampaignError::NotStarted { .. } => Code::CampaignNotStarted,
            CampaignError::Ended { .. } => Code::CampaignEnded,
            CampaignError::LimitReached { .. } => Code::CampaignLimitReached,
            CampaignError::VoucherExpired { .. } => Code::CampaignVoucherExpired,
            CampaignError::OutOfStock { .. } => Code::CampaignOutOfStock,
            CampaignError::Inconsistent { .. } => Code::CampaignInconsistent,
        }
    }

    fn message_zh(&self) -> String {
        match self {
            CampaignError::NotListed { id } => format!("服务券活动 `{id}` 未上架"),
            CampaignError::NotCertified => "仅认证企业可以申请或抢券".to_owned(),
            CampaignError::NotStarted { id, starts_at } => {
                format!("服务券活动 `{id}` 将于 {starts_at}（北京时间）开始")
            }
            CampaignError::Ended { id, ends_at } => {
                format!("服务券活动 `{id}` 已于 {ends_at}（北京时间）结束")
            }
            CampaignError::LimitReached { id, held, limit } => {
                format!("企业已持有活动 `{id}` 的服务券 {held} 张，每家企业限 {limit} 张")
            }
            CampaignError::VoucherExpired { id, valid_to } => {
                format!("服务券活动 `{id}` 的服务券已于 {valid_to} 过期，不能再发放")
            }
            CampaignError::OutOfStock { id } => format!("服务券活动 `{id}` 的服务券已抢完"),
            CampaignError::Inconsistent { id, message_zh, .. } => {
                format!("服务券活动 `{id}`：{message_zh}")
            }
        }
    }

    /// Fields as a grab request (`{"campaign", "attempt"}`) names them.
    fn field(&self) -> Option<String> {
        Some(match self {
            CampaignError::Inconsistent { field, .. } => field.clone(),
            CampaignError::NotListed { .. } => "campaign.listed".to_owned(),
            CampaignError::NotCertified => "attempt.certified".to_owned(),
            CampaignError::NotStarted { .. } | CampaignError::Ended { .. } => {
                "attempt.now".to_owned()
            }
            CampaignError::LimitReached { .. } => "attempt.held".to_owned(),
            CampaignError::VoucherExpired { .. } => "campaign.voucher.valid_to".to_owned(),
            CampaignError::OutOfStock { .. } => "campaign.stock".to_owned(),
        })
    }
}
