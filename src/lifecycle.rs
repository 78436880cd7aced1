//! The lead lifecycle: [`Stage`]s, the transition table, and status changes on a [`Lead`].
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
//! let mut lead = Lead::builder("Ada Lovelace").status(LeadStatus::New).build()?;
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

use serde::{Deserialize, Serialize};
use std::fmt;

#[cfg(feature = "validate")]
pub use crate::qualified::{
    Decision, NotQualified, NotQualifiedReason, Qualification, QualifiedLead,
};
pub use crate::status::{
    CatalogEntry, CatalogError, LeadStatusDefinition, StageMap, StatusCatalog,
};

use crate::field::Field;
use crate::lead::Lead;
use crate::quote::Quoted;
use crate::status::LeadStatus;
use crate::timestamp::Timestamp;

/// A stage of the lead lifecycle. Every status maps to one through a [`StatusCatalog`].
///
/// ```
/// use copper_lead::LeadStatus;
/// use copper_lead::lifecycle::{Stage, StatusCatalog};
///
/// assert_eq!(StatusCatalog::stock().stage_of(&LeadStatus::Junk), Some(Stage::Unqualified));
/// assert_eq!(Stage::New.targets(), [Stage::Contacted, Stage::Qualified, Stage::Unqualified]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    /// Not yet worked.
    New,
    /// Being worked (Copper's stock `Open` is here).
    Contacted,
    /// Ready to convert.
    Qualified,
    /// Not a fit (Copper's stock `Junk` is here).
    Unqualified,
}

/// One cell of the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    /// The diagonal: a move within the stage.
    Same,
    Allowed,
    Forbidden,
}

use Edge::{Allowed as Y, Forbidden as N, Same as S};

/// The transition table, rows `from`, columns `to`, in [`Stage::ALL`] order. The module docs
/// show the same table; a test checks the two agree cell by cell.
const TABLE: [[Edge; 4]; 4] = [
    //            New Contacted Qualified Unqualified
    /* New */ [S, Y, Y, Y],
    /* Contacted */ [N, S, Y, Y],
    /* Qualified */ [N, Y, S, Y],
    /* Unqualified */ [Y, Y, N, S],
];

/// The cell of `TABLE` for a move.
#[allow(clippy::indexing_slicing)] // rows and columns are the four Stage discriminants, 0..4
const fn edge(from: Stage, to: Stage) -> Edge {
    TABLE[from.row()][to.row()]
}

impl Stage {
    /// The four stages, in table order.
    pub const ALL: [Stage; 4] = [
        Stage::New,
        Stage::Contacted,
        Stage::Qualified,
        Stage::Unqualified,
    ];

    /// The stage's name: `New`, `Contacted`, `Qualified` or `Unqualified`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::New => "New",
            Stage::Contacted => "Contacted",
            Stage::Qualified => "Qualified",
            Stage::Unqualified => "Unqualified",
        }
    }

    const fn row(self) -> usize {
        self as usize
    }

    /// Whether a lead at this stage may move to a status of stage `to`. Always true for
    /// `to == self` (a move within the stage).
    ///
    /// ```
    /// use copper_lead::lifecycle::Stage;
    ///
    /// assert!(Stage::Qualified.can_move_to(Stage::Contacted)); // demote
    /// assert!(!Stage::Unqualified.can_move_to(Stage::Qualified)); // go via Contacted
    /// ```
    #[must_use]
    pub const fn can_move_to(self, to: Stage) -> bool {
        !matches!(edge(self, to), Edge::Forbidden)
    }

    /// The other stages a lead at this stage may move to, in table order.
    #[must_use]
    pub fn targets(self) -> Vec<Stage> {
        Stage::ALL
            .into_iter()
            .filter(|to| *to != self && self.can_move_to(*to))
            .collect()
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status change, returned by [`Lead::transition_to`] for the caller to store: Copper keeps
/// no status history on a lead, and this crate adds nothing to the wire JSON.
///
/// Serializes as `{"from": "New", "to": "Contacted", "at": 1700000000}` (`from` is `null` for
/// a lead that had no status).
///
/// ```
/// use copper_lead::{Lead, LeadStatus, Timestamp};
///
/// let mut lead = Lead::builder("Ada").status(LeadStatus::New).build()?;
/// let change = lead.transition_to(LeadStatus::Open, Timestamp::from_unix(1_700_000_000)?)?;
/// assert_eq!(
///     serde_json::to_string(&change)?,
///     r#"{"from":"New","to":"Open","at":1700000000}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatusChange {
    /// The status before; `None` when the lead had none.
    pub from: Option<LeadStatus>,
    /// The status after.
    pub to: LeadStatus,
    /// When the change happened (the lead's new `date_modified`).
    pub at: Timestamp,
}

