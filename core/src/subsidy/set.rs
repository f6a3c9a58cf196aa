//! Several versions of a policy; the one in force on a date is chosen.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::PolicyError;
use super::load::Format;
use super::policy::SubsidyPolicy;
use crate::error::{Describe, serde_bridge};

/// A set of policy versions. On any date, the version in force is the one
/// with the latest start among those whose date range covers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(into = "Vec<SubsidyPolicy>")]
pub struct PolicySet {
    /// Sorted by start date, no two with the same start.
    policies: Vec<SubsidyPolicy>,
}

impl PolicySet {
    /// Builds a set; two versions starting the same day are refused.
    pub fn new(mut policies: Vec<SubsidyPolicy>) -> Result<PolicySet, PolicyError> {
        policies.sort_by(|a, b| {
            a.effective_from
                .cmp(&b.effective_from)
                .then_with(|| a.id.cmp(&b.id))
        });
        for pair in policies.windows(2) {
            if let [a, b] = pair
                && a.effective_from == b.effective_from
            {
                return Err(PolicyError::Ambiguous {
                    first: crate::error::echo(&a.id),
                    second: crate::error::echo(&b.id),
                    date: a.effective_from,
                });
            }
        }
        Ok(PolicySet { policies })
    }

    /// Loads a document holding one policy or a `policies` list.
    pub fn load(text: &str, format: Format) -> Result<PolicySet, PolicyError> {
        let value = super::load::parse_document(text, format)?;
        PolicySet::new(super::load::policies_from_value(value)?)
    }

    /// The version in force on `date`, if any.
    pub fn in_force(&self, date: NaiveDate) -> Option<&SubsidyPolicy> {
        self.policies.iter().rev().find(|p| p.in_force_on(date))
    }

    /// Like [`PolicySet::in_force`], but an error when none is.
    pub fn require_in_force(&self, date: NaiveDate) -> Result<&SubsidyPolicy, PolicyError> {
        self.in_force(date).ok_or(PolicyError::NoneInForce { date })
    }

    /// The versions, by start date.
    pub fn policies(&self) -> &[SubsidyPolicy] {
        &self.policies
    }
}

impl<'de> Deserialize<'de> for PolicySet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<PolicySet, D::Error> {
        let policies =
            crate::limits::at_most::<_, SubsidyPolicy, { crate::limits::MAX_POLICY_ITEMS }>(
                deserializer,
            )?;
        PolicySet::new(policies).map_err(|e| serde_bridge::fail(e.to_problem()))
    }
}

impl TryFrom<Vec<SubsidyPolicy>> for PolicySet {
    type Error = PolicyError;
    fn try_from(policies: Vec<SubsidyPolicy>) -> Result<PolicySet, PolicyError> {
        PolicySet::new(policies)
    }
}

impl From<PolicySet> for Vec<SubsidyPolicy> {
    fn from(set: PolicySet) -> Vec<SubsidyPolicy> {
        set.policies
    }
}
