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
//! Two leads are the same person only on evidence about those two:
//!
//! - **an email address**, normalised ([`normalize_email`]): compared ignoring case; Gmail
//!   addresses ignoring dots in the local part and `googlemail.com` as `gmail.com`; and, only
//!   at providers that deliver `name+tag@` to `name@` (Gmail, Outlook.com, iCloud, Fastmail,
//!   Proton), ignoring the `+tag`. Elsewhere a dot or a plus may name another mailbox, so
//!   they count. An address validation refuses is not compared. The same mailbox is strong
//!   evidence ([`Confidence::High`]);
//! - **a phone number**, normalised ([`normalize_phone`]): its digits with the country code
//!   (`+1 415-555-1234` and `(415) 555-1234` match; `+44 415 555 1234` is another number),
//!   with its extension if it has one, and only between leads whose names agree (the same
//!   last name and first initial, or one without a name): a shared number with different
//!   names is a switchboard, not a person ([`Confidence::Medium`]);
//! - **a name and a company**, both given, compared ignoring case, punctuation, spacing and
//!   the company's legal form (`Inc`, `Ltd`, `GmbH`, ...) ([`Confidence::Low`]).
//!
//! Two leads with different email addresses are never the same person on a phone number or a
//! name. A group is one lead (the first of it in the batch, its *primary*) and the leads with
//! evidence about themselves and that lead: it never grows through a chain (A like B, B like
//! C, so A like C), and each member says what joined it ([`DuplicateGroup::evidence`]).
//!
//! Grouping is linear in the number of leads: each key is hashed once and looked up among at
//! most [`KEY_CANDIDATES`] primaries (a number or a name shared by more people than that is
//! not evidence of anything).
//!
//! ```
//! use copper_lead::{EmailCategory, Lead, PhoneCategory};
//! use copper_lead::duplicates::{self, Confidence};
//!
//! let leads = [
//!     Lead::builder("Ada Lovelace").email("Ada.Lovelace+crm@gmail.com", EmailCategory::Work)
//!         .phone_number("+44 20 7946 0958", PhoneCategory::Work).build()?,
//!     Lead::builder("A. Lovelace").email("adalovelace@googlemail.com", EmailCategory::Personal).build()?,
//!     Lead::builder("Ada Lovelace").phone_number("+44 (20) 7946-0958", PhoneCategory::Mobile).build()?,
//!     // The same switchboard, another person: no evidence.
//!     Lead::builder("Charles Babbage").phone_number("+44 20 7946 0958", PhoneCategory::Work).build()?,
//! ];
//! let groups = duplicates::group(&leads);
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].members(), [0, 1, 2]); // by email, and by phone with the same name
//! assert_eq!(groups[0].confidence(), Confidence::Medium);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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

/// A phone number as compared for duplicates: `+` and its digits with the country code, then
/// `x` and the extension's digits if there is one. `None` for a number validation would
/// refuse (fewer than 7 digits, letters, other text).
///
/// The country code is kept when the number gives it (`+44 ...`, `0044 ...`), so numbers of
/// different countries never match. A number written without one is read as North American
/// when it has ten digits (or eleven starting with the trunk `1`), as Copper's own examples
/// are; any other (`020 7946 0958`, with a trunk `0`) is kept as written, and matches only
/// the same national form: a miss is the safe side, the two leads stay apart.
///
/// ```
/// use copper_lead::duplicates::normalize_phone;
///
/// assert_eq!(normalize_phone("+1 (415) 555-1234").as_deref(), Some("+14155551234"));
/// assert_eq!(normalize_phone("(415) 555-1234").as_deref(), Some("+14155551234"));
/// assert_eq!(normalize_phone("415.555.1234 ext. 12").as_deref(), Some("+14155551234x12"));
/// assert_ne!(normalize_phone("+44 415 555 1234"), normalize_phone("+1 415 555 1234"));
/// assert_eq!(normalize_phone("1-800-555-HELP"), None); // letters: not compared
/// assert_eq!(normalize_phone("+44 20 7946 0958"), normalize_phone("0044 20 7946 0958"));
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
    let number = if main.trim_start().starts_with('+') {
        format!("+{digits}")
    } else if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else if digits.len() == 10 && !digits.starts_with(['0', '1']) {
        format!("+1{digits}")
    } else if digits.len() == 11 && digits.starts_with('1') {
        format!("+{digits}")
    } else {
        digits
    };
    let extension: String = extension.chars().filter(char::is_ascii_digit).collect();
    Some(if extension.is_empty() {
        number
    } else {
        format!("{number}x{extension}")
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

/// What a key is, and so what it proves.
///
/// ```
/// use copper_lead::duplicates::{self, MatchKind};
/// use copper_lead::{Lead, PhoneCategory};
///
/// let leads = [
///     Lead::builder("Ada").phone_number("+1 415-555-1234", PhoneCategory::Work).build()?,
///     Lead::builder("Ada").phone_number("(415) 555-1234", PhoneCategory::Mobile).build()?,
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

impl MatchKind {
    /// How much a key of this kind proves.
    #[must_use]
    pub const fn confidence(self) -> Confidence {
        match self {
            MatchKind::Email => Confidence::High,
            MatchKind::Phone => Confidence::Medium,
            MatchKind::NameAndCompany => Confidence::Low,
        }
    }
}

/// How sure a match is: by the same mailbox, by the same number and name, or by the same name
/// at the same company.
///
/// ```
/// use copper_lead::duplicates::{Confidence, MatchKind};
///
/// assert!(Confidence::High > Confidence::Low);
/// assert_eq!(MatchKind::Phone.confidence(), Confidence::Medium);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Confidence {
    /// The same name at the same company.
    Low,
    /// The same phone number (and extension), with names that agree.
    Medium,
    /// The same email address.
    High,
}

/// One key two leads share: its kind and its normalised text.
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[non_exhaustive]
pub struct SharedKey {
    /// What kind of key.
    pub on: MatchKind,
    /// The normalised key.
    pub key: String,
}

/// Leads that are the same person: the first of them in the batch (the primary), and the
/// others, each with the key it shares with the primary.
///
/// ```
/// use copper_lead::duplicates::{self, Confidence};
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
/// assert_eq!(groups[0].evidence()[0].0, 2); // lead 2 joined lead 0 by its email
/// assert_eq!(groups[0].confidence(), Confidence::High);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateGroup {
    members: Vec<usize>,
    ids: Vec<Option<LeadId>>,
    evidence: Vec<(usize, SharedKey)>,
    shared: Vec<SharedKey>,
    confidence: Confidence,
}