impl StatusChange {
    /// A change from one status to another at a time.
    #[must_use]
    pub fn new(from: Option<LeadStatus>, to: LeadStatus, at: Timestamp) -> Self {
        StatusChange { from, to, at }
    }
}

/// Why a status change was refused. The lead is unchanged.
///
/// ```
/// use copper_lead::{Lead, LeadStatus, Timestamp};
/// use copper_lead::lifecycle::{Stage, TransitionError};
///
/// let mut lead = Lead::builder("Ada").status(LeadStatus::Junk).build()?;
/// let err = lead.transition_to(LeadStatus::Qualified, Timestamp::from_unix(1)?).unwrap_err();
/// assert!(matches!(err, TransitionError::NotAllowed { to_stage: Stage::Qualified, .. }));
/// assert_eq!(
///     err.to_string(),
///     "cannot move a lead from \"Junk\" (stage Unqualified) to \"Qualified\" (stage Qualified); \
///      allowed stages: New, Contacted"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransitionError {
    /// The lead's current status is not in the catalog.
    #[error("the lead's status {0:?} is not in the status catalog")]
    UnknownCurrentStatus(String),
    /// The target status is not in the catalog.
    #[error("the status {0:?} is not in the status catalog")]
    UnknownTargetStatus(String),
    /// The table has no edge between the two stages.
    #[error(
        "cannot move a lead from {} (stage {from_stage}) to {} (stage {to_stage}); allowed stages: {}",
        show_status(.from.as_ref()),
        show_status(Some(.to)),
        show_stages(.allowed)
    )]
    NotAllowed {
        /// The current status (`None` when the lead has none).
        from: Option<LeadStatus>,
        /// The refused target status.
        to: LeadStatus,
        /// The current stage.
        from_stage: Stage,
        /// The target's stage.
        to_stage: Stage,
        /// The stages the lead may move to.
        allowed: Vec<Stage>,
    },
}

pub(crate) fn show_status(status: Option<&LeadStatus>) -> String {
    status.map_or_else(
        || "no status".to_owned(),
        |s| Quoted(s.as_str()).to_string(),
    )
}

fn show_stages(stages: &[Stage]) -> String {
    if stages.is_empty() {
        return "none".to_owned();
    }
    stages
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why [`Lead::replay_with`] refused a list of changes. The lead is unchanged.
///
/// ```
/// use copper_lead::{Lead, LeadStatus, Timestamp};
/// use copper_lead::lifecycle::{ReplayError, StatusCatalog, StatusChange};
///
/// let mut lead = Lead::builder("Ada").status(LeadStatus::New).build()?;
/// let at = Timestamp::from_unix(1)?;
/// // The second change does not start where the first ended.
/// let events = [
///     StatusChange::new(Some(LeadStatus::New), LeadStatus::Open, at),
///     StatusChange::new(Some(LeadStatus::New), LeadStatus::Junk, at),
/// ];
/// let err = lead.replay_with(StatusCatalog::stock(), &events).unwrap_err();
/// assert!(matches!(err, ReplayError::OutOfOrder { index: 1, .. }));
/// assert_eq!(lead.status.value(), Some(&LeadStatus::New)); // all or nothing
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// The event's `from` is not the lead's status at that point.
    #[error("event {index}: expected the lead at {}, but it is at {}", show_status(.expected.as_ref()), show_status(.found.as_ref()))]
    OutOfOrder {
        /// Index of the event in the list.
        index: usize,
        /// The event's `from`.
        expected: Option<LeadStatus>,
        /// The lead's status at that point.
        found: Option<LeadStatus>,
    },
    /// The event is not a legal transition.
    #[error("event {index}: {error}")]
    Illegal {
        /// Index of the event in the list.
        index: usize,
        /// Why the transition was refused.
        error: TransitionError,
    },
}

