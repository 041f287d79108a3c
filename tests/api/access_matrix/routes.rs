//! Every `(method, path)` the JSON API registers, read from the route modules
//! themselves (`src/routes/api/*.rs`), so that a route added there and not to
//! the access matrix fails the matrix test.
//!
//! It understands `.route("/path", get(h).post(h)...)` (also spread over
//! lines, also `axum::routing::delete(h)`), and fails loudly on anything else
//! that registers a route (`route_service`, `nest`, `any`, `on`, a path that is
//! not a literal), so a new way of routing cannot slip past it.

use std::collections::BTreeSet;
use std::path::Path;

const METHODS: [&str; 7] = ["get", "post", "patch", "put", "delete", "head", "options"];

/// `("GET", "/api/v1/profiles/{id}")`, … for the whole JSON API.
pub fn api_routes() -> BTreeSet<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes/api");
    let mut routes = BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("src/routes/api")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read route module");
        let name = file.display().to_string();
        for banned in [".route_service(", ".nest(", ".nest_service(", ".fallback("] {
            assert!(
                !text.contains(banned),
                "{name} registers a route with `{banned}`: teach access_matrix/routes.rs to read it"
            );
        }
        for (method, path) in registrations(&text, &name) {
            routes.insert((method, format!("/api/v1{path}")));
        }
    }
    assert!(routes.len() > 40, "read only {} routes", routes.len());
    routes
}

/// The `(METHOD, path)` pairs of one module's `.route(...)` calls.
pub fn registrations(text: &str, file: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(".route(") {
        let args = &rest[at + ".route(".len()..];
        let call = balanced(args).unwrap_or_else(|| panic!("{file}: unbalanced .route("));
        let trimmed = call.trim_start();
        assert!(
            trimmed.starts_with('"'),
            "{file}: a route path that is not a string literal: {}",
            &trimmed[..trimmed.len().min(60)]
        );
        let path_end = trimmed[1..].find('"').expect("closing quote") + 1;
        let path = &trimmed[1..path_end];
        let handlers = &trimmed[path_end + 1..];
        let methods = methods_in(handlers, file);
        assert!(!methods.is_empty(), "{file}: no method for {path}");
        out.extend(
            methods
                .into_iter()
                .map(|m| (m.to_uppercase(), path.to_owned())),
        );
        rest = &args[call.len()..];
    }
    out
}

/// The text up to the parenthesis that closes the one already opened.
fn balanced(s: &str) -> Option<&str> {
    let mut depth = 1;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&s[..i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Method names called at the top level of a handler chain, such as
/// `get(show).patch(update)` or `post(h).layer(DefaultBodyLimit::max(..))`.
fn methods_in(chain: &str, file: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut depth = 0;
    for (i, c) in chain.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    let before = &chain[..i];
                    let word_start = before
                        .rfind(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                        .map_or(0, |p| p + 1);
                    let word = &before[word_start..];
                    if METHODS.contains(&word) {
                        found.push(word.to_owned());
                    }
                    assert!(
                        !matches!(word, "any" | "on" | "get_service" | "post_service"),
                        "{file}: `{word}(` registers a route: teach access_matrix/routes.rs to read it"
                    );
                }
                depth += 1;
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    found
}

#[test]
fn the_reader_understands_the_forms_in_use() {
    let text = r#"
        .route("/a", get(list))
        .route("/b/{id}", get(show).patch(update).delete(remove))
        .route("/me", axum::routing::delete(erase_me))
        .route(
            "/import",
            post(import_file).layer(DefaultBodyLimit::max(spreadsheet::MAX_BYTES + 64 * 1024)),
        )
    "#;
    let got = registrations(text, "sample");
    let want: Vec<(String, String)> = [
        ("GET", "/a"),
        ("GET", "/b/{id}"),
        ("PATCH", "/b/{id}"),
        ("DELETE", "/b/{id}"),
        ("DELETE", "/me"),
        ("POST", "/import"),
    ]
    .iter()
    .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
    .collect();
    assert_eq!(got, want);
}
