//! The links a reader can open for a paper, and the URL handling behind them.
//! Feeds rarely give links directly: the listing only has URLs buried in
//! abstracts, with sentence punctuation stuck to them. This file finds those
//! URLs, decides which is the code and which the project page, derives the
//! arXiv/PDF/Hugging Face links from the id, and refuses anything that is not
//! a plain http(s) URL before it can be handed to a browser.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::Paper;

/// A kind of link, as chosen with `--target` or shown in the link list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    Paper,
    Arxiv,
    Pdf,
    Hf,
    Code,
    Project,
    Other,
}

impl LinkKind {
    /// Every kind, in the order of their names in messages, `Other` last.
    const ALL: [LinkKind; 7] = [
        LinkKind::Paper,
        LinkKind::Arxiv,
        LinkKind::Pdf,
        LinkKind::Hf,
        LinkKind::Code,
        LinkKind::Project,
        LinkKind::Other,
    ];

    /// The kinds a user can ask to open by name: all but [`LinkKind::Other`],
    /// which is last in `LinkKind::ALL`.
    pub const TARGETS: &'static [LinkKind] = Self::ALL.split_at(Self::ALL.len() - 1).0;

    /// The machine name (`--target` value, JSON).
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Paper => "paper",
            LinkKind::Arxiv => "arxiv",
            LinkKind::Pdf => "pdf",
            LinkKind::Hf => "hf",
            LinkKind::Code => "code",
            LinkKind::Project => "project",
            LinkKind::Other => "other",
        }
    }

    /// The human name shown next to a link.
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Paper => "paper page",
            LinkKind::Arxiv => "arXiv page",
            LinkKind::Pdf => "PDF",
            LinkKind::Hf => "Hugging Face page",
            LinkKind::Code => "code",
            LinkKind::Project => "project page",
            LinkKind::Other => "link",
        }
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A link kind name that folio does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown link target `{0}`: use one of paper, arxiv, pdf, hf, code, project, other")]
pub struct UnknownLinkKind(pub String);

impl FromStr for LinkKind {
    type Err = UnknownLinkKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        LinkKind::ALL
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownLinkKind(s.to_string()))
    }
}

/// Every link folio can offer for one paper.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Links {
    /// Always present: the arXiv abs page, or an arXiv title search.
    pub paper: String,
    pub arxiv: Option<String>,
    pub pdf: Option<String>,
    pub hf: Option<String>,
    pub code: Option<String>,
    pub project: Option<String>,
    pub other: Vec<String>,
}

impl Links {
    /// Derives the links from what the paper record knows.
    pub fn for_paper(p: &Paper) -> Links {
        let (paper, arxiv, pdf, hf) = match &p.arxiv_id {
            Some(id) => {
                let abs = format!("https://arxiv.org/abs/{id}");
                (
                    abs.clone(),
                    Some(abs),
                    Some(format!("https://arxiv.org/pdf/{id}")),
                    Some(format!("https://huggingface.co/papers/{id}")),
                )
            }
            None => (arxiv_title_search(&p.title), None, None, None),
        };
        Links {
            paper,
            arxiv,
            pdf,
            hf,
            code: p.code_url.clone(),
            project: p.project_url.clone(),
            other: p.other_urls.clone(),
        }
    }

    /// The link of one kind; for [`LinkKind::Other`], the first other link.
    pub fn get(&self, kind: LinkKind) -> Option<&str> {
        match kind {
            LinkKind::Paper => Some(&self.paper),
            LinkKind::Arxiv => self.arxiv.as_deref(),
            LinkKind::Pdf => self.pdf.as_deref(),
            LinkKind::Hf => self.hf.as_deref(),
            LinkKind::Code => self.code.as_deref(),
            LinkKind::Project => self.project.as_deref(),
            LinkKind::Other => self.other.first().map(String::as_str),
        }
    }

    /// The links as the user sees them numbered: paper, PDF, code, project,
    /// then the arXiv and Hugging Face pages when they differ from the paper
    /// link, then everything else. Absent links are skipped.
    pub fn numbered(&self) -> Vec<(LinkKind, String)> {
        let mut list = vec![(LinkKind::Paper, self.paper.clone())];
        let mut push = |kind: LinkKind, url: &Option<String>| {
            if let Some(url) = url {
                list.push((kind, url.clone()));
            }
        };
        push(LinkKind::Pdf, &self.pdf);
        push(LinkKind::Code, &self.code);
        push(LinkKind::Project, &self.project);
        for (kind, url) in [(LinkKind::Arxiv, &self.arxiv), (LinkKind::Hf, &self.hf)] {
            if url.as_deref().is_some_and(|u| u != self.paper) {
                push(kind, url);
            }
        }
        list.extend(self.other.iter().map(|u| (LinkKind::Other, u.clone())));
        list
    }
}

