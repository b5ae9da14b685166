//! The IDX file format of MNIST, raw or gzip-compressed.
//!
//! An IDX file is a big-endian header, `0x00 0x00 TYPE NDIMS`, then NDIMS u32 sizes, then the
//! data, row-major. nnlab reads unsigned bytes (TYPE 0x08) only, which is what MNIST uses.
//! Every size is checked against a limit and against the bytes actually present, and data is
//! read incrementally, so a corrupt or hostile file gives an error value, never a panic or a
//! huge allocation.

use flate2::read::GzDecoder;
use std::io::Read;
use std::path::Path;

/// The most data bytes an IDX file may hold (the 60,000 MNIST training images take 47 MB).
pub const MAX_IDX_DATA: usize = 256 << 20;
/// The largest file (compressed or not) nnlab reads into memory.
pub const MAX_IDX_FILE: u64 = 512 << 20;

/// An IDX file that could not be read or is not what it should be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct IdxError {
    /// The file (its path, or a name for embedded data).
    pub file: String,
    /// What is wrong and what is accepted.
    pub message: String,
}

impl IdxError {
    fn new(file: &str, message: impl Into<String>) -> IdxError {
        IdxError {
            file: file.to_string(),
            message: message.into(),
        }
    }
}

/// The contents of an IDX file of unsigned bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idx {
    /// The sizes from the header, outermost first (count, rows, cols for images).
    pub dims: Vec<usize>,
    /// The data, row-major; its length is the product of `dims`.
    pub data: Vec<u8>,
}

/// Greyscale images: `count` images of `rows` x `cols` bytes, one after another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Images {
    /// Number of images.
    pub count: usize,
    /// Rows per image.
    pub rows: usize,
    /// Columns per image.
    pub cols: usize,
    /// `count * rows * cols` bytes, 0 = background, 255 = ink.
    pub pixels: Vec<u8>,
}

/// Reads an IDX file from disk, gunzipping it when it starts with the gzip magic bytes.
pub fn read(path: &Path) -> Result<Idx, IdxError> {
    let file = path.display().to_string();
    let bytes = super::read_capped(path, MAX_IDX_FILE).map_err(|e| IdxError::new(&file, e))?;
    decode(&bytes, &file)
}

/// Reads only the dimensions from an IDX file's header (raw or gzip), without its data: the
/// checks that compare files (counts, sizes) run before anything large is read.
pub fn read_dims(path: &Path) -> Result<Vec<usize>, IdxError> {
    use std::io::Read as _;
    let file = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| IdxError::new(&file, format!("cannot read: {}", super::io_reason(&e))))?;
    if !meta.file_type().is_file() {
        // read_capped says why in detail.
        return super::read_capped(path, 0)
            .map(|_| Vec::new())
            .map_err(|e| IdxError::new(&file, e));
    }
    let f = std::fs::File::open(path)
        .map_err(|e| IdxError::new(&file, format!("cannot read: {}", super::io_reason(&e))))?;
    let mut head = Vec::with_capacity(32);
    f.take(32)
        .read_to_end(&mut head)
        .map_err(|e| IdxError::new(&file, format!("cannot read: {e}")))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let f = std::fs::File::open(path)
            .map_err(|e| IdxError::new(&file, format!("cannot read: {e}")))?;
        parse_header(&mut GzDecoder::new(f), &file).map(|(dims, _)| dims)
    } else {
        parse_header(&mut head.as_slice(), &file).map(|(dims, _)| dims)
    }
}

/// Decodes IDX bytes, raw or gzip-compressed (detected by the bytes 0x1f 0x8b).
pub fn decode(bytes: &[u8], file: &str) -> Result<Idx, IdxError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        parse_from(GzDecoder::new(bytes), file)
    } else {
        parse_from(bytes, file)
    }
}

/// Reads exactly `buf.len()` bytes or says how many were missing.
fn read_header(
    reader: &mut impl Read,
    buf: &mut [u8],
    file: &str,
    what: &str,
) -> Result<(), IdxError> {
    let mut done = 0;
    while done < buf.len() {
        match reader.read(&mut buf[done..]) {
            Ok(0) => {
                return Err(IdxError::new(
                    file,
                    format!(
                        "truncated: the file ends inside the {what} ({done} of {} bytes)",
                        buf.len()
                    ),
                ));
            }
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(IdxError::new(file, format!("cannot decode: {e}"))),
        }
    }
    Ok(())
}

