//! [`QualifiedLead`]: a lead proven valid and qualified, the only kind that converts.

use serde::{Deserialize, Serialize};
use std::fmt::{self, Write as _};

use crate::lifecycle::catalog::StatusCatalog;
use crate::lifecycle::stage::Stage;
use crate::model::id::UserId;
use crate::model::lead::Lead;
use crate::model::timestamp::Timestamp;
use crate::validate::finding::ValidationErrors;
use crate::validate::validator::Validator;

/// A lead that is valid and qualified: its status is at [`Stage::Qualified`], or someone
/// decided it is ([`QualifiedLead::by_decision`]). Conversion takes one, so an unqualified or
/// invalid lead cannot be converted by mistake.
///
/// Copper itself converts a lead from any status, and its default statuses (New, Open,
/// Unqualified, Junk) have none at stage Qualified. An account that adds one (say "Hot",
/// mapped to [`Stage::Qualified`] in its [`StageMap`](crate::lifecycle::StageMap)) qualifies leads by
/// status with [`QualifiedLead::new`]; an account on the defaults qualifies them by an
/// explicit decision, which is recorded ([`QualifiedLead::qualification`]).
///
/// The lead inside cannot be changed (that could make it unqualified); take it out with
/// [`QualifiedLead::into_lead`] to edit it, and qualify it again.
///
/// # Example
///
/// ```
/// use copper_lead::{Lead, LeadStatus, Timestamp, UserId};
/// use copper_lead::lifecycle::{Decision, NotQualifiedReason, QualifiedLead};
/// use copper_lead::validate::Validator;
///
/// // On Copper's default statuses, no status is at stage Qualified.
/// let lead = Lead::builder("Ada").status(LeadStatus::Open).build()?;
/// let err = QualifiedLead::new(lead, &Validator::new()).unwrap_err();
/// assert!(matches!(err.reason(), NotQualifiedReason::Stage(_)));
/// assert!(err.to_string().contains("QualifiedLead::by_decision"));
///
/// // A person decides: the lead is valid and not at stage Unqualified.
/// let decision = Decision::new(Timestamp::from_unix(1_700_000_000)?).by(UserId::new(137658));
/// let qualified = QualifiedLead::by_decision(err.into_lead(), &Validator::new(), decision)?;
/// assert_eq!(qualified.lead().name.as_deref(), Some("Ada"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct QualifiedLead {
    lead: Lead,
    qualification: Qualification,
}

/// How a lead came to be qualified. Serializes as `"status"` or
/// `{"decision": {"at": 1700000000, "by": 137658}}`.
///
/// ```
/// use copper_lead::lifecycle::{Decision, Qualification};
/// use copper_lead::{Timestamp, UserId};
///
/// let by = Qualification::Decision(Decision::new(Timestamp::from_unix(1_700_000_000)?).by(UserId::new(7)));
/// assert_eq!(serde_json::to_string(&by)?, r#"{"decision":{"at":1700000000,"by":7}}"#);
/// assert_eq!(serde_json::to_string(&Qualification::Status)?, r#""status""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Qualification {
    /// Its status is at [`Stage::Qualified`].
    Status,
    /// Someone decided it is qualified.
    Decision(Decision),
}

/// An explicit decision that a lead is qualified: when, and by whom if known. Keep it with
/// the conversion (it is what an account without a qualified status has instead).
///
/// ```
/// use copper_lead::{Timestamp, UserId};
/// use copper_lead::lifecycle::Decision;
///
/// let decision = Decision::new(Timestamp::from_unix(1_700_000_000)?).by(UserId::new(7));
/// assert_eq!(decision.by_user(), Some(UserId::new(7)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Decision {
    at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    by: Option<UserId>,
}

impl Decision {
    /// A decision taken at `at`.
    #[must_use]
    pub const fn new(at: Timestamp) -> Self {
        Decision { at, by: None }
    }

    /// The same decision, taken by `user`.
    #[must_use]
    pub const fn by(mut self, user: UserId) -> Self {
        self.by = Some(user);
        self
    }

    /// When it was taken.
    #[must_use]
    pub const fn at(&self) -> Timestamp {
        self.at
    }

    /// Who took it, if known.
    #[must_use]
    pub const fn by_user(&self) -> Option<UserId> {
        self.by
    }
}

