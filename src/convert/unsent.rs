//! [`Unsent`]: what a conversion decided that Copper's convert request cannot carry.

use serde::Serialize;

use super::Conversion;
use crate::model::company::Company;
use crate::model::custom_field_value::CustomFieldValue;
use crate::model::opportunity::Opportunity;
use crate::model::person::Person;
use crate::wire::field::Field;

/// What the preview decided that Copper's convert request cannot carry: partial records
/// holding only those keys, to set with updates (`PUT /people/{id}`, `/companies/{id}`,
/// `/opportunities/{id}`) once Copper has created the records.
///
/// - the person: its custom field values;
/// - a company given by name: its address, phone numbers, websites and custom field values
///   (for a company Copper creates; when it attaches an existing one, that company keeps its
///   own: [`ConvertResponse::outcome`](super::ConvertResponse::outcome) tells which);
/// - the opportunity: its currency, customer source, close date, priority and custom field
///   values.
///
/// Custom field values with no value (`null`, as a lead lists every definition) are left out.
/// A record with nothing to set is `None`. Serializes as `{"person": ..., "company": ...,
/// "opportunity": ...}` with only the records that have something to set (`null` would read
/// as "clear" everywhere else in Copper's JSON).
///
/// ```
/// use copper_lead::convert::{ConvertOptions, OpportunityOptions};
/// use copper_lead::{Lead, LeadId, OpportunityPriority, PipelineId, Timestamp};
/// use copper_lead::lifecycle::{Decision, QualifiedLead};
/// use copper_lead::validate::Validator;
///
/// let lead = Lead::builder("Ada").id(LeadId::new(1)).monetary_unit("GBP").build()?;
/// let at = Timestamp::from_unix(1_700_000_000)?;
/// let lead = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))?;
/// let options = ConvertOptions::new(at).opportunity(
///     OpportunityOptions::new(PipelineId::new(1)).priority(OpportunityPriority::High),
/// );
/// let unsent = lead.convert(&options)?.unsent();
/// assert_eq!(
///     serde_json::to_string(&unsent)?,
///     r#"{"opportunity":{"priority":"High","monetary_unit":"GBP"}}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Unsent {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) person: Option<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) company: Option<Company>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) opportunity: Option<Opportunity>,
}

impl Unsent {
    pub(super) fn of(conversion: &Conversion) -> Self {
        let person = Person {
            custom_fields: set_values(&conversion.person.custom_fields),
            ..Person::default()
        };
        let company = conversion.company.record().map(|company| Company {
            address: company.address.clone(),
            phone_numbers: non_empty(&company.phone_numbers),
            websites: non_empty(&company.websites),
            custom_fields: set_values(&company.custom_fields),
            ..Company::default()
        });
        let opportunity = conversion.opportunity.as_ref().map(|o| Opportunity {
            close_date: o.close_date.clone(),
            customer_source_id: o.customer_source_id,
            // Copper leaves it null after a conversion: only a chosen priority is unsent.
            priority: match &o.priority {
                Field::Value(priority) => Field::Value(priority.clone()),
                Field::Null | Field::Absent => Field::Absent,
            },
            monetary_unit: o.monetary_unit.clone(),
            custom_fields: set_values(&o.custom_fields),
            ..Opportunity::default()
        });
        Unsent {
            person: Some(person).filter(|p| *p != Person::default()),
            company: company.filter(|c| *c != Company::default()),
            opportunity: opportunity.filter(|o| *o != Opportunity::default()),
        }
    }

    /// What to set on the person, if anything.
    #[must_use]
    pub fn person(&self) -> Option<&Person> {
        self.person.as_ref()
    }

    /// What to set on a company Copper creates, if anything.
    #[must_use]
    pub fn company(&self) -> Option<&Company> {
        self.company.as_ref()
    }

    /// What to set on the opportunity, if anything.
    #[must_use]
    pub fn opportunity(&self) -> Option<&Opportunity> {
        self.opportunity.as_ref()
    }

    /// Whether the request carries everything the preview decided.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.person.is_none() && self.company.is_none() && self.opportunity.is_none()
    }
}

/// The custom field values that hold a value; absent when there are none.
fn set_values(values: &Field<Vec<CustomFieldValue>>) -> Field<Vec<CustomFieldValue>> {
    let set: Vec<CustomFieldValue> = values
        .items()
        .iter()
        .filter(|v| v.set_value().is_some())
        .cloned()
        .collect();
    if set.is_empty() {
        Field::Absent
    } else {
        Field::Value(set)
    }
}

/// A list that holds items; absent when it holds none.
fn non_empty<T: Clone>(list: &Field<Vec<T>>) -> Field<Vec<T>> {
    if list.items().is_empty() {
        Field::Absent
    } else {
        list.clone()
    }
}
