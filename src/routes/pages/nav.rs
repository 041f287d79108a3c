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
const ORGANIZATIONS: (&str, &str) = ("/organizations", "乡贤社团");
const SERVICE_QUEUE: (&str, &str) = ("/service", "创业服务中心");
const MY_SERVICE: (&str, &str) = ("/service", "创业服务");
const COVERAGE: (&str, &str) = ("/coverage", "覆盖情况");
const FRESHNESS: (&str, &str) = ("/freshness", "待确认档案");
const IMPORT: (&str, &str) = ("/profiles/import", "批量导入");
const PROJECTS: (&str, &str) = ("/projects", "项目库");
const PIPELINE: (&str, &str) = ("/pipeline", "对接记录");
const CHAIN_MAP: (&str, &str) = ("/chains/map", "招商图谱");
const AWARDS: (&str, &str) = ("/awards", "优秀乡贤企业");
const OPENINGS: (&str, &str) = ("/openings", "孵化空间");
const APPLICATIONS: (&str, &str) = ("/applications", "入驻申请");
const MY_APPLICATIONS: (&str, &str) = ("/applications", "我的申请");
const MY_INCUBATOR: (&str, &str) = ("/incubator", "本载体与空间");
const INCUBATORS: (&str, &str) = ("/incubators", "孵化载体");
const EVENTS: (&str, &str) = ("/events", "乡情活动");
const MY_EVENTS: (&str, &str) = ("/me/events", "我的活动");
const USERS: (&str, &str) = ("/admin/users", "用户管理");
const AUDIT: (&str, &str) = ("/admin/audit", "审计日志");
const MY_PROFILE: (&str, &str) = ("/me", "我的档案");
const PRIVACY: (&str, &str) = ("/me/privacy", "隐私设置");
const CLAIM: (&str, &str) = ("/claim", "认领档案");
const SELF_REGISTRATION: (&str, &str) = ("/register-queue", "扫码登记");
const PASSWORD: (&str, &str) = ("/password", "修改密码");

/// The entries of `role`'s menu; the one matching `path` is marked active.
/// 匹配人选 has no entry of its own: it is reached from a project.
pub fn for_role(role: Role, path: &str) -> Vec<NavItem> {
    let entries: &[(&str, &str)] = match role {
        Role::Admin => &[
            HOME,
            PROFILES,
            IMPORT,
            ASSOCIATIONS,
            ORGANIZATIONS,
            SERVICE_QUEUE,
            COVERAGE,
            FRESHNESS,
            PROJECTS,
            PIPELINE,
            CHAIN_MAP,
            AWARDS,
            INCUBATORS,
            OPENINGS,
            APPLICATIONS,
            EVENTS,
            USERS,
            AUDIT,
            PASSWORD,
        ],
        Role::Staff => &[
            HOME,
            PROFILES,
            PROJECTS,
            PIPELINE,
            CHAIN_MAP,
            AWARDS,
            ASSOCIATIONS,
            ORGANIZATIONS,
            SERVICE_QUEUE,
            COVERAGE,
            FRESHNESS,
            INCUBATORS,
            OPENINGS,
            APPLICATIONS,
            EVENTS,
            PASSWORD,
        ],
        Role::Organizer => &[
            HOME,
            PROFILES,
            IMPORT,
            SELF_REGISTRATION,
            ASSOCIATIONS,
            ORGANIZATIONS,
            COVERAGE,
            FRESHNESS,
            EVENTS,
            PASSWORD,
        ],
        Role::Operator => &[MY_INCUBATOR, APPLICATIONS, PASSWORD],
        Role::Founder => &[
            MY_PROFILE,
            OPENINGS,
            MY_APPLICATIONS,
            MY_SERVICE,
            MY_EVENTS,
            PRIVACY,
            CLAIM,
            PASSWORD,
        ],
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
    fn the_import_page_is_marked_not_the_list_above_it() {
        let items = for_role(Role::Organizer, "/profiles/import");
        let active: Vec<_> = items.iter().filter(|i| i.active).map(|i| i.href).collect();
        assert_eq!(active, vec!["/profiles/import"]);
    }

    #[test]
    fn founders_find_openings_and_their_applications() {
        let hrefs: Vec<_> = for_role(Role::Founder, "/")
            .iter()
            .map(|i| i.href)
            .collect();
        assert!(hrefs.contains(&"/openings") && hrefs.contains(&"/applications"));
        assert!(!hrefs.contains(&"/projects"));
    }

    #[test]
    fn those_who_keep_records_find_the_stale_ones_and_founders_do_not() {
        for role in [Role::Admin, Role::Staff, Role::Organizer] {
            assert!(
                for_role(role, "/").iter().any(|i| i.href == "/freshness"),
                "{role:?}"
            );
        }
        for role in [Role::Operator, Role::Founder] {
            assert!(for_role(role, "/").iter().all(|i| i.href != "/freshness"));
        }
        let active: Vec<_> = for_role(Role::Organizer, "/freshness")
            .into_iter()
            .filter(|i| i.active)
            .map(|i| i.href)
            .collect();
        assert_eq!(active, vec!["/freshness"]);
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
