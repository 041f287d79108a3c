//! QR codes as PNG pictures, for the village posters of 扫码登记 and the invitation cards of
//! events: a phone camera opens the link. `qrcode` makes the matrix, `png` writes it.

use qrcode::{Color, EcLevel, QrCode};

/// Pixels per module: large enough for a phone camera on a printed page.
const SCALE: usize = 8;
/// The quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// A PNG (8-bit grey) of `text` as a QR code with error correction M, drawn off the
/// async threads.
pub async fn png(text: String) -> crate::error::AppResult<Vec<u8>> {
    crate::service::blocking::run(move || draw(&text)).await
}

fn draw(text: &str) -> anyhow::Result<Vec<u8>> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET) * SCALE;
    let mut pixels = Vec::with_capacity(side * side);
    for y in 0..side {
        let my = (y / SCALE).checked_sub(QUIET);
        for x in 0..side {
            let mx = (x / SCALE).checked_sub(QUIET);
            let dark = match (mx, my) {
                (Some(mx), Some(my)) if mx < modules && my < modules => {
                    colors.get(my * modules + mx) == Some(&Color::Dark)
                }
                _ => false,
            };
            pixels.push(if dark { 0 } else { 255 });
        }
    }
    let side = u32::try_from(side)?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_a_square_greyscale_png_with_a_quiet_border() {
        let bytes = draw("https://xxt.example/register/421222100201").expect("png");
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("header");
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).expect("frame");
        assert_eq!(info.width, info.height);
        assert_eq!(info.color_type, png::ColorType::Grayscale);
        assert!(
            pixels[..info.width as usize].iter().all(|&p| p == 255),
            "white top row"
        );
        assert!(pixels.contains(&0), "dark modules");
    }
}
