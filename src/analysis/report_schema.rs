//! The report: what the analysis found, serialisable as it stands (it *is* the JSON
//! output), so every renderer works from the same facts.

use std::sync::Arc;

use serde::Serialize;

use crate::input::{Kind, Notice};
use crate::lexicon::{Family, Severity};

/// The judgement on a whole file or record.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every party assented freely, interests were heard, trade-offs, low pressure.
    MutualAgreement,
    /// Assent came resigned, or right after coercion.
    PressuredAgreement,
    /// One party's needs, voice or assent only.
    OneSided,
    /// Good faith and collaboration, no full agreement yet.
    WorkingTowardAgreement,
    /// Coercion dominates.
    Coercive,
    /// Too little negotiation signal to judge.
    Neutral,
    /// A message with good-faith moves and no coercion.
    GoodFaith,
    /// Nothing to analyse: the input is empty or only whitespace. No score.
    Empty,
}

impl Verdict {
    /// Every verdict.
    pub const ALL: &'static [Verdict] = &[
        Verdict::MutualAgreement,
        Verdict::PressuredAgreement,
        Verdict::OneSided,
        Verdict::WorkingTowardAgreement,
        Verdict::Coercive,
        Verdict::Neutral,
        Verdict::GoodFaith,
        Verdict::Empty,
    ];

    /// The kebab-case name used in output and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::MutualAgreement => "mutual-agreement",
            Verdict::PressuredAgreement => "pressured-agreement",
            Verdict::OneSided => "one-sided",
            Verdict::WorkingTowardAgreement => "working-toward-agreement",
            Verdict::Coercive => "coercive",
            Verdict::Neutral => "neutral",
            Verdict::GoodFaith => "good-faith",
            Verdict::Empty => "empty",
        }
    }

    /// The verdict named `name`.
    pub fn from_name(name: &str) -> Option<Verdict> {
        Verdict::ALL.iter().copied().find(|v| v.as_str() == name)
    }
}

/// The 0–100 good-faith score in four parts of 25.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Score {
    /// Sum of the parts.
    pub total: u32,
    /// Every party assents.
    pub agreement: u32,
    /// Needs voiced, acknowledged, concessions from both sides.
    pub mutuality: u32,
    /// Commitments with an owner and a time.
    pub decisiveness: u32,
    /// 25 minus the pressure index.
    pub respect: u32,
    /// The lines behind each part.
    pub lines: ScoreLines,
}

/// The lines behind each part of the score.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ScoreLines {
    /// Lines with assent.
    pub agreement: Vec<u32>,
    /// Lines with mutual moves.
    pub mutuality: Vec<u32>,
    /// Lines with commitments.
    pub decisiveness: Vec<u32>,
    /// Lines with pressure.
    pub respect: Vec<u32>,
}

/// One speaker's share of the conversation.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerReport {
    /// The name as in the input.
    pub name: String,
    /// Words spoken.
    pub words: u32,
    /// Share of all words, 0–1.
    pub share: f32,
    /// Turns taken.
    pub turns: u32,
    /// Questions asked.
    pub questions: u32,
    /// Counted coercive findings.
    pub coercive: u32,
    /// Counted mutual findings.
    pub mutual: u32,
    /// Assented freely (directly, or by making the proposal another party accepted).
    pub assented: bool,
    /// Assented only in a resigned way ("fine, whatever").
    pub resigned: bool,
    /// Pressure put on others: weighted coercion, 0 when none.
    pub pressure: f32,
}

/// Who pressured whom.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pressure {
    /// The speaker applying pressure (`null` for an unattributed text).
    pub by: Option<String>,
    /// Whom it aimed at: the person named, the only other party, or the last to speak
    /// (empty in a message).
    pub on: Vec<String>,
    /// Weighted coercion.
    pub weight: f32,
    /// Lines where it happened.
    pub lines: Vec<u32>,
}

