//! The turn loop: segment each turn, match, apply context, keep the findings. One pass,
//! buffers reused between turns.

use std::cell::RefCell;
use std::ops::Range;

use crate::context::{self, Candidate, Ctx};
use crate::input::{Conversation, SourceCursor};
use crate::lexicon::{Family, Lexicon, Profile, RawHit, ALLOW};
use crate::pool::PARALLEL_MIN_BYTES;
use crate::text::{Part, Segmented, Segmenter, Terminal};

use super::pieces;
use super::report_schema::FindingReport;
use super::settings::Settings;

/// Why a candidate overlapped by a longer hit of its family was dropped.
pub const OVERLAPPED: &str = "overlaps a longer hit";

/// Why the hit of a rule the profile does not run ("we reserve the right" outside
/// `policy-strict`) is kept as a dropped candidate: never reported, but it tells the
/// trained scorer what the sentence is, so a clause the profile keeps quiet on does not
/// come back as a learned finding.
pub const HELD_BACK: &str = "not flagged under this profile";

/// A finding before it is located in the original file.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Rule index.
    pub rule: u32,
    /// Turn index.
    pub turn: u32,
    /// Speaker index.
    pub speaker: Option<u32>,
    /// Byte range of the matched words in the conversation text.
    pub span: Range<usize>,
    /// Byte range of the sentence.
    pub sentence: Range<usize>,
    /// Weight after context.
    pub weight: f32,
    /// Covered by a negator.
    pub negated: bool,
    /// Quoted or reported.
    pub quoted: bool,
    /// The sentence is a question ("Agreed?", "Could we agree on X?").
    pub in_question: bool,
    /// Set when the trained scorer made this finding rather than a lexicon rule.
    pub learned: Option<Box<Learned>>,
}

/// What the trained scorer says of a learned finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    /// The family's probability for the sentence.
    pub confidence: f32,
    /// The words that weighed most, as written.
    pub evidence: Vec<String>,
}

impl Hit {
    /// Counts toward the verdict.
    pub fn counts(&self) -> bool {
        !self.negated && !self.quoted
    }
}

/// Per-turn facts that are not findings.
#[derive(Debug, Clone, Default)]
pub struct TurnStats {
    /// Words in the turn.
    pub words: u32,
    /// Sentences ending in a question mark.
    pub questions: u32,
    /// A sigh of assent ("Okay. Okay.", "...fine"): resignation.
    pub sigh: bool,
    /// How the turn opens ("ok", "no", "thanks"), read here rather than after the scan
    /// because this runs on the scanning threads; left at `None` for a quoted turn.
    pub opener: super::dialogue::Opener,
    /// The turn opens with a yes and turns on a "but": it does not accept outright.
    pub contrast: bool,
    /// The turn's first part has a digit ([`super::dialogue::bare_terms`] asks, with the
    /// turn's words).
    pub digit: bool,
    /// The turn's first part asks a question that states terms
    /// ([`super::dialogue::terms_question`]).
    pub terms_question: bool,
    /// The line the turn starts on, when the scanning threads located it (0 when not).
    pub line: u32,
}

/// One raw hit and what the context rules made of it, for `--debug-hits`.
#[derive(Debug, Clone)]
pub struct Trace {
    /// Turn index.
    pub turn: u32,
    /// Rule index.
    pub rule: u32,
    /// Byte range of the matched words.
    pub span: Range<usize>,
    /// Weight after context.
    pub weight: f32,
    /// Negated by a negator.
    pub negated: bool,
    /// Quoted or reported.
    pub quoted: bool,
    /// Why it was dropped, if it was.
    pub dropped: Option<&'static str>,
}

/// What the scan passes on, in text order.
// Handed to the sink at once, never stored: a boxed hit would cost an allocation each.
#[allow(clippy::large_enum_variant)]
pub enum Scanned {
    /// A hit, with its finding when a scanning thread located it.
    Hit(Hit, Option<FindingReport>),
    /// A turn's statistics, once all of its hits were passed on; turns come in order,
    /// each once.
    Turn(TurnStats),
}

