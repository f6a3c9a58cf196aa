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
    /// test holds them equal). See [`FenRatio`] to apply one ratio to many
    /// amounts.
    pub fn apply_to_fen(self, fen: i64, rounding: Rounding) -> i64 {
        FenRatio::new(self, rounding).apply(fen)
    }

    /// The ratio as `numerator / 10^scale`.
    fn parts(self) -> (i64, u32) {
        // A ratio has at most 8 decimals and is at most 1: the mantissa is at most 10^8.
        (
            i64::try_from(self.0.mantissa()).unwrap_or(0),
            self.0.scale(),
        )
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

/// A ratio and a rounding rule, ready to apply to many amounts of fen.
///
/// The ratio is `numerator / 10^scale` with a scale of at most 8. Whenever
/// `fen × numerator` fits an `i64` (every amount up to 9.2 × 10^10 yuan even
/// for the finest ratio) the division is by a constant the compiler turns
/// into a multiplication; larger amounts take an exact `i128` path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FenRatio {
    numerator: i64,
    scale: u32,
    rounding: Rounding,
    /// The largest amount the `i64` path takes.
    fast_limit: i64,
}

impl FenRatio {
    /// Prepares `ratio` with `rounding`.
    pub fn new(ratio: Ratio, rounding: Rounding) -> FenRatio {
        let (numerator, scale) = ratio.parts();
        let headroom = i64::MAX - 10_i64.pow(scale.min(8));
        let fast_limit = if numerator == 0 {
            i64::MAX
        } else {
            headroom / numerator
        };
        FenRatio {
            numerator,
            scale,
            rounding,
            fast_limit,
        }
    }

    /// `fen × ratio`, rounded. Negative amounts round symmetrically.
    pub fn apply(&self, fen: i64) -> i64 {
        if (0..=self.fast_limit).contains(&fen) {
            let x = fen * self.numerator;
            match self.scale {
                0 => x,
                1 => round_div::<10>(x, self.rounding),
                2 => round_div::<100>(x, self.rounding),
                3 => round_div::<1_000>(x, self.rounding),
                4 => round_div::<10_000>(x, self.rounding),
                5 => round_div::<100_000>(x, self.rounding),
                6 => round_div::<1_000_000>(x, self.rounding),
                7 => round_div::<10_000_000>(x, self.rounding),
                _ => round_div::<100_000_000>(x, self.rounding),
            }
        } else {
            self.apply_wide(fen)
        }
    }

    /// `min(fen × ratio rounded, cap)` for each amount, into `out` (same
    /// length), returning their sum (saturating); `cap` is `i64::MAX` for
    /// none. `range` is the smallest and largest amount, which the caller
    /// has in hand from checking them. This is the batch hot loop.
    pub fn apply_all_capped(
        &self,
        bases: &[i64],
        out: &mut [i64],
        cap: i64,
        range: (i64, i64),
    ) -> i64 {
        if range.0 < 0 || range.1 > self.fast_limit {
            let mut sum: i64 = 0;
            for (b, o) in bases.iter().zip(out.iter_mut()) {
                *o = self.apply(*b).min(cap);
                sum = sum.saturating_add(*o);
            }
            return sum;
        }
        #[cfg(not(target_arch = "wasm32"))]
        if bases.len() >= PARALLEL_FROM
            && let Some(sum) = self.in_parallel(bases, out, cap)
        {
            return sum;
        }
        self.fill_fast(bases, out, cap)
    }

