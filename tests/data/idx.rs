//! The IDX reader refuses corrupt files with an error naming the file, never a panic or a huge
//! Allocation.

use flate2::Compression;
use flate2::write::GzEncoder;
use nnlab::data::idx::{self, MAX_IDX_DATA};
use nnlab::data::mnist::Digits;
use proptest::prelude::*;
use std::io::Write;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).expect("in-memory write");
    e.finish().expect("in-memory gzip")
}

fn header(magic: [u8; 4], dims: &[u32]) -> Vec<u8> {
    let mut out = magic.to_vec();
    for d in dims {
        out.extend_from_slice(&d.to_be_bytes());
    }
    out
}

#[test]
fn good_files_raw_and_gzip_decode_to_the_same_images() {
    let pixels: Vec<u8> = (0..2 * 3 * 4).map(|i| i as u8).collect();
    let raw = idx::encode(&[2, 3, 4], &pixels);
    for bytes in [raw.clone(), gzip(&raw)] {
        let images = idx::decode(&bytes, "x.idx")
            .and_then(|i| i.into_images("x.idx"))
            .expect("a valid file");
        assert_eq!((images.count, images.rows, images.cols), (2, 3, 4));
        assert_eq!(images.pixels, pixels);
    }
}

#[test]
fn corrupt_files_give_errors_naming_the_file_and_the_problem() {
    let ok_images = idx::encode(&[2, 2, 2], &[0; 8]);
    let mut extra = ok_images.clone();
    extra.push(7);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty file", vec![], "truncated"),
        ("short magic", vec![0, 0], "truncated"),
        (
            "wrong magic",
            header([0x50, 0x4b, 3, 4], &[1]),
            "not an IDX file",
        ),
        (
            "float data",
            header([0, 0, 0x0d, 1], &[1]),
            "unsigned bytes",
        ),
        ("zero dimensions", header([0, 0, 8, 0], &[]), "dimensions"),
        ("nine dimensions", header([0, 0, 8, 9], &[]), "dimensions"),
        (
            "truncated dims",
            header([0, 0, 8, 3], &[2, 2])[..10].to_vec(),
            "truncated",
        ),
        (
            "truncated data",
            ok_images[..ok_images.len() - 3].to_vec(),
            "need 8 data bytes",
        ),
        ("extra data", extra, "more data"),
        (
            "huge dims",
            header([0, 0, 8, 3], &[u32::MAX, u32::MAX, u32::MAX]),
            "more than",
        ),
        (
            "just over the limit",
            header([0, 0, 8, 1], &[(MAX_IDX_DATA + 1) as u32]),
            "more than",
        ),
        ("gzip garbage", vec![0x1f, 0x8b, 1, 2, 3, 4], "t-"),
        ("truncated gzip", gzip(&ok_images)[..12].to_vec(), "t-"),
    ];
    for (what, bytes, needle) in cases {
        let err = idx::decode(&bytes, "t-images.idx").expect_err(what);
        let text = err.to_string();
        assert!(text.starts_with("t-images.idx: "), "{what}: {text}");
        assert!(text.contains(needle), "{what}: {text}");
    }
}

#[test]
fn shape_and_label_mismatches_are_errors() {
    // Labels given as images, images given as labels.
    let labels = idx::encode(&[3], &[1, 2, 3]);
    let err = idx::decode(&labels, "l.idx")
        .and_then(|i| i.into_images("l.idx"))
        .expect_err("1-D is not images");
    assert!(err.to_string().contains("3 dimensions"), "{err}");
    let images = idx::encode(&[3, 2, 2], &[0; 12]);
    let err = idx::decode(&images, "i.idx")
        .and_then(|i| i.into_labels("i.idx", 10))
        .expect_err("3-D is not labels");
    assert!(err.to_string().contains("1 dimension"), "{err}");
    // A label out of range.
    let err = idx::decode(&idx::encode(&[2], &[3, 10]), "l.idx")
        .and_then(|i| i.into_labels("l.idx", 10))
        .expect_err("10 is not a digit");
    assert!(err.to_string().contains("label 1 is 10"), "{err}");
    // Image and label counts that disagree.
    let err = Digits::decode(&images, "i.idx", &idx::encode(&[2], &[1, 2]), "l.idx")
        .expect_err("3 images, 2 labels");
    let text = err.to_string();
    assert!(
        text.contains("l.idx") && text.contains("2 labels") && text.contains("3 images"),
        "{text}"
    );
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nothing-here.gz");
    let err = idx::read(&path).expect_err("missing");
    assert!(err.to_string().contains("nothing-here.gz"), "{err}");
}

#[test]
fn the_shipped_set_decodes_to_ten_thousand_digits() {
    let digits = Digits::shipped().expect("shipped data");
    assert_eq!(digits.images.count, 10_000);
    assert_eq!((digits.images.rows, digits.images.cols), (28, 28));
    assert_eq!(digits.labels.len(), 10_000);
    // t10k's first label is a 7 (the well-known first test digit).
    assert_eq!(digits.labels[0], 7);
    let mut counts = [0usize; 10];
    for &l in &digits.labels {
        counts[l] += 1;
    }
    assert!(
        counts.iter().all(|&c| (800..1200).contains(&c)),
        "{counts:?}"
    );
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = idx::decode(&bytes, "fuzz").and_then(|i| i.into_images("fuzz"));
        let _ = idx::decode(&bytes, "fuzz").and_then(|i| i.into_labels("fuzz", 10));
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_magic_never_panic(
        ndims in 0u8..6,
        rest in proptest::collection::vec(any::<u8>(), 0..128),
        gz in any::<bool>(),
    ) {
        let mut bytes = vec![0, 0, 8, ndims];
        bytes.extend(rest);
        let bytes = if gz { gzip(&bytes) } else { bytes };
        match idx::decode(&bytes, "fuzz") {
            Ok(i) => prop_assert_eq!(i.data.len(), i.dims.iter().product::<usize>()),
            Err(e) => prop_assert!(e.to_string().starts_with("fuzz: ")),
        }
    }
}
