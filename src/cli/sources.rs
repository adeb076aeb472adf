//! Turning the paths on the command line into conversations: files, standard input.

use std::io::{self, Read};
use std::path::Path;

use anyhow::{bail, Context, Result};
use goodfaith::input::{self, Conversation, Format};

/// A path as the user wrote it.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Reads one path (`-` is stdin) into a conversation.
pub fn read(path: &Path, format: Option<Format>) -> Result<Conversation> {
    let bytes = read_bytes(path)?;
    Ok(input::read(&display(path), &bytes, format)?)
}

/// The bytes of one path (`-` is stdin).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    if display(path) == "-" {
        let mut b = vec![];
        io::stdin().lock().read_to_end(&mut b).context("reading standard input")?;
        return Ok(b);
    }
    if path.is_dir() {
        bail!("is a directory");
    }
    std::fs::read(path).map_err(|e| anyhow::anyhow!("{}", io_message(&e)))
}

/// "No such file or directory" without the "(os error 2)".
pub fn io_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
