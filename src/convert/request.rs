//! Copper's `POST /leads/{id}/convert`: [`ConvertRequest`] and [`ConvertResponse`].

use serde::Serialize;
use serde::de;
use std::fmt;

use crate::model::amount::Amount;
use crate::model::company::Company;
use crate::model::id::{CompanyId, ContactTypeId, LeadId, PipelineId, PipelineStageId, UserId};
use crate::model::opportunity::Opportunity;
use crate::model::person::Person;
use crate::wire::record::wire_record;
use crate::wire::{self, FromWire};

/// The body of Copper's `POST /leads/{id}/convert` for a conversion, with the lead id for the
/// path. Made by [`Conversion::request`](super::Conversion::request). It carries only what
/// Copper's endpoint takes; the rest of what the preview decided is
/// [`Conversion::unsent`](super::Conversion::unsent):
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
}

wire_record! {
    /// Copper's answer to `POST /leads/{id}/convert`: the records it created or attached.
    /// Whether a member not created is absent or `null` is not documented; both read. Which
    /// records are new and which existed before: [`ConvertResponse::outcome`].
    ///
    /// ```
    /// use copper_lead::convert::{ConvertResponse, Origin};
    ///
    /// let r: ConvertResponse = serde_json::from_str(r#"{
    ///     "person": {"id": 1, "name": "A", "date_created": 1490045010, "date_modified": 1496694264},
    ///     "company": {"id": 2, "name": "B", "date_created": 1496694264, "date_modified": 1496694264},
    ///     "opportunity": null}"#)?;
    /// let outcome = r.outcome();
    /// assert_eq!(outcome.person.map(|p| p.origin), Some(Origin::Reused)); // matched by email
    /// assert_eq!(outcome.company.map(|c| c.origin), Some(Origin::Created));
    /// assert!(outcome.opportunity.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct ConvertResponse("a conversion response") {
        /// The person: new, or the existing one with the lead's email.
        person: Person,
        /// The company: attached, created, or (with fuzzy matching) candidates.
        company: ResponseCompany,
        /// The new opportunity.
        opportunity: Opportunity,
    }
}

/// The `company` of a [`ConvertResponse`]: the company Copper attached or created, or, when
/// its fuzzy name matching found several, the candidates it offers instead (Copper documents
/// that fuzzy matching "will return a list of candidate companies"; match names exactly, or
/// give a company id, to get one company).
///
/// ```
/// use copper_lead::convert::ConvertResponse;
///
/// let r: ConvertResponse = serde_json::from_str(
///     r#"{"company": [{"id": 2, "name": "Engines Ltd"}, {"id": 3, "name": "Engines Inc"}]}"#,
/// )?;
/// let company = r.company.value().unwrap();
/// assert!(company.company().is_none());
/// assert_eq!(company.candidates().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
#[expect(clippy::large_enum_variant)] // one per response
pub enum ResponseCompany {
    /// One company.
    Company(Company),
    /// Candidate companies, none chosen.
    Candidates(Vec<Company>),
}

impl ResponseCompany {
    /// The company, when Copper settled on one.
    #[must_use]
    pub fn company(&self) -> Option<&Company> {
        match self {
            ResponseCompany::Company(company) => Some(company),
            ResponseCompany::Candidates(_) => None,
        }
    }

    /// The candidates, when Copper offered some instead.
    #[must_use]
    pub fn candidates(&self) -> &[Company] {
        match self {
            ResponseCompany::Company(_) => &[],
            ResponseCompany::Candidates(candidates) => candidates,
        }
    }
}

impl FromWire for ResponseCompany {
    fn from_wire<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        depth: usize,
    ) -> Result<Self, D::Error> {
        wire::object_or_array(deserializer, ResponseCompanyVisitor(depth))
    }
}

struct ResponseCompanyVisitor(usize);

impl<'de> de::Visitor<'de> for ResponseCompanyVisitor {
    type Value = ResponseCompany;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a company object, or an array of candidate companies")
    }

    // The JSON type decided which it is; each is read as any company or list of them is.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Company::from_wire(de::value::MapAccessDeserializer::new(map), self.0)
            .map(ResponseCompany::Company)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Vec::<Company>::from_wire(de::value::SeqAccessDeserializer::new(seq), self.0)
            .map(ResponseCompany::Candidates)
    }
}
