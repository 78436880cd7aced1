//! Typed custom field values: [`CustomValue`] (read) and [`FieldInput`] (written).

use serde_json::{Number, Value};
use time::{Date, Month, UtcOffset};

use super::definition::{CustomFieldDataType, CustomFieldDefinition};
use crate::model::amount::{Amount, parse_decimal};
use crate::model::entity::EntityType;
use crate::model::id::{CustomFieldDefinitionId, CustomFieldOptionId};
#[cfg(feature = "validate")]
use crate::validate::finding::{Finding, FindingCode, Severity};
#[cfg(feature = "validate")]
use crate::wire::pointer::JsonPointer;
use crate::wire::quote::Quoted;
use std::fmt;

/// An option of a Dropdown or MultiSelect field, by id and name.
///
/// ```
/// use copper_lead::custom_field::{CustomFieldCatalog, CustomValue};
/// use copper_lead::custom_field::CustomFieldValue;
/// use copper_lead::CustomFieldDefinitionId;
///
/// let catalog: CustomFieldCatalog = serde_json::from_str(r#"[{"id": 7, "name": "Size",
///     "data_type": "MultiSelect", "available_on": ["lead"],
///     "options": [{"id": 70, "name": "Small"}, {"id": 71, "name": "Large"}]}]"#)?;
/// let value = CustomFieldValue::new(CustomFieldDefinitionId::new(7), serde_json::json!([71, 70]));
/// let Some(CustomValue::MultiSelect(choices)) = catalog.read(&value)? else { unreachable!() };
/// assert_eq!(choices.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Large", "Small"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct OptionChoice {
    /// The option id, as on the wire.
    pub id: CustomFieldOptionId,
    /// The option's name, from the definition.
    pub name: String,
}

/// A custom field value read through its definition.
///
/// ```
/// use copper_lead::Lead;
/// use copper_lead::custom_field::{CustomFieldCatalog, CustomValue};
///
/// let catalog: CustomFieldCatalog = serde_json::from_str(r#"[{"id": 7, "name": "Size",
///     "data_type": "Dropdown", "available_on": ["lead"],
///     "options": [{"id": 70, "name": "Small", "rank": 0}, {"id": 71, "name": "Large", "rank": 1}]}]"#)?;
/// let lead: Lead = serde_json::from_str(
///     r#"{"name": "Ada", "custom_fields": [{"custom_field_definition_id": 7, "value": 71}]}"#,
/// )?;
/// match lead.custom_value(&catalog, "size")? {
///     Some(CustomValue::Dropdown(choice)) => assert_eq!(choice.name, "Large"),
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CustomValue {
    /// A String (single-line text) field.
    String(String),
    /// A Text (multi-line) field.
    Text(String),
    /// A URL field, as stored (not checked here; validation checks it).
    Url(String),
    /// A Dropdown field: the chosen option.
    Dropdown(OptionChoice),
    /// A MultiSelect field: the chosen options, in wire order (the server may reorder them).
    MultiSelect(Vec<OptionChoice>),
    /// A Date field, as a calendar date in the catalog's time zone.
    Date(Date),
    /// A Checkbox field.
    Checkbox(bool),
    /// A Float field.
    Float(f64),
    /// A Currency field: the amount in its wire form, and the definition's currency.
    Currency {
        /// The amount.
        amount: Amount,
        /// The definition's currency code.
        currency: Option<String>,
    },
    /// A Percentage field: a whole number 0..=100.
    Percentage(u8),
    /// A Connect field: its links, as JSON.
    Connect(Vec<Value>),
    /// A field of a data type this crate does not know: the JSON value.
    Other(Value),
}

