//! [`Company`]: a Copper company, as conversion creates one.

use crate::model::address::Address;
use crate::model::custom_field_value::CustomFieldValue;
use crate::model::id::{CompanyId, ContactTypeId, PersonId, UserId};
use crate::model::phone::PhoneNumber;
use crate::model::social::Social;
use crate::model::timestamp::Timestamp;
use crate::model::website::Website;
use crate::wire::record::wire_record;

wire_record! {
    /// A Copper company, with the same lossless serde as [`Lead`](crate::Lead).
    ///
    /// `email_domain` is a unique key in Copper: two companies cannot share one.
    ///
    /// ```
    /// use copper_lead::Company;
    ///
    /// let c: Company = serde_json::from_str(r#"{"id": 13349319, "name": "Noemail",
    ///     "email_domain": "noemail.com", "primary_contact_id": null}"#)?;
    /// assert_eq!(c.email_domain.as_deref(), Some("noemail.com"));
    /// assert!(c.primary_contact_id.is_null());
    ///
    /// // Each key has a setter, for the partial records of an update.
    /// let update = Company::default().email_domain("noemail.com").details("Met at the fair");
    /// assert_eq!(update.details.as_deref(), Some("Met at the fair"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Company("a company") setters {
        /// The company's id; absent before creation.
        id: CompanyId,
        /// The company's name; a conversion attaches the company with this name, if any.
        name: String,
        /// Postal address; any part may be `null` or missing.
        address: Address,
        /// The user the company is assigned to.
        assignee_id: UserId,
        /// The contact type (`GET /contact_types`).
        contact_type_id: ContactTypeId,
        /// Free-text description (Copper's "details").
        details: String,
        /// The email domain of its people; unique per account.
        email_domain: String,
        /// Phone numbers, free text as stored, with their categories.
        phone_numbers: Vec<PhoneNumber>,
        /// The main person of the company (newer responses).
        primary_contact_id: PersonId,
        /// Social profile URLs.
        socials: Vec<Social>,
        /// Free-text labels; validation refuses one repeated ignoring case.
        tags: Vec<String>,
        /// Website URLs with their categories, as stored (Copper does not check URLs).
        websites: Vec<Website>,
        /// Custom field values.
        custom_fields: Vec<CustomFieldValue>,
        /// Number of interactions.
        interaction_count: u64,
        /// When the company was created.
        date_created: Timestamp,
        /// When the company was last modified.
        date_modified: Timestamp,
    }
}
