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
    /// Builds a set; none at all, and two versions starting the same day,
    /// are refused.
    pub fn new(policies: Vec<SubsidyPolicy>) -> Result<PolicySet, PolicyError> {
        if policies.is_empty() {
            // Else every date would be refused as having none in force,
            // blaming the date for the missing policy.
            return Err(PolicyError::Empty);
        }
        let order = by_start(&policies)?;
        let mut slots: Vec<Option<SubsidyPolicy>> = policies.into_iter().map(Some).collect();
        let policies = order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take))
            .collect();
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

/// The indices of `policies` by start date (then id); two versions starting
/// the same day are ambiguous.
fn by_start(policies: &[SubsidyPolicy]) -> Result<Vec<usize>, PolicyError> {
    let mut order: Vec<usize> = (0..policies.len()).collect();
    let at = |i: usize| policies.get(i).map(|p| (p.effective_from, p.id.as_str()));
    order.sort_by(|a, b| at(*a).cmp(&at(*b)));
    for pair in order.windows(2) {
        if let [a, b] = pair
            && let (Some(a), Some(b)) = (policies.get(*a), policies.get(*b))
            && a.effective_from == b.effective_from
        {
            return Err(PolicyError::Ambiguous {
                first: crate::error::echo(&a.id),
                second: crate::error::echo(&b.id),
                date: a.effective_from,
            });
        }
    }
    Ok(order)
}

/// The version of `policies` in force on `date`, or when none is the
/// nearest: the last to start before `date`, else the first. An error only
/// for versions that cannot be told apart (two starting the same day) or
/// none at all (`PolicyError::Empty`).
pub(crate) fn in_force_or_nearest(
    policies: &[SubsidyPolicy],
    date: NaiveDate,
) -> Result<&SubsidyPolicy, PolicyError> {
    let order = by_start(policies)?;
    let by_date = || order.iter().filter_map(|i| policies.get(*i));
    by_date()
        .rev()
        .find(|p| p.in_force_on(date))
        .or_else(|| by_date().rev().find(|p| p.effective_from <= date))
        .or_else(|| by_date().next())
        .ok_or(PolicyError::Empty)
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