/// A value to write into a custom field, interpreted through the field's definition: text for
/// text and URL fields, an option name (or names) for Dropdown and MultiSelect, a date, a
/// boolean, a number.
///
/// Converts from `&str`, `String`, `Vec<&str>`, `[&str; N]`, [`time::Date`], `bool`, `f64`,
/// integers and [`Amount`].
///
/// ```
/// use copper_lead::custom_field::{CustomFieldCatalog, FieldInput};
///
/// let catalog: CustomFieldCatalog = serde_json::from_str(r#"[
///     {"id": 1, "name": "Since", "data_type": "Date", "available_on": ["lead"]},
///     {"id": 2, "name": "Budget", "data_type": "Currency", "available_on": ["lead"]},
///     {"id": 3, "name": "VIP", "data_type": "Checkbox", "available_on": ["lead"]}]"#)?;
/// for (name, input, wire) in [
///     ("Since", FieldInput::from("1/7/2021"), serde_json::json!("01/07/2021")),
///     ("Budget", FieldInput::from(2500), serde_json::json!(2500)),
///     ("VIP", FieldInput::from(true), serde_json::json!(true)),
/// ] {
///     assert_eq!(catalog.encode(name, input)?.value.value(), Some(&wire));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FieldInput {
    /// Clears the field (`null`).
    Null,
    /// Text, an option name, a URL, a `MM/DD/YYYY` date or a numeric string.
    Text(String),
    /// Option names for a MultiSelect field.
    Choices(Vec<String>),
    /// A calendar date.
    Date(Date),
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(Amount),
}

impl From<&str> for FieldInput {
    fn from(text: &str) -> Self {
        FieldInput::Text(text.to_owned())
    }
}

impl From<String> for FieldInput {
    fn from(text: String) -> Self {
        FieldInput::Text(text)
    }
}

impl From<Vec<&str>> for FieldInput {
    fn from(names: Vec<&str>) -> Self {
        FieldInput::Choices(names.into_iter().map(str::to_owned).collect())
    }
}

impl From<Vec<String>> for FieldInput {
    fn from(names: Vec<String>) -> Self {
        FieldInput::Choices(names)
    }
}

impl<const N: usize> From<[&str; N]> for FieldInput {
    fn from(names: [&str; N]) -> Self {
        FieldInput::Choices(names.iter().map(|n| (*n).to_owned()).collect())
    }
}

impl From<Date> for FieldInput {
    fn from(date: Date) -> Self {
        FieldInput::Date(date)
    }
}

impl From<bool> for FieldInput {
    fn from(value: bool) -> Self {
        FieldInput::Bool(value)
    }
}

impl From<Amount> for FieldInput {
    fn from(value: Amount) -> Self {
        FieldInput::Number(value)
    }
}

macro_rules! number_input {
    ($($ty:ty),*) => {$(
        impl From<$ty> for FieldInput {
            fn from(value: $ty) -> Self {
                FieldInput::Number(Amount::from(value))
            }
        }
    )*};
}
number_input!(i64, u64, i32, u32);

impl From<f64> for FieldInput {
    /// A number. JSON has no NaN or infinity: those become their text (`"NaN"`), which no
    /// number field accepts, so encoding reports them.
    fn from(value: f64) -> Self {
        match Amount::try_from(value) {
            Ok(amount) => FieldInput::Number(amount),
            Err(_) => FieldInput::Text(value.to_string()),
        }
    }
}

impl From<u8> for FieldInput {
    fn from(value: u8) -> Self {
        FieldInput::Number(Amount::from(u64::from(value)))
    }
}

/// Why a custom field value could not be read, written or found.
///
/// ```
/// use copper_lead::custom_field::{CustomFieldCatalog, CustomFieldError};
///
/// let catalog: CustomFieldCatalog = serde_json::from_str("[]")?;
/// let err = catalog.encode("Shoe Size", 42).unwrap_err();
/// assert_eq!(err, CustomFieldError::UnknownName("Shoe Size".into()));
/// assert_eq!(err.to_string(), "no custom field is named \"Shoe Size\"");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CustomFieldError {
    /// No definition has this name (or canonical name).
    #[error("no custom field is named {}", Quoted(.0))]
    UnknownName(String),
    /// A value without a `custom_field_definition_id`.
    #[error("the custom field value has no custom_field_definition_id")]
    MissingDefinitionId,
    /// No definition has this id.
    #[error("no custom field definition has the id {0}")]
    UnknownDefinition(CustomFieldDefinitionId),
    /// The definition is not available on the kind of record at hand.
    #[error("the custom field {} is not available on {entity} records", Quoted(.field))]
    NotAvailable {
        /// The field's name.
        field: String,
        /// The kind of record.
        entity: EntityType,
    },
    /// An option id or name the definition does not have.
    #[error("the custom field {} has no option {option}", Quoted(.field))]
    UnknownOption {
        /// The field's name.
        field: String,
        /// The option, by id (read) or by name (written).
        option: OptionRef,
        /// For a MultiSelect value, the index of the offending element.
        index: Option<usize>,
    },
    /// A value of the wrong type for the field.
    #[error(
        "the custom field {} is a {} field: expected {expected}, found {found}",
        Quoted(.field),
        type_name(.data_type.as_ref())
    )]
    WrongType {
        /// The field's name.
        field: String,
        /// Its data type (`None` for a definition without one).
        data_type: Option<CustomFieldDataType>,
        /// What fits.
        expected: &'static str,
        /// What was given.
        found: String,
        /// For a list value, the index of the offending element.
        index: Option<usize>,
    },
    /// A percentage that is fractional or outside 0..=100.
    #[error(
        "the custom field {} is a percentage: {value} is not a whole number from 0 to 100",
        Quoted(.field)
    )]
    Percentage {
        /// The field's name.
        field: String,
        /// The value given.
        value: String,
    },
    /// A data type whose values this crate does not write (Connect, unknown types).
    #[error(
        "the custom field {} is a {} field, which this crate does not write",
        Quoted(.field),
        type_name(.data_type.as_ref())
    )]
    NotWritable {
        /// The field's name.
        field: String,
        /// Its data type (`None` for a definition without one).
        data_type: Option<CustomFieldDataType>,
    },
}

