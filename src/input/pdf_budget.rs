//! What one PDF may cost to draw. A compressed stream inflates (a thousandfold for
//! deflate, more through a chain of filters), and a drawing (a form XObject) runs again
//! each time a page draws it, so a file of a few kilobytes can ask pdf-extract for
//! gigabytes of content or hours of work. Before a page is handed over, its content and
//! every drawing it runs are inflated here with a limit and their operators counted (a
//! drawing once per time it is drawn), without building them: lopdf's decoded form
//! holds some 500 bytes an operator. A page over a limit is skipped with a notice, as a
//! page pdf-extract cannot read is, and a document that spends its whole budget keeps
//! the pages read so far.

use std::collections::HashMap;
use std::io::Read;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// The most one stream may inflate to: far above any page of text.
pub const MAX_STREAM: usize = 16 << 20;
/// The most operators one page may run, drawings included (a byte of text shown counts
/// as one too): about 100 MB in pdf-extract's hands at most, and a page of dense vector
/// drawing is under it; a page of text runs some 5,000.
pub const MAX_PAGE_OPS: u64 = 150_000;
/// The operators a whole document may run: this many, plus [`OPS_PER_BYTE`] per byte of
/// the file. Text deflates three or four to one, so a book's pages all fit.
pub const DOCUMENT_OPS: u64 = 2_000_000;
pub const OPS_PER_BYTE: u64 = 4;

/// Operators left to run in one document.
pub struct Budget {
    left: u64,
}

impl Budget {
    /// True once a page has been refused for want of budget: the rest are not read.
    pub fn spent(&self) -> bool {
        self.left == 0
    }

    pub fn new(file_len: usize) -> Budget {
        Budget { left: DOCUMENT_OPS + OPS_PER_BYTE * file_len as u64 }
    }

    /// Charges the page's drawing to the budget, or says why it is not to be drawn.
    pub fn charge(&mut self, doc: &Document, page: ObjectId, resources: Option<&Dictionary>) -> Result<(), String> {
        let mut cost = Cost { doc, memo: HashMap::new() };
        let mut ops = 0u64;
        for id in doc.get_page_contents(page) {
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { continue };
            ops = ops.saturating_add(cost.of(stream, resources)?);
            if ops > MAX_PAGE_OPS {
                return Err(format!("its drawing runs over {MAX_PAGE_OPS} operators"));
            }
        }
        if ops > self.left {
            self.left = 0;
            return Err(format!(
                "the document's drawings run over {DOCUMENT_OPS} operators and one per byte of the file"
            ));
        }
        self.left -= ops;
        Ok(())
    }
}

/// pdf-extract finds a page by its number, walking the whole page tree (lopdf's
/// `get_pages`) each time: quadratic in pages (8,000 pages of text took 80 s). The
/// catalog is pointed at a page tree holding only the page about to be read, so that
/// page is number 1 and the walk one step; the page keeps its own `Parent`, from which
/// it inherits its resources and size.
pub struct OnePage {
    node: ObjectId,
}

impl OnePage {
    pub fn new(doc: &mut Document) -> Option<OnePage> {
        let tree = Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(vec![])),
            ("Count", Object::Integer(1)),
        ]);
        let node = doc.add_object(tree);
        doc.catalog_mut().ok()?.set("Pages", node);
        Some(OnePage { node })
    }

    /// Makes `page` the document's only page; its number is then 1.
    pub fn show(&self, doc: &mut Document, page: ObjectId) -> u32 {
        if let Ok(tree) = doc.get_dictionary_mut(self.node) {
            tree.set("Kids", Object::Array(vec![Object::Reference(page)]));
        }
        1
    }
}

/// Operators run by drawing a stream, with the drawings it draws; memoised per drawing
/// and the resources it is drawn with (a drawing without its own uses its drawer's).
struct Cost<'d> {
    doc: &'d Document,
    memo: HashMap<(ObjectId, usize), u64>,
}

