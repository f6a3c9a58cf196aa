//! `password.*`. Passwords arrive in requests and never leave in answers or
//! errors.

use serde::{Deserialize, Deserializer, Serialize};

use super::validate::Verdict;
use crate::error::Error;
use crate::limits::{MAX_PASSWORD_CHARS, string_of_at_most_chars};
use crate::password::{HashCost, PasswordContext, PasswordPolicy, PasswordPolicySource};

fn password<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    string_of_at_most_chars::<D, MAX_PASSWORD_CHARS>(d)
}

/// `password.check`: a candidate password, the policy, and what the check
/// needs to know about the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// A policy object, or a preset name (`national`, `henan`, `nist`).
    pub policy: PasswordPolicySource,
    /// The candidate (at most 1,024 characters).
    #[serde(deserialize_with = "password")]
    pub password: String,
    /// Username, mobile, email and the stored hashes.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub context: PasswordContext,
}

/// Checks a password against a policy: every rule it breaks.
pub fn password_check(request: CheckRequest) -> Result<Verdict, Error> {
    let policy = request.policy.resolve()?;
    let problems = policy
        .check_password(&request.password, &request.context)
        .map_err(|e| Error::from(e.to_check_request_problem()))?;
    Ok(Verdict::of(problems))
}

/// `password.policy`: a preset by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct PolicyRequest {
    /// `national`, `henan` or `nist`.
    pub name: String,
}

/// A password preset's rules.
pub fn password_policy(request: PolicyRequest) -> Result<PasswordPolicy, Error> {
    Ok(PasswordPolicy::preset(&request.name)?)
}

/// `password.hash`: a password to hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct HashRequest {
    /// The password (at most 1,024 characters).
    #[serde(deserialize_with = "password")]
    pub password: String,
    /// The cost; default OWASP's (19 MiB, 2 iterations, 1 lane).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub cost: Option<HashCost>,
}

/// An Argon2id PHC string.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PasswordHash {
    /// `$argon2id$v=19$m=…,t=…,p=…$salt$hash`.
    pub hash: String,
}

/// Hashes a password (Argon2id, a fresh random salt).
pub fn password_hash(request: HashRequest) -> Result<PasswordHash, Error> {
    let cost = request.cost.unwrap_or_default();
    Ok(PasswordHash {
        hash: crate::password::hash_password_with_cost(&request.password, cost)?,
    })
}

/// `password.verify`: a password and a stored hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The password (at most 1,024 characters).
    #[serde(deserialize_with = "password")]
    pub password: String,
    /// The stored PHC string.
    pub hash: String,
}

/// Whether a password matches a hash.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Verification {
    /// True when it matches.
    pub matches: bool,
}

/// Verifies a password against a PHC hash.
pub fn password_verify(request: VerifyRequest) -> Result<Verification, Error> {
    Ok(Verification {
        matches: crate::password::verify_password(&request.password, &request.hash)?,
    })
}
