//! Writes the deterministic benchmark corpus and the lexicon's literal phrases (the
//! ripgrep floor of `scripts/bench.sh`).
//!
//! ```sh
//! cargo run --release --example bench_corpus -- --out bench/out --sizes 1,20
//! ```
//!
//! Writes `transcript-<N>mb.txt` for each size (N × 10^6 bytes), `prose-1mb.txt`,
//! `dense-1mb.txt`, `email.txt` and `phrases.txt`; with `--stream N`, `stream-<N>mb.ndjson`
//! (one record per transcript line); with `--folder N`, `folder-<N>mb/` (N × 10^6 bytes
//! of transcript in files of 100 kB).

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use corpus::Kind;
use goodfaith::lexicon::Lexicon;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_corpus: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut out = PathBuf::from("bench/out");
    let mut sizes = vec![1usize, 20];
    let (mut stream, mut folder) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = args.next().ok_or("--out needs a folder")?.into(),
            "--sizes" => {
                let list = args.next().ok_or("--sizes needs a list such as 1,20")?;
                sizes = list
                    .split(',')
                    .map(|s| s.trim().parse().map_err(|_| format!("bad size {s:?}")))
                    .collect::<Result<_, _>>()?;
            }
            "--stream" => stream = Some(megabytes(args.next())?),
            "--folder" => folder = Some(megabytes(args.next())?),
            other => {
                return Err(format!(
                    "unknown argument {other:?} (use --out DIR --sizes 1,20 [--stream N] [--folder N])"
                ))
            }
        }
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let write = |name: String, text: &str| {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("{} ({} bytes)", path.display(), text.len());
        Ok::<(), String>(())
    };
    for mb in sizes {
        write(format!("transcript-{mb}mb.txt"), &corpus::generate(Kind::Transcript, mb * 1_000_000, corpus::SEED))?;
    }
    for kind in [Kind::Prose, Kind::Dense] {
        write(format!("{}-1mb.txt", kind.name()), &corpus::generate(kind, 1_000_000, corpus::SEED))?;
    }
    write("email.txt".into(), corpus::EMAIL)?;
    write("phrases.txt".into(), &literal_phrases()?)?;
    if let Some(mb) = stream {
        write(
            format!("stream-{mb}mb.ndjson"),
            &ndjson(&corpus::generate(Kind::Transcript, mb * 1_000_000, corpus::SEED)),
        )?;
    }
    if let Some(mb) = folder {
        let dir = out.join(format!("folder-{mb}mb"));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let text = corpus::generate(Kind::Transcript, mb * 1_000_000, corpus::SEED ^ 1);
        let mut files = 0;
        for (i, chunk) in chunks(&text, 100_000).enumerate() {
            let path = dir.join(format!("meeting-{i:05}.txt"));
            std::fs::write(&path, chunk).map_err(|e| format!("{}: {e}", path.display()))?;
            files += 1;
        }
        eprintln!("{} ({files} files)", dir.display());
    }
    Ok(())
}

fn megabytes(arg: Option<String>) -> Result<usize, String> {
    let arg = arg.ok_or("--stream and --folder need a size in MB")?;
    arg.parse().map_err(|_| format!("bad size {arg:?}"))
}

/// One NDJSON record per line of a transcript: `{"id":N,"text":"Name: …"}`.
fn ndjson(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 11 / 10);
    for (i, line) in text.lines().enumerate() {
        let record = serde_json::json!({ "id": i + 1, "text": line });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

/// Whole lines of `text` in pieces of about `size` bytes.
fn chunks(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = rest.get(size..).and_then(|t| t.find('\n')).map_or(rest.len(), |i| size + i + 1);
        let (chunk, tail) = rest.split_at(cut);
        rest = tail;
        Some(chunk)
    })
}

/// The lexicon's patterns that are plain phrases (no gaps, stems or alternatives), one a
/// line, lowercase: what `rg -F -i -f` can search for.
fn literal_phrases() -> Result<String, String> {
    let lexicon = Lexicon::embedded().map_err(|e| e.to_string())?;
    let mut phrases: Vec<String> = (0..lexicon.rules().len() as u32)
        .flat_map(|i| &lexicon.written(i).patterns)
        .filter(|p| p.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '-')))
        .map(|p| p.to_lowercase())
        .collect();
    phrases.sort();
    phrases.dedup();
    Ok(phrases.into_iter().map(|p| p + "\n").collect())
}
