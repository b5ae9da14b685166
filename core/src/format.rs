//! How every number is written, on screen and in files: one rule in one place.
//!
//! The rule: a number is written in fixed notation while its magnitude is in the style's
//! range, and in scientific notation outside it, so it **keeps its exponent** (never `0.0000`
//! for 1e-7, never twenty digits for 1e20). Zero is always fixed; NaN and infinities are
//! written as Rust writes them (`NaN`, `inf`, `-inf`). The styles differ only in the range
//! and the digits, for where the number is read:
//!
//! | style | fixed range | fixed form | scientific form | used by |
//! |---|---|---|---|---|
//! | [`exact`] | 1e-5 .. 1e15 | shortest round trip | shortest round trip | CSV, JSON, saved presets |
//! | [`editor`] | 1e-4 .. 1e6 | 6 decimals, trailing zeros cut | shortest round trip | the parameter editor |
//! | [`table`] | 1e-3 .. 1e5 | 6 decimals | 3 decimals | exercise tables and verdicts |
//! | [`short`] | 1e-3 .. 1e4 | 4 decimals | 2 decimals | the lab's readouts |
//! | [`brief`] | 1e-3 .. 1e5 | 4 decimals, trailing zeros cut | 3 decimals | the tour's sentences |
//! | [`column()`] | 1e-4 .. 1e9 | `prec` decimals | `prec` decimals | `nnlab run`'s table |
//! | [`axis`] | spacing 1e-3 .. , below 1e6 | to a tenth of the spacing, zeros cut | the same | exercise chart axes |
//!
//! ```
//! use nnlab_core::format::{brief, exact, short, table};
//! assert_eq!(short(0.0177), "0.0177");
//! assert_eq!(short(1e-7), "1.00e-7"); // the exponent is kept
//! assert_eq!(table(0.82), "0.820000");
//! assert_eq!(brief(0.5), "0.5");
//! assert_eq!(exact(1e-7), "1e-7");
//! assert_eq!(exact(0.1).parse::<f64>(), Ok(0.1));
//! ```

use std::ops::Range;

/// How many digits after the point, or the shortest form that reads back as the same `f64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Digits {
    Fixed(usize),
    Shortest,
}

/// A style of writing numbers (see the module's table).
#[derive(Debug, Clone, PartialEq)]
struct Style {
    /// Magnitudes written in fixed notation.
    fixed: Range<f64>,
    /// Digits after the point in fixed notation.
    fixed_digits: Digits,
    /// Trailing zeros (and a bare point) cut in fixed notation.
    trim: bool,
    /// Digits after the point of the mantissa in scientific notation.
    sci_digits: Digits,
}

impl Style {
    fn write(&self, v: f64) -> String {
        if !v.is_finite() {
            return v.to_string();
        }
        if v == 0.0 || self.fixed.contains(&v.abs()) {
            let s = match self.fixed_digits {
                Digits::Fixed(d) => format!("{v:.d$}"),
                Digits::Shortest => v.to_string(),
            };
            if self.trim && s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            }
        } else {
            match self.sci_digits {
                Digits::Fixed(d) => format!("{v:.d$e}"),
                Digits::Shortest => format!("{v:e}"),
            }
        }
    }
}

const EXACT: Style = Style {
    fixed: 1e-5..1e15,
    fixed_digits: Digits::Shortest,
    trim: false,
    sci_digits: Digits::Shortest,
};
const EDITOR: Style = Style {
    fixed: 1e-4..1e6,
    fixed_digits: Digits::Fixed(6),
    trim: true,
    sci_digits: Digits::Shortest,
};
const TABLE: Style = Style {
    fixed: 1e-3..1e5,
    fixed_digits: Digits::Fixed(6),
    trim: false,
    sci_digits: Digits::Fixed(3),
};
const SHORT: Style = Style {
    fixed: 1e-3..1e4,
    fixed_digits: Digits::Fixed(4),
    trim: false,
    sci_digits: Digits::Fixed(2),
};
const BRIEF: Style = Style {
    fixed: 1e-3..1e5,
    fixed_digits: Digits::Fixed(4),
    trim: true,
    sci_digits: Digits::Fixed(3),
};

