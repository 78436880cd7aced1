//! The hand-written baseline: the same fields as a lead, `Option`s, no absent/null
//! distinction, no number forms, no unknown keys, no error paths (what a user would write by
//! hand with serde's derive).
#![allow(dead_code)]
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
pub(crate) struct Lead {
    pub id: Option<u64>,
    pub name: Option<String>,
    pub prefix: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub middle_name: Option<String>,
    pub suffix: Option<String>,
    pub address: Option<Address>,
    pub assignee_id: Option<u64>,
    pub company_name: Option<String>,
    pub customer_source_id: Option<u64>,
    pub details: Option<String>,
    pub email: Option<Email>,
    pub interaction_count: Option<u64>,
    pub monetary_unit: Option<String>,
    pub monetary_value: Option<f64>,
    pub converted_unit: Option<String>,
    pub converted_value: Option<String>,
    pub socials: Option<Vec<Link>>,
    pub status: Option<String>,
    pub status_id: Option<u64>,
    pub tags: Option<Vec<String>>,
    pub title: Option<String>,
    pub websites: Option<Vec<Link>>,
    pub phone_numbers: Option<Vec<Phone>>,
    pub custom_fields: Option<Vec<CustomField>>,
    pub date_created: Option<i64>,
    pub date_modified: Option<i64>,
    pub date_last_contacted: Option<i64>,
    pub converted_opportunity_id: Option<u64>,
    pub converted_contact_id: Option<u64>,
    pub converted_at: Option<i64>,
}

#[derive(Deserialize)]
pub(crate) struct Address {
    pub street: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Email {
    pub email: Option<String>,
    pub category: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Link {
    pub url: Option<String>,
    pub category: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct Phone {
    pub number: Option<String>,
    pub category: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct CustomField {
    pub custom_field_definition_id: u64,
    pub value: Value,
}
