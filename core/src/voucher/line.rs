//! An order line: what is bought, from whom, for how much.

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// One line of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct OrderLine {
    /// Line identifier, unique within the order.
    pub id: String,
    /// Product identifier.
    pub product: String,
    /// Product category, if known.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Provider identifier, if known.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Unit price of the chosen spec.
    pub unit_price: Money,
    /// Quantity, at least 1.
    #[cfg_attr(feature = "uniffi", uniffi(default = 1))]
    #[serde(default = "one")]
    pub quantity: u32,
}

fn one() -> u32 {
    1
}

impl OrderLine {
    /// A line of quantity 1 with no category or provider.
    pub fn simple(id: &str, product: &str, price: Money) -> OrderLine {
        OrderLine {
            id: id.to_owned(),
            product: product.to_owned(),
            category: None,
            provider: None,
            unit_price: price,
            quantity: 1,
        }
    }
}
