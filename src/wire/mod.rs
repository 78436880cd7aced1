//! The lossless wire mechanism every record shares.
//!
//! Each record is declared once with `wire_record!` (`record.rs`), which generates the struct (every key a
//! [`Field`], plus `extra` for keys the crate does not model) and hand-written
//! `Deserialize`/`Serialize` impls. Hand-written visitors instead of `#[serde(flatten)]` keep
//! unknown keys without buffering the input (see `DESIGN.md`).
//!
//! # Where a shape error happened
//!
//! Every shape error (a wrong JSON type, an id out of range, a key given twice) is created by
//! one of this module's visitors, never by the JSON reader: leaves are read with
//! `deserialize_any` through [`Leaf`], records and lists through [`object`] and [`array()`]. The
//! visitor that creates one notes it in a per-thread slot; each enclosing visitor adds its key
//! or array index to the slot as the error passes through ([`nest_key`], [`nest_index`]),
//! which costs nothing while reading succeeds. The outermost `Deserialize` impl then writes the
//! message once, prefixed with the JSON Pointer (`/phone_numbers/1/number: invalid type: ...`),
//! and [`crate::from_slice`] takes the pointer and message apart from the slot. Errors the slot
//! does not hold (syntax, end of input, I/O) pass through untouched, so `serde_json`'s
//! `classify` and `is_eof` keep working. No message text is parsed to find a path.
//!
//! Unknown values are read by a strict visitor of this module rather than `serde_json::Value`'s
//! own, so that a key given twice is refused at every depth, and nesting is limited to
//! [`MAX_DEPTH`] whatever the input (`serde_json`'s reader has that limit; its `Value` does
//! not).

pub(crate) mod case;
pub(crate) mod cursor;
pub(crate) mod extra;
pub(crate) mod field;
pub(crate) mod lenient;
pub(crate) mod open_enum;
pub(crate) mod parse;
pub(crate) mod pointer;
pub(crate) mod quote;
pub(crate) mod record;
pub(crate) mod words;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected};
use serde_json::{Map, Number, Value, map::Entry};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;

use crate::wire::cursor::{Cursor, Scalar};
use crate::wire::field::Field;
use crate::wire::pointer::JsonPointer;
use crate::wire::quote::{Quoted, head};

/// The most containers (objects and arrays) a value may be nested in: 127, so the 128th level
/// is an error, exactly where `serde_json`'s reader stops. Applied to `serde_json::Value` input
/// too, which has no limit of its own.
pub(crate) const MAX_DEPTH: usize = 127;

/// How a value of a record's key is read, `depth` containers deep. Lists read element by
/// element so an error names the element's index; leaves read through [`Leaf`].
///
/// Public in a private module: it seals [`Record`], which outside code may name
/// but not implement.
pub trait FromWire: Sized {
    #[doc(hidden)]
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        depth: usize,
    ) -> Result<Self, D::Error>;

    /// Reads into `place`, reusing what it owns (strings' and lists' buffers) where the type
    /// can; the result equals [`FromWire::from_wire`]'s. On an error `place` holds a valid
    /// but unspecified value.
    #[doc(hidden)]
    fn from_wire_in_place<'de, D: Deserializer<'de>>(
        deserializer: D,
        depth: usize,
        place: &mut Self,
    ) -> Result<(), D::Error> {
        *place = Self::from_wire(deserializer, depth)?;
        Ok(())
    }

    /// The fast path ("The fast path" below): the value read straight from the text, or `None` to leave
    /// it to [`FromWire::from_wire`] (the default: types without a fast path).
    #[doc(hidden)]
    fn scan_new(cur: &mut Cursor<'_>) -> Option<Self> {
        let _ = cur;
        None
    }

    /// The fast path over `place`, reusing what it owns; `None` leaves the record to the
    /// serde path, which reads it again whole.
    #[doc(hidden)]
    fn scan_place(place: &mut Self, cur: &mut Cursor<'_>) -> Option<()> {
        *place = Self::scan_new(cur)?;
        Some(())
    }
}

/// A JSON document this crate reads and writes losslessly: a record ([`Lead`](crate::Lead),
/// [`Address`](crate::Address), ...) or a list of them (a search response).
///
/// Sealed: implemented by this crate's records and `Vec`s of them.
///
/// ```
/// use copper_lead::{Lead, Opportunity, Record};
///
/// fn read_all<T: Record>(text: &str) -> Result<T, copper_lead::ParseError> {
///     copper_lead::from_str(text)
/// }
/// let leads: Vec<Lead> = read_all(r#"[{"name": "a"}]"#)?;
/// let opportunity: Opportunity = read_all(r#"{"name": "Deal"}"#)?;
/// assert_eq!((leads.len(), opportunity.name.as_deref()), (1, Some("Deal")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Record: FromWire + serde::Serialize {
    /// The keys a record models (none for a list).
    #[doc(hidden)]
    const KEYS: &'static [&'static str] = &[];
    /// Whether the values of its unknown keys are secrets, hidden from `Debug`.
    #[doc(hidden)]
    const SECRET_EXTRA: bool = false;
}

impl<T: Record> Record for Vec<T> {}

