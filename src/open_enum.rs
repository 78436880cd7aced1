//! Open enums: the values Copper documents, plus one variant that keeps any other text.

/// What every open enum offers generic code (validation names the documented values): its
/// inherent `as_str` and `is_known`, under the same names, and the list of known values.
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
/// the fallback variant and serializes back unchanged. Equality and hashing compare the text,
/// so a fallback holding a known text (`Unknown("work".into())`) equals the known variant.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident($what:literal, $fallback:ident: $fdoc:literal) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Eq)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("`\"", $text, "\"`")]
                $variant,
            )*
            #[doc = $fdoc]
            $fallback(::std::string::String),
        }

        impl $name {
            /// Every known value, in documentation order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The wire text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::$fallback(text) => text,
                }
            }

            /// Whether this is one of the documented values.
            #[must_use]
            pub fn is_known(&self) -> bool {
                $name::from_text(self.as_str()).is_some()
            }

            fn from_text(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl $crate::open_enum::OpenEnum for $name {
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

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name::from_text(text).unwrap_or_else(|| $name::$fallback(text.to_owned()))
            }
        }

        impl From<::std::string::String> for $name {
            fn from(text: ::std::string::String) -> Self {
                $name::from_text(&text).unwrap_or($name::$fallback(text))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            /// Never fails: unknown text becomes the fallback variant.
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
