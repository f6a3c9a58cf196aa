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
                f.write_str(crate::decode::words::EXPECT_RATIO)
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
        // Fewest decimals (0.30 → 3/10): smaller products stay in the
        // batch loop's 32-bit lanes for larger amounts.
        let (mut numerator, mut scale) = ratio.parts();
        while scale > 0 && numerator % 10 == 0 {
            numerator /= 10;
            scale -= 1;
        }
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
            && let Some(sum) = self.in_parallel(bases, out, cap, range.1)
        {
            return sum;
        }
        self.fill_fast(bases, out, cap, range.1)
    }

    /// Splits a large batch over the machine's cores. Every amount is
    /// independent, so the result is the same whatever the split. `None`
    /// when threads are not available (the caller then does the work).
    #[cfg(not(target_arch = "wasm32"))]
    fn in_parallel(&self, bases: &[i64], out: &mut [i64], cap: i64, max: i64) -> Option<i64> {
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
                    .spawn_scoped(scope, move || self.fill_fast(b, o, cap, max))
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

    /// The single-threaded fast loop; amounts are within `0..=max`, and
    /// `max` is at most `fast_limit`.
    fn fill_fast(&self, bases: &[i64], out: &mut [i64], cap: i64, max: i64) -> i64 {
        // One loop per scale and rule, so each divides by a constant with
        // the rounding folded into an offset: no branch per amount.
        let (n, r) = (self.numerator, self.rounding);
        match self.scale {
            0 => fill::<1>(bases, out, n, r, cap, max),
            1 => fill::<10>(bases, out, n, r, cap, max),
            2 => fill::<100>(bases, out, n, r, cap, max),
            3 => fill::<1_000>(bases, out, n, r, cap, max),
            4 => fill::<10_000>(bases, out, n, r, cap, max),
            5 => fill::<100_000>(bases, out, n, r, cap, max),
            6 => fill::<1_000_000>(bases, out, n, r, cap, max),
            7 => fill::<10_000_000>(bases, out, n, r, cap, max),
            _ => fill::<100_000_000>(bases, out, n, r, cap, max),
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

/// Picks the loop for `D` and the rounding rule, on lanes of type `$lane`:
/// rounding as an offset added before the division (x/D rounds down,
/// (x + D/2)/D half up, (x + D/2 − 1)/D half down, (x + D − 1)/D up).
/// A macro because the same closures serve two lane widths.
macro_rules! rounded {
    ($lane:ty, $fill:ident, $bases:ident, $out:ident, $m:ident, $cap:ident, $rounding:ident) => {{
        let d = D as $lane;
        let m = $m as $lane;
        match (D, $rounding) {
            (1, _) => $fill($bases, $out, $cap, |b| b as $lane * m),
            (_, Rounding::Down) => $fill($bases, $out, $cap, |b| b as $lane * m / d),
            (_, Rounding::HalfTowardZero) => {
                $fill($bases, $out, $cap, |b| (b as $lane * m + (d / 2 - 1)) / d)
            }
            (_, Rounding::HalfAwayFromZero) => {
                $fill($bases, $out, $cap, |b| (b as $lane * m + d / 2) / d)
            }
            (_, Rounding::Up) => $fill($bases, $out, $cap, |b| (b as $lane * m).div_ceil(d)),
            (_, Rounding::HalfEven) => $fill($bases, $out, $cap, |b| {
                let x = b as $lane * m;
                let (q, r) = (x / d, x % d);
                q + <$lane>::from(2 * r > d || (2 * r == d && q % 2 == 1))
            }),
        }
    }};
}

/// The batch loop for divisor `D = 10^scale`: amounts are known to be in
/// `0..=max` with `max ≤ fast_limit`, so `b × m + D` fits and unsigned
/// arithmetic is exact. The sum saturates at `i64::MAX`.
// Amounts lie in 0..=max and results never exceed them, so the `as` casts
// between i64, u64 and (when `narrow`) u32 keep every value; with m = 0 a
// truncated amount is multiplied by zero anyway.
fn fill<const D: u64>(
    bases: &[i64],
    out: &mut [i64],
    m: i64,
    rounding: Rounding,
    cap: i64,
    max: i64,
) -> i64 {
    let (m, cap) = (m as u64, cap.max(0) as u64);
    // When every `amount × m + D` fits 32 bits (at 30%, any batch whose
    // largest order is below about ¥14 million), the loop runs on u32
    // lanes, which the compiler vectorises; 64-bit division by a constant
    // has no vector form on the baseline x86-64 target.
    let narrow = (max as u64)
        .checked_mul(m)
        .and_then(|x| x.checked_add(D))
        .is_some_and(|x| x <= u64::from(u32::MAX));
    let sum = if narrow {
        rounded!(u32, fill_narrow, bases, out, m, cap, rounding)
    } else {
        rounded!(u64, fill_wide, bases, out, m, cap, rounding)
    };
    i64::try_from(sum).unwrap_or(i64::MAX)
}

/// The loop on 64-bit lanes; returns the sum. A u128 sum cannot wrap: 2^64
/// amounts of at most 2^63 each.
#[inline(always)]
fn fill_wide(bases: &[i64], out: &mut [i64], cap: u64, subsidy: impl Fn(i64) -> u64) -> u128 {
    let mut sum: u128 = 0;
    for (b, o) in bases.iter().zip(out.iter_mut()) {
        let v = subsidy(*b).min(cap);
        sum += u128::from(v);
        *o = v as i64;
    }
    sum
}

/// The loop on 32-bit lanes; returns the sum, kept in u64 per block of
/// 2^20 amounts (each below 2^32, so a block's sum cannot wrap).
#[inline(always)]
fn fill_narrow(bases: &[i64], out: &mut [i64], cap: u64, subsidy: impl Fn(i64) -> u32) -> u128 {
    const BLOCK: usize = 1 << 20;
    // The cap compared in 32 bits too: a 64-bit `min` defeats the vector
    // code and costs a mispredicted branch per capped order.
    let cap = u32::try_from(cap).unwrap_or(u32::MAX);
    let mut sum: u128 = 0;
    for (bases, out) in bases.chunks(BLOCK).zip(out.chunks_mut(BLOCK)) {
        let mut block: u64 = 0;
        for (b, o) in bases.iter().zip(out.iter_mut()) {
            let v = subsidy(*b).min(cap);
            block += u64::from(v);
            *o = v as i64;
        }
        sum += u128::from(block);
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

    /// Both lane widths of the batch loop round every remainder class like
    /// `apply`: amounts around each half and whole multiple of the divisor,
    /// once small (32-bit lanes) and once shifted by a multiple of the
    /// divisor past 2^33 (64-bit lanes, same remainders).
    #[test]
    fn batch_lanes_round_every_boundary_like_apply() {
        let mut lanes = [0, 0]; // batches run on 32-bit and on 64-bit lanes
        for (numerator, scale) in [
            (1, 1),
            (3, 1),
            (1, 2),
            (30, 2),
            (7, 3),
            (4_999, 4),
            (1, 8),
            (33_333_333, 8),
        ] {
            let ratio = Ratio::from_decimal(Decimal::new(numerator, scale)).unwrap();
            let divisor = 10_i64.pow(scale);
            let mut small: Vec<i64> = (0..3_000).collect();
            for j in 0..8 {
                let at = j * divisor / 2 / numerator;
                small.extend((at - 2).max(0)..=at + 2);
            }
            let shift = divisor * ((1_i64 << 33) / divisor + 1);
            let large: Vec<i64> = small.iter().map(|b| b + shift).collect();
            for rounding in Rounding::ALL {
                let fen_ratio = FenRatio::new(ratio, rounding);
                for bases in [&small, &large] {
                    let max = bases.iter().copied().max().unwrap();
                    let top = max * fen_ratio.numerator + 10_i64.pow(fen_ratio.scale);
                    lanes[usize::from(top > i64::from(u32::MAX))] += 1;
                    let mut out = vec![-1; bases.len()];
                    fen_ratio.apply_all_capped(bases, &mut out, i64::MAX, (0, max));
                    for (b, got) in bases.iter().zip(&out) {
                        assert_eq!(*got, fen_ratio.apply(*b), "{b} × {ratio} {rounding:?}");
                    }
                }
            }
        }
        assert!(lanes[0] >= 30 && lanes[1] >= 40, "{lanes:?}");
    }

    #[test]
    fn json_numbers_are_refused() {
        assert!(serde_json::from_str::<Ratio>("0.3").is_err());
        assert!(serde_json::from_str::<Ratio>("\"0.3\"").is_ok());
    }
}
