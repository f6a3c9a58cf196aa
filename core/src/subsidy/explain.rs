//! Every quote explains itself, in Chinese and English.

use serde::{Deserialize, Serialize};

use super::quote::{Bound, Stage, SubsidyQuote};
use crate::error::Code;
use crate::money::Money;

/// One line of a quote's explanation.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, eq, get_all, module = "huiqi")
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ExplanationLine {
    /// What this line is about: `eligibility`, `base`, `ratio`,
    /// `cap_per_order`, `cap_per_enterprise_year`, `budget_pool`, `result`.
    pub step: String,
    /// True for the line that bound the result.
    pub binding: bool,
    /// Chinese text.
    pub text_zh: String,
    /// English text.
    pub text_en: String,
}

fn line(step: &str, binding: bool, zh: String, en: String) -> ExplanationLine {
    ExplanationLine {
        step: step.to_owned(),
        binding,
        text_zh: zh,
        text_en: en,
    }
}

impl SubsidyQuote {
    /// What is left to pay after the subsidy: base − subsidy (优惠后总额).
    pub fn payable(&self) -> Money {
        // The subsidy never exceeds its base.
        self.base.saturating_sub(self.subsidy)
    }

    /// The explanation: eligibility, base, ratio, each cap or pool
    /// considered, and the result.
    pub fn explanation(&self) -> Vec<ExplanationLine> {
        let mut lines = Vec::with_capacity(6);
        if !self.ineligible.is_empty() {
            for code in &self.ineligible {
                let (zh, en) = ineligible_text(*code);
                lines.push(line("eligibility", true, zh.to_owned(), en.to_owned()));
            }
            lines.push(line(
                "result",
                false,
                "不享受补贴：¥0.00".to_owned(),
                "no subsidy: ¥0.00".to_owned(),
            ));
            return lines;
        }
        // What of the order or contract the subsidy applies to: all of it
        // for a quote, at checkout the eligible lines' part (after the
        // vouchers, when they come first).
        let (base_zh, base_en) = match self.stage {
            Stage::Estimate => ("订单中可补贴的金额", "what of the order it applies to"),
            Stage::Binding => ("合同中可补贴的金额", "what of the contract it applies to"),
        };
        lines.push(line(
            "base",
            false,
            format!("补贴基数：{base_zh} {}", self.base.display_yuan()),
            format!("base: {base_en}, {}", self.base.display_yuan()),
        ));
        lines.push(line(
            "ratio",
            self.bound_by == Bound::Ratio,
            format!(
                "按比例：{} × {} = {}（{}到分）",
                self.base.display_yuan(),
                self.ratio.percent_text(),
                self.by_ratio.display_yuan(),
                self.rounding.name_zh()
            ),
            format!(
                "by ratio: {} × {} = {} (rounded to the fen, {})",
                self.base.display_yuan(),
                self.ratio.percent_text(),
                self.by_ratio.display_yuan(),
                self.rounding.name()
            ),
        ));
        if let Some(cap) = self.cap_per_order {
            lines.push(line(
                "cap_per_order",
                self.bound_by == Bound::CapPerOrder,
                format!("单笔订单上限 {}", cap.display_yuan()),
                format!("cap per order: {}", cap.display_yuan()),
            ));
        }
        if let Some(h) = self.cap_per_enterprise_year {
            lines.push(line(
                "cap_per_enterprise_year",
                self.bound_by == Bound::CapPerEnterpriseYear,
                format!(
                    "企业年度上限 {}，本年已享受 {}，剩余 {}",
                    h.limit.display_yuan(),
                    h.used.display_yuan(),
                    h.left.display_yuan()
                ),
                format!(
                    "yearly cap per enterprise: {}, used this year {}, left {}",
                    h.limit.display_yuan(),
                    h.used.display_yuan(),
                    h.left.display_yuan()
                ),
            ));
        }
        if let Some(h) = self.budget_pool {
            lines.push(line(
                "budget_pool",
                self.bound_by == Bound::BudgetPool,
                format!(
                    "资金池 {}，已发放 {}，剩余 {}",
                    h.limit.display_yuan(),
                    h.used.display_yuan(),
                    h.left.display_yuan()
                ),
                format!(
                    "budget pool: {}, granted {}, left {}",
                    h.limit.display_yuan(),
                    h.used.display_yuan(),
                    h.left.display_yuan()
                ),
            ));
        }
        let (bound_zh, bound_en) = bound_text(self.bound_by);
        lines.push(line(
            "result",
            false,
            format!("补贴 {}（{bound_zh}）", self.subsidy.display_yuan()),
            format!("subsidy {} ({bound_en})", self.subsidy.display_yuan()),
        ));
        lines
    }

    /// One sentence, in Chinese: the manuals' own wording.
    pub fn summary_zh(&self) -> String {
        match (self.stage, self.bound_by) {
            (_, Bound::Ineligible) => "不享受补贴".to_owned(),
            (Stage::Estimate, _) => format!("预计补贴 {}", self.subsidy.display_yuan()),
            (Stage::Binding, _) => format!("预计补贴金额不超过 {}", self.subsidy.display_yuan()),
        }
    }

    /// One sentence, in English.
    pub fn summary_en(&self) -> String {
        match (self.stage, self.bound_by) {
            (_, Bound::Ineligible) => "no subsidy".to_owned(),
            (Stage::Estimate, _) => format!("estimated subsidy {}", self.subsidy.display_yuan()),
            (Stage::Binding, _) => {
                format!(
                    "expected subsidy does not exceed {}",
                    self.subsidy.display_yuan()
                )
            }
        }
    }
}

fn bound_text(bound: Bound) -> (&'static str, &'static str) {
    match bound {
        Bound::Ratio => ("按比例计算，未触及上限", "by the ratio; no cap reached"),
        Bound::CapPerOrder => ("受单笔订单上限限制", "limited by the cap per order"),
        Bound::CapPerEnterpriseYear => (
            "受企业年度上限限制",
            "limited by the enterprise's yearly cap",
        ),
        Bound::BudgetPool => (
            "受资金池余额限制",
            "limited by what is left in the budget pool",
        ),
        Bound::Ineligible => ("不符合条件", "not eligible"),
    }
}

/// Why an order gets no subsidy, in both languages.
pub fn ineligible_text(code: Code) -> (&'static str, &'static str) {
    match code {
        Code::SubsidyNotInForce => (
            "该日期补贴政策未生效",
            "the policy is not in force on that date",
        ),
        Code::SubsidyNotCertified => ("企业尚未通过认证", "the enterprise is not certified"),
        Code::SubsidyNotClaimed => (
            "企业尚未领取优惠资格",
            "the enterprise has not claimed its eligibility",
        ),
        Code::SubsidyDeclined => (
            "企业已放弃优惠资格",
            "the enterprise declined its eligibility for good",
        ),
        Code::SubsidyRegion => (
            "企业所在地区不在政策范围内",
            "the enterprise's region is not covered",
        ),
        Code::SubsidyCategory => ("商品类别不在政策范围内", "the category is not covered"),
        Code::SubsidyProvider => ("服务商不在政策范围内", "the provider is not covered"),
        _ => ("不符合补贴条件", "not eligible"),
    }
}
