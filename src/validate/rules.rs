//! The rules: [`Lead::validate`] and [`Lead::check`], and the checks they are made of.

use std::collections::HashSet;
use std::hash::Hash;

use crate::custom_field::value::describe;
use crate::model::amount::{Amount, MoneyProblem, is_currency_code};
use crate::model::custom_field_value::CustomFieldValue;
use crate::model::lead::Lead;
use crate::validate::finding::{FindingCode, Findings, Report, ValidationErrors};
use crate::validate::limits::Limits;
use crate::validate::validator::Validator;
use crate::validate::web_url::{self, UrlCheck};
use crate::wire::case;
use crate::wire::field::Field;
use crate::wire::lenient::Lenient;
use crate::wire::open_enum::OpenEnum;
use crate::wire::pointer::JsonPointer;
use crate::wire::quote::Quoted;

impl Findings {
    /// Applies the URL rule (socials, websites, URL custom fields).
    pub(crate) fn url(&mut self, url: &str, limit: usize, path: impl Fn() -> JsonPointer) {
        self.length(url, limit, &path);
        match web_url::check(url) {
            UrlCheck::Valid => {}
            UrlCheck::NoScheme => self.warning(
                &path,
                FindingCode::MissingUrlScheme,
                "has no scheme; read as https://",
            ),
            UrlCheck::UnsupportedScheme(scheme) => self.error(
                path(),
                FindingCode::UnsupportedUrlScheme,
                format!(
                    "uses the scheme {}; only http and https are allowed",
                    Quoted(&scheme)
                ),
            ),
            UrlCheck::Invalid(reason) => {
                self.error(
                    path(),
                    FindingCode::InvalidUrl,
                    format!("is not a valid URL: {reason}"),
                );
            }
        }
    }

    /// A social or website entry: a URL by the URL rule, a known category.
    fn link<C: OpenEnum>(
        &mut self,
        list: &str,
        index: usize,
        url: &Field<String>,
        category: &Field<C>,
        limits: &Limits,
    ) {
        let path = || at_item(list, index, "url");
        match url.value() {
            None => self.required(url, JsonPointer::root().key(list).index(index), "url"),
            Some(url) => self.url(url, limits.url, path),
        }
        self.category(category, || at_item(list, index, "category"));
    }

    fn category<C: OpenEnum>(&mut self, category: &Field<C>, path: impl FnOnce() -> JsonPointer) {
        if let Some(category) = category.value()
            && !category.is_known()
        {
            self.error(
                path(),
                FindingCode::UnknownCategory,
                format!(
                    "{} is not one of {}",
                    Quoted(category.as_str()),
                    C::documented()
                ),
            );
        }
    }

    fn amount(&mut self, amount: &Field<Amount>, path: impl Fn() -> JsonPointer) {
        let Some(amount) = amount.value() else { return };
        match amount.money_problem() {
            Some(MoneyProblem::NotANumber) => self.error(
                path(),
                FindingCode::InvalidAmount,
                format!("{} is not a finite number", Quoted(&amount.to_string())),
            ),
            Some(MoneyProblem::Negative) => {
                self.error(
                    path(),
                    FindingCode::NegativeAmount,
                    format!("is negative ({amount})"),
                );
            }
            None => {}
        }
    }

    /// A value read leniently that did not have its expected shape.
    fn lenient<T>(&mut self, field: &Field<Lenient<T>>, key: &str, expected: &str) {
        if let Some(value) = field.value().and_then(Lenient::other) {
            self.error(
                at(key),
                FindingCode::UnexpectedShape,
                format!(
                    "is {}, not {expected}; Copper has only been seen to send null here",
                    describe(value)
                ),
            );
        }
    }

    fn currency(&mut self, unit: &Field<String>, path: impl FnOnce() -> JsonPointer) {
        if let Some(unit) = unit.value()
            && !is_currency_code(unit)
        {
            self.error(
                path(),
                FindingCode::InvalidCurrency,
                format!(
                    "{} is not an ISO 4217 code (three upper-case letters)",
                    Quoted(unit)
                ),
            );
        }
    }
}

