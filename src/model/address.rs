//! [`Address`]: a postal address.

use crate::wire::record::wire_record;

wire_record! {
    /// A postal address, as on a lead, person or company. Every part is a string or `null`;
    /// requests may send only some parts.
    ///
    /// `country` is meant to be a two-letter code but holds whatever was stored (`"US"`, `""`,
    /// `"United States"`), so it is kept as text.
    ///
    /// ```
    /// use copper_lead::Address;
    ///
    /// let a: Address = serde_json::from_str(r#"{"city": "San Antonio", "zip": "78201"}"#)?;
    /// assert_eq!(a.city.as_deref(), Some("San Antonio"));
    /// assert!(a.street.is_absent());
    /// assert_eq!(a.extra["zip"], "78201"); // an unknown key, kept
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Address("an address") setters {
        /// Street and number.
        street: String,
        /// City.
        city: String,
        /// State or region.
        state: String,
        /// Postal code.
        postal_code: String,
        /// Country, usually a two-letter code.
        country: String,
    }
}

impl Address {
    /// An address with no parts.
    ///
    /// ```
    /// use copper_lead::Address;
    ///
    /// let address = Address::new().street("221B Baker St").city("London").country("GB");
    /// assert_eq!(
    ///     serde_json::to_string(&address)?,
    ///     r#"{"street":"221B Baker St","city":"London","country":"GB"}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Address::default()
    }
}
