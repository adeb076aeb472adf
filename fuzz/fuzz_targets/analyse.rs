//! The whole analyser: arbitrary bytes in (the first byte picks a format, or detection),
//! a report out, rendered in every format; JSON parses and no raw control character
//! reaches the formats for people.
#![no_main]

use goodfaith::input::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let format = Format::ALL.get(pick as usize % (Format::ALL.len() + 1)).copied();
    let format = format.unwrap_or_else(|| input::detect_bytes("fuzz", bytes));
    if format.is_stream() {
        return goodfaith_fuzz::ndjson(bytes);
    }
    let options = input::Options { format: Some(format), include_quoted: pick & 0x80 != 0 };
    if let Ok(conv) = input::read_with("fuzz", bytes, &options) {
        goodfaith_fuzz::check_conversation(&conv);
        goodfaith_fuzz::analyse(bytes, &conv);
    }
});
