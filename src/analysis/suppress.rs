//! Inline suppression, read from the original file's lines (not the analysed text:
//! the Markdown reader drops HTML comments from the prose):
//!
//! ```text
//! <!-- goodfaith-disable-next-line coercive.threat -- required by the works council -->
//! <!-- goodfaith-disable coercive.ultimatum.final-offer -->   …   <!-- goodfaith-enable -->
//! goodfaith-disable-next-line                                  (a plain line, any format)
//! ```
//!
//! A directive names rule ids, `family.category` or a family, separated by spaces or
//! commas; none means every rule. Text after ` -- ` is a reason for reviewers. A
//! directive that silences nothing is reported, like an unused `noqa`.

use serde::Serialize;

use super::report_schema::FindingReport;
use super::settings::Settings;
use crate::lexicon::Lexicon;

/// The marker every directive starts with; files without it are not parsed further.
pub const MARKER: &str = "goodfaith-";

/// Every rule, for a directive without names.
const ALL: &str = "*";

/// A suppression that silenced nothing, or names no rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnusedSuppression {
    /// 1-based line of the directive.
    pub line: u32,
    /// The rule or category named, `*` for a directive without names.
    pub rule: String,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
}

/// One name of one directive, and the lines it covers.
#[derive(Debug, Clone)]
struct Scope {
    /// The directive's line.
    line: u32,
    /// A rule id, `family.category`, a family, or [`ALL`].
    name: String,
    /// First and last line covered (inclusive).
    from: u32,
    to: u32,
    /// True for a next-line directive: a finding is covered when its lines overlap.
    overlap: bool,
    used: bool,
}

/// The inline suppressions of one file.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    scopes: Vec<Scope>,
}

impl Suppressions {
    /// No suppressions.
    pub fn none() -> Self {
        Suppressions::default()
    }

    /// Reads the directives of a file's text.
    ///
    /// ```
    /// use goodfaith::analysis::Suppressions;
    /// let s = Suppressions::parse("Intro.\n<!-- goodfaith-disable-next-line -->\n\nTake it or leave it.\n");
    /// assert_eq!(s.len(), 1);
    /// ```
    pub fn parse(text: &str) -> Self {
        if !text.contains(MARKER) {
            return Suppressions::none();
        }
        let lines: Vec<&str> = crate::text::lines(text).map(|r| &text[r]).collect();
        let parsed: Vec<Option<(Kind, Vec<String>)>> = lines.iter().map(|l| directive(l)).collect();
        let mut scopes = vec![];
        let mut open: Vec<Scope> = vec![];
        for (i, d) in parsed.iter().enumerate() {
            let line = i as u32 + 1;
            let Some((kind, names)) = d else { continue };
            let names = if names.is_empty() { vec![ALL.to_string()] } else { names.clone() };
            match kind {
                Kind::NextLine => {
                    let target = (i + 1..lines.len())
                        .find(|&j| parsed[j].is_none() && !lines[j].trim().is_empty())
                        .map_or(line + 1, |j| j as u32 + 1);
                    scopes.extend(names.into_iter().map(|name| Scope {
                        line,
                        name,
                        from: target,
                        to: target,
                        overlap: true,
                        used: false,
                    }));
                }
                Kind::Disable => open.extend(names.into_iter().map(|name| Scope {
                    line,
                    name,
                    from: line + 1,
                    to: u32::MAX,
                    overlap: false,
                    used: false,
                })),
                Kind::Enable => {
                    let closes = |s: &Scope| d.as_ref().is_some_and(|(_, n)| n.is_empty() || n.contains(&s.name));
                    let (closed, still): (Vec<Scope>, Vec<Scope>) = open.drain(..).partition(closes);
                    open = still;
                    scopes.extend(closed.into_iter().map(|s| Scope { to: line.saturating_sub(1), ..s }));
                }
            }
        }
        scopes.extend(open);
        Suppressions { scopes }
    }

    /// The number of (directive, name) pairs.
    pub fn len(&self) -> usize {
        self.scopes.len()
    }