impl QualifiedLead {
    /// Qualifies `lead` by its status: valid under `validator`, and at stage Qualified in the
    /// validator's status catalog (the account's, or the stock one).
    ///
    /// # Errors
    ///
    /// [`NotQualified`], holding the lead, when its stage is not Qualified, its status is not
    /// in the catalog, or it has validation errors. The message says how to qualify it.
    pub fn new(lead: Lead, validator: &Validator<'_>) -> Result<Self, NotQualified> {
        let reason = match lead.stage_with(validator.statuses()) {
            None => Some(NotQualifiedReason::UnknownStatus),
            Some(Stage::Qualified) => lead
                .validate_with(validator)
                .err()
                .map(NotQualifiedReason::Invalid),
            Some(stage) => Some(NotQualifiedReason::Stage(stage)),
        };
        QualifiedLead::decide(lead, validator, reason, Qualification::Status)
    }

    /// Qualifies `lead` by an explicit decision: it must be valid under `validator` and its
    /// status must be in the catalog at a stage from which Qualified is reachable (New,
    /// Contacted, or Qualified itself; not Unqualified, which goes via Contacted).
    ///
    /// # Errors
    ///
    /// [`NotQualified`], holding the lead, when it has validation errors, its status is not in
    /// the catalog, or it is at stage Unqualified.
    pub fn by_decision(
        lead: Lead,
        validator: &Validator<'_>,
        decision: Decision,
    ) -> Result<Self, NotQualified> {
        let reason = match lead.stage_with(validator.statuses()) {
            None => Some(NotQualifiedReason::UnknownStatus),
            Some(stage) if !stage.can_move_to(Stage::Qualified) => {
                Some(NotQualifiedReason::Stage(stage))
            }
            Some(_) => lead
                .validate_with(validator)
                .err()
                .map(NotQualifiedReason::Invalid),
        };
        QualifiedLead::decide(lead, validator, reason, Qualification::Decision(decision))
    }

    fn decide(
        lead: Lead,
        validator: &Validator<'_>,
        reason: Option<NotQualifiedReason>,
        qualification: Qualification,
    ) -> Result<Self, NotQualified> {
        match reason {
            None => Ok(QualifiedLead {
                lead,
                qualification,
            }),
            Some(reason) => Err(NotQualified {
                hint: Hint::for_catalog(validator.statuses(), &reason, qualification),
                lead: Box::new(lead),
                reason,
            }),
        }
    }

    /// The qualified lead, to read (take it out with [`QualifiedLead::into_lead`] to edit).
    #[must_use]
    pub fn lead(&self) -> &Lead {
        &self.lead
    }

    /// How it was qualified: by status, or by a decision.
    #[must_use]
    pub fn qualification(&self) -> &Qualification {
        &self.qualification
    }

    /// The lead, no longer known to be qualified.
    #[must_use]
    pub fn into_lead(self) -> Lead {
        self.lead
    }
}

impl AsRef<Lead> for QualifiedLead {
    fn as_ref(&self) -> &Lead {
        &self.lead
    }
}

/// Why a lead is not qualified.
///
/// ```
/// use copper_lead::{Lead, LeadStatus};
/// use copper_lead::lifecycle::{NotQualifiedReason, QualifiedLead, Stage};
///
/// let lead = Lead::builder("Ada").status(LeadStatus::Junk).build()?;
/// let err = QualifiedLead::new(lead, &copper_lead::validate::Validator::new()).unwrap_err();
/// assert_eq!(err.reason(), &NotQualifiedReason::Stage(Stage::Unqualified));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotQualifiedReason {
    /// The lead is at another stage: not Qualified (by status), or Unqualified (by decision).
    Stage(Stage),
    /// The lead's status is not in the catalog.
    UnknownStatus,
    /// The lead has validation errors.
    Invalid(ValidationErrors),
}

/// What to tell the caller about how to qualify the lead.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Hint {
    /// No hint beyond the reason.
    None,
    /// Statuses of the catalog at stage Qualified to move the lead to, or by decision.
    MoveOrDecide(Vec<String>),
    /// The catalog has no status at stage Qualified: by decision, or map one.
    Decide,
    /// A lead at stage Unqualified must be moved back first.
    MoveBack,
}

