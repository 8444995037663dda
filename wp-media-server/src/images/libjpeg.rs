//! JPEG coding through libjpeg-turbo's own interface (the build `mozjpeg-sys` carries), set as
//! ImageMagick sets it when WordPress saves a JPEG: libjpeg's defaults at the given quality,
//! the fast integer DCT (ImageMagick's choice at quality 90 and under), the chroma sampling it
//! carries from the original, and optimized Huffman tables. The `mozjpeg` crate's safe wrapper
//! has no setting for the DCT, and the accurate DCT it leaves on codes one pixel in seven of a
//! photo's sub-size differently from WordPress (6.9.7, photo.jpg at 300×200).

use mozjpeg_sys as ffi;
use std::ffi::{c_int, c_ulong};
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

/// What one JPEG is coded with.
pub struct Settings {
    pub quality: c_int,
    /// Each chroma component's sample size in pixels, `(horizontal, vertical)`: `(2, 2)` for
    /// 4:2:0, `(1, 1)` for 4:4:4.
    pub sampling: [(u8, u8); 2],
    pub optimize_coding: bool,
    /// JFIF's density, as ImageMagick carries the original's resolution; libjpeg's 1:1 without.
    pub density: Option<super::profiles::Density>,
}

/// What a pixel of the picture to code holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colours {
    /// One byte: a one-component JPEG.
    Grey,
    /// Three bytes, coded as YCbCr with the settings' chroma sampling.
    Rgb,
    /// Four bytes of ink as Adobe's CMYK JPEGs store them, coded as YCCK (ImageMagick's choice,
    /// with Adobe's marker), each component sampled by its `(horizontal, vertical)` factor.
    Cmyk([(u8, u8); 4]),
}

/// The JPEG of `pixels`, `width` × `height` of them, as `colours` lays them out. libjpeg's
/// error code when it refuses.
pub fn compress(
    pixels: &[u8],
    width: u32,
    height: u32,
    colours: Colours,
    settings: &Settings,
) -> Result<Vec<u8>, String> {
    let components = match colours {
        Colours::Grey => 1,
        Colours::Rgb => 3,
        Colours::Cmyk(_) => 4,
    };
    let row = width as usize * components;
    if pixels.len() != row * height as usize || width == 0 || height == 0 {
        return Err(format!(
            "{} bytes are not {width}×{height} pixels",
            pixels.len()
        ));
    }
    let mut job = Job::new();
    // libjpeg reports an error by calling `error_exit`, which unwinds back here; `job` is then
    // dropped, which frees what libjpeg allocated.
    catch_unwind(AssertUnwindSafe(|| unsafe {
        let cinfo = &mut job.cinfo;
        cinfo.image_width = width;
        cinfo.image_height = height;
        cinfo.input_components = components as c_int;
        cinfo.in_color_space = match colours {
            Colours::Grey => ffi::J_COLOR_SPACE::JCS_GRAYSCALE,
            Colours::Rgb => ffi::J_COLOR_SPACE::JCS_RGB,
            Colours::Cmyk(_) => ffi::J_COLOR_SPACE::JCS_CMYK,
        };
        // libjpeg-turbo's defaults, not mozjpeg's (which would search for better tables and
        // scans than ImageMagick's libjpeg-turbo writes).
        ffi::jpeg_c_set_int_param(
            cinfo,
            ffi::J_INT_PARAM::JINT_COMPRESS_PROFILE,
            ffi::JINT_COMPRESS_PROFILE_VALUE::JCP_FASTEST as c_int,
        );
        ffi::jpeg_set_defaults(cinfo);
        ffi::jpeg_set_quality(cinfo, settings.quality, 1);
        cinfo.dct_method = ffi::J_DCT_METHOD::JDCT_IFAST;
        cinfo.optimize_coding = i32::from(settings.optimize_coding) as ffi::boolean;
        if let Colours::Cmyk(factors) = colours {
            ffi::jpeg_set_colorspace(cinfo, ffi::J_COLOR_SPACE::JCS_YCCK);
            let components = std::slice::from_raw_parts_mut(cinfo.comp_info, 4);
            for (component, (h, v)) in components.iter_mut().zip(factors) {
                component.h_samp_factor = c_int::from(h);
                component.v_samp_factor = c_int::from(v);
            }
        }
        if colours == Colours::Rgb {
            let [cb, cr] = settings.sampling;
            let (max_h, max_v) = (cb.0.max(cr.0), cb.1.max(cr.1));
            let components = std::slice::from_raw_parts_mut(cinfo.comp_info, 3);
            for (component, (h, v)) in components.iter_mut().zip([(1, 1), cb, cr]) {
                component.h_samp_factor = c_int::from(max_h / h.max(1));
                component.v_samp_factor = c_int::from(max_v / v.max(1));
            }
        }
        // After the colour space, which turns JFIF off for YCCK.
        if let Some(density) = settings.density {
            cinfo.write_JFIF_header = 1;
            cinfo.X_density = density.x;
            cinfo.Y_density = density.y;
            if density.unit != 0 {
                cinfo.density_unit = density.unit;
            }
        }
        ffi::jpeg_mem_dest(cinfo, &mut job.buffer, &mut job.size);
        ffi::jpeg_start_compress(cinfo, 1);
        for line in pixels.chunks_exact(row) {
            let rows = [line.as_ptr()];
            ffi::jpeg_write_scanlines(cinfo, rows.as_ptr(), 1);
        }
        ffi::jpeg_finish_compress(cinfo);
    }))
    .map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_else(|| "libjpeg failed".to_owned())
    })?;
    Ok(job.written().to_vec())
}

