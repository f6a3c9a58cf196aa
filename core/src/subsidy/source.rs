//! Where a subsidy policy comes from in a request.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use super::{PolicySet, SubsidyPolicy};
use crate::error::{Describe, Problem};

/// A policy by preset name (`"henan"`), inline (an object), or as versions
/// to choose from by date (a list).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum PolicySource {
    /// A preset shipped with the library, by name.
    Preset(String),
    /// One policy.
    Inline(Box<SubsidyPolicy>),
    /// Versions of a policy; the one in force on the date applies.
    Versions(Vec<SubsidyPolicy>),
}

impl<'de> Deserialize<'de> for PolicySource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PolicySource, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = PolicySource;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(crate::decode::words::EXPECT_POLICY_CHOICE)
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<PolicySource, E> {
                // The name is checked here, so a bad one is named at its field.
                crate::subsidy::preset(name)
                    .map_err(|e| crate::error::serde_bridge::fail(e.to_problem()))?;
                Ok(PolicySource::Preset(name.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<PolicySource, A::Error> {
                <SubsidyPolicy as Deserialize>::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )
                .map(|p| PolicySource::Inline(Box::new(p)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<PolicySource, A::Error> {
                PolicySet::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(|set| PolicySource::Versions(set.policies().to_vec()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl PolicySource {
    /// The policy that applies on `date`, borrowed (a preset from the copy
    /// loaded once); `field` names the date in errors.
    ///
    /// Of versions, the one in force on `date`; when none is, the nearest
    /// (the last to start before `date`, else the first), which quotes
    /// nothing, as `subsidy.not_in_force`: an order outside every version's
    /// dates gets what an order outside one policy's dates gets, so a
    /// simulation sweeping dates is answered, not refused.
    pub fn resolve_at(&self, date: NaiveDate, field: &str) -> Result<&SubsidyPolicy, Problem> {
        match self {
            PolicySource::Preset(name) => super::preset_ref(name).map_err(|e| e.to_problem()),
            PolicySource::Inline(policy) => Ok(policy),
            PolicySource::Versions(versions) => super::set::in_force_or_nearest(versions, date)
                .map_err(|e| e.to_problem().at(field)),
        }
    }
}
