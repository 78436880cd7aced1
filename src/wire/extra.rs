//! [`Extra`]: the keys a record does not model, kept verbatim.

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use crate::wire::Record;
use crate::wire::quote::Quoted;

/// The keys of record `R` that this crate does not model, with their values, kept verbatim so
/// that the record serializes back unchanged (Copper adds keys over time).
///
/// Read it as a `serde_json::Map` (it dereferences to one). Write it with
/// [`Extra::insert`], which refuses a key the record models: that key has its own field, and
/// writing it here too would put it twice in the JSON, which no reader can take.
///
/// ```
/// use copper_lead::Lead;
///
/// let mut lead: Lead = serde_json::from_str(r#"{"name": "Ada", "key_from_2030": 1}"#)?;
/// assert_eq!(lead.extra["key_from_2030"], 1);
/// assert!(lead.extra.insert("another_new_key", "x".into()).is_ok());
/// let err = lead.extra.insert("name", "Bob".into()).unwrap_err();
/// assert_eq!(err.to_string(), "the key \"name\" has a field of its own: set the field instead");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Extra<R> {
    map: Map<String, Value>,
    of: PhantomData<fn() -> R>,
}

/// The error for inserting a modelled key into [`Extra`].
///
/// ```
/// use copper_lead::Address;
///
/// let mut address = Address::new();
/// let err = address.extra.insert("city", "London".into()).unwrap_err();
/// assert_eq!(err.key(), "city");
/// let (key, value) = err.into_parts(); // handed back
/// address.city = copper_lead::Field::Value(value.as_str().unwrap_or_default().to_owned());
/// assert_eq!((key.as_str(), address.city.as_deref()), ("city", Some("London")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the key {} has a field of its own: set the field instead", Quoted(.key))]
pub struct ModelledKey {
    key: String,
    value: Value,
}

impl ModelledKey {
    /// The modelled key that was refused.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The key and the value, handed back.
    #[must_use]
    pub fn into_parts(self) -> (String, Value) {
        (self.key, self.value)
    }
}

impl<R: Record> Extra<R> {
    /// Adds or replaces an unknown key, returning the value it replaced.
    ///
    /// # Errors
    ///
    /// [`ModelledKey`] (with the key and value back) when `R` models the key.
    pub fn insert(
        &mut self,
        key: impl Into<String>,
        value: Value,
    ) -> Result<Option<Value>, ModelledKey> {
        let key = key.into();
        if R::KEYS.contains(&key.as_str()) {
            return Err(ModelledKey { key, value });
        }
        Ok(self.map.insert(key, value))
    }
}

impl<R> Extra<R> {
    /// Removes a key, returning its value.
    ///
    /// ```
    /// use copper_lead::Lead;
    ///
    /// let mut lead: Lead = serde_json::from_str(r#"{"name": "A", "x_seen": 1, "x_source": "fair"}"#)?;
    /// assert_eq!(lead.extra.remove("x_seen"), Some(1.into()));
    /// lead.extra.clear();
    /// assert_eq!(serde_json::to_string(&lead)?, r#"{"name":"A"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key)
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// The map, for the crate's readers, which only ever add keys the record does not model.
    pub(crate) fn map_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.map
    }
}

impl<R> Deref for Extra<R> {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        &self.map
    }
}

impl<R> Default for Extra<R> {
    fn default() -> Self {
        Extra {
            map: Map::new(),
            of: PhantomData,
        }
    }
}

impl<R> Clone for Extra<R> {
    fn clone(&self) -> Self {
        Extra {
            map: self.map.clone(),
            of: PhantomData,
        }
    }
}

impl<R> PartialEq for Extra<R> {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl<R: Record> fmt::Debug for Extra<R> {
    /// The keys and values, or only the keys for a record whose unknown keys are secrets (a
    /// webhook notification's secret pairs).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if R::SECRET_EXTRA {
            f.debug_map()
                .entries(self.map.keys().map(|key| (key, format_args!("<hidden>"))))
                .finish()
        } else {
            fmt::Debug::fmt(&self.map, f)
        }
    }
}

impl<R> Serialize for Extra<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.map.serialize(serializer)
    }
}

impl<R> IntoIterator for Extra<R> {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.map.into_iter()
    }
}

impl<'a, R> IntoIterator for &'a Extra<R> {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}
