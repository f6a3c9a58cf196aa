//! What can go wrong with passwords, beyond a password breaking a rule.

use crate::error::{Code, Describe, Problem};

/// A password could not be hashed, a stored hash is unusable, or a policy
/// is invalid. Never carries the password itself.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PasswordError {
    /// A stored hash is not an Argon2id PHC string in the library's form.
    #[error(
        "the stored hash at `{field}` is not an Argon2id PHC string of the form `$argon2id$v=19$m=…,t=…,p=…$salt$hash`"
    )]
    BadHash {
        /// Which hash (`current_hash`, `history[2]`, `hash`).
        field: String,
    },
    /// A hash asks for more work than the library allows.
    #[error(
        "the hash at `{field}` asks for more work than allowed (at most 256 MiB, 10 iterations, 8 lanes)"
    )]
    CostTooHigh {
        /// Which cost or hash (`cost`, `current_hash`, `history_hashes[2]`, `hash`).
        field: String,
    },
    /// The cost asked for is one Argon2 cannot run (too little memory for
    /// its lanes, no iterations, …).
    #[error("the hash cost at `{field}` is not one Argon2 can use")]
    CostInvalid {
        /// Which cost (`cost`).
        field: String,
        /// Argon2's own words, for `detail`.
        reason: String,
    },
    /// Hashing itself failed (no randomness for the salt, …).
    #[error("password hashing failed")]
    Hashing {
        /// Why, in the hashing library's words, for `detail`.
        reason: String,
    },
    /// The stored hashes of one check ask for more work in all than one
    /// call may do ([`crate::limits::MAX_HASH_WORK`]).
    #[error(
        "the stored hashes at `{field}` ask for {work} KiB × iterations of work in all; one call does at most {max}"
    )]
    WorkTooHigh {
        /// The list (`history_hashes`).
        field: String,
        /// The work asked for.
        work: u64,
        /// The limit.
        max: u64,
    },
    /// A policy document is invalid.
    #[error("{}", .0.message_en)]
    PolicyInvalid(Problem),
    /// No preset has that name.
    #[error("no password preset is called `{name}`; presets: `national`, `henan`, `nist`")]
    UnknownPreset {
        /// The name asked for.
        name: String,
    },
}

impl PasswordError {
    /// The problem as a `password.check` request reports it: the stored
    /// hashes (`current_hash`, `history_hashes[1]`) sit under `context`.
    pub fn to_check_request_problem(&self) -> Problem {
        let mut problem = self.to_problem();
        problem.field = problem.field.map(|f| format!("context.{f}"));
        problem
    }
}

impl Describe for PasswordError {
    fn code(&self) -> Code {
        match self {
            PasswordError::BadHash { .. } => Code::PasswordBadHash,
            PasswordError::Hashing { .. } | PasswordError::CostInvalid { .. } => {
                Code::PasswordHashing
            }
            PasswordError::CostTooHigh { .. } | PasswordError::WorkTooHigh { .. } => {
                Code::PasswordCostTooHigh
            }
            PasswordError::PolicyInvalid(p) => p.code,
            PasswordError::UnknownPreset { .. } => Code::PasswordUnknownPreset,
        }
    }

    fn message_zh(&self) -> String {
        match self {
            PasswordError::BadHash { field } => {
                format!(
                    "`{field}` 处保存的密码哈希不是 `$argon2id$v=19$m=…,t=…,p=…$盐$哈希` 形式的 Argon2id PHC 字符串"
                )
            }
            PasswordError::CostInvalid { field, .. } => {
                format!("`{field}` 处的哈希参数不能用于 Argon2 计算")
            }
            PasswordError::WorkTooHigh { field, work, max } => {
                format!("`{field}` 处的哈希合计要求 {work} KiB×轮的计算量，单次调用最多 {max}")
            }
            PasswordError::Hashing { .. } => "密码哈希计算失败".to_owned(),
            PasswordError::CostTooHigh { field } => {
                format!("`{field}` 处的哈希要求的计算量超出上限（最多 256 MiB、10 轮、8 路）")
            }
            PasswordError::PolicyInvalid(p) => p.message_zh.clone(),
            PasswordError::UnknownPreset { name } => {
                format!("没有名为 `{name}` 的密码规则预置；可选 `national`、`henan`、`nist`")
            }
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            PasswordError::BadHash { field }
            | PasswordError::CostTooHigh { field }
            | PasswordError::CostInvalid { field, .. }
            | PasswordError::WorkTooHigh { field, .. } => Some(field.clone()),
            PasswordError::PolicyInvalid(p) => p.field.clone(),
            _ => None,
        }
    }

    fn detail(&self) -> Option<serde_json::Value> {
        match self {
            PasswordError::CostInvalid { reason, .. } | PasswordError::Hashing { reason } => {
                Some(serde_json::json!({ "reason": crate::error::echo_up_to(reason, 200) }))
            }
            PasswordError::WorkTooHigh { work, max, .. } => {
                Some(serde_json::json!({ "work": work, "max": max }))
            }
            PasswordError::PolicyInvalid(p) => p.detail.clone(),
            _ => None,
        }
    }
}
