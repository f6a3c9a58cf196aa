//! Password policies as data, and the three presets.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::PasswordError;
use crate::error::{Code, Describe, Problem, echo, serde_bridge};

/// A password policy. Every rule is data; the presets are three instances.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct PasswordPolicy {
    /// Name, for messages and logs.
    pub name: String,
    /// Fewest characters (Unicode scalar values), inclusive.
    pub min_length: u32,
    /// Most characters, inclusive.
    pub max_length: u32,
    /// The characters allowed; absent means any character.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<AllowedCharacters>,
    /// Fewest character classes (digits, upper, lower, specials) mixed.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub min_classes: u8,
    /// Classes that must each appear.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_classes: Vec<CharClass>,
    /// Must not contain the username (case-insensitive).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub forbid_username: bool,
    /// Must not contain the mobile number.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub forbid_mobile: bool,
    /// Must not contain the email address, nor its local part when that has
    /// four or more characters (case-insensitive).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub forbid_email: bool,
    /// Must not equal the current password.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub forbid_current: bool,
    /// How many past passwords (most recent first) it must differ from:
    /// absent means every one supplied, `0` means none.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_depth: Option<u32>,
    /// Must not be on the shipped list of common passwords.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub blocklist: bool,
}

/// The characters a password may hold, when restricted.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct AllowedCharacters {
    /// ASCII letters.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    #[serde(default = "yes")]
    pub letters: bool,
    /// ASCII digits.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    #[serde(default = "yes")]
    pub digits: bool,
    /// The special characters allowed, listed in one string (at most 256,
    /// [`crate::limits::MAX_SPECIALS`]).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(
        default,
        deserialize_with = "crate::limits::string_of_at_most_chars::<_, { crate::limits::MAX_SPECIALS }>"
    )]
    pub specials: String,
}

fn yes() -> bool {
    true
}

/// A character class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum CharClass {
    /// `0-9`.
    Digit,
    /// `A-Z`.
    Upper,
    /// `a-z`.
    Lower,
    /// A special character: one of the allowed specials or, when any
    /// character is allowed, anything but an ASCII letter or digit.
    Special,
}

impl CharClass {
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            CharClass::Digit => "数字",
            CharClass::Upper => "大写字母",
            CharClass::Lower => "小写字母",
            CharClass::Special => "特殊字符",
        }
    }
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            CharClass::Digit => "digits",
            CharClass::Upper => "upper case letters",
            CharClass::Lower => "lower case letters",
            CharClass::Special => "special characters",
        }
    }
}

/// The national platform's specials, as its manual lists them.
pub const NATIONAL_SPECIALS: &str = "~!#$%&+,-.*:;<=>@_?^、`/";
/// ASCII punctuation: the Henan manual says "special symbols" without a list.
pub const ASCII_SPECIALS: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

impl PasswordPolicy {
    /// 国家中小企业数字化转型促进中心 (seed 002): 8–18 characters; at least 3
    /// of digits, upper, lower and `~!#$%&+,-.*:;<=>@_?^、`/`; not containing the
    /// username or mobile; different from the current and every past password.
    pub fn national() -> PasswordPolicy {
        PasswordPolicy {
            name: "national".to_owned(),
            min_length: 8,
            max_length: 18,
            allowed: Some(AllowedCharacters {
                letters: true,
                digits: true,
                specials: NATIONAL_SPECIALS.to_owned(),
            }),
            min_classes: 3,
            required_classes: Vec::new(),
            forbid_username: true,
            forbid_mobile: true,
            forbid_email: false,
            forbid_current: true,
            history_depth: None,
            blocklist: false,
        }
    }

    /// 河南省企业上云 (seed 001): letters, digits and special symbols only;
    /// longer than 8 and shorter than 20 characters (so 9–19).
    pub fn henan() -> PasswordPolicy {
        PasswordPolicy {
            name: "henan".to_owned(),
            min_length: 9,
            max_length: 19,
            allowed: Some(AllowedCharacters {
                letters: true,
                digits: true,
                specials: ASCII_SPECIALS.to_owned(),
            }),
            min_classes: 0,
            required_classes: Vec::new(),
            forbid_username: false,
            forbid_mobile: false,
            forbid_email: false,
            forbid_current: false,
            history_depth: Some(0),
            blocklist: false,
        }
    }

