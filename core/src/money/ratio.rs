//! [`Ratio`]: a share between 0 and 1, such as a subsidy rate.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Rounding;
use super::error::MoneyError;
use crate::error::{Describe, serde_bridge};

/// The finest ratio the library accepts: 8 decimals (0.00000001, or a
/// millionth of a percent). It bounds every product with an amount.
const MAX_RATIO_SCALE: u32 = 8;

/// A ratio in `[0, 1]`, exact, written `0.30` or `30%`.
///
/// ```
/// use huiqi_core::money::Ratio;
/// assert_eq!(Ratio::parse("30%")?, Ratio::parse("0.3")?);
/// assert_eq!(Ratio::parse("30%")?.percent_text(), "30%");
/// # Ok::<(), huiqi_core::money::MoneyError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ratio(Decimal);

impl Ratio {
    /// 0.
    pub const ZERO: Ratio = Ratio(Decimal::ZERO);
    /// 1 (100%).
    pub const ONE: Ratio = Ratio(Decimal::ONE);

    /// Reads `0.30`, `.3` is refused, `30%`, `12.5%`.
    pub fn parse(input: &str) -> Result<Ratio, MoneyError> {
        let invalid = || MoneyError::InvalidRatio {
            input: input.to_owned(),
        };
        let text = input.trim();
        let (number, percent) = match text.strip_suffix('%') {
            Some(n) => (n.trim_end(), true),
            None => (text, false),
        };
        let well_formed = match number.split_once('.') {
            Some((w, f)) => is_digits(w) && is_digits(f),
            None => is_digits(number),
        };
        if !well_formed {
            return Err(invalid());
        }
        let value: Decimal = number.parse().map_err(|_| invalid())?;
        let value = if percent {
            value / Decimal::ONE_HUNDRED
        } else {
            value
        };
        Ratio::from_decimal(value).map_err(|_| invalid())
    }

    /// A ratio from a decimal in `[0, 1]` with at most 8 decimals.
    pub fn from_decimal(value: Decimal) -> Result<Ratio, MoneyError> {
        let invalid = || MoneyError::InvalidRatio {
            input: value.to_string(),
        };
        if value.is_sign_negative() && !value.is_zero() || value > Decimal::ONE {
            return Err(invalid());
        }
        if value.normalize().scale() > MAX_RATIO_SCALE {
            return Err(invalid());
        }
        let mut v = value;
        v.set_sign_positive(true);
        Ok(Ratio(v))
    }

    /// The ratio as a decimal.
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// `fen × ratio`, rounded to a whole fen by `rounding`, in integers.
    ///
    /// Exact, like the decimal product rounded to two places (a property
    /// test holds them equal), and fast enough for millions of quotes. The
    /// ratio is `m / 10^s` with `s ≤ 8`, so `fen × m` stays far inside `i128`.
    pub fn apply_to_fen(self, fen: i64, rounding: Rounding) -> i64 {
        let numerator = i128::from(fen) * self.0.mantissa();
        let denominator = 10_i128.pow(self.0.scale());
        let quotient = numerator / denominator;
        let twice_rest = 2 * (numerator % denominator).abs();
        let up = match rounding {
            Rounding::Down => false,
            Rounding::Up => twice_rest > 0,
            Rounding::HalfAwayFromZero => twice_rest >= denominator,
            Rounding::HalfTowardZero => twice_rest > denominator,
            Rounding::HalfEven => {
                twice_rest > denominator || (twice_rest == denominator && quotient % 2 != 0)
            }
        };
        let rounded = if up {
            quotient + numerator.signum()
        } else {
            quotient
        };
        // |fen × ratio| ≤ |fen| for a ratio in [0, 1]: back inside i64.
        i64::try_from(rounded).unwrap_or(fen)
    }

    /// `30%`, `12.5%`.
    pub fn percent_text(self) -> String {
        format!("{}%", (self.0 * Decimal::ONE_HUNDRED).normalize())
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Ratio, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Ratio;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a ratio as a string, such as \"0.30\" or \"30%\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Ratio, E> {
                Ratio::parse(v).map_err(|e| serde_bridge::fail(e.to_problem()))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Ratio, E> {
                Err(number_refused())
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Ratio, E> {
                Err(number_refused())
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Ratio, E> {
                Err(number_refused())
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A ratio given as a JSON or TOML number: refused, floats are inexact.
fn number_refused<E: serde::de::Error>() -> E {
    serde_bridge::fail(MoneyError::RatioNotAString.to_problem())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_decimals_and_percents() {
        assert_eq!(Ratio::parse("0.30").unwrap().to_string(), "0.30");
        assert_eq!(
            Ratio::parse("30%").unwrap().as_decimal(),
            Decimal::new(3, 1)
        );
        assert_eq!(Ratio::parse("12.5%").unwrap().percent_text(), "12.5%");
        assert_eq!(Ratio::parse("1").unwrap(), Ratio::ONE);
        assert_eq!(Ratio::parse("0").unwrap(), Ratio::ZERO);
        assert_eq!(Ratio::parse("100%").unwrap(), Ratio::ONE);
    }

    #[test]
    fn refuses_out_of_range_and_garbage() {
        for bad in [
            "",
            "abc",
            "-0.1",
            "1.01",
            "101%",
            ".3",
            "3.",
            "0.123456789",
            "30 %%",
            "1e-1",
            "NaN",
        ] {
            assert!(Ratio::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn json_numbers_are_refused() {
        assert!(serde_json::from_str::<Ratio>("0.3").is_err());
        assert!(serde_json::from_str::<Ratio>("\"0.3\"").is_ok());
    }
}
