//! [`PhoneNumber`]: a phone number with its category.

use crate::model::category::PhoneCategory;
use crate::wire::record::wire_record;

wire_record! {
    /// A phone number, free text as Copper stores it (`"415-999-4321"`, `"5104447778"`), with
    /// its category.
    ///
    /// ```
    /// use copper_lead::{PhoneCategory, PhoneNumber};
    ///
    /// let p = PhoneNumber::new("+1 415-555-1234 ext. 12", PhoneCategory::Work);
    /// assert_eq!(p.category.value(), Some(&PhoneCategory::Work));
    /// ```
    pub struct PhoneNumber("a phone number") setters {
        /// The number as text.
        number: String,
        /// Its category.
        category: PhoneCategory,
    }
}

impl PhoneNumber {
    /// A phone entry with a number and a category.
    #[must_use]
    pub fn new(number: impl Into<String>, category: PhoneCategory) -> Self {
        PhoneNumber {
            number: number.into().into(),
            category: category.into(),
            extra: crate::wire::extra::Extra::default(),
        }
    }
}

/// The phone number rule: 7 to 15 digits, written only with digits, spaces and `+ ( ) - . /`,
/// optionally followed by an extension (`x 12`, `ext 12`, `ext. 12`). Returns the problem,
/// lowercase, when the number breaks the rule.
#[cfg(feature = "validate")]
pub(crate) fn check_number(number: &str) -> Result<(), String> {
    // One pass: count digits up to the first letter (where an extension may start) or the
    // first character the rule does not allow.
    let mut digits = 0;
    let mut split = number.len();
    for (at, byte) in number.bytes().enumerate() {
        if byte.is_ascii_digit() {
            digits += 1;
        } else if byte.is_ascii_alphabetic() {
            split = at;
            break;
        } else if !is_phone_char(char::from(byte)) {
            let bad = number
                .get(at..)
                .and_then(|s| s.chars().next())
                .unwrap_or_default();
            return Err(format!(
                "contains {bad:?}; only digits, spaces and + ( ) - . / are allowed"
            ));
        }
    }
    if !(7..=15).contains(&digits) {
        return Err(format!("has {digits} digits; a phone number has 7 to 15"));
    }
    let extension = number.get(split..).unwrap_or_default();
    if !extension.is_empty() && !is_extension(extension) {
        return Err("has text that is not an extension (x 12, ext 12, ext. 12)".to_owned());
    }
    Ok(())
}

#[cfg(feature = "validate")]
fn is_phone_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-' | '.' | '/')
}

/// `x`, `ext` or `ext.` (any case), optional spaces, then 1 to 10 digits.
#[cfg(feature = "validate")]
fn is_extension(text: &str) -> bool {
    let rest = ["ext.", "ext", "x"].iter().find_map(|marker| {
        let (head, rest) = text.split_at_checked(marker.len())?;
        head.eq_ignore_ascii_case(marker).then_some(rest)
    });
    rest.map(str::trim).is_some_and(|digits| {
        (1..=10).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    })
}
