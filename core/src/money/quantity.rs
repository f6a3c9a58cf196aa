//! Decimal quantities that are not yuan: 万元, 亿元, percentages on forms.

use rust_decimal::Decimal;

use super::error::MoneyError;

/// Reads a non-negative decimal with at most `max_decimals` decimals, such as
/// an amount in 万元 ("可保留两位小数"). Commas may group thousands.
///
/// ```
/// use huiqi_core::money::parse_quantity;
/// assert_eq!(parse_quantity("1,250.75", 2)?.to_string(), "1250.75");
/// assert!(parse_quantity("12.345", 2).is_err());
/// # Ok::<(), huiqi_core::money::MoneyError>(())
/// ```
pub fn parse_quantity(input: &str, max_decimals: u32) -> Result<Decimal, MoneyError> {
    let invalid = || MoneyError::InvalidQuantity {
        input: input.to_owned(),
        max_decimals,
    };
    let text = input.trim();
    if text.is_empty() {
        return Err(MoneyError::Empty);
    }
    if text.starts_with('-') {
        return Err(MoneyError::Negative {
            input: input.to_owned(),
        });
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let grouped_ok = {
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or_default();
        let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
        digits(first)
            && (!whole.contains(',') || first.len() <= 3)
            && groups.all(|g| g.len() == 3 && digits(g))
    };
    if !grouped_ok {
        return Err(invalid());
    }
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        if f.len() > max_decimals as usize {
            return Err(invalid());
        }
    }
    // 20 integer digits is already 10^20 万元: refuse before Decimal does.
    if whole.bytes().filter(u8::is_ascii_digit).count() > 20 {
        return Err(MoneyError::Overflow {
            input: input.to_owned(),
        });
    }
    let plain: String = text.chars().filter(|c| *c != ',').collect();
    plain.parse::<Decimal>().map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity("12.34", 2).unwrap(), Decimal::new(1234, 2));
        assert_eq!(parse_quantity("12", 2).unwrap(), Decimal::new(12, 0));
        assert_eq!(parse_quantity("1.2345", 4).unwrap(), Decimal::new(12345, 4));
        for bad in ["", "x", "12.345", "1.", ".5", "1,23", "-1", "1e5", "１"] {
            assert!(parse_quantity(bad, 2).is_err(), "{bad}");
        }
    }
}
