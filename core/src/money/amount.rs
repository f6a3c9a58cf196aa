//! [`Money`]: an exact amount of yuan, to the fen.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::MoneyError;
use super::{Ratio, Rounding};
use crate::error::{Describe, serde_bridge};

/// The largest amount, in fen: 999 999 999 999 999.99 yuan. It keeps every
/// sum and product the library forms far inside `Decimal`'s range and every
/// amount inside an `i64` of fen (for storage and array code).
pub const MAX_FEN: i64 = 99_999_999_999_999_999;

/// An exact, non-negative amount of money in yuan with exactly two decimals.
///
/// Every value is a whole number of fen between zero and [`Money::MAX`].
/// Arithmetic is checked: a sum past the maximum or a difference below zero is
/// an error, never a wrap or a panic. Money serialises as a string with two
/// decimals (`"171.50"`) and only deserialises from a string: floats lose fen.
///
/// ```
/// use huiqi_core::money::Money;
/// let price = Money::parse("¥3,768.00")?;
/// assert_eq!(price.to_string(), "3768.00");
/// assert_eq!(price.to_fen(), 376_800);
/// # Ok::<(), huiqi_core::money::MoneyError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Money {
    /// ¥0.00.
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, 2));
    /// ¥999 999 999 999 999.99, the largest amount.
    pub const MAX: Money = Money(Decimal::from_parts(
        (MAX_FEN & 0xFFFF_FFFF) as u32,
        (MAX_FEN >> 32) as u32,
        0,
        false,
        2,
    ));

    /// An amount from a whole number of fen.
    pub fn from_fen(fen: i64) -> Result<Money, MoneyError> {
        if fen < 0 {
            return Err(MoneyError::Negative {
                input: fen_text(i128::from(fen)),
            });
        }
        if fen > MAX_FEN {
            return Err(MoneyError::Overflow {
                input: fen_text(i128::from(fen)),
            });
        }
        Ok(Money(Decimal::new(fen, 2)))
    }

    /// An amount from whole yuan.
    pub fn from_yuan(yuan: i64) -> Result<Money, MoneyError> {
        let fen = yuan.checked_mul(100).ok_or_else(|| MoneyError::Overflow {
            input: yuan.to_string(),
        })?;
        Money::from_fen(fen)
    }

    /// An amount from a decimal that must already be exact to the fen.
    pub fn from_decimal(value: Decimal) -> Result<Money, MoneyError> {
        let text = value.to_string();
        if value.is_sign_negative() && !value.is_zero() {
            return Err(MoneyError::Negative { input: text });
        }
        let normalized = value.normalize();
        if normalized.scale() > 2 {
            return Err(MoneyError::TooManyDecimals { input: text });
        }
        let mut exact = normalized;
        exact.rescale(2);
        if exact.mantissa() > i128::from(MAX_FEN) {
            return Err(MoneyError::Overflow { input: text });
        }
        exact.set_sign_positive(true);
        Ok(Money(exact))
    }

    /// Reads an amount: `245`, `245.0`, `245.00`, `¥245.00`, `￥245.00`,
    /// `¥ 245.00` (as the manuals print it), `3,768.00` (commas must group
    /// thousands). Surrounding spaces are ignored. Anything else is an error that says what is wrong.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        super::parse::parse_fen(input).map(|fen| Money(Decimal::new(fen, 2)))
    }

    /// The amount as a decimal with scale 2.
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// The amount as a whole number of fen.
    pub fn to_fen(self) -> i64 {
        // The invariant keeps the mantissa within 0..=MAX_FEN.
        i64::try_from(self.0.mantissa()).unwrap_or(MAX_FEN)
    }

    /// True for ¥0.00.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// `self + other`, or an error past [`Money::MAX`].
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        let fen = self.to_fen() + other.to_fen(); // both ≤ MAX_FEN: no i64 overflow
        if fen > MAX_FEN {
            return Err(MoneyError::Overflow {
                input: format!("{self} + {other}"),
            });
        }
        Ok(Money(Decimal::new(fen, 2)))
    }

    /// `self - other`, or an error below zero.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        if other > self {
            return Err(MoneyError::Underflow {
                minuend: self.to_string(),
                subtrahend: other.to_string(),
            });
        }
        Ok(Money(Decimal::new(self.to_fen() - other.to_fen(), 2)))
    }

    /// `self - other`, or zero if `other` is larger: for "what is left under a cap".
    pub fn saturating_sub(self, other: Money) -> Money {
        if other >= self {
            Money::ZERO
        } else {
            Money(Decimal::new(self.to_fen() - other.to_fen(), 2))
        }
    }

    /// `self × ratio`, rounded to the fen by `rounding`. Never overflows: the
    /// ratio is at most 1, so the result lies within `0..=self`.
    pub fn mul_ratio(self, ratio: Ratio, rounding: Rounding) -> Money {
        Money(Decimal::new(ratio.apply_to_fen(self.to_fen(), rounding), 2))
    }

    /// Sum of amounts, or an error past [`Money::MAX`].
    pub fn sum<I: IntoIterator<Item = Money>>(amounts: I) -> Result<Money, MoneyError> {
        amounts
            .into_iter()
            .try_fold(Money::ZERO, Money::checked_add)
    }

    /// `¥245.00`.
    pub fn display_yuan(self) -> String {
        format!("¥{self}")
    }
}

impl Default for Money {
    /// ¥0.00 (with its two decimals).
    fn default() -> Money {
        Money::ZERO
    }
}

fn fen_text(fen: i128) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Scale is always 2, so Decimal's own text is exactly "245.00".
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::str::FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        Money::parse(s)
    }
}

