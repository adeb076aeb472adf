//! Labelled text for training and calibrating the scorer: our own written lines
//! (`label<TAB>register<TAB>text`) and labelled JSON Lines corpora (the format the README
//! documents under "Your own labelled data").
//!
//! Every text becomes an [`Example`]: its features per sentence, and what is known of it.
//! A label may be unknown for a family: a corpus of ordinary meetings says nothing is
//! coercive, but not whether a line is a good-faith move.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::Value;

use super::features::{self, Feature};
use crate::lexicon::Family;
use crate::text::{Part, Segmented, Segmenter};

/// One labelled text.
#[derive(Debug, Clone, Default)]
pub struct Example {
    /// Features of every sentence, in order.
    pub features: Vec<Feature>,
    /// Where each sentence's features are in `features`.
    pub sentences: Vec<Range<u32>>,
    /// Whether it is coercive, if known.
    pub coercive: Option<bool>,
    /// Whether it is a mutual move, if known.
    pub mutual: Option<bool>,
    /// Its taxonomy category, if known: family and name.
    pub category: Option<(Family, String)>,
    /// How much it counts in training.
    pub weight: f32,
}

/// The labels a line or record carries, before features.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Labels {
    /// Coercive, if known.
    pub coercive: Option<bool>,
    /// Mutual, if known.
    pub mutual: Option<bool>,
    /// Taxonomy category, if known.
    pub category: Option<(Family, String)>,
}

impl Labels {
    /// Labels from a taxonomy label: `none`, `coercive`, `mutual`, `coercive.<category>`
    /// or `mutual.<category>`. Every family is known.
    pub fn parse(label: &str) -> Option<Labels> {
        let (family, category) = match label.split_once('.') {
            Some((f, c)) => (f, Some(c)),
            None => (label, None),
        };
        let family = match family {
            "none" if category.is_none() => None,
            "coercive" => Some(Family::Coercive),
            "mutual" => Some(Family::Mutual),
            _ => return None,
        };
        if let (Some(f), Some(c)) = (family, category) {
            super::categories::find(f, c)?;
        }
        Some(Labels {
            coercive: Some(family == Some(Family::Coercive)),
            mutual: Some(family == Some(Family::Mutual)),
            category: family.zip(category.map(str::to_string)),
        })
    }
}

/// Turns texts into examples, reusing its buffers.
#[derive(Debug, Default)]
pub struct Featurizer {
    segmenter: Segmenter,
    seg: Segmented,
}

impl Featurizer {
    /// The example for `text` with these labels.
    pub fn example(&mut self, text: &str, labels: Labels, weight: f32) -> Example {
        self.segmenter.segment(text, &[Part::new(0..text.len(), false)], &mut self.seg);
        let mut ex = Example {
            coercive: labels.coercive,
            mutual: labels.mutual,
            category: labels.category,
            weight,
            ..Example::default()
        };
        for s in 0..self.seg.sentences.len() {
            let start = ex.features.len() as u32;
            features::extract(&self.seg, s..s + 1, &mut ex.features);
            ex.sentences.push(start..ex.features.len() as u32);
        }
        ex
    }
}

/// A line of a written data file that is not `label<TAB>register<TAB>text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The registers a written line may be tagged with.
pub const REGISTERS: &[&str] = &["email", "chat", "meeting", "dialogue", "phone", "policy", "shop"];

/// Parses a written data file into (labels, text) pairs.
pub fn parse_written(source: &str) -> Result<Vec<(Labels, &str)>, LineError> {
    let mut out = vec![];
    for (n, line) in source.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| LineError { line: n + 1, message };
        let mut fields = line.split('\t');
        let (Some(label), Some(register), Some(text), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(err("expected label<TAB>register<TAB>text".into()));
        };
        let labels = Labels::parse(label).ok_or_else(|| err(format!("unknown label `{label}`")))?;
        if !REGISTERS.contains(&register) {
            return Err(err(format!("unknown register `{register}` (one of {})", REGISTERS.join(", "))));
        }
        if text.trim().is_empty() {
            return Err(err("empty text".into()));
        }
        out.push((labels, text));
    }
    Ok(out)
}

/// CaSiNo negotiation strategies, as taxonomy labels: the prosocial ones are mutual moves;
/// self-interest and fairness claims are neither coercive nor mutual; undervaluing the
/// partner's needs is left unlabelled for the coercive family (it may be minimising).
pub fn strategy_labels(strategies: &[&str]) -> Labels {
    const MUTUAL: &[(&str, &str)] = &[
        ("elicit-pref", "interests"),
        ("showing-empathy", "acknowledge"),
        ("promote-coordination", "options"),
        ("no-need", "options"),
        ("small-talk", "rapport"),
    ];
    let category = MUTUAL.iter().find(|(s, _)| strategies.contains(s)).map(|(_, c)| (Family::Mutual, c.to_string()));
    Labels {
        coercive: if strategies.contains(&"uv-part") { None } else { Some(false) },
        mutual: Some(category.is_some()),
        category,
    }
}

