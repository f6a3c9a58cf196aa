#![doc = include_str!("../README.md")]
// Plain core: no unsafe code at all. The binding features' derives (uniffi,
// pyo3) expand to unsafe FFI code; that is theirs, none is written here.
#![cfg_attr(not(any(feature = "uniffi", feature = "python")), forbid(unsafe_code))]
#![cfg_attr(any(feature = "uniffi", feature = "python"), allow(unsafe_code))]

pub mod api;
pub mod approval;
pub mod call;
mod decode;
pub mod error;
pub mod ffi;

// The `huiqi` uniffi component: its scaffolding must sit at the crate root.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("huiqi");

pub mod limits;
pub mod money;
pub mod password;
pub mod subsidy;
pub mod time;
pub mod validate;
pub mod voucher;

/// The `chrono` the API's times are (`DateTime<Utc>`, `NaiveDate`).
pub use chrono;
pub use error::{Category, Code, Error, Problem, Violations};
pub use money::{Money, Ratio, Rounding};
/// The `uuid` the API's ids are (`Uuid`, v7).
pub use uuid;
