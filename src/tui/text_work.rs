//! The work behind the text view's effects: loading (or fetching) a
//! paper's text with its kept reading position and laying it out for the
//! reader's width (off the UI thread: a long paper takes longer than a
//! frame to lay out), saving the position, and
//! downloading the PDF. The worker runs these on threads of their own;
//! tests call them directly.

use std::sync::Arc;

use super::event::{Event, LoadedText};
use super::state::Status;
use crate::fulltext::fetch::{FetchOptions, document_or_fetch, fetch_pdf};
use crate::fulltext::layout::layout;
use crate::fulltext::positions::{ReadingPosition, ReadingPositions};
use crate::model::sanitize::clean_text;
use crate::store::Store;

/// Paper `id`'s text (fetched first when it never was) and where the
/// reader left it: the events to send, in order. A damaged positions file
/// costs only the position, and says so.
pub fn load_text(
    store: &Store,
    options: &FetchOptions,
    id: &str,
    width: u16,
    progress: &mut dyn FnMut(&str),
) -> Vec<Event> {
    let positions = ReadingPositions::in_data_dir(store.data_dir());
    let (position, notice) = match positions.get(id) {
        Ok(position) => (position, None),
        Err(e) => (None, Some(e.to_string())),
    };
    let result = document_or_fetch(store, options, id, progress)
        .map(|document| LoadedText {
            layout: Arc::new(layout(&document, width)),
            document: Arc::new(document),
        })
        .map_err(|e| clean_text(&e.to_string()));
    let mut events = vec![Event::TextLoaded {
        id: id.to_string(),
        result,
        position,
    }];
    if let Some(text) = notice {
        events.push(Event::Status(Status { text, error: true }));
    }
    events
}

/// Keeps `position` for paper `id`; what to tell the user, if anything.
pub fn save_position(store: &Store, id: &str, position: ReadingPosition) -> Option<Status> {
    match ReadingPositions::in_data_dir(store.data_dir()).save(id, position) {
        Ok(None) => None,
        Ok(Some(notice)) => Some(Status {
            text: notice,
            error: true,
        }),
        Err(e) => Some(Status {
            text: e.to_string(),
            error: true,
        }),
    }
}

/// Downloads paper `id`'s PDF; the status line that says how it went.
pub fn download_pdf(
    store: &Store,
    options: &FetchOptions,
    id: &str,
    progress: &mut dyn FnMut(&str),
) -> Status {
    match fetch_pdf(store, options, id, progress) {
        Ok(path) => Status {
            text: format!(
                "saved the PDF to {}",
                clean_text(&path.display().to_string())
            ),
            error: false,
        },
        Err(e) => Status {
            text: clean_text(&e.to_string()),
            error: true,
        },
    }
}
