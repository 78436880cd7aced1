//! Finding duplicates before Copper decides for you: leads that are the same person, within a
//! batch ([`Deduper`], [`group`]), and the requests that find a person or company Copper
//! already has ([`lookups`]).
//!
//! Copper identifies people by email and companies by email domain, and leads not at all
//! ("leads do not have a unique identifier and will create duplicates"): an import creates
//! duplicate leads, and converting two of them attaches both to one person. Grouping first
//! lets a caller merge, skip or convert on purpose.
//!
//! # What counts as the same
//!
//! Two leads are in one group when they share, directly or through other leads of the group:
//!
//! - **an email address**, normalised ([`normalize_email`]): compared ignoring case; Gmail
//!   addresses ignoring dots in the local part and `googlemail.com` as `gmail.com`; and, only
//!   at providers that deliver `name+tag@` to `name@` (Gmail, Outlook.com, iCloud, Fastmail,
//!   Proton), ignoring the `+tag`. Elsewhere a dot or a plus may name another mailbox, so
//!   they count. An address validation refuses is not compared;
//! - **a phone number**, normalised ([`normalize_phone`]): its digits, the last ten of them
//!   (so `+1 415-555-1234` and `(415) 555-1234`, or `+44 20 7946 0958` and `020 7946 0958`,
//!   match), with its extension if it has one (`x12`, `ext. 12`: an office number with
//!   another extension is another person); a number validation refuses (fewer than seven
//!   digits, letters as in `1-800-FLOWERS`) is not compared;
//! - **a name and a company**, both given, compared ignoring case, punctuation, spacing and
//!   the company's legal form (`Inc`, `Ltd`, `GmbH`, ...).
//!
//! Grouping is linear in the number of leads (hashing each key once, and a union-find with
//! union by size and path halving, which is near-constant per operation), and
//! transitive: when A and B share an email and B and C a phone, A, B and C are one group.
//! Weak keys (a switchboard number without extensions, a common name at a large company) can
//! therefore chain many leads; [`DuplicateGroup::shared`] lists what joined each group, for a
//! person to judge.
//!
//! ```
//! use copper_lead::{EmailCategory, Lead, PhoneCategory};
//! use copper_lead::duplicates;
//!
//! let leads = [
//!     Lead::builder("Ada Lovelace").email("Ada.Lovelace+crm@gmail.com", EmailCategory::Work).build()?,
//!     Lead::builder("A. Lovelace").email("adalovelace@googlemail.com", EmailCategory::Personal)
//!         .phone_number("+44 20 7946 0958", PhoneCategory::Work).build()?,
//!     Lead::builder("Charles Babbage").phone_number("020 7946 0958", PhoneCategory::Mobile).build()?,
//!     Lead::builder("Grace Hopper").email("grace@example.com", EmailCategory::Work).build()?,
//! ];
//! let groups = duplicates::group(&leads);
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].members(), [0, 1, 2]); // by email, then by phone
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;
use std::collections::HashMap;

use crate::api::request::Request;
use crate::convert::mailbox::PublicMailboxes;
use crate::model::company::Company;
use crate::model::id::LeadId;
use crate::model::lead::Lead;
use crate::model::person::Person;

/// Providers that deliver `name+tag@` to `name@`.
const PLUS_TAG_PROVIDERS: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "fastmail.com",
    "fastmail.fm",
    "protonmail.com",
    "proton.me",
    "pm.me",
];

/// An email address as compared for duplicates: lowercased; for Gmail without dots in the
/// local part and with `googlemail.com` as `gmail.com`; without a `+tag` at providers that
/// ignore it. `None` for text that validation would refuse as an email address.
///
/// ```
/// use copper_lead::duplicates::normalize_email;
///
/// assert_eq!(normalize_email(" Ada.Lovelace+crm@GoogleMail.com ").as_deref(), Some("adalovelace@gmail.com"));
/// assert_eq!(normalize_email("ada+crm@outlook.com").as_deref(), Some("ada@outlook.com"));
/// // Elsewhere a dot or a plus may be another mailbox.
/// assert_eq!(normalize_email("ada.l+crm@example.com").as_deref(), Some("ada.l+crm@example.com"));
/// assert_eq!(normalize_email("not an address"), None);
/// ```
#[must_use]
pub fn normalize_email(address: &str) -> Option<String> {
    let address = address.trim();
    // Only an address that passes validation's email rule has a meaning to compare.
    crate::model::email::check_address(address).ok()?;
    let address = address.to_lowercase();
    let (local, domain) = address.rsplit_once('@')?;
    let domain = domain.trim_end_matches('.');
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let local = if PLUS_TAG_PROVIDERS.contains(&domain) {
        local.split_once('+').map_or(local, |(mailbox, _)| mailbox)
    } else {
        local
    };
    let local = if domain == "gmail.com" {
        local.replace('.', "")
    } else {
        local.to_owned()
    };
    (!local.is_empty()).then(|| format!("{local}@{domain}"))
}

