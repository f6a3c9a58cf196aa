//! Routes that ship with the crate: the town OA's (seed 003, DOMAIN §8) and
//! the product-listing review (seeds 001–002).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::inline_route::InlineRoute;
use super::route::Route;
use crate::error::{Code, Problem, Violations, echo};
use crate::money::Money;
use crate::subsidy::Format;

/// The presets: name and TOML text.
const PRESETS: &[(&str, &str)] = &[
    ("procurement", include_str!("presets/procurement.toml")),
    ("seal", include_str!("presets/seal.toml")),
    ("guest", include_str!("presets/guest.toml")),
    ("personal", include_str!("presets/personal.toml")),
    ("document", include_str!("presets/document.toml")),
    ("notice", include_str!("presets/notice.toml")),
    ("announcement", include_str!("presets/announcement.toml")),
    (
        "leader_mailbox",
        include_str!("presets/leader_mailbox.toml"),
    ),
    ("okr", include_str!("presets/okr.toml")),
    ("archive", include_str!("presets/archive.toml")),
    (
        "product_listing",
        include_str!("presets/product_listing.toml"),
    ),
];

/// The one preset with parameters ([`PresetOptions`]).
const WITH_PARAMETERS: &str = "procurement";

/// Names of the shipped routes.
pub fn preset_route_names() -> Vec<&'static str> {
    PRESETS.iter().map(|(name, _)| *name).collect()
}

/// A shipped route with its default options, loaded and checked the first
/// time it is named and kept: a submission names its route by preset
/// (`"route": "seal"`), and reading the TOML and checking the route cost
/// about as much as a whole application's decisions. `None` for a name that
/// does not ship.
pub(crate) fn default_preset(name: &str) -> Option<&'static InlineRoute> {
    // Held as an inline route is, so that what is learned of it (its
    // branches' snapshots) is learned once per process.
    static LOADED: [OnceLock<Option<InlineRoute>>; PRESETS.len()] =
        [const { OnceLock::new() }; PRESETS.len()];
    let index = PRESETS.iter().position(|(n, _)| *n == name)?;
    LOADED
        .get(index)?
        .get_or_init(|| {
            preset_route(name, &PresetOptions::default())
                .ok()
                .map(InlineRoute::new)
        })
        .as_ref()
}

/// The problem for a route preset name that does not ship.
pub(crate) fn unknown_preset(name: &str) -> Problem {
    // A file's name where a preset's goes: the library reads no files.
    let (file_zh, file_en) = match name.rsplit_once('.') {
        Some((_, ext)) if ext.eq_ignore_ascii_case("toml") || ext.eq_ignore_ascii_case("json") => (
            "；路线文件由命令行读取（`huiqi flow run`、`huiqi route`），在代码中请先用 `route.load` 载入，再传入路线对象",
            "; route files are read by the command line (`huiqi flow run`, `huiqi route`): from code, load one with `route.load` and pass the route",
        ),
        _ => ("", ""),
    };
    Problem::new(
        Code::RouteUnknownPreset,
        None,
        format!(
            "没有名为 `{}` 的路线（可选：{}）{file_zh}",
            echo(name),
            super::route::ticked(preset_route_names())
        ),
        format!(
            "there is no route named `{}` (known: {}){file_en}",
            echo(name),
            super::route::ticked_en(preset_route_names())
        ),
    )
}

/// The parameters of a preset (only `procurement` has any today).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct PresetOptions {
    /// The amount that splits regular procurement projects (¥5000.00).
    #[serde(default = "default_threshold")]
    pub threshold: Money,
    /// True (the default): the threshold itself takes the larger route
    /// ("5000元以上" read as ≥); false: it takes the smaller one.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    #[serde(default = "default_inclusive")]
    pub threshold_inclusive: bool,
}

fn default_threshold() -> Money {
    Money::from_fen(500_000).unwrap_or(Money::ZERO)
}

fn default_inclusive() -> bool {
    true
}

impl Default for PresetOptions {
    fn default() -> PresetOptions {
        PresetOptions {
            threshold: default_threshold(),
            threshold_inclusive: true,
        }
    }
}

/// Options given to a preset that has no parameters (only `procurement`
/// has any): they would be ignored, so they are refused at `options`.
pub(crate) fn options_without_parameters(
    name: &str,
    options: Option<&PresetOptions>,
) -> Option<Problem> {
    (options.is_some() && name != WITH_PARAMETERS && preset_route_names().contains(&name)).then(
        || {
            Problem::new(
                Code::InvalidRequest,
                Some("options"),
                format!(
                    "路线 `{}` 没有参数：`options`（金额阈值）只用于 `procurement`",
                    echo(name)
                ),
                format!(
                    "the route `{}` has no parameters: `options` (the amount threshold) apply to `procurement` only",
                    echo(name)
                ),
            )
        },
    )
}

/// A shipped route by name, with its parameters applied.
///
/// ```
/// use huiqi_core::approval::{preset_route, PresetOptions};
/// let route = preset_route("procurement", &PresetOptions::default())?;
/// assert_eq!(route.branches().len(), 4);
/// # Ok::<(), huiqi_core::Violations>(())
/// ```
pub fn preset_route(name: &str, options: &PresetOptions) -> Result<Route, Violations> {
    let Some((_, text)) = PRESETS.iter().find(|(n, _)| *n == name) else {
        return Err(Violations::from(unknown_preset(name).at("route")));
    };
    let mut route = Route::load(text, Format::Toml)?;
    if name == WITH_PARAMETERS {
        for condition in route
            .branches
            .iter_mut()
            .flat_map(|b| b.when.iter_mut())
            .filter(|c| c.field == "amount")
        {
            let below = condition.lt.is_some() || condition.le.is_some();
            condition.lt = None;
            condition.le = None;
            condition.ge = None;
            condition.gt = None;
            match (below, options.threshold_inclusive) {
                (true, true) => condition.lt = Some(options.threshold),
                (true, false) => condition.le = Some(options.threshold),
                (false, true) => condition.ge = Some(options.threshold),
                (false, false) => condition.gt = Some(options.threshold),
            }
        }
        // The preset passes its checks at every threshold but those that
        // leave a branch no amount (`0.00` taken by the larger route, the
        // largest amount by the smaller): the options, not the shipped
        // route, are what to change.
        let mut problems = Violations::new();
        problems.extend(super::check::check(&route).into_iter().map(|p| {
            let zh = format!("阈值 `{}` 不可用：{}", options.threshold, p.message_zh);
            let en = format!(
                "the threshold `{}` cannot be used: {}",
                options.threshold, p.message_en
            );
            Problem::new(p.code, Some("options.threshold"), zh, en)
        }));
        return problems.into_result(route);
    }
    Ok(route)
}
