//! The core input type: a conversation (or a single-author message) as turns that point
//! into one text buffer, with a map from that buffer back to the original file.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::text::Part;

pub use super::anchors::Anchors;

/// Two or more speakers, or one voice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Two or more speakers: a meeting, a call, a thread.
    Conversation,
    /// One author: an email draft, a policy, a chat message.
    Message,
}

/// One speaker's turn.
///
/// 12 bytes, as a transcript of one-word lines holds one a line: the speaker an index
/// with `NO_SPEAKER` for none (not an 8-byte `Option`), the quoted flag in the top bit
/// of the parts' end.
#[derive(Clone, PartialEq, Eq)]
pub struct Turn {
    speaker: u32,
    parts_start: u32,
    /// The parts' end, with [`QUOTED`] set for a quoted turn.
    parts_end: u32,
}

/// [`Turn`]'s speaker for unattributed text.
const NO_SPEAKER: u32 = u32::MAX;

/// The bit of a [`Turn`]'s parts' end that says the turn is quoted.
const QUOTED: u32 = 1 << 31;

impl Turn {
    /// A turn of `speaker` made of `parts`; `quoted` for someone else's words carried
    /// along. (A conversation holds under 2^31 parts: its text is at most
    /// [`crate::input::MAX_BYTES`], and a part is at least a byte.)
    pub fn new(speaker: Option<u32>, parts: Range<u32>, quoted: bool) -> Self {
        let end = parts.end.min(QUOTED - 1) | if quoted { QUOTED } else { 0 };
        Turn { speaker: speaker.unwrap_or(NO_SPEAKER), parts_start: parts.start, parts_end: end }
    }

    /// Index into [`Conversation::speakers`]; `None` for unattributed text.
    pub fn speaker(&self) -> Option<u32> {
        (self.speaker != NO_SPEAKER).then_some(self.speaker)
    }

    /// Range into [`Conversation::parts`].
    pub fn parts(&self) -> Range<u32> {
        self.parts_start..self.parts_end & !QUOTED
    }

    /// Someone else's words carried along (quoted reply text brought back by
    /// `--include-quoted`): analysed, reported with `quoted: true`, never counted.
    pub fn quoted(&self) -> bool {
        self.parts_end & QUOTED != 0
    }
}

impl std::fmt::Debug for Turn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (speaker, parts, quoted) = (self.speaker(), self.parts(), self.quoted());
        f.debug_struct("Turn").field("speaker", &speaker).field("parts", &parts).field("quoted", &quoted).finish()
    }
}

/// Where a stretch of derived text (a decoded email body, a subtitle cue) came from.
///
/// Derived text may need one every few bytes (after each entity of a page, each escape
/// of a quoted-printable body), so it is 12 bytes: the offset as a `u32` (no input comes
/// near 4 GiB: files are read up to 256 MiB, records up to 64 MiB) and the flag in the
/// column's top bit.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    text_offset: u32,
    line: u32,
    /// The column, with [`EXACT`] set when columns can be counted on from it.
    column: u32,
}

impl std::fmt::Debug for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (offset, line, column, exact) = (self.text_offset(), self.line, self.column(), self.exact());
        write!(f, "Anchor({offset} -> {line}:{column}{})", if exact { "" } else { ", inexact" })
    }
}

/// The bit of [`Anchor::column`] that says the anchor is exact.
const EXACT: u32 = 1 << 31;

impl Anchor {
    /// A stretch starting at byte `text_offset` of [`Conversation::text`] that stands at
    /// 1-based `line` and `column` of the original file. `exact` when the stretch is a
    /// verbatim copy of the original line from `column` on, so columns can be counted;
    /// false for decoded content (base64), where every position reports the anchor
    /// itself.
    pub fn new(text_offset: usize, line: u32, column: u32, exact: bool) -> Self {
        let text_offset = u32::try_from(text_offset).unwrap_or(u32::MAX);
        Anchor { text_offset, line, column: column.min(EXACT - 1) | if exact { EXACT } else { 0 } }
    }

    /// Byte offset in [`Conversation::text`] where the stretch starts.
    pub fn text_offset(&self) -> usize {
        self.text_offset as usize
    }

    /// 1-based line in the original file.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// 1-based column in the original file.
    pub fn column(&self) -> u32 {
        self.column & !EXACT
    }

    /// Whether columns can be counted on from the anchor (see [`Anchor::new`]).
    pub fn exact(&self) -> bool {
        self.column & EXACT != 0
    }
}

/// How offsets in [`Conversation::text`] map to lines and columns of the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceMap {
    /// The text is the file itself (after decoding to UTF-8).
    Identity,
    /// The text has the file's lines and columns, but was decoded from other bytes
    /// (invalid UTF-8 replaced, UTF-16), so byte offsets do not point into the file.
    Decoded,
    /// The text is derived; each anchor covers the text up to the next anchor.
    Anchors(Anchors),
}

/// What a position's line counts in the original: lines of a text file, paragraphs of
/// a Word document, or lines on the pages of a PDF.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Layout {
    /// Lines of a text file.
    #[default]
    Lines,
    /// Paragraphs of a Word document: the line is the paragraph, the column the
    /// character in it.
    Paragraphs,
    /// Lines on the pages of a PDF: the text offset where each page starts.
    Pages(Vec<usize>),
}

