//! A deterministic generator of realistic Copper leads, shared by the tests, the benchmarks
//! and the example data (`examples/data/leads.ndjson`).
//!
//! Leads are built as JSON text (not through the crate) so that they are independent input:
//! about 1.1 KB each, with every key Copper sends, custom field values of every data type,
//! some unicode and escapes, and an unknown key. `Sample::lead(i)` is the same for the same
//! `i` on every platform and run.

#![allow(dead_code, unreachable_pub)] // each includer uses part of it
#![allow(
    clippy::unreadable_literal,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::too_many_lines
)] // test data: ids as Copper writes them, small numbers

use serde_json::{Value, json};

/// `SplitMix64`: tiny, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const FIRST: [&str; 12] = [
    "Samantha", "Andrew", "José", "Zoë", "Ngozi", "Wei", "Olivia", "Mateusz", "Aarav", "Chloé",
    "Kwame", "Ingrid",
];
const LAST: [&str; 12] = [
    "Summers",
    "Sung",
    "Müller",
    "O'Neil",
    "Okafor",
    "Zhang",
    "García",
    "Kowalski",
    "Sharma",
    "Dubois",
    "Mensah",
    "Ødegård",
];
const COMPANIES: [&str; 8] = [
    "Copper",
    "Analytical Engines",
    "Løvenskiold & Co",
    "Acme \"Rockets\" Ltd",
    "Zhōngguó Tea",
    "Northwind",
    "Globex",
    "Initech",
];
const DOMAINS: [&str; 6] = [
    "copper.com",
    "example.com",
    "northwind.test",
    "gmail.com",
    "globex.io",
    "outlook.com",
];
const CITIES: [(&str, &str, &str); 5] = [
    ("San Francisco", "CA", "US"),
    ("São Paulo", "SP", "BR"),
    ("München", "BY", "DE"),
    ("Lagos", "LA", "NG"),
    ("Toronto", "ON", "CA"),
];
const TITLES: [&str; 5] = [
    "Onboarding Project Manager",
    "CTO",
    "Head of Procurement",
    "Buyer",
    "Founder & CEO",
];

/// Statuses of the generated leads, with their ids: Copper's default statuses, as its
/// `GET /lead_statuses` example lists them (none is at stage Qualified: an account on the
/// defaults qualifies leads by decision).
pub const STATUSES: [(&str, u64); 4] = [
    ("New", 208_231),
    ("Open", 208_232),
    ("Unqualified", 208_233),
    ("Junk", 208_234),
];

/// The custom field definitions the generated leads use: one of every data type.
pub fn definitions() -> Value {
    json!([
        {"id": 455893, "name": "Some Checkbox", "data_type": "Checkbox", "available_on": ["lead", "person"]},
        {"id": 455894, "name": "Some Currency", "data_type": "Currency", "available_on": ["lead", "opportunity"], "currency": "USD"},
        {"id": 455895, "name": "Some Date", "data_type": "Date", "available_on": ["lead", "person", "company", "opportunity"]},
        {"id": 455896, "name": "Some Dropdown", "data_type": "Dropdown", "available_on": ["lead", "opportunity"],
         "options": [{"id": 1532570, "name": "Large", "rank": 2}, {"id": 1532569, "name": "Medium", "rank": 1}, {"id": 1532568, "name": "Small", "rank": 0}]},
        {"id": 455897, "name": "Some Multi Select", "data_type": "MultiSelect", "available_on": ["lead", "company"],
         "options": [{"id": 1532722, "name": "Email", "rank": 3}, {"id": 1532721, "name": "Phone", "rank": 2}, {"id": 1532720, "name": "Event", "rank": 1}, {"id": 1532719, "name": "Referral", "rank": 0}]},
        {"id": 455899, "name": "Some Number", "data_type": "Float", "available_on": ["lead"]},
        {"id": 455900, "name": "Some Percentage", "data_type": "Percentage", "available_on": ["lead", "opportunity"]},
        {"id": 455901, "name": "Some Text Area", "data_type": "Text", "available_on": ["lead", "person", "company", "opportunity"]},
        {"id": 455902, "name": "Some Text Field", "data_type": "String", "available_on": ["lead", "person"]},
        {"id": 455903, "name": "Some Url", "data_type": "URL", "available_on": ["lead", "company"]},
        {"id": 455904, "name": "Some Connect", "data_type": "Connect", "available_on": ["lead"]}
    ])
}

