//! What Python hands over, taken out of Python objects while the GIL is held, then read
//! and analysed without it, exactly as the command line reads a file, standard input or
//! an NDJSON record.

use std::sync::atomic::{AtomicUsize, Ordering};

use goodfaith::analysis::{suppress, Analyzer, Report, Suppressions};
use goodfaith::input::{self, Format};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};
use serde_json::Value;

/// Items taken from the iterable per round of `analyse_many`: enough to keep every
/// thread busy, few enough that a long iterable never sits in memory whole.
pub const BATCH: usize = 4096;

/// How to read every item of one call.
pub struct Options {
    /// The format; detected per item when `None`.
    pub format: Option<Format>,
    /// The name reports carry (`-`, as for standard input, unless given).
    pub path: String,
    /// The line number of the first item when items are records of a stream.
    pub first_line: u32,
}

impl Options {
    pub fn new(kind: &str, path: &str, first_line: u32) -> PyResult<Self> {
        let format = match kind {
            "auto" => None,
            name => Some(Format::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                PyValueError::new_err(format!("unknown kind {name:?}: \"auto\" or one of {}", names.join(", ")))
            })?),
        };
        Ok(Options { format, path: path.to_string(), first_line: first_line.max(1) })
    }
}

/// One thing to analyse.
pub enum Item {
    /// A text (a transcript, an email, Markdown …), or one NDJSON record's line.
    Text(String),
    /// A file's bytes (Word, PDF, an email with its own charsets).
    Bytes(Vec<u8>),
    /// A record (`{"id": …, "text": …}` or `{"turns": […]}`) as JSON text.
    Record(String),
}

impl Item {
    /// `str`, `bytes`, a dict record, a list of turn dicts, or a list of turn texts
    /// with `speakers` beside it.
    pub fn extract(obj: &Bound<'_, PyAny>, speakers: Option<Vec<Option<String>>>) -> PyResult<Item> {
        let py = obj.py();
        if speakers.is_some() && !(obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()) {
            return Err(PyTypeError::new_err("speakers= goes with a list of turn texts"));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(Item::Text(s.extract::<String>()?));
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Item::Bytes(b.as_bytes().to_vec()));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Item::Bytes(b.to_vec()));
        }
        let dumps = |o: &Bound<'_, PyAny>| -> PyResult<String> {
            py.import("json")?.call_method1("dumps", (o,))?.extract::<String>()
        };
        if obj.is_instance_of::<PyDict>() {
            return Ok(Item::Record(dumps(obj)?));
        }
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            let turns = PyList::empty(py);
            let speakers = speakers.map(|s| s.into_iter());
            let mut speakers = speakers.into_iter().flatten();
            for turn in obj.try_iter()? {
                let turn = turn?;
                if turn.is_instance_of::<PyString>() {
                    let t = PyDict::new(py);
                    t.set_item("speaker", speakers.next().flatten())?;
                    t.set_item("text", turn)?;
                    turns.append(t)?;
                } else {
                    turns.append(turn)?;
                }
            }
            let record = PyDict::new(py);
            record.set_item("turns", turns)?;
            return Ok(Item::Record(dumps(record.as_any())?));
        }
        let type_name = obj.get_type().name()?;
        Err(PyTypeError::new_err(format!(
            "cannot analyse a {type_name}: give a str, bytes, a record dict or a list of turns"
        )))
    }

    /// Reads and analyses the item as record `line` of a stream (when it is one), and
    /// returns its report as the JSON value the command line would write: serialised
    /// and parsed back here, on the analysing thread, so the GIL is held only to make
    /// the Python objects.
    pub fn analyse(&self, analyzer: &Analyzer, options: &Options, line: u32) -> Result<Value, String> {
        let report = match self {
            Item::Record(json) => record(analyzer, &options.path, line, json.as_bytes())?,
            Item::Text(text) => whole(analyzer, options, line, text.as_bytes())?,
            Item::Bytes(bytes) => whole(analyzer, options, line, bytes)?,
        };
        let json = serde_json::to_vec(&report).map_err(|e| e.to_string())?;
        serde_json::from_slice(&json).map_err(|e| e.to_string())
    }
}

/// One NDJSON record, as the command line analyses each line of a stream.
fn record(analyzer: &Analyzer, path: &str, line: u32, json: &[u8]) -> Result<Report, String> {
    let r = input::ndjson::parse(path, line, json).map_err(|e| e.to_string())?;
    let mut report = analyzer.analyze(&r.conversation);
    report.id = r.id;
    report.extra = r.extra;
    Ok(report)
}

/// A whole input, as the command line reads a file or standard input: the format from
/// the options or detected, inline suppressions honoured.
fn whole(analyzer: &Analyzer, options: &Options, line: u32, bytes: &[u8]) -> Result<Report, String> {
    let format = options.format.unwrap_or_else(|| input::detect_bytes(&options.path, bytes));
    if format.is_stream() {
        let mut lines = bytes.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace));
        return match (lines.next(), lines.next()) {
            (Some(one), None) => record(analyzer, &options.path, line, one),
            (None, _) => Err("an empty NDJSON record".into()),
            (Some(_), Some(_)) => Err("several NDJSON records in one item: give analyse_many one line each".into()),
        };
    }
    let mut suppressions =
        if may_suppress(bytes) { Suppressions::parse(&String::from_utf8_lossy(bytes)) } else { Suppressions::none() };
    let read = input::Options { format: Some(format), ..input::Options::default() };
    let conv = input::read_with(&options.path, bytes, &read).map_err(|e| e.to_string())?;
    let mut report = analyzer.analyze_filtered(&conv, |f| suppressions.silences(f));
    report.unused_suppressions = suppressions.unused(analyzer.lexicon());
    Ok(report)
}

/// True when the bytes may hold an inline suppression.
fn may_suppress(bytes: &[u8]) -> bool {
    bytes.windows(suppress::MARKER.len()).any(|w| w == suppress::MARKER.as_bytes())
}

/// Analyses a batch on `threads` threads; results in the batch's order. Items are
/// numbered from `first` (0-based over the whole call) for their record lines.
pub fn analyse_all(
    analyzer: &Analyzer,
    options: &Options,
    batch: &[Item],
    first: usize,
    threads: usize,
) -> Vec<Result<Value, String>> {
    let line = |i: usize| options.first_line.saturating_add((first + i) as u32);
    let run = |i: usize| {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| batch[i].analyse(analyzer, options, line(i))));
        r.unwrap_or_else(|_| Err("internal error: the analysis panicked".into()))
    };
    let threads = threads.min(batch.len()).max(1);
    if threads == 1 {
        return (0..batch.len()).map(run).collect();
    }
    // Items vary in length, so each thread takes the next one when it is free.
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, Result<Value, String>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = vec![];
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= batch.len() {
                            return mine;
                        }
                        mine.push((i, run(i)));
                    }
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_default()).collect()
    });
    let mut results: Vec<Result<Value, String>> =
        (0..batch.len()).map(|_| Err("internal error: no result".into())).collect();
    for (i, r) in done.into_iter().flatten() {
        results[i] = r;
    }
    results
}
