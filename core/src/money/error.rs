//! What can go wrong with money.

use crate::error::{Code, Describe, echo};

/// An amount could not be read or computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// Nothing was given.
    #[error("amount is empty")]
    Empty,
    /// The text is not an amount.
    #[error("`{}` is not an amount; write it like `245`, `245.00`, `¥245.00` or `3,768.00`", echo(.input))]
    Invalid {
        /// What was given.
        input: String,
    },
    /// More than two decimals (finer than 1 fen).
    #[error("amount `{}` has more than 2 decimal places", echo(.input))]
    TooManyDecimals {
        /// What was given.
        input: String,
    },
    /// A negative amount where only zero or more is allowed.
    #[error("amount `{}` is negative", echo(.input))]
    Negative {
        /// What was given.
        input: String,
    },
    /// Larger than the largest supported amount.
    #[error("amount `{}` is larger than the largest supported amount `999999999999999.99`", echo(.input))]
    Overflow {
        /// What was given, or the operation that overflowed.
        input: String,
    },
    /// A subtraction would go below zero.
    #[error("`{minuend}` minus `{subtrahend}` would be negative")]
    Underflow {
        /// The amount subtracted from.
        minuend: String,
        /// The amount subtracted.
        subtrahend: String,
    },
    /// A JSON number (or other non-string) where money is expected.
    #[error("money must be given as a string such as `\"245.00\"`, not as {found}")]
    NotAString {
        /// What kind of value was found.
        found: &'static str,
    },
    /// A ratio could not be read.
    #[error("`{}` is not a ratio between 0 and 1 with at most 8 decimal places; write it like `0.30` or `30%`", echo(.input))]
    InvalidRatio {
        /// What was given.
        input: String,
    },
    /// A ratio given as a number instead of a string.
    #[error("a ratio must be given as a string such as `\"0.30\"` or `\"30%\"`, not as a number")]
    RatioNotAString,
    /// A rounding rule is not known.
    #[error("`{}` is not a rounding rule; use one of `half_away_from_zero`, `half_even`, `half_toward_zero`, `up`, `down`", echo(.input))]
    UnknownRounding {
        /// What was given.
        input: String,
    },
    /// A decimal quantity such as 万元 could not be read.
    #[error("`{}` is not a number with at most {max_decimals} decimal places", echo(.input))]
    InvalidQuantity {
        /// What was given.
        input: String,
        /// Allowed decimals.
        max_decimals: u32,
    },
    /// Allocation over an empty list of lines.
    #[error("cannot allocate an amount over no lines")]
    NoLines,
    /// Allocation of a non-zero amount when every weight is zero.
    #[error("cannot allocate `{total}` over lines whose weights are all zero")]
    ZeroWeights {
        /// The amount to allocate.
        total: String,
    },
}

impl Describe for MoneyError {
    fn code(&self) -> Code {
        match self {
            MoneyError::Empty => Code::MoneyEmpty,
            MoneyError::Invalid { .. } => Code::MoneyInvalid,
            MoneyError::TooManyDecimals { .. } => Code::MoneyTooManyDecimals,
            MoneyError::Negative { .. } | MoneyError::Underflow { .. } => Code::MoneyNegative,
            MoneyError::Overflow { .. } => Code::MoneyOverflow,
            MoneyError::NotAString { .. } => Code::MoneyNotString,
            MoneyError::InvalidRatio { .. } | MoneyError::RatioNotAString => Code::RatioInvalid,
            MoneyError::UnknownRounding { .. } => Code::RoundingUnknown,
            MoneyError::InvalidQuantity { .. } => Code::DecimalInvalid,
            MoneyError::NoLines => Code::AllocationNoLines,
            MoneyError::ZeroWeights { .. } => Code::AllocationZeroWeights,
        }
    }

    fn message_zh(&self) -> String {
        match self {
            MoneyError::Empty => "金额不能为空".to_owned(),
            MoneyError::Invalid { input } => format!(
                "`{}` 不是有效金额，请写成 `245`、`245.00`、`¥245.00` 或 `3,768.00`",
                echo(input)
            ),
            MoneyError::TooManyDecimals { input } => {
                format!("金额 `{}` 的小数超过 2 位（最小单位为分）", echo(input))
            }
            MoneyError::Negative { input } => format!("金额 `{}` 不能为负数", echo(input)),
            MoneyError::Overflow { input } => format!(
                "金额 `{}` 超出支持的最大金额 `999999999999999.99`",
                echo(input)
            ),
            MoneyError::Underflow {
                minuend,
                subtrahend,
            } => {
                format!("`{minuend}` 减去 `{subtrahend}` 将为负数")
            }
            MoneyError::NotAString { found } => {
                format!(
                    "金额必须以字符串给出（如 `\"245.00\"`），不能是{}",
                    zh_kind(found)
                )
            }
            MoneyError::InvalidRatio { input } => format!(
                "`{}` 不是 0 到 1 之间、最多 8 位小数的比例，请写成 `0.30` 或 `30%`",
                echo(input)
            ),
            MoneyError::RatioNotAString => {
                "比例必须以字符串给出（如 `\"0.30\"` 或 `\"30%\"`），不能是数字".to_owned()
            }
            MoneyError::UnknownRounding { input } => format!(
                "`{}` 不是已知的舍入规则，可选 `half_away_from_zero`（四舍五入）、`half_even`（银行家舍入）、`half_toward_zero`（五舍六入）、`up`（进一）、`down`（去尾）",
                echo(input)
            ),
            MoneyError::InvalidQuantity {
                input,
                max_decimals,
            } => {
                format!("`{}` 不是最多 {max_decimals} 位小数的数值", echo(input))
            }
            MoneyError::NoLines => "没有可分摊的明细行".to_owned(),
            MoneyError::ZeroWeights { total } => {
                format!("各行权重均为零，无法分摊 `{total}`")
            }
        }
    }
}

fn zh_kind(found: &str) -> &'static str {
    match found {
        "a number" => "数字",
        "a boolean" => "布尔值",
        "null" => "空值",
        "a list" => "列表",
        "an object" => "对象",
        _ => "其他类型",
    }
}
