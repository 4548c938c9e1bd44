//! After a command that wrote papers: merging the index's segments when
//! there are many (a bulk import, a long harvest), saying so, since at
//! arXiv scale it takes about ten seconds a million papers. A merge that
//! fails is a warning: the write itself is saved and searches work as
//! before, only slower.

use std::io::IsTerminal;

use crate::store::Store;

pub fn after_write(store: &Store) {
    let Some((before, after)) = store.index_tidy_needed() else {
        return;
    };
    let terminal = std::io::stderr().is_terminal();
    eprintln!("merging the index's {before} segments into about {after}, for faster searches…");
    let started = std::time::Instant::now();
    let result = store.tidy_index(|done, of| {
        if terminal {
            eprint!("\r\x1b[2K  {done} of {of} merges done");
        }
    });
    if terminal {
        eprint!("\r\x1b[2K");
    }
    super::print_notices(store);
    match result {
        Ok(Some(tidied)) if store.cancel().is_cancelled() => eprintln!(
            "stopped by Ctrl-C with the index in {} segments; nothing is lost, the next write merges the rest",
            tidied.segments_after
        ),
        Ok(Some(tidied)) => eprintln!(
            "merged the index into {} segments in {:.1} s",
            tidied.segments_after,
            started.elapsed().as_secs_f64()
        ),
        Ok(None) => {}
        Err(e) => eprintln!(
            "{} the index was not merged ({e}); nothing is lost and searches work as before, the next write tries again",
            super::style_stderr().error("folio: warning:")
        ),
    }
}
