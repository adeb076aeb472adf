//! The built-in lexicons, loaded and compiled when the binary is built: `build.rs` runs
//! [`build`] on every file under `lexicons/`, with the same code as a user's
//! `--lexicon FILE`, and embeds the result, so start-up parses no TOML and compiles no
//! phrase. The rules are serialised with serde in postcard's compact format (a new
//! field of [`Rule`] needs no code here); the phrases are the [`crate::tables`], used in
//! place. What the rules' authors wrote ([`Written`]: phrases and examples, four fifths of
//! the bytes) is a blob of its own, read only by what lists or tests rules: start-up
//! reads the rest, so a short email is checked without decoding 600 KB of examples.

use goodfaith_text::Segmenter;

use crate::compile::{compile, rule_phrases};
use crate::error::LexiconError;
use crate::load::load_file;
use crate::rule::{Rule, Written};

/// The rules of one file, by the path they are reported under, each with the line of
/// its `regex` key.
pub type File = (String, Vec<(Rule, u32)>);

/// Lexicon files loaded and compiled, ready to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// Every file's rules ([`read_rules`] reads them back).
    pub rules: Vec<u8>,
    /// Every rule's [`Written`], in rule order ([`read_written`] reads them back).
    pub written: Vec<u8>,
    /// Every rule's phrases compiled, numbered by rule in file order
    /// ([`crate::tables::Tables::from_static`] reads them).
    pub tables: Vec<u8>,
}

/// Loads and compiles `sources` (path, contents), in order; a broken file is the error a
/// user's file would get.
pub fn build<'a>(sources: impl IntoIterator<Item = (String, &'a str)>) -> Result<Built, LexiconError> {
    let mut seg = Segmenter::new();
    let (mut files, mut phrases, mut next_rule): (Vec<File>, _, u32) = (vec![], vec![], 0);
    let mut written = vec![];
    for (path, source) in sources {
        let mut rules = vec![];
        for loaded in load_file(&path, source, &mut seg)? {
            phrases.extend(rule_phrases(next_rule, loaded.phrases, loaded.exceptions));
            rules.push((loaded.rule, loaded.regex_line));
            written.push(loaded.written);
            next_rule += 1;
        }
        files.push((path, rules));
    }
    let rules = postcard::to_allocvec(&files).expect("rules serialise");
    let written = postcard::to_allocvec(&written).expect("written texts serialise");
    Ok(Built { rules, written, tables: compile(&phrases).to_bytes() })
}

/// Reads back the rules [`build`] wrote. They are built with the binary, so malformed
/// ones are a build bug: it panics with a message saying so.
pub fn read_rules(bytes: &[u8]) -> Vec<File> {
    postcard::from_bytes(bytes).expect("the embedded lexicon rules are malformed: rebuild goodfaith")
}

/// Reads back the rules' written texts [`build`] wrote, one per rule in rule order.
pub fn read_written(bytes: &[u8]) -> Vec<Written> {
    postcard::from_bytes(bytes).expect("the embedded lexicon texts are malformed: rebuild goodfaith")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Family, NegationMode, Profile, QuestionMode, Requirement, Severity};
    use crate::tables::PHRASE_SIZE;

    const FILE: &str = r#"
family = "mutual"
category = "options"

[[rules]]
id = "mutual.options.either"
severity = "info"
message = "Offers a choice."
patterns = ["we could do either", "{first|second} option works"]
exceptions = ["first option works against"]

[[rules]]
id = "mutual.options.or"
severity = "info"
message = "m"
regex = 'or\s+we\s+could'
"#;

    #[test]
    fn rules_read_back_as_loaded_and_phrases_are_numbered_by_rule() {
        let second = FILE.replace("either", "x");
        let built = build([("a.toml".to_string(), FILE), ("b.toml".to_string(), &second)]).unwrap();
        let files = read_rules(&built.rules);
        assert_eq!(
            files.iter().map(|(p, r)| (p.as_str(), r.len())).collect::<Vec<_>>(),
            [("a.toml", 2), ("b.toml", 2)]
        );
        let (rule, regex_line) = &files[0].1[1];
        assert_eq!(
            (rule.id.as_str(), rule.regex.as_deref(), *regex_line),
            ("mutual.options.or", Some(r"or\s+we\s+could"), 16)
        );
        assert_eq!(files[1].1[0].0.id, "mutual.options.x");
        // The written texts come back apart, one per rule in the same order.
        let written = read_written(&built.written);
        assert_eq!(written.len(), 4);
        assert_eq!(written[0].patterns, ["we could do either", "{first|second} option works"]);
        assert_eq!(written[0].exceptions, ["first option works against"]);
        assert_eq!(written[2].patterns, ["we could do x", "{first|second} option works"]);
        assert!(written[1].patterns.is_empty() && written[3].patterns.is_empty(), "regex rules");
        // The first rule of each file has two phrases and an exception, the second only a
        // regex. Rules are numbered across files.
        let tables = crate::tables::read_back(&built.tables);
        let rules: Vec<u32> = tables.view().phrases.chunks(PHRASE_SIZE).map(|p| p[0]).collect();
        assert_eq!(rules, [0, 0, 0, 2, 2, 2]);
    }

    #[test]
    fn every_variant_reads_back() {
        let files = build([("a.toml".to_string(), FILE)]).unwrap();
        let mut rule = read_rules(&files.rules)[0].1[0].0.clone();
        let families = [Family::Coercive, Family::Mutual, Family::Signal];
        let severities = [Severity::Info, Severity::Warning, Severity::Error];
        for i in 0..4 {
            rule.family = families[i % 3];
            rule.severity = severities[i % 3];
            rule.questions = [QuestionMode::Neutral, QuestionMode::Keep][i % 2];
            rule.negation = [NegationMode::Apply, NegationMode::Ignore][i % 2];
            rule.requires = (i % 2 == 0).then_some(Requirement::Condition);
            rule.profiles = (i > 0).then(|| Profile::ALL[..i].to_vec());
            rule.why = (i % 2 == 1).then(|| "why".to_string());
            let file = vec![("f".to_string(), vec![(rule.clone(), i as u32)])];
            assert_eq!(read_rules(&postcard::to_allocvec(&file).unwrap()), file, "variant set {i}");
        }
    }
}
