//! The canonical form of a bundle's payload, the bytes its SHA-256 checksum covers.
//!
//! It exists apart from the format so that the one rule both sides must agree on byte for
//! byte (RFC 8785, as `docs/bundle-format.md` shows how to recompute with Python) sits in
//! one place, with its own tests.

use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::error::BundleError;
use super::problem::{Inconsistency, Problem};

/// The canonical bytes of a JSON value, the ones the checksum covers: RFC 8785 (JSON
/// Canonicalization Scheme) restricted to what version 1 uses. Object members sorted by
/// key (UTF-16 code units), no whitespace, strings with the minimal escapes (`\"`, `\\`,
/// `\b \f \n \r \t`, other control characters as lowercase `\u00xx`, everything else as
/// UTF-8), integers in plain decimal. Version 1 writes every fraction as a decimal string,
/// so a number with a fraction or exponent is refused rather than guessed at.
pub fn canonical_json(value: &Value) -> Result<Vec<u8>, BundleError> {
    let mut out = Vec::new();
    write_canonical(value, &mut out)?;
    Ok(out)
}

/// The lowercase hex SHA-256 of a payload's canonical bytes.
pub fn payload_sha256(payload: &Value) -> Result<String, BundleError> {
    let bytes = canonical_json(payload)?;
    Ok(crate::content::model::hex(&Sha256::digest(&bytes)))
}

fn write_canonical(value: &Value, out: &mut Vec<u8>) -> Result<(), BundleError> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.extend_from_slice(i.to_string().as_bytes());
            } else if let Some(u) = n.as_u64() {
                out.extend_from_slice(u.to_string().as_bytes());
            } else {
                return Err(Inconsistency::bundle(Problem::Fraction { number: n.clone() }).into());
            }
        }
        Value::String(s) => {
            serde_json::to_writer(&mut *out, s).map_err(|e| BundleError::Json(e.to_string()))?;
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out)?;
            }
            out.push(b']');
        }
        Value::Object(members) => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push(b'{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, key)
                    .map_err(|e| BundleError::Json(e.to_string()))?;
                out.push(b':');
                if let Some(member) = members.get(key) {
                    write_canonical(member, out)?;
                }
            }
            out.push(b'}');
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(text: &str) -> String {
        let value: Value = serde_json::from_str(text).unwrap();
        String::from_utf8(canonical_json(&value).unwrap()).unwrap()
    }

    #[test]
    fn canonical_form_sorts_keys_and_drops_whitespace() {
        assert_eq!(
            canonical(r#"{ "b": [1, {"z": null, "a": true}], "a": "x" }"#),
            r#"{"a":"x","b":[1,{"a":true,"z":null}]}"#
        );
    }

    #[test]
    fn canonical_form_escapes_strings_as_rfc_8785_does() {
        assert_eq!(
            canonical(r#"["\u0041\n\u001f\"\\/€\u007f"]"#),
            "[\"A\\n\\u001f\\\"\\\\/€\u{7f}\"]"
        );
    }

    #[test]
    fn canonical_form_sorts_keys_by_utf16_code_units() {
        // U+FB01 sorts after U+1F600 in UTF-16 (a surrogate pair starts with 0xD83D).
        assert_eq!(
            canonical("{\"\u{fb01}\": 1, \"\u{1f600}\": 2}"),
            "{\"\u{1f600}\":2,\"\u{fb01}\":1}"
        );
    }

    #[test]
    fn canonical_form_refuses_fractions() {
        let value: Value = serde_json::from_str("[1.5]").unwrap();
        assert!(matches!(
            canonical_json(&value),
            Err(BundleError::Invalid(Inconsistency {
                problem: Problem::Fraction { .. },
                ..
            }))
        ));
        assert_eq!(
            canonical("[-3, 18446744073709551615]"),
            "[-3,18446744073709551615]"
        );
    }
}
