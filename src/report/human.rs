//! The default report for a person: a verdict banner with the score, the reasons, a
//! per-speaker table, a timeline with one cell per turn, then every counted finding with
//! the sentence, the matched words highlighted, the message and a better way to say it.
//!
//! Colour comes from `colored`, decided once in `main`; with colour off the output is
//! plain text. Every piece of input text passes through [`sanitize`].

use std::io::{self, Write};

use colored::{ColoredString, Colorize};

use super::sanitize::sanitize;
use super::wrap::wrap;
use super::{Renderer, Summary};
use crate::analysis::{FindingReport, Mark, Report, Verdict};
use crate::input::Kind;
use crate::lexicon::{Family, Severity};

/// The widest the timeline gets; longer conversations are bucketed.
const TIMELINE_WIDTH: usize = 60;

/// `--format human`.
#[derive(Debug, Default)]
pub struct Human {
    /// Also list negated and quoted findings, and signals.
    pub verbose: bool,
    /// Wrap long lines to this many columns.
    pub width: Option<usize>,
    files: usize,
}

impl Human {
    /// A human renderer; `verbose` also lists uncounted findings and signals.
    pub fn new(verbose: bool) -> Self {
        Human { verbose, width: None, files: 0 }
    }

    /// Wraps long lines to `width` columns (see [`super::wrap::terminal_width`]).
    pub fn width(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }
}

impl Renderer for Human {
    fn file(&mut self, out: &mut dyn Write, r: &Report) -> io::Result<()> {
        if self.files > 0 {
            writeln!(out)?;
        }
        self.files += 1;
        header(out, r, self.width)?;
        for reason in &r.reasons {
            writeln!(out, "  • {}", wrap(&sanitize(reason), 4, 4, self.width))?;
        }
        if r.kind == Kind::Conversation {
            writeln!(out)?;
            speaker_table(out, r, self.width)?;
            timeline(out, r)?;
        }
        let shown: Vec<&FindingReport> =
            r.findings.iter().filter(|f| self.verbose || (f.counts() && f.family != Family::Signal)).collect();
        if !shown.is_empty() {
            writeln!(out)?;
        }
        // A rule's message and suggestion are printed once per file; later findings of
        // the same rule point back to the first.
        let mut first: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
        for f in shown {
            let earlier = first.get(f.rule.as_str()).cloned();
            finding(out, r, f, earlier, self.width)?;
            first.entry(&f.rule).or_insert_with(|| match r.position {
                Some(_) => super::place(r, f),
                None => format!("line {}", f.line),
            });
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        if s.files > 1 || !s.errors.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "{} files: {} coercive and {} mutual findings{}",
                s.files,
                s.coercive,
                s.mutual,
                if s.errors.is_empty() { String::new() } else { format!(", {} could not be read", s.errors.len()) }
            )?;
        }
        Ok(())
    }
}

fn verdict_style(v: Verdict, text: &str) -> ColoredString {
    let t = format!(" {} ", text.to_uppercase());
    match v {
        Verdict::Coercive => t.white().on_red().bold(),
        Verdict::PressuredAgreement | Verdict::OneSided => t.black().on_yellow().bold(),
        Verdict::MutualAgreement | Verdict::GoodFaith => t.black().on_green().bold(),
        Verdict::WorkingTowardAgreement => t.black().on_cyan().bold(),
        Verdict::Neutral | Verdict::Empty => t.black().on_white(),
    }
}

fn header(out: &mut dyn Write, r: &Report, width: Option<usize>) -> io::Result<()> {
    let kind = match r.kind {
        Kind::Conversation => format!("conversation · {} turns · {} speakers", r.timeline.len(), r.speakers.len()),
        Kind::Message => "message".to_string(),
    };
    // An NDJSON record is named by its id after the path.
    let id = match &r.id {
        None => String::new(),
        Some(serde_json::Value::String(s)) => format!(" #{s}"),
        Some(v) => format!(" #{v}"),
    };
    let name = sanitize(&format!("{}{id}", r.path)).into_owned();
    let gap = if width.is_some_and(|w| name.chars().count() + 2 + kind.chars().count() > w) { "\n  " } else { "  " };
    writeln!(out, "{}{gap}{}", name.bold(), kind.dimmed())?;
    let verdict = r.verdict.as_str().replace('-', " ");
    let Some(s) = &r.score else {
        return writeln!(out, "{}  {}", verdict_style(r.verdict, &verdict), "no score: nothing to measure".dimmed());
    };
    let parts = format!(
        "(agreement {} · mutuality {} · decisiveness {} · respect {})",
        s.agreement, s.mutuality, s.decisiveness, s.respect
    );
    let total = format!("{}  good-faith score {}/100", verdict_style(r.verdict, &verdict), s.total.to_string().bold());
    // The banner pads the verdict by a space on each side.
    let long = verdict.len() + 2 + 2 + "good-faith score 100/100".len() + 2 + parts.chars().count();
    let gap = if width.is_some_and(|w| long > w) { "\n  " } else { "  " };
    writeln!(out, "{total}{gap}{}", parts.dimmed())
}

/// Columns of the speaker table after the name, in full and on a narrow terminal.
const WIDE_COLUMNS: usize = 71;
const NARROW_COLUMNS: usize = 53;

