//! The Python binding: `goodfaith.analyse`, `analyse_many`, `analyse_file`, and the
//! `Lexicon` and `Model` classes. A report is the same `Report` the command line writes as
//! JSON, serialised by the same code, so a Python dict equals `json.loads` of the CLI's
//! output for the same input. Analysis runs with the GIL released; `analyse_many` spreads
//! its items over threads.

mod convert;
mod items;

use std::sync::{Arc, OnceLock};

use goodfaith::analysis::{Analyzer, Settings};
use goodfaith::lexicon::{Lexicon as CoreLexicon, ModelChoice, Profile};
use goodfaith::model::Model as CoreModel;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use items::{Item, Options};

/// The built-in lexicons and model, compiled once per process.
fn builtin() -> PyResult<Arc<CoreLexicon>> {
    static LEXICON: OnceLock<Result<Arc<CoreLexicon>, String>> = OnceLock::new();
    LEXICON
        .get_or_init(|| CoreLexicon::embedded().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(PyValueError::new_err)
}

/// Rules to match: the built-in lexicons, plus your own lexicon files (the format of
/// `lexicons/en`), phrases never to flag, and a trained model (or none).
#[pyclass(frozen, module = "goodfaith")]
struct Lexicon {
    inner: Arc<CoreLexicon>,
}

#[pymethods]
impl Lexicon {
    #[new]
    #[pyo3(signature = (files=vec![], *, sources=vec![], allow=vec![], builtin=true, model=None, no_model=false))]
    fn new(
        py: Python<'_>,
        files: Vec<std::path::PathBuf>,
        sources: Vec<(String, String)>,
        allow: Vec<String>,
        builtin: bool,
        model: Option<PyRef<'_, Model>>,
        no_model: bool,
    ) -> PyResult<Self> {
        let choice = match (model, no_model) {
            (_, true) => ModelChoice::None,
            (Some(m), false) => ModelChoice::Custom(m.inner.clone()),
            (None, false) => ModelChoice::Embedded,
        };
        let build = || {
            let mut builder = CoreLexicon::builder().embedded(builtin).model(choice).allow(allow);
            for f in &files {
                builder = builder.file(f)?;
            }
            for (name, text) in sources {
                builder = builder.source(name, text);
            }
            builder.build()
        };
        let inner = py.detach(build).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Lexicon { inner: Arc::new(inner) })
    }

    /// Every rule: id, family, category, severity, message, suggestion.
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rules = self.inner.rules().iter().map(|r| {
            let d = PyDict::new(py);
            d.set_item("id", &r.id)?;
            d.set_item("family", r.family.as_str())?;
            d.set_item("category", r.category.name())?;
            d.set_item("severity", r.severity.as_str())?;
            d.set_item("message", &*r.message)?;
            d.set_item("suggestion", r.suggestion.as_deref())?;
            Ok(d)
        });
        PyList::new(py, rules.collect::<PyResult<Vec<_>>>()?)
    }

    fn __len__(&self) -> usize {
        self.inner.rules().len()
    }

    fn __repr__(&self) -> String {
        format!("<goodfaith.Lexicon: {} rules>", self.inner.rules().len())
    }
}

/// A trained sentence scorer read from a model file (`goodfaith train` writes one), to
/// use instead of the built-in one: `Lexicon(model=Model("my.gfm"))`.
#[pyclass(frozen, module = "goodfaith")]
struct Model {
    inner: Arc<CoreModel>,
}

#[pymethods]
impl Model {
    #[new]
    fn new(path: std::path::PathBuf) -> PyResult<Self> {
        let model = CoreModel::load(&path).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Model { inner: Arc::new(model) })
    }

    /// The built-in model, or `None` when this build has none.
    #[staticmethod]
    fn builtin() -> Option<Self> {
        CoreModel::embedded().map(|m| Model { inner: Arc::new(m.clone()) })
    }

    /// Where the model came from (a path, or `<embedded>`).
    #[getter]
    fn source(&self) -> &str {
        self.inner.source()
    }

    /// The model's size in bytes.
    #[getter]
    fn size(&self) -> usize {
        self.inner.size()
    }

    fn __repr__(&self) -> String {
        format!("<goodfaith.Model {} ({} bytes)>", self.inner.source(), self.inner.size())
    }
}

/// An analyser for one call: the lexicon and the settings the keywords chose.
fn analyser<'l>(lexicon: &'l CoreLexicon, profile: Option<&str>) -> PyResult<Analyzer<'l>> {
    let mut settings = Settings::new(lexicon);
    if let Some(name) = profile {
        let names: Vec<&str> = Profile::ALL.iter().map(|p| p.as_str()).collect();
        settings.profile =
            Some(Profile::from_name(name).ok_or_else(|| {
                PyValueError::new_err(format!("unknown profile {name:?}: one of {}", names.join(", ")))
            })?);
    }
    Ok(Analyzer::with_settings(lexicon, settings))
}

fn lexicon_of(lexicon: Option<PyRef<'_, Lexicon>>) -> PyResult<Arc<CoreLexicon>> {
    lexicon.map_or_else(builtin, |l| Ok(l.inner.clone()))
}

