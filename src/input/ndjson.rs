//! NDJSON: one JSON record per line, each analysed on its own:
//! `{"id": …, "text": "…"}` or `{"id": …, "turns": [{"speaker": "…", "text": "…"}]}`.
//! Other fields pass through to the record's report. [`Records`] reads one line at a
//! time, so memory stays flat however long the stream; a bad line is an error for that
//! line only, and reading goes on.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::derived::At;
use super::paragraphs::parts_of_lines;
use super::{Anchor, Conversation, InputError, Notice, SourceMap};

/// One record, ready to analyse.
#[derive(Debug, Clone)]
pub struct Record {
    /// The record's text as a conversation or message.
    pub conversation: Conversation,
    /// The record's `id`, as given.
    pub id: Option<Value>,
    /// Every other field, passed through.
    pub extra: Map<String, Value>,
}

/// Reads NDJSON records one line at a time.
pub struct Records<R> {
    reader: R,
    path: String,
    line: u32,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Records<R> {
    /// Records of `reader`; `path` names the input in every conversation.
    pub fn new(path: impl Into<String>, reader: R) -> Self {
        Records { reader, path: path.into(), line: 0, buf: vec![], done: false }
    }
}

/// The longest record read, in bytes: a longer line is an error for that line, skipped
/// without holding it, so a file with no line breaks cannot exhaust memory.
pub const MAX_RECORD: usize = 64 << 20;

impl<R: BufRead> Records<R> {
    /// Reads one line into `buf` (emptied when it is too long). Returns the bytes
    /// consumed, 0 at the end, and whether the line was over [`MAX_RECORD`].
    fn read_line(&mut self) -> std::io::Result<(usize, bool)> {
        let (mut consumed, mut too_long) = (0, false);
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok((consumed, too_long));
            }
            let end = memchr::memchr(b'\n', available);
            let chunk = &available[..end.map_or(available.len(), |i| i + 1)];
            if !too_long && self.buf.len() + chunk.len() > MAX_RECORD {
                too_long = true;
                self.buf = vec![];
            }
            if !too_long {
                self.buf.extend_from_slice(chunk);
            }
            let n = chunk.len();
            self.reader.consume(n);
            consumed += n;
            if end.is_some() {
                return Ok((consumed, too_long));
            }
        }
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            self.line += 1;
            match self.read_line() {
                Ok((0, _)) => self.done = true,
                Ok((_, true)) => {
                    return Some(Err(InputError::Invalid {
                        line: Some(self.line),
                        message: format!("a record longer than {} MiB, skipped", MAX_RECORD >> 20),
                    }))
                }
                Ok(_) if self.buf.iter().all(u8::is_ascii_whitespace) => {}
                Ok(_) => return Some(parse(&self.path, self.line, &self.buf)),
                Err(e) => {
                    self.done = true;
                    return Some(Err(InputError::Invalid {
                        line: Some(self.line),
                        message: format!("cannot read: {e}"),
                    }));
                }
            }
        }
        None
    }
}

/// Parses one line into a record.
pub fn parse(path: &str, line: u32, bytes: &[u8]) -> Result<Record, InputError> {
    let invalid = |message: String| InputError::Invalid { line: Some(line), message };
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let lossy = matches!(text, std::borrow::Cow::Owned(_));
    let mut fields: Map<String, Value> = match strict(&text) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(invalid("a record must be a JSON object".into())),
        Err(e) => return Err(invalid(json_error(&e))),
    };
    let id = fields.remove("id");
    let mut conversation = match (fields.remove("text"), fields.remove("turns")) {
        (Some(Value::String(text)), None) => super::plain::read(path, text),
        (None, Some(Value::Array(turns))) => from_turns(path, &turns).map_err(invalid)?,
        (Some(_), Some(_)) => return Err(invalid("a record has `text` or `turns`, not both".into())),
        (Some(_), None) => return Err(invalid("`text` must be a string".into())),
        (None, Some(_)) => return Err(invalid("`turns` must be an array".into())),
        (None, None) => return Err(invalid("a record needs `text` or `turns`".into())),
    };
    // Every finding of a record points at the record's line.
    let at = At::whole(line);
    conversation.source_map = SourceMap::Anchors(vec![Anchor::new(0, at.line, at.column, at.exact)].into());
    if lossy {
        conversation
            .notices
            .push(Notice { line: Some(line), message: "invalid UTF-8, decoded with replacement characters".into() });
    }
    conversation.reading_done();
    Ok(Record { conversation, id, extra: fields })
}

/// Parses a JSON value, refusing an object that has the same key twice (at any depth):
/// which of two `text`s is the record's is anyone's guess, and readers disagree, so
/// the line is an error rather than silently the last one.
fn strict(text: &str) -> serde_json::Result<Value> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// A [`Value`] whose objects have no duplicate keys.
struct Strict;

impl<'de> serde::de::DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(Strict)
    }
}

impl<'de> serde::de::Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = vec![];
        while let Some(v) = seq.next_element_seed(Strict)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                let shown: String = key.chars().take(40).collect();
                let more = if shown.len() < key.len() { "…" } else { "" };
                return Err(serde::de::Error::custom(format!("duplicate key `{shown}{more}`")));
            }
            let value = map.next_value_seed(Strict)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// serde_json's message without its "at line 1 column 9", which would name a line of