/// One finding, located in the original file.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingReport {
    /// Rule id.
    pub rule: String,
    /// Family.
    pub family: Family,
    /// Category.
    pub category: String,
    /// Effective severity.
    pub severity: Severity,
    /// 1-based line of the first matched character in the original file.
    pub line: u32,
    /// 1-based column (Unicode scalar values).
    pub column: u32,
    /// 1-based line of the last matched character.
    pub end_line: u32,
    /// 1-based column just past the match.
    pub end_column: u32,
    /// Byte range of the match in the input (when the input is the file itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
    /// The 1-based page of a PDF, where `line` counts the lines on that page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The speaker (`null` in a message without one).
    pub speaker: Option<String>,
    /// 1-based turn number.
    pub turn: u32,
    /// The matched words as written.
    pub matched: String,
    /// The sentence around the match (clipped around the match when very long).
    pub sentence: String,
    /// Byte range of the match within `sentence`, for highlighting.
    #[serde(skip)]
    pub highlight: [usize; 2],
    /// Byte range of the match in the analysed text that [`Transcript`] pieces point
    /// into, for every input (also derived ones, where `span` is absent): lets the HTML
    /// report mark the finding in place.
    #[serde(skip)]
    pub text_span: [usize; 2],
    /// What it is and why it matters.
    pub message: Arc<str>,
    /// A better way to say it.
    pub suggestion: Option<Arc<str>>,
    /// Covered by a negator: not counted.
    pub negated: bool,
    /// Quoted or reported speech: not counted.
    pub quoted: bool,
    /// How much it counts after context.
    pub weight: f32,
    /// For a finding of the trained scorer: the probability it gave the sentence's family.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// For a finding of the trained scorer: the words that weighed most, as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// Signal categories that only change the weight of the findings near them.
const MODIFIERS: [&str; 2] = ["hedge", "intensifier"];

impl FindingReport {
    /// True when the finding counts toward the verdict.
    pub fn counts(&self) -> bool {
        !self.negated && !self.quoted
    }

    /// A counted coercive or signal finding: what `--fail-on` weighs. A mutual finding
    /// (a thank-you, a question about needs) never fails a run, at any severity; nor
    /// does a hedge or an intensifier, which only says how something else is said (the
    /// "so much" of "thanks so much").
    pub fn can_fail(&self) -> bool {
        self.counts() && self.family != Family::Mutual && !self.is_modifier()
    }

    /// A hedge or an intensifier: a signal that weighs the findings near it.
    fn is_modifier(&self) -> bool {
        self.family == Family::Signal && MODIFIERS.contains(&self.category.as_str())
    }

    /// A counted finding that linter-style outputs (SARIF, GitHub, brief) report:
    /// coercion, or any finding whose severity was raised to warning or error.
    pub fn is_problem(&self) -> bool {
        self.counts() && (self.family == Family::Coercive || self.severity >= Severity::Warning)
    }
}

/// What happened in one turn, for the timeline.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// Coercion.
    Coercive,
    /// A mutual move and no coercion.
    Mutual,
    /// Assent.
    Assent,
    /// Nothing of note.
    Plain,
}

impl Mark {
    /// The mark that tells most about a stretch of turns, for a timeline that buckets
    /// them: coercion outranks a mutual move, which outranks assent, which outranks
    /// nothing of note. [`Mark::Plain`] for no turns.
    pub fn most_telling(turns: &[TurnMark]) -> Mark {
        let rank = |m: Mark| match m {
            Mark::Coercive => 3,
            Mark::Mutual => 2,
            Mark::Assent => 1,
            Mark::Plain => 0,
        };
        turns.iter().map(|t| t.mark).max_by_key(|&m| rank(m)).unwrap_or(Mark::Plain)
    }
}

/// A turn on the timeline: 12 bytes, as a transcript of millions of short turns holds
/// one a turn while its turns are still held (the speaker is an index, `NO_SPEAKER`
/// for none, rather than an `Option` of 8 bytes).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TurnMark {
    /// Speaker index into [`Report::speakers`], or [`NO_SPEAKER`].
    #[serde(serialize_with = "speaker_or_null")]
    speaker: u32,
    /// 1-based line where the turn starts.
    pub line: u32,
    /// What happened.
    pub mark: Mark,
}

/// [`TurnMark`]'s speaker for unattributed text.
const NO_SPEAKER: u32 = u32::MAX;

impl TurnMark {
    /// Turn of `speaker` (an index into [`Report::speakers`]) starting on `line`.
    pub fn new(speaker: Option<u32>, line: u32, mark: Mark) -> Self {
        TurnMark { speaker: speaker.unwrap_or(NO_SPEAKER), line, mark }
    }

    /// Speaker index into [`Report::speakers`]; `None` for unattributed text.
    pub fn speaker(&self) -> Option<u32> {
        (self.speaker != NO_SPEAKER).then_some(self.speaker)
    }
}

fn speaker_or_null<S: serde::Serializer>(speaker: &u32, s: S) -> Result<S::Ok, S::Error> {
    (*speaker != NO_SPEAKER).then_some(*speaker).serialize(s)
}

/// The turns' text, kept for renderers that show the transcript (HTML): every piece of
/// every turn, one after the other in one string, with where each piece was in the
/// analysed text. A turn's speaker and line are its [`TurnMark`]'s. One string and 12
/// bytes a one-piece turn, not a string per piece and a copy of the speaker's name per
/// turn: a transcript of millions of short turns costs about its text. (Offsets are
/// `u32`s: no input comes near 4 GiB; files are read up to 256 MiB.)
#[non_exhaustive]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    text: String,
    /// Per piece: its byte offset in the analysed text, and where it ends in `text`.
    pieces: Vec<(u32, u32)>,
    /// Per turn: where its pieces end in `pieces`.
    turns: Vec<u32>,
}