/// An option of a Dropdown or MultiSelect field as an error names it: by id (a value read
/// from Copper) or by name (a value being written).
///
/// ```
/// use copper_lead::CustomFieldOptionId;
/// use copper_lead::custom_field::OptionRef;
///
/// assert_eq!(OptionRef::Id(CustomFieldOptionId::new(70)).to_string(), "70");
/// assert_eq!(OptionRef::Name("Huge".into()).to_string(), "\"Huge\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OptionRef {
    /// An option id.
    Id(CustomFieldOptionId),
    /// An option name, as given.
    Name(String),
}

impl fmt::Display for OptionRef {
    /// The id, or the name quoted (at most 64 characters).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionRef::Id(id) => fmt::Display::fmt(id, f),
            OptionRef::Name(name) => fmt::Display::fmt(&Quoted(name), f),
        }
    }
}

/// A data type's name for messages.
fn type_name(data_type: Option<&CustomFieldDataType>) -> &str {
    data_type.map_or("untyped", CustomFieldDataType::as_str)
}

impl CustomFieldError {
    /// The finding code of this error.
    #[cfg(feature = "validate")]
    pub(crate) fn code(&self) -> FindingCode {
        match self {
            CustomFieldError::UnknownName(_)
            | CustomFieldError::UnknownDefinition(_)
            | CustomFieldError::MissingDefinitionId => FindingCode::UnknownCustomField,
            CustomFieldError::NotAvailable { .. } => FindingCode::CustomFieldNotOnLeads,
            CustomFieldError::UnknownOption { .. } => FindingCode::UnknownOption,
            CustomFieldError::WrongType { .. } | CustomFieldError::NotWritable { .. } => {
                FindingCode::CustomFieldType
            }
            CustomFieldError::Percentage { .. } => FindingCode::PercentageOutOfRange,
        }
    }

    /// This error as a validation finding for the custom field entry at `entry`
    /// (`/custom_fields/N`): problems with the entry itself point at it, problems with its
    /// value at `/value` (or the list element, `/value/K`).
    #[cfg(feature = "validate")]
    pub(crate) fn finding(&self, entry: JsonPointer) -> Finding {
        // Where below the entry: nothing (the entry), `/value`, or `/value/K`.
        let below = match self {
            CustomFieldError::UnknownName(_)
            | CustomFieldError::UnknownDefinition(_)
            | CustomFieldError::MissingDefinitionId
            | CustomFieldError::NotAvailable { .. } => None,
            CustomFieldError::UnknownOption { index, .. }
            | CustomFieldError::WrongType { index, .. } => Some(*index),
            CustomFieldError::Percentage { .. } | CustomFieldError::NotWritable { .. } => {
                Some(None)
            }
        };
        let path = match below {
            None => entry,
            Some(None) => entry.key("value"),
            Some(Some(i)) => entry.key("value").index(i),
        };
        self.finding_at(path)
    }

    /// The error as a finding at exactly `path`.
    #[cfg(feature = "validate")]
    pub(crate) fn finding_at(&self, path: JsonPointer) -> Finding {
        Finding::new(path, self.code(), Severity::Error, self.to_string())
    }
}