impl<'d> Cost<'d> {
    /// Recursion ends: `check_page` has already refused drawings that draw themselves
    /// or nest deeper than it allows.
    fn of(&mut self, stream: &'d Stream, resources: Option<&'d Dictionary>) -> Result<u64, String> {
        let content = inflate(stream, MAX_STREAM)
            .ok_or_else(|| format!("a stream on it inflates to over {} MiB", MAX_STREAM >> 20))?;
        let mut drawn: Vec<Vec<u8>> = vec![];
        let mut ops = operators(&content, |name| drawn.push(name.to_vec()));
        drop(content);
        for name in drawn {
            ops = ops.saturating_add(self.form(&name, resources)?);
            if ops > MAX_PAGE_OPS {
                break;
            }
        }
        Ok(ops)
    }

    /// The cost of drawing the XObject `name` (an image costs nothing more).
    fn form(&mut self, name: &[u8], resources: Option<&'d Dictionary>) -> Result<u64, String> {
        let Some(id) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|o| deref(self.doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|x| x.get(name).ok())
            .and_then(|o| o.as_reference().ok())
        else {
            return Ok(0);
        };
        let key = (id, resources.map_or(0, |r| r as *const Dictionary as usize));
        if let Some(&ops) = self.memo.get(&key) {
            return Ok(ops);
        }
        let Ok(Object::Stream(form)) = self.doc.get_object(id) else { return Ok(0) };
        if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return Ok(0);
        }
        let own = form.dict.get(b"Resources").ok().and_then(|o| deref(self.doc, o)).and_then(|o| o.as_dict().ok());
        let ops = self.of(form, own.or(resources))?;
        self.memo.insert(key, ops);
        Ok(ops)
    }
}

/// lopdf's filter while loading: an object stream (objects packed in one compressed
/// stream, which lopdf unpacks as it loads) that would inflate past [`MAX_STREAM`] is
/// dropped, and the objects packed in it are missing. lopdf keeps the object it handed
/// over (the answer only says whether to), except for objects unpacked from an object
/// stream, which it takes from the answer: those are never streams, and small.
pub fn keep_object(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    match object {
        Object::Stream(s) if s.dict.has_type(b"ObjStm") => inflate(s, MAX_STREAM).map(|_| (id, Object::Null)),
        Object::Stream(_) => Some((id, Object::Null)),
        o => Some((id, o.clone())),
    }
}

fn deref<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

/// The stream's content through its filters, or `None` when it would pass `limit`
/// bytes. A filter lopdf cannot undo (an image codec) leaves the bytes as they are, as
/// lopdf does.
pub fn inflate(stream: &Stream, limit: usize) -> Option<Vec<u8>> {
    let Ok(filters) = stream.filters() else { return Some(stream.content.clone()) };
    let mut data = stream.content.clone();
    for filter in filters {
        data = match filter {
            b"FlateDecode" => inflate_zlib(&data, limit)?,
            b"LZWDecode" => inflate_lzw(&data, limit)?,
            // At most 4 bytes for each 'z': no bomb, and lopdf's decoder is right.
            b"ASCII85Decode" => Stream::new(Dictionary::from_iter([("Filter", Object::Name(filter.to_vec()))]), data)
                .decompressed_content()
                .ok()?,
            _ => break,
        };
        if data.len() > limit {
            return None;
        }
    }
    Some(data)
}

/// Deflate with a zlib header, or without one when the header is broken (as lopdf
/// retries), stopping past `limit`.
fn inflate_zlib(input: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut out = vec![];
    let read = flate2::read::ZlibDecoder::new(input).take(limit as u64 + 1).read_to_end(&mut out);
    if read.is_err() && out.is_empty() && input.len() > 2 {
        let _ = flate2::read::DeflateDecoder::new(&input[2..]).take(limit as u64 + 1).read_to_end(&mut out);
    }
    (out.len() <= limit).then_some(out)
}

/// LZW as PDF writes it (early change), stopping past `limit`.
fn inflate_lzw(mut input: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut decoder = weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
    let mut out = vec![];
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let r = decoder.decode_bytes(input, &mut buf);
        input = &input[r.consumed_in..];
        out.extend_from_slice(&buf[..r.consumed_out]);
        if out.len() > limit {
            return None;
        }
        match r.status {
            Ok(weezl::LzwStatus::Ok) if r.consumed_in + r.consumed_out > 0 => {}
            _ => return Some(out),
        }
    }
}

