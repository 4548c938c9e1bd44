//! Tells a folio library file apart from everything else that could sit at
//! its path. The serde derive on [`UserState`] is lenient (defaults for every
//! field), which is right for values built in memory but wrong for a file: a
//! stray `[]`, `{}` or a truncated rewrite would otherwise read as an empty
//! library and the next save would make that loss permanent. So a file is
//! only accepted here when it has the shape folio writes.

use serde_json::Value;

use super::state::{FORMAT_VERSION, UserState};

/// The top-level fields a file of a format this build knows may carry. A file
/// of a newer format may carry more (it is only read, never rewritten).
const KNOWN_FIELDS: [&str; 5] = ["version", "papers", "last_looked", "watches", "last_sync"];

/// A library file that has the shape folio writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Decoded {
    /// `version` and `papers` are both there.
    Library(UserState),
    /// `{"version":1}` (perhaps with `last_looked`) but no `papers`: what
    /// folio before the explicit-`papers` format wrote once the user removed
    /// every entry. Empty, but see the module doc of `store.rs` for when that
    /// can be believed.
    LegacyEmpty(UserState),
}

impl Decoded {
    pub(super) fn state(&self) -> &UserState {
        match self {
            Decoded::Library(state) | Decoded::LegacyEmpty(state) => state,
        }
    }

    pub(super) fn into_state(self) -> UserState {
        match self {
            Decoded::Library(state) | Decoded::LegacyEmpty(state) => state,
        }
    }
}

/// Why bytes are not a library file.
#[derive(Debug)]
pub(super) enum Rejected {
    /// Not JSON, or JSON whose values have the wrong types; has a position.
    Damaged(serde_json::Error),
    /// Valid JSON of another shape; says what is wrong with it.
    NotALibrary(String),
}

/// Reads `bytes` as a library file, accepting only folio's own shape: an
/// object with a positive whole `version` and a `papers` map (or the legacy
/// empty form), and for known versions no other top-level fields.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, Rejected> {
    let value: Value = serde_json::from_slice(bytes).map_err(Rejected::Damaged)?;
    let Value::Object(fields) = &value else {
        return Err(Rejected::NotALibrary(format!(
            "the file holds {}, not an object with `version` and `papers`",
            kind_of(&value)
        )));
    };
    let version = match fields.get("version") {
        None => {
            return Err(Rejected::NotALibrary(
                "it has no `version` field".to_string(),
            ));
        }
        Some(version) => version
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .filter(|&v| v >= 1)
            .ok_or_else(|| {
                Rejected::NotALibrary(format!(
                    "`version` is {version}, not a format version (a whole number from 1)"
                ))
            })?,
    };
    if version <= FORMAT_VERSION
        && let Some(unknown) = fields
            .keys()
            .find(|key| !KNOWN_FIELDS.contains(&key.as_str()))
    {
        return Err(Rejected::NotALibrary(format!(
            "it has a field `{unknown}` that no folio library has"
        )));
    }
    let has_papers = fields.contains_key("papers");
    if !has_papers && version != 1 {
        return Err(Rejected::NotALibrary(
            "it has no `papers` field".to_string(),
        ));
    }
    // Deserialise from the bytes, not the value, so type errors keep their
    // line and column.
    let state: UserState = serde_json::from_slice(bytes).map_err(Rejected::Damaged)?;
    Ok(if has_papers {
        Decoded::Library(state)
    } else {
        Decoded::LegacyEmpty(state)
    })
}

/// Serialises `state` as folio writes it: pretty, `papers` always present,
/// newline at the end.
pub(super) fn encode(state: &UserState) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = serde_json::to_vec_pretty(state)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_a_library(text: &str) -> String {
        match decode(text.as_bytes()) {
            Err(Rejected::NotALibrary(reason)) => reason,
            other => panic!("{text}: expected NotALibrary, got {other:?}"),
        }
    }

    #[test]
    fn folio_own_empty_library_round_trips_and_is_not_legacy() {
        let bytes = encode(&UserState::default()).unwrap();
        assert_eq!(bytes, b"{\n  \"version\": 1,\n  \"papers\": {}\n}\n");
        assert_eq!(
            decode(&bytes).unwrap(),
            Decoded::Library(UserState::default())
        );
    }

    #[test]
    fn shapes_that_are_not_a_library_are_rejected_with_the_reason() {
        assert!(not_a_library("[]").contains("a list"));
        assert!(not_a_library("null").contains("null"));
        assert!(not_a_library("\"library\"").contains("a string"));
        assert!(not_a_library("{}").contains("no `version`"));
        assert!(not_a_library(r#"{"papers":{}}"#).contains("no `version`"));
        assert!(not_a_library(r#"{"version":0,"papers":{}}"#).contains("`version` is 0"));
        assert!(not_a_library(r#"{"version":"1","papers":{}}"#).contains("`version` is \"1\""));
        assert!(not_a_library(r#"{"version":1.5,"papers":{}}"#).contains("1.5"));
        assert!(
            not_a_library(r#"{"version":1,"papers":{},"bookmarks":[]}"#).contains("`bookmarks`")
        );
        assert!(not_a_library(r#"{"version":2}"#).contains("no `papers`"));
    }

    #[test]
    fn damaged_json_and_wrong_types_keep_their_position() {
        for text in ["", "{\"version\": 1,", "{\"version\":1,\n\"papers\":[1]}"] {
            match decode(text.as_bytes()) {
                Err(Rejected::Damaged(error)) => assert!(error.line() >= 1, "{text}"),
                other => panic!("{text}: expected Damaged, got {other:?}"),
            }
        }
    }

    #[test]
    fn legacy_empty_form_is_recognised() {
        let legacy = decode(br#"{"version":1}"#).unwrap();
        assert_eq!(legacy, Decoded::LegacyEmpty(UserState::default()));
        let with_time = decode(br#"{"version":1,"last_looked":"2025-03-01T12:00:00Z"}"#).unwrap();
        assert!(matches!(with_time, Decoded::LegacyEmpty(ref s) if s.last_looked.is_some()));
    }

    #[test]
    fn format_3_with_a_dismissal_is_read_and_round_trips() {
        let text = br#"{"version":3,"papers":{"p":{"dismissed":"2025-03-01T12:00:00Z"}}}"#;
        let state = decode(text).unwrap().into_state();
        assert!(state.is_dismissed("p"));
        assert_eq!(
            decode(&encode(&state).unwrap()).unwrap().into_state(),
            state
        );
        // Version 3 is known: fields no folio writes are still refused.
        assert!(not_a_library(r#"{"version":3,"papers":{},"stars":{}}"#).contains("`stars`"));
    }

    #[test]
    fn newer_versions_may_carry_fields_this_build_does_not_know() {
        let newer = br#"{"version":4,"papers":{"p":{"read":"2025-03-01T12:00:00Z"}},"stars":{}}"#;
        let decoded = decode(newer).unwrap();
        assert_eq!(decoded.state().version, 4);
        assert!(decoded.into_state().is_read("p"));
    }
}
