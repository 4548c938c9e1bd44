//! Where the live index is, so that replacing it is one atomic step.
//!
//! The index directory (`DATA/index/`) holds one tantivy index per build,
//! `gen-1/`, `gen-2/`, …, and a small file `CURRENT` naming the live one.
//! A rebuild writes a whole new `gen-N/` beside the live index and then
//! replaces `CURRENT` atomically (temp file, fsync, rename): a reader sees
//! the old index or the new one, never a half-built one, and a crash at any
//! instant leaves either the old index live (plus a stray `gen-N/` that the
//! next write removes) or the new one. Nothing ever asks the user to delete
//! a directory by hand.
//!
//! Data dirs from before this layout have the tantivy files straight in
//! `index/`; with no `CURRENT`, that directory itself is the live index until
//! the first rebuild, whose cleanup then removes the old files.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::fsutil::write_atomically;

/// The file naming the live build.
const CURRENT: &str = "CURRENT";
/// Builds are `gen-<n>`.
const BUILD_PREFIX: &str = "gen-";

/// The index directory and the builds inside it.
#[derive(Debug, Clone)]
pub struct IndexRoot {
    root: PathBuf,
}

impl IndexRoot {
    pub fn new(root: PathBuf) -> IndexRoot {
        IndexRoot { root }
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The live build: the one `CURRENT` names, else (an older data dir) the
    /// root itself when it holds an index, else none. A `CURRENT` that names
    /// anything but a build directory is an error saying so.
    pub fn current(&self) -> io::Result<Option<PathBuf>> {
        match fs::read_to_string(self.root.join(CURRENT)) {
            Ok(text) => {
                let name = text.trim();
                let bad = |what: &str| {
                    Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{} {what}", self.root.join(CURRENT).display()),
                    ))
                };
                if build_number(name).is_none() {
                    return bad("does not name an index build");
                }
                let dir = self.root.join(name);
                if !dir.is_dir() {
                    return bad(&format!("names {name}, which is not a directory"));
                }
                Ok(Some(dir))
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                Ok(self
                    .root
                    .join("meta.json")
                    .is_file()
                    .then(|| self.root.clone()))
            }
            Err(e) => Err(e),
        }
    }

    /// What `CURRENT` says now, to notice when another process swapped in a
    /// new build.
    pub fn current_name(&self) -> Option<String> {
        fs::read_to_string(self.root.join(CURRENT))
            .ok()
            .map(|text| text.trim().to_string())
    }

    /// Creates an empty directory for a new build, numbered after every build
    /// present. The root is made a directory first if it is not one (a file
    /// left where the index should be).
    pub fn new_build(&self) -> io::Result<PathBuf> {
        if fs::symlink_metadata(&self.root).is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(&self.root)?;
        }
        fs::create_dir_all(&self.root)?;
        let next = self.builds()?.into_iter().max().unwrap_or(0) + 1;
        let dir = self.root.join(format!("{BUILD_PREFIX}{next}"));
        fs::create_dir(&dir)?;
        Ok(dir)
    }

    /// Makes `build` the live index, atomically.
    pub fn publish(&self, build: &Path) -> io::Result<()> {
        let name = build
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| build_number(n).is_some())
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} is not an index build", build.display()),
                )
            })?;
        write_atomically(&self.root.join(CURRENT), format!("{name}\n").as_bytes())
    }

    /// Removes everything in the root that is not the live build or
    /// `CURRENT`: builds a killed rebuild left, older builds, the files of a
    /// pre-build index, temp files. Call only under the data dir's write
    /// lock. Returns what was removed.
    pub fn remove_strays(&self) -> io::Result<Vec<PathBuf>> {
        // A `CURRENT` that names nothing usable leaves nothing live either.
        let Some(live) = self.current().ok().flatten() else {
            // Nothing is live: everything here is left over, except that an
            // older index straight in the root is kept until a build replaces it.
            return self.remove_entries(|_| false);
        };
        if live == self.root {
            // A pre-build index in the root: only unfinished builds are strays.
            return self.remove_entries(|name| build_number(name).is_none());
        }
        let live_name = live.file_name().map(|n| n.to_os_string());
        self.remove_entries(|name| name == CURRENT || Some(name.into()) == live_name)
    }

    fn remove_entries(&self, keep: impl Fn(&str) -> bool) -> io::Result<Vec<PathBuf>> {
        let entries = match fs::read_dir(&self.root) {
            Ok(entries) => entries,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(Vec::new());
            }
            Err(e) => return Err(e),
        };
        let mut removed = Vec::new();
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            if keep(&name.to_string_lossy()) {
                continue;
            }
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                fs::remove_dir_all(&path)?;
            } else {
                fs::remove_file(&path)?;
            }
            removed.push(path);
        }
        Ok(removed)
    }

    /// Numbers of the builds present.
    fn builds(&self) -> io::Result<Vec<u64>> {
        let mut numbers = Vec::new();
        for entry in fs::read_dir(&self.root)? {
            if let Some(n) = build_number(&entry?.file_name().to_string_lossy()) {
                numbers.push(n);
            }
        }
        Ok(numbers)
    }
}