/// The digits of a phone number as compared for duplicates: the last ten digits of the number
/// (dropping a country code and trunk prefix), then `x` and the extension's digits if there is
/// one. `None` for a number validation would refuse (fewer than 7 digits, letters, other
/// text).
///
/// Ten digits is the national number in North America and most of Europe; a shorter
/// national number (Germany's `030 1234567`) matches its international form only when both
/// are written the same way. A miss is the safe side: the two leads stay apart.
///
/// ```
/// use copper_lead::duplicates::normalize_phone;
///
/// assert_eq!(normalize_phone("+1 (415) 555-1234").as_deref(), Some("4155551234"));
/// assert_eq!(normalize_phone("415.555.1234 ext. 12").as_deref(), Some("4155551234x12"));
/// assert_eq!(normalize_phone("1-800-555-HELP"), None); // letters: not compared
/// assert_eq!(normalize_phone("+44 20 7946 0958"), normalize_phone("020 7946 0958"));
/// assert_eq!(normalize_phone("555-12"), None);
/// ```
#[must_use]
pub fn normalize_phone(number: &str) -> Option<String> {
    // Only a number that passes validation's phone rule (digits and + ( ) - . / and spaces,
    // then an optional `x`/`ext` extension) is compared: letters (`1-800-FLOWERS`) and other
    // text would make unrelated numbers look alike.
    crate::model::phone::check_number(number).ok()?;
    let split = number
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(number.len());
    let (main, extension) = number.split_at_checked(split)?;
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    let national = digits.get(digits.len().saturating_sub(10)..)?;
    let extension: String = extension.chars().filter(char::is_ascii_digit).collect();
    Some(if extension.is_empty() {
        national.to_owned()
    } else {
        format!("{national}x{extension}")
    })
}

/// Legal forms dropped from a company name.
const LEGAL_FORMS: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "gmbh",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "sa",
    "sas",
    "ag",
    "bv",
    "nv",
    "srl",
    "spa",
    "pty",
    "oy",
    "ab",
    "as",
];

/// Lowercased words of letters and digits, space-separated.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A name and a company as compared for duplicates, or `None` unless both have words.
///
/// ```
/// use copper_lead::duplicates::name_and_company;
///
/// assert_eq!(
///     name_and_company("Ada  LOVELACE", "Analytical Engines, Inc."),
///     name_and_company("ada lovelace", "analytical engines")
/// );
/// assert_eq!(name_and_company("Ada Lovelace", ""), None);
/// ```
#[must_use]
pub fn name_and_company(name: &str, company: &str) -> Option<String> {
    let name = words(name);
    let mut company = words(company);
    while company.len() > 1
        && company
            .last()
            .is_some_and(|w| LEGAL_FORMS.contains(&w.as_str()))
    {
        company.pop();
    }
    (!name.is_empty() && !company.is_empty())
        .then(|| format!("{}|{}", name.join(" "), company.join(" ")))
}

/// What two leads of a group share.
///
/// ```
/// use copper_lead::duplicates::{self, MatchKind};
/// use copper_lead::{Lead, PhoneCategory};
///
/// let leads = [
///     Lead::builder("Ada").phone_number("+1 415-555-1234", PhoneCategory::Work).build()?,
///     Lead::builder("Ada L").phone_number("(415) 555-1234", PhoneCategory::Mobile).build()?,
/// ];
/// let groups = duplicates::group(&leads);
/// assert_eq!(groups[0].shared()[0].on, MatchKind::Phone);
/// assert_eq!(serde_json::to_string(&MatchKind::NameAndCompany)?, r#""name_and_company""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MatchKind {
    /// A normalised email address.
    Email,
    /// A normalised phone number.
    Phone,
    /// A name and a company.
    NameAndCompany,
}

/// One key shared by leads of a group: its kind and its normalised text.
///
/// ```
/// use copper_lead::duplicates::{self, MatchKind};
/// use copper_lead::{EmailCategory, Lead};
///
/// let leads = [
///     Lead::builder("Ada").email("Ada@Example.com", EmailCategory::Work).build()?,
///     Lead::builder("Ada L").email("ada@example.com", EmailCategory::Work).build()?,
/// ];
/// let groups = duplicates::group(&leads);
/// let shared = &groups[0].shared()[0];
/// assert_eq!((shared.on, shared.key.as_str()), (MatchKind::Email, "ada@example.com"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct SharedKey {
    /// What kind of key.
    pub on: MatchKind,
    /// The normalised key.
    pub key: String,
}

