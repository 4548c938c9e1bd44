//! Running a query: parse, compile, rank or sort, then load the hits with
//! their highlights. Split in two steps ([`PaperIndex::ranked`] gives document
//! addresses, [`PaperIndex::hit`] loads one) so a UI can hold a huge result set
//! and load only the rows it shows.

use std::collections::HashSet;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet, Order, Searcher};

use super::cancellable::{Cancellable, count_until, stopped};
use super::doc_scores::{DocScores, TopByScores};
use super::every_match::{EveryMatch, MatchOrder};
use super::highlight::{Highlighter, Snippet};
use super::query::ranked_words::RankedWords;
use super::query::{Compiler, Node, ParseOptions, QueryError, UserSets, parse};
use super::schema::{DATE_RANK_FIELD, STARS_FIELD, TITLE_SORT_FIELD, UPVOTES_FIELD};
use super::top_scores::TopScores;
use super::{IndexError, Locators, PaperIndex, lanes};
use crate::cancel::Cancel;
use crate::model::Paper;

/// Result orders a reader can pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    Relevance,
    Date,
    Upvotes,
    /// GitHub stars of the code repository, most first.
    Stars,
    Title,
    /// The user's taste: the "for you" model's score (see `crate::recommend`).
    ForYou,
}

impl Sort {
    pub const ALL: [Sort; 6] = [
        Sort::Relevance,
        Sort::Date,
        Sort::ForYou,
        Sort::Upvotes,
        Sort::Stars,
        Sort::Title,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Date => "date",
            Sort::Upvotes => "upvotes",
            Sort::Stars => "stars",
            Sort::Title => "title",
            Sort::ForYou => "foryou",
        }
    }

    /// How the order is shown after "by" (`by your taste` rather than `by foryou`).
    pub fn label(self) -> &'static str {
        match self {
            Sort::ForYou => "your taste",
            other => other.name(),
        }
    }

    /// The next order in the cycle (for a "cycle sort" key).
    pub fn next(self) -> Sort {
        let i = Sort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Sort::ALL[(i + 1) % Sort::ALL.len()]
    }
}

impl FromStr for Sort {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Sort::ALL
            .into_iter()
            .find(|o| o.name() == s.to_ascii_lowercase())
            .ok_or_else(|| {
                format!("unknown sort `{s}`: use relevance, date, foryou, upvotes, stars or title")
            })
    }
}

/// Everything that shapes a search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    /// Treat the last word as a prefix (type-ahead).
    pub prefix: bool,
    /// `None`: relevance when the query has words, date otherwise.
    pub sort: Option<Sort>,
    pub offset: usize,
    pub limit: usize,
    /// Length of the abstract snippet, in characters.
    pub snippet_chars: usize,
    /// What [`Sort::ForYou`] ranks by (see [`PreparedQuery::with_scores`]).
    pub scores: Option<Arc<DocScores>>,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            prefix: false,
            sort: None,
            offset: 0,
            limit: 20,
            snippet_chars: 200,
            scores: None,
        }
    }
}

/// A query ready to run: what was asked, how it compiled, and how to order it.
pub struct PreparedQuery {
    pub node: Node,
    pub sort: Sort,
    /// What ranks by relevance.
    query: Box<dyn Query>,
    /// The same matches, for counting and the other orders (see
    /// [`RankedWords::matching`]); the ranking query itself when it is
    /// not a `RankedWords`.
    matching: Box<dyn Query>,
    fuzzy_words: HashSet<String>,
    /// What [`Sort::ForYou`] ranks by; without them it falls back to date.
    scores: Option<Arc<DocScores>>,
}

impl PreparedQuery {
    /// Gives [`Sort::ForYou`] the scores to rank by (they must come from
    /// the same searcher's view; scores of another view rank nothing).
    pub fn with_scores(mut self, scores: Arc<DocScores>) -> Self {
        self.scores = Some(scores);
        self
    }

    /// The compiled query's matches, for collectors of the index's own
    /// that do not rank by relevance.
    pub(crate) fn query(&self) -> &dyn Query {
        &*self.matching
    }

    /// True when the relevance order can skip what cannot make a page.
    pub(crate) fn prunes(&self) -> bool {
        self.query.downcast_ref::<RankedWords>().is_some()
    }

    /// A highlighter that marks what this query matched.
    pub fn highlighter(&self) -> Highlighter {
        Highlighter::new(&self.node, &self.fuzzy_words)
    }
}

