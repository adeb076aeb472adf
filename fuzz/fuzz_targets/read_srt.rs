//! The srt reader on arbitrary bytes: never a panic, every part inside the text.
#![no_main]

use goodfaith::input::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    goodfaith_fuzz::read_as(Format::Srt, data);
});
