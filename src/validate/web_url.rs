//! The rule for a website or social URL as Copper stores it.

/// What the URL rule found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UrlCheck {
    /// A valid http(s) URL with a host.
    Valid,
    /// Valid once read as `https://...`: Copper stores such URLs, so this is only a warning.
    NoScheme,
    /// A scheme other than http or https (`javascript:`, `mailto:`, `ftp://`).
    UnsupportedScheme(String),
    /// Not a URL, or one without a host; the reason, lowercase.
    Invalid(String),
}

/// Checks a website or social URL: read as `https://` when it has no scheme, it must parse
/// with the `url` crate, use http or https, and have a host.
///
/// The scheme is found as a browser finds it (the WHATWG URL standard): leading controls and
/// spaces are skipped, tabs and newlines ignored, case ignored. So `JavaScript:`,
/// `\tjavascript:` and `java\nscript:` are all the `javascript` scheme, refused. Only a name
/// with a dot, or `localhost`, followed by a digit reads as a host and port
/// (`example.com:8080`); no script scheme has a dot.
pub(crate) fn check(text: &str) -> UrlCheck {
    if text.trim().is_empty() {
        return UrlCheck::Invalid("is empty".to_owned());
    }
    let with_scheme = match scheme_of(text) {
        None => false,
        Some(Scheme { name, rest }) => {
            let http = name.eq_ignore_ascii_case("http") || name.eq_ignore_ascii_case("https");
            if !http && !is_host_and_port(&name, rest) {
                return UrlCheck::UnsupportedScheme(name.to_ascii_lowercase());
            }
            if http && !rest.starts_with("//") {
                return UrlCheck::Invalid(
                    "has no // after its scheme (a browser would still read a host from it)"
                        .to_owned(),
                );
            }
            http
        }
    };
    // What a browser reads differently from how the text looks: a backslash is a slash to
    // it, a line break or tab vanishes, and `//host` takes the page's scheme.
    if text.contains('\\') {
        return UrlCheck::Invalid(
            "contains a backslash, which a browser reads as a slash".to_owned(),
        );
    }
    if text.chars().any(char::is_control) {
        return UrlCheck::Invalid(
            "contains a control character (a tab or line break a browser drops)".to_owned(),
        );
    }
    if text.trim_start().starts_with("//") {
        return UrlCheck::Invalid(
            "starts with //: a browser reads the host from it with the page's scheme".to_owned(),
        );
    }
    // The common cases are decided without allocating; anything else goes to the `url` crate.
    let plain = if with_scheme {
        strip_http_scheme(text).is_some_and(is_plain_authority_and_tail)
    } else {
        is_plain_authority_and_tail(text)
    };
    let verdict = if plain {
        UrlCheck::Valid
    } else if with_scheme {
        parse_with_url_crate(text)
    } else {
        parse_with_url_crate(&format!("https://{text}"))
    };
    match verdict {
        UrlCheck::Valid if !with_scheme => UrlCheck::NoScheme,
        other => other,
    }
}

fn parse_with_url_crate(candidate: &str) -> UrlCheck {
    match url::Url::parse(candidate) {
        Err(err) => UrlCheck::Invalid(err.to_string()),
        Ok(url) if !matches!(url.scheme(), "http" | "https") => {
            UrlCheck::UnsupportedScheme(url.scheme().to_owned())
        }
        Ok(url) if url.host_str().is_none_or(str::is_empty) => {
            UrlCheck::Invalid("has no host".to_owned())
        }
        Ok(_) => UrlCheck::Valid,
    }
}

/// A scheme as a browser reads it, and the text after its colon.
struct Scheme<'a> {
    /// The scheme's characters, without the tabs and newlines a browser ignores (borrowed
    /// when it has none, as nearly every URL: checking one allocates nothing).
    name: std::borrow::Cow<'a, str>,
    rest: &'a str,
}

/// The scheme of `text` as the WHATWG URL standard finds it: after leading C0 controls and
/// spaces, a letter, then letters, digits, `+`, `-` or `.`, then `:`; tabs and newlines
/// anywhere are ignored. `None` when the text does not start that way.
fn scheme_of(text: &str) -> Option<Scheme<'_>> {
    let start = text.trim_start_matches(|c: char| c <= ' ');
    let mut name_len = 0;
    let mut ignored = false;
    for (at, c) in start.char_indices() {
        match c {
            '\t' | '\n' | '\r' => ignored = true,
            ':' if name_len > 0 => {
                let written = start.get(..at).unwrap_or_default();
                let name = if ignored {
                    std::borrow::Cow::Owned(
                        written
                            .chars()
                            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                            .collect(),
                    )
                } else {
                    std::borrow::Cow::Borrowed(written)
                };
                let rest = start.get(at + 1..).unwrap_or_default();
                return Some(Scheme { name, rest });
            }
            c if c.is_ascii_alphabetic() => name_len += 1,
            c if name_len > 0 && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                name_len += 1;
            }
            _ => return None,
        }
    }
    None
}

