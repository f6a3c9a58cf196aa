//! Collecting every violation of a form, with its field path.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::{Code, Describe, Problem, Violations};
use crate::money::{Money, parse_quantity};

/// Gathers the violations of one form. Each helper checks one rule on one
/// field and records a problem when it fails; helpers that read a value
/// return it when it is usable, so later rules can build on it.
#[derive(Debug, Default)]
pub struct Report {
    violations: Violations,
}

impl Report {
    /// An empty report.
    pub fn new() -> Report {
        Report::default()
    }

    /// Records a problem.
    pub fn push(&mut self, problem: Problem) {
        self.violations.push(problem);
    }

    /// Records problems found by another check.
    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.violations.extend(problems);
    }

    /// Records `problems` from a single-value check, re-homed at `field`.
    pub fn extend_at(&mut self, field: &str, problems: impl IntoIterator<Item = Problem>) {
        self.violations
            .extend(problems.into_iter().map(|p| p.at(field)));
    }

    /// The violations gathered.
    pub fn finish(self) -> Violations {
        self.violations
    }

    /// A required text: recorded as missing when absent or blank.
    pub fn required<'a>(&mut self, field: &str, value: Option<&'a str>) -> Option<&'a str> {
        match value {
            Some(v) if !v.trim().is_empty() => Some(v),
            _ => {
                self.push(required(field));
                None
            }
        }
    }

    /// A required text of at most `max` characters.
    pub fn required_text<'a>(
        &mut self,
        field: &str,
        value: Option<&'a str>,
        max: usize,
    ) -> Option<&'a str> {
        let value = self.required(field, value)?;
        self.max_chars(field, value, max).then_some(value)
    }

    /// An optional text of at most `max` characters.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value {
            self.max_chars(field, v, max);
        }
    }

    /// At most `max` characters; true when within.
    pub fn max_chars(&mut self, field: &str, value: &str, max: usize) -> bool {
        let count = value.chars().count();
        if count > max {
            self.push(
                Problem::new(
                    Code::Length,
                    Some(field),
                    format!("最多 {max} 个字符，当前 {count} 个"),
                    format!("must be at most {max} characters, it has {count}"),
                )
                .with_detail(serde_json::json!({"max": max, "actual": count})),
            );
            return false;
        }
        true
    }

    /// Between `min` and `max` items, each non-blank and no two equal.
    pub fn list<'a>(
        &mut self,
        field: &str,
        items: Option<&'a [String]>,
        min: usize,
        max: usize,
    ) -> &'a [String] {
        let items = items.unwrap_or_default();
        self.count(field, items.len(), min, max);
        let mut seen = std::collections::HashSet::new();
        for (index, item) in items.iter().enumerate() {
            let path = format!("{field}[{index}]");
            if item.trim().is_empty() {
                self.push(required(&path));
            } else if !seen.insert(item.trim()) {
                self.push(Problem::new(
                    Code::DuplicateItem,
                    Some(&path),
                    format!("`{}` 重复", crate::error::echo(item)),
                    format!("`{}` is listed twice", crate::error::echo(item)),
                ));
            }
        }
        items
    }

    /// A count between `min` and `max` inclusive.
    pub fn count(&mut self, field: &str, count: usize, min: usize, max: usize) -> bool {
        if count >= min && count <= max {
            return true;
        }
        let (zh, en) = if min == max {
            (
                format!("必须恰好 {min} 项，当前 {count} 项"),
                format!("must have exactly {min} items, it has {count}"),
            )
        } else {
            (
                format!("应有 {min}–{max} 项，当前 {count} 项"),
                format!("must have {min} to {max} items, it has {count}"),
            )
        };
        self.push(
            Problem::new(Code::Count, Some(field), zh, en)
                .with_detail(serde_json::json!({"min": min, "max": max, "actual": count})),
        );
        false
    }

    /// A required whole number within `min..=max`.
    pub fn number(&mut self, field: &str, value: Option<i64>, min: i64, max: i64) -> Option<i64> {
        let Some(v) = value else {
            self.push(required(field));
            return None;
        };
        if v < min || v > max {
            self.push(
                Problem::new(
                    Code::Range,
                    Some(field),
                    format!("应在 {min} 到 {max} 之间，当前为 {v}"),
                    format!("must be between {min} and {max}, it is {v}"),
                )
                .with_detail(serde_json::json!({"min": min, "max": max, "actual": v})),
            );
            return None;
        }
        Some(v)
    }

    /// A required amount in 元 (two decimals, not negative).
    pub fn money(&mut self, field: &str, value: Option<&str>) -> Option<Money> {
        let text = self.required(field, value)?;
        match Money::parse(text) {
            Ok(m) => Some(m),
            Err(e) => {
                self.push(e.to_problem().at(field));
                None
            }
        }
    }

    /// A required non-negative decimal with at most `decimals` decimals
    /// (万元 with 2, 亿元 with 4, …).
    pub fn quantity(&mut self, field: &str, value: Option<&str>, decimals: u32) -> Option<Decimal> {
        let text = self.required(field, value)?;
        match parse_quantity(text, decimals) {
            Ok(d) => Some(d),
            Err(e) => {
                self.push(e.to_problem().at(field));
                None
            }
        }
    }

    /// A required date `YYYY-MM-DD`, not after `latest` when given.
    pub fn date(
        &mut self,
        field: &str,
        value: Option<&str>,
        latest: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let text = self.required(field, value)?;
        match crate::time::parse_date(text) {
            Ok(d) => {
                if let Some(latest) = latest
                    && d > latest
                {
                    self.push(Problem::new(
                        Code::Range,
                        Some(field),
                        format!("日期 {d} 不能晚于 {latest}"),
                        format!("date {d} must not be after {latest}"),
                    ));
                    return None;
                }
                Some(d)
            }
            Err(p) => {
                self.push(p.at(field));
                None
            }
        }
    }

    /// A required choice among `allowed`.
    pub fn choice<'a>(
        &mut self,
        field: &str,
        value: Option<&'a str>,
        allowed: &[&str],
    ) -> Option<&'a str> {
        let v = self.required(field, value)?;
        if allowed.contains(&v) {
            return Some(v);
        }
        self.push(Problem::new(
            Code::Choice,
            Some(field),
            format!(
                "`{}` 不是可选值，可选：{}",
                crate::error::echo(v),
                crate::decode::words::listed(allowed, "、")
            ),
            format!(
                "`{}` is not one of: {}",
                crate::error::echo(v),
                crate::decode::words::listed(allowed, ", ")
            ),
        ));
        None
    }
}

/// "This field is required." (A sentence of its own: shown beside the
/// field in a form, or after it in a list of problems.)
pub fn required(field: &str) -> Problem {
    Problem::new(
        Code::Required,
        Some(field),
        "必填项不能为空",
        "this field is required",
    )
}
