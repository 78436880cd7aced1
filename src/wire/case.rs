//! How names compare: exactly when Copper stores them, ignoring case when a person gives one.
//!
//! A name Copper stores (a lead's `status`) is compared exactly: `"qualified"` is not the
//! status `"Qualified"`. A name a person gives to find something (a transition's target
//! status, a custom field or option by name, a status in a `StageMap`) matches ignoring case,
//! and an exact match wins over one ignoring case. Ignoring case is Unicode-aware and done
//! character by character (`char::to_lowercase`, without context rules such as a word-final
//! sigma), the same everywhere, so that what matches one lookup matches every other.

/// Text with each character lowercased on its own, so that it agrees with [`same`].
#[cfg(any(feature = "validate", test))]
pub(crate) fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Whether two names are the same ignoring case; agrees with [`fold`], without allocating.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || (!(a.is_ascii() && b.is_ascii())
            && a.chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase)))
}

/// The item whose name is `wanted`: an exact match, else one ignoring case.
pub(crate) fn find<'a, T>(
    items: &'a [T],
    wanted: &str,
    name: impl Fn(&T) -> Option<&str>,
) -> Option<&'a T> {
    items
        .iter()
        .find(|item| name(item) == Some(wanted))
        .or_else(|| {
            items
                .iter()
                .find(|item| name(item).is_some_and(|n| same(n, wanted)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_comparing_agree() {
        for (a, b) in [
            ("Qualified", "qualified"),
            ("ÉTÉ", "été"),
            ("Straße", "STRASSE"),
        ] {
            assert_eq!(same(a, b), fold(a) == fold(b), "{a} {b}");
        }
        assert!(same("ÉTÉ", "été"));
        let names = ["hot", "Hot"];
        assert_eq!(find(&names, "Hot", |n| Some(*n)), Some(&"Hot"));
        assert_eq!(find(&names, "HOT", |n| Some(*n)), Some(&"hot"));
    }
}
