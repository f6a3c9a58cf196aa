//! `money.*` operations.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::call::{decode, encode};
use crate::error::{Describe, Error};

/// A money error about one field of the request.
fn at(field: &str, error: &impl Describe) -> Error {
    Error::from(error.to_problem().at(field))
}
use crate::limits::LargeList;
use crate::money::Money;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParseRequest {
    input: String,
}

pub(super) fn parse(request: Value) -> Result<Value, Error> {
    let r: ParseRequest = decode(request)?;
    let amount = Money::parse(&r.input).map_err(|e| at("input", &e))?;
    Ok(json!({"amount": amount, "fen": amount.to_fen()}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllocateRequest {
    total: Money,
    weights: LargeList<Money, { crate::limits::MAX_ALLOCATION_WEIGHTS }>,
}

pub(super) fn allocate(request: Value) -> Result<Value, Error> {
    let r: AllocateRequest = decode(request)?;
    let shares = crate::money::allocate(r.total, &r.weights.0).map_err(|e| at("weights", &e))?;
    encode(&json!({ "shares": shares }))
}