impl Lead {
    /// The lead's lifecycle stage under the stock catalog; see [`Lead::stage_with`].
    #[must_use]
    pub fn stage(&self) -> Option<Stage> {
        self.stage_with(StatusCatalog::stock())
    }

    /// The lead's lifecycle stage under `catalog`: by `status_id` when the catalog knows it,
    /// else by the exact `status` name; `None` for a status the catalog does not have. A lead
    /// without a status is at the stage of the catalog's default status (Copper gives a new
    /// lead the default), or New.
    #[must_use]
    pub fn stage_with(&self, catalog: &StatusCatalog) -> Option<Stage> {
        catalog.stage_of_lead(self)
    }

    /// The stages the lead may move to from where it is, under the stock catalog; `None` for
    /// a status the catalog does not have.
    #[must_use]
    pub fn allowed_stages(&self) -> Option<Vec<Stage>> {
        self.stage().map(Stage::targets)
    }

    /// The statuses of `catalog` the lead may move to (other stages' statuses allowed by the
    /// table, and other statuses of its own stage); `None` for a status the catalog does not
    /// have.
    #[must_use]
    pub fn allowed_statuses_with(&self, catalog: &StatusCatalog) -> Option<Vec<LeadStatus>> {
        let stage = self.stage_with(catalog)?;
        let current = self.status.value();
        Some(
            catalog
                .entries()
                .filter(|entry| stage.can_move_to(entry.stage()))
                .map(|entry| entry.status().clone())
                .filter(|status| Some(status) != current)
                .collect(),
        )
    }

    /// Moves the lead to `to` under the stock catalog; see [`Lead::transition_with`].
    ///
    /// # Errors
    ///
    /// As [`Lead::transition_with`].
    pub fn transition_to(
        &mut self,
        to: impl Into<LeadStatus>,
        at: Timestamp,
    ) -> Result<Option<StatusChange>, TransitionError> {
        self.transition_with(StatusCatalog::stock(), to, at)
    }

    /// Moves the lead to status `to` at time `at`, if the transition table allows it.
    ///
    /// On success sets `status` (to the catalog's spelling of the name), `status_id` (to the
    /// catalog's id for it; removed when the catalog has none, rather than left stale) and
    /// `date_modified`, and returns the change. Moving to the current status is a no-op that
    /// returns `Ok(None)` and changes nothing.
    ///
    /// # Errors
    ///
    /// [`TransitionError`] when the current or target status is not in the catalog, or the
    /// table forbids the move. The lead is then unchanged.
    pub fn transition_with(
        &mut self,
        catalog: &StatusCatalog,
        to: impl Into<LeadStatus>,
        at: Timestamp,
    ) -> Result<Option<StatusChange>, TransitionError> {
        let to = to.into();
        let target = self.check_move(catalog, &to)?;
        Ok(target.map(|target| self.set_status(Some(target), &to, at)))
    }

    /// The catalog entry the lead may move to for status `to`, `None` when it is already
    /// there; the rule of [`Lead::transition_with`], without changing the lead.
    fn check_move<'c>(
        &self,
        catalog: &'c StatusCatalog,
        to: &LeadStatus,
    ) -> Result<Option<&'c CatalogEntry>, TransitionError> {
        let from_stage = self.stage_with(catalog).ok_or_else(|| {
            TransitionError::UnknownCurrentStatus(
                self.status
                    .value()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
            )
        })?;
        let target = catalog
            .find(to.as_str())
            .ok_or_else(|| TransitionError::UnknownTargetStatus(to.as_str().to_owned()))?;
        let from = self.status.value();
        if from == Some(target.status()) {
            return Ok(None);
        }
        if !from_stage.can_move_to(target.stage()) {
            return Err(TransitionError::NotAllowed {
                from: from.cloned(),
                to: to.clone(),
                from_stage,
                to_stage: target.stage(),
                allowed: from_stage.targets(),
            });
        }
        Ok(Some(target))
    }

    /// Sets the status (in the spelling and with the id of its catalog entry, when there is
    /// one), `date_modified`, and returns the change. No rule is checked.
    fn set_status(
        &mut self,
        entry: Option<&CatalogEntry>,
        to: &LeadStatus,
        at: Timestamp,
    ) -> StatusChange {
        let from = self.status.value().cloned();
        let to = entry.map_or_else(|| to.clone(), |e| e.status().clone());
        self.status = Field::Value(to.clone());
        self.status_id = entry
            .and_then(crate::status::CatalogEntry::id)
            .map_or(Field::Absent, Field::Value);
        self.date_modified = Field::Value(at);
        StatusChange { from, to, at }
    }

    /// Applies recorded changes in order, checking each one's `from` against the lead and its
    /// edge against the table. All or nothing: at the first bad event the lead is left as it
    /// was and the error names the event. For the crate's own events; a history read from
    /// Copper, where any move is possible, goes through [`Lead::apply_history`].
    ///
    /// # Errors
    ///
    /// [`ReplayError`] naming the first event that does not follow or is not a legal move.
    pub fn replay_with(
        &mut self,
        catalog: &StatusCatalog,
        changes: &[StatusChange],
    ) -> Result<(), ReplayError> {
        let mut lead = self.clone();
        for (index, change) in changes.iter().enumerate() {
            let found = lead.status.value().cloned();
            if found != change.from {
                return Err(ReplayError::OutOfOrder {
                    index,
                    expected: change.from.clone(),
                    found,
                });
            }
            lead.transition_with(catalog, change.to.clone(), change.at)
                .map_err(|error| ReplayError::Illegal { index, error })?;
        }
        *self = lead;
        Ok(())
    }
}

