//! [`Field`]: a key that may be absent, `null`, or hold a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One key of a Copper record: absent, present as `null`, or present with a value.
///
/// Copper treats the three states differently: an update (`PUT`) applies only the keys that are
/// present, and a key sent as `null` clears the field. Responses also differ between API
/// versions (a key may be absent in one and `null` in another). Keeping the three states apart
/// is what lets a record re-serialize to exactly the JSON it was read from, and what an update
/// needs: **keep** (absent), **clear** (`null`), **set** (a value).
///
/// ```
/// use copper_lead::{Field, Lead};
///
/// let mut update = Lead::default();
/// update.title = Field::Value("CTO".to_owned());
/// update.details = Field::Null;
/// assert_eq!(serde_json::to_string(&update)?, r#"{"details":null,"title":"CTO"}"#);
///
/// let lead: Lead = serde_json::from_str(r#"{"name": "Ada", "title": null}"#)?;
/// assert_eq!(lead.name.as_deref(), Some("Ada"));
/// assert!(lead.title.is_null());
/// assert!(lead.details.is_absent());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # In your own structs
///
/// An absent key has no JSON form, so a `Field` that is [`Field::Absent`] refuses to serialize
/// on its own: rather than silently turning "keep" into "clear" (`null`), serialization fails
/// and says what to do. Give every `Field` in your own serde struct both attributes, so that a
/// missing key reads as absent and an absent one is left out:
///
/// ```
/// use copper_lead::Field;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Patch {
///     #[serde(default, skip_serializing_if = "Field::is_absent")]
///     title: Field<String>,
/// }
///
/// let keep = Patch { title: Field::Absent };
/// assert_eq!(serde_json::to_string(&keep)?, "{}");
/// let clear: Patch = serde_json::from_str(r#"{"title": null}"#)?;
/// assert!(clear.title.is_null());
///
/// // Without the attributes, an absent field is an error, never a silent clear.
/// #[derive(serde::Serialize)]
/// struct Careless {
///     title: Field<String>,
/// }
/// assert!(serde_json::to_string(&Careless { title: Field::Absent }).is_err());
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
    /// Set to the value if there is one, else keep (absent).
    ///
    /// ```
    /// use copper_lead::Field;
    ///
    /// assert_eq!(Field::set_or_keep(Some(3)), Field::Value(3));
    /// assert_eq!(Field::<u8>::set_or_keep(None), Field::Absent);
    /// ```
    #[must_use]
    pub fn set_or_keep(value: Option<T>) -> Self {
        value.map_or(Field::Absent, Field::Value)
    }

    /// Set to the value if there is one, else clear (`null`).
    ///
    /// ```
    /// use copper_lead::Field;
    ///
    /// assert_eq!(Field::set_or_clear(Some(3)), Field::Value(3));
    /// assert_eq!(Field::<u8>::set_or_clear(None), Field::Null);
    /// ```
    #[must_use]
    pub fn set_or_clear(value: Option<T>) -> Self {
        value.map_or(Field::Null, Field::Value)
    }

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

impl<T, const N: usize> From<[T; N]> for Field<Vec<T>> {
    /// Set to a list of these items.
    fn from(items: [T; N]) -> Self {
        Field::Value(items.into())
    }
}

impl From<&str> for Field<String> {
    /// Set to the text.
    fn from(value: &str) -> Self {
        Field::Value(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Field<T> {
    /// A value serializes as itself and `null` as `null`. An absent field has no JSON form and
    /// fails to serialize, instead of turning "keep" into "clear": skip it with
    /// `#[serde(default, skip_serializing_if = "Field::is_absent")]` (the crate's records do).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(value) => serializer.serialize_some(value),
            Field::Null => serializer.serialize_none(),
            Field::Absent => Err(serde::ser::Error::custom(
                "an absent Field has no JSON form (it means: keep the value); mark the struct \
                 field #[serde(default, skip_serializing_if = \"Field::is_absent\")]",
            )),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    /// `null` gives [`Field::Null`], anything else a value. A missing key never reaches a
    /// deserializer: mark the field `#[serde(default)]` to get [`Field::Absent`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Field::set_or_clear)
    }
}
