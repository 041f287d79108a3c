use super::*;

#[test]
fn every_template_parses() {
    let mut names = Vec::new();
    fn walk(dir: &'static Dir<'static>, names: &mut Vec<String>) {
        for f in dir.files() {
            names.push(f.path().to_string_lossy().into_owned());
        }
        for d in dir.dirs() {
            walk(d, names);
        }
    }
    walk(&TEMPLATES, &mut names);
    assert!(names.len() > 5);
    for name in names {
        assert!(ENV.get_template(&name).is_ok(), "{name} does not parse");
        // A merge's conflict markers parse as text and would be shown to users.
        let text = TEMPLATES
            .get_file(&name)
            .and_then(|f| f.contents_utf8())
            .unwrap_or("");
        for marker in ["<<<<<<< ", "\n=======\n", ">>>>>>> "] {
            assert!(
                !text.contains(marker),
                "{name} holds a merge conflict marker"
            );
        }
        // The Content-Security-Policy (style-src 'self', script-src 'self') refuses inline
        // styles and handlers: written there they silently do nothing.
        for inline in [" style=\"", " onclick=", " onsubmit=", " onchange="] {
            assert!(!text.contains(inline), "{name} has an inline{inline}…");
        }
    }
}

#[test]
fn every_limit_a_template_names_exists() {
    fn walk(dir: &'static Dir<'static>, found: &mut Vec<(String, String, String)>) {
        for f in dir.files() {
            let text = f.contents_utf8().unwrap_or_default();
            for (at, _) in text.match_indices("limits.") {
                let mut parts = text[at + "limits.".len()..]
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                    .next()
                    .unwrap_or_default()
                    .split('.');
                let group = parts.next().unwrap_or_default().to_owned();
                let field = parts.next().unwrap_or_default().to_owned();
                found.push((f.path().display().to_string(), group, field));
            }
        }
        for d in dir.dirs() {
            walk(d, found);
        }
    }
    let mut found = Vec::new();
    walk(&TEMPLATES, &mut found);
    assert!(
        found.len() > 40,
        "only {} uses of limits found",
        found.len()
    );
    let all = limits::for_templates();
    for (file, group, field) in found {
        assert!(
            all.get(group.as_str())
                .is_some_and(|g| g.contains_key(field.as_str())),
            "{file} names limits.{group}.{field}, which domain::limits does not list"
        );
    }
}

#[test]
fn a_limit_renders_as_its_number() {
    let html = ENV
        .render_str(
            r#"{% import "_macros.html" as m %}{{ m.textarea("bio", "简介", {}, {}, maxlength=limits.profile.bio) }}"#,
            context! {},
        )
        .unwrap_or_default();
    assert!(html.contains(r#"maxlength="2000""#), "{html}");
}

#[test]
fn only_local_paths_are_followed_after_login() {
    assert_eq!(safe_next("/profiles/3"), Some("/profiles/3"));
    assert_eq!(safe_next("//evil.example/x"), None);
    assert_eq!(safe_next("https://evil.example"), None);
}