/// The account's statuses as `GET /lead_statuses` answers: Copper's default four.
pub fn lead_statuses() -> Value {
    let statuses: Vec<Value> = STATUSES
        .iter()
        .enumerate()
        .map(
            |(i, (name, id))| json!({"id": id, "name": name, "order": i + 1, "is_default": i == 0}),
        )
        .collect();
    json!(statuses)
}

/// Ways a generated lead can be broken, for realistic invalid records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    None,
    BadEmail,
    ShortPhone,
    ScriptUrl,
    BlankName,
    NegativeValue,
    DuplicateTag,
    UnknownOption,
}

const FLAWS: [Flaw; 7] = [
    Flaw::BadEmail,
    Flaw::ShortPhone,
    Flaw::ScriptUrl,
    Flaw::BlankName,
    Flaw::NegativeValue,
    Flaw::DuplicateTag,
    Flaw::UnknownOption,
];

/// A realistic, valid lead (seeded by `index`) with the given status.
pub fn lead(index: u64, status: (&str, u64)) -> Value {
    lead_with(index, status, Flaw::None)
}

/// The lead the benchmarks parse: index 42, Open, valid.
pub fn bench_lead() -> String {
    lead(42, STATUSES[1]).to_string()
}

/// The status and flaw of lead `index` of the example data set: about 1 in 10 has a flaw.
fn data_set_params(index: u64) -> ((&'static str, u64), Flaw) {
    let mut rng = Rng::new(index ^ 0xC0FFEE);
    let status = *rng.pick(&STATUSES);
    let flaw = if rng.chance(10) {
        *rng.pick(&FLAWS)
    } else {
        Flaw::None
    };
    (status, flaw)
}

/// Lead `index` of the example data set: about 1 in 10 has a flaw, statuses vary, and about
/// 1 in 30 is the same person as an earlier lead, entered again ([`person_of`]).
pub fn data_set_lead(index: u64) -> Value {
    let (status, flaw) = data_set_params(index);
    match reentry(index) {
        Some((person, variant)) => lead_of(index, person, status, Flaw::None, Some(variant)),
        None => lead_with(index, status, flaw),
    }
}

/// How a person entered again differs from their first lead: the same mailbox written in
/// capitals, or no email and their own number written another way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reentry {
    EmailInCapitals,
    SamePhone,
}

/// The person lead `index` of the example data set is: its own index, or for a lead entered
/// again, the index of that person's first lead. Distinct people never share an email address
/// (each has their own), but may share a name, a company and a company switchboard.
pub fn person_of(index: u64) -> u64 {
    reentry(index).map_or(index, |(person, _)| person)
}

/// For a lead that enters an earlier person again: that person (the index of their first
/// lead) and how the entry differs.
fn reentry(index: u64) -> Option<(u64, Reentry)> {
    let mut rng = Rng::new(index ^ 0xD0D0_5EED);
    if index == 0 || !rng.chance(3) {
        return None;
    }
    let target = index - 1 - rng.below(index.min(40));
    let person = person_of(target);
    // Only a first lead whose email or own number is whole can be recognised again.
    let (_, flaw) = data_set_params(person);
    let own_phone = !switchboard(person);
    let variant = match flaw {
        Flaw::BadEmail | Flaw::BlankName if own_phone => Reentry::SamePhone,
        Flaw::BadEmail | Flaw::BlankName => return None,
        Flaw::ShortPhone => Reentry::EmailInCapitals,
        _ if own_phone && rng.chance(50) => Reentry::SamePhone,
        _ => Reentry::EmailInCapitals,
    };
    Some((person, variant))
}

/// Whether a person's number is their company's switchboard (shared by everyone who has it).
fn switchboard(person: u64) -> bool {
    Rng::new(person ^ 0x005B_0A4D).chance(15)
}

pub fn lead_with(index: u64, status: (&str, u64), flaw: Flaw) -> Value {
    lead_of(index, index, status, flaw, None)
}