/// Scans every turn of `conv`, passing each hit and each turn's statistics to `sink` in
/// text order: nothing is held per turn. With `trace`, every candidate (dropped ones
/// too) is recorded there. The work is cut into pieces of bounded size (see
/// [`super::pieces`]); a large text is scanned on `settings.threads` threads, a block
/// at a time with a few blocks out at once, results taken in order as they come
/// ([`crate::pool`]), so memory stays bounded however large the text or dense its hits,
/// and this thread takes each block's hits while the threads scan the next ones. Those
/// threads also locate the first [`LOCATED`] hits, which come to `sink` with their
/// finding; any other hit comes without one.
pub fn scan(
    conv: &Conversation,
    lexicon: &Lexicon,
    settings: &Settings,
    profile: Profile,
    mut trace: Option<&mut Vec<Trace>>,
    mut sink: impl FnMut(Scanned),
) {
    let scanner = Scanner { conv, lexicon, settings, profile };
    let mut turns = TurnsDone::default();
    let threads = settings.threads.min(conv.turns.len());
    if trace.is_some() || threads < 2 || conv.text.len() < PARALLEL_MIN_BYTES {
        // A stream of small records scans one short text after another: the buffers
        // are the thread's, kept between calls, so they grow once, not per record.
        let mut work = WORK.with(RefCell::take);
        for piece in pieces::pieces(conv, 0..conv.turns.len()) {
            let st = scanner.piece(&piece, &mut work, trace.as_deref_mut());
            work.hits.drain(..).for_each(|h| sink(Scanned::Hit(h, None)));
            turns.add(piece.turn, st, &mut sink);
        }
        WORK.with(|w| w.replace(work));
        turns.finish(&mut sink);
        return;
    }
    let locator = conv.locator();
    let mut cursor = locator.cursor();
    // Hits the threads may still locate: blocks are granted a share as they go out and
    // give back what they did not use (see [`locate_quota`]).
    let ungranted = std::cell::Cell::new(LOCATED);
    let jobs = pieces::blocks(conv).map(|block| {
        let quota = locate_quota(ungranted.get(), threads * BLOCKS_PER_THREAD);
        ungranted.set(ungranted.get() - quota);
        // Each block's cursor starts where the block does: this thread walks the text
        // once, block start to block start, and the scanning threads go on from there.
        let start = block.first().filter(|_| quota > 0).map(|first| {
            cursor.locate(first.start);
            cursor.clone()
        });
        (block, start, quota)
    });
    let work = |work: &mut Work, (block, start, quota): (Vec<pieces::Piece>, Option<SourceCursor>, usize)| {
        (scanner.block(&block, work, start, quota), quota)
    };
    let window = threads * BLOCKS_PER_THREAD;
    crate::pool::ordered(threads, window, jobs, Work::default, work, |((hits, block_stats, found), quota)| {
        ungranted.set(ungranted.get() + quota - found.len());
        let mut found = found.into_iter();
        for h in hits {
            sink(Scanned::Hit(h, found.next()));
        }
        // After the block's hits: a turn is passed on once all of its hits were.
        block_stats.into_iter().for_each(|(t, st)| turns.add(t, st, &mut sink));
    });
    turns.finish(&mut sink);
}

/// The statistics of the turn being scanned, summed over its pieces (a turn cut into
/// pieces sums them) and passed on when the next turn starts.
#[derive(Default)]
struct TurnsDone {
    current: Option<(usize, TurnStats)>,
}

impl TurnsDone {
    /// The stats of a piece of turn `turn`; every hit of the turns before it was passed on.
    fn add(&mut self, turn: usize, st: TurnStats, sink: &mut impl FnMut(Scanned)) {
        match &mut self.current {
            Some((t, sum)) if *t == turn => {
                sum.words += st.words;
                sum.questions += st.questions;
                sum.sigh |= st.sigh;
                sum.line = sum.line.max(st.line);
            }
            current => {
                if let Some((_, done)) = current.replace((turn, st)) {
                    sink(Scanned::Turn(done));
                }
            }
        }
    }

    /// The scan is over: the last turn is done.
    fn finish(&mut self, sink: &mut impl FnMut(Scanned)) {
        if let Some((_, done)) = self.current.take() {
            sink(Scanned::Turn(done));
        }
    }
}

/// How many hits the scanning threads locate: the caller lists (and so locates) the
/// first [`super::MAX_FINDINGS`] hits only.
pub const LOCATED: usize = super::MAX_FINDINGS;

/// The most hits one block locates, `remaining` being what is not yet granted of
/// [`LOCATED`] and `blocks` how many blocks may be out at once: a share with room for
/// blocks denser than the rest, never more than what is left. What a block leaves
/// unlocated, the caller locates.
fn locate_quota(remaining: usize, blocks: usize) -> usize {
    const SLACK: usize = 1024;
    (remaining.div_ceil(blocks.max(1)) + SLACK).min(remaining)
}

/// Blocks out per scanning thread: each thread takes the next block as it comes free,
/// so a slow block holds the others up less, and what is out is a few MiB of text.
const BLOCKS_PER_THREAD: usize = 4;

