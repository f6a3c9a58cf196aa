//! A fingerprint as an event and the request log keep it: the current form
//! held as its 128 bits, so that making one, logging it and copying it
//! into each of a command's events write no text and allocate nothing
//! (≈ 500 instructions a command, issue 9's Python benchmark); any other
//! form (read from a log kept before it) held as the text it was.
//!
//! On the wire it is text either way: `xxh3:` and 32 lowercase hex digits
//! in the current form (text, so JavaScript keeps every bit), and earlier
//! forms exactly as they were read.

use std::fmt::{self, Display};

use serde::{Deserialize, Serialize};

/// What names the current form of a fingerprint.
pub(super) const PREFIX: &str = "xxh3:";

/// A command's fingerprint (see [`crate::approval::RequestRef`]): written
/// `xxh3:` and 32 hex digits, or, for streams recorded in the earlier
/// forms, 32 or 16 hex digits.
/// Equal, and hashed alike, exactly when the texts are equal; `Debug` and
/// `Display` show the text.
///
/// It crosses serde as the text it is written as (`from`/`into` `String`):
/// each serializer's and decoder's code for a string serves, where its own
/// would add to the WebAssembly. Writing one copies it, which only a call
/// carrying the application as JSON pays.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct Fingerprint(Form);

/// Canonical text is always read as the digest, so equal forms are equal
/// texts.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Form {
    /// XXH3-128, the current form.
    Xxh3(u128),
    /// Any other text, kept as read: an earlier form, or one this build
    /// does not know (never equal to a fingerprint it makes).
    Text(String),
}

impl Fingerprint {
    /// The current form, of a digest.
    pub(super) fn xxh3(digest: u128) -> Self {
        Fingerprint(Form::Xxh3(digest))
    }

    /// The digest, in the current form; the text as read, in any other.
    pub(super) fn digest_or_text(&self) -> Result<u128, &str> {
        match &self.0 {
            Form::Xxh3(digest) => Ok(*digest),
            Form::Text(text) => Err(text),
        }
    }
}

/// Text in the current form, exactly as it is written (lowercase): its
/// digest. Other text is kept as it is, so that it is written back alike.
fn current_form(text: &str) -> Option<u128> {
    let digits = text.strip_prefix(PREFIX)?;
    if digits.len() != 32 {
        return None;
    }
    // By hand, not `from_str_radix`: only lowercase digits are this form,
    // and `u128` parsing would add to the WebAssembly.
    digits.bytes().try_fold(0u128, |digest, b| {
        let nibble = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => return None,
        };
        Some(digest << 4 | u128::from(nibble))
    })
}

/// `digest` as 32 lowercase hex digits.
pub(super) fn hex_digits(digest: u128) -> [u8; 32] {
    let mut digits = [0u8; 32];
    for (i, digit) in digits.iter_mut().enumerate() {
        // The nibble `i` digits from the left: 4 bits, so below 16.
        let nibble = (digest >> (124 - 4 * i)) as u8 & 0x0f;
        *digit = if nibble < 10 {
            b'0' + nibble
        } else {
            b'a' - 10 + nibble
        };
    }
    digits
}

impl From<String> for Fingerprint {
    fn from(text: String) -> Self {
        match current_form(&text) {
            Some(digest) => Fingerprint(Form::Xxh3(digest)),
            None => Fingerprint(Form::Text(text)),
        }
    }
}

impl From<&str> for Fingerprint {
    fn from(text: &str) -> Self {
        match current_form(text) {
            Some(digest) => Fingerprint(Form::Xxh3(digest)),
            None => Fingerprint(Form::Text(text.to_owned())),
        }
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({:?})", self.to_string())
    }
}

impl Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Form::Xxh3(digest) => {
                f.write_str(PREFIX)?;
                let digits = hex_digits(*digest);
                f.write_str(std::str::from_utf8(&digits).unwrap_or_default())
            }
            Form::Text(text) => f.write_str(text),
        }
    }
}

impl From<Fingerprint> for String {
    fn from(fingerprint: Fingerprint) -> String {
        match fingerprint.0 {
            Form::Xxh3(_) => fingerprint.to_string(),
            Form::Text(text) => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_written_back_as_it_was_read() {
        for text in [
            "xxh3:9eb18c782cb2e5371d1cf4128f2e051f",
            "xxh3:00000000000000000000000000000000",
            "xxh3:ffffffffffffffffffffffffffffffff",
            // Not the current form as it is written: kept as text.
            "xxh3:9EB18C782CB2E5371D1CF4128F2E051F",
            "xxh3:9eb18c782cb2e5371d1cf4128f2e051",
            "xxh3:9eb18c782cb2e5371d1cf4128f2e051f0",
            "xxh3:+eb18c782cb2e5371d1cf4128f2e051",
            "XXH3:9eb18c782cb2e5371d1cf4128f2e051f",
            "1682d3e88aa78c2f16deeff21d7a91b2",
            "cbf29ce484222325",
            "",
        ] {
            let read = Fingerprint::from(text);
            assert_eq!(read.to_string(), text);
            let json = serde_json::to_string(&read).unwrap();
            assert_eq!(json, serde_json::to_string(text).unwrap());
            assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), read);
        }
    }

    #[test]
    fn only_the_current_form_as_written_is_held_as_its_digest() {
        let current = Fingerprint::from("xxh3:000000000000000000000000000000ff");
        assert_eq!(current.digest_or_text(), Ok(0xff));
        assert_eq!(current, Fingerprint::xxh3(0xff));
        let upper = Fingerprint::from("xxh3:000000000000000000000000000000FF");
        assert_eq!(
            upper.digest_or_text(),
            Err("xxh3:000000000000000000000000000000FF")
        );
        assert_ne!(upper, current);
        assert_eq!(
            Fingerprint::from("cbf29ce484222325").digest_or_text(),
            Err("cbf29ce484222325")
        );
        assert!(serde_json::from_str::<Fingerprint>("7").is_err());
    }

    #[test]
    fn it_shows_as_its_text_and_hashes_as_it_compares() {
        use std::collections::HashSet;
        let text = "xxh3:000000000000000000000000000000ff";
        let current = Fingerprint::from(text);
        assert_eq!(format!("{current:?}"), format!("Fingerprint({text:?})"));
        // Read from either kind of text, the same value; another text (not
        // canonical: kept as written) is another value.
        let set: HashSet<Fingerprint> = [
            current.clone(),
            Fingerprint::from(text.to_owned()),
            Fingerprint::from(text.to_uppercase()),
        ]
        .into_iter()
        .collect();
        assert_eq!(set.len(), 2);
        assert_eq!(String::from(current), text);
    }
}
