//! The one public error type, [`HuiqiError`] (`HuiqiException` in Kotlin),
//! and the one place where the core's problems become it.

use huiqi_core::error::Category;
use huiqi_core::{Error as CoreError, Problem as CoreProblem};

/// The family of an error code: `HuiqiError`'s variant and `category()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ErrorCategory {
    /// The request itself: malformed JSON, unknown operation or key.
    Request,
    /// Amounts, ratios, rounding, allocation.
    Money,
    /// Subsidy policies and eligibility.
    Policy,
    /// Vouchers, checkout and campaigns.
    Voucher,
    /// Field and form validation.
    Validation,
    /// Passwords, their policies and hashes.
    Password,
    /// A failure inside the library (a bug): never the caller's input.
    Internal,
}

impl ErrorCategory {
    fn of(category: Category) -> ErrorCategory {
        match category {
            Category::Request => ErrorCategory::Request,
            Category::Money => ErrorCategory::Money,
            Category::Policy => ErrorCategory::Policy,
            Category::Voucher => ErrorCategory::Voucher,
            Category::Validation => ErrorCategory::Validation,
            Category::Password => ErrorCategory::Password,
            Category::Internal => ErrorCategory::Internal,
        }
    }
}

/// One problem: a rule a value breaks, or why a call failed.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Problem {
    /// Stable machine-readable code, such as `money.too_many_decimals`.
    pub code: String,
    /// The code's family.
    pub category: ErrorCategory,
    /// Path of the field the problem is about (`checkout.lines[0].unit_price`), if any.
    pub field: Option<String>,
    /// Message in Chinese.
    pub message_zh: String,
    /// Message in English.
    pub message_en: String,
    /// Machine-readable detail (limits, expected values) as JSON text, if any.
    pub detail_json: Option<String>,
}

impl From<&CoreProblem> for Problem {
    fn from(problem: &CoreProblem) -> Problem {
        Problem {
            code: problem.code.as_str().to_owned(),
            category: ErrorCategory::of(problem.code.category()),
            field: problem.field.clone(),
            message_zh: problem.message_zh.clone(),
            message_en: problem.message_en.clone(),
            detail_json: problem
                .detail
                .as_ref()
                .and_then(|detail| serde_json::to_string(detail).ok()),
        }
    }
}

/// Every failure of the library. Kotlin sees it as `HuiqiException`, with one
/// subclass per category (`HuiqiException.Money`, …); Swift as `HuiqiError`.
///
/// Each variant carries the first problem's code, field and messages, and
/// every problem (`problems`, the first included). Messages never hold a
/// backtrace, a Rust type name or a password.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Error)]
pub enum HuiqiError {
    /// The request itself was malformed.
    Request {
        /// Code of the first problem.
        code: String,
        /// Field of the first problem.
        field: Option<String>,
        /// Chinese message of the first problem.
        message_zh: String,
        /// English message of the first problem.
        message_en: String,
        /// Every problem, the first included.
        problems: Vec<Problem>,
    },
    /// Money could not be read or computed.
    Money {
        /// Code of the first problem.
        code: String,
        /// Field of the first problem.
        field: Option<String>,
        /// Chinese message of the first problem.
        message_zh: String,
        /// English message of the first problem.
        message_en: String,
        /// Every problem, the first included.
        problems: Vec<Problem>,
    },
    /// A subsidy policy could not be loaded or chosen.
    Policy {
        /// Code of the first problem.
        code: String,
        /// Field of the first problem.
        field: Option<String>,
        /// Chinese message of the first problem.
        message_zh: String,
        /// English message of the first problem.
        message_en: String,
        /// Every problem, the first included.
        problems: Vec<Problem>,
    },
    /// A checkout, voucher or campaign refused the request.
    Voucher {
        /// Code of the first problem.
        code: String,
        /// Field of the first problem.
        field: Option<String>,
        /// Chinese message of the first problem.
        message_zh: String,
        /// English message of the first problem.
        message_en: String,
        /// Every problem, the first included.
        problems: Vec<Problem>,
    },
    /// Input failed validation.
    Validation {
        /// Code of the first problem.
        code: String,
        /// Field of the first problem.
        field: Option<String>,
        /// Chinese message of the first problem.
        message_zh: String,
        /// English message of the first problem.
        message_en: String,
        /// Every problem, the first included.
        problems: Vec<Problem>,
    },
    /// A password policy or hash was unusable.
    Password {
        /// Code of the first problem.
        code: String,
        /// Field of the first problem.
        field: Option<String>,
        /// Chinese message of the first problem.
        message_zh: String,
        /// English message of the first problem.
        message_en: String,
        /// Every problem, the first included.
        problems: Vec<Problem>,
    },
    /// Something failed inside the library (a bug, reported instead of a crash).
    Internal {
        /// Code of the first problem.
        code: String,
        /// Field of the first problem.
        field: Option<String>,
        /// Chinese message of the first problem.
        message_zh: String,
        /// English message of the first problem.
        message_en: String,
        /// Every problem, the first included.
        problems: Vec<Problem>,
    },
}

/// The first problem's parts, borrowed from whichever variant holds them.
struct Parts<'a> {
    code: &'a str,
    field: Option<&'a str>,
    message_zh: &'a str,
    message_en: &'a str,
    problems: &'a [Problem],
}

