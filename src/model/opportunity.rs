//! [`Opportunity`]: a Copper opportunity (a deal), as conversion creates one.

use crate::model::amount::Amount;
use crate::model::converted_from::ConvertedFrom;
use crate::model::custom_field_value::CustomFieldValue;
use crate::model::id::{
    CompanyId, CustomerSourceId, LossReasonId, OpportunityId, PersonId, PipelineId,
    PipelineStageId, UserId,
};
use crate::model::timestamp::Timestamp;
use crate::wire::open_enum::open_enum;
use crate::wire::record::wire_record;

open_enum! {
    /// An opportunity's status.
    ///
    /// ```
    /// use copper_lead::OpportunityStatus;
    ///
    /// let status: OpportunityStatus = serde_json::from_str(r#""Lost""#)?;
    /// assert_eq!(status, OpportunityStatus::Lost);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub enum OpportunityStatus("an opportunity status") {
        Open = "Open",
        Won = "Won",
        Lost = "Lost",
        Abandoned = "Abandoned",
    }
}

open_enum! {
    /// An opportunity's priority. Copper sends `null` right after a conversion.
    ///
    /// ```
    /// use copper_lead::OpportunityPriority;
    ///
    /// assert_eq!(OpportunityPriority::from("None"), OpportunityPriority::NoPriority);
    /// assert_eq!(OpportunityPriority::High.as_str(), "High");
    /// ```
    pub enum OpportunityPriority("an opportunity priority") {
        /// Copper's value for an opportunity without a priority (named so that it cannot be
        /// mistaken for `Option::None`).
        NoPriority = "None",
        Low = "Low",
        Medium = "Medium",
        High = "High",
    }
}

wire_record! {
    /// A Copper opportunity, with the same lossless serde as [`Lead`](crate::Lead).
    ///
    /// `close_date` is kept as the text Copper sends (`"1/7/2020"`: month/day/year without
    /// zero padding, though an account's locale may make it day/month). Newer responses add
    /// `pipeline_is_revenue` and `pipeline_type`, whose types Copper does not document; they
    /// stay, verbatim, in `extra`.
    ///
    /// ```
    /// use copper_lead::{Opportunity, OpportunityStatus};
    ///
    /// let o: Opportunity = serde_json::from_str(r#"{"name": "500 Keyboards", "status": "Lost",
    ///     "close_date": "12/31/2019", "monetary_value": 50000.0, "converted_value": "50000.0"}"#)?;
    /// assert_eq!(o.status.value(), Some(&OpportunityStatus::Lost));
    /// assert_eq!(o.close_date.as_deref(), Some("12/31/2019"));
    ///
    /// // Each key has a setter, for the partial records of an update.
    /// let update = Opportunity::default().close_date("1/7/2027").monetary_unit("EUR");
    /// assert_eq!(update.monetary_unit.as_deref(), Some("EUR"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Opportunity("an opportunity") setters {
        /// The opportunity's id; absent before creation.
        id: OpportunityId,
        /// Name; Copper requires it.
        name: String,
        /// The user the opportunity is assigned to.
        assignee_id: UserId,
        /// Expected close date, as Copper's text.
        close_date: String,
        /// The company of the deal.
        company_id: CompanyId,
        /// The company's name.
        company_name: String,
        /// Where the deal came from.
        customer_source_id: CustomerSourceId,
        /// Free-text description (Copper's "details").
        details: String,
        /// Why it was lost.
        loss_reason_id: LossReasonId,
        /// The pipeline (`GET /pipelines`).
        pipeline_id: PipelineId,
        /// The stage within the pipeline.
        pipeline_stage_id: PipelineStageId,
        /// The main person of the deal; Copper requires it on create.
        primary_contact_id: PersonId,
        /// Priority; `null` right after conversion.
        priority: OpportunityPriority,
        /// Open, Won, Lost or Abandoned; a conversion creates it Open.
        status: OpportunityStatus,
        /// Free-text labels; validation refuses one repeated ignoring case.
        tags: Vec<String>,
        /// Number of interactions.
        interaction_count: u64,
        /// ISO 4217 code of `monetary_value`.
        monetary_unit: String,
        /// Value of the deal, in the form Copper sent it.
        monetary_value: Amount,
        /// Currency of `converted_value`.
        converted_unit: String,
        /// `monetary_value` in the account currency; Copper sends a string.
        converted_value: Amount,
        /// Probability of winning, 0..=100.
        win_probability: u64,
        /// When the stage last changed.
        date_stage_changed: Timestamp,
        /// When the deal was last contacted.
        date_last_contacted: Timestamp,
        /// The leads this opportunity was converted from.
        leads_converted_from: Vec<ConvertedFrom>,
        /// When the lead it came from was created.
        date_lead_created: Timestamp,
        /// When the opportunity was created.
        date_created: Timestamp,
        /// When the opportunity was last modified.
        date_modified: Timestamp,
        /// Custom field values.
        custom_fields: Vec<CustomFieldValue>,
    }
}
