//! [`Amount`]: a monetary amount that keeps the form it was sent in.

use serde::{Serialize, Serializer};
use std::fmt;

use crate::wire::{Leaf, Reject, wire_leaf};

/// A monetary amount (`monetary_value`, `converted_value`, Currency custom fields) that keeps
/// the JSON form it was read in: Copper sends `100`, `50000.0` and, for `converted_value`, the
/// string `"5000.0"`, and each serializes back exactly so.
///
/// The numeric value is available with [`Amount::to_f64`]. A text amount that is not a decimal
/// number (`"abc"`, `""`) still parses, so that one odd value does not make a whole record
/// unreadable; validation reports it, and `to_f64` returns `None`.
///
/// Equality compares the form too: `Amount::from(5)` and `Amount::try_from(5.0)?` differ,
/// because they serialize differently. A float amount is always finite: JSON has no NaN or
/// infinity (Copper would read `null` and clear the value), so [`Amount::try_from`] refuses
/// them where they would enter.
///
/// # Example
///
/// ```
/// use copper_lead::{Amount, AmountForm};
///
/// let a: Amount = serde_json::from_str("50000.0")?;
/// assert_eq!(a.form(), AmountForm::Float);
/// assert_eq!(a.to_f64(), Some(50000.0));
/// assert_eq!(serde_json::to_string(&a)?, "50000.0");
///
/// let t: Amount = serde_json::from_str(r#""5000.0""#)?;
/// assert_eq!(t.form(), AmountForm::Text);
/// assert_eq!(t.to_f64(), Some(5000.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Amount(Repr);

#[derive(Debug, Clone, PartialEq)]
enum Repr {
    Unsigned(u64),
    /// Always negative: non-negative integers are `Unsigned`.
    Negative(i64),
    Float(f64),
    Text(String),
}

/// The JSON form an [`Amount`] was read in, and will be written in.
///
/// ```
/// use copper_lead::{Amount, AmountForm};
///
/// assert_eq!(Amount::from(5000).form(), AmountForm::Integer);
/// assert_eq!(Amount::try_from(50000.0)?.form(), AmountForm::Float);
/// assert_eq!(Amount::text("5000.0").form(), AmountForm::Text);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AmountForm {
    /// A JSON integer, such as `5000`.
    Integer,
    /// A JSON number with a fraction or exponent, such as `50000.0`.
    Float,
    /// A JSON string, such as `"5000.0"`.
    Text,
}

impl Amount {
    /// An amount written as a JSON string, such as Copper's `converted_value`.
    #[must_use]
    pub fn text(text: impl Into<String>) -> Self {
        Amount(Repr::Text(text.into()))
    }

    /// The JSON form of this amount.
    #[must_use]
    pub const fn form(&self) -> AmountForm {
        match self.0 {
            Repr::Unsigned(_) | Repr::Negative(_) => AmountForm::Integer,
            Repr::Float(_) => AmountForm::Float,
            Repr::Text(_) => AmountForm::Text,
        }
    }

    /// The numeric value; `None` for a text amount that is not a decimal number. Integers
    /// beyond 2^53 round to the nearest `f64`.
    #[must_use]
    #[expect(clippy::cast_precision_loss)] // documented: amounts beyond 2^53 are not money
    pub fn to_f64(&self) -> Option<f64> {
        match &self.0 {
            Repr::Unsigned(v) => Some(*v as f64),
            Repr::Negative(v) => Some(*v as f64),
            Repr::Float(v) => Some(*v).filter(|v| v.is_finite()),
            Repr::Text(text) => parse_decimal(text),
        }
    }

    /// The text of a text amount.
    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match &self.0 {
            Repr::Text(text) => Some(text),
            _ => None,
        }
    }

    /// Whether the amount is below zero (a text amount that is not a number is not).
    #[must_use]
    pub fn is_negative(&self) -> bool {
        self.to_f64().is_some_and(|v| v < 0.0)
    }

    /// This amount's numeric value as a JSON number: an integer stays an integer, a float a
    /// float, and a numeric text becomes the number it spells. `None` for non-numeric text.
    ///
    /// ```
    /// use copper_lead::Amount;
    ///
    /// assert_eq!(Amount::text("5000").to_number(), Some(Amount::from(5000)));
    /// assert_eq!(Amount::text("5000.0").to_number(), Amount::try_from(5000.0).ok());
    /// assert_eq!(Amount::text("lots").to_number(), None);
    /// ```
    #[must_use]
    pub fn to_number(&self) -> Option<Amount> {
        match &self.0 {
            Repr::Text(text) => {
                let value = parse_decimal(text)?;
                let integral = !text.contains(['.', 'e', 'E']);
                Some(match (integral, text.parse::<u64>(), text.parse::<i64>()) {
                    (true, Ok(v), _) => Amount::from(v),
                    (true, _, Ok(v)) => Amount::from(v),
                    _ => Amount(Repr::Float(value)),
                })
            }
            _ => Some(self.clone()),
        }
    }
}

