//! Allocations counted: the bulk check reads record after record over one lead without
//! touching the heap once its buffers have grown. A count of allocations is deterministic,
//! unlike a timing, so it is a test.
//!
//! The counting allocator is this test binary's global allocator; it counts per thread, so
//! tests running beside each other do not disturb one another's counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use copper_lead::validate::{Checker, Validator};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    /// Whether `peers_like` gives every record the same shape.
    static SAME_SHAPE: Cell<bool> = const { Cell::new(true) };
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counter is a
// thread-local `Cell` with a constant initialiser, which never allocates.
#[expect(unsafe_code)] // a global allocator is an unsafe trait; this one only counts
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// Leads shaped like the peers' benchmark file (`../shared/peers/gen_leads.py`): every key
/// Copper sends, escapes in text, custom field values of every kind, lists of varying
/// length. Generated here so the test needs no file.
fn peers_like(i: u64) -> String {
    let lists = if SAME_SHAPE.with(Cell::get) { 1 } else { i % 3 };
    let socials: Vec<String> = (0..lists)
        .map(|k| {
            format!(r#"{{"url":"https://www.linkedin.com/in/user{i}{k}","category":"linkedin"}}"#)
        })
        .collect();
    let phones: Vec<String> = (0..(2 - lists))
        .map(|k| {
            format!(
                r#"{{"number":"415-555-{:04}","category":"work"}}"#,
                1000 + i + k
            )
        })
        .collect();
    let pick = if SAME_SHAPE.with(Cell::get) {
        1 + i % 2
    } else {
        i % 3
    };
    let details = [
        "null",
        r#""Met at trade show.\nFollow up in Q3.""#,
        r#""Asked about \"enterprise\" pricing""#,
    ][usize::try_from(pick).unwrap()];
    format!(
        r#"{{"id":{id},"name":"Zoë Müller {i}","prefix":null,"first_name":"Zoë","last_name":"Müller","middle_name":null,"suffix":null,"address":{{"street":"{i} Market St","city":"Boston","state":"MA","postal_code":"02108","country":"US"}},"assignee_id":137658,"company_name":"Acme \"Global\" Ltd","customer_source_id":331241,"details":{details},"email":{{"email":"zoe.mueller{i}@example.com","category":"work"}},"interaction_count":{ic},"monetary_unit":"USD","monetary_value":{mv},"socials":[{socials}],"status":"Qualified","status_id":208233,"tags":["tag1","webinar"],"title":"CTO","websites":[{{"url":"http://www.zoe{i}.example.com","category":"work"}}],"phone_numbers":[{phones}],"custom_fields":[{{"custom_field_definition_id":100764,"value":"ref-{i}"}},{{"custom_field_definition_id":6,"value":{date}}},{{"custom_field_definition_id":12,"value":[3,17]}},{{"custom_field_definition_id":7,"value":true}},{{"custom_field_definition_id":8,"value":1234.56}},{{"custom_field_definition_id":103481,"value":null}}],"date_created":{created},"date_modified":{modified},"date_last_contacted":null}}"#,
        id = 9_000_000 + i,
        ic = i % 40,
        mv = if i.is_multiple_of(2) {
            "2500".to_owned()
        } else {
            format!("{}.25", 100 + i)
        },
        socials = socials.join(","),
        phones = phones.join(","),
        date = 1_500_000_000 + i,
        created = 1_480_000_000 + i,
        modified = 1_490_000_000 + i,
    )
}

/// Records of one shape (the same keys, nulls and list lengths; other values), as an export of
/// one account's leads mostly is: no allocation at all once warm.
#[test]
fn the_bulk_check_allocates_nothing_once_warm() {
    SAME_SHAPE.with(|same| same.set(true));
    let validator = Validator::new();
    let mut checker = Checker::new(&validator);
    let records: Vec<String> = (0..200).map(peers_like).collect();
    // Warm up: the lead's strings and lists grow to the records' sizes.
    for text in &records {
        let report = checker.check_slice(text.as_bytes()).unwrap();
        assert!(report.is_valid(), "{text}: {:?}", report.findings());
    }
    let before = allocations();
    for text in &records {
        let report = checker.check_slice(text.as_bytes()).unwrap();
        assert!(report.is_valid());
    }
    let total = allocations() - before;
    assert_eq!(
        total,
        0,
        "{total} allocations for {} records",
        records.len()
    );
}

/// Records whose shapes vary (a list longer than the last record's, a value where it had
/// `null`): only those new values allocate, a few a record, never the record itself.
#[test]
fn the_bulk_check_allocates_only_for_values_the_last_record_lacked() {
    SAME_SHAPE.with(|same| same.set(false));
    let validator = Validator::new();
    let mut checker = Checker::new(&validator);
    let records: Vec<String> = (0..300).map(peers_like).collect();
    for text in &records {
        checker.check_slice(text.as_bytes()).unwrap();
    }
    let before = allocations();
    for text in &records {
        checker.check_slice(text.as_bytes()).unwrap();
    }
    let total = allocations() - before;
    // Each record here drops a `details` text or a list item the next one brings back: at
    // most one string each for `details`, a social profile's URL and a phone number.
    assert!(total <= 3 * 300, "{total} allocations for 300 records");
    assert!(total > 0, "the shapes do vary");
}