/// The position of a finding's top-level key in the wire order of [`Lead`].
fn wire_rank(path: &JsonPointer) -> usize {
    // The root (a lead missing a required key) comes first, like `id` and `name`.
    let Some(key) = path.as_str().split('/').nth(1) else {
        return 0;
    };
    Lead::KEYS
        .iter()
        .position(|k| *k == key)
        .unwrap_or(Lead::KEYS.len())
}

fn at(key: &str) -> JsonPointer {
    JsonPointer::root().key(key)
}

fn at_item(key: &str, index: usize, leaf: &str) -> JsonPointer {
    JsonPointer::root().key(key).index(index).key(leaf)
}

impl Lead {
    /// Checks the lead against the default [`Validator`]; see the [module docs](crate::validate)
    /// for the rules.
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] with every error found (warnings are left out; see
    /// [`Lead::check`]).
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        self.validate_with(&Validator::new())
    }

    /// Checks the lead against `validator` (an account's limits, statuses, custom fields).
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] with every error found.
    ///
    /// ```
    /// use copper_lead::Lead;
    /// use copper_lead::custom_field::CustomFieldCatalog;
    /// use copper_lead::validate::Validator;
    ///
    /// let catalog: CustomFieldCatalog = serde_json::from_str(
    ///     r#"[{"id": 5, "name": "VIP", "data_type": "Checkbox", "available_on": ["lead"]}]"#,
    /// )?;
    /// let lead: Lead = serde_json::from_str(
    ///     r#"{"name": "Ada", "custom_fields": [{"custom_field_definition_id": 5, "value": "yes"}]}"#,
    /// )?;
    /// assert!(lead.validate().is_ok()); // without the definitions, a value is not checked
    /// let errors = lead.validate_with(&Validator::new().with_custom_fields(&catalog)).unwrap_err();
    /// assert_eq!(errors.iter().next().map(|f| f.path().as_str()), Some("/custom_fields/0/value"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate_with(&self, validator: &Validator<'_>) -> Result<(), ValidationErrors> {
        self.findings(validator, false).into_result()
    }

    /// Every finding, errors and warnings, in one pass over the lead.
    ///
    /// ```
    /// use copper_lead::Lead;
    /// use copper_lead::validate::Validator;
    ///
    /// let lead: Lead = serde_json::from_str(
    ///     r#"{"name": "Ada", "socials": [{"url": "linkedin.com/in/ada", "category": "linkedin"}]}"#,
    /// )?;
    /// let report = lead.check(&Validator::new());
    /// assert!(report.is_valid());
    /// assert_eq!(report.warnings().next().map(|f| f.code().as_str()), Some("missing_url_scheme"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn check(&self, validator: &Validator<'_>) -> Report {
        self.findings(validator, true)
    }

    fn findings(&self, validator: &Validator<'_>, warnings: bool) -> Report {
        let limits = &validator.limits;
        let mut out = Findings::new(warnings);
        self.check_texts(limits, &mut out);
        self.check_email(limits, &mut out);
        out.currency(&self.monetary_unit, || at("monetary_unit"));
        out.amount(&self.monetary_value, || at("monetary_value"));
        out.currency(&self.converted_unit, || at("converted_unit"));
        out.amount(&self.converted_value, || at("converted_value"));
        for (i, social) in self.socials.items().iter().enumerate() {
            out.link("socials", i, &social.url, &social.category, limits);
        }
        self.check_status(validator, &mut out);
        self.check_tags(limits, &mut out);
        for (i, website) in self.websites.items().iter().enumerate() {
            out.link("websites", i, &website.url, &website.category, limits);
        }
        self.check_phones(&mut out);
        self.check_custom_fields(validator, &mut out);
        out.lenient(
            &self.converted_opportunity_id,
            "converted_opportunity_id",
            "an opportunity id",
        );
        out.lenient(
            &self.converted_contact_id,
            "converted_contact_id",
            "a person id",
        );
        out.lenient(&self.converted_at, "converted_at", "Unix seconds");
        if let (Some(created), Some(modified)) =
            (self.date_created.value(), self.date_modified.value())
            && modified < created
        {
            out.error(
                at("date_modified"),
                FindingCode::ModifiedBeforeCreated,
                format!(
                    "{} is before date_created {}",
                    modified.unix(),
                    created.unix()
                ),
            );
        }
        let mut findings = out.into_vec();
        // Findings come out in the order of the lead's keys on the wire, whatever the order
        // of the rules above; the sort is stable, so one key's findings keep their order.
        findings.sort_by_key(|f| wire_rank(&f.path));
        Report(findings)
    }

    /// Name, name parts, address, company, title and details: present where required, not
    /// blank, within their limits.
    fn check_texts(&self, limits: &Limits, out: &mut Findings) {
        match self.name.value() {
            None => out.required(&self.name, JsonPointer::root(), "name"),
            Some(name) if name.trim().is_empty() => {
                out.error(at("name"), FindingCode::Blank, "is blank");
            }
            Some(name) => out.length(name, limits.name, || at("name")),
        }
        for (key, part) in [
            ("prefix", &self.prefix),
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("middle_name", &self.middle_name),
            ("suffix", &self.suffix),
        ] {
            if let Some(part) = part.value() {
                out.length(part, limits.name_part, || at(key));
            }
        }
        if let Some(address) = self.address.value() {
            for (key, part) in [
                ("street", &address.street),
                ("city", &address.city),
                ("state", &address.state),
                ("postal_code", &address.postal_code),
                ("country", &address.country),
            ] {
                if let Some(part) = part.value() {
                    out.length(part, limits.address_part, || at("address").key(key));
                }
            }
        }
        for (key, text, limit) in [
            ("company_name", &self.company_name, limits.company_name),
            ("details", &self.details, limits.details),
            ("title", &self.title, limits.title),
        ] {
            if let Some(text) = text.value() {
                out.length(text, limit, || at(key));
            }
        }
    }

    fn check_email(&self, limits: &Limits, out: &mut Findings) {
        let Some(email) = self.email.value() else {
            return;
        };
        let path = || at("email").key("email");
        match email.email.value() {
            None => out.required(&email.email, at("email"), "email"),
            Some(address) => {
                if let Err(reason) = crate::model::email::check_address(address) {
                    out.error(
                        path(),
                        FindingCode::InvalidEmail,
                        format!("is not a valid email address: it {reason}"),
                    );
                }
                out.length(address, limits.email, path);
            }
        }
        out.category(&email.category, || at("email").key("category"));
    }

    fn check_phones(&self, out: &mut Findings) {
        for (i, phone) in self.phone_numbers.items().iter().enumerate() {
            let path = || at_item("phone_numbers", i, "number");
            match phone.number.value() {
                None => out.required(&phone.number, at("phone_numbers").index(i), "number"),
                Some(number) => {
                    if let Err(reason) = crate::model::phone::check_number(number) {
                        out.error(
                            path(),
                            FindingCode::InvalidPhone,
                            format!("is not a valid phone number: it {reason}"),
                        );
                    }
                }
            }
            out.category(&phone.category, || at_item("phone_numbers", i, "category"));
        }
    }

    fn check_status(&self, validator: &Validator<'_>, out: &mut Findings) {
        let catalog = validator.statuses();
        if let Some(id) = self.status_id.value()
            && catalog.entry_by_id(*id).is_none()
            && catalog.entries().any(|e| e.id().is_some())
        {
            let ids: Vec<String> = catalog
                .entries()
                .filter_map(|e| e.id().map(|id| id.to_string()))
                .collect();
            out.error(
                at("status_id"),
                FindingCode::UnknownStatus,
                format!(
                    "{id} is not the id of one of the account's statuses ({})",
                    ids.join(", ")
                ),
            );
        }
        let Some(status) = self.status.value() else {
            return;
        };
        // Without the account's statuses, a name Copper does not document is probably the
        // account's own: say so, and ask for the catalog, but do not call the lead invalid.
        let report = |out: &mut Findings, message: String| {
            if validator.account_statuses.is_some() {
                out.error(at("status"), FindingCode::UnknownStatus, message);
            } else {
                out.warning(
                    || at("status"),
                    FindingCode::UnknownStatus,
                    format!(
                        "{message}; pass the account's statuses (GET /lead_statuses) to \
                         Validator::with_statuses to check it"
                    ),
                );
            }
        };
        let shown = Quoted(status.as_str());
        let whose = if validator.account_statuses.is_some() {
            "the account's statuses"
        } else {
            "Copper's documented statuses"
        };
        // Copper's status names are exact: a name that matches only ignoring case is refused,
        // with a hint (transitions, which take names from people, do ignore case).
        // One lookup: `find` gives the exact name first, else one that differs in case.
        let entry = match catalog.find(status.as_str()) {
            Some(entry) if entry.status() == status => entry,
            Some(entry) => {
                let message = format!(
                    "{shown} is not one of {whose}; did you mean {}?",
                    Quoted(entry.status().as_str())
                );
                report(out, message);
                return;
            }
            None => {
                let known: Vec<&str> = catalog.entries().map(|e| e.status().as_str()).collect();
                let message = format!("{shown} is not one of {whose} ({})", known.join(", "));
                report(out, message);
                return;
            }
        };
        let by_id = self
            .status_id
            .value()
            .and_then(|id| catalog.entry_by_id(*id));
        if let Some(by_id) = by_id
            && by_id != entry
        {
            out.error(
                at("status_id"),
                FindingCode::StatusMismatch,
                format!(
                    "is the id of {}, but status is {}",
                    Quoted(by_id.status().as_str()),
                    Quoted(status.as_str())
                ),
            );
        }
    }

    fn check_tags(&self, limits: &Limits, out: &mut Findings) {
        let tags = self.tags.items();
        let mut seen: HashSet<String> = HashSet::new();
        for (i, tag) in tags.iter().enumerate() {
            let path = || at("tags").index(i);
            if tag.trim().is_empty() {
                out.error(path(), FindingCode::Blank, "is blank");
                continue;
            }
            out.length(tag, limits.tag, path);
            if repeats(
                tags,
                i,
                &mut seen,
                |a, b| case::same(a, b),
                |t| case::fold(t),
            ) {
                out.error(
                    path(),
                    FindingCode::DuplicateTag,
                    format!("{} repeats an earlier tag (ignoring case)", Quoted(tag)),
                );
            }
        }
    }

    fn check_custom_fields(&self, validator: &Validator<'_>, out: &mut Findings) {
        let values = self.custom_fields.items();
        let mut seen = HashSet::new();
        for (i, value) in values.iter().enumerate() {
            let Some(id) = value.custom_field_definition_id.value() else {
                out.required(
                    &value.custom_field_definition_id,
                    at("custom_fields").index(i),
                    "custom_field_definition_id",
                );
                continue;
            };
            let id_of = |v: &CustomFieldValue| v.custom_field_definition_id.value().copied();
            if repeats(values, i, &mut seen, |a, b| id_of(a) == id_of(b), id_of) {
                out.error(
                    at("custom_fields").index(i),
                    FindingCode::DuplicateCustomField,
                    format!("definition {id} already has a value"),
                );
            }
            if let Some(catalog) = validator.custom_fields {
                catalog.check_lead_value(value, i, &validator.limits, out);
            }
        }
    }
}

/// Whether `items[i]` repeats an earlier item. Short lists (the usual case) are compared
/// pairwise with `same`, allocating nothing; longer ones keep a set of `key`s, so the check
/// stays linear. `same(a, b)` must hold exactly when `key(a) == key(b)`; items skipped before
/// this call never enter the set.
fn repeats<T, K: Hash + Eq>(
    items: &[T],
    i: usize,
    seen: &mut HashSet<K>,
    same: impl Fn(&T, &T) -> bool,
    key: impl Fn(&T) -> K,
) -> bool {
    let Some(item) = items.get(i) else {
        return false;
    };
    if items.len() <= 16 {
        items.iter().take(i).any(|earlier| same(earlier, item))
    } else {
        !seen.insert(key(item))
    }
}
