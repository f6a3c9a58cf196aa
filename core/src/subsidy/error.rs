//! What can go wrong loading or choosing a policy.

use chrono::NaiveDate;

use crate::error::{Code, Describe, Problem};

/// A policy could not be loaded or chosen.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The document is not valid TOML or JSON (the problem says where).
    #[error("{}", .0.message_en)]
    Syntax(Problem),
    /// A key is unknown, misplaced, missing or of the wrong type; or a value
    /// inside the policy was refused (the problem says which).
    #[error("{}", .0.message_en)]
    Schema(Problem),
    /// Values contradict each other.
    #[error("{message_en}")]
    Inconsistent {
        /// The key concerned.
        field: String,
        /// English message.
        message_en: String,
        /// Chinese message.
        message_zh: String,
    },
    /// No preset has that name.
    #[error("no policy preset is called `{name}`; presets: {}", crate::decode::words::listed(.known, ", "))]
    UnknownPreset {
        /// The name asked for.
        name: String,
        /// The names that exist.
        known: Vec<&'static str>,
    },
    /// Two versions start on the same day, so the one in force is ambiguous.
    #[error("policies `{first}` and `{second}` both take effect on {date}; one must start later")]
    Ambiguous {
        /// One policy.
        first: String,
        /// The other.
        second: String,
        /// Their common start.
        date: NaiveDate,
    },
    /// A set of no policy at all.
    #[error("no policy is given: give one, or a list of its versions")]
    Empty,
    /// No loaded policy is in force on the date.
    #[error("no loaded policy is in force on {date}")]
    NoneInForce {
        /// The date asked about.
        date: NaiveDate,
    },
}

impl Describe for PolicyError {
    fn code(&self) -> Code {
        match self {
            PolicyError::Syntax(problem) => problem.code,
            PolicyError::Schema(problem) => problem.code,
            PolicyError::Inconsistent { .. } => Code::PolicyInconsistent,
            PolicyError::UnknownPreset { .. } => Code::PolicyUnknownPreset,
            PolicyError::Ambiguous { .. } => Code::PolicyAmbiguous,
            PolicyError::NoneInForce { .. } => Code::PolicyNoneInForce,
            PolicyError::Empty => Code::PolicyEmpty,
        }
    }

    fn message_zh(&self) -> String {
        match self {
            PolicyError::Syntax(problem) => problem.message_zh.clone(),
            PolicyError::Schema(problem) => problem.message_zh.clone(),
            PolicyError::Inconsistent { message_zh, .. } => message_zh.clone(),
            PolicyError::UnknownPreset { name, known } => {
                format!(
                    "没有名为 `{name}` 的预置政策；可用预置：{}",
                    crate::decode::words::listed(known, "、")
                )
            }
            PolicyError::Ambiguous {
                first,
                second,
                date,
            } => {
                format!("政策 `{first}` 与 `{second}` 同在 {date} 生效，无法确定适用版本")
            }
            PolicyError::NoneInForce { date } => format!("{date} 没有生效的补贴政策"),
            PolicyError::Empty => "没有给出补贴政策：请给出一项政策或其各版本的列表".to_owned(),
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            PolicyError::Schema(problem) | PolicyError::Syntax(problem) => problem.field.clone(),
            PolicyError::Inconsistent { field, .. } => Some(field.clone()),
            _ => None,
        }
    }

    fn detail(&self) -> Option<serde_json::Value> {
        match self {
            PolicyError::Schema(problem) | PolicyError::Syntax(problem) => problem.detail.clone(),
            _ => None,
        }
    }
}
