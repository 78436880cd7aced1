//! [`wire_record!`]: a Copper record as a declaration.
//!
//! The macro is data only, as `http`'s `status_codes!` is: from a record's keys it emits the
//! struct (every key a [`Field`](crate::wire::field::Field), plus `extra` for keys the crate
//! does not model), the match arms that name each key, and `Serialize`. Reading is generic
//! code in [`crate::wire`] over [`Declared`](crate::wire::Declared), which the compiler checks
//! once, not in every expansion.

/// A record field's key on the wire: its name, or the name given after `as` (for a key that
/// is a Rust keyword, such as a webhook's `type`).
macro_rules! wire_key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $key:literal) => {
        $key
    };
}
pub(crate) use wire_key;

/// Whether every key is written with ASCII letters, digits and underscores only: then the
/// fast path's comparison of a key's bytes (`Cursor::eat_key`) reads exactly what a JSON
/// parser reads (no quote, backslash or control character to be read another way).
pub(crate) const fn plain_keys(keys: &[&str]) -> bool {
    let mut rest = keys;
    while let [key, tail @ ..] = rest {
        let mut bytes = key.as_bytes();
        while let [byte, more @ ..] = bytes {
            if !(byte.is_ascii_alphanumeric() || *byte == b'_') {
                return false;
            }
            bytes = more;
        }
        rest = tail;
    }
    true
}

/// Whether a mark of a key (or of a record, for its unknown keys) says it holds a secret.
macro_rules! is_secret {
    (secret) => {
        true
    };
    (secret_extra) => {
        true
    };
    ($other:ident) => {
        false
    };
}
pub(crate) use is_secret;

/// A value as a record's `Debug` shows it: itself, or `<hidden>` when it is a secret.
pub(crate) struct Shown<'a, T>(pub(crate) &'a T, pub(crate) bool);

impl<T: std::fmt::Debug> std::fmt::Debug for Shown<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.1 {
            f.write_str("<hidden>")
        } else {
            self.0.fmt(f)
        }
    }
}