    /// True when the file has no directives.
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    /// True when a directive covers `f`; records that the directive was used.
    pub fn silences(&mut self, f: &FindingReport) -> bool {
        let mut hit = false;
        for s in self.scopes.iter_mut().filter(|s| s.covers(f)) {
            hit = true;
            // A bare directive is "used" only when it silenced a problem; one that names
            // a rule, when it silenced a counted finding of that rule.
            s.used |= if s.name == ALL { f.is_problem() } else { f.counts() };
        }
        hit
    }

    /// Directives that silenced nothing, or name no rule of `lexicon`, in line order.
    pub fn unused(&self, lexicon: &Lexicon) -> Vec<UnusedSuppression> {
        let mut out: Vec<UnusedSuppression> = self
            .scopes
            .iter()
            .filter(|s| !s.used)
            .map(|s| {
                let message = if s.name != ALL && Settings::select(lexicon, &s.name).is_err() {
                    format!("suppression names no rule or category `{}` (see `goodfaith rules`)", s.name)
                } else if s.name == ALL {
                    "unused suppression: it silences no finding".to_string()
                } else {
                    format!("unused suppression: it silences no `{}` finding", s.name)
                };
                UnusedSuppression { line: s.line, rule: s.name.clone(), message }
            })
            .collect();
        out.sort_by(|a, b| (a.line, &a.rule).cmp(&(b.line, &b.rule)));
        out
    }
}

impl Scope {
    fn covers(&self, f: &FindingReport) -> bool {
        let lines = if self.overlap {
            f.line <= self.to && self.from <= f.end_line.max(f.line)
        } else {
            (self.from..=self.to).contains(&f.line)
        };
        lines && names_rule(&self.name, &f.rule)
    }
}

/// True when `name` (a rule id, `family.category`, a family or `*`) selects `rule`.
fn names_rule(name: &str, rule: &str) -> bool {
    name == ALL || rule == name || rule.strip_prefix(name).is_some_and(|rest| rest.starts_with('.'))
}

