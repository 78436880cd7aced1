//! [`Pager`]: every page of a search, each requested once, in order.

use std::collections::HashSet;

use super::search::{LeadSearch, SEARCH_CAP, SearchPage};
use crate::api::error::ApiError;
use crate::api::request::Request;
use crate::api::response::Response;
use crate::model::id::LeadId;
use crate::model::lead::Lead;

/// Reads every page of a [`LeadSearch`]: it gives the request for the next page, reads the
/// response to it, and only then moves on, so a failed request (a `429`, a lost connection) is
/// sent again for the same page and no page is skipped or read twice.
///
/// It stops after the last page: a page shorter than the page size, or the page that reaches
/// [`SEARCH_CAP`] ([`Pager::reached_cap`] then says that more records may match than a search
/// can return). `X-PW-TOTAL` is kept ([`Pager::total`]) but never ends the paging: Copper
/// documents it as an upper bound, and a header that says less than the pages hold would
/// otherwise lose leads; a full page always means there may be more.
///
/// Every lead is delivered once: a lead whose id was delivered on an earlier page (the results
/// shifted while paging) is counted ([`Pager::repeated`]) and left out. An answer that cannot
/// be a page of this search is an error of kind
/// [`Inconsistent`](crate::api::ApiErrorKind::Inconsistent): a page larger than the page size,
/// or a full page of leads already delivered (a server that makes no progress would otherwise
/// be paged to the cap).
///
/// Pages are offsets into the results as they are when each page is read: a lead that stops
/// matching during the scan (converted, deleted, or moved by the sort) shifts the later ones
/// back, and one record can be missed. For a complete sync, sort by `date_created` ascending
/// (new leads land at the end) and, for what changes meanwhile, search again from the last
/// `date_modified` seen ([`LeadSearch::minimum_modified_date`]), which also gets past the cap.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::leads::{LeadSearch, Pager};
///
/// let mut pager = Pager::new(LeadSearch::new().page_size(2)?);
/// let pages: [&[u8]; 2] = [br#"[{"id": 1}, {"id": 2}]"#, br#"[{"id": 3}]"#];
/// let mut ids = Vec::new();
/// for body in pages {
///     let request = pager.next_request().expect("a page is due");
///     // ... send `request`, then:
///     for lead in pager.read(&Response::new(200, body))? {
///         ids.push(lead.id.value().map(|id| id.get()));
///     }
/// }
/// assert_eq!(ids, [Some(1), Some(2), Some(3)]);
/// assert!(pager.next_request().is_none()); // the short page was the last
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Pager {
    /// The search at the page due next.
    search: LeadSearch,
    done: bool,
    reached_cap: bool,
    total: Option<u64>,
    /// The ids of the leads delivered so far.
    delivered: HashSet<LeadId>,
    repeated: u64,
}

impl Pager {
    /// A pager starting at the search's page.
    #[must_use]
    pub fn new(search: LeadSearch) -> Self {
        Pager {
            search,
            done: false,
            reached_cap: false,
            total: None,
            delivered: HashSet::new(),
            repeated: 0,
        }
    }

    /// The request for the page due, or `None` after the last page. It stays the same until
    /// [`Pager::read`] reads a successful response to it.
    #[must_use]
    pub fn next_request(&self) -> Option<Request<SearchPage>> {
        (!self.done).then(|| super::search(&self.search))
    }

    /// The number of the page due, or `None` after the last page.
    #[must_use]
    pub fn page_number(&self) -> Option<u32> {
        (!self.done).then(|| self.search.number())
    }

    /// Reads the response to [`Pager::next_request`]'s request: its leads, and the pager moves
    /// to the next page. After the last page, it reads nothing and returns no leads.
    ///
    /// # Errors
    ///
    /// The [`ApiError`] the response is; the pager stays on the same page, so send the same
    /// request again when [`ApiError::retry`] says so. A page larger than the page size, or a
    /// full page of leads already delivered, is an error of kind `Inconsistent` (never
    /// retried).
    pub fn read(&mut self, response: &Response<'_>) -> Result<Vec<Lead>, ApiError> {
        let Some(request) = self.next_request() else {
            return Ok(Vec::new());
        };
        let page = request.read(response)?;
        let size = usize::try_from(self.search.size()).unwrap_or(usize::MAX);
        let number = self.search.number();
        if page.leads().len() > size {
            return Err(ApiError::inconsistent(
                response,
                format!(
                    "page {number} holds {} leads, more than the page size of {size}",
                    page.leads().len()
                ),
            ));
        }
        let count = page.leads().len();
        if let Some(total) = page.total() {
            self.total = Some(total);
        }
        let mut leads = page.into_leads();
        let new = |lead: &Lead, delivered: &HashSet<LeadId>| {
            lead.id.value().is_none_or(|id| !delivered.contains(id))
        };
        let fresh = leads
            .iter()
            .filter(|lead| new(lead, &self.delivered))
            .count();
        if count == size && fresh == 0 {
            return Err(ApiError::inconsistent(
                response,
                format!(
                    "page {number} holds only leads already delivered: the server makes no progress"
                ),
            ));
        }
        let before = leads.len();
        leads.retain(|lead| match lead.id.value() {
            Some(id) => self.delivered.insert(*id),
            None => true,
        });
        self.repeated += u64::try_from(before - leads.len()).unwrap_or(u64::MAX);
        self.advance(count);
        Ok(leads)
    }

    /// How many leads a page held that an earlier page had delivered (left out).
    ///
    /// ```
    /// use copper_lead::api::Response;
    /// use copper_lead::leads::{LeadSearch, Pager};
    ///
    /// let mut pager = Pager::new(LeadSearch::new().page_size(2)?);
    /// pager.read(&Response::new(200, br#"[{"id": 1}, {"id": 2}]"#))?;
    /// // The results shifted: lead 2 comes again on the second page.
    /// let second = pager.read(&Response::new(200, br#"[{"id": 2}, {"id": 3}]"#))?;
    /// assert_eq!(second.len(), 1);
    /// assert_eq!(pager.repeated(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn repeated(&self) -> u64 {
        self.repeated
    }

    /// Moves past a page that held `count` leads.
    fn advance(&mut self, count: usize) {
        let size = u64::from(self.search.size());
        let first = self.search.first_record();
        let count = u64::try_from(count).unwrap_or(u64::MAX);
        let end = first + size;
        if end >= SEARCH_CAP {
            // The last page a search returns, whatever the page size: it ends at the cap. If it
            // holds every record up to the cap, more may match than Copper returns.
            self.done = true;
            let up_to_cap = SEARCH_CAP.saturating_sub(first).min(size);
            self.reached_cap =
                count >= up_to_cap && self.total.is_none_or(|total| total > SEARCH_CAP);
            return;
        }
        if count < size {
            self.done = true;
            return;
        }
        match self.search.number().checked_add(1) {
            Some(next) => self.search.set_page(next),
            None => self.done = true,
        }
    }

    /// Whether the pager stopped at [`SEARCH_CAP`] after a full page, so more leads may match
    /// than the search could return (narrow it, by date for example, to reach them).
    #[must_use]
    pub fn reached_cap(&self) -> bool {
        self.reached_cap
    }

    /// The latest `X-PW-TOTAL` Copper sent: at most this many leads match.
    #[must_use]
    pub fn total(&self) -> Option<u64> {
        self.total
    }
}
