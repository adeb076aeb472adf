//! Lexicons: the rules (data in `lexicons/`), loaded, validated and compiled into one
//! [`Matcher`].

pub(crate) mod lists;
mod matcher;
mod regexes;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

pub use goodfaith_lexicon::pattern::{Elem, Phrase, MAX_GAP};
pub use goodfaith_lexicon::{
    Category, Family, LexiconError, NegationMode, Profile, QuestionMode, Requirement, Rule, RuleIdx, Severity, Written,
    ALLOW, MAX_PATTERNS_PER_RULE, MAX_PATTERN_LEN, MAX_REGEX_LEN, MAX_RULES_PER_FILE,
};
pub use matcher::{Matcher, RawHit};
pub use regexes::REGEX_SIZE_LIMIT;

use crate::model::{categories, Model};
use crate::text::Segmenter;
use goodfaith_lexicon::tables::Tables;
use goodfaith_lexicon::{built, compile, load_file, pattern, rule_phrases, RulePhrase};
use regexes::RuleRegex;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_lexicons.rs"));
}

/// The built-in lexicons' rules, loaded by `build.rs` (see [`built`]).
static EMBEDDED_RULES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded_lexicons.bin"));

/// The built-in rules' phrases and examples as written, decoded only when asked for.
static EMBEDDED_WRITTEN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded_written.bin"));

/// Bytes aligned for reading as `u32`s in place.
#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

/// The built-in lexicons' phrases, compiled by `build.rs` (see [`tables`]).
static EMBEDDED_TABLES: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/embedded_tables.bin")));

/// The most phrases (after expanding alternatives) one run may compile.
pub const MAX_PHRASES: usize = 500_000;

/// The most rule regexes one run may compile. Each runs on every sentence and may hold
/// up to [`REGEX_SIZE_LIMIT`] twice (program and DFA cache), so the count bounds
/// both time per sentence and memory.
pub const MAX_REGEXES: usize = 100;

/// Rules plus the matcher compiled from them, and the trained scorer that judges what
/// the rules do not spell out. Build once, share across threads.
#[derive(Debug, Clone)]
pub struct Lexicon {
    rules: Vec<Rule>,
    by_id: HashMap<String, RuleIdx>,
    written: WrittenTexts,
    matcher: Matcher,
    model: Option<Arc<Model>>,
    /// The rule each model category is reported under: coercive categories first, then
    /// mutual ones, in the model's order.
    learned: Vec<RuleIdx>,
}

/// Which trained scorer a lexicon carries.
#[derive(Debug, Clone, Default)]
pub enum ModelChoice {
    /// The built-in model (if the binary has one).
    #[default]
    Embedded,
    /// None: the lexicon alone.
    None,
    /// A model loaded from a file.
    Custom(Arc<Model>),
}

impl Lexicon {
    /// The built-in English lexicons.
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        Lexicon::builder().build()
    }

    /// A builder to add user lexicon files and allowed phrases.
    pub fn builder() -> LexiconBuilder {
        LexiconBuilder { embedded: true, sources: vec![], allow: vec![], model: ModelChoice::Embedded }
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

    /// What the author of the rule at `idx` wrote: its phrases and examples.
    pub fn written(&self, idx: RuleIdx) -> &Written {
        self.written.get(idx as usize)
    }

    /// The index of the rule with this id.
    pub fn find(&self, id: &str) -> Option<RuleIdx> {
        self.by_id.get(id).copied()
    }

    /// The compiled matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The trained scorer, if any.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_deref()
    }

    /// The rule a learned finding of the model's category `index` in `family` is reported under.
    pub fn learned_rule(&self, family: Family, index: usize) -> RuleIdx {
        let offset = match (family, &self.model) {
            (Family::Coercive, _) | (_, None) => 0,
            (_, Some(m)) => m.categories(Family::Coercive).len(),
        };
        self.learned[offset + index]
    }
}

/// Collects lexicon sources; [`LexiconBuilder::build`] validates and compiles them.
#[derive(Debug, Clone)]
pub struct LexiconBuilder {
    embedded: bool,
    sources: Vec<(String, String)>,
    allow: Vec<String>,
    model: ModelChoice,
}

