//! The shipped list of common passwords (sources and licences in
//! `COMMON_PASSWORDS_SOURCE.md`) and the comparison against it.
//!
//! A password is compared in the form SP 800-63B §3.1.1.2 asks for: its
//! surrounding whitespace removed, normalised by Unicode NFKC (so full-width
//! `Ｐａｓｓｗｏｒｄ１２３`, the ideographic space and ligatures count as their
//! ASCII letters) and without regard to case. Every entry of the list is
//! ASCII, so only a password whose NFKC form is ASCII can match; the
//! library maps the 1,443 code points whose NFKC form is ASCII itself
//! (`compat_fold.rs`, generated from the Unicode Character Database) instead
//! of carrying a whole normaliser: the `unicode-normalization` crate would
//! add about 60 KB (compressed) to the browser build for the same answers,
//! which a test checks code point by code point against that crate.

use super::compat_fold::RUNS;

mod list {
    include!(concat!(env!("OUT_DIR"), "/common_passwords.rs"));
}

/// The front-coded entries (see `core/build.rs`).
const BLOCKS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/common_passwords.blocks"));
/// Where each block of 32 entries starts in [`BLOCKS`], as
/// little-endian `u32`.
const INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/common_passwords.index"));

/// True when `password`, compared as SP 800-63B asks (trimmed, NFKC, any
/// case), is on the list.
pub fn is_common_password(password: &str) -> bool {
    blocklist_form(password).is_some_and(|form| contains(form.as_bytes()))
}

/// How many passwords the list holds.
pub fn common_password_count() -> usize {
    list::COUNT
}

/// The password as the list is compared with it, or `None` when its NFKC
/// form is not ASCII (then no entry can match).
pub(crate) fn blocklist_form(password: &str) -> Option<String> {
    let mut form = String::with_capacity(password.len());
    for c in password.trim().chars() {
        if c.is_ascii() {
            form.push(c.to_ascii_lowercase());
        } else {
            form.push_str(&ascii_form(c)?.to_ascii_lowercase());
        }
    }
    // A compatibility space (U+3000, U+00A0) at either end becomes a space.
    Some(
        form.trim_matches(|c: char| c.is_ascii_whitespace())
            .to_owned(),
    )
}

/// The NFKC form of `c` when it is ASCII.
fn ascii_form(c: char) -> Option<String> {
    let point = u32::from(c);
    let at = RUNS.partition_point(|(first, _, _)| *first <= point);
    let (first, count, form) = RUNS.get(at.checked_sub(1)?)?;
    let offset = point - first;
    if offset >= u32::from(*count) {
        return None;
    }
    if offset == 0 {
        return Some((*form).to_owned());
    }
    // Within a run every form is one character, advanced by the offset.
    let base = u32::from(form.chars().next()?);
    char::from_u32(base + offset).map(String::from)
}

fn block_start(block: usize) -> Option<usize> {
    let bytes = INDEX.get(block * 4..block * 4 + 4)?;
    let word = u32::from_le_bytes(bytes.try_into().ok()?);
    usize::try_from(word).ok()
}

/// The entry stored at `at`: its shared-prefix length and its suffix
/// (whose last byte carries the top bit), and where the next one starts.
fn entry_at(at: usize) -> Option<(usize, &'static [u8], usize)> {
    let shared = usize::from(*BLOCKS.get(at)?);
    let rest = BLOCKS.get(at + 1..)?;
    let len = rest.iter().position(|b| b & 0x80 != 0)? + 1;
    Some((shared, rest.get(..len)?, at + 1 + len))
}

/// Appends a suffix, clearing the top bit of its last byte.
fn push_suffix(entry: &mut Vec<u8>, suffix: &[u8]) {
    entry.extend(suffix.iter().map(|b| b & 0x7F));
}