/// Any JSON, read as strictly as a record: a key given twice is refused at any depth, and
/// nesting stops at 127 levels.
impl Record for serde_json::Value {}

/// Why a [`Leaf`] refused a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reject {
    /// A JSON type the leaf does not take (`invalid type: ...`).
    Type,
    /// The right JSON type, but a value out of range (`invalid value: ...`).
    Value,
}

/// A value read from one JSON scalar: text, a number or a boolean. Each method takes one kind
/// of JSON scalar; the defaults refuse it. [`LeafVisitor`] calls them and turns a refusal into
/// the shape error, quoting the input at most [`crate::wire::quote::ECHO_LIMIT`] characters long.
pub(crate) trait Leaf: Sized {
    /// What the leaf expects, for messages: `a string`, `a lead id (a non-negative integer)`.
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result;

    fn boolean(_value: bool) -> Result<Self, Reject> {
        Err(Reject::Type)
    }

    fn unsigned(_value: u64) -> Result<Self, Reject> {
        Err(Reject::Type)
    }

    fn signed(_value: i64) -> Result<Self, Reject> {
        Err(Reject::Type)
    }

    fn float(_value: f64) -> Result<Self, Reject> {
        Err(Reject::Type)
    }

    fn text(_value: &str) -> Result<Self, Reject> {
        Err(Reject::Type)
    }

    /// Text written over an existing value (a `String` keeps its buffer).
    fn text_into(place: &mut Self, value: &str) -> Result<(), Reject> {
        *place = Self::text(value)?;
        Ok(())
    }

    /// Owned text (from a `serde_json::Value`); hands the text back when refused.
    fn owned_text(value: String) -> Result<Self, (Reject, String)> {
        match Self::text(&value) {
            Ok(leaf) => Ok(leaf),
            Err(reject) => Err((reject, value)),
        }
    }

    /// A number as text: how `serde_json` with its `arbitrary_precision` feature (switched on
    /// by any crate in the build) hands over floats and integers beyond 64 bits.
    fn number_text(text: &str) -> Result<Self, Reject> {
        if let Ok(value) = text.parse::<u64>() {
            return Self::unsigned(value);
        }
        if let Ok(value) = text.parse::<i64>() {
            return Self::signed(value);
        }
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Self::float(value),
            _ => Err(Reject::Type),
        }
    }
}

/// Implements [`FromWire`] (and, for the crate's own types, `Deserialize`) through [`Leaf`].
macro_rules! wire_leaf {
    ($($ty:ty),* $(,)?) => {$(
        $crate::wire::from_wire_via_leaf!($ty);

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$ty as $crate::wire::FromWire>::from_wire(deserializer, 0)
                    .map_err($crate::wire::finish)
            }
        }
    )*};
}
pub(crate) use wire_leaf;

/// Implements [`FromWire`] through [`Leaf`] only (for std types).
macro_rules! from_wire_via_leaf {
    ($ty:ty) => {
        impl $crate::wire::FromWire for $ty {
            fn from_wire<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
                _depth: usize,
            ) -> Result<Self, D::Error> {
                deserializer.deserialize_any($crate::wire::LeafVisitor::<$ty>::new())
            }

            fn from_wire_in_place<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
                _depth: usize,
                place: &mut Self,
            ) -> Result<(), D::Error> {
                deserializer.deserialize_any($crate::wire::LeafPlace(place))
            }

            fn scan_new(cur: &mut $crate::wire::cursor::Cursor<'_>) -> Option<Self> {
                $crate::wire::scan_leaf(cur)
            }

            fn scan_place(
                place: &mut Self,
                cur: &mut $crate::wire::cursor::Cursor<'_>,
            ) -> Option<()> {
                $crate::wire::scan_leaf_in_place(place, cur)
            }
        }
    };
}
pub(crate) use from_wire_via_leaf;

impl Leaf for String {
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn text(value: &str) -> Result<Self, Reject> {
        Ok(value.to_owned())
    }

    fn text_into(place: &mut Self, value: &str) -> Result<(), Reject> {
        place.clear();
        place.push_str(value);
        Ok(())
    }

    fn owned_text(value: String) -> Result<Self, (Reject, String)> {
        Ok(value)
    }
}

impl Leaf for bool {
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }

    fn boolean(value: bool) -> Result<Self, Reject> {
        Ok(value)
    }
}

impl Leaf for u64 {
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer")
    }

    fn unsigned(value: u64) -> Result<Self, Reject> {
        Ok(value)
    }

    fn signed(value: i64) -> Result<Self, Reject> {
        u64::try_from(value).map_err(|_| Reject::Value)
    }
}

impl Leaf for i64 {
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn unsigned(value: u64) -> Result<Self, Reject> {
        i64::try_from(value).map_err(|_| Reject::Value)
    }

    fn signed(value: i64) -> Result<Self, Reject> {
        Ok(value)
    }
}

from_wire_via_leaf!(String);
from_wire_via_leaf!(bool);
from_wire_via_leaf!(u64);
from_wire_via_leaf!(i64);

/// Reads a [`Leaf`] from any JSON value, creating (and noting) the shape error itself.
pub(crate) struct LeafVisitor<T>(PhantomData<fn() -> T>);

