//! Which journal segments to merge after a write, so the journal neither
//! keeps records nobody points to nor grows into thousands of small
//! segments (an OAI harvest writes one per page). A pure function of the
//! segments' sizes and of how much of each the index still points to.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::journal::SegmentSize;

/// Segments of one size tier merged once this many pile up; each merge
/// makes a segment of the next tier, so a record is rewritten about once a
/// tier (log8 of the journal's size in megabytes) and the journal holds at
/// most about this many segments a tier.
pub const TIER_WIDTH: usize = 8;
/// The smallest tier: segments up to this many raw bytes.
const TIER_BASE: u64 = 1 << 20;

/// The segments to merge into one new segment (oldest first; empty: none).
/// A segment the index points to for less than half its bytes is mostly
/// superseded and is merged on its own account; the others merge by size
/// tier, a tier (with every smaller one) once it holds [`TIER_WIDTH`].
pub fn merge_plan(sizes: &[SegmentSize], live: &HashMap<u64, u64>) -> Vec<u64> {
    let mut chosen = BTreeSet::new();
    let mut tiers: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
    for size in sizes {
        let live = live.get(&size.seq).copied().unwrap_or(0);
        if live * 2 < size.raw {
            chosen.insert(size.seq);
        } else {
            tiers.entry(tier(size.raw)).or_default().push(size.seq);
        }
    }
    let full = tiers
        .iter()
        .filter(|(_, seqs)| seqs.len() >= TIER_WIDTH)
        .map(|(tier, _)| *tier)
        .max();
    if let Some(full) = full {
        for (_, seqs) in tiers.range(..=full) {
            chosen.extend(seqs);
        }
    }
    chosen.into_iter().collect()
}

/// A segment's size tier: 0 up to a megabyte, then one more each time the
/// size grows [`TIER_WIDTH`] times.
fn tier(raw: u64) -> u32 {
    (raw / TIER_BASE).max(1).ilog(TIER_WIDTH as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(seq: u64, raw: u64) -> SegmentSize {
        SegmentSize {
            seq,
            raw,
            on_disk: raw / 3,
        }
    }

    fn all_live(sizes: &[SegmentSize]) -> HashMap<u64, u64> {
        sizes.iter().map(|s| (s.seq, s.raw)).collect()
    }

    #[test]
    fn a_few_live_segments_stay_as_they_are() {
        let sizes: Vec<_> = (1..TIER_WIDTH as u64)
            .map(|seq| size(seq, 1_200_000))
            .collect();
        assert!(merge_plan(&sizes, &all_live(&sizes)).is_empty());
    }

    #[test]
    fn a_full_tier_of_small_segments_is_merged() {
        let mut sizes = vec![size(1, 900_000_000)];
        sizes.extend((2..2 + TIER_WIDTH as u64).map(|seq| size(seq, 1_200_000)));
        let plan = merge_plan(&sizes, &all_live(&sizes));
        assert_eq!(plan, (2..2 + TIER_WIDTH as u64).collect::<Vec<_>>());
    }

    #[test]
    fn a_full_tier_takes_the_smaller_tiers_with_it() {
        let mut sizes: Vec<_> = (1..=TIER_WIDTH as u64)
            .map(|seq| size(seq, 10_000_000))
            .collect();
        sizes.push(size(20, 1_000));
        sizes.push(size(21, 500_000_000));
        let plan = merge_plan(&sizes, &all_live(&sizes));
        let mut expected: Vec<u64> = (1..=TIER_WIDTH as u64).collect();
        expected.push(20);
        assert_eq!(plan, expected);
    }

    #[test]
    fn a_mostly_superseded_segment_is_rewritten_alone() {
        let sizes = vec![size(1, 800_000_000), size(2, 700_000_000)];
        let mut live = all_live(&sizes);
        live.insert(1, 300_000_000);
        assert_eq!(merge_plan(&sizes, &live), vec![1]);
        live.insert(1, 400_000_000);
        assert!(merge_plan(&sizes, &live).is_empty(), "half live is kept");
        live.remove(&1);
        assert_eq!(merge_plan(&sizes, &live), vec![1], "nothing live at all");
    }

    #[test]
    fn a_harvest_of_thousands_of_pages_keeps_few_segments() {
        let mut sizes: Vec<SegmentSize> = Vec::new();
        let mut merges = 0;
        let mut next = 1;
        for _ in 0..3000 {
            sizes.push(size(next, 1_200_000));
            next += 1;
            let plan = merge_plan(&sizes, &all_live(&sizes));
            if !plan.is_empty() {
                merges += 1;
                let raw = sizes
                    .iter()
                    .filter(|s| plan.contains(&s.seq))
                    .map(|s| s.raw)
                    .sum();
                sizes.retain(|s| !plan.contains(&s.seq));
                sizes.push(size(next, raw));
                next += 1;
            }
            assert!(sizes.len() <= 4 * TIER_WIDTH, "{} segments", sizes.len());
        }
        assert!(merges < 3000 / TIER_WIDTH * 2, "{merges} merges");
    }
}
