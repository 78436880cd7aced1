//! [`FollowUps`]: the updates that set what the convert request could not carry.

use serde::Serialize;
use serde_json::Value;

use super::outcome::RecordOutcome;
use super::request::ConvertResponse;
use super::unsent::Unsent;
use super::{Conversion, Origin};
use crate::api::request::{Method, Request};
use crate::custom_field::catalog::CustomFieldCatalog;
use crate::custom_field::definition::{CustomFieldDataType, CustomFieldDefinition};
use crate::model::company::Company;
use crate::model::custom_field_value::CustomFieldValue;
use crate::model::entity::EntityType;
use crate::model::id::CustomFieldDefinitionId;
use crate::model::opportunity::Opportunity;
use crate::model::person::Person;
use crate::wire::field::Field;

/// The records of a conversion, as follow-ups name them.
///
/// ```
/// use copper_lead::convert::ConvertedRecord;
///
/// assert_eq!(serde_json::to_string(&ConvertedRecord::Opportunity)?, r#""opportunity""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConvertedRecord {
    /// The person.
    Person,
    /// The company.
    Company,
    /// The opportunity.
    Opportunity,
}

impl ConvertedRecord {
    /// The collection of Copper's API the record is in (`/people/{id}`, ...).
    pub(super) const fn collection(self) -> &'static str {
        match self {
            ConvertedRecord::Person => "people",
            ConvertedRecord::Company => "companies",
            ConvertedRecord::Opportunity => "opportunities",
        }
    }
}

/// Why a follow-up was not made.
///
/// ```
/// use copper_lead::convert::{ConvertedRecord, SkipReason};
/// use copper_lead::convert::{ConvertOptions, ConvertResponse, OpportunityOptions};
/// use copper_lead::lifecycle::{Decision, QualifiedLead};
/// use copper_lead::validate::Validator;
/// use copper_lead::{Lead, LeadId, PipelineId, Timestamp};
///
/// let at = Timestamp::from_unix(1_496_694_264)?;
/// let lead = Lead::builder("Ada").id(LeadId::new(1)).monetary_unit("EUR").build()?;
/// let lead = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
/// let options = ConvertOptions::new(at).opportunity(OpportunityOptions::new(PipelineId::new(213214)));
/// let conversion = lead.convert(&options)?;
/// // The response names no opportunity: the currency cannot be set.
/// let response: ConvertResponse = serde_json::from_str(r#"{"person": {"id": 27140359}}"#)?;
/// let skipped = conversion.follow_ups(&response, None).skipped().to_vec();
/// assert!(skipped.iter().any(|s| s.record == ConvertedRecord::Opportunity && s.reason == SkipReason::NotInResponse));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// Copper attached the lead to a record that existed: it keeps its own values (setting
    /// the lead's would overwrite them).
    Reused,
    /// The response does not say whether the record is new.
    OriginUnknown,
    /// The response has no such record, or no id for it.
    NotInResponse,
}

/// A follow-up not made, and why.
///
/// ```
/// use copper_lead::convert::{ConvertOptions, ConvertResponse, OpportunityOptions};
/// use copper_lead::lifecycle::{Decision, QualifiedLead};
/// use copper_lead::validate::Validator;
/// use copper_lead::{Lead, LeadId, PipelineId, Timestamp};
///
/// let at = Timestamp::from_unix(1_496_694_264)?;
/// let lead = Lead::builder("Ada").id(LeadId::new(1)).monetary_unit("EUR").build()?;
/// let lead = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
/// let options = ConvertOptions::new(at).opportunity(OpportunityOptions::new(PipelineId::new(213214)));
/// let conversion = lead.convert(&options)?;
/// let response: ConvertResponse = serde_json::from_str(r#"{"person": {"id": 27140359}}"#)?;
/// let follow_ups = conversion.follow_ups(&response, None);
/// // As a job log records it:
/// assert_eq!(
///     serde_json::to_string(follow_ups.skipped())?,
///     r#"[{"record":"opportunity","reason":"not_in_response"}]"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Skipped {
    /// The record it was for.
    pub record: ConvertedRecord,
    /// Why it was not made.
    pub reason: SkipReason,
}

