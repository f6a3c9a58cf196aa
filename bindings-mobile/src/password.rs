//! `password.*`: policies (presets, documents or records), checks, and
//! Argon2id hashes. Passwords go in and never come out, in answers or errors.

use huiqi_core::password::{
    AllowedCharacters as CoreAllowed, CharClass as CoreClass, HashCost as CoreCost,
    PasswordContext as CoreContext, PasswordPolicy as CorePolicy,
};

use crate::error::{HuiqiError, at, fail, fail_at, guard};
use crate::subsidy::PolicyFormat;
use crate::validate::Verdict;

/// A character class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum CharClass {
    /// `0-9`.
    Digit,
    /// `A-Z`.
    Upper,
    /// `a-z`.
    Lower,
    /// A special character.
    Special,
}

/// The characters a password may hold, when restricted.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AllowedCharacters {
    /// ASCII letters.
    #[uniffi(default = true)]
    pub letters: bool,
    /// ASCII digits.
    #[uniffi(default = true)]
    pub digits: bool,
    /// The special characters allowed, in one string.
    #[uniffi(default = "")]
    pub specials: String,
}

/// A password policy; every rule is data.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PasswordPolicy {
    /// Name, for messages and logs.
    pub name: String,
    /// Fewest characters (Unicode scalar values), inclusive.
    pub min_length: u32,
    /// Most characters, inclusive.
    pub max_length: u32,
    /// The characters allowed; none means any.
    #[uniffi(default)]
    pub allowed: Option<AllowedCharacters>,
    /// Fewest character classes mixed.
    #[uniffi(default = 0)]
    pub min_classes: u8,
    /// Classes that must each appear.
    #[uniffi(default)]
    pub required_classes: Vec<CharClass>,
    /// Must not contain the username.
    #[uniffi(default)]
    pub forbid_username: bool,
    /// Must not contain the mobile number.
    #[uniffi(default)]
    pub forbid_mobile: bool,
    /// Must not contain the email address (or its local part of 4+ characters).
    #[uniffi(default)]
    pub forbid_email: bool,
    /// Must not equal the current password.
    #[uniffi(default)]
    pub forbid_current: bool,
    /// How many past passwords it must differ from: none means every one supplied.
    #[uniffi(default)]
    pub history_depth: Option<u32>,
    /// Must not be a common password.
    #[uniffi(default)]
    pub blocklist: bool,
}

impl PasswordPolicy {
    fn from_core(p: &CorePolicy) -> PasswordPolicy {
        PasswordPolicy {
            name: p.name.clone(),
            min_length: p.min_length,
            max_length: p.max_length,
            allowed: p.allowed.as_ref().map(|a| AllowedCharacters {
                letters: a.letters,
                digits: a.digits,
                specials: a.specials.clone(),
            }),
            min_classes: p.min_classes,
            required_classes: p
                .required_classes
                .iter()
                .map(|c| match c {
                    CoreClass::Digit => CharClass::Digit,
                    CoreClass::Upper => CharClass::Upper,
                    CoreClass::Lower => CharClass::Lower,
                    CoreClass::Special => CharClass::Special,
                })
                .collect(),
            forbid_username: p.forbid_username,
            forbid_mobile: p.forbid_mobile,
            forbid_email: p.forbid_email,
            forbid_current: p.forbid_current,
            history_depth: p.history_depth,
            blocklist: p.blocklist,
        }
    }

    /// The core policy, checked like a decoded one; problems sit under `outer`.
    fn to_core(&self, outer: &str) -> Result<CorePolicy, HuiqiError> {
        let policy = CorePolicy {
            name: self.name.clone(),
            min_length: self.min_length,
            max_length: self.max_length,
            allowed: self.allowed.as_ref().map(|a| CoreAllowed {
                letters: a.letters,
                digits: a.digits,
                specials: a.specials.clone(),
            }),
            min_classes: self.min_classes,
            required_classes: self
                .required_classes
                .iter()
                .map(|c| match c {
                    CharClass::Digit => CoreClass::Digit,
                    CharClass::Upper => CoreClass::Upper,
                    CharClass::Lower => CoreClass::Lower,
                    CharClass::Special => CoreClass::Special,
                })
                .collect(),
            forbid_username: self.forbid_username,
            forbid_mobile: self.forbid_mobile,
            forbid_email: self.forbid_email,
            forbid_current: self.forbid_current,
            history_depth: self.history_depth,
            blocklist: self.blocklist,
        };
        policy.check().map_err(|p| fail(at(p, outer)))?;
        Ok(policy)
    }
}

