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
