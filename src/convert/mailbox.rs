//! Public mailbox providers: email domains shared by many unrelated people.

/// Domains of public mailbox providers, lowercase and sorted (a test checks the order).
/// Copper treats a company's `email_domain` as a unique key, so a company must never get one
/// of these: every lead with a gmail.com address would collide on the same company.
const PUBLIC_MAILBOX_DOMAINS: &[&str] = &[
    "126.com",
    "163.com",
    "aim.com",
    "aol.com",
    "att.net",
    "bellsouth.net",
    "btinternet.com",
    "comcast.net",
    "cox.net",
    "earthlink.net",
    "fastmail.com",
    "fastmail.fm",
    "free.fr",
    "gmail.com",
    "gmx.at",
    "gmx.ch",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.de",
    "hotmail.es",
    "hotmail.fr",
    "hotmail.it",
    "hushmail.com",
    "icloud.com",
    "inbox.com",
    "laposte.net",
    "libero.it",
    "live.ca",
    "live.co.uk",
    "live.com",
    "live.de",
    "live.fr",
    "live.nl",
    "mac.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "naver.com",
    "orange.fr",
    "outlook.com",
    "outlook.de",
    "outlook.es",
    "outlook.fr",
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
    "sky.com",
    "t-online.de",
    "tuta.io",
    "tutanota.com",
    "verizon.net",
    "web.de",
    "wp.pl",
    "yahoo.ca",
    "yahoo.co.in",
    "yahoo.co.jp",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.com.au",
    "yahoo.com.br",
    "yahoo.de",
    "yahoo.es",
    "yahoo.fr",
    "yahoo.it",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "zoho.com",
    "zohomail.com",
];

/// Whether `domain` belongs to a public mailbox provider (gmail.com, outlook.com, yahoo.com,
/// icloud.com, proton.me and the like), ignoring ASCII case. Conversion gives a new company
/// no `email_domain` for these.
///
/// ```
/// use copper_lead::convert::is_public_mailbox_domain;
///
/// assert!(is_public_mailbox_domain("Gmail.com"));
/// assert!(!is_public_mailbox_domain("noemail.com"));
/// ```
#[must_use]
pub fn is_public_mailbox_domain(domain: &str) -> bool {
    // Compares lowercased bytes in place: no allocation on the conversion path.
    let folded = domain.bytes().map(|b| b.to_ascii_lowercase());
    PUBLIC_MAILBOX_DOMAINS
        .binary_search_by(|listed| listed.bytes().cmp(folded.clone()))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::{PUBLIC_MAILBOX_DOMAINS, is_public_mailbox_domain};

    #[test]
    fn every_listed_domain_matches_in_any_case_and_near_misses_do_not() {
        for domain in PUBLIC_MAILBOX_DOMAINS {
            assert!(is_public_mailbox_domain(domain), "{domain}");
            assert!(
                is_public_mailbox_domain(&domain.to_ascii_uppercase()),
                "{domain}"
            );
            assert!(
                !is_public_mailbox_domain(&format!("{domain}.evil")),
                "{domain}"
            );
            assert!(!is_public_mailbox_domain(&format!("x{domain}")), "{domain}");
            assert!(
                !is_public_mailbox_domain(&domain[..domain.len() - 1]),
                "{domain}"
            );
        }
        assert!(!is_public_mailbox_domain(""));
    }

    #[test]
    fn the_list_is_sorted_lowercase_and_unique() {
        assert!(PUBLIC_MAILBOX_DOMAINS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            PUBLIC_MAILBOX_DOMAINS
                .iter()
                .all(|d| d.to_ascii_lowercase() == *d)
        );
    }
}
