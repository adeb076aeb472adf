//! The turn loop: segment each turn, match, apply context, keep the findings. One pass,
//! buffers reused between turns.

use std::cell::RefCell;
use std::ops::Range;

use crate::context::{self, Candidate, Ctx};
use crate::input::{Conversation, SourceCursor};
use crate::lexicon::{Family, Lexicon, Profile, RawHit, ALLOW};
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

/// Below this many bytes a text is scanned on one thread: starting threads costs more
/// than it saves.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// Scans every turn of `conv`, passing each hit to `sink` in text order; returns the
/// per-turn stats. With `trace`, every candidate (dropped ones too) is recorded there.
/// The work is cut into pieces of bounded size (see [`super::pieces`]); a large text is
/// scanned on `settings.threads` threads a round of blocks at a time, results joined in
/// order, so memory stays bounded however large the text or dense its hits. Those
/// threads also locate the first [`LOCATED`] hits, which come to `sink` with their
/// finding; any other hit comes without one.
pub fn scan(
    conv: &Conversation,
    lexicon: &Lexicon,
    settings: &Settings,
    profile: Profile,
    mut trace: Option<&mut Vec<Trace>>,
    mut sink: impl FnMut(Hit, Option<FindingReport>),
) -> Vec<TurnStats> {
    let scanner = Scanner { conv, lexicon, settings, profile };
    let mut stats = Vec::with_capacity(conv.turns.len());
    let threads = settings.threads.min(conv.turns.len());
    if trace.is_some() || threads < 2 || conv.text.len() < PARALLEL_MIN_BYTES {
        // A stream of small records scans one short text after another: the buffers
        // are the thread's, kept between calls, so they grow once, not per record.
        let mut work = WORK.with(RefCell::take);
        for piece in pieces::pieces(conv, 0..conv.turns.len()) {
            let st = scanner.piece(&piece, &mut work, trace.as_deref_mut());
            add_stats(&mut stats, piece.turn, st);
            work.hits.drain(..).for_each(|h| sink(h, None));
        }
        WORK.with(|w| w.replace(work));
        return stats;
    }
    let locator = conv.locator();
    let mut cursor = locator.cursor();
    let mut sunk = 0;
    let mut blocks = pieces::blocks(conv).peekable();
    while blocks.peek().is_some() {
        let round: Vec<Vec<pieces::Piece>> = blocks.by_ref().take(threads * BLOCKS_PER_THREAD).collect();
        let quota = locate_quota(LOCATED.saturating_sub(sunk), round.len());
        // Each block's cursor starts where the block does: the main thread walks the
        // text once, block start to block start, and the threads go on from there.
        let starts: Vec<Option<SourceCursor>> = round
            .iter()
            .map(|block| {
                let first = block.first().filter(|_| quota > 0)?;
                cursor.locate(first.start);
                Some(cursor.clone())
            })
            .collect();
        for (hits, block_stats, found) in scanner.round(&round, starts, quota, threads) {
            block_stats.into_iter().for_each(|(t, st)| add_stats(&mut stats, t, st));
            let mut found = found.into_iter();
            for h in hits {
                sunk += 1;
                sink(h, found.next());
            }
        }
    }
    stats
}

/// How many hits the scanning threads locate: the caller lists (and so locates) the
/// first [`super::MAX_FINDINGS`] hits only.
pub const LOCATED: usize = super::MAX_FINDINGS;

/// The most hits one block of a round locates, `remaining` being what is left to locate
/// of [`LOCATED`]: a share with room for blocks denser than the rest, never more than
/// what is left. What a block leaves unlocated, the caller locates.
fn locate_quota(remaining: usize, blocks: usize) -> usize {
    const SLACK: usize = 1024;
    (remaining.div_ceil(blocks.max(1)) + SLACK).min(remaining)
}

/// Blocks per thread in one round: each thread takes the next block as it comes free,
/// so a slow block holds the round up less, and a round holds a few MiB of text.
const BLOCKS_PER_THREAD: usize = 4;

/// A block's hits, the stats of its pieces by turn, and the findings of its first hits.
type Scanned = (Vec<Hit>, Vec<(usize, TurnStats)>, Vec<FindingReport>);

/// Adds the stats of a piece of turn `turn`: a turn cut into pieces sums them.
fn add_stats(stats: &mut Vec<TurnStats>, turn: usize, st: TurnStats) {
    match stats.get_mut(turn) {
        Some(t) => {
            t.words += st.words;
            t.questions += st.questions;
            t.sigh |= st.sigh;
            t.line = t.line.max(st.line);
        }
        None => stats.push(st),
    }
}

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
    /// Scans a round of blocks on `threads` threads, each block locating up to `quota`
    /// of its hits from its cursor in `starts`; the results in block order.
    fn round(
        &self,
        round: &[Vec<pieces::Piece>],
        starts: Vec<Option<SourceCursor>>,
        quota: usize,
        threads: usize,
    ) -> Vec<Scanned> {
        let starts: Vec<std::sync::Mutex<Option<SourceCursor>>> = starts.into_iter().map(Into::into).collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut done: Vec<(usize, Scanned)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads.min(round.len()))
                .map(|_| {
                    s.spawn(|| {
                        let (mut work, mut mine) = (Work::default(), vec![]);
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(block) = round.get(i) else { break mine };
                            let start = starts[i].lock().ok().and_then(|mut c| c.take());
                            mine.push((i, self.block(block, &mut work, start, quota)));
                        }
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        });
        done.sort_unstable_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, d)| d).collect()
    }

    /// Scans one block of pieces, and locates up to `quota` of its first hits from
    /// `start`.
    fn block(&self, block: &[pieces::Piece], work: &mut Work, start: Option<SourceCursor>, quota: usize) -> Scanned {
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
            if piece.starts_turn(self.conv) && !self.conv.turns[piece.turn].parts.is_empty() {
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
        let stats = TurnStats {
            words: count_words(seg),
            questions: seg.sentences.iter().filter(|s| s.terminal == Terminal::Question).count() as u32,
            sigh: super::resigned_assent::sighs(seg, &conv.text),
            ..opening(conv, piece)
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
                speaker: turn.speaker,
                span: first.src_start..last.src_end,
                sentence: seg.sentences[c.sentence].src.clone(),
                weight: c.weight,
                negated: c.negated,
                quoted: c.quoted || turn.quoted,
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
                speaker: turn.speaker,
                quoted: turn.quoted,
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

/// How the turn of `piece` opens, read from the turn's first part by the piece that
/// starts it (a turn cut into pieces is read once).
fn opening(conv: &Conversation, piece: &pieces::Piece) -> TurnStats {
    let turn = &conv.turns[piece.turn];
    let first = turn.parts.start as usize;
    let Some(part) = conv.parts.get(first).filter(|_| turn.parts.end as usize > first) else {
        return TurnStats::default();
    };
    if turn.quoted || !piece.starts_turn(conv) {
        return TurnStats::default();
    }
    let text = &conv.text[part.range.clone()];
    let opener = super::dialogue::opener(text);
    // Only a yes can turn on a "but"; most turns need no second look.
    let contrast = opener == super::dialogue::Opener::Yes && super::dialogue::turns_on_contrast(text);
    TurnStats { opener, contrast, ..TurnStats::default() }
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
