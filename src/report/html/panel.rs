//! The overview of one report: the verdict banner with the score ring and its four
//! parts (each citing the lines behind it, linked to the turns), the reasons, and the
//! per-speaker panel.

use std::io::{self, Write};

use super::escape::Text;
use super::{transcript::turn_of_line, verdict_look};
use crate::analysis::Report;

/// Circumference of the score ring (r = 15.9155), so a percentage is a dash length.
const RING: f32 = 100.0;

/// The verdict, the score and its parts, and (when asked) the reasons.
pub fn verdict(out: &mut dyn Write, id: &str, r: &Report, with_reasons: bool) -> io::Result<()> {
    let (class, icon) = verdict_look(r.verdict);
    writeln!(out, "<div class=\"verdict {class}\">")?;
    writeln!(
        out,
        "<div class=\"banner\"><span class=\"icon\" aria-hidden=\"true\">{icon}</span>\
         <div><div class=\"label\">verdict</div><div class=\"name\">{}</div></div>{}</div>",
        r.verdict.as_str().replace('-', " "),
        r.score.as_ref().map_or_else(String::new, |s| ring(s.total))
    )?;
    let Some(s) = &r.score else {
        writeln!(out, "<p class=\"parts\">No score: nothing to measure.</p>")?;
        if with_reasons {
            reasons(out, r)?;
        }
        return writeln!(out, "</div>");
    };
    writeln!(out, "<table class=\"parts\"><caption>good-faith score {}/100 in four parts of 25</caption>", s.total)?;
    let parts = [
        ("agreement", "every party assents", s.agreement, &s.lines.agreement),
        ("mutuality", "needs voiced and heard, trades", s.mutuality, &s.lines.mutuality),
        ("decisiveness", "commitments with owner and time", s.decisiveness, &s.lines.decisiveness),
        ("respect", "25 minus the pressure", s.respect, &s.lines.respect),
    ];
    for (name, what, value, lines) in parts {
        writeln!(
            out,
            "<tr><th scope=\"row\">{name}<small>{what}</small></th><td class=\"bar\">{}</td>\
             <td class=\"n\">{value}/25</td><td class=\"lines\">{}</td></tr>",
            bar(value as f32 / 25.0, "part"),
            line_links(id, r, lines)
        )?;
    }
    writeln!(out, "</table>")?;
    if with_reasons {
        reasons(out, r)?;
    }
    writeln!(out, "</div>")
}

/// The reasons, in plain language, citing lines.
pub fn reasons(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    writeln!(out, "<div class=\"why\"><h3>Why</h3><ul class=\"reasons\">")?;
    for reason in &r.reasons {
        writeln!(out, "<li>{}</li>", Text(reason))?;
    }
    writeln!(out, "</ul></div>")
}

/// The score as a ring, in SVG so it prints.
fn ring(total: u32) -> String {
    let pct = total.min(100) as f32 / 100.0 * RING;
    format!(
        "<svg class=\"ring\" viewBox=\"0 0 36 36\" role=\"img\" aria-label=\"score {total} of 100\">\
         <circle cx=\"18\" cy=\"18\" r=\"15.9155\" class=\"track\"/>\
         <circle cx=\"18\" cy=\"18\" r=\"15.9155\" class=\"value\" stroke-dasharray=\"{pct:.1} {RING}\" \
         transform=\"rotate(-90 18 18)\"/>\
         <text x=\"18\" y=\"20.5\" text-anchor=\"middle\">{total}</text></svg>"
    )
}

/// A horizontal bar for a 0–1 fraction.
fn bar(fraction: f32, class: &str) -> String {
    let pct = (fraction.clamp(0.0, 1.0) * 100.0).round();
    format!("<span class=\"track\"><span class=\"fill {class}\" style=\"width:{pct}%\"></span></span>")
}

/// "lines 3, 5" with each line linked to the turn it belongs to.
fn line_links(id: &str, r: &Report, lines: &[u32]) -> String {
    const SHOWN: usize = 6;
    let mut s = String::new();
    for &line in lines.iter().take(SHOWN) {
        if !s.is_empty() {
            s.push_str(", ");
        }
        match turn_of_line(r, line) {
            Some(t) => s.push_str(&format!("<a href=\"#{id}-t{t}\">{line}</a>")),
            None => s.push_str(&line.to_string()),
        }
    }
    if lines.len() > SHOWN {
        s.push_str(&format!(" +{}", lines.len() - SHOWN));
    }
    match lines.len() {
        0 => String::new(),
        1 => format!("line {s}"),
        _ => format!("lines {s}"),
    }
}

/// The per-speaker panel: share of words, turns, questions, pressure, mutual moves,
/// assent; then who pressured whom.
pub fn speakers(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    let max_pressure = r.speakers.iter().map(|s| s.pressure).fold(2.0_f32, f32::max);
    writeln!(
        out,
        "<div class=\"speakers\"><h3>Speakers</h3><div class=\"scroll\"><table><thead><tr><th>Speaker</th>\
         <th>Share of words</th><th class=\"n\">Turns</th><th class=\"n\">Questions</th><th>Pressure</th>\
         <th class=\"n\">Mutual moves</th><th>Assent</th></tr></thead><tbody>"
    )?;
    for s in &r.speakers {
        let assent = match (s.assented, s.resigned) {
            (_, true) => "<span class=\"assent warn\">⚠ resigned</span>",
            (true, false) => "<span class=\"assent good\">✓ yes</span>",
            (false, false) => "<span class=\"assent none\">– no</span>",
        };
        writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"barcell\">{}<span class=\"v\">{:.0}%</span></td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"barcell\">{}<span class=\"v\">{:.2}{}</span></td><td class=\"n\">{}</td><td>{assent}</td></tr>",
            Text(&s.name),
            bar(s.share, "share"),
            s.share * 100.0,
            s.turns,
            s.questions,
            bar(s.pressure / max_pressure, "pressure"),
            s.pressure,
            if s.coercive > 0 { format!(" <small title=\"{0} coercive findings\">▲{0}</small>", s.coercive) } else { String::new() },
            s.mutual
        )?;
    }
    writeln!(out, "</tbody></table></div>")?;
    for p in &r.pressure {
        let by = p.by.as_deref().unwrap_or("Unattributed text");
        let on = if p.on.is_empty() { "the reader".to_string() } else { p.on.join(", ") };
        writeln!(
            out,
            "<p class=\"who\"><span class=\"key tl-co\">▲</span> <b>{}</b> put pressure ({:.2}) on {}.</p>",
            Text(by),
            p.weight,
            Text(&on)
        )?;
    }
    writeln!(out, "</div>")
}

/// Problems met while reading the file.
pub fn notices(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    if r.notices.is_empty() {
        return Ok(());
    }
    writeln!(out, "<ul class=\"notices\">")?;
    for n in &r.notices {
        let at = n.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        writeln!(out, "<li>{at}{}</li>", Text(&n.message))?;
    }
    writeln!(out, "</ul>")
}
