//! Characters no identifier a person types may hold: whitespace, control
//! characters and Unicode format characters (general category Cf: zero-width
//! spaces and joiners, bidirectional controls, the byte-order mark, …).
//!
//! Format characters are invisible. An account `zhangsan123` followed by a
//! U+200B zero-width space looks the same as the one without it, so two
//! people could hold accounts that look identical, and a voucher number
//! pasted from a chat window would silently fail to match. Every identifier
//! check of the library (login accounts, sub-user usernames, voucher
//! numbers, order-line ids, USCC, resident ID numbers) refuses them with
//! `field.charset`.

use crate::error::{Code, Problem};

/// The code points of general category Cf, as ranges, from the Unicode
/// Character Database 18.0 (`extracted/DerivedGeneralCategory.txt`,
/// <https://www.unicode.org/Public/18.0.0/ucd/extracted/DerivedGeneralCategory.txt>):
/// 21 ranges, 170 code points. A table of our own, instead of a general
/// category crate, because the whole category table would add tens of
/// kilobytes to the browser build for these 21 lines; a test checks it
/// against the `unicode-properties` crate.
pub const FORMAT_CHARACTERS: [(char, char); 21] = [
    ('\u{00AD}', '\u{00AD}'),   // soft hyphen
    ('\u{0600}', '\u{0605}'),   // Arabic number signs
    ('\u{061C}', '\u{061C}'),   // Arabic letter mark
    ('\u{06DD}', '\u{06DD}'),   // Arabic end of ayah
    ('\u{070F}', '\u{070F}'),   // Syriac abbreviation mark
    ('\u{0890}', '\u{0891}'),   // Arabic pound and piastre marks above
    ('\u{08E2}', '\u{08E2}'),   // Arabic disputed end of ayah
    ('\u{180E}', '\u{180E}'),   // Mongolian vowel separator
    ('\u{200B}', '\u{200F}'),   // zero-width space, non-joiner, joiner; LRM, RLM
    ('\u{202A}', '\u{202E}'),   // bidirectional embeddings and overrides
    ('\u{2060}', '\u{2064}'),   // word joiner, invisible operators
    ('\u{2066}', '\u{206F}'),   // bidirectional isolates, deprecated formats
    ('\u{FEFF}', '\u{FEFF}'),   // zero-width no-break space, byte-order mark
    ('\u{FFF9}', '\u{FFFB}'),   // interlinear annotation
    ('\u{110BD}', '\u{110BD}'), // Kaithi number sign
    ('\u{110CD}', '\u{110CD}'), // Kaithi number sign above
    ('\u{13430}', '\u{1343F}'), // Egyptian hieroglyph format controls
    ('\u{1BCA0}', '\u{1BCA3}'), // shorthand format controls
    ('\u{1D173}', '\u{1D17A}'), // musical symbol formatting
    ('\u{E0001}', '\u{E0001}'), // language tag
    ('\u{E0020}', '\u{E007F}'), // tag characters
];

/// True for a Unicode format character (general category Cf).
pub fn is_format_character(c: char) -> bool {
    FORMAT_CHARACTERS
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// True for a character no identifier may hold: whitespace (Unicode
/// `White_Space`), a control character, a format character, or one that
/// draws nothing though it is none of those (the Hangul fillers, the
/// variation selectors, the blank braille pattern): `"li\u{3164}"` would
/// read as `li` and name nobody.
pub fn is_invisible(c: char) -> bool {
    // Identifiers are almost always printable ASCII: answer those without
    // the Unicode tables.
    if c.is_ascii_graphic() {
        return false;
    }
    c.is_whitespace()
        || c.is_control()
        || is_format_character(c)
        || matches!(
            c,
            '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{E0100}'..='\u{E01EF}'
        )
}

/// True when `text` is empty or only whitespace (`str::trim` leaves
/// nothing). An id starts with a visible ASCII character nearly always:
/// that is answered from its first byte, without trimming.
pub(crate) fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(&first) if first.is_ascii() && !char::from(first).is_whitespace() => false,
        _ => text.trim().is_empty(),
    }
}

/// `field.charset` when `input` holds an invisible character, naming the
/// first one by its code point (`U+200B`); `what_zh`/`what_en` name the
/// identifier ("登录帐号" / "login account").
pub(crate) fn check_visible(
    input: &str,
    field: &str,
    what_zh: &str,
    what_en: &str,
) -> Option<Problem> {
    let c = input.chars().find(|c| is_invisible(*c))?;
    let point = format!("U+{:04X}", u32::from(c));
    Some(
        Problem::new(
            Code::Charset,
            Some(field),
            format!("{what_zh}不能包含空白、控制字符或不可见的格式字符（含 `{point}`）"),
            format!(
                "{what_en} must not hold whitespace, control or invisible format characters (it holds `{point}`)"
            ),
        )
        .with_detail(serde_json::json!({ "character": point })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn is_blank_is_trim_leaving_nothing(
            text in prop_oneof![
                "\\PC{0,6}",
                "[ \t\n\x0B\x0C\r\u{85}\u{a0}\u{3000}\u{1c}a]{0,4}",
            ]
        ) {
            prop_assert_eq!(is_blank(&text), text.trim().is_empty());
        }
    }

    #[test]
    fn blank_ids_are_told_from_first_bytes_and_whitespace() {
        for (text, blank) in [
            ("", true),
            (" ", true),
            ("\u{3000}", true),
            ("\u{b}", true),
            ("a", false),
            (" a", false),
            ("\u{1c}", false),
            ("\u{3000}张", false),
        ] {
            assert_eq!(is_blank(text), blank, "{text:?}");
        }
    }

    #[test]
    fn the_table_is_sorted_and_counts_170_code_points() {
        let mut count = 0;
        let mut previous = None;
        for (low, high) in FORMAT_CHARACTERS {
            assert!(low <= high);
            if let Some(p) = previous {
                assert!(p < low, "ranges overlap or are out of order at {low:?}");
            }
            previous = Some(high);
            count += u32::from(high) - u32::from(low) + 1;
        }
        assert_eq!(count, 170);
    }

    #[test]
    fn the_table_agrees_with_the_unicode_database() {
        use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
        // The crate may follow an older Unicode version than the table; a
        // character it does not know yet is `Unassigned` there.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let theirs = c.general_category();
            let ours = is_format_character(c);
            if theirs == GeneralCategory::Format {
                assert!(ours, "U+{:04X} is Cf but not in the table", u32::from(c));
            } else if ours {
                assert_eq!(
                    theirs,
                    GeneralCategory::Unassigned,
                    "U+{:04X} is in the table but is {theirs:?}",
                    u32::from(c)
                );
            }
        }
    }

    #[test]
    fn invisible_characters_are_named() {
        let p = check_visible(
            "zhangsan123\u{200B}",
            "account",
            "登录帐号",
            "login account",
        )
        .unwrap();
        assert_eq!(p.code, Code::Charset);
        assert!(p.message_en.contains("U+200B"));
        assert!(check_visible("zhangsan123", "account", "帐号", "account").is_none());
        for c in [
            '\u{FEFF}', '\u{202E}', '\u{00A0}', '\u{3000}', '\t', '\u{0}',
        ] {
            assert!(is_invisible(c), "U+{:04X}", u32::from(c));
        }
    }
}
