//! [`CustomFieldValue`]: one custom field value on a record.

use serde_json::Value;

use crate::model::id::CustomFieldDefinitionId;
use crate::wire::record::wire_record;

wire_record! {
    /// One custom field value on a record: `{"custom_field_definition_id": id, "value": ...}`.
    ///
    /// The meaning of `value` depends on the account's definition (text, option id, list of
    /// option ids, Unix seconds, boolean, number...), so it is kept as JSON. A response lists
    /// every definition available on the record, many with `value: null`. Keys such as
    /// `computed_value` (sent when the caller asked for computed values) stay in `extra`.
    ///
    /// ```
    /// use copper_lead::CustomFieldDefinitionId;
    /// use copper_lead::custom_field::CustomFieldValue;
    ///
    /// let v = CustomFieldValue::new(CustomFieldDefinitionId::new(455896), 1532569);
    /// assert_eq!(
    ///     serde_json::to_string(&v)?,
    ///     r#"{"custom_field_definition_id":455896,"value":1532569}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct CustomFieldValue("a custom field value") setters {
        /// The definition this value belongs to.
        custom_field_definition_id: CustomFieldDefinitionId,
        /// The value as JSON; `null` is [`Field::Null`](crate::wire::field::Field::Null), never
        /// `Field::Value(Value::Null)`, when read from the wire.
        value: Value,
    }
}

impl CustomFieldValue {
    /// A value for a definition. `Value::Null` is stored as [`Field::Null`](crate::wire::field::Field::Null).
    #[must_use]
    pub fn new(definition: CustomFieldDefinitionId, value: impl Into<Value>) -> Self {
        let value = match value.into() {
            Value::Null => crate::wire::field::Field::Null,
            value => crate::wire::field::Field::Value(value),
        };
        CustomFieldValue {
            custom_field_definition_id: definition.into(),
            value,
            extra: crate::wire::extra::Extra::default(),
        }
    }

    /// The value, when it holds one: not absent and not `null` (a lead lists every
    /// definition, most with `null`).
    #[cfg(feature = "convert")]
    pub(crate) fn set_value(&self) -> Option<&Value> {
        self.value.value().filter(|json| !json.is_null())
    }
}
