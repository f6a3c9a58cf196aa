//! Checkout: offer the usable vouchers, suggest the best set, price an order
//! with subsidy and vouchers together.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::deduct::{deduct, prefer_lines};
use super::error::CheckoutError;
use super::line::OrderLine;
use super::record::{Voucher, VoucherStatus, check_voucher_number, unusable_text};
use crate::error::{Code, Problem, echo};
use crate::money::{Money, allocate_fen_in};
use crate::subsidy::{
    EnterpriseStanding, ExplanationLine, PolicySource, Stacking, Stage, SubsidyPolicy,
    SubsidyQuote, SubsidyUsage,
};
use crate::time::shanghai_date;

/// Most vouchers one checkout handles (an enterprise's whole wallet).
pub const MAX_VOUCHERS: usize = 200;
/// Most lines one order may have.
pub const MAX_LINES: usize = 1000;

/// An order at checkout, with the enterprise's vouchers and, if it gets one,
/// its subsidy terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Checkout {
    /// The order's lines.
    pub lines: Vec<OrderLine>,
    /// Every voucher the enterprise holds.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub vouchers: Vec<Voucher>,
    /// When the checkout happens; voucher validity and the policy date follow from it.
    #[serde(with = "crate::time::instant")]
    pub now: DateTime<FixedOffset>,
    /// The confirmed contract amount, if the order is priced on its contract
    /// (Henan flow): it replaces the order total and is spread over the lines
    /// in proportion to their amounts.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_amount: Option<Money>,
    /// The subsidy the order may get.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidy: Option<SubsidyTerms>,
}

/// The subsidy policy and the enterprise's standing under it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct SubsidyTerms {
    /// The policy: a preset by name (`"henan"`), one inline, or versions
    /// of which the one in force on the checkout's date applies.
    pub policy: PolicySource,
    /// The enterprise's standing.
    pub enterprise: EnterpriseStanding,
    /// Subsidy already granted.
    #[serde(default)]
    pub usage: SubsidyUsage,
}

/// A voucher offered at checkout.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OfferedVoucher {
    /// Voucher number.
    pub number: String,
    /// Its balance.
    pub balance: Money,
    /// Its last valid day.
    #[serde(with = "crate::time::date")]
    pub valid_to: NaiveDate,
    /// What it would deduct if it were the only voucher used.
    pub max_deduction: Money,
}

/// A voucher not offered, and why.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RefusedVoucher {
    /// Voucher number.
    pub number: String,
    /// Why.
    pub reason: Code,
    /// Why, in Chinese.
    pub message_zh: String,
    /// Why, in English.
    pub message_en: String,
}

/// The vouchers a checkout offers and refuses.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Offer {
    /// Usable now, in scope of some line; soonest expiry first.
    pub usable: Vec<OfferedVoucher>,
    /// Not usable, with the reason.
    pub refused: Vec<RefusedVoucher>,
}

/// What one voucher paid on one line.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LineShare {
    /// Line id.
    pub line: String,
    /// Amount.
    pub amount: Money,
}

/// One voucher as applied.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AppliedVoucher {
    /// Voucher number.
    pub number: String,
    /// Deducted (抵扣金额).
    pub deduction: Money,
    /// Balance before.
    pub balance_before: Money,
    /// Balance after: a partly used voucher keeps the rest.
    pub balance_after: Money,
    /// Lines it paid for.
    pub lines: Vec<LineShare>,
}

/// One line, priced.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LinePricing {
    /// Line id.
    pub id: String,
    /// The line's share of the total (its amount, or its share of the contract).
    pub amount: Money,
    /// Whether the line counts toward the subsidy base.
    pub subsidy_eligible: bool,
    /// Subsidy on this line.
    pub subsidy: Money,
    /// Vouchers on this line.
    pub voucher_deduction: Money,
    /// Left to pay on this line.
    pub payable: Money,
}

/// A priced order. Always `payable + voucher_deduction + subsidy = total`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pricing {
    /// Sum of the lines (price × quantity).
    pub order_total: Money,
    /// What is paid for: the contract amount if given, else the order total.
    pub total: Money,
    /// Subsidy.
    pub subsidy: Money,
    /// All voucher deductions.
    pub voucher_deduction: Money,
    /// Left to pay (实付金额).
    pub payable: Money,
    /// The subsidy quote, if subsidy terms were given.
    pub subsidy_quote: Option<SubsidyQuote>,
    /// Vouchers, in the order they were applied.
    pub vouchers: Vec<AppliedVoucher>,
    /// Lines.
    pub lines: Vec<LinePricing>,
}

