//! Any text as a website or social URL: if validation lets it pass, a browser never reads it
//! as a script or data link (`javascript:`, `vbscript:`, `data:` and the like).
#![no_main]

use copper_lead::{Lead, SocialCategory, WebsiteCategory};
use copper_lead::validate::Validator;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(lead) = Lead::builder("a")
        .website(text, WebsiteCategory::Work)
        .social(text, SocialCategory::Other)
        .build_with(&Validator::new())
    else {
        return;
    };
    // It passed: what would a browser make of it?
    if let Ok(url) = url::Url::parse(text) {
        let scheme = url.scheme();
        assert!(
            matches!(scheme, "http" | "https" | "localhost") || scheme.contains('.'),
            "{text:?} passes but a browser reads the scheme {scheme:?}"
        );
    }
    drop(lead);
});
