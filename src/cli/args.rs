//! Command-line arguments as the user writes them (clap derive). Validation and
//! defaults from config files happen later, in [`super::settings`].

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

/// Finds coercive and mutual-benefit language in conversations, emails and policies,
/// and says whether they worked toward an agreement that serves everyone.
#[derive(Debug, Parser)]
#[command(name = "goodfaith", version, about, args_conflicts_with_subcommands = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub check: CheckArgs,
}

/// Subcommands besides the default check.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Extra lexicon files.
        #[arg(long = "lexicon", value_name = "FILE")]
        lexicons: Vec<PathBuf>,
    },
    /// Explain a rule (or every rule of a category): what it is, why it matters, a
    /// better way to say it, its patterns and examples.
    Explain {
        /// A rule id (coercive.threat.veiled) or a category (coercive.threat).
        rule: String,
        /// Extra lexicon files.
        #[arg(long = "lexicon", value_name = "FILE")]
        lexicons: Vec<PathBuf>,
    },
    /// Measure goodfaith on a labelled corpus (the layout of tests/corpus): precision,
    /// recall and F1 per family and category, verdict accuracy, false alarms, misses.
    Eval {
        /// The corpus folder.
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Extra lexicon files.
        #[arg(long = "lexicon", value_name = "FILE")]
        lexicons: Vec<PathBuf>,
    },
    /// Work on lexicon files.
    Lexicon {
        #[command(subcommand)]
        command: LexiconCommand,
    },
}

/// `goodfaith lexicon …`
#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Run every rule's `match` and `no_match` examples through the whole analyser.
    /// With FILES, only those files are loaded (not the built-in lexicons).
    Test {
        /// Lexicon files to test; the built-in lexicons when none are given.
        files: Vec<PathBuf>,
    },
}

/// Options of the default command: check files.
#[derive(Debug, ClapArgs)]
pub struct CheckArgs {
    /// Files to check; `-` or nothing reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human, help_heading = "Output")]
    pub format: OutputFormat,

    /// When to use colour (`NO_COLOR` is honoured in `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = "Output")]
    pub color: ColorChoice,

    /// Also list negated and quoted findings and structural signals.
    #[arg(short, long, help_heading = "Output")]
    pub verbose: bool,

    /// Exit 1 when a counted finding reaches this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY", help_heading = "Exit code")]
    pub fail_on: FailOn,

    /// Also exit 1 on these verdicts (comma-separated, e.g. coercive,pressured-agreement).
    #[arg(long, value_delimiter = ',', value_name = "VERDICTS", help_heading = "Exit code")]
    pub fail_on_verdict: Vec<String>,

    /// The rule profile; by default chosen by input kind (conversation or email).
    #[arg(long, value_enum, help_heading = "Rules")]
    pub profile: Option<ProfileArg>,

    /// Extra lexicon files in the built-in format.
    #[arg(long = "lexicon", value_name = "FILE", help_heading = "Rules")]
    pub lexicons: Vec<PathBuf>,

    /// Turn off a rule, a category (coercive.blame) or a family.
    #[arg(long = "disable", value_name = "RULE", help_heading = "Rules")]
    pub disable: Vec<String>,

    /// The input format: plain, vtt, srt, otter, eml, mbox, markdown, html or ndjson;
    /// detected from the extension and the content by default.
    #[arg(long, value_name = "FORMAT", help_heading = "Input")]
    pub input_format: Option<String>,

    /// Also analyse quoted reply text in emails, as quoted turns whose findings never count.
    #[arg(long, help_heading = "Input")]
    pub include_quoted: bool,

    /// Print each turn's normalised words and sentences, then stop.
    #[arg(long, help_heading = "Debug")]
    pub debug_tokens: bool,

    /// Print every raw lexicon hit and what the context rules did with it, then stop.
    #[arg(long, help_heading = "Debug")]
    pub debug_hits: bool,
}

/// `--format` of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Coloured report for a person.
    Human,
    /// One JSON document.
    Json,
    /// One JSON report per line.
    Ndjson,
    /// One self-contained HTML page (no script, no requests), with the transcript marked up.
    Html,
}

/// `--format` of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table.
    Table,
    /// A JSON array.
    Json,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Never exit 1 for findings.
    Never,
    /// Any counted finding.
    Info,
    /// A warning or an error.
    Warning,
    /// An error.
    Error,
}

/// `--profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// Transcripts of two or more people.
    Conversation,
    /// A single author's message, checked before sending.
    Email,
    /// Policies and customer-facing documents.
    Policy,
    /// `policy` plus reserve-the-right, waivers, auto-renewal.
    PolicyStrict,
}
