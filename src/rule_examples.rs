//! Running every rule's own examples through the whole analyser: the lexicon's tests.

use crate::analysis::{Analyzer, Settings, OVERLAPPED};
use crate::input::{Conversation, Kind};
use crate::lexicon::{Lexicon, Profile, RuleIdx};
use crate::text::Part;

/// An example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule id.
    pub rule: String,
    /// The file it came from.
    pub source: String,
    /// The example text.
    pub text: String,
    /// True for a `match` example that did not match; false for a `no_match` that did.
    pub should_match: bool,
    /// The counted rules the example produced instead.
    pub got: Vec<String>,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.should_match { "should match but did not" } else { "should not match but did" };
        write!(f, "{} ({}): {what}: {:?}; counted: [{}]", self.rule, self.source, self.text, self.got.join(", "))
    }
}

/// Runs the examples of every rule for which `select` is true.
pub fn check(lexicon: &Lexicon, select: impl Fn(RuleIdx) -> bool) -> Vec<ExampleFailure> {
    let mut failures = vec![];
    for (i, rule) in lexicon.rules().iter().enumerate() {
        if !select(i as RuleIdx) {
            continue;
        }
        let profile = rule.profiles.as_ref().and_then(|p| p.first().copied()).unwrap_or(Profile::Email);
        let mut settings = Settings::new(lexicon);
        settings.profile = Some(profile);
        let analyzer = Analyzer::with_settings(lexicon, settings);
        let written = lexicon.written(i as RuleIdx);
        let cases = written.must_match.iter().map(|t| (t, true)).chain(written.no_match.iter().map(|t| (t, false)));
        for (text, should_match) in cases {
            let got = counted_rules(&analyzer, text);
            if got.contains(&rule.id) != should_match {
                failures.push(ExampleFailure {
                    rule: rule.id.clone(),
                    source: rule.source.clone(),
                    text: text.clone(),
                    should_match,
                    got,
                });
            }
        }
    }
    failures
}

/// The rules that fire on one example text, analysed as a message: counted after the
/// context rules, whether or not a longer overlapping hit of another rule of the same
/// family is the one reported. A rule's examples test that rule, not its neighbours.
pub fn counted_rules(analyzer: &Analyzer, text: &str) -> Vec<String> {
    let mut conv = Conversation::new("example", text.to_string());
    conv.push_turn(None, [Part::new(0..text.len(), false)], false, false);
    conv.kind = Kind::Message;
    let mut ids: Vec<String> = analyzer
        .trace(&conv)
        .into_iter()
        .filter(|t| !t.negated && !t.quoted && t.dropped.is_none_or(|why| why == OVERLAPPED))
        .map(|t| analyzer.lexicon().rule(t.rule).id.clone())
        .collect();
    ids.dedup();
    ids
}
