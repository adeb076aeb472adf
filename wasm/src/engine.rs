//! Text in, a report out, with the built-in lexicons and the trained scorer. Nothing here
//! touches a file, the network or a clock. Tested as built, in the module itself:
//! `web/test/engine.test.js` (the command line's JSON for every sample, kinds, errors,
//! the HTML report's escaping) and the browser tests beside it.

use std::sync::OnceLock;

use goodfaith::analysis::{Analyzer, Report, Settings};
use goodfaith::input::{self, Format};
use goodfaith::lexicon::Lexicon;
use goodfaith::report::{Html, Json, Renderer, Summary};

/// The name the analysed draft goes by in a report (it has no file).
pub const DRAFT: &str = "draft";

/// The built-in lexicons and model, compiled on first use and kept for the page's life.
fn lexicon() -> Result<&'static Lexicon, String> {
    static LEXICON: OnceLock<Result<Lexicon, String>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::embedded().map_err(|e| e.to_string())).as_ref().map_err(Clone::clone)
}

/// Compiles the lexicons now, so the first check of a draft is as quick as the rest.
pub fn warm_up() -> Result<(), String> {
    lexicon().map(|_| ())
}

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// `{"version":1,"files":[report],"errors":[]}`, as `goodfaith --format json`.
    Json,
    /// The self-contained page of `goodfaith --format html`.
    Html,
}

/// Analyses `text` read as `kind` (an input format name such as `plain`, `eml`,
/// `markdown` or `html`; empty to detect it from the content) and renders the report.
/// An unknown kind or unreadable content is an error saying so.
pub fn analyse(text: &str, kind: &str, output: Output) -> Result<String, String> {
    let lexicon = lexicon()?;
    let report = report(lexicon, text, kind, output == Output::Html)?;
    let mut out = Vec::with_capacity(4096);
    let mut summary = Summary::default();
    summary.add(&report);
    let result = match output {
        Output::Json => render(&mut Json::default(), &mut out, &report, &summary),
        Output::Html => render(&mut Html::new(), &mut out, &report, &summary),
    };
    result.map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

fn report(lexicon: &Lexicon, text: &str, kind: &str, keep_turns: bool) -> Result<Report, String> {
    let format = match kind.trim() {
        "" => None,
        name => Some(Format::from_name(name).ok_or_else(|| format!("unknown kind {name:?}"))?),
    };
    if format.is_some_and(Format::is_stream) {
        return Err("a stream of records cannot be checked as one draft".into());
    }
    let conv = input::read(DRAFT, text.as_bytes(), format).map_err(|e| format!("{DRAFT}: {e}"))?;
    let mut settings = Settings::new(lexicon);
    // Only the HTML report shows the text; the JSON report never carries it.
    settings.keep_turns = keep_turns;
    Ok(Analyzer::with_settings(lexicon, settings).analyze(&conv))
}

fn render(r: &mut dyn Renderer, out: &mut Vec<u8>, report: &Report, summary: &Summary) -> std::io::Result<()> {
    r.begin(out)?;
    r.file(out, report)?;
    r.finish(out, summary)
}
