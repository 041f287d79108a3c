//! Phase three: the good rows sorted into new people, updates of known people
//! and duplicates, within the file and against the registry, with the contact
//! rules of the trust issue: comparing a row's mobile with a record's is a
//! reveal ([`super::reveal`]), and a record the caller may not read is only
//! said to exist outside the scope.
//!
//! The registry is asked twice per import, whatever the number of rows (see
//! [`super::dup`]): the people of the file's villages, and the people
//! holding the file's mobiles.

use std::collections::{HashMap, HashSet};

use sea_orm::ConnectionTrait;

use crate::auth::CurrentUser;
use crate::auth::policy::{self, ProfileAction};
use crate::entity::profile;
use crate::error::AppResult;
use crate::service::profile::{ProfileFields, write};

use super::OUTSIDE_SCOPE;
use super::classify::Good;
use super::dup::{self, name_key};
use super::report::{Duplicate, ImportReport};
use super::reveal::Budget;

/// What to write.
#[derive(Default)]
pub(super) struct Sorted {
    pub creates: Vec<ProfileFields>,
    pub updates: Vec<(profile::Model, ProfileFields)>,
}

/// What the file's earlier rows and batches left for the next: the rows
/// seen, and the profiles this import created (a later batch compares its
/// rows with the registry as it was before the import, as one upload does).
#[derive(Default)]
pub(super) struct Seen {
    file: InFile,
    pub created: HashSet<i64>,
    /// Look the registry up by name too (a batch of a large file: its rows
    /// touch every village, whose people need not all be loaded).
    pub by_name: bool,
}

impl Seen {
    /// For the batches of a large file: the registry looked up by name too.
    pub fn batched() -> Self {
        Self {
            by_name: true,
            ..Self::default()
        }
    }
}

pub(super) async fn deduplicate(
    conn: &impl ConnectionTrait,
    actor: &CurrentUser,
    good: Vec<Good>,
    budget: &mut Budget,
    seen: &mut Seen,
    report: &mut ImportReport,
) -> AppResult<Sorted> {
    let registry = Registry::load(conn, &good, seen).await?;
    let file = &mut seen.file;
    let mut sorted = Sorted::default();
    for g in good {
        if file.repeats(&g, report) {
            report.set_status(g.preview, "重复");
            continue;
        }
        match registry.check(actor, &g, budget, report) {
            Verdict::New => {
                report.created += 1;
                report.set_status(g.preview, "新建");
                sorted.creates.push(g.fields);
            }
            Verdict::Update(existing) => {
                report.updated += 1;
                report.set_status(g.preview, "更新");
                sorted.updates.push((existing.clone(), g.fields));
            }
            Verdict::Duplicate => report.set_status(g.preview, "重复"),
        }
    }
    Ok(sorted)
}

/// A duplicate of row `g` that stays out, before saying what it repeats.
fn flag(g: &Good, kind: &str, reason: String) -> Duplicate {
    Duplicate {
        row: g.row,
        sheet: g.sheet.clone(),
        name: g.name.clone(),
        existing_id: None,
        other_row: None,
        other_sheet: None,
        kind: kind.to_owned(),
        reason,
        blocked: true,
        outside_scope: false,
    }
}

/// Where a row sits: its sheet and row number.
type Place = (Option<String>, usize);

/// The earlier rows of the file, by what a repeat would share with them.
#[derive(Default)]
struct InFile {
    exact: HashMap<(String, String, Option<String>), Place>,
    name_and_village: HashMap<(String, String), Place>,
    mobile: HashMap<String, Place>,
}

impl InFile {
    /// Flags what `g` shares with earlier rows; true when it repeats one
    /// exactly (same name, village and mobile) and so stays out.
    fn repeats(&mut self, g: &Good, report: &mut ImportReport) -> bool {
        let key = name_key(&g.name);
        let here = (g.sheet.clone(), g.row);
        let repeat = |first: &Place, kind: &str, reason: String, blocked: bool| Duplicate {
            other_row: Some(first.1),
            other_sheet: first.0.clone(),
            blocked,
            ..flag(g, kind, reason)
        };
        let exact = (key.clone(), g.village.clone(), g.mobile.clone());
        if let Some(first) = self.exact.get(&exact) {
            let reason = format!("与{}重复（文件内重复）", at(first));
            report.duplicates.push(repeat(first, "exact", reason, true));
            return true;
        }
        self.exact.insert(exact, here.clone());
        match self.name_and_village.get(&(key.clone(), g.village.clone())) {
            Some(first) => {
                let reason = format!(
                    "与{}同名同村、手机号不同，请核对是否同一人（文件内）",
                    at(first)
                );
                report
                    .duplicates
                    .push(repeat(first, "likely", reason, false));
            }
            None => {
                self.name_and_village
                    .insert((key, g.village.clone()), here.clone());
            }
        }
        if let Some(m) = &g.mobile {
            match self.mobile.get(m) {
                Some(first) => {
                    let reason = format!("与{}手机号相同，请核对是否同一人（文件内）", at(first));
                    report
                        .duplicates
                        .push(repeat(first, "likely", reason, false));
                }
                None => {
                    self.mobile.insert(m.clone(), here);
                }
            }
        }
        false
    }
}