impl<T> LeafVisitor<T> {
    pub(crate) const fn new() -> Self {
        LeafVisitor(PhantomData)
    }
}

impl<T: Leaf> LeafVisitor<T> {
    fn refuse<E: de::Error>(&self, reject: Reject, unexpected: Unexpected<'_>) -> E {
        shape(match reject {
            Reject::Type => E::invalid_type(unexpected, self),
            Reject::Value => E::invalid_value(unexpected, self),
        })
    }

    fn refuse_text<E: de::Error>(&self, reject: Reject, text: &str) -> E {
        match head(text) {
            (_, false) => self.refuse(reject, Unexpected::Str(text)),
            (_, true) => self.refuse(
                reject,
                Unexpected::Other(&format!("string {}", Quoted(text))),
            ),
        }
    }
}

impl<'de, T: Leaf> de::Visitor<'de> for LeafVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        T::boolean(v).map_err(|r| self.refuse(r, Unexpected::Bool(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::unsigned(v).map_err(|r| self.refuse(r, Unexpected::Unsigned(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::signed(v).map_err(|r| self.refuse(r, Unexpected::Signed(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        T::float(v).map_err(|r| self.refuse(r, Unexpected::Float(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::text(v).map_err(|r| self.refuse_text(r, v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        T::owned_text(v).map_err(|(r, v)| self.refuse_text(r, &v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Err(self.refuse(Reject::Type, Unexpected::Unit))
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        Err(self.refuse(Reject::Type, Unexpected::Unit))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<T, A::Error> {
        Err(self.refuse(Reject::Type, Unexpected::Seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        match number_text(&mut map)? {
            Some(text) => T::number_text(&text).map_err(|r| {
                let shown = text.parse::<f64>().ok().filter(|v| v.is_finite());
                self.refuse(
                    r,
                    shown.map_or(Unexpected::Other("number"), Unexpected::Float),
                )
            }),
            None => Err(self.refuse(Reject::Type, Unexpected::Map)),
        }
    }
}

/// Reads a [`Leaf`] over an existing value: text through [`Leaf::text_into`], anything else
/// as [`LeafVisitor`] reads it (errors included).
pub(crate) struct LeafPlace<'a, T>(pub(crate) &'a mut T);

impl<'de, T: Leaf> de::Visitor<'de> for LeafPlace<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        *self.0 = LeafVisitor::<T>::new().visit_bool(v)?;
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        *self.0 = LeafVisitor::<T>::new().visit_u64(v)?;
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        *self.0 = LeafVisitor::<T>::new().visit_i64(v)?;
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        *self.0 = LeafVisitor::<T>::new().visit_f64(v)?;
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        T::text_into(self.0, v).map_err(|r| LeafVisitor::<T>::new().refuse_text(r, v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        *self.0 = LeafVisitor::<T>::new().visit_string(v)?;
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        LeafVisitor::<T>::new().visit_unit().map(|_| ())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        LeafVisitor::<T>::new().visit_none().map(|_| ())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        LeafVisitor::<T>::new().visit_seq(seq).map(|_| ())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        *self.0 = LeafVisitor::<T>::new().visit_map(map)?;
        Ok(())
    }
}

/// The key `serde_json` uses for a number in its `arbitrary_precision` form.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Whether `serde_json`'s `arbitrary_precision` feature is on in this build (some crate in the
/// dependency graph may switch it on): then floats reach visitors as a one-key map.
pub(crate) fn arbitrary_precision() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        serde_json::from_str::<Number>("0.10").is_ok_and(|n| n.to_string() == "0.10")
    })
}

/// Whether an object key is `arbitrary_precision`'s number key, so the "object" is a number.
pub(crate) fn is_number_token(key: &str) -> bool {
    key == NUMBER_TOKEN && arbitrary_precision()
}

/// If `map` is `arbitrary_precision`'s form of a number, its text. Consumes the first key.
fn number_text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    if !arbitrary_precision() {
        return Ok(None);
    }
    match map.next_key::<String>()? {
        Some(key) if key == NUMBER_TOKEN => map.next_value::<String>().map(Some),
        _ => Ok(None),
    }
}

/// What a container visitor takes: an object, an array, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Object,
    Array,
    #[cfg(feature = "convert")]
    Either,
}

impl Want {
    fn takes_array(self) -> bool {
        match self {
            Want::Array => true,
            #[cfg(feature = "convert")]
            Want::Either => true,
            Want::Object => false,
        }
    }

    fn takes_object(self) -> bool {
        match self {
            Want::Object => true,
            #[cfg(feature = "convert")]
            Want::Either => true,
            Want::Array => false,
        }
    }
}

/// A record or list visitor behind a guard that turns every other JSON type into a noted
/// shape error (`invalid type: string "x", expected an address object`). For the outermost
/// value of a public `Deserialize` impl it also [finishes](finish) the error, inside the
/// reader's call, so that the reader still gives the rewritten error its position.
struct Only<V> {
    visitor: V,
    want: Want,
    outermost: bool,
}

/// Reads a JSON object with `visitor` (a record's); any other JSON type is a shape error.
pub(crate) fn object<'de, D: Deserializer<'de>, V: de::Visitor<'de>>(
    deserializer: D,
    visitor: V,
) -> Result<V::Value, D::Error> {
    deserializer.deserialize_any(Only {
        visitor,
        want: Want::Object,
        outermost: false,
    })
}

/// [`object`] for a public `Deserialize` impl: errors leave with their path in the message.
pub(crate) fn outermost_object<'de, D: Deserializer<'de>, V: de::Visitor<'de>>(
    deserializer: D,
    visitor: V,
) -> Result<V::Value, D::Error> {
    deserializer.deserialize_any(Only {
        visitor,
        want: Want::Object,
        outermost: true,
    })
}

/// Reads a JSON object or array with `visitor` (a value that is a record or a list of them);
/// any other JSON type is a shape error.
#[cfg(feature = "convert")]
pub(crate) fn object_or_array<'de, D: Deserializer<'de>, V: de::Visitor<'de>>(
    deserializer: D,
    visitor: V,
) -> Result<V::Value, D::Error> {
    deserializer.deserialize_any(Only {
        visitor,
        want: Want::Either,
        outermost: false,
    })
}

/// Reads a JSON array with `visitor` (a list's); any other JSON type is a shape error.
fn array<'de, D: Deserializer<'de>, V: de::Visitor<'de>>(
    deserializer: D,
    visitor: V,
) -> Result<V::Value, D::Error> {
    deserializer.deserialize_any(Only {
        visitor,
        want: Want::Array,
        outermost: false,
    })
}

impl<'de, V: de::Visitor<'de>> Only<V> {
    fn refuse<E: de::Error>(&self, unexpected: Unexpected<'_>) -> E {
        self.done(shape(E::invalid_type(unexpected, self)))
    }

    fn done<E: de::Error>(&self, err: E) -> E {
        if self.outermost { finish(err) } else { err }
    }
}

impl<'de, V: de::Visitor<'de>> de::Visitor<'de> for Only<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        Err(self.refuse(Unexpected::Bool(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        Err(self.refuse(Unexpected::Unsigned(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        Err(self.refuse(Unexpected::Signed(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        Err(self.refuse(Unexpected::Float(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        Err(match head(v) {
            (_, false) => self.refuse(Unexpected::Str(v)),
            (_, true) => self.refuse(Unexpected::Other(&format!("string {}", Quoted(v)))),
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        Err(self.refuse(Unexpected::Unit))
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        Err(self.refuse(Unexpected::Unit))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        if !self.want.takes_array() {
            return Err(self.refuse(Unexpected::Seq));
        }
        let outermost = self.outermost;
        self.visitor
            .visit_seq(seq)
            .map_err(|err| if outermost { finish(err) } else { err })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<V::Value, A::Error> {
        if self.want.takes_object() {
            // A record's visitor refuses `arbitrary_precision`'s number key itself.
            let outermost = self.outermost;
            return self
                .visitor
                .visit_map(map)
                .map_err(|err| if outermost { finish(err) } else { err });
        }
        let unexpected = match number_text(&mut map) {
            Ok(Some(_)) => Unexpected::Other("number"),
            Ok(None) => Unexpected::Map,
            Err(err) => return Err(self.done(err)),
        };
        Err(self.refuse(unexpected))
    }
}

impl<T: FromWire> FromWire for Vec<T> {
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        depth: usize,
    ) -> Result<Self, D::Error> {
        // A fresh list is one read over an empty list: one reader for both.
        let mut items = Vec::new();
        array(deserializer, ListPlace(depth, &mut items))?;
        Ok(items)
    }

    fn from_wire_in_place<'de, D: Deserializer<'de>>(
        deserializer: D,
        depth: usize,
        place: &mut Self,
    ) -> Result<(), D::Error> {
        array(deserializer, ListPlace(depth, place))
    }

    fn scan_new(cur: &mut Cursor<'_>) -> Option<Self> {
        let mut items = Vec::new();
        scan_list(&mut items, cur)?;
        Some(items)
    }

    fn scan_place(place: &mut Self, cur: &mut Cursor<'_>) -> Option<()> {
        scan_list(place, cur)
    }
}

/// Reads a list over an existing one: its items are read in place, extra items dropped.
struct ListPlace<'a, T>(usize, &'a mut Vec<T>);

impl<'de, T: FromWire> de::Visitor<'de> for ListPlace<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let depth = enter::<A::Error>(self.0)?;
        let items = self.1;
        // The hint comes from the input: cap it so a lying length cannot reserve gigabytes.
        let hint = seq.size_hint().unwrap_or(0).min(1024);
        items.reserve(hint.saturating_sub(items.len()));
        let mut count = 0;
        loop {
            let read = match items.get_mut(count) {
                Some(item) => seq
                    .next_element_seed(PlaceSeed::new(depth, item))
                    .map(|done| done.is_some()),
                None => seq
                    .next_element_seed(WireSeed::new(depth))
                    .map(|item| match item {
                        Some(item) => {
                            items.push(item);
                            true
                        }
                        None => false,
                    }),
            };
            match read {
                Ok(true) => count += 1,
                Ok(false) => {
                    items.truncate(count);
                    return Ok(());
                }
                Err(err) => {
                    items.truncate(count);
                    return Err(nest_index(count, err));
                }
            }
        }
    }
}

/// Reads a `T` over an existing value through [`FromWire::from_wire_in_place`].
pub(crate) struct PlaceSeed<'a, T>(usize, &'a mut T);

impl<'a, T> PlaceSeed<'a, T> {
    pub(crate) fn new(depth: usize, place: &'a mut T) -> Self {
        PlaceSeed(depth, place)
    }
}

impl<'de, T: FromWire> DeserializeSeed<'de> for PlaceSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::from_wire_in_place(deserializer, self.0, self.1)
    }
}

