//! [`LeadBuilder`]: new leads that are valid by construction.

use serde_json::Value;

use crate::custom_field::catalog::CustomFieldCatalog;
use crate::custom_field::value::FieldInput;
use crate::model::address::Address;
use crate::model::amount::Amount;
use crate::model::category::{EmailCategory, PhoneCategory, SocialCategory, WebsiteCategory};
use crate::model::custom_field_value::CustomFieldValue;
use crate::model::email::Email;
use crate::model::id::{CustomFieldDefinitionId, CustomerSourceId, LeadId, UserId};
use crate::model::lead::Lead;
use crate::model::phone::PhoneNumber;
use crate::model::social::Social;
use crate::model::status::LeadStatus;
use crate::model::timestamp::Timestamp;
use crate::model::website::Website;
use crate::validate::finding::{Finding, ValidationErrors};
use crate::validate::validator::Validator;
use crate::wire::field::Field;
use crate::wire::pointer::JsonPointer;

/// Builds a [`Lead`] from the fields a client may write; [`LeadBuilder::build`] validates it
/// and returns every finding at once, so a built lead is always valid.
///
/// Only the keys you set are present in the lead (and in its JSON).
///
/// # Example
///
/// ```
/// use copper_lead::{EmailCategory, Lead, LeadStatus, PhoneCategory, WebsiteCategory};
///
/// let lead = Lead::builder("Ada Lovelace")
///     .email("ada@example.com", EmailCategory::Work)
///     .phone_number("+44 20 7946 0958", PhoneCategory::Work)
///     .website("https://example.com", WebsiteCategory::Work)
///     .company_name("Analytical Engines")
///     .tags(["vip", "2026"])
///     .monetary_value(5000)
///     .monetary_unit("GBP")
///     .status(LeadStatus::New)
///     .build()?;
/// assert_eq!(serde_json::to_value(&lead)?["email"]["email"], "ada@example.com");
///
/// let errors = Lead::builder(" ").email("ada", EmailCategory::Work).build().unwrap_err();
/// assert_eq!(errors.len(), 2); // a blank name and an invalid email, together
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until built"]
pub struct LeadBuilder {
    lead: Lead,
    /// Problems found while setting fields (an unknown custom field name), reported by
    /// `build` with the validation findings.
    pending: Vec<Finding>,
}

impl Lead {
    /// Starts a new lead with its name (the one field Copper requires).
    pub fn builder(name: impl Into<String>) -> LeadBuilder {
        LeadBuilder {
            lead: Lead {
                name: Field::Value(name.into()),
                ..Lead::default()
            },
            pending: Vec::new(),
        }
    }
}

