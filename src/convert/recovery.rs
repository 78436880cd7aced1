//! [`Recovery`]: what happened to a lead whose convert response was lost.

use serde::Serialize;

use super::Conversion;
use crate::api::error::ApiError;
use crate::api::request::sealed::Sealed;
use crate::api::request::{Answer, Request};
use crate::api::response::Response;
use crate::leads::search::LeadSearch;
use crate::model::id::{LeadId, OpportunityId, PersonId};
use crate::model::lead::Lead;
use crate::model::timestamp::Timestamp;

/// What became of a lead after a convert request whose response was lost (a timeout, a
/// dropped connection): read from Copper's answer to [`Conversion::recovery`].
///
/// A retry is only safe for [`Recovery::NotConverted`]: the lead is found and Copper's
/// `converted_*` keys on it are `null`. Copper documents that a converted lead is removed, and
/// clients observe `404` for it afterwards, so a second convert request for a lead that was in
/// fact converted finds no lead to convert. When the answer cannot tell (the keys are missing
/// or have another shape), it says so ([`Recovery::Unclear`]) rather than guess.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::convert::Recovery;
/// use copper_lead::{LeadId, PersonId};
///
/// let request = Recovery::request(LeadId::new(8894157));
/// let answer = request.read(&Response::new(200, br#"[{"id": 8894157, "name": "Ada",
///     "converted_contact_id": 27140359, "converted_opportunity_id": null, "converted_at": 1496694264}]"#))?;
/// assert!(matches!(answer, Recovery::Converted { person: Some(id), .. } if id == PersonId::new(27140359)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Recovery {
    /// The lead is there and not converted: the request did not reach Copper, or failed.
    /// Safe to send the convert request again.
    NotConverted {
        /// The lead as it is now.
        lead: Box<Lead>,
    },
    /// Copper converted it: the records it made, from the lead's `converted_*` keys (at least
    /// one of them holds an id or a time).
    Converted {
        /// The person (`converted_contact_id`).
        person: Option<PersonId>,
        /// The opportunity (`converted_opportunity_id`), if one was made.
        opportunity: Option<OpportunityId>,
        /// When (`converted_at`).
        at: Option<Timestamp>,
    },
    /// The lead is found, but its `converted_*` keys are missing or of another shape: the
    /// answer does not say whether it was converted. Look for the person with the lead's
    /// email ([`lookup::person_by_email`](crate::lookup::person_by_email)) and this lead in
    /// its `leads_converted_from` before retrying.
    Unclear {
        /// The lead as it is now.
        lead: Box<Lead>,
    },
    /// No lead with that id, converted or not: it was deleted, or converted and removed from
    /// search. Do not retry; look for the person as for [`Recovery::Unclear`].
    NotFound,
}

impl Recovery {
    /// The recovery search for a lead known only by its id (a job store after a crash):
    /// [`Conversion::recovery`] without the conversion.
    ///
    /// ```
    /// use copper_lead::convert::Recovery;
    /// use copper_lead::LeadId;
    ///
    /// let request = Recovery::request(LeadId::new(62182557));
    /// assert_eq!(request.path(), "/leads/search");
    /// assert_eq!(
    ///     request.body(),
    ///     Some(&br#"{"page_size":20,"page_number":1,"ids":[62182557],"include_converted_leads":true}"#[..])
    /// );
    /// ```
    #[must_use]
    pub fn request(lead_id: LeadId) -> Request<Recovery> {
        let search = LeadSearch::new()
            .ids([lead_id])
            .include_converted_leads(true);
        crate::leads::search(&search)
            .about(lead_id.get())
            .answering()
    }
}

impl Conversion {
    /// The request that finds out whether Copper converted the lead, after a convert request
    /// whose response was lost: a search by the lead's id that includes converted leads
    /// (`{"ids": [id], "include_converted_leads": true}`), read as a [`Recovery`].
    ///
    /// ```
    /// use copper_lead::api::Response;
    /// use copper_lead::convert::{ConvertOptions, Recovery};
    /// use copper_lead::lifecycle::QualifiedLead;
    /// use copper_lead::{Lead, LeadId, LeadStatus, PersonId, Timestamp};
    ///
    /// let lead = Lead::builder("Ada").id(LeadId::new(8894157)).status(LeadStatus::Qualified).build()?;
    /// let conversion = QualifiedLead::new(lead, &copper_lead::validate::Validator::new())?.convert(&ConvertOptions::new(Timestamp::from_unix(1)?))?;
    /// let request = conversion.recovery();
    /// assert_eq!(request.path(), "/leads/search");
    ///
    /// let answer = br#"[{"id": 8894157, "name": "Ada", "converted_contact_id": 27140359,
    ///     "converted_opportunity_id": null, "converted_at": 1496694264}]"#;
    /// match request.read(&Response::new(200, answer))? {
    ///     Recovery::Converted { person, .. } => assert_eq!(person, Some(PersonId::new(27140359))),
    ///     other => panic!("{other:?}"),
    /// }
    /// assert_eq!(request.read(&Response::new(200, b"[]"))?, Recovery::NotFound);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn recovery(&self) -> Request<Recovery> {
        Recovery::request(self.lead_id)
    }
}

impl Sealed for Recovery {}

impl Answer for Recovery {
    fn read_answer<T>(request: &Request<T>, response: &Response<'_>) -> Result<Self, ApiError> {
        let leads: Vec<Lead> = crate::api::request::record(request, response)?;
        let wanted = request.subject().map(LeadId::new);
        let Some(lead) = leads
            .into_iter()
            .find(|lead| wanted.is_none() || lead.id.value() == wanted.as_ref())
        else {
            return Ok(Recovery::NotFound);
        };
        let person = lead
            .converted_contact_id
            .value()
            .and_then(|v| v.typed().copied());
        let opportunity = lead
            .converted_opportunity_id
            .value()
            .and_then(|v| v.typed().copied());
        let at = lead.converted_at.value().and_then(|v| v.typed().copied());
        // Only typed values are evidence; `null` on every key says "not converted"; anything
        // else (keys missing, other shapes) says nothing.
        let all_null = lead.converted_contact_id.is_null()
            && lead.converted_opportunity_id.is_null()
            && lead.converted_at.is_null();
        Ok(
            if person.is_some() || opportunity.is_some() || at.is_some() {
                Recovery::Converted {
                    person,
                    opportunity,
                    at,
                }
            } else if all_null {
                Recovery::NotConverted {
                    lead: Box::new(lead),
                }
            } else {
                Recovery::Unclear {
                    lead: Box::new(lead),
                }
            },
        )
    }
}