/// Reads a present key's value over an existing field: `null` becomes [`Field::Null`], a
/// value is read in place when the field holds one.
pub(crate) struct FieldPlaceSeed<'a, T>(usize, &'a mut Field<T>);

impl<'a, T> FieldPlaceSeed<'a, T> {
    pub(crate) fn new(depth: usize, place: &'a mut Field<T>) -> Self {
        FieldPlaceSeed(depth, place)
    }
}

impl<'de, T: FromWire> DeserializeSeed<'de> for FieldPlaceSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: FromWire> de::Visitor<'de> for FieldPlaceSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.1 = Field::Null;
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        *self.1 = Field::Null;
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.1 {
            Field::Value(value) => T::from_wire_in_place(deserializer, self.0, value),
            field => {
                *field = Field::Value(T::from_wire(deserializer, self.0)?);
                Ok(())
            }
        }
    }
}

impl<T: FromWire> FromWire for BTreeMap<String, T> {
    /// An object whose keys are data (a webhook's secret pairs, its headers), refusing a key
    /// given twice.
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        depth: usize,
    ) -> Result<Self, D::Error> {
        object(deserializer, MapVisitor(depth, PhantomData))
    }
}

struct MapVisitor<T>(usize, PhantomData<T>);

impl<'de, T: FromWire> de::Visitor<'de> for MapVisitor<T> {
    type Value = BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let depth = enter::<A::Error>(self.0)?;
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if entries.is_empty() && is_number_token(&key) {
                return Err(shape(de::Error::invalid_type(
                    Unexpected::Other("number"),
                    &self,
                )));
            }
            match entries.entry(key) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    let value = map
                        .next_value_seed(WireSeed::<T>::new(depth))
                        .map_err(|err| nest_key(slot.key(), err))?;
                    slot.insert(value);
                }
                std::collections::btree_map::Entry::Occupied(slot) => {
                    return Err(duplicate_key(slot.key()));
                }
            }
        }
        Ok(entries)
    }
}