/// A voucher number and an amount: what to take from or give back to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct VoucherAmount {
    /// Voucher number.
    pub number: String,
    /// Amount.
    pub amount: Money,
}

impl Pricing {
    /// The whole order explained: the subsidy's lines, one line per voucher,
    /// and the result.
    pub fn explanation(&self) -> Vec<ExplanationLine> {
        let mut lines = self
            .subsidy_quote
            .as_ref()
            .map(SubsidyQuote::explanation)
            .unwrap_or_default();
        for v in &self.vouchers {
            lines.push(ExplanationLine {
                step: "voucher".to_owned(),
                binding: false,
                text_zh: format!(
                    "服务券 {} 抵扣 {}（余额 {} → {}）",
                    v.number,
                    v.deduction.display_yuan(),
                    v.balance_before.display_yuan(),
                    v.balance_after.display_yuan()
                ),
                text_en: format!(
                    "voucher {} deducts {} (balance {} → {})",
                    v.number,
                    v.deduction.display_yuan(),
                    v.balance_before.display_yuan(),
                    v.balance_after.display_yuan()
                ),
            });
        }
        lines.push(ExplanationLine {
            step: "payable".to_owned(),
            binding: false,
            text_zh: format!(
                "总额 {} − 补贴 {} − 服务券抵扣 {} = 实付 {}",
                self.total.display_yuan(),
                self.subsidy.display_yuan(),
                self.voucher_deduction.display_yuan(),
                self.payable.display_yuan()
            ),
            text_en: format!(
                "total {} − subsidy {} − vouchers {} = payable {}",
                self.total.display_yuan(),
                self.subsidy.display_yuan(),
                self.voucher_deduction.display_yuan(),
                self.payable.display_yuan()
            ),
        });
        lines
    }

    /// The deduction of each applied voucher, for storing with the order
    /// (cancelling gives exactly these back).
    pub fn deductions(&self) -> Vec<VoucherAmount> {
        self.vouchers
            .iter()
            .map(|v| VoucherAmount {
                number: v.number.clone(),
                amount: v.deduction,
            })
            .collect()
    }
}

/// The checked, computed facts of a checkout that every operation shares.
struct Prepared {
    /// Line amounts, fen (contract shares when a contract is given).
    totals: Vec<i64>,
    /// The lines' indices in the order of their ids: the order in which
    /// shares break ties and vouchers visit lines, so that a line's figures
    /// do not depend on where the caller listed it (ids are unique).
    order: Vec<usize>,
    order_total: Money,
    total: Money,
}

impl Checkout {
    /// The vouchers offered at checkout (usable now, in scope of some line,
    /// soonest expiry first) and those refused, with reasons.
    pub fn offer(&self) -> Result<Offer, CheckoutError> {
        let prepared = self.prepare()?;
        let mut usable = Vec::new();
        let mut refused = Vec::new();
        let policy = self.subsidy_policy()?;
        let dues = self.dues_before_vouchers(&prepared, policy)?;
        for voucher in &self.vouchers {
            match self.refusal(voucher) {
                Some(reason) => {
                    let (zh, en) = unusable_text(reason);
                    refused.push(RefusedVoucher {
                        number: voucher.number.clone(),
                        reason,
                        message_zh: zh.to_owned(),
                        message_en: en.to_owned(),
                    });
                }
                None => {
                    let scope = voucher.scope.index();
                    let in_scope: i64 = self
                        .lines
                        .iter()
                        .zip(&dues)
                        .filter(|(line, _)| scope.covers(line))
                        .map(|(_, due)| *due)
                        .sum();
                    usable.push(OfferedVoucher {
                        number: voucher.number.clone(),
                        balance: voucher.balance,
                        valid_to: voucher.valid_to,
                        max_deduction: Money::from_fen(voucher.balance.to_fen().min(in_scope))?,
                    });
                }
            }
        }
        usable.sort_by(|a, b| {
            a.valid_to
                .cmp(&b.valid_to)
                .then_with(|| a.number.cmp(&b.number))
        });
        Ok(Offer { usable, refused })
    }