/// Lead `index`, of person `person` (its name, company, email and phone), entered again as
/// `reentry` says, if it is.
fn lead_of(
    index: u64,
    person: u64,
    status: (&str, u64),
    flaw: Flaw,
    reentry: Option<Reentry>,
) -> Value {
    let mut who = Rng::new(person.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x00C0_FFEE);
    let first = *who.pick(&FIRST);
    let last = *who.pick(&LAST);
    let company_index = who.below(COMPANIES.len() as u64);
    let company = COMPANIES[company_index as usize];
    let domain = *who.pick(&DOMAINS);
    let mut rng = Rng::new(index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x0BAD_5EED);
    let (city, state, country) = *rng.pick(&CITIES);
    // Each person's own mailbox: a number keeps two people of one name apart.
    let local: String = format!("{first}.{last}{person}")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    let created = 1_575_663_576 + rng.below(150_000_000) as i64;
    let modified = created + rng.below(5_000_000) as i64;
    let value: Value = if rng.chance(50) {
        json!(1000 * (1 + rng.below(90)))
    } else {
        json!((1 + rng.below(9000)) as f64 * 10.0 + 0.5)
    };
    let converted = format!("{:.1}", value.as_f64().unwrap_or(0.0));
    let name = match (flaw, reentry) {
        (Flaw::BlankName, _) => "  ".to_owned(),
        (_, Some(Reentry::SamePhone)) => format!("{} {last}", first.to_uppercase()),
        _ => format!("{first} {last}"),
    };
    let email = match (flaw, reentry) {
        (Flaw::BadEmail, _) => Value::from(format!("{local} at {domain}")),
        (_, Some(Reentry::EmailInCapitals)) => {
            Value::from(format!("{local}@{domain}").to_uppercase())
        }
        (_, Some(Reentry::SamePhone)) => Value::Null,
        _ => Value::from(format!("{local}@{domain}")),
    };
    // A person's own number comes from their number; a switchboard is their company's.
    let (exchange, line) = if switchboard(person) {
        (555, 100 + company_index)
    } else {
        (200 + person / 10_000 % 800, person % 10_000)
    };
    let phone = match (flaw, reentry) {
        (Flaw::ShortPhone, _) => "555-12".to_owned(),
        (_, Some(_)) => format!("(415) {exchange:03}-{line:04}"),
        _ => format!("+1 415-{exchange:03}-{line:04}"),
    };
    let website = match flaw {
        Flaw::ScriptUrl => "javascript:alert(document.cookie)".to_owned(),
        _ => format!("https://www.{domain}"),
    };
    let tags = match flaw {
        Flaw::DuplicateTag => json!(["sample", "Sample"]),
        _ => json!(["sample", format!("q{}", 1 + rng.below(4))]),
    };
    let monetary_value = match flaw {
        Flaw::NegativeValue => json!(-250),
        _ => value,
    };
    let dropdown = match flaw {
        Flaw::UnknownOption => 999_999,
        _ => *rng.pick(&[1_532_568u64, 1_532_569, 1_532_570]),
    };
    json!({
        "id": 50_000_000 + index,
        "name": name,
        "prefix": null,
        "first_name": first,
        "last_name": last,
        "middle_name": null,
        "suffix": null,
        "address": {"street": format!("{} Howard St", 1 + rng.below(999)), "city": city, "state": state, "postal_code": null, "country": country},
        "assignee_id": 806_394 + rng.below(4),
        "company_name": company,
        "customer_source_id": 1_046_841 + rng.below(3),
        "details": format!("Met at \"Dreamforce\".\nWants {}.", ["Basic", "Pro"][rng.below(2) as usize]),
        "email": if email.is_null() { Value::Null } else { json!({"email": email, "category": "work"}) },
        "interaction_count": rng.below(20),
        "monetary_unit": "USD",
        "monetary_value": monetary_value,
        "converted_unit": "USD",
        "converted_value": converted,
        "socials": [{"url": format!("linkedin.com/in/{local}"), "category": "linkedin"}],
        "status": status.0,
        "status_id": status.1,
        "tags": tags,
        "title": *rng.pick(&TITLES),
        "websites": [{"url": website, "category": "work"}],
        "phone_numbers": [{"number": phone, "category": "work"}],
        "custom_fields": [
            {"custom_field_definition_id": 455893, "value": rng.chance(50)},
            {"custom_field_definition_id": 455894, "value": 55.5},
            {"custom_field_definition_id": 455895, "value": 1_608_019_200},
            {"custom_field_definition_id": 455896, "value": dropdown},
            {"custom_field_definition_id": 455897, "value": [1_532_722, 1_532_720]},
            {"custom_field_definition_id": 455899, "value": 789.0},
            {"custom_field_definition_id": 455900, "value": rng.below(101)},
            {"custom_field_definition_id": 455901, "value": "Budget ✓"},
            {"custom_field_definition_id": 455902, "value": "text"},
            {"custom_field_definition_id": 455903, "value": "https://copper.com"},
            {"custom_field_definition_id": 455904, "value": []}
        ],
        "date_created": created,
        "date_modified": modified,
        "date_last_contacted": null,
        "converted_at": null,
        "score_2026": {"v": 2}
    })
}