impl DuplicateGroup {
    /// The leads' positions in the batch, in order; the first is the primary.
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

    /// For each member but the primary: its position, and the key it shares with the
    /// primary (the evidence it is the same person).
    #[must_use]
    pub fn evidence(&self) -> &[(usize, SharedKey)] {
        &self.evidence
    }

    /// The keys of the evidence, each once.
    #[must_use]
    pub fn shared(&self) -> &[SharedKey] {
        &self.shared
    }

    /// The confidence of the weakest evidence.
    #[must_use]
    pub fn confidence(&self) -> Confidence {
        self.confidence
    }
}

/// How many primaries one key is looked up among: a phone number or a name shared by more
/// people than this proves nothing about any two of them, and a bound keeps grouping linear.
///
/// ```
/// assert_eq!(copper_lead::duplicates::KEY_CANDIDATES, 8);
/// ```
pub const KEY_CANDIDATES: usize = 8;

/// One lead as the deduper keeps it: its id, and hashes of what a match must agree with.
#[derive(Debug, Clone, Copy)]
struct Added {
    id: Option<LeadId>,
    /// The email address (normalised, or as written when not valid), hashed; 0 for none.
    email: u64,
    /// The name's signature ([`name_signature`]), hashed; 0 for none.
    name: u64,
}

/// The primaries that have one key: the first, and where the others are (at most
/// [`KEY_CANDIDATES`] in all).
#[derive(Debug, Clone, Copy)]
struct Candidates {
    first: usize,
    /// An index into the deduper's overflow lists, for a key more than one primary has.
    more: Option<usize>,
}

/// Groups leads fed one at a time, keeping only hashes of their keys (not the leads, nor the
/// keys' text): a few dozen bytes a lead, so a stream of a million leads groups in about a
/// hundred megabytes.
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
    added: Vec<Added>,
    /// The leads that joined a primary: the primary, and the key they share.
    joined: BTreeMap<usize, (usize, SharedKey)>,
    /// Each key, by a 128-bit hash of its kind and text: the primaries that have it.
    index: HashMap<u128, Candidates>,
    overflow: Vec<Vec<usize>>,
}

/// The last word and first initial of a name (`lovelace a` for "Ada Lovelace" and "A.
/// Lovelace"), to tell whether two leads with one phone number are one person.
fn name_signature(name: &str) -> Option<String> {
    let words = words(name);
    let (first, last) = (words.first()?, words.last()?);
    let initial = first.chars().next()?;
    Some(format!("{last} {initial}"))
}

/// A text's hash, never 0 (which stands for none). The hasher's keys are fixed, so the same
/// text hashes the same in every run.
fn hash_text(salt: u8, text: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one((salt, text)) | 1
}

/// A key's 128-bit hash: two independent 64-bit ones.
fn hash_key(on: MatchKind, key: &str) -> u128 {
    let kind = on as u8;
    (u128::from(hash_text(kind, key)) << 64) | u128::from(hash_text(kind.wrapping_add(16), key))
}

impl Deduper {
    /// An empty deduper.
    #[must_use]
    pub fn new() -> Self {
        Deduper::default()
    }

