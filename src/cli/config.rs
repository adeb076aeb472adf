//! `goodfaith.toml` / `.goodfaith.toml`: the repository's settings, found by walking up
//! from the current directory (the first file wins), or named with `--config`.
//!
//! This module only reads and checks the file; [`super::options`] merges it with the
//! command line (flags win). Unknown keys and wrong types are errors naming the file,
//! the line and the key. An empty file is valid.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use goodfaith::lexicon::{Profile, Severity};
use serde::{Deserialize, Serialize};
use toml::Spanned;

pub use super::args::FailOn;

/// File names looked for in each directory, in this order.
pub const NAMES: &[&str] = &["goodfaith.toml", ".goodfaith.toml"];

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// `conversation`, `email`, `policy` or `policy-strict`; chosen by input when absent.
    pub profile: Option<Profile>,
    /// Exit 1 when a counted finding reaches this severity.
    pub fail_on: Option<FailOn>,
    /// Also exit 1 on these verdicts.
    pub fail_on_verdict: Option<Vec<Spanned<String>>>,
    /// Which rules run.
    #[serde(default)]
    pub rules: Rules,
    /// Settings for some paths only.
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// `[rules]`.
#[derive(Debug, Default, Deserialize)]
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Globs relative to the config file.
    pub paths: Spanned<Vec<Spanned<String>>>,
    /// The profile for these files.
    pub profile: Option<Profile>,
    /// More rules to turn off for these files.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    /// Severity overrides for these files.
    #[serde(default)]
    pub severity: BTreeMap<String, Spanned<Severity>>,
}

/// A loaded configuration file.
#[derive(Debug)]
pub struct Config {
    /// The file (absolute).
    pub path: PathBuf,
    /// Its text, to locate errors found after parsing.
    pub source: String,
    /// What it says.
    pub file: ConfigFile,
}

/// A configuration that cannot be used: names the file, the line and the key.
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

impl Config {
    /// The directory the file's relative paths start from.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("/"))
    }

    /// Reads and parses `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let path = super::paths::absolute(path);
        let source = std::fs::read_to_string(&path).map_err(|e| ConfigError {
            path: path.clone(),
            line: None,
            key: None,
            message: super::sources::io_message(&e),
        })?;
        let file = parse(&source).map_err(|e| ConfigError { path: path.clone(), ..e })?;
        Ok(Config { path, source, file })
    }

    /// The first config file in `start` or a directory above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start.ancestors().flat_map(|dir| NAMES.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
    }

    /// An error at a spanned value of this file.
    pub fn error_at(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: self.path.clone(),
            line: Some(line_of(&self.source, span.start)),
            key: key_at(&self.source, span.start),
            message: message.into(),
        }
    }
}

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
            line: at.map(|o| line_of(source, o)),
            key,
            message: e.message().trim().to_string(),
        }
    })
}

/// 1-based line of byte `offset`.
fn line_of(source: &str, offset: usize) -> u32 {
    let offset = offset.min(source.len());
    source.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// The dotted key on the line of `offset` (`rules.disable`), from the `key =` on that
/// line and the closest `[table]` header above it.
fn key_at(source: &str, offset: usize) -> Option<String> {
    let offset = offset.min(source.len());
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

/// The effective configuration, as `goodfaith config --show` prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Shown {
    /// `auto` when chosen by input.
    pub profile: String,
    /// The severity that fails a run.
    pub fail_on: FailOn,
    /// Verdicts that fail a run.
    pub fail_on_verdict: Vec<String>,
    /// `[rules]`.
    pub rules: ShownRules,
    /// `[[overrides]]`.
    pub overrides: Vec<ShownOverride>,
}

/// `[rules]` as shown.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ShownRules {
    /// Disabled rules and categories.
    pub disable: Vec<String>,
    /// Severity overrides.
    pub severity: BTreeMap<String, Severity>,
    /// Allowed phrases.
    pub allow: Vec<String>,
    /// Extra lexicon files, absolute.
    pub lexicons: Vec<String>,
    /// Excluded globs.
    pub exclude: Vec<String>,
}

/// `[[overrides]]` as shown.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ShownOverride {
    /// Globs.
    pub paths: Vec<String>,
    /// Profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Disabled rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disable: Vec<String>,
    /// Severity overrides.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Severity>,
}

impl Shown {
    /// The configuration `file` (relative to `dir`) amounts to, defaults filled in.
    pub fn of(file: &ConfigFile, dir: &Path) -> Shown {
        let strings = |v: &[Spanned<String>]| v.iter().map(|s| s.get_ref().clone()).collect::<Vec<_>>();
        let severities = |m: &BTreeMap<String, Spanned<Severity>>| {
            m.iter().map(|(k, v)| (k.clone(), *v.get_ref())).collect::<BTreeMap<_, _>>()
        };
        Shown {
            profile: file.profile.map_or("auto".to_string(), |p| p.as_str().to_string()),
            fail_on: file.fail_on.unwrap_or(FailOn::Error),
            fail_on_verdict: file.fail_on_verdict.as_deref().map(strings).unwrap_or_default(),
            rules: ShownRules {
                disable: strings(&file.rules.disable),
                severity: severities(&file.rules.severity),
                allow: strings(&file.rules.allow),
                lexicons: file.rules.lexicons.iter().map(|l| dir.join(l.get_ref()).display().to_string()).collect(),
                exclude: strings(&file.rules.exclude),
            },
            overrides: file
                .overrides
                .iter()
                .map(|o| ShownOverride {
                    paths: strings(o.paths.get_ref()),
                    profile: o.profile.map(|p| p.as_str().to_string()),
                    disable: strings(&o.disable),
                    severity: severities(&o.severity),
                })
                .collect(),
        }
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

    #[test]
    fn discovery_walks_up_and_prefers_the_plain_name() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        assert_eq!(Config::discover(&sub).filter(|p| p.starts_with(dir.path())), None);
        std::fs::write(dir.path().join(".goodfaith.toml"), "").unwrap();
        assert_eq!(Config::discover(&sub), Some(dir.path().join(".goodfaith.toml")));
        std::fs::write(dir.path().join("goodfaith.toml"), "").unwrap();
        assert_eq!(Config::discover(&sub), Some(dir.path().join("goodfaith.toml")));
        std::fs::write(dir.path().join("a/.goodfaith.toml"), "").unwrap();
        assert_eq!(Config::discover(&sub), Some(dir.path().join("a/.goodfaith.toml")), "the closest file wins");
    }
}
