//! The idempotency key of a conversion: SHA-256 over a documented canonical form.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;

use super::request::ConvertRequest;
use super::unsent::Unsent;
use crate::field::Field;
use crate::id::LeadId;
use crate::timestamp::Timestamp;

/// The canonical form documented on `Conversion::idempotency_key`.
pub(super) fn canonical_form(
    lead_id: LeadId,
    date_modified: &Field<Timestamp>,
    request: &ConvertRequest,
    unsent: &Unsent,
    added_mailboxes: &[String],
) -> String {
    let mut out = String::with_capacity(512);
    out.push_str("copper-lead/convert/v2\n");
    // Writing to a String cannot fail; the results are ignored below for that reason.
    let _ = writeln!(out, "lead_id={lead_id}");
    let _ = match date_modified {
        Field::Value(t) => writeln!(out, "date_modified={}", t.unix()),
        Field::Null => writeln!(out, "date_modified=null"),
        Field::Absent => writeln!(out, "date_modified=absent"),
    };
    let _ = writeln!(out, "request={}", json(request));
    let _ = writeln!(out, "unsent={}", json(unsent));
    let _ = writeln!(out, "public_mailboxes={}", added_mailboxes.join(","));
    out
}

/// Compact JSON of a value, as `serde_json::to_string` writes it.
fn json<T: serde::Serialize>(value: &T) -> String {
    // Serializing these types (records, ids, amounts, derived structs) cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// 64 lowercase hex digits of SHA-256 over `canonical`.
pub(super) fn key(canonical: &str) -> String {
    let digest = Sha256::digest(canonical.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}
