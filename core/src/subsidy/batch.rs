//! Quoting many orders at once, on whole fen: for analysts simulating a
//! policy over millions of orders, and for the bindings' array calls.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::policy::SubsidyPolicy;
use super::quote::{EnterpriseStanding, Limits, SubsidyUsage};
use crate::error::{Code, Problem};
use crate::money::{FenRatio, MAX_FEN, Money};

/// What every order of a batch shares.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct BatchTerms {
    /// The order date, Asia/Shanghai.
    #[serde(with = "crate::time::date")]
    pub date: NaiveDate,
    /// The enterprise's standing.
    pub enterprise: EnterpriseStanding,
    /// The orders' category, if the policy restricts categories.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub category: Option<String>,
    /// The orders' provider, if the policy restricts providers.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub provider: Option<String>,
    /// Subsidy already granted before the first order of the batch.
    #[serde(default)]
    pub usage: SubsidyUsage,
    /// When true, the orders come one after another: each subsidy granted
    /// draws down the budget pool and the yearly cap for the next order (a
    /// simulation of the budget running out). When false, every order is
    /// quoted against the same usage, as if it were the only one.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub draw_down: bool,
}

impl SubsidyPolicy {
    /// Quotes one subsidy per base amount (in fen), writing them to `out`,
    /// and returns their sum in fen. Each result is exactly what
    /// [`SubsidyPolicy::quote`] gives for that amount.
    ///
    /// ```
    /// use huiqi_core::subsidy::{preset, BatchTerms, EnterpriseStanding};
    /// let henan = preset("henan")?;
    /// let terms = BatchTerms {
    ///     date: chrono::NaiveDate::from_ymd_opt(2018, 7, 24).unwrap(),
    ///     enterprise: EnterpriseStanding::certified_and_claimed(),
    ///     ..Default::default()
    /// };
    /// let mut subsidies = [0; 3];
    /// let total = henan.quote_batch_fen(&terms, &[24_500, 5, 1], &mut subsidies)?;
    /// assert_eq!(subsidies, [7_350, 2, 0]); // ¥73.50, ¥0.015 → ¥0.02, ¥0.003 → ¥0.00
    /// assert_eq!(total, 7_352);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quote_batch_fen(
        &self,
        terms: &BatchTerms,
        bases: &[i64],
        out: &mut [i64],
    ) -> Result<i64, Problem> {
        if out.len() != bases.len() {
            return Err(Problem::new(
                Code::InvalidRequest,
                Some("out"),
                format!("输出长度 {} 与订单数 {} 不一致", out.len(), bases.len()),
                format!(
                    "the output holds {} items for {} orders",
                    out.len(),
                    bases.len()
                ),
            ));
        }
        // One pass for the range; the offending index is looked for only on failure.
        let range = bases
            .iter()
            .fold((0_i64, 0_i64), |(lo, hi), b| (lo.min(*b), hi.max(*b)));
        if let Some((index, base)) = (range.0 < 0 || range.1 > MAX_FEN)
            .then(|| {
                bases
                    .iter()
                    .enumerate()
                    .find(|(_, b)| !(0..=MAX_FEN).contains(*b))
            })
            .flatten()
        {
            // Named by its place in the array, counted from 0 as the field
            // is: "amount 0" read as the first or as none.
            let at = format!("order_totals_fen[{index}]");
            let (zh, en) = if *base < 0 {
                (
                    format!("`{at}` 为负数：{base} 分"),
                    format!("`{at}` is negative: {base} fen"),
                )
            } else {
                (
                    format!("`{at}` 超出支持的最大金额：{base} 分"),
                    format!("`{at}` is larger than the largest supported amount: {base} fen"),
                )
            };
            let code = if *base < 0 {
                Code::MoneyNegative
            } else {
                Code::MoneyOverflow
            };
            return Err(Problem::new(code, Some(&at), zh, en));
        }

        if !self.eligible(terms) {
            out.fill(0);
            return Ok(0);
        }

        let mut limits = self.limits(&terms.usage);
        let ratio = FenRatio::new(self.ratio, self.rounding);
        if !terms.draw_down {
            return Ok(ratio.apply_all_capped(bases, out, limits.tightest(), range));
        }
        ratio.apply_all_capped(bases, out, i64::MAX, range);
        let mut total: i64 = 0;
        for subsidy in out.iter_mut() {
            let (s, _) = limits.apply(*subsidy);
            limits.year_left = limits.year_left.map(|l| l - s);
            limits.pool_left = limits.pool_left.map(|l| l - s);
            *subsidy = s;
            total = total.saturating_add(s);
        }
        Ok(total)
    }

    /// The subsidy on `terms`, prepared for orders that come one at a time
    /// (a page quoting as the buyer types): each is quoted on its own, as
    /// in a batch without draw-down, and gets what [`SubsidyPolicy::quote`]
    /// gives it.
    ///
    /// ```
    /// use huiqi_core::subsidy::{preset, BatchTerms, EnterpriseStanding};
    /// let henan = preset("henan")?;
    /// let quoter = henan.fen_quoter(&BatchTerms {
    ///     date: chrono::NaiveDate::from_ymd_opt(2018, 7, 24).unwrap(),
    ///     enterprise: EnterpriseStanding::certified_and_claimed(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(quoter.quote(24_500), (7_350, 17_150)); // ¥73.50 off ¥245.00
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fen_quoter(&self, terms: &BatchTerms) -> FenQuoter {
        FenQuoter {
            ratio: FenRatio::new(self.ratio, self.rounding),
            // Nothing for an ineligible order, whatever its amount.
            cap: if self.eligible(terms) {
                self.limits(&terms.usage).tightest()
            } else {
                0
            },
        }
    }

    /// True when orders on `terms` get a subsidy at all.
    fn eligible(&self, terms: &BatchTerms) -> bool {
        self.order_reasons(
            terms.date,
            &terms.enterprise,
            terms.category.as_deref(),
            terms.provider.as_deref(),
        )
        .is_empty()
    }

    /// What is left under each cap after `usage`, in fen.
    fn limits(&self, usage: &SubsidyUsage) -> Limits {
        let left =
            |limit: Option<Money>, used: Money| limit.map(|l| l.saturating_sub(used).to_fen());
        Limits {
            per_order: self.caps.per_order.map(Money::to_fen),
            year_left: left(
                self.caps.per_enterprise_per_year,
                usage.enterprise_year_used,
            ),
            pool_left: left(self.caps.budget_pool, usage.pool_used),
        }
    }
}

