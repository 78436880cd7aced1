//! [`Website`]: a website URL with its category.

use crate::model::category::WebsiteCategory;
use crate::wire::record::wire_record;

wire_record! {
    /// A website URL with its category. Copper does not check URLs: `"www.workwebsite.com"`
    /// (no scheme) occurs and is kept as sent.
    ///
    /// ```
    /// use copper_lead::{Website, WebsiteCategory};
    ///
    /// let w = Website::new("www.example.com", WebsiteCategory::Work);
    /// assert_eq!(serde_json::to_value(&w)?["url"], "www.example.com");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Website("a website") setters {
        /// The URL, as sent.
        url: String,
        /// Its category.
        category: WebsiteCategory,
    }
}

impl Website {
    /// A website entry with a URL and a category.
    #[must_use]
    pub fn new(url: impl Into<String>, category: WebsiteCategory) -> Self {
        Website {
            url: url.into().into(),
            category: category.into(),
            extra: crate::wire::extra::Extra::default(),
        }
    }
}
