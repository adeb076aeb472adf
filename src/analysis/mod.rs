//! Analysis: findings, per-speaker statistics, verdict, score and reasons. Pure
//! functions over a [`Conversation`] and a [`Lexicon`].

mod addressee;
mod dialogue;
mod facts;
mod learned;
mod locate;
mod pieces;
mod reasons;
mod report_schema;
mod resigned_assent;
mod scan;
mod score;
mod settings;
pub mod suppress;
mod verdict;

pub use reasons::cite;
pub use report_schema::{
    FindingReport, Mark, Pressure, Report, Score, ScoreLines, SpeakerReport, Transcript, TurnMark, Verdict,
};
pub use scan::{Trace, OVERLAPPED};
pub use score::pressure_index;
pub use settings::{Settings, UnknownRule};
pub use suppress::{Suppressions, UnusedSuppression};
pub use verdict::{COERCIVE_PRESSURE, VERDICT_RULES};

use crate::input::{Conversation, Kind};
use crate::lexicon::{Category, Family, Lexicon, Profile};

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
        let mut gather = Gather::new(conv, self.lexicon, &self.settings);
        scan::scan(conv, self.lexicon, &self.settings, profile, None, |out| match out {
            scan::Scanned::Hit(h, found) => gather.add(h, found, &mut drop),
            scan::Scanned::Turn(st) => gather.turn(st, &mut drop),
        });
        // The turns on the timeline, when the scanning threads located them all.
        let (findings, facts, total, suppressed, marks) = gather.finish(&mut drop);
        let mut notices = conv.notices.clone();
        if total > MAX_FINDINGS {
            notices.push(crate::input::Notice {
                line: None,
                message: format!("{total} findings: the first {MAX_FINDINGS} are listed, the verdict weighs them all"),
            });
        }
        let (mut timeline, transcript) = locate::turns(conv, &self.settings, marks);
        mark(&mut timeline, &findings);
        let verdict = verdict::decide(conv.kind, &facts);
        let score = score::scored(&facts).then(|| {
            let mut score = score::compute(conv.kind, &facts);
            score.lines = score_lines(&findings);
            score
        });
        let pressure = pressure(conv, &findings);
        let reasons = reasons::explain(&reasons::Input {
            kind: conv.kind,
            verdict,
            facts: &facts,
            findings: &findings,
            names: &conv.speakers,
            turns: &conv.turns,
            timeline: &timeline,
            pressure: &pressure,
        });
        Report {
            path: conv.path.clone(),
            id: None,
            extra: serde_json::Map::new(),
            kind: conv.kind,
            profile: profile.as_str(),
            position: conv.layout.position(),
            verdict,
            score,
            reasons,
            speakers: speakers(conv, &facts),
            pressure,
            timeline,
            findings,
            notices,
            suppressed,
            unused_suppressions: vec![],
            transcript,
        }
    }
}

impl Analyzer<'_> {
    /// Every candidate hit of `conv` and what the context rules did with it.
    pub fn trace(&self, conv: &Conversation) -> Vec<Trace> {
        let mut trace = vec![];
        scan::scan(conv, self.lexicon, &self.settings, self.profile_for(conv), Some(&mut trace), |_| {});
        trace
    }
}