/// Reads the magic number and dimensions; returns them and the data size they describe
/// (checked against [`MAX_IDX_DATA`]).
fn parse_header(reader: &mut impl Read, file: &str) -> Result<(Vec<usize>, usize), IdxError> {
    let mut magic = [0u8; 4];
    read_header(reader, &mut magic, file, "4-byte magic number")?;
    if magic[0] != 0 || magic[1] != 0 {
        return Err(IdxError::new(
            file,
            format!(
                "not an IDX file: the magic number is {:02x} {:02x} {:02x} {:02x}, expected 00 00 08 NN (unsigned bytes, NN dimensions)",
                magic[0], magic[1], magic[2], magic[3]
            ),
        ));
    }
    if magic[2] != 0x08 {
        return Err(IdxError::new(
            file,
            format!(
                "the IDX data type is 0x{:02x}; nnlab reads unsigned bytes (0x08) only",
                magic[2]
            ),
        ));
    }
    let ndims = usize::from(magic[3]);
    if !(1..=4).contains(&ndims) {
        return Err(IdxError::new(
            file,
            format!("the IDX header gives {ndims} dimensions; 1 to 4 are accepted"),
        ));
    }
    let mut raw = [0u8; 16];
    read_header(reader, &mut raw[..4 * ndims], file, "dimension sizes")?;
    let dims: Vec<usize> = raw[..4 * ndims]
        .chunks_exact(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect();
    let total = dims
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .filter(|&t| t <= MAX_IDX_DATA)
        .ok_or_else(|| {
            IdxError::new(
                file,
                format!(
                    "the dimensions {dims:?} describe more than {MAX_IDX_DATA} bytes of data, more than nnlab accepts"
                ),
            )
        })?;
    Ok((dims, total))
}

/// Parses an uncompressed IDX stream.
pub fn parse_from(mut reader: impl Read, file: &str) -> Result<Idx, IdxError> {
    let (dims, total) = parse_header(&mut reader, file)?;
    // Grows with the bytes actually present: a truncated file never allocates `total` up front.
    let mut data = Vec::with_capacity(total.min(1 << 20));
    (&mut reader)
        .take(total as u64)
        .read_to_end(&mut data)
        .map_err(|e| IdxError::new(file, format!("cannot decode: {e}")))?;
    if data.len() < total {
        return Err(IdxError::new(
            file,
            format!(
                "truncated: the header's dimensions {dims:?} need {total} data bytes but the file has {}",
                data.len()
            ),
        ));
    }
    let mut extra = [0u8; 1];
    match reader.read(&mut extra) {
        Ok(0) => {}
        Ok(_) => {
            return Err(IdxError::new(
                file,
                format!(
                    "the file has more data than the header's dimensions {dims:?} describe ({total} bytes)"
                ),
            ));
        }
        Err(e) => return Err(IdxError::new(file, format!("cannot decode: {e}"))),
    }
    Ok(Idx { dims, data })
}

impl Idx {
    /// The file as images: exactly three dimensions (count, rows, cols), none of them zero
    /// except possibly the count.
    pub fn into_images(self, file: &str) -> Result<Images, IdxError> {
        match self.dims[..] {
            [count, rows, cols] if rows > 0 && cols > 0 => Ok(Images {
                count,
                rows,
                cols,
                pixels: self.data,
            }),
            _ => Err(IdxError::new(
                file,
                format!(
                    "expected an image file with 3 dimensions (count, rows, cols) and non-empty images, got dimensions {:?}",
                    self.dims
                ),
            )),
        }
    }

    /// The file as labels: exactly one dimension, every byte below `classes`.
    pub fn into_labels(self, file: &str, classes: usize) -> Result<Vec<usize>, IdxError> {
        if self.dims.len() != 1 {
            return Err(IdxError::new(
                file,
                format!(
                    "expected a label file with 1 dimension (count), got dimensions {:?}",
                    self.dims
                ),
            ));
        }
        if let Some(i) = self.data.iter().position(|&l| usize::from(l) >= classes) {
            return Err(IdxError::new(
                file,
                format!(
                    "label {i} is {}; labels must be 0 to {}",
                    self.data[i],
                    classes - 1
                ),
            ));
        }
        Ok(self.data.into_iter().map(usize::from).collect())
    }
}

/// Writes an IDX file of unsigned bytes (uncompressed) into `out`: for tests and tools.
///
/// # Panics
///
/// If `dims` has more than 255 dimensions, which the format's one-byte count cannot hold.
pub fn encode(dims: &[u32], data: &[u8]) -> Vec<u8> {
    let rank = u8::try_from(dims.len()).expect("an IDX file has at most 255 dimensions");
    let mut out = vec![0, 0, 0x08, rank];
    for d in dims {
        out.extend_from_slice(&d.to_be_bytes());
    }
    out.extend_from_slice(data);
    out
}
