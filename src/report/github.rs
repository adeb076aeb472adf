//! `--format github`: GitHub Actions workflow commands, one annotation per problem
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), shown on the
//! pull request's changed lines. Values are escaped the way the runner requires
//! (`%`, CR, LF everywhere; also `:` and `,` in properties), after control characters
//! from the input are made visible.

use std::io::{self, Write};

use super::sanitize::sanitize;
use super::{Renderer, Summary, UNUSED_SUPPRESSION};
use crate::analysis::{FindingReport, Report};
use crate::lexicon::Severity;

/// `--format github`.
#[derive(Debug, Default)]
pub struct Github;

impl Renderer for Github {
    fn file(&mut self, out: &mut dyn Write, r: &Report) -> io::Result<()> {
        let file = property(&r.path);
        for f in r.findings.iter().filter(|f| f.is_problem()) {
            writeln!(
                out,
                "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                level(f.severity),
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                property(&f.rule),
                data(&format!("{}{}", message(f), super::place_note(r, f)))
            )?;
        }
        for u in &r.unused_suppressions {
            writeln!(
                out,
                "::warning file={file},line={},title={}::{}",
                u.line,
                property(UNUSED_SUPPRESSION),
                data(&sanitize(&u.message))
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        for e in &summary.errors {
            writeln!(out, "::error file={},title=goodfaith::{}", property(&e.path), data(&sanitize(&e.message)))?;
        }
        Ok(())
    }
}

/// The annotation's level.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The annotation text: the matched words, what it is, a better way to say it.
fn message(f: &FindingReport) -> String {
    let mut m = format!("\u{201c}{}\u{201d}: {}", sanitize(&f.matched), sanitize(&f.message));
    if let Some(s) = &f.suggestion {
        m.push_str("\nBetter: ");
        m.push_str(&sanitize(s));
    }
    m
}

/// Escapes a message (the part after `::`).
pub fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`file=…`, `title=…`), made safe for a log first.
pub fn property(s: &str) -> String {
    data(&sanitize(s)).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(fixture::render(&mut Github));
    }

    #[test]
    fn escapes_as_the_runner_requires() {
        assert_eq!(data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(property("a,b:c%d"), "a%2Cb%3Ac%25d");
        assert_eq!(
            property("evil\n::error::x"),
            "evil %3A%3Aerror%3A%3Ax",
            "a newline in a path cannot start a command"
        );
        assert_eq!(property("\x1b[31mred"), "\\x1b[31mred");
    }

    #[test]
    fn every_line_is_one_command() {
        let text = fixture::render(&mut Github);
        for line in text.lines() {
            assert!(
                line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
                "{line}"
            );
        }
    }
}