/// A paper's full text by id, section by section as `(heading, text)`;
/// `None` when it was not fetched.
pub type BodyOf<'a> = dyn Fn(&str) -> Option<Vec<(String, String)>> + 'a;

/// One search hit with what is needed to show why it matched.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    #[serde(skip)]
    pub address: DocAddress,
    pub score: f32,
    pub paper: Paper,
    pub title_highlights: Vec<Range<usize>>,
    pub snippet: Snippet,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Papers matching in all (not only those returned).
    pub total: usize,
    pub sort: Sort,
    pub hits: Vec<Hit>,
}

impl PaperIndex {
    /// Parses and compiles a query against the current view of the index.
    pub fn prepare(
        &self,
        searcher: &Searcher,
        text: &str,
        options: ParseOptions,
        sort: Option<Sort>,
        user: &UserSets,
    ) -> Result<PreparedQuery, QueryError> {
        let node = parse(text, options)?;
        crate::index::query::check_watches(&node, text, user)?;
        Ok(self.prepare_node(searcher, node, sort, user))
    }

    /// Compiles a request's query with its options, sort and taste scores:
    /// what a search and a bulk change of the library both start from.
    fn prepare_request(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        user: &UserSets,
    ) -> Result<PreparedQuery, QueryError> {
        let options = ParseOptions {
            prefix_last: request.prefix,
        };
        let prepared = self.prepare(searcher, &request.query, options, request.sort, user)?;
        Ok(match &request.scores {
            Some(scores) => prepared.with_scores(scores.clone()),
            None => prepared,
        })
    }

    /// Compiles an already parsed query (the TUI adds view and date filters
    /// to the user's query this way).
    pub fn prepare_node(
        &self,
        searcher: &Searcher,
        node: Node,
        sort: Option<Sort>,
        user: &UserSets,
    ) -> PreparedQuery {
        let mut compiler = Compiler::new(self.fields(), user, Some(searcher));
        let query = compiler.compile(&node);
        let matching = match query.downcast_ref::<RankedWords>() {
            Some(ranked) => ranked.matching(),
            None => query.box_clone(),
        };
        let sort = sort.unwrap_or(if node.has_text() {
            Sort::Relevance
        } else {
            Sort::Date
        });
        PreparedQuery {
            node,
            sort,
            query,
            matching,
            fuzzy_words: compiler.fuzzy_words,
            scores: None,
        }
    }

    /// The date of the newest paper, if any paper has a date.
    pub fn newest_date(
        &self,
        searcher: &Searcher,
    ) -> Result<Option<chrono::NaiveDate>, IndexError> {
        let field = self.fields().date;
        let mut newest = 0;
        for segment in searcher.segment_readers() {
            newest = newest.max(newest_date_key(segment, field)?);
        }
        Ok(super::document::day_of_key(newest))
    }

    /// The total number of matches and the addresses of `limit` of them from
    /// `offset`, in the query's order.
    pub fn ranked(
        &self,
        searcher: &Searcher,
        prepared: &PreparedQuery,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<(f32, DocAddress)>), IndexError> {
        self.ranked_until(searcher, prepared, offset, limit, None)
    }