    /// NIST SP 800-63B: 8–64 characters, any characters, no composition
    /// rules, not a common password, not containing the username, mobile or
    /// email (context-specific words).
    pub fn nist() -> PasswordPolicy {
        PasswordPolicy {
            name: "nist".to_owned(),
            min_length: 8,
            max_length: 64,
            allowed: None,
            min_classes: 0,
            required_classes: Vec::new(),
            forbid_username: true,
            forbid_mobile: true,
            forbid_email: true,
            forbid_current: false,
            history_depth: Some(0),
            blocklist: true,
        }
    }

    /// The names of the presets.
    pub const PRESETS: [&'static str; 3] = ["national", "henan", "nist"];

    /// A preset by name: `national`, `henan` or `nist`.
    pub fn preset(name: &str) -> Result<PasswordPolicy, PasswordError> {
        match name {
            "national" => Ok(PasswordPolicy::national()),
            "henan" => Ok(PasswordPolicy::henan()),
            "nist" => Ok(PasswordPolicy::nist()),
            other => Err(PasswordError::UnknownPreset { name: echo(other) }),
        }
    }

    /// Loads a policy from JSON text, strictly.
    pub fn from_json(text: &str) -> Result<PasswordPolicy, PasswordError> {
        let value = crate::decode::parse_json(text).map_err(|f| {
            PasswordError::PolicyInvalid(f.into_problem(Code::PasswordPolicyInvalid))
        })?;
        Self::from_value(value)
    }

    /// Loads a policy from TOML text, strictly.
    pub fn from_toml(text: &str) -> Result<PasswordPolicy, PasswordError> {
        let value = crate::decode::parse_toml(text).map_err(|f| {
            PasswordError::PolicyInvalid(f.into_problem(Code::PasswordPolicyInvalid))
        })?;
        Self::from_value(value)
    }

    fn from_value(value: serde_json::Value) -> Result<PasswordPolicy, PasswordError> {
        crate::decode::from_value(value)
            .map_err(|f| PasswordError::PolicyInvalid(f.into_problem(Code::PasswordPolicyInvalid)))
    }

    /// Rules the schema alone cannot state.
    pub fn check(&self) -> Result<(), Problem> {
        let bad = |field: &str, zh: &str, en: &str| {
            Problem::new(
                Code::PasswordPolicyInvalid,
                Some(field),
                zh.to_owned(),
                en.to_owned(),
            )
        };
        if self.min_length == 0 {
            return Err(bad(
                "min_length",
                "最短长度至少为 1",
                "min_length must be at least 1",
            ));
        }
        if self.max_length < self.min_length {
            return Err(bad(
                "max_length",
                "最长长度小于最短长度",
                "max_length is below min_length",
            ));
        }
        if self.max_length > 4096 {
            return Err(bad(
                "max_length",
                "最长长度不能超过 4096",
                "max_length must not exceed 4096",
            ));
        }
        if self.min_classes > 4 {
            return Err(bad(
                "min_classes",
                "字符类别最多 4 种",
                "min_classes must not exceed 4",
            ));
        }
        if let Some(allowed) = &self.allowed {
            if allowed.specials.chars().count() > crate::limits::MAX_SPECIALS {
                return Err(bad(
                    "allowed.specials",
                    "特殊字符最多 256 个",
                    "allowed.specials holds at most 256 characters",
                ));
            }
            if allowed
                .specials
                .chars()
                .any(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || c.is_control())
            {
                return Err(bad(
                    "allowed.specials",
                    "特殊字符中不能含字母、数字、空白或控制字符",
                    "allowed.specials must not hold letters, digits, whitespace or control characters",
                ));
            }
            let possible = [
                allowed.digits,
                allowed.letters,
                allowed.letters,
                !allowed.specials.is_empty(),
            ];
            let count = possible.iter().filter(|p| **p).count();
            // No password could pass, and its refusal would list nothing.
            if count == 0 {
                return Err(bad(
                    "allowed",
                    "允许的字符为空：请至少允许字母、数字或一些特殊字符",
                    "the policy allows no characters: allow letters, digits or some special characters",
                ));
            }
            if usize::from(self.min_classes) > count {
                return Err(bad(
                    "min_classes",
                    "要求的字符类别数超过允许字符所能提供的类别数",
                    "min_classes exceeds the classes the allowed characters can provide",
                ));
            }
        }
        Ok(())
    }
}

impl Serialize for PasswordPolicy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PasswordPolicy::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for PasswordPolicy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PasswordPolicy, D::Error> {
        let policy = PasswordPolicy::deserialize(deserializer)?;
        policy.check().map_err(serde_bridge::fail)?;
        Ok(policy)
    }
}

