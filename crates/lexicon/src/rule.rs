//! A rule and its metadata, as loaded from a lexicon file.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::category::Category;
use crate::schema::{Family, NegationMode, Profile, QuestionMode, Requirement, Severity};

/// One rule with its metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// `<family>.<category>.<name>`.
    pub id: String,
    /// Coercive, mutual or signal.
    pub family: Family,
    /// The TAXONOMY.md category (or a user's own coercive or mutual one).
    pub category: Category,
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
    /// The file it came from.
    pub source: String,
    /// Negators its patterns spell out ("I don't want to hear excuses"): these belong
    /// to the phrase; any other negator inside a hit negates it.
    pub pattern_negators: Vec<String>,
}

/// What a rule's author wrote that analysis does not read: its phrases as written (they
/// are compiled into the matcher) and its examples. Listing rules and testing their
/// examples need them; checking a short email does not, so the built-in lexicons keep
/// them apart and read them only when asked (`Lexicon::written`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Written {
    /// The phrases as written.
    pub patterns: Vec<String>,
    /// Exception phrases as written.
    pub exceptions: Vec<String>,
    /// Texts that must produce this rule.
    pub must_match: Vec<String>,
    /// Texts that must not produce this rule.
    pub no_match: Vec<String>,
}

impl Rule {
    /// `family.category`, the name that selects the whole category in config.
    pub fn category_id(&self) -> String {
        format!("{}.{}", self.family.as_str(), self.category.name())
    }

    /// True when the rule runs under `profile`.
    pub fn active_in(&self, profile: Profile) -> bool {
        self.profiles.as_ref().is_none_or(|ps| ps.contains(&profile))
    }
}
