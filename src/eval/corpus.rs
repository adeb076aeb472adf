//! Reading a labelled corpus (the layout of `tests/corpus/`, see its README).

use std::path::{Path, PathBuf};

/// A labelled sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// `coercive`, `mutual` or `none`.
    pub expected: String,
    /// The TAXONOMY.md category, or `-`.
    pub category: String,
    /// The trap it tests, or `-`.
    pub trap: String,
    /// The text.
    pub text: String,
    /// 1-based line in `sentences.tsv`.
    pub line: usize,
}

/// A labelled whole file (a conversation or a message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    /// The file.
    pub path: PathBuf,
    /// The expected verdict.
    pub verdict: String,
}

/// A corpus: any part may be missing.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// `sentences.tsv`.
    pub sentences: Vec<Sentence>,
    /// `ordinary.txt`.
    pub ordinary: Vec<String>,
    /// `conversations/labels.tsv` and `messages/labels.tsv`.
    pub files: Vec<Labelled>,
}

/// A corpus that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusError {
    /// The file at fault.
    pub path: String,
    /// 1-based line, when there is one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CorpusError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for CorpusError {}

fn read(path: &Path) -> Result<Option<String>, CorpusError> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CorpusError { path: path.display().to_string(), line: None, message: e.to_string() }),
    }
}

fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

impl Corpus {
    /// Reads the corpus in `dir`. Missing parts are empty; a corpus with no part at all
    /// is an error.
    pub fn load(dir: &Path) -> Result<Corpus, CorpusError> {
        let mut corpus = Corpus::default();
        let path = dir.join("sentences.tsv");
        if let Some(text) = read(&path)? {
            for (line, l) in content_lines(&text) {
                let cols: Vec<&str> = l.split('\t').collect();
                let [expected, category, trap, text] = cols[..] else {
                    let message = format!("expected 4 tab-separated columns, found {}", cols.len());
                    return Err(CorpusError { path: path.display().to_string(), line: Some(line), message });
                };
                if !matches!(expected, "coercive" | "mutual" | "none") {
                    let message = format!("expected coercive, mutual or none, found `{expected}`");
                    return Err(CorpusError { path: path.display().to_string(), line: Some(line), message });
                }
                corpus.sentences.push(Sentence {
                    expected: expected.into(),
                    category: category.into(),
                    trap: trap.into(),
                    text: text.into(),
                    line,
                });
            }
        }
        if let Some(text) = read(&dir.join("ordinary.txt"))? {
            corpus.ordinary = content_lines(&text).map(|(_, l)| l.to_string()).collect();
        }
        for sub in ["conversations", "messages"] {
            let labels = dir.join(sub).join("labels.tsv");
            let Some(text) = read(&labels)? else { continue };
            for (line, l) in content_lines(&text).filter(|(n, _)| *n > 1 || !text.starts_with("file\t")) {
                let mut cols = l.split('\t');
                let (Some(file), Some(verdict)) = (cols.next(), cols.next()) else {
                    let message = "expected file<TAB>verdict".to_string();
                    return Err(CorpusError { path: labels.display().to_string(), line: Some(line), message });
                };
                corpus.files.push(Labelled { path: dir.join(sub).join(file), verdict: verdict.trim().into() });
            }
        }
        if corpus.sentences.is_empty() && corpus.ordinary.is_empty() && corpus.files.is_empty() {
            let message = "no sentences.tsv, ordinary.txt, conversations/labels.tsv or messages/labels.tsv".into();
            return Err(CorpusError { path: dir.display().to_string(), line: None, message });
        }
        Ok(corpus)
    }
}
