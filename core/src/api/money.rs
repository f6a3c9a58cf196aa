//! `money.parse` and `money.allocate`.

use serde::{Deserialize, Serialize};

use crate::error::{Describe, Error};
use crate::limits::{LargeList, MAX_ALLOCATION_WEIGHTS};
use crate::money::Money;

/// `money.parse`: an amount as a person writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct MoneyParseRequest {
    /// `245`, `245.00`, `¥245.00`, `3,768.00`.
    pub input: String,
}

/// An amount read: yuan with two decimals, and whole fen.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ParsedAmount {
    /// The amount, yuan.
    pub amount: Money,
    /// The same amount in fen (in JavaScript a `bigint` beyond 2^53).
    #[cfg_attr(feature = "wasm", tsify(type = "number | bigint"))]
    pub fen: i64,
}

/// Reads an amount (`¥3,768.00` → 3768.00).
pub fn money_parse(request: MoneyParseRequest) -> Result<ParsedAmount, Error> {
    let amount = Money::parse(&request.input).map_err(|e| at("input", &e))?;
    Ok(ParsedAmount {
        amount,
        fen: amount.to_fen(),
    })
}

/// `money.allocate`: an amount to split over weighted lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct AllocateRequest {
    /// The amount to split.
    pub total: Money,
    /// One weight per line (at most 100,000, [`MAX_ALLOCATION_WEIGHTS`]).
    #[serde(deserialize_with = "weights")]
    pub weights: Vec<Money>,
}

fn weights<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Money>, D::Error> {
    LargeList::<Money, MAX_ALLOCATION_WEIGHTS>::deserialize(d).map(|l| l.0)
}

/// The shares, one per weight, summing exactly to the total.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Allocation {
    /// One share per line, in order.
    pub shares: Vec<Money>,
}

/// Splits an amount over lines by largest remainder (ties to the earlier
/// line), so the shares sum exactly to the fen.
pub fn money_allocate(request: AllocateRequest) -> Result<Allocation, Error> {
    let shares =
        crate::money::allocate(request.total, &request.weights).map_err(|e| at("weights", &e))?;
    Ok(Allocation { shares })
}

/// An error about one field of the request.
fn at(field: &str, error: &impl Describe) -> Error {
    Error::from(error.to_problem().at(field))
}
