//! What can go wrong with a call-API request itself.

use crate::error::{Code, Describe, Problem, echo};

/// A request could not be understood.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// No operation has that name.
    #[error("`{op}` is not an operation; call `operations` for the list")]
    UnknownOperation {
        /// The name given.
        op: String,
    },
    /// The request is not JSON.
    #[error("the request is not valid JSON: {message}")]
    MalformedJson {
        /// The parser's message.
        message: String,
    },
    /// The request does not have the operation's shape, or a value in it
    /// was refused (the problem says which, and where).
    #[error("{}", .0.message_en)]
    Invalid(Problem),
}

impl RequestError {
    pub(crate) fn unknown(op: &str) -> RequestError {
        RequestError::UnknownOperation { op: echo(op) }
    }
}

impl Describe for RequestError {
    fn code(&self) -> Code {
        match self {
            RequestError::UnknownOperation { .. } => Code::UnknownOperation,
            RequestError::MalformedJson { .. } => Code::MalformedJson,
            RequestError::Invalid(p) => p.code,
        }
    }

    fn message_zh(&self) -> String {
        match self {
            RequestError::UnknownOperation { op } => {
                format!("没有名为 `{op}` 的操作；调用 `operations` 查看列表")
            }
            RequestError::MalformedJson { message } => format!("请求不是有效的 JSON：{message}"),
            RequestError::Invalid(p) => p.message_zh.clone(),
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            RequestError::Invalid(p) => p.field.clone(),
            _ => None,
        }
    }

    fn detail(&self) -> Option<serde_json::Value> {
        match self {
            RequestError::Invalid(p) => p.detail.clone(),
            _ => None,
        }
    }
}