/// Why an amount cannot stand for money.
#[cfg(feature = "validate")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MoneyProblem {
    /// Non-numeric text, or a non-finite float.
    NotANumber,
    /// Below zero.
    Negative,
}

#[cfg(feature = "validate")]
impl Amount {
    /// The money rule, shared by validation and conversion options: a finite number, not
    /// negative.
    pub(crate) fn money_problem(&self) -> Option<MoneyProblem> {
        match self.to_f64() {
            None => Some(MoneyProblem::NotANumber),
            Some(v) if v < 0.0 => Some(MoneyProblem::Negative),
            Some(_) => None,
        }
    }
}

/// The currency rule, shared by validation and conversion options: an ISO 4217 code, three
/// upper-case ASCII letters.
#[cfg(feature = "validate")]
pub(crate) fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Parses the JSON number grammar (`-?digits(.digits)?([eE][+-]?digits)?`) to a finite `f64`.
/// Stricter than `str::parse::<f64>`, which also takes `inf`, `NaN` and `+1`.
pub(crate) fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return None;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl From<u64> for Amount {
    fn from(value: u64) -> Self {
        Amount(Repr::Unsigned(value))
    }
}

impl From<u32> for Amount {
    fn from(value: u32) -> Self {
        Amount(Repr::Unsigned(value.into()))
    }
}

impl From<i64> for Amount {
    fn from(value: i64) -> Self {
        match u64::try_from(value) {
            Ok(unsigned) => Amount(Repr::Unsigned(unsigned)),
            Err(_) => Amount(Repr::Negative(value)),
        }
    }
}

impl From<i32> for Amount {
    fn from(value: i32) -> Self {
        Amount::from(i64::from(value))
    }
}

impl TryFrom<f64> for Amount {
    type Error = NonFiniteAmount;

    /// A float-form amount (`2500.5` is written `2500.5`, `5.0` is written `5.0`).
    ///
    /// # Errors
    ///
    /// [`NonFiniteAmount`] for NaN or an infinity, which JSON cannot carry.
    fn try_from(value: f64) -> Result<Self, NonFiniteAmount> {
        if value.is_finite() {
            Ok(Amount(Repr::Float(value)))
        } else {
            Err(NonFiniteAmount(value))
        }
    }
}

/// The error for a NaN or infinite float given as an [`Amount`].
///
/// ```
/// use copper_lead::Amount;
///
/// let err = Amount::try_from(f64::NAN).unwrap_err();
/// assert_eq!(err.to_string(), "an amount must be a finite number, not NaN");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("an amount must be a finite number, not {0}")]
pub struct NonFiniteAmount(f64);

impl fmt::Display for Amount {
    /// The amount as written on the wire, without quotes for a text amount.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Unsigned(v) => fmt::Display::fmt(v, f),
            Repr::Negative(v) => fmt::Display::fmt(v, f),
            Repr::Float(v) => fmt::Debug::fmt(v, f),
            Repr::Text(text) => f.write_str(text),
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Unsigned(v) => serializer.serialize_u64(*v),
            Repr::Negative(v) => serializer.serialize_i64(*v),
            Repr::Float(v) => serializer.serialize_f64(*v),
            Repr::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl Leaf for Amount {
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount (a number or a numeric string)")
    }

    fn unsigned(value: u64) -> Result<Self, Reject> {
        Ok(Amount::from(value))
    }

    fn signed(value: i64) -> Result<Self, Reject> {
        Ok(Amount::from(value))
    }

    fn float(value: f64) -> Result<Self, Reject> {
        Amount::try_from(value).map_err(|_| Reject::Value)
    }

    fn text(value: &str) -> Result<Self, Reject> {
        Ok(Amount::text(value))
    }

    fn owned_text(value: String) -> Result<Self, (Reject, String)> {
        Ok(Amount(Repr::Text(value)))
    }
}

wire_leaf!(Amount);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_grammar_is_json_numbers_only() {
        for ok in ["0", "-1", "5000.0", "1e3", "2.5E-2", "007"] {
            assert!(parse_decimal(ok).is_some(), "{ok}");
        }
        for bad in [
            "", "-", "1.", ".5", "inf", "NaN", "+1", "1e", "1 ", "0x10", "1e400",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn to_number_keeps_integer_and_float_forms() {
        assert_eq!(Amount::text("55").to_number(), Some(Amount::from(55u64)));
        assert_eq!(Amount::text("-5").to_number(), Some(Amount::from(-5i64)));
        assert_eq!(
            Amount::text("55.5").to_number(),
            Amount::try_from(55.5).ok()
        );
        assert_eq!(Amount::text("x").to_number(), None);
        assert!(Amount::try_from(f64::INFINITY).is_err());
    }
}
