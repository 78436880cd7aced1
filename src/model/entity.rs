//! The kinds of record Copper keeps, as its API names them.

use crate::wire::open_enum::open_enum;

open_enum! {
    /// A kind of Copper record, as the API names it: the `type` of an activity's parent, and
    /// each of a custom field definition's `available_on` (the records it can be set on).
    ///
    /// ```
    /// use copper_lead::EntityType;
    ///
    /// let on: Vec<EntityType> = serde_json::from_str(r#"["lead", "person"]"#)?;
    /// assert_eq!(on, [EntityType::Lead, EntityType::Person]);
    /// assert_eq!(EntityType::from("opportunity"), EntityType::Opportunity);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub enum EntityType("a record type") {
        /// Leads.
        Lead = "lead",
        /// People.
        Person = "person",
        /// Companies.
        Company = "company",
        /// Opportunities.
        Opportunity = "opportunity",
        /// Projects.
        Project = "project",
        /// Tasks.
        Task = "task",
    }
}