/// The directive on a line, if the whole line is one: bare, or in an HTML comment.
fn directive(line: &str) -> Option<(Kind, Vec<String>)> {
    let mut s = line.trim();
    if !s.contains(MARKER) {
        return None;
    }
    if let Some(rest) = s.strip_prefix("<!--") {
        s = rest.strip_suffix("-->")?.trim();
    }
    let (word, rest) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
    let kind = match word.trim_end_matches(':') {
        "goodfaith-disable-next-line" => Kind::NextLine,
        "goodfaith-disable" => Kind::Disable,
        "goodfaith-enable" => Kind::Enable,
        _ => return None,
    };
    let names = match rest.trim_start().strip_prefix("--") {
        Some(_) => "",
        None => rest.split(" --").next().unwrap_or(""),
    };
    let names = names
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|n| !n.is_empty())
        .map(|n| n.to_ascii_lowercase())
        .collect();
    Some((kind, names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Family, Severity};

    fn finding(rule: &str, line: u32, end_line: u32) -> FindingReport {
        let family = if rule.starts_with("coercive") { Family::Coercive } else { Family::Mutual };
        FindingReport {
            rule: rule.into(),
            family,
            category: rule.split('.').nth(1).unwrap_or("").into(),
            severity: if family == Family::Coercive { Severity::Error } else { Severity::Info },
            line,
            column: 1,
            end_line,
            end_column: 5,
            span: None,
            page: None,
            speaker: None,
            turn: 1,
            matched: "x".into(),
            sentence: "x".into(),
            highlight: [0, 1],
            text_span: [0, 1],
            message: "m".into(),
            suggestion: None,
            negated: false,
            quoted: false,
            weight: 1.0,
            confidence: None,
            evidence: vec![],
        }
    }

    #[test]
    fn parses_directive_lines() {
        // (line, expected kind, expected names)
        type Case<'a> = (&'a str, Option<(Kind, &'a [&'a str])>);
        let cases: &[Case] = &[
            ("<!-- goodfaith-disable-next-line -->", Some((Kind::NextLine, &[]))),
            (
                "  <!--goodfaith-disable coercive.threat, coercive.guilt-->",
                Some((Kind::Disable, &["coercive.threat", "coercive.guilt"])),
            ),
            ("goodfaith-enable", Some((Kind::Enable, &[]))),
            (
                "goodfaith-disable-next-line: Coercive.Threat -- legal wording",
                Some((Kind::NextLine, &["coercive.threat"])),
            ),
            ("<!-- goodfaith-disable -- whole file, reviewed 2024 -->", Some((Kind::Disable, &[]))),
            ("<!-- goodfaith-disable-next-line", None),
            ("Please do not add goodfaith-disable here.", None),
            ("goodfaith-disabled", None),
            ("Take it or leave it.", None),
        ];
        for (line, want) in cases {
            let got = directive(line);
            let want = want.map(|(k, n)| (k, n.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
            assert_eq!(got, want, "{line:?}");
        }
    }

    #[test]
    fn next_line_skips_blank_and_directive_lines() {
        let text = "a\n<!-- goodfaith-disable-next-line coercive.threat -->\n<!-- goodfaith-disable-next-line coercive.guilt -->\n\nthreat and guilt\nthreat again\n";
        let mut s = Suppressions::parse(text);
        assert!(s.silences(&finding("coercive.threat.veiled", 5, 5)));
        assert!(s.silences(&finding("coercive.guilt.debt", 5, 5)));
        assert!(!s.silences(&finding("coercive.threat.veiled", 6, 6)), "only the next line");
        assert!(!s.silences(&finding("coercive.blame.always", 5, 5)), "only the named rules");
        assert!(s.silences(&finding("coercive.threat.veiled", 4, 5)), "a finding overlapping the line");
    }

    #[test]
    fn directive_lines_are_counted_as_findings_are() {
        // Findings count a lone carriage return as a line end; so must the directives.
        for end in ["\n", "\r\n", "\r"] {
            let text = ["a", "<!-- goodfaith-disable-next-line -->", "", "threat", "threat again", ""].join(end);
            let mut s = Suppressions::parse(&text);
            assert!(s.silences(&finding("coercive.threat.veiled", 4, 4)), "{end:?}");
            assert!(!s.silences(&finding("coercive.threat.veiled", 5, 5)), "{end:?}");
        }
    }

    #[test]
    fn blocks_run_to_enable_or_end_of_file() {
        let text = "goodfaith-disable coercive.threat\nx\ngoodfaith-enable\ny\ngoodfaith-disable\nz\n";
        let mut s = Suppressions::parse(text);
        assert!(s.silences(&finding("coercive.threat.veiled", 2, 2)));
        assert!(!s.silences(&finding("coercive.threat.veiled", 4, 4)), "after goodfaith-enable");
        assert!(s.silences(&finding("coercive.guilt.debt", 6, 6)), "an unclosed block runs to the end");
        let text = "goodfaith-disable coercive.threat coercive.guilt\ngoodfaith-enable coercive.guilt\nx\n";
        let mut s = Suppressions::parse(text);
        assert!(s.silences(&finding("coercive.threat.veiled", 3, 3)));
        assert!(!s.silences(&finding("coercive.guilt.debt", 3, 3)), "enable with a name closes that one");
    }

    #[test]
    fn names_select_rules_categories_and_families() {
        assert!(names_rule("coercive.threat", "coercive.threat.veiled"));
        assert!(names_rule("coercive", "coercive.threat.veiled"));
        assert!(names_rule("coercive.threat.veiled", "coercive.threat.veiled"));
        assert!(!names_rule("coercive.thr", "coercive.threat.veiled"));
        assert!(!names_rule("coercive.threat.veil", "coercive.threat.veiled"));
    }

    #[test]
    fn reports_what_silenced_nothing() {
        let lexicon = Lexicon::embedded().unwrap();
        let text = "<!-- goodfaith-disable-next-line -->\nfine\n<!-- goodfaith-disable-next-line coercive.nonsense -->\nx\n<!-- goodfaith-disable-next-line coercive.threat -->\nthreat\n<!-- goodfaith-disable-next-line -->\nrapport only\n";
        let mut s = Suppressions::parse(text);
        assert!(s.silences(&finding("coercive.threat.veiled", 6, 6)));
        assert!(s.silences(&finding("mutual.rapport.greeting", 8, 8)), "a bare directive silences every rule");
        let unused = s.unused(&lexicon);
        let got: Vec<(u32, &str)> = unused.iter().map(|u| (u.line, u.rule.as_str())).collect();
        assert_eq!(got, [(1, "*"), (3, "coercive.nonsense"), (7, "*")], "{unused:?}");
        assert!(unused[1].message.contains("names no rule"));
    }
}