    /// Adds a lead; returns its position.
    pub fn add(&mut self, lead: &Lead) -> usize {
        let position = self.added.len();
        let written = lead
            .email
            .value()
            .and_then(|e| e.email.as_deref())
            .map(str::trim)
            .filter(|e| !e.is_empty());
        let email = written.and_then(normalize_email);
        // An address that is not valid is not matched on, but is still one that differs
        // from another lead's: evidence against a match.
        let added = Added {
            id: lead.id.value().copied(),
            email: email
                .as_deref()
                .map(str::to_owned)
                .or_else(|| written.map(str::to_lowercase))
                .map_or(0, |email| hash_text(0, &email)),
            name: lead
                .name
                .as_deref()
                .and_then(name_signature)
                .map_or(0, |name| hash_text(1, &name)),
        };
        let mut keys: Vec<(MatchKind, String)> = email
            .map(|key| (MatchKind::Email, key))
            .into_iter()
            .collect();
        keys.extend(
            lead.phone_numbers
                .items()
                .iter()
                .filter_map(|p| p.number.as_deref().and_then(normalize_phone))
                .map(|key| (MatchKind::Phone, key)),
        );
        keys.extend(
            lead.name
                .as_deref()
                .zip(lead.company_name.as_deref())
                .and_then(|(name, company)| name_and_company(name, company))
                .map(|key| (MatchKind::NameAndCompany, key)),
        );
        // Strongest evidence first; a key twice on one lead counts once.
        keys.sort_unstable();
        keys.dedup();
        let hashes: Vec<u128> = keys.iter().map(|(on, key)| hash_key(*on, key)).collect();
        let joined = keys.iter().zip(&hashes).find_map(|((on, key), hash)| {
            let candidates = self.index.get(hash)?;
            let more = candidates
                .more
                .and_then(|at| self.overflow.get(at))
                .map_or(&[][..], Vec::as_slice);
            let primary = std::iter::once(&candidates.first)
                .chain(more)
                .copied()
                .find(|primary| {
                    self.added
                        .get(*primary)
                        .is_some_and(|theirs| agree(*on, theirs, &added))
                })?;
            Some((
                primary,
                SharedKey {
                    on: *on,
                    key: key.clone(),
                },
            ))
        });
        match joined {
            Some(joined) => {
                self.joined.insert(position, joined);
            }
            None => {
                for hash in hashes {
                    self.register(hash, position);
                }
            }
        }
        self.added.push(added);
        position
    }

    /// Records that the primary at `position` has the key `hash` (unless enough do).
    fn register(&mut self, hash: u128, position: usize) {
        match self.index.get_mut(&hash) {
            None => {
                self.index.insert(
                    hash,
                    Candidates {
                        first: position,
                        more: None,
                    },
                );
            }
            Some(Candidates { more: Some(at), .. }) => {
                if let Some(list) = self.overflow.get_mut(*at)
                    && list.len() + 1 < KEY_CANDIDATES
                {
                    list.push(position);
                }
            }
            Some(candidates) => {
                candidates.more = Some(self.overflow.len());
                self.overflow.push(vec![position]);
            }
        }
    }

    /// How many leads were added.
    #[must_use]
    pub fn len(&self) -> usize {
        self.added.len()
    }

    /// Whether none were added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
    }

    /// The groups of two or more leads, ordered by their primary.
    #[must_use]
    pub fn groups(&self) -> Vec<DuplicateGroup> {
        let mut by_primary: BTreeMap<usize, Vec<(usize, &SharedKey)>> = BTreeMap::new();
        for (position, (primary, key)) in &self.joined {
            by_primary
                .entry(*primary)
                .or_default()
                .push((*position, key));
        }
        by_primary
            .into_iter()
            .map(|(primary, joined)| {
                let id = |position: usize| self.added.get(position).and_then(|a| a.id);
                let mut members = vec![primary];
                members.extend(joined.iter().map(|(position, _)| *position));
                let mut shared: Vec<SharedKey> =
                    joined.iter().map(|(_, key)| (*key).clone()).collect();
                shared.sort();
                shared.dedup();
                DuplicateGroup {
                    ids: members.iter().map(|position| id(*position)).collect(),
                    confidence: joined
                        .iter()
                        .map(|(_, key)| key.on.confidence())
                        .min()
                        .unwrap_or(Confidence::High),
                    evidence: joined
                        .into_iter()
                        .map(|(position, key)| (position, key.clone()))
                        .collect(),
                    shared,
                    members,
                }
            })
            .collect()
    }
}

/// Whether a lead may be the primary's person on a key of kind `on`: the same mailbox always;
/// a phone number or a name only when the emails do not differ, and, for a phone number, the
/// names do not either.
fn agree(on: MatchKind, primary: &Added, lead: &Added) -> bool {
    let differ = |a: u64, b: u64| a != 0 && b != 0 && a != b;
    match on {
        MatchKind::Email => true,
        MatchKind::Phone => !differ(primary.email, lead.email) && !differ(primary.name, lead.name),
        MatchKind::NameAndCompany => !differ(primary.email, lead.email),
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
