//! `folio note ID`: the paper's note in the user's editor (`$VISUAL`, else
//! `$EDITOR`, else `vi`). What the editor leaves becomes the note, saved like
//! `folio bookmark add --note`: through the library's atomic update, and a
//! note on a paper that is not bookmarked bookmarks it (the library's rule).

use anyhow::{Context as _, Result, bail};
use chrono::Utc;

use super::Ctx;
use super::output::outln;
use crate::editor::{self, EditorCommand, EditorError, note::NoteChange};

pub fn run(ctx: &Ctx, id: &str) -> Result<()> {
    let store = ctx.open_store()?;
    let paper = store.require_paper(id)?;
    let id = paper.id.as_str();
    if store.is_read_only() {
        bail!(
            "the data dir {} is read-only: the note cannot be saved; use a writable --data-dir",
            ctx.paths.data_dir.display()
        );
    }
    let old = store.library().load()?.note_of(id);
    let command = EditorCommand::from_env()?;
    let initial = editor::note::initial_text(old.as_deref());
    let edited = match editor::edit_text(&command, &editor::note_file_name(id), &initial) {
        Ok(text) => text,
        Err(err @ EditorError::Failed { .. }) => {
            bail!("{err}; the note on {id} is unchanged (save and quit normally to keep an edit)")
        }
        Err(err) => return Err(err).context(format!("the note on {id} is unchanged")),
    };
    let now = Utc::now();
    match editor::note::change(old.as_deref(), &edited) {
        NoteChange::Unchanged => outln!("the note on {id} is unchanged"),
        NoteChange::Set(note) => {
            let was_bookmarked = store.library().load()?.is_bookmarked(id);
            store
                .library()
                .update(|state| state.set_note(id, Some(note), now))?;
            if was_bookmarked {
                outln!("saved the note on {id}: {}", paper.title);
            } else {
                outln!("saved the note on {id} and bookmarked it: {}", paper.title);
            }
        }
        NoteChange::Removed => {
            store
                .library()
                .update(|state| state.set_note(id, None, now))?;
            outln!("removed the note on {id} (the bookmark stays)");
        }
    }
    Ok(())
}