/// A number exactly: the shortest form that reads back as the same `f64` (files).
pub fn exact(v: f64) -> String {
    EXACT.write(v)
}

/// A number as the parameter editor shows it: short, exact enough to retype.
pub fn editor(v: f64) -> String {
    EDITOR.write(v)
}

/// A number in an exercise's table or verdict: six decimals, aligned.
pub fn table(v: f64) -> String {
    TABLE.write(v)
}

/// A number in a lab readout: four decimals.
pub fn short(v: f64) -> String {
    SHORT.write(v)
}

/// A number in a sentence: four decimals at most, trailing zeros cut.
pub fn brief(v: f64) -> String {
    BRIEF.write(v)
}

/// A label of a chart axis whose labels are `spacing` apart: rounded to the power of ten at or
/// below a tenth of the spacing (what tells neighbouring labels apart, and no more), trailing
/// zeros cut, so a value that is 0 at that precision is written `0` (never `2.51e-46` at the
/// foot of a 0-1 axis); with `whole`, to whole numbers at least (an epoch axis). Scientific,
/// to the same precision, where the spacing is below 1e-3 or the value 1e6 or more.
///
/// ```
/// use nnlab_core::format::axis;
/// assert_eq!(axis(2.51e-46, 0.5, false), "0");
/// assert_eq!(axis(0.5, 0.5, false), "0.5");
/// assert_eq!(axis(150.0, 150.0, true), "150");
/// assert_eq!(axis(0.12502, 0.125, false), "0.13");
/// assert_eq!(axis(2.5e-7, 1e-7, false), "2.5e-7");
/// ```
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // exponents of finite f64
pub fn axis(v: f64, spacing: f64, whole: bool) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if !(spacing.is_finite() && spacing > 0.0) {
        return brief(v);
    }
    // The place of the last digit written: 10^place.
    let mut place = (spacing / 10.0).log10().floor() as i32;
    if whole {
        place = place.max(0);
    }
    let unit = 10f64.powi(place);
    let rounded = (v / unit).round() * unit;
    if rounded == 0.0 || !rounded.is_finite() {
        return "0".into();
    }
    let trim = |s: &str| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if place >= -4 && rounded.abs() < 1e6 {
        let d = (-place).max(0) as usize;
        trim(&format!("{rounded:.d$}"))
    } else {
        let exponent = rounded.abs().log10().floor() as i32;
        let d = (exponent - place).max(0) as usize;
        let s = format!("{rounded:.d$e}");
        match s.split_once('e') {
            Some((mantissa, e)) => format!("{}e{e}", trim(mantissa)),
            None => s,
        }
    }
}

/// `v` rounded to `digits` significant digits (what the editor's nudges land on, so that
/// repeated steps stay short to write); subnormal or huge values, whose scale would
/// overflow, are returned as they are.
///
/// ```
/// assert_eq!(nnlab_core::format::round_sig(0.123_456, 3), 0.123);
/// assert_eq!(nnlab_core::format::round_sig(-98_765.0, 2), -99_000.0);
/// ```
#[allow(clippy::cast_possible_truncation)] // log10 of a finite f64 is within +-324
pub fn round_sig(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    let rounded = (v * scale).round() / scale;
    // For subnormal or huge v the scale overflows (1e-320 needs 1e323): keep v as it is.
    if rounded.is_finite() && rounded != 0.0 {
        rounded
    } else {
        v
    }
}

