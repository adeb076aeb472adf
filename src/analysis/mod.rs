//! Analysis: findings, per-speaker statistics, verdict, score and reasons. Pure
//! functions over a [`Conversation`] and a [`Lexicon`].

mod addressee;
mod facts;
mod learned;
mod locate;
mod model;
mod reasons;
mod scan;
mod score;
mod settings;
mod sigh;
pub mod suppress;
mod verdict;

pub use model::{FindingReport, Mark, Pressure, Report, Score, ScoreLines, SpeakerReport, TurnMark, TurnText, Verdict};
pub use reasons::cite;
pub use scan::{Trace, OVERLAPPED};
pub use score::pressure_index;
pub use settings::{Settings, UnknownRule};
pub use suppress::{Suppressions, UnusedSuppression};
pub use verdict::COERCIVE_PRESSURE;

use crate::input::{Conversation, Kind};
use crate::lexicon::{Family, Lexicon, Profile};

/// The most findings listed in one report. Beyond it the verdict still weighs every hit,
/// and the report carries a notice saying how many there were.
pub const MAX_FINDINGS: usize = 50_000;

/// Analyses conversations with one lexicon and one set of settings. Cheap to share
/// across threads: all per-file state lives in [`Analyzer::analyze`].
#[derive(Debug, Clone)]
pub struct Analyzer<'l> {
    lexicon: &'l Lexicon,
    settings: Settings,
}

impl<'l> Analyzer<'l> {
    /// An analyser with every rule on.
    pub fn new(lexicon: &'l Lexicon) -> Self {
        Analyzer { lexicon, settings: Settings::new(lexicon) }
    }

    /// An analyser with the given settings.
    pub fn with_settings(lexicon: &'l Lexicon, settings: Settings) -> Self {
        Analyzer { lexicon, settings }
    }

    /// The lexicon.
    pub fn lexicon(&self) -> &'l Lexicon {
        self.lexicon
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The profile used for a conversation: the one in the settings, else `policy` for
    /// a document, `conversation` for two or more speakers, `email` for a message.
    pub fn profile_for(&self, conv: &Conversation) -> Profile {
        self.settings.profile.unwrap_or(match conv.kind {
            _ if conv.document => Profile::Policy,
            Kind::Conversation => Profile::Conversation,
            Kind::Message => Profile::Email,
        })
    }

    /// Analyses one conversation or message.
    pub fn analyze(&self, conv: &Conversation) -> Report {
        self.analyze_filtered(conv, |_| false)
    }

    /// Analyses one conversation or message, leaving out the findings `drop` returns
    /// true for (inline suppressions, a baseline) before the verdict is decided, so
    /// they do not count. [`Report::suppressed`] says how many were left out.
    pub fn analyze_filtered(&self, conv: &Conversation, mut drop: impl FnMut(&FindingReport) -> bool) -> Report {
        let profile = self.profile_for(conv);
        let (mut hits, stats) = scan::scan(conv, self.lexicon, &self.settings, profile, None);
        let mut notices = conv.notices.clone();
        // Past the cap only the verdict sees the hits: a listed finding costs far more
        // memory than a hit, and nobody reads a hundred thousand findings.
        let listed = hits.len().min(MAX_FINDINGS);
        if listed < hits.len() {
            notices.push(crate::input::Notice {
                line: None,
                message: format!(
                    "{} findings: the first {MAX_FINDINGS} are listed, the verdict weighs them all",
                    hits.len()
                ),
            });
        }
        let mut located = locate::locate(conv, self.lexicon, &self.settings, &hits[..listed], &stats);
        let keep: Vec<bool> = located.findings.iter().map(|f| !drop(f)).collect();
        let suppressed = keep.iter().filter(|k| !**k).count() as u32;
        if suppressed > 0 {
            // Hits past the listing cap are kept: they were never located to be checked.
            let mut it = keep.iter();
            hits.retain(|_| *it.next().unwrap_or(&true));
            let mut it = keep.iter();
            located.findings.retain(|_| *it.next().expect("one finding per hit"));
        }
        let facts = facts::collect(conv, self.lexicon, &self.settings, &hits, &stats);
        let verdict = verdict::decide(conv.kind, &facts);
        let mut score = score::compute(conv.kind, &facts);
        score.lines = score_lines(&located.findings);
        let mut names = conv.speakers.clone();
        names.push(String::new());
        let pressure = pressure(conv, &located.findings);
        let reasons = reasons::explain(&reasons::Input {
            kind: conv.kind,
            verdict,
            facts: &facts,
            findings: &located.findings,
            names: &names,
            turn_lines: &located.turn_lines,
            pressure: &pressure,
        });
        Report {
            path: conv.path.clone(),
            id: None,
            extra: serde_json::Map::new(),
            kind: conv.kind,
            profile: profile.as_str(),
            verdict,
            score,
            reasons,
            speakers: speakers(conv, &facts),
            pressure,
            timeline: timeline(conv, &located.findings, &located.turn_lines),
            findings: located.findings,
            notices,
            suppressed,
            unused_suppressions: vec![],
            turns: if self.settings.keep_turns { located.turns } else { vec![] },
        }
    }
}

