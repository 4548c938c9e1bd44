//! The whole of the user's library as one value, with the operations the CLI
//! and reader offer (bookmark, tag, note, mark read, dismiss). Pure data:
//! persistence lives in `store.rs`, so every rule here is testable without a
//! disk.
//!
//! Invariants kept by every method: tags are normalised, tags and a note
//! imply a bookmark, a bookmarked paper is never dismissed, and entries that
//! record nothing are removed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::dismiss::DismissError;
use super::entry::Entry;
use super::tags::normalize_tag;
use super::watch::{Watch, WatchError, WatchSource, normalize_watch_name};

/// The newest format this build reads and writes: a library holding
/// dismissals is written in it.
pub const FORMAT_VERSION: u32 = 3;

/// The format a library with watches (or a last sync) but no dismissal is
/// written in, so that a folio from before dismissals can still change it.
/// An older folio would silently drop an entry's `dismissed` on rewrite (it
/// does not check fields inside entries), which is why dismissals need 3: a
/// folio that knows only 2 then treats the file as too new and never
/// rewrites it.
const FORMAT_WITH_WATCHES: u32 = 2;

/// The format a library without watches is written in, so that a folio
/// from before watches can still change it.
const FORMAT_WITHOUT_WATCHES: u32 = 1;

/// Everything the user has recorded, keyed by paper id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserState {
    /// File format version; see [`FORMAT_VERSION`].
    pub version: u32,
    /// Always written, even empty: its presence is what tells folio's own
    /// empty library apart from a reset or foreign file (see `format.rs`).
    pub papers: BTreeMap<String, Entry>,
    /// When the user last looked at the feed (drives "new since last time").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_looked: Option<DateTime<Utc>>,
    /// Named queries the user follows, by name (format 2 on).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub watches: BTreeMap<String, Watch>,
    /// When the last `folio sync` that saved anything started (format 2
    /// on): `folio digest --since last-sync` counts from here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<DateTime<Utc>>,
}

impl Default for UserState {
    fn default() -> Self {
        UserState {
            version: FORMAT_WITHOUT_WATCHES,
            papers: BTreeMap::new(),
            last_looked: None,
            watches: BTreeMap::new(),
            last_sync: None,
        }
    }
}

impl UserState {
    /// True when no paper has an entry and there is no watch. `last_looked`
    /// does not count: it is bookkeeping, not something the user would want
    /// back from a backup.
    pub fn is_empty(&self) -> bool {
        self.papers.is_empty() && self.watches.is_empty()
    }

    /// The oldest file format that holds everything in this state.
    pub fn needed_version(&self) -> u32 {
        if self.dismissed_ids().next().is_some() {
            FORMAT_VERSION
        } else if self.watches.is_empty() && self.last_sync.is_none() {
            FORMAT_WITHOUT_WATCHES
        } else {
            FORMAT_WITH_WATCHES
        }
    }

    /// Adds the watch `name` (folded to lowercase) for `query`, which the
    /// caller has checked parses. Returns the stored name.
    pub fn add_watch(
        &mut self,
        name: &str,
        query: &str,
        sources: Vec<WatchSource>,
        now: DateTime<Utc>,
    ) -> Result<String, WatchError> {
        super::watch::add(&mut self.watches, name, query, sources, now)
    }

    /// Removes the watch `name`.
    pub fn remove_watch(&mut self, name: &str) -> Result<Watch, WatchError> {
        let key = normalize_watch_name(name)?;
        self.watches.remove(&key).ok_or(WatchError::Unknown(key))
    }

