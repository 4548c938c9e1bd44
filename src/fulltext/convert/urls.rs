//! Links and image sources as absolute http(s) URLs. A LaTeXML page names
//! its images relative to `<base href="/html/2501.11120v1/">`, itself
//! relative to the page's address; anything that is not http(s) in the end
//! (`javascript:`, `data:`, `mailto:`, a relative link with no absolute page
//! address to resolve it against) is dropped, so the document only ever
//! holds links a reader can safely open.

/// An absolute http(s) URL cut into the parts resolution needs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AbsoluteUrl {
    /// `http` or `https`, lowercase.
    scheme: String,
    /// `host[:port]`, never empty.
    authority: String,
    /// Starts with `/` or is empty.
    path: String,
    /// Empty or starting with `?`.
    query: String,
    /// Empty or starting with `#`.
    fragment: String,
}

impl AbsoluteUrl {
    /// Parses `url` when it is an absolute http(s) URL.
    fn parse(url: &str) -> Option<AbsoluteUrl> {
        let (scheme, rest) = url.split_once(':')?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let rest = rest.strip_prefix("//")?;
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if authority.is_empty() {
            return None;
        }
        let (path, query, fragment) = split_path(&rest[authority_end..]);
        Some(AbsoluteUrl {
            scheme,
            authority: authority.to_string(),
            path: path.to_string(),
            query: query.to_string(),
            fragment: fragment.to_string(),
        })
    }

    /// The URL without its fragment.
    fn without_fragment(&self) -> String {
        format!(
            "{}://{}{}{}",
            self.scheme, self.authority, self.path, self.query
        )
    }

    fn to_url_string(&self) -> String {
        format!("{}{}", self.without_fragment(), self.fragment)
    }

    /// `reference` resolved against this URL (RFC 3986, section 5.2).
    fn join(&self, reference: &str) -> Option<AbsoluteUrl> {
        if has_scheme(reference) {
            return AbsoluteUrl::parse(reference);
        }
        if let Some(rest) = reference.strip_prefix("//") {
            return AbsoluteUrl::parse(&format!("{}://{rest}", self.scheme));
        }
        let (path, query, fragment) = split_path(reference);
        let mut joined = self.clone();
        joined.fragment = fragment.to_string();
        if path.is_empty() {
            if !query.is_empty() {
                joined.query = query.to_string();
            }
            return Some(joined);
        }
        joined.query = query.to_string();
        joined.path = if path.starts_with('/') {
            remove_dot_segments(path)
        } else {
            let directory = match self.path.rfind('/') {
                Some(slash) => &self.path[..=slash],
                None => "/",
            };
            remove_dot_segments(&format!("{directory}{path}"))
        };
        Some(joined)
    }
}

