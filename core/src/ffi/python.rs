//! The core's side of the `huiqi` Python module (pyo3): the Python forms of
//! the library's scalar types, the one exception tree, the few methods the
//! core's classes carry in Python, and the conversion of Python requests to
//! the JSON values the core decodes strictly. The binding crate
//! (`bindings-python`) gathers these and exports one function per operation
//! of the table.
//!
//! Answers are the core's own types as frozen classes (`get_all`): a money
//! attribute becomes a `decimal.Decimal` only when it is read, codes and
//! enumerations are `str`, dates `datetime.date`.

mod approval;
mod classes;
mod errors;
mod fast_read;
mod pickling;
mod plain_request;
mod scalars;
mod shared_routes;
mod value;

use pyo3::prelude::*;

use crate::{api, approval as a, subsidy as s, validate as v, voucher as w};
use approval::ApprovalStream;
pub use approval::read_decide_request;
pub use errors::{guard, raise};
pub use fast_read::read_fast;
pub use scalars::decimal_class;
pub use value::{
    Number, from_value, inexact, money_value, number, refused, text, to_value, to_value_at,
};

/// Adds the exception tree and every class of the core to module `m`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    add_classes(m)
}

// Every class of the core, once. Those the strict reading reads back pickle
// as their JSON text (`pickling`). The others: the policies pickle through
// their own `from_json`; a stream changes in place (its `state` pickles);
// a scenario's report and its parts are only written, never read.
pickling::classes! {
    pickled_as_json: [
        crate::Problem,
        api::OperationList,
        api::OperationInfo,
        api::ParsedAmount,
        api::Allocation,
        api::QuoteAnswer,
        api::Reason,
        api::BatchAnswer,
        api::LoadedPolicies,
        api::PricedOrder,
        api::Wallet,
        api::VoucherUsability,
        api::GrabAnswer,
        api::Verdict,
        api::UsccVerdict,
        api::ResidentIdVerdict,
        api::PasswordHash,
        api::Verification,
        s::Caps,
        s::Eligibility,
        s::SubsidyQuote,
        s::Headroom,
        s::ExplanationLine,
        w::Voucher,
        w::VoucherScope,
        w::Offer,
        w::OfferedVoucher,
        w::RefusedVoucher,
        w::AppliedVoucher,
        w::LineShare,
        w::LinePricing,
        v::UsccInfo,
        v::Named,
        v::ResidentIdInfo,
        crate::password::AllowedCharacters,
        api::RoutePreview,
        api::Decided,
        api::Replayed,
        api::History,
        a::HistoryStep,
        a::StageRef,
        api::AllowedActions,
        api::ListedApplication,
        api::ApplicationList,
        a::Route,
        a::Branch,
        a::Condition,
        a::RouteStage,
        a::Actor,
        a::Slot,
        a::SlotDecision,
        a::RouteSnapshot,
        a::Upload,
        a::Application,
        a::RequestRef,
        a::Event,
        a::Decision,
        a::Allowed,
    ],
    other: [
        ApprovalStream,
        s::SubsidyPolicy,
        crate::password::PasswordPolicy,
        a::ScenarioReport,
        a::FinalState,
        a::TodoItem,
    ],
}