/// Describes a JSON value's type for messages.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) if n.is_f64() => format!("the number {n}"),
        Value::Number(n) => format!("the integer {n}"),
        Value::String(s) => format!("the string {}", Quoted(s)),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// An [`Amount`] with the form of a JSON number (`None` for a number no `f64` holds).
pub(crate) fn amount_of(number: &Number) -> Option<Amount> {
    match (number.as_u64(), number.as_i64(), number.as_f64()) {
        (Some(v), _, _) => Some(Amount::from(v)),
        (None, Some(v), _) => Some(Amount::from(v)),
        (None, None, v) => v.and_then(|v| Amount::try_from(v).ok()),
    }
}

const SECONDS_PER_DAY: i64 = 86_400;
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

/// The calendar date of Copper's "midnight in the account's time zone" seconds, read at a
/// fixed UTC offset. Rounds to the nearest midnight, so a value stored under daylight saving
/// time (an hour off the fixed offset) still gives its date.
pub(crate) fn date_from_seconds(seconds: i64, offset: UtcOffset) -> Option<Date> {
    let local = seconds
        .checked_add(i64::from(offset.whole_seconds()))?
        .checked_add(SECONDS_PER_DAY / 2)?;
    let julian = i32::try_from(
        local
            .div_euclid(SECONDS_PER_DAY)
            .checked_add(UNIX_EPOCH_JULIAN_DAY)?,
    )
    .ok()?;
    Date::from_julian_day(julian).ok()
}

/// `date` as `MM/DD/YYYY`: the form Copper documents for writing a Date field, which it
/// stores as midnight in the account's own time zone (daylight saving time included). The
/// hull fixture sent `12/15/2020` and Copper stored `1608019200`, midnight at UTC-8.
pub(crate) fn us_date_text(date: Date) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        u8::from(date.month()),
        date.day(),
        date.year()
    )
}

/// Reads `MM/DD/YYYY` (month and day with or without a leading zero), as requests send dates.
pub(crate) fn parse_us_date(text: &str) -> Option<Date> {
    let mut parts = text.split('/');
    let (month, day, year) = (parts.next()?, parts.next()?, parts.next()?);
    let number = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
    };
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    let month = Month::try_from(u8::try_from(number(month, 2)?).ok()?).ok()?;
    let day = u8::try_from(number(day, 2)?).ok()?;
    Date::from_calendar_date(number(year, 4)?, month, day).ok()
}

/// Reads a non-null wire value through its definition.
pub(crate) fn read(
    definition: &CustomFieldDefinition,
    value: &Value,
    offset: UtcOffset,
) -> Result<CustomValue, CustomFieldError> {
    let field = || definition.label();
    let wrong =
        |expected: &'static str, found: &Value, index: Option<usize>| CustomFieldError::WrongType {
            field: field(),
            data_type: definition.data_type.value().cloned(),
            expected,
            found: describe(found),
            index,
        };
    let Some(data_type) = definition.data_type.value() else {
        return Ok(CustomValue::Other(value.clone()));
    };
    let text = |expected| {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| wrong(expected, value, None))
    };
    let choice = |element: &Value, index: Option<usize>| {
        let id = element
            .as_u64()
            .ok_or_else(|| wrong("an option id", element, index))?;
        let id = CustomFieldOptionId::new(id);
        let option =
            definition
                .option_by_id(id)
                .ok_or_else(|| CustomFieldError::UnknownOption {
                    field: field(),
                    option: OptionRef::Id(id),
                    index,
                })?;
        Ok(OptionChoice {
            id,
            name: option.name.as_deref().unwrap_or_default().to_owned(),
        })
    };
    Ok(match data_type {
        CustomFieldDataType::String => CustomValue::String(text("a string")?),
        CustomFieldDataType::Text => CustomValue::Text(text("a string")?),
        CustomFieldDataType::Url => CustomValue::Url(text("a string")?),
        CustomFieldDataType::Dropdown => CustomValue::Dropdown(choice(value, None)?),
        CustomFieldDataType::MultiSelect => {
            let items = value
                .as_array()
                .ok_or_else(|| wrong("an array of option ids", value, None))?;
            let choices = items
                .iter()
                .enumerate()
                .map(|(i, item)| choice(item, Some(i)))
                .collect::<Result<_, _>>()?;
            CustomValue::MultiSelect(choices)
        }
        CustomFieldDataType::Date => {
            let date = match value {
                Value::Number(n) => n.as_i64().and_then(|s| date_from_seconds(s, offset)),
                Value::String(s) => parse_us_date(s),
                _ => None,
            };
            CustomValue::Date(
                date.ok_or_else(|| wrong("Unix seconds or \"MM/DD/YYYY\"", value, None))?,
            )
        }
        CustomFieldDataType::Checkbox => CustomValue::Checkbox(
            value
                .as_bool()
                .ok_or_else(|| wrong("a boolean", value, None))?,
        ),
        CustomFieldDataType::Float => CustomValue::Float(
            value
                .as_f64()
                .ok_or_else(|| wrong("a number", value, None))?,
        ),
        CustomFieldDataType::Currency => {
            let amount = match value {
                Value::Number(n) => amount_of(n),
                Value::String(s) if parse_decimal(s).is_some() => Some(Amount::text(s.clone())),
                _ => None,
            };
            CustomValue::Currency {
                amount: amount.ok_or_else(|| wrong("a number or a numeric string", value, None))?,
                currency: definition.currency.value().cloned(),
            }
        }
        CustomFieldDataType::Percentage => {
            let Value::Number(n) = value else {
                return Err(wrong("a whole number from 0 to 100", value, None));
            };
            CustomValue::Percentage(percentage(n).ok_or_else(|| CustomFieldError::Percentage {
                field: field(),
                value: n.to_string(),
            })?)
        }
        CustomFieldDataType::Connect => {
            let items = value
                .as_array()
                .ok_or_else(|| wrong("an array", value, None))?;
            CustomValue::Connect(items.clone())
        }
        CustomFieldDataType::Unknown(_) => CustomValue::Other(value.clone()),
    })
}