fn build_number(name: &str) -> Option<u64> {
    let digits = name.strip_prefix(BUILD_PREFIX)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsutil::sorted_entry_names;

    #[test]
    fn nothing_is_live_in_a_new_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let root = IndexRoot::new(dir.path().join("index"));
        assert_eq!(root.current().unwrap(), None);
        assert_eq!(root.remove_strays().unwrap(), Vec::<PathBuf>::new());
    }

    #[test]
    fn a_published_build_is_live_and_the_rest_are_strays() {
        let dir = tempfile::tempdir().unwrap();
        let root = IndexRoot::new(dir.path().join("index"));
        let first = root.new_build().unwrap();
        assert_eq!(
            root.current().unwrap(),
            None,
            "unpublished builds are not live"
        );
        root.publish(&first).unwrap();
        assert_eq!(root.current().unwrap(), Some(first.clone()));
        let second = root.new_build().unwrap();
        assert_eq!(second.file_name().unwrap(), "gen-2");
        fs::write(second.join("meta.json"), b"{}").unwrap();
        // A killed rebuild: gen-2 never published.
        root.remove_strays().unwrap();
        assert_eq!(
            sorted_entry_names(root.path()).unwrap(),
            vec!["CURRENT", "gen-1"]
        );
        let third = root.new_build().unwrap();
        root.publish(&third).unwrap();
        root.remove_strays().unwrap();
        assert_eq!(
            sorted_entry_names(root.path()).unwrap(),
            vec!["CURRENT", "gen-2"]
        );
    }

    #[test]
    fn an_older_index_in_the_root_stays_live_until_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let root = IndexRoot::new(dir.path().join("index"));
        fs::create_dir_all(root.path()).unwrap();
        fs::write(root.path().join("meta.json"), b"{}").unwrap();
        fs::write(root.path().join("abc.term"), b"x").unwrap();
        assert_eq!(root.current().unwrap(), Some(root.path().to_path_buf()));
        let build = root.new_build().unwrap();
        root.remove_strays().unwrap();
        assert!(!build.exists(), "an unpublished build is a stray");
        assert!(root.path().join("abc.term").exists());
        let build = root.new_build().unwrap();
        root.publish(&build).unwrap();
        root.remove_strays().unwrap();
        assert_eq!(
            sorted_entry_names(root.path()).unwrap(),
            vec!["CURRENT", "gen-1"]
        );
    }

    #[test]
    fn a_bad_current_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = IndexRoot::new(dir.path().join("index"));
        fs::create_dir_all(root.path()).unwrap();
        for garbage in ["", "../../etc", "gen-", "gen-x", "gen-7"] {
            fs::write(root.path().join(CURRENT), garbage).unwrap();
            let error = root.current().unwrap_err().to_string();
            assert!(error.contains("CURRENT"), "{garbage:?}: {error}");
            root.remove_strays().unwrap();
            assert!(!root.path().join(CURRENT).exists(), "{garbage:?}");
        }
    }

    #[test]
    fn a_file_where_the_index_should_be_is_replaced_by_a_build() {
        let dir = tempfile::tempdir().unwrap();
        let root = IndexRoot::new(dir.path().join("index"));
        fs::write(root.path(), b"not a directory").unwrap();
        assert_eq!(root.current().unwrap(), None);
        let build = root.new_build().unwrap();
        assert!(build.is_dir());
    }
}
