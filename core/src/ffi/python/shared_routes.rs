//! The `Route` objects the last submissions were given, each with its
//! route shared ([`InlineRoute`]): a submission on a `Route` object
//! already seen copies no route and checks and hashes none, its check and
//! fingerprint tokens being learned once per object.
//!
//! Kept by identity, with a reference to each object (so an address is
//! never taken for another's): a `Route` is frozen, so the object is the
//! route. The last [`KEPT`] objects stay alive while kept, a few routes'
//! worth of memory.

use std::sync::Mutex;

use pyo3::prelude::*;

use crate::approval::{InlineRoute, Route};

/// How many `Route` objects are kept: more than the routes a portal
/// submits on at once.
const KEPT: usize = 8;

/// The objects kept, the most recently used last.
static KEPT_ROUTES: Mutex<Vec<(Py<Route>, InlineRoute)>> = Mutex::new(Vec::new());

/// `route` shared: the share kept for the object, or a new one kept from
/// now on.
pub(super) fn shared_route(route: &Bound<'_, Route>) -> InlineRoute {
    // Only a panic while holding the lock poisons it, and nothing here
    // panics; a poisoned list is simply not used.
    let Ok(mut kept) = KEPT_ROUTES.lock() else {
        return InlineRoute::new(route.get().clone());
    };
    if let Some(i) = kept.iter().rposition(|(obj, _)| obj.is(route)) {
        let entry = kept.remove(i);
        let share = entry.1.clone();
        kept.push(entry);
        return share;
    }
    let share = InlineRoute::new(route.get().clone());
    if kept.len() >= KEPT {
        kept.remove(0);
    }
    kept.push((route.clone().unbind(), share.clone()));
    share
}
