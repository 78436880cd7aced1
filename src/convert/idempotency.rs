//! The idempotency key of a conversion: SHA-256 over a documented canonical form.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;

use super::request::ConvertRequest;
use crate::field::Field;
use crate::id::{CustomFieldDefinitionId, LeadId};
use crate::opportunity::OpportunityPriority;
use crate::timestamp::Timestamp;

/// Where one lead custom field value went: person, company, opportunity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placement {
    pub(super) definition: Option<CustomFieldDefinitionId>,
    pub(super) targets: [bool; 3],
}

/// What the key covers beyond the lead id, the time and the request.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Basis {
    pub(super) date_modified: Field<Timestamp>,
    pub(super) close_date: Option<String>,
    pub(super) priority: Option<OpportunityPriority>,
    pub(super) monetary_unit: Option<String>,
    pub(super) placements: Vec<Placement>,
}

impl Basis {
    /// The canonical form documented on `Conversion::idempotency_key`.
    pub(super) fn canonical_form(
        &self,
        lead_id: LeadId,
        at: Timestamp,
        request: &ConvertRequest,
    ) -> String {
        let mut out = String::with_capacity(512);
        out.push_str("copper-lead/convert/v1\n");
        // Writing to a String cannot fail; the results are ignored below for that reason.
        let _ = writeln!(out, "lead_id={lead_id}");
        let _ = match &self.date_modified {
            Field::Value(t) => writeln!(out, "date_modified={}", t.unix()),
            Field::Null => writeln!(out, "date_modified=null"),
            Field::Absent => writeln!(out, "date_modified=absent"),
        };
        let _ = writeln!(out, "at={}", at.unix());
        let _ = writeln!(out, "request={}", json(request));
        let _ = writeln!(
            out,
            "close_date={}",
            self.close_date
                .as_ref()
                .map_or_else(|| "none".to_owned(), json)
        );
        let _ = writeln!(
            out,
            "priority={}",
            self.priority
                .as_ref()
                .map_or_else(|| "none".to_owned(), json)
        );
        let _ = writeln!(
            out,
            "monetary_unit={}",
            self.monetary_unit
                .as_ref()
                .map_or_else(|| "none".to_owned(), json)
        );
        out.push_str("custom_fields=");
        for (i, placement) in self.placements.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match placement.definition {
                Some(id) => {
                    let _ = write!(out, "{id}:");
                }
                None => out.push_str("none:"),
            }
            let [person, company, opportunity] = placement.targets;
            if !(person || company || opportunity) {
                out.push('-');
            }
            for (placed, letter) in [(person, 'p'), (company, 'c'), (opportunity, 'o')] {
                if placed {
                    out.push(letter);
                }
            }
        }
        out.push('\n');
        out
    }
}

/// Compact JSON of a value, as `serde_json::to_string` writes it.
fn json<T: serde::Serialize>(value: &T) -> String {
    // Serializing these types (strings, ids, amounts, derived structs) cannot fail.
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
