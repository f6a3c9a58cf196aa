//! Keeps rich errors alive through serde.
//!
//! serde only carries an error's text. When one of our types fails to
//! deserialise (an amount with three decimals inside a request, say), it parks
//! the full [`Problem`] here before handing serde the English text; whoever
//! drove the deserialiser takes it back with [`recover`] and attaches the path
//! serde reached. A parked problem is only used if its text matches the final
//! error, so a stale one (from an alternative serde tried and dropped) is
//! never reported.

use std::cell::Cell;

use super::Problem;

thread_local! {
    static PARKED: Cell<Option<Problem>> = const { Cell::new(None) };
}

/// Parks `problem` and returns the serde error that carries its text.
pub(crate) fn fail<E: serde::de::Error>(problem: Problem) -> E {
    let message = problem.message_en.clone();
    // Parked first: the library's own deserialiser takes it back at once,
    // inside `E::custom`.
    PARKED.with(|cell| cell.set(Some(problem)));
    E::custom(message)
}

/// Forgets any parked problem; call before deserialising.
pub(crate) fn clear() {
    PARKED.with(|cell| cell.set(None));
}

/// Takes the parked problem back if it is the one behind `message`.
pub(crate) fn recover(message: &str) -> Option<Problem> {
    let parked = PARKED.with(Cell::take)?;
    message.starts_with(&parked.message_en).then_some(parked)
}
