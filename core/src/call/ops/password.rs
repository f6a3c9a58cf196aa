//! `password.*` operations. Passwords arrive in requests and never leave in
//! answers or errors.

use serde::Deserialize;
use serde_json::{Value, json};

use super::validate::problems_verdict;
use crate::call::{decode, encode};
use crate::error::Error;
use crate::password::{
    HashCost, PasswordContext, PasswordPolicy, hash_password_with_cost, verify_password,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    #[serde(deserialize_with = "crate::password::password_policy_or_preset")]
    policy: PasswordPolicy,
    #[serde(
        deserialize_with = "crate::limits::string_of_at_most_chars::<_, { crate::limits::MAX_PASSWORD_CHARS }>"
    )]
    password: String,
    #[serde(default)]
    context: PasswordContext,
}

pub(super) fn check(request: Value) -> Result<Value, Error> {
    let r: CheckRequest = decode(request)?;
    let problems = r
        .policy
        .check_password(&r.password, &r.context)
        .map_err(|e| Error::from(e.to_check_request_problem()))?;
    problems_verdict(problems)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyRequest {
    name: String,
}

pub(super) fn policy(request: Value) -> Result<Value, Error> {
    let r: PolicyRequest = decode(request)?;
    encode(&PasswordPolicy::preset(&r.name)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cost {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HashRequest {
    #[serde(
        deserialize_with = "crate::limits::string_of_at_most_chars::<_, { crate::limits::MAX_PASSWORD_CHARS }>"
    )]
    password: String,
    #[serde(default)]
    cost: Option<Cost>,
}

pub(super) fn hash(request: Value) -> Result<Value, Error> {
    let r: HashRequest = decode(request)?;
    let cost = r.cost.map_or_else(HashCost::default, |c| HashCost {
        memory_kib: c.memory_kib,
        iterations: c.iterations,
        parallelism: c.parallelism,
    });
    Ok(json!({ "hash": hash_password_with_cost(&r.password, cost)? }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyRequest {
    #[serde(
        deserialize_with = "crate::limits::string_of_at_most_chars::<_, { crate::limits::MAX_PASSWORD_CHARS }>"
    )]
    password: String,
    hash: String,
}

pub(super) fn verify(request: Value) -> Result<Value, Error> {
    let r: VerifyRequest = decode(request)?;
    Ok(json!({ "matches": verify_password(&r.password, &r.hash)? }))
}
