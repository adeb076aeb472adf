//! `goodfaith.toml` / `.goodfaith.toml`: the repository's settings, found by walking up
//! from the current directory (the first file wins), or named with `--config`.
//!
//! This module reads and checks the file, and merges the command line over it
//! ([`Shared`]: flags win) in one place; [`super::options`] compiles the result. Unknown
//! keys and wrong types are errors naming the file, the line and the key. An empty file
//! is valid.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use goodfaith::config::ModelSetting;
pub use goodfaith::config::{key_at, parse, ConfigError, ConfigFile, FailOn};
use goodfaith::lexicon::{ModelChoice, Profile};
use goodfaith::model::Model;
use toml::Spanned;

use super::args::{CheckArgs, ModelArgs};

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
        let source = std::fs::read_to_string(&path)
            .map_err(|e| ConfigError::new(path.clone(), super::sources::io_message(&e)))?;
        let file = parse(&source).map_err(|e| ConfigError::new(path.clone(), e.message).at(e.line, e.key))?;
        Ok(Config { path, source, file })
    }

    /// The first config file in `start` or a directory above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start.ancestors().flat_map(|dir| NAMES.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
    }

    /// An error at a spanned value of this file.
    pub fn error_at(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> ConfigError {
        let line = Some(goodfaith::text::line_of(&self.source, span.start));
        ConfigError::new(self.path.clone(), message).at(line, key_at(&self.source, span.start))
    }
}

/// Where a setting was given, for the errors about it: a flag, or a span of the file.
#[derive(Debug, Clone)]
pub enum Origin<'a> {
    /// On the command line, with this flag.
    Flag(&'static str),
    /// In the config file, at this span.
    File(&'a Config, Range<usize>),
}

impl Origin<'_> {
    /// What is wrong with the value given here: `--flag: …`, or the file, line and key.
    pub fn error(&self, message: impl Into<String>) -> anyhow::Error {
        match self {
            Origin::Flag(flag) => anyhow::anyhow!("{flag}: {}", message.into()),
            Origin::File(c, span) => c.error_at(span.clone(), message).into(),
        }
    }

    /// An error loading what the value names: as it is for a flag (it names the file
    /// already), at the value's line for the config file.
    pub fn locate<E: std::error::Error + Send + Sync + 'static>(&self, e: E) -> anyhow::Error {
        match self {
            Origin::Flag(_) => e.into(),
            Origin::File(..) => self.error(e.to_string()),
        }
    }
}

/// A setting's value and where it was given.
#[derive(Debug, Clone)]
pub struct Given<'a, T> {
    /// The value (paths made relative to where they were given).
    pub value: T,
    /// Where.
    pub origin: Origin<'a>,
}

/// The trained scorer a flag or `model` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSource {
    /// The built-in model.
    BuiltIn,
    /// None: the lexicon alone.
    Off,
    /// A model file.
    File(PathBuf),
}

/// The settings the command line and the config file share, merged in this one place,
/// each setting one field: its flag wins over its key, except that `--lexicon` and
/// `--disable` add to the file's lists. Settings only the file has (`severity`, `allow`,
/// `exclude`, `overrides`) are read from [`Config`] itself.
#[derive(Debug)]
pub struct Shared<'a> {
    /// `--profile`, else `profile`; none: chosen by input.
    pub profile: Option<Profile>,
    /// The profile is `--profile`'s, which beats the file's overrides too.
    pub profile_from_flag: bool,
    /// `--fail-on`, else `fail-on`, else `error`.
    pub fail_on: FailOn,
    /// `--fail-on-verdict`, else `fail-on-verdict`.
    pub fail_on_verdict: Vec<Given<'a, String>>,
    /// `--model` or `--no-model`, else `model`; none: the built-in model.
    pub model: Option<Given<'a, ModelSource>>,
    /// `--lexicon` files, then the file's `rules.lexicons`.
    pub lexicons: Vec<Given<'a, PathBuf>>,
    /// The file's `rules.disable`, then `--disable`.
    pub disable: Vec<Given<'a, String>>,
}

impl<'a> Shared<'a> {
    /// The command line `args` over the config file `config`. A lexicon the file names
    /// must exist: the error points at its line.
    pub fn merge(args: &CheckArgs, config: Option<&'a Config>) -> anyhow::Result<Shared<'a>> {
        let file = config.map(|c| &c.file);
        let at = |span: Range<usize>| Origin::File(config.expect("a value from the file"), span);
        let flags = |flag, values: &[String]| -> Vec<Given<'a, String>> {
            values.iter().map(|v| Given { value: v.clone(), origin: Origin::Flag(flag) }).collect()
        };
        let spanned = |values: &[Spanned<String>]| -> Vec<Given<'a, String>> {
            values.iter().map(|v| Given { value: v.get_ref().clone(), origin: at(v.span()) }).collect()
        };
        let fail_on_verdict = match file.and_then(|f| f.fail_on_verdict.as_deref()) {
            Some(names) if args.fail_on_verdict.is_empty() => spanned(names),
            _ => flags("--fail-on-verdict", &args.fail_on_verdict),
        };
        let model = model_flags(&args.model).or_else(|| {
            let (c, m) = config.and_then(|c| c.file.model.as_ref().map(|m| (c, m)))?;
            let value = match m.get_ref() {
                ModelSetting::Enabled(true) => ModelSource::BuiltIn,
                ModelSetting::Enabled(false) => ModelSource::Off,
                ModelSetting::File(f) => ModelSource::File(c.dir().join(f)),
            };
            Some(Given { value, origin: at(m.span()) })
        });
        let mut lexicons: Vec<Given<PathBuf>> =
            args.lexicons.iter().map(|l| Given { value: l.clone(), origin: Origin::Flag("--lexicon") }).collect();
        for (c, l) in config.iter().flat_map(|c| c.file.rules.lexicons.iter().map(move |l| (c, l))) {
            let path = c.dir().join(l.get_ref());
            if !path.is_file() {
                return Err(c.error_at(l.span(), format!("no lexicon file {}", path.display())).into());
            }
            lexicons.push(Given { value: path, origin: at(l.span()) });
        }
        let mut disable = file.map(|f| spanned(&f.rules.disable)).unwrap_or_default();
        disable.extend(flags("--disable", &args.disable));
        Ok(Shared {
            profile: args.profile.map(Profile::from).or(file.and_then(|f| f.profile)),
            profile_from_flag: args.profile.is_some(),
            fail_on: args.fail_on.or(file.and_then(|f| f.fail_on)).unwrap_or(FailOn::Error),
            fail_on_verdict,
            model,
            lexicons,
            disable,
        })
    }
}

