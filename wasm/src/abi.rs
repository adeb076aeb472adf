//! The module's exports, for `web/goodfaith.js`. The loader copies the text and the kind
//! into memory it asked for with [`gf_alloc`], calls [`gf_analyse`], reads the result
//! from [`gf_result_ptr`]/[`gf_result_len`] and frees its buffers. One thread: the
//! result stays until the next call.

use std::cell::RefCell;

use crate::engine::{self, Output};

thread_local! {
    static RESULT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Reserves `len` bytes for the caller to write into; free with [`gf_free`].
#[no_mangle]
pub extern "C" fn gf_alloc(len: usize) -> *mut u8 {
    // `with_capacity` allocates exactly this capacity, which `gf_free` gives back.
    let mut buf = Vec::<u8>::with_capacity(len.max(1));
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Frees what [`gf_alloc`] gave for the same `len`.
///
/// # Safety
/// `ptr` came from `gf_alloc(len)` and is not used again.
#[no_mangle]
pub unsafe extern "C" fn gf_free(ptr: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(ptr, 0, len.max(1)));
}

/// Compiles the lexicons; 0 on success (else the result holds the message).
#[no_mangle]
pub extern "C" fn gf_warm_up() -> u32 {
    finish(engine::warm_up().map(|()| String::new()))
}

/// Analyses UTF-8 `text` read as `kind` (both in memory from [`gf_alloc`]); `html` 1 for
/// the HTML report, 0 for JSON. Returns 0 with the report as the result, or 1 with an
/// error message as the result.
///
/// # Safety
/// The two ranges are readable memory of this module holding UTF-8 written by the caller.
#[no_mangle]
pub unsafe extern "C" fn gf_analyse(
    text: *const u8,
    text_len: usize,
    kind: *const u8,
    kind_len: usize,
    html: u32,
) -> u32 {
    let text = std::slice::from_raw_parts(text, text_len);
    let kind = std::slice::from_raw_parts(kind, kind_len);
    let (Ok(text), Ok(kind)) = (std::str::from_utf8(text), std::str::from_utf8(kind)) else {
        return finish(Err("the text is not UTF-8".into()));
    };
    let output = if html == 1 { Output::Html } else { Output::Json };
    finish(engine::analyse(text, kind, output))
}

/// Where the last result starts.
#[no_mangle]
pub extern "C" fn gf_result_ptr() -> *const u8 {
    RESULT.with(|r| r.borrow().as_ptr())
}

/// How long the last result is, in bytes.
#[no_mangle]
pub extern "C" fn gf_result_len() -> usize {
    RESULT.with(|r| r.borrow().len())
}

fn finish(outcome: Result<String, String>) -> u32 {
    let (code, bytes) = match outcome {
        Ok(s) => (0, s.into_bytes()),
        Err(e) => (1, e.into_bytes()),
    };
    RESULT.with(|r| *r.borrow_mut() = bytes);
    code
}
