//! Named rounding rules. Every rounding in the library names one.

#[cfg(test)]
use rust_decimal::RoundingStrategy;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::MoneyError;
use crate::error::{Describe, serde_bridge};

/// How a result finer than the fen is brought to the fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Rounding {
    /// 四舍五入: halves go away from zero (0.025 → 0.03). The default.
    #[default]
    HalfAwayFromZero,
    /// Banker's rounding: halves go to the even fen (0.025 → 0.02).
    HalfEven,
    /// 五舍六入: halves go toward zero (0.025 → 0.02).
    HalfTowardZero,
    /// 进一: any remainder rounds away from zero (0.021 → 0.03).
    Up,
    /// 去尾: any remainder is dropped (0.029 → 0.02).
    Down,
}

impl Rounding {
    /// Every rule, for documentation and tests.
    pub const ALL: [Rounding; 5] = [
        Rounding::HalfAwayFromZero,
        Rounding::HalfEven,
        Rounding::HalfTowardZero,
        Rounding::Up,
        Rounding::Down,
    ];

    /// The rule's stable name.
    pub const fn name(self) -> &'static str {
        match self {
            Rounding::HalfAwayFromZero => "half_away_from_zero",
            Rounding::HalfEven => "half_even",
            Rounding::HalfTowardZero => "half_toward_zero",
            Rounding::Up => "up",
            Rounding::Down => "down",
        }
    }

    /// The rule's Chinese name.
    pub const fn name_zh(self) -> &'static str {
        match self {
            Rounding::HalfAwayFromZero => "四舍五入",
            Rounding::HalfEven => "银行家舍入",
            Rounding::HalfTowardZero => "五舍六入",
            Rounding::Up => "进一",
            Rounding::Down => "去尾",
        }
    }

    /// Looks a rule up by name (English or Chinese).
    pub fn from_name(name: &str) -> Result<Rounding, MoneyError> {
        Rounding::ALL
            .into_iter()
            .find(|r| r.name() == name || r.name_zh() == name)
            .ok_or_else(|| MoneyError::UnknownRounding {
                input: name.to_owned(),
            })
    }

    /// rust_decimal's name for the rule; the tests use decimal rounding as
    /// the oracle for the integer arithmetic the library does.
    #[cfg(test)]
    pub(crate) const fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::HalfTowardZero => RoundingStrategy::MidpointTowardZero,
            Rounding::Up => RoundingStrategy::AwayFromZero,
            Rounding::Down => RoundingStrategy::ToZero,
        }
    }
}

impl std::fmt::Display for Rounding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Rounding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Rounding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rounding, D::Error> {
        let name = String::deserialize(deserializer)?;
        Rounding::from_name(&name).map_err(|e| serde_bridge::fail(e.to_problem()))
    }
}