/// Whether `reference` starts with a scheme (`mailto:`, `https:`).
fn has_scheme(reference: &str) -> bool {
    let Some(colon) = reference.find(':') else {
        return false;
    };
    let scheme = &reference[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `path?query#fragment` into its three parts, each keeping its sign.
fn split_path(s: &str) -> (&str, &str, &str) {
    let (before_fragment, fragment) = match s.find('#') {
        Some(hash) => s.split_at(hash),
        None => (s, ""),
    };
    let (path, query) = match before_fragment.find('?') {
        Some(question) => before_fragment.split_at(question),
        None => (before_fragment, ""),
    };
    (path, query, fragment)
}

/// `/a/b/../c/./d` as `/a/c/d`.
fn remove_dot_segments(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let ends_in_directory = path.ends_with('/')
        || path.ends_with("/.")
        || path.ends_with("/..")
        || path == "."
        || path == "..";
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    if ends_in_directory || out.is_empty() {
        out.push('/');
    }
    out
}

/// What the page's links resolve against.
#[derive(Debug, Clone, Default)]
pub struct UrlResolver {
    /// The `<base href>` joined to the page address, else the page address;
    /// none when neither is an absolute http(s) URL.
    base: Option<AbsoluteUrl>,
    /// The page's own addresses (page URL and base, without fragments):
    /// a link to one of them plus `#S3` is a reference inside the paper.
    own_pages: Vec<String>,
}

impl UrlResolver {
    /// A resolver for a page fetched from `page_url` whose head says
    /// `<base href="{base_href}">`.
    pub fn new(page_url: &str, base_href: Option<&str>) -> UrlResolver {
        let page = AbsoluteUrl::parse(&tidy(page_url));
        let base = match (base_href.map(tidy), &page) {
            (Some(href), Some(page)) => page.join(&href).or_else(|| Some(page.clone())),
            (Some(href), None) => AbsoluteUrl::parse(&href),
            (None, page) => page.clone(),
        };
        let mut own_pages = Vec::new();
        for url in page.iter().chain(base.iter()) {
            let address = url.without_fragment();
            own_pages.push(address.trim_end_matches('/').to_string());
        }
        UrlResolver { base, own_pages }
    }

    /// `href` as an absolute http(s) URL, or `None` when it is not one and
    /// cannot become one.
    pub fn resolve(&self, href: &str) -> Option<String> {
        let href = tidy(href);
        let url = match &self.base {
            Some(base) => base.join(&href)?,
            None => AbsoluteUrl::parse(&href)?,
        };
        Some(encode_unsafe(&url.to_url_string()))
    }

    /// Whether `href` points inside this page (`#S3`, or the page's own
    /// address with a fragment): such links are cross-references, shown
    /// as plain text.
    pub fn is_internal(&self, href: &str) -> bool {
        let href = tidy(href);
        if href.starts_with('#') {
            return true;
        }
        let Some(base) = &self.base else {
            return false;
        };
        let Some(url) = base.join(&href) else {
            return false;
        };
        let address = url.without_fragment();
        !url.fragment.is_empty()
            && self
                .own_pages
                .iter()
                .any(|own| own == address.trim_end_matches('/'))
    }
}

/// What browsers do to an attribute's URL before using it: outer spaces
/// go, and tabs and line breaks inside are removed.
fn tidy(url: &str) -> String {
    url.trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Percent-encodes whitespace, control and invisible characters, so the
/// URL is one terminal-safe word.
fn encode_unsafe(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() || is_invisible(c) {
            let mut bytes = [0u8; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Zero-width and bidi-control characters (and the soft hyphen), which
/// could make a URL read as another.
fn is_invisible(c: char) -> bool {
    crate::model::sanitize::is_invisible_format(c) || c == '\u{00AD}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_sources_resolve_against_the_base_joined_to_the_page() {
        let urls = UrlResolver::new(
            "https://arxiv.org/html/2501.11120v1",
            Some("/html/2501.11120v1/"),
        );
        assert_eq!(
            urls.resolve("x1.png").as_deref(),
            Some("https://arxiv.org/html/2501.11120v1/x1.png")
        );
        assert_eq!(
            urls.resolve("extracted/6141037/figures/a.png").as_deref(),
            Some("https://arxiv.org/html/2501.11120v1/extracted/6141037/figures/a.png")
        );
        assert_eq!(
            urls.resolve("../other/./y.png?v=1#top").as_deref(),
            Some("https://arxiv.org/html/other/y.png?v=1#top")
        );
        assert_eq!(
            urls.resolve("//cdn.example.org/a.js").as_deref(),
            Some("https://cdn.example.org/a.js")
        );
    }

    #[test]
    fn without_a_base_the_page_address_is_the_base() {
        let urls = UrlResolver::new("https://arxiv.org/html/2501.11120v1", None);
        assert_eq!(
            urls.resolve("x1.png").as_deref(),
            Some("https://arxiv.org/html/x1.png")
        );
        assert_eq!(
            urls.resolve("/abs/2501.11120").as_deref(),
            Some("https://arxiv.org/abs/2501.11120")
        );
    }

    #[test]
    fn only_http_and_https_survive() {
        let urls = UrlResolver::new("https://arxiv.org/html/1", None);
        for href in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/plain;base64,AAAA",
            "mailto:someone@example.org",
            "ftp://example.org/x",
            "http://",
            "https:relative",
        ] {
            assert_eq!(urls.resolve(href), None, "{href}");
        }
        assert_eq!(
            urls.resolve("HTTPS://Example.org/a b\u{202E}").as_deref(),
            Some("https://Example.org/a%20b%E2%80%AE")
        );
    }

    #[test]
    fn relative_links_without_an_absolute_page_address_are_dropped() {
        let urls = UrlResolver::new("", Some("/html/1/"));
        assert_eq!(urls.resolve("x1.png"), None);
        assert_eq!(
            urls.resolve("https://github.com/a/b").as_deref(),
            Some("https://github.com/a/b")
        );
    }

    #[test]
    fn links_into_the_page_itself_are_internal() {
        let urls = UrlResolver::new(
            "https://arxiv.org/html/2501.11120v1",
            Some("/html/2501.11120v1/"),
        );
        assert!(urls.is_internal("#S3"));
        assert!(urls.is_internal("https://arxiv.org/html/2501.11120v1#bib.bib4"));
        assert!(!urls.is_internal("https://arxiv.org/abs/2501.11120"));
        assert!(!urls.is_internal("https://github.com/a/b#readme"));
    }
}
