//! `money.*`: reading amounts and splitting them over lines.

use crate::convert::{item, money, texts};
use crate::error::{HuiqiError, fail, guard};

/// An amount, read.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ParsedMoney {
    /// The amount with exactly two decimals, such as `"3768.00"`.
    pub amount: String,
    /// The amount in fen (1/100 yuan).
    pub fen: i64,
}

/// Reads an amount: `245`, `245.00`, `¥245.00`, `￥245.00`, `3,768.00`
/// (operation `money.parse`).
#[uniffi::export]
pub fn money_parse(input: String) -> Result<ParsedMoney, HuiqiError> {
    guard(|| {
        let amount = huiqi_core::money::Money::parse(&input).map_err(fail)?;
        Ok(ParsedMoney {
            amount: amount.to_string(),
            fen: amount.to_fen(),
        })
    })
}

/// Splits `total` over lines in proportion to `weights` by largest
/// remainder, so the shares sum to the total exactly (operation
/// `money.allocate`).
#[uniffi::export]
pub fn money_allocate(total: String, weights: Vec<String>) -> Result<Vec<String>, HuiqiError> {
    guard(|| {
        let total = money(&total, "total")?;
        let weights = weights
            .iter()
            .enumerate()
            .map(|(i, w)| money(w, &item("weights", i)))
            .collect::<Result<Vec<_>, _>>()?;
        let shares = huiqi_core::money::allocate(total, &weights).map_err(fail)?;
        Ok(texts(&shares))
    })
}
