//! ImageMagick 6's quantum arithmetic in its Q16 build without HDRI (as Debian builds it), which
//! the resizers, the quantizer and the encoders follow to the unit: the range, the epsilon, and
//! its conversions between real numbers, 16-bit quanta and 8-bit samples.

/// The largest value of a 16-bit quantum (`QuantumRange`).
pub const QUANTUM_RANGE: f64 = 65535.0;
/// `QuantumScale`: one over the range.
pub const QUANTUM_SCALE: f64 = 1.0 / QUANTUM_RANGE;
/// `MagickEpsilon`.
pub const EPSILON: f64 = 1.0e-12;

/// `ClampToQuantum`: a real value to the nearest quantum, NaN and below zero to 0.
pub fn clamp_to_quantum(value: f64) -> u16 {
    if value.is_nan() || value <= 0.0 {
        0
    } else if value >= QUANTUM_RANGE {
        u16::MAX
    } else {
        (value + 0.5) as u16
    }
}

/// `PerceptibleReciprocal`: `1 / x`, kept finite for an `x` too close to zero.
pub fn perceptible_reciprocal(x: f64) -> f64 {
    let sign = if x < 0.0 { -1.0 } else { 1.0 };
    if sign * x >= EPSILON {
        1.0 / x
    } else {
        sign / EPSILON
    }
}

/// `ScaleQuantumToChar`: a quantum to the nearest 8-bit value.
pub fn scale_to_char(quantum: u16) -> u8 {
    let q = u32::from(quantum) + 128;
    ((q - (q >> 8)) >> 8) as u8
}

/// A picture ImageMagick 6.9.11 made for a test, from `images/imagemagick-6.9.11/`.
#[cfg(test)]
pub fn fixture(name: &str) -> image::DynamicImage {
    let path = format!(
        "{}/src/images/imagemagick-6.9.11/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    image::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rounding of each, at the edges ImageMagick's code draws.
    #[test]
    fn conversions_round_as_imagemagick_does() {
        assert_eq!(clamp_to_quantum(f64::NAN), 0);
        assert_eq!(clamp_to_quantum(-3.0), 0);
        assert_eq!(clamp_to_quantum(1.49), 1);
        assert_eq!(clamp_to_quantum(1.5), 2);
        assert_eq!(clamp_to_quantum(70000.0), u16::MAX);
        // 128.5 × 257 rounds up to 129; 65,281 (a wrapped bKGD) to 254.
        assert_eq!(scale_to_char(33025), 129);
        assert_eq!(scale_to_char(33024), 128);
        assert_eq!(scale_to_char(65281), 254);
        assert_eq!(perceptible_reciprocal(4.0), 0.25);
        assert_eq!(perceptible_reciprocal(0.0), 1.0 / EPSILON);
        assert_eq!(perceptible_reciprocal(-1e-20), -1.0 / EPSILON);
    }
}