    /// Like [`PaperIndex::ranked`], but gives up with
    /// [`IndexError::Cancelled`] soon after `cancel` is raised (a reader
    /// search the user has typed past). Without a flag it is `ranked`.
    pub fn ranked_until(
        &self,
        searcher: &Searcher,
        prepared: &PreparedQuery,
        offset: usize,
        limit: usize,
        cancel: Option<&Cancel>,
    ) -> Result<(usize, Vec<(f32, DocAddress)>), IndexError> {
        let query = &*prepared.matching;
        let count = || match cancel {
            Some(cancel) => count_until(searcher, query, cancel, lanes::executor())
                .map_err(|e| cancelled_or(e, cancel)),
            None if searcher.num_docs() < MANY_PAPERS => Ok(searcher.search(query, &Count)?),
            None => Ok(count_until(
                searcher,
                query,
                &Cancel::default(),
                lanes::executor(),
            )?),
        };
        if limit == 0 {
            return Ok((count()?, Vec::new()));
        }
        if prepared.sort == Sort::Relevance && prepared.prunes() {
            // Counting the matches and finding the best of them apart is
            // faster than one walk that scores every match.
            let total = count()?;
            let keep = offset.saturating_add(limit);
            let best = self.top_until(searcher, prepared, keep, cancel)?;
            return Ok((total, best.into_iter().skip(offset).collect()));
        }
        if let (Sort::ForYou, Some(scores)) = (prepared.sort, &prepared.scores) {
            let keep = offset.saturating_add(limit);
            let (total, best) = collect(
                searcher,
                query,
                &TopByScores {
                    scores: scores.clone(),
                    keep,
                    cancel: cancel.cloned(),
                },
                cancel,
            )?;
            return Ok((total, best.into_iter().skip(offset).collect()));
        }
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (total, hits) = match prepared.sort {
            Sort::Relevance => collect(
                searcher,
                &*prepared.query,
                &(Count, top.order_by_score()),
                cancel,
            )?,
            Sort::Date | Sort::ForYou => {
                let (n, docs) = collect(
                    searcher,
                    query,
                    &(
                        Count,
                        top.order_by_fast_field::<u64>(DATE_RANK_FIELD, Order::Desc),
                    ),
                    cancel,
                )?;
                (n, zero_scores(docs))
            }
            Sort::Upvotes | Sort::Stars => {
                let field = if prepared.sort == Sort::Stars {
                    STARS_FIELD
                } else {
                    UPVOTES_FIELD
                };
                let (n, docs) = collect(
                    searcher,
                    query,
                    &(Count, top.order_by_fast_field::<u64>(field, Order::Desc)),
                    cancel,
                )?;
                (n, zero_scores(docs))
            }
            Sort::Title => {
                let (n, docs) = collect(
                    searcher,
                    query,
                    &(
                        Count,
                        top.order_by_string_fast_field(TITLE_SORT_FIELD, Order::Asc),
                    ),
                    cancel,
                )?;
                (n, zero_scores(docs))
            }
        };
        Ok((total, hits))
    }

