//! One search's results as a front end holds them: which papers matched, in
//! order, within the view of the index the search ran against, read lazily
//! a range at a time (the reader reads only the rows on screen) with the
//! query's matches marked. Addresses stay inside; a front end only counts,
//! loads and asks where a paper is.

use std::ops::Range;
use std::sync::Arc;

use tantivy::DocAddress;

use super::query::{Node, UserSets};
use super::{
    DocScores, Highlighter, IndexError, IndexGeneration, IndexView, Locators, PaperIndex, Sort,
};
use crate::cancel::Cancel;
use crate::model::Paper;

/// The matches of one search, in order, and how to read them.
pub struct ResultSet {
    index: Arc<PaperIndex>,
    view: IndexView,
    hits: Arc<Vec<DocAddress>>,
    /// Every match, also those not kept; when not `counted`, only those
    /// found so far (there may be more).
    total: usize,
    counted: bool,
    highlighter: Highlighter,
    /// Where the hits' journal lines are, opened once for every load.
    locators: Locators,
}

/// How much of a search to run: keep the first `max_hits` matches, count
/// every match or not (a first screenful comes faster uncounted), and give
/// up with [`IndexError::Cancelled`] once `cancel` is raised.
#[derive(Debug, Clone, Copy)]
pub struct Budget<'a> {
    pub max_hits: usize,
    pub count: bool,
    pub cancel: Option<&'a Cancel>,
}

impl Budget<'_> {
    /// Every match, counted, to the end.
    pub const ALL: Budget<'static> = Budget {
        max_hits: usize::MAX,
        count: true,
        cancel: None,
    };

    /// The first `max_hits` matches, every match counted.
    pub fn counted(max_hits: usize) -> Budget<'static> {
        Budget {
            max_hits,
            ..Budget::ALL
        }
    }
}

/// A paper of a result set with where the query matched its title and abstract.
#[derive(Debug, Clone)]
pub struct MarkedPaper {
    pub paper: Paper,
    pub title_marks: Vec<Range<usize>>,
    pub abstract_marks: Vec<Range<usize>>,
}

impl ResultSet {
    /// No results, in `view` (nothing to mark).
    pub fn empty(index: Arc<PaperIndex>, view: IndexView) -> ResultSet {
        ResultSet {
            index,
            hits: Arc::new(Vec::new()),
            total: 0,
            counted: true,
            highlighter: Highlighter::new(&Node::And(Vec::new()), &Default::default()),
            locators: Locators::new(view.searcher()),
            view,
        }
    }

    /// Up to `limit` papers most like the paper `id` within `view`, best
    /// first (`None`: no such paper); the words the titles share are marked.
    pub fn similar(
        index: Arc<PaperIndex>,
        view: IndexView,
        id: &str,
        limit: usize,
    ) -> Result<Option<ResultSet>, IndexError> {
        let Some(hits) = index.similar_in(view.searcher(), id, limit)? else {
            return Ok(None);
        };
        let hits: Vec<DocAddress> = hits.iter().map(|h| h.address).collect();
        let mut set = ResultSet::empty(index, view);
        set.total = hits.len();
        set.hits = Arc::new(hits);
        Ok(Some(set))
    }

