//! What the binding features add to the core: the foreign forms of the
//! library's own scalar types (money, dates, codes), the one public error of
//! each binding, and, for uniffi, the exports (uniffi keeps a component's
//! types and functions in one crate). Each binding crate gathers the rest.

#[cfg(feature = "python")]
pub mod python;
#[cfg(feature = "uniffi")]
pub mod uniffi;
#[cfg(feature = "wasm")]
pub mod wasm;

use crate::error::{Category, Error, Problem};

/// The first problem of an error and all of them: what every binding's one
/// public error carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The first problem's category.
    pub category: Category,
    /// Every problem, the first included (at most 101).
    pub problems: Vec<Problem>,
}

impl Failure {
    /// The failure of an error.
    pub fn of(error: &Error) -> Failure {
        Failure::of_problems(crate::limits::capped(error.problems()))
    }

    /// The failure of problems (an empty list is an internal error).
    pub fn of_problems(mut problems: Vec<Problem>) -> Failure {
        if problems.is_empty() {
            problems.push(crate::call::internal_problem());
        }
        let category = problems
            .first()
            .map_or(Category::Internal, |p| p.code.category());
        Failure { category, problems }
    }

    /// The first problem.
    pub fn first(&self) -> Option<&Problem> {
        self.problems.first()
    }
}

#[cfg(test)]
mod tests {
    use crate::money::Rounding;
    use crate::password::PasswordPolicy;

    /// The TypeScript types written by hand (the `wasm` feature) name every
    /// rounding rule and password preset the core accepts.
    #[test]
    fn typescript_literals_follow_the_core() {
        let scalars = include_str!("wasm.rs");
        for rounding in Rounding::ALL {
            assert!(
                scalars.contains(&format!("\"{}\"", rounding.name())),
                "{rounding}"
            );
            assert!(
                scalars.contains(&format!("\"{}\"", rounding.name_zh())),
                "{rounding}"
            );
        }
        let presets = PasswordPolicy::PRESETS
            .map(|p| format!("\\\"{p}\\\""))
            .join(" | ");
        assert!(
            include_str!("../password/policy.rs").contains(&presets),
            "{presets}"
        );
    }
}
