//! [`Email`]: an email address with its category.

use crate::model::category::EmailCategory;
use crate::wire::record::wire_record;

wire_record! {
    /// An email address with its category. A lead has one (`email`); a person has a list
    /// (`emails`).
    ///
    /// ```
    /// use copper_lead::{Email, EmailCategory};
    ///
    /// let e = Email::new("ada@example.com", EmailCategory::Work);
    /// assert_eq!(serde_json::to_string(&e)?, r#"{"email":"ada@example.com","category":"work"}"#);
    /// assert_eq!(e.domain(), Some("example.com"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Email("an email") setters {
        /// The address.
        email: String,
        /// Its category.
        category: EmailCategory,
    }
}

impl Email {
    /// An email entry with an address and a category.
    #[must_use]
    pub fn new(address: impl Into<String>, category: EmailCategory) -> Self {
        Email {
            email: address.into().into(),
            category: category.into(),
            extra: crate::wire::extra::Extra::default(),
        }
    }

    /// The part after the last `@`, if the address has one and it is not empty.
    #[must_use]
    pub fn domain(&self) -> Option<&str> {
        let address = self.email.as_deref()?;
        address
            .rsplit_once('@')
            .map(|(_, domain)| domain)
            .filter(|d| !d.is_empty())
    }
}

/// The email address rule: what `email_address` accepts with display names and domain
/// literals switched off and a top-level domain required. Returns the reason, lowercase.
#[cfg(feature = "validate")]
pub(crate) fn check_address(address: &str) -> Result<(), &'static str> {
    use email_address::Error as E;
    if is_plain_address(address) {
        return Ok(());
    }
    let options = email_address::Options::default()
        .without_display_text()
        .without_domain_literal()
        .with_required_tld();
    let Err(err) = email_address::EmailAddress::parse_with_options(address, options) else {
        return Ok(());
    };
    Err(match err {
        E::InvalidCharacter => "has a character an email address cannot hold",
        E::MissingSeparator => "has no @",
        E::LocalPartEmpty => "has nothing before the @",
        E::LocalPartTooLong => "has more than 64 characters before the @",
        E::DomainEmpty => "has nothing after the @",
        E::DomainTooLong => "has a domain longer than 254 characters",
        E::SubDomainEmpty | E::DomainInvalidSeparator => "has an empty label in its domain",
        E::SubDomainTooLong => "has a domain label longer than 63 characters",
        E::DomainTooFew => "has no top-level domain",
        E::UnbalancedQuotes => "has unbalanced quotes",
        E::InvalidComment => "has a badly formed comment",
        E::UnsupportedDomainLiteral | E::InvalidIPAddress => "has an IP address for a domain",
        E::UnsupportedDisplayName | E::MissingDisplayName | E::MissingEndBracket => {
            "has a display name or angle brackets; give the bare address"
        }
    })
}

/// A fast path for the common case, `local@label.label` in plain ASCII, accepted only where
/// `email_address` (with the options above) certainly accepts too: a dot-atom local part of
/// letters, digits and `_ % + -` up to 64 bytes, and two or more domain labels of letters,
/// digits and inner hyphens. A property test checks the agreement.
#[cfg(feature = "validate")]
fn is_plain_address(address: &str) -> bool {
    let bytes = address.as_bytes();
    let mut at = 0;
    // The local part: dot-separated atoms, up to the first `@`.
    loop {
        let start = at;
        while bytes
            .get(at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'%' | b'+' | b'-'))
        {
            at += 1;
        }
        if at == start {
            return false;
        }
        match bytes.get(at) {
            Some(b'.') => at += 1,
            Some(b'@') => break,
            _ => return false,
        }
    }
    if at > 64 {
        return false;
    }
    at += 1;
    // The domain: at least two dot-separated labels, each starting and ending with a letter
    // or digit.
    let domain = at;
    let mut labels = 0;
    loop {
        let start = at;
        while bytes
            .get(at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            at += 1;
        }
        let label_ok = bytes.get(start..at).is_some_and(|label| {
            (1..=63).contains(&label.len())
                && label.first() != Some(&b'-')
                && label.last() != Some(&b'-')
        });
        if !label_ok {
            return false;
        }
        labels += 1;
        match bytes.get(at) {
            Some(b'.') => at += 1,
            None => break,
            Some(_) => return false,
        }
    }
    labels >= 2 && at - domain <= 253
}

#[cfg(all(test, feature = "validate"))]
mod tests {
    use super::{check_address, is_plain_address};
    use proptest::prelude::*;

    proptest! {
        /// The fast path never accepts what `email_address` refuses.
        #[test]
        fn fast_path_agrees_with_email_address(address in "[a-zA-Z0-9._%+@-]{0,12}@[a-zA-Z0-9.-]{0,16}") {
            if is_plain_address(&address) {
                let options = email_address::Options::default()
                    .without_display_text()
                    .without_domain_literal()
                    .with_required_tld();
                prop_assert!(email_address::EmailAddress::parse_with_options(&address, options).is_ok(), "{}", address);
            }
        }
    }

    #[test]
    fn email_rule_table() {
        for ok in [
            "mylead@noemail.com",
            "somelead1@hull.io",
            "a.b+c@sub.example.co.uk",
        ] {
            assert_eq!(check_address(ok), Ok(()), "{ok}");
        }
        let bad = [
            ("", "has no @"),
            ("no-at.example.com", "has no @"),
            ("a@localhost", "has no top-level domain"),
            (
                "Ada <ada@example.com>",
                "has a display name or angle brackets; give the bare address",
            ),
            ("ada@[127.0.0.1]", "has an IP address for a domain"),
            (
                "a b@example.com",
                "has a character an email address cannot hold",
            ),
            ("@example.com", "has nothing before the @"),
            ("a@example..com", "has an empty label in its domain"),
        ];
        for (text, reason) in bad {
            assert_eq!(check_address(text), Err(reason), "{text}");
        }
    }
}
