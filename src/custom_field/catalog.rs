//! [`CustomFieldCatalog`]: an account's custom field definitions, looked up and checked.

use serde::de;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt;
use time::UtcOffset;

use super::CustomFieldValue;
use super::definition::CustomFieldDefinition;
use super::value::{self, CustomFieldError, CustomValue, FieldInput};
#[cfg(feature = "validate")]
use crate::model::entity::EntityType;
use crate::model::id::CustomFieldDefinitionId;
use crate::model::lead::Lead;
#[cfg(feature = "validate")]
use crate::validate::finding::Findings;
#[cfg(feature = "validate")]
use crate::validate::limits::Limits;
#[cfg(feature = "validate")]
use crate::wire::pointer::JsonPointer;

/// An account's custom field definitions (the JSON of `GET /custom_field_definitions`), with
/// the account's UTC offset for Date fields.
///
/// Look up definitions by id, by name (ignoring case) or by canonical name; read a record's
/// values as typed [`CustomValue`]s; encode [`FieldInput`]s as wire values; and, given to a
/// [`Validator`](crate::validate::Validator), check every value of a lead against its definition.
///
/// Date fields hold midnight in the account's time zone as Unix seconds. A catalog reads them
/// at a fixed offset ([`CustomFieldCatalog::with_utc_offset`], UTC by default), rounding to
/// the nearest midnight, so dates stored under daylight saving time still read right; it
/// writes them as `MM/DD/YYYY` text, which Copper stores at midnight in the account's zone.
///
/// It reads the bare array of `GET /custom_field_definitions` (at UTC), and serializes as
/// `{"utc_offset": "-08:00", "definitions": [...]}`, which it reads back with its offset, so a
/// cached catalog reads dates the same.
///
/// # Example
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::Lead;
/// use copper_lead::custom_field::CustomFieldCatalog;
/// use copper_lead::validate::Validator;
///
/// let catalog: CustomFieldCatalog = serde_json::from_str(r#"[
///     {"id": 1, "name": "Budget", "data_type": "Percentage", "available_on": ["lead"]}
/// ]"#)?;
/// let lead: Lead = serde_json::from_str(
///     r#"{"name": "Ada", "custom_fields": [{"custom_field_definition_id": 1, "value": 140}]}"#,
/// )?;
/// let errors = lead.validate_with(&Validator::new().with_custom_fields(&catalog)).unwrap_err();
/// let finding = errors.iter().next().unwrap();
/// assert_eq!(finding.path().as_str(), "/custom_fields/0/value");
/// assert_eq!(finding.code().as_str(), "percentage_out_of_range");
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CustomFieldCatalog {
    definitions: Vec<CustomFieldDefinition>,
    by_id: HashMap<CustomFieldDefinitionId, usize>,
    offset: UtcOffset,
}

impl CustomFieldCatalog {
    /// A catalog of these definitions, reading dates at UTC. A definition without an id can
    /// be found by name only; for a repeated id the first definition wins.
    ///
    /// ```
    /// use copper_lead::CustomFieldDefinitionId;
    /// use copper_lead::custom_field::{CustomFieldCatalog, CustomFieldDataType, CustomFieldDefinition};
    ///
    /// let catalog = CustomFieldCatalog::new(vec![CustomFieldDefinition::default()
    ///     .id(CustomFieldDefinitionId::new(9))
    ///     .name("Budget")
    ///     .data_type(CustomFieldDataType::Currency)]);
    /// assert_eq!(catalog.by_name("budget").and_then(|d| d.id.value().copied()), Some(CustomFieldDefinitionId::new(9)));
    /// ```
    #[must_use]
    pub fn new(definitions: Vec<CustomFieldDefinition>) -> Self {
        let mut by_id = HashMap::with_capacity(definitions.len());
        for (index, definition) in definitions.iter().enumerate() {
            if let Some(id) = definition.id.value() {
                by_id.entry(*id).or_insert(index);
            }
        }
        CustomFieldCatalog {
            definitions,
            by_id,
            offset: UtcOffset::UTC,
        }
    }

    /// The same catalog reading and writing Date fields at `offset` (the account's time
    /// zone).
    #[must_use]
    pub fn with_utc_offset(mut self, offset: UtcOffset) -> Self {
        self.offset = offset;
        self
    }