    /// The tags on `id`, in order (none when it has no entry).
    pub fn tags_of(&self, id: &str) -> Vec<String> {
        self.entry(id)
            .map(|e| e.tags.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The note on `id`, if any.
    pub fn note_of(&self, id: &str) -> Option<String> {
        self.entry(id).and_then(|e| e.note.clone())
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.papers.get(id)
    }

    pub fn is_bookmarked(&self, id: &str) -> bool {
        self.entry(id)
            .is_some_and(|entry| entry.bookmarked.is_some())
    }

    pub fn is_read(&self, id: &str) -> bool {
        self.entry(id).is_some_and(|entry| entry.read.is_some())
    }

    /// Whether the user said they are not interested in `id`.
    pub fn is_dismissed(&self, id: &str) -> bool {
        self.entry(id)
            .is_some_and(|entry| entry.dismissed.is_some())
    }

    /// Bookmarks `id` at `now`, keeping the original time if it already was.
    /// Bookmarking a dismissed paper clears the dismissal: the user changed
    /// their mind. Returns whether it was newly bookmarked.
    pub fn bookmark(&mut self, id: &str, now: DateTime<Utc>) -> bool {
        let entry = self.papers.entry(id.to_string()).or_default();
        if entry.bookmarked.is_some() {
            return false;
        }
        entry.bookmarked = Some(now);
        entry.dismissed = None;
        true
    }

    /// Records that the user is not interested in `id` (hidden from their
    /// feed and from `is:unread`), keeping the first time if it already
    /// was. Refuses a bookmarked paper. Returns whether it was newly
    /// dismissed.
    pub fn dismiss(&mut self, id: &str, now: DateTime<Utc>) -> Result<bool, DismissError> {
        if self.is_bookmarked(id) {
            return Err(DismissError::Bookmarked { id: id.to_string() });
        }
        let entry = self.papers.entry(id.to_string()).or_default();
        if entry.dismissed.is_some() {
            return Ok(false);
        }
        entry.dismissed = Some(now);
        Ok(true)
    }

    /// Takes the dismissal back. Returns whether `id` was dismissed.
    pub fn undismiss(&mut self, id: &str) -> bool {
        let Some(entry) = self.papers.get_mut(id) else {
            return false;
        };
        let was_dismissed = entry.dismissed.take().is_some();
        self.tidy(id);
        was_dismissed
    }

    /// Removes the bookmark **together with its tags and note** (they only
    /// exist on bookmarks); the read mark stays. Returns whether `id` was
    /// bookmarked.
    pub fn unbookmark(&mut self, id: &str) -> bool {
        let Some(entry) = self.papers.get_mut(id) else {
            return false;
        };
        let was_bookmarked = entry.bookmarked.is_some();
        entry.bookmarked = None;
        entry.tags.clear();
        entry.note = None;
        self.tidy(id);
        was_bookmarked
    }

    /// Adds normalised tags (blank ones are ignored). Tagging bookmarks the
    /// paper at `now` if it was not bookmarked. Returns how many tags were new.
    pub fn add_tags(
        &mut self,
        id: &str,
        tags: impl IntoIterator<Item = String>,
        now: DateTime<Utc>,
    ) -> usize {
        let tags: Vec<String> = tags
            .into_iter()
            .filter_map(|tag| normalize_tag(&tag))
            .collect();
        if tags.is_empty() {
            return 0;
        }
        self.bookmark(id, now);
        let entry = self.papers.entry(id.to_string()).or_default();
        tags.into_iter()
            .filter(|tag| entry.tags.insert(tag.clone()))
            .count()
    }

    /// Removes one tag (normalised before matching); the bookmark stays.
    /// Returns whether the tag was there.
    pub fn remove_tag(&mut self, id: &str, tag: &str) -> bool {
        let (Some(tag), Some(entry)) = (normalize_tag(tag), self.papers.get_mut(id)) else {
            return false;
        };
        entry.tags.remove(&tag)
    }

    /// Replaces all tags of `id`. A non-empty set bookmarks the paper at
    /// `now` if needed; an empty set just clears the tags.
    pub fn set_tags(
        &mut self,
        id: &str,
        tags: impl IntoIterator<Item = String>,
        now: DateTime<Utc>,
    ) {
        let tags: BTreeSet<String> = tags
            .into_iter()
            .filter_map(|tag| normalize_tag(&tag))
            .collect();
        if tags.is_empty() {
            if let Some(entry) = self.papers.get_mut(id) {
                entry.tags.clear();
            }
            self.tidy(id);
            return;
        }
        self.bookmark(id, now);
        self.papers.entry(id.to_string()).or_default().tags = tags;
    }

    /// Sets or clears the note. Trailing whitespace is dropped and a blank
    /// note counts as `None`. Setting a note bookmarks the paper at `now` if
    /// needed; clearing it leaves the bookmark alone.
    pub fn set_note(&mut self, id: &str, note: Option<String>, now: DateTime<Utc>) {
        let note = note
            .map(|text| text.trim_end().to_string())
            .filter(|text| !text.trim().is_empty());
        match note {
            Some(text) => {
                self.bookmark(id, now);
                self.papers.entry(id.to_string()).or_default().note = Some(text);
            }
            None => {
                if let Some(entry) = self.papers.get_mut(id) {
                    entry.note = None;
                }
                self.tidy(id);
            }
        }
    }

    /// Marks `id` read at `now`, keeping the original time if it already was.
    /// Returns whether it was newly marked.
    pub fn mark_read(&mut self, id: &str, now: DateTime<Utc>) -> bool {
        let entry = self.papers.entry(id.to_string()).or_default();
        if entry.read.is_some() {
            return false;
        }
        entry.read = Some(now);
        true
    }

    /// Clears the read mark. Returns whether `id` was read.
    pub fn mark_unread(&mut self, id: &str) -> bool {
        let Some(entry) = self.papers.get_mut(id) else {
            return false;
        };
        let was_read = entry.read.take().is_some();
        self.tidy(id);
        was_read
    }

    /// Flips the read mark; returns true if `id` is now read.
    pub fn toggle_read(&mut self, id: &str, now: DateTime<Utc>) -> bool {
        if self.is_read(id) {
            self.mark_unread(id);
            false
        } else {
            self.mark_read(id, now);
            true
        }
    }

    /// Flips the bookmark; returns true if `id` is now bookmarked. Turning it
    /// off removes tags and note too (see [`UserState::unbookmark`]).
    pub fn toggle_bookmark(&mut self, id: &str, now: DateTime<Utc>) -> bool {
        if self.is_bookmarked(id) {
            self.unbookmark(id);
            false
        } else {
            self.bookmark(id, now);
            true
        }
    }

    /// Bookmarked paper ids, most recently bookmarked first (ties by id).
    pub fn bookmarked_ids(&self) -> Vec<&str> {
        self.bookmarked_where(|_| true)
    }

    /// Ids of papers marked read, in id order.
    pub fn read_ids(&self) -> impl Iterator<Item = &str> {
        self.papers
            .iter()
            .filter(|(_, entry)| entry.read.is_some())
            .map(|(id, _)| id.as_str())
    }

    /// Ids of dismissed papers, in id order.
    pub fn dismissed_ids(&self) -> impl Iterator<Item = &str> {
        self.papers
            .iter()
            .filter(|(_, entry)| entry.dismissed.is_some())
            .map(|(id, _)| id.as_str())
    }

    /// Bookmarked ids carrying `tag` (normalised before matching), most
    /// recently bookmarked first.
    pub fn ids_with_tag(&self, tag: &str) -> Vec<&str> {
        match normalize_tag(tag) {
            Some(tag) => self.bookmarked_where(|entry| entry.tags.contains(&tag)),
            None => Vec::new(),
        }
    }

    /// Every tag in use with the number of papers carrying it.
    pub fn all_tags(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for tag in self.papers.values().flat_map(|entry| &entry.tags) {
            *counts.entry(tag.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// Moves the entry of `old_id` to `new_id`, merging with whatever is
    /// already recorded there (see [`Entry::merge`]). Used when a paper first
    /// seen in a listing is later identified by its arXiv id. Returns whether
    /// anything was moved.
    pub fn rekey(&mut self, old_id: &str, new_id: &str) -> bool {
        if old_id == new_id {
            return false;
        }
        let Some(moved) = self.papers.remove(old_id) else {
            return false;
        };
        self.papers
            .entry(new_id.to_string())
            .or_default()
            .merge(moved);
        self.tidy(new_id);
        true
    }

    /// Whether a paper first seen at `first_seen` is new: first imported
    /// after the user last looked (every dated paper, if they never have).
    pub fn is_new(&self, first_seen: Option<DateTime<Utc>>) -> bool {
        match (first_seen, self.last_looked) {
            // Milliseconds, as the index compares them.
            (Some(seen), Some(looked)) => seen.timestamp_millis() > looked.timestamp_millis(),
            (Some(_), None) => true,
            (None, _) => false,
        }
    }

    /// Records a sync that started at `started` and saved the sources of the
    /// watches `synced` (all of each one's sources).
    pub fn record_sync<'a>(
        &mut self,
        started: DateTime<Utc>,
        synced: impl IntoIterator<Item = &'a str>,
    ) {
        self.last_sync = Some(started);
        for name in synced {
            if let Some(watch) = self.watches.get_mut(name) {
                watch.last_synced = Some(started);
            }
        }
    }

    /// Records that the user looked at the feed at `now`.
    pub fn touch_last_looked(&mut self, now: DateTime<Utc>) {
        self.last_looked = Some(now);
    }

    /// Drops entries that record nothing, e.g. after a caller edited
    /// `papers` directly. Called before every save.
    pub fn remove_empty_entries(&mut self) {
        self.papers.retain(|_, entry| !entry.is_empty());
    }

    fn bookmarked_where(&self, keep: impl Fn(&Entry) -> bool) -> Vec<&str> {
        let mut found: Vec<(DateTime<Utc>, &str)> = self
            .papers
            .iter()
            .filter(|(_, entry)| keep(entry))
            .filter_map(|(id, entry)| entry.bookmarked.map(|at| (at, id.as_str())))
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        found.into_iter().map(|(_, id)| id).collect()
    }

    fn tidy(&mut self, id: &str) {
        if self.papers.get(id).is_some_and(Entry::is_empty) {
            self.papers.remove(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 1, hour, 0, 0).unwrap()
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|item| item.to_string()).collect()
    }

    fn tags_of<'a>(state: &'a UserState, id: &str) -> Vec<&'a str> {
        state
            .entry(id)
            .unwrap()
            .tags
            .iter()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn default_state_is_empty_in_the_oldest_format_that_holds_it() {
        let mut state = UserState::default();
        assert_eq!(state.version, 1);
        assert_eq!(state.needed_version(), 1);
        state
            .add_watch("robots", "robot learning", Vec::new(), Utc::now())
            .unwrap();
        assert_eq!(state.needed_version(), FORMAT_WITH_WATCHES);
        assert!(!state.is_empty(), "a watch is something to keep");
        state.remove_watch("Robots").unwrap();
        assert!(state.is_empty());
        let state = UserState::default();
        assert!(state.papers.is_empty());
        assert!(state.entry("x").is_none());
        assert!(!state.is_bookmarked("x"));
        assert!(!state.is_read("x"));
    }

    #[test]
    fn bookmark_keeps_original_time() {
        let mut state = UserState::default();
        assert!(state.bookmark("p1", at(1)));
        assert!(!state.bookmark("p1", at(2)));
        assert_eq!(state.entry("p1").unwrap().bookmarked, Some(at(1)));
        assert!(state.is_bookmarked("p1"));
    }

    #[test]
    fn unbookmark_drops_tags_and_note_but_keeps_read() {
        let mut state = UserState::default();
        state.add_tags("p1", strings(&["a"]), at(1));
        state.set_note("p1", Some("note".into()), at(1));
        state.mark_read("p1", at(2));
        assert!(state.unbookmark("p1"));
        let entry = state.entry("p1").unwrap();
        assert_eq!(
            entry,
            &Entry {
                read: Some(at(2)),
                ..Entry::default()
            }
        );
        assert!(!state.unbookmark("p1"));
        assert!(!state.unbookmark("never-seen"));
    }

    #[test]
    fn unbookmark_removes_entry_that_becomes_empty() {
        let mut state = UserState::default();
        state.bookmark("p1", at(1));
        assert!(state.unbookmark("p1"));
        assert!(state.papers.is_empty());
    }

    #[test]
    fn add_tags_normalises_ignores_blanks_and_bookmarks() {
        let mut state = UserState::default();
        let added = state.add_tags(
            "p1",
            strings(&[" Machine Learning ", "", "  ", "RL"]),
            at(3),
        );
        assert_eq!(added, 2);
        assert_eq!(tags_of(&state, "p1"), vec!["machine-learning", "rl"]);
        assert_eq!(state.entry("p1").unwrap().bookmarked, Some(at(3)));

        assert_eq!(state.add_tags("p1", strings(&["rl", "New"]), at(4)), 1);
        assert_eq!(tags_of(&state, "p1"), vec!["machine-learning", "new", "rl"]);
        assert_eq!(state.entry("p1").unwrap().bookmarked, Some(at(3)));
    }

    #[test]
    fn add_only_blank_tags_changes_nothing() {
        let mut state = UserState::default();
        assert_eq!(state.add_tags("p1", strings(&["", " "]), at(1)), 0);
        assert!(state.papers.is_empty());
    }

    #[test]
    fn remove_tag_matches_normalised_and_keeps_bookmark() {
        let mut state = UserState::default();
        state.add_tags("p1", strings(&["machine learning", "rl"]), at(1));
        assert!(state.remove_tag("p1", "Machine Learning"));
        assert!(!state.remove_tag("p1", "machine-learning"));
        assert!(!state.remove_tag("p1", " "));
        assert!(!state.remove_tag("other", "rl"));
        assert_eq!(tags_of(&state, "p1"), vec!["rl"]);
        assert!(state.is_bookmarked("p1"));
    }

    #[test]
    fn set_tags_replaces_and_empty_set_clears_only_tags() {
        let mut state = UserState::default();
        state.add_tags("p1", strings(&["old"]), at(1));
        state.set_tags("p1", strings(&["New One", "two"]), at(2));
        assert_eq!(tags_of(&state, "p1"), vec!["new-one", "two"]);
        assert_eq!(state.entry("p1").unwrap().bookmarked, Some(at(1)));

        state.set_tags("p1", Vec::new(), at(3));
        assert!(state.entry("p1").unwrap().tags.is_empty());
        assert!(state.is_bookmarked("p1"));

        state.set_tags("p2", strings(&["x"]), at(4));
        assert_eq!(state.entry("p2").unwrap().bookmarked, Some(at(4)));
        state.set_tags("p3", strings(&[" "]), at(4));
        assert!(state.entry("p3").is_none());
    }

    #[test]
    fn set_note_bookmarks_and_blank_note_clears() {
        let mut state = UserState::default();
        state.set_note("p1", Some("worth reading\n\n".into()), at(1));
        let entry = state.entry("p1").unwrap();
        assert_eq!(entry.note.as_deref(), Some("worth reading"));
        assert_eq!(entry.bookmarked, Some(at(1)));

        state.set_note("p1", Some("  \n".into()), at(2));
        assert_eq!(state.entry("p1").unwrap().note, None);
        assert!(state.is_bookmarked("p1"));

        state.set_note("p2", None, at(2));
        state.set_note("p3", Some(String::new()), at(2));
        assert!(state.entry("p2").is_none());
        assert!(state.entry("p3").is_none());
    }

    #[test]
    fn read_marks_keep_first_time_and_toggle() {
        let mut state = UserState::default();
        assert!(state.mark_read("p1", at(1)));
        assert!(!state.mark_read("p1", at(2)));
        assert_eq!(state.entry("p1").unwrap().read, Some(at(1)));
        assert!(state.mark_unread("p1"));
        assert!(!state.mark_unread("p1"));
        assert!(state.papers.is_empty());

        assert!(state.toggle_read("p1", at(3)));
        assert!(state.is_read("p1"));
        assert!(!state.toggle_read("p1", at(4)));
        assert!(!state.is_read("p1"));
        assert!(state.papers.is_empty());
    }

    #[test]
    fn toggle_bookmark_flips_and_off_drops_tags() {
        let mut state = UserState::default();
        assert!(state.toggle_bookmark("p1", at(1)));
        state.add_tags("p1", strings(&["t"]), at(2));
        assert!(!state.toggle_bookmark("p1", at(3)));
        assert!(state.entry("p1").is_none());
        assert!(state.toggle_bookmark("p1", at(4)));
        assert_eq!(state.entry("p1").unwrap().bookmarked, Some(at(4)));
    }

    #[test]
    fn listings_are_ordered_newest_bookmark_first() {
        let mut state = UserState::default();
        state.bookmark("old", at(1));
        state.add_tags("newest", strings(&["ml"]), at(9));
        state.add_tags("middle-b", strings(&["ml", "rl"]), at(5));
        state.bookmark("middle-a", at(5));
        state.mark_read("only-read", at(2));
        state.mark_read("old", at(3));

        assert_eq!(
            state.bookmarked_ids(),
            vec!["newest", "middle-a", "middle-b", "old"]
        );
        assert_eq!(
            state.read_ids().collect::<Vec<_>>(),
            vec!["old", "only-read"]
        );
        assert_eq!(state.ids_with_tag("ML"), vec!["newest", "middle-b"]);
        assert_eq!(state.ids_with_tag("rl"), vec!["middle-b"]);
        assert!(state.ids_with_tag("none").is_empty());
        assert!(state.ids_with_tag("").is_empty());
        let counts: Vec<(String, usize)> = state.all_tags().into_iter().collect();
        assert_eq!(counts, vec![("ml".to_string(), 2), ("rl".to_string(), 1)]);
    }

    #[test]
    fn rekey_moves_entry_to_new_id() {
        let mut state = UserState::default();
        state.add_tags("listing:abc", strings(&["x"]), at(1));
        assert!(state.rekey("listing:abc", "2501.00001"));
        assert!(state.entry("listing:abc").is_none());
        assert_eq!(tags_of(&state, "2501.00001"), vec!["x"]);
        assert!(!state.rekey("listing:abc", "2501.00001"));
        assert!(!state.rekey("2501.00001", "2501.00001"));
        assert!(state.entry("2501.00001").is_some());
    }

    #[test]
    fn rekey_merges_with_existing_entry() {
        let mut state = UserState::default();
        state.add_tags("old", strings(&["a", "shared"]), at(2));
        state.set_note("old", Some("from listing".into()), at(2));
        state.add_tags("new", strings(&["b", "shared"]), at(6));
        state.set_note("new", Some("from arxiv".into()), at(6));
        state.mark_read("new", at(7));

        assert!(state.rekey("old", "new"));
        assert_eq!(state.papers.len(), 1);
        let merged = state.entry("new").unwrap();
        assert_eq!(merged.bookmarked, Some(at(2)));
        assert_eq!(tags_of(&state, "new"), vec!["a", "b", "shared"]);
        assert_eq!(merged.note.as_deref(), Some("from arxiv\n\nfrom listing"));
        assert_eq!(merged.read, Some(at(7)));
    }

    #[test]
    fn touch_last_looked_records_time() {
        let mut state = UserState::default();
        state.touch_last_looked(at(1));
        state.touch_last_looked(at(8));
        assert_eq!(state.last_looked, Some(at(8)));
    }

    #[test]
    fn remove_empty_entries_tidies_direct_edits() {
        let mut state = UserState::default();
        state.papers.insert("empty".into(), Entry::default());
        state.bookmark("kept", at(1));
        state.remove_empty_entries();
        assert_eq!(state.papers.keys().collect::<Vec<_>>(), vec!["kept"]);
    }

    #[test]
    fn json_round_trip_and_tidy_format() {
        let mut state = UserState::default();
        state.add_tags("p1", strings(&["ml"]), at(1));
        state.mark_read("p2", at(2));
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(
            json,
            r#"{"version":1,"papers":{"p1":{"bookmarked":"2025-03-01T01:00:00Z","tags":["ml"]},"p2":{"read":"2025-03-01T02:00:00Z"}}}"#
        );
        let back: UserState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, state);
        assert_eq!(
            serde_json::to_string(&UserState::default()).unwrap(),
            r#"{"version":1,"papers":{}}"#
        );
    }

    #[test]
    fn the_value_itself_deserialises_leniently() {
        // Leniency is for values; files go through `format::decode`, which
        // rejects `{}` and other shapes folio never writes.
        let state: UserState = serde_json::from_str("{}").unwrap();
        assert_eq!(state, UserState::default());
        assert!(state.is_empty());
        let state: UserState =
            serde_json::from_str(r#"{"papers":{"p":{"read":"2025-03-01T02:00:00Z"}}}"#).unwrap();
        assert_eq!(state.version, 1);
        assert!(state.is_read("p"));
        assert!(!state.is_bookmarked("p"));
    }

    #[test]
    fn dismiss_keeps_the_first_time_and_undismiss_tidies() {
        let mut state = UserState::default();
        assert_eq!(state.dismiss("p1", at(1)), Ok(true));
        assert_eq!(state.dismiss("p1", at(2)), Ok(false));
        assert_eq!(state.entry("p1").unwrap().dismissed, Some(at(1)));
        assert!(state.is_dismissed("p1"));
        assert!(!state.is_dismissed("p2"));
        state.dismiss("p0", at(3)).unwrap();
        assert_eq!(state.dismissed_ids().collect::<Vec<_>>(), vec!["p0", "p1"]);

        assert!(state.undismiss("p1"));
        assert!(!state.undismiss("p1"));
        assert!(!state.undismiss("never-seen"));
        assert!(state.entry("p1").is_none(), "nothing left to record");
    }

    #[test]
    fn undismiss_keeps_the_read_mark() {
        let mut state = UserState::default();
        state.mark_read("p1", at(1));
        state.dismiss("p1", at(2)).unwrap();
        assert!(state.undismiss("p1"));
        assert!(state.is_read("p1"));
    }

    #[test]
    fn a_bookmarked_paper_cannot_be_dismissed() {
        let mut state = UserState::default();
        state.add_tags("p1", strings(&["ml"]), at(1));
        let refused = state.dismiss("p1", at(2)).unwrap_err();
        assert_eq!(refused, DismissError::Bookmarked { id: "p1".into() });
        let message = refused.to_string();
        assert!(message.contains("folio bookmark rm p1"), "{message}");
        assert!(!state.is_dismissed("p1"));
        assert_eq!(tags_of(&state, "p1"), vec!["ml"], "nothing else changed");
    }

    #[test]
    fn bookmarking_a_dismissed_paper_clears_the_dismissal() {
        let mut state = UserState::default();
        state.dismiss("p1", at(1)).unwrap();
        assert!(state.bookmark("p1", at(2)));
        assert!(!state.is_dismissed("p1"));
        state.dismiss("p2", at(1)).unwrap();
        state.add_tags("p2", strings(&["x"]), at(2));
        assert!(!state.is_dismissed("p2"), "tagging bookmarks");
        state.dismiss("p3", at(1)).unwrap();
        state.set_note("p3", Some("on second thought".into()), at(2));
        assert!(!state.is_dismissed("p3"), "a note bookmarks");
        assert_eq!(state.dismissed_ids().count(), 0);
    }

    #[test]
    fn rekey_onto_a_bookmark_drops_the_dismissal() {
        let mut state = UserState::default();
        state.dismiss("listing:abc", at(1)).unwrap();
        state.bookmark("2501.00001", at(2));
        assert!(state.rekey("listing:abc", "2501.00001"));
        assert!(state.is_bookmarked("2501.00001"));
        assert!(!state.is_dismissed("2501.00001"));
        state.dismiss("listing:def", at(3)).unwrap();
        assert!(state.rekey("listing:def", "2501.00002"));
        assert!(state.is_dismissed("2501.00002"));
    }

    #[test]
    fn a_dismissal_needs_format_3_and_without_one_the_format_stays() {
        let mut state = UserState::default();
        state.mark_read("p1", at(1));
        assert_eq!(state.needed_version(), 1);
        state.dismiss("p2", at(1)).unwrap();
        assert_eq!(state.needed_version(), 3);
        assert_eq!(FORMAT_VERSION, 3);
        state.undismiss("p2");
        assert_eq!(state.needed_version(), 1);
        state.last_sync = Some(at(2));
        assert_eq!(state.needed_version(), 2);
        state.dismiss("p2", at(1)).unwrap();
        assert_eq!(state.needed_version(), 3);
    }

    #[test]
    fn a_dismissal_round_trips_through_json() {
        let mut state = UserState::default();
        state.dismiss("p1", at(1)).unwrap();
        state.version = state.needed_version();
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(
            json,
            r#"{"version":3,"papers":{"p1":{"dismissed":"2025-03-01T01:00:00Z"}}}"#
        );
        let back: UserState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, state);
    }
}
