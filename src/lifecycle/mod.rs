//! The lead lifecycle: [`Stage`]s, the transition table, and status changes on a [`Lead`](crate::Lead).
//!
//! Copper itself lets a lead's status change freely. This crate enforces a lifecycle so that a
//! lead reaches conversion only along legal edges. A status (an account's name for it, such
//! as `Open` or `Hot`) maps to one of four stages through a [`StatusCatalog`]; the table below
//! decides which stage changes are allowed.
//!
//! # Transition table
//!
//! | from \ to   | New | Contacted | Qualified | Unqualified |
//! |-------------|-----|-----------|-----------|-------------|
//! | New         | -   | yes       | yes       | yes         |
//! | Contacted   | no  | -         | yes       | yes         |
//! | Qualified   | no  | yes (demote) | -      | yes         |
//! | Unqualified | yes (recycle) | yes | no (go via Contacted) | - |
//!
//! A move between two statuses of the same stage (`Open` to `Contacted`, both stage Contacted)
//! is always allowed. Moving to the status a lead already has is a no-op: it succeeds, changes
//! nothing and records nothing, so a retry is harmless. Conversion, not a status, is the only
//! way out of Qualified into the terminal converted state (see [`QualifiedLead`]).
//!
//! [`QualifiedLead`]: crate::lifecycle::QualifiedLead
//!
//! # Example
//!
//! ```
//! use copper_lead::{Lead, LeadStatus, Timestamp};
//! use copper_lead::lifecycle::{Stage, TransitionError};
//!
//! let mut lead = serde_json::from_str::<Lead>(r#"{"name": "Ada Lovelace", "status": "New"}"#)?;
//! let at = Timestamp::from_unix(1_700_000_000)?;
//!
//! let change = lead.transition_to(LeadStatus::Contacted, at)?;
//! assert!(change.is_some());
//! assert_eq!(lead.stage(), Some(Stage::Contacted));
//!
//! // Contacted -> New is not an edge of the table.
//! let err = lead.transition_to(LeadStatus::New, at).unwrap_err();
//! assert!(matches!(err, TransitionError::NotAllowed { .. }));
//! assert_eq!(lead.status.value(), Some(&LeadStatus::Contacted)); // unchanged
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod catalog;
#[cfg(feature = "validate")]
pub(crate) mod qualified;
pub(crate) mod stage;
pub(crate) mod transition;

pub use catalog::{CatalogEntry, CatalogError, LeadStatusDefinition, StageMap, StatusCatalog};
#[cfg(feature = "validate")]
pub use qualified::{Decision, NotQualified, NotQualifiedReason, Qualification, QualifiedLead};
pub use stage::Stage;
pub use transition::{ReplayError, StatusChange, TransitionError};

#[cfg(test)]
mod tests {
    use super::stage::Stage;

    /// The table in these module docs, read from this file, matches the code's cell by cell.
    #[test]
    fn documented_table_matches_code() {
        let source = include_str!("mod.rs");
        let rows: Vec<Vec<String>> = source
            .lines()
            .filter_map(|line| line.strip_prefix("//! |"))
            .skip(2) // header and separator
            .map(|row| row.split('|').map(|cell| cell.trim().to_owned()).collect())
            .collect();
        assert_eq!(rows.len(), 4);
        for (from, row) in Stage::ALL.iter().zip(&rows) {
            assert_eq!(row.first().map(String::as_str), Some(from.as_str()));
            for (to, cell) in Stage::ALL.iter().zip(row.iter().skip(1)) {
                let documented = if cell == "-" || cell.starts_with("yes") {
                    true
                } else if cell.starts_with("no") {
                    false
                } else {
                    panic!("unreadable cell {cell:?}")
                };
                assert_eq!(documented, from.can_move_to(*to), "{from} -> {to}");
                assert_eq!(cell == "-", from == to, "{from} -> {to}");
            }
        }
    }
}