/// The depth of a container's children, or the error for a container at the limit.
pub(crate) fn enter<E: de::Error>(depth: usize) -> Result<usize, E> {
    if depth >= MAX_DEPTH {
        return Err(note(
            E::custom("recursion limit exceeded"),
            ErrorKind::Depth,
        ));
    }
    Ok(depth + 1)
}

/// Reads a `T` through [`FromWire`] at a depth.
pub(crate) struct WireSeed<T>(usize, PhantomData<T>);

impl<T> WireSeed<T> {
    pub(crate) const fn new(depth: usize) -> Self {
        WireSeed(depth, PhantomData)
    }
}

impl<'de, T: FromWire> DeserializeSeed<'de> for WireSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::from_wire(deserializer, self.0)
    }
}

impl FromWire for Value {
    /// Any JSON value, refusing a key given twice at any depth and nesting beyond
    /// [`MAX_DEPTH`].
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        depth: usize,
    ) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor(depth))
    }

    fn scan_new(cur: &mut Cursor<'_>) -> Option<Self> {
        let mut value = Value::Null;
        scan_value(&mut value, cur)?;
        Some(value)
    }

    fn scan_place(place: &mut Self, cur: &mut Cursor<'_>) -> Option<()> {
        scan_value(place, cur)
    }
}

struct ValueVisitor(usize);

impl<'de> de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| shape(E::invalid_value(Unexpected::Float(v), &"a finite number")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let depth = enter::<A::Error>(self.0)?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            match seq.next_element_seed(WireSeed::<Value>::new(depth)) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Value::Array(items)),
                Err(err) => return Err(nest_index(items.len(), err)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let depth = enter::<A::Error>(self.0)?;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.is_empty() && is_number_token(&key) {
                let text: String = map.next_value()?;
                return text
                    .parse::<Number>()
                    .map(Value::Number)
                    .map_err(|_| shape(de::Error::invalid_value(Unexpected::Str(&text), &self)));
            }
            insert_unknown(&mut map, &mut object, key, depth)?;
        }
        Ok(Value::Object(object))
    }
}