/// Bytes of a string that cost what one operator costs: the text a string shows is
/// drawn a character at a time, and then analysed.
const TEXT_PER_OP: usize = 1;

/// Counts the operators of a content stream (and its strings' text, [`TEXT_PER_OP`]
/// bytes to an operator) and hands `on_do` the name each `Do` draws, skipping strings,
/// comments and inline image data, where an operator's letters can stand without being
/// one.
pub fn operators(content: &[u8], mut on_do: impl FnMut(&[u8])) -> u64 {
    let mut ops = 0;
    let mut name: Option<&[u8]> = None;
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'%' => i = memchr::memchr2(b'\n', b'\r', &content[i..]).map_or(content.len(), |n| i + n),
            b'(' => {
                let end = string_end(content, i);
                ops += ((end - i) / TEXT_PER_OP) as u64;
                i = end;
            }
            b'<' if content.get(i + 1) != Some(&b'<') => {
                let end = memchr::memchr(b'>', &content[i..]).map_or(content.len(), |n| i + n + 1);
                ops += ((end - i) / (2 * TEXT_PER_OP)) as u64;
                i = end;
            }
            b'/' => {
                let end = token_end(content, i + 1);
                name = Some(&content[i + 1..end]);
                i = end;
            }
            c if c.is_ascii_whitespace() || b"<>[]{})".contains(&c) => i += 1,
            c => {
                let end = token_end(content, i);
                let token = &content[i..end];
                i = end;
                if c.is_ascii_digit() || b"+-.".contains(&c) {
                    continue;
                }
                ops += 1;
                match token {
                    b"Do" => on_do(name.unwrap_or_default()),
                    b"ID" => i = inline_image_end(content, i),
                    _ => {}
                }
                name = None;
            }
        }
    }
    ops
}

/// Past a regular token (a name's letters, a number, an operator) starting at `i`.
fn token_end(content: &[u8], i: usize) -> usize {
    content[i..]
        .iter()
        .position(|c| c.is_ascii_whitespace() || b"()<>[]{}/%".contains(c))
        .map_or(content.len(), |n| i + n)
}

/// Past a literal string starting at `i`: parentheses nest, a backslash escapes.
fn string_end(content: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < content.len() {
        match content[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    content.len()
}

/// Past an inline image's data: to the `EI` standing alone after it.
fn inline_image_end(content: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(n) = memchr::memmem::find(&content[at..], b"EI") {
        let (start, end) = (at + n, at + n + 2);
        let before = start == 0 || content[start - 1].is_ascii_whitespace();
        let after = content.get(end).is_none_or(u8::is_ascii_whitespace);
        if before && after {
            return end;
        }
        at = end;
    }
    content.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_are_counted_outside_strings_comments_and_image_data() {
        let content = b"BT /F1 11 Tf (a Do (nested) \\) Tj) Tj ET % Do Tj\nq /X0 Do Q BI /W 1 ID \x00Do EI\nEI /Im1 Do";
        let mut drawn = vec![];
        let ops = operators(content, |n| drawn.push(String::from_utf8_lossy(n).into_owned()));
        // BT Tf Tj ET q Do Q BI ID Do, and the string's 22 bytes.
        assert_eq!(ops, 10 + 22);
        assert_eq!(drawn, ["X0", "Im1"]);
    }

    #[test]
    fn a_stream_that_inflates_past_the_limit_is_not_inflated() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(vec![], flate2::Compression::best());
        z.write_all(&vec![b' '; 1 << 20]).unwrap();
        let dict = Dictionary::from_iter([("Filter", Object::Name(b"FlateDecode".to_vec()))]);
        let stream = Stream::new(dict, z.finish().unwrap());
        assert_eq!(inflate(&stream, 1 << 20).map(|c| c.len()), Some(1 << 20));
        assert_eq!(inflate(&stream, (1 << 20) - 1), None);
    }
}
