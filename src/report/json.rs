//! JSON (`{"version":1,"files":[…]}`, streamed one file at a time) and NDJSON (one
//! report per line, written as soon as it is ready). Always produced by serde, never by
//! string concatenation.

use std::io::{self, Write};

use super::{Renderer, Summary};
use crate::analysis::Report;

/// The JSON report format version.
pub const VERSION: u32 = 1;

/// `--format json`.
#[derive(Debug, Default)]
pub struct Json {
    written: usize,
}

impl Renderer for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\"version\":{VERSION},\"files\":[")
    }

    fn file(&mut self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        if self.written > 0 {
            out.write_all(b",")?;
        }
        self.written += 1;
        write_json(out, report)
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        out.write_all(b"],\"errors\":")?;
        serde_json::to_writer(&mut *out, &summary.errors).map_err(io::Error::from)?;
        out.write_all(b"}\n")
    }
}

/// `--format ndjson`: one report per line, flushed as it is written.
#[derive(Debug, Default)]
pub struct Ndjson;

impl Renderer for Ndjson {
    fn file(&mut self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        write_json(out, report)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

/// Serialises `value` to `out` through a buffer of its own: serde writes a report in
/// thousands of small pieces, and each would otherwise be a dynamic call on `out`.
fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    // `from`, not `other`: it keeps an I/O error's kind, so a closed pipe stays one.
    serde_json::to_writer(&mut buffered, value).map_err(io::Error::from)?;
    buffered.flush()
}