fn at(o: &Place) -> String {
    match &o.0 {
        Some(s) => format!("工作表“{s}”第 {} 行", o.1),
        None => format!("文件第 {} 行", o.1),
    }
}

/// What the registry says of a row.
enum Verdict<'a> {
    New,
    /// The same person, whose record the row fills in.
    Update(&'a profile::Model),
    Duplicate,
}

/// The registry's people who could be a row's duplicate, loaded in batches.
struct Registry {
    by_village_and_name: HashMap<(String, String), Vec<profile::Model>>,
    by_mobile: HashMap<String, Vec<profile::Model>>,
}

impl Registry {
    async fn load(conn: &impl ConnectionTrait, good: &[Good], seen: &Seen) -> AppResult<Self> {
        let villages: Vec<String> = good
            .iter()
            .map(|g| g.village.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mobiles: Vec<String> = good
            .iter()
            .filter_map(|g| g.mobile.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut by_village_and_name: HashMap<(String, String), Vec<profile::Model>> =
            HashMap::new();
        let in_villages = if seen.by_name {
            let pairs: Vec<(String, String)> = good
                .iter()
                .map(|g| (g.village.clone(), g.name.clone()))
                .collect();
            dup::by_village_and_name(conn, &pairs).await?
        } else {
            dup::in_villages(conn, &villages).await?
        };
        let ours = |p: &profile::Model| seen.created.contains(&p.id);
        for p in in_villages.into_iter().filter(|p| !ours(p)) {
            by_village_and_name
                .entry((p.hometown_code.clone(), name_key(&p.name)))
                .or_default()
                .push(p);
        }
        let mut by_mobile: HashMap<String, Vec<profile::Model>> = HashMap::new();
        for p in dup::by_mobiles(conn, &mobiles)
            .await?
            .into_iter()
            .filter(|p| !ours(p))
        {
            if let Some(m) = p.mobile.clone() {
                by_mobile.entry(m.into()).or_default().push(p);
            }
        }
        Ok(Self {
            by_village_and_name,
            by_mobile,
        })
    }

    fn check(
        &self,
        actor: &CurrentUser,
        g: &Good,
        budget: &mut Budget,
        report: &mut ImportReport,
    ) -> Verdict<'_> {
        let readable = |p: &profile::Model| policy::profile(actor, p, ProfileAction::Read).is_ok();
        let outside = || Duplicate {
            outside_scope: true,
            ..flag(g, "likely", OUTSIDE_SCOPE.into())
        };
        let known = |id: i64, kind: &str, reason: String| Duplicate {
            existing_id: Some(id),
            ..flag(g, kind, reason)
        };
        let same: Vec<&profile::Model> = self
            .by_village_and_name
            .get(&(g.village.clone(), name_key(&g.name)))
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        if let Some(&first) = same.iter().find(|p| readable(p)).or(same.first()) {
            if !readable(first) {
                report.duplicates.push(outside());
                return Verdict::Duplicate;
            }
            let comparable = g.mobile.is_some() && same.iter().any(|p| p.mobile.is_some());
            let reason = if comparable && budget.take(first.id) {
                let exact = same
                    .iter()
                    .find(|p| p.mobile.as_deref() == g.mobile.as_deref())
                    .copied();
                if let Some(existing) = exact {
                    let editable = policy::profile(actor, existing, ProfileAction::Edit).is_ok();
                    if editable && write::differs(existing, &g.fields) {
                        return Verdict::Update(existing);
                    }
                    let reason =
                        format!("与已有档案 {} 相同（姓名、籍贯、手机号一致）", existing.id);
                    report.duplicates.push(known(existing.id, "exact", reason));
                    return Verdict::Duplicate;
                }
                format!(
                    "同村已有同名乡贤（档案 {}），手机号不同，请核对后决定是否合并",
                    first.id
                )
            } else if comparable {
                format!(
                    "同村已有同名乡贤（档案 {}），未比对手机号，请核对后决定是否合并",
                    first.id
                )
            } else {
                format!(
                    "同村已有同名乡贤（档案 {}），请核对后决定是否合并",
                    first.id
                )
            };
            report.duplicates.push(known(first.id, "likely", reason));
            return Verdict::Duplicate;
        }
        let other = g
            .mobile
            .as_ref()
            .and_then(|m| self.by_mobile.get(m))
            .and_then(|v| v.first());
        // Past the reveal limit nothing is said, so the report cannot tell a
        // known mobile from an unknown one.
        if let Some(other) = other.filter(|o| budget.take(o.id)) {
            let d = if readable(other) {
                let reason = format!(
                    "手机号与已有档案 {}（{}）相同，请核对是否同一人",
                    other.id, other.name
                );
                known(other.id, "likely", reason)
            } else {
                outside()
            };
            report.duplicates.push(d);
            return Verdict::Duplicate;
        }
        Verdict::New
    }
}
