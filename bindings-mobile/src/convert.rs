//! Reading the strings that cross the boundary (money, dates, instants) into
//! core types. A value that does not read is the core's own problem, placed
//! at the field path the equivalent JSON request would report.

use chrono::{DateTime, FixedOffset, NaiveDate};
use huiqi_core::money::Money;

use crate::error::{HuiqiError, at, fail, fail_at};

/// `outer.name`, or `name` at the top.
pub(crate) fn join(outer: &str, name: &str) -> String {
    if outer.is_empty() {
        name.to_owned()
    } else {
        format!("{outer}.{name}")
    }
}

/// `outer[index]`.
pub(crate) fn item(outer: &str, index: usize) -> String {
    format!("{outer}[{index}]")
}

/// An amount such as `"245.00"`, `"¥3,768.00"`.
pub(crate) fn money(text: &str, field: &str) -> Result<Money, HuiqiError> {
    Money::parse(text).map_err(|e| fail_at(e, field))
}

/// An optional amount.
pub(crate) fn opt_money(text: Option<&str>, field: &str) -> Result<Option<Money>, HuiqiError> {
    text.map(|t| money(t, field)).transpose()
}

/// A date `YYYY-MM-DD`.
pub(crate) fn date(text: &str, field: &str) -> Result<NaiveDate, HuiqiError> {
    huiqi_core::time::parse_date(text).map_err(|p| fail(at(p, field)))
}

/// An optional date.
pub(crate) fn opt_date(text: Option<&str>, field: &str) -> Result<Option<NaiveDate>, HuiqiError> {
    text.map(|t| date(t, field)).transpose()
}

/// An instant: RFC 3339 or `YYYY-MM-DD HH:MM:SS` in Shanghai time.
pub(crate) fn instant(text: &str, field: &str) -> Result<DateTime<FixedOffset>, HuiqiError> {
    huiqi_core::time::parse_instant(text).map_err(|p| fail(at(p, field)))
}

/// A date as the core writes it.
pub(crate) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Amounts as strings with two decimals.
pub(crate) fn texts(amounts: &[Money]) -> Vec<String> {
    amounts.iter().map(Money::to_string).collect()
}