    /// The matches of `parts`, one after the other (each in `sort`, or its
    /// own default), keeping the first `budget.max_hits`, counting them all
    /// if the budget says so, and stopping when its cancel flag is raised.
    /// [`Sort::ForYou`] ranks by `scores` (none: by date). Returns the set
    /// and the sort the first part ran in; the marks are the first part's.
    pub fn ranked(
        index: Arc<PaperIndex>,
        view: IndexView,
        parts: Vec<Node>,
        sort: Option<Sort>,
        sets: &UserSets,
        scores: Option<Arc<DocScores>>,
        budget: Budget<'_>,
    ) -> Result<(ResultSet, Sort), IndexError> {
        let searcher = view.searcher();
        let mut hits = Vec::new();
        let mut total = 0;
        let mut counted = true;
        let mut first = None;
        // An uncounted top-k needs room for `limit` hits: no more than exist.
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        for part in parts {
            let mut part = index.prepare_node(searcher, part, sort, sets);
            if let Some(scores) = &scores {
                part = part.with_scores(scores.clone());
            }
            let room = budget.max_hits.saturating_sub(hits.len());
            if budget.count {
                let (count, _) = index.ranked_until(searcher, &part, 0, 0, budget.cancel)?;
                let top = index.top_until(searcher, &part, count.min(room), budget.cancel)?;
                hits.extend(top.into_iter().map(|(_, addr)| addr));
                total += count;
            } else {
                let limit = room.min(docs);
                let top = index.top_until(searcher, &part, limit, budget.cancel)?;
                // Fewer than asked for, or every paper: that was every
                // match of this part.
                counted &= top.len() < limit || limit == docs;
                total += top.len();
                hits.extend(top.into_iter().map(|(_, addr)| addr));
            }
            first.get_or_insert((part.sort, part.highlighter()));
        }
        let (sort, highlighter) = match first {
            Some(first) => first,
            None => (
                sort.unwrap_or(Sort::Date),
                Highlighter::new(&Node::And(Vec::new()), &Default::default()),
            ),
        };
        let set = ResultSet {
            index,
            locators: Locators::new(view.searcher()),
            view,
            hits: Arc::new(hits),
            total,
            counted,
            highlighter,
        };
        Ok((set, sort))
    }

    /// Matches kept (what can be loaded).
    pub fn len(&self) -> usize {
        self.hits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }

    /// Every match, also those beyond [`ResultSet::len`] (when not
    /// [`ResultSet::is_counted`], those found so far).
    pub fn total(&self) -> usize {
        self.total
    }

    /// True when [`ResultSet::total`] counts every match; false when the
    /// search stopped at its first hits and there may be more.
    pub fn is_counted(&self) -> bool {
        self.counted
    }

    /// True when every match is here, in order: nothing more to fetch.
    pub fn is_complete(&self) -> bool {
        self.counted && self.hits.len() >= self.total
    }

    /// The generation of the index view these results belong to.
    pub fn generation(&self) -> IndexGeneration {
        self.view.generation()
    }

    /// The view these results were found in.
    pub fn view(&self) -> &IndexView {
        &self.view
    }

    /// The paper at position `i` (`None`: past the end).
    pub fn paper(&mut self, i: usize) -> Option<Result<Paper, IndexError>> {
        let addr = *self.hits.get(i)?;
        Some(self.index.paper_with(&mut self.locators, addr))
    }

    /// The papers at positions `range` (clamped to the results), in order,
    /// with the query's matches marked; a paper that cannot be read is its error.
    pub fn load(&mut self, range: Range<usize>) -> Vec<Result<MarkedPaper, IndexError>> {
        let end = range.end.min(self.hits.len());
        (range.start.min(end)..end)
            .map(|i| self.load_one(i))
            .collect()
    }

    /// The paper at position `i` (within the results) with its marks.
    fn load_one(&mut self, i: usize) -> Result<MarkedPaper, IndexError> {
        let paper = self.paper(i).expect("a position within the results")?;
        Ok(MarkedPaper {
            title_marks: self.highlighter.title(&paper.title),
            abstract_marks: self.highlighter.abstract_text(&paper.abstract_text),
            paper,
        })
    }

    /// Where the paper `id` is in the results: one postings lookup, then a
    /// scan of positions (no paper is read).
    pub fn position_of(&self, id: &str) -> Option<usize> {
        let addr = self.index.address_of(self.view.searcher(), id).ok()??;
        self.hits.iter().position(|h| *h == addr)
    }

    /// The same matches over and over until there are `len` of them: a
    /// long list from a small corpus, for measuring how lists draw.
    #[doc(hidden)]
    pub fn repeated(self, len: usize) -> ResultSet {
        let hits: Vec<DocAddress> = self.hits.iter().copied().cycle().take(len).collect();
        ResultSet {
            total: hits.len(),
            hits: Arc::new(hits),
            ..self
        }
    }
}