/// One compression's state: libjpeg's struct, its error handler, and the buffer `jpeg_mem_dest`
/// allocates and grows; all released on drop, after success or an error alike.
struct Job {
    cinfo: Box<ffi::jpeg_compress_struct>,
    _errors: Box<ffi::jpeg_error_mgr>,
    buffer: *mut u8,
    size: c_ulong,
}

impl Job {
    fn new() -> Job {
        // SAFETY: both structs are plain C data that libjpeg initializes; `cinfo` keeps a pointer
        // to the boxed error manager, which lives as long as it.
        unsafe {
            let mut errors: Box<ffi::jpeg_error_mgr> = Box::new(std::mem::zeroed());
            ffi::jpeg_std_error(&mut errors);
            errors.error_exit = Some(unwind);
            errors.emit_message = Some(ignore);
            let mut cinfo: Box<ffi::jpeg_compress_struct> = Box::new(std::mem::zeroed());
            cinfo.common.err = &mut *errors;
            ffi::jpeg_create_compress(&mut *cinfo);
            Job {
                cinfo,
                _errors: errors,
                buffer: std::ptr::null_mut(),
                size: 0,
            }
        }
    }

    fn written(&self) -> &[u8] {
        if self.buffer.is_null() {
            return &[];
        }
        // SAFETY: libjpeg wrote `size` bytes into `buffer`, which it allocated.
        unsafe { std::slice::from_raw_parts(self.buffer, self.size as usize) }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        // SAFETY: `cinfo` was created by `jpeg_create_compress`; the buffer, when there is one,
        // came from libjpeg's `malloc`.
        unsafe {
            ffi::jpeg_destroy_compress(&mut self.cinfo);
            if !self.buffer.is_null() {
                libc::free(self.buffer.cast());
            }
        }
    }
}

/// libjpeg's fatal error: unwinds with its message code (without the panic hook, as no bug is
/// involved) to the `catch_unwind` in [`compress`].
extern "C-unwind" fn unwind(cinfo: &mut ffi::jpeg_common_struct) {
    // SAFETY: `err` points to the error manager `Job` keeps alive.
    let code = unsafe { cinfo.err.as_ref().map_or(-1, |err| err.msg_code) };
    resume_unwind(Box::new(format!("libjpeg: error {code}")));
}

/// Warnings and traces: libjpeg goes on after them, and so does the upload.
extern "C-unwind" fn ignore(_cinfo: &mut ffi::jpeg_common_struct, _level: c_int) {}

/// The sampling factor byte of each component in a baseline JPEG's frame header.
#[cfg(test)]
pub(super) fn component_sampling(jpeg: &[u8]) -> Vec<u8> {
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline frame header");
    let components = usize::from(jpeg[sof + 9]);
    (0..components).map(|i| jpeg[sof + 11 + 3 * i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(sampling: [(u8, u8); 2]) -> Settings {
        Settings {
            quality: 82,
            sampling,
            optimize_coding: true,
            density: None,
        }
    }

    #[test]
    fn colour_and_grey_pictures_are_coded_with_their_sampling() {
        let rgb: Vec<u8> = (0..16 * 8 * 3).map(|i| (i * 7 % 256) as u8).collect();
        let jpeg = compress(&rgb, 16, 8, Colours::Rgb, &settings([(2, 2), (2, 2)])).unwrap();
        assert_eq!(component_sampling(&jpeg), [0x22, 0x11, 0x11]);
        let jpeg = compress(&rgb, 16, 8, Colours::Rgb, &settings([(1, 1), (1, 1)])).unwrap();
        assert_eq!(component_sampling(&jpeg), [0x11, 0x11, 0x11]);
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (16, 8));
        let grey = compress(
            &rgb[..16 * 8],
            16,
            8,
            Colours::Grey,
            &settings([(2, 2), (2, 2)]),
        )
        .unwrap();
        assert_eq!(component_sampling(&grey), [0x11]);
        assert!(image::load_from_memory(&grey).unwrap().as_luma8().is_some());
    }

    #[test]
    fn what_libjpeg_refuses_is_an_error_and_not_a_crash() {
        let rgb = vec![0u8; 4 * 4 * 3];
        // A sampling factor over libjpeg's limit of 4.
        let error = compress(&rgb, 4, 4, Colours::Rgb, &settings([(8, 8), (8, 8)])).unwrap_err();
        assert!(error.starts_with("libjpeg: "), "{error}");
        assert!(compress(&rgb[1..], 4, 4, Colours::Rgb, &settings([(2, 2), (2, 2)])).is_err());
    }
}