/// Declares a Copper record: a struct whose every key is a [`Field`](crate::wire::field::Field),
/// with an `extra` map for unknown keys, and lossless `Deserialize`/`Serialize` impls.
///
/// Fields serialize in declaration order (Copper's wire order), then `extra`. A field declared
/// `kind as "type": T` has the key `type` on the wire (for keys that are Rust keywords). A
/// field may carry marks in brackets after its type (`id: LeadId [read_only],`): `[secret]`
/// hides its value from `Debug`; the record ignores the others, which macros that derive other
/// types from the same list of keys read. After the record's description, `[secret_extra]`
/// hides the values of its unknown keys from `Debug` (a webhook notification's secret pairs).
macro_rules! wire_record {
    // With `setters`: the record, and a chainable setter per key, named after it.
    (
        $(#[$meta:meta])*
        pub struct $name:ident($what:literal) $([$($flag:ident),*])? setters {
            $(
                $(#[$fmeta:meta])*
                $field:ident $(as $key:literal)?: $ty:ty $([$($mark:ident),*])?,
            )*
        }
    ) => {
        $crate::wire::record::wire_record! {
            $(#[$meta])*
            pub struct $name($what) $([$($flag),*])? {
                $(
                    $(#[$fmeta])*
                    $field $(as $key)?: $ty $([$($mark),*])?,
                )*
            }
        }

        impl $name {
            $(
                #[doc = concat!("With `", $crate::wire::record::wire_key!($field $(, $key)?), "` set: to a value, or to [`Field::Null`](crate::Field::Null) (clear it) or [`Field::Absent`](crate::Field::Absent) (keep it).")]
                #[must_use]
                pub fn $field(mut self, value: impl Into<$crate::wire::field::Field<$ty>>) -> Self {
                    self.$field = value.into();
                    self
                }
            )*
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident($what:literal) $([$($flag:ident),*])? {
            $(
                $(#[$fmeta:meta])*
                $field:ident $(as $key:literal)?: $ty:ty $([$($mark:ident),*])?,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: $crate::wire::field::Field<$ty>,
            )*
            /// Keys this crate does not model, with their values, kept verbatim so that the
            /// record serializes back unchanged (Copper adds keys over time). It never holds a
            /// key that has its own field.
            pub extra: $crate::wire::extra::Extra<$name>,
        }

        impl $name {
            /// The keys this type models, in wire order (keys outside this list go to `extra`).
            pub const KEYS: &'static [&'static str] = &[$($crate::wire::record::wire_key!($field $(, $key)?)),*];
        }

        const _: () = assert!($name::KEYS.len() <= $crate::wire::MAX_KEYS);
        const _: () = assert!(
            $crate::wire::record::plain_keys($name::KEYS),
            "a key is written with letters, digits and underscores only"
        );

        const _: () = {
            /// One of the record's keys. Public only because it is `Declared::Key` (a
            /// private type may not appear there); nothing outside this block can name it.
            #[expect(non_camel_case_types, unreachable_pub)]
            #[derive(Clone, Copy)]
            pub enum Key {
                $($field,)*
            }

            impl $crate::wire::Declared for $name {
                const WHAT: &'static str = $what;
                type Key = Key;
                const ALL: &'static [Key] = &[$(Key::$field),*];

                fn key(text: &str) -> Option<Key> {
                    match text {
                        $($crate::wire::record::wire_key!($field $(, $key)?) => Some(Key::$field),)*
                        _ => None,
                    }
                }

                fn name(key: Key) -> &'static str {
                    match key {
                        $(Key::$field => $crate::wire::record::wire_key!($field $(, $key)?),)*
                    }
                }

                fn position(key: Key) -> usize {
                    key as usize
                }

                fn read_key<'de, A: ::serde::de::MapAccess<'de>>(
                    &mut self,
                    key: Key,
                    map: &mut A,
                    depth: usize,
                ) -> Result<(), A::Error> {
                    match key {
                        $(Key::$field => map.next_value_seed(
                            $crate::wire::FieldPlaceSeed::new(depth, &mut self.$field),
                        ),)*
                    }
                }

                fn scan_key(&mut self, key: Key, cur: &mut $crate::wire::cursor::Cursor<'_>) -> Option<()> {
                    match key {
                        $(Key::$field => $crate::wire::scan_field(&mut self.$field, cur),)*
                    }
                }

                fn clear_key(&mut self, key: Key) {
                    match key {
                        $(Key::$field => self.$field = $crate::wire::field::Field::Absent,)*
                    }
                }

                fn unknown_keys(&mut self) -> &mut ::serde_json::Map<::std::string::String, ::serde_json::Value> {
                    self.extra.map_mut()
                }
            }

            impl $crate::wire::FromWire for $name {
                fn from_wire<'de, D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                    depth: usize,
                ) -> Result<Self, D::Error> {
                    $crate::wire::read_record(deserializer, depth)
                }

                fn from_wire_in_place<'de, D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                    depth: usize,
                    place: &mut Self,
                ) -> Result<(), D::Error> {
                    $crate::wire::read_record_in_place(deserializer, depth, place)
                }

                fn scan_new(cur: &mut $crate::wire::cursor::Cursor<'_>) -> Option<Self> {
                    let mut record = Self::default();
                    $crate::wire::scan_record(&mut record, cur)?;
                    Some(record)
                }

                fn scan_place(place: &mut Self, cur: &mut $crate::wire::cursor::Cursor<'_>) -> Option<()> {
                    $crate::wire::scan_record(place, cur)
                }
            }

            impl $crate::wire::Record for $name {
                const KEYS: &'static [&'static str] = $name::KEYS;
                const SECRET_EXTRA: bool = false $($(|| $crate::wire::record::is_secret!($flag))*)?;
            }

            impl ::std::fmt::Debug for $name {
                /// Every key, with `<hidden>` for the values of a secret (`Debug` output ends
                /// up in logs).
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(stringify!($name))
                        $(.field(
                            stringify!($field),
                            &$crate::wire::record::Shown(
                                &self.$field,
                                false $($(|| $crate::wire::record::is_secret!($mark))*)?,
                            ),
                        ))*
                        .field("extra", &self.extra)
                        .finish()
                }
            }

            impl<'de> ::serde::Deserialize<'de> for $name {
                /// Reads any JSON object: absent keys stay absent, `null` stays null, unknown
                /// keys go to `extra`. Fails only on a wrong shape (or a key given twice), and
                /// the message starts with the JSON Pointer of the offending value.
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                    $crate::wire::deserialize_record(deserializer)
                }
            }
        };

        impl ::serde::Serialize for $name {
            /// Writes the keys that are present (absent keys are left out), then `extra`.
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let len = 0 $(+ usize::from(!self.$field.is_absent()))* + self.extra.len();
                let mut map = serializer.serialize_map(Some(len))?;
                $(
                    if !self.$field.is_absent() {
                        map.serialize_entry($crate::wire::record::wire_key!($field $(, $key)?), &self.$field)?;
                    }
                )*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    };
}
pub(crate) use wire_record;

#[cfg(test)]
mod tests {
    use super::plain_keys;

    #[test]
    fn only_letters_digits_and_underscores_make_a_plain_key() {
        assert!(plain_keys(&["id", "first_name", "type", "x2"]));
        assert!(plain_keys(&[]));
        for key in ["a\"b", "a\\u0062", "a b", "a\nb", "é", "a-b", "a.b"] {
            assert!(!plain_keys(&["id", key]), "{key:?}");
        }
    }
}
