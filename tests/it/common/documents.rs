//! Word and PDF documents made in the tests: a `.docx` written with the zip crate, and
//! a small valid PDF written object by object, so no binary fixture needs trusting.
#![allow(dead_code)]

use std::io::Write;

/// One block of a Word body.
pub enum Block<'a> {
    /// A heading (style Heading1).
    Heading(&'a str),
    /// A paragraph of runs: each run is its own `w:r`, so a sentence may be split.
    Para(&'a [&'a str]),
    /// A list item (numbered).
    Item(&'a str),
    /// A table row of cells.
    Row(&'a [&'a str]),
    /// A paragraph with a tracked deletion between two runs: (before, deleted, after).
    Deleted(&'a str, &'a str, &'a str),
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#, esc(text))
}

fn block_xml(b: &Block) -> String {
    match b {
        Block::Heading(t) => format!(r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{}</w:p>"#, run(t)),
        Block::Para(runs) => format!("<w:p>{}</w:p>", runs.iter().map(|r| run(r)).collect::<String>()),
        Block::Item(t) => format!(
            r#"<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>{}</w:p>"#,
            run(t)
        ),
        Block::Row(cells) => format!(
            "<w:tbl><w:tr>{}</w:tr></w:tbl>",
            cells.iter().map(|c| format!("<w:tc><w:p>{}</w:p></w:tc>", run(c))).collect::<String>()
        ),
        Block::Deleted(before, gone, after) => format!(
            r#"<w:p>{}<w:del w:id="1" w:author="A"><w:r><w:delText>{}</w:delText></w:r></w:del>{}</w:p>"#,
            run(before),
            esc(gone),
            run(after)
        ),
    }
}

/// A `.docx` with `blocks` as its body, plus a header and a footer part (which the
/// reader must leave out).
pub fn docx(blocks: &[Block]) -> Vec<u8> {
    let body: String = blocks.iter().map(block_xml).collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let part = |tag: &str, text: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:{tag} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p>{}</w:p></w:{tag}>"#,
            run(text)
        )
    };
    let files: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.into(),
        ),
        ("word/document.xml", document),
        ("word/header1.xml", part("hdr", "Confidential: take it or leave it.")),
        ("word/footer1.xml", part("ftr", "Failure to comply will result in termination.")),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(vec![]));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A small valid PDF: one page per entry, one text line per string (Helvetica, 11 pt,
/// 14 pt apart); an empty string leaves a gap, which starts a new paragraph.
pub fn pdf(pages: &[&[&str]]) -> Vec<u8> {
    pdf_with(pages, "")
}

/// [`pdf`] with extra entries in the trailer (an `/Encrypt` dictionary, say).
pub fn pdf_with(pages: &[&[&str]], trailer_extra: &str) -> Vec<u8> {
    let n = pages.len();
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect::<Vec<_>>().join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    ];
    for (i, lines) in pages.iter().enumerate() {
        let mut content = String::from("BT /F1 11 Tf 14 TL 72 770 Td\n");
        for l in lines.iter() {
            if l.is_empty() {
                content.push_str("T* T*\n");
                continue;
            }
            let esc = l.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
            content.push_str(&format!("({esc}) Tj T*\n"));
        }
        content.push_str("ET\n");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!("<< /Length {} >>\nstream\n{content}endstream", content.len()));
    }
    raw_pdf(&objects, trailer_extra)
}

/// A PDF of these objects (numbered from 1, the first the catalog) with a valid
/// cross-reference table.
pub fn raw_pdf(objects: &[String], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .bytes(),
    );
    out
}
