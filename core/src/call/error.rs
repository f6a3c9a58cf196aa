//! What can go wrong with a call-API request itself.

use crate::error::{Code, Describe, Problem, echo, echo_up_to};

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
    #[error("the request is not valid JSON")]
    MalformedJson {
        /// The parser's message (English), kept for `detail`.
        message: String,
    },
    /// The request bytes are not UTF-8 text.
    #[error("the request is not UTF-8 text (invalid bytes after byte {valid_up_to})")]
    NotUtf8 {
        /// How many bytes from the start are valid UTF-8.
        valid_up_to: usize,
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
            RequestError::MalformedJson { .. } | RequestError::NotUtf8 { .. } => {
                Code::MalformedJson
            }
            RequestError::Invalid(p) => p.code,
        }
    }

    fn message_zh(&self) -> String {
        match self {
            RequestError::UnknownOperation { op } => {
                format!("没有名为 `{op}` 的操作；调用 `operations` 查看列表")
            }
            RequestError::MalformedJson { .. } => "请求不是有效的 JSON 文本".to_owned(),
            RequestError::NotUtf8 { valid_up_to } => {
                format!("请求不是 UTF-8 文本（第 {valid_up_to} 字节之后有无效字节）")
            }
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
            RequestError::MalformedJson { message } => {
                Some(serde_json::json!({ "parser": echo_up_to(message, 200) }))
            }
            RequestError::NotUtf8 { valid_up_to } => {
                Some(serde_json::json!({ "valid_up_to": valid_up_to }))
            }
            RequestError::Invalid(p) => p.detail.clone(),
            RequestError::UnknownOperation { .. } => None,
        }
    }
}