    /// The set of vouchers that deducts the most; among sets that deduct as
    /// much, the one using the soonest-expiring vouchers. Returns the numbers
    /// and the order priced with them.
    pub fn suggest(&self) -> Result<(Vec<String>, Pricing), CheckoutError> {
        let candidates: Vec<String> = self
            .vouchers
            .iter()
            .filter(|v| self.refusal(v).is_none())
            .map(|v| v.number.clone())
            .collect();
        let mut pricing = self.price(&candidates)?;
        // A voucher that deducts nothing here would deduct nothing in any
        // subset either: dropping it changes no other figure.
        pricing.vouchers.retain(|v| !v.deduction.is_zero());
        let chosen = pricing.vouchers.iter().map(|v| v.number.clone()).collect();
        Ok((chosen, pricing))
    }

    /// Prices the order with the selected vouchers.
    ///
    /// Vouchers apply soonest expiry first (then smaller balance, then
    /// number); each deducts min(balance, amount still due on its lines).
    /// Subsidy and vouchers combine as the policy's [`Stacking`] says.
    pub fn price(&self, selected: &[String]) -> Result<Pricing, CheckoutError> {
        let prepared = self.prepare()?;
        let chosen = self.select(selected)?;
        let line_count = self.lines.len();
        let date = shanghai_date(self.now);
        let stage = if self.contract_amount.is_some() {
            Stage::Binding
        } else {
            Stage::Estimate
        };

        let policy = self.subsidy_policy()?;
        let eligible: Vec<bool> = match policy {
            Some(policy) => self
                .lines
                .iter()
                .map(|line| line_eligible(policy, line))
                .collect(),
            None => vec![false; line_count],
        };
        let stacking = policy
            .as_ref()
            .map_or(Stacking::SubsidyFirst, |p| p.stacking);

        // Which chosen voucher may pay for which line: worked out once, each
        // scope as sets (scopes may list a thousand entries each).
        let coverage: Vec<Vec<bool>> = chosen
            .iter()
            .map(|voucher| {
                let scope = voucher.scope.index();
                self.lines.iter().map(|line| scope.covers(line)).collect()
            })
            .collect();
        let covers = |v: usize, l: usize| {
            coverage
                .get(v)
                .and_then(|row| row.get(l))
                .copied()
                .unwrap_or(false)
        };
        let balances: Vec<i64> = chosen.iter().map(|v| v.balance.to_fen()).collect();

        let (quote, subsidy_per_line, deductions) = match stacking {
            Stacking::SubsidyFirst => {
                let weights = masked(&prepared.totals, &eligible);
                let quote = self.quote(policy, stage, date, &weights, &eligible)?;
                let subsidy = spread(quote.as_ref(), &weights, &prepared.order)?;
                let dues: Vec<i64> = prepared
                    .totals
                    .iter()
                    .zip(&subsidy)
                    .map(|(t, s)| t - s)
                    .collect();
                (
                    quote,
                    subsidy,
                    deduct(&dues, &balances, &covers, &prepared.order),
                )
            }
            Stacking::VouchersFirst => {
                // Vouchers pay the lines the subsidy does not cover before
                // those it does, so the subsidy is computed on as much as
                // they leave, and the same order gets the same subsidy in
                // whatever order its lines are listed.
                let order = &prepared.order;
                let mut deductions = deduct(&prepared.totals, &balances, &covers, order);
                let outside: Vec<bool> = eligible.iter().map(|e| !e).collect();
                prefer_lines(&mut deductions, &prepared.totals, &covers, order, &outside);
                let after: Vec<i64> = (0..line_count)
                    .map(|l| {
                        let paid: i64 = deductions.flow.iter().filter_map(|row| row.get(l)).sum();
                        prepared.totals.get(l).copied().unwrap_or(0) - paid
                    })
                    .collect();
                let weights = masked(&after, &eligible);
                let quote = self.quote(policy, stage, date, &weights, &eligible)?;
                let subsidy = spread(quote.as_ref(), &weights, order)?;
                (quote, subsidy, deductions)
            }
        };

        let mut vouchers = Vec::with_capacity(chosen.len());
        let mut voucher_per_line = vec![0_i64; line_count];
        for ((voucher, deducted), row) in chosen
            .iter()
            .zip(&deductions.per_voucher)
            .zip(&deductions.flow)
        {
            let mut shares = Vec::new();
            for ((line, paid), sum) in self.lines.iter().zip(row).zip(voucher_per_line.iter_mut()) {
                *sum += paid;
                if *paid > 0 {
                    shares.push(LineShare {
                        line: line.id.clone(),
                        amount: Money::from_fen(*paid)?,
                    });
                }
            }
            let deduction = Money::from_fen(*deducted)?;
            vouchers.push(AppliedVoucher {
                number: voucher.number.clone(),
                deduction,
                balance_before: voucher.balance,
                balance_after: voucher.balance.checked_sub(deduction)?,
                lines: shares,
            });
        }

        let mut lines = Vec::with_capacity(line_count);
        let mut payable = 0_i64;
        let mut subsidy_total = 0_i64;
        let mut voucher_total = 0_i64;
        for (l, line) in self.lines.iter().enumerate() {
            let amount = prepared.totals.get(l).copied().unwrap_or(0);
            let subsidy = subsidy_per_line.get(l).copied().unwrap_or(0);
            let voucher = voucher_per_line.get(l).copied().unwrap_or(0);
            let left = amount - subsidy - voucher;
            payable += left;
            subsidy_total += subsidy;
            voucher_total += voucher;
            lines.push(LinePricing {
                id: line.id.clone(),
                amount: Money::from_fen(amount)?,
                subsidy_eligible: eligible.get(l).copied().unwrap_or(false),
                subsidy: Money::from_fen(subsidy)?,
                voucher_deduction: Money::from_fen(voucher)?,
                payable: Money::from_fen(left)?,
            });
        }

        Ok(Pricing {
            order_total: prepared.order_total,
            total: prepared.total,
            subsidy: Money::from_fen(subsidy_total)?,
            voucher_deduction: Money::from_fen(voucher_total)?,
            payable: Money::from_fen(payable)?,
            subsidy_quote: quote,
            vouchers,
            lines,
        })
    }