impl Layout {
    /// What a finding's `line` counts, for reports: `None` for lines of a text file.
    pub fn position(&self) -> Option<&'static str> {
        match self {
            Layout::Lines => None,
            Layout::Paragraphs => Some("paragraph"),
            Layout::Pages(_) => Some("page-line"),
        }
    }

    /// The 1-based page of text offset `pos`, in a PDF.
    pub fn page_of(&self, pos: usize) -> Option<u32> {
        match self {
            Layout::Pages(starts) => Some(starts.partition_point(|&s| s <= pos).max(1) as u32),
            _ => None,
        }
    }
}

/// A problem found while reading that did not stop the reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// 1-based line in the original file, when there is one.
    pub line: Option<u32>,
    /// What happened.
    pub message: String,
}

/// A conversation or message ready to analyse.
#[derive(Debug, Clone)]
pub struct Conversation {
    /// The path as given (`-` for stdin), or a record id.
    pub path: String,
    /// Conversation or message.
    pub kind: Kind,
    /// The text every turn points into.
    pub text: String,
    /// From `text` back to the original file.
    pub source_map: SourceMap,
    /// Speaker names in order of first appearance.
    pub speakers: Vec<String>,
    /// Turns in order.
    pub turns: Vec<Turn>,
    /// Text ranges of all turns (see [`Turn::parts`]).
    pub parts: Vec<Part>,
    /// Problems met while reading.
    pub notices: Vec<Notice>,
    /// A document (a policy in Markdown or HTML) rather than correspondence or a
    /// transcript: analysed in document mode (the `policy` profile) unless a profile is
    /// chosen. Set by [`crate::input::read`] from the detected format.
    pub document: bool,
    /// What the lines of [`Conversation::source_map`] count.
    pub layout: Layout,
    /// Speaker indexes by name, so finding a speaker never walks the list.
    speaker_index: SpeakerIndex,
}

/// Names to speaker indexes, with a small table in front of the map: a name's slot holds
/// the index last found for a name of that slot, checked by comparing the names, so a
/// transcript's few speakers are found without hashing every label with the map's
/// (keyed, flooding-proof) hasher. A crafted text can only make the table miss. Its
/// `Debug` shows only the size: a hash map's order changes from run to run.
#[derive(Clone)]
struct SpeakerIndex(HashMap<String, u32>, [Option<u32>; SPEAKER_SLOTS]);

impl Default for SpeakerIndex {
    fn default() -> Self {
        SpeakerIndex(HashMap::new(), [None; SPEAKER_SLOTS])
    }
}

/// Slots in [`SpeakerIndex`]'s table.
const SPEAKER_SLOTS: usize = 64;

/// A name's slot in [`SpeakerIndex`]'s table: its length and first 8 bytes, mixed.
fn speaker_slot(name: &str) -> usize {
    let b = name.as_bytes();
    let mut first = [0u8; 8];
    let n = b.len().min(8);
    first[..n].copy_from_slice(&b[..n]);
    let x = (u64::from_le_bytes(first) ^ b.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x >> 58) as usize
}

impl std::fmt::Debug for SpeakerIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SpeakerIndex({})", self.0.len())
    }
}

impl Conversation {
    /// An empty conversation over `text`, which is the file itself.
    pub fn new(path: impl Into<String>, text: String) -> Self {
        Conversation {
            path: path.into(),
            kind: Kind::Message,
            text,
            source_map: SourceMap::Identity,
            speakers: vec![],
            turns: vec![],
            parts: vec![],
            notices: vec![],
            document: false,
            layout: Layout::Lines,
            speaker_index: SpeakerIndex::default(),
        }
    }

    /// The parts of a turn.
    pub fn parts_of(&self, turn: &Turn) -> &[Part] {
        &self.parts[turn.parts().start as usize..turn.parts().end as usize]
    }

    /// The name of a speaker index.
    pub fn speaker_name(&self, speaker: Option<u32>) -> Option<&str> {
        speaker.map(|s| self.speakers[s as usize].as_str())
    }

    /// Adds (or finds) a speaker by name.
    pub fn speaker_id(&mut self, name: &str) -> u32 {
        let SpeakerIndex(index, slots) = &mut self.speaker_index;
        if index.len() != self.speakers.len() {
            // `speakers` was changed directly: index it again.
            *index = self.speakers.iter().enumerate().rev().map(|(i, s)| (s.clone(), i as u32)).collect();
            *slots = [None; SPEAKER_SLOTS];
        }
        let slot = &mut slots[speaker_slot(name)];
        if let Some(i) = slot.filter(|&i| self.speakers.get(i as usize).is_some_and(|s| s == name)) {
            return i;
        }
        let i = match index.get(name) {
            Some(&i) => i,
            None => {
                let i = self.speakers.len() as u32;
                self.speakers.push(name.to_string());
                index.insert(name.to_string(), i);
                i
            }
        };
        *slot = Some(i);
        i
    }

