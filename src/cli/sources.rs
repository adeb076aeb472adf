//! Turning the paths on the command line into things to analyse: a file or standard
//! input is one conversation, an NDJSON stream is one record per line, read lazily so a
//! stream of any length never sits in memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

use anyhow::{bail, Context, Result};
use goodfaith::input::{self, Format, Options, Record, Records};

/// A path as the user wrote it.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// What one path yields: records, or errors naming what could not be read (a bad
/// NDJSON line is an error for that line only; reading goes on).
pub type Items = Box<dyn Iterator<Item = Result<Record>>>;

/// Opens one path (`-` is stdin).
pub fn open(path: &Path, options: &Options) -> Items {
    let label = display(path);
    let opened = match source(path, options) {
        Ok(Source::Whole(bytes)) => whole(&label, bytes, options),
        Ok(Source::Stream(items)) => Ok(items),
        Err(e) => Err(e),
    };
    opened.unwrap_or_else(|e| Box::new(std::iter::once(Err(e))))
}

/// One input before parsing: a whole file's bytes (kept for what needs the raw lines,
/// such as inline suppressions), or a stream of records read lazily.
pub enum Source {
    /// The whole input.
    Whole(Vec<u8>),
    /// NDJSON records, one at a time.
    Stream(Items),
}

/// Reads a path far enough to know whether it is a stream: a stream is opened lazily,
/// anything else is read whole.
pub fn source(path: &Path, options: &Options) -> Result<Source> {
    let label = display(path);
    if label == "-" {
        return open_stdin(options);
    }
    if path.is_dir() {
        bail!("is a directory");
    }
    if is_stream_by_name(path, options) {
        let file = File::open(path).map_err(|e| anyhow::anyhow!("{}", io_message(&e)))?;
        return Ok(Source::Stream(records(&label, BufReader::new(file))));
    }
    let file = File::open(path).map_err(|e| anyhow::anyhow!("{}", io_message(&e)))?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > MAX_INPUT {
        return Err(too_large());
    }
    Ok(Source::Whole(read_limited(file, size as usize)?))
}

/// The largest input read whole, in bytes. With the analysis bounded by the turn rather
/// than the text, this bounds a run's memory (see the README's Security section).
/// Longer streams of records go through NDJSON, which is read one line at a time.
pub const MAX_INPUT: u64 = 256 << 20;

/// Reads all of `reader`, refusing inputs over [`MAX_INPUT`] without reading past it
/// (a FIFO or a device has no size to check first). `size` is the expected size: the
/// buffer is made that large at once, where growing it would hold up to twice the input.
fn read_limited(reader: impl Read, size: usize) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(size.saturating_add(1));
    read_limited_into(reader, &mut bytes)?;
    Ok(bytes)
}

/// [`read_limited`] after the bytes already in `bytes`.
fn read_limited_into(reader: impl Read, bytes: &mut Vec<u8>) -> Result<()> {
    let room = (MAX_INPUT + 1).saturating_sub(bytes.len() as u64);
    reader.take(room).read_to_end(bytes).map_err(|e| anyhow::anyhow!("{}", io_message(&e)))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_large());
    }
    // A pipe has no size to read ahead of time: give back what growing left spare.
    bytes.shrink_to_fit();
    Ok(())
}

fn too_large() -> anyhow::Error {
    anyhow::anyhow!("larger than {} MiB, skipped: split it, or give it as NDJSON records", MAX_INPUT >> 20)
}

/// True when `--input-format` or the file's extension says NDJSON.
pub fn is_stream_by_name(path: &Path, options: &Options) -> bool {
    options.format.or_else(|| Format::from_name(extension(path))).is_some_and(Format::is_stream)
}

/// Reads one path into a single conversation (the first record of an NDJSON stream).
pub fn read(path: &Path, format: Option<Format>) -> Result<input::Conversation> {
    let first = open(path, &Options { format, ..Options::default() }).next();
    Ok(first.context("no records")??.conversation)
}

fn open_stdin(options: &Options) -> Result<Source> {
    let mut stdin = io::stdin().lock();
    let mut head = vec![];
    if options.format.is_none() {
        // The first line tells an NDJSON stream from a document.
        stdin.read_until(b'\n', &mut head).context("reading standard input")?;
    }
    let format = options.format.unwrap_or_else(|| input::detect_bytes("-", &head));
    if format.is_stream() {
        return Ok(Source::Stream(records("-", Cursor::new(head).chain(stdin))));
    }
    read_limited_into(stdin, &mut head).context("reading standard input")?;
    Ok(Source::Whole(head))
}

/// A whole file read at once: one conversation, or the records of NDJSON content.
pub fn whole(label: &str, bytes: Vec<u8>, options: &Options) -> Result<Items> {
    let format = options.format.unwrap_or_else(|| input::detect_bytes(label, &bytes));
    if format.is_stream() {
        return Ok(records(label, Cursor::new(bytes)));
    }
    let conversation = input::read_with(label, &bytes, &Options { format: Some(format), ..*options })?;
    Ok(Box::new(std::iter::once(Ok(Record { conversation, id: None, extra: Default::default() }))))
}

fn records(label: &str, reader: impl BufRead + 'static) -> Items {
    Box::new(Records::new(label, reader).map(|r| r.map_err(anyhow::Error::from)))
}

fn extension(path: &Path) -> &str {
    path.extension().and_then(|e| e.to_str()).unwrap_or("")
}

/// "No such file or directory" without the "(os error 2)".
pub fn io_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