impl TryFrom<Decimal> for Money {
    type Error = MoneyError;
    fn try_from(value: Decimal) -> Result<Money, MoneyError> {
        Money::from_decimal(value)
    }
}

impl From<Money> for Decimal {
    fn from(money: Money) -> Decimal {
        money.0
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        deserializer.deserialize_any(MoneyVisitor)
    }
}

struct MoneyVisitor;

impl MoneyVisitor {
    fn refuse<E: serde::de::Error>(found: &'static str) -> E {
        serde_bridge::fail(MoneyError::NotAString { found }.to_problem())
    }
}

impl<'de> serde::de::Visitor<'de> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::decode::words::EXPECT_AMOUNT)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Money, E> {
        Money::parse(v).map_err(|e| serde_bridge::fail(e.to_problem()))
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Money, E> {
        Err(Self::refuse("a number"))
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Money, E> {
        Err(Self::refuse("a number"))
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Money, E> {
        Err(Self::refuse("a number"))
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Money, E> {
        Err(Self::refuse("a boolean"))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Money, E> {
        Err(Self::refuse("null"))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Money, A::Error> {
        Err(Self::refuse("a list"))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> Result<Money, A::Error> {
        Err(Self::refuse("an object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_zero_with_two_decimals() {
        assert_eq!(Money::default().to_string(), "0.00");
    }

    #[test]
    fn max_is_what_it_says() {
        assert_eq!(Money::MAX.to_string(), "999999999999999.99");
        assert_eq!(Money::MAX.to_fen(), MAX_FEN);
        assert_eq!(Money::ZERO.to_string(), "0.00");
    }

    #[test]
    fn from_decimal_accepts_exact_fen_only() {
        assert_eq!(
            Money::from_decimal(Decimal::new(2455, 1))
                .unwrap()
                .to_string(),
            "245.50"
        );
        assert_eq!(
            Money::from_decimal(Decimal::new(2450000, 4))
                .unwrap()
                .to_string(),
            "245.00"
        );
        assert!(matches!(
            Money::from_decimal(Decimal::new(24555, 3)),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert!(matches!(
            Money::from_decimal(Decimal::new(-1, 2)),
            Err(MoneyError::Negative { .. })
        ));
        // negative zero is zero
        assert_eq!(
            Money::from_decimal(Decimal::new(-0, 2)).unwrap(),
            Money::ZERO
        );
    }

    #[test]
    fn checked_arithmetic() {
        let a = Money::parse("245.00").unwrap();
        let b = Money::parse("73.50").unwrap();
        assert_eq!(a.checked_sub(b).unwrap().to_string(), "171.50");
        assert!(matches!(
            b.checked_sub(a),
            Err(MoneyError::Underflow { .. })
        ));
        assert_eq!(b.saturating_sub(a), Money::ZERO);
        assert!(matches!(
            Money::MAX.checked_add(Money::from_fen(1).unwrap()),
            Err(MoneyError::Overflow { .. })
        ));
        assert_eq!(
            Money::from_fen(-1).unwrap_err().to_string(),
            "amount `-0.01` is negative"
        );
    }

    #[test]
    fn mul_ratio_rounds_half_away_from_zero_by_default() {
        let r = Ratio::parse("30%").unwrap();
        assert_eq!(
            Money::parse("245")
                .unwrap()
                .mul_ratio(r, Rounding::default())
                .to_string(),
            "73.50"
        );
        // 0.05 × 0.5 = 0.025 → 0.03 half away from zero, 0.02 half even
        let half = Ratio::parse("0.5").unwrap();
        let m = Money::parse("0.05").unwrap();
        assert_eq!(
            m.mul_ratio(half, Rounding::HalfAwayFromZero).to_string(),
            "0.03"
        );
        assert_eq!(m.mul_ratio(half, Rounding::HalfEven).to_string(), "0.02");
        assert_eq!(m.mul_ratio(half, Rounding::Down).to_string(), "0.02");
        assert_eq!(m.mul_ratio(half, Rounding::Up).to_string(), "0.03");
        assert_eq!(
            m.mul_ratio(half, Rounding::HalfTowardZero).to_string(),
            "0.02"
        );
    }

    /// The integer path against rust_decimal's own rounding, as the oracle.
    #[test]
    fn integer_rounding_matches_decimal_rounding() {
        let ratios = [
            "0",
            "0.3",
            "30%",
            "0.333",
            "12.5%",
            "0.00000001",
            "0.99999999",
            "1",
            "0.05",
            "50%",
        ];
        for r in ratios {
            let ratio = Ratio::parse(r).unwrap();
            for fen in [
                0, 1, 2, 3, 5, 7, 15, 25, 35, 45, 99, 101, 24500, 376800, 1_000_001, MAX_FEN,
            ] {
                for rounding in Rounding::ALL {
                    let oracle = (Decimal::new(fen, 2) * ratio.as_decimal())
                        .round_dp_with_strategy(2, rounding.strategy());
                    let fast = Money::from_fen(fen).unwrap().mul_ratio(ratio, rounding);
                    assert_eq!(fast.as_decimal(), oracle, "{fen} fen × {r} ({rounding})");
                }
            }
        }
    }

    #[test]
    fn serde_is_strings_only() {
        let m: Money = serde_json::from_str("\"¥1,234.5\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"1234.50\"");
        let err = serde_json::from_str::<Money>("245.0").unwrap_err();
        assert!(
            err.to_string().contains("must be given as a string"),
            "{err}"
        );
    }
}