impl Limits {
    /// The one cap of independent orders: the tightest of the three, or
    /// `i64::MAX` for none.
    fn tightest(self) -> i64 {
        [self.per_order, self.year_left, self.pool_left]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(i64::MAX)
    }
}

/// A policy's subsidy on one set of terms, ready to quote orders one at a
/// time in fen: [`SubsidyPolicy::fen_quoter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FenQuoter {
    ratio: FenRatio,
    /// The tightest cap left; 0 when the terms get nothing.
    cap: i64,
}

impl FenQuoter {
    /// The subsidy and what is left to pay on an order of `base` fen
    /// (`0..=MAX_FEN`), as [`SubsidyPolicy::quote`] gives them.
    pub fn quote(&self, base: i64) -> (i64, i64) {
        let subsidy = self.ratio.apply(base).min(self.cap);
        // Never above the base (a ratio is at most 1), as `payable` keeps it.
        (subsidy, base.saturating_sub(subsidy).max(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subsidy::{QuoteInput, preset};

    fn terms() -> BatchTerms {
        BatchTerms {
            date: NaiveDate::from_ymd_opt(2018, 7, 24).unwrap(),
            enterprise: EnterpriseStanding::certified_and_claimed(),
            ..Default::default()
        }
    }

    /// Large batches go through the threaded path; small ones and those
    /// with huge amounts through the others. All agree with `quote`.
    #[test]
    fn every_path_agrees_with_single_quotes() {
        let henan = preset("henan").unwrap();
        let mut bases: Vec<i64> = (0..200_000_i64)
            .map(|i| (i * 7_919 + 13) % 1_000_003)
            .collect();
        bases.push(MAX_FEN); // too large for the i64 path: the whole batch goes the exact way
        for slice in [&bases[..1000], &bases[..200_000], &bases[..]] {
            let mut out = vec![0; slice.len()];
            let total = henan.quote_batch_fen(&terms(), slice, &mut out).unwrap();
            let mut sum = 0;
            for (base, got) in slice.iter().zip(&out).step_by(997) {
                let quote = henan.quote(&QuoteInput {
                    order_total: Money::from_fen(*base).unwrap(),
                    contract_amount: None,
                    date: terms().date,
                    enterprise: terms().enterprise,
                    category: None,
                    provider: None,
                    usage: SubsidyUsage::default(),
                });
                assert_eq!(quote.subsidy.to_fen(), *got, "{base}");
            }
            for got in &out {
                sum += got;
            }
            assert_eq!(total, sum);
        }
    }

    /// One order at a time gets what `quote` gives, capped or ineligible.
    #[test]
    fn fen_quoter_agrees_with_single_quotes() {
        let mut capped = preset("henan").unwrap();
        capped.caps.per_order = Some(Money::parse("50.00").unwrap());
        capped.caps.per_enterprise_per_year = Some(Money::parse("80.00").unwrap());
        capped.caps.budget_pool = Some(Money::parse("1000.00").unwrap());
        let usages = [
            SubsidyUsage::default(),
            SubsidyUsage {
                enterprise_year_used: Money::parse("45.00").unwrap(),
                pool_used: Money::parse("990.00").unwrap(),
            },
            SubsidyUsage {
                enterprise_year_used: Money::parse("90.00").unwrap(),
                pool_used: Money::ZERO,
            },
        ];
        let declined = EnterpriseStanding {
            claim: crate::subsidy::Claim::Declined,
            ..EnterpriseStanding::certified_and_claimed()
        };
        for policy in [preset("henan").unwrap(), capped] {
            for usage in usages {
                for enterprise in [terms().enterprise, declined.clone()] {
                    let terms = BatchTerms {
                        enterprise: enterprise.clone(),
                        usage,
                        ..terms()
                    };
                    let quoter = policy.fen_quoter(&terms);
                    let bases = (0..20_000_i64).chain([999_999, 12_345_678_901, MAX_FEN]);
                    for base in bases {
                        let quote = policy.quote(&QuoteInput {
                            order_total: Money::from_fen(base).unwrap(),
                            contract_amount: None,
                            date: terms.date,
                            enterprise: enterprise.clone(),
                            category: None,
                            provider: None,
                            usage,
                        });
                        let want = (quote.subsidy.to_fen(), quote.payable().to_fen());
                        assert_eq!(quoter.quote(base), want, "{base}");
                    }
                }
            }
        }
    }

    #[test]
    fn bad_amounts_name_their_index() {
        let henan = preset("henan").unwrap();
        let mut out = [0; 3];
        let err = henan
            .quote_batch_fen(&terms(), &[1, -5, 2], &mut out)
            .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (Code::MoneyNegative, Some("order_totals_fen[1]"))
        );
        let err = henan
            .quote_batch_fen(&terms(), &[1, 2, MAX_FEN + 1], &mut out)
            .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (Code::MoneyOverflow, Some("order_totals_fen[2]"))
        );
        assert_eq!(
            henan
                .quote_batch_fen(&terms(), &[1], &mut out)
                .unwrap_err()
                .code,
            Code::InvalidRequest
        );
    }
}