/// A whole number 0..=100 (an integral float such as `34.0` counts).
fn percentage(n: &Number) -> Option<u8> {
    if let Some(v) = n.as_u64() {
        return u8::try_from(v).ok().filter(|v| *v <= 100);
    }
    let v = n.as_f64()?;
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // range checked first
    ((0.0..=100.0).contains(&v) && v.fract() == 0.0).then_some(v as u8)
}

/// Encodes an input for a field as Copper's wire value.
pub(crate) fn encode(
    definition: &CustomFieldDefinition,
    input: &FieldInput,
) -> Result<Value, CustomFieldError> {
    let field = || definition.label();
    let data_type = definition.data_type.value();
    let wrong = |expected: &'static str, found: &FieldInput| CustomFieldError::WrongType {
        field: field(),
        data_type: definition.data_type.value().cloned(),
        expected,
        found: describe_input(found),
        index: None,
    };
    let option_id = |name: &str, index: Option<usize>| {
        definition
            .option_by_name(name)
            .and_then(|o| o.id.value().copied())
            .map(|id| Value::from(id.get()))
            .ok_or_else(|| CustomFieldError::UnknownOption {
                field: field(),
                option: OptionRef::Name(name.to_owned()),
                index,
            })
    };
    let number = |amount: &Amount, input: &FieldInput| {
        amount
            .to_number()
            .and_then(|a| serde_json::to_value(a).ok())
            .ok_or_else(|| wrong("a finite number", input))
    };
    if *input == FieldInput::Null {
        return Ok(Value::Null);
    }
    match (data_type, input) {
        (
            Some(
                CustomFieldDataType::String | CustomFieldDataType::Text | CustomFieldDataType::Url,
            ),
            FieldInput::Text(text),
        ) => Ok(Value::String(text.clone())),
        (
            Some(
                CustomFieldDataType::String | CustomFieldDataType::Text | CustomFieldDataType::Url,
            ),
            _,
        ) => Err(wrong("text", input)),
        (Some(CustomFieldDataType::Dropdown), FieldInput::Text(name)) => option_id(name, None),
        (Some(CustomFieldDataType::Dropdown), _) => Err(wrong("an option name", input)),
        (Some(CustomFieldDataType::MultiSelect), FieldInput::Text(name)) => {
            Ok(Value::Array(vec![option_id(name, Some(0))?]))
        }
        (Some(CustomFieldDataType::MultiSelect), FieldInput::Choices(names)) => names
            .iter()
            .enumerate()
            .map(|(i, name)| option_id(name, Some(i)))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        (Some(CustomFieldDataType::MultiSelect), _) => Err(wrong("option names", input)),
        (Some(CustomFieldDataType::Date), FieldInput::Date(date)) => {
            Ok(Value::String(us_date_text(*date)))
        }
        (Some(CustomFieldDataType::Date), FieldInput::Text(text)) => parse_us_date(text)
            .map(|date| Value::String(us_date_text(date)))
            .ok_or_else(|| wrong("a date or \"MM/DD/YYYY\"", input)),
        (Some(CustomFieldDataType::Date), _) => Err(wrong("a date", input)),
        (Some(CustomFieldDataType::Checkbox), FieldInput::Bool(b)) => Ok(Value::Bool(*b)),
        (Some(CustomFieldDataType::Checkbox), _) => Err(wrong("a boolean", input)),
        (
            Some(CustomFieldDataType::Float | CustomFieldDataType::Currency),
            FieldInput::Number(amount),
        ) => number(amount, input),
        (
            Some(CustomFieldDataType::Float | CustomFieldDataType::Currency),
            FieldInput::Text(text),
        ) => number(&Amount::text(text.clone()), input),
        (Some(CustomFieldDataType::Float | CustomFieldDataType::Currency), _) => {
            Err(wrong("a number", input))
        }
        (Some(CustomFieldDataType::Percentage), FieldInput::Number(amount)) => {
            let value = number(amount, input)?;
            match value.as_number().and_then(percentage) {
                Some(p) => Ok(Value::from(p)),
                None => Err(CustomFieldError::Percentage {
                    field: field(),
                    value: amount.to_string(),
                }),
            }
        }
        (Some(CustomFieldDataType::Percentage), _) => {
            Err(wrong("a whole number from 0 to 100", input))
        }
        _ => Err(CustomFieldError::NotWritable {
            field: field(),
            data_type: definition.data_type.value().cloned(),
        }),
    }
}

