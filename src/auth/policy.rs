//! The one place that decides what a caller may do with a region or a record.
//!
//! Reading something outside one's scope answers 404 (its existence is not
//! confirmed); creating or moving something into a region outside the scope,
//! or an action the role may not take, answers 403. Both are audited as
//! `denied` by the middleware that sees the error.

use crate::auth::CurrentUser;
use crate::domain::Role;
use crate::error::{AppError, AppResult};

/// What the caller wants to do with a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

impl CurrentUser {
    /// The region subtree the caller acts on; `None` means the whole city
    /// (administrators) — or nothing, for roles without a region scope.
    pub fn scope(&self) -> Option<&str> {
        self.user.scope_code.as_deref()
    }

    /// Whether `code` lies in the caller's region scope.
    pub fn covers(&self, code: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Staff | Role::Organizer => {
                self.scope().is_some_and(|scope| code.starts_with(scope))
            }
            Role::Operator | Role::Founder => false,
        }
    }

    /// The region prefix to filter lists by: `Some("")` for everything.
    pub fn list_scope(&self) -> Option<String> {
        match self.role {
            Role::Admin => Some(String::new()),
            Role::Staff | Role::Organizer => self.scope().map(str::to_owned),
            Role::Operator | Role::Founder => None,
        }
    }

    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }
}

/// Requires one of `roles`.
pub fn require_role(user: &CurrentUser, roles: &[Role]) -> AppResult<()> {
    if roles.contains(&user.role) {
        Ok(())
    } else {
        Err(AppError::forbidden(format!(
            "{}无权进行此操作",
            user.role.label()
        )))
    }
}

/// Checks access to a record whose region is `code`, for the region-scoped
/// roles in `roles` (administrators always pass).
pub fn region(user: &CurrentUser, code: &str, access: Access, roles: &[Role]) -> AppResult<()> {
    let role_ok = user.role == Role::Admin || roles.contains(&user.role);
    match (role_ok && user.covers(code), access) {
        (true, _) => Ok(()),
        (false, Access::Read) => Err(AppError::Hidden(format!("{} 不在权限范围内", code))),
        (false, Access::Write) => Err(AppError::forbidden(format!(
            "地区 {code} 不在您的管辖范围内"
        ))),
    }
}

/// Checks that a record being created or moved lands inside the scope: 403 if not.
pub fn place_in(user: &CurrentUser, field: &str, code: &str, roles: &[Role]) -> AppResult<()> {
    let role_ok = user.role == Role::Admin || roles.contains(&user.role);
    if role_ok && user.covers(code) {
        Ok(())
    } else if !role_ok {
        Err(AppError::forbidden(format!(
            "{}无权进行此操作",
            user.role.label()
        )))
    } else {
        Err(AppError::forbidden(format!(
            "{field}：地区 {code} 不在您的管辖范围内"
        )))
    }
}

/// Which profiles a caller may see in a list: those whose hometown starts
/// with `prefix`, and only the listed ones when `listed_only`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileListScope {
    pub prefix: String,
    pub listed_only: bool,
}

/// The list counterpart of [`profile`] with `Read`: organizers see every
/// profile of their scope, staff the listed ones, administrators all.
pub fn profile_list(user: &CurrentUser) -> AppResult<ProfileListScope> {
    let prefix = match user.role {
        Role::Admin | Role::Staff | Role::Organizer => user.list_scope(),
        Role::Operator | Role::Founder => None,
    }
    .ok_or_else(|| AppError::forbidden(format!("{}无权查看乡贤档案列表", user.role.label())))?;
    Ok(ProfileListScope {
        prefix,
        listed_only: user.role == Role::Staff,
    })
}

/// What the caller wants to do with a profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileAction {
    Read,
    Edit,
    Verify,
    Reveal,
    Consent,
    Delete,
    IssueClaim,
    Merge,
}

/// Profiles: organizers of the hometown's scope do everything; staff of the
/// scope read listed profiles, verify, reveal and record consent; the person
/// reads, edits and decides consent for their own; administrators do all.
pub fn profile(
    user: &CurrentUser,
    p: &crate::entity::profile::Model,
    action: ProfileAction,
) -> AppResult<()> {
    use ProfileAction::*;
    let hidden = || Err(AppError::Hidden(format!("profile {} 不在权限范围内", p.id)));
    if p.deleted_at.is_some() {
        return Err(AppError::not_found("乡贤档案"));
    }
    let refused = || {
        Err(AppError::forbidden(format!(
            "{}不能对乡贤档案进行此操作",
            user.role.label()
        )))
    };
    match user.role {
        Role::Admin => Ok(()),
        Role::Founder if p.owner_user_id == Some(user.id()) => match action {
            Read | Edit | Consent | Delete => Ok(()),
            _ => refused(),
        },
        Role::Organizer if user.covers(&p.hometown_code) => Ok(()),
        Role::Staff if user.covers(&p.hometown_code) && p.listed => match action {
            Read | Verify | Reveal | Consent => Ok(()),
            _ => refused(),
        },
        _ => hidden(),
    }
}

