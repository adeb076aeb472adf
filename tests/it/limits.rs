//! A user lexicon cannot make a run slow or large: every size limit is enforced with an
//! error that names the file and the key, and a regex the user writes runs in linear
//! time (the regex crate has no backtracking) within a bounded compiled size.

use std::time::{Duration, Instant};

use goodfaith::analysis::Analyzer;
use goodfaith::input::{self, Format};
use goodfaith::lexicon::{
    Lexicon, LexiconError, MAX_PATTERNS_PER_RULE, MAX_PATTERN_LEN, MAX_PHRASES, MAX_REGEXES, MAX_REGEX_LEN,
    MAX_RULES_PER_FILE,
};

/// One mutual rule (no suggestion needed) with `body` as its matching lines.
fn rule(n: usize, body: &str) -> String {
    format!("[[rules]]\nid = \"mutual.options.user-{n}\"\nseverity = \"info\"\nmessage = \"m\"\n{body}\n")
}

fn file(rules: &str) -> String {
    format!("family = \"mutual\"\ncategory = \"options\"\n\n{rules}")
}

fn build(files: &[String]) -> Result<Lexicon, LexiconError> {
    let mut b = Lexicon::builder().embedded(false);
    for (i, f) in files.iter().enumerate() {
        b = b.source(format!("user-{i}.toml"), f.clone());
    }
    b.build()
}

/// The error of a build expected to fail (the lexicon itself is too large to print).
fn error(files: &[String], what: &str) -> LexiconError {
    match build(files) {
        Ok(_) => panic!("{what}: the lexicon was accepted"),
        Err(e) => e,
    }
}

fn refused(files: &[String], key: &str, says: &str) {
    let e = error(files, says);
    let shown = e.to_string();
    assert!(shown.starts_with("user-") || shown.starts_with("lexicons"), "names the file: {shown}");
    assert_eq!(e.key.as_deref(), Some(key), "{shown}");
    assert!(shown.contains(says), "{shown}");
}

#[test]
fn a_pattern_longer_than_the_limit_is_refused() {
    let long = "word ".repeat(MAX_PATTERN_LEN / 5 + 1);
    refused(&[file(&rule(0, &format!("patterns = [\"{long}\"]")))], "patterns", "longer than");
    let ok = "word ".repeat(10);
    build(&[file(&rule(0, &format!("patterns = [\"{ok}\"]")))]).expect("a normal pattern loads");
}

#[test]
fn a_regex_longer_than_the_limit_is_refused() {
    let long = "a".repeat(MAX_REGEX_LEN + 1);
    refused(&[file(&rule(0, &format!("regex = \"{long}\"")))], "regex", "longer than");
}

#[test]
fn a_regex_that_compiles_too_big_is_refused() {
    // Short to write, huge once compiled: a nested counted repetition of a Unicode class.
    let e = error(&[file(&rule(0, r#"regex = '(?:\p{L}{100}){100}'"#))], "over the compiled size limit");
    assert_eq!(e.key.as_deref(), Some("regex"), "{e}");
    assert!(e.to_string().contains("user-0.toml"), "{e}");
}

#[test]
fn too_many_rules_in_one_file_are_refused() {
    let rules: String = (0..=MAX_RULES_PER_FILE).map(|n| rule(n, "patterns = [\"x\"]")).collect();
    refused(&[file(&rules)], "rules", "rules in one file");
}

#[test]
fn too_many_patterns_in_one_rule_are_refused() {
    let list = vec!["\"x\""; MAX_PATTERNS_PER_RULE + 1].join(", ");
    refused(&[file(&rule(0, &format!("patterns = [{list}]")))], "patterns", "patterns");
}

#[test]
fn too_many_regexes_in_all_files_are_refused() {
    // Under the per-file limit in each file, over the total across files.
    let files: Vec<String> = (0..=MAX_REGEXES).map(|n| file(&rule(n, &format!("regex = 'word{n}'")))).collect();
    refused(&files, "regex", "the limit is");
    build(&files[..MAX_REGEXES]).expect("at the limit is fine");
}

#[test]
fn more_phrases_than_the_limit_are_refused() {
    // Allowed phrases (from `goodfaith.toml`) count with the rules' phrases.
    let allow = (0..=MAX_PHRASES).map(|i| format!("allowed{i} phrase"));
    match Lexicon::builder().embedded(false).allow(allow).build() {
        Ok(_) => panic!("{} phrases were accepted", MAX_PHRASES + 1),
        Err(e) => assert!(e.to_string().contains(&format!("the limit is {MAX_PHRASES}")), "{e}"),
    }
}

#[test]
fn a_nested_repetition_regex_stays_linear() {
    // `(a*)*b` backtracks exponentially in engines with backtracking; here it is linear.
    let lexicon = build(&[file(&rule(0, "regex = '(a*)*b'"))]).expect("loads");
    let text = format!("Ann: {}\n", "a".repeat(200_000));
    let conv = input::read("t.txt", text.as_bytes(), Some(Format::Plain)).expect("reads");
    let start = Instant::now();
    let report = Analyzer::new(&lexicon).analyze(&conv);
    assert!(report.findings.is_empty());
    // Generous for a debug build on a busy machine; backtracking would take years.
    assert!(start.elapsed() < Duration::from_secs(20), "took {:?}", start.elapsed());
}