/// Whether `name:rest` is a host and port without a scheme (`example.com:8080/x`,
/// `localhost:8080`) rather than a scheme: a dotted name or `localhost`, then a digit.
fn is_host_and_port(name: &str, rest: &str) -> bool {
    (name.contains('.') || name.eq_ignore_ascii_case("localhost"))
        && rest.starts_with(|c: char| c.is_ascii_digit())
}

/// `text` after a lowercase `http://` or `https://`.
fn strip_http_scheme(text: &str) -> Option<&str> {
    text.strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
}

/// A fast path for the common case, `host[:port][/...]` in plain ASCII after an http(s)
/// scheme, accepted only where the `url` crate certainly accepts too (anything unusual goes to
/// the crate: user info, IP-like or punycode hosts, odd ports). A property test checks the
/// agreement. One pass over the bytes: the host is dot-separated labels of ASCII letters,
/// digits and inner hyphens whose last label starts with a letter (so it is not an IPv4
/// address), with no punycode labels; then an optional port up to 65535; then nothing, or a
/// path, query or fragment of printable ASCII.
fn is_plain_authority_and_tail(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    let mut at = 0;
    let last_label_first = loop {
        let start = at;
        while bytes
            .get(at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            at += 1;
        }
        let Some(label) = bytes.get(start..at) else {
            return false;
        };
        if !is_plain_label(label) {
            return false;
        }
        if bytes.get(at) != Some(&b'.') {
            break label.first().copied().unwrap_or_default();
        }
        at += 1;
    };
    if !last_label_first.is_ascii_alphabetic() {
        return false;
    }
    if bytes.get(at) == Some(&b':') {
        at += 1;
        let mut port: u32 = 0;
        let start = at;
        while let Some(digit) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            port = port * 10 + u32::from(digit - b'0');
            at += 1;
            if at - start > 5 {
                return false;
            }
        }
        if at == start || port > 65535 {
            return false;
        }
    }
    match bytes.get(at..) {
        Some([]) => true,
        Some([b'/' | b'?' | b'#', tail @ ..]) => tail.iter().all(|b| (0x21..=0x7e).contains(b)),
        _ => false,
    }
}

/// One host label of the fast path: 1 to 63 letters, digits and hyphens, no hyphen at either
/// end, not punycode (`xn--`).
fn is_plain_label(label: &[u8]) -> bool {
    (1..=63).contains(&label.len())
        && label.first() != Some(&b'-')
        && label.last() != Some(&b'-')
        && !label
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"xn--"))
}