impl Hint {
    fn for_catalog(
        catalog: &StatusCatalog,
        reason: &NotQualifiedReason,
        qualification: Qualification,
    ) -> Hint {
        match (reason, qualification) {
            (NotQualifiedReason::Stage(Stage::Unqualified), _) => Hint::MoveBack,
            (NotQualifiedReason::Stage(_), Qualification::Status) => {
                let qualified: Vec<String> = catalog
                    .entries()
                    .filter(|e| e.stage() == Stage::Qualified)
                    .map(|e| e.status().as_str().to_owned())
                    .collect();
                if qualified.is_empty() {
                    Hint::Decide
                } else {
                    Hint::MoveOrDecide(qualified)
                }
            }
            _ => Hint::None,
        }
    }
}

/// A lead that could not be qualified, handed back with the reason.
///
/// ```
/// use copper_lead::{Lead, LeadStatus};
/// use copper_lead::lifecycle::QualifiedLead;
///
/// let lead = Lead::builder("Ada").status(LeadStatus::Open).build()?;
/// let err = QualifiedLead::new(lead, &copper_lead::validate::Validator::new()).unwrap_err();
/// assert!(err.to_string().starts_with("lead is not qualified: its status \"Open\" is at stage Contacted"));
/// let lead = err.into_lead(); // handed back unchanged
/// assert_eq!(lead.name.as_deref(), Some("Ada"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NotQualified {
    lead: Box<Lead>,
    reason: NotQualifiedReason,
    hint: Hint,
}

impl NotQualified {
    /// Why the lead is not qualified, to match on (the message, with how to qualify it, is in
    /// `Display`).
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

    #[cfg(feature = "convert")]
    pub(crate) fn into_parts(self) -> (Lead, NotQualifiedReason, String) {
        let message = self.describe();
        (*self.lead, self.reason, message)
    }

    fn describe(&self) -> String {
        let status = crate::lifecycle::transition::show_status(self.lead.status.value());
        let mut text = match &self.reason {
            NotQualifiedReason::Stage(stage) => {
                format!("lead is not qualified: its status {status} is at stage {stage}")
            }
            NotQualifiedReason::UnknownStatus => {
                format!("lead is not qualified: its status {status} is not in the status catalog")
            }
            NotQualifiedReason::Invalid(errors) => {
                format!("lead is not qualified: {}", invalid(errors))
            }
        };
        match &self.hint {
            Hint::None => {}
            Hint::MoveOrDecide(statuses) => {
                // Writing to a String cannot fail.
                let _ = write!(
                    text,
                    "; move it to {} (stage Qualified), or qualify it by decision \
                     (QualifiedLead::by_decision)",
                    statuses.join(" or ")
                );
            }
            Hint::Decide => text.push_str(
                "; the status catalog has no status at stage Qualified (as with Copper's \
                 default statuses New, Open, Unqualified and Junk): qualify it by decision \
                 (QualifiedLead::by_decision), or map one of the account's statuses to \
                 Stage::Qualified in the StageMap",
            ),
            Hint::MoveBack => text.push_str(
                "; a lead at stage Unqualified is moved back to a New or Contacted status \
                 before it can be qualified",
            ),
        }
        text
    }
}

impl fmt::Display for NotQualified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl std::error::Error for NotQualified {
    /// The validation errors, for a lead refused as invalid.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.reason.validation_errors().map(|errors| errors as _)
    }
}

impl NotQualifiedReason {
    /// The validation errors, for a lead refused as invalid.
    pub(crate) fn validation_errors(&self) -> Option<&ValidationErrors> {
        match self {
            NotQualifiedReason::Invalid(errors) => Some(errors),
            NotQualifiedReason::Stage(_) | NotQualifiedReason::UnknownStatus => None,
        }
    }
}

/// "it has N validation error(s)": the errors themselves are the error's source.
fn invalid(errors: &ValidationErrors) -> String {
    match errors.len() {
        1 => "it has a validation error".to_owned(),
        n => format!("it has {n} validation errors"),
    }
}

impl fmt::Display for NotQualifiedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotQualifiedReason::Stage(stage) => write!(f, "at stage {stage}"),
            NotQualifiedReason::UnknownStatus => f.write_str("status not in the catalog"),
            NotQualifiedReason::Invalid(errors) => f.write_str(&invalid(errors)),
        }
    }
}
