//! What a measurement found, per category and overall, printable as the
//! Markdown tables BENCHMARKS.md holds.

use std::fmt::Write as _;
use std::time::Duration;

/// One ranker on one corpus.
#[derive(Debug, Clone)]
pub struct Report {
    pub corpus: String,
    pub ranker: String,
    /// Precision is measured at this many recommendations.
    pub cutoff: usize,
    pub categories: Vec<CategoryScore>,
}

/// One category's draws.
#[derive(Debug, Clone)]
pub struct CategoryScore {
    pub category: String,
    /// Corpus papers listing the category.
    pub papers: usize,
    /// The precision of recommending papers at random: the share of the
    /// papers not bookmarked that list the category.
    pub base_rate: f64,
    pub draws: Vec<Draw>,
}

/// One set of bookmarks and what was recommended for it.
#[derive(Debug, Clone)]
pub struct Draw {
    pub bookmarked: Vec<String>,
    /// Best first.
    pub ranked: Vec<String>,
    /// Share of the cutoff that list the category.
    pub precision: f64,
    /// How long the ranker took.
    pub elapsed: Duration,
}

impl CategoryScore {
    /// Mean precision over the draws.
    pub fn precision(&self) -> f64 {
        mean(self.draws.iter().map(|d| d.precision))
    }
}

impl Report {
    /// Mean precision over the categories (each counts the same).
    pub fn precision(&self) -> f64 {
        mean(self.categories.iter().map(CategoryScore::precision))
    }

    pub fn category(&self, name: &str) -> Option<&CategoryScore> {
        self.categories.iter().find(|c| c.category == name)
    }

    /// Mean time one recommendation took.
    pub fn mean_time(&self) -> Duration {
        let draws: Vec<&Draw> = self.categories.iter().flat_map(|c| &c.draws).collect();
        let total: Duration = draws.iter().map(|d| d.elapsed).sum();
        total / u32::try_from(draws.len().max(1)).unwrap_or(u32::MAX)
    }

    /// This report alone as a Markdown table.
    pub fn to_markdown(&self) -> String {
        comparison_table(std::slice::from_ref(self))
    }
}

/// Reports of several rankers on the same corpus, side by side: one row per
/// category (with the random base rate), a row for the mean, a row for the
/// time one recommendation takes.
pub fn comparison_table(reports: &[Report]) -> String {
    let Some(first) = reports.first() else {
        return String::new();
    };
    let mut out = String::new();
    let _ = write!(out, "| category | papers | random |");
    for report in reports {
        let _ = write!(out, " {} P@{} |", report.ranker, report.cutoff);
    }
    out.push_str("\n|---|--:|--:|");
    out.push_str(&"--:|".repeat(reports.len()));
    out.push('\n');
    for (row, category) in first.categories.iter().enumerate() {
        let _ = write!(
            out,
            "| {} | {} | {:.2} |",
            category.category, category.papers, category.base_rate
        );
        for report in reports {
            match report.categories.get(row) {
                Some(c) if c.category == category.category => {
                    let _ = write!(out, " {:.2} |", c.precision());
                }
                _ => out.push_str(" – |"),
            }
        }
        out.push('\n');
    }
    let random = mean(first.categories.iter().map(|c| c.base_rate));
    let _ = write!(out, "| **mean** | | {random:.2} |");
    for report in reports {
        let _ = write!(out, " **{:.2}** |", report.precision());
    }
    out.push_str("\n| time per recommendation | | |");
    for report in reports {
        let _ = write!(out, " {:.1} ms |", report.mean_time().as_secs_f64() * 1e3);
    }
    out.push('\n');
    out
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if count == 0 { 0.0 } else { sum / count as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(ranker: &str, precisions: &[f64]) -> Report {
        Report {
            corpus: "c".into(),
            ranker: ranker.into(),
            cutoff: 10,
            categories: vec![CategoryScore {
                category: "hep-th".into(),
                papers: 15,
                base_rate: 0.05,
                draws: precisions
                    .iter()
                    .map(|&precision| Draw {
                        bookmarked: vec![],
                        ranked: vec![],
                        precision,
                        elapsed: Duration::from_millis(2),
                    })
                    .collect(),
            }],
        }
    }

    #[test]
    fn the_table_has_a_column_per_ranker_and_the_means() {
        let table = comparison_table(&[report("a", &[0.5, 0.7]), report("b", &[1.0])]);
        assert!(table.contains("| category | papers | random | a P@10 | b P@10 |"));
        assert!(
            table.contains("| hep-th | 15 | 0.05 | 0.60 | 1.00 |"),
            "{table}"
        );
        assert!(table.contains("| **mean** | | 0.05 | **0.60** | **1.00** |"));
        assert!(table.contains("2.0 ms"));
    }
}
