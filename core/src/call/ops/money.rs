//! `money.*` operations.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::call::{decode, encode};
use crate::error::Error;
use crate::money::Money;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParseRequest {
    input: String,
}

pub(super) fn parse(request: Value) -> Result<Value, Error> {
    let r: ParseRequest = decode(request)?;
    let amount = Money::parse(&r.input)?;
    Ok(json!({"amount": amount, "fen": amount.to_fen()}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllocateRequest {
    total: Money,
    weights: Vec<Money>,
}

pub(super) fn allocate(request: Value) -> Result<Value, Error> {
    let r: AllocateRequest = decode(request)?;
    let shares = crate::money::allocate(r.total, &r.weights)?;
    encode(&json!({ "shares": shares }))
}
