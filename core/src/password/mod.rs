//! Passwords: a policy engine with the `national`, `henan` and `nist`
//! presets, and Argon2id hashing. Current and past passwords are only ever
//! held as PHC hashes; a check verifies the candidate against them.
//!
//! ```
//! use huiqi_core::password::{PasswordContext, PasswordPolicy};
//! let national = PasswordPolicy::national();
//! let context = PasswordContext { username: Some("zhangsan".into()), ..Default::default() };
//! let problems = national.check_rules("zhangsan123", &context);
//! let codes: Vec<&str> = problems.iter().map(|p| p.code.as_str()).collect();
//! assert_eq!(codes, ["password.classes", "password.contains_username"]);
//! ```

mod blocklist;
mod check;
mod compat_fold;
mod error;
mod hash;
mod policy;

pub use blocklist::{common_password_count, is_common_password};
pub use check::{PasswordContext, check_confirmation};
pub use error::PasswordError;
pub use hash::{HashCost, hash_password, hash_password_with_cost, verify_password};
pub use policy::{
    ASCII_SPECIALS, AllowedCharacters, CharClass, NATIONAL_SPECIALS, PasswordPolicy,
    PasswordPolicySource, password_policy_or_preset,
};
