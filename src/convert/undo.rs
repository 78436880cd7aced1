//! [`UndoPlan`]: the requests that revert a conversion, as far as Copper allows.

use serde::Serialize;
use std::fmt;

use super::Conversion;
use super::outcome::Origin;
use super::request::ConvertResponse;
use crate::api::request::{Method, Request};
use crate::api::response::Deleted;
use crate::model::id::{CompanyId, LeadId, OpportunityId, PersonId};
use crate::model::lead::Lead;
use crate::wire::field::Field;

/// One request of an [`UndoPlan`], with what it undoes.
///
/// ```
/// use copper_lead::convert::{ConvertOptions, ConvertResponse};
/// use copper_lead::lifecycle::QualifiedLead;
/// use copper_lead::{Lead, LeadId, LeadStatus, Timestamp};
///
/// let lead = Lead::builder("Ada").id(LeadId::new(8894157)).status(LeadStatus::Qualified).build()?;
/// let snapshot = lead.clone();
/// let conversion = QualifiedLead::new(lead, &copper_lead::validate::Validator::new())?.convert(&ConvertOptions::new(Timestamp::from_unix(1)?))?;
/// // Both made at the conversion (the opportunity's creation dates it), nothing else on them.
/// let response: ConvertResponse = serde_json::from_str(r#"{
///     "person": {"id": 27140359, "date_created": 1496694264, "date_modified": 1496694264,
///                "interaction_count": 0, "leads_converted_from": [{"lead_id": 8894157}]},
///     "opportunity": {"id": 4417020, "date_created": 1496694264, "date_modified": 1496694264,
///                     "interaction_count": 0}}"#)?;
/// let plan = conversion.undo_plan(&snapshot, &response)?;
/// let paths: Vec<&str> = plan.steps().iter().map(|step| step.path()).collect();
/// assert_eq!(paths, ["/leads", "/opportunities/4417020", "/people/27140359"]);
/// assert_eq!(plan.steps()[0].reason(), "the conversion consumed the lead");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
#[non_exhaustive]
pub enum UndoStep {
    /// `POST /leads`: the lead again, from the snapshot taken before the conversion, without
    /// its read-only keys. First, so that nothing is deleted before the lead is back.
    RecreateLead {
        /// The request.
        request: Request<Lead>,
    },
    /// `DELETE /opportunities/{id}`: the opportunity the conversion created.
    DeleteOpportunity {
        /// The opportunity.
        id: OpportunityId,
        /// The request.
        request: Request<Deleted<OpportunityId>>,
    },
    /// `DELETE /people/{id}`: the person the conversion created, with no interactions and no
    /// other lead converted into it.
    DeletePerson {
        /// The person.
        id: PersonId,
        /// The request.
        request: Request<Deleted<PersonId>>,
    },
    /// `DELETE /companies/{id}`: the company the conversion created, with no interactions.
    /// Copper's response does not show other people or opportunities on a company: check
    /// before sending when other conversions ran at the same time.
    DeleteCompany {
        /// The company.
        id: CompanyId,
        /// The request.
        request: Request<Deleted<CompanyId>>,
    },
}

/// A record of the conversion the plan leaves in place, and why.
///
/// ```
/// use copper_lead::convert::{ConvertedRecord, Kept, KeptReason};
/// use copper_lead::convert::{ConvertOptions, ConvertResponse};
/// use copper_lead::lifecycle::QualifiedLead;
/// use copper_lead::{Lead, LeadId, LeadStatus, Timestamp};
///
/// let lead = Lead::builder("Ada").id(LeadId::new(8894157)).status(LeadStatus::Qualified).build()?;
/// let snapshot = lead.clone();
/// let conversion = QualifiedLead::new(lead, &copper_lead::validate::Validator::new())?.convert(&ConvertOptions::new(Timestamp::from_unix(1)?))?;
/// // The person was created years before the lead: Copper matched it by email.
/// let response: ConvertResponse = serde_json::from_str(r#"{
///     "person": {"id": 27140359, "date_created": 1490045010, "date_modified": 1496694264},
///     "company": {"id": 13349319, "date_created": 1496694264, "date_modified": 1496694264,
///                 "interaction_count": 0}}"#)?;
/// let plan = conversion.undo_plan(&snapshot, &response)?;
/// let kept: &Kept = &plan.kept()[0];
/// assert_eq!((kept.record, kept.id, kept.reason), (ConvertedRecord::Person, Some(27140359), KeptReason::Reused));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Kept {
    /// Which record.
    pub record: super::ConvertedRecord,
    /// Its id, if the response gave one.
    pub id: Option<u64>,
    /// Why it stays.
    pub reason: KeptReason,
}

