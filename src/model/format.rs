//! The model file: a small header, the category names, a JSON manifest of how it was
//! trained, then the quantised weights. Weights are read in place, so loading the
//! built-in model costs nothing at start-up.
//!
//! ```text
//! "GFMODEL\0"  magic
//! u32 × 5      format version, feature scheme, hash bits, coercive categories, mutual categories
//! f32 × 2      thresholds: coercive, mutual
//! f32 × 4      family biases (coercive, mutual), family scales
//! f32 × 2C     category biases, category scales (C = coercive + mutual categories)
//! i16 × 512    family codebooks: coercive, then mutual; a family weight is its head's
//!              scale times the codebook entry its code (a byte) names
//! u32 + bytes  category names, newline-separated, coercive first
//! u32 + bytes  manifest (JSON)
//! u8 × 2B      family weight codes, bucket-major (B = 2^bits buckets)
//! i8 × CB      category weights, bucket-major
//! ```
//!
//! All numbers are little-endian. The family weights are read for every sentence, so they
//! take one byte each through a codebook: the table is half the size of 16-bit weights and
//! stays in cache, and a codebook spaced finely near zero and coarsely at the extremes
//! keeps the small weights most features have.

use std::borrow::Cow;

/// The file's first bytes.
pub const MAGIC: &[u8; 8] = b"GFMODEL\0";
/// The layout version written by this build.
pub const VERSION: u32 = 2;
/// The most hash bits a model may use (2^22 buckets): bounds the memory a model file may ask for.
pub const MAX_BITS: u32 = 22;
/// The most categories in one family.
pub const MAX_CATEGORIES: u32 = 64;

/// A model file's parts, borrowed or owned.
#[derive(Debug, Clone)]
pub struct Parts {
    pub scheme: u32,
    pub bits: u32,
    pub coercive: Vec<String>,
    pub mutual: Vec<String>,
    pub thresholds: [f32; 2],
    pub family_bias: [f32; 2],
    pub family_scale: [f32; 2],
    pub category_bias: Vec<f32>,
    pub category_scale: Vec<f32>,
    /// Per family head, the weight (in units of its scale) each code stands for.
    pub codebook: [[i16; 256]; 2],
    pub manifest: String,
    /// Byte offset of the family weights in the file.
    pub family_at: usize,
    /// Byte offset of the category weights.
    pub category_at: usize,
}

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| FormatError(format!("the file ends early (at byte {})", self.at)))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, FormatError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    fn i16(&mut self) -> Result<i16, FormatError> {
        Ok(i16::from_le_bytes(self.take(2)?.try_into().expect("2 bytes")))
    }

    fn f32(&mut self) -> Result<f32, FormatError> {
        let v = f32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes"));
        if v.is_finite() {
            Ok(v)
        } else {
            Err(FormatError(format!("a number that is not finite at byte {}", self.at - 4)))
        }
    }

    fn text(&mut self) -> Result<&'a str, FormatError> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| FormatError("text that is not UTF-8".into()))
    }
}

/// Reads and checks a model file's header; the weights stay where they are.
pub fn parse(bytes: &[u8]) -> Result<Parts, FormatError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8).ok() != Some(&MAGIC[..]) {
        return Err(FormatError("not a goodfaith model (it does not start with GFMODEL)".into()));
    }
    let version = r.u32()?;
    if version != VERSION {
        return Err(FormatError(format!(
            "model format {version}; this goodfaith reads format {VERSION} (retrain it with `goodfaith train`)"
        )));
    }
    let scheme = r.u32()?;
    let bits = r.u32()?;
    if !(8..=MAX_BITS).contains(&bits) {
        return Err(FormatError(format!("{bits} hash bits; a model has 8 to {MAX_BITS}")));
    }
    let (nc, nm) = (r.u32()?, r.u32()?);
    if nc > MAX_CATEGORIES || nm > MAX_CATEGORIES {
        return Err(FormatError(format!("{nc} + {nm} categories; at most {MAX_CATEGORIES} per family")));
    }
    let thresholds = [r.f32()?, r.f32()?];
    let family_bias = [r.f32()?, r.f32()?];
    let family_scale = [r.f32()?, r.f32()?];
    let c = (nc + nm) as usize;
    let category_bias = (0..c).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
    let category_scale = (0..c).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
    let mut codebook = [[0i16; 256]; 2];
    for v in codebook.iter_mut().flatten() {
        *v = r.i16()?;
    }
    let names: Vec<String> = r.text()?.split('\n').filter(|s| !s.is_empty()).map(str::to_string).collect();
    if names.len() != c {
        return Err(FormatError(format!("{} category names for {c} categories", names.len())));
    }
    let manifest = r.text()?.to_string();
    let buckets = 1usize << bits;
    let family_at = r.at;
    r.take(buckets * 2)?;
    let category_at = r.at;
    r.take(buckets * c)?;
    if r.at != bytes.len() {
        return Err(FormatError(format!("{} bytes after the weights", bytes.len() - r.at)));
    }
    let (coercive, mutual) = (names[..nc as usize].to_vec(), names[nc as usize..].to_vec());
    Ok(Parts {
        scheme,
        bits,
        coercive,
        mutual,
        thresholds,
        family_bias,
        family_scale,
        category_bias,
        category_scale,
        codebook,
        manifest,
        family_at,
        category_at,
    })
}

/// Writes a model file from its parts and weights.
pub fn write(parts: &Parts, family: &[u8], category: &[i8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + 1024 + family.len() + category.len() + parts.manifest.len());
    out.extend_from_slice(MAGIC);
    for v in [VERSION, parts.scheme, parts.bits, parts.coercive.len() as u32, parts.mutual.len() as u32] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let floats = parts
        .thresholds
        .iter()
        .chain(&parts.family_bias)
        .chain(&parts.family_scale)
        .chain(&parts.category_bias)
        .chain(&parts.category_scale);
    for v in floats {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in parts.codebook.iter().flatten() {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let names: String = parts.coercive.iter().chain(&parts.mutual).map(|n| format!("{n}\n")).collect();
    for text in [names.as_str(), parts.manifest.as_str()] {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(family);
    out.extend(category.iter().map(|&w| w as u8));
    out
}

/// Bytes that are either the built-in model or a file read at run time.
pub type Bytes = Cow<'static, [u8]>;