impl Analyzer<'_> {
    /// Every candidate hit of `conv` and what the context rules did with it.
    pub fn trace(&self, conv: &Conversation) -> Vec<Trace> {
        let mut trace = vec![];
        scan::scan(conv, self.lexicon, &self.settings, self.profile_for(conv), Some(&mut trace));
        trace
    }
}

fn speakers(conv: &Conversation, facts: &facts::Facts) -> Vec<SpeakerReport> {
    let total: u32 = facts.parties.iter().map(|p| p.words).sum();
    conv.speakers
        .iter()
        .zip(&facts.parties)
        .map(|(name, p)| SpeakerReport {
            name: name.clone(),
            words: p.words,
            share: if total == 0 { 0.0 } else { round2(p.words as f32 / total as f32) },
            turns: p.turns,
            questions: p.questions,
            coercive: p.coercive,
            mutual: p.mutual,
            assented: p.assent.is_some(),
            resigned: p.resigned.is_some(),
            pressure: round2(p.pressure),
        })
        .collect()
}

/// Who pressured whom: one entry per (speaker, addressee) pair, in order of first
/// pressure.
fn pressure(conv: &Conversation, findings: &[FindingReport]) -> Vec<Pressure> {
    let mut out: Vec<Pressure> = vec![];
    for f in findings.iter().filter(|f| f.counts() && f.family == Family::Coercive) {
        let by = f.speaker.as_ref().and_then(|n| conv.speakers.iter().position(|s| s == n)).map(|i| i as u32);
        let target = match conv.kind {
            Kind::Conversation => addressee::addressee(conv, by, f.turn as usize - 1, &f.sentence),
            Kind::Message => None,
        };
        let on: Vec<String> = conv.speaker_name(target).map(str::to_string).into_iter().collect();
        match out.iter_mut().find(|p| p.by == f.speaker && p.on == on) {
            Some(p) => {
                p.weight = round2(p.weight + f.weight);
                if p.lines.last() != Some(&f.line) {
                    p.lines.push(f.line);
                }
            }
            None => out.push(Pressure { by: f.speaker.clone(), on, weight: round2(f.weight), lines: vec![f.line] }),
        }
    }
    out
}

fn timeline(conv: &Conversation, findings: &[FindingReport], turn_lines: &[u32]) -> Vec<TurnMark> {
    let mut marks: Vec<TurnMark> = conv
        .turns
        .iter()
        .zip(turn_lines)
        .map(|(t, &line)| TurnMark { speaker: t.speaker, line, mark: Mark::Plain })
        .collect();
    for f in findings.iter().filter(|f| f.counts()) {
        let Some(m) = marks.get_mut(f.turn as usize - 1) else { continue };
        let new = match (f.family, f.category.as_str()) {
            (Family::Coercive, _) => Mark::Coercive,
            (Family::Mutual, _) if m.mark != Mark::Coercive => Mark::Mutual,
            (Family::Signal, "assent") if m.mark == Mark::Plain => Mark::Assent,
            _ => continue,
        };
        m.mark = new;
    }
    marks
}

fn score_lines(findings: &[FindingReport]) -> ScoreLines {
    let mut lines = ScoreLines::default();
    for f in findings.iter().filter(|f| f.counts()) {
        let slot = match (f.family, f.category.as_str()) {
            (Family::Coercive, _) => &mut lines.respect,
            (Family::Mutual, _) | (Family::Signal, "concession") => &mut lines.mutuality,
            (Family::Signal, "assent") => &mut lines.agreement,
            (Family::Signal, "commitment") => &mut lines.decisiveness,
            _ => continue,
        };
        if slot.last() != Some(&f.line) {
            slot.push(f.line);
        }
    }
    lines
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}
