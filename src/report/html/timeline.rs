//! The timeline: an SVG strip with one lane per speaker and one mark per turn, shaped
//! and coloured by what happened (▲ coercion, ● mutual move, ✓ assent, ▮ nothing of
//! note), each linked to its turn in the transcript. Long conversations are bucketed so
//! the strip stays readable and small; a bucket shows its most telling mark.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape::Plain;
use crate::analysis::{Mark, Report, TurnMark};

/// The most marks drawn; longer conversations are bucketed.
pub const MAX_MARKS: usize = 240;
/// Room for the marks, in SVG units (drawn 1:1 on a wide screen, scaled down on a
/// narrow one); a cell gets an equal share, within limits.
const MARKS_WIDTH: usize = 600;
const MIN_CELL: usize = 5;
const MAX_CELL: usize = 36;
/// Height of one lane.
const LANE: usize = 24;
/// Room for the speaker names on the left.
const LABELS: usize = 130;
/// Beyond this many speakers every turn goes in one lane.
const MAX_LANES: usize = 8;

/// Writes the strip and its key.
pub fn strip(out: &mut dyn Write, id: &str, r: &Report) -> io::Result<()> {
    if r.timeline.is_empty() {
        return Ok(());
    }
    let per = r.timeline.len().div_ceil(MAX_MARKS);
    let cells = r.timeline.len().div_ceil(per);
    let lanes = if r.speakers.len() <= MAX_LANES { r.speakers.len() + 1 } else { 1 };
    let used = used_lanes(r, lanes);
    let cell = (MARKS_WIDTH / cells).clamp(MIN_CELL, MAX_CELL);
    let width = LABELS + cells * cell;
    let height = used.iter().filter(|u| **u).count() * LANE + 4;
    let links = !r.transcript.is_empty();
    let mut svg = String::with_capacity(cells * 160);
    let _ = write!(
        svg,
        "<svg class=\"timeline\" viewBox=\"0 0 {width} {height}\" style=\"max-width:{width}px\" role=\"img\" \
         aria-label=\"Timeline of {} turns\">",
        r.timeline.len()
    );
    let rows = lane_rows(&used);
    for (lane, row) in rows.iter().enumerate() {
        let Some(row) = row else { continue };
        let y = row * LANE + 2;
        let name = lane_name(r, lane, lanes);
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"who\">{}</text>\
             <line x1=\"{LABELS}\" x2=\"{width}\" y1=\"{y2}\" y2=\"{y2}\" class=\"lane\"/>",
            LABELS - 6,
            y + LANE / 2 + 4,
            Plain(&clip(&name, 18)),
            y2 = y + LANE / 2
        );
    }
    for (i, chunk) in r.timeline.chunks(per).enumerate() {
        let first = i * per + 1;
        let mark = Mark::most_telling(chunk);
        let lane = lane_of(chunk[0].speaker(), lanes);
        let y = rows[lane].unwrap_or(0) * LANE + 2;
        let x = LABELS + i * cell;
        let title = title(r, first, chunk, mark);
        if links {
            let _ = write!(svg, "<a href=\"#{id}-t{first}\">");
        }
        let _ = write!(
            svg,
            "<g class=\"m {}\"><title>{}</title>{}</g>",
            class(mark),
            Plain(&title),
            shape(mark, x, y, cell)
        );
        if links {
            svg.push_str("</a>");
        }
    }
    svg.push_str("</svg>");
    writeln!(
        out,
        "<div class=\"tl\"><h3>Timeline</h3>{svg}<p class=\"key\">\
         <span class=\"key tl-co\">▲</span> coercion <span class=\"key tl-mu\">●</span> mutual move \
         <span class=\"key tl-as\">✓</span> assent <span class=\"key tl-pl\">▮</span> other{}</p></div>",
        if per > 1 { format!(" · one mark per {per} turns") } else { String::new() }
    )
}

/// Which lanes have a turn; the last lane holds unattributed turns.
fn used_lanes(r: &Report, lanes: usize) -> Vec<bool> {
    let mut used = vec![false; lanes];
    for t in &r.timeline {
        used[lane_of(t.speaker(), lanes)] = true;
    }
    used
}

/// Row on screen of each lane, skipping empty lanes.
fn lane_rows(used: &[bool]) -> Vec<Option<usize>> {
    let mut next = 0;
    used.iter()
        .map(|&u| {
            u.then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

fn lane_of(speaker: Option<u32>, lanes: usize) -> usize {
    match speaker {
        Some(s) if (s as usize) + 1 < lanes => s as usize,
        _ => lanes - 1,
    }
}

fn lane_name(r: &Report, lane: usize, lanes: usize) -> String {
    if lanes == 1 {
        "all speakers".to_string()
    } else {
        r.speakers.get(lane).map(|s| s.name.clone()).unwrap_or_else(|| "unattributed".to_string())
    }
}

/// At most `n` characters, with an ellipsis when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

fn class(m: Mark) -> &'static str {
    match m {
        Mark::Coercive => "tl-co",
        Mark::Mutual => "tl-mu",
        Mark::Assent => "tl-as",
        Mark::Plain => "tl-pl",
    }
}

fn what(m: Mark) -> &'static str {
    match m {
        Mark::Coercive => "coercion",
        Mark::Mutual => "mutual move",
        Mark::Assent => "assent",
        Mark::Plain => "nothing of note",
    }
}

/// The hover text: turn, speaker, line and what happened.
fn title(r: &Report, first: usize, chunk: &[TurnMark], mark: Mark) -> String {
    let who = chunk[0].speaker().and_then(|s| r.speakers.get(s as usize)).map(|s| s.name.as_str()).unwrap_or("—");
    if chunk.len() == 1 {
        format!("turn {first} · {who} · line {} · {}", chunk[0].line, what(mark))
    } else {
        format!("turns {first}–{} · from line {} · {}", first + chunk.len() - 1, chunk[0].line, what(mark))
    }
}

/// The mark's shape in its cell at (x, y): the shape says what happened without colour.
fn shape(m: Mark, x: usize, y: usize, cell: usize) -> String {
    let (cx, cy) = ((x + cell / 2) as f32, (y + LANE / 2) as f32);
    // Half the mark's size: as large as the cell allows, never wider than it.
    let h = (cell as f32 * 0.45).min(8.0);
    let hit = format!("<rect class=\"hit\" x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{LANE}\"/>");
    let body = match m {
        Mark::Coercive => {
            format!(
                "<path d=\"M{cx} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z\"/>",
                cy - h,
                cx + h,
                cy + h * 0.85,
                cx - h,
                cy + h * 0.85
            )
        }
        Mark::Mutual => format!("<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{:.1}\"/>", h * 0.85),
        Mark::Assent => format!(
            "<path class=\"tick\" d=\"M{:.1} {cy}L{:.1} {:.1}L{:.1} {:.1}\"/>",
            cx - h * 0.85,
            cx - h * 0.25,
            cy + h * 0.7,
            cx + h * 0.85,
            cy - h * 0.8
        ),
        Mark::Plain => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"1\"/>",
            cx - h * 0.25,
            cy - h * 0.6,
            h * 0.5,
            h * 1.2
        ),
    };
    hit + &body
}
