//! Lexicons: the rules (data in `lexicons/`), loaded, validated and compiled into one
//! [`Matcher`].

mod error;
mod load;
mod matcher;
mod pattern;
mod schema;

use std::collections::HashMap;
use std::sync::Arc;

pub use error::LexiconError;
pub use load::{MAX_PATTERNS_PER_RULE, MAX_PATTERN_LEN, MAX_REGEX_LEN, MAX_RULES_PER_FILE};
pub use matcher::{Matcher, RawHit, RuleIdx, ALLOW, REGEX_SIZE_LIMIT};
pub use pattern::{Elem, Phrase, MAX_GAP};
pub use schema::{Family, NegationMode, Profile, QuestionMode, Requirement, Severity};

use crate::text::Segmenter;
use matcher::RulePhrase;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_lexicons.rs"));
}

/// The most phrases (after expanding alternatives) one run may compile.
pub const MAX_PHRASES: usize = 500_000;

/// The most rule regexes one run may compile. Each runs on every sentence and may hold
/// up to [`REGEX_SIZE_LIMIT`] twice (program and DFA cache), so the count bounds
/// both time per sentence and memory.
pub const MAX_REGEXES: usize = 100;

/// One rule with its metadata.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `<family>.<category>.<name>`.
    pub id: String,
    /// Coercive, mutual or signal.
    pub family: Family,
    /// The TAXONOMY.md category.
    pub category: String,
    /// How serious a hit is.
    pub severity: Severity,
    /// How much one hit counts.
    pub weight: f32,
    /// What it is and why it matters to the other side.
    pub message: Arc<str>,
    /// A longer explanation.
    pub why: Option<String>,
    /// A better way to say it.
    pub suggestion: Option<Arc<str>>,
    /// The phrases as written.
    pub patterns: Vec<String>,
    /// Exception phrases as written.
    pub exceptions: Vec<String>,
    /// The regex as written.
    pub regex: Option<String>,
    /// Coercive hits inside questions.
    pub questions: QuestionMode,
    /// Negation handling.
    pub negation: NegationMode,
    /// A condition the hit needs around it.
    pub requires: Option<Requirement>,
    /// Profiles the rule is active in (all when `None`).
    pub profiles: Option<Vec<Profile>>,
    /// Texts that must produce this rule.
    pub must_match: Vec<String>,
    /// Texts that must not produce this rule.
    pub no_match: Vec<String>,
    /// The file it came from.
    pub source: String,
    /// Negators its patterns spell out ("I don't want to hear excuses"): these belong
    /// to the phrase; any other negator inside a hit negates it.
    pub pattern_negators: Vec<String>,
}

impl Rule {
    /// `family.category`, the name that selects the whole category in config.
    pub fn category_id(&self) -> String {
        format!("{}.{}", self.family.as_str(), self.category)
    }

    /// True when the rule runs under `profile`.
    pub fn active_in(&self, profile: Profile) -> bool {
        self.profiles.as_ref().is_none_or(|ps| ps.contains(&profile))
    }
}

/// Rules plus the matcher compiled from them. Build once, share across threads.
#[derive(Debug, Clone)]
pub struct Lexicon {
    rules: Vec<Rule>,
    by_id: HashMap<String, RuleIdx>,
    matcher: Matcher,
}

impl Lexicon {
    /// The built-in English lexicons.
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        Lexicon::builder().build()
    }

    /// A builder to add user lexicon files and allowed phrases.
    pub fn builder() -> LexiconBuilder {
        LexiconBuilder { embedded: true, sources: vec![], allow: vec![] }
    }

    /// The paths and contents of the built-in lexicon files.
    pub fn embedded_sources() -> impl Iterator<Item = (String, &'static str)> {
        embedded::EMBEDDED.iter().map(|(p, s)| (format!("<embedded>/{p}"), *s))
    }

    /// Every rule, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule at `idx`.
    pub fn rule(&self, idx: RuleIdx) -> &Rule {
        &self.rules[idx as usize]
    }

    /// The index of the rule with this id.
    pub fn find(&self, id: &str) -> Option<RuleIdx> {
        self.by_id.get(id).copied()
    }

    /// The compiled matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }
}

/// Collects lexicon sources; [`LexiconBuilder::build`] validates and compiles them.
#[derive(Debug, Clone)]
pub struct LexiconBuilder {
    embedded: bool,
    sources: Vec<(String, String)>,
    allow: Vec<String>,
}

impl LexiconBuilder {
    /// Whether to include the built-in lexicons (default: yes).
    pub fn embedded(mut self, yes: bool) -> Self {
        self.embedded = yes;
        self
    }

    /// Adds a lexicon file's contents; `path` names it in errors.
    pub fn source(mut self, path: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.push((path.into(), text.into()));
        self
    }

    /// Adds a lexicon file from disk.
    pub fn file(self, path: &std::path::Path) -> Result<Self, LexiconError> {
        let text = std::fs::read_to_string(path).map_err(|e| LexiconError {
            path: path.display().to_string(),
            line: None,
            key: None,
            message: e.to_string(),
        })?;
        Ok(self.source(path.display().to_string(), text))
    }

