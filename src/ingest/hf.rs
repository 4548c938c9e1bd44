//! The Hugging Face papers API: the `daily_papers` and `papers/search` item
//! arrays and the single paper object of `papers/{id}`. The API has changed
//! shape over the years (2024 answers lack the ai_* and github fields and
//! hard-wrap their text), so everything past id, title, abstract and authors
//! is optional, and one odd item is reported on its own without losing the rest.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;

use super::{IngestError, PaperResult};
use crate::model::{
    Paper, Source, UrlClass, classify_url, fill_links_from_text, is_openable_url, parse_arxiv_id,
    sanitize,
};

/// One element of the `daily_papers` / `papers/search` array.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Item {
    paper: Option<HfPaper>,
    /// When it was posted to the list (older answers); newer ones put
    /// the arXiv date here and the list day in `paper.submittedOnDailyAt`.
    published_at: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    num_comments: Option<u32>,
    organization: Option<Value>,
}

/// `item.paper`, also the whole body of `papers/{id}`.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct HfPaper {
    id: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    authors: Vec<Author>,
    published_at: Option<String>,
    submitted_on_daily_at: Option<String>,
    upvotes: Option<u32>,
    num_comments: Option<u32>,
    github_repo: Option<String>,
    /// Read loosely: a count of the wrong type must not cost the whole paper.
    github_stars: Option<Value>,
    project_page: Option<String>,
    #[serde(rename = "ai_summary")]
    ai_summary: Option<String>,
    #[serde(rename = "ai_keywords")]
    ai_keywords: Option<Vec<String>>,
    organization: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Author {
    name: Option<String>,
}

/// Parses a whole HF API body. A body that is not an HF papers answer fails
/// as a whole; a malformed item yields an error in its place.
pub fn parse(text: &str, origin: &str) -> Result<Vec<PaperResult>, IngestError> {
    let unreadable = |message: String| IngestError::Unreadable {
        origin: origin.to_string(),
        message,
    };
    let body: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        let problem = if e.is_eof() {
            "the JSON ends early: the download was cut short; fetch it again".to_string()
        } else {
            format!(
                "this is not valid JSON ({}); pass the body of a Hugging Face API answer",
                super::quoted(&e.to_string())
            )
        };
        IngestError::Parse {
            origin: origin.to_string(),
            line: e.line(),
            message: problem,
        }
    })?;
    match body {
        Value::Array(items) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let at = |message: String| IngestError::Unreadable {
                    origin: origin.to_string(),
                    message: format!("item {}: {message}", i + 1),
                };
                let item = if v.get("paper").is_some() {
                    Item::deserialize(v)
                } else {
                    // A bare paper object inside an array.
                    HfPaper::deserialize(v).map(|paper| Item {
                        paper: Some(paper),
                        ..Item::default()
                    })
                };
                let item = item.map_err(|e| {
                    at(format!(
                        "unexpected shape ({}); the file should be a daily_papers or papers/search answer",
                        super::quoted(&e.to_string())
                    ))
                })?;
                to_paper(item, u32::try_from(i).ok()).map_err(at)
            })
            .collect()),
        Value::Object(ref map) if map.contains_key("paper") => {
            let item = Item::deserialize(&body)
                .map_err(|e| unreadable(format!("unexpected shape ({})", super::quoted(&e.to_string()))))?;
            Ok(vec![to_paper(item, None).map_err(unreadable)])
        }
        Value::Object(ref map) if map.contains_key("id") => {
            let paper = HfPaper::deserialize(&body)
                .map_err(|e| unreadable(format!("unexpected shape ({})", super::quoted(&e.to_string()))))?;
            let item = Item {
                paper: Some(paper),
                ..Item::default()
            };
            Ok(vec![to_paper(item, None).map_err(unreadable)])
        }
        Value::Object(ref map) if map.contains_key("error") => {
            let said = map["error"]
                .as_str()
                .map_or_else(|| map["error"].to_string(), str::to_string);
            let said = super::quoted(&said);
            Err(unreadable(format!(
                "Hugging Face answered with an error: {said}; check the date or paper id you asked for"
            )))
        }
        _ => Err(unreadable(
            "this JSON is not a Hugging Face papers answer (expected an array of items or a paper object); pass the body of /api/daily_papers or /api/papers/ID".into(),
        )),
    }
}