/// Analyses one text and returns its report as a dict.
///
/// text
///     A ``str`` (a ``Name: text`` transcript, an email, Markdown, HTML, subtitles, or one
///     NDJSON record line), ``bytes`` (a Word or PDF file, an email with its own charsets), a
///     record dict (``{"id": …, "text": …}`` or ``{"id": …, "turns": [{"speaker": …,
///     "text": …}]}``; other keys come back under ``extra``), or a list of turns: dicts as in
///     a record, or strings with ``speakers`` beside them.
/// kind
///     ``"auto"`` (detected from the content and ``path``, as the command line detects a
///     file) or an input format: ``plain``, ``vtt``, ``srt``, ``otter``, ``eml``, ``mbox``,
///     ``markdown``, ``html``, ``ndjson``, ``docx``, ``pdf``.
/// speakers
///     With a list of turn strings: the speaker of each (``None`` for unattributed).
/// profile
///     ``conversation``, ``email``, ``policy`` or ``policy-strict``; by input when ``None``.
/// path
///     The name the report carries (``"-"`` as for standard input); its extension also
///     guides detection.
/// lexicon
///     A :class:`Lexicon` with your own rules; the built-in one when ``None``.
///
/// Raises ``ValueError`` when the input cannot be read (naming why) and ``TypeError`` for
/// an object it cannot analyse.
#[pyfunction]
#[pyo3(signature = (text, kind="auto", speakers=None, *, profile=None, path="-", lexicon=None))]
fn analyse<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    kind: &str,
    speakers: Option<Vec<Option<String>>>,
    profile: Option<&str>,
    path: &str,
    lexicon: Option<PyRef<'py, Lexicon>>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = Options::new(kind, path, 1)?;
    let item = Item::extract(text, speakers)?;
    let lexicon = lexicon_of(lexicon)?;
    let analyzer = analyser(&lexicon, profile)?;
    let result = py.detach(|| item.analyse(&analyzer, &options, 1));
    convert::report(py, result.map_err(PyValueError::new_err)?)
}

/// Reads and analyses one file (a transcript, an email, Markdown,
/// HTML, Word or PDF), detecting its format from its name and content as the command line
/// does, and returns its report as a dict. Raises ``OSError`` when the file cannot be read
/// and ``ValueError`` when it is not what its name says (a broken or encrypted document).
#[pyfunction]
#[pyo3(signature = (path, *, kind="auto", profile=None, lexicon=None))]
fn analyse_file<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
    kind: &str,
    profile: Option<&str>,
    lexicon: Option<PyRef<'py, Lexicon>>,
) -> PyResult<Bound<'py, PyAny>> {
    let label = path.to_string_lossy().into_owned();
    let options = Options::new(kind, &label, 1)?;
    let bytes = py.detach(|| std::fs::read(&path)).map_err(|e| PyOSError::new_err(format!("{label}: {e}")))?;
    let lexicon = lexicon_of(lexicon)?;
    let analyzer = analyser(&lexicon, profile)?;
    let result = py.detach(|| Item::Bytes(bytes).analyse(&analyzer, &options, 1));
    convert::report(py, result.map_err(|e| PyValueError::new_err(format!("{label}: {e}")))?)
}

/// Analyses many items on ``threads`` threads (one per core when
/// ``None``) with the GIL released, and returns their reports in order.
///
/// Items are anything :func:`analyse` takes. Records (dicts, or NDJSON lines with
/// ``kind="ndjson"``) are numbered from ``first_line`` in order, as the command line numbers
/// the lines of an NDJSON stream, so a report's line numbers match the CLI's for the same
/// lines. ``errors="raise"`` (the default) raises ``ValueError`` for the first item that
/// cannot be read; ``errors="keep"`` puts ``{"path", "item", "error"}`` in its place. The
/// iterable is read 4,096 items at a time.
#[pyfunction]
#[pyo3(signature = (items, threads=None, *, kind="auto", profile=None, path="-", lexicon=None, first_line=1, errors="raise"))]
#[allow(clippy::too_many_arguments)]
fn analyse_many<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    threads: Option<usize>,
    kind: &str,
    profile: Option<&str>,
    path: &str,
    lexicon: Option<PyRef<'py, Lexicon>>,
    first_line: u32,
    errors: &str,
) -> PyResult<Bound<'py, PyList>> {
    let keep_errors = match errors {
        "raise" => false,
        "keep" => true,
        other => return Err(PyValueError::new_err(format!("errors={other:?}: \"raise\" or \"keep\""))),
    };
    let options = Options::new(kind, path, first_line)?;
    let lexicon = lexicon_of(lexicon)?;
    let analyzer = analyser(&lexicon, profile)?;
    let threads =
        threads.filter(|&n| n > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let out = PyList::empty(py);
    let mut batch: Vec<Item> = Vec::with_capacity(items::BATCH);
    let mut done = 0usize;
    let flush = |batch: &mut Vec<Item>, done: &mut usize| -> PyResult<()> {
        let first = *done;
        let results = py.detach(|| items::analyse_all(&analyzer, &options, batch, first, threads));
        for (i, r) in results.into_iter().enumerate() {
            match r {
                Ok(json) => out.append(convert::report(py, json)?)?,
                Err(e) if keep_errors => out.append(convert::error(py, &options, first + i, &e)?)?,
                Err(e) => return Err(PyValueError::new_err(format!("item {}: {e}", first + i))),
            }
        }
        *done += batch.len();
        batch.clear();
        Ok(())
    };
    for item in items.try_iter()? {
        batch.push(Item::extract(&item?, None)?);
        if batch.len() == items::BATCH {
            flush(&mut batch, &mut done)?;
        }
    }
    flush(&mut batch, &mut done)?;
    Ok(out)
}

/// goodfaith: finds coercive and mutual-benefit language and judges whether a
/// conversation worked toward an agreement that serves everyone.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyse, m)?)?;
    m.add_function(wrap_pyfunction!(analyse_many, m)?)?;
    m.add_function(wrap_pyfunction!(analyse_file, m)?)?;
    m.add_class::<Lexicon>()?;
    m.add_class::<Model>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
