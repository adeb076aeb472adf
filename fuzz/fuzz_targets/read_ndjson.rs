//! NDJSON records on arbitrary bytes: a bad line is an error for that line only, and
//! every record that parses is analysed and rendered safely.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    goodfaith_fuzz::ndjson(data);
});