/// The updates that set, on the records Copper created, what the preview decided and the
/// convert request could not carry ([`Conversion::unsent`]): custom field values, the
/// opportunity's currency, customer source, close date and priority, a new company's
/// address, phone numbers and websites. Made by [`Conversion::follow_ups`] from Copper's
/// convert response, which gives the records' ids and says which records are new: only new
/// ones are updated; a reused person or company keeps its own values ([`FollowUps::skipped`]).
///
/// With the account's custom field definitions, a lead value whose definition is not
/// available on a record goes to that record's definition with the same name and data type,
/// options mapped by name (accounts often have a lead "Budget" and an opportunity "Budget").
/// A value that fits no record is in [`FollowUps::unplaced`].
///
/// ```
/// use copper_lead::api::Method;
/// use copper_lead::convert::{ConvertOptions, ConvertResponse, OpportunityOptions};
/// use copper_lead::lifecycle::{Decision, QualifiedLead};
/// use copper_lead::validate::Validator;
/// use copper_lead::{Lead, LeadId, PipelineId, Timestamp};
///
/// let at = Timestamp::from_unix(1_496_694_264)?;
/// let lead = Lead::builder("Ada").id(LeadId::new(1)).monetary_unit("EUR").build()?;
/// let lead = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
/// let options = ConvertOptions::new(at).opportunity(OpportunityOptions::new(PipelineId::new(213214)));
/// let conversion = lead.convert(&options)?;
/// let response: ConvertResponse = serde_json::from_str(r#"{
///     "person": {"id": 27140359, "date_created": 1490045010, "date_modified": 1496694264},
///     "opportunity": {"id": 4417020, "date_created": 1496694264, "date_modified": 1496694264}}"#)?;
/// let follow_ups = conversion.follow_ups(&response, None);
/// assert!(!follow_ups.is_empty());
/// let update = follow_ups.opportunity().expect("the currency to set");
/// assert_eq!((update.method(), update.path()), (Method::Put, "/opportunities/4417020"));
/// assert!(follow_ups.unplaced().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUps {
    person: Option<Request<Person>>,
    company: Option<Request<Company>>,
    opportunity: Option<Request<Opportunity>>,
    skipped: Vec<Skipped>,
    unplaced: Vec<CustomFieldValue>,
}

impl FollowUps {
    /// `PUT /people/{id}` for a person the conversion created.
    #[must_use]
    pub fn person(&self) -> Option<&Request<Person>> {
        self.person.as_ref()
    }

    /// `PUT /companies/{id}` for a company the conversion created.
    #[must_use]
    pub fn company(&self) -> Option<&Request<Company>> {
        self.company.as_ref()
    }

    /// `PUT /opportunities/{id}` for the opportunity.
    #[must_use]
    pub fn opportunity(&self) -> Option<&Request<Opportunity>> {
        self.opportunity.as_ref()
    }

    /// The follow-ups not made, and why.
    #[must_use]
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Custom field values that fit no record: kept here so nothing is lost silently.
    #[must_use]
    pub fn unplaced(&self) -> &[CustomFieldValue] {
        &self.unplaced
    }

    /// Whether there is nothing to send.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.person.is_none() && self.company.is_none() && self.opportunity.is_none()
    }
}

/// The bodies of a conversion's follow-up updates, before Copper's response gives the
/// records' ids: what to set on each record, and the lead's values that fit none. Made by
/// [`Conversion::follow_up_bodies`]; [`Conversion::follow_ups`] turns them into requests.
///
/// ```
/// use copper_lead::convert::{ConvertOptions, ConvertResponse, OpportunityOptions};
/// use copper_lead::lifecycle::{Decision, QualifiedLead};
/// use copper_lead::validate::Validator;
/// use copper_lead::{Lead, LeadId, PipelineId, Timestamp};
///
/// let at = Timestamp::from_unix(1_496_694_264)?;
/// let lead = Lead::builder("Ada").id(LeadId::new(1)).monetary_unit("EUR").build()?;
/// let lead = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
/// let options = ConvertOptions::new(at).opportunity(OpportunityOptions::new(PipelineId::new(213214)));
/// let conversion = lead.convert(&options)?;
/// let bodies = conversion.follow_up_bodies(None);
/// assert_eq!(serde_json::to_string(&bodies.opportunity())?, r#"{"monetary_unit":"EUR"}"#);
/// assert!(bodies.person().is_none() && bodies.company().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FollowUpBodies {
    /// What to set on each record: [`Conversion::unsent`], fitted to the definitions.
    #[serde(flatten)]
    records: Unsent,
    unplaced: Vec<CustomFieldValue>,
    /// The lead definitions whose values each body carries (person, company, opportunity).
    #[serde(skip)]
    carried: [Vec<CustomFieldDefinitionId>; 3],
}

