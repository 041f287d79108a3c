//! Property tests: the import row mapping never panics. Any text in any
//! column goes through `to_request`, profile validation and the whole
//! dry-run import (CSV read, duplicates, scope) on a real region tree, and
//! comes back as a row error or a report — never a panic or an internal error.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;

use super::place::Places;
use super::{ImportOptions, RowContext, import, parse_row};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use crate::service::profile::input;
use crate::service::region::RegionNames;
use crate::spreadsheet::{Column, RawRow};

/// A migrated database with the region tree, shared by every case of a test.
struct World {
    runtime: tokio::runtime::Runtime,
    db: Db,
    names: RegionNames,
    _dir: tempfile::TempDir,
}

#[allow(clippy::expect_used)] // setting up the test, not testing
fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let dir = tempfile::tempdir().expect("tempdir");
        let config = crate::config::Config::for_data_dir(dir.path(), None);
        let (db, names) = runtime.block_on(async {
            let db = crate::app::prepare_db(&config).await.expect("database");
            let names = RegionNames::load(db.conn()).await.expect("region names");
            (db, names)
        });
        World {
            runtime,
            db,
            names,
            _dir: dir,
        }
    })
}

/// Cell texts: anything at all, and texts close to what organizers type.
fn cell() -> impl Strategy<Value = String> {
    let allowed: Vec<String> = Column::ALL
        .iter()
        .flat_map(|c| c.allowed_values().iter().map(|v| (*v).to_owned()))
        .collect();
    prop_oneof![
        any::<String>(),
        "[0-9]{0,14}",
        "[0-9 +\\-()]{0,20}",
        prop::sample::select(vec![
            "421222100201",
            "421222100",
            "421222",
            "4212",
            "421299999999",
            "通城县",
            "隽水镇",
            "城东社区",
            "广东省深圳市南山区",
            "440305",
            "1978",
            "19781",
            "0",
            "-1",
            "13812345678",
            "138 1234 5678",
            "+86 138-1234-5678",
            "a@b.c",
            "terminal.components",
            "software",
        ])
        .prop_map(str::to_owned),
        prop::sample::select(allowed),
        "[男女是否、，;；,/ 　~～—至万元亿以上下\\-]{0,12}",
    ]
}

/// Rows of random cells; most get a valid name and hometown too, so that
/// rows also reach validation, duplicate detection and the report's counts.
fn row() -> impl Strategy<Value = BTreeMap<Column, String>> {
    let core = prop::option::weighted(
        0.7,
        (
            prop::sample::select(vec!["张伟", "李娜", "欧阳明珠", "王芳"]),
            prop::sample::select(vec!["421222100201", "421222100", "421223100200"]),
        ),
    );
    let others =
        proptest::collection::btree_map(prop::sample::select(Column::ALL.to_vec()), cell(), 0..10);
    (core, others).prop_map(|(core, mut cells)| {
        if let Some((name, hometown)) = core {
            cells.insert(Column::Name, name.to_owned());
            cells.insert(Column::HometownCode, hometown.to_owned());
            cells.remove(&Column::County);
            cells.remove(&Column::Township);
            cells.remove(&Column::Village);
        }
        cells
    })
}

/// A CSV with every column's header and the rows' cells, quoted properly.
fn csv(rows: &[BTreeMap<Column, String>]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(Column::ALL.iter().map(|c| c.header()));
    for r in rows {
        let _ = out.write_record(
            Column::ALL
                .iter()
                .map(|c| r.get(c).map_or("", String::as_str)),
        );
    }
    out.into_inner().unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn mapping_and_validating_a_row_never_panics(cells in row()) {
        let w = world();
        let raw = RawRow { row: 3, cells, ..RawRow::default() };
        let places = Places::new(&w.names);
        let ctx = RowContext { places: &places, sheet_place: None, context: vec!["421222100".into()] };
        let parsed = parse_row(&raw, &ctx);
        if parsed.errors.is_empty() {
            let validated = w.runtime.block_on(input::validate(w.db.conn(), parsed.req));
            prop_assert!(!matches!(validated, Err(AppError::Internal(_))), "{validated:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_dry_run_import_of_any_rows_answers_with_a_report(rows in proptest::collection::vec(row(), 0..8)) {
        let w = world();
        let admin = CurrentUser::system("proptest");
        let options = ImportOptions { dry_run: true, valid_rows_only: false };
        let bytes = csv(&rows);
        let report = w.runtime.block_on(import(&w.db, &admin, &w.names, &bytes, "x.csv", options));
        match report {
            Ok(report) => {
                // Every row is accounted for exactly once, and a dry run writes nothing.
                prop_assert!(!report.written);
                prop_assert!(report.errors.len() >= report.rejected);
                prop_assert_eq!(
                    report.created + report.updated + report.rejected
                        + report.duplicates.iter().filter(|d| d.blocked).count(),
                    report.rows
                );
            }
            Err(e) => prop_assert!(!matches!(e, AppError::Internal(_)), "{e:?}"),
        }
    }
}
