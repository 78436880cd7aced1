//! [`ConvertedFrom`]: the record of which lead a person or opportunity came from.

use crate::model::id::LeadId;
use crate::model::timestamp::Timestamp;
use crate::wire::record::wire_record;

wire_record! {
    /// One entry of a person's or opportunity's `leads_converted_from`:
    /// `{"lead_id": 8894157, "converted_timestamp": 1700000000}`.
    ///
    /// ```
    /// use copper_lead::{ConvertedFrom, LeadId, Timestamp};
    ///
    /// let entry = ConvertedFrom::new(LeadId::new(8894157), Timestamp::from_unix(1_700_000_000)?);
    /// assert_eq!(
    ///     serde_json::to_string(&entry)?,
    ///     r#"{"lead_id":8894157,"converted_timestamp":1700000000}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct ConvertedFrom("a lead conversion") setters {
        /// The converted lead.
        lead_id: LeadId,
        /// When it was converted.
        converted_timestamp: Timestamp,
    }
}

impl ConvertedFrom {
    /// The entry for a lead converted at `at`.
    #[must_use]
    pub fn new(lead_id: LeadId, at: Timestamp) -> Self {
        ConvertedFrom {
            lead_id: lead_id.into(),
            converted_timestamp: at.into(),
            extra: crate::wire::extra::Extra::default(),
        }
    }
}
