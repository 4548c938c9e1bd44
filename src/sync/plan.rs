//! What one `folio sync` fetches: today's Hugging Face daily papers and
//! every source of every watch, each once however many watches name it,
//! fetched side by side (the arXiv API queries one after another, with
//! arXiv's pause between them).

use std::collections::BTreeMap;
use std::thread;

use super::{ArxivQuery, HF_PAGE, HfPeriod, HttpClient, HttpSettings, SyncError, SyncRequest};
use crate::config::Sources;
use crate::library::{UserState, WatchSource};
use crate::model::Paper;

/// One source to fetch, and the watches that asked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub source: WatchSource,
    pub request: SyncRequest,
    pub watches: Vec<String>,
}

impl Planned {
    /// How the summary names it: `hf`, `hf-trending`, ``arxiv `cat:cs.CV` ``.
    pub fn label(&self) -> String {
        self.source.to_string()
    }
}

/// The request that fetches `source`.
pub fn request_for(source: &WatchSource) -> SyncRequest {
    match source {
        WatchSource::Hf => SyncRequest::hf_today(),
        WatchSource::HfTrending => SyncRequest::Hf {
            period: HfPeriod::Trending,
            limit: Some(HF_PAGE),
        },
        WatchSource::Arxiv(query) => SyncRequest::Arxiv(ArxivQuery::new(query.clone())),
        WatchSource::ArxivNew(categories) => SyncRequest::ArxivNew(categories.clone()),
    }
}

/// The sources of a watch: the ones it names, or today's HF papers.
pub fn sources_of(watch: &crate::library::Watch) -> Vec<WatchSource> {
    if watch.sources.is_empty() {
        vec![WatchSource::Hf]
    } else {
        watch.sources.clone()
    }
}

/// Today's HF papers first, then every other source of every watch, once.
pub fn plan(state: &UserState) -> Vec<Planned> {
    let mut by_source: BTreeMap<WatchSource, Vec<String>> = BTreeMap::new();
    by_source.insert(WatchSource::Hf, Vec::new());
    for (name, watch) in &state.watches {
        for source in sources_of(watch) {
            by_source.entry(source).or_default().push(name.clone());
        }
    }
    by_source
        .into_iter()
        .map(|(source, watches)| Planned {
            request: request_for(&source),
            source,
            watches,
        })
        .collect()
}

/// Fetches every planned source; the answers come back in plan order.
/// `progress` hears `(label, line)` for each page of each source.
pub fn fetch_all(
    planned: &[Planned],
    sources: &Sources,
    settings: HttpSettings,
    progress: &(dyn Fn(&str, &str) + Sync),
) -> Vec<Result<Vec<Paper>, SyncError>> {
    let fetch_one = |p: &Planned| {
        let client = HttpClient::new(settings);
        let base = p.request.base_url(sources, None).to_string();
        let label = p.label();
        progress(&label, "fetching…");
        super::fetch(&client, &base, &p.request, &mut |line| {
            progress(&label, line)
        })
    };
    let (arxiv, others): (Vec<usize>, Vec<usize>) =
        (0..planned.len()).partition(|&i| matches!(planned[i].request, SyncRequest::Arxiv(_)));
    let mut answers: Vec<Option<Result<Vec<Paper>, SyncError>>> =
        (0..planned.len()).map(|_| None).collect();
    thread::scope(|scope| {
        // The arXiv API asks for one caller at a time with a pause between.
        let arxiv_thread = scope.spawn(|| {
            let mut out = Vec::new();
            for (n, &i) in arxiv.iter().enumerate() {
                if n > 0
                    && let SyncRequest::Arxiv(query) = &planned[i].request
                {
                    thread::sleep(query.delay);
                }
                out.push((i, fetch_one(&planned[i])));
            }
            out
        });
        let other_threads: Vec<_> = others
            .iter()
            .map(|&i| {
                let fetch_one = &fetch_one;
                (i, scope.spawn(move || fetch_one(&planned[i])))
            })
            .collect();
        for (i, handle) in other_threads {
            answers[i] = Some(handle.join().unwrap_or_else(|_| Err(panicked())));
        }
        match arxiv_thread.join() {
            Ok(done) => {
                for (i, answer) in done {
                    answers[i] = Some(answer);
                }
            }
            Err(_) => {
                for &i in &arxiv {
                    answers[i] = Some(Err(panicked()));
                }
            }
        }
    });
    answers
        .into_iter()
        .map(|a| a.unwrap_or_else(|| Err(panicked())))
        .collect()
}

fn panicked() -> SyncError {
    SyncError::Argument {
        input: String::new(),
        what: "fetch",
        problem: "the fetch stopped unexpectedly; try again".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn every_source_is_fetched_once_and_hf_always() {
        let mut state = UserState::default();
        assert_eq!(plan(&state).len(), 1, "today's HF papers with no watch");
        state
            .add_watch(
                "a",
                "x",
                vec![
                    WatchSource::HfTrending,
                    WatchSource::Arxiv("cat:cs.CV".into()),
                ],
                Utc::now(),
            )
            .unwrap();
        state
            .add_watch(
                "b",
                "y",
                vec![WatchSource::Arxiv("cat:cs.CV".into())],
                Utc::now(),
            )
            .unwrap();
        state.add_watch("c", "z", Vec::new(), Utc::now()).unwrap();
        let planned = plan(&state);
        let labels: Vec<String> = planned.iter().map(Planned::label).collect();
        assert_eq!(labels, ["hf", "hf-trending", "arxiv `cat:cs.CV`"]);
        assert_eq!(planned[0].watches, ["c"]);
        assert_eq!(planned[2].watches, ["a", "b"]);
    }
}
