//! The idempotency key of a conversion: SHA-256 over a documented canonical form.
//!
//! The form is written once, by [`write_canonical_form`], to whatever consumes it: the key
//! streams it through the hash (no text is built: the request alone is a few kilobytes of
//! JSON per conversion), and `Conversion::canonical_form` collects the same bytes as text.

use sha2::{Digest, Sha256};
use std::io::{self, Write};

use super::request::ConvertRequest;
use super::unsent::Unsent;
use crate::model::id::LeadId;
use crate::model::timestamp::Timestamp;
use crate::wire::field::Field;

/// What the canonical form is made of (documented on `Conversion::idempotency_key`).
pub(super) struct Parts<'a> {
    pub(super) lead_id: LeadId,
    pub(super) date_modified: &'a Field<Timestamp>,
    pub(super) request: &'a ConvertRequest,
    pub(super) unsent: &'a Unsent,
    pub(super) added_mailboxes: &'a [String],
}

/// Writes the canonical form of `parts` to `out`.
fn write_canonical_form(out: &mut impl Write, parts: &Parts<'_>) -> io::Result<()> {
    out.write_all(b"copper-lead/convert/v2\n")?;
    writeln!(out, "lead_id={}", parts.lead_id)?;
    match parts.date_modified {
        Field::Value(t) => writeln!(out, "date_modified={}", t.unix())?,
        Field::Null => out.write_all(b"date_modified=null\n")?,
        Field::Absent => out.write_all(b"date_modified=absent\n")?,
    }
    out.write_all(b"request=")?;
    serde_json::to_writer(&mut *out, parts.request)?;
    out.write_all(b"\nunsent=")?;
    serde_json::to_writer(&mut *out, parts.unsent)?;
    out.write_all(b"\npublic_mailboxes=")?;
    for (index, mailbox) in parts.added_mailboxes.iter().enumerate() {
        if index > 0 {
            out.write_all(b",")?;
        }
        out.write_all(mailbox.as_bytes())?;
    }
    out.write_all(b"\n")
}

/// The canonical form as text.
pub(super) fn canonical_form(parts: &Parts<'_>) -> String {
    let mut out = Vec::with_capacity(4096);
    // Writing to a `Vec` cannot fail, nor can serializing these types (records, ids,
    // amounts, derived structs): the result is ignored for that reason, and checked in
    // tests (a failure would cut the form short).
    let written = write_canonical_form(&mut out, parts);
    debug_assert!(written.is_ok(), "the canonical form could not be written");
    // Every piece is UTF-8 (Rust strings and serde_json's output); the lossy conversion only
    // keeps this free of a panic path.
    String::from_utf8(out)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

/// 64 lowercase hex digits of SHA-256 over the canonical form of `parts`.
pub(super) fn key(parts: &Parts<'_>) -> String {
    // serde_json writes a piece at a time (a quote, a key, a colon): gathered into blocks
    // first, the hash is fed a few large slices.
    let mut hashing = io::BufWriter::with_capacity(4096, Hashing(Sha256::new()));
    // As above, nothing here can fail.
    let written = write_canonical_form(&mut hashing, parts).and_then(|()| hashing.flush());
    debug_assert!(written.is_ok(), "the canonical form could not be hashed");
    // Flushed above: nothing is left in the buffer.
    let (Hashing(hasher), _) = hashing.into_parts();
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(64);
    for byte in digest {
        // Lowercase digits; a nibble is always below 16, so both are `Some`.
        hex.extend(char::from_digit(u32::from(byte >> 4), 16));
        hex.extend(char::from_digit(u32::from(byte & 0xf), 16));
    }
    hex
}

/// SHA-256 as an [`io::Write`] sink.
struct Hashing(Sha256);

impl Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
