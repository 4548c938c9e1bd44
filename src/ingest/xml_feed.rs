//! The one pass over an XML feed that the arXiv Atom and RSS readers
//! share: quick-xml's events, each element's text gathered until it closes,
//! line numbers for messages, and the errors for text that is not
//! well-formed or not this kind of feed. A reader says only what its
//! elements mean ([`FeedReader`]).

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::IngestError;
use super::xml_text::{append_text, not_well_formed};

/// What one feed format makes of the elements of its XML.
pub(super) trait FeedReader {
    /// Where an element's text goes (a title, an author's name…).
    type Slot: Copy;

    /// `<name …>` opens on `line`: note it, and say where its text goes
    /// (`None`: nowhere).
    fn start(&mut self, element: &BytesStart<'_>, line: usize) -> Option<Self::Slot>;

    /// `<name …/>` stands on `line`: an element without text.
    fn empty(&mut self, element: &BytesStart<'_>, line: usize);

    /// The whole text of an element with a slot, when it closes.
    fn text(&mut self, slot: Self::Slot, text: String);

    /// `</name>` (after its text, if any, went to [`FeedReader::text`]).
    fn end(&mut self, local_name: &[u8]);

    /// At the end: why the text was not this kind of feed at all, if it was not.
    fn not_this_format(&self) -> Option<&'static str>;

    /// At the end: what was left open (a feed cut short), if anything.
    fn unclosed(&self) -> Option<&'static str>;
}

/// Reads the feed `text` (from `origin`) into `reader`; `what` names the
/// kind of feed in messages ("Atom feed").
pub(super) fn read<R: FeedReader>(
    text: &str,
    origin: &str,
    what: &str,
    reader: &mut R,
) -> Result<(), IngestError> {
    let mut xml = Reader::from_str(text);
    let mut lines = LineCounter::new(text);
    let broken = |lines: &mut LineCounter<'_>, pos: u64, reason: String| {
        not_well_formed(origin, lines.line_at(pos), what, &reason)
    };
    let mut slot = None;
    let mut buf = String::new();
    loop {
        let event = xml
            .read_event()
            .map_err(|e| broken(&mut lines, xml.error_position(), e.to_string()))?;
        match event {
            Event::Start(e) => {
                slot = reader.start(&e, lines.line_at(xml.buffer_position()));
                buf.clear();
            }
            Event::Empty(e) => reader.empty(&e, lines.line_at(xml.buffer_position())),
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if slot.is_some() => {
                append_text(&event, &mut buf)
                    .map_err(|m| broken(&mut lines, xml.buffer_position(), m))?;
            }
            Event::End(e) => {
                if let Some(s) = slot.take() {
                    reader.text(s, std::mem::take(&mut buf));
                }
                reader.end(e.local_name().as_ref());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(message) = reader.not_this_format() {
        return Err(IngestError::Unreadable {
            origin: origin.to_string(),
            message: message.into(),
        });
    }
    if let Some(open) = reader.unclosed() {
        return Err(broken(&mut lines, text.len() as u64, open.into()));
    }
    Ok(())
}

/// Turns byte offsets into line numbers. Offsets asked for only grow while a
/// feed is read, so each call counts the newlines since the previous one:
/// counting from the start every time made a feed of n entries cost n²
/// (40,000 entries took 84 s).
struct LineCounter<'t> {
    text: &'t [u8],
    /// The offset counted up to, and the line it is on.
    pos: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line of byte offset `pos` (clamped to the text).
    fn line_at(&mut self, pos: u64) -> usize {
        let pos = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if pos < self.pos {
            // An offset behind the last one (only error positions can be):
            // count again from the start, once.
            self.pos = 0;
            self.line = 1;
        }
        self.line += self.text[self.pos..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = pos;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy format: `<list>` of `<x>` elements whose text is kept.
    #[derive(Debug, Default)]
    struct Texts {
        texts: Vec<(usize, String)>,
        line: usize,
        saw_list: bool,
        open_x: bool,
    }

    impl FeedReader for Texts {
        type Slot = ();

        fn start(&mut self, e: &BytesStart<'_>, line: usize) -> Option<()> {
            match e.local_name().as_ref() {
                b"list" => self.saw_list = true,
                b"x" => {
                    self.open_x = true;
                    self.line = line;
                    return Some(());
                }
                _ => {}
            }
            None
        }

        fn empty(&mut self, _: &BytesStart<'_>, _: usize) {}

        fn text(&mut self, (): (), text: String) {
            self.texts.push((self.line, text));
        }

        fn end(&mut self, local_name: &[u8]) {
            if local_name == b"x" {
                self.open_x = false;
            }
        }

        fn not_this_format(&self) -> Option<&'static str> {
            (!self.saw_list).then_some("no <list>")
        }

        fn unclosed(&self) -> Option<&'static str> {
            self.open_x.then_some("an <x> is never closed")
        }
    }

    fn read_texts(text: &str) -> Result<Texts, IngestError> {
        let mut reader = Texts::default();
        read(text, "t.xml", "list", &mut reader)?;
        Ok(reader)
    }

    #[test]
    fn each_slot_gets_its_whole_text_with_its_line() {
        let read =
            read_texts("<list>\n<x>a &amp; <![CDATA[b]]></x><y>no</y>\n\n<x>c</x></list>").unwrap();
        assert_eq!(read.texts, [(2, "a & b".to_string()), (4, "c".to_string())]);
    }

    #[test]
    fn the_wrong_format_is_said_before_what_is_left_open() {
        let err = read_texts("<x>cut").unwrap_err().to_string();
        assert!(err.contains("no <list>"), "{err}");
        let err = read_texts("<list>\n<x>cut").unwrap_err();
        assert!(
            matches!(&err, IngestError::Parse { line: 2, message, .. } if message.contains("never closed")),
            "{err:?}"
        );
    }

    #[test]
    fn text_that_is_not_xml_names_its_line() {
        let err = read_texts("<list>\n\n<x>a</y></list>").unwrap_err();
        assert!(matches!(err, IngestError::Parse { line: 3, .. }), "{err:?}");
    }
}