/// Whether `text` is an http(s) URL the fast path accepts.
#[cfg(test)]
fn is_plain_http_url(text: &str) -> bool {
    strip_http_scheme(text).is_some_and(is_plain_authority_and_tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table() {
        let cases: &[(&str, UrlCheck)] = &[
            ("https://www.example.com/a?b#c", UrlCheck::Valid),
            ("http://localhost:8080", UrlCheck::Valid),
            ("www.workwebsite.com", UrlCheck::NoScheme),
            ("facebook.com/test_lead", UrlCheck::NoScheme),
            ("example.com:8080/x", UrlCheck::NoScheme),
            ("localhost:8080", UrlCheck::NoScheme),
            ("https://bücher.de", UrlCheck::Valid),
            (
                "javascript:alert(1)",
                UrlCheck::UnsupportedScheme("javascript".into()),
            ),
            (
                "mailto:a@b.co",
                UrlCheck::UnsupportedScheme("mailto".into()),
            ),
            (
                "data:text/html,hi",
                UrlCheck::UnsupportedScheme("data".into()),
            ),
            (
                "ftp://example.com",
                UrlCheck::UnsupportedScheme("ftp".into()),
            ),
            // A digit after the colon does not make a script scheme a host and port.
            (
                "javascript:1?alert(document.cookie):0",
                UrlCheck::UnsupportedScheme("javascript".into()),
            ),
            (
                "javascript:0//%0aalert(1)",
                UrlCheck::UnsupportedScheme("javascript".into()),
            ),
            (
                "JavaScript:alert(1)",
                UrlCheck::UnsupportedScheme("javascript".into()),
            ),
            (
                " \tjava\nscript:alert(1)",
                UrlCheck::UnsupportedScheme("javascript".into()),
            ),
            (
                "VBScript:msgbox(1)",
                UrlCheck::UnsupportedScheme("vbscript".into()),
            ),
            (
                "data:1,<script>alert(1)</script>",
                UrlCheck::UnsupportedScheme("data".into()),
            ),
            ("HTTPS://example.com", UrlCheck::Valid),
            // Text a browser reads as another host than it seems to name, or at all.
            (
                "https:evil.example",
                UrlCheck::Invalid(
                    "has no // after its scheme (a browser would still read a host from it)".into(),
                ),
            ),
            (
                "//evil.example",
                UrlCheck::Invalid(
                    "starts with //: a browser reads the host from it with the page's scheme"
                        .into(),
                ),
            ),
            (
                "\\\\evil.example\\x",
                UrlCheck::Invalid("contains a backslash, which a browser reads as a slash".into()),
            ),
            (
                "https://example.com\\@evil.example",
                UrlCheck::Invalid("contains a backslash, which a browser reads as a slash".into()),
            ),
            (
                "https://example.com/\r\nX",
                UrlCheck::Invalid(
                    "contains a control character (a tab or line break a browser drops)".into(),
                ),
            ),
            ("", UrlCheck::Invalid("is empty".into())),
            ("http://", UrlCheck::Invalid("empty host".into())),
            (
                "https://exa mple.com",
                UrlCheck::Invalid("invalid international domain name".into()),
            ),
            (
                "https://999.1.1.1",
                UrlCheck::Invalid("invalid IPv4 address".into()),
            ),
            (
                "https://example.com:99999",
                UrlCheck::Invalid("invalid port number".into()),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(&check(text), expected, "{text}");
        }
    }

    /// What a browser would make of `text` as a link: the scheme the `url` crate (which
    /// follows the same standard) finds in it, if it parses.
    fn browser_scheme(text: &str) -> Option<String> {
        url::Url::parse(text).ok().map(|u| u.scheme().to_owned())
    }

    /// The security property: whatever passes (valid, or valid read as `https://`) is never a
    /// link a browser would run as script or data. A browser reads it as http(s), or as an
    /// unknown dotted scheme or `localhost` (a host and port), or it is not a URL at all.
    pub(crate) fn assert_never_a_script(text: &str) {
        if matches!(check(text), UrlCheck::Valid | UrlCheck::NoScheme)
            && let Some(scheme) = browser_scheme(text)
        {
            assert!(
                matches!(scheme.as_str(), "http" | "https" | "localhost") || scheme.contains('.'),
                "{text:?} passes but a browser reads the scheme {scheme:?}"
            );
        }
    }

    #[test]
    fn script_schemes_never_pass() {
        for scheme in ["javascript", "vbscript", "data", "file", "blob", "about"] {
            for shape in [
                "{s}:alert(1)",
                "{s}:1?x:0",
                "{s}:0//%0a1",
                " {s}:x",
                "{s}://x",
            ] {
                for cased in [scheme.to_owned(), scheme.to_ascii_uppercase()] {
                    let text = shape.replace("{s}", &cased);
                    assert!(
                        matches!(check(&text), UrlCheck::UnsupportedScheme(_)),
                        "{text:?}"
                    );
                    assert_never_a_script(&text);
                }
            }
        }
    }

    proptest! {
        /// Text built from the pieces that matter never passes as a script link.
        #[test]
        fn nothing_that_passes_is_a_script_link(
            lead in "[ \t\n\x01]{0,2}",
            name in prop::sample::select(vec!["javascript", "JaVaScRiPt", "java\tscript", "data", "vbscript", "www.example.com", "localhost", "http", "x"]),
            sep in prop::sample::select(vec![":", "://", ":/", ""]),
            rest in "[0-9a-z/?:#%.()]{0,12}",
        ) {
            assert_never_a_script(&format!("{lead}{name}{sep}{rest}"));
        }

        /// Any text at all never passes as a script link.
        #[test]
        fn no_text_passes_as_a_script_link(text in "\\PC{0,24}") {
            assert_never_a_script(&text);
        }

        /// The fast path never accepts what the `url` crate refuses.
        #[test]
        fn fast_path_agrees_with_url_crate(
            scheme in prop::sample::select(vec!["http://", "https://"]),
            host in "(xn--)?[a-zA-Z0-9-]{0,8}(\\.(xn--)?[a-zA-Z0-9-]{0,8}){0,3}\\.?",
            port in prop::option::of("[0-9]{1,6}"),
            tail in "([/?#][!-~]{0,12})?",
        ) {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let text = format!("{scheme}{host}{port}{tail}");
            if is_plain_http_url(&text) {
                prop_assert_eq!(parse_with_url_crate(&text), UrlCheck::Valid, "{}", text);
            }
        }
    }
}
