//! Which rules run and how serious they are: built from the lexicon once, adjusted by
//! configuration (disable a rule or a whole category, override a severity).

use crate::lexicon::{Lexicon, Profile, RuleIdx, Severity};

/// Per-rule switches and severities, plus the profile.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The profile; `None` picks one by input kind (conversation, or email for a message).
    pub profile: Option<Profile>,
    /// Disabled rules, by index.
    pub disabled: Vec<bool>,
    /// Effective severity, by index.
    pub severity: Vec<Severity>,
    /// Keep the text of every turn in the report (for the HTML report).
    pub keep_turns: bool,
    /// Threads one large text may be scanned on (1: the calling thread only). Turns are
    /// scanned independently up to the verdict, so a text of megabytes is split into
    /// runs of turns scanned side by side and joined in order; the result is the same.
    pub threads: usize,
}

/// A rule id or `family.category` that matches no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl std::fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no rule or category `{}` (see `goodfaith rules`)", self.0)
    }
}

impl std::error::Error for UnknownRule {}

impl Settings {
    /// Every rule on, at its own severity.
    pub fn new(lexicon: &Lexicon) -> Self {
        Settings {
            profile: None,
            disabled: vec![false; lexicon.rules().len()],
            severity: lexicon.rules().iter().map(|r| r.severity).collect(),
            keep_turns: false,
            threads: 1,
        }
    }

    /// The rules a name selects: a rule id, `family.category`, or a family.
    pub fn select(lexicon: &Lexicon, name: &str) -> Result<Vec<RuleIdx>, UnknownRule> {
        if let Some(i) = lexicon.find(name) {
            return Ok(vec![i]);
        }
        let hits: Vec<RuleIdx> = lexicon
            .rules()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.category_id() == name || r.family.as_str() == name)
            .map(|(i, _)| i as RuleIdx)
            .collect();
        if hits.is_empty() {
            Err(UnknownRule(name.to_string()))
        } else {
            Ok(hits)
        }
    }

    /// Turns off a rule, a category or a family.
    pub fn disable(&mut self, lexicon: &Lexicon, name: &str) -> Result<(), UnknownRule> {
        for i in Self::select(lexicon, name)? {
            self.disabled[i as usize] = true;
        }
        Ok(())
    }

    /// Overrides the severity of a rule, a category or a family.
    pub fn set_severity(&mut self, lexicon: &Lexicon, name: &str, severity: Severity) -> Result<(), UnknownRule> {
        for i in Self::select(lexicon, name)? {
            self.severity[i as usize] = severity;
        }
        Ok(())
    }

    /// True when rule `i` runs under `profile`.
    pub fn active(&self, lexicon: &Lexicon, i: RuleIdx, profile: Profile) -> bool {
        self.enabled(i) && lexicon.rule(i).active_in(profile)
    }

    /// True unless configuration turned the rule off (whatever the profile).
    pub fn enabled(&self, i: RuleIdx) -> bool {
        !self.disabled[i as usize]
    }
}
