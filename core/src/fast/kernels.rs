//! Equals the matrix products of [`crate::book::backprop`] (z = w a + b, w += alpha delta a^T)
//! bit for bit against their definitions; tested by this file's tests for every row count.
//!
//! The two inner loops of batched backprop, z = w a + b and w += alpha delta a^T, with a
//! runtime choice of the widest vector instructions the CPU has (AVX-512 or AVX2 on x86-64)
//! and a portable fallback.
//!
//! Every variant does the same multiplications and additions in the same order (no fused
//! multiply-add), so all of them give bit-identical results: a seed trains the same on every
//! machine, whichever variant runs.

/// (feature row, value) pairs of one example's inputs; rows not listed are 0.
pub(super) trait Entries: Iterator<Item = (usize, f64)> {}
impl<I: Iterator<Item = (usize, f64)>> Entries for I {}

/// The vector instructions the kernels may use, detected once per process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

fn level() -> Level {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            return Level::Avx512;
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            return Level::Avx2;
        }
    }
    Level::Portable
}

/// z_j = b + sum over `entries(j)` of (k, v) of v w_k for each column z_j of the column-major
/// `z` (`rows` rows), where w_k is column k of the column-major `w` (`rows` rows): one layer's
/// weighted inputs for a batch (Eq. 25 of chapter 1). Each z_ij adds b_i and then its terms in
/// entry order.
pub(super) fn weighted_inputs<I, F>(w: &[f64], rows: usize, b: &[f64], z: &mut [f64], entries: F)
where
    I: Entries,
    F: Fn(usize) -> I,
{
    match level() {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level()` returned Avx512 only because the running CPU supports avx512f.
        Level::Avx512 => unsafe { weighted_inputs_avx512(w, rows, b, z, entries) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level()` returned Avx2 only because the running CPU supports avx2.
        Level::Avx2 => unsafe { weighted_inputs_avx2(w, rows, b, z, entries) },
        Level::Portable => weighted_inputs_body(w, rows, b, z, entries),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn weighted_inputs_avx512<I: Entries, F: Fn(usize) -> I>(
    w: &[f64],
    rows: usize,
    b: &[f64],
    z: &mut [f64],
    entries: F,
) {
    weighted_inputs_body(w, rows, b, z, entries);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn weighted_inputs_avx2<I: Entries, F: Fn(usize) -> I>(
    w: &[f64],
    rows: usize,
    b: &[f64],
    z: &mut [f64],
    entries: F,
) {
    weighted_inputs_body(w, rows, b, z, entries);
}

/// Picks an accumulator of N >= rows lanes, so that a column of z stays in registers while all
/// of its entries are added (the compiler unrolls and vectorises the fixed-size loop).
#[inline(always)]
fn weighted_inputs_body<I: Entries, F: Fn(usize) -> I>(
    w: &[f64],
    rows: usize,
    b: &[f64],
    z: &mut [f64],
    entries: F,
) {
    match rows {
        0 => {}
        1..=4 => fixed_columns::<4, I, F>(w, rows, b, z, entries),
        5..=8 => fixed_columns::<8, I, F>(w, rows, b, z, entries),
        9..=12 => fixed_columns::<12, I, F>(w, rows, b, z, entries),
        13..=16 => fixed_columns::<16, I, F>(w, rows, b, z, entries),
        17..=32 => fixed_columns::<32, I, F>(w, rows, b, z, entries),
        33..=64 => fixed_columns::<64, I, F>(w, rows, b, z, entries),
        65..=128 => fixed_columns::<128, I, F>(w, rows, b, z, entries),
        _ => blocked_columns(w, rows, b, z, entries),
    }
}

/// [`weighted_inputs`] for rows <= N: lanes rows..N of the accumulator read on into the next
/// column of w and are thrown away; the last columns, too short for that, go row by row.
#[inline(always)]
fn fixed_columns<const N: usize, I: Entries, F: Fn(usize) -> I>(
    w: &[f64],
    rows: usize,
    b: &[f64],
    z: &mut [f64],
    entries: F,
) {
    // Only constant indices touch `acc`, so it can live in registers; the dynamic-length
    // copies go through `bias`, `short` and `out`.
    let mut bias = [0.0f64; N];
    bias[..rows].copy_from_slice(b);
    // A last column of w padded with zeros, filled only when needed.
    let mut short = [0.0f64; N];
    for (j, zc) in z.chunks_exact_mut(rows).enumerate() {
        let mut acc = bias;
        for (k, v) in entries(j) {
            let start = k * rows;
            let col = if let Some(col) = w.get(start..).and_then(|col| col.first_chunk::<N>()) {
                col
            } else {
                short[..rows].copy_from_slice(&w[start..start + rows]);
                &short
            };
            for t in 0..N {
                acc[t] += v * col[t];
            }
        }
        let out = acc;
        zc.copy_from_slice(&out[..rows]);
    }
}

/// [`weighted_inputs`] for any number of rows: blocks of 8 rows whose partial sums stay in
/// registers while every entry is added, then the rest entry by entry.
#[inline(always)]
fn blocked_columns<I: Entries, F: Fn(usize) -> I>(
    w: &[f64],
    rows: usize,
    b: &[f64],
    z: &mut [f64],
    entries: F,
) {
    const BLOCK: usize = 8;
    for (j, zc) in z.chunks_exact_mut(rows).enumerate() {
        zc.copy_from_slice(b);
        let mut r0 = 0;
        while r0 + BLOCK <= rows {
            let mut acc = [0.0f64; BLOCK];
            acc.copy_from_slice(&zc[r0..r0 + BLOCK]);
            for (k, v) in entries(j) {
                let start = k * rows + r0;
                let col = &w[start..start + BLOCK];
                for t in 0..BLOCK {
                    acc[t] += v * col[t];
                }
            }
            zc[r0..r0 + BLOCK].copy_from_slice(&acc);
            r0 += BLOCK;
        }
        if r0 < rows {
            for (k, v) in entries(j) {
                let col = &w[k * rows + r0..(k + 1) * rows];
                for (a, &x) in zc[r0..].iter_mut().zip(col) {
                    *a += v * x;
                }
            }
        }
    }
}

/// target += sum over examples j and `entries(j)` (k, v) of (alpha v) d_j placed in column k
/// of the column-major `target` (`rows` rows), where d_j is column j of the column-major `d`:
/// alpha delta a^T for a batch, added example by example in entry order.
pub(super) fn add_outer<I, F>(d: &[f64], rows: usize, alpha: f64, entries: F, target: &mut [f64])
where
    I: Entries,
    F: Fn(usize) -> I,
{
    match level() {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level()` returned Avx512 only because the running CPU supports avx512f.
        Level::Avx512 => unsafe { add_outer_avx512(d, rows, alpha, entries, target) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `level()` returned Avx2 only because the running CPU supports avx2.
        Level::Avx2 => unsafe { add_outer_avx2(d, rows, alpha, entries, target) },
        Level::Portable => add_outer_body(d, rows, alpha, entries, target),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn add_outer_avx512<I: Entries, F: Fn(usize) -> I>(
    d: &[f64],
    rows: usize,
    alpha: f64,
    entries: F,
    target: &mut [f64],
) {
    add_outer_body(d, rows, alpha, entries, target);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_outer_avx2<I: Entries, F: Fn(usize) -> I>(
    d: &[f64],
    rows: usize,
    alpha: f64,
    entries: F,
    target: &mut [f64],
) {
    add_outer_body(d, rows, alpha, entries, target);
}

#[inline(always)]
fn add_outer_body<I: Entries, F: Fn(usize) -> I>(
    d: &[f64],
    rows: usize,
    alpha: f64,
    entries: F,
    target: &mut [f64],
) {
    // The book's layer sizes get a fixed-length loop the compiler unrolls, with delta_j kept in
    // registers while its example's entries are added (the same operations in the same order).
    match rows {
        0 => {}
        10 => add_outer_fixed::<10, I, F>(d, alpha, entries, target),
        30 => add_outer_fixed::<30, I, F>(d, alpha, entries, target),
        100 => add_outer_fixed::<100, I, F>(d, alpha, entries, target),
        _ => {
            for (j, dc) in d.chunks_exact(rows).enumerate() {
                for (k, v) in entries(j) {
                    let s = alpha * v;
                    for (t, &x) in target[k * rows..(k + 1) * rows].iter_mut().zip(dc) {
                        *t += s * x;
                    }
                }
            }
        }
    }
}

/// [`add_outer`] for exactly N rows.
#[inline(always)]
fn add_outer_fixed<const N: usize, I: Entries, F: Fn(usize) -> I>(
    d: &[f64],
    alpha: f64,
    entries: F,
    target: &mut [f64],
) {
    for (j, dc) in d.chunks_exact(N).enumerate() {
        let Some(&dc) = dc.first_chunk::<N>() else {
            continue;
        };
        for (k, v) in entries(j) {
            let s = alpha * v;
            // Out of range panics as the general loop's slice does; in range it always fits.
            let Some(col) = target[k * N..].first_chunk_mut::<N>() else {
                continue;
            };
            for t in 0..N {
                col[t] += s * dc[t];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stream of numbers in (-2, 2), some of them exactly 0.
    fn numbers(n: usize, seed: u64) -> Vec<f64> {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                if s.is_multiple_of(5) {
                    0.0
                } else {
                    (s >> 11) as f64 / (1u64 << 53) as f64 * 4.0 - 2.0
                }
            })
            .collect()
    }

    /// z = w a + b by the definition, one z_ij at a time with the terms in column order.
    fn naive_weighted_inputs(w: &[f64], rows: usize, b: &[f64], a: &[f64]) -> Vec<f64> {
        let cols = w.len() / rows;
        let m = a.len() / cols;
        let mut z = vec![0.0; rows * m];
        for j in 0..m {
            for i in 0..rows {
                let mut s = b[i];
                for k in 0..cols {
                    s += a[j * cols + k] * w[k * rows + i];
                }
                z[j * rows + i] = s;
            }
        }
        z
    }

    #[test]
    fn every_row_count_gives_the_definitions_numbers_bit_for_bit() {
        for rows in [
            1, 3, 4, 7, 8, 10, 12, 15, 16, 30, 32, 33, 100, 128, 129, 200,
        ] {
            let cols = 9;
            let m = 3;
            let w = numbers(rows * cols, rows as u64);
            let b = numbers(rows, 7);
            let a = numbers(cols * m, 11);
            let want = naive_weighted_inputs(&w, rows, &b, &a);
            let mut z = vec![f64::NAN; rows * m];
            // The zero inputs are left out, as a sparse batch leaves them out.
            weighted_inputs(&w, rows, &b, &mut z, |j| {
                a[j * cols..(j + 1) * cols]
                    .iter()
                    .copied()
                    .enumerate()
                    .filter(|&(_, v)| v != 0.0)
            });
            assert_eq!(z, want, "rows = {rows}");
            // The portable path, whatever this CPU would pick, gives the same bits.
            let mut portable = vec![f64::NAN; rows * m];
            weighted_inputs_body(&w, rows, &b, &mut portable, |j| {
                a[j * cols..(j + 1) * cols].iter().copied().enumerate()
            });
            assert_eq!(portable, want, "portable, rows = {rows}");
        }
    }

    #[test]
    fn the_outer_product_adds_the_definitions_numbers_bit_for_bit() {
        for rows in [1, 5, 10, 30, 100, 129] {
            let cols = 6;
            let m = 4;
            let d = numbers(rows * m, 3);
            let a = numbers(cols * m, 5);
            let start = numbers(rows * cols, 9);
            let mut want = start.clone();
            for j in 0..m {
                for k in 0..cols {
                    let s = -0.25 * a[j * cols + k];
                    for i in 0..rows {
                        want[k * rows + i] += s * d[j * rows + i];
                    }
                }
            }
            let start_again = start.clone();
            let mut got = start;
            add_outer(
                &d,
                rows,
                -0.25,
                |j| a[j * cols..(j + 1) * cols].iter().copied().enumerate(),
                &mut got,
            );
            assert_eq!(got, want, "rows = {rows}");
            let mut portable = start_again;
            add_outer_body(
                &d,
                rows,
                -0.25,
                |j| a[j * cols..(j + 1) * cols].iter().copied().enumerate(),
                &mut portable,
            );
            assert_eq!(portable, want, "portable, rows = {rows}");
        }
    }
}
