//! The verification code on a certificate: derived from the attempt it certifies, so a
//! manager can match a printed certificate to the record in Jaga (see
//! `docs/certificates.md`, which gives a recipe to compute it independently).

use chrono::{DateTime, Utc};
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use crate::store::ts;

/// Crockford's base 32: no I, L, O or U, so a code read aloud or typed is not misread.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The verification code of a passing attempt: the SHA-256 of
/// `attempt-uuid|employee-id|module-id|revision|finished` (UTF-8; the UUID lowercase with
/// hyphens, the full revision, the finish time as stored: RFC 3339 UTC with milliseconds,
/// like `2026-05-14T12:00:00.000Z`), its first 80 bits written as 16 characters of
/// Crockford's base 32, in four groups: `7K3Q-9XZ2-M4TB-0CHD`.
pub fn verification_code(
    attempt_id: Uuid,
    employee_id: &str,
    module_id: &str,
    revision: &str,
    finished: DateTime<Utc>,
) -> String {
    let input = format!(
        "{attempt_id}|{employee_id}|{module_id}|{revision}|{}",
        ts(finished)
    );
    let digest = Sha256::digest(input.as_bytes());
    let bits = digest
        .iter()
        .take(10)
        .fold(0u128, |n, b| (n << 8) | u128::from(*b));
    let mut code = String::with_capacity(19);
    for i in 0..16u32 {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        let index = usize::try_from((bits >> (75 - 5 * i)) & 31).unwrap_or(0);
        code.push(char::from(CROCKFORD[index]));
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_four_groups_of_crockford_base32() {
        let code = verification_code(
            Uuid::nil(),
            "EMP-1",
            "module",
            "abc",
            DateTime::<Utc>::MIN_UTC,
        );
        assert_eq!(code.len(), 19);
        assert!(
            code.split('-')
                .all(|g| g.len() == 4 && g.bytes().all(|b| CROCKFORD.contains(&b)))
        );
    }
}
