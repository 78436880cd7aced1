//! [`Lead`]: a Copper lead, read and written losslessly.

use crate::address::Address;
use crate::amount::Amount;
use crate::custom_field::CustomFieldValue;
use crate::email::Email;
use crate::id::{CustomerSourceId, LeadId, LeadStatusId, OpportunityId, PersonId, UserId};
use crate::lenient::Lenient;
use crate::phone::PhoneNumber;
use crate::social::Social;
use crate::status::LeadStatus;
use crate::timestamp::Timestamp;
use crate::website::Website;
use crate::wire::wire_record;

wire_record! {
    /// A Copper lead: a potential customer not yet converted into a person, company and
    /// opportunity.
    ///
    /// Every key is a [`Field`](crate::Field) (absent, `null` or a value) and keys this crate
    /// does not model are kept in `extra`, so for any lead Copper sends,
    /// `serde_json::to_value(&serde_json::from_str::<Lead>(s)?)` equals
    /// `serde_json::from_str::<serde_json::Value>(s)`. Reading never judges content (a blank
    /// name, an odd URL, an account's own status all parse): [`Lead::validate`] does.
    ///
    /// Fields are in the wire order of a 2020 response; older and newer responses carry a
    /// subset or more (which land in `extra`).
    ///
    /// # Example
    ///
    /// ```
    /// use copper_lead::{Lead, LeadStatus};
    ///
    /// let json = r#"{"id": 8894157, "name": "Test Lead", "status": "Junk", "new_key": [1, 2]}"#;
    /// let lead: Lead = serde_json::from_str(json)?;
    /// assert_eq!(lead.status.value(), Some(&LeadStatus::Junk));
    /// assert_eq!(
    ///     serde_json::to_value(&lead)?,
    ///     serde_json::from_str::<serde_json::Value>(json)?
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Lead("a lead") {
        /// The lead's id; absent on a lead not yet created.
        id: LeadId,
        /// The full name; Copper requires it.
        name: String,
        /// Name prefix, derived by Copper from `name`.
        prefix: String,
        /// First name, derived by Copper from `name` (a one-word name lands here whole).
        first_name: String,
        /// Last name, derived by Copper from `name`.
        last_name: String,
        /// Middle name, derived by Copper from `name`.
        middle_name: String,
        /// Name suffix, derived by Copper from `name`.
        suffix: String,
        /// Postal address; any part may be `null` or missing.
        address: Address,
        /// The user the lead is assigned to.
        assignee_id: UserId,
        /// The name of the lead's company.
        company_name: String,
        /// Where the lead came from.
        customer_source_id: CustomerSourceId,
        /// Free-text description (Copper's "details").
        details: String,
        /// The lead's one email address.
        email: Email,
        /// Number of interactions (newer responses).
        interaction_count: u64,
        /// ISO 4217 code of `monetary_value`.
        monetary_unit: String,
        /// Expected value of the deal, in the form Copper sent it.
        monetary_value: Amount,
        /// Currency of `converted_value` (undocumented).
        converted_unit: String,
        /// `monetary_value` converted to the account currency; Copper sends a string.
        converted_value: Amount,
        /// Social profile URLs.
        socials: Vec<Social>,
        /// The status, by its name in the account (`status_id` holds its id); an account's own
        /// names are [`LeadStatus::Unknown`].
        status: LeadStatus,
        /// Status id, per account.
        status_id: LeadStatusId,
        /// Free-text labels; validation refuses one repeated ignoring case.
        tags: Vec<String>,
        /// Job title.
        title: String,
        /// Website URLs with their categories, as stored (Copper does not check URLs).
        websites: Vec<Website>,
        /// Phone numbers, free text as stored, with their categories.
        phone_numbers: Vec<PhoneNumber>,
        /// Custom field values.
        custom_fields: Vec<CustomFieldValue>,
        /// When the lead was created.
        date_created: Timestamp,
        /// When the lead was last modified.
        date_modified: Timestamp,
        /// When the lead was last contacted.
        date_last_contacted: Timestamp,
        /// The opportunity the lead was converted into. Only seen as `null`: a value of another
        /// shape than an id is kept as sent, and reported by validation.
        converted_opportunity_id: Lenient<OpportunityId>,
        /// The person the lead was converted into. Only seen as `null`: a value of another
        /// shape than an id is kept as sent, and reported by validation.
        converted_contact_id: Lenient<PersonId>,
        /// When the lead was converted. Only seen as `null`: a value of another shape than Unix
        /// seconds is kept as sent, and reported by validation.
        converted_at: Lenient<Timestamp>,
    }
}