impl Lead {
    /// Applies a status history as it happened in Copper, which lets a status change freely
    /// (a webhook's `updated_attributes.status` of `[old, new]`, or a "Property Changed"
    /// activity): every change is applied, in order, and what [`Lead::replay_with`] would have
    /// refused is reported instead, one finding per event: a move the table forbids, a status
    /// the catalog does not know, or a change whose `from` is not the lead's status at that
    /// point (a change missed in between). Each finding has its event's index.
    ///
    /// The lead ends with the last change's status (in the catalog's spelling and with its
    /// id, when the catalog has the status) and `date_modified`.
    ///
    /// ```
    /// use copper_lead::{Lead, LeadStatus, Timestamp};
    /// use copper_lead::lifecycle::{ReplayError, StatusCatalog, StatusChange};
    ///
    /// let at = |s| Timestamp::from_unix(s);
    /// let mut lead = Lead::builder("Ada").status(LeadStatus::Junk).build()?;
    /// // Copper let someone move a Junk lead straight to Qualified, then back to Open.
    /// let history = [
    ///     StatusChange::new(Some(LeadStatus::Junk), LeadStatus::Qualified, at(100)?),
    ///     StatusChange::new(Some(LeadStatus::Qualified), LeadStatus::Open, at(200)?),
    /// ];
    /// let findings = lead.apply_history(StatusCatalog::stock(), &history);
    /// assert!(matches!(findings.as_slice(), [ReplayError::Illegal { index: 0, .. }]));
    /// assert_eq!(lead.status.value(), Some(&LeadStatus::Open));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use = "the findings say which moves broke the lifecycle"]
    pub fn apply_history(
        &mut self,
        catalog: &StatusCatalog,
        changes: &[StatusChange],
    ) -> Vec<ReplayError> {
        let mut findings = Vec::new();
        for (index, change) in changes.iter().enumerate() {
            let found = self.status.value().cloned();
            if found != change.from {
                findings.push(ReplayError::OutOfOrder {
                    index,
                    expected: change.from.clone(),
                    found,
                });
            }
            // The rule as `transition_with` applies it; the change happens anyway.
            if let Err(error) = self.check_move(catalog, &change.to) {
                findings.push(ReplayError::Illegal { index, error });
            }
            // Moving to the status the lead has changes nothing, as in `transition_with`.
            if self.status.value() != Some(&change.to) {
                self.set_status(catalog.find(change.to.as_str()), &change.to, change.at);
            }
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table in the module docs, read from this file, matches `TABLE` cell by cell.
    #[test]
    fn documented_table_matches_code() {
        let source = include_str!("lifecycle.rs");
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
                let documented = if cell == "-" {
                    Edge::Same
                } else if cell.starts_with("yes") {
                    Edge::Allowed
                } else if cell.starts_with("no") {
                    Edge::Forbidden
                } else {
                    panic!("unreadable cell {cell:?}")
                };
                assert_eq!(documented, edge(*from, *to), "{from} -> {to}");
            }
        }
    }
}