/// The model `--model` or `--no-model` names, if either is given.
pub fn model_flags(args: &ModelArgs) -> Option<Given<'static, ModelSource>> {
    match (&args.model, args.no_model) {
        (_, true) => Some(Given { value: ModelSource::Off, origin: Origin::Flag("--no-model") }),
        (Some(path), _) => Some(Given { value: ModelSource::File(path.clone()), origin: Origin::Flag("--model") }),
        (None, false) => None,
    }
}

/// The trained scorer `model` chooses (the built-in one when none is given).
pub fn model_choice(model: Option<&Given<ModelSource>>) -> anyhow::Result<ModelChoice> {
    Ok(match model.map(|m| (&m.value, &m.origin)) {
        None | Some((ModelSource::BuiltIn, _)) => ModelChoice::Embedded,
        Some((ModelSource::Off, _)) => ModelChoice::None,
        Some((ModelSource::File(path), origin)) => {
            ModelChoice::Custom(Arc::new(Model::load(path).map_err(|e| origin.locate(e))?))
        }
    })
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

    /// A config file in a temporary folder, with an empty `extra.toml` beside it.
    fn config(text: &str) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("extra.toml"), "").unwrap();
        let path = dir.path().join("goodfaith.toml");
        std::fs::write(&path, text).unwrap();
        let config = Config::load(&path).unwrap();
        (dir, config)
    }

    fn args(flags: &[&str]) -> CheckArgs {
        <super::super::args::Cli as clap::Parser>::parse_from(std::iter::once("goodfaith").chain(flags.iter().copied()))
            .check
    }

    fn values<T: Clone>(given: &[Given<T>]) -> Vec<T> {
        given.iter().map(|g| g.value.clone()).collect()
    }

    #[test]
    fn a_flag_wins_over_its_key_and_lists_add_up() {
        let (dir, c) = config(
            "profile = \"policy\"\nfail-on = \"warning\"\nfail-on-verdict = [\"coercive\"]\nmodel = false\n\
             [rules]\ndisable = [\"coercive.blame\"]\nlexicons = [\"extra.toml\"]\n",
        );
        let file = Shared::merge(&args(&[]), Some(&c)).unwrap();
        assert_eq!(
            (file.profile, file.profile_from_flag, file.fail_on),
            (Some(Profile::Policy), false, FailOn::Warning)
        );
        assert_eq!(values(&file.fail_on_verdict), ["coercive"]);
        assert_eq!(file.model.map(|m| m.value), Some(ModelSource::Off));
        assert_eq!(values(&file.lexicons), [dir.path().join("extra.toml")], "relative to the config file");

        let flags = ["--profile", "email", "--fail-on", "info", "--fail-on-verdict", "one-sided", "--model", "m.gfm"];
        let more = ["--lexicon", "mine.toml", "--disable", "coercive.threat"];
        let both = Shared::merge(&args(&[&flags[..], &more].concat()), Some(&c)).unwrap();
        assert_eq!((both.profile, both.profile_from_flag, both.fail_on), (Some(Profile::Email), true, FailOn::Info));
        assert_eq!(values(&both.fail_on_verdict), ["one-sided"]);
        assert_eq!(both.model.map(|m| m.value), Some(ModelSource::File("m.gfm".into())));
        assert_eq!(values(&both.lexicons), [PathBuf::from("mine.toml"), dir.path().join("extra.toml")]);
        assert_eq!(values(&both.disable), ["coercive.blame", "coercive.threat"]);

        let none = Shared::merge(&args(&[]), None).unwrap();
        assert_eq!((none.profile, none.fail_on, none.model.is_none()), (None, FailOn::Error, true));
    }

    #[test]
    fn errors_say_where_the_value_was_given() {
        let (_dir, c) = config("# verdicts\nfail-on-verdict = [\"coercive\", \"nonsense\"]\n");
        let file = Shared::merge(&args(&[]), Some(&c)).unwrap();
        let e = file.fail_on_verdict[1].origin.error("wrong").to_string();
        assert!(e.ends_with("goodfaith.toml:2: `fail-on-verdict`: wrong"), "{e}");
        let flag = Shared::merge(&args(&["--fail-on-verdict", "x"]), Some(&c)).unwrap();
        assert_eq!(flag.fail_on_verdict[0].origin.error("wrong").to_string(), "--fail-on-verdict: wrong");

        let (_dir, c) = config("[rules]\nlexicons = [\"missing.toml\"]\n");
        let e = Shared::merge(&args(&[]), Some(&c)).unwrap_err().to_string();
        assert!(e.contains("goodfaith.toml:2: `rules.lexicons`: no lexicon file"), "{e}");
    }
}
