//! Locating hits in the original file and dressing them with rule metadata. Positions
//! are visited in increasing order so the cost is one pass over the text however many
//! findings there are.

use crate::input::{Conversation, SourceCursor};
use crate::lexicon::Lexicon;
use crate::text::floor_char_boundary;

use super::report_schema::{FindingReport, Mark, Transcript, TurnMark};
use super::scan::Hit;
use super::settings::Settings;

/// A sentence longer than this (bytes) is clipped around the match.
const MAX_SENTENCE: usize = 320;
/// Context kept on each side of the match in a clipped sentence (bytes).
const CLIP_CONTEXT: usize = 120;

/// Locates hits from `cursor`, which stands at or before the first hit (so a scanning
/// thread locates the hits of its block of text from the block's start): positions are
/// sorted and located in one forward pass, then each hit becomes a finding.
pub fn findings_from<'h>(
    conv: &Conversation,
    lexicon: &Lexicon,
    settings: &Settings,
    hits: impl Iterator<Item = &'h Hit> + Clone,
    mut cursor: SourceCursor,
) -> Vec<FindingReport> {
    let mut positions: Vec<usize> = Vec::with_capacity(hits.size_hint().0 * 2);
    for h in hits.clone() {
        positions.push(h.span.start);
        positions.push(h.span.end);
    }
    positions.sort_unstable();
    positions.dedup();
    let located: Vec<(u32, u32)> = positions.iter().map(|&p| cursor.locate(p)).collect();
    let at = |p: usize| located[positions.binary_search(&p).expect("located")];
    let exact = matches!(conv.source_map, crate::input::SourceMap::Identity);
    hits.map(|h| {
        let rule = lexicon.rule(h.rule);
        let (line, column) = at(h.span.start);
        let (end_line, end_column) = at(h.span.end);
        let (sentence, highlight) = clip(&conv.text, h.sentence.clone(), h.span.clone());
        FindingReport {
            rule: rule.id.clone(),
            family: rule.family,
            category: rule.category.name().to_string(),
            severity: settings.severity[h.rule as usize],
            line,
            column,
            end_line,
            end_column,
            span: exact.then_some([h.span.start, h.span.end]),
            page: conv.layout.page_of(h.span.start),
            speaker: conv.speaker_name(h.speaker).map(str::to_string),
            turn: h.turn + 1,
            matched: conv.text[h.span.clone()].to_string(),
            sentence,
            highlight,
            text_span: [h.span.start, h.span.end],
            message: rule.message.clone(),
            suggestion: rule.suggestion.clone(),
            negated: h.negated,
            quoted: h.quoted,
            weight: (h.weight * 100.0).round() / 100.0,
            confidence: h.learned.as_ref().map(|l| (l.confidence * 100.0).round() / 100.0),
            evidence: h.learned.as_ref().map_or_else(Vec::new, |l| l.evidence.clone()),
        }
    })
    .collect()
}

/// Each turn on the timeline, with the line where it starts (turns start in text order;
/// `known` when the scan located them), and the turns' texts when the settings keep them.
pub fn turns(conv: &Conversation, settings: &Settings, known: Option<Vec<TurnMark>>) -> (Vec<TurnMark>, Transcript) {
    let timeline = known.unwrap_or_else(|| {
        let locator = conv.locator();
        let mut cursor = locator.cursor();
        let start = |t: &crate::input::Turn| conv.parts_of(t).first().map_or(0, |p| p.start());
        conv.turns.iter().map(|t| TurnMark::new(t.speaker(), cursor.locate(start(t)).0, Mark::Plain)).collect()
    });
    let mut transcript = Transcript::default();
    if settings.keep_turns {
        for t in &conv.turns {
            transcript.push_turn(conv.parts_of(t).iter().map(|p| (p.start(), &conv.text[p.range()])));
        }
    }
    (timeline, transcript)
}

/// The sentence, or a window of it around the match when it is very long, with the
/// match's byte range inside it.
fn clip(text: &str, sentence: std::ops::Range<usize>, span: std::ops::Range<usize>) -> (String, [usize; 2]) {
    let s = sentence.start.min(span.start);
    let e = sentence.end.max(span.end);
    if e - s <= MAX_SENTENCE {
        return (text[s..e].to_string(), [span.start - s, span.end - s]);
    }
    let from = floor_char_boundary(text, span.start.saturating_sub(CLIP_CONTEXT).max(s));
    let to = floor_char_boundary(text, (span.end + CLIP_CONTEXT).min(e)).max(span.end);
    let mut out = String::new();
    if from > s {
        out.push('…');
    }
    let offset = out.len();
    out.push_str(&text[from..to]);
    if to < e {
        out.push('…');
    }
    (out, [offset + span.start - from, offset + span.end - from])
}
