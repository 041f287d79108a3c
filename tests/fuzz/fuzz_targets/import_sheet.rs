//! Any uploaded bytes, read as CSV or Excel, and every row mapped to a
//! profile request against the real 咸宁 region names, without panicking.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xiangxian::region::embedded_rows;
use xiangxian::service::import::place::Places;
use xiangxian::service::import::{RowContext, parse_row};
use xiangxian::service::region::RegionNames;
use xiangxian::spreadsheet::read_workbook;

fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        let rows = embedded_rows().expect("embedded regions");
        Places::new(&RegionNames::from_regions(
            rows.into_iter().map(|r| (r.code, r.name)),
        ))
    })
}

fuzz_target!(|data: &[u8]| {
    // The format is sniffed from the bytes; the name only shows in messages.
    for filename in ["名单.csv", "名单.xlsx"] {
        if let Ok(book) = read_workbook(data, filename) {
            for sheet in &book.sheets {
                let ctx = RowContext {
                    places: places(),
                    sheet_place: None,
                    context: vec!["421222100".into()],
                };
                for row in &sheet.rows {
                    let _ = parse_row(row, &ctx);
                }
            }
        }
    }
});