/// Hits and turns as the scan finds them, in text order: the first [`MAX_FINDINGS`]
/// hits are kept to be listed, the rest only counted into the facts. Past the cap only
/// the verdict sees the hits: a listed finding costs far more memory than a hit, and
/// nobody reads a hundred thousand findings. A hit the scan located is filtered and
/// counted as it comes, while the scan goes on; from the first one it did not locate,
/// hits wait to be located in one pass ([`Gather::settle`]), and the turns after them
/// wait with them, so the facts still see hits and turns in text order. Nothing is kept
/// per turn but the line it starts on.
struct Gather<'a> {
    conv: &'a Conversation,
    lexicon: &'a Lexicon,
    settings: &'a Settings,
    facts: facts::Collector<'a>,
    /// The findings kept so far, in text order.
    findings: Vec<FindingReport>,
    /// Listed hits waiting to be located, with the findings of those the scan located.
    waiting: Vec<(scan::Hit, Option<FindingReport>)>,
    /// The statistics of the turns that came after the first waiting hit, in order.
    turns_waiting: Vec<scan::TurnStats>,
    /// Turns passed on to the facts so far.
    turns_done: usize,
    /// Where the hits left to locate start at the earliest: each [`Gather::settle`]
    /// goes on from the one before.
    cursor: crate::input::SourceCursor<'a>,
    /// Each turn on the timeline, with the line it starts on, while the scanning threads
    /// located every one: the turns' lines held once, where the report keeps them.
    timeline: Option<Vec<TurnMark>>,
    /// Hits listed so far: kept, left out or waiting.
    listed: usize,
    total: usize,
    suppressed: u32,
}

/// The most turns waiting for hits to be located: past it, the waiting hits are
/// located, so what waits stays a megabyte or two however many turns a text has.
const TURNS_WAITING: usize = 1 << 16;

impl<'a> Gather<'a> {
    fn new(conv: &'a Conversation, lexicon: &'a Lexicon, settings: &'a Settings) -> Self {
        let facts = facts::Collector::new(conv, lexicon, settings);
        Gather {
            conv,
            lexicon,
            settings,
            facts,
            findings: vec![],
            waiting: vec![],
            turns_waiting: vec![],
            turns_done: 0,
            cursor: conv.locator().cursor(),
            timeline: Some(Vec::with_capacity(conv.turns.len())),
            listed: 0,
            total: 0,
            suppressed: 0,
        }
    }

    fn add(&mut self, hit: scan::Hit, found: Option<FindingReport>, drop: &mut impl FnMut(&FindingReport) -> bool) {
        self.total += 1;
        if self.listed == MAX_FINDINGS {
            // Past the cap: counted, never located, so never suppressed.
            self.settle(drop);
            self.facts.add(&hit);
            return;
        }
        self.listed += 1;
        match found {
            Some(finding) if self.waiting.is_empty() => self.keep(&hit, finding, drop),
            found => self.waiting.push((hit, found)),
        }
    }

    /// The next turn's statistics, after all of its hits.
    fn turn(&mut self, st: scan::TurnStats, drop: &mut impl FnMut(&FindingReport) -> bool) {
        match (&mut self.timeline, st.line) {
            (Some(marks), line) if line > 0 => {
                let speaker = self.conv.turns[marks.len()].speaker();
                marks.push(TurnMark::new(speaker, line, Mark::Plain));
            }
            (marks, _) => *marks = None,
        }
        if self.waiting.is_empty() {
            self.facts.turn(self.turns_done, Some(&st));
            self.turns_done += 1;
            return;
        }
        self.turns_waiting.push(st);
        if self.turns_waiting.len() >= TURNS_WAITING {
            self.settle(drop);
        }
    }

    /// Lists a located hit's finding and counts the hit, unless `drop` leaves it out.
    fn keep(&mut self, hit: &scan::Hit, finding: FindingReport, drop: &mut impl FnMut(&FindingReport) -> bool) {
        if drop(&finding) {
            self.suppressed += 1;
        } else {
            self.facts.add(hit);
            self.findings.push(finding);
        }
    }