    /// The addresses of the first `limit` matches in the query's order,
    /// without counting them all, giving up with [`IndexError::Cancelled`]
    /// once `cancel` is raised. By relevance, a query of words skips the
    /// matches that cannot make the page (`query::ranked_words`); other
    /// orders visit every match, and from 10,000 hits on they are gathered
    /// and sorted in a way that can stop while it sorts too
    /// (`index::every_match`).
    pub fn top_until(
        &self,
        searcher: &Searcher,
        prepared: &PreparedQuery,
        limit: usize,
        cancel: Option<&Cancel>,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        let query = match prepared.sort {
            Sort::Relevance => &*prepared.query,
            _ => &*prepared.matching,
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        if let (Sort::ForYou, Some(scores)) = (prepared.sort, &prepared.scores) {
            let by_scores = TopByScores {
                scores: scores.clone(),
                keep: limit,
                cancel: cancel.cloned(),
            };
            return Ok(collect(searcher, query, &by_scores, cancel)?.1);
        }
        if let Some(cancel) = cancel
            && limit >= EVERY_MATCH_FROM
            && let Some(order) = match_order(prepared.sort)
        {
            let every = EveryMatch {
                order,
                limit,
                cancel,
            };
            return collect(searcher, query, &every, Some(cancel));
        }
        if let (Sort::Relevance, Some(cancel)) = (prepared.sort, cancel)
            && prepared.prunes()
        {
            let scoring = EnableScoring::enabled_from_searcher(searcher);
            let top = TopScores::new(limit, Some(cancel));
            return searcher
                .search_with_executor(query, &top, lanes::executor(), scoring)
                .map_err(|e| cancelled_or(e, cancel));
        }
        let top = || TopDocs::with_limit(limit);
        let by_field = |field| top().order_by_fast_field::<u64>(field, Order::Desc);
        let search = |collector| collect(searcher, query, collector, cancel);
        Ok(match prepared.sort {
            Sort::Relevance if prepared.prunes() => {
                collect(searcher, query, &TopScores::new(limit, None), None)?
            }
            Sort::Relevance => collect(searcher, query, &top().order_by_score(), cancel)?,
            Sort::Date | Sort::ForYou => zero_scores(search(&by_field(DATE_RANK_FIELD))?),
            Sort::Upvotes => zero_scores(search(&by_field(UPVOTES_FIELD))?),
            Sort::Stars => zero_scores(search(&by_field(STARS_FIELD))?),
            Sort::Title => zero_scores(collect(
                searcher,
                query,
                &top().order_by_string_fast_field(TITLE_SORT_FIELD, Order::Asc),
                cancel,
            )?),
        })
    }

    /// Loads one hit: the paper, its title highlights and an abstract snippet.
    pub fn hit(
        &self,
        searcher: &Searcher,
        highlighter: &mut Highlighter,
        address: DocAddress,
        score: f32,
        snippet_chars: usize,
    ) -> Result<Hit, IndexError> {
        let mut locators = Locators::new(searcher);
        self.hit_with(&mut locators, highlighter, address, score, snippet_chars)
    }

    /// [`PaperIndex::hit`] for one of many hits of the same view.
    fn hit_with(
        &self,
        locators: &mut Locators,
        highlighter: &mut Highlighter,
        address: DocAddress,
        score: f32,
        snippet_chars: usize,
    ) -> Result<Hit, IndexError> {
        let paper = self.paper_with(locators, address)?;
        Ok(Hit {
            address,
            score,
            title_highlights: highlighter.title(&paper.title),
            snippet: highlighter.snippet(&paper.abstract_text, snippet_chars),
            paper,
        })
    }

    /// Parses, ranks and loads in one call: what the CLI needs.
    pub fn search(
        &self,
        request: &SearchRequest,
        user: &UserSets,
    ) -> Result<SearchResults, SearchError> {
        self.search_with_bodies(request, user, &|_| None)
    }

    /// Like [`PaperIndex::search`]; a hit whose title and abstract do not
    /// show the query's words gets its snippet from its full text, which
    /// `body_of` gives section by section (`None`: not fetched).
    pub fn search_with_bodies(
        &self,
        request: &SearchRequest,
        user: &UserSets,
        body_of: &BodyOf<'_>,
    ) -> Result<SearchResults, SearchError> {
        let searcher = self.searcher();
        let prepared = self.prepare_request(&searcher, request, user)?;
        let (total, ranked) = self.ranked(&searcher, &prepared, request.offset, request.limit)?;
        Ok(SearchResults {
            total,
            sort: prepared.sort,
            hits: self.load_hits(&searcher, &prepared, request, ranked, body_of)?,
        })
    }

    /// The hits of [`PaperIndex::search_with_bodies`] without the number of
    /// matches, which takes a walk over every match: at 3,000,000 papers
    /// a query of common words can take longer to count than to rank.
    /// What a caller that prints no total asks for (`folio search --json`).
    pub fn hits_with_bodies(
        &self,
        request: &SearchRequest,
        user: &UserSets,
        body_of: &BodyOf<'_>,
    ) -> Result<Vec<Hit>, SearchError> {
        let searcher = self.searcher();
        let prepared = self.prepare_request(&searcher, request, user)?;
        let keep = request.offset.saturating_add(request.limit);
        let best = self.top_until(&searcher, &prepared, keep, None)?;
        let ranked = best.into_iter().skip(request.offset).collect();
        self.load_hits(&searcher, &prepared, request, ranked, body_of)
    }

    /// Loads the papers at `ranked` with their highlights and snippets.
    fn load_hits(
        &self,
        searcher: &Searcher,
        prepared: &PreparedQuery,
        request: &SearchRequest,
        ranked: Vec<(f32, DocAddress)>,
        body_of: &BodyOf<'_>,
    ) -> Result<Vec<Hit>, SearchError> {
        let mut highlighter = prepared.highlighter();
        let mut locators = Locators::new(searcher);
        let hits = ranked
            .into_iter()
            .map(|(score, addr)| {
                let mut hit = self.hit_with(
                    &mut locators,
                    &mut highlighter,
                    addr,
                    score,
                    request.snippet_chars,
                )?;
                let shows_match =
                    !hit.title_highlights.is_empty() || !hit.snippet.highlights.is_empty();
                if !shows_match
                    && let Some(sections) = body_of(hit.paper.id.as_str())
                    && let Some(snippet) =
                        highlighter.body_snippet(&sections, request.snippet_chars)
                {
                    hit.snippet = snippet;
                }
                Ok(hit)
            })
            .collect::<Result<_, IndexError>>()?;
        Ok(hits)
    }

    /// Every paper matching the query, in the request's order, without
    /// snippets or highlights (what a bulk change of the library needs).
    pub fn matching_papers(
        &self,
        request: &SearchRequest,
        user: &UserSets,
    ) -> Result<Vec<Paper>, SearchError> {
        let searcher = self.searcher();
        let prepared = self.prepare_request(&searcher, request, user)?;
        // TopDocs keeps room for its whole limit: ask for what can exist.
        let all = usize::try_from(searcher.num_docs())
            .unwrap_or(usize::MAX)
            .max(1);
        let (_, ranked) = self.ranked(&searcher, &prepared, 0, all)?;
        let mut locators = Locators::new(&searcher);
        ranked
            .into_iter()
            .map(|(_, addr)| Ok(self.paper_with(&mut locators, addr)?))
            .collect()
    }
}

/// From this many hits on, a cancellable top-k gathers every match and
/// sorts them itself ([`EveryMatch`]), so that it can stop anywhere.
const EVERY_MATCH_FROM: usize = 10_000;

/// How [`EveryMatch`] orders the matches of `sort` (`None`: it cannot).
fn match_order(sort: Sort) -> Option<MatchOrder> {
    match sort {
        Sort::Relevance => Some(MatchOrder::Score),
        // Without taste scores (with them `top_until` has answered already).
        Sort::Date | Sort::ForYou => Some(MatchOrder::FieldDesc(DATE_RANK_FIELD)),
        Sort::Upvotes => Some(MatchOrder::FieldDesc(UPVOTES_FIELD)),
        Sort::Stars => Some(MatchOrder::FieldDesc(STARS_FIELD)),
        // Titles are strings whose order numbers differ by segment.
        Sort::Title => None,
    }
}

/// Runs `collector` over `query`'s matches, stopping when `cancel` is raised.
fn collect<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
    cancel: Option<&Cancel>,
) -> Result<C::Fruit, IndexError> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    let Some(cancel) = cancel else {
        if searcher.num_docs() < MANY_PAPERS {
            return Ok(searcher.search(query, collector)?);
        }
        return Ok(searcher.search_with_executor(query, collector, lanes::executor(), scoring)?);
    };
    let cancellable = Cancellable {
        inner: collector,
        cancel,
    };
    searcher
        .search_with_executor(query, &cancellable, lanes::executor(), scoring)
        .map_err(|e| cancelled_or(e, cancel))
}