    /// Checks the order and computes line totals.
    fn prepare(&self) -> Result<Prepared, CheckoutError> {
        if self.lines.is_empty() {
            return Err(CheckoutError::NoLines);
        }
        if self.lines.len() > MAX_LINES {
            return Err(CheckoutError::TooManyLines {
                count: self.lines.len(),
                max: MAX_LINES,
            });
        }
        if self.vouchers.len() > MAX_VOUCHERS {
            return Err(CheckoutError::TooManyVouchers {
                count: self.vouchers.len(),
                max: MAX_VOUCHERS,
                field: "vouchers",
            });
        }
        // A blank id names no line and no product (a voucher's scope, a
        // duplicate, a line share could not tell it): required, as a
        // voucher's number is.
        for (index, line) in self.lines.iter().enumerate() {
            for (value, name) in [(&line.id, "id"), (&line.product, "product")] {
                if crate::validate::is_blank(value) {
                    return Err(CheckoutError::Invalid(crate::validate::required(&format!(
                        "lines[{index}].{name}"
                    ))));
                }
            }
        }
        if let Some(index) = first_repeat(self.lines.iter().map(|l| l.id.as_str())) {
            let id = self
                .lines
                .get(index)
                .map(|l| echo(&l.id))
                .unwrap_or_default();
            return Err(CheckoutError::DuplicateLine { id, index });
        }
        let mut amounts = Vec::with_capacity(self.lines.len());
        let mut sum: i64 = 0;
        for (index, line) in self.lines.iter().enumerate() {
            // Line ids and product ids are matched exactly (duplicates,
            // voucher scopes): an invisible character would make two look
            // alike.
            for (value, name, zh, en) in [
                (&line.id, "id", "订单行编号", "order line id"),
                (&line.product, "product", "商品编号", "product id"),
            ] {
                let field = format!("lines[{index}].{name}");
                if let Some(problem) = crate::validate::check_visible(value, &field, zh, en) {
                    return Err(CheckoutError::Invalid(problem));
                }
            }
            if line.quantity == 0 {
                return Err(CheckoutError::BadQuantity {
                    id: echo(&line.id),
                    index,
                });
            }
            let fen = line
                .unit_price
                .to_fen()
                .checked_mul(i64::from(line.quantity));
            // Named at the line, in words of its own: the money error would
            // echo the line as the amount given.
            let amount = fen
                .and_then(|fen| Money::from_fen(fen).ok())
                .ok_or_else(|| {
                    CheckoutError::Invalid(Problem::new(
                        Code::MoneyOverflow,
                        Some(&format!("lines[{index}]")),
                        format!(
                            "订单行 `{}` 的金额（单价 × 数量）超出支持的最大金额 `{}`",
                            echo(&line.id),
                            Money::MAX
                        ),
                        format!(
                            "order line `{}`: its unit price × quantity is larger than the largest supported amount `{}`",
                            echo(&line.id),
                            Money::MAX
                        ),
                    ))
                })?;
            amounts.push(amount.to_fen());
            sum = sum
                .checked_add(amount.to_fen())
                .filter(|total| Money::from_fen(*total).is_ok())
                .ok_or_else(|| {
                    CheckoutError::Invalid(Problem::new(
                        Code::MoneyOverflow,
                        Some("lines"),
                        format!("订单总额超出支持的最大金额 `{}`", Money::MAX),
                        format!(
                            "the order total is larger than the largest supported amount `{}`",
                            Money::MAX
                        ),
                    ))
                })?;
        }
        for (index, voucher) in self.vouchers.iter().enumerate() {
            // Deserialised vouchers were checked already; vouchers built in
            // code were not, and the invariants depend on it.
            voucher
                .check()
                .map_err(|problem| CheckoutError::BadVoucher { index, problem })?;
        }
        if let Some(index) = first_repeat(self.vouchers.iter().map(|v| v.number.as_str())) {
            let number = self
                .vouchers
                .get(index)
                .map(|v| echo(&v.number))
                .unwrap_or_default();
            return Err(CheckoutError::DuplicateVoucher { number, index });
        }
        let order_total = Money::from_fen(sum)?;
        let order = id_order(&self.lines);
        let (total, totals) = match self.contract_amount {
            Some(contract) => {
                // Lines priced only by the contract (差价专拍: every line ¥0)
                // share it equally; otherwise in proportion to their amounts.
                let weights = if order_total.is_zero() {
                    vec![1; amounts.len()]
                } else {
                    amounts
                };
                (
                    contract,
                    allocate_fen_in(contract.to_fen(), &weights, &order)?,
                )
            }
            None => (order_total, amounts),
        };
        Ok(Prepared {
            totals,
            order,
            order_total,
            total,
        })
    }