fn speaker_table(out: &mut dyn Write, r: &Report, columns: Option<usize>) -> io::Result<()> {
    let longest = r.speakers.iter().map(|s| sanitize(&s.name).chars().count()).max().unwrap_or(7);
    let full = longest.clamp(7, 24);
    // On a narrow terminal: short headings, one space apart, names cut to what is left.
    let narrow = columns.filter(|&c| 2 + full + WIDE_COLUMNS > c);
    let width = narrow.map_or(full, |c| longest.clamp(7, c.saturating_sub(2 + NARROW_COLUMNS).max(7)));
    let headings = match narrow {
        Some(_) => "words share turns asked coerc mutual assent   press",
        None => "words  share  turns  questions  coercive  mutual  assent     pressure",
    };
    writeln!(out, "  {:<width$}  {headings}", "speaker".dimmed())?;
    for s in &r.speakers {
        let name: String = sanitize(&s.name).chars().take(width).collect();
        let assent = match (s.assented, s.resigned) {
            (_, true) => "resigned".yellow(),
            (true, false) => "yes".green(),
            (false, false) => "no".normal(),
        };
        let coercive = if s.coercive > 0 { s.coercive.to_string().red() } else { "0".normal() };
        let mutual = if s.mutual > 0 { s.mutual.to_string().green() } else { "0".normal() };
        let (words, share, turns, asked, pressure) = (s.words, s.share * 100.0, s.turns, s.questions, s.pressure);
        match narrow {
            Some(_) => writeln!(
                out,
                "  {name:<width$}  {words:>5} {share:>4.0}% {turns:>5} {asked:>5} {coercive:>5} {mutual:>6} {assent:<8} {pressure:>5.1}"
            )?,
            None => writeln!(
                out,
                "  {name:<width$}  {words:>5}  {share:>4.0}%  {turns:>5}  {asked:>9}  {coercive:>8}  {mutual:>6}  {assent:<9}  {pressure:>8.2}"
            )?,
        }
    }
    Ok(())
}

/// One cell per turn (bucketed when long): ▲ coercion, ● mutual move, ✓ assent, · other.
fn timeline(out: &mut dyn Write, r: &Report) -> io::Result<()> {
    if r.timeline.is_empty() {
        return Ok(());
    }
    let buckets = r.timeline.len().div_ceil(TIMELINE_WIDTH);
    let cells: String =
        r.timeline.chunks(buckets).map(|c| cell(Mark::most_telling(c))).map(|c| c.to_string()).collect();
    writeln!(out, "  {}  {}  {}", "timeline".dimmed(), cells, "▲ pressure ● mutual ✓ assent".dimmed())
}

fn cell(m: Mark) -> ColoredString {
    match m {
        Mark::Coercive => "▲".red().bold(),
        Mark::Mutual => "●".green(),
        Mark::Assent => "✓".blue().bold(),
        Mark::Plain => "·".dimmed(),
    }
}

fn finding(
    out: &mut dyn Write,
    r: &Report,
    f: &FindingReport,
    explained_on: Option<String>,
    width: Option<usize>,
) -> io::Result<()> {
    let sev = match f.severity {
        Severity::Error => "error".red().bold(),
        Severity::Warning => "warning".yellow().bold(),
        Severity::Info => "info".dimmed(),
    };
    let mut flags = String::new();
    if f.negated {
        flags.push_str(" (negated, not counted)");
    }
    if f.quoted {
        flags.push_str(" (quoted, not counted)");
    }
    let speaker = f.speaker.as_deref().map(|s| format!("  {}", sanitize(s))).unwrap_or_default();
    let at = match r.position {
        Some(_) => format!("{}: {}", sanitize(&r.path), super::place(r, f)),
        None => format!("{}:{}:{}", sanitize(&r.path), f.line, f.column),
    };
    let what = format!("{} {}{}", sev, f.rule.dimmed(), flags.dimmed());
    let long = at.chars().count() + speaker.chars().count() + 2 + sev.chars().count() + 1 + f.rule.len() + flags.len();
    let gap = if width.is_some_and(|w| long > w) { "\n    " } else { "  " };
    writeln!(out, "{}{}{gap}{what}", at.bold(), speaker.bold())?;
    writeln!(out, "    {}", wrap(&highlighted(f), 4, 4, width))?;
    if let Some(place) = explained_on {
        let note = format!("(same rule as {place}: see there for what it is and a better way)");
        return writeln!(out, "    {}", wrap(&note, 4, 4, width).dimmed());
    }
    // Messages come from lexicons, which a repository may bring: untrusted too.
    writeln!(out, "    {}", wrap(&sanitize(&f.message), 4, 4, width))?;
    if let Some(s) = &f.suggestion {
        writeln!(out, "    {} {}", "try:".cyan().bold(), wrap(&sanitize(s), 9, 9, width))?;
    }
    Ok(())
}

/// The sentence with the match marked: coloured when colour is on, «bracketed» always
/// so the mark survives without colour.
fn highlighted(f: &FindingReport) -> String {
    let [a, b] = f.highlight;
    let s = &f.sentence;
    let (a, b) = (a.min(s.len()), b.min(s.len()));
    if !(s.is_char_boundary(a) && s.is_char_boundary(b)) {
        return sanitize(s).into_owned();
    }
    let mark = format!("«{}»", sanitize(&s[a..b]));
    let mark = match (f.family, f.counts()) {
        (_, false) => mark.dimmed(),
        (Family::Coercive, _) => mark.red().bold(),
        (Family::Mutual, _) => mark.green().bold(),
        (Family::Signal, _) => mark.dimmed(),
    };
    format!("{}{}{}", sanitize(&s[..a]), mark, sanitize(&s[b..]))
}