fn to_paper(item: Item, position: Option<u32>) -> Result<Paper, String> {
    let paper = item.paper.unwrap_or_default();
    let raw_id = paper
        .id
        .as_deref()
        .ok_or("it has no paper id; every Hugging Face paper has its arXiv id in `paper.id`")?;
    let arxiv_id = parse_arxiv_id(raw_id).ok_or_else(|| {
        format!(
            "the paper id {:?} is not an arXiv id; expected one like 2401.12345",
            sanitize::clean_text(raw_id)
        )
    })?;
    let title = clean(paper.title.as_deref().or(item.title.as_deref()));
    let title = title.ok_or_else(|| format!("paper {arxiv_id} has no title"))?;
    let mut p = Paper {
        authors: paper
            .authors
            .iter()
            .filter_map(|a| clean(a.name.as_deref()))
            .collect(),
        abstract_text: clean(paper.summary.as_deref().or(item.summary.as_deref()))
            .unwrap_or_default(),
        published: paper.published_at.as_deref().and_then(day_of),
        listed: paper
            .submitted_on_daily_at
            .as_deref()
            .or(item.published_at.as_deref())
            .and_then(day_of),
        upvotes: paper.upvotes,
        stars: paper.github_stars.as_ref().and_then(star_count),
        comments: item.num_comments.or(paper.num_comments),
        keywords: paper
            .ai_keywords
            .unwrap_or_default()
            .iter()
            .filter_map(|k| clean(Some(k)))
            .collect(),
        generated_summary: clean(paper.ai_summary.as_deref()),
        organization: organization(item.organization.as_ref())
            .or_else(|| organization(paper.organization.as_ref())),
        position,
        source: Source::Hf,
        ..Paper::from_arxiv(arxiv_id, title)
    };
    p.code_url = url(paper.github_repo.as_deref());
    if let Some(page) = url(paper.project_page.as_deref()) {
        if classify_url(&page) == UrlClass::Code && p.code_url.is_none() {
            p.code_url = Some(page);
        } else if p.code_url.as_deref() != Some(page.as_str()) {
            p.project_url = Some(page);
        }
    }
    fill_links_from_text(&mut p);
    Ok(p)
}

/// `githubStars` as a count: a whole number, capped at `u32::MAX` when
/// larger; negative, fractional-nonsense or non-numeric values mean unknown.
fn star_count(v: &Value) -> Option<u32> {
    if let Some(n) = v.as_u64() {
        return Some(u32::try_from(n).unwrap_or(u32::MAX));
    }
    let f = v.as_f64().filter(|f| f.is_finite() && *f >= 0.0)?;
    // Saturating float-to-int conversion: 1e30 becomes u32::MAX.
    Some(f.round() as u32)
}

/// A sanitized field; empty means absent.
fn clean(s: Option<&str>) -> Option<String> {
    s.map(sanitize::clean_text).filter(|s| !s.is_empty())
}

/// A link the reader can open, or nothing.
fn url(s: Option<&str>) -> Option<String> {
    clean(s).filter(|u| is_openable_url(u))
}

/// The day of an API timestamp (`2026-05-30T00:00:00.000Z`).
fn day_of(timestamp: &str) -> Option<NaiveDate> {
    timestamp.get(..10)?.parse().ok()
}