    /// The subsidy policy in force on the checkout's date, when the order
    /// has subsidy terms.
    fn subsidy_policy(&self) -> Result<Option<&SubsidyPolicy>, CheckoutError> {
        let Some(terms) = &self.subsidy else {
            return Ok(None);
        };
        terms
            .policy
            .resolve_at(shanghai_date(self.now), "subsidy.policy")
            .map(Some)
            .map_err(CheckoutError::Invalid)
    }

    /// The selected vouchers, checked, in application order.
    fn select(&self, selected: &[String]) -> Result<Vec<&Voucher>, CheckoutError> {
        if selected.len() > MAX_VOUCHERS {
            return Err(CheckoutError::TooManyVouchers {
                count: selected.len(),
                max: MAX_VOUCHERS,
                field: "selected",
            });
        }
        if let Some(index) = first_repeat(selected.iter().map(String::as_str)) {
            let number = selected.get(index).map(|n| echo(n)).unwrap_or_default();
            return Err(CheckoutError::SelectedTwice { number, index });
        }
        let by_number: std::collections::HashMap<&str, &Voucher> = self
            .vouchers
            .iter()
            .map(|v| (v.number.as_str(), v))
            .collect();
        let mut chosen: Vec<&Voucher> = Vec::with_capacity(selected.len());
        for (index, number) in selected.iter().enumerate() {
            // A blank number, or one with spaces or invisible characters,
            // is refused as the wallet's own numbers are, not looked for.
            if let Some(problem) = check_voucher_number(number, &format!("selected[{index}]")) {
                return Err(CheckoutError::Invalid(problem));
            }
            let voucher =
                *by_number
                    .get(number.as_str())
                    .ok_or_else(|| CheckoutError::UnknownVoucher {
                        number: echo(number),
                        index,
                    })?;
            if let Some(reason) = self.refusal(voucher) {
                return Err(CheckoutError::Unusable {
                    number: echo(number),
                    index,
                    reason,
                });
            }
            chosen.push(voucher);
        }
        chosen.sort_by(|a, b| {
            a.valid_to
                .cmp(&b.valid_to)
                .then(a.balance.cmp(&b.balance))
                .then_with(|| a.number.cmp(&b.number))
        });
        Ok(chosen)
    }

