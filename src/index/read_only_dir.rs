//! A tantivy directory for an index the user may read but not write (a data
//! dir on a read-only mount, or owned by someone else).
//!
//! tantivy's readers take the `.tantivy-meta.lock` file lock while they open
//! segments, which means opening that file for writing: on a read-only data
//! dir that fails and every search with it. Here reading goes straight to
//! the memory-mapped files, the lock is a no-op (nobody can write this index
//! through this process anyway), and every write is refused.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, INDEX_WRITER_LOCK, Lock, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};

#[derive(Debug, Clone)]
pub struct ReadOnlyDirectory {
    inner: MmapDirectory,
}

impl ReadOnlyDirectory {
    pub fn open(dir: &Path) -> Result<ReadOnlyDirectory, tantivy::TantivyError> {
        Ok(ReadOnlyDirectory {
            inner: MmapDirectory::open(dir)?,
        })
    }
}

fn refused() -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, "the data dir is read-only")
}

impl Directory for ReadOnlyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(refused()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(refused(), path.to_path_buf()))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(refused())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        if lock.filepath == INDEX_WRITER_LOCK.filepath {
            return Err(LockError::wrap_io_error(refused()));
        }
        // Readers only need the meta lock to keep a writer's cleanup from
        // deleting files under them; no writer works through this directory.
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{Index, TantivyDocument, doc};

    #[test]
    fn reads_an_index_and_refuses_to_write_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = Schema::builder();
        let title = builder.add_text_field("title", TEXT | STORED);
        let index = Index::create_in_dir(dir.path(), builder.build()).unwrap();
        let mut writer = index.writer::<TantivyDocument>(15_000_000).unwrap();
        writer.add_document(doc!(title => "hopfield")).unwrap();
        writer.commit().unwrap();
        drop(writer);
        let before: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();

        let read_only = Index::open(ReadOnlyDirectory::open(dir.path()).unwrap()).unwrap();
        let reader = read_only.reader().unwrap();
        assert_eq!(reader.searcher().num_docs(), 1);
        assert!(read_only.writer::<TantivyDocument>(15_000_000).is_err());
        let after: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            before.len(),
            after.len(),
            "nothing was created: {before:?} {after:?}"
        );
    }
}
