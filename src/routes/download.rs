//! `Content-Disposition` for downloads named in Chinese: an ASCII `filename` for old clients
//! and the real name as RFC 5987 `filename*=UTF-8''…` (乡贤名册-通城县-2026-12-07.xlsx).

/// The header value for an attachment named `name`, with `fallback` (ASCII) for clients that
/// ignore `filename*`.
pub fn attachment(name: &str, fallback: &str) -> String {
    let fallback: String = fallback
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        encode(name)
    )
}

/// The media type of an xlsx file.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An xlsx download named `name` (`fallback` for old clients).
pub fn xlsx(bytes: Vec<u8>, name: &str, fallback: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (axum::http::header::CONTENT_TYPE, XLSX.to_owned()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                attachment(name, fallback),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// RFC 5987 `value-chars`: `attr-char`s as they are, every other byte as `%XX`.
fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_name_is_percent_encoded_with_an_ascii_fallback() {
        assert_eq!(
            attachment("名册 1.xlsx", "roster-1.xlsx"),
            "attachment; filename=\"roster-1.xlsx\"; filename*=UTF-8''%E5%90%8D%E5%86%8C%201.xlsx"
        );
        assert_eq!(
            attachment("a.xlsx", "a \"b\".xlsx"),
            "attachment; filename=\"a__b_.xlsx\"; filename*=UTF-8''a.xlsx"
        );
    }
}