    /// Why a voucher cannot pay for this order now, if it cannot.
    fn refusal(&self, voucher: &Voucher) -> Option<Code> {
        voucher.unusable_reason(self.now).or_else(|| {
            let scope = voucher.scope.index();
            (!self.lines.iter().any(|line| scope.covers(line))).then_some(Code::VoucherOutOfScope)
        })
    }

    /// What is due on each line before vouchers: after the subsidy when it
    /// comes first, the whole line otherwise.
    fn dues_before_vouchers(
        &self,
        prepared: &Prepared,
        policy: Option<&SubsidyPolicy>,
    ) -> Result<Vec<i64>, CheckoutError> {
        let Some(policy) = policy else {
            return Ok(prepared.totals.clone());
        };
        if policy.stacking == Stacking::VouchersFirst {
            return Ok(prepared.totals.clone());
        }
        let eligible: Vec<bool> = self
            .lines
            .iter()
            .map(|line| line_eligible(policy, line))
            .collect();
        let weights = masked(&prepared.totals, &eligible);
        let stage = if self.contract_amount.is_some() {
            Stage::Binding
        } else {
            Stage::Estimate
        };
        let quote = self.quote(
            Some(policy),
            stage,
            shanghai_date(self.now),
            &weights,
            &eligible,
        )?;
        let subsidy = spread(quote.as_ref(), &weights, &prepared.order)?;
        Ok(prepared
            .totals
            .iter()
            .zip(&subsidy)
            .map(|(t, s)| t - s)
            .collect())
    }

    /// The subsidy quote on the eligible lines' amounts (`weights`).
    fn quote(
        &self,
        policy: Option<&SubsidyPolicy>,
        stage: Stage,
        date: NaiveDate,
        weights: &[i64],
        eligible: &[bool],
    ) -> Result<Option<SubsidyQuote>, CheckoutError> {
        let (Some(terms), Some(policy)) = (&self.subsidy, policy) else {
            return Ok(None);
        };
        let mut reasons = policy.standing_reasons(date, &terms.enterprise);
        if !eligible.iter().any(|e| *e) {
            if !self
                .lines
                .iter()
                .any(|l| policy.eligibility.covers_category(l.category.as_deref()))
            {
                reasons.push(Code::SubsidyCategory);
            }
            if !self
                .lines
                .iter()
                .any(|l| policy.eligibility.covers_provider(l.provider.as_deref()))
            {
                reasons.push(Code::SubsidyProvider);
            }
            if reasons.is_empty() {
                // Each line fails one test or the other, but no single test fails for all.
                reasons.push(Code::SubsidyCategory);
            }
        }
        let base = Money::from_fen(weights.iter().sum())?;
        Ok(Some(policy.quote_base(stage, base, reasons, &terms.usage)))
    }
}

/// The lines' indices in the order of their ids (unique by then). Each
/// is placed by a binary search rather than by a library sort, whose code
/// for a comparison of its own would add kilobytes to the WebAssembly
/// module; moving a list of at most `MAX_LINES` indices costs nothing
/// beside it.
fn id_order(lines: &[OrderLine]) -> Vec<usize> {
    let id = |i: usize| lines.get(i).map_or("", |l| l.id.as_str());
    let mut order: Vec<usize> = Vec::with_capacity(lines.len());
    for i in 0..lines.len() {
        let at = order.partition_point(|&j| id(j) < id(i));
        order.insert(at, i);
    }
    order
}

/// The index of the first item equal to an earlier one. Orders and wallets
/// are small, so a pairwise scan beats hashing until they are not.
fn first_repeat<'a>(items: impl ExactSizeIterator<Item = &'a str> + Clone) -> Option<usize> {
    if items.len() <= 32 {
        return items
            .clone()
            .enumerate()
            .find(|(i, item)| items.clone().take(*i).any(|earlier| earlier == *item))
            .map(|(i, _)| i);
    }
    let mut seen = HashSet::with_capacity(items.len());
    items
        .enumerate()
        .find(|(_, item)| !seen.insert(*item))
        .map(|(i, _)| i)
}

fn line_eligible(policy: &SubsidyPolicy, line: &OrderLine) -> bool {
    policy.eligibility.covers_category(line.category.as_deref())
        && policy.eligibility.covers_provider(line.provider.as_deref())
}