impl LexiconBuilder {
    /// Whether to include the built-in lexicons and the built-in model (default: yes). A
    /// lexicon of your files alone has no model unless [`LexiconBuilder::model`] adds one.
    pub fn embedded(mut self, yes: bool) -> Self {
        self.embedded = yes;
        self.model = if yes { ModelChoice::Embedded } else { ModelChoice::None };
        self
    }

    /// Adds a lexicon file's contents; `path` names it in errors.
    pub fn source(mut self, path: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.push((path.into(), text.into()));
        self
    }

    /// Adds a lexicon file from disk.
    pub fn file(self, path: &std::path::Path) -> Result<Self, LexiconError> {
        let text =
            std::fs::read_to_string(path).map_err(|e| LexiconError::new(path.display().to_string(), e.to_string()))?;
        Ok(self.source(path.display().to_string(), text))
    }

    /// Which trained scorer to carry (default: the built-in one).
    pub fn model(mut self, model: ModelChoice) -> Self {
        self.model = model;
        self
    }

    /// Phrases (pattern syntax) that are never flagged by any rule.
    pub fn allow(mut self, phrases: impl IntoIterator<Item = String>) -> Self {
        self.allow.extend(phrases);
        self
    }

    /// Validates every file and compiles one matcher.
    pub fn build(self) -> Result<Lexicon, LexiconError> {
        let mut seg = Segmenter::new();
        let user = self
            .sources
            .iter()
            .map(|(path, source)| Ok((path.clone(), load_file(path, source, &mut seg)?)))
            .collect::<Result<Vec<_>, LexiconError>>()?;
        let mut written = WrittenTexts::default();
        let mut rules = Rules::default();
        let mut tables = vec![];
        // The built-in files were loaded and compiled when the binary was built (see
        // `built` and `tables`): their phrases are in tables used in place.
        if self.embedded {
            for (path, loaded) in built::read_rules(EMBEDDED_RULES) {
                for (rule, regex_line) in loaded {
                    rules.add(&path, rule, regex_line)?;
                    written.embedded += 1;
                }
            }
            tables.push(Tables::from_static(&EMBEDDED_TABLES.0));
        }
        let mut phrases = vec![];
        for (path, loaded_rules) in user {
            for loaded in loaded_rules {
                let rule = rules.add(&path, loaded.rule, loaded.regex_line)?;
                written.added.push(loaded.written);
                phrases.extend(rule_phrases(rule, loaded.phrases, loaded.exceptions));
            }
        }
        let before_allow = phrases.len();
        for phrase in &self.allow {
            let seqs = pattern::parse(phrase, &mut seg)
                .map_err(|m| LexiconError::new("allow", m).with_key(phrase.as_str()))?;
            phrases.extend(seqs.into_iter().map(|phrase| RulePhrase { rule: ALLOW, exception: true, phrase }));
        }
        let count = phrases.len() + tables.iter().map(Tables::phrase_count).sum::<usize>();
        let allowed = phrases.len() - before_allow;
        if count > MAX_PHRASES && count - allowed <= MAX_PHRASES {
            // The allowed phrases tipped it over: that is the config's `allow` list.
            return Err(LexiconError::new("allow", format!(
                    "{} phrases allowed after expanding alternatives, {count} with the lexicons; the limit is {MAX_PHRASES}",
                    allowed
                )));
        }
        if count > MAX_PHRASES {
            return Err(LexiconError::new(
                "lexicons",
                format!("{count} phrases after expanding alternatives; the limit is {MAX_PHRASES}"),
            ));
        }
        if rules.regexes.len() > MAX_REGEXES {
            return Err(LexiconError::new(
                "lexicons",
                format!("{} rules with a regex; the limit is {MAX_REGEXES}", rules.regexes.len()),
            )
            .with_key("regex"));
        }
        if !phrases.is_empty() {
            tables.push(compile(&phrases));
        }
        let model = match self.model {
            ModelChoice::Embedded => Model::embedded().map(|m| Arc::new(m.clone())),
            ModelChoice::None => None,
            ModelChoice::Custom(m) => Some(m),
        };
        let mut learned = vec![];
        if let Some(m) = &model {
            for family in [Family::Coercive, Family::Mutual] {
                for name in m.categories(family) {
                    let rule = categories::rule(family, name).expect("a loaded model's categories have texts");
                    learned.push(rules.add(categories::PATH, rule, 0)?);
                    written.added.push(Written::default());
                }
            }
        }
        let matcher = Matcher::new(tables, rules.regexes);
        Ok(Lexicon { rules: rules.rules, by_id: rules.by_id, written, matcher, model, learned })
    }
}