    /// The UTC offset Date fields are read and written at.
    #[must_use]
    pub fn utc_offset(&self) -> UtcOffset {
        self.offset
    }

    /// The definitions, in the order given.
    #[must_use]
    pub fn definitions(&self) -> &[CustomFieldDefinition] {
        &self.definitions
    }

    /// The definition with this id.
    #[must_use]
    pub fn get(&self, id: CustomFieldDefinitionId) -> Option<&CustomFieldDefinition> {
        self.by_id
            .get(&id)
            .and_then(|index| self.definitions.get(*index))
    }

    /// The definition with this name: an exact match, else one ignoring case.
    #[must_use]
    pub fn by_name(&self, name: &str) -> Option<&CustomFieldDefinition> {
        crate::wire::case::find(&self.definitions, name, |d| d.name.as_deref())
    }

    /// The definition with this canonical name (exact).
    #[must_use]
    pub fn by_canonical_name(&self, canonical_name: &str) -> Option<&CustomFieldDefinition> {
        self.definitions
            .iter()
            .find(|d| d.canonical_name.as_deref() == Some(canonical_name))
    }

    /// The definition with this name, else this canonical name; `None` when neither matches
    /// (as [`StatusCatalog::find`](crate::lifecycle::StatusCatalog::find)).
    ///
    /// ```
    /// use copper_lead::custom_field::CustomFieldCatalog;
    ///
    /// let catalog: CustomFieldCatalog = serde_json::from_str(r#"[{"id": 4, "name": "Lead Score",
    ///     "canonical_name": "cf_lead_score", "data_type": "Float", "available_on": ["lead"]}]"#)?;
    /// assert!(catalog.find("lead score").is_some());
    /// assert!(catalog.find("cf_lead_score").is_some());
    /// assert!(catalog.find("Score").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn find(&self, name: &str) -> Option<&CustomFieldDefinition> {
        self.by_name(name).or_else(|| self.by_canonical_name(name))
    }

    /// [`CustomFieldCatalog::find`], or the error that names what was asked for.
    fn find_named(&self, name: &str) -> Result<&CustomFieldDefinition, CustomFieldError> {
        self.find(name)
            .ok_or_else(|| CustomFieldError::UnknownName(name.to_owned()))
    }

    /// Reads a record's custom field value through its definition. `Ok(None)` for an unset
    /// value (`null` or absent).
    ///
    /// # Errors
    ///
    /// [`CustomFieldError`] when the definition is unknown, or the value does not fit it.
    ///
    /// ```
    /// use copper_lead::CustomFieldDefinitionId;
    /// use copper_lead::custom_field::{CustomFieldCatalog, CustomFieldValue, CustomValue};
    ///
    /// let catalog: CustomFieldCatalog = serde_json::from_str(
    ///     r#"[{"id": 4, "name": "Score", "data_type": "Percentage", "available_on": ["lead"]}]"#,
    /// )?;
    /// let value = CustomFieldValue::new(CustomFieldDefinitionId::new(4), 34);
    /// assert_eq!(catalog.read(&value)?, Some(CustomValue::Percentage(34)));
    /// let unset = CustomFieldValue::new(CustomFieldDefinitionId::new(4), serde_json::Value::Null);
    /// assert_eq!(catalog.read(&unset)?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(&self, value: &CustomFieldValue) -> Result<Option<CustomValue>, CustomFieldError> {
        let definition = self.definition_of(value)?;
        self.read_as(definition, value)
    }

    /// Reads `value` through `definition`; `Ok(None)` for an unset value.
    fn read_as(
        &self,
        definition: &CustomFieldDefinition,
        value: &CustomFieldValue,
    ) -> Result<Option<CustomValue>, CustomFieldError> {
        match value.value.value() {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(json) => value::read(definition, json, self.offset).map(Some),
        }
    }

    /// Encodes `input` for the field called `name` (or with that canonical name), resolving
    /// option names to ids. A date is written as `MM/DD/YYYY`, the form Copper documents for
    /// writing Date fields: Copper stores it as midnight in the account's own time zone,
    /// daylight saving time included, which a fixed offset here could not get right.
    ///
    /// ```
    /// use copper_lead::custom_field::{CustomFieldCatalog, CustomValue};
    ///
    /// let catalog: CustomFieldCatalog = serde_json::from_str::<CustomFieldCatalog>(
    ///     r#"[{"id": 9, "name": "Since", "data_type": "Date", "available_on": ["lead"]}]"#,
    /// )?
    /// .with_utc_offset(time::UtcOffset::from_hms(-8, 0, 0)?); // an account on US Pacific time
    /// let value = catalog.encode("Since", time::macros::date!(2020 - 12 - 15))?;
    /// assert_eq!(serde_json::to_string(&value)?,
    ///     r#"{"custom_field_definition_id":9,"value":"12/15/2020"}"#);
    /// // What Copper stores (midnight at UTC-8) reads back as the same date.
    /// let stored = copper_lead::custom_field::CustomFieldValue::new(value.custom_field_definition_id.value().copied().unwrap(), 1_608_019_200);
    /// assert_eq!(catalog.read(&stored)?, Some(CustomValue::Date(time::macros::date!(2020 - 12 - 15))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`CustomFieldError`] for an unknown field or option name, a value that does not fit
    /// the data type, or a data type this crate does not write.
    pub fn encode(
        &self,
        name: &str,
        input: impl Into<FieldInput>,
    ) -> Result<CustomFieldValue, CustomFieldError> {
        let definition = self.find_named(name)?;
        let id = definition
            .id
            .value()
            .copied()
            .ok_or_else(|| CustomFieldError::UnknownName(name.to_owned()))?;
        let json = value::encode(definition, &input.into())?;
        Ok(CustomFieldValue::new(id, json))
    }

    fn definition_of(
        &self,
        value: &CustomFieldValue,
    ) -> Result<&CustomFieldDefinition, CustomFieldError> {
        let id = value
            .custom_field_definition_id
            .value()
            .copied()
            .ok_or(CustomFieldError::MissingDefinitionId)?;
        self.get(id).ok_or(CustomFieldError::UnknownDefinition(id))
    }

    /// Checks one of a lead's values (at `/custom_fields/{index}`) against its definition.
    /// The caller has already reported a value without a definition id.
    #[cfg(feature = "validate")]
    pub(crate) fn check_lead_value(
        &self,
        value: &CustomFieldValue,
        index: usize,
        limits: &Limits,
        out: &mut Findings,
    ) {
        let entry = || JsonPointer::root().key("custom_fields").index(index);
        let at_value = || entry().key("value");
        let read = self.definition_of(value).and_then(|definition| {
            if definition.is_available_on(&EntityType::Lead) {
                self.read_as(definition, value)
            } else {
                Err(CustomFieldError::NotAvailable {
                    field: definition.label(),
                    entity: EntityType::Lead,
                })
            }
        });
        match read {
            Err(err) => out.push(err.finding(entry())),
            Ok(Some(CustomValue::String(text))) => {
                out.length(&text, limits.custom_string, at_value);
            }
            Ok(Some(CustomValue::Text(text))) => out.length(&text, limits.custom_text, at_value),
            Ok(Some(CustomValue::Url(url))) => out.url(&url, limits.url, at_value),
            Ok(_) => {}
        }
    }
}

