//! The route a submission runs on: a preset by name, one route, or the
//! versions of a route, of which the one in force on the day of the
//! submission applies (as subsidy policies are versioned by date).

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use super::inline_route::InlineRoute;
use super::presets::{
    PresetOptions, default_preset, options_without_parameters, preset_route, unknown_preset,
};
use super::route::Route;
use crate::error::{Code, Problem, Violations, echo, serde_bridge};

/// A route by preset name (`"seal"`, with its default options), one route
/// (an object), or its versions (a list: the latest whose
/// `effective_from` has come applies).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum RouteSource {
    /// A preset shipped with the library, by name.
    Preset(String),
    /// One route (shared: a clone is a pointer copy, and its check and
    /// fingerprint tokens are worked out once).
    Inline(InlineRoute),
    /// Versions of one route (same `id`, different `effective_from`).
    Versions(Vec<Route>),
}

impl From<Route> for RouteSource {
    fn from(route: Route) -> RouteSource {
        RouteSource::Inline(InlineRoute::new(route))
    }
}

impl RouteSource {
    /// The route that applies on `today` (Shanghai date) and its place in
    /// the request (`""`, or `"[2]"` for the third version), or why none
    /// does, its field the place under the route (`.effective_from`,
    /// `[1].id`). Versions must be of one route, each from a different
    /// day; one route applies from its `effective_from`.
    fn in_force(&self, today: NaiveDate) -> Result<(Cow<'_, Route>, String), Problem> {
        let route = match self {
            RouteSource::Preset(name) => {
                // Shipped presets load (a unit test holds them to it): the
                // one failure is a name that does not ship.
                let route = default_preset(name).ok_or_else(|| unknown_preset(name))?;
                (Cow::Borrowed(route.route()), String::new())
            }
            RouteSource::Inline(route) => (Cow::Borrowed(route.route()), String::new()),
            RouteSource::Versions(versions) => {
                let (index, route) = latest_in_force(versions, today)?;
                return Ok((Cow::Borrowed(route), format!("[{index}]")));
            }
        };
        if today < route.0.effective_from {
            return Err(not_yet(&route.0, today));
        }
        Ok(route)
    }

    /// The shared route that keeps what is learned of it (its branches'
    /// snapshots): a preset's or an inline route's; none for versions
    /// (a submission reads them afresh).
    pub(crate) fn learning(&self) -> Option<&InlineRoute> {
        match self {
            RouteSource::Preset(name) => default_preset(name),
            RouteSource::Inline(route) => Some(route),
            RouteSource::Versions(_) => None,
        }
    }

    /// `in_force`, its refusal placed under `at`, where the request holds
    /// the route (`command.route`, `command.route[2].effective_from`).
    pub(crate) fn in_force_under(
        &self,
        today: NaiveDate,
        at: &str,
    ) -> Result<(Cow<'_, Route>, String), Problem> {
        self.in_force(today).map_err(|p| {
            let field = format!("{at}{}", p.field.as_deref().unwrap_or_default());
            p.at(field)
        })
    }
}

/// `route` does not apply yet on `today`.
fn not_yet(route: &Route, today: NaiveDate) -> Problem {
    Problem::new(
        Code::RouteNotInForce,
        Some(".effective_from"),
        format!(
            "路线 `{}` 自 {} 起适用，提交之日（{}）尚不适用",
            echo(&route.id),
            route.effective_from,
            today
        ),
        format!(
            "route `{}` applies from {}, not yet on the day of submission ({})",
            echo(&route.id),
            route.effective_from,
            today
        ),
    )
}

/// What a rehearsal or a preview runs on: the preset with `options`, or
/// the inline route or versions once their static checks
/// ([`super::check()`]) pass. Problems name their place under `route`
/// (`route[1].stages` for the second version).
pub(crate) fn checked(
    source: &RouteSource,
    options: Option<&PresetOptions>,
) -> Result<RouteSource, Violations> {
    // Options are a preset's parameters: with a route object they would be
    // ignored, so they are refused.
    let mut problems = Violations::new();
    if options.is_some() && !matches!(source, RouteSource::Preset(_)) {
        problems.push(Problem::new(
            Code::InvalidRequest,
            Some("options"),
            "只有按名称给出的预置路线才有参数 `options`；路线对象请直接写明条件",
            "`options` apply to a preset given by name; write the conditions into a route object",
        ));
    }
    match source {
        RouteSource::Preset(name) => {
            if let Some(problem) = options_without_parameters(name, options) {
                return Err(Violations::from(problem));
            }
            // A preset's own problems are under `route`; those its options
            // cause stay at `options`.
            return preset_route(name, &options.cloned().unwrap_or_default())
                .map(RouteSource::from)
                .map_err(|found| {
                    let (given, own): (Vec<Problem>, Vec<Problem>) =
                        found.into_iter().partition(|p| {
                            p.field.as_deref().is_some_and(|f| f.starts_with("options"))
                        });
                    let mut placed = under_route(own, "route");
                    placed.extend(given);
                    placed
                });
        }
        RouteSource::Inline(route) => {
            problems.extend(under_route(route.learned().problems.clone(), "route"));
        }
        RouteSource::Versions(versions) => {
            for (i, version) in versions.iter().enumerate() {
                let at = format!("route[{i}]");
                problems.extend(under_route(super::check::check(version), &at));
            }
        }
    }
    problems.into_result(source.clone())
}