    /// Phrases (pattern syntax) that are never flagged by any rule.
    pub fn allow(mut self, phrases: impl IntoIterator<Item = String>) -> Self {
        self.allow.extend(phrases);
        self
    }

    /// Validates every file and compiles one matcher.
    pub fn build(self) -> Result<Lexicon, LexiconError> {
        let mut seg = Segmenter::new();
        let mut rules = vec![];
        let mut by_id = HashMap::new();
        let mut phrases = vec![];
        let mut regexes = vec![];
        let embedded: Vec<(String, String)> =
            if self.embedded { Lexicon::embedded_sources().map(|(p, s)| (p, s.to_string())).collect() } else { vec![] };
        for (path, source) in embedded.iter().chain(&self.sources) {
            for loaded in load::load_file(path, source, &mut seg)? {
                let idx = rules.len() as RuleIdx;
                if by_id.insert(loaded.rule.id.clone(), idx).is_some() {
                    return Err(LexiconError {
                        path: path.clone(),
                        line: None,
                        key: Some(loaded.rule.id.clone()),
                        message: "this rule id is defined twice".into(),
                    });
                }
                phrases.extend(loaded.phrases.into_iter().map(|phrase| RulePhrase {
                    rule: idx,
                    exception: false,
                    phrase,
                }));
                phrases.extend(loaded.exceptions.into_iter().map(|phrase| RulePhrase {
                    rule: idx,
                    exception: true,
                    phrase,
                }));
                if let Some(re) = loaded.regex {
                    regexes.push((idx, re));
                }
                rules.push(loaded.rule);
            }
        }
        for phrase in &self.allow {
            let seqs = pattern::parse(phrase, &mut seg).map_err(|m| LexiconError {
                path: "allow".into(),
                line: None,
                key: Some(phrase.clone()),
                message: m,
            })?;
            phrases.extend(seqs.into_iter().map(|phrase| RulePhrase { rule: ALLOW, exception: true, phrase }));
        }
        if phrases.len() > MAX_PHRASES {
            return Err(LexiconError {
                path: "lexicons".into(),
                line: None,
                key: None,
                message: format!("{} phrases after expanding alternatives; the limit is {MAX_PHRASES}", phrases.len()),
            });
        }
        if regexes.len() > MAX_REGEXES {
            return Err(LexiconError {
                path: "lexicons".into(),
                line: None,
                key: Some("regex".into()),
                message: format!("{} rules with a regex; the limit is {MAX_REGEXES}", regexes.len()),
            });
        }
        let matcher = Matcher::new(phrases, regexes).map_err(|m| LexiconError {
            path: "lexicons".into(),
            line: None,
            key: None,
            message: m,
        })?;
        Ok(Lexicon { rules, by_id, matcher })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
family = "coercive"
category = "ultimatum"

[[rules]]
id = "coercive.ultimatum.take-it"
severity = "error"
message = "Ends the negotiation."
suggestion = "Say what is fixed and why."
patterns = ["take it or leave it"]
match = ["Take it or leave it."]
no_match = ["Take it with you."]
"#;

    fn build(src: &str) -> Result<Lexicon, LexiconError> {
        Lexicon::builder().embedded(false).source("t.toml", src).build()
    }

    #[test]
    fn loads_a_file() {
        let lex = build(GOOD).unwrap();
        assert_eq!(lex.rules().len(), 1);
        assert_eq!(lex.find("coercive.ultimatum.take-it"), Some(0));
        assert_eq!(lex.rule(0).category_id(), "coercive.ultimatum");
    }

    #[test]
    fn errors_name_file_line_and_key() {
        // (what, replace this, with this, expected line, expected key)
        let cases: &[(&str, &str, &str, u32, Option<&str>)] = &[
            ("unknown key", "patterns = [", "foo = 1\npatterns = [", 10, Some("foo")),
            ("bad severity", "\"error\"", "\"loud\"", 7, None),
            ("bad pattern", "[\"take it or leave it\"]", "[\"take it\",\n  \"{a|b\"]", 11, Some("patterns")),
            ("no suggestion", "suggestion = \"Say what is fixed and why.\"", "", 6, Some("suggestion")),
            ("bad weight", "patterns = [", "weight = 9.0\npatterns = [", 10, Some("weight")),
            ("bad regex", "patterns = [", "regex = \"(unclosed\"\npatterns = [", 10, Some("regex")),
        ];
        for &(name, from, to, line, key) in cases {
            let src = GOOD.replacen(from, to, 1);
            let err = build(&src).unwrap_err();
            assert_eq!((err.path.as_str(), err.line), ("t.toml", Some(line)), "{name}: {err}");
            if key.is_some() {
                assert_eq!(err.key.as_deref(), key, "{name}: {err}");
            }
        }
    }

    #[test]
    fn rejects_duplicate_ids_and_bad_ids() {
        let twice = format!("{GOOD}\n{}", &GOOD[GOOD.find("[[rules]]").unwrap()..]);
        assert!(build(&twice).unwrap_err().message.contains("twice"));
        let bad = GOOD.replace("coercive.ultimatum.take-it", "coercive.threat.take-it");
        assert_eq!(build(&bad).unwrap_err().key.as_deref(), Some("id"));
    }
}
