//! The documents of short prefixes, kept between searches.
//!
//! Every word typed into the reader starts as a one-letter prefix, and a
//! one- or two-letter prefix stands for thousands of title and author
//! words: gathering their documents into a bit set read every one of
//! those posting lists again at each key (at a million papers, 3 to 5 ms
//! of `graph neural n`). There are few such prefixes and a segment's
//! postings never change, so the bit set of a prefix in a segment is kept,
//! by segment id, for the next search that asks; a merged-away segment's
//! sets are simply never asked for again and age out.

use std::sync::{Arc, Mutex, OnceLock};

use tantivy::BitSet;
use tantivy::index::SegmentId;
use tantivy::schema::Field;

/// At most this many bytes of bit sets are kept (a bit a document: 26
/// letters over titles and authors of 3,000,000 papers take 20 MB).
const KEPT_BYTES: usize = 32 << 20;

/// What a kept set stands for: a prefix over a field of a segment.
pub type PrefixKey = (SegmentId, Field, Vec<u8>);

/// Kept sets, the most recently used last.
#[derive(Default)]
struct Kept {
    sets: Vec<(PrefixKey, Arc<BitSet>)>,
    bytes: usize,
}

fn kept() -> &'static Mutex<Kept> {
    static KEPT: OnceLock<Mutex<Kept>> = OnceLock::new();
    KEPT.get_or_init(Mutex::default)
}

/// Bytes a bit set of documents up to `max_doc` takes.
fn size_of(max_doc: u32) -> usize {
    (max_doc as usize).div_ceil(8)
}

/// The documents of `key`, when they are kept.
pub fn kept_prefix_docs(key: &PrefixKey) -> Option<Arc<BitSet>> {
    let mut kept = kept().lock().unwrap_or_else(|p| p.into_inner());
    let at = kept.sets.iter().position(|(k, _)| k == key)?;
    let entry = kept.sets.remove(at);
    let docs = Arc::clone(&entry.1);
    kept.sets.push(entry);
    Some(docs)
}

/// Keeps `docs` as the documents of `key`, making room by forgetting the
/// sets used least lately; what is kept now.
pub fn keep_prefix_docs(key: PrefixKey, docs: BitSet) -> Arc<BitSet> {
    let docs = Arc::new(docs);
    let bytes = size_of(docs.max_value());
    let mut kept = kept().lock().unwrap_or_else(|p| p.into_inner());
    if bytes > KEPT_BYTES || kept.sets.iter().any(|(k, _)| *k == key) {
        return docs;
    }
    while kept.bytes + bytes > KEPT_BYTES && !kept.sets.is_empty() {
        let (_, oldest) = kept.sets.remove(0);
        kept.bytes -= size_of(oldest.max_value());
    }
    kept.bytes += bytes;
    kept.sets.push((key, Arc::clone(&docs)));
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(segment: SegmentId, prefix: &str) -> PrefixKey {
        (segment, Field::from_field_id(0), prefix.as_bytes().to_vec())
    }

    fn set_of(docs: &[u32]) -> BitSet {
        let mut set = BitSet::with_max_value(100);
        for &doc in docs {
            set.insert(doc);
        }
        set
    }

    #[test]
    fn a_kept_set_is_found_by_its_segment_field_and_prefix_only() {
        let (one, other) = (SegmentId::generate_random(), SegmentId::generate_random());
        assert!(kept_prefix_docs(&key(one, "n")).is_none());
        keep_prefix_docs(key(one, "n"), set_of(&[1, 5]));
        let docs = kept_prefix_docs(&key(one, "n")).expect("kept");
        assert!(docs.contains(5) && !docs.contains(2));
        assert!(kept_prefix_docs(&key(other, "n")).is_none());
        assert!(kept_prefix_docs(&key(one, "ne")).is_none());
        let other_field = (one, Field::from_field_id(1), b"n".to_vec());
        assert!(kept_prefix_docs(&other_field).is_none());
    }

    #[test]
    fn the_sets_used_least_lately_make_room() {
        let segments: Vec<SegmentId> = (0..3).map(|_| SegmentId::generate_random()).collect();
        // Three sets of a third of the room each, plus a little.
        let docs = u32::try_from(KEPT_BYTES * 8 / 3).unwrap() + 64;
        let big = |segment| (key(segment, "x"), BitSet::with_max_value(docs));
        let (first, set) = big(segments[0]);
        keep_prefix_docs(first.clone(), set);
        let (second, set) = big(segments[1]);
        keep_prefix_docs(second.clone(), set);
        // Using the first makes the second the least lately used.
        assert!(kept_prefix_docs(&first).is_some());
        let (third, set) = big(segments[2]);
        keep_prefix_docs(third.clone(), set);
        assert!(kept_prefix_docs(&first).is_some());
        assert!(kept_prefix_docs(&third).is_some());
        assert!(
            kept_prefix_docs(&second).is_none(),
            "forgotten to make room"
        );
    }
}
