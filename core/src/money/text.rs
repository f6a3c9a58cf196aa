//! Amounts in fen written as ASCII text without allocating, exactly as
//! [`Money`](super::Money) displays them ("73.50", "0.05"): for bindings
//! that hand each figure to their host as bytes (the WASM `quoter`, where
//! a `String` per amount costs more than the quote).

/// The longest amount written: "999999999999999.99".
pub const MONEY_TEXT_MAX: usize = 18;

/// Writes `fen` (`0..=MAX_FEN`; the sign of a negative value is dropped)
/// at the end of `out` and returns its length: `out[18 - len..]` is the
/// text. Last digit first, so nothing is reversed or moved; the yuan of
/// all but the largest amounts are divided on 32 bits, several times
/// faster.
pub fn write_fen(fen: i64, out: &mut [u8; MONEY_TEXT_MAX]) -> usize {
    let fen = fen.unsigned_abs();
    let mut slots = out.iter_mut().rev();
    // Each `% 10` is below 10: the casts are exact.
    for byte in [(fen % 10) as u8 + b'0', (fen / 10 % 10) as u8 + b'0', b'.'] {
        if let Some(slot) = slots.next() {
            *slot = byte;
        }
    }
    let mut len = 3;
    let mut wide = fen / 100;
    while wide > u64::from(u32::MAX) {
        if let Some(slot) = slots.next() {
            *slot = (wide % 10) as u8 + b'0';
            len += 1;
        }
        wide /= 10;
    }
    let mut yuan = u32::try_from(wide).unwrap_or(0);
    for slot in slots {
        *slot = (yuan % 10) as u8 + b'0';
        len += 1;
        yuan /= 10;
        if yuan == 0 {
            break;
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{MAX_FEN, Money};

    fn text(money: Money) -> String {
        let mut out = [0_u8; MONEY_TEXT_MAX];
        let len = write_fen(money.to_fen(), &mut out);
        String::from_utf8(out[MONEY_TEXT_MAX - len..].to_vec()).unwrap()
    }

    #[test]
    fn amounts_are_written_as_money_displays_them() {
        let mut fens: Vec<i64> = (0..=100_000).collect();
        fens.extend((0..17).map(|p| 10_i64.pow(p)));
        fens.extend((1..17).map(|p| 10_i64.pow(p) - 1));
        // Where the yuan leave 32 bits.
        let wide = i64::from(u32::MAX) * 100;
        fens.extend((wide - 1_000..wide + 1_000).chain((1..40).map(|k| wide * k + k)));
        fens.extend([MAX_FEN, 1_234_567_890_123_456]);
        for fen in fens {
            let money = Money::from_fen(fen).unwrap();
            assert_eq!(text(money), money.to_string(), "{fen} fen");
        }
        assert_eq!(text(Money::MAX), "999999999999999.99");
    }
}