impl FollowUpBodies {
    /// What to set on the person (if Copper creates it).
    #[must_use]
    pub fn person(&self) -> Option<&Person> {
        self.records.person()
    }

    /// What to set on the company (if Copper creates it).
    #[must_use]
    pub fn company(&self) -> Option<&Company> {
        self.records.company()
    }

    /// What to set on the opportunity.
    #[must_use]
    pub fn opportunity(&self) -> Option<&Opportunity> {
        self.records.opportunity()
    }

    /// The lead's custom field values that fit no record.
    #[must_use]
    pub fn unplaced(&self) -> &[CustomFieldValue] {
        &self.unplaced
    }
}

impl Conversion {
    /// What to set on each record once Copper has created it: [`Conversion::unsent`], and,
    /// with the account's definitions, only values whose definitions are available on the
    /// record, plus the lead's values mapped by name onto the record's own definitions.
    /// [`FollowUpBodies`] has an example.
    #[must_use]
    pub fn follow_up_bodies(&self, catalog: Option<&CustomFieldCatalog>) -> FollowUpBodies {
        self.bodies(catalog).0
    }

    /// The follow-up bodies, and every custom field value the lead had.
    fn bodies(
        &self,
        catalog: Option<&CustomFieldCatalog>,
    ) -> (FollowUpBodies, Vec<CustomFieldValue>) {
        let Unsent {
            person,
            company,
            opportunity,
        } = self.unsent();
        let all_values = self.all_custom_field_values();
        let fit = |fields: &mut Field<Vec<CustomFieldValue>>, entity| {
            fit(fields, &all_values, catalog, entity)
        };
        let mut carried: [Vec<CustomFieldDefinitionId>; 3] = Default::default();
        let mut person = person.unwrap_or_default();
        carried[0] = fit(&mut person.custom_fields, &EntityType::Person);
        let company = self.company.record().map(|_| {
            let mut company = company.unwrap_or_default();
            carried[1] = fit(&mut company.custom_fields, &EntityType::Company);
            company
        });
        let opportunity = self.opportunity.as_ref().map(|_| {
            let mut opportunity = opportunity.unwrap_or_default();
            carried[2] = fit(&mut opportunity.custom_fields, &EntityType::Opportunity);
            opportunity
        });
        let records = Unsent {
            person: Some(person).filter(|p| *p != Person::default()),
            company: company.filter(|c| *c != Company::default()),
            opportunity: opportunity.filter(|o| *o != Opportunity::default()),
        };
        let all_carried: Vec<&CustomFieldDefinitionId> = carried.iter().flatten().collect();
        let unplaced = unplaced(&all_values, &all_carried);
        let bodies = FollowUpBodies {
            records,
            unplaced,
            carried,
        };
        (bodies, all_values)
    }

