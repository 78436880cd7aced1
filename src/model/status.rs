//! [`LeadStatus`]: the status name a lead carries.

use crate::wire::open_enum::open_enum;

open_enum! {
    /// A lead's status, by name (`status` on the wire; `status_id` holds its id).
    ///
    /// Copper's documented values are New, Unqualified, Contacted and Qualified; an account's
    /// shipped defaults are New, Open, Unqualified and Junk; and accounts rename and add their
    /// own. All of them parse: an account's own name is [`LeadStatus::Unknown`]. Which lifecycle
    /// stage a status stands for is decided by a [`StatusCatalog`](crate::lifecycle::StatusCatalog).
    ///
    /// ```
    /// use copper_lead::LeadStatus;
    ///
    /// assert_eq!(LeadStatus::from("Junk"), LeadStatus::Junk);
    /// let hot = LeadStatus::from("Hot");
    /// assert!(matches!(&hot, LeadStatus::Unknown(name) if name.as_str() == "Hot"));
    /// ```
    pub enum LeadStatus("a lead status") {
        New = "New",
        Unqualified = "Unqualified",
        Contacted = "Contacted",
        Qualified = "Qualified",
        Open = "Open",
        Junk = "Junk",
    }
}
