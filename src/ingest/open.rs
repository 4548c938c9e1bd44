//! Opening an import source: a file, standard input (`-`), either possibly
//! gzip-compressed (detected from the magic bytes, not the name), with the
//! first bytes kept aside so the format can be detected without consuming
//! the stream.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::read::MultiGzDecoder;

use super::IngestError;

/// How much is read ahead to detect the format.
const PEEK_BYTES: usize = 64 * 1024;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// An opened input: its first bytes (already decompressed) and a reader that
/// yields the whole content, those bytes included.
pub struct Input {
    pub origin: String,
    pub head: Vec<u8>,
    pub reader: Box<dyn BufRead + Send>,
    /// Compressed or raw size on disk, when known (for progress).
    pub size: Option<u64>,
    /// Bytes of the file (as stored, before decompression) read so far.
    pub consumed: Arc<AtomicU64>,
}

/// Counts the bytes read through it, for progress and time-left estimates.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens `path` (`-` is standard input).
pub fn open_input(path: &Path) -> Result<Input, IngestError> {
    let origin = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let unreadable = |e: io::Error| IngestError::Unreadable {
        origin: origin.clone(),
        message: format!("could not read it ({e}); check the path and permissions"),
    };
    let (raw, size): (Box<dyn Read + Send>, Option<u64>) = if path.as_os_str() == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let file = File::open(path).map_err(unreadable)?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let consumed = Arc::new(AtomicU64::new(0));
    let raw = Counting {
        inner: raw,
        count: consumed.clone(),
    };
    let mut raw = BufReader::with_capacity(1 << 16, raw);
    let is_gzip = raw.fill_buf().map_err(unreadable)?.starts_with(&GZIP_MAGIC);
    let decoded: Box<dyn Read + Send> = if is_gzip {
        Box::new(MultiGzDecoder::new(raw))
    } else {
        Box::new(raw)
    };
    let mut decoded = BufReader::with_capacity(1 << 16, decoded);
    let mut head = Vec::with_capacity(PEEK_BYTES);
    (&mut decoded)
        .take(PEEK_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| IngestError::Unreadable {
            origin: origin.clone(),
            message: if is_gzip {
                format!("this gzip file is damaged ({e})")
            } else {
                format!("could not read it ({e})")
            },
        })?;
    let reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(
        1 << 16,
        io::Cursor::new(head.clone()).chain(decoded),
    ));
    Ok(Input {
        origin,
        head,
        reader,
        size,
        consumed,
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn reads_plain_and_gzip_files_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let text = "line one\nline two\n".repeat(10_000);
        let plain = dir.path().join("a.txt");
        std::fs::write(&plain, &text).unwrap();
        let gz = dir.path().join("a.txt.gz");
        let mut enc =
            flate2::write::GzEncoder::new(File::create(&gz).unwrap(), flate2::Compression::fast());
        enc.write_all(text.as_bytes()).unwrap();
        enc.finish().unwrap();
        for path in [&plain, &gz] {
            let mut input = open_input(path).unwrap();
            assert!(input.head.starts_with(b"line one"));
            let mut all = String::new();
            input.reader.read_to_string(&mut all).unwrap();
            assert_eq!(all, text);
        }
    }

    #[test]
    fn a_missing_file_names_itself() {
        let err = open_input(Path::new("/nonexistent/feed.json"))
            .err()
            .unwrap();
        assert!(
            err.to_string()
                .starts_with("/nonexistent/feed.json: could not read it"),
            "{err}"
        );
    }
}