/// Projects (项目库) and their 对接 pipelines: staff of the project's county
/// (or of the city) and administrators read and write them. Anyone else — or
/// staff of another county — is told the project does not exist.
pub fn project(
    user: &CurrentUser,
    p: &crate::entity::project::Model,
    access: Access,
) -> AppResult<()> {
    region(user, &p.county_code, Access::Read, &[Role::Staff])
        .map_err(|_| AppError::Hidden(format!("project {} 不在权限范围内", p.id)))?;
    region(user, &p.county_code, access, &[Role::Staff])
}

/// Whether a 对接 entry may show its person to the caller: the caller reads the profile, or
/// the person's home county introduced them to this project (an accepted 请求协同).
/// Otherwise the entry is only counted, never named.
pub fn pipeline_person(
    user: &CurrentUser,
    p: &crate::entity::profile::Model,
    introduced: bool,
) -> bool {
    if p.deleted_at.is_some() {
        return false;
    }
    profile(user, p, ProfileAction::Read).is_ok() || (introduced && user.role == Role::Staff)
}

/// How much of a project a caller may read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectSight {
    /// Everything: staff of its scope and administrators.
    Full,
    /// The public summary (title, segment, county, park, needs, stage) of a `public` project.
    Summary,
}

/// Projects are need-to-know: staff of the project's scope and administrators read all of
/// it; any other signed-in user reads only the public summary of a project marked `public`;
/// for everyone else it does not exist.
pub fn project_sight(
    user: &CurrentUser,
    p: &crate::entity::project::Model,
) -> AppResult<ProjectSight> {
    if project(user, p, Access::Read).is_ok() {
        Ok(ProjectSight::Full)
    } else if p.public {
        Ok(ProjectSight::Summary)
    } else {
        Err(AppError::Hidden(format!("project {} 不在权限范围内", p.id)))
    }
}

/// The hometown prefix of the people a caller sees by name in a project's matches; people
/// outside it are only counted (and reached through 请求协同, their county's staff).
pub fn match_scope(user: &CurrentUser) -> AppResult<String> {
    match user.role {
        Role::Admin | Role::Staff => user.list_scope(),
        Role::Organizer | Role::Operator | Role::Founder => None,
    }
    .ok_or_else(|| AppError::forbidden(format!("{}无权查看项目匹配", user.role.label())))
}

/// Incubators are public to every signed-in user; staff of the incubator's
/// county, administrators and the incubator's own operators change them and
/// their openings.
pub fn incubator(
    user: &CurrentUser,
    inc: &crate::entity::incubator::Model,
    access: Access,
) -> AppResult<()> {
    let allowed = match (access, user.role) {
        (Access::Read, _) | (Access::Write, Role::Admin) => true,
        (Access::Write, Role::Staff) => user.covers(&inc.county_code),
        (Access::Write, Role::Operator) => user.user.incubator_id == Some(inc.id),
        (Access::Write, Role::Organizer | Role::Founder) => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::forbidden(format!(
            "无权修改孵化载体“{}”及其空间",
            inc.name
        )))
    }
}

/// What the caller wants to do with an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplicationAction {
    Read,
    /// Move it along 审核中 → 已录用/未录用 → 已入驻.
    Decide,
}

/// Applications: the founder reads their own; the incubator's operators and
/// staff of its county read and decide; administrators do all. Anyone else is
/// told the application does not exist.
pub fn application(
    user: &CurrentUser,
    app: &crate::entity::application::Model,
    inc: &crate::entity::incubator::Model,
    action: ApplicationAction,
) -> AppResult<()> {
    let hidden = || {
        Err(AppError::Hidden(format!(
            "application {} 不在权限范围内",
            app.id
        )))
    };
    match user.role {
        Role::Admin => Ok(()),
        Role::Founder if app.founder_user_id == user.id() => match action {
            ApplicationAction::Read => Ok(()),
            ApplicationAction::Decide => Err(AppError::forbidden("申请人不能审核自己的申请")),
        },
        Role::Operator if user.user.incubator_id == Some(inc.id) => Ok(()),
        Role::Staff if user.covers(&inc.county_code) => Ok(()),
        _ => hidden(),
    }
}

/// Which applications a caller may list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplicationScope {
    All,
    /// A founder's own.
    Founder(i64),
    /// An operator's incubator's.
    Incubator(i64),
    /// Those of incubators in a region subtree (staff).
    Region(String),
}

pub fn application_scope(user: &CurrentUser) -> AppResult<ApplicationScope> {
    match (user.role, user.scope(), user.user.incubator_id) {
        (Role::Admin, _, _) => Ok(ApplicationScope::All),
        (Role::Founder, _, _) => Ok(ApplicationScope::Founder(user.id())),
        (Role::Operator, _, Some(id)) => Ok(ApplicationScope::Incubator(id)),
        (Role::Staff, Some(scope), _) => Ok(ApplicationScope::Region(scope.to_owned())),
        _ => Err(AppError::forbidden(format!(
            "{}无权查看入驻申请",
            user.role.label()
        ))),
    }
}
