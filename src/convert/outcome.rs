//! [`ConvertOutcome`]: what Copper's convert response says happened.

use serde::Serialize;

use super::request::{ConvertResponse, ResponseCompany};
use crate::model::id::{CompanyId, OpportunityId, PersonId};
use crate::model::timestamp::Timestamp;
use crate::wire::field::Field;

/// Whether a record of a convert response was made by the conversion or existed before.
///
/// ```
/// use copper_lead::convert::{ConvertResponse, Origin};
///
/// let response: ConvertResponse = serde_json::from_str(r#"{
///     "person": {"id": 1, "date_created": 100, "date_modified": 900},
///     "opportunity": {"id": 2, "date_created": 900, "date_modified": 900}}"#)?;
/// assert_eq!(response.outcome().person.map(|p| p.origin), Some(Origin::Reused));
/// // A person alone cannot be dated against the conversion.
/// let response: ConvertResponse = serde_json::from_str(
///     r#"{"person": {"id": 1, "date_created": 900, "date_modified": 900}}"#,
/// )?;
/// assert_eq!(response.outcome().person.map(|p| p.origin), Some(Origin::Unknown));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Origin {
    /// The conversion created it.
    Created,
    /// It existed before: Copper attached the lead to it (a person with the lead's email, a
    /// company with the name, or the company given by id).
    Reused,
    /// The response does not say (a timestamp is missing).
    Unknown,
}

/// One record of a convert response: its id and where it came from.
///
/// ```
/// use copper_lead::OpportunityId;
/// use copper_lead::convert::{ConvertResponse, Origin};
///
/// let response: ConvertResponse = serde_json::from_str(
///     r#"{"opportunity": {"id": 4417020, "date_created": 900, "date_modified": 900}}"#,
/// )?;
/// let opportunity = response.outcome().opportunity.unwrap();
/// assert_eq!((opportunity.id, opportunity.origin), (Some(OpportunityId::new(4417020)), Origin::Created));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct RecordOutcome<I> {
    /// The record's id, if the response gave one.
    pub id: Option<I>,
    /// Made by the conversion, or existed before.
    pub origin: Origin,
}

/// What Copper's convert response says happened: for each record, its id and whether the
/// conversion created it or attached the lead to one that existed.
///
/// Read from the records' own timestamps, all from Copper's clock: the opportunity's
/// `date_created` is the moment of the conversion (it is always new); without one, the newest
/// `date_modified` of two or more records. A record created more than five seconds before
/// that moment existed already; with a single record and no opportunity there is no moment to
/// compare with, and its origin is [`Origin::Unknown`]. The documented response shows exactly
/// this: a person created in March 2017, matched by email, and a company and opportunity
/// created at the moment of the conversion in June.
///
/// Five seconds, not more: conversions in a batch run a fraction of a second to seconds apart,
/// and a company the previous lead's conversion created must not count as this one's. A
/// batch faster than that can still confuse the two; the undo plan therefore also checks that
/// nothing else is on a record before deleting it.
///
/// ```
/// use copper_lead::convert::ConvertResponse;
///
/// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
///     "/tests/fixtures/docs_convert_lead_response.json"))?;
/// let outcome = copper_lead::from_str::<ConvertResponse>(&text)?.outcome();
/// assert_eq!(serde_json::to_value(&outcome)?, serde_json::json!({
///     "person": {"id": 27140359, "origin": "reused"},
///     "company": {"id": 13349319, "origin": "created"},
///     "company_candidates": [],
///     "opportunity": {"id": 4417020, "origin": "created"}
/// }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct ConvertOutcome {
    /// The person: new, or the existing person with the lead's email.
    pub person: Option<RecordOutcome<PersonId>>,
    /// The company, if the lead got one.
    pub company: Option<RecordOutcome<CompanyId>>,
    /// The candidate companies Copper offered instead of choosing one (fuzzy matching).
    pub company_candidates: Vec<CompanyId>,
    /// The opportunity, if one was created.
    pub opportunity: Option<RecordOutcome<OpportunityId>>,
}

/// How far before the conversion's moment a record may have been created and still count as
/// made by it: Copper writes the records of one conversion within a request.
const SLACK_SECONDS: i64 = 5;

impl ConvertResponse {
    /// What happened: which records the conversion created and which it reused.
    ///
    /// ```
    /// use copper_lead::convert::{ConvertResponse, Origin};
    /// use copper_lead::{CompanyId, PersonId};
    ///
    /// // Copper's documented answer: a person made in 2017 before the lead, a new company.
    /// let response: ConvertResponse = serde_json::from_str(r#"{
    ///     "person": {"id": 27140359, "date_created": 1490045010, "date_modified": 1496694264},
    ///     "company": {"id": 13349319, "date_created": 1496694264, "date_modified": 1496694264}}"#)?;
    /// let outcome = response.outcome();
    /// let person = outcome.person.expect("a person");
    /// assert_eq!((person.id, person.origin), (Some(PersonId::new(27140359)), Origin::Reused));
    /// assert_eq!(outcome.company.map(|c| (c.id, c.origin)), Some((Some(CompanyId::new(13349319)), Origin::Created)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn outcome(&self) -> ConvertOutcome {
        let company = self.company.value().and_then(ResponseCompany::company);
        let opportunity = self.opportunity.value();
        let person = self.person.value();
        // The moment of the conversion: the opportunity's creation, else the newest time two
        // or more returned records were written (one record alone cannot date itself).
        let modified: Vec<Timestamp> = [
            person.and_then(|p| p.date_modified.value().copied()),
            company.and_then(|c| c.date_modified.value().copied()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let moment = opportunity
            .and_then(|o| o.date_created.value().copied())
            .or_else(|| {
                (modified.len() > 1)
                    .then(|| modified.iter().max().copied())
                    .flatten()
            });
        let origin = |created: &Field<Timestamp>| match (created.value(), moment) {
            (Some(created), Some(moment)) if created.unix() + SLACK_SECONDS >= moment.unix() => {
                Origin::Created
            }
            (Some(_), Some(_)) => Origin::Reused,
            _ => Origin::Unknown,
        };
        ConvertOutcome {
            person: person.map(|p| RecordOutcome {
                id: p.id.value().copied(),
                origin: origin(&p.date_created),
            }),
            company: company.map(|c| RecordOutcome {
                id: c.id.value().copied(),
                origin: origin(&c.date_created),
            }),
            company_candidates: self
                .company
                .value()
                .map(ResponseCompany::candidates)
                .unwrap_or_default()
                .iter()
                .filter_map(|c| c.id.value().copied())
                .collect(),
            // Copper creates the opportunity of a conversion: there is none to reuse.
            opportunity: opportunity.map(|o| RecordOutcome {
                id: o.id.value().copied(),
                origin: Origin::Created,
            }),
        }
    }
}