/// Why an undo plan leaves a record in place ([`Kept`] has an example).
///
/// ```
/// use copper_lead::convert::KeptReason;
///
/// assert_eq!(serde_json::to_string(&KeptReason::HasInteractions)?, r#""has_interactions""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeptReason {
    /// It existed before the conversion (Copper attached the lead to it).
    Reused,
    /// The response does not say whether the conversion created it.
    OriginUnknown,
    /// Other leads were converted into it too.
    OtherLeads,
    /// It has interactions (activities) of its own.
    HasInteractions,
    /// The response does not show what else is on it (`leads_converted_from` or
    /// `interaction_count` missing), so it is not deleted on a guess.
    Unverified,
    /// The response gives no id for it.
    NoId,
}

/// What no undo can bring back: listed by every plan ([`UndoPlan::cannot_restore`]).
///
/// ```
/// use copper_lead::convert::Unrestorable;
///
/// assert_eq!(serde_json::to_string(&Unrestorable::LeadId)?, r#""lead_id""#);
/// assert_eq!(Unrestorable::LeadId.to_string(), "the lead's id (the recreated lead has a new one)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unrestorable {
    /// The lead's id: the recreated lead is a new lead with a new id.
    LeadId,
    /// The lead's activity history and its creation date: they stay with the records Copper
    /// moved them to, or are gone.
    ActivityHistory,
    /// What the conversion changed on a record it reused (a person's company, for example).
    ChangesToReusedRecords,
}

impl fmt::Display for Unrestorable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unrestorable::LeadId => "the lead's id (the recreated lead has a new one)",
            Unrestorable::ActivityHistory => "the lead's activity history and creation date",
            Unrestorable::ChangesToReusedRecords => {
                "what the conversion changed on records that existed before"
            }
        })
    }
}

/// The requests that revert a conversion, in order, with what each undoes and what stays.
///
/// Copper has no revert ("merging cannot be undone"), so the plan recreates the lead from a
/// snapshot taken before the conversion, then deletes what the conversion created: the
/// opportunity unless it has interactions, the person only when the response shows the
/// conversion created it and shows nothing else on it (no interactions, no other lead
/// converted into it; a response that does not show these keeps the person), and the company
/// when the conversion created it and it has no interactions. A person or company that existed before (Copper
/// attaches a lead to the person with its email) is never deleted. It also says plainly what
/// cannot be restored ([`UndoPlan::cannot_restore`]).
///
/// The plan reads the records as the convert response shows them. Records gain activities and
/// other leads over time: when undoing later, fetch the person and company again and build the
/// plan from a response holding them as they are now.
///
/// ```
/// use copper_lead::convert::{UndoPlan, Unrestorable};
/// use copper_lead::convert::{ConvertOptions, ConvertResponse};
/// use copper_lead::lifecycle::QualifiedLead;
/// use copper_lead::{Lead, LeadId, LeadStatus, Timestamp};
///
/// let lead = Lead::builder("Ada").id(LeadId::new(8894157)).status(LeadStatus::Qualified).build()?;
/// let snapshot = lead.clone();
/// let conversion = QualifiedLead::new(lead, &copper_lead::validate::Validator::new())?.convert(&ConvertOptions::new(Timestamp::from_unix(1)?))?;
/// let response: ConvertResponse = serde_json::from_str(r#"{
///     "person": {"id": 27140359, "date_created": 1490045010, "date_modified": 1496694264},
///     "opportunity": {"id": 4417020, "date_created": 1496694264, "date_modified": 1496694264,
///                     "interaction_count": 0}}"#)?;
/// // Later, from the job store: the snapshot and the response are enough.
/// let plan = UndoPlan::new(&snapshot, &response);
/// assert_eq!(plan.steps().len(), 2); // the lead again, the opportunity; the reused person stays
/// assert!(plan.cannot_restore().contains(&Unrestorable::ChangesToReusedRecords));
/// # let _ = conversion;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UndoPlan {
    steps: Vec<UndoStep>,
    kept: Vec<Kept>,
    cannot_restore: Vec<Unrestorable>,
}

/// The error for a snapshot that is not the converted lead.
///
/// ```
/// use copper_lead::convert::{ConvertOptions, ConvertResponse};
/// use copper_lead::lifecycle::QualifiedLead;
/// use copper_lead::{Lead, LeadId, LeadStatus, Timestamp};
///
/// let lead = Lead::builder("Ada").id(LeadId::new(1)).status(LeadStatus::Qualified).build()?;
/// let conversion = QualifiedLead::new(lead, &copper_lead::validate::Validator::new())?.convert(&ConvertOptions::new(Timestamp::from_unix(1)?))?;
/// let other = Lead::builder("Grace").id(LeadId::new(2)).build()?;
/// let err = conversion.undo_plan(&other, &ConvertResponse::default()).unwrap_err();
/// assert_eq!((err.converted, err.snapshot), (LeadId::new(1), Some(LeadId::new(2))));
/// assert_eq!(err.to_string(), "the snapshot is lead 2, not the converted lead 1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the snapshot is {}, not the converted lead {converted}", match .snapshot {
    Some(id) => format!("lead {id}"),
    None => "a lead without an id".to_owned(),
})]
#[non_exhaustive]
pub struct SnapshotMismatch {
    /// The converted lead.
    pub converted: LeadId,
    /// The snapshot's id.
    pub snapshot: Option<LeadId>,
}

