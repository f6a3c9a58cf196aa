//! A route given whole in a submission ([`RouteSource::Inline`]), shared
//! by every request that clones it, with what the engine learns of it
//! learned once: its static check's problems, and the tokens its
//! fingerprint hashes.
//!
//! A route is most of a submission's bytes and never changes once loaded.
//! Checking it and writing its tokens were about two thirds of the cost of
//! a submission, paid again by every submission on the same route. A host
//! that keeps the route (a `RouteSource` cloned per request in Rust, a
//! `Route` object in Python) now pays them once per route.
//!
//! So is the snapshot of each branch an application keeps
//! ([`RouteSnapshot`](super::RouteSnapshot)): every application on the
//! branch shares one, rather than holding a copy of its stages (a host
//! holding a million applications on one route held a million copies,
//! and each submission spent ≈ 6,000 instructions copying the stages and
//! freeing them again, issue 9's Python benchmark).
//!
//! [`RouteSource::Inline`]: super::RouteSource::Inline

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::route::{BranchView, Route};
use super::state::{RouteSnapshot, SharedRoute};
use crate::error::Problem;

/// One route, shared rather than copied (a clone is a pointer copy), with
/// its static check and fingerprint tokens worked out on first use (the
/// tokens cost a copy of bytes the fingerprint writes anyway). Reads
/// as the route itself (`inline.stages`); crosses JSON and every binding
/// as a route.
#[derive(Clone)]
pub struct InlineRoute(Arc<Shared>);

struct Shared {
    route: Route,
    learned: OnceLock<Learned>,
}

/// What is worked out once per route.
pub(crate) struct Learned {
    /// Every problem [`check()`](super::check()) finds (none: it passed).
    pub(crate) problems: Vec<Problem>,
    /// The route's tokens, as the fingerprint writes them.
    pub(crate) tokens: Box<[u8]>,
    /// The snapshot of each branch (in `branch_views` order), made when
    /// the first application takes it.
    snapshots: Box<[OnceLock<SharedRoute>]>,
}

/// The name the route serializes under as a newtype, by which the
/// fingerprint's writer knows where its learned tokens go. Every other
/// serializer sees through a newtype to the route.
pub(crate) const NEWTYPE: &str = "$huiqi::InlineRoute";

impl InlineRoute {
    /// Shares `route`.
    pub fn new(route: Route) -> InlineRoute {
        InlineRoute(Arc::new(Shared {
            route,
            learned: OnceLock::new(),
        }))
    }

    /// The route.
    pub fn route(&self) -> &Route {
        &self.0.route
    }

    /// Its check and tokens, worked out now if they were not yet.
    pub(crate) fn learned(&self) -> &Learned {
        self.0.learned.get_or_init(|| Learned {
            problems: super::check::check(&self.0.route),
            tokens: super::fingerprint::tokens_of(&self.0.route),
            snapshots: self
                .0
                .route
                .branch_views()
                .map(|_| OnceLock::new())
                .collect(),
        })
    }

    /// The snapshot an application on `branch` (a branch of this route)
    /// keeps: the one every application on it shares, made by `make` for
    /// the first.
    pub(crate) fn snapshot(
        &self,
        branch: &BranchView<'_>,
        make: impl FnOnce() -> RouteSnapshot,
    ) -> SharedRoute {
        match self.learned().snapshots.get(branch.index) {
            Some(kept) => kept.get_or_init(|| make().into()).clone(),
            // Not a branch of this route: made, not kept.
            None => make().into(),
        }
    }
}

impl From<Route> for InlineRoute {
    fn from(route: Route) -> InlineRoute {
        InlineRoute::new(route)
    }
}

impl std::ops::Deref for InlineRoute {
    type Target = Route;
    fn deref(&self) -> &Route {
        &self.0.route
    }
}

impl PartialEq for InlineRoute {
    fn eq(&self, other: &InlineRoute) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.route == other.0.route
    }
}

impl Eq for InlineRoute {}

impl std::fmt::Debug for InlineRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.route.fmt(f)
    }
}

impl Serialize for InlineRoute {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(NEWTYPE, &self.0.route)
    }
}

impl<'de> Deserialize<'de> for InlineRoute {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<InlineRoute, D::Error> {
        Route::deserialize(deserializer).map(InlineRoute::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::approval::preset_route;

    fn route() -> Route {
        preset_route("seal", &Default::default()).expect("seal ships")
    }

    #[test]
    fn it_reads_and_writes_as_the_route_itself() {
        let route = route();
        let inline = InlineRoute::new(route.clone());
        assert_eq!(
            serde_json::to_value(&inline).expect("json"),
            serde_json::to_value(&route).expect("json")
        );
        let back: InlineRoute =
            serde_json::from_value(serde_json::to_value(&route).expect("json")).expect("read");
        assert_eq!(back.route(), &route);
        assert_eq!(back, inline);
    }

    #[test]
    fn it_is_learned_once_and_shared_by_its_clones() {
        let inline = InlineRoute::new(route());
        let clone = inline.clone();
        let first: *const Learned = clone.learned();
        assert!(std::ptr::eq(first, inline.learned()));
        assert!(inline.learned().problems.is_empty());
        assert_eq!(
            &*inline.learned().tokens,
            &*super::super::fingerprint::tokens_of(&route())
        );
    }

    #[test]
    fn a_route_that_fails_its_check_keeps_every_problem() {
        let mut bad = route();
        bad.stages.clear();
        bad.branches.clear();
        let inline = InlineRoute::new(bad.clone());
        assert_eq!(inline.learned().problems, crate::approval::check(&bad));
        assert!(!inline.learned().problems.is_empty());
    }
}
