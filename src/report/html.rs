//! `--format html`: one self-contained page that opens anywhere, offline. Inline CSS and
//! SVG only: no script, no font, no image, no request of any kind, and a
//! Content-Security-Policy that forbids them should anything slip through.
//!
//! Each report becomes a section: the verdict and the score with its four parts and the
//! reasons, a per-speaker panel, a timeline strip with one mark per turn, the transcript
//! with every finding marked in place (message and suggestion on hover or tap), and the
//! findings again as footnotes for print. Several files add a summary table, written at
//! the end from small per-file rows and shown first by CSS `order`.
//!
//! The transcript needs the turn texts: analyse with
//! [`Settings::keep_turns`](crate::analysis::Settings::keep_turns) set.

mod escape;
mod panel;
mod timeline;
mod transcript;

use std::io::{self, Write};

use super::{Renderer, Summary};
use crate::analysis::{Report, Verdict};
use crate::input::Kind;
use crate::lexicon::Family;
use escape::Text;

/// The page's policy: nothing may load or run; inline styles may apply.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE: &str = include_str!("html/style.css");

/// `--format html`.
#[derive(Debug, Default)]
pub struct Html {
    rows: Vec<Row>,
}

/// What the summary table keeps of each report: a few numbers, never the report.
#[derive(Debug)]
struct Row {
    /// The path, and the record id of an NDJSON record.
    path: String,
    kind: Kind,
    verdict: Verdict,
    score: Option<u32>,
    coercive: usize,
    mutual: usize,
}

impl Html {
    /// An HTML renderer.
    pub fn new() -> Self {
        Html::default()
    }
}

impl Renderer for Html {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
             <meta name=\"referrer\" content=\"no-referrer\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"goodfaith {}\">\n\
             <title>goodfaith report</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
             <header class=\"page\"><h1>goodfaith report</h1>\
             <p>Coercive and good-faith moves, marked the way a negotiation coach would.</p></header>\n\
             <main class=\"files\">\n",
            env!("CARGO_PKG_VERSION")
        )
    }

    fn file(&mut self, out: &mut dyn Write, r: &Report) -> io::Result<()> {
        self.rows.push(Row {
            path: label(r),
            kind: r.kind,
            verdict: r.verdict,
            score: r.score.as_ref().map(|s| s.total),
            coercive: counted(r, Family::Coercive),
            mutual: counted(r, Family::Mutual),
        });
        let id = format!("f{}", self.rows.len());
        section(out, &id, r)
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.rows.len() > 1 || !summary.errors.is_empty() {
            self.summary_table(out, summary)?;
        }
        writeln!(out, "</main>\n{}\n</body>\n</html>", legend())
    }
}

impl Html {
    /// The table of every file, linking to its section, and the files that failed.
    fn summary_table(&self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(
            out,
            "<section class=\"summary\" aria-labelledby=\"summary\"><h2 id=\"summary\">Summary of {} reports</h2>",
            summary.files
        )?;
        if !self.rows.is_empty() {
            writeln!(
                out,
                "<div class=\"scroll\"><table><thead><tr><th>File</th><th>Kind</th><th>Verdict</th>\
                 <th class=\"n\">Score</th><th class=\"n\">Coercive</th><th class=\"n\">Mutual</th></tr></thead><tbody>"
            )?;
            for (i, row) in self.rows.iter().enumerate() {
                writeln!(
                    out,
                    "<tr><td><a href=\"#f{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"n\">{}</td>\
                     <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    i + 1,
                    Text(&row.path),
                    kind_name(row.kind),
                    verdict_chip(row.verdict),
                    row.score.map_or_else(|| "–".to_string(), |s| s.to_string()),
                    row.coercive,
                    row.mutual
                )?;
            }
            writeln!(out, "</tbody></table></div>")?;
        }
        if !summary.errors.is_empty() {
            writeln!(out, "<h3>Could not be read</h3><ul class=\"errors\">")?;
            for e in &summary.errors {
                writeln!(out, "<li><code>{}</code>: {}</li>", Text(&e.path), Text(&e.message))?;
            }
            writeln!(out, "</ul>")?;
        }
        writeln!(out, "</section>")
    }
}