    /// The follow-up updates for this conversion, given Copper's convert response (and the
    /// account's custom field definitions, to keep each record's values to its definitions
    /// and map values by name between records).
    ///
    /// ```
    /// use copper_lead::api::Method;
    /// use copper_lead::convert::{ConvertOptions, ConvertResponse, OpportunityOptions};
    /// use copper_lead::lifecycle::{Decision, QualifiedLead};
    /// use copper_lead::validate::Validator;
    /// use copper_lead::{Lead, LeadId, PipelineId, Timestamp};
    ///
    /// let at = Timestamp::from_unix(1_496_694_264)?;
    /// let lead = Lead::builder("Ada").id(LeadId::new(1)).monetary_unit("EUR").build()?;
    /// let lead = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
    /// let conversion = lead.convert(&ConvertOptions::new(at).opportunity(OpportunityOptions::new(PipelineId::new(213214))))?;
    ///
    /// let response: ConvertResponse = serde_json::from_str(r#"{
    ///     "person": {"id": 27140359, "date_created": 1490045010, "date_modified": 1496694264},
    ///     "opportunity": {"id": 4417020, "date_created": 1496694264, "date_modified": 1496694264}}"#)?;
    /// let follow_ups = conversion.follow_ups(&response, None);
    /// let update = follow_ups.opportunity().expect("the currency to set");
    /// assert_eq!((update.method(), update.path()), (Method::Put, "/opportunities/4417020"));
    /// assert_eq!(update.body(), Some(&br#"{"monetary_unit":"EUR"}"#[..]));
    /// assert!(follow_ups.person().is_none()); // nothing to set on the person
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn follow_ups(
        &self,
        response: &ConvertResponse,
        catalog: Option<&CustomFieldCatalog>,
    ) -> FollowUps {
        let (bodies, all_values) = self.bodies(catalog);
        let outcome = response.outcome();
        let mut skipped = Vec::new();
        let records = &bodies.records;
        let person = update(
            records.person(),
            outcome.person,
            ConvertedRecord::Person,
            &mut skipped,
        );
        let company = update(
            records.company(),
            outcome.company,
            ConvertedRecord::Company,
            &mut skipped,
        );
        let opportunity = update(
            records.opportunity(),
            outcome.opportunity,
            ConvertedRecord::Opportunity,
            &mut skipped,
        );
        let made = [person.is_some(), company.is_some(), opportunity.is_some()];
        let sent: Vec<&CustomFieldDefinitionId> = bodies
            .carried
            .iter()
            .zip(made)
            .filter(|(_, made)| *made)
            .flat_map(|(carried, _)| carried)
            .collect();
        FollowUps {
            person,
            company,
            opportunity,
            skipped,
            // What no update sends (a skipped record's values included) stays visible.
            unplaced: unplaced(&all_values, &sent),
        }
    }

    /// Every custom field value the lead had: the records' and the unplaced ones, once each.
    fn all_custom_field_values(&self) -> Vec<CustomFieldValue> {
        let mut all: Vec<CustomFieldValue> = Vec::new();
        let lists = [
            self.person.custom_fields.items(),
            self.company
                .record()
                .map(|c| c.custom_fields.items())
                .unwrap_or_default(),
            self.opportunity
                .as_ref()
                .map(|o| o.custom_fields.items())
                .unwrap_or_default(),
            self.unplaced_custom_fields(),
        ];
        for value in lists.into_iter().flatten() {
            let id = value.custom_field_definition_id.value();
            if !all
                .iter()
                .any(|v| v.custom_field_definition_id.value() == id)
            {
                all.push(value.clone());
            }
        }
        all
    }
}

/// The update of one record the conversion created, `PUT /{collection}/{id}` with `body`; or,
/// when the response gives no id or says the record existed, a note in `skipped`.
fn update<T: Serialize, I: std::fmt::Display>(
    body: Option<&T>,
    target: Option<RecordOutcome<I>>,
    record: ConvertedRecord,
    skipped: &mut Vec<Skipped>,
) -> Option<Request<T>> {
    let body = body?;
    let reason = match target {
        Some(RecordOutcome {
            id: Some(id),
            origin: Origin::Created,
        }) => {
            let path = format!("/{}/{id}", record.collection());
            return Some(Request::with_body(Method::Put, path, body));
        }
        Some(RecordOutcome {
            id: Some(_),
            origin: Origin::Reused,
        }) => SkipReason::Reused,
        Some(RecordOutcome {
            id: Some(_),
            origin: Origin::Unknown,
        }) => SkipReason::OriginUnknown,
        Some(RecordOutcome { id: None, .. }) | None => SkipReason::NotInResponse,
    };
    skipped.push(Skipped { record, reason });
    None
}

/// The lead's values (with a value) whose definitions no body carries.
fn unplaced(
    all: &[CustomFieldValue],
    carried: &[&CustomFieldDefinitionId],
) -> Vec<CustomFieldValue> {
    all.iter()
        .filter(|v| v.set_value().is_some())
        .filter(|v| {
            v.custom_field_definition_id
                .value()
                .is_none_or(|id| !carried.contains(&id))
        })
        .cloned()
        .collect()
}