    /// Locates the waiting hits the scan did not, in order, in one pass from where the
    /// last such pass left off, and keeps them all, then passes on the turns that
    /// waited, before any later hit is counted.
    fn settle(&mut self, drop: &mut impl FnMut(&FindingReport) -> bool) {
        if self.waiting.is_empty() {
            return;
        }
        let waiting = std::mem::take(&mut self.waiting);
        let unlocated = waiting.iter().filter(|(_, f)| f.is_none()).map(|(h, _)| h);
        let last = unlocated.clone().next_back().map(|h| h.span.start);
        let (conv, lexicon, settings) = (self.conv, self.lexicon, self.settings);
        let mut located = locate::findings_from(conv, lexicon, settings, unlocated, self.cursor.clone()).into_iter();
        // Hits come in text order: the next ones start at or after the last one here.
        if let Some(last) = last {
            self.cursor.locate(last);
        }
        for (hit, found) in waiting {
            let finding = found.or_else(|| located.next()).expect("one finding per hit");
            self.keep(&hit, finding, drop);
        }
        for st in std::mem::take(&mut self.turns_waiting) {
            self.facts.turn(self.turns_done, Some(&st));
            self.turns_done += 1;
        }
    }

    /// The listed findings, the facts, how many hits there were and how many were left
    /// out, and the turns on the timeline when the scan located them all.
    fn finish(
        mut self,
        drop: &mut impl FnMut(&FindingReport) -> bool,
    ) -> (Vec<FindingReport>, facts::Facts, usize, u32, Option<Vec<TurnMark>>) {
        self.settle(drop);
        let timeline = self.timeline.filter(|l| l.len() == self.conv.turns.len());
        (self.findings, self.facts.finish(), self.total, self.suppressed, timeline)
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
/// pressure. The speaker is its turn's, pairs are found through a map and addressees
/// through an index made only once there is pressure, so this is linear in the
/// findings however many people speak, and holds nothing per speaker when nobody
/// pressures anyone.
fn pressure(conv: &Conversation, findings: &[FindingReport]) -> Vec<Pressure> {
    let mut addressees = None;
    let mut out: Vec<Pressure> = vec![];
    let mut pairs: std::collections::HashMap<(Option<u32>, Option<u32>), usize> = Default::default();
    for f in findings.iter().filter(|f| f.counts() && f.family == Family::Coercive) {
        let turn = f.turn as usize - 1;
        let by = conv.turns[turn].speaker();
        let target = match conv.kind {
            Kind::Conversation => {
                addressees.get_or_insert_with(|| addressee::Addressees::new(conv)).of(by, turn, &f.sentence)
            }
            Kind::Message => None,
        };
        match pairs.get(&(by, target)) {
            Some(&i) => {
                let p = &mut out[i];
                p.weight = round2(p.weight + f.weight);
                if p.lines.last() != Some(&f.line) {
                    p.lines.push(f.line);
                }
            }
            None => {
                pairs.insert((by, target), out.len());
                let on: Vec<String> = conv.speaker_name(target).map(str::to_string).into_iter().collect();
                out.push(Pressure { by: f.speaker.clone(), on, weight: round2(f.weight), lines: vec![f.line] });
            }
        }
    }
    out
}

/// Marks on the timeline the turns with counted findings.
fn mark(marks: &mut [TurnMark], findings: &[FindingReport]) {
    for f in findings.iter().filter(|f| f.counts()) {
        let Some(m) = marks.get_mut(f.turn as usize - 1) else { continue };
        let new = match (f.family, Category::known(&f.category)) {
            (Family::Coercive, _) => Mark::Coercive,
            (Family::Mutual, _) if m.mark != Mark::Coercive => Mark::Mutual,
            (Family::Signal, Some(Category::Assent)) if m.mark == Mark::Plain => Mark::Assent,
            _ => continue,
        };
        m.mark = new;
    }
}

fn score_lines(findings: &[FindingReport]) -> ScoreLines {
    let mut lines = ScoreLines::default();
    for f in findings.iter().filter(|f| f.counts()) {
        let slot = match (f.family, Category::known(&f.category)) {
            (Family::Coercive, _) => &mut lines.respect,
            (Family::Mutual, _) | (Family::Signal, Some(Category::Concession)) => &mut lines.mutuality,
            (Family::Signal, Some(Category::Assent)) => &mut lines.agreement,
            (Family::Signal, Some(Category::Commitment)) => &mut lines.decisiveness,
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
