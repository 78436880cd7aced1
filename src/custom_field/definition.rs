//! [`CustomFieldDefinition`]: how an account defines one of its custom fields.

use serde_json::Value;

use crate::model::entity::EntityType;
use crate::model::id::{CustomFieldDefinitionId, CustomFieldOptionId};
use crate::wire::open_enum::open_enum;
use crate::wire::record::wire_record;

open_enum! {
    /// The data type of a custom field; it decides what `value` holds on the wire.
    ///
    /// ```
    /// use copper_lead::custom_field::CustomFieldDataType;
    ///
    /// assert_eq!(CustomFieldDataType::from("MultiSelect"), CustomFieldDataType::MultiSelect);
    /// assert_eq!(CustomFieldDataType::Url.as_str(), "URL");
    /// ```
    pub enum CustomFieldDataType("a custom field data type") {
        /// Single-line text.
        String = "String",
        /// Multi-line text.
        Text = "Text",
        /// One option id.
        Dropdown = "Dropdown",
        /// A list of option ids.
        MultiSelect = "MultiSelect",
        /// Unix seconds at midnight in the account's time zone.
        Date = "Date",
        /// A boolean.
        Checkbox = "Checkbox",
        /// A number.
        Float = "Float",
        /// A number in the definition's currency.
        Currency = "Currency",
        /// A whole number 0..=100.
        Percentage = "Percentage",
        /// A URL, not checked by Copper.
        Url = "URL",
        /// Links to other records, managed through `/related_links`.
        Connect = "Connect",
    }
}

wire_record! {
    /// An option of a Dropdown or MultiSelect custom field: `{"id", "name", "rank"}`. `rank`
    /// orders the options; it is neither the array order nor contiguous.
    ///
    /// ```
    /// use copper_lead::CustomFieldOptionId;
    /// use copper_lead::custom_field::CustomFieldOption;
    ///
    /// let option = CustomFieldOption::default()
    ///     .id(CustomFieldOptionId::new(1532569))
    ///     .name("Medium")
    ///     .rank(1);
    /// assert_eq!(serde_json::to_string(&option)?, r#"{"id":1532569,"name":"Medium","rank":1}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct CustomFieldOption("a custom field option") setters {
        /// The option id (what a value holds).
        id: CustomFieldOptionId,
        /// The option's label.
        name: String,
        /// Its position in the account's ordering.
        rank: i64,
    }
}

wire_record! {
    /// One custom field as an account defines it (`GET /custom_field_definitions`).
    ///
    /// ```
    /// use copper_lead::EntityType;
    /// use copper_lead::custom_field::{CustomFieldDataType, CustomFieldDefinition};
    ///
    /// let d: CustomFieldDefinition = serde_json::from_str(
    ///     r#"{"id": 455894, "name": "Some Currency", "data_type": "Currency",
    ///         "available_on": ["lead"], "currency": "USD"}"#,
    /// )?;
    /// assert_eq!(d.data_type.value(), Some(&CustomFieldDataType::Currency));
    /// assert!(d.is_available_on(&EntityType::Lead));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct CustomFieldDefinition("a custom field definition") setters {
        /// The definition id (what a value's `custom_field_definition_id` holds).
        id: CustomFieldDefinitionId,
        /// The field's name, as users see it.
        name: String,
        /// What its values hold.
        data_type: CustomFieldDataType,
        /// The kinds of record that carry it.
        available_on: Vec<EntityType>,
        /// The options of a Dropdown or MultiSelect field.
        options: Vec<CustomFieldOption>,
        /// The currency code of a Currency field.
        currency: String,
        /// Whether searches can filter on it.
        is_filterable: bool,
        /// A stable API name, on newer accounts.
        canonical_name: String,
        /// For a Connect field, what it connects to. Its type is not documented, so it is
        /// kept as JSON.
        connected_id: Value,
    }
}

impl CustomFieldDefinition {
    /// Whether records of `entity` carry this field.
    #[must_use]
    pub fn is_available_on(&self, entity: &EntityType) -> bool {
        self.available_on.items().contains(entity)
    }

    /// The option with this id.
    #[must_use]
    pub fn option_by_id(&self, id: CustomFieldOptionId) -> Option<&CustomFieldOption> {
        self.options
            .items()
            .iter()
            .find(|o| o.id.value() == Some(&id))
    }

    /// The option with this name: an exact match, else one ignoring case.
    ///
    /// ```
    /// use copper_lead::custom_field::CustomFieldDefinition;
    ///
    /// let d: CustomFieldDefinition = serde_json::from_str(r#"{"id": 1, "name": "Size",
    ///     "options": [{"id": 70, "name": "Small", "rank": 0}]}"#)?;
    /// assert_eq!(d.option_by_name("small").and_then(|o| o.id.value()).map(|id| id.get()), Some(70));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn option_by_name(&self, name: &str) -> Option<&CustomFieldOption> {
        crate::wire::case::find(self.options.items(), name, |o| o.name.as_deref())
    }

    /// The field's name, or `#id` for a definition without one (for messages).
    pub(crate) fn label(&self) -> String {
        match (self.name.as_deref(), self.id.value()) {
            (Some(name), _) => name.to_owned(),
            (None, Some(id)) => format!("#{id}"),
            (None, None) => "(unnamed)".to_owned(),
        }
    }
}
