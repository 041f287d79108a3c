//! Any uploaded bytes, read as CSV or Excel, and every row mapped to a
//! profile request against the real 咸宁 region names, without panicking.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xiangxian::region::embedded_rows;
use xiangxian::service::import::to_request;
use xiangxian::service::region::RegionNames;
use xiangxian::spreadsheet::read_table;

fn names() -> &'static RegionNames {
    static NAMES: OnceLock<RegionNames> = OnceLock::new();
    NAMES.get_or_init(|| {
        let rows = embedded_rows().expect("embedded regions");
        RegionNames::from_regions(rows.into_iter().map(|r| (r.code, r.name)))
    })
}

fuzz_target!(|data: &[u8]| {
    // The format is sniffed from the bytes; the name only shows in messages.
    for filename in ["名单.csv", "名单.xlsx"] {
        if let Ok(sheet) = read_table(data, filename) {
            for row in &sheet.rows {
                let _ = to_request(row, names());
            }
        }
    }
});