/// The problems of a route, placed under `at` (a request's `route`).
pub(crate) fn under_route(problems: impl IntoIterator<Item = Problem>, at: &str) -> Violations {
    let mut out = Violations::new();
    for problem in problems {
        let field = match problem.field.as_deref() {
            None | Some("route") => at.to_owned(),
            Some(inner) => format!("{at}.{inner}"),
        };
        out.push(problem.at(field));
    }
    out
}

/// Why `versions` are not the versions of one route, if they are not: an
/// empty list, versions of different routes (`[i].id`), or two taking
/// effect on one day (`[i].effective_from`). Every submission, preview and
/// `huiqi route check` on a list of versions applies this rule.
pub fn versions_problem(versions: &[Route]) -> Option<Problem> {
    let Some(first) = versions.first() else {
        return Some(Problem::new(
            Code::RouteSchema,
            None,
            "路线版本列表为空",
            "the list of route versions is empty",
        ));
    };
    for (i, version) in versions.iter().enumerate() {
        if version.id != first.id {
            return Some(Problem::new(
                Code::RouteInconsistent,
                Some(&format!("[{i}].id")),
                format!(
                    "版本应属同一路线：`{}` 与 `{}` 不同",
                    echo(&version.id),
                    echo(&first.id)
                ),
                format!(
                    "versions must be of one route: `{}` is not `{}`",
                    echo(&version.id),
                    echo(&first.id)
                ),
            ));
        }
        if let Some(j) = versions
            .get(..i)
            .unwrap_or_default()
            .iter()
            .position(|earlier| earlier.effective_from == version.effective_from)
        {
            return Some(Problem::new(
                Code::RouteInconsistent,
                Some(&format!("[{i}].effective_from")),
                format!(
                    "版本 [{j}] 与 [{i}] 同日（{}）生效，无法确定适用哪个",
                    version.effective_from
                ),
                format!(
                    "the versions at [{j}] and [{i}] both take effect on {}: which applies is ambiguous",
                    version.effective_from
                ),
            ));
        }
    }
    None
}

/// The latest version whose day has come, after checking the versions
/// belong together.
fn latest_in_force(versions: &[Route], today: NaiveDate) -> Result<(usize, &Route), Problem> {
    if let Some(problem) = versions_problem(versions) {
        return Err(problem);
    }
    let id = versions.first().map(|v| v.id.as_str()).unwrap_or_default();
    versions
        .iter()
        .enumerate()
        .filter(|(_, v)| v.effective_from <= today)
        .max_by_key(|(_, v)| v.effective_from)
        .ok_or_else(|| {
            // At the earliest version's day, as one route's refusal is at
            // its `effective_from`.
            let (first, earliest) = versions
                .iter()
                .enumerate()
                .map(|(i, v)| (i, v.effective_from))
                .min_by_key(|(_, day)| *day)
                .unwrap_or((0, today));
            Problem::new(
                Code::RouteNotInForce,
                Some(&format!("[{first}].effective_from")),
                format!(
                    "路线 `{}` 最早的版本自 {} 起适用，提交之日（{}）尚无适用的版本",
                    echo(id),
                    earliest,
                    today
                ),
                format!(
                    "the earliest version of route `{}` applies from {}: none applies yet on the day of submission ({})",
                    echo(id),
                    earliest,
                    today
                ),
            )
        })
}

impl<'de> Deserialize<'de> for RouteSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RouteSource, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RouteSource;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(crate::decode::words::EXPECT_ROUTE_CHOICE)
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<RouteSource, E> {
                // Named at its field when it does not ship.
                if !super::presets::preset_route_names().contains(&name) {
                    return Err(serde_bridge::fail(unknown_preset(name)));
                }
                Ok(RouteSource::Preset(name.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RouteSource, A::Error> {
                Route::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RouteSource::from)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<RouteSource, A::Error> {
                crate::limits::at_most::<_, Route, { crate::limits::MAX_ROUTE_VERSIONS }>(
                    serde::de::value::SeqAccessDeserializer::new(seq),
                )
                .map(RouteSource::Versions)
            }
        }
        deserializer.deserialize_any(V)
    }
}
