//! The `goodfaith.toml` parser on arbitrary text: never a panic; an error names a line
//! inside the file; locating a key works at every offset.
#![no_main]

use goodfaith::{config, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    if let Err(e) = config::parse(source) {
        let lines = text::line_of(source, source.len());
        assert!(e.line.is_none_or(|l| (1..=lines).contains(&l)), "line {:?} of {lines}: {e}", e.line);
    }
    for offset in (0..=source.len() + 1).step_by(source.len() / 16 + 1) {
        text::line_of(source, offset);
        config::key_at(source, offset);
    }
});
