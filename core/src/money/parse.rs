//! Reading amounts written by people: `245`, `¥245.00`, `3,768.00`.

use super::amount::MAX_FEN;
use super::error::MoneyError;

/// Parses an amount into fen. See [`super::Money::parse`] for the grammar.
pub(super) fn parse_fen(input: &str) -> Result<i64, MoneyError> {
    if let Some(fen) = plain_fen(input.as_bytes()) {
        return Ok(fen);
    }
    let text = input.trim();
    if text.is_empty() {
        return Err(MoneyError::Empty);
    }
    let invalid = || MoneyError::Invalid {
        input: input.to_owned(),
    };

    // A sign may come before or after the currency symbol: -¥5, ¥-5.
    let (negative_before, rest) = strip_sign(text);
    let rest = match rest.strip_prefix('¥').or_else(|| rest.strip_prefix('￥')) {
        // The manuals print a space after the symbol (原价: ¥ 245.00).
        Some(after) => after.trim_start(),
        None => rest,
    };
    let (negative_after, rest) = strip_sign(rest);
    if negative_before.is_some() && negative_after.is_some() {
        return Err(invalid());
    }
    let negative = matches!(negative_before.or(negative_after), Some(true));
    let explicit_plus = matches!(negative_before.or(negative_after), Some(false));

    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (rest, None),
    };
    let whole_digits = whole_part(whole).ok_or_else(invalid)?;
    let fraction_digits = match fraction {
        None => "",
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => f,
        Some(_) => return Err(invalid()),
    };
    if explicit_plus {
        return Err(invalid());
    }
    if fraction_digits.len() > 2 {
        return Err(MoneyError::TooManyDecimals {
            input: input.to_owned(),
        });
    }

    // Accumulate in i128 and stop early: a million digits must not overflow.
    let mut fen: i128 = 0;
    for b in whole_digits.bytes().filter(u8::is_ascii_digit) {
        fen = fen * 10 + i128::from(b - b'0');
        if fen > i128::from(MAX_FEN) {
            break;
        }
    }
    let mut scale = 2;
    for b in fraction_digits.bytes() {
        fen = fen * 10 + i128::from(b - b'0');
        scale -= 1;
    }
    for _ in 0..scale {
        fen *= 10;
    }
    if negative && fen != 0 {
        return Err(MoneyError::Negative {
            input: input.to_owned(),
        });
    }
    if fen > i128::from(MAX_FEN) {
        return Err(MoneyError::Overflow {
            input: input.to_owned(),
        });
    }
    i64::try_from(fen).map_err(|_| MoneyError::Overflow {
        input: input.to_owned(),
    })
}

/// The usual form, read at once: up to 15 digits, then none, one or two
/// decimals ("245", "245.5", "245.00"); `None` for anything else, which the
/// full grammar reads. Up to 15 digits of yuan, never past the maximum.
fn plain_fen(bytes: &[u8]) -> Option<i64> {
    let (whole, fraction) = match bytes.iter().position(|b| *b == b'.') {
        Some(point) => (bytes.get(..point)?, bytes.get(point + 1..)?),
        None => (bytes, &[][..]),
    };
    let decimals = fraction.len();
    let pointed = whole.len() < bytes.len();
    if whole.is_empty() || whole.len() > 15 || (pointed && !(1..=2).contains(&decimals)) {
        return None;
    }
    let mut fen: i64 = 0;
    for b in whole.iter().chain(fraction) {
        if !b.is_ascii_digit() {
            return None;
        }
        fen = fen * 10 + i64::from(b - b'0');
    }
    Some(if decimals == 2 {
        fen
    } else if decimals == 1 {
        fen * 10
    } else {
        fen * 100
    })
}

/// `Some(true)` for a leading minus, `Some(false)` for a leading plus.
fn strip_sign(text: &str) -> (Option<bool>, &str) {
    if let Some(rest) = text.strip_prefix('-') {
        (Some(true), rest)
    } else if let Some(rest) = text.strip_prefix('+') {
        (Some(false), rest)
    } else {
        (None, text)
    }
}

