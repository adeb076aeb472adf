//! `goodfaith.toml`: the model of the repository's settings, its parser, and the
//! effective configuration `goodfaith config --show` prints from the same model.
//!
//! Unknown keys and wrong types are errors naming the line and the key; an empty file is
//! valid. Finding the file and merging it with the command line is the binary's job: this
//! part lives in the library so it can be fuzzed and reused.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::lexicon::{Profile, Severity};

/// `--fail-on`, and `fail-on` in the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Never exit 1 for findings.
    Never,
    /// Any counted coercive or signal finding (never a mutual one).
    Info,
    /// A warning or an error.
    Warning,
    /// An error.
    Error,
}

impl FailOn {
    /// The lowest severity that fails, `None` for never.
    pub fn severity(self) -> Option<Severity> {
        match self {
            FailOn::Never => None,
            FailOn::Info => Some(Severity::Info),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
        }
    }
}

/// The file as written; serialised, the configuration as `config --show` prints it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// `conversation`, `email`, `policy` or `policy-strict`; chosen by input when absent.
    #[serde(serialize_with = "profile_or_auto")]
    pub profile: Option<Profile>,
    /// Exit 1 when a counted finding reaches this severity.
    pub fail_on: Option<FailOn>,
    /// Also exit 1 on these verdicts.
    pub fail_on_verdict: Option<Vec<Spanned<String>>>,
    /// The trained scorer: a model file (relative to the config file), or `false` for the
    /// lexicon alone; the built-in model when absent. (`config --show` leaves it out.)
    #[serde(skip_serializing)]
    pub model: Option<Spanned<ModelSetting>>,
    /// Which rules run.
    #[serde(default)]
    pub rules: Rules,
    /// Settings for some paths only.
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// `model = "file"` or `model = false`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ModelSetting {
    /// A model file from `goodfaith train`.
    File(String),
    /// `true`: the built-in model; `false`: none.
    Enabled(bool),
}

/// `[rules]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Rules {
    /// Rule ids, `family.category` or families to turn off.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    /// Severity overrides by rule id, category or family.
    #[serde(default)]
    pub severity: BTreeMap<String, Spanned<Severity>>,
    /// Phrases (pattern syntax) never flagged.
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    /// Extra lexicon files, relative to the config file.
    #[serde(default)]
    pub lexicons: Vec<Spanned<String>>,
    /// Globs of paths never checked, relative to the config file.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
}

/// `[[overrides]]`: settings for the files matching `paths`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Globs relative to the config file.
    pub paths: Spanned<Vec<Spanned<String>>>,
    /// The profile for these files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// More rules to turn off for these files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disable: Vec<Spanned<String>>,
    /// Severity overrides for these files.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Spanned<Severity>>,
}

impl ConfigFile {
    /// What this file (in `dir`) amounts to: every default filled in and the lexicon
    /// paths made absolute, as `goodfaith config --show` prints it.
    pub fn effective(&self, dir: &Path) -> ConfigFile {
        let mut c = self.clone();
        c.fail_on = Some(self.fail_on.unwrap_or(FailOn::Error));
        c.fail_on_verdict = Some(self.fail_on_verdict.clone().unwrap_or_default());
        for l in &mut c.rules.lexicons {
            let path = dir.join(l.get_ref()).display().to_string();
            *l = Spanned::new(l.span(), path);
        }
        c
    }
}

/// A profile left to the input shows as `auto`.
fn profile_or_auto<S: serde::Serializer>(profile: &Option<Profile>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(profile.map_or("auto", Profile::as_str))
}

