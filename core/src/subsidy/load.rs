//! Loading policies from TOML or JSON, strictly.

use serde::Deserialize;
use serde_json::Value;

use super::error::PolicyError;
use super::policy::SubsidyPolicy;
use crate::decode::{self, DecodeError};
use crate::error::Code;

/// The text format of a policy document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

/// A document holding several policies: `[[policies]]` in TOML,
/// `{"policies": [...]}` in JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyList {
    policies: Versions,
}

/// A list of policies (a JSON document of them, or a `policies` list),
/// held to the limit of versions a set may have.
#[derive(Deserialize)]
struct Versions(
    #[serde(
        deserialize_with = "crate::limits::at_most::<_, _, { crate::limits::MAX_POLICY_ITEMS }>"
    )]
    Vec<SubsidyPolicy>,
);

pub(super) fn parse_document(text: &str, format: Format) -> Result<Value, PolicyError> {
    let parsed = match format {
        Format::Toml => decode::parse_toml(text),
        Format::Json => decode::parse_json(text),
    };
    parsed.map_err(|failure| PolicyError::Syntax(failure.into_problem(Code::PolicySyntax)))
}

fn schema_error(failure: DecodeError) -> PolicyError {
    let home = failure.unknown_field().and_then(home_of_misplaced_key);
    let versions = matches!(failure.unknown_field(), Some("versions" | "policy"));
    let mut problem = failure.into_problem(Code::PolicySchema);
    if let Some(table) = home {
        problem
            .message_en
            .push_str(&format!("; it belongs in the `{table}` table"));
        problem
            .message_zh
            .push_str(&format!("；该字段应放在 `{table}` 表中"));
    } else if versions {
        // A route file's word for it: a policy's versions are `policies`.
        problem.message_en.push_str(
            "; several versions of a policy go in `[[policies]]` (TOML) or `{\"policies\": […]}` or a list (JSON)",
        );
        problem.message_zh.push_str(
            "；同一政策的多个版本写在 `[[policies]]`（TOML）或 `{\"policies\": […]}`、列表（JSON）中",
        );
    }
    PolicyError::Schema(problem)
}

/// For an unknown `per_order` at the top level: the table it belongs in.
fn home_of_misplaced_key(key: &str) -> Option<&'static str> {
    match key {
        "per_order" | "per_enterprise_per_year" | "budget_pool" => Some("caps"),
        "regions" | "categories" | "providers" => Some("eligibility"),
        _ => None,
    }
}

/// Decodes and checks one policy.
pub(super) fn policy_from_value(value: Value) -> Result<SubsidyPolicy, PolicyError> {
    decode::from_value(value).map_err(|f| schema_error(*f))
}

/// Decodes and checks a document of one policy, a `policies` list, or (in
/// JSON) a list of policies.
pub(super) fn policies_from_value(value: Value) -> Result<Vec<SubsidyPolicy>, PolicyError> {
    // A JSON list of versions, as `quote` takes a list of them.
    if value.is_array() {
        let list: Versions = decode::from_value(value).map_err(|f| schema_error(*f))?;
        return Ok(list.0);
    }
    let is_list = value
        .as_object()
        .is_some_and(|o| o.contains_key("policies"));
    if !is_list {
        return policy_from_value(value).map(|p| vec![p]);
    }
    let list: PolicyList = decode::from_value(value).map_err(|f| schema_error(*f))?;
    Ok(list.policies.0)
}
