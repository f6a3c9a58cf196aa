//! Largest-remainder allocation of an amount over lines.

use super::amount::Money;
use super::error::MoneyError;

/// Splits `total` over lines in proportion to `weights`, so that the shares
/// sum to `total` exactly, to the fen.
///
/// Each line first gets its proportional share rounded down to the fen; the
/// fen left over (fewer than the number of lines) go one each to the lines
/// with the largest remainders. Ties go to the earlier line, so the result is
/// deterministic. A line with weight zero gets nothing.
///
/// ```
/// use huiqi_core::money::{allocate, Money};
/// let m = |s| Money::parse(s).unwrap();
/// // ¥0.10 over three equal lines: 0.04 + 0.03 + 0.03
/// let shares = allocate(m("0.10"), &[m("1"), m("1"), m("1")])?;
/// assert_eq!(shares, vec![m("0.04"), m("0.03"), m("0.03")]);
/// # Ok::<(), huiqi_core::money::MoneyError>(())
/// ```
pub fn allocate(total: Money, weights: &[Money]) -> Result<Vec<Money>, MoneyError> {
    let fen: Vec<i64> = weights.iter().map(|w| w.to_fen()).collect();
    allocate_fen(total.to_fen(), &fen)?
        .into_iter()
        .map(Money::from_fen)
        .collect()
}

/// [`allocate`] on whole fen. Weights must not be negative.
pub(crate) fn allocate_fen(total: i64, weights: &[i64]) -> Result<Vec<i64>, MoneyError> {
    allocate_fen_ranked(total, weights, None)
}

/// [`allocate_fen`] with ties going to the line that comes first in
/// `order` (every line's index once) rather than to the earlier index: an
/// order's lines get the same shares however the caller lists them when
/// `order` is, say, their ids sorted.
pub(crate) fn allocate_fen_in(
    total: i64,
    weights: &[i64],
    order: &[usize],
) -> Result<Vec<i64>, MoneyError> {
    let mut rank = vec![0; weights.len()];
    for (position, &index) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(index) {
            *slot = position;
        }
    }
    allocate_fen_ranked(total, weights, Some(&rank))
}

/// [`allocate_fen`], ties going to the line of the smaller `rank` (its
/// index when `None`). One function, not one per way of ranking: each
/// would carry a sort of its own into the WebAssembly module.
fn allocate_fen_ranked(
    total: i64,
    weights: &[i64],
    rank: Option<&[usize]>,
) -> Result<Vec<i64>, MoneyError> {
    let rank = |index: usize| rank.and_then(|r| r.get(index).copied()).unwrap_or(index);
    if weights.is_empty() {
        return Err(MoneyError::NoLines);
    }
    if weights.iter().any(|w| *w < 0) {
        return Err(MoneyError::Negative {
            input: "weight".to_owned(),
        });
    }
    if let [weight] = weights {
        // One line takes it all (the common single-line order).
        return if *weight > 0 || total == 0 {
            Ok(vec![total])
        } else {
            Err(MoneyError::ZeroWeights {
                total: fen_to_text(total),
            })
        };
    }
    let weight_sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    if weight_sum == 0 {
        if total == 0 {
            return Ok(vec![0; weights.len()]);
        }
        return Err(MoneyError::ZeroWeights {
            total: fen_to_text(total),
        });
    }
    let total_wide = i128::from(total);
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given: i128 = 0;
    for (index, weight) in weights.iter().enumerate() {
        // total ≤ 10^17 and weight ≤ 10^17 (or any i64): the product fits i128.
        let product = total_wide * i128::from(*weight);
        let share = product / weight_sum;
        given += share;
        shares.push(share);
        remainders.push((product % weight_sum, index));
    }
    let mut left = total_wide - given; // < number of lines
    // Largest remainder first; ties to the line ranked first.
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(rank(a.1).cmp(&rank(b.1))));
    for (_, index) in remainders {
        if left == 0 {
            break;
        }
        if let Some(share) = shares.get_mut(index) {
            *share += 1;
            left -= 1;
        }
    }
    shares
        .into_iter()
        .map(|s| {
            i64::try_from(s).map_err(|_| MoneyError::Overflow {
                input: s.to_string(),
            })
        })
        .collect()
}

fn fen_to_text(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, (fen % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remainders_go_to_the_largest_then_the_earliest() {
        assert_eq!(allocate_fen(10, &[1, 1, 1]).unwrap(), vec![4, 3, 3]);
        assert_eq!(allocate_fen(11, &[1, 1, 1]).unwrap(), vec![4, 4, 3]);
        // 100 over 1:2 → 33.33.. and 66.66..: remainders 1 and 2 (of 3); the second wins
        assert_eq!(allocate_fen(100, &[1, 2]).unwrap(), vec![33, 67]);
        assert_eq!(allocate_fen(7, &[0, 5, 0]).unwrap(), vec![0, 7, 0]);
    }

    #[test]
    fn edge_cases() {
        assert!(matches!(allocate_fen(5, &[]), Err(MoneyError::NoLines)));
        assert!(matches!(
            allocate_fen(5, &[0, 0]),
            Err(MoneyError::ZeroWeights { .. })
        ));
        assert_eq!(allocate_fen(0, &[0, 0]).unwrap(), vec![0, 0]);
        assert_eq!(allocate_fen(0, &[3, 4]).unwrap(), vec![0, 0]);
    }
}