/// An arXiv title search, the best paper link when no id is known.
fn arxiv_title_search(title: &str) -> String {
    format!(
        "https://arxiv.org/search/?query={}&searchtype=title",
        percent_encode_query(title)
    )
}

/// Encodes a query value: unreserved characters stay, spaces become `+`,
/// every other UTF-8 byte becomes `%XX`.
fn percent_encode_query(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 0xF)] as char);
            }
        }
    }
    out
}

/// Every http(s) URL in free text, in order of appearance, without
/// duplicates and without the sentence punctuation that follows them.
pub fn extract_urls(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut urls: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut i = 0;
    while i < bytes.len() {
        let scheme_len = scheme_len_at(&bytes[i..]);
        if scheme_len == 0 {
            i += 1;
            continue;
        }
        // The scheme is ASCII, so `i` is a char boundary here.
        let rest = &text[i..];
        let raw_len = rest
            .char_indices()
            .find(|&(_, c)| ends_url(c))
            .map_or(rest.len(), |(at, _)| at);
        let url = trim_trailing_punctuation(&rest[..raw_len]);
        if host_of(url).is_some() && seen.insert(url) {
            urls.push(url.to_string());
        }
        i += raw_len.max(scheme_len);
    }
    urls
}

/// The length of an `http://` or `https://` prefix (any case) at the start of `bytes`, or 0.
fn scheme_len_at(bytes: &[u8]) -> usize {
    ["https://", "http://"]
        .iter()
        .find(|scheme| {
            bytes
                .get(..scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(scheme.as_bytes()))
        })
        .map_or(0, |scheme| scheme.len())
}

