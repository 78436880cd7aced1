//! Public mailbox providers: email domains shared by many unrelated people.

use std::collections::BTreeSet;

use crate::model::email::Email;

/// Domains of public mailbox providers, lowercase and sorted (a test checks the order).
/// Copper treats a company's `email_domain` as a unique key, so a company must never get one
/// of these: every lead with a gmail.com address would collide on the same company.
const SHIPPED: &[&str] = &[
    "126.com",
    "139.com",
    "163.com",
    "188.com",
    "aim.com",
    "aol.co.uk",
    "aol.com",
    "aol.de",
    "aol.fr",
    "att.net",
    "bellsouth.net",
    "bk.ru",
    "bol.com.br",
    "btinternet.com",
    "charter.net",
    "comcast.net",
    "cox.net",
    "daum.net",
    "earthlink.net",
    "email.com",
    "fastmail.com",
    "fastmail.fm",
    "foxmail.com",
    "free.fr",
    "freenet.de",
    "gmail.com",
    "gmx.at",
    "gmx.ch",
    "gmx.com",
    "gmx.de",
    "gmx.fr",
    "gmx.net",
    "googlemail.com",
    "hanmail.net",
    "hey.com",
    "hotmail.be",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.com.br",
    "hotmail.de",
    "hotmail.es",
    "hotmail.fr",
    "hotmail.it",
    "hushmail.com",
    "icloud.com",
    "inbox.com",
    "inbox.ru",
    "interia.pl",
    "juno.com",
    "kakao.com",
    "laposte.net",
    "libero.it",
    "list.ru",
    "live.ca",
    "live.co.uk",
    "live.com",
    "live.com.au",
    "live.com.mx",
    "live.de",
    "live.fr",
    "live.it",
    "live.nl",
    "mac.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "nate.com",
    "naver.com",
    "o2.pl",
    "onet.pl",
    "optonline.net",
    "orange.fr",
    "outlook.com",
    "outlook.com.br",
    "outlook.de",
    "outlook.es",
    "outlook.fr",
    "outlook.it",
    "pm.me",
    "proton.me",
    "protonmail.ch",
    "protonmail.com",
    "qq.com",
    "rambler.ru",
    "rediffmail.com",
    "rocketmail.com",
    "sbcglobal.net",
    "seznam.cz",
    "sfr.fr",
    "sina.com",
    "sky.com",
    "sohu.com",
    "t-online.de",
    "terra.com.br",
    "tiscali.it",
    "tuta.io",
    "tutanota.com",
    "uol.com.br",
    "verizon.net",
    "virgilio.it",
    "wanadoo.fr",
    "web.de",
    "wp.pl",
    "ya.ru",
    "yahoo.ca",
    "yahoo.co.id",
    "yahoo.co.in",
    "yahoo.co.jp",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.com.ar",
    "yahoo.com.au",
    "yahoo.com.br",
    "yahoo.com.mx",
    "yahoo.de",
    "yahoo.es",
    "yahoo.fr",
    "yahoo.it",
    "yandex.com",
    "yandex.ru",
    "yeah.net",
    "ymail.com",
    "zoho.com",
    "zohomail.com",
];

/// The email domains of public mailbox providers, which never become a company's
/// `email_domain` in a conversion: the list this crate ships (gmail.com, outlook.com,
/// yahoo.com.mx, uol.com.br, bk.ru, hanmail.net and about 120 more), plus any the caller adds
/// (an account's own free-mail providers, or a regional one the list lacks).
///
/// Domains match ignoring ASCII case and one trailing dot (`Gmail.com.` is gmail.com).
///
/// ```
/// use copper_lead::convert::PublicMailboxes;
///
/// let mailboxes = PublicMailboxes::new().with_domain("Mail.Example.org");
/// assert!(mailboxes.contains("gmail.com."));
/// assert!(mailboxes.contains("mail.example.org"));
/// assert!(!mailboxes.contains("noemail.com"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicMailboxes {
    /// Added by the caller: lowercase, without a trailing dot.
    added: BTreeSet<String>,
}

impl PublicMailboxes {
    /// The shipped list.
    #[must_use]
    pub fn new() -> Self {
        PublicMailboxes::default()
    }

    /// The shipped list and `domain`.
    #[must_use]
    pub fn with_domain(mut self, domain: &str) -> Self {
        self.added.insert(normalize(domain).to_ascii_lowercase());
        self
    }