/// The rules' phrases and examples as written: the built-in rules' (which come first)
/// decoded from the binary the first time one is asked for, then the others'.
#[derive(Debug, Clone, Default)]
struct WrittenTexts {
    embedded: usize,
    decoded: OnceLock<Vec<Written>>,
    added: Vec<Written>,
}

impl WrittenTexts {
    fn get(&self, idx: usize) -> &Written {
        match idx.checked_sub(self.embedded) {
            Some(i) => &self.added[i],
            None => &self.decoded.get_or_init(|| built::read_written(EMBEDDED_WRITTEN))[idx],
        }
    }
}

/// Rules being collected: ids must be unique, regexes must compile.
#[derive(Default)]
struct Rules {
    rules: Vec<Rule>,
    by_id: HashMap<String, RuleIdx>,
    regexes: Vec<RuleRegex>,
}

impl Rules {
    /// Adds `rule` from the file at `path`; returns its index.
    fn add(&mut self, path: &str, rule: Rule, regex_line: u32) -> Result<RuleIdx, LexiconError> {
        let idx = self.rules.len() as RuleIdx;
        if self.by_id.insert(rule.id.clone(), idx).is_some() {
            return Err(LexiconError::new(path, "this rule id is defined twice").with_key(rule.id.as_str()));
        }
        if let Some(re) = &rule.regex {
            let compiled = RuleRegex::new(idx, re).map_err(|m| {
                LexiconError::new(path, format!("rule {}: {m}", rule.id)).with_line(regex_line).with_key("regex")
            })?;
            self.regexes.push(compiled);
        }
        self.rules.push(rule);
        Ok(idx)
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
    fn the_embedded_rules_and_tables_are_the_sources_built_now() {
        let now = built::build(Lexicon::embedded_sources()).unwrap();
        assert!(now.rules == EMBEDDED_RULES, "build.rs loaded the same rules");
        assert!(now.tables == EMBEDDED_TABLES.0, "build.rs compiled the same tables");
        let files = built::read_rules(EMBEDDED_RULES);
        assert!(files.iter().map(|(_, rules)| rules.len()).sum::<usize>() > 50);
        let rules = files.iter().flat_map(|(_, rules)| rules.iter().map(|(rule, _)| rule));
        assert_eq!(goodfaith_lexicon::covers_taxonomy(rules), Ok(()), "build.rs checked the categories");
    }

    #[test]
    fn user_files_are_matched_beside_the_built_in_tables() {
        let lex = Lexicon::builder().source("t.toml", GOOD).allow(["final answer".to_string()]).build().unwrap();
        assert_eq!(lex.matcher().phrase_count(), Lexicon::embedded().unwrap().matcher().phrase_count() + 2);
        let idx = lex.find("coercive.ultimatum.take-it").unwrap();
        let text = "Take it or leave it: my final answer.";
        let mut s = crate::text::Segmented::default();
        seg_all(text, &mut s);
        let mut hits = vec![];
        lex.matcher().find(&s, &mut hits);
        assert!(hits.iter().any(|h| h.rule == idx && h.words == (0..5)), "{hits:?}");
        assert!(hits.iter().any(|h| h.rule == ALLOW && h.exception), "{hits:?}");
    }

    fn seg_all(text: &str, out: &mut crate::text::Segmented) {
        Segmenter::new().segment(text, &[crate::text::Part::new(0..text.len(), false)], out);
    }

    #[test]
    fn rejects_duplicate_ids_and_bad_ids() {
        let twice = format!("{GOOD}\n{}", &GOOD[GOOD.find("[[rules]]").unwrap()..]);
        assert!(build(&twice).unwrap_err().message.contains("twice"));
        let bad = GOOD.replace("coercive.ultimatum.take-it", "coercive.threat.take-it");
        assert_eq!(build(&bad).unwrap_err().key.as_deref(), Some("id"));
    }
}