/// Reads the value of a key the record does not model into `extra`, refusing a key given
/// twice.
pub(crate) fn insert_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Map<String, Value>,
    key: String,
    depth: usize,
) -> Result<(), A::Error> {
    match extra.entry(key) {
        Entry::Vacant(slot) => {
            let value = map
                .next_value_seed(WireSeed::<Value>::new(depth))
                .map_err(|err| nest_key(slot.key(), err))?;
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
    let (shown, cut) = head(key);
    let more = if cut { "…" } else { "" };
    shape(E::custom(format_args!("duplicate field `{shown}`{more}")))
}

/// What kind of error the slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// A wrong shape: a type, a value out of range, a key given twice.
    Shape,
    /// Nesting beyond [`MAX_DEPTH`].
    Depth,
}

/// One step of a path, innermost first while an error travels out.
#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

/// A shape error on its way out of the crate's visitors.
#[derive(Debug)]
pub(crate) struct Pending {
    pub(crate) kind: ErrorKind,
    /// The message as the visitor wrote it, without path or position.
    pub(crate) message: String,
    segments: Vec<Segment>,
}

impl Pending {
    /// Where the error happened, relative to the outermost value read.
    pub(crate) fn pointer(&self) -> JsonPointer {
        self.segments
            .iter()
            .rev()
            .fold(JsonPointer::root(), |path, segment| match segment {
                Segment::Key(key) => path.key(key),
                Segment::Index(index) => path.index(*index),
            })
    }
}

thread_local! {
    /// The shape error travelling out of the visitors on this thread, if any. Set only by the
    /// visitor that creates the error; taken by the outermost reader.
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
}

/// Notes `err`, just created by a visitor, as a shape error: its message is the one to report.
pub(crate) fn shape<E: de::Error>(err: E) -> E {
    note(err, ErrorKind::Shape)
}

fn note<E: de::Error>(err: E, kind: ErrorKind) -> E {
    // Created inside a visitor, the error has no position yet: its text is the bare message.
    let message = err.to_string();
    PENDING.with(|slot| {
        *slot.borrow_mut() = Some(Pending {
            kind,
            message,
            segments: Vec::new(),
        });
    });
    err
}

fn push(segment: Segment) {
    PENDING.with(|slot| {
        if let Some(pending) = slot.borrow_mut().as_mut() {
            pending.segments.push(segment);
        }
    });
}

/// Adds the object key an error happened under to the noted error's path, if one is noted.
pub(crate) fn nest_key<E>(key: &str, err: E) -> E {
    push(Segment::Key(key.to_owned()));
    err
}

/// Adds the array index an error happened at to the noted error's path, if one is noted.
pub(crate) fn nest_index<E>(index: usize, err: E) -> E {
    push(Segment::Index(index));
    err
}

/// Takes the noted error, leaving the slot empty.
pub(crate) fn take() -> Option<Pending> {
    PENDING.with(|slot| slot.borrow_mut().take())
}

/// The error a public `Deserialize` impl returns: a noted error below the top gets its path
/// written into the message (`/address/city: invalid type: ...`); anything else passes
/// through unchanged.
pub(crate) fn finish<E: de::Error>(err: E) -> E {
    match take() {
        Some(pending) if !pending.segments.is_empty() => {
            E::custom(format_args!("{}: {}", pending.pointer(), pending.message))
        }
        _ => err,
    }
}

/// A record declared with [`wire_record!`](crate::wire::record::wire_record): its keys, and
/// how to read and clear one of them. The macro implements it from the declaration; the
/// decoding that every record shares (duplicate keys, unknown keys, number keys, clearing what
/// an object lacks) is written once, in [`read_record`] and [`read_record_in_place`].
///
/// Public in a private module: only the macro implements it.
#[expect(unreachable_pub)]
pub trait Declared: Default {
    /// What the record is, for messages: `a lead`.
    const WHAT: &'static str;
    /// One of the keys, as a value to match on.
    type Key: Copy + 'static;
    /// Every key, in wire order.
    const ALL: &'static [Self::Key];

    /// The key with this text on the wire, if the record models it.
    fn key(text: &str) -> Option<Self::Key>;
    /// The key's text on the wire.
    fn name(key: Self::Key) -> &'static str;
    /// The key's position in [`Declared::ALL`].
    fn position(key: Self::Key) -> usize;
    /// Reads the key's value from `map` over the record's field.
    fn read_key<'de, A: MapAccess<'de>>(
        &mut self,
        key: Self::Key,
        map: &mut A,
        depth: usize,
    ) -> Result<(), A::Error>;
    /// Reads the key's value over the record's field on the fast path.
    fn scan_key(&mut self, key: Self::Key, cur: &mut Cursor<'_>) -> Option<()>;
    /// Makes the key's field absent.
    fn clear_key(&mut self, key: Self::Key);
    /// The keys the record does not model.
    fn unknown_keys(&mut self) -> &mut Map<String, Value>;
}

/// The most keys a record may declare: [`Seen`] has a bit for each.
pub(crate) const MAX_KEYS: usize = 128;

/// Which of a record's keys an object has given so far.
#[derive(Default)]
struct Seen(u128);

impl Seen {
    /// Marks the key at `position`; false when it was marked already.
    fn insert(&mut self, position: usize) -> bool {
        debug_assert!(
            position < MAX_KEYS,
            "a record declares at most {MAX_KEYS} keys"
        );
        let bit = u32::try_from(position)
            .ok()
            .and_then(|shift| 1u128.checked_shl(shift))
            .unwrap_or(0);
        let fresh = self.0 & bit == 0;
        self.0 |= bit;
        fresh
    }

    fn contains(&self, position: usize) -> bool {
        let bit = u32::try_from(position)
            .ok()
            .and_then(|shift| 1u128.checked_shl(shift))
            .unwrap_or(0);
        self.0 & bit != 0
    }
}

/// Reads a new record `R`.
pub(crate) fn read_record<'de, R: Declared, D: Deserializer<'de>>(
    deserializer: D,
    depth: usize,
) -> Result<R, D::Error> {
    object(deserializer, RecordVisitor::<R>(depth, PhantomData))
}

/// Reads a record over `place`, reusing its buffers: what the object lacks becomes absent,
/// unknown keys replace the old ones.
pub(crate) fn read_record_in_place<'de, R: Declared, D: Deserializer<'de>>(
    deserializer: D,
    depth: usize,
    place: &mut R,
) -> Result<(), D::Error> {
    object(
        deserializer,
        RecordPlace {
            depth,
            record: place,
            fresh: false,
        },
    )
}

/// A record's `Deserialize`: [`read_record`] with errors that leave with their path.
pub(crate) fn deserialize_record<'de, R: Declared, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<R, D::Error> {
    outermost_object(deserializer, RecordVisitor::<R>(0, PhantomData))
}

/// A key of record `R` as read from an object: one it models, or any other.
enum KeyOf<K> {
    Known(K),
    Unknown(String),
}

struct KeySeed<R>(PhantomData<fn() -> R>);

impl<'de, R: Declared> DeserializeSeed<'de> for KeySeed<R> {
    type Value = KeyOf<R::Key>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<R: Declared> de::Visitor<'_> for KeySeed<R> {
    type Value = KeyOf<R::Key>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(R::key(key).map_or_else(|| KeyOf::Unknown(key.to_owned()), KeyOf::Known))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(R::key(&key).map_or(KeyOf::Unknown(key), KeyOf::Known))
    }
}

