//! [`Lead`]: a Copper lead, read and written losslessly.

/// Calls `$then!` with what it is given, followed by the one list of a lead's keys: in wire
/// order (a 2020 response), each with its doc and type, `[read_only]` on the keys Copper sets
/// itself, `[list]` on the lists (an update replaces them whole) and `[merged]` on
/// `custom_fields` (an update merges them by definition). `Lead` is
/// declared from it here, and the update body with the writable keys (`LeadUpdate`) in
/// `crate::leads::update`, so the two cannot drift apart.
macro_rules! lead_keys {
    ($then:path { $($input:tt)* }) => {
        $then! {
            $($input)*
            {
            /// The lead's id; absent on a lead not yet created.
            id: $crate::model::id::LeadId [read_only],
            /// The full name; Copper requires it.
            name: ::std::string::String,
            /// Name prefix, derived by Copper from `name`.
            prefix: ::std::string::String,
            /// First name, derived by Copper from `name` (a one-word name lands here whole).
            first_name: ::std::string::String,
            /// Last name, derived by Copper from `name`.
            last_name: ::std::string::String,
            /// Middle name, derived by Copper from `name`.
            middle_name: ::std::string::String,
            /// Name suffix, derived by Copper from `name`.
            suffix: ::std::string::String,
            /// Postal address; any part may be `null` or missing.
            address: $crate::model::address::Address,
            /// The user the lead is assigned to.
            assignee_id: $crate::model::id::UserId,
            /// The name of the lead's company.
            company_name: ::std::string::String,
            /// Where the lead came from.
            customer_source_id: $crate::model::id::CustomerSourceId,
            /// Free-text description (Copper's "details").
            details: ::std::string::String,
            /// The lead's one email address.
            email: $crate::model::email::Email,
            /// Number of interactions (newer responses).
            interaction_count: u64 [read_only],
            /// ISO 4217 code of `monetary_value`.
            monetary_unit: ::std::string::String,
            /// Expected value of the deal, in the form Copper sent it.
            monetary_value: $crate::model::amount::Amount,
            /// Currency of `converted_value` (undocumented).
            converted_unit: ::std::string::String [read_only],
            /// `monetary_value` converted to the account currency; Copper sends a string.
            converted_value: $crate::model::amount::Amount [read_only],
            /// Social profile URLs.
            socials: ::std::vec::Vec<$crate::model::social::Social> [list],
            /// The status, by its name in the account (`status_id` holds its id); an account's own
            /// names are [`LeadStatus::Unknown`](crate::LeadStatus::Unknown).
            status: $crate::model::status::LeadStatus,
            /// Status id, per account.
            status_id: $crate::model::id::LeadStatusId,
            /// Free-text labels; validation refuses one repeated ignoring case.
            tags: ::std::vec::Vec<::std::string::String> [list],
            /// Job title.
            title: ::std::string::String,
            /// Website URLs with their categories, as stored (Copper does not check URLs).
            websites: ::std::vec::Vec<$crate::model::website::Website> [list],
            /// Phone numbers, free text as stored, with their categories.
            phone_numbers: ::std::vec::Vec<$crate::model::phone::PhoneNumber> [list],
            /// Custom field values.
            custom_fields: ::std::vec::Vec<$crate::model::custom_field_value::CustomFieldValue> [merged],
            /// When the lead was created.
            date_created: $crate::model::timestamp::Timestamp [read_only],
            /// When the lead was last modified.
            date_modified: $crate::model::timestamp::Timestamp [read_only],
            /// When the lead was last contacted.
            date_last_contacted: $crate::model::timestamp::Timestamp [read_only],
            /// The opportunity the lead was converted into. Only seen as `null`: a value of another
            /// shape than an id is kept as sent, and reported by validation.
            converted_opportunity_id: $crate::wire::lenient::Lenient<$crate::model::id::OpportunityId> [read_only],
            /// The person the lead was converted into. Only seen as `null`: a value of another
            /// shape than an id is kept as sent, and reported by validation.
            converted_contact_id: $crate::wire::lenient::Lenient<$crate::model::id::PersonId> [read_only],
            /// When the lead was converted. Only seen as `null`: a value of another shape than Unix
            /// seconds is kept as sent, and reported by validation.
            converted_at: $crate::wire::lenient::Lenient<$crate::model::timestamp::Timestamp> [read_only],

            }
        }
    };
}
pub(crate) use lead_keys;

lead_keys!(crate::wire::record::wire_record {
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
    pub struct Lead("a lead")
});

#[cfg(test)]
mod tests {
    use super::Lead;
    use crate::wire::parse::scan;

    /// The fast path is taken for Copper's own leads (the agreement property, which compares
    /// it with serde, would hold as well if it always gave up).
    #[test]
    fn the_fast_path_reads_real_leads() {
        let fixture = |name: &str| {
            let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
        };
        for name in [
            "docs_fetch_lead_by_id.json",
            "docs_create_lead_response.json",
            "docs_update_lead_response.json",
            "docs_upsert_lead_response.json",
            "hull_2020-12_upsert_lead_response.json",
        ] {
            let text = fixture(name);
            assert!(scan::<Lead>(&text, &mut String::new()).is_some(), "{name}");
        }
        let search = fixture("hull_2019-12_search_leads_response.json");
        assert!(scan::<Vec<Lead>>(&search, &mut String::new()).is_some());
    }
}
