//! `--format markdown`: a summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
//! One table row per file with problems, streamed as files come in, then a closing line
//! with the totals and a table of findings (at most [`MAX_FINDINGS`] rows, so a comment
//! stays under GitHub's size limit and memory stays flat). Text from the input is
//! escaped: it can neither break the table, inject HTML, mention people nor add links.

use std::io::{self, Write};

use super::sanitize::sanitize;
use super::{Renderer, Summary, UNUSED_SUPPRESSION};
use crate::analysis::{FindingReport, Report};

/// Findings listed in the closing table; the rest are counted.
pub const MAX_FINDINGS: usize = 100;

/// `--format markdown`.
#[derive(Debug, Default)]
pub struct Markdown {
    files_with_problems: usize,
    rows: Vec<String>,
    more: usize,
}

impl Renderer for Markdown {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "## goodfaith\n")
    }

    fn file(&mut self, out: &mut dyn Write, r: &Report) -> io::Result<()> {
        let problems: Vec<&FindingReport> = r.findings.iter().filter(|f| f.is_problem()).collect();
        if problems.is_empty() && r.unused_suppressions.is_empty() {
            return Ok(());
        }
        if self.files_with_problems == 0 {
            writeln!(out, "| File | Verdict | Score | Errors | Warnings | Unused suppressions |")?;
            writeln!(out, "|---|---|---:|---:|---:|---:|")?;
        }
        self.files_with_problems += 1;
        let count = |s: crate::lexicon::Severity| problems.iter().filter(|f| f.severity == s).count();
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            escape(&r.path),
            r.verdict.as_str(),
            r.score.as_ref().map_or_else(|| "–".to_string(), |s| s.total.to_string()),
            count(crate::lexicon::Severity::Error),
            count(crate::lexicon::Severity::Warning),
            r.unused_suppressions.len()
        )?;
        for f in problems {
            let at = match r.position {
                Some(_) => format!(", {}", super::place(r, f)),
                None => format!(":{}", f.line),
            };
            self.row(format!(
                "| {}{at} | {} | `{}` | {} | {} |",
                escape(&r.path),
                f.severity.as_str(),
                f.rule,
                escape(&f.matched),
                escape(f.suggestion.as_deref().unwrap_or(&f.message))
            ));
        }
        for u in &r.unused_suppressions {
            self.row(format!(
                "| {}:{} | warning | `{UNUSED_SUPPRESSION}` | | {} |",
                escape(&r.path),
                u.line,
                escape(&u.message)
            ));
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        if self.files_with_problems > 0 {
            writeln!(out)?;
        }
        let files = if s.files == 1 { "file" } else { "files" };
        write!(out, "**{} {files} checked**", s.files)?;
        if self.files_with_problems == 0 {
            write!(out, ": no problems found")?;
        } else {
            write!(out, ", {} with problems", self.files_with_problems)?;
        }
        writeln!(out, "; {} coercive and {} mutual findings in all.", s.coercive, s.mutual)?;
        for e in &s.errors {
            writeln!(out, "\n:warning: {} could not be read: {}", escape(&e.path), escape(&e.message))?;
        }
        if !self.rows.is_empty() {
            writeln!(out, "\n### Findings\n")?;
            writeln!(out, "| Where | Severity | Rule | Text | A better way |")?;
            writeln!(out, "|---|---|---|---|---|")?;
            for row in &self.rows {
                writeln!(out, "{row}")?;
            }
            if self.more > 0 {
                writeln!(out, "\n… and {} more (see the full report).", self.more)?;
            }
        }
        Ok(())
    }
}

impl Markdown {
    fn row(&mut self, row: String) {
        if self.rows.len() < MAX_FINDINGS {
            self.rows.push(row);
        } else {
            self.more += 1;
        }
    }
}

/// Input text made inert in a GitHub-flavoured Markdown table cell: control characters
/// visible, line breaks as spaces, Markdown punctuation backslash-escaped, `<` and `&`
/// as entities, and `@` and `://` broken with a zero-width space so that nobody is
/// mentioned and no link is made.
pub fn escape(text: &str) -> String {
    let text = sanitize(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("@\u{200b}"),
            ':' if chars.peek() == Some(&'/') => out.push_str(":\u{200b}"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(fixture::render(&mut Markdown::default()));
    }

    #[test]
    fn escapes_input_text() {
        let cases = [
            ("a | b", "a \\| b"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
            ("**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"),
            ("ping @team", "ping @\u{200b}team"),
            ("see https://evil.example", "see https:\u{200b}//evil.example"),
            ("line\nbreak", "line break"),
            ("[link](x)", "\\[link\\]\\(x\\)"),
        ];
        for (raw, want) in cases {
            assert_eq!(escape(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn caps_the_findings_table() {
        let mut md = Markdown::default();
        for i in 0..MAX_FINDINGS + 5 {
            md.row(format!("| {i} |"));
        }
        assert_eq!((md.rows.len(), md.more), (MAX_FINDINGS, 5));
    }
}
