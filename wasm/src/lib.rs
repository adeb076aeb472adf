//! goodfaith in WebAssembly. [`engine`] is the safe part: text in, the JSON report (the
//! schema of `goodfaith --format json`) or the HTML report out. [`abi`] is the thin
//! `extern "C"` surface the JavaScript loader (`web/goodfaith.js`) calls: bytes in and
//! out of the module's memory, nothing else. A plain C-style interface instead of
//! wasm-bindgen: the module then needs no generated glue and no CLI tool whose version
//! must match a crate, only `cargo build --target wasm32-unknown-unknown`.

mod abi;
pub mod engine;
