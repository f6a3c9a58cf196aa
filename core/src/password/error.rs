//! What can go wrong with passwords, beyond a password breaking a rule.

use crate::error::{Code, Describe, Problem};

/// A password could not be hashed, a stored hash is unusable, or a policy
/// is invalid. Never carries the password itself.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PasswordError {
    /// A stored hash is not an argon2 PHC string.
    #[error("the stored hash at `{field}` is not a valid argon2 PHC string")]
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
    /// Hashing itself failed (no randomness for the salt, …).
    #[error("password hashing failed: {reason}")]
    Hashing {
        /// Why.
        reason: String,
    },
    /// A policy document is invalid.
    #[error("{}", .0.message_en)]
    PolicyInvalid(Problem),
    /// No preset has that name.
    #[error("no password preset is called `{name}`; presets: national, henan, nist")]
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
            PasswordError::Hashing { .. } => Code::PasswordHashing,
            PasswordError::CostTooHigh { .. } => Code::PasswordCostTooHigh,
            PasswordError::PolicyInvalid(p) => p.code,
            PasswordError::UnknownPreset { .. } => Code::PasswordUnknownPreset,
        }
    }

    fn message_zh(&self) -> String {
        match self {
            PasswordError::BadHash { field } => {
                format!("`{field}` 处保存的密码哈希不是有效的 argon2 PHC 字符串")
            }
            PasswordError::Hashing { reason } => format!("密码哈希计算失败：{reason}"),
            PasswordError::CostTooHigh { field } => {
                format!("`{field}` 处的哈希要求的计算量超出上限（最多 256 MiB、10 轮、8 路）")
            }
            PasswordError::PolicyInvalid(p) => p.message_zh.clone(),
            PasswordError::UnknownPreset { name } => {
                format!("没有名为 `{name}` 的密码规则预置；可选 national、henan、nist")
            }
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            PasswordError::BadHash { field } | PasswordError::CostTooHigh { field } => {
                Some(field.clone())
            }
            PasswordError::PolicyInvalid(p) => p.field.clone(),
            _ => None,
        }
    }
}
