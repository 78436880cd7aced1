//! The lossless wire mechanism every record shares.
//!
//! Each record is declared once with [`wire_record!`], which generates the struct (every key a
//! [`Field`](crate::Field), plus `extra` for keys the crate does not model) and hand-written
//! `Deserialize`/`Serialize` impls. Hand-written visitors instead of `#[serde(flatten)]` keep
//! unknown keys without buffering the input (see `DESIGN.md`), and let every shape error name
//! its JSON Pointer in the error's own message, whatever entry point the caller used.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess};
use serde_json::{Map, Value, map::Entry};
use std::fmt::{self, Write as _};
use std::marker::PhantomData;

use crate::field::Field;
use crate::pointer::push_escaped;

/// How a value of a record's key is read. Lists read element by element so an error names the
/// element's index; every other type reads through its `Deserialize` impl.
///
/// Public in a private module: it seals [`Record`](crate::Record), which outside code may name
/// but not implement.
#[allow(unreachable_pub)]
pub trait FromWire: Sized {
    #[doc(hidden)]
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Implements [`FromWire`] through `Deserialize` for leaf types.
macro_rules! from_wire_via_deserialize {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::wire::FromWire for $ty {
            fn from_wire<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$ty as ::serde::Deserialize>::deserialize(deserializer)
            }
        }
    )*};
}
pub(crate) use from_wire_via_deserialize;

from_wire_via_deserialize!(String, bool, u64, i64, Value);

impl<T: FromWire> FromWire for Vec<T> {
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: FromWire> de::Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // The hint comes from the input: cap it so a lying length cannot reserve gigabytes.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            match seq.next_element_seed(WireSeed(PhantomData)) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(items),
                Err(err) => return Err(nest_index(items.len(), err)),
            }
        }
    }
}

/// Reads a `T` through [`FromWire`].
pub(crate) struct WireSeed<T>(pub(crate) PhantomData<T>);

impl<'de, T: FromWire> DeserializeSeed<'de> for WireSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::from_wire(deserializer)
    }
}

/// Reads a present key's value: `null` becomes [`Field::Null`], anything else a value.
pub(crate) struct FieldSeed<T>(PhantomData<T>);

impl<T> FieldSeed<T> {
    pub(crate) const fn new() -> Self {
        FieldSeed(PhantomData)
    }
}

impl<'de, T: FromWire> DeserializeSeed<'de> for FieldSeed<T> {
    type Value = Field<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Field<T>, D::Error> {
        deserializer.deserialize_option(FieldVisitor(PhantomData))
    }
}

struct FieldVisitor<T>(PhantomData<T>);

impl<'de, T: FromWire> de::Visitor<'de> for FieldVisitor<T> {
    type Value = Field<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Field<T>, E> {
        Ok(Field::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Field<T>, E> {
        Ok(Field::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Field<T>, D::Error> {
        T::from_wire(deserializer).map(Field::Value)
    }
}

/// Reads the value of a key the record does not model into `extra`.
pub(crate) fn insert_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Map<String, Value>,
    key: String,
) -> Result<(), A::Error> {
    let value = map
        .next_value::<Value>()
        .map_err(|err| nest_key(&key, err))?;
    match extra.entry(key) {
        Entry::Vacant(slot) => {
            slot.insert(value);
            Ok(())
        }
        Entry::Occupied(slot) => Err(duplicate_key(slot.key())),
    }
}

/// The error for a key that occurs twice in one object. Like serde's derive (and unlike
/// `serde_json::Value`, where the last one wins), duplicates are refused: two values for one
/// field are ambiguous, and keeping either would drop the other silently.
pub(crate) fn duplicate_key<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate field `{key}`"))
}

/// Prefixes a shape error with the object key it happened under (`/name: ...`).
pub(crate) fn nest_key<E: de::Error>(key: &str, err: E) -> E {
    nest(err, |path| push_escaped(path, key))
}

/// Prefixes a shape error with the array index it happened at (`/3: ...`).
pub(crate) fn nest_index<E: de::Error>(index: usize, err: E) -> E {
    nest(err, |path| {
        // Writing to a String cannot fail.
        let _ = write!(path, "{index}");
    })
}

/// The messages serde gives shape errors (the `de::Error` constructors), which this crate also
/// uses for its own. Anything else (syntax, end of input, I/O, recursion limit) passes through
/// unchanged, so `serde_json::Error::classify` still tells those apart.
const SHAPE_MESSAGES: [&str; 7] = [
    "invalid type: ",
    "invalid value: ",
    "invalid length ",
    "unknown variant ",
    "unknown field ",
    "missing field ",
    "duplicate field ",
];

fn nest<E: de::Error>(err: E, segment: impl FnOnce(&mut String)) -> E {
    let text = err.to_string();
    let message = strip_position(&text);
    let nested = message.starts_with('/');
    if !nested && !SHAPE_MESSAGES.iter().any(|m| message.starts_with(m)) {
        return err;
    }
    let mut out = String::with_capacity(message.len() + 16);
    out.push('/');
    segment(&mut out);
    if !nested {
        out.push_str(": ");
    }
    out.push_str(message);
    E::custom(out)
}

/// `text` without the ` at line L column C` that `serde_json` appends; the outermost error gets
/// it back, pointing at the same place, when it leaves the deserializer.
pub(crate) fn strip_position(text: &str) -> &str {
    let Some(at) = text.rfind(" at line ") else {
        return text;
    };
    let tail = text.get(at + " at line ".len()..).unwrap_or_default();
    let is_number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match tail.split_once(" column ") {
        Some((line, column)) if is_number(line) && is_number(column) => {
            text.get(..at).unwrap_or(text)
        }
        _ => text,
    }
}

/// Declares a Copper record: a struct whose every key is a [`Field`](crate::Field), with an
/// `extra` map for unknown keys, and lossless `Deserialize`/`Serialize` impls.
///
/// Fields serialize in declaration order (Copper's wire order), then `extra`.
macro_rules! wire_record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($what:literal) {
            $(
                $(#[$fmeta:meta])*
                $field:ident: $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: $crate::Field<$ty>,
            )*
            /// Keys this crate does not model, with their values, kept verbatim so that the
            /// record serializes back unchanged (Copper adds keys over time). It never holds a
            /// key that has its own field; don't insert one, or the output repeats the key.
            pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }

        impl $name {
            /// The keys this type models, in wire order (keys outside this list go to `extra`).
            pub const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];
        }

        impl $crate::wire::FromWire for $name {
            fn from_wire<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$name as ::serde::Deserialize>::deserialize(deserializer)
            }
        }