/// A block's hits, the stats of its pieces by turn, and the findings of its first hits.
type BlockScanned = (Vec<Hit>, Vec<(usize, TurnStats)>, Vec<FindingReport>);

/// What every run of turns is scanned with.
struct Scanner<'a> {
    conv: &'a Conversation,
    lexicon: &'a Lexicon,
    settings: &'a Settings,
    profile: Profile,
}

thread_local! {
    static WORK: RefCell<Work> = RefCell::default();
}

/// Buffers reused from one piece to the next; `hits` holds the last piece's hits.
#[derive(Default)]
struct Work {
    segmenter: Segmenter,
    seg: Segmented,
    raw: Vec<RawHit>,
    cands: Vec<Candidate>,
    judge: super::learned::Judge,
    parts: Vec<Part>,
    hits: Vec<Hit>,
}

impl Scanner<'_> {
    /// Scans one block of pieces, and locates up to `quota` of its first hits from
    /// `start`.
    fn block(
        &self,
        block: &[pieces::Piece],
        work: &mut Work,
        start: Option<SourceCursor>,
        quota: usize,
    ) -> BlockScanned {
        let mut hits = vec![];
        let mut stats = Vec::with_capacity(block.len());
        for piece in block {
            stats.push((piece.turn, self.piece(piece, work, None)));
            hits.append(&mut work.hits);
        }
        let Some(cursor) = start else { return (hits, stats, vec![]) };
        // The lines turns start on, with a cursor of their own: the two walks go forward
        // through the block side by side.
        let mut turn_cursor = cursor.clone();
        for (piece, (_, st)) in block.iter().zip(&mut stats) {
            // A turn without text (none has one in practice) is left to the caller.
            if piece.starts_turn(self.conv) && !self.conv.turns[piece.turn].parts().is_empty() {
                st.line = turn_cursor.locate(piece.start).0;
            }
        }
        let Scanner { conv, lexicon, settings, .. } = *self;
        let found = match hits.is_empty() {
            true => vec![],
            false => super::locate::findings_from(conv, lexicon, settings, hits.iter().take(quota), cursor),
        };
        (hits, stats, found)
    }

    /// Scans one piece of a turn into `work.hits`, in text order.
    fn piece(&self, piece: &pieces::Piece, work: &mut Work, mut trace: Option<&mut Vec<Trace>>) -> TurnStats {
        let Scanner { conv, lexicon, settings, profile } = *self;
        let Work { segmenter, seg, raw, cands, judge, parts, hits } = work;
        let ti = piece.turn;
        let turn = &conv.turns[ti];
        let parts = piece.parts(conv, parts);
        segmenter.segment(&conv.text, parts, seg);
        let words = count_words(seg);
        let stats = TurnStats {
            words,
            questions: seg.sentences.iter().filter(|s| s.terminal == Terminal::Question).count() as u32,
            sigh: super::resigned_assent::sighs(seg, &conv.text),
            ..opening(conv, piece, words)
        };
        raw.clear();
        lexicon.matcher().find(seg, raw);
        candidates(seg, raw, lexicon, settings, profile, cands);
        context::apply_all(&Ctx { text: &conv.text, seg, lexicon }, cands);
        resolve_overlaps(lexicon, cands);
        if let Some(trace) = trace.as_deref_mut() {
            trace.extend(cands.iter().map(|c| Trace {
                turn: ti as u32,
                rule: c.rule,
                span: seg.words[c.words.start].src_start..seg.words[c.words.end - 1].src_end,
                weight: c.weight,
                negated: c.negated,
                quoted: c.quoted,
                dropped: c.dropped,
            }));
        }
        for c in cands.iter().filter(|c| c.dropped.is_none()) {
            let first = seg.words[c.words.start];
            let last = seg.words[c.words.end - 1];
            hits.push(Hit {
                rule: c.rule,
                turn: ti as u32,
                speaker: turn.speaker(),
                span: first.src_start..last.src_end,
                sentence: seg.sentences[c.sentence].src.clone(),
                weight: c.weight,
                negated: c.negated,
                quoted: c.quoted || turn.quoted(),
                in_question: seg.sentences[c.sentence].terminal == Terminal::Question,
                learned: None,
            });
        }
        if let Some(model) = lexicon.model() {
            let first_learned = hits.len();
            let t = super::learned::Turn {
                text: &conv.text,
                seg,
                index: ti as u32,
                speaker: turn.speaker(),
                quoted: turn.quoted(),
            };
            judge.turn(model, lexicon, settings, profile, &t, cands, hits);
            if let Some(trace) = trace {
                trace.extend(hits[first_learned..].iter().map(|h| Trace {
                    turn: ti as u32,
                    rule: h.rule,
                    span: h.span.clone(),
                    weight: h.weight,
                    negated: false,
                    quoted: h.quoted,
                    dropped: None,
                }));
            }
            // Keep the piece's hits in text order.
            if hits.len() > first_learned && first_learned > 0 {
                hits.sort_by_key(|h| h.span.start);
            }
        }
        stats
    }
}