/// Leads that are the same person: their positions in the batch, their ids, and the keys
/// that join them.
///
/// ```
/// use copper_lead::duplicates;
/// use copper_lead::{EmailCategory, Lead, LeadId};
///
/// let mut known = Lead::builder("Ada").email("ada@example.com", EmailCategory::Work).build()?;
/// known.id = LeadId::new(7).into();
/// let leads = [
///     known,
///     Lead::builder("Grace").email("grace@example.com", EmailCategory::Work).build()?,
///     Lead::builder("Ada L").email("ADA@example.com", EmailCategory::Work).build()?,
/// ];
/// let groups = duplicates::group(&leads);
/// assert_eq!(groups.len(), 1); // Grace is alone: not a group
/// assert_eq!(groups[0].members(), [0, 2]);
/// assert_eq!(groups[0].ids(), [Some(LeadId::new(7)), None]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateGroup {
    members: Vec<usize>,
    ids: Vec<Option<LeadId>>,
    shared: Vec<SharedKey>,
}

impl DuplicateGroup {
    /// The leads' positions in the batch, in order.
    #[must_use]
    pub fn members(&self) -> &[usize] {
        &self.members
    }

    /// The leads' ids (`None` for a lead without one), in the order of
    /// [`DuplicateGroup::members`].
    #[must_use]
    pub fn ids(&self) -> &[Option<LeadId>] {
        &self.ids
    }

    /// The keys shared by two or more of its leads.
    #[must_use]
    pub fn shared(&self) -> &[SharedKey] {
        &self.shared
    }
}

/// Groups leads fed one at a time, keeping only their keys (not the leads): a few hundred
/// bytes a lead, so a stream of a million leads groups in a few hundred megabytes at most.
///
/// ```
/// use copper_lead::duplicates::Deduper;
/// use copper_lead::{EmailCategory, Lead};
///
/// let mut deduper = Deduper::new();
/// deduper.add(&Lead::builder("Ada").email("ada@example.com", EmailCategory::Work).build()?);
/// deduper.add(&Lead::builder("Ada L").email("ADA@example.com", EmailCategory::Work).build()?);
/// assert_eq!(deduper.groups()[0].members(), [0, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Deduper {
    parent: Vec<usize>,
    /// The size of each root's set (union by size keeps the trees shallow).
    size: Vec<usize>,
    ids: Vec<Option<LeadId>>,
    /// Each key: the first lead that had it, and how many leads have it.
    keys: HashMap<(MatchKind, String), (usize, usize)>,
}

impl Deduper {
    /// An empty deduper.
    #[must_use]
    pub fn new() -> Self {
        Deduper::default()
    }

    /// Adds a lead; returns its position.
    pub fn add(&mut self, lead: &Lead) -> usize {
        let index = self.parent.len();
        self.parent.push(index);
        self.size.push(1);
        self.ids.push(lead.id.value().copied());
        let email = lead
            .email
            .value()
            .and_then(|e| e.email.as_deref())
            .and_then(normalize_email)
            .map(|key| (MatchKind::Email, key));
        let phones = lead
            .phone_numbers
            .items()
            .iter()
            .filter_map(|p| p.number.as_deref().and_then(normalize_phone))
            .map(|key| (MatchKind::Phone, key));
        let name = lead
            .name
            .as_deref()
            .zip(lead.company_name.as_deref())
            .and_then(|(name, company)| name_and_company(name, company))
            .map(|key| (MatchKind::NameAndCompany, key));
        let mut keys: Vec<(MatchKind, String)> =
            email.into_iter().chain(phones).chain(name).collect();
        // A key twice on one lead (two equal phone numbers) counts once.
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            match self.keys.get_mut(&key) {
                Some((first, count)) => {
                    *count += 1;
                    let first = *first;
                    self.union(first, index);
                }
                None => {
                    self.keys.insert(key, (index, 1));
                }
            }
        }
        index
    }

    /// How many leads were added.
    #[must_use]
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether none were added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The groups of two or more leads, ordered by their first member.
    #[must_use]
    pub fn groups(&mut self) -> Vec<DuplicateGroup> {
        let mut by_root: HashMap<usize, usize> = HashMap::new();
        let mut groups: Vec<DuplicateGroup> = Vec::new();
        for index in 0..self.parent.len() {
            let root = self.find(index);
            let slot = *by_root.entry(root).or_insert_with(|| {
                groups.push(DuplicateGroup {
                    members: Vec::new(),
                    ids: Vec::new(),
                    shared: Vec::new(),
                });
                groups.len() - 1
            });
            if let Some(group) = groups.get_mut(slot) {
                group.members.push(index);
                group.ids.push(self.ids.get(index).copied().flatten());
            }
        }
        let shared: Vec<(usize, SharedKey)> = self
            .keys
            .iter()
            .filter(|(_, (_, count))| *count > 1)
            .map(|((on, key), (first, _))| {
                (
                    *first,
                    SharedKey {
                        on: *on,
                        key: key.clone(),
                    },
                )
            })
            .collect();
        for (first, key) in shared {
            let root = self.find(first);
            if let Some(group) = by_root.get(&root).and_then(|slot| groups.get_mut(*slot)) {
                group.shared.push(key);
            }
        }
        groups.retain(|group| group.members.len() > 1);
        for group in &mut groups {
            group
                .shared
                .sort_by(|a, b| (a.on, &a.key).cmp(&(b.on, &b.key)));
        }
        groups
    }

    /// The root of `index`'s set, halving the path on the way.
    fn find(&mut self, mut index: usize) -> usize {
        while let Some(&parent) = self.parent.get(index) {
            if parent == index {
                break;
            }
            let grandparent = self.parent.get(parent).copied().unwrap_or(parent);
            if let Some(slot) = self.parent.get_mut(index) {
                *slot = grandparent;
            }
            index = grandparent;
        }
        index
    }

    /// Joins two sets, the larger one's root staying the root.
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let size = |i: usize| self.size.get(i).copied().unwrap_or(1);
        let (root, child) = if size(a) >= size(b) { (a, b) } else { (b, a) };
        let joined = size(a) + size(b);
        if let Some(slot) = self.parent.get_mut(child) {
            *slot = root;
        }
        if let Some(slot) = self.size.get_mut(root) {
            *slot = joined;
        }
    }
}

