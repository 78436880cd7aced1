//! The bulk checker against parse-then-check: the input's lines are records read one after
//! another over the same reused lead; each answer (report, lead, or error) must equal what a
//! fresh parse and check give.
#![no_main]

use copper_lead::Lead;
use copper_lead::validate::{Checker, Validator};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let validator = Validator::new();
    let mut checker = Checker::new(&validator);
    for record in data.split(|b| *b == b'\n') {
        let fresh = copper_lead::from_slice::<Lead>(record).map(|lead| (lead.check(&validator), lead));
        match (fresh, checker.check_slice(record)) {
            (Ok((expected, lead)), Ok(report)) => {
                assert_eq!(report, expected);
                assert_eq!(checker.lead(), &lead);
            }
            (Err(expected), Err(err)) => assert_eq!(err, expected),
            (fresh, bulk) => panic!("fresh {fresh:?}, bulk {bulk:?}"),
        }
    }
});
