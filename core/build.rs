//! Encodes the common-password list compactly for the library to embed.
//!
//! `src/password/common_passwords.txt` is kept as plain text, sorted, one
//! password per line, so that changes to it can be read in review. What the
//! library embeds is that list front-coded: each password stored as one
//! byte, the length of the prefix it shares with the one before, then the
//! rest of it with the top bit set on its last byte (entries are ASCII, so
//! that bit is free), with a whole password every 32 entries as a restart
//! point. The library binary-searches the restart points and scans one
//! block, so a lookup builds no set in memory, and the embedded data is 44%
//! of the text's size (68% compressed).

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Entries between restart points.
const RESTART: usize = 32;

fn main() -> Result<(), Box<dyn Error>> {
    let source = "src/password/common_passwords.txt";
    println!("cargo::rerun-if-changed={source}");
    let text = std::fs::read_to_string(source)?;
    let words: Vec<&str> = text.lines().collect();
    for (i, pair) in words.windows(2).enumerate() {
        if let [a, b] = pair
            && a >= b
        {
            return Err(format!("{source}:{}: `{b}` is not after `{a}`", i + 2).into());
        }
    }
    let mut blocks = Vec::new();
    let mut index = Vec::new();
    let mut previous: &[u8] = &[];
    for (i, word) in words.iter().enumerate() {
        let bytes = word.as_bytes();
        if bytes.is_empty() || !word.is_ascii() || bytes.len() > 255 {
            return Err(format!("{source}:{}: entries are 1 to 255 ASCII bytes", i + 1).into());
        }
        let shared = if i % RESTART == 0 {
            index.extend_from_slice(&u32::try_from(blocks.len())?.to_le_bytes());
            0
        } else {
            previous
                .iter()
                .zip(bytes)
                .take_while(|(a, b)| a == b)
                .count()
        };
        // Sorted and unique, so no entry is a prefix of the one before: the
        // suffix is never empty.
        let suffix = bytes.get(shared..).unwrap_or_default();
        let Some((last, body)) = suffix.split_last() else {
            return Err(format!("{source}:{}: empty suffix", i + 1).into());
        };
        blocks.push(u8::try_from(shared)?);
        blocks.extend_from_slice(body);
        blocks.push(last | 0x80);
        previous = bytes;
    }
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out.join("common_passwords.blocks"), &blocks)?;
    std::fs::write(out.join("common_passwords.index"), &index)?;
    let mut facts = String::new();
    writeln!(facts, "/// Passwords on the list.")?;
    writeln!(facts, "pub(super) const COUNT: usize = {};", words.len())?;
    std::fs::write(out.join("common_passwords.rs"), facts)?;
    Ok(())
}