impl<'de> Deserialize<'de> for CustomFieldCatalog {
    /// Reads the JSON array of `GET /custom_field_definitions` (dates at UTC), or a catalog as
    /// this crate writes it: `{"utc_offset": "-08:00", "definitions": [...]}`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CatalogVisitor)
    }
}

struct CatalogVisitor;

impl<'de> de::Visitor<'de> for CatalogVisitor {
    type Value = CustomFieldCatalog;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "custom field definitions: an array, or {\"utc_offset\": ..., \"definitions\": [...]}",
        )
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut definitions = Vec::new();
        while let Some(definition) = seq.next_element()? {
            definitions.push(definition);
        }
        Ok(CustomFieldCatalog::new(definitions))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut definitions: Option<Vec<CustomFieldDefinition>> = None;
        let mut offset = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "definitions" if definitions.is_none() => definitions = Some(map.next_value()?),
                "utc_offset" if offset.is_none() => {
                    let text: String = map.next_value()?;
                    offset = Some(parse_offset(&text).ok_or_else(|| {
                        de::Error::invalid_value(
                            de::Unexpected::Str(&text),
                            &"an offset like -08:00",
                        )
                    })?);
                }
                "definitions" | "utc_offset" => {
                    return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
                }
                _ => {
                    return Err(de::Error::unknown_field(
                        &key,
                        &["utc_offset", "definitions"],
                    ));
                }
            }
        }
        let definitions = definitions.ok_or_else(|| de::Error::missing_field("definitions"))?;
        Ok(CustomFieldCatalog::new(definitions).with_utc_offset(offset.unwrap_or(UtcOffset::UTC)))
    }
}

