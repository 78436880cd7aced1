//! No type of the crate prints a secret or a token through `Debug` or `Display`: every type
//! that can hold one is listed here with a secret in it.

use std::collections::BTreeMap;

use copper_lead::api::{Copper, Credentials};
use copper_lead::webhook::{self, Notification, Subscription, WebhookEvent, WebhookType};

const SECRET: &str = "s3cr3t-value-0123";
const TOKEN: &str = "t0ken-value-4567";

fn assert_hidden(what: &str, shown: &str) {
    assert!(!shown.contains(SECRET), "{what} shows the secret: {shown}");
    assert!(!shown.contains(TOKEN), "{what} shows the token: {shown}");
}

fn subscription() -> Subscription {
    Subscription::default()
        .target("https://hooks.example.com/copper")
        .kind(WebhookType::Lead)
        .event(WebhookEvent::New)
        .secret(BTreeMap::from([("key".to_owned(), SECRET.to_owned())]))
        .headers(BTreeMap::from([(
            "Authorization".to_owned(),
            format!("Bearer {TOKEN}"),
        )]))
}

#[test]
fn no_debug_shows_a_secret_or_a_token() {
    let api_key = Credentials::api_key(TOKEN, "me@example.com").unwrap();
    let oauth = Credentials::oauth(TOKEN).unwrap();
    let copper = Copper::new(api_key.clone());
    let subscription = subscription();
    let subscribe = webhook::subscribe(&subscription).unwrap();
    let prepared = copper.prepare(&subscribe);
    let notification: Notification = serde_json::from_str(&format!(
        r#"{{"ids": [1], "type": "lead", "event": "new", "subscription_id": 7, "key": "{SECRET}"}}"#
    ))
    .unwrap();
    let read_back: Subscription =
        serde_json::from_str(&serde_json::to_string(&subscription).unwrap()).unwrap();

    for (what, shown) in [
        ("Credentials::api_key", format!("{api_key:?}")),
        ("Credentials::oauth", format!("{oauth:?}")),
        ("Copper", format!("{copper:?}")),
        ("Subscription", format!("{subscription:?}")),
        ("Subscription, read", format!("{read_back:#?}")),
        ("the subscribe request", format!("{subscribe:?}")),
        ("the prepared subscribe request", format!("{prepared:#?}")),
        ("Notification", format!("{notification:?}")),
    ] {
        assert_hidden(what, &shown);
    }
    // What is hidden is still there to use.
    assert!(notification.has_secret(&BTreeMap::from([("key".to_owned(), SECRET.to_owned())])));
    assert!(format!("{notification:?}").contains("\"key\": <hidden>"));
    assert!(String::from_utf8_lossy(prepared.body()).contains(SECRET));
}

/// A request printed as a plan (`Serialize`) hides a body with a secret, as `Debug` does.
#[test]
fn no_printed_request_shows_a_secret() {
    let request = webhook::subscribe(&subscription()).unwrap();
    assert_hidden(
        "a subscribe request as JSON",
        &serde_json::to_string(&request).unwrap(),
    );
    let change =
        Subscription::default().secret(BTreeMap::from([("key".to_owned(), SECRET.to_owned())]));
    let update =
        webhook::update_subscription(copper_lead::SubscriptionId::new(1), &change).unwrap();
    assert_hidden(
        "an update request as JSON",
        &serde_json::to_string(&update).unwrap(),
    );
}

/// A refused URL is still the caller's: an error repeats it with its password and its query
/// values hidden (a webhook target's token, a base URL's credentials).
#[test]
fn no_refused_url_shows_its_password_or_query_values() {
    let copper = Copper::new(Credentials::api_key(TOKEN, "me@example.com").unwrap());
    let err = copper
        .with_base_url(&format!("https://me:{SECRET}@evil.example/v1"))
        .unwrap_err();
    assert!(err.to_string().contains("user name"), "{err}");
    assert_hidden("InvalidBaseUrl", &err.to_string());
    for target in [
        format!("http://hooks.example.com/copper?token={TOKEN}"),
        format!("https://me:{SECRET}@hooks.example.com/copper"),
    ] {
        let err = webhook::subscribe(&subscription().target(target.clone())).unwrap_err();
        assert!(err.to_string().contains("hooks.example.com"), "{err}");
        assert_hidden("SubscriptionError", &err.to_string());
    }
}