fn ends_url(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`')
}

/// Drops punctuation that ends the sentence rather than the URL, and closing
/// brackets that have no opening partner inside the URL.
fn trim_trailing_punctuation(url: &str) -> &str {
    // Opening and closing brackets of each kind in what is left, kept up to
    // date as characters are cut, so a long run of `)` costs one pass.
    let mut counts = [0usize; 6];
    for c in url.chars() {
        if let Some(slot) = bracket_slot(c) {
            counts[slot] += 1;
        }
    }
    let mut url = url;
    loop {
        let Some(last) = url.chars().next_back() else {
            return url;
        };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' => true,
            ')' => counts[1] > counts[0],
            ']' => counts[3] > counts[2],
            '}' => counts[5] > counts[4],
            _ => false,
        };
        if !strip {
            return url;
        }
        if let Some(slot) = bracket_slot(last) {
            counts[slot] -= 1;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
}

/// Where a bracket is counted in [`trim_trailing_punctuation`]: opening
/// then closing, for `()`, `[]` and `{}`.
fn bracket_slot(c: char) -> Option<usize> {
    "()[]{}".find(c)
}

/// The lowercase host of an http(s) URL (without user info or port), or
/// `None` when the URL is not http(s) or has no usable host.
fn host_of(url: &str) -> Option<String> {
    let rest = &url[scheme_len_at(url.as_bytes())..];
    if rest.len() == url.len() {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(v6) = host_port.strip_prefix('[') {
        let (inside, _) = v6.split_once(']')?;
        let valid = !inside.is_empty() && inside.chars().all(|c| c.is_ascii_hexdigit() || c == ':');
        return valid.then(|| format!("[{}]", inside.to_ascii_lowercase()));
    }
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        Some(_) => return None,
        None => host_port,
    };
    let valid = host.chars().any(char::is_alphanumeric)
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'));
    valid.then(|| host.to_lowercase())
}

/// The path segments of a URL, without query or fragment, skipping empty ones.
fn path_segments(url: &str) -> Vec<&str> {
    let rest = &url[scheme_len_at(url.as_bytes())..];
    let path = rest.split(['?', '#']).next().unwrap_or("");
    path.split('/').skip(1).filter(|s| !s.is_empty()).collect()
}

/// What a URL found in text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UrlClass {
    /// A source repository (GitHub, GitLab, Codeberg, Bitbucket, a Hugging Face Space).
    Code,
    /// Any other web page, presumably about the paper.
    Project,
    /// A link that is neither: arXiv, DOI, Hugging Face paper pages, profile pages.
    Other,
}

/// GitHub paths whose first segment is a site section, not an owner.
const GITHUB_SECTIONS: [&str; 8] = [
    "orgs",
    "sponsors",
    "topics",
    "features",
    "marketplace",
    "collections",
    "settings",
    "search",
];

/// Decides whether a URL points at code, a project page or something else.
pub fn classify_url(url: &str) -> UrlClass {
    let Some(host) = host_of(url) else {
        return UrlClass::Other;
    };
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let segments = path_segments(url);
    let is_repo = segments.len() >= 2;
    let is_host_or_sub = |domain: &str| {
        host == domain
            || host
                .strip_suffix(domain)
                .is_some_and(|sub| sub.ends_with('.'))
    };
    match host {
        "github.com" if is_repo && !GITHUB_SECTIONS.contains(&segments[0]) => UrlClass::Code,
        "gitlab.com" | "codeberg.org" | "bitbucket.org" if is_repo => UrlClass::Code,
        "github.com" | "gitlab.com" | "codeberg.org" | "bitbucket.org" => UrlClass::Other,
        "huggingface.co" => match segments.first().copied() {
            Some("spaces") if segments.len() >= 3 => UrlClass::Code,
            Some("papers") => UrlClass::Other,
            _ => UrlClass::Project,
        },
        _ if is_host_or_sub("arxiv.org") || is_host_or_sub("doi.org") => UrlClass::Other,
        _ => UrlClass::Project,
    }
}

/// Fills a paper's code and project links from URLs in its abstract and
/// comment, keeping links the feed already gave; the rest go to `other_urls`.
pub fn fill_links_from_text(p: &mut Paper) {
    let mut found = extract_urls(&p.abstract_text);
    if let Some(comment) = &p.comment {
        found.extend(extract_urls(comment));
    }
    for url in found {
        let known = |slot: &Option<String>| slot.as_deref().is_some_and(|u| same_url(u, &url));
        if known(&p.code_url)
            || known(&p.project_url)
            || p.other_urls.iter().any(|u| same_url(u, &url))
        {
            continue;
        }
        match classify_url(&url) {
            UrlClass::Code if p.code_url.is_none() => p.code_url = Some(url),
            UrlClass::Project if p.project_url.is_none() => p.project_url = Some(url),
            _ => p.other_urls.push(url),
        }
    }
}

/// Whether two URLs name the same page, ignoring case and a trailing slash.
fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

/// Whether a URL is safe to hand to a browser: http(s) with a real host and
/// no whitespace or control characters anywhere.
pub fn is_openable_url(url: &str) -> bool {
    !url.chars().any(|c| c.is_whitespace() || c.is_control()) && host_of(url).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper_with_id(id: Option<&str>) -> Paper {
        Paper {
            arxiv_id: id.map(String::from),
            title: "Hopfield Networks is All You Need".into(),
            ..Paper::default()
        }
    }

    #[test]
    fn long_runs_of_brackets_and_many_urls_are_handled_in_one_pass() {
        // Both took time quadratic in their length before (seconds here).
        let brackets = format!("see http://a.b/x{}", ")".repeat(50_000));
        assert_eq!(extract_urls(&brackets), vec!["http://a.b/x".to_string()]);
        let balanced = format!("http://a.b/{}{}.", "(".repeat(3), ")".repeat(5));
        assert_eq!(
            extract_urls(&balanced),
            vec!["http://a.b/((()))".to_string()]
        );
        let many: String = (0..20_000)
            .map(|i| format!("http://h{}.org/p ", i % 5_000))
            .collect();
        let urls = extract_urls(&many);
        assert_eq!(urls.len(), 5_000, "each URL once, in first-seen order");
        assert_eq!(urls[1], "http://h1.org/p");
    }

    #[test]
    fn link_kinds_parse_from_their_names() {
        for kind in LinkKind::ALL {
            assert_eq!(kind.name().parse::<LinkKind>(), Ok(kind));
            assert!(!kind.label().is_empty());
        }
        assert_eq!("PDF".parse::<LinkKind>(), Ok(LinkKind::Pdf));
        assert_eq!(LinkKind::Hf.label(), "Hugging Face page");
        assert_eq!(LinkKind::Other.to_string(), "other");
        let err = "github".parse::<LinkKind>().unwrap_err().to_string();
        assert!(err.contains("`github`"), "{err}");
        for name in ["paper", "arxiv", "pdf", "hf", "code", "project"] {
            assert!(err.contains(name), "{err}");
        }
        assert!(!LinkKind::TARGETS.contains(&LinkKind::Other));
        assert_eq!(LinkKind::TARGETS.len(), LinkKind::ALL.len() - 1);
    }

    #[test]
    fn links_from_an_arxiv_id() {
        let mut p = paper_with_id(Some("2008.02217"));
        p.code_url = Some("https://github.com/ml-jku/hopfield-layers".into());
        p.other_urls = vec!["https://example.org/a".into()];
        let links = Links::for_paper(&p);
        assert_eq!(links.paper, "https://arxiv.org/abs/2008.02217");
        assert_eq!(
            links.get(LinkKind::Arxiv),
            Some("https://arxiv.org/abs/2008.02217")
        );
        assert_eq!(
            links.get(LinkKind::Pdf),
            Some("https://arxiv.org/pdf/2008.02217")
        );
        assert_eq!(
            links.get(LinkKind::Hf),
            Some("https://huggingface.co/papers/2008.02217")
        );
        assert_eq!(links.get(LinkKind::Project), None);
        assert_eq!(links.get(LinkKind::Other), Some("https://example.org/a"));
        let kinds: Vec<LinkKind> = links.numbered().into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            kinds,
            [
                LinkKind::Paper,
                LinkKind::Pdf,
                LinkKind::Code,
                LinkKind::Hf,
                LinkKind::Other
            ]
        );
    }

    #[test]
    fn links_without_an_id_search_arxiv_by_title() {
        let mut p = paper_with_id(None);
        p.title = "Ünïcode & more: a/b".into();
        p.project_url = Some("https://serre-lab.github.io/Harmonization".into());
        let links = Links::for_paper(&p);
        assert_eq!(
            links.paper,
            "https://arxiv.org/search/?query=%C3%9Cn%C3%AFcode+%26+more%3A+a%2Fb&searchtype=title"
        );
        assert_eq!(
            (
                links.arxiv.as_deref(),
                links.pdf.as_deref(),
                links.hf.as_deref()
            ),
            (None, None, None)
        );
        let numbered = links.numbered();
        assert_eq!(numbered.len(), 2);
        assert_eq!(
            numbered[1],
            (
                LinkKind::Project,
                "https://serre-lab.github.io/Harmonization".into()
            )
        );
        assert!(numbered.iter().all(|(_, url)| is_openable_url(url)));
    }

    #[test]
    fn links_serialize_with_nulls() {
        let json = serde_json::to_value(Links::for_paper(&paper_with_id(None))).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 7);
        assert!(json["pdf"].is_null());
        assert!(json["code"].is_null());
        assert_eq!(json["other"], serde_json::json!([]));
    }

    #[test]
    fn extract_strips_sentence_punctuation() {
        assert_eq!(
            extract_urls("Code: https://github.com/researchmm/AOT-GAN-for-Inpainting."),
            ["https://github.com/researchmm/AOT-GAN-for-Inpainting"]
        );
        assert_eq!(
            extract_urls("at https://sites.google.com/view/stablediffusion-with-brain/."),
            ["https://sites.google.com/view/stablediffusion-with-brain/"]
        );
        assert_eq!(extract_urls("(see https://x.org/a)."), ["https://x.org/a"]);
        assert_eq!(
            extract_urls("see https://en.wikipedia.org/wiki/Bee_(disambiguation)."),
            ["https://en.wikipedia.org/wiki/Bee_(disambiguation)"]
        );
        assert_eq!(extract_urls("[https://x.org/b]!?"), ["https://x.org/b"]);
        assert_eq!(extract_urls("'https://x.org/c'"), ["https://x.org/c"]);
    }

    #[test]
    fn extract_finds_every_url_once_in_order() {
        let text = "A <https://a.org/x> and \"HTTP://B.org/y?q=1#f\", `https://c.org`; \
                    again https://a.org/x. Not ftp://d.org, not https:// nor https://., \
                    mailto:x@y.org, and https://[::1]:8080/p fine, https://é.org/ü";
        assert_eq!(
            extract_urls(text),
            [
                "https://a.org/x",
                "HTTP://B.org/y?q=1#f",
                "https://c.org",
                "https://[::1]:8080/p",
                "https://é.org/ü"
            ]
        );
        assert!(extract_urls("").is_empty());
        assert!(extract_urls("http").is_empty());
    }

    #[test]
    fn classifies_repositories_project_pages_and_others() {
        let code = [
            "https://github.com/ml-jku/hopfield-layers",
            "https://www.github.com/owner/repo/tree/main",
            "https://gitlab.com/group/sub/project",
            "https://codeberg.org/o/r",
            "https://bitbucket.org/o/r",
            "https://huggingface.co/spaces/o/r",
            "https://www.huggingface.co/spaces/o/r",
        ];
        let project = [
            "https://littlepure2333.github.io/MindBridge",
            "https://sites.google.com/view/lavca-llm/",
            "https://example.com",
            "http://lab.example.edu/~me/paper.html",
        ];
        let other = [
            "https://github.com/owner",
            "https://github.com",
            "https://gitlab.com/someone",
            "https://github.com/orgs/acme",
            "https://arxiv.org/abs/2401.12345",
            "https://export.arxiv.org/abs/2401.12345",
            "https://doi.org/10.1000/182",
            "https://dx.doi.org/10.1000/182",
            "https://huggingface.co/papers/2401.12345",
            "ftp://github.com/o/r",
            "not a url",
        ];
        for url in code {
            assert_eq!(classify_url(url), UrlClass::Code, "{url}");
        }
        for url in project {
            assert_eq!(classify_url(url), UrlClass::Project, "{url}");
        }
        for url in other {
            assert_eq!(classify_url(url), UrlClass::Other, "{url}");
        }
    }

    #[test]
    fn fills_code_and_project_from_the_abstract() {
        let mut p = paper_with_id(None);
        p.abstract_text = "Code at https://github.com/a/b. Page: https://a.github.io/p/. \
                           Also https://github.com/c/d and https://doi.org/10.1/x."
            .into();
        p.comment = Some("Demo https://demo.example.com, code https://github.com/a/b/".into());
        fill_links_from_text(&mut p);
        assert_eq!(p.code_url.as_deref(), Some("https://github.com/a/b"));
        assert_eq!(p.project_url.as_deref(), Some("https://a.github.io/p/"));
        assert_eq!(
            p.other_urls,
            [
                "https://github.com/c/d",
                "https://doi.org/10.1/x",
                "https://demo.example.com"
            ]
        );
        // Running again changes nothing.
        let before = p.clone();
        fill_links_from_text(&mut p);
        assert_eq!(p, before);
    }

    #[test]
    fn fill_keeps_links_the_feed_gave() {
        let mut p = paper_with_id(Some("2401.00001"));
        p.code_url = Some("https://github.com/feed/repo".into());
        p.abstract_text = "See https://github.com/feed/repo and https://github.com/x/y".into();
        fill_links_from_text(&mut p);
        assert_eq!(p.code_url.as_deref(), Some("https://github.com/feed/repo"));
        assert_eq!(p.project_url, None);
        assert_eq!(p.other_urls, ["https://github.com/x/y"]);
    }

    #[test]
    fn only_plain_http_urls_are_openable() {
        for url in [
            "https://arxiv.org/abs/2401.12345",
            "HTTP://example.com",
            "http://localhost:8080/x",
            "https://user@example.com/",
        ] {
            assert!(is_openable_url(url), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html;base64,PHNjcmlwdD4=",
            "ftp://x",
            "https://",
            "http://exa mple.com",
            "https://example.com/\x1b[2J",
            "https://example.com/\n",
            "https://:80/",
            "https://exa<mple.com",
            "",
        ] {
            assert!(!is_openable_url(url), "{url:?}");
        }
    }

    #[test]
    fn finds_the_links_in_the_demo_listing() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/hf-papers-listing.txt");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipping: {} not found", path.display());
            return;
        };
        let expected = [
            "https://github.com/researchmm/AOT-GAN-for-Inpainting",
            "https://github.com/dyballa/dynamic-connectomes",
            "https://github.com/ArturoDeza/EmergentProperties",
            "https://github.com/kreimanlab/VisualSearchAsymmetry",
            "https://github.com/SriramB-98/blindspots-neurips-sub",
            "https://littlepure2333.github.io/MindBridge",
            "https://github.com/ml-jku/hopfield-layers",
            "https://github.com/casiatao/UNIP",
            "https://sites.google.com/view/lavca-llm/",
            "https://github.com/Hey1Li/Salient-Relevance-Propagation",
            "https://github.com/awaisrauf/Awesome-CV-Foundational-Models",
            "https://sites.google.com/view/stablediffusion-with-brain/",
            "https://github.com/yu-takagi/StableDiffusionReconstruction",
            "https://serre-lab.github.io/Harmonization",
            "https://foundation-model-research.github.io/NeuronPath/",
            "https://github.com/yan-hao-tian/vw",
            "https://github.com/williamberrios/BrainScore-Transformers",
            "https://github.com/qiuqiangkong/audioset_tagging_cnn",
        ];
        let urls = extract_urls(&text);
        assert_eq!(urls, expected);
        let count = |class| urls.iter().filter(|u| classify_url(u) == class).count();
        assert_eq!(count(UrlClass::Code), 13);
        assert_eq!(count(UrlClass::Project), 5);
    }
}