/// The integer part: plain digits, or digits grouped by commas in threes.
fn whole_part(whole: &str) -> Option<&str> {
    if whole.is_empty() {
        return None;
    }
    if !whole.contains(',') {
        return whole.bytes().all(|b| b.is_ascii_digit()).then_some(whole);
    }
    let mut groups = whole.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if first.starts_with('0') {
        return None;
    }
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    Some(whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> i64 {
        parse_fen(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn accepts_the_written_forms() {
        assert_eq!(ok("245"), 24500);
        assert_eq!(ok("245.0"), 24500);
        assert_eq!(ok("245.00"), 24500);
        assert_eq!(ok("¥245.00"), 24500);
        assert_eq!(ok("￥245.00"), 24500);
        // As seeds 001 print them: 原价: ¥ 245.00, 订单金额: ¥ 3768.00.
        assert_eq!(ok("¥ 245.00"), 24500);
        assert_eq!(ok(" ￥ 3,768.00"), 376800);
        assert_eq!(ok("¥ -0"), 0);
        assert_eq!(ok("3,768.00"), 376800);
        assert_eq!(ok("1,234,567.89"), 123456789);
        assert_eq!(ok("  0.01 "), 1);
        assert_eq!(ok("0"), 0);
        assert_eq!(ok("-0"), 0);
        assert_eq!(ok("007.5"), 750);
        assert_eq!(ok("999999999999999.99"), MAX_FEN);
    }

    /// The shortcut for the usual form reads what the full grammar reads,
    /// and leaves everything else to it.
    #[test]
    fn the_plain_form_reads_as_the_full_grammar_does() {
        let full = |s: &str| parse_fen(&format!(" {s}")); // a space: past the shortcut
        let mut inputs: Vec<String> = Vec::new();
        for whole in [
            "0",
            "7",
            "00",
            "007",
            "245",
            "3768",
            "100000",
            "999999999999999",
            "1000000000000000",
        ] {
            inputs.push(whole.to_owned());
            for fraction in ["", "0", "5", "00", "05", "50", "99", "999", "5.", ".5", "a"] {
                inputs.push(format!("{whole}.{fraction}"));
            }
        }
        inputs.extend(
            ["", ".", ".5", "1.2.3", "1,000.00", "-1", "+1", "1e3", "１"].map(str::to_owned),
        );
        for input in inputs {
            if let Some(fen) = plain_fen(input.as_bytes()) {
                assert_eq!(Ok(fen), full(&input), "{input}");
            }
        }
        assert_eq!(plain_fen(b"999999999999999.99"), Some(MAX_FEN));
        assert_eq!(plain_fen(b"1,000.00"), None);
        assert_eq!(plain_fen(b"245."), None);
    }

    #[test]
    fn refuses_everything_else_with_the_right_reason() {
        use MoneyError::*;
        type Expectation = fn(&MoneyError) -> bool;
        let cases: &[(&str, Expectation)] = &[
            ("", |e| matches!(e, Empty)),
            ("   ", |e| matches!(e, Empty)),
            ("abc", |e| matches!(e, Invalid { .. })),
            ("12a", |e| matches!(e, Invalid { .. })),
            ("1e3", |e| matches!(e, Invalid { .. })),
            ("245.", |e| matches!(e, Invalid { .. })),
            (".5", |e| matches!(e, Invalid { .. })),
            ("1.2.3", |e| matches!(e, Invalid { .. })),
            ("37,68.00", |e| matches!(e, Invalid { .. })),
            ("3,7680.00", |e| matches!(e, Invalid { .. })),
            (",768", |e| matches!(e, Invalid { .. })),
            ("0,768", |e| matches!(e, Invalid { .. })),
            ("+5", |e| matches!(e, Invalid { .. })),
            ("--5", |e| matches!(e, Invalid { .. })),
            ("-¥-5", |e| matches!(e, Invalid { .. })),
            ("¥", |e| matches!(e, Invalid { .. })),
            ("¥ ", |e| matches!(e, Empty) || matches!(e, Invalid { .. })),
            ("2 45", |e| matches!(e, Invalid { .. })),
            ("１２", |e| matches!(e, Invalid { .. })),
            ("245.001", |e| matches!(e, TooManyDecimals { .. })),
            ("245.000", |e| matches!(e, TooManyDecimals { .. })),
            ("-5", |e| matches!(e, Negative { .. })),
            ("-¥5.00", |e| matches!(e, Negative { .. })),
            ("¥-5.00", |e| matches!(e, Negative { .. })),
            ("1000000000000000", |e| matches!(e, Overflow { .. })),
            ("99999999999999999999999999999999999999999", |e| {
                matches!(e, Overflow { .. })
            }),
        ];
        for (input, expected) in cases {
            let err = parse_fen(input).expect_err(input);
            assert!(expected(&err), "{input:?} gave {err:?}");
        }
    }
}