fn describe_input(input: &FieldInput) -> String {
    match input {
        FieldInput::Null => "null".to_owned(),
        FieldInput::Text(text) => format!("the text {}", Quoted(text)),
        FieldInput::Choices(names) => format!("{} option names", names.len()),
        FieldInput::Date(date) => format!("the date {date}"),
        FieldInput::Bool(b) => format!("the boolean {b}"),
        FieldInput::Number(n) => format!("the number {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, offset};

    /// Midnight of `date` at `offset`, in Unix seconds: how Copper stores a Date value.
    fn seconds_from_date(date: Date, offset: UtcOffset) -> i64 {
        date.midnight().assume_offset(offset).unix_timestamp()
    }

    #[test]
    fn dates_are_written_as_copper_documents_them() {
        assert_eq!(us_date_text(date!(2020 - 12 - 15)), "12/15/2020");
        assert_eq!(us_date_text(date!(2020 - 01 - 07)), "01/07/2020");
        assert_eq!(
            parse_us_date(&us_date_text(date!(0999 - 03 - 04))),
            Some(date!(0999 - 03 - 04))
        );
    }

    #[test]
    fn dates_round_trip_at_any_offset_and_survive_dst() {
        // The fixture: 12/15/2020 sent, 1608019200 stored: midnight at UTC-8 (US Pacific).
        assert_eq!(
            seconds_from_date(date!(2020 - 12 - 15), offset!(-8)),
            1_608_019_200
        );
        assert_eq!(
            date_from_seconds(1_608_019_200, offset!(-8)),
            Some(date!(2020 - 12 - 15))
        );
        assert_eq!(parse_us_date("12/15/2020"), Some(date!(2020 - 12 - 15)));
        assert_eq!(parse_us_date("1/7/2020"), Some(date!(2020 - 01 - 07)));
        for bad in [
            "2020-12-15",
            "13/01/2020",
            "12/32/2020",
            "12/15/20",
            "1/2/3/4",
            "//",
        ] {
            assert_eq!(parse_us_date(bad), None, "{bad}");
        }
        let new_york = offset!(-5);
        let d = date!(2021 - 07 - 04);
        let stored = seconds_from_date(d, new_york);
        assert_eq!(date_from_seconds(stored, new_york), Some(d));
        // Stored under daylight saving time (UTC-4), read at the standard offset (UTC-5).
        assert_eq!(
            date_from_seconds(seconds_from_date(d, offset!(-4)), new_york),
            Some(d)
        );
        assert_eq!(date_from_seconds(i64::MAX, new_york), None);
    }
}