/// the record rather than of the file.
fn json_error(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let what = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
    if what.starts_with("duplicate key") {
        return format!("{what} at column {}: which value counts is unclear, so the record is skipped", e.column());
    }
    format!("not valid JSON at column {}: {what}", e.column())
}

/// A conversation from `[{"speaker": "A", "text": "…"}, …]`.
fn from_turns(path: &str, turns: &[Value]) -> Result<Conversation, String> {
    let mut conv = Conversation::new(path, String::new());
    let mut spans = vec![];
    for (i, turn) in turns.iter().enumerate() {
        let text =
            turn.get("text").and_then(Value::as_str).ok_or_else(|| format!("turn {} has no `text` string", i + 1))?;
        let speaker = match turn.get("speaker") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Some(_) => return Err(format!("turn {}: `speaker` must be a string", i + 1)),
        };
        if !conv.text.is_empty() {
            conv.text.push_str("\n\n");
        }
        let start = conv.text.len();
        conv.text.push_str(text);
        spans.push((speaker, start..conv.text.len()));
    }
    for (speaker, range) in spans {
        let id = speaker.map(|s| conv.speaker_id(&s));
        let parts = parts_of_lines(&conv.text, range);
        conv.push_turn(id, parts, false, false);
    }
    conv.settle_kind();
    Ok(conv)
}

/// True when the first line is a JSON object with `text` or `turns`.
pub fn looks_like(head: &str) -> bool {
    let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    if !(first.starts_with('{') && first.ends_with('}')) {
        return false;
    }
    matches!(serde_json::from_str::<Value>(first), Ok(Value::Object(m)) if m.contains_key("text") || m.contains_key("turns"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    #[test]
    fn an_overlong_line_is_an_error_for_that_line_only() {
        use std::io::Read;
        let long = std::io::repeat(b'x').take(MAX_RECORD as u64 + 10);
        let rest = &b"\n{\"id\":2,\"text\":\"ok\"}\n"[..];
        let reader = std::io::BufReader::new(long.chain(rest));
        let got: Vec<_> = Records::new("big.ndjson", reader).collect();
        assert_eq!(got.len(), 2);
        let Err(InputError::Invalid { line, message }) = &got[0] else { panic!("an error") };
        assert_eq!((*line, message.as_str()), (Some(1), "a record longer than 64 MiB, skipped"));
        assert_eq!(got[1].as_ref().expect("the next record").id, Some(serde_json::json!(2)));
    }

    #[test]
    fn reads_records_and_reports_bad_lines() {
        let input = "{\"id\":\"r1\",\"text\":\"Take it or leave it.\",\"lang\":\"en\"}\n\nnot json\n{\"id\":7,\"turns\":[{\"speaker\":\"A\",\"text\":\"Hi\"},{\"speaker\":\"B\",\"text\":\"Hello\\nthere\"}]}\n[1]\n{\"text\":3}\n";
        let got: Vec<Result<Record, InputError>> = Records::new("s", input.as_bytes()).collect();
        assert_eq!(got.len(), 5);
        let r1 = got[0].as_ref().unwrap();
        assert_eq!(r1.id, Some(Value::from("r1")));
        assert_eq!(r1.extra.get("lang"), Some(&Value::from("en")));
        assert_eq!(r1.conversation.kind, Kind::Message);
        assert_eq!(r1.conversation.locator().cursor().locate(5), (1, 1));
        assert!(matches!(got[1], Err(InputError::Invalid { line: Some(3), .. })));
        let r2 = got[2].as_ref().unwrap();
        assert_eq!(r2.conversation.kind, Kind::Conversation);
        assert_eq!(r2.conversation.speakers, ["A", "B"]);
        assert_eq!(r2.conversation.parts_of(&r2.conversation.turns[1]).len(), 2);
        assert_eq!(r2.conversation.locator().cursor().locate(9), (4, 1));
        assert!(got[3].is_err() && got[4].is_err());
    }

    #[test]
    fn a_duplicate_key_is_an_error_for_its_line_at_any_depth() {
        let input = concat!(
            "{\"id\":1,\"text\":\"Thanks.\",\"text\":\"Take it or leave it.\"}\n",
            "{\"id\":2,\"turns\":[{\"speaker\":\"A\",\"speaker\":\"B\",\"text\":\"Hi\"}]}\n",
            "{\"id\":3,\"text\":\"fine\",\"meta\":{\"a\":[1,2.5,null,true],\"b\":{\"a\":1}}}\n",
        );
        let got: Vec<Result<Record, InputError>> = Records::new("s", input.as_bytes()).collect();
        for (i, want) in [(0, "duplicate key `text`"), (1, "duplicate key `speaker`")] {
            let Err(InputError::Invalid { line, message }) = &got[i] else { panic!("line {} is an error", i + 1) };
            assert_eq!(*line, Some(i as u32 + 1));
            assert!(message.contains(want), "{message}");
        }
        let r3 = got[2].as_ref().expect("the same key in different objects is fine");
        assert_eq!(r3.extra["meta"], serde_json::json!({"a": [1, 2.5, null, true], "b": {"a": 1}}));
    }

    #[test]
    fn sniffs() {
        assert!(looks_like("{\"id\":1,\"text\":\"hi\"}\n"));
        assert!(!looks_like("{\"name\":1}\n"));
        assert!(!looks_like("Ann: {x}"));
    }
}
