//! [`Recovery`]: what happened to a lead whose convert response was lost.

use serde::Serialize;

use super::Conversion;
use crate::api::{Answer, ApiError, Request, Response, sealed::Sealed};
use crate::id::{LeadId, OpportunityId, PersonId};
use crate::lead::Lead;
use crate::leads::LeadSearch;
use crate::timestamp::Timestamp;

/// What became of a lead after a convert request whose response was lost (a timeout, a
/// dropped connection): read from Copper's answer to [`Conversion::recovery`].
///
/// A retry is only safe for [`Recovery::NotConverted`]. Even a wrong "not converted" costs no
/// duplicate: Copper removes a converted lead, so converting it again answers `404` instead of
/// converting twice.
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
    /// Copper converted it: the records it made, from the lead's `converted_*` keys.
    Converted {
        /// The person (`converted_contact_id`).
        person: Option<PersonId>,
        /// The opportunity (`converted_opportunity_id`), if one was made.
        opportunity: Option<OpportunityId>,
        /// When (`converted_at`).
        at: Option<Timestamp>,
    },
    /// No lead with that id, converted or not: it was deleted. Do not retry.
    Gone,
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
    /// let conversion = QualifiedLead::try_from(lead)?.convert(&ConvertOptions::new(Timestamp::from_unix(1)?))?;
    /// let request = conversion.recovery();
    /// assert_eq!(request.path(), "/leads/search");
    ///
    /// let answer = br#"[{"id": 8894157, "name": "Ada", "converted_contact_id": 27140359,
    ///     "converted_opportunity_id": null, "converted_at": 1496694264}]"#;
    /// match request.read(&Response::new(200, answer))? {
    ///     Recovery::Converted { person, .. } => assert_eq!(person, Some(PersonId::new(27140359))),
    ///     other => panic!("{other:?}"),
    /// }
    /// assert_eq!(request.read(&Response::new(200, b"[]"))?, Recovery::Gone);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn recovery(&self) -> Request<Recovery> {
        recovery(self.lead_id)
    }
}

/// The recovery search for a lead id.
pub(crate) fn recovery(lead_id: LeadId) -> Request<Recovery> {
    let search = LeadSearch::new()
        .ids([lead_id])
        .include_converted_leads(true);
    crate::leads::search(&search)
        .about(lead_id.get())
        .answering()
}

impl Sealed for Recovery {}

impl Answer for Recovery {
    fn read_answer<T>(request: &Request<T>, response: &Response<'_>) -> Result<Self, ApiError> {
        let leads: Vec<Lead> = crate::api::record(request, response)?;
        let wanted = request.subject().map(LeadId::new);
        let Some(lead) = leads
            .into_iter()
            .find(|lead| wanted.is_none() || lead.id.value() == wanted.as_ref())
        else {
            return Ok(Recovery::Gone);
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
        let converted = [
            lead.converted_contact_id.is_value(),
            lead.converted_opportunity_id.is_value(),
            lead.converted_at.is_value(),
        ]
        .contains(&true);
        Ok(if converted {
            Recovery::Converted {
                person,
                opportunity,
                at,
            }
        } else {
            Recovery::NotConverted {
                lead: Box::new(lead),
            }
        })
    }
}
