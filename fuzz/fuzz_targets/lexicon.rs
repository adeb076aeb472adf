//! The lexicon loader: a TOML file (before the first NUL byte) with user phrases and
//! patterns, then text (after it) matched with whatever compiled. Never a panic; a bad
//! file is an error naming it.
#![no_main]

use goodfaith::analysis::Analyzer;
use goodfaith::input::{self, Format};
use goodfaith::lexicon::Lexicon;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (toml, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"Ann: take it or leave it.\nBob: what would work for you?\n"[..]),
    };
    let Ok(toml) = std::str::from_utf8(toml) else { return };
    match Lexicon::builder().embedded(false).source("fuzz.toml", toml).build() {
        Ok(lexicon) => {
            if let Ok(conv) = input::read("fuzz.txt", text, Some(Format::Plain)) {
                Analyzer::new(&lexicon).analyze(&conv);
            }
        }
        // A file's error names it; a limit over all files (phrases, regexes) names them all.
        Err(e) => assert!(e.path == "fuzz.toml" || e.path == "lexicons", "the error names the file: {e}"),
    }
});