/// A password policy in a request: a preset by name (`national`, `henan`,
/// `nist`), or one given inline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum PasswordPolicySource {
    /// A preset, by name (one of [`PasswordPolicy::PRESETS`]).
    Preset(
        #[cfg_attr(feature = "wasm", tsify(type = "\"national\" | \"henan\" | \"nist\""))] String,
    ),
    /// A policy of its own.
    Inline(PasswordPolicy),
}

impl PasswordPolicySource {
    /// The policy.
    pub fn resolve(&self) -> Result<PasswordPolicy, PasswordError> {
        match self {
            PasswordPolicySource::Preset(name) => PasswordPolicy::preset(name),
            PasswordPolicySource::Inline(policy) => Ok(policy.clone()),
        }
    }
}

impl<'de> Deserialize<'de> for PasswordPolicySource {
    fn deserialize<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<PasswordPolicySource, D::Error> {
        struct Source;
        impl<'de> serde::de::Visitor<'de> for Source {
            type Value = PasswordPolicySource;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(crate::decode::words::EXPECT_PASSWORD_POLICY)
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<PasswordPolicySource, E> {
                PasswordPolicy::preset(name).map_err(|e| serde_bridge::fail(e.to_problem()))?;
                Ok(PasswordPolicySource::Preset(name.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<PasswordPolicySource, A::Error> {
                <PasswordPolicy as Deserialize>::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )
                .map(PasswordPolicySource::Inline)
            }
        }
        deserializer.deserialize_any(Source)
    }
}

/// Deserialises a password policy given inline, or by preset name.
pub fn password_policy_or_preset<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<PasswordPolicy, D::Error> {
    crate::decode::named_or_inline(
        deserializer,
        crate::decode::words::EXPECT_PASSWORD_POLICY,
        |name| PasswordPolicy::preset(name).map_err(|e| e.to_problem()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_pass_their_own_check() {
        for p in [
            PasswordPolicy::national(),
            PasswordPolicy::henan(),
            PasswordPolicy::nist(),
        ] {
            p.check().unwrap();
            assert_eq!(PasswordPolicy::preset(&p.name).unwrap(), p);
        }
    }

    #[test]
    fn policies_load_strictly() {
        let p = PasswordPolicy::from_toml(
            "name = \"x\"\nmin_length = 10\nmax_length = 20\nmin_classes = 2\n[allowed]\nspecials = \"!@\"\n",
        )
        .unwrap();
        assert_eq!(p.allowed.unwrap().specials, "!@");
        let err = PasswordPolicy::from_json(
            r#"{"name":"x","min_length":8,"max_length":9,"colour":"red"}"#,
        )
        .unwrap_err();
        assert_eq!(err.code(), Code::PasswordPolicyInvalid);
        assert!(err.to_string().contains("colour"), "{err}");
        let err =
            PasswordPolicy::from_json(r#"{"name":"x","min_length":8,"max_length":4}"#).unwrap_err();
        assert_eq!(err.field().as_deref(), Some("max_length"));
        // Allowing nothing, no password could pass (and its refusal would
        // list nothing to use).
        let err = PasswordPolicy::from_json(
            r#"{"name":"x","min_length":1,"max_length":9,"min_classes":0,"allowed":{"letters":false,"digits":false,"specials":""}}"#,
        )
        .unwrap_err();
        assert_eq!(
            (err.code(), err.field().as_deref()),
            (Code::PasswordPolicyInvalid, Some("allowed"))
        );
    }
}
