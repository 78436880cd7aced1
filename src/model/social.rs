//! [`Social`]: a social profile URL with its network.

use crate::model::category::SocialCategory;
use crate::wire::record::wire_record;

wire_record! {
    /// A social profile URL with its category (the network). Copper does not check URLs:
    /// `"facebook.com/test_lead"` (no scheme) occurs and is kept as sent.
    ///
    /// ```
    /// use copper_lead::{Social, SocialCategory};
    ///
    /// let s = Social::new("linkedin.com/in/ada", SocialCategory::Linkedin);
    /// assert_eq!(s.url.as_deref(), Some("linkedin.com/in/ada"));
    /// ```
    pub struct Social("a social") setters {
        /// The profile URL, as sent.
        url: String,
        /// The network.
        category: SocialCategory,
    }
}

impl Social {
    /// A social entry with a URL and a category.
    #[must_use]
    pub fn new(url: impl Into<String>, category: SocialCategory) -> Self {
        Social {
            url: url.into().into(),
            category: category.into(),
            extra: crate::wire::extra::Extra::default(),
        }
    }
}
