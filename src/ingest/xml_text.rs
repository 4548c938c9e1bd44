//! The text of an XML element as quick-xml hands it over in pieces (text,
//! CDATA, character and entity references), gathered the same way by every
//! XML feed parser (arXiv Atom, arXiv RSS).

use quick_xml::events::Event;

use super::IngestError;

/// The error for a feed (`what`: "Atom feed", "RSS feed") that is not
/// well-formed XML at `line`, quoting the parser's reason safely.
pub(super) fn not_well_formed(origin: &str, line: usize, what: &str, reason: &str) -> IngestError {
    IngestError::Parse {
        origin: origin.to_string(),
        line,
        message: format!(
            "this {what} is not well-formed XML ({}); the download may be cut short, fetch it again",
            super::quoted(reason)
        ),
    }
}

/// Appends the text `event` carries to `buf`; `Ok(false)` when the event
/// carries none. Unknown entities are kept as written (`&name;`).
pub(super) fn append_text(event: &Event<'_>, buf: &mut String) -> Result<bool, String> {
    match event {
        Event::Text(t) => {
            let decoded = t.xml10_content().map_err(|e| e.to_string())?;
            buf.push_str(&decoded);
        }
        Event::CData(t) => buf.push_str(&String::from_utf8_lossy(t)),
        Event::GeneralRef(r) => {
            let name = r.decode().map_err(|e| e.to_string())?;
            match r.resolve_char_ref() {
                Ok(Some(c)) => buf.push(c),
                _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                    Some(s) => buf.push_str(s),
                    None => {
                        buf.push('&');
                        buf.push_str(&name);
                        buf.push(';');
                    }
                },
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::Reader;

    #[test]
    fn text_cdata_and_references_are_gathered() {
        let mut reader = Reader::from_str("<t>a &amp; b &#233; &nope; <![CDATA[<c>]]></t>");
        let mut buf = String::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Eof => break,
                event => {
                    append_text(&event, &mut buf).unwrap();
                }
            }
        }
        assert_eq!(buf, "a & b é &nope; <c>");
    }
}