/// Reads a new record: one read over a default record.
struct RecordVisitor<R>(usize, PhantomData<fn() -> R>);

impl<'de, R: Declared> de::Visitor<'de> for RecordVisitor<R> {
    type Value = R;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} object", R::WHAT)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<R, A::Error> {
        let mut record = R::default();
        let place = RecordPlace {
            depth: self.0,
            record: &mut record,
            fresh: true,
        };
        de::Visitor::visit_map(place, map)?;
        Ok(record)
    }
}

/// Reads a record over an existing one.
struct RecordPlace<'a, R> {
    depth: usize,
    record: &'a mut R,
    /// The record is a default one (all absent, no unknown keys): nothing to clear.
    fresh: bool,
}

impl<'de, R: Declared> de::Visitor<'de> for RecordPlace<'_, R> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} object", R::WHAT)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let depth = enter::<A::Error>(self.depth)?;
        let record = self.record;
        if !self.fresh {
            record.unknown_keys().clear();
        }
        let mut seen = Seen::default();
        let mut first = true;
        while let Some(key) = map.next_key_seed(KeySeed::<R>(PhantomData))? {
            match key {
                KeyOf::Known(key) => {
                    if !seen.insert(R::position(key)) {
                        return Err(duplicate_key(R::name(key)));
                    }
                    record
                        .read_key(key, &mut map, depth)
                        .map_err(|err| nest_key(R::name(key), err))?;
                }
                KeyOf::Unknown(key) => {
                    if first && is_number_token(&key) {
                        return Err(shape(de::Error::invalid_type(
                            Unexpected::Other("number"),
                            &RecordVisitor::<R>(depth, PhantomData),
                        )));
                    }
                    insert_unknown(&mut map, record.unknown_keys(), key, depth)?;
                }
            }
            first = false;
        }
        if !self.fresh {
            for &key in R::ALL {
                if !seen.contains(R::position(key)) {
                    record.clear_key(key);
                }
            }
        }
        Ok(())
    }
}

// ---- The fast path ----
//
// Records read straight from JSON text by code the record declarations generate
// (`wire_record!` writes each record's `scan_key`), without serde's visitor per key. It reads
// only what it reads exactly as `serde_json` and this module's visitors would: well-formed
// JSON, keys the record declares, each given once, values of the shape their field takes.
// Anything else (an unknown key, a duplicate, a wrong type, a syntax error, deep nesting, a
// number in `arbitrary_precision`'s form) makes it give up, and the record is read again by
// the serde path, which keeps every rule and every error message. So the fast path decides
// nothing of its own: when it finishes, its record equals the serde path's (a property test
// holds the two to it); when it does not, the serde path answers. It reuses the buffers of
// the record it reads over and decodes escaped strings into one scratch buffer, so reading
// record after record over one lead allocates nothing once the buffers have grown
// (`validate::Checker`).