impl Conversion {
    /// The plan that reverts this conversion, from the lead as it was before (`snapshot`,
    /// kept by the caller: conversion consumes the lead) and Copper's convert response.
    ///
    /// ```
    /// use copper_lead::convert::{ConvertOptions, ConvertResponse, UndoStep};
    /// use copper_lead::lifecycle::QualifiedLead;
    /// use copper_lead::{Lead, LeadId, LeadStatus, Timestamp};
    ///
    /// let lead = Lead::builder("Ada").id(LeadId::new(8894157)).status(LeadStatus::Qualified).build()?;
    /// let snapshot = lead.clone();
    /// let conversion = QualifiedLead::new(lead, &copper_lead::validate::Validator::new())?.convert(&ConvertOptions::new(Timestamp::from_unix(1)?))?;
    /// // The person existed (created long before the conversion); the company is new.
    /// let response: ConvertResponse = serde_json::from_str(r#"{
    ///     "person": {"id": 27140359, "date_created": 1490045010, "date_modified": 1496694264},
    ///     "company": {"id": 13349319, "date_created": 1496694264, "date_modified": 1496694264,
    ///                 "interaction_count": 0}}"#)?;
    /// let plan = conversion.undo_plan(&snapshot, &response)?;
    /// let steps: Vec<&str> = plan.steps().iter().map(|s| s.path()).collect();
    /// assert_eq!(steps, ["/leads", "/companies/13349319"]); // never the person
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SnapshotMismatch`] when the snapshot's id is not the converted lead's.
    pub fn undo_plan(
        &self,
        snapshot: &Lead,
        response: &ConvertResponse,
    ) -> Result<UndoPlan, SnapshotMismatch> {
        let snapshot_id = snapshot.id.value().copied();
        if snapshot_id != Some(self.lead_id) {
            return Err(SnapshotMismatch {
                converted: self.lead_id,
                snapshot: snapshot_id,
            });
        }
        Ok(UndoPlan::new(snapshot, response))
    }
}

impl UndoPlan {
    /// The plan from the lead as it was before the conversion and Copper's convert response,
    /// for a conversion no longer in memory (its job record kept the snapshot and the
    /// response). The snapshot's id tells the person's other leads from this one; without an
    /// id the person is not deleted.
    #[must_use]
    pub fn new(snapshot: &Lead, response: &ConvertResponse) -> UndoPlan {
        let lead_id: Option<LeadId> = snapshot.id.value().copied();
        let outcome = response.outcome();
        let mut steps = vec![UndoStep::RecreateLead {
            request: crate::leads::create(snapshot),
        }];
        let mut kept = Vec::new();
        let mut reused_any = false;

        if let Some(opportunity) = &outcome.opportunity {
            // Always made by the conversion: deleted unless someone has worked on it.
            let worked = response
                .opportunity
                .value()
                .is_some_and(|o| has_interactions(&o.interaction_count));
            let plan = Planned {
                record: super::ConvertedRecord::Opportunity,
                reason: worked.then_some(KeptReason::HasInteractions),
                steps: &mut steps,
                kept: &mut kept,
            };
            plan.delete_or_keep(opportunity.id, OpportunityId::get, |id, request| {
                UndoStep::DeleteOpportunity { id, request }
            });
        }

        let person = response.person.value();
        if let Some(outcome) = &outcome.person {
            // What else is on the person: other leads converted into it, interactions. A
            // response that does not show them leaves the person alone.
            let converted_from = person.and_then(|p| p.leads_converted_from.value());
            let others = converted_from.is_some_and(|entries| {
                entries
                    .iter()
                    .any(|entry| lead_id.is_none() || entry.lead_id.value() != lead_id.as_ref())
            });
            let on_it = OnRecord {
                others,
                interactions: person.is_some_and(|p| has_interactions(&p.interaction_count)),
                verified: converted_from.is_some()
                    && lead_id.is_some()
                    && person.is_some_and(|p| p.interaction_count.is_value()),
            };
            reused_any |= outcome.origin == Origin::Reused;
            let plan = Planned {
                record: super::ConvertedRecord::Person,
                reason: keep_reason(outcome.origin, outcome.id.is_some(), on_it),
                steps: &mut steps,
                kept: &mut kept,
            };
            plan.delete_or_keep(outcome.id, PersonId::get, |id, request| {
                UndoStep::DeletePerson { id, request }
            });
        }

        let company = response
            .company
            .value()
            .and_then(super::ResponseCompany::company);
        if let Some(outcome) = &outcome.company {
            let on_it = OnRecord {
                others: false,
                interactions: company.is_some_and(|c| has_interactions(&c.interaction_count)),
                verified: company.is_some_and(|c| c.interaction_count.is_value()),
            };
            reused_any |= outcome.origin == Origin::Reused;
            let plan = Planned {
                record: super::ConvertedRecord::Company,
                reason: keep_reason(outcome.origin, outcome.id.is_some(), on_it),
                steps: &mut steps,
                kept: &mut kept,
            };
            plan.delete_or_keep(outcome.id, CompanyId::get, |id, request| {
                UndoStep::DeleteCompany { id, request }
            });
        }

        let mut cannot_restore = vec![Unrestorable::LeadId, Unrestorable::ActivityHistory];
        if reused_any {
            cannot_restore.push(Unrestorable::ChangesToReusedRecords);
        }
        UndoPlan {
            steps,
            kept,
            cannot_restore,
        }
    }

    /// The requests, in the order to send them: the lead first, then the deletions.
    #[must_use]
    pub fn steps(&self) -> &[UndoStep] {
        &self.steps
    }

    /// The records of the conversion left in place, and why.
    #[must_use]
    pub fn kept(&self) -> &[Kept] {
        &self.kept
    }

    /// What no undo brings back.
    #[must_use]
    pub fn cannot_restore(&self) -> &[Unrestorable] {
        &self.cannot_restore
    }
}

impl UndoStep {
    /// The request's path.
    #[must_use]
    pub fn path(&self) -> &str {
        match self {
            UndoStep::RecreateLead { request } => request.path(),
            UndoStep::DeleteOpportunity { request, .. } => request.path(),
            UndoStep::DeletePerson { request, .. } => request.path(),
            UndoStep::DeleteCompany { request, .. } => request.path(),
        }
    }

    /// What the step undoes, in words.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            UndoStep::RecreateLead { .. } => "the conversion consumed the lead",
            UndoStep::DeleteOpportunity { .. } => "the conversion created the opportunity",
            UndoStep::DeletePerson { .. } => {
                "the conversion created the person; it has no interactions and no other lead"
            }
            UndoStep::DeleteCompany { .. } => {
                "the conversion created the company and it has no interactions (other people \
                 or opportunities on it do not show in the response)"
            }
        }
    }
}

/// What a plan decided for one record of the conversion, and where it goes.
struct Planned<'a> {
    record: super::ConvertedRecord,
    /// Why the record stays, or `None` when the plan may delete it.
    reason: Option<KeptReason>,
    steps: &'a mut Vec<UndoStep>,
    kept: &'a mut Vec<Kept>,
}

impl Planned<'_> {
    /// A step deleting the record (`DELETE /{collection}/{id}`, built by `step`), unless a
    /// reason keeps it or the response gave no id: then a [`Kept`] entry.
    fn delete_or_keep<I: Copy + fmt::Display>(
        self,
        id: Option<I>,
        raw: fn(I) -> u64,
        step: fn(I, Request<Deleted<I>>) -> UndoStep,
    ) {
        match (self.reason, id) {
            (None, Some(id)) => {
                let path = format!("/{}/{id}", self.record.collection());
                self.steps
                    .push(step(id, Request::new(Method::Delete, path)));
            }
            (reason, id) => self.kept.push(Kept {
                record: self.record,
                id: id.map(raw),
                reason: reason.unwrap_or(KeptReason::NoId),
            }),
        }
    }
}

/// What the response shows is on a person or company besides this conversion.
#[derive(Clone, Copy)]
struct OnRecord {
    /// Other leads converted into it.
    others: bool,
    /// Interactions.
    interactions: bool,
    /// Whether the response shows enough to tell (else it stays).
    verified: bool,
}

/// Why a person or company stays, or `None` when the plan may delete it.
fn keep_reason(origin: Origin, has_id: bool, on_it: OnRecord) -> Option<KeptReason> {
    match origin {
        Origin::Reused => Some(KeptReason::Reused),
        Origin::Unknown => Some(KeptReason::OriginUnknown),
        Origin::Created if !has_id => Some(KeptReason::NoId),
        Origin::Created if on_it.others => Some(KeptReason::OtherLeads),
        Origin::Created if on_it.interactions => Some(KeptReason::HasInteractions),
        Origin::Created if !on_it.verified => Some(KeptReason::Unverified),
        Origin::Created => None,
    }
}

fn has_interactions(count: &Field<u64>) -> bool {
    count.value().is_some_and(|count| *count > 0)
}