/// How the turn of `piece` opens, and whether its first part puts terms on the table,
/// read by the piece that starts it (a turn cut into pieces is read once), which has
/// `words` words.
fn opening(conv: &Conversation, piece: &pieces::Piece, words: u32) -> TurnStats {
    let turn = &conv.turns[piece.turn];
    let first = turn.parts().start as usize;
    let Some(part) = conv.parts.get(first).filter(|_| turn.parts().end as usize > first) else {
        return TurnStats::default();
    };
    if turn.quoted() || !piece.starts_turn(conv) {
        return TurnStats::default();
    }
    let text = &conv.text[part.range()];
    let opener = super::dialogue::opener(text);
    // Only a yes can turn on a "but"; most turns need no second look.
    let contrast = opener == super::dialogue::Opener::Yes && super::dialogue::turns_on_contrast(text);
    // A turn longer than bare terms needs no look for digits (its first piece, of
    // `words` words, is already too long).
    let digit = super::dialogue::bare_terms(true, words) && super::dialogue::has_digit(text);
    // Only a part with a question mark can hold a question.
    let terms_question = memchr::memchr(b'?', text.as_bytes()).is_some() && super::dialogue::terms_question(text);
    TurnStats { opener, contrast, digit, terms_question, ..TurnStats::default() }
}

/// Words as written: the words of one contraction count once.
fn count_words(seg: &Segmented) -> u32 {
    let mut n = 0;
    let mut last = usize::MAX;
    for w in &seg.words {
        if w.src_start != last {
            n += 1;
            last = w.src_start;
        }
    }
    n
}

/// Raw hits to candidates: disabled rules out, hits cancelled by an overlapping
/// exception of their rule (or an allowed phrase) out; the hits of a rule the profile does
/// not run stay as candidates dropped as [`HELD_BACK`].
fn candidates(
    seg: &Segmented,
    raw: &[RawHit],
    lexicon: &Lexicon,
    settings: &Settings,
    profile: Profile,
    out: &mut Vec<Candidate>,
) {
    out.clear();
    // Exceptions in start order; a phrase spans at most a few dozen words.
    let exceptions: Vec<&RawHit> = raw.iter().filter(|h| h.exception).collect();
    for h in raw.iter().filter(|h| !h.exception) {
        if !settings.enabled(h.rule) {
            continue;
        }
        let from = exceptions.partition_point(|e| e.words.start + 64 < h.words.start);
        let cancelled = exceptions[from..]
            .iter()
            .take_while(|e| e.words.start < h.words.end)
            .any(|e| (e.rule == h.rule || e.rule == ALLOW) && e.words.end > h.words.start);
        if cancelled {
            continue;
        }
        out.push(Candidate {
            rule: h.rule,
            words: h.words.clone(),
            sentence: seg.sentence_of(h.words.start),
            weight: lexicon.rule(h.rule).weight,
            negated: false,
            quoted: false,
            dropped: (!lexicon.rule(h.rule).active_in(profile)).then_some(HELD_BACK),
        });
    }
}

/// Overlapping hits of one family (or one signal category) say one thing: keep the
/// longest, so "do it or else" is one threat, not two.
fn resolve_overlaps(lexicon: &Lexicon, cands: &mut [Candidate]) {
    let key = |c: &Candidate| {
        let r = lexicon.rule(c.rule);
        match r.family {
            Family::Signal => (r.family, r.category.name()),
            f => (f, ""),
        }
    };
    let mut last_kept: Vec<((Family, &str), usize)> = vec![];
    for i in 0..cands.len() {
        if cands[i].dropped.is_some() {
            continue;
        }
        let k = key(&cands[i]);
        match last_kept.iter_mut().find(|(kk, _)| *kk == k) {
            Some((_, j)) if cands[*j].words.end > cands[i].words.start => {
                let (a, b) = (&cands[*j], &cands[i]);
                let longer_b = b.words.len() > a.words.len() || (b.words.len() == a.words.len() && b.weight > a.weight);
                if longer_b {
                    cands[*j].dropped = Some(OVERLAPPED);
                    *j = i;
                } else {
                    cands[i].dropped = Some(OVERLAPPED);
                }
            }
            Some((_, j)) => *j = i,
            None => last_kept.push((k, i)),
        }
    }
}
