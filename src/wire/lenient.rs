//! [`Lenient`]: a value whose shape Copper has never shown, read without failing.

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::wire::{self, FromWire};

/// The value of a key Copper has only ever been seen to send as `null` (a lead's
/// `converted_at`, `converted_contact_id`, `converted_opportunity_id`): the expected type when
/// the value has its shape, else the JSON exactly as sent.
///
/// A guess about an unseen shape must not make a whole lead unreadable: a value of another
/// shape is kept (and written back unchanged), and validation reports it
/// (`unexpected_shape`).
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::{Lead, Lenient, PersonId};
///
/// let lead: Lead = serde_json::from_str(r#"{"name": "A", "converted_contact_id": 27140359}"#)?;
/// assert_eq!(
///     lead.converted_contact_id.value().and_then(Lenient::typed),
///     Some(&PersonId::new(27140359))
/// );
///
/// let odd: Lead = serde_json::from_str(r#"{"name": "A", "converted_contact_id": "27140359"}"#)?;
/// assert_eq!(odd.converted_contact_id.value().and_then(Lenient::other), Some(&"27140359".into()));
/// let errors = odd.validate().unwrap_err();
/// assert_eq!(errors.iter().next().map(|f| f.code().as_str()), Some("unexpected_shape"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Lenient<T> {
    /// A value of the expected type.
    Typed(T),
    /// A value of another shape, as sent.
    Other(Value),
}

impl<T> Lenient<T> {
    /// The value, if it has the expected type.
    #[must_use]
    pub fn typed(&self) -> Option<&T> {
        match self {
            Lenient::Typed(value) => Some(value),
            Lenient::Other(_) => None,
        }
    }

    /// The JSON as sent, if it does not have the expected type.
    #[must_use]
    pub fn other(&self) -> Option<&Value> {
        match self {
            Lenient::Typed(_) => None,
            Lenient::Other(value) => Some(value),
        }
    }
}

impl<T> From<T> for Lenient<T> {
    fn from(value: T) -> Self {
        Lenient::Typed(value)
    }
}

impl<T: FromWire> FromWire for Lenient<T> {
    fn from_wire<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        depth: usize,
    ) -> Result<Self, D::Error> {
        // Read whatever is there (still refusing broken JSON, duplicate keys and depth), then
        // try the expected type on it.
        let value = Value::from_wire(deserializer, depth)?;
        if let Ok(typed) = T::from_wire(&value, depth) {
            Ok(Lenient::Typed(typed))
        } else {
            // The attempt's shape error is answered here: clear its note.
            let _ = wire::take();
            Ok(Lenient::Other(value))
        }
    }
}

impl<T: Serialize> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Lenient::Typed(value) => value.serialize(serializer),
            Lenient::Other(value) => value.serialize(serializer),
        }
    }
}