/// From this many papers on, a search that cannot be cancelled (the
/// CLI's) runs on the search threads too ([`lanes`]); below it, starting the threads
/// costs a whole `folio search` process more than they save.
const MANY_PAPERS: u64 = 500_000;

/// [`IndexError::Cancelled`] when `cancel` stopped the search, else the error.
fn cancelled_or(error: tantivy::TantivyError, cancel: &Cancel) -> IndexError {
    if stopped(&error, cancel) {
        IndexError::Cancelled
    } else {
        IndexError::Tantivy(error)
    }
}

fn zero_scores<K>(docs: Vec<(K, DocAddress)>) -> Vec<(f32, DocAddress)> {
    docs.into_iter().map(|(_, addr)| (0.0, addr)).collect()
}

/// A search fails either because of the query or because of the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// The largest date key a living document of `segment` has (0: none). The
/// date field's terms are its distinct keys in order, a few thousand days
/// however many papers, so the newest is read from the term dictionary;
/// only when documents were deleted are the newest keys' postings looked
/// at, for one that still lives. Sorting every paper by date to find the
/// first took 27-44 ms at 3,000,000 papers, on every reader start.
fn newest_date_key(
    segment: &tantivy::SegmentReader,
    field: tantivy::schema::Field,
) -> tantivy::Result<u64> {
    let inverted = segment.inverted_index(field)?;
    let mut keys = Vec::new();
    let mut terms = inverted.terms().stream()?;
    while terms.advance() {
        if let Ok(bytes) = <[u8; 8]>::try_from(terms.key()) {
            keys.push((u64::from_be_bytes(bytes), terms.value().clone()));
        }
    }
    let Some(alive) = segment.alive_bitset() else {
        return Ok(keys.last().map_or(0, |(key, _)| *key));
    };
    for (key, info) in keys.iter().rev() {
        let mut postings = inverted
            .read_postings_from_terminfo(info, tantivy::schema::IndexRecordOption::Basic)?;
        let mut doc = postings.doc();
        while doc != tantivy::TERMINATED {
            if alive.is_alive(doc) {
                return Ok(*key);
            }
            doc = postings.advance();
        }
    }
    Ok(0)
}
