//! Where a request may go: the rules for a base URL and a webhook target, and for what goes
//! into a header. Each refuses at construction what an HTTP client or a browser would read
//! differently from how it looks: a user name before the host (`https://api.copper.com@evil.example`
//! goes to `evil.example`), a port out of range, a bracket left open, a backslash, control and
//! invisible characters.

/// A URL as an error message shows it: a password in its user info and the values of its
/// query hidden (`https://me:…@host/?token=…`), since a refused URL is still the caller's
/// and may carry a secret (a webhook target's token, a base URL's credentials).
pub(crate) fn shown(url: &str) -> std::borrow::Cow<'_, str> {
    let after_scheme = url.find("://").map_or(0, |at| at + 3);
    let authority_end = url
        .get(after_scheme..)
        .and_then(|rest| rest.find(['/', '?', '#']))
        .map_or(url.len(), |at| after_scheme + at);
    let password = url
        .get(after_scheme..authority_end)
        .and_then(|authority| authority.rfind('@'))
        .and_then(|at| {
            let user_info = url.get(after_scheme..after_scheme + at)?;
            user_info
                .find(':')
                .map(|colon| (after_scheme + colon + 1, after_scheme + at))
        });
    let query = url.find('?');
    if password.is_none() && query.is_none() {
        return url.into();
    }
    let mut out = String::with_capacity(url.len());
    let head_end = query.unwrap_or(url.len());
    match password {
        Some((from, to)) if to <= head_end => {
            out.push_str(url.get(..from).unwrap_or_default());
            out.push('…');
            out.push_str(url.get(to..head_end).unwrap_or_default());
        }
        _ => out.push_str(url.get(..head_end).unwrap_or_default()),
    }
    if let Some(at) = query {
        let (query, fragment) = url
            .get(at + 1..)
            .unwrap_or_default()
            .split_once('#')
            .map_or((url.get(at + 1..).unwrap_or_default(), None), |(q, f)| {
                (q, Some(f))
            });
        out.push('?');
        for (i, pair) in query.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((key, _)) => {
                    out.push_str(key);
                    out.push_str("=…");
                }
                None => out.push_str(pair),
            }
        }
        if let Some(fragment) = fragment {
            out.push('#');
            out.push_str(fragment);
        }
    }
    out.into()
}

/// Why a URL is refused, in a phrase that completes "the url ...".
pub(crate) type Refusal = &'static str;

/// The host and port of `url`, when it is one of `schemes` (`https://`, `http://`) followed by
/// a host an HTTP client reads as it looks, an optional port from 1 to 65535, and a path (and,
/// with `query`, a query) of printable ASCII: no user info, no fragment, no backslash, no
/// whitespace, control or non-ASCII characters (a name in another script is written in
/// punycode).
pub(crate) fn host_and_port<'a>(
    url: &'a str,
    schemes: &[&str],
    query: bool,
) -> Result<&'a str, Refusal> {
    if let Some(bad) = url.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(if bad.is_whitespace() {
            "contains whitespace"
        } else if bad.is_control() {
            "contains a control character"
        } else {
            "contains a character that is not printable ASCII (write a host name in punycode)"
        });
    }
    if url.contains('\\') {
        return Err("contains a backslash, which a client may read as a slash");
    }
    let rest = schemes
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme))
        .ok_or("does not start with https:// (or http://)")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.contains('@') {
        return Err("has a user name before its host, where the request would not go");
    }
    check_authority(authority)?;
    if tail.contains('#') {
        return Err("has a fragment");
    }
    if !query && tail.contains('?') {
        return Err("has a query");
    }
    Ok(authority)
}

/// A host (a name, IPv4 or a bracketed IPv6 address) and an optional port.
fn check_authority(authority: &str) -> Result<(), Refusal> {
    let (host, port) = if let Some(inside) = authority.strip_prefix('[') {
        let (address, after) = inside
            .split_once(']')
            .ok_or("has an IPv6 address whose bracket is not closed")?;
        if address.is_empty()
            || !address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err("has an IPv6 address that is not one");
        }
        match after {
            "" => (address, None),
            _ => (
                address,
                Some(
                    after
                        .strip_prefix(':')
                        .ok_or("has something after its IPv6 address")?,
                ),
            ),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("has no host");
    }
    if !authority.starts_with('[') {
        let labels_ok = host.split('.').enumerate().all(|(i, label)| {
            // A final dot (an absolute name) leaves one empty label at the end.
            (!label.is_empty() || (i > 0 && host.ends_with('.') && host.len() > 1))
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }) && !host.starts_with('.');
        if !labels_ok {
            return Err("has a host name that is not letters, digits and hyphens in dotted labels");
        }
    }
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u16>().is_ok_and(|p| p > 0);
        if !valid {
            return Err("has a port that is not a number from 1 to 65535");
        }
    }
    Ok(())
}

