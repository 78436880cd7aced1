//! Open enums: the values Copper documents, plus one variant that keeps any other text.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// Text an open enum does not know, such as an account's own status name (`"Hot"`) or a
/// category Copper added after this crate was released.
///
/// It can only be made by the enum's `From<&str>` (or `From<String>`, `FromStr`,
/// deserialization), which turns a known text into its variant first: an `UnknownText` never
/// holds the text of a known value, so `==` and `match` always agree. It belongs to one enum
/// (`E`): the unknown text of one enum cannot be put in another, where it might be known.
///
/// ```
/// use copper_lead::{EmailCategory, PhoneCategory};
///
/// assert!(matches!(EmailCategory::from("work"), EmailCategory::Work));
/// match EmailCategory::from("Work") {
///     EmailCategory::Unknown(text) => assert_eq!(text.as_str(), "Work"), // kept exactly
///     other => panic!("{other:?}"),
/// }
/// // "mobile" is unknown as an email category, and known as a phone category.
/// let email = EmailCategory::from("mobile");
/// assert!(!email.is_known());
/// assert_eq!(PhoneCategory::from(email.as_str()), PhoneCategory::Mobile);
/// ```
pub struct UnknownText<E> {
    text: Box<str>,
    of: PhantomData<fn() -> E>,
}

impl<E> UnknownText<E> {
    /// Wraps text the enum has checked is not one of its known values.
    pub(crate) fn new(text: impl Into<Box<str>>) -> Self {
        UnknownText {
            text: text.into(),
            of: PhantomData,
        }
    }

    /// The text, exactly as it came.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<E> Clone for UnknownText<E> {
    fn clone(&self) -> Self {
        UnknownText::new(self.text.clone())
    }
}

impl<E> PartialEq for UnknownText<E> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<E> Eq for UnknownText<E> {}

impl<E> Hash for UnknownText<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl<E> PartialOrd for UnknownText<E> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for UnknownText<E> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}

impl<E> fmt::Debug for UnknownText<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl<E> fmt::Display for UnknownText<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<E> AsRef<str> for UnknownText<E> {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// What every open enum offers generic code (validation names the documented values): its
/// inherent `as_str` and `is_known`, under the same names, and the list of known values.
#[cfg(feature = "validate")]
pub(crate) trait OpenEnum {
    /// The wire text.
    fn as_str(&self) -> &str;
    /// Whether the text is one of the documented values.
    fn is_known(&self) -> bool;
    /// The documented values, comma-separated, for messages.
    fn documented() -> String;
}

/// Declares an open enum over JSON strings.
///
/// Known values match exactly (case-sensitive, as Copper sends them); any other text lands in
/// `Unknown` and serializes back unchanged. Because `Unknown` can only be built from text
/// that is not known, derived equality is text equality, and agrees with `match`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident($what:literal) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Matching on a known variant is exact; a text this crate does not know is
        #[doc = concat!("[`", stringify!($name), "::Unknown`]")]
        /// , kept exactly. A later release may know more values: when your code depends on a
        /// particular text, compare [`as_str`](Self::as_str) rather than match `Unknown`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("`\"", $text, "\"`")]
                $variant,
            )*
            /// Any other text, kept exactly; never a known value's text.
            Unknown($crate::wire::open_enum::UnknownText<$name>),
        }

        impl $name {
            /// Every known value, in documentation order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The wire text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::Unknown(text) => text.as_str(),
                }
            }

            /// Whether this is one of the documented values.
            #[must_use]
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }

            fn from_text(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        #[cfg(feature = "validate")]
        impl $crate::wire::open_enum::OpenEnum for $name {
            // Inherent methods take precedence: these call them, not themselves.
            fn as_str(&self) -> &str {
                $name::as_str(self)
            }

            fn is_known(&self) -> bool {
                $name::is_known(self)
            }

            fn documented() -> String {
                Self::KNOWN.iter().map($name::as_str).collect::<Vec<_>>().join(", ")
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            /// The known variant for a known text, else `Unknown` holding the text.
            fn from(text: &str) -> Self {
                $name::from_text(text)
                    .unwrap_or_else(|| $name::Unknown($crate::wire::open_enum::UnknownText::new(text)))
            }
        }

        impl From<::std::string::String> for $name {
            /// The known variant for a known text, else `Unknown` holding the text.
            fn from(text: ::std::string::String) -> Self {
                $name::from_text(&text)
                    .unwrap_or_else(|| $name::Unknown($crate::wire::open_enum::UnknownText::new(text)))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            /// Never fails: unknown text becomes `Unknown`.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok($name::from(text))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $crate::wire::Leaf for $name {
            fn expecting(f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(concat!($what, " (a string)"))
            }

            /// Accepts any JSON string; only another JSON type is a shape error.
            fn text(text: &str) -> Result<Self, $crate::wire::Reject> {
                Ok($name::from(text))
            }

            fn owned_text(
                text: ::std::string::String,
            ) -> Result<Self, ($crate::wire::Reject, ::std::string::String)> {
                Ok($name::from(text))
            }
        }

        $crate::wire::wire_leaf!($name);
    };
}
pub(crate) use open_enum;

#[cfg(test)]
#[expect(
    unreachable_pub,
    reason = "the macro declares public enums, as the records need"
)]
mod tests {
    open_enum! {
        /// A category, as the records declare theirs.
        pub enum Category("a category") {
            Work = "work",
            Personal = "personal",
        }
    }

    #[test]
    fn unknown_text_never_spells_a_known_value() {
        for known in Category::KNOWN {
            let again = Category::from(known.as_str());
            assert_eq!(&again, known);
            assert!(!matches!(again, Category::Unknown(_)));
        }
        let unknown = Category::from("Work");
        assert_ne!(unknown, Category::Work);
        assert!(matches!(unknown, Category::Unknown(ref t) if t.as_str() == "Work"));
        assert!(Category::Work.is_known() && !unknown.is_known());
    }
}
