//! The PDF reader on arbitrary bytes: never a panic, a hang or an abort (a PDF's page tree
//! or drawings that loop), every part inside the text, every report safe.
#![no_main]

use goodfaith::input::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    goodfaith_fuzz::read_document(Format::Pdf, data);
});