    /// Reading is over: drops what only reading needs. The speaker index holds every
    /// name a second time; a later [`Conversation::speaker_id`] builds it again.
    pub fn reading_done(&mut self) {
        self.speaker_index = SpeakerIndex::default();
    }

    /// Appends a turn made of `parts`; joins it to the previous turn when `join` is set
    /// and the speaker is the same (consecutive subtitle cues of one speaker).
    pub fn push_turn(&mut self, speaker: Option<u32>, parts: impl IntoIterator<Item = Part>, quoted: bool, join: bool) {
        let start = self.parts.len() as u32;
        self.parts.extend(parts);
        let end = self.parts.len() as u32;
        if end == start {
            return;
        }
        if let Some(last) = self.turns.last_mut() {
            if join && last.speaker() == speaker && last.quoted() == quoted && last.parts().end == start {
                *last = Turn::new(speaker, last.parts().start..end, quoted);
                return;
            }
        }
        self.turns.push(Turn::new(speaker, start..end, quoted));
    }

    /// Sets [`Conversation::kind`] from the number of speakers who have a turn.
    pub fn settle_kind(&mut self) {
        let mut seen = vec![false; self.speakers.len()];
        for t in self.turns.iter().filter(|t| !t.quoted()) {
            if let Some(s) = t.speaker() {
                seen[s as usize] = true;
            }
        }
        self.kind = if seen.iter().filter(|s| **s).count() >= 2 { Kind::Conversation } else { Kind::Message };
    }

    /// Marks the text as decoded from other bytes (invalid UTF-8 replaced, UTF-16): lines
    /// and columns still hold, but byte offsets no longer point into the file, so
    /// findings carry no byte span.
    pub fn mark_decoded(&mut self) {
        if self.source_map == SourceMap::Identity {
            self.source_map = SourceMap::Decoded;
        }
    }

    /// A locator that maps text offsets to original lines and columns.
    pub fn locator(&self) -> SourceLocator<'_> {
        SourceLocator::new(self)
    }
}

/// Maps offsets in [`Conversation::text`] to 1-based lines and columns of the original.
pub struct SourceLocator<'a> {
    conv: &'a Conversation,
}

impl<'a> SourceLocator<'a> {
    fn new(conv: &'a Conversation) -> Self {
        SourceLocator { conv }
    }

    /// A cursor for positions given in increasing order.
    pub fn cursor(&self) -> SourceCursor<'a> {
        let inner = crate::text::Locator::new(&self.conv.text);
        SourceCursor { conv: self.conv, inner, columns: Default::default() }
    }
}

/// Locates positions of one conversation; linear when positions never decrease. A clone
/// goes on from where the original stands (the scan gives each block of work one).
#[derive(Clone)]
pub struct SourceCursor<'a> {
    conv: &'a Conversation,
    inner: crate::text::Locator<'a>,
    /// Columns after an anchor, counted on from the last position.
    columns: crate::text::CharCounter,
}

impl SourceCursor<'_> {
    /// 1-based (line, column) in the original file of text offset `pos`.
    pub fn locate(&mut self, pos: usize) -> (u32, u32) {
        match &self.conv.source_map {
            SourceMap::Identity | SourceMap::Decoded => self.inner.locate(pos),
            SourceMap::Anchors(anchors) => {
                let Some(a) = anchors.at(pos) else {
                    return (1, 1);
                };
                if !a.exact() {
                    return (a.line, a.column());
                }
                (a.line, a.column() + self.columns.count(&self.conv.text, a.text_offset(), pos))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_ids_follow_first_appearance_however_often_people_alternate() {
        let mut conv = Conversation::new("t", String::new());
        // Back and forth between two, then six people in turn, then names seen before.
        let order = ["Ann", "Bob", "Ann", "Bob", "Cy", "Di", "Ed", "Flo", "Cy", "Ann", "Flo", "Bob", "Ed"];
        let ids: Vec<u32> = order.iter().map(|n| conv.speaker_id(n)).collect();
        assert_eq!(ids, [0, 1, 0, 1, 2, 3, 4, 5, 2, 0, 5, 1, 4]);
        assert_eq!(conv.speakers, ["Ann", "Bob", "Cy", "Di", "Ed", "Flo"]);
        // Many more people than the table has slots, so names share slots: every id is
        // still the one of the name's first appearance.
        let mut conv = Conversation::new("t", String::new());
        let names: Vec<String> = (0..2000u32).map(|i| format!("P{}", (i * 7919) % 500)).collect();
        let mut first: HashMap<&str, u32> = HashMap::new();
        for n in &names {
            let want = first.len() as u32;
            let want = *first.entry(n).or_insert(want);
            assert_eq!(conv.speaker_id(n), want, "{n}");
        }
        let mut conv = Conversation::new("t", String::new());
        order.iter().for_each(|n| _ = conv.speaker_id(n));
        // Speakers changed directly are indexed again, the table emptied.
        conv.speakers = vec!["Zed".into(), "Ann".into()];
        assert_eq!((conv.speaker_id("Ann"), conv.speaker_id("Bob"), conv.speaker_id("Zed")), (1, 2, 0));
    }
}