    /// Splits a large batch over the machine's cores. Every amount is
    /// independent, so the result is the same whatever the split. `None`
    /// when threads are not available (the caller then does the work).
    #[cfg(not(target_arch = "wasm32"))]
    fn in_parallel(&self, bases: &[i64], out: &mut [i64], cap: i64) -> Option<i64> {
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(8);
        if threads < 2 {
            return None;
        }
        let chunk = bases.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let mut sum: i64 = 0;
            let mut handles = Vec::with_capacity(threads);
            for (b, o) in bases.chunks(chunk).zip(out.chunks_mut(chunk)) {
                match std::thread::Builder::new()
                    .spawn_scoped(scope, move || self.fill_fast(b, o, cap))
                {
                    Ok(handle) => handles.push(handle),
                    // No thread to be had: this chunk is done here.
                    Err(_) => return None,
                }
            }
            for handle in handles {
                sum = sum.saturating_add(handle.join().ok()?);
            }
            Some(sum)
        })
    }

    /// The single-threaded fast loop; amounts are within `0..=fast_limit`.
    fn fill_fast(&self, bases: &[i64], out: &mut [i64], cap: i64) -> i64 {
        // One loop per scale and rule, so each divides by a constant with
        // the rounding folded into an offset: no branch per amount.
        match self.scale {
            0 => fill::<1>(bases, out, self.numerator, self.rounding, cap),
            1 => fill::<10>(bases, out, self.numerator, self.rounding, cap),
            2 => fill::<100>(bases, out, self.numerator, self.rounding, cap),
            3 => fill::<1_000>(bases, out, self.numerator, self.rounding, cap),
            4 => fill::<10_000>(bases, out, self.numerator, self.rounding, cap),
            5 => fill::<100_000>(bases, out, self.numerator, self.rounding, cap),
            6 => fill::<1_000_000>(bases, out, self.numerator, self.rounding, cap),
            7 => fill::<10_000_000>(bases, out, self.numerator, self.rounding, cap),
            _ => fill::<100_000_000>(bases, out, self.numerator, self.rounding, cap),
        }
    }

    /// The exact path for any amount, in `i128`.
    fn apply_wide(&self, fen: i64) -> i64 {
        let numerator = i128::from(fen) * i128::from(self.numerator);
        let denominator = 10_i128.pow(self.scale);
        let quotient = numerator / denominator;
        let twice_rest = 2 * (numerator % denominator).abs();
        let up = rounds_up(self.rounding, twice_rest, denominator, quotient % 2 != 0);
        let rounded = if up {
            quotient + numerator.signum()
        } else {
            quotient
        };
        // |fen × ratio| ≤ |fen| for a ratio in [0, 1]: back inside i64.
        i64::try_from(rounded).unwrap_or(fen)
    }
}

/// The batch loop for divisor `D = 10^scale`: amounts are known to be in
/// `0..=fast_limit`, so `b × m + D` fits and unsigned arithmetic is exact.
///
/// Every result is at most its amount, which is at most `fast_limit`, so the
/// `u64` sum of a slice cannot wrap before the final conversion saturates it.
// Amounts are checked to lie in 0..=fast_limit and results never exceed
// them, so the `as` casts between i64 and u64 keep every value.
fn fill<const D: u64>(bases: &[i64], out: &mut [i64], m: i64, rounding: Rounding, cap: i64) -> i64 {
    let (m, cap) = (m as u64, cap.max(0) as u64);
    // Rounding as an offset added before the division: x/D rounds down,
    // (x + D/2)/D rounds half up, (x + D/2 − 1)/D half down, (x + D − 1)/D up.
    let sum = match (D, rounding) {
        (1, _) => fill_with(bases, out, m, cap, |x| x),
        (_, Rounding::Down) => fill_with(bases, out, m, cap, |x| x / D),
        (_, Rounding::HalfTowardZero) => fill_with(bases, out, m, cap, |x| (x + (D / 2 - 1)) / D),
        (_, Rounding::HalfAwayFromZero) => fill_with(bases, out, m, cap, |x| (x + D / 2) / D),
        (_, Rounding::Up) => fill_with(bases, out, m, cap, |x| x.div_ceil(D)),
        (_, Rounding::HalfEven) => fill_with(bases, out, m, cap, |x| {
            let (q, r) = (x / D, x % D);
            q + u64::from(2 * r > D || (2 * r == D && q % 2 == 1))
        }),
    };
    i64::try_from(sum).unwrap_or(i64::MAX)
}

/// The loop itself, one copy per rounding rule; returns the sum.
#[inline(always)]
fn fill_with(bases: &[i64], out: &mut [i64], m: u64, cap: u64, round: impl Fn(u64) -> u64) -> u128 {
    // A u128 sum cannot wrap: 2^64 amounts of at most 2^63 each.
    let mut sum: u128 = 0;
    for (b, o) in bases.iter().zip(out.iter_mut()) {
        let v = round(*b as u64 * m).min(cap);
        sum += u128::from(v);
        *o = v as i64;
    }
    sum
}

/// Batches at least this long are split over the cores.
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_FROM: usize = 1 << 16;

/// `x / D` rounded by `rounding`, for `x ≥ 0`.
#[inline(always)]
fn round_div<const D: i64>(x: i64, rounding: Rounding) -> i64 {
    let quotient = x / D;
    let rest = x % D;
    quotient + i64::from(rounds_up(rounding, 2 * rest, D, quotient % 2 != 0))
}

/// Whether a quotient moves one step away from zero, given twice the
/// remainder's size, the divisor and whether the quotient is odd.
#[inline(always)]
fn rounds_up<T: PartialOrd + Default>(
    rounding: Rounding,
    twice_rest: T,
    divisor: T,
    odd: bool,
) -> bool {
    match rounding {
        Rounding::Down => false,
        Rounding::Up => twice_rest > T::default(),
        Rounding::HalfAwayFromZero => twice_rest >= divisor,
        Rounding::HalfTowardZero => twice_rest > divisor,
        Rounding::HalfEven => twice_rest > divisor || (twice_rest == divisor && odd),
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
