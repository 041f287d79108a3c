//! A page-level client for the page tests: a cookie jar, redirects left
//! visible, forms posted the way a browser posts them (with the page's CSRF
//! token and this site's `Origin`), and multipart uploads.

use reqwest::StatusCode;
use reqwest::redirect::Policy;
use xiangxian::domain::Role;

use crate::helpers::{PASSWORD, TestApp};

/// A browser: its own cookie jar, and redirects left visible to the test.
pub struct Browser {
    pub http: reqwest::Client,
    pub base: String,
}

pub struct Page {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub html: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The CSRF token of the first form on the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"_csrf\" value=\"";
        let start = self.html.find(marker).expect("page has a CSRF field") + marker.len();
        let end = self.html[start..].find('"').expect("closing quote");
        self.html[start..start + end].to_owned()
    }
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .expect("client");
        Self {
            http,
            base: app.base.clone(),
        }
    }

    async fn read(response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let html = response.text().await.unwrap_or_default();
        Page {
            status,
            headers,
            html,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("get");
        Self::read(r).await
    }

    /// Posts a form the way a browser does, with the token of `token_from`.
    pub async fn post(&self, path: &str, token: &str, fields: &[(&str, &str)]) -> Page {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token)];
        all.extend_from_slice(fields);
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .form(&all)
            .send()
            .await
            .expect("post");
        Self::read(r).await
    }

    /// The page a 303 points to, as the browser would open it next; any other answer as is.
    pub async fn follow(&self, answer: Page) -> Page {
        if answer.status == StatusCode::SEE_OTHER {
            let to = answer.location().to_owned();
            assert!(to.starts_with('/'), "redirect within the site: {to}");
            self.get(&to).await
        } else {
            answer
        }
    }

    /// Opens `form_page`, takes its token and posts `fields` to `path`.
    pub async fn submit(&self, form_page: &str, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.get(form_page).await.csrf();
        self.post(path, &token, fields).await
    }

    pub async fn sign_in(app: &TestApp, username: &str) -> Self {
        let b = Self::new(app);
        let r = b
            .submit(
                "/login",
                "/login",
                &[
                    ("username", username),
                    ("password", PASSWORD),
                    ("next", "/"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
        b
    }
}

pub async fn signed_in(app: &TestApp, username: &str, role: Role, scope: Option<&str>) -> Browser {
    app.create_user(username, role, scope).await;
    Browser::sign_in(app, username).await
}

/// An organizer of 隽水镇 creates a profile through the form; returns its id.
pub async fn organizer_creates_profile(b: &Browser) -> i64 {
    let r = b
        .submit(
            "/profiles/new",
            "/profiles/new",
            &[
                ("name", "张伟"),
                ("hometown_code", "421222100001"),
                ("mobile", "138 1234 5678"),
                ("chains", "terminal.components"),
                ("chains", "software.iot"),
                ("intents", "invest"),
                ("listed", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.html);
    r.location()
        .strip_prefix("/profiles/")
        .and_then(|id| id.parse().ok())
        .expect("redirect to the new profile")
}

impl Browser {
    /// Uploads a file the way a browser posts a `multipart/form-data` form.
    pub async fn upload(
        &self,
        path: &str,
        token: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> Page {
        let mut form = reqwest::multipart::Form::new().text("_csrf", token.to_owned());
        for (k, v) in fields {
            form = form.text((*k).to_owned(), (*v).to_owned());
        }
        if let Some((name, bytes)) = file {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            );
        }
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        Self::read(r).await
    }

    /// `path` once every write so far has reached `app`'s search index.
    pub async fn settled_get(&self, app: &TestApp, path: &str) -> Page {
        app.index_settled().await;
        self.get(path).await
    }
}

/// The text of the element with `id`, tags stripped (enough for assertions).
pub fn text_of(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let Some(at) = html.find(&marker) else {
        return String::new();
    };
    let Some(open_end) = html[at..].find('>') else {
        return String::new();
    };
    let rest = &html[at + open_end + 1..];
    let end = rest.find("</").unwrap_or(rest.len());
    rest[..end].trim().to_owned()
}
