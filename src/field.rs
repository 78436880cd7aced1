//! [`Field`]: a key that may be absent, `null`, or hold a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One key of a Copper record: absent, present as `null`, or present with a value.
///
/// Copper treats the three states differently: an update (`PUT`) applies only the keys that are
/// present, and a key sent as `null` clears the field. Responses also differ between API
/// versions (a key may be absent in one and `null` in another). Keeping the three states apart
/// is what lets a record re-serialize to exactly the JSON it was read from.
///
/// The same three states are what an update (`PUT /leads/{id}`) needs: a [`Lead`](crate::Lead)
/// holding only the keys to change is the request body, with `Absent` keeping a field,
/// `Null` clearing it and `Value` setting it:
///
/// ```
/// use copper_lead::{Field, Lead};
///
/// let mut update = Lead::default();
/// update.title = Field::Value("CTO".to_owned()); // set
/// update.details = Field::Null; // clear
/// assert_eq!(serde_json::to_string(&update)?, r#"{"details":null,"title":"CTO"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Example
///
/// ```
/// use copper_lead::{Field, Lead};
///
/// let lead: Lead = serde_json::from_str(r#"{"name": "Ada", "title": null}"#)?;
/// assert_eq!(lead.name, Field::Value("Ada".to_owned()));
/// assert!(lead.title.is_null());
/// assert!(lead.details.is_absent());
/// assert_eq!(lead.name.as_deref(), Some("Ada"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Field<T> {
    /// The key is not in the JSON object.
    #[default]
    Absent,
    /// The key is present with the value `null`.
    Null,
    /// The key is present with a value.
    Value(T),
}

impl<T> Field<T> {
    /// Whether the key is absent.
    #[must_use]
    pub const fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// Whether the key is present as `null`.
    #[must_use]
    pub const fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// Whether the key holds a value.
    #[must_use]
    pub const fn is_value(&self) -> bool {
        matches!(self, Field::Value(_))
    }

    /// The value, if the key holds one.
    #[must_use]
    pub const fn value(&self) -> Option<&T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent | Field::Null => None,
        }
    }

    /// The value, mutably, if the key holds one.
    #[must_use]
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent | Field::Null => None,
        }
    }

    /// The value, if the key holds one, consuming the field.
    #[must_use]
    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent | Field::Null => None,
        }
    }

    /// A field borrowing this field's value, in the same state.
    #[must_use]
    pub const fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(value) => Field::Value(value),
        }
    }

    /// Maps the value, keeping the absent and null states.
    #[must_use]
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(value) => Field::Value(f(value)),
        }
    }

    /// The value dereferenced (`&str` for a `Field<String>`), if the key holds one.
    #[must_use]
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(std::ops::Deref::deref)
    }
}

impl<T> Field<Vec<T>> {
    /// The items of a list field; empty when the key is absent or `null`.
    #[must_use]
    pub fn items(&self) -> &[T] {
        self.value().map_or(&[], Vec::as_slice)
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl<T> From<Option<T>> for Field<T> {
    /// `None` becomes [`Field::Null`]: an explicit "no value".
    fn from(value: Option<T>) -> Self {
        value.map_or(Field::Null, Field::Value)
    }
}

impl<T: Serialize> Serialize for Field<T> {
    /// A value serializes as itself; absent and null both serialize as `null`. The records of
    /// this crate skip absent keys; do the same in your own structs with
    /// `#[serde(default, skip_serializing_if = "Field::is_absent")]`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(value) => serializer.serialize_some(value),
            Field::Absent | Field::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    /// `null` gives [`Field::Null`], anything else a value. A missing key never reaches a
    /// deserializer: mark the field `#[serde(default)]` to get [`Field::Absent`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Field::from)
    }
}