impl Serialize for CustomFieldCatalog {
    /// Writes `{"utc_offset": "-08:00", "definitions": [...]}`: the definitions as read, and
    /// the offset Date fields are read at, so that a cached catalog reads dates the same.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("utc_offset", &format_offset(self.offset))?;
        map.serialize_entry("definitions", &self.definitions)?;
        map.end()
    }
}

/// `+HH:MM`, or `+HH:MM:SS` for an offset with seconds.
fn format_offset(offset: UtcOffset) -> String {
    let sign = if offset.is_negative() { '-' } else { '+' };
    let (h, m, s) = offset.as_hms();
    let (h, m, s) = (h.unsigned_abs(), m.unsigned_abs(), s.unsigned_abs());
    if s == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    }
}

/// Reads what [`format_offset`] writes: a sign, then two-digit hours, minutes and optionally
/// seconds, separated by colons.
fn parse_offset(text: &str) -> Option<UtcOffset> {
    let (negative, rest) = match text.split_at_checked(1)? {
        ("+", rest) => (false, rest),
        ("-", rest) => (true, rest),
        _ => return None,
    };
    let mut parts = rest.split(':').map(|part| {
        (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i8>().ok())
            .flatten()
    });
    let hours = parts.next()??;
    let minutes = parts.next()??;
    let seconds = parts.next().unwrap_or(Some(0))?;
    if parts.next().is_some() {
        return None;
    }
    let sign = if negative { -1 } else { 1 };
    UtcOffset::from_hms(sign * hours, sign * minutes, sign * seconds).ok()
}

impl Lead {
    /// Reads the value of the custom field called `name` (or with that canonical name).
    /// `Ok(None)` when the lead has no value for it, or the value is `null`.
    ///
    /// # Errors
    ///
    /// [`CustomFieldError`] for an unknown name or a value that does not fit its definition.
    ///
    /// ```
    /// use copper_lead::Lead;
    /// use copper_lead::custom_field::{CustomFieldCatalog, CustomValue};
    ///
    /// let catalog: CustomFieldCatalog = serde_json::from_str(
    ///     r#"[{"id": 5, "name": "VIP", "data_type": "Checkbox", "available_on": ["lead"]}]"#,
    /// )?;
    /// let lead: Lead = serde_json::from_str(
    ///     r#"{"name": "Ada", "custom_fields": [{"custom_field_definition_id": 5, "value": true}]}"#,
    /// )?;
    /// assert_eq!(lead.custom_value(&catalog, "VIP")?, Some(CustomValue::Checkbox(true)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn custom_value(
        &self,
        catalog: &CustomFieldCatalog,
        name: &str,
    ) -> Result<Option<CustomValue>, CustomFieldError> {
        let definition = catalog.find_named(name)?;
        let id = definition.id.value();
        match self
            .custom_fields
            .items()
            .iter()
            .find(|v| id.is_some() && v.custom_field_definition_id.value() == id)
        {
            Some(value) => catalog.read(value),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{format_offset, parse_offset};
    use time::UtcOffset;

    #[test]
    fn offsets_are_written_and_read_back() {
        for (h, m, s, text) in [
            (-8, 0, 0, "-08:00"),
            (5, 30, 0, "+05:30"),
            (0, 0, 0, "+00:00"),
            (-3, -30, -15, "-03:30:15"),
        ] {
            let offset = UtcOffset::from_hms(h, m, s).unwrap();
            assert_eq!(format_offset(offset), text);
            assert_eq!(parse_offset(text), Some(offset));
        }
        for bad in [
            "",
            "08:00",
            "+8:00",
            "+08",
            "--8:00",
            "+08:00:00:00",
            "+08:60",
            "+99:00",
        ] {
            assert_eq!(parse_offset(bad), None, "{bad}");
        }
    }
}