/// A configuration that cannot be used: names the file, the line and the key.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// The key at fault (`rules.disable`), when known.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    /// An error in `path`, at no particular line or key.
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        ConfigError { path: path.into(), line: None, key: None, message: message.into() }
    }

    /// The same error at 1-based `line` (when known) and naming `key` (when known).
    pub fn at(self, line: Option<u32>, key: Option<String>) -> Self {
        ConfigError { line, key, ..self }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Parses a file's text; the error's path is left empty for the caller to fill.
pub fn parse(source: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str(source).map_err(|e| {
        let at = e.span().map(|s| s.start);
        let quoted = e.message().split('`').nth(1).map(str::to_string);
        let key = match (at.and_then(|o| key_at(source, o)), quoted) {
            // A table missing a key: `overrides.paths`.
            (Some(table), Some(field)) if e.message().starts_with("missing field") => Some(format!("{table}.{field}")),
            (Some(k), _) => Some(k),
            (None, q) => q,
        };
        ConfigError {
            path: PathBuf::new(),
            line: at.map(|o| crate::text::line_of(source, o)),
            key,
            message: e.message().trim().to_string(),
        }
    })
}

/// The dotted key on the line of `offset` (`rules.disable`), from the `key =` on that
/// line and the closest `[table]` header above it. Any offset is accepted: one past the
/// end or inside a character is taken back to the character's start.
pub fn key_at(source: &str, offset: usize) -> Option<String> {
    let offset = crate::text::floor_char_boundary(source, offset);
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = source[start..].lines().next().unwrap_or("");
    if line.trim_start().starts_with('[') {
        return Some(line.trim().trim_matches(|c| c == '[' || c == ']').trim().to_string());
    }
    let key = line.split_once('=').map(|(k, _)| k.trim().trim_matches('"').to_string()).filter(|k| !k.is_empty());
    let table = source[..start].lines().rev().find_map(|l| {
        let l = l.trim();
        l.starts_with('[').then(|| l.trim_matches(|c| c == '[' || c == ']').trim().to_string())
    });
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
profile = "policy"            # conversation | email | policy | policy-strict
fail-on = "warning"
fail-on-verdict = ["coercive"]
[rules]
disable = ["coercive.blame", "mutual.rapport"]
severity = { "coercive.minimizing" = "error" }
allow = ["final offer letter"]
lexicons = ["lexicons/company.toml"]
exclude = ["drafts/**"]
[[overrides]]
paths = ["policies/**"]
profile = "policy-strict"
"#;

    #[test]
    fn reads_the_documented_shape() {
        let c = parse(FULL).unwrap();
        assert_eq!(c.profile, Some(Profile::Policy));
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert_eq!(c.rules.disable.len(), 2);
        assert_eq!(*c.rules.severity["coercive.minimizing"].get_ref(), Severity::Error);
        assert_eq!(c.overrides[0].profile, Some(Profile::PolicyStrict));
        assert_eq!(c.overrides[0].paths.get_ref()[0].get_ref(), "policies/**");
    }

    #[test]
    fn the_effective_configuration_fills_in_defaults() {
        let shown = |source: &str| toml::to_string(&parse(source).unwrap().effective(Path::new("/repo"))).unwrap();
        assert_eq!(
            shown(""),
            "profile = \"auto\"\nfail-on = \"error\"\nfail-on-verdict = []\noverrides = []\n\n[rules]\ndisable = []\n\
             allow = []\nlexicons = []\nexclude = []\n\n[rules.severity]\n"
        );
        let full = shown(FULL);
        for line in [
            "profile = \"policy\"\n",
            "lexicons = [\"/repo/lexicons/company.toml\"]\n",
            "\"coercive.minimizing\" = \"error\"",
        ] {
            assert!(full.contains(line), "{line} in {full}");
        }
        // An override shows only what it sets.
        assert!(full.ends_with("[[overrides]]\npaths = [\"policies/**\"]\nprofile = \"policy-strict\"\n"), "{full}");
    }

    #[test]
    fn an_empty_file_is_valid() {
        let c = parse("").unwrap();
        assert!(c.profile.is_none() && c.rules.disable.is_empty() && c.overrides.is_empty());
        assert!(parse("# only a comment\n").is_ok());
    }

    #[test]
    fn errors_name_line_and_key() {
        // (what, source, line, key)
        let cases: &[(&str, &str, u32, &str)] = &[
            ("wrong type", "[rules]\ndisable = 3\nunknown_key = true\n", 2, "rules.disable"),
            ("unknown key in a table", "[rules]\nunknown_key = true\n", 2, "rules.unknown_key"),
            ("unknown top-level key", "profile = \"policy\"\ncolour = \"red\"\n", 2, "colour"),
            ("bad profile", "profile = \"strict\"\n", 1, "profile"),
            ("bad severity", "[rules]\nseverity = { \"coercive.blame\" = \"loud\" }\n", 2, "rules.severity"),
            ("bad fail-on", "fail-on = \"sometimes\"\n", 1, "fail-on"),
            ("override without paths", "[[overrides]]\nprofile = \"policy\"\n", 1, "overrides.paths"),
            ("not TOML", "profile = \n", 1, "profile"),
        ];
        for &(what, source, line, key) in cases {
            let e = parse(source).expect_err(what);
            assert_eq!(e.line, Some(line), "{what}: {e}");
            assert_eq!(e.key.as_deref(), Some(key), "{what}: {e}");
        }
    }
}