macro_rules! text_setters {
    ($($(#[$doc:meta])* $method:ident => $field:ident;)*) => {$(
        $(#[$doc])*
        pub fn $method(mut self, text: impl Into<String>) -> Self {
            self.lead.$field = Field::Value(text.into());
            self
        }
    )*};
}

impl LeadBuilder {
    text_setters! {
        /// Sets the job title.
        title => title;
        /// Sets the free-text description.
        details => details;
        /// Sets the company name.
        company_name => company_name;
        /// Sets the name prefix (Copper derives it from `name` when not sent).
        prefix => prefix;
        /// Sets the first name.
        first_name => first_name;
        /// Sets the middle name.
        middle_name => middle_name;
        /// Sets the last name.
        last_name => last_name;
        /// Sets the name suffix.
        suffix => suffix;
        /// Sets the ISO 4217 currency code of the monetary value, e.g. `USD`.
        monetary_unit => monetary_unit;
    }

    /// Sets the lead's id: for a lead that already exists in Copper (mirrored from your own
    /// store, or in tests); Copper assigns ids on create.
    pub fn id(mut self, id: LeadId) -> Self {
        self.lead.id = Field::Value(id);
        self
    }

    /// Sets the email address and its category.
    pub fn email(mut self, address: impl Into<String>, category: EmailCategory) -> Self {
        self.lead.email = Field::Value(Email::new(address, category));
        self
    }

    /// Adds a phone number to `phone_numbers`.
    pub fn phone_number(mut self, number: impl Into<String>, category: PhoneCategory) -> Self {
        push(
            &mut self.lead.phone_numbers,
            PhoneNumber::new(number, category),
        );
        self
    }

    /// Adds a social profile URL.
    pub fn social(mut self, url: impl Into<String>, category: SocialCategory) -> Self {
        push(&mut self.lead.socials, Social::new(url, category));
        self
    }

    /// Adds a website.
    pub fn website(mut self, url: impl Into<String>, category: WebsiteCategory) -> Self {
        push(&mut self.lead.websites, Website::new(url, category));
        self
    }

    /// Sets the postal address.
    pub fn address(mut self, address: Address) -> Self {
        self.lead.address = Field::Value(address);
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        push(&mut self.lead.tags, tag.into());
        self
    }

    /// Adds several tags (a tag repeated ignoring case is reported by `build`).
    pub fn tags<I>(mut self, tags: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        for tag in tags {
            push(&mut self.lead.tags, tag.into());
        }
        self
    }

    /// Adds a custom field value as raw JSON for a definition id.
    pub fn custom_field(
        mut self,
        definition: CustomFieldDefinitionId,
        value: impl Into<Value>,
    ) -> Self {
        push(
            &mut self.lead.custom_fields,
            CustomFieldValue::new(definition, value),
        );
        self
    }

    /// Adds a custom field value by the field's name, encoded through `catalog`: option names
    /// become option ids, dates become the `MM/DD/YYYY` text Copper documents for writing Date fields. An unknown field or option name, or a
    /// value that does not fit the field, is reported by [`LeadBuilder::build`] at
    /// `/custom_fields` (the list the value was to join; it has no index of its own, since it
    /// never entered the lead), with the field named in the message.
    ///
    /// ```
    /// use copper_lead::Lead;
    /// use copper_lead::custom_field::{CustomFieldCatalog, CustomValue};
    ///
    /// let catalog: CustomFieldCatalog = serde_json::from_str(r#"[{"id": 7, "name": "Size",
    ///     "data_type": "Dropdown", "available_on": ["lead"],
    ///     "options": [{"id": 70, "name": "Small", "rank": 0}]}]"#)?;
    /// let lead = Lead::builder("Ada").custom_field_by_name(&catalog, "Size", "Small").build()?;
    /// assert_eq!(serde_json::to_value(&lead.custom_fields)?[0]["value"], 70);
    ///
    /// let err = Lead::builder("Ada").custom_field_by_name(&catalog, "Size", "Huge").build();
    /// assert_eq!(
    ///     err.unwrap_err().to_string(),
    ///     "1 validation error: /custom_fields: the custom field \"Size\" has no option \"Huge\""
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn custom_field_by_name(
        mut self,
        catalog: &CustomFieldCatalog,
        name: &str,
        input: impl Into<FieldInput>,
    ) -> Self {
        match catalog.encode(name, input) {
            Ok(value) => push(&mut self.lead.custom_fields, value),
            // The value never reached the list: the finding points at the list.
            Err(err) => self
                .pending
                .push(err.finding_at(JsonPointer::root().key("custom_fields"))),
        }
        self
    }

    /// Sets the status by name (an account's own name is fine with a matching catalog).
    pub fn status(mut self, status: impl Into<LeadStatus>) -> Self {
        self.lead.status = Field::Value(status.into());
        self
    }

    /// Sets `assignee_id`: the user the lead is assigned to.
    pub fn assignee_id(mut self, user: UserId) -> Self {
        self.lead.assignee_id = Field::Value(user);
        self
    }

    /// Sets `customer_source_id`: where the lead came from (`GET /customer_sources`).
    pub fn customer_source_id(mut self, source: CustomerSourceId) -> Self {
        self.lead.customer_source_id = Field::Value(source);
        self
    }

    /// Sets the monetary value: an integer (`5000`), or an [`Amount`] (a float goes through
    /// `Amount::try_from(2500.5)?`, which refuses NaN and infinities).
    pub fn monetary_value(mut self, value: impl Into<Amount>) -> Self {
        self.lead.monetary_value = Field::Value(value.into());
        self
    }

    /// Sets the creation time: for a lead mirrored from Copper (which sets it on create).
    pub fn date_created(mut self, at: Timestamp) -> Self {
        self.lead.date_created = Field::Value(at);
        self
    }

    /// Sets the last modification time: for a lead mirrored from Copper.
    pub fn date_modified(mut self, at: Timestamp) -> Self {
        self.lead.date_modified = Field::Value(at);
        self
    }

    /// Validates with the default [`Validator`] and returns the lead.
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] with every finding, including problems from
    /// [`LeadBuilder::custom_field_by_name`].
    pub fn build(self) -> Result<Lead, ValidationErrors> {
        self.build_with(&Validator::new())
    }

    /// Validates with `validator` (an account's limits, statuses, custom fields) and returns
    /// the lead.
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] with every finding.
    ///
    /// ```
    /// use copper_lead::Lead;
    /// use copper_lead::lifecycle::{LeadStatusDefinition, StageMap, StatusCatalog};
    /// use copper_lead::validate::Validator;
    ///
    /// let statuses: Vec<LeadStatusDefinition> =
    ///     serde_json::from_str(r#"[{"id": 208231, "name": "New", "is_default": true}]"#)?;
    /// let catalog = StatusCatalog::from_definitions(&statuses, &StageMap::new())?;
    /// let account = Validator::new().with_statuses(&catalog);
    /// assert!(Lead::builder("Ada").status("New").build_with(&account).is_ok());
    /// assert!(Lead::builder("Ada").status("Hot").build_with(&account).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_with(self, validator: &Validator<'_>) -> Result<Lead, ValidationErrors> {
        let LeadBuilder { lead, mut pending } = self;
        if let Err(errors) = lead.validate_with(validator) {
            pending.extend(errors);
        }
        match ValidationErrors::from_findings(pending) {
            Some(errors) => Err(errors),
            None => Ok(lead),
        }
    }
}

fn push<T>(list: &mut Field<Vec<T>>, item: T) {
    match list {
        Field::Value(items) => items.push(item),
        Field::Absent | Field::Null => *list = Field::Value(vec![item]),
    }
}
