//! The categories of a lead's email, phone numbers, socials and websites.

use crate::wire::open_enum::open_enum;

open_enum! {
    /// The category of an email address. Documented values: `work`, `personal`, `other`.
    ///
    /// ```
    /// use copper_lead::EmailCategory;
    ///
    /// assert_eq!(EmailCategory::from("work"), EmailCategory::Work);
    /// assert_eq!(EmailCategory::from("Work").as_str(), "Work"); // kept, not known
    /// assert!(!EmailCategory::from("Work").is_known());
    /// ```
    pub enum EmailCategory("an email category") {
        Work = "work",
        Personal = "personal",
        Other = "other",
    }
}

open_enum! {
    /// The category of a phone number. Documented values: `mobile`, `work`, `home`, `other`.
    ///
    /// ```
    /// use copper_lead::PhoneCategory;
    ///
    /// assert_eq!(PhoneCategory::from("mobile"), PhoneCategory::Mobile);
    /// assert_eq!(PhoneCategory::from("fax").as_str(), "fax"); // kept, not known
    /// ```
    pub enum PhoneCategory("a phone category") {
        Mobile = "mobile",
        Work = "work",
        Home = "home",
        Other = "other",
    }
}

open_enum! {
    /// The category (network) of a social profile URL.
    ///
    /// ```
    /// use copper_lead::SocialCategory;
    ///
    /// assert_eq!(SocialCategory::from("linkedin"), SocialCategory::Linkedin);
    /// assert!(!SocialCategory::from("mastodon").is_known());
    /// ```
    pub enum SocialCategory("a social category") {
        Linkedin = "linkedin",
        Twitter = "twitter",
        Googleplus = "googleplus",
        Facebook = "facebook",
        Youtube = "youtube",
        Quora = "quora",
        Foursquare = "foursquare",
        Klout = "klout",
        Gravatar = "gravatar",
        Other = "other",
    }
}

open_enum! {
    /// The category of a website. Documented values: `work`, `personal`, `other`.
    ///
    /// ```
    /// use copper_lead::WebsiteCategory;
    ///
    /// assert_eq!(serde_json::to_string(&WebsiteCategory::Work)?, r#""work""#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub enum WebsiteCategory("a website category") {
        Work = "work",
        Personal = "personal",
        Other = "other",
    }
}