impl Transcript {
    /// Adds a turn made of `pieces`: (byte offset in the analysed text, text).
    pub fn push_turn<'t>(&mut self, pieces: impl IntoIterator<Item = (usize, &'t str)>) {
        for (offset, text) in pieces {
            self.text.push_str(text);
            let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            self.pieces.push((at(offset), at(self.text.len())));
        }
        self.turns.push(self.pieces.len() as u32);
    }

    /// Number of turns.
    pub fn len(&self) -> usize {
        self.turns.len()
    }

    /// True when no turn was kept.
    pub fn is_empty(&self) -> bool {
        self.turns.is_empty()
    }

    /// The pieces of turn `t` (0-based): byte offset in the analysed text, and text.
    pub fn turn(&self, t: usize) -> impl Iterator<Item = (usize, &str)> {
        let first = if t == 0 { 0 } else { self.turns[t - 1] as usize };
        let pieces = &self.pieces[first..self.turns[t] as usize];
        let mut start = if first == 0 { 0 } else { self.pieces[first - 1].1 as usize };
        pieces.iter().map(move |&(offset, end)| {
            let text = self.text.get(start..end as usize).unwrap_or_default();
            start = end as usize;
            (offset as usize, text)
        })
    }
}

/// Everything goodfaith found in one file or record.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The path as given (`-` for stdin).
    pub path: String,
    /// The record id (NDJSON input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    /// The other fields of an NDJSON record, passed through as given.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Conversation or message.
    pub kind: Kind,
    /// The profile the rules ran under.
    pub profile: &'static str,
    /// What `line` counts when not lines of a text file: `paragraph` (a Word
    /// document) or `page-line` (a PDF: each finding's `page`, and the line on it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<&'static str>,
    /// The judgement.
    pub verdict: Verdict,
    /// The good-faith score; `None` (`null` in JSON) when there is nothing to score:
    /// an empty input, or a one-word message.
    pub score: Option<Score>,
    /// Plain-language reasons citing lines.
    pub reasons: Vec<String>,
    /// Per-speaker statistics.
    pub speakers: Vec<SpeakerReport>,
    /// Who pressured whom.
    pub pressure: Vec<Pressure>,
    /// Findings in text order.
    pub findings: Vec<FindingReport>,
    /// Problems met while reading.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    /// Findings left out by inline suppressions or a baseline.
    #[serde(skip_serializing_if = "is_zero")]
    pub suppressed: u32,
    /// Inline suppressions that silenced nothing (like an unused `noqa`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unused_suppressions: Vec<super::UnusedSuppression>,
    /// One mark per turn.
    #[serde(skip)]
    pub timeline: Vec<TurnMark>,
    /// The turns' texts, when asked for ([`super::Settings::keep_turns`]).
    #[serde(skip)]
    pub transcript: Transcript,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Report {
    /// The most severe counted finding that may fail a run (see
    /// [`FindingReport::can_fail`]).
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().filter(|f| f.can_fail()).map(|f| f.severity).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transcript_gives_back_each_turn_s_pieces() {
        let mut t = Transcript::default();
        t.push_turn([(5, "Take it"), (20, "or leave it.")]);
        t.push_turn([]);
        t.push_turn([(40, "What would work for you?")]);
        assert_eq!(t.len(), 3);
        assert_eq!(t.turn(0).collect::<Vec<_>>(), [(5, "Take it"), (20, "or leave it.")]);
        assert_eq!(t.turn(1).count(), 0);
        assert_eq!(t.turn(2).collect::<Vec<_>>(), [(40, "What would work for you?")]);
    }

    #[test]
    fn the_most_telling_mark_outranks_the_rest_whatever_the_order() {
        let turns =
            |marks: &[Mark]| -> Vec<TurnMark> { marks.iter().map(|&mark| TurnMark::new(None, 1, mark)).collect() };
        use Mark::*;
        let cases: &[(&[Mark], Mark)] = &[
            (&[], Plain),
            (&[Plain, Assent, Plain], Assent),
            (&[Assent, Mutual, Assent], Mutual),
            (&[Mutual, Coercive, Assent], Coercive),
            (&[Coercive, Plain, Mutual], Coercive),
        ];
        for &(marks, want) in cases {
            assert_eq!(Mark::most_telling(&turns(marks)), want, "{marks:?}");
        }
    }
}
