//! The lexicon file format (see `lexicons/README.md`), as serde types.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// Which side of the good-faith line a rule sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// One-sided, manipulative language.
    Coercive,
    /// Collaborative, good-faith language.
    Mutual,
    /// Structure (assent, commitment, hedges …): neither good nor bad alone.
    Signal,
}

impl Family {
    /// The lowercase name used in ids and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Coercive => "coercive",
            Family::Mutual => "mutual",
            Family::Signal => "signal",
        }
    }
}

/// How serious a finding is; decides exit codes with `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: mutual moves and structural signals.
    Info,
    /// Pressure that deserves a second look.
    Warning,
    /// What should stop an email from going out, or fail CI.
    Error,
}

impl Severity {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The kind of input a rule set is tuned for (TAXONOMY.md: conversations and document mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// Transcripts of two or more people.
    Conversation,
    /// A single author's message, checked before it is sent.
    Email,
    /// Policies and customer-facing documents.
    Policy,
    /// `policy`, plus the clauses only strict reviews flag (reserve the right, waivers …).
    PolicyStrict,
}

impl Profile {
    /// Every profile.
    pub const ALL: &'static [Profile] =
        &[Profile::Conversation, Profile::Email, Profile::Policy, Profile::PolicyStrict];

    /// The profile named `name` (kebab-case, as on the command line).
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.iter().copied().find(|p| p.as_str() == name)
    }

    /// The kebab-case name used on the command line and in config.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Conversation => "conversation",
            Profile::Email => "email",
            Profile::Policy => "policy",
            Profile::PolicyStrict => "policy-strict",
        }
    }
}

/// What happens to a coercive hit inside a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionMode {
    /// Asking about a tactic is not using it (`Is this your final offer?`).
    #[default]
    Neutral,
    /// Still counts (`What is wrong with you?`).
    Keep,
}

/// Whether a negator before the hit neutralises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NegationMode {
    /// A negator in the same clause neutralises the hit.
    #[default]
    Apply,
    /// Negation does not apply to this rule.
    Ignore,
}

/// A condition a hit needs around it to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    /// A condition addressed to the other side in the same sentence (`if you`, `unless you`, `or`).
    Condition,
}

/// One lexicon file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    /// The family of every rule in the file.
    pub family: Family,
    /// The category of every rule in the file.
    pub category: Spanned<String>,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
}

/// One rule as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// `<family>.<category>.<name>`.
    pub id: Spanned<String>,
    /// How serious a hit is.
    pub severity: Severity,
    /// How much one hit counts.
    #[serde(default)]
    pub weight: Option<Spanned<f32>>,
    /// What it is and why it matters to the other side.
    pub message: String,
    /// A longer explanation for `goodfaith explain`.
    #[serde(default)]
    pub why: Option<String>,
    /// A better way to say it (required for coercive rules).
    #[serde(default)]
    pub suggestion: Option<String>,
    /// Phrases in the pattern syntax.
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// Phrases whose hits cancel an overlapping hit of this rule.
    #[serde(default)]
    pub exceptions: Vec<Spanned<String>>,
    /// A regular expression over the normalised sentence, for what phrases cannot say.
    #[serde(default)]
    pub regex: Option<Spanned<String>>,
    /// Coercive hits inside questions.
    #[serde(default)]
    pub questions: QuestionMode,
    /// Negation handling.
    #[serde(default)]
    pub negation: NegationMode,
    /// A condition the hit needs around it.
    #[serde(default)]
    pub requires: Option<Requirement>,
    /// Profiles the rule is active in (all when absent).
    #[serde(default)]
    pub profiles: Option<Vec<Profile>>,
    /// Texts that must produce this rule.
    #[serde(default, rename = "match")]
    pub must_match: Vec<String>,
    /// Texts that must not produce this rule.
    #[serde(default)]
    pub no_match: Vec<String>,
}
