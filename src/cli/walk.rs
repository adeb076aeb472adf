//! From the paths on the command line to the files to check, lazily and in a stable
//! order: a folder is walked with the `ignore` crate (ripgrep's walker: `.gitignore`,
//! `.ignore`, git's exclude files, hidden files skipped), keeping the text formats
//! goodfaith reads ([`goodfaith::input::TEXT_EXTENSIONS`]) unless `--glob` says
//! otherwise; each folder's entries are sorted by name, so the output order never
//! depends on the file system or on thread timing. A file named on the command line is
//! always checked, whatever its extension, unless the config file excludes it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use goodfaith::input::TEXT_EXTENSIONS;
use goodfaith::report::FileError;
use ignore::overrides::OverrideBuilder;
use ignore::types::TypesBuilder;
use ignore::{Walk, WalkBuilder};

use super::options::Options;
use super::paths;

/// How folders are walked.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Also walk hidden files and folders.
    pub hidden: bool,
    /// Do not honour ignore files.
    pub no_ignore: bool,
    /// `--glob` patterns (`!` to exclude).
    pub globs: Vec<String>,
}

/// One file to check, or a problem met while walking.
pub type Item = Result<PathBuf, FileError>;

/// The files to check, in order: each command-line path in turn, a folder expanded.
pub fn inputs<'a>(
    paths: &'a [PathBuf],
    walk: &'a WalkOptions,
    options: &'a Options,
) -> impl Iterator<Item = Item> + 'a {
    paths.iter().flat_map(move |p| -> Box<dyn Iterator<Item = Item> + 'a> {
        if p.as_os_str() == "-" {
            return Box::new(std::iter::once(Ok(p.clone())));
        }
        if !p.is_dir() {
            if options.excluded(p) {
                note!("goodfaith: {}: excluded by the config file, skipped", sanitize(p));
                return Box::new(std::iter::empty());
            }
            return Box::new(std::iter::once(Ok(p.clone())));
        }
        match walker(p, walk, options) {
            Ok(w) => {
                // Silence would read as "all clear": say the folder held nothing to check.
                let mut files = files(w).peekable();
                if files.peek().is_none() {
                    note!(
                        "goodfaith: {}: no files to check in this folder (looked for .txt, .md, .vtt, .srt, .eml, \
                         .mbox, .html, .ndjson and similar; --glob chooses others)",
                        sanitize(p)
                    );
                }
                Box::new(files)
            }
            Err(e) => Box::new(std::iter::once(Err(FileError::new(paths::display(p), format!("{e:#}"))))),
        }
    })
}

fn sanitize(p: &Path) -> String {
    goodfaith::report::sanitize::sanitize(&paths::display(p)).into_owned()
}

/// A sorted walker over one folder.
fn walker(root: &Path, opts: &WalkOptions, options: &Options) -> Result<Walk> {
    let mut types = TypesBuilder::new();
    for ext in TEXT_EXTENSIONS {
        types.add("goodfaith", &format!("*.{ext}")).expect("a valid extension glob");
    }
    types.select("goodfaith");
    let mut overrides = OverrideBuilder::new(root);
    for g in &opts.globs {
        overrides.add(g).with_context(|| format!("--glob {g}"))?;
    }
    let mut b = WalkBuilder::new(root);
    b.hidden(!opts.hidden)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .parents(!opts.no_ignore)
        // A policy folder that is not (yet) a git repository still means its .gitignore.
        .require_git(false)
        .types(types.build().context("file types")?)
        .overrides(overrides.build().context("--glob")?)
        .sort_by_file_name(|a, b| a.cmp(b));
    if options.exclude.is_some() {
        let exclude = options.exclude.clone();
        b.filter_entry(move |e| !exclude.as_ref().is_some_and(|g| g.is_match(e.path())));
    }
    Ok(b.build())
}

/// The regular files of a walk; walk errors become file errors. Symbolic links are not
/// followed (so a link loop cannot trap the walk); a FIFO, socket or device with a text
/// extension is skipped with a notice, since reading it could block forever.
fn files(walk: Walk) -> impl Iterator<Item = Item> {
    walk.filter_map(|entry| match entry {
        Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => Some(Ok(e.into_path())),
        Ok(e) if e.file_type().is_some_and(is_special) => {
            note!("goodfaith: {}: not a regular file (a FIFO, socket or device), skipped", sanitize(e.path()));
            None
        }
        Ok(_) => None,
        Err(e) => Some(Err(walk_error(e))),
    })
}

/// Neither a file, a folder nor a link.
fn is_special(t: std::fs::FileType) -> bool {
    !t.is_file() && !t.is_dir() && !t.is_symlink()
}

fn walk_error(e: ignore::Error) -> FileError {
    fn path_of(e: &ignore::Error) -> Option<&Path> {
        match e {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => path_of(err),
            _ => None,
        }
    }
    FileError::new(path_of(&e).map(paths::display).unwrap_or_default(), e.to_string())
}
