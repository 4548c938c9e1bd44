//! The model depends on the library and the papers, not on where the
//! journal happened to put them nor on how the index spread them.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::config::Paths;
use crate::store::Store;

/// A store holding synthetic papers `0..count`, imported in `order`.
fn store_with(dir: &std::path::Path, order: impl Iterator<Item = u64>) -> Store {
    let store = Store::open(&Paths::in_dir(dir)).unwrap();
    store
        .import(order.map(|i| Ok(crate::synthetic::paper(i))))
        .unwrap();
    store
}

fn taste() -> Taste {
    Taste {
        positives: [3, 17, 42]
            .map(|i| crate::synthetic::paper(i).id.as_str().to_string())
            .to_vec(),
        negatives: vec![crate::synthetic::paper(8).id.as_str().to_string()],
    }
}

fn trained(store: &Store) -> Model {
    let index = store.index();
    let searcher = index.searcher();
    Model::train(
        &index,
        &searcher,
        &taste(),
        &TrainOptions::default(),
        &|_: &str| None,
    )
    .unwrap()
}

#[test]
fn the_same_papers_imported_in_another_order_train_the_same_model() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let forward = trained(&store_with(a.path(), 0..200));
    let backward = trained(&store_with(b.path(), (0..200).rev()));
    assert_eq!(
        forward.trained_on.background,
        backward.trained_on.background
    );
    assert!(
        forward.trained_on.background > 200,
        "every other paper is a negative"
    );
    assert_eq!(forward.features, backward.features);
    assert_eq!(forward.weights, backward.weights);
    assert_eq!(forward.bias, backward.bias);
}

#[test]
fn papers_compressed_in_one_journal_block_are_sampled_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), 0..300);
    let index = store.index();
    let searcher = index.searcher();
    let mut block_of = HashMap::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let positions = reader.fast_fields().u64(RECORD_AT_FIELD).unwrap();
        for doc in reader.doc_ids_alive() {
            let block = positions.first(doc).unwrap();
            block_of.insert(DocAddress::new(ord as u32, doc), block);
        }
    }
    let blocks: HashSet<u64> = block_of.values().copied().collect();
    assert!(
        blocks.len() * 4 < block_of.len(),
        "small segments hold several papers a block ({} papers, {} blocks)",
        block_of.len(),
        blocks.len()
    );
    let sample = sample_background(&searcher, &HashSet::new(), block_of.len() / 2, 7).unwrap();
    let chosen: HashSet<DocAddress> = sample.into_iter().collect();
    let split = blocks
        .iter()
        .filter(|block| {
            let (mut taken, mut left) = (0, 0);
            for (address, b) in &block_of {
                if b == *block {
                    if chosen.contains(address) {
                        taken += 1;
                    } else {
                        left += 1;
                    }
                }
            }
            taken > 0 && left > 0
        })
        .count();
    assert!(
        split * 2 > blocks.len(),
        "most blocks are split by a sample of half the papers: {split} of {}",
        blocks.len()
    );
}