        impl $crate::parse::Record for $name {}

        const _: () = {
            use ::serde::de;

            #[allow(non_camel_case_types)]
            enum Key {
                $($field,)*
                Unknown(::std::string::String),
            }

            struct KeyVisitor;

            impl<'de> de::Visitor<'de> for KeyVisitor {
                type Value = Key;

                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("a key")
                }

                fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                    Ok(match key {
                        $(stringify!($field) => Key::$field,)*
                        other => Key::Unknown(other.to_owned()),
                    })
                }

                fn visit_string<E: de::Error>(self, key: ::std::string::String) -> Result<Key, E> {
                    Ok(match key.as_str() {
                        $(stringify!($field) => Key::$field,)*
                        _ => Key::Unknown(key),
                    })
                }
            }

            impl<'de> de::Deserialize<'de> for Key {
                fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
                    deserializer.deserialize_identifier(KeyVisitor)
                }
            }

            struct RecordVisitor;

            impl<'de> de::Visitor<'de> for RecordVisitor {
                type Value = $name;

                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(concat!($what, " object"))
                }

                fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                    let mut record = $name::default();
                    while let Some(key) = map.next_key::<Key>()? {
                        match key {
                            $(Key::$field => {
                                if !record.$field.is_absent() {
                                    return Err($crate::wire::duplicate_key(stringify!($field)));
                                }
                                record.$field = map
                                    .next_value_seed($crate::wire::FieldSeed::new())
                                    .map_err(|err| $crate::wire::nest_key(stringify!($field), err))?;
                            })*
                            Key::Unknown(key) => {
                                $crate::wire::insert_unknown(&mut map, &mut record.extra, key)?;
                            }
                        }
                    }
                    Ok(record)
                }
            }

            impl<'de> de::Deserialize<'de> for $name {
                /// Reads any JSON object: absent keys stay absent, `null` stays null, unknown
                /// keys go to `extra`. Fails only on a wrong shape (or a key given twice), and
                /// the message starts with the JSON Pointer of the offending value.
                fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                    deserializer.deserialize_map(RecordVisitor)
                }
            }

            impl ::serde::Serialize for $name {
                /// Writes the keys that are present (absent keys are left out), then `extra`.
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    use ::serde::ser::SerializeMap as _;
                    let len = 0 $(+ usize::from(!self.$field.is_absent()))* + self.extra.len();
                    let mut map = serializer.serialize_map(Some(len))?;
                    $(
                        if !self.$field.is_absent() {
                            map.serialize_entry(stringify!($field), &self.$field)?;
                        }
                    )*
                    for (key, value) in &self.extra {
                        map.serialize_entry(key, value)?;
                    }
                    map.end()
                }
            }
        };
    };
}
pub(crate) use wire_record;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_a_trailing_position() {
        assert_eq!(strip_position("bad at line 3 column 14"), "bad");
        assert_eq!(
            strip_position("bad at line x column 14"),
            "bad at line x column 14"
        );
        assert_eq!(strip_position("no position"), "no position");
    }

    #[test]
    fn nests_shape_errors_and_passes_syntax_errors() {
        let shape =
            <serde_json::Error as de::Error>::custom("invalid type: null, expected a string");
        assert_eq!(
            nest_key("a/b", nest_index(2, shape)).to_string(),
            "/a~1b/2: invalid type: null, expected a string"
        );
        let syntax = serde_json::from_str::<Value>("[").err();
        let syntax = syntax.map(|e| nest_key("x", e));
        assert!(syntax.is_some_and(|e| e.is_eof()));
    }
}
