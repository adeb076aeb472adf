//! The transcript with every finding marked in place, and the numbered notes below it.
//!
//! A mark carries its family three ways, so colour is never the only cue: a colour, an
//! underline style (wavy, double, dotted, dashed outline) and an icon drawn by CSS.
//! Overlapping findings share one mark that lists them all. The message and the
//! suggestion appear on hover or tap (CSS `:hover`/`:focus-within`, no script), and
//! again in the notes, which is what print shows.

use std::io::{self, Write};

use super::escape::Text;
use crate::analysis::{FindingReport, Mark, Report};
use crate::lexicon::Family;
use crate::text::floor_char_boundary;

/// Findings per file that get a hover text and a note. Beyond this (only in huge or
/// pathological inputs) findings are still marked in the text, but the page stays a
/// size a browser opens: the notes say so and point to `--format json`.
pub const DETAILED: usize = 500;

/// The 1-based turn that line `line` belongs to, when the transcript is shown.
pub fn turn_of_line(r: &Report, line: u32) -> Option<usize> {
    if r.transcript.is_empty() {
        return None;
    }
    let i = r.timeline.partition_point(|t| t.line <= line);
    (i > 0).then_some(i)
}

/// Writes the turns with their marks. Returns, per finding, whether it was placed in
/// the text (so its note can link back).
pub fn transcript(out: &mut dyn Write, id: &str, r: &Report) -> io::Result<Vec<bool>> {
    let mut placed = vec![false; r.findings.len()];
    writeln!(out, "<div class=\"transcript\"><h3>{}</h3>", if r.speakers.is_empty() { "Text" } else { "Transcript" })?;
    writeln!(
        out,
        "<p class=\"key\"><mark class=\"hl co\">coercive</mark> <mark class=\"hl mu\">mutual</mark> \
         <mark class=\"hl si\">signal</mark> <mark class=\"hl nc\">not counted</mark></p>"
    )?;
    if r.transcript.is_empty() {
        writeln!(out, "<p class=\"empty\">The text was not kept for this report.</p></div>")?;
        return Ok(placed);
    }
    let order = findings_in_turn_order(r);
    let mut from = 0;
    writeln!(out, "<ol class=\"turns\">")?;
    for t in 0..r.transcript.len() {
        let n = t + 1;
        let (speaker, line, mark) = r.timeline.get(t).map_or((None, 0, Mark::Plain), |m| (m.speaker(), m.line, m.mark));
        write!(out, "<li id=\"{id}-t{n}\" class=\"{}\"><div class=\"who\">", turn_class(mark))?;
        if let Some(s) = speaker.and_then(|s| r.speakers.get(s as usize)) {
            write!(out, "<b>{}</b> ", Text(&s.name))?;
        }
        write!(out, "<a href=\"#{id}-t{n}\">line {line}</a></div><p dir=\"auto\">")?;
        let to = from + order[from..].partition_point(|&i| r.findings[i].turn as usize <= n);
        let mut marks = Marks { id, findings: &r.findings, turn: &order[from..to], next: 0, placed: &mut placed };
        from = to;
        for (i, (offset, text)) in r.transcript.turn(t).enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            marks.piece(out, offset, text)?;
        }
        writeln!(out, "</p></li>")?;
    }
    writeln!(out, "</ol></div>")?;
    Ok(placed)
}

/// Finding indexes by turn, then by where the finding starts: each turn's are a run,
/// so the transcript holds nothing per turn.
fn findings_in_turn_order(r: &Report) -> Vec<usize> {
    let mut order: Vec<usize> = (0..r.findings.len()).filter(|&i| r.findings[i].turn >= 1).collect();
    order.sort_by_key(|&i| (r.findings[i].turn, r.findings[i].text_span[0], r.findings[i].text_span[1]));
    order
}

fn turn_class(m: Mark) -> &'static str {
    match m {
        Mark::Coercive => "t-co",
        Mark::Mutual => "t-mu",
        Mark::Assent => "t-as",
        Mark::Plain => "t-pl",
    }
}

/// Marks one turn's findings, piece by piece, in one forward sweep.
struct Marks<'a> {
    id: &'a str,
    findings: &'a [FindingReport],
    /// This turn's findings, by start.
    turn: &'a [usize],
    /// The first finding that may still reach the current piece.
    next: usize,
    placed: &'a mut Vec<bool>,
}

/// Findings that overlap, shown as one mark over the union of their ranges.
struct Cluster {
    start: usize,
    end: usize,
    members: Vec<usize>,
}