/// A number in a column of `nnlab run`'s table: `prec` decimals, in scientific notation (with
/// `prec` decimals too) where fixed decimals would print hundreds of digits or lose it.
pub fn column(v: f64, prec: usize) -> String {
    Style {
        fixed: 1e-4..1e9,
        fixed_digits: Digits::Fixed(prec),
        trim: false,
        sci_digits: Digits::Fixed(prec),
    }
    .write(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column4(v: f64) -> String {
        column(v, 4)
    }

    const ALL: [fn(f64) -> String; 6] = [exact, editor, table, short, brief, column4];

    #[test]
    fn every_style_keeps_the_exponent() {
        for f in ALL {
            for v in [
                1e-7,
                -3.5e-9,
                2.5e20,
                -1e16,
                1e-300,
                1e300,
                f64::MIN_POSITIVE / 4.0,
            ] {
                let s = f(v);
                assert!(s.contains('e'), "{s} for {v:e} lost its exponent");
                let back: f64 = s.parse().expect("reads back");
                // The written digits carry at least the value's magnitude.
                assert!((back / v - 1.0).abs() < 0.01, "{s} for {v:e}");
            }
        }
    }

    #[test]
    fn moderate_numbers_are_fixed_and_zero_is_plain() {
        for f in ALL {
            for v in [0.5, -0.25, 12.0, 0.0177] {
                assert!(!f(v).contains('e'), "{} for {v}", f(v));
            }
            assert!(!f(0.0).contains('e'));
            assert_eq!(f(f64::NAN), "NaN");
            assert_eq!(f(f64::INFINITY), "inf");
            assert_eq!(f(f64::NEG_INFINITY), "-inf");
        }
    }

    #[test]
    fn each_style_writes_its_digits() {
        assert_eq!(exact(0.1), "0.1");
        assert_eq!(exact(123_456.789), "123456.789");
        assert_eq!(exact(2.5e20), "2.5e20");
        assert_eq!(editor(0.005), "0.005");
        assert_eq!(editor(2.0), "2");
        assert_eq!(editor(1e-5), "1e-5");
        assert_eq!(editor(1_000_000.0), "1e6");
        assert_eq!(table(0.0), "0.000000");
        assert_eq!(table(1e5), "1.000e5");
        assert_eq!(short(0.0), "0.0000");
        assert_eq!(short(9999.0), "9999.0000");
        assert_eq!(short(1e4), "1.00e4");
        assert_eq!(brief(0.82), "0.82");
        assert_eq!(brief(100.0), "100");
        assert_eq!(brief(0.0001), "1.000e-4");
        assert_eq!(column(0.5, 6), "0.500000");
        assert_eq!(column(1e9, 4), "1.0000e9");
        assert_eq!(column(5e-5, 4), "5.0000e-5");
    }

    #[test]
    fn axis_labels_carry_the_digits_their_spacing_needs() {
        // A 0-1 axis whose data start at 2.5e-46: 0, 0.5, 1.
        let labels: Vec<String> = [2.51e-46, 0.5, 1.0]
            .iter()
            .map(|&v| axis(v, 0.5, false))
            .collect();
        assert_eq!(labels, ["0", "0.5", "1"]);
        // An epoch axis: whole numbers, even where the middle is half an epoch.
        assert_eq!(axis(150.0, 150.0, true), "150");
        assert_eq!(axis(7.5, 7.5, true), "8");
        assert_eq!(axis(0.0, 5.0, true), "0");
        // Negative, large and tiny axes keep their sign and exponent.
        assert_eq!(axis(-10.0, 10.0, false), "-10");
        assert_eq!(axis(0.3125, 6.0, false), "0.3");
        assert_eq!(axis(2.5e6, 1e6, false), "2.5e6");
        assert_eq!(axis(3.0e-9, 1e-9, false), "3e-9");
        assert_eq!(axis(1e-30, 1e-9, false), "0");
        assert_eq!(axis(f64::NAN, 1.0, false), "NaN");
    }

    #[test]
    fn exact_round_trips() {
        for v in [0.1, 1e-7, 123_456.789, 2.5e20, -3.0e-9, 0.82, 1.0 / 3.0] {
            assert_eq!(exact(v).parse::<f64>().ok(), Some(v));
        }
    }
}