/// Why a value cannot go into an HTTP header as it is: it must be printable ASCII without
/// spaces (a token, an email address), so that no CR, LF or NUL can end the header early or
/// add another one.
pub(crate) fn header_value_refusal(value: &str) -> Option<Refusal> {
    if value.is_empty() {
        Some("is empty")
    } else if value.chars().any(char::is_control) {
        Some("contains a control character (a line break, NUL, ...)")
    } else if !value.chars().all(|c| c.is_ascii_graphic()) {
        Some("contains a space or a character that is not printable ASCII")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &[&str] = &["https://", "http://"];

    #[test]
    fn a_url_in_a_message_hides_its_password_and_query_values() {
        for (url, shown_as) in [
            (
                "https://hooks.example.com/copper",
                "https://hooks.example.com/copper",
            ),
            (
                "https://api.copper.com@evil.example/v1",
                "https://api.copper.com@evil.example/v1",
            ),
            (
                "https://me:s3cret@evil.example/v1",
                "https://me:…@evil.example/v1",
            ),
            (
                "https://h.example/in?token=abc&flag",
                "https://h.example/in?token=…&flag",
            ),
            ("http://h.example/a?k=v#frag", "http://h.example/a?k=…#frag"),
            (
                "https://u:p@h.example/?a=1&b=2",
                "https://u:…@h.example/?a=…&b=…",
            ),
            ("no scheme?x=1", "no scheme?x=…"),
        ] {
            assert_eq!(shown(url), shown_as, "{url}");
        }
    }

    #[test]
    fn hosts_a_client_reads_as_they_look() {
        for (url, host) in [
            ("https://api.copper.com/developer_api/v1", "api.copper.com"),
            ("http://127.0.0.1:8080/v1", "127.0.0.1:8080"),
            ("http://[::1]:3000", "[::1]:3000"),
            ("https://localhost", "localhost"),
            ("https://example.com./x", "example.com."),
        ] {
            assert_eq!(host_and_port(url, SCHEMES, false), Ok(host), "{url}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        for (url, reason) in [
            (
                "https://api.copper.com@evil.example/developer_api/v1",
                "has a user name",
            ),
            ("https://user:pw@api.copper.com", "has a user name"),
            ("https://api.copper.com:99999", "has a port"),
            ("https://api.copper.com:0", "has a port"),
            ("https://api.copper.com:", "has a port"),
            ("https://[::1", "bracket is not closed"),
            ("https://[::1]x", "after its IPv6"),
            ("https://[zz]", "IPv6 address that is not one"),
            ("https://api.copper\u{200b}.com", "not printable ASCII"),
            ("https://api.copper.com/\u{7}", "control character"),
            ("https://api.copper.com/a b", "whitespace"),
            ("https://api.copper.com\\@evil.example", "backslash"),
            ("https://api..copper.com", "host name"),
            ("https://.copper.com", "host name"),
            ("https://", "has no host"),
            ("https://:443", "has no host"),
            ("ftp://x", "does not start with"),
            ("https://x/#a", "has a fragment"),
            ("https://x/?a=1", "has a query"),
        ] {
            let refusal = host_and_port(url, SCHEMES, false).unwrap_err();
            assert!(refusal.contains(reason), "{url}: {refusal}");
        }
        assert_eq!(host_and_port("https://x/?a=1", SCHEMES, true), Ok("x"));
    }

    #[test]
    fn header_values_are_printable_ascii() {
        assert_eq!(header_value_refusal("a1b2c3"), None);
        assert_eq!(header_value_refusal("me@example.com"), None);
        for bad in ["", "tok\r\nX-Evil: 1", "tok\n", "tok\0", "to k", "tök"] {
            assert!(header_value_refusal(bad).is_some(), "{bad:?}");
        }
    }
}
