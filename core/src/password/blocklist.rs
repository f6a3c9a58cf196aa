//! The shipped list of common passwords (see `COMMON_PASSWORDS_SOURCE.md`).

use std::collections::HashSet;
use std::sync::OnceLock;

const LIST: &str = include_str!("common_passwords.txt");

/// True when `password` (compared in lower case) is a common password.
pub fn is_common_password(password: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let set = SET.get_or_init(|| LIST.lines().filter(|l| !l.is_empty()).collect());
    set.contains(password.to_lowercase().as_str())
}

/// How many passwords the list holds.
pub fn common_password_count() -> usize {
    LIST.lines().filter(|l| !l.is_empty()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_usual_suspects() {
        for p in [
            "password",
            "PASSWORD",
            "12345678",
            "qwerty123",
            "iloveyou",
            "woaini1314",
        ] {
            assert!(is_common_password(p), "{p}");
        }
        assert!(!is_common_password("correct horse battery staple"));
        assert!(common_password_count() > 10_000);
    }
}