/// `{"name": "caltech", "fullname": "California institute of technology"}`
/// → the full name; a plain string is taken as is.
fn organization(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => clean(Some(s)),
        Value::Object(o) => ["fullname", "name"]
            .iter()
            .find_map(|k| clean(o.get(*k).and_then(Value::as_str))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn papers(text: &str) -> Vec<Paper> {
        parse(text, "hf.json")
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn an_old_item_with_hard_line_breaks() {
        let text = r#"[{"paper":{"id":"2403.01234","title":"A Title\n  Over Two Lines","summary":"First line\n  second line. Code: https://github.com/o/r.","authors":[{"name":"Ada Lovelace","hidden":false},{"name":"  ","hidden":true}],"publishedAt":"2024-03-01T18:00:00.000Z","upvotes":7},"publishedAt":"2024-03-04T09:00:00.000Z","numComments":1}]"#;
        let p = &papers(text)[0];
        assert_eq!(p.id.as_str(), "2403.01234");
        assert_eq!(p.title, "A Title Over Two Lines");
        assert_eq!(
            p.abstract_text,
            "First line second line. Code: https://github.com/o/r."
        );
        assert_eq!(p.authors, ["Ada Lovelace"]);
        assert_eq!(p.published, NaiveDate::from_ymd_opt(2024, 3, 1));
        assert_eq!(p.listed, NaiveDate::from_ymd_opt(2024, 3, 4));
        assert_eq!((p.upvotes, p.comments), (Some(7), Some(1)));
        assert_eq!(p.code_url.as_deref(), Some("https://github.com/o/r"));
        assert_eq!(p.position, Some(0));
        assert_eq!(p.source, Source::Hf);
    }

    #[test]
    fn fields_win_over_abstract_links() {
        let text = r#"{"id":"2401.00001","title":"T","summary":"See https://github.com/other/repo and https://site.example/x","authors":[],"githubRepo":"https://github.com/real/repo","projectPage":"https://real.github.io/","ai_keywords":["a"," b ",""],"ai_summary":"Short.","organization":{"name":"x","fullname":"X Lab"}}"#;
        let p = &papers(text)[0];
        assert_eq!(p.code_url.as_deref(), Some("https://github.com/real/repo"));
        assert_eq!(p.project_url.as_deref(), Some("https://real.github.io/"));
        assert_eq!(
            p.other_urls,
            ["https://github.com/other/repo", "https://site.example/x"]
        );
        assert_eq!(p.keywords, ["a", "b"]);
        assert_eq!(p.generated_summary.as_deref(), Some("Short."));
        assert_eq!(p.organization.as_deref(), Some("X Lab"));
        assert_eq!(p.position, None);
    }

    #[test]
    fn github_stars_are_kept_and_odd_values_are_tolerated() {
        let item = |stars: &str| {
            format!(
                r#"{{"paper":{{"id":"2401.00001","title":"T","githubRepo":"https://github.com/o/r"{stars}}}}}"#
            )
        };
        let stars = |extra: &str| papers(&format!("[{}]", item(extra)))[0].stars;
        assert_eq!(stars(r#","githubStars":1234"#), Some(1234));
        assert_eq!(stars(""), None);
        assert_eq!(stars(r#","githubStars":null"#), None);
        assert_eq!(stars(r#","githubStars":-5"#), None);
        assert_eq!(stars(r#","githubStars":"many""#), None);
        assert_eq!(stars(r#","githubStars":12.0"#), Some(12));
        assert_eq!(stars(r#","githubStars":99999999999999"#), Some(u32::MAX));
        assert_eq!(stars(r#","githubStars":1e300"#), Some(u32::MAX));
        // On the outer item (not where the API puts it) it is not read.
        let outer = r#"[{"paper":{"id":"2401.00001","title":"T"},"githubStars":7}]"#;
        assert_eq!(papers(outer)[0].stars, None);
    }

    #[test]
    fn github_stars_from_the_shared_fixture() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/fixtures/hf-daily-papers.json"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            println!("skipped: {path} is absent");
            return;
        };
        let all = papers(&text);
        assert_eq!(all.len(), 30);
        let with_stars = all.iter().filter(|p| p.stars.is_some()).count();
        assert_eq!(with_stars, 16);
        let find = |id: &str| all.iter().find(|p| p.id.as_str() == id);
        assert_eq!(find("2606.13392").and_then(|p| p.stars), Some(251));
        assert_eq!(find("2606.08039").and_then(|p| p.stars), Some(10));
        assert_eq!(find("2606.00467").and_then(|p| p.stars), None);
    }

    #[test]
    fn a_repository_project_page_is_the_code_link() {
        let text = r#"{"id":"2401.00001","title":"T","summary":"","authors":[],"projectPage":"https://github.com/o/r"}"#;
        let p = &papers(text)[0];
        assert_eq!(p.code_url.as_deref(), Some("https://github.com/o/r"));
        assert_eq!(p.project_url, None);
    }

    #[test]
    fn a_bad_item_does_not_hide_the_others() {
        let text = r#"[{"paper":{"id":"nope","title":"T"}},{"paper":{"title":"T"}},{"paper":{"id":"2401.00002","title":"Fine"}}]"#;
        let results = parse(text, "hf.json").unwrap();
        assert_eq!(
            results[0].as_ref().unwrap_err().to_string(),
            "hf.json: item 1: the paper id \"nope\" is not an arXiv id; expected one like 2401.12345"
        );
        assert!(
            results[1]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("item 2: it has no paper id")
        );
        assert_eq!(results[2].as_ref().unwrap().position, Some(2));
    }

    #[test]
    fn unreadable_bodies() {
        let msg = |t: &str| parse(t, "hf.json").unwrap_err().to_string();
        assert!(msg(r#"[{"paper":{"id":"2401.0"#).contains("cut short"));
        assert!(msg(r#"{"error":"Invalid date"}"#).contains("error: Invalid date"));
        assert!(msg(r#"{"foo":1}"#).contains("not a Hugging Face papers answer"));
        assert!(parse("[]", "hf.json").unwrap().is_empty());
        // serde quotes the offending value: it is cleaned and cut short.
        let hostile = format!(
            r#"[{{"paper":{{"id":"2401.00001","title":"T","upvotes":"\u001b]52;c;ZXZp\u0007{}"}}}}]"#,
            "x".repeat(5_000)
        );
        let err = parse(&hostile, "hf.json").unwrap()[0]
            .as_ref()
            .unwrap_err()
            .to_string();
        assert!(!err.chars().any(char::is_control), "{err:?}");
        assert!(err.contains("unexpected shape") && err.len() < 600, "{err}");
    }
}
