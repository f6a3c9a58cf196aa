//! Argon2id hashes in PHC string form. Plain passwords are never kept.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use super::error::PasswordError;

/// The cost of a new hash. The default is OWASP's recommendation for
/// Argon2id: 19 MiB of memory, 2 iterations, 1 lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct HashCost {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Iterations.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl HashCost {
    /// The most work the library does for one hash or one verification:
    /// 256 MiB, 10 iterations, 8 lanes. A stored hash asking for more is
    /// refused rather than left to hang a check (or, in a browser, to grow
    /// the module's memory for good).
    pub const LIMIT: HashCost = HashCost {
        memory_kib: 256 * 1024,
        iterations: 10,
        parallelism: 8,
    };

    /// An error naming `field` when this cost is beyond [`HashCost::LIMIT`].
    fn within_limit(self, field: &str) -> Result<(), PasswordError> {
        let limit = HashCost::LIMIT;
        if self.memory_kib > limit.memory_kib
            || self.iterations > limit.iterations
            || self.parallelism > limit.parallelism
        {
            return Err(PasswordError::CostTooHigh {
                field: field.to_owned(),
            });
        }
        Ok(())
    }

    /// The cost of a hash in the one form the library accepts, or `None`:
    /// `$argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>`, the parameters each
    /// once, in that order, as decimal numbers without leading zeros (the
    /// PHC string format's canonical form), salt and hash in unpadded
    /// base64. Another algorithm (`argon2i`, `argon2d`), another version, a
    /// repeated or unknown parameter is refused: huiqi only ever writes this
    /// form, and a hash in any other did not come from it (and `m=4194304,
    /// m=64` would have one cost checked and another run).
    fn of_phc(hash: &str) -> Option<HashCost> {
        let mut parts = hash.split('$');
        let (
            Some(""),
            Some("argon2id"),
            Some("v=19"),
            Some(params),
            Some(salt),
            Some(digest),
            None,
        ) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        )
        else {
            return None;
        };
        let b64 = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        };
        if !b64(salt) || !b64(digest) {
            return None;
        }
        let mut pairs = params.split(',');
        let mut value = |name: &str| -> Option<u32> {
            let (key, number) = pairs.next()?.split_once('=')?;
            let canonical = !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
                && (number == "0" || !number.starts_with('0'));
            if key != name || !canonical {
                return None;
            }
            number.parse().ok()
        };
        let cost = HashCost {
            memory_kib: value("m")?,
            iterations: value("t")?,
            parallelism: value("p")?,
        };
        pairs.next().is_none().then_some(cost)
    }

    /// The work of one hash at this cost, in KiB × iterations.
    pub(crate) fn work(self) -> u64 {
        u64::from(self.memory_kib) * u64::from(self.iterations)
    }
}

/// The cost of a stored hash, refusing any hash not in the library's one
/// form or beyond [`HashCost::LIMIT`] (`field` names it in the error).
pub(super) fn stored_cost(hash: &str, field: &str) -> Result<HashCost, PasswordError> {
    let cost = HashCost::of_phc(hash).ok_or_else(|| PasswordError::BadHash {
        field: field.to_owned(),
    })?;
    cost.within_limit(field)?;
    Ok(cost)
}

impl Default for HashCost {
    fn default() -> HashCost {
        HashCost {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
        }
    }
}

/// Hashes a password with a fresh random salt, at the default cost.
/// Returns an Argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    hash_password_with_cost(password, HashCost::default())
}

/// Hashes a password at a chosen cost.
pub fn hash_password_with_cost(password: &str, cost: HashCost) -> Result<String, PasswordError> {
    cost.within_limit("cost")?;
    let params =
        Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None).map_err(|e| {
            PasswordError::CostInvalid {
                field: "cost".to_owned(),
                reason: e.to_string(),
            }
        })?;
    let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    hasher
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| PasswordError::Hashing {
            reason: e.to_string(),
        })
}

/// True when `password` matches the PHC string `hash`; an error when `hash`
/// is not a valid argon2 PHC string (`field` names it in the error).
pub(super) fn verify_password_at(
    password: &str,
    hash: &str,
    field: &str,
) -> Result<bool, PasswordError> {
    let bad = || PasswordError::BadHash {
        field: field.to_owned(),
    };
    stored_cost(hash, field)?;
    match Argon2::default().verify_password(password.as_bytes(), hash) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(_) => Err(bad()),
    }
}

/// True when `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> Result<bool, PasswordError> {
    verify_password_at(password, hash, "hash")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: HashCost = HashCost {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    #[test]
    fn hash_and_verify() {
        let hash = hash_password_with_cost("Sesame#2024", CHEAP).unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        assert!(!hash.contains("Sesame"));
        assert!(verify_password("Sesame#2024", &hash).unwrap());
        assert!(!verify_password("sesame#2024", &hash).unwrap());
        let again = hash_password_with_cost("Sesame#2024", CHEAP).unwrap();
        assert_ne!(hash, again, "salts differ");
    }

    #[test]
    fn costs_beyond_the_limit_are_refused() {
        let huge = HashCost {
            iterations: 1_000_000,
            ..CHEAP
        };
        assert!(matches!(
            hash_password_with_cost("x", huge),
            Err(PasswordError::CostTooHigh { .. })
        ));
        let stored = "$argon2id$v=19$m=64,t=4000000,p=1$RX+FbXItmkaca/cnUqAV+A$YYF6q4P3RA45nVskx1WO31a/HeW5C0Ck6c1ihszHcgQ";
        assert!(matches!(
            verify_password("x", stored),
            Err(PasswordError::CostTooHigh { .. })
        ));
    }

    #[test]
    fn only_the_canonical_argon2id_form_is_accepted() {
        let good = hash_password_with_cost("x", CHEAP).unwrap();
        assert!(verify_password("x", &good).unwrap());
        let (head, tail) = good.split_at(good.find("m=").unwrap());
        let rest = tail.split_once('$').unwrap().1;
        for params in [
            "m=4194304,m=64,t=1,p=1",
            "m=64,t=1,p=1,p=1",
            "t=1,m=64,p=1",
            "m=64,t=1",
            "m=64,t=1,p=1,keyid=abc",
            "m=064,t=1,p=1",
            "m=+64,t=1,p=1",
        ] {
            let hash = format!("{head}{params}${rest}");
            assert!(
                matches!(
                    verify_password("x", &hash),
                    Err(PasswordError::BadHash { .. })
                ),
                "{hash}"
            );
        }
        for other in [
            good.replace("$argon2id$", "$argon2i$"),
            good.replace("$argon2id$", "$argon2d$"),
            good.replace("$v=19$", "$v=16$"),
            good.replace("$v=19$", "$"),
        ] {
            assert!(
                matches!(
                    verify_password("x", &other),
                    Err(PasswordError::BadHash { .. })
                ),
                "{other}"
            );
        }
    }

    #[test]
    fn garbage_hashes_are_errors_not_mismatches() {
        for bad in [
            "",
            "plain",
            "$argon2id$",
            "$argon2id$v=19$m=64,t=1,p=1$@@@$@@@",
            "$2b$10$abc",
        ] {
            assert!(
                matches!(
                    verify_password("x", bad),
                    Err(PasswordError::BadHash { .. })
                ),
                "{bad}"
            );
        }
    }
}
