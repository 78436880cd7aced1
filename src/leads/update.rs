//! [`LeadUpdate`]: the body of `PUT /leads/{id}`, per key keep / clear / set, and the diff
//! that makes one from a lead before and after an edit.

use std::collections::HashMap;

use crate::model::custom_field_value::CustomFieldValue;
use crate::model::id::CustomFieldDefinitionId;
use crate::model::lead::Lead;
use crate::model::lead::lead_keys;
use crate::wire::field::Field;
use crate::wire::record::wire_record;

/// Declares [`LeadUpdate`] from the lead's list of keys ([`lead_keys!`]): the keys not marked
/// `[read_only]`, a setter for each, and the per-key code of `writable`, `is_empty`, `diff` and
/// `apply_update` for the keys an update replaces (all but the `[merged]` custom fields).
macro_rules! lead_update {
    ($(#[$meta:meta])* pub struct $name:ident($what:literal) { $($fields:tt)* }) => {
        lead_update!(@split [$(#[$meta])* pub struct $name($what)] [] [] [] [] $($fields)*);
    };
    // Accumulated: the update's fields, the replaced keys, the replaced lists, the read-only keys.
    (@split $head:tt [$($w:tt)*] [$($r:ident)*] [$($l:ident)*] [$($o:ident)*]
        $(#[$fm:meta])* $field:ident: $ty:ty [read_only], $($rest:tt)*) => {
        lead_update!(@split $head [$($w)*] [$($r)*] [$($l)*] [$($o)* $field] $($rest)*);
    };
    (@split $head:tt [$($w:tt)*] [$($r:ident)*] [$($l:ident)*] [$($o:ident)*]
        $(#[$fm:meta])* $field:ident: $ty:ty [merged], $($rest:tt)*) => {
        lead_update!(@split $head [$($w)* $(#[$fm])* $field: $ty,] [$($r)*] [$($l)*] [$($o)*] $($rest)*);
    };
    (@split $head:tt [$($w:tt)*] [$($r:ident)*] [$($l:ident)*] [$($o:ident)*]
        $(#[$fm:meta])* $field:ident: $ty:ty [list], $($rest:tt)*) => {
        lead_update!(@split $head [$($w)* $(#[$fm])* $field: $ty,] [$($r)*] [$($l)* $field] [$($o)*] $($rest)*);
    };
    (@split $head:tt [$($w:tt)*] [$($r:ident)*] [$($l:ident)*] [$($o:ident)*]
        $(#[$fm:meta])* $field:ident: $ty:ty, $($rest:tt)*) => {
        lead_update!(@split $head [$($w)* $(#[$fm])* $field: $ty,] [$($r)* $field] [$($l)*] [$($o)*] $($rest)*);
    };
    (@split [$($head:tt)*] [$($w:tt)*] [$($r:ident)*] [$($l:ident)*] [$($o:ident)*]) => {
        wire_record! { $($head)* setters { $($w)* } }

        /// The keys Copper sets itself: the lead's keys marked `[read_only]`.
        pub(super) const READ_ONLY: &[&str] = &[$(stringify!($o)),*];

        impl LeadUpdate {
            /// Whether no key that replaces the lead's is present.
            fn replaces_nothing(&self) -> bool {
                true $(&& self.$r.is_absent())* $(&& self.$l.is_absent())*
            }

            /// Copies the lead's keys that an update replaces.
            fn copy_replaced(&mut self, lead: &Lead) {
                $(self.$r.clone_from(&lead.$r);)*
                $(self.$l.clone_from(&lead.$l);)*
            }

            /// Sets each replaced key whose value differs between `before` and `after` (and
            /// is present in `after`); a list emptied or `null` in `after` is sent as `[]`.
            fn diff_replaced(&mut self, before: &Lead, after: &Lead) {
                $(
                    if !after.$r.is_absent() && after.$r != before.$r {
                        self.$r.clone_from(&after.$r);
                    }
                )*
                $(
                    if !after.$l.is_absent() && after.$l.items() != before.$l.items() {
                        self.$l = Field::Value(after.$l.items().to_vec());
                    }
                )*
            }

            /// Replaces the lead's value of each key present here; a list cleared with
            /// `null` becomes `[]`, as Copper shows an empty list.
            fn apply_replaced(&self, lead: &mut Lead) {
                $(
                    if !self.$r.is_absent() {
                        lead.$r.clone_from(&self.$r);
                    }
                )*
                $(
                    if !self.$l.is_absent() {
                        lead.$l = Field::Value(self.$l.items().to_vec());
                    }
                )*
            }

            /// Whether a list is cleared with `null`, which is sent as `[]`.
            fn has_null_list(&self) -> bool {
                false $(|| self.$l.is_null())*
            }

            /// Writes each list cleared with `null` as `[]`.
            fn empty_null_lists(&mut self) {
                $(
                    if self.$l.is_null() {
                        self.$l = Field::Value(Vec::new());
                    }
                )*
            }
        }
    };
}

lead_keys!(lead_update {
    /// The body of an update (`PUT /leads/{id}`), and of a create or upsert's properties:
    /// the keys a client may write, each [`Field::Absent`] to keep it, [`Field::Null`] to clear
    /// it, or a value to set it, as Copper documents ("updates are only applied to fields
    /// explicitly specified in the request body ... to remove the value from a field, specify
    /// `null`").
    ///
    /// What a value does, key by key:
    ///
    /// - one value (`name`, `email`, `address`, ...): replaces the value whole (an `address`
    ///   is sent with all its parts, so it means the same whether Copper merges parts or not);
    /// - a list (`tags`, `phone_numbers`, `websites`, `socials`): replaces the list;
    /// - `custom_fields`: merges by definition id: a definition not in the list keeps its
    ///   value, one with `"value": null` is cleared (Copper's documented update example sends
    ///   one definition and answers with the others unchanged).
    ///
    /// Keys this crate does not model go in `extra` and are sent as they are. The read-only
    /// keys ([`READ_ONLY_KEYS`](super::READ_ONLY_KEYS)) have no field here.
    ///
    /// ```
    /// use copper_lead::leads::LeadUpdate;
    /// use copper_lead::{Field, LeadStatusId};
    ///
    /// let mut update = LeadUpdate::default().status_id(LeadStatusId::new(208232));
    /// update.details = Field::Null;
    /// assert_eq!(serde_json::to_string(&update)?, r#"{"details":null,"status_id":208232}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct LeadUpdate("a lead update")
});

impl LeadUpdate {
    /// The writable keys of a lead, as a body that sets each present one: what a create or
    /// an upsert sends.
    pub(crate) fn writable(lead: &Lead) -> LeadUpdate {
        let mut body = LeadUpdate::default();
        body.copy_replaced(lead);
        body.custom_fields = lead.custom_fields.clone();
        body.extra.map_mut().clone_from(&lead.extra);
        body
    }

    /// The update as sent: without a read-only key someone put in `extra`, with a list
    /// cleared as `[]` (Copper shows an empty list as `[]`; no documented example or real
    /// client clears a list with `null`, see DESIGN.md), and without a `status_id` of `null`
    /// (a status is changed by name or id, never cleared).
    pub(crate) fn sendable(&self) -> std::borrow::Cow<'_, LeadUpdate> {
        let read_only = |key: &String| READ_ONLY.contains(&key.as_str());
        if !self.extra.keys().any(read_only) && !self.has_null_list() && !self.status_id.is_null() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut body = self.clone();
        body.extra.map_mut().retain(|key, _| !read_only(key));
        body.empty_null_lists();
        if body.status_id.is_null() {
            body.status_id = Field::Absent;
        }
        std::borrow::Cow::Owned(body)
    }

    /// Whether the update changes nothing: it sends no key (Copper makes no change for an
    /// empty body; a read-only key in `extra` is never sent).
    ///
    /// ```
    /// use copper_lead::leads::LeadUpdate;
    ///
    /// let mut update = LeadUpdate::default();
    /// assert!(update.is_empty());
    /// update.extra.insert("date_modified", 1.into())?; // read-only: never sent
    /// assert!(update.is_empty());
    /// assert!(!update.title("CTO").is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.replaces_nothing()
            && self.custom_fields.is_absent()
            && self
                .extra
                .keys()
                .all(|key| READ_ONLY.contains(&key.as_str()))
    }

    /// The smallest update that turns `before` (the lead as read from Copper) into `after`
    /// (the lead as edited), under Copper's update rules: a key whose value differs is set,
    /// or cleared when `after` has `null`; a list is sent whole; custom fields are sent only
    /// for the definitions whose value changed, and a definition missing from `after` is
    /// cleared (`"value": null`, which is how Copper shows an unset field). Unknown keys are
    /// compared the same way, except that one missing from `after` is kept (clear it with
    /// `null`).
    ///
    /// What it leaves out: the [read-only keys](super::READ_ONLY_KEYS), and a key absent from
    /// `after` (absent means "keep"). So `before.apply_update(&LeadUpdate::diff(&before,
    /// &after))` gives `after` as Copper would show it: the same, except that custom fields
    /// keep `before`'s order (new ones at the end) and one dropped from `after` shows with
    /// `"value": null`, and the keys absent from `after` keep `before`'s values.
    ///
    /// ```
    /// use copper_lead::leads::LeadUpdate;
    /// use copper_lead::custom_field::CustomFieldValue;
    /// use copper_lead::{CustomFieldDefinitionId, Field, Lead};
    ///
    /// let before: Lead = serde_json::from_str(r#"{"id": 1, "name": "Ada", "custom_fields": [
    ///     {"custom_field_definition_id": 100764, "value": "A Text Value"},
    ///     {"custom_field_definition_id": 184997, "value": [262644]}]}"#)?;
    /// let mut after = before.clone();
    /// after.custom_fields = Field::Value(vec![
    ///     CustomFieldValue::new(CustomFieldDefinitionId::new(100764), "A Text Value"),
    ///     CustomFieldValue::new(CustomFieldDefinitionId::new(184997), vec![262644, 262645]),
    /// ]);
    /// let update = LeadUpdate::diff(&before, &after);
    /// assert_eq!(
    ///     serde_json::to_string(&update)?,
    ///     r#"{"custom_fields":[{"custom_field_definition_id":184997,"value":[262644,262645]}]}"#
    /// );
    ///
    /// let mut applied = before.clone();
    /// applied.apply_update(&update);
    /// assert_eq!(applied, after);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn diff(before: &Lead, after: &Lead) -> LeadUpdate {
        let mut update = LeadUpdate::default();
        update.diff_replaced(before, after);
        update.custom_fields = custom_fields_diff(&before.custom_fields, &after.custom_fields);
        for (key, value) in &*after.extra {
            if before.extra.get(key) != Some(value) {
                update.extra.map_mut().insert(key.clone(), value.clone());
            }
        }
        update
    }
}

/// The custom field entries to send: those of `after` that differ from `before`'s entry for
/// the same definition, then `null` for the definitions `after` no longer has.
fn custom_fields_diff(
    before: &Field<Vec<CustomFieldValue>>,
    after: &Field<Vec<CustomFieldValue>>,
) -> Field<Vec<CustomFieldValue>> {
    let (Field::Value(before_items), Field::Value(after_items)) = (before, after) else {
        return if after.is_absent() || after == before {
            Field::Absent
        } else {
            after.clone()
        };
    };
    let before_by_id: HashMap<CustomFieldDefinitionId, &CustomFieldValue> = before_items
        .iter()
        .filter_map(|item| Some((*item.custom_field_definition_id.value()?, item)))
        .collect();
    let mut changed: Vec<CustomFieldValue> = after_items
        .iter()
        .filter(|item| match item.custom_field_definition_id.value() {
            Some(id) => before_by_id.get(id) != Some(item),
            // An entry without a definition cannot be merged by id: it is sent when `before`
            // does not have it as it is.
            None => !before_items.contains(item),
        })
        .cloned()
        .collect();
    let after_ids: std::collections::HashSet<CustomFieldDefinitionId> = after_items
        .iter()
        .filter_map(|item| item.custom_field_definition_id.value().copied())
        .collect();
    for item in before_items {
        if let Some(id) = item.custom_field_definition_id.value()
            && !after_ids.contains(id)
            && !item.value.is_null()
        {
            changed.push(CustomFieldValue::new(*id, serde_json::Value::Null));
        }
    }
    if changed.is_empty() {
        Field::Absent
    } else {
        Field::Value(changed)
    }
}

impl Lead {
    /// Applies an update the way Copper does: each key the update carries replaces the lead's
    /// (`null` clears it), custom fields merge by definition id (a new definition is added at
    /// the end), and the rest is kept. Read-only keys (`date_modified`, ...) are not touched,
    /// even when the update's `extra` holds one: Copper's answer has the new ones.
    ///
    /// ```
    /// use copper_lead::leads::LeadUpdate;
    /// use copper_lead::{Field, Lead};
    ///
    /// let mut lead: Lead = serde_json::from_str(r#"{"name": "Ada", "title": "Engineer"}"#)?;
    /// let mut update = LeadUpdate::default().name("Ada Lovelace");
    /// update.title = Field::Null;
    /// lead.apply_update(&update);
    /// assert_eq!(serde_json::to_string(&lead)?, r#"{"name":"Ada Lovelace","title":null}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply_update(&mut self, update: &LeadUpdate) {
        let (status, status_id) = (self.status.clone(), self.status_id);
        update.apply_replaced(self);
        // A status and its id name one thing: Copper derives the one not sent from the one
        // sent, so the lead's old value of it would be stale. It becomes unknown (absent).
        if update.status_id.is_null() {
            self.status_id = status_id;
        }
        match (update.status.is_absent(), update.status_id.is_value()) {
            (false, false) if self.status != status => self.status_id = Field::Absent,
            (true, true) if self.status_id != status_id => self.status = Field::Absent,
            _ => {}
        }
        match (&mut self.custom_fields, &update.custom_fields) {
            (_, Field::Absent) => {}
            (Field::Value(items), Field::Value(changes)) => {
                for change in changes {
                    let position = change.custom_field_definition_id.value().and_then(|id| {
                        items
                            .iter()
                            .position(|item| item.custom_field_definition_id.value() == Some(id))
                    });
                    if let Some(item) = position.and_then(|at| items.get_mut(at)) {
                        *item = change.clone();
                    } else if change.custom_field_definition_id.is_value()
                        || !items.contains(change)
                    {
                        // A new definition is added; one without a definition is added once.
                        items.push(change.clone());
                    }
                }
            }
            (slot, changes) => *slot = changes.clone(),
        }
        for (key, value) in &*update.extra {
            // A key the lead models (a read-only one put in the update's `extra`) is not
            // Copper's to take from an update: applying it would write the key twice.
            if !Lead::KEYS.contains(&key.as_str()) {
                self.extra.map_mut().insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Derived from one list, the writable and the read-only keys make up the lead's, in
    /// the lead's order.
    #[test]
    fn writable_and_read_only_keys_make_up_the_lead() {
        let mut keys: Vec<&str> = LeadUpdate::KEYS.iter().chain(READ_ONLY).copied().collect();
        keys.sort_by_key(|key| Lead::KEYS.iter().position(|k| k == key));
        assert_eq!(keys, Lead::KEYS);
    }
}