impl Marks<'_> {
    fn piece(&mut self, out: &mut dyn Write, offset: usize, text: &str) -> io::Result<()> {
        let end = offset + text.len();
        while self.next < self.turn.len() && self.findings[self.turn[self.next]].text_span[1] <= offset {
            self.next += 1;
        }
        let mut clusters: Vec<Cluster> = vec![];
        for &i in &self.turn[self.next..] {
            let [a, b] = self.findings[i].text_span;
            if a >= end {
                break;
            }
            let s = floor_char_boundary(text, a.max(offset) - offset);
            let e = floor_char_boundary(text, b.min(end).saturating_sub(offset));
            if e <= s {
                continue;
            }
            match clusters.last_mut() {
                Some(c) if s < c.end => {
                    c.end = c.end.max(e);
                    c.members.push(i);
                }
                _ => clusters.push(Cluster { start: s, end: e, members: vec![i] }),
            }
        }
        let mut pos = 0;
        for c in &clusters {
            write!(out, "{}", Text(&text[pos..c.start]))?;
            self.mark(out, c, &text[c.start..c.end])?;
            pos = c.end;
        }
        write!(out, "{}", Text(&text[pos..]))
    }

    /// One mark: the words, then (where a finding first appears) its note number and
    /// its hover text.
    fn mark(&mut self, out: &mut dyn Write, c: &Cluster, words: &str) -> io::Result<()> {
        let fresh: Vec<usize> = c.members.iter().copied().filter(|&i| !self.placed[i] && i < DETAILED).collect();
        let class = family_class(c.members.iter().map(|&i| &self.findings[i]));
        let focus = if fresh.is_empty() { "" } else { " tabindex=\"0\"" };
        write!(out, "<mark class=\"hl {class}\"{focus}>{}", Text(words))?;
        if !fresh.is_empty() {
            out.write_all(b"<sup>")?;
            for (j, &i) in fresh.iter().enumerate() {
                let sep = if j > 0 { "," } else { "" };
                write!(out, "{sep}<a id=\"{id}-m{k}\" href=\"#{id}-n{k}\">{k}</a>", id = self.id, k = i + 1)?;
                self.placed[i] = true;
            }
            out.write_all(b"</sup><span class=\"tip\" role=\"note\">")?;
            for &i in &fresh {
                tip(out, &self.findings[i])?;
            }
            out.write_all(b"</span>")?;
        }
        out.write_all(b"</mark>")
    }
}

/// The strongest counted family among overlapping findings; `nc` when none counts.
fn family_class<'f>(findings: impl Iterator<Item = &'f FindingReport>) -> &'static str {
    let rank = |f: &FindingReport| match (f.counts(), f.family) {
        (false, _) => 0,
        (true, Family::Signal) => 1,
        (true, Family::Mutual) => 2,
        (true, Family::Coercive) => 3,
    };
    match findings.map(rank).max().unwrap_or(0) {
        3 => "co",
        2 => "mu",
        1 => "si",
        _ => "nc",
    }
}

fn class_of(f: &FindingReport) -> &'static str {
    family_class(std::iter::once(f))
}

/// Why a finding does not count, if it does not.
fn not_counted(f: &FindingReport) -> Option<&'static str> {
    match (f.negated, f.quoted) {
        (true, _) => Some("negated, not counted"),
        (false, true) => Some("quoted, not counted"),
        _ => None,
    }
}

fn tip(out: &mut dyn Write, f: &FindingReport) -> io::Result<()> {
    write!(out, "<span class=\"tip-item {}\"><b>{}</b> {}", class_of(f), Text(&f.rule), Text(&f.message))?;
    if let Some(s) = &f.suggestion {
        write!(out, " <span class=\"try\"><b>Try:</b> {}</span>", Text(s))?;
    }
    if let Some(why) = not_counted(f) {
        write!(out, " <em>({why})</em>")?;
    }
    out.write_all(b"</span>")
}

/// The numbered notes: every finding, with where, who, what and a better way.
pub fn footnotes(out: &mut dyn Write, id: &str, r: &Report, placed: &[bool]) -> io::Result<()> {
    writeln!(out, "<div class=\"notes\"><h3>Findings ({})</h3>", r.findings.len())?;
    if r.findings.is_empty() {
        return writeln!(out, "<p class=\"empty\">No findings.</p></div>");
    }
    writeln!(out, "<ol>")?;
    for (i, f) in r.findings.iter().enumerate().take(DETAILED) {
        let k = i + 1;
        write!(out, "<li id=\"{id}-n{k}\" class=\"{}\"><div class=\"meta\">", class_of(f))?;
        if placed.get(i).copied().unwrap_or(false) {
            write!(out, "<a class=\"back\" href=\"#{id}-m{k}\" aria-label=\"back to the text\">↑</a> ")?;
        }
        match r.position {
            Some(_) => write!(out, "{}", crate::report::place(r, f))?,
            None => write!(out, "line {}:{}", f.line, f.column)?,
        }
        if let Some(s) = &f.speaker {
            write!(out, " · <b>{}</b>", Text(s))?;
        }
        write!(out, " · {} · <code>{}</code>", f.severity.as_str(), Text(&f.rule))?;
        if let Some(why) = not_counted(f) {
            write!(out, " · <em>{why}</em>")?;
        }
        write!(out, "</div><q>{}</q> {}", Text(&f.matched), Text(&f.message))?;
        if let Some(s) = &f.suggestion {
            write!(out, " <span class=\"try\"><b>Try:</b> {}</span>", Text(s))?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ol>")?;
    if r.findings.len() > DETAILED {
        writeln!(
            out,
            "<p class=\"more\">…and {} more findings, marked in the text without notes to keep this page light; \
             <code>goodfaith --format json</code> lists them all.</p>",
            r.findings.len() - DETAILED
        )?;
    }
    writeln!(out, "</div>")
}
