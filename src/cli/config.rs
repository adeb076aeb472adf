//! `goodfaith.toml` / `.goodfaith.toml`: the repository's settings, found by walking up
//! from the current directory (the first file wins), or named with `--config`.
//!
//! This module only reads and checks the file; [`super::options`] merges it with the
//! command line (flags win). Unknown keys and wrong types are errors naming the file,
//! the line and the key. An empty file is valid.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use goodfaith::config::{key_at, parse, ConfigError, ConfigFile, FailOn};
use goodfaith::lexicon::Severity;
use serde::Serialize;
use toml::Spanned;

/// File names looked for in each directory, in this order.
pub const NAMES: &[&str] = &["goodfaith.toml", ".goodfaith.toml"];

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
            line: Some(goodfaith::text::line_of(&self.source, span.start)),
            key: key_at(&self.source, span.start),
            message: message.into(),
        }
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