/// The amounts of eligible lines; zero for the others.
fn masked(amounts: &[i64], eligible: &[bool]) -> Vec<i64> {
    amounts
        .iter()
        .zip(eligible)
        .map(|(a, e)| if *e { *a } else { 0 })
        .collect()
}

/// Spreads the subsidy over the lines in proportion to `weights`
/// (largest remainder, so the shares sum to the subsidy exactly).
fn spread(
    quote: Option<&SubsidyQuote>,
    weights: &[i64],
    order: &[usize],
) -> Result<Vec<i64>, CheckoutError> {
    let subsidy = quote.map_or(0, |q| q.subsidy.to_fen());
    if subsidy == 0 {
        return Ok(vec![0; weights.len()]);
    }
    Ok(allocate_fen_in(subsidy, weights, order)?)
}

/// Takes what an order deducted from the wallet: the wallet after payment.
/// A frozen or void voucher pays nothing (`voucher.not_active`), nor does
/// any voucher more than its balance (`voucher.insufficient_balance`).
pub fn pay(
    wallet: &[Voucher],
    deductions: &[VoucherAmount],
) -> Result<Vec<Voucher>, CheckoutError> {
    each_deduction(wallet, deductions, |voucher, amount, index| {
        if voucher.status != VoucherStatus::Active {
            return Err(CheckoutError::NotActive {
                number: echo(&voucher.number),
                index,
            });
        }
        voucher.balance =
            voucher
                .balance
                .checked_sub(amount)
                .map_err(|_| CheckoutError::Overdrawn {
                    number: echo(&voucher.number),
                    index,
                    amount: amount.to_string(),
                    balance: voucher.balance.to_string(),
                })?;
        Ok(())
    })
}

/// Gives back exactly what a cancelled order deducted. A restore that would
/// lift a balance above its face value is refused: it cannot be what the
/// order took.
pub fn cancel(
    wallet: &[Voucher],
    deductions: &[VoucherAmount],
) -> Result<Vec<Voucher>, CheckoutError> {
    each_deduction(wallet, deductions, |voucher, amount, index| {
        let restored = voucher.balance.checked_add(amount)?;
        if restored > voucher.face_value {
            return Err(CheckoutError::RestoreMismatch {
                index,
                number: echo(&voucher.number),
                amount: amount.to_string(),
                balance: voucher.balance.to_string(),
                face_value: voucher.face_value.to_string(),
            });
        }
        voucher.balance = restored;
        Ok(())
    })
}

/// A copy of the wallet with `change` applied to the voucher of each
/// deduction; the wallet itself is untouched, whatever fails. The wallet and
/// the deductions are held to a checkout's limit ([`MAX_VOUCHERS`]), and
/// vouchers are found by number through an index, so the work is linear.
fn each_deduction(
    wallet: &[Voucher],
    deductions: &[VoucherAmount],
    change: impl Fn(&mut Voucher, Money, usize) -> Result<(), CheckoutError>,
) -> Result<Vec<Voucher>, CheckoutError> {
    for (count, field) in [(wallet.len(), "vouchers"), (deductions.len(), "deductions")] {
        if count > MAX_VOUCHERS {
            return Err(CheckoutError::TooManyVouchers {
                count,
                max: MAX_VOUCHERS,
                field,
            });
        }
    }
    let mut by_number = std::collections::HashMap::with_capacity(wallet.len());
    for (index, voucher) in wallet.iter().enumerate() {
        voucher
            .check()
            .map_err(|problem| CheckoutError::BadVoucher { index, problem })?;
        if by_number.insert(voucher.number.as_str(), index).is_some() {
            return Err(CheckoutError::DuplicateVoucher {
                number: echo(&voucher.number),
                index,
            });
        }
    }
    let mut after = wallet.to_vec();
    for (index, d) in deductions.iter().enumerate() {
        if let Some(problem) =
            check_voucher_number(&d.number, &format!("deductions[{index}].number"))
        {
            return Err(CheckoutError::Invalid(problem));
        }
        let voucher = by_number
            .get(d.number.as_str())
            .and_then(|&at| after.get_mut(at))
            .ok_or_else(|| CheckoutError::NotInWallet {
                number: echo(&d.number),
                index,
            })?;
        change(voucher, d.amount, index)?;
    }
    Ok(after)
}