    /// The domains the caller added, lowercase.
    pub fn added(&self) -> impl Iterator<Item = &str> {
        self.added.iter().map(String::as_str)
    }

    /// Whether `domain` is a public mailbox domain: shipped or added.
    #[must_use]
    pub fn contains(&self, domain: &str) -> bool {
        let domain = normalize(domain);
        is_shipped(domain)
            || (!self.added.is_empty() && self.added.contains(&domain.to_ascii_lowercase()))
    }

    /// The domain that names the company of someone with this email address, as Copper
    /// identifies companies: the part after the last `@`, lowercase, without a trailing
    /// dot; `None` when there is none or it is a public mailbox's. What a conversion sets as
    /// a new company's `email_domain`, and what [`duplicates::lookups`](crate::duplicates::lookups)
    /// searches for.
    pub(crate) fn company_domain(&self, email: &Email) -> Option<String> {
        let domain = normalize(email.domain()?.trim());
        (!domain.is_empty() && !self.contains(domain)).then(|| domain.to_ascii_lowercase())
    }
}

/// `domain` without one trailing dot (a fully qualified name, `gmail.com.`).
fn normalize(domain: &str) -> &str {
    domain.strip_suffix('.').unwrap_or(domain)
}

fn is_shipped(domain: &str) -> bool {
    // Compares lowercased bytes in place: no allocation on the conversion path.
    let folded = domain.bytes().map(|b| b.to_ascii_lowercase());
    SHIPPED
        .binary_search_by(|listed| listed.bytes().cmp(folded.clone()))
        .is_ok()
}

/// Whether `domain` is on the shipped list of public mailbox providers (gmail.com,
/// outlook.com, yahoo.com, icloud.com, proton.me and the like), ignoring ASCII case and a
/// trailing dot; see [`PublicMailboxes`] to add more.
///
/// ```
/// use copper_lead::convert::is_public_mailbox_domain;
///
/// assert!(is_public_mailbox_domain("Gmail.com"));
/// assert!(is_public_mailbox_domain("uol.com.br."));
/// assert!(!is_public_mailbox_domain("noemail.com"));
/// ```
#[must_use]
pub fn is_public_mailbox_domain(domain: &str) -> bool {
    is_shipped(normalize(domain))
}

#[cfg(test)]
mod tests {
    use super::{PublicMailboxes, SHIPPED, is_public_mailbox_domain};

    #[test]
    fn every_listed_domain_matches_in_any_case_and_near_misses_do_not() {
        for domain in SHIPPED {
            assert!(is_public_mailbox_domain(domain), "{domain}");
            assert!(
                is_public_mailbox_domain(&domain.to_ascii_uppercase()),
                "{domain}"
            );
            assert!(is_public_mailbox_domain(&format!("{domain}.")), "{domain}");
            assert!(
                !is_public_mailbox_domain(&format!("{domain}.evil")),
                "{domain}"
            );
            assert!(!is_public_mailbox_domain(&format!("x{domain}")), "{domain}");
            assert!(
                !is_public_mailbox_domain(&format!("{domain}..")),
                "{domain}"
            );
            assert!(
                !is_public_mailbox_domain(&domain[..domain.len() - 1]),
                "{domain}"
            );
        }
        assert!(!is_public_mailbox_domain(""));
        assert!(!is_public_mailbox_domain("."));
    }

    #[test]
    fn the_list_is_sorted_lowercase_and_unique() {
        assert!(SHIPPED.windows(2).all(|w| w[0] < w[1]));
        assert!(SHIPPED.iter().all(|d| d.to_ascii_lowercase() == *d));
    }

    #[test]
    fn the_regional_providers_the_review_named_are_listed() {
        for domain in [
            "uol.com.br",
            "yahoo.com.mx",
            "bk.ru",
            "hanmail.net",
            "gmail.com.",
        ] {
            assert!(is_public_mailbox_domain(domain), "{domain}");
        }
    }

    #[test]
    fn callers_add_domains() {
        let mailboxes = PublicMailboxes::new().with_domain("Corp-Free.Example.");
        assert!(mailboxes.contains("corp-free.example"));
        assert!(mailboxes.contains("CORP-FREE.EXAMPLE."));
        assert!(mailboxes.contains("gmail.com"));
        assert!(!PublicMailboxes::new().contains("corp-free.example"));
        assert_eq!(mailboxes.added().collect::<Vec<_>>(), ["corp-free.example"]);
    }
}