/// The record-level coercive label of a JSON Lines record: `label`, or one of the
/// boolean fields `coercive`, `manipulative`, `dark_pattern`.
pub fn record_labels(record: &BTreeMap<String, Value>) -> Option<Labels> {
    if let Some(Value::String(l)) = record.get("label") {
        return Labels::parse(l);
    }
    ["coercive", "manipulative", "dark_pattern"]
        .iter()
        .find_map(|k| record.get(*k).and_then(Value::as_bool))
        .map(|c| Labels { coercive: Some(c), mutual: None, category: None })
}

/// The turns of a record: `turns[i].text` when given; else, for a `dialogue`, `meeting`
/// or `email`, the lines of `text` with any `Speaker:` label removed; else the whole text.
pub fn record_turns(record: &BTreeMap<String, Value>) -> Vec<String> {
    if let Some(Value::Array(turns)) = record.get("turns") {
        return turns.iter().map(|t| t.get("text").and_then(Value::as_str).unwrap_or("").to_string()).collect();
    }
    let text = record.get("text").and_then(Value::as_str).unwrap_or("");
    match record.get("kind").and_then(Value::as_str) {
        Some("dialogue" | "meeting" | "email") => text.lines().map(|l| strip_speaker(l).to_string()).collect(),
        _ => vec![text.to_string()],
    }
}

/// A turn's labels from `turns[i].labels` (taxonomy labels) or `turns[i].strategies`
/// (CaSiNo strategies); `None` when the turn is not annotated.
pub fn turn_labels(turn: &Value) -> Option<Labels> {
    if let Some(Value::Array(labels)) = turn.get("labels") {
        let first = labels.iter().filter_map(Value::as_str).find(|l| *l != "none");
        return Labels::parse(first.unwrap_or("none"));
    }
    let Value::Array(strategies) = turn.get("strategies")? else { return None };
    let names: Vec<&str> = strategies.iter().filter_map(Value::as_str).collect();
    Some(strategy_labels(&names))
}

/// A line without its `Name:` label (a name of at most six words before the first colon).
pub fn strip_speaker(line: &str) -> &str {
    match line.find(':') {
        Some(i) if i <= 60 && line[..i].split_whitespace().count() <= 6 && !line[..i].trim().is_empty() => {
            line[i + 1..].trim_start()
        }
        _ => line,
    }
}

/// A stable number in [0, 1) for a record id, to split a corpus into a part trained on and a
/// part held out, the same way every time and on every machine (FNV-1a).
pub fn share_of(id: &str) -> f64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in id.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    (h >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse_families_and_categories() {
        let threat = Labels::parse("coercive.threat").unwrap();
        assert_eq!((threat.coercive, threat.mutual), (Some(true), Some(false)));
        assert_eq!(threat.category, Some((Family::Coercive, "threat".into())));
        assert_eq!(Labels::parse("none").unwrap().category, None);
        assert_eq!(Labels::parse("mutual").unwrap().mutual, Some(true));
        assert!(Labels::parse("coercive.no-such").is_none());
        assert!(Labels::parse("none.threat").is_none());
    }

    #[test]
    fn written_lines_are_checked() {
        let ok = "# comment\n\ncoercive.threat\tchat\tdo it or else\nnone\temail\tSee attached.\n";
        assert_eq!(parse_written(ok).unwrap().len(), 2);
        for (bad, line) in [("x\tchat\thi", 1), ("none\tchat", 1), ("none\tdiary\thi", 1), ("\nnone\tchat\t ", 2)] {
            assert_eq!(parse_written(bad).unwrap_err().line, line, "{bad:?}");
        }
    }

    #[test]
    fn strategies_map_to_mutual_moves() {
        assert_eq!(strategy_labels(&["elicit-pref"]).category, Some((Family::Mutual, "interests".into())));
        let selfish = strategy_labels(&["self-need"]);
        assert_eq!((selfish.coercive, selfish.mutual), (Some(false), Some(false)));
        assert_eq!(strategy_labels(&["uv-part"]).coercive, None);
    }

    #[test]
    fn speakers_are_stripped_and_shares_are_stable() {
        assert_eq!(strip_speaker("Person1: Get out."), "Get out.");
        assert_eq!(strip_speaker("Time: 10:00"), "10:00");
        assert_eq!(strip_speaker("no label here"), "no label here");
        let s = share_of("casino-938");
        assert!((0.0..1.0).contains(&s));
        assert_eq!(s, share_of("casino-938"));
        assert_ne!(s, share_of("casino-939"));
    }

    #[test]
    fn an_example_has_features_per_sentence() {
        let ex = Featurizer::default().example("Sign it. Or else.", Labels::parse("coercive.threat").unwrap(), 1.0);
        assert_eq!(ex.sentences.len(), 2);
        assert_eq!(ex.sentences[1].end as usize, ex.features.len());
    }
}