impl HuiqiError {
    /// The error for the core's problems. This is the one place where the
    /// core's public shape becomes the binding's error.
    pub fn from_problems(problems: &[CoreProblem]) -> HuiqiError {
        let problems: Vec<Problem> = problems.iter().map(Problem::from).collect();
        let Some(first) = problems.first().cloned() else {
            // An error without a problem would be a bug of the library.
            return HuiqiError::internal();
        };
        let Problem {
            code,
            category,
            field,
            message_zh,
            message_en,
            detail_json: _,
        } = first;
        match category {
            ErrorCategory::Request => HuiqiError::Request {
                code,
                field,
                message_zh,
                message_en,
                problems,
            },
            ErrorCategory::Money => HuiqiError::Money {
                code,
                field,
                message_zh,
                message_en,
                problems,
            },
            ErrorCategory::Policy => HuiqiError::Policy {
                code,
                field,
                message_zh,
                message_en,
                problems,
            },
            ErrorCategory::Voucher => HuiqiError::Voucher {
                code,
                field,
                message_zh,
                message_en,
                problems,
            },
            ErrorCategory::Validation => HuiqiError::Validation {
                code,
                field,
                message_zh,
                message_en,
                problems,
            },
            ErrorCategory::Password => HuiqiError::Password {
                code,
                field,
                message_zh,
                message_en,
                problems,
            },
            ErrorCategory::Internal => HuiqiError::Internal {
                code,
                field,
                message_zh,
                message_en,
                problems,
            },
        }
    }

    /// The `internal.error` error: what a panic inside the library becomes.
    pub fn internal() -> HuiqiError {
        let problem = huiqi_core::call::internal_problem();
        let record = Problem::from(&problem);
        HuiqiError::Internal {
            code: record.code.clone(),
            field: None,
            message_zh: record.message_zh.clone(),
            message_en: record.message_en.clone(),
            problems: vec![record],
        }
    }

    fn parts(&self) -> Parts<'_> {
        match self {
            HuiqiError::Request {
                code,
                field,
                message_zh,
                message_en,
                problems,
            }
            | HuiqiError::Money {
                code,
                field,
                message_zh,
                message_en,
                problems,
            }
            | HuiqiError::Policy {
                code,
                field,
                message_zh,
                message_en,
                problems,
            }
            | HuiqiError::Voucher {
                code,
                field,
                message_zh,
                message_en,
                problems,
            }
            | HuiqiError::Validation {
                code,
                field,
                message_zh,
                message_en,
                problems,
            }
            | HuiqiError::Password {
                code,
                field,
                message_zh,
                message_en,
                problems,
            }
            | HuiqiError::Internal {
                code,
                field,
                message_zh,
                message_en,
                problems,
            } => Parts {
                code,
                field: field.as_deref(),
                message_zh,
                message_en,
                problems,
            },
        }
    }
}

#[uniffi::export]
impl HuiqiError {
    /// Stable code of the first problem, such as `money.too_many_decimals`.
    pub fn code(&self) -> String {
        self.parts().code.to_owned()
    }

    /// Field path of the first problem, if it is about one.
    pub fn field(&self) -> Option<String> {
        self.parts().field.map(str::to_owned)
    }

    /// Chinese message of the first problem.
    pub fn message_zh(&self) -> String {
        self.parts().message_zh.to_owned()
    }

    /// English message of the first problem.
    pub fn message_en(&self) -> String {
        self.parts().message_en.to_owned()
    }

    /// The error's category (also its variant).
    pub fn category(&self) -> ErrorCategory {
        match self {
            HuiqiError::Request { .. } => ErrorCategory::Request,
            HuiqiError::Money { .. } => ErrorCategory::Money,
            HuiqiError::Policy { .. } => ErrorCategory::Policy,
            HuiqiError::Voucher { .. } => ErrorCategory::Voucher,
            HuiqiError::Validation { .. } => ErrorCategory::Validation,
            HuiqiError::Password { .. } => ErrorCategory::Password,
            HuiqiError::Internal { .. } => ErrorCategory::Internal,
        }
    }

    /// Every problem, the first included.
    pub fn problems(&self) -> Vec<Problem> {
        self.parts().problems.to_vec()
    }
}

impl std::fmt::Display for HuiqiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts = self.parts();
        match parts.field {
            Some(field) => write!(f, "{} at `{field}`: {}", parts.code, parts.message_en),
            None => write!(f, "{}: {}", parts.code, parts.message_en),
        }
    }
}

impl std::error::Error for HuiqiError {}

/// Any core error as the binding's error: `.map_err(fail)`.
pub(crate) fn fail(error: impl Into<CoreError>) -> HuiqiError {
    HuiqiError::from_problems(&error.into().problems())
}

/// A core problem about `field` (the path in the equivalent JSON request).
pub(crate) fn fail_at(error: impl Into<CoreError>, field: &str) -> HuiqiError {
    let problems: Vec<CoreProblem> = error
        .into()
        .problems()
        .into_iter()
        .map(|p| at(p, field))
        .collect();
    HuiqiError::from_problems(&problems)
}

/// Places a problem under `outer`, the way the call API's decoder does: a
/// problem that already knows a field inside the value keeps it as a suffix.
pub(crate) fn at(problem: CoreProblem, outer: &str) -> CoreProblem {
    if outer.is_empty() {
        return problem;
    }
    let field = match &problem.field {
        Some(inner) => format!("{outer}.{inner}"),
        None => outer.to_owned(),
    };
    problem.at(field)
}

/// Runs one exported call: a panic inside the library (which it is written
/// never to do) becomes an `internal.error` instead of unwinding into the
/// foreign runtime.
pub(crate) fn guard<T>(run: impl FnOnce() -> Result<T, HuiqiError>) -> Result<T, HuiqiError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err(HuiqiError::internal()))
}
