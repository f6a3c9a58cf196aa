#![doc = include_str!("../README.md")]

pub mod call;
mod decode;
pub mod error;
pub mod limits;
pub mod money;
pub mod password;
pub mod subsidy;
pub mod time;
pub mod validate;
pub mod voucher;

pub use error::{Category, Code, Error, Problem, Violations};
pub use money::{Money, Ratio, Rounding};
