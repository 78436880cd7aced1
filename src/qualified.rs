//! [`QualifiedLead`]: a lead proven valid and at the Qualified stage, the only kind that
//! converts.

use std::fmt;

use crate::lead::Lead;
use crate::lifecycle::Stage;
use crate::validate::{ValidationErrors, Validator};

/// A lead that is valid and at the [`Stage::Qualified`] stage. Conversion takes one, so an
/// unqualified or invalid lead cannot be converted by mistake.
///
/// The lead inside cannot be changed (that could make it unqualified); take it out with
/// [`QualifiedLead::into_lead`] to edit it, and qualify it again.
///
/// # Example
///
/// ```
/// use copper_lead::{Lead, LeadStatus, NotQualifiedReason, QualifiedLead};
///
/// let lead = Lead::builder("Ada").status(LeadStatus::New).build()?;
/// let err = QualifiedLead::try_from(lead).unwrap_err();
/// assert!(matches!(err.reason(), NotQualifiedReason::Stage(_)));
///
/// let mut lead = err.into_lead(); // handed back
/// lead.transition_to(LeadStatus::Qualified, copper_lead::Timestamp::from_unix(1_700_000_000)?)?;
/// let qualified = QualifiedLead::try_from(lead)?;
/// assert_eq!(qualified.lead().name.as_deref(), Some("Ada"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct QualifiedLead(Lead);

impl QualifiedLead {
    /// Qualifies `lead` under `validator` (whose status catalog decides the stage).
    ///
    /// # Errors
    ///
    /// [`NotQualified`], holding the lead, when its stage is not Qualified, its status is not
    /// in the catalog, or it has validation errors.
    pub fn new(lead: Lead, validator: &Validator<'_>) -> Result<Self, NotQualified> {
        let reason = match lead.stage_with(validator.statuses()) {
            Err(_) => Some(NotQualifiedReason::UnknownStatus),
            Ok(Stage::Qualified) => lead
                .validate_with(validator)
                .err()
                .map(NotQualifiedReason::Invalid),
            Ok(stage) => Some(NotQualifiedReason::Stage(stage)),
        };
        match reason {
            None => Ok(QualifiedLead(lead)),
            Some(reason) => Err(NotQualified {
                lead: Box::new(lead),
                reason,
            }),
        }
    }

    /// The lead.
    #[must_use]
    pub fn lead(&self) -> &Lead {
        &self.0
    }

    /// The lead, no longer known to be qualified.
    #[must_use]
    pub fn into_lead(self) -> Lead {
        self.0
    }
}

impl TryFrom<Lead> for QualifiedLead {
    type Error = NotQualified;

    /// Qualifies a lead under the default [`Validator`] (stock statuses).
    fn try_from(lead: Lead) -> Result<Self, NotQualified> {
        QualifiedLead::new(lead, &Validator::new())
    }
}

impl AsRef<Lead> for QualifiedLead {
    fn as_ref(&self) -> &Lead {
        &self.0
    }
}

/// Why a lead is not qualified.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotQualifiedReason {
    /// The lead is at another stage.
    Stage(Stage),
    /// The lead's status is not in the catalog.
    UnknownStatus,
    /// The lead is at the Qualified stage but has validation errors.
    Invalid(ValidationErrors),
}

/// A lead that could not be qualified, handed back with the reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct NotQualified {
    lead: Box<Lead>,
    reason: NotQualifiedReason,
}

impl NotQualified {
    /// Why.
    #[must_use]
    pub fn reason(&self) -> &NotQualifiedReason {
        &self.reason
    }

    /// The lead, unchanged.
    #[must_use]
    pub fn lead(&self) -> &Lead {
        &self.lead
    }

    /// The lead back, unchanged.
    #[must_use]
    pub fn into_lead(self) -> Lead {
        *self.lead
    }

    pub(crate) fn into_parts(self) -> (Lead, NotQualifiedReason) {
        (*self.lead, self.reason)
    }

    fn describe(&self) -> String {
        let status = self.lead.status.value().map_or("no status", |s| s.as_str());
        match &self.reason {
            NotQualifiedReason::Stage(stage) => {
                format!("lead is not qualified: its status {status:?} is at stage {stage}")
            }
            NotQualifiedReason::UnknownStatus => {
                format!("lead is not qualified: its status {status:?} is not in the status catalog")
            }
            NotQualifiedReason::Invalid(errors) => {
                format!("lead is qualified but invalid: {errors}")
            }
        }
    }
}

impl fmt::Display for NotQualifiedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotQualifiedReason::Stage(stage) => write!(f, "at stage {stage}"),
            NotQualifiedReason::UnknownStatus => f.write_str("status not in the catalog"),
            NotQualifiedReason::Invalid(errors) => fmt::Display::fmt(errors, f),
        }
    }
}
