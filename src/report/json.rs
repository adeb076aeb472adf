//! JSON (`{"version":1,"files":[…]}`, streamed one file at a time) and NDJSON (one
//! report per line, written as soon as it is ready). Serialised, never concatenated: the
//! findings by [`super::json_writer`], byte for byte what serde writes, the rest by serde.

use std::io::{self, Write};

use super::json_writer::{write_report, write_report_on};
use super::{Renderer, Summary};
use crate::analysis::Report;

/// The JSON report format version.
pub const VERSION: u32 = 1;

/// `--format json`.
#[derive(Debug, Default)]
pub struct Json {
    written: usize,
    buf: Vec<u8>,
    threads: usize,
}

impl Json {
    /// Writes a large report's findings on up to `threads` threads (one by default).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }
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
        write_report_on(out, &mut self.buf, report, self.threads)
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        out.write_all(b"],\"errors\":")?;
        serde_json::to_writer(&mut *out, &summary.errors).map_err(io::Error::from)?;
        out.write_all(b"}\n")
    }
}

/// `--format ndjson`: one report per line, flushed as it is written.
#[derive(Debug, Default)]
pub struct Ndjson {
    buf: Vec<u8>,
}

impl Renderer for Ndjson {
    fn file(&mut self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        write_report(out, &mut self.buf, report)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}
