//! Status changes on a [`Lead`]: [`Lead::transition_to`], replaying and applying histories.

use serde::{Deserialize, Serialize};

use crate::lifecycle::catalog::{CatalogEntry, StatusCatalog};
use crate::lifecycle::stage::Stage;
use crate::model::lead::Lead;
use crate::model::status::LeadStatus;
use crate::model::timestamp::Timestamp;
use crate::wire::field::Field;
use crate::wire::quote::Quoted;

/// A status change, returned by [`Lead::transition_to`] for the caller to store: Copper keeps
/// no status history on a lead, and this crate adds nothing to the wire JSON.
///
/// Serializes as `{"from": "New", "to": "Contacted", "at": 1700000000}` (`from` is `null` for
/// a lead that had no status).
///
/// ```
/// use copper_lead::{Lead, LeadStatus, Timestamp};
///
/// let mut lead = serde_json::from_str::<Lead>(r#"{"name": "Ada", "status": "New"}"#)?;
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
/// let mut lead = serde_json::from_str::<Lead>(r#"{"name": "Ada", "status": "Junk"}"#)?;
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
    #[error("the lead's status {} is not in the status catalog", Quoted(.0))]
    UnknownCurrentStatus(String),
    /// The target status is not in the catalog.
    #[error("the status {} is not in the status catalog", Quoted(.0))]
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
/// let mut lead = serde_json::from_str::<Lead>(r#"{"name": "Ada", "status": "New"}"#)?;
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
    /// The event is not a legal transition; [`source`](std::error::Error::source) says why.
    #[error("event {index} is not a legal move")]
    Illegal {
        /// Index of the event in the list.
        index: usize,
        /// Why the transition was refused.
        #[source]
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
            .and_then(crate::lifecycle::catalog::CatalogEntry::id)
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
    /// refused is reported instead: for each event, at most one finding for a change whose
    /// `from` is not the lead's status at that point (a change missed in between), and one
    /// for a move the table forbids or a status the catalog does not know. Each finding has
    /// its event's index.
    ///
    /// The lead ends with the last change's status (in the catalog's spelling and with its
    /// id, when the catalog has the status) and `date_modified`.
    ///
    /// ```
    /// use copper_lead::{Lead, LeadStatus, Timestamp};
    /// use copper_lead::lifecycle::{ReplayError, StatusCatalog, StatusChange};
    ///
    /// let at = |s| Timestamp::from_unix(s);
    /// let mut lead = serde_json::from_str::<Lead>(r#"{"name": "Ada", "status": "Junk"}"#)?;
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