/// How a block's first entry, stored whole, compares with `needle`.
fn first_entry_cmp(block: usize, needle: &[u8]) -> Option<std::cmp::Ordering> {
    let (_, suffix, _) = entry_at(block_start(block)?)?;
    Some(suffix.iter().map(|b| b & 0x7F).cmp(needle.iter().copied()))
}

fn contains(needle: &[u8]) -> bool {
    // The last block whose first entry is not after the needle.
    let (mut low, mut high) = (0, INDEX.len() / 4);
    while low < high {
        let middle = low + (high - low) / 2;
        if first_entry_cmp(middle, needle).is_some_and(std::cmp::Ordering::is_le) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    let Some(block) = low.checked_sub(1) else {
        return false;
    };
    let (Some(mut at), end) = (
        block_start(block),
        block_start(block + 1).unwrap_or(BLOCKS.len()),
    ) else {
        return false;
    };
    let mut entry: Vec<u8> = Vec::with_capacity(32);
    while at < end {
        let Some((shared, suffix, next)) = entry_at(at) else {
            return false;
        };
        entry.truncate(shared);
        push_suffix(&mut entry, suffix);
        match entry.as_slice().cmp(needle) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Greater => return false,
            std::cmp::Ordering::Less => at = next,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = include_str!("common_passwords.txt");

    #[test]
    fn every_entry_is_found_and_its_neighbours_are_not() {
        let words: Vec<&str> = TEXT.lines().collect();
        assert_eq!(words.len(), common_password_count());
        assert!(words.len() > 24_000);
        for word in &words {
            assert!(contains(word.as_bytes()), "{word}");
            let longer = format!("{word}\u{7f}");
            assert!(!contains(longer.as_bytes()), "{word}+DEL");
        }
        assert!(!contains(b""));
        assert!(!contains(b"correct horse battery staple"));
    }

    #[test]
    fn todays_most_common_passwords_are_caught() {
        for p in [
            "password123",
            "admin123",
            "P@ssw0rd",
            "Admin@123",
            "Password@123",
            "Qwerty123!",
            "woaini1314",
            "12345678",
        ] {
            assert!(is_common_password(p), "{p}");
        }
    }

    #[test]
    fn trivial_variants_are_caught() {
        for p in [
            "PASSWORD123",
            "  password123\t",
            "\u{3000}password123\u{3000}",
            "Ｐａｓｓｗｏｒｄ１２３",
            "ｐａｓｓｗｏｒｄ１２３",
            "\u{1D429}\u{1D41A}\u{1D42C}\u{1D42C}\u{1D430}\u{1D428}\u{1D42B}\u{1D41D}123",
        ] {
            assert!(is_common_password(p), "{p:?}");
        }
        assert!(!is_common_password("pass word123"));
        assert!(!is_common_password("pássword123"));
    }

    proptest::proptest! {
        #[test]
        fn the_form_is_nfkc_lowercased_and_trimmed(
            text in "[ a-zA-Z0-9@!\u{3000}\u{00A0}\u{FF01}-\u{FF5E}\u{0300}-\u{0302}\u{FB01}\u{2474}\u{00BD}\u{1D400}-\u{1D403}é]{0,12}"
        ) {
            use unicode_normalization::UnicodeNormalization;
            let nfkc: String = text.trim().nfkc().collect();
            let expected = nfkc
                .is_ascii()
                .then(|| nfkc.to_ascii_lowercase().trim_matches(|c: char| c.is_ascii_whitespace()).to_owned());
            proptest::prop_assert_eq!(blocklist_form(&text), expected);
        }
    }

    #[test]
    fn the_fold_is_nfkc_for_every_code_point() {
        use unicode_normalization::UnicodeNormalization;
        use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            // Characters newer than the crates' Unicode version are skipped.
            if c.general_category() == GeneralCategory::Unassigned {
                continue;
            }
            let nfkc: String = std::iter::once(c).nfkc().collect();
            let expected = nfkc.is_ascii().then_some(nfkc);
            assert_eq!(ascii_form(c), expected, "U+{:04X}", u32::from(c));
        }
    }
}
