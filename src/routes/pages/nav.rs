//! The menu: only what the role may use, in the order a clerk looks for it.

use serde::Serialize;

use crate::domain::Role;

/// One menu entry.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

const HOME: (&str, &str) = ("/", "首页");
const PROFILES: (&str, &str) = ("/profiles", "乡贤档案");
const ASSOCIATIONS: (&str, &str) = ("/associations", "乡贤组织");
const COVERAGE: (&str, &str) = ("/coverage", "覆盖情况");
const USERS: (&str, &str) = ("/admin/users", "用户管理");
const AUDIT: (&str, &str) = ("/admin/audit", "审计日志");
const MY_PROFILE: (&str, &str) = ("/me", "我的档案");
const PRIVACY: (&str, &str) = ("/me/privacy", "隐私设置");
const CLAIM: (&str, &str) = ("/claim", "认领档案");
const PASSWORD: (&str, &str) = ("/password", "修改密码");

/// The entries of `role`'s menu; the one matching `path` is marked active.
///
/// Pages still to come go in here too: 项目库 (`/projects`), 对接记录
/// (`/pipeline`) for staff and administrators, 孵化空间 (`/openings`) and
/// 我的申请 (`/applications`) for founders, 入驻申请 for operators.
pub fn for_role(role: Role, path: &str) -> Vec<NavItem> {
    let entries: &[(&str, &str)] = match role {
        Role::Admin => &[
            HOME,
            PROFILES,
            ASSOCIATIONS,
            COVERAGE,
            USERS,
            AUDIT,
            PASSWORD,
        ],
        Role::Staff => &[HOME, PROFILES, ASSOCIATIONS, COVERAGE, PASSWORD],
        Role::Organizer => &[HOME, PROFILES, ASSOCIATIONS, COVERAGE, PASSWORD],
        Role::Operator => &[HOME, PASSWORD],
        Role::Founder => &[MY_PROFILE, PRIVACY, CLAIM, PASSWORD],
    };
    let active = entries
        .iter()
        .filter(|(href, _)| is_under(path, href))
        .max_by_key(|(href, _)| href.len())
        .map(|(href, _)| *href);
    entries
        .iter()
        .map(|(href, label)| NavItem {
            href,
            label,
            active: Some(*href) == active,
        })
        .collect()
}

fn is_under(path: &str, href: &str) -> bool {
    if href == "/" {
        return path == "/";
    }
    path == href
        || path
            .strip_prefix(href)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn founders_see_only_their_own_pages() {
        let items = for_role(Role::Founder, "/me/privacy");
        assert!(items.iter().all(|i| !i.href.starts_with("/admin")));
        let active: Vec<_> = items.iter().filter(|i| i.active).collect();
        assert_eq!(active.len(), 1);
        assert_eq!(active[0].href, "/me/privacy");
    }

    #[test]
    fn only_administrators_see_user_management() {
        assert!(
            for_role(Role::Admin, "/")
                .iter()
                .any(|i| i.href == "/admin/users")
        );
        for role in [Role::Staff, Role::Organizer, Role::Operator, Role::Founder] {
            assert!(for_role(role, "/").iter().all(|i| i.href != "/admin/users"));
        }
    }
}