/// Keeps a body's custom fields to the definitions available on `entity` (with a catalog),
/// adds the lead's values mapped by name, and returns the lead definitions the body carries.
fn fit(
    body: &mut Field<Vec<CustomFieldValue>>,
    all_values: &[CustomFieldValue],
    catalog: Option<&CustomFieldCatalog>,
    entity: &EntityType,
) -> Vec<CustomFieldDefinitionId> {
    if let (Some(catalog), Field::Value(values)) = (catalog, &mut *body) {
        values.retain(|v| {
            v.custom_field_definition_id
                .value()
                .and_then(|id| catalog.get(*id))
                .is_some_and(|d| d.is_available_on(entity))
        });
    }
    let mut carried: Vec<CustomFieldDefinitionId> = body
        .items()
        .iter()
        .filter_map(|v| v.custom_field_definition_id.value().copied())
        .collect();
    if let Some(catalog) = catalog {
        carried.extend(map_by_name(body, all_values, catalog, entity));
    }
    if body.items().is_empty() {
        *body = Field::Absent;
    }
    carried
}

/// Adds to `body` the lead's values whose definitions are not available on `entity`, under
/// the `entity` definition with the same name and data type, options mapped by name; returns
/// the lead definitions it mapped.
fn map_by_name(
    body: &mut Field<Vec<CustomFieldValue>>,
    all_values: &[CustomFieldValue],
    catalog: &CustomFieldCatalog,
    entity: &EntityType,
) -> Vec<CustomFieldDefinitionId> {
    let has = |id: CustomFieldDefinitionId, list: &Field<Vec<CustomFieldValue>>| {
        list.items()
            .iter()
            .any(|v| v.custom_field_definition_id.value() == Some(&id))
    };
    let mut added = Vec::new();
    let mut sources = Vec::new();
    for value in all_values {
        let Some(json) = value.set_value() else {
            continue;
        };
        let Some(source) = value
            .custom_field_definition_id
            .value()
            .and_then(|id| catalog.get(*id))
        else {
            continue;
        };
        if source.is_available_on(entity) {
            continue;
        }
        let (Some(name), Some(data_type)) = (source.name.as_deref(), source.data_type.value())
        else {
            continue;
        };
        let candidates: Vec<&CustomFieldDefinition> = catalog
            .definitions()
            .iter()
            .filter(|d| d.is_available_on(entity) && d.data_type.value() == Some(data_type))
            .collect();
        let target = crate::wire::case::find(&candidates, name, |d| d.name.as_deref()).copied();
        let Some((target, target_id)) = target.and_then(|t| Some((t, *t.id.value()?))) else {
            continue;
        };
        if has(target_id, body)
            || added.iter().any(|v: &CustomFieldValue| {
                v.custom_field_definition_id.value() == Some(&target_id)
            })
        {
            continue;
        }
        if let Some(mapped) = map_value(json, data_type, source, target) {
            added.push(CustomFieldValue::new(target_id, mapped));
            sources.extend(source.id.value().copied());
        }
    }
    if !added.is_empty() {
        match body {
            Field::Value(list) => list.extend(added),
            other => *other = Field::Value(added),
        }
    }
    sources
}

/// A value of `source` as a value of `target`: options by name, anything else as it is.
fn map_value(
    json: &Value,
    data_type: &CustomFieldDataType,
    source: &CustomFieldDefinition,
    target: &CustomFieldDefinition,
) -> Option<Value> {
    let option = |id: &Value| -> Option<Value> {
        let name = source.option_by_id(id.as_u64()?.into())?.name.value()?;
        let mapped = target.option_by_name(name)?.id.value()?;
        Some(Value::from(mapped.get()))
    };
    match data_type {
        CustomFieldDataType::Dropdown => option(json),
        CustomFieldDataType::MultiSelect => json
            .as_array()?
            .iter()
            .map(option)
            .collect::<Option<Vec<Value>>>()
            .map(Value::Array),
        _ => Some(json.clone()),
    }
}
