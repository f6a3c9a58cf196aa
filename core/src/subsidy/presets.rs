//! Policies that ship with the crate.

use std::sync::OnceLock;

use super::error::PolicyError;
use super::load::Format;
use super::policy::SubsidyPolicy;

/// The presets: name and TOML text.
const PRESETS: &[(&str, &str)] = &[("henan", include_str!("presets/henan.toml"))];

/// Names of the shipped presets.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|(name, _)| *name).collect()
}

/// A shipped policy by name: `henan` (30%, from the Henan platform manual).
///
/// ```
/// let henan = huiqi_core::subsidy::preset("henan")?;
/// assert_eq!(henan.ratio.percent_text(), "30%");
/// # Ok::<(), huiqi_core::subsidy::PolicyError>(())
/// ```
pub fn preset(name: &str) -> Result<SubsidyPolicy, PolicyError> {
    preset_ref(name).cloned()
}

/// A shipped policy by name, borrowed from the copy loaded once per process
/// (quotes and checkouts read it without cloning it).
pub fn preset_ref(name: &str) -> Result<&'static SubsidyPolicy, PolicyError> {
    static LOADED: OnceLock<Vec<(&'static str, Result<SubsidyPolicy, PolicyError>)>> =
        OnceLock::new();
    let loaded = LOADED.get_or_init(|| {
        PRESETS
            .iter()
            .map(|(name, text)| (*name, SubsidyPolicy::load(text, Format::Toml)))
            .collect()
    });
    match loaded.iter().find(|(n, _)| *n == name) {
        Some((_, Ok(policy))) => Ok(policy),
        Some((_, Err(error))) => Err(error.clone()),
        None => Err(PolicyError::UnknownPreset {
            name: crate::error::echo(name),
            known: preset_names(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_loads() {
        for name in preset_names() {
            let policy = preset(name).unwrap();
            assert_eq!(policy.id, name);
        }
        assert!(matches!(
            preset("atlantis"),
            Err(PolicyError::UnknownPreset { .. })
        ));
    }
}
