//! Copper's `POST /leads/{id}/convert`: [`ConvertRequest`] and [`ConvertResponse`].

use serde::Serialize;

use crate::amount::Amount;
use crate::company::Company;
use crate::id::{CompanyId, ContactTypeId, LeadId, PipelineId, PipelineStageId, UserId};
use crate::opportunity::Opportunity;
use crate::person::Person;
use crate::wire::wire_record;

/// The body of Copper's `POST /leads/{id}/convert` for a conversion, with the lead id for the
/// path. Made by [`Conversion::request`](super::Conversion::request); it carries every value
/// the local conversion decided, so Copper creates what the preview shows:
///
/// ```json
/// {"details": {
///   "person": {"name": "...", "contact_type_id": 1, "assignee_id": 2},
///   "company": {"id": 3} | {"name": "...", "exact_match": false} | {"name": ""},
///   "opportunity": {"name": "...", "pipeline_id": 4, "pipeline_stage_id": 5,
///                   "monetary_value": 1000, "assignee_id": 2}
/// }}
/// ```
///
/// Keys without a value are left out; `{"name": ""}` asks for no company; without an
/// opportunity the key is left out and none is created.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConvertRequest {
    #[serde(skip)]
    lead_id: LeadId,
    details: Details,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Details {
    pub(crate) person: PersonRequest,
    pub(crate) company: CompanyRequest,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) opportunity: Option<OpportunityRequest>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PersonRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) contact_type_id: Option<ContactTypeId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) assignee_id: Option<UserId>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum CompanyRequest {
    Existing {
        id: CompanyId,
    },
    Named {
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        exact_match: Option<bool>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct OpportunityRequest {
    pub(crate) name: String,
    pub(crate) pipeline_id: PipelineId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pipeline_stage_id: Option<PipelineStageId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) monetary_value: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) assignee_id: Option<UserId>,
}

impl ConvertRequest {
    pub(crate) fn new(lead_id: LeadId, details: Details) -> Self {
        ConvertRequest { lead_id, details }
    }

    /// The lead to convert.
    #[must_use]
    pub fn lead_id(&self) -> LeadId {
        self.lead_id
    }

    /// The request path below the API base URL: `/leads/{id}/convert`.
    #[must_use]
    pub fn path(&self) -> String {
        format!("/leads/{}/convert", self.lead_id)
    }
}

wire_record! {
    /// Copper's answer to `POST /leads/{id}/convert`: the records it created or attached.
    /// Whether a member not created is absent or `null` is not documented; both read.
    ///
    /// ```
    /// use copper_lead::convert::ConvertResponse;
    ///
    /// let r: ConvertResponse = serde_json::from_str(r#"{"person": {"id": 1, "name": "A"},
    ///     "company": {"id": 2, "name": "B"}, "opportunity": null}"#)?;
    /// assert!(r.opportunity.is_null());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct ConvertResponse("a conversion response") {
        /// The new person.
        person: Person,
        /// The new or attached company.
        company: Company,
        /// The new opportunity.
        opportunity: Opportunity,
    }
}