/// The groups of leads in a batch that are the same person; see the [module docs](self).
/// Leads that are alike only in nothing are in no group.
///
/// ```
/// use copper_lead::duplicates;
/// use copper_lead::Lead;
///
/// let leads = [
///     Lead::builder("Ada Lovelace").company_name("Analytical Engines Ltd").build()?,
///     Lead::builder("ada lovelace").company_name("Analytical Engines").build()?,
/// ];
/// assert_eq!(duplicates::group(&leads)[0].members(), [0, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn group(leads: &[Lead]) -> Vec<DuplicateGroup> {
    let mut deduper = Deduper::new();
    for lead in leads {
        deduper.add(lead);
    }
    deduper.groups()
}

/// The requests that find what Copper already has for a lead, before a create or a
/// conversion decides for you: the person with its email (`POST /people/fetch_by_email`; a
/// conversion attaches the lead to that person), and the companies with its email domain
/// (`POST /companies/search`), unless the domain is a public mailbox provider's.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::convert::PublicMailboxes;
/// use copper_lead::duplicates;
/// use copper_lead::{EmailCategory, Lead};
///
/// let lead = Lead::builder("Ada").email("ada@engines.example", EmailCategory::Work).build()?;
/// let found = duplicates::lookups(&lead, &PublicMailboxes::new());
/// let person = found.person.expect("the lead has an email");
/// // Copper answers 404 when nobody has that email: conversion will create the person.
/// assert_eq!(person.read(&Response::new(404, br#"{"success": false, "status": 404}"#))?, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Lookups {
    /// The person with the lead's email, if it has one.
    pub person: Option<Request<Option<Person>>>,
    /// The companies with the lead's email domain, if it is not a public mailbox's.
    pub companies: Option<Request<Vec<Company>>>,
}

/// The [`Lookups`] for a lead.
///
/// ```
/// use copper_lead::convert::PublicMailboxes;
/// use copper_lead::duplicates::lookups;
/// use copper_lead::{EmailCategory, Lead};
///
/// let work = Lead::builder("Ada").email("ada@engines.example", EmailCategory::Work).build()?;
/// let found = lookups(&work, &PublicMailboxes::new());
/// assert_eq!(found.person.map(|r| r.body().map(<[u8]>::to_vec)), Some(Some(br#"{"email":"ada@engines.example"}"#.to_vec())));
/// assert!(found.companies.is_some());
///
/// let gmail = Lead::builder("Ada").email("ada@gmail.com", EmailCategory::Personal).build()?;
/// assert!(lookups(&gmail, &PublicMailboxes::new()).companies.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn lookups(lead: &Lead, mailboxes: &PublicMailboxes) -> Lookups {
    let email = lead.email.value();
    Lookups {
        person: email
            .and_then(|e| e.email.as_deref())
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(crate::lookup::person_by_email),
        // The domain a conversion would give a new company.
        companies: email
            .and_then(|e| mailboxes.company_domain(e))
            .map(|d| crate::lookup::companies_by_email_domain(&d)),
    }
}