/// One report's section.
fn section(out: &mut dyn Write, id: &str, r: &Report) -> io::Result<()> {
    writeln!(out, "<section class=\"file\" id=\"{id}\" aria-labelledby=\"{id}-h\">")?;
    let meta = match r.kind {
        Kind::Conversation => format!("conversation · {} turns · {} speakers", r.timeline.len(), r.speakers.len()),
        Kind::Message => "message".to_string(),
    };
    writeln!(
        out,
        "<h2 id=\"{id}-h\"><span class=\"path\">{}</span> <small>{} · profile {}</small></h2>",
        Text(&label(r)),
        meta,
        r.profile
    )?;
    writeln!(out, "<div class=\"overview\">")?;
    let conversation = r.kind == Kind::Conversation;
    panel::verdict(out, id, r, !conversation)?;
    if conversation {
        writeln!(out, "<div class=\"side\">")?;
        panel::speakers(out, r)?;
        timeline::strip(out, id, r)?;
        panel::reasons(out, r)?;
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</div>")?;
    panel::notices(out, r)?;
    let placed = transcript::transcript(out, id, r)?;
    transcript::footnotes(out, id, r, &placed)?;
    writeln!(out, "</section>")
}

/// The path, with the record id when the report is one record of a stream.
fn label(r: &Report) -> String {
    match &r.id {
        Some(serde_json::Value::String(id)) => format!("{} · {id}", r.path),
        Some(id) => format!("{} · {id}", r.path),
        None => r.path.clone(),
    }
}

fn counted(r: &Report, family: Family) -> usize {
    r.findings.iter().filter(|f| f.counts() && f.family == family).count()
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Conversation => "conversation",
        Kind::Message => "message",
    }
}

/// The CSS class and icon of a verdict: the icon carries the meaning without colour.
fn verdict_look(v: Verdict) -> (&'static str, &'static str) {
    match v {
        Verdict::Coercive => ("bad", "✖"),
        Verdict::PressuredAgreement | Verdict::OneSided => ("warn", "⚠"),
        Verdict::MutualAgreement | Verdict::GoodFaith => ("good", "✔"),
        Verdict::WorkingTowardAgreement => ("progress", "➜"),
        Verdict::Neutral | Verdict::Empty => ("neutral", "○"),
    }
}

/// A small verdict label for tables.
fn verdict_chip(v: Verdict) -> String {
    let (class, icon) = verdict_look(v);
    format!("<span class=\"chip {class}\">{icon} {}</span>", v.as_str().replace('-', " "))
}

/// What the marks mean, once per page.
fn legend() -> &'static str {
    "<footer class=\"legend\" aria-label=\"Legend\"><h2>Legend</h2><ul>\
     <li><mark class=\"hl co\">coercive</mark> pressure, threats, guilt, contempt: wavy underline, ▲</li>\
     <li><mark class=\"hl mu\">mutual</mark> questions about needs, options, acknowledgement: double underline, ●</li>\
     <li><mark class=\"hl si\">signal</mark> assent, commitments, concessions, questions: dotted underline, ◆</li>\
     <li><mark class=\"hl nc\">not counted</mark> negated or quoted: dashed outline, ○</li>\
     <li><span class=\"key tl-co\">▲</span> <span class=\"key tl-mu\">●</span> <span class=\"key tl-as\">✓</span> \
     <span class=\"key tl-pl\">▮</span> timeline: a turn with coercion, a mutual move, assent, or nothing of note</li>\
     </ul><p>Hover over or tap a marked phrase for what it is and a better way to say it; \
     the numbered notes below each transcript say the same for print. Made by goodfaith, offline.</p></footer>"
}

#[cfg(test)]
mod tests;
