//! Stopping a search part-way. A reader search that the user has already
//! replaced by typing another key is worth nothing, and at a million papers
//! a broad one runs for a tenth of a second or more: [`Cancellable`] wraps
//! any collector and looks at a [`Cancel`] flag before each segment and
//! every few thousand documents inside one, so a stale search ends within
//! a millisecond or so of the flag being raised instead of at its end.
//!
//! Tantivy's own loop over a segment cannot be left early, so the wrapper
//! walks the segment's matches itself. That gives up the shortcuts some
//! collectors take (a top-k by score skips blocks that cannot make the
//! cut): wrap only searches that visit every match anyway.
//!
//! A bare count is the exception, [`count_until`]: the query's own count
//! (a union counts its matches a block of bits at a time, without
//! visiting them one by one) takes a third less time than any walk, so it
//! runs whole, a segment a task (on the search threads), with a look at
//! the flag before each.
//! A segment holds at most what one import batch indexes (about 140,000
//! papers), which such a count gets through in a few milliseconds.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::schema::Schema;
use tantivy::{
    COLLECT_BLOCK_BUFFER_LEN, DocSet, Executor, Searcher, SegmentOrdinal, SegmentReader, TERMINATED,
};

use crate::cancel::Cancel;

/// Documents visited between two looks at the flag: a look is one atomic
/// load, and a few thousand documents take tens of microseconds.
const CHECK_EVERY: usize = 4096;

/// What a cancelled collection fails with inside tantivy; [`stopped`] tells
/// it apart from a real failure.
const CANCELLED: &str = "the search was cancelled";

/// Runs `inner`, failing at the next check after `cancel` is raised.
pub(crate) struct Cancellable<'a, C> {
    pub inner: &'a C,
    pub cancel: &'a Cancel,
}

impl<C> Cancellable<'_, C> {
    fn check(&self) -> tantivy::Result<()> {
        if self.cancel.is_cancelled() {
            return Err(cancelled());
        }
        Ok(())
    }
}

/// The error a collector that looks at the flag itself stops with.
pub(crate) fn cancelled() -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError(CANCELLED.into())
}

/// True when a search failed because `cancel` stopped it.
pub(crate) fn stopped(error: &tantivy::TantivyError, cancel: &Cancel) -> bool {
    cancel.is_cancelled()
        && matches!(error, tantivy::TantivyError::InternalError(m) if m == CANCELLED)
}

