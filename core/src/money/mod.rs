//! Exact money: amounts, ratios, rounding rules and allocation.
//!
//! All money is [`Money`]: yuan with exactly two decimals (fen), over
//! `rust_decimal`, never a float. Every rounding names its [`Rounding`] rule;
//! the default is 四舍五入 (half away from zero).

mod allocate;
mod amount;
mod error;
mod parse;
mod quantity;
mod ratio;
mod rounding;
pub mod text;

pub use allocate::allocate;
pub(crate) use allocate::allocate_fen_in;
pub use amount::{MAX_FEN, Money};
pub use error::MoneyError;
pub use quantity::parse_quantity;
pub use ratio::{FenRatio, Ratio};
pub use rounding::Rounding;