/// A [`Leaf`] read from the cursor, as the serde path's `LeafVisitor` reads it; `None`
/// whenever that path would refuse it (it then gives the error).
pub(crate) fn scan_leaf<T: Leaf>(cur: &mut Cursor<'_>) -> Option<T> {
    if cur.peek()? == b'"' {
        return cur.string(|text| T::text(text).ok());
    }
    match cur.scalar()? {
        Scalar::Bool(v) => T::boolean(v).ok(),
        Scalar::Unsigned(v) => T::unsigned(v).ok(),
        Scalar::Signed(v) => T::signed(v).ok(),
        Scalar::Float(v) => T::float(v).ok(),
    }
}

/// A [`Leaf`] read over an existing one (a string keeps its buffer).
pub(crate) fn scan_leaf_in_place<T: Leaf>(place: &mut T, cur: &mut Cursor<'_>) -> Option<()> {
    if cur.peek()? == b'"' {
        return cur.string(|text| T::text_into(place, text).ok());
    }
    *place = scan_leaf(cur)?;
    Some(())
}

/// A key's value over its field: `null` makes it null, a value is read in place when the
/// field holds one.
pub(crate) fn scan_field<T: FromWire>(place: &mut Field<T>, cur: &mut Cursor<'_>) -> Option<()> {
    if cur.null()? {
        *place = Field::Null;
        return Some(());
    }
    match place {
        Field::Value(value) => T::scan_place(value, cur),
        other => {
            *other = Field::Value(T::scan_new(cur)?);
            Some(())
        }
    }
}

/// A record over `place`, through its declaration: the keys it declares, each once; what the
/// object lacks becomes absent, and it has no unknown keys (an object with one is left to the
/// serde path, which keeps them).
pub(crate) fn scan_record<R: Declared>(place: &mut R, cur: &mut Cursor<'_>) -> Option<()> {
    cur.enter(b'{')?;
    let mut seen = Seen::default();
    // Objects mostly give their keys in the declared order (Copper's): the key after the
    // last one is tried first, by comparing its bytes, before a key is read and looked up.
    let mut next = 0;
    if !cur.eat(b'}') {
        loop {
            let key = match R::ALL.get(next) {
                Some(&expected) if cur.eat_key(R::name(expected)) => expected,
                _ => R::key(cur.plain_string()?)?,
            };
            next = R::position(key) + 1;
            if !seen.insert(R::position(key)) || !cur.eat(b':') {
                return None;
            }
            place.scan_key(key, cur)?;
            if cur.eat(b',') {
                continue;
            }
            if cur.eat(b'}') {
                break;
            }
            return None;
        }
    }
    cur.leave();
    for &key in R::ALL {
        if !seen.contains(R::position(key)) {
            place.clear_key(key);
        }
    }
    let unknown = place.unknown_keys();
    // Clearing an empty map still walks it: skip that, record after record.
    if !unknown.is_empty() {
        unknown.clear();
    }
    Some(())
}

/// A list over `items`: its items read in place, new ones appended, extra ones dropped.
pub(crate) fn scan_list<T: FromWire>(items: &mut Vec<T>, cur: &mut Cursor<'_>) -> Option<()> {
    cur.enter(b'[')?;
    let mut count = 0;
    if !cur.eat(b']') {
        loop {
            match items.get_mut(count) {
                Some(item) => T::scan_place(item, cur)?,
                None => items.push(T::scan_new(cur)?),
            }
            count += 1;
            if cur.eat(b',') {
                continue;
            }
            if cur.eat(b']') {
                break;
            }
            return None;
        }
    }
    items.truncate(count);
    cur.leave();
    Some(())
}

/// A JSON value over `place`, as the serde path's `ValueVisitor` builds it: scalars, strings
/// and arrays in place (a string keeps its buffer, an array its items); objects are left to
/// the serde path.
pub(crate) fn scan_value(place: &mut Value, cur: &mut Cursor<'_>) -> Option<()> {
    match cur.peek()? {
        b'n' => {
            cur.literal("null")?;
            *place = Value::Null;
        }
        b'"' => {
            if let Value::String(text) = place {
                cur.string(|s| {
                    text.clear();
                    text.push_str(s);
                    Some(())
                })?;
            } else {
                *place = Value::String(cur.string(|s| Some(s.to_owned()))?);
            }
        }
        b'[' => {
            if !matches!(place, Value::Array(_)) {
                *place = Value::Array(Vec::new());
            }
            if let Value::Array(items) = place {
                scan_list(items, cur)?;
            }
        }
        b'{' => return None,
        _ => {
            *place = match cur.scalar()? {
                Scalar::Bool(v) => Value::Bool(v),
                Scalar::Unsigned(v) => Value::from(v),
                Scalar::Signed(v) => Value::from(v),
                Scalar::Float(v) => Value::Number(Number::from_f64(v)?),
            };
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_noted_error_gets_its_path_and_others_pass_through() {
        let err = shape(<serde_json::Error as de::Error>::custom(
            "invalid type: null, expected a string",
        ));
        let err = nest_key("a/b", nest_index(2, err));
        assert_eq!(
            finish(err).to_string(),
            "/a~1b/2: invalid type: null, expected a string"
        );
        assert!(take().is_none());
        let syntax = serde_json::from_str::<Value>("[").err();
        let syntax = syntax.map(|e| finish(nest_key("x", e)));
        assert!(syntax.is_some_and(|e| e.is_eof()));
    }
}