/// Where a password policy comes from.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum PasswordPolicySource {
    /// A preset: `national`, `henan` or `nist`.
    Preset {
        /// The preset's name.
        name: String,
    },
    /// A TOML or JSON document holding a policy.
    Document {
        /// Its format.
        format: PolicyFormat,
        /// Its text.
        text: String,
    },
    /// A policy given as a record.
    Policy {
        /// The policy.
        policy: PasswordPolicy,
    },
}

impl PasswordPolicySource {
    fn resolve(&self) -> Result<CorePolicy, HuiqiError> {
        match self {
            PasswordPolicySource::Preset { name } => {
                CorePolicy::preset(name).map_err(|e| fail_at(e, "policy"))
            }
            PasswordPolicySource::Document { format, text } => match format {
                PolicyFormat::Toml => CorePolicy::from_toml(text).map_err(fail),
                PolicyFormat::Json => CorePolicy::from_json(text).map_err(fail),
            },
            PasswordPolicySource::Policy { policy } => policy.to_core("policy"),
        }
    }
}

/// What a check needs besides the password. Current and past passwords are
/// Argon2id PHC hashes only.
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct PasswordContext {
    /// The account's username.
    #[uniffi(default)]
    pub username: Option<String>,
    /// The account's mobile number.
    #[uniffi(default)]
    pub mobile: Option<String>,
    /// The account's email address.
    #[uniffi(default)]
    pub email: Option<String>,
    /// Hash of the current password.
    #[uniffi(default)]
    pub current_hash: Option<String>,
    /// Hashes of past passwords, most recent first.
    #[uniffi(default)]
    pub history_hashes: Vec<String>,
}

/// Checks a password against a policy; every broken rule at once
/// (operation `password.check`). A stored hash that is not a valid PHC
/// string is an error, not a violation.
#[uniffi::export(default(context = None))]
pub fn password_check(
    policy: PasswordPolicySource,
    password: String,
    context: Option<PasswordContext>,
) -> Result<Verdict, HuiqiError> {
    guard(|| {
        let policy = policy.resolve()?;
        let context = context.unwrap_or_default();
        let context = CoreContext {
            username: context.username,
            mobile: context.mobile,
            email: context.email,
            current_hash: context.current_hash,
            history_hashes: context.history_hashes,
        };
        let problems = policy
            .check_password(&password, &context)
            .map_err(|e| fail(e.to_check_request_problem()))?;
        Ok(Verdict {
            valid: problems.is_empty(),
            violations: problems.iter().map(crate::error::Problem::from).collect(),
        })
    })
}

/// A password preset's rules (operation `password.policy`).
#[uniffi::export]
pub fn password_policy(name: String) -> Result<PasswordPolicy, HuiqiError> {
    guard(|| {
        let policy = CorePolicy::preset(&name).map_err(fail)?;
        Ok(PasswordPolicy::from_core(&policy))
    })
}

/// The cost of a new hash.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct HashCost {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Iterations.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

/// Hashes a password with a fresh salt: an Argon2id PHC string; the default
/// cost is OWASP's, 19 MiB, t=2, p=1 (operation `password.hash`).
#[uniffi::export(default(cost = None))]
pub fn password_hash(password: String, cost: Option<HashCost>) -> Result<String, HuiqiError> {
    guard(|| {
        let cost = cost.map_or_else(CoreCost::default, |c| CoreCost {
            memory_kib: c.memory_kib,
            iterations: c.iterations,
            parallelism: c.parallelism,
        });
        huiqi_core::password::hash_password_with_cost(&password, cost).map_err(fail)
    })
}

/// True when `password` matches the PHC string `hash` (operation `password.verify`).
#[uniffi::export]
pub fn password_verify(password: String, hash: String) -> Result<bool, HuiqiError> {
    guard(|| huiqi_core::password::verify_password(&password, &hash).map_err(fail))
}
