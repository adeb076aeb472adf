//! The built-in lexicons: every rule's examples pass, every TAXONOMY.md category is
//! covered with examples from its traps, and there are enough patterns.

use std::collections::BTreeMap;

use goodfaith::lexicon::{Category, Family, Lexicon};

#[test]
fn every_rule_example_behaves() {
    let lexicon = Lexicon::embedded().expect("built-in lexicons load");
    let failures = goodfaith::rule_examples::check(&lexicon, |_| true);
    let list: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{} examples failed:\n{}", failures.len(), list.join("\n"));
}

#[test]
fn every_taxonomy_category_has_rules_and_trap_examples() {
    let lexicon = Lexicon::embedded().unwrap();
    let mut examples: BTreeMap<(Family, &str), (usize, usize)> = BTreeMap::new();
    for (i, r) in (0..).zip(lexicon.rules()) {
        let e = examples.entry((r.family, r.category.name())).or_default();
        e.0 += lexicon.written(i).must_match.len();
        e.1 += lexicon.written(i).no_match.len();
    }
    let mut missing = vec![];
    for family in [Family::Coercive, Family::Mutual, Family::Signal] {
        for cat in Category::names(family) {
            match examples.get(&(family, cat)) {
                Some((m, n)) if *m >= 2 && *n >= 2 => {}
                other => missing.push(format!("{}.{cat}: {other:?}", family.as_str())),
            }
        }
    }
    assert!(missing.is_empty(), "categories without rules or 2+2 examples: {missing:?}");
}

#[test]
fn enough_patterns() {
    let lexicon = Lexicon::embedded().unwrap();
    let patterns: usize = (0..lexicon.rules().len() as u32).map(|i| lexicon.written(i).patterns.len()).sum();
    assert!(patterns >= 600, "{patterns} patterns");
}

#[test]
fn coercive_rules_suggest_a_better_way() {
    let lexicon = Lexicon::embedded().unwrap();
    for r in lexicon.rules().iter().filter(|r| r.family == Family::Coercive) {
        assert!(r.suggestion.as_deref().is_some_and(|s| s.len() > 20), "{} needs a real suggestion", r.id);
    }
}