impl<C: Collector> Collector for Cancellable<'_, C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn check_schema(&self, schema: &Schema) -> tantivy::Result<()> {
        self.inner.check_schema(schema)
    }

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<C::Child> {
        self.check()?;
        self.inner.for_segment(segment, reader)
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<C::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<C::Fruit> {
        self.check()?;
        self.inner.merge_fruits(fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<<C::Child as SegmentCollector>::Fruit> {
        let mut child = self.for_segment(segment, reader)?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let is_alive = |doc| alive.is_none_or(|a| a.is_alive(doc));
        if self.inner.requires_scoring() {
            let mut doc = scorer.doc();
            let mut visited = 0;
            while doc != TERMINATED {
                if is_alive(doc) {
                    child.collect(doc, scorer.score());
                }
                visited += 1;
                if visited % CHECK_EVERY == 0 {
                    self.check()?;
                }
                doc = scorer.advance();
            }
        } else {
            let mut buffer = [0; COLLECT_BLOCK_BUFFER_LEN];
            let mut visited = 0;
            loop {
                let filled = scorer.fill_buffer(&mut buffer);
                let docs = &buffer[..filled];
                if alive.is_none() {
                    child.collect_block(docs);
                } else {
                    for &doc in docs {
                        if is_alive(doc) {
                            child.collect(doc, 0.0);
                        }
                    }
                }
                if filled < buffer.len() {
                    break;
                }
                visited += filled;
                if visited % CHECK_EVERY == 0 {
                    self.check()?;
                }
            }
        }
        Ok(child.harvest())
    }
}

/// How many live documents match `query`, the segments shared out by
/// `executor`, looking at `cancel` before each segment.
pub(crate) fn count_until(
    searcher: &Searcher,
    query: &dyn Query,
    cancel: &Cancel,
    executor: &Executor,
) -> tantivy::Result<usize> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let counts = executor.map(
        |reader: &SegmentReader| {
            if cancel.is_cancelled() {
                return Err(cancelled());
            }
            weight.count(reader)
        },
        searcher.segment_readers().iter(),
    )?;
    Ok(counts.into_iter().map(|n| n as usize).sum())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use tantivy::collector::Count;
    use tantivy::query::AllQuery;
    use tantivy::schema::{STRING, Schema};
    use tantivy::{DocId, Index, Score, Searcher, doc};

    use super::*;

    /// Papers in the test index: several checks' worth, in one segment.
    const DOCS: usize = 5 * CHECK_EVERY;

    fn searcher() -> Searcher {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..DOCS {
            writer.add_document(doc!(id => i.to_string())).unwrap();
        }
        writer.commit().unwrap();
        index.reader().unwrap().searcher()
    }

    /// Counts what it is given, and raises `cancel` at the `after`th match,
    /// as a newer search arriving part-way through would.
    struct RaiseAfter {
        cancel: Cancel,
        after: usize,
        seen: Arc<AtomicUsize>,
        scoring: bool,
    }

    struct SegmentRaise {
        cancel: Cancel,
        after: usize,
        seen: Arc<AtomicUsize>,
    }

    impl Collector for RaiseAfter {
        type Fruit = ();
        type Child = SegmentRaise;

        fn for_segment(
            &self,
            _: SegmentOrdinal,
            _: &SegmentReader,
        ) -> tantivy::Result<SegmentRaise> {
            Ok(SegmentRaise {
                cancel: self.cancel.clone(),
                after: self.after,
                seen: self.seen.clone(),
            })
        }

        fn requires_scoring(&self) -> bool {
            self.scoring
        }

        fn merge_fruits(&self, _: Vec<()>) -> tantivy::Result<()> {
            Ok(())
        }
    }

    impl SegmentCollector for SegmentRaise {
        type Fruit = ();

        fn collect(&mut self, _: DocId, _: Score) {
            if self.seen.fetch_add(1, Ordering::SeqCst) + 1 == self.after {
                self.cancel.cancel();
            }
        }

        fn harvest(self) {}
    }

    #[test]
    fn count_until_counts_live_matches_of_every_segment_and_stops_when_raised() {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // Two segments, one with deleted documents.
        for batch in 0..2 {
            for i in 0..100 {
                writer
                    .add_document(doc!(id => format!("{batch}-{}", i % 10)))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        writer.delete_term(tantivy::Term::from_field_text(id, "0-3"));
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let query = tantivy::query::TermSetQuery::new(
            ["0-3", "0-4", "1-3"].map(|t| tantivy::Term::from_field_text(id, t)),
        );
        let pool = Executor::multi_thread(2, "count-test-").unwrap();
        for executor in [Executor::single_thread(), pool] {
            let cancel = Cancel::new();
            assert_eq!(
                count_until(&searcher, &query, &cancel, &executor).unwrap(),
                20
            );
            assert_eq!(
                count_until(&searcher, &AllQuery, &cancel, &executor).unwrap(),
                190
            );
            cancel.cancel();
            let error = count_until(&searcher, &AllQuery, &cancel, &executor).unwrap_err();
            assert!(stopped(&error, &cancel), "{error}");
        }
    }

    #[test]
    fn an_unraised_flag_changes_nothing() {
        let searcher = searcher();
        let cancel = Cancel::new();
        let counted = searcher
            .search(
                &AllQuery,
                &Cancellable {
                    inner: &Count,
                    cancel: &cancel,
                },
            )
            .unwrap();
        assert_eq!(counted, DOCS);
    }

    #[test]
    fn a_raised_flag_stops_before_the_first_segment() {
        let searcher = searcher();
        let cancel = Cancel::new();
        cancel.cancel();
        let error = searcher
            .search(
                &AllQuery,
                &Cancellable {
                    inner: &Count,
                    cancel: &cancel,
                },
            )
            .unwrap_err();
        assert!(stopped(&error, &cancel), "{error}");
    }

    #[test]
    fn a_flag_raised_part_way_stops_the_segment_at_the_next_check() {
        let searcher = searcher();
        // Both walks: doc by doc with scores, and in blocks without.
        for scoring in [true, false] {
            let cancel = Cancel::new();
            let seen = Arc::new(AtomicUsize::new(0));
            let raise = RaiseAfter {
                cancel: cancel.clone(),
                after: 100,
                seen: seen.clone(),
                scoring,
            };
            let error = searcher
                .search(
                    &AllQuery,
                    &Cancellable {
                        inner: &raise,
                        cancel: &cancel,
                    },
                )
                .unwrap_err();
            assert!(stopped(&error, &cancel), "{error}");
            // The first look after the 100th match is at CHECK_EVERY; most
            // of the segment is never visited.
            assert_eq!(
                seen.load(Ordering::SeqCst),
                CHECK_EVERY,
                "scoring: {scoring}"
            );
        }
    }

    #[test]
    fn another_failure_is_not_taken_for_a_cancellation() {
        let cancel = Cancel::new();
        let error = tantivy::TantivyError::InternalError(CANCELLED.into());
        assert!(!stopped(&error, &cancel), "the flag was never raised");
    }
}
