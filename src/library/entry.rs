//! What the user has recorded about a single paper, and how two such records
//! combine when they turn out to describe the same paper.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The user's marks on one paper. Tags and a note only exist on bookmarked
/// papers; [`crate::library::UserState`] keeps that invariant.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Entry {
    /// When the paper was first bookmarked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bookmarked: Option<DateTime<Utc>>,
    /// Normalised tags (see [`crate::library::normalize_tag`]).
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub tags: BTreeSet<String>,
    /// Free-form note; never an empty string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When the paper was first marked read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<DateTime<Utc>>,
    /// When the user first said "not interested" (format 3 on). Never set
    /// together with `bookmarked`: a bookmark says the opposite.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dismissed: Option<DateTime<Utc>>,
}

impl Entry {
    /// True when the entry records nothing and can be dropped from the file.
    pub fn is_empty(&self) -> bool {
        self.bookmarked.is_none()
            && self.tags.is_empty()
            && self.note.is_none()
            && self.read.is_none()
            && self.dismissed.is_none()
    }

    /// Folds `other` into `self` without losing anything either recorded:
    /// earliest bookmark, read and dismissal times, union of tags, both notes
    /// (joined by a blank line unless identical). A bookmark on either side
    /// wins over a dismissal on the other: the dismissal is dropped, since a
    /// paper cannot be both kept and not wanted.
    pub fn merge(&mut self, other: Entry) {
        self.bookmarked = earliest(self.bookmarked, other.bookmarked);
        self.read = earliest(self.read, other.read);
        self.dismissed = match self.bookmarked {
            Some(_) => None,
            None => earliest(self.dismissed, other.dismissed),
        };
        self.tags.extend(other.tags);
        self.note = match (self.note.take(), other.note) {
            (Some(mine), Some(theirs)) if mine == theirs => Some(mine),
            (Some(mine), Some(theirs)) => Some(format!("{mine}\n\n{theirs}")),
            (mine, theirs) => mine.or(theirs),
        };
    }
}

fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 1, hour, 0, 0).unwrap()
    }

    fn tags(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|tag| tag.to_string()).collect()
    }

    #[test]
    fn default_entry_is_empty_and_any_field_makes_it_non_empty() {
        assert!(Entry::default().is_empty());
        let read = Entry {
            read: Some(at(1)),
            ..Entry::default()
        };
        assert!(!read.is_empty());
        let tagged = Entry {
            tags: tags(&["x"]),
            ..Entry::default()
        };
        assert!(!tagged.is_empty());
        let dismissed = Entry {
            dismissed: Some(at(1)),
            ..Entry::default()
        };
        assert!(!dismissed.is_empty());
    }

    #[test]
    fn merge_keeps_the_earliest_dismissal() {
        let mut kept = Entry {
            dismissed: Some(at(6)),
            ..Entry::default()
        };
        kept.merge(Entry {
            dismissed: Some(at(2)),
            read: Some(at(3)),
            ..Entry::default()
        });
        assert_eq!(kept.dismissed, Some(at(2)));
        assert_eq!(kept.read, Some(at(3)));
        let mut only_theirs = Entry::default();
        only_theirs.merge(Entry {
            dismissed: Some(at(4)),
            ..Entry::default()
        });
        assert_eq!(only_theirs.dismissed, Some(at(4)));
    }

    #[test]
    fn merge_lets_a_bookmark_on_either_side_clear_the_dismissal() {
        let mut dismissed_here = Entry {
            dismissed: Some(at(1)),
            ..Entry::default()
        };
        dismissed_here.merge(Entry {
            bookmarked: Some(at(5)),
            ..Entry::default()
        });
        assert_eq!(dismissed_here.bookmarked, Some(at(5)));
        assert_eq!(dismissed_here.dismissed, None);

        let mut bookmarked_here = Entry {
            bookmarked: Some(at(5)),
            ..Entry::default()
        };
        bookmarked_here.merge(Entry {
            dismissed: Some(at(1)),
            ..Entry::default()
        });
        assert_eq!(bookmarked_here.bookmarked, Some(at(5)));
        assert_eq!(bookmarked_here.dismissed, None);
    }

    #[test]
    fn merge_keeps_everything_from_both_sides() {
        let mut kept = Entry {
            bookmarked: Some(at(5)),
            tags: tags(&["a", "b"]),
            note: Some("first".into()),
            read: None,
            dismissed: None,
        };
        kept.merge(Entry {
            bookmarked: Some(at(2)),
            tags: tags(&["b", "c"]),
            note: Some("second".into()),
            read: Some(at(7)),
            dismissed: None,
        });
        assert_eq!(
            kept,
            Entry {
                bookmarked: Some(at(2)),
                tags: tags(&["a", "b", "c"]),
                note: Some("first\n\nsecond".into()),
                read: Some(at(7)),
                dismissed: None,
            }
        );
    }

    #[test]
    fn merge_with_one_sided_fields_and_identical_notes() {
        let mut kept = Entry {
            note: Some("same".into()),
            read: Some(at(9)),
            ..Entry::default()
        };
        kept.merge(Entry {
            bookmarked: Some(at(3)),
            note: Some("same".into()),
            read: Some(at(4)),
            ..Entry::default()
        });
        assert_eq!(kept.bookmarked, Some(at(3)));
        assert_eq!(kept.note.as_deref(), Some("same"));
        assert_eq!(kept.read, Some(at(4)));
    }

    #[test]
    fn serialises_only_fields_that_are_set() {
        let entry = Entry {
            read: Some(at(1)),
            ..Entry::default()
        };
        let json = serde_json::to_string(&entry).unwrap();
        assert_eq!(json, r#"{"read":"2025-03-01T01:00:00Z"}"#);
        let back: Entry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, entry);
    }
}
