//! [`Person`]: a Copper person (contact), as conversion creates one.

use crate::model::address::Address;
use crate::model::converted_from::ConvertedFrom;
use crate::model::custom_field_value::CustomFieldValue;
use crate::model::email::Email;
use crate::model::id::{CompanyId, ContactTypeId, PersonId, UserId};
use crate::model::phone::PhoneNumber;
use crate::model::social::Social;
use crate::model::timestamp::Timestamp;
use crate::model::website::Website;
use crate::wire::record::wire_record;

wire_record! {
    /// A Copper person, with the same lossless serde as [`Lead`](crate::Lead). Unlike a lead,
    /// a person has a list of emails.
    ///
    /// ```
    /// use copper_lead::Person;
    ///
    /// let p: Person = serde_json::from_str(r#"{"id": 27140359, "name": "My Contact",
    ///     "emails": [{"email": "mylead@noemail.com", "category": "work"}]}"#)?;
    /// assert_eq!(p.emails.items()[0].domain(), Some("noemail.com"));
    ///
    /// // Each key has a setter, for the partial records of an update.
    /// let update = Person::default().title("CTO").tags(vec!["vip".to_owned()]);
    /// assert_eq!(serde_json::to_string(&update)?, r#"{"tags":["vip"],"title":"CTO"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Person("a person") setters {
        /// The person's id; absent before creation.
        id: PersonId,
        /// Full name.
        name: String,
        /// Name prefix.
        prefix: String,
        /// First name.
        first_name: String,
        /// Middle name.
        middle_name: String,
        /// Last name.
        last_name: String,
        /// Name suffix.
        suffix: String,
        /// Postal address; any part may be `null` or missing.
        address: Address,
        /// The user the person is assigned to.
        assignee_id: UserId,
        /// The person's company.
        company_id: CompanyId,
        /// The name of the person's company.
        company_name: String,
        /// The contact type (`GET /contact_types`).
        contact_type_id: ContactTypeId,
        /// Free-text description (Copper's "details").
        details: String,
        /// Email addresses.
        emails: Vec<Email>,
        /// Phone numbers, free text as stored, with their categories.
        phone_numbers: Vec<PhoneNumber>,
        /// Social profile URLs.
        socials: Vec<Social>,
        /// Free-text labels; validation refuses one repeated ignoring case.
        tags: Vec<String>,
        /// Job title.
        title: String,
        /// Website URLs with their categories, as stored (Copper does not check URLs).
        websites: Vec<Website>,
        /// Custom field values.
        custom_fields: Vec<CustomFieldValue>,
        /// When the person was created.
        date_created: Timestamp,
        /// When the person was last modified.
        date_modified: Timestamp,
        /// When the person was last contacted.
        date_last_contacted: Timestamp,
        /// Number of interactions.
        interaction_count: u64,
        /// The leads this person was converted from.
        leads_converted_from: Vec<ConvertedFrom>,
        /// When the lead this person came from was created.
        date_lead_created: Timestamp,
    }
}
