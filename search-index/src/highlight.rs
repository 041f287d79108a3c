//! Highlighting query words in texts the caller passes (the index stores no text).
//!
//! The text is analysed exactly as at index time, so what is marked is what matched: jieba
//! words and dictionary terms equal to a query word, and for names also the whole name when a
//! pinyin query word spells it.

use std::collections::HashSet;

use crate::analysis::{analyzer, name_pinyin, normalize_with_offsets};
use crate::model::Highlight;
use crate::query::search_terms;

/// Characters of a fragment; longer texts are cut around the first match.
const FRAGMENT_CHARS: usize = 120;
/// Characters of context kept before the first match when cutting.
const CONTEXT_BEFORE: usize = 20;

/// Highlights of `query_text` in each `(field, text)` that contains a query word; fields with
/// no match are left out.
pub(crate) fn highlight(query_text: &str, fields: &[(&str, &str)]) -> Vec<Highlight> {
    let terms = search_terms(query_text);
    if terms.is_empty() {
        return Vec::new();
    }
    let wanted: HashSet<&str> = terms.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for &(field, text) in fields {
        let spans = match_spans(field, text, &wanted);
        if !spans.is_empty() {
            out.push(Highlight {
                field: field.to_string(),
                fragment: fragment(text, &spans),
            });
        }
    }
    out
}

/// Byte ranges of `text` matching a wanted term, sorted and merged.
fn match_spans(field: &str, text: &str, wanted: &HashSet<&str>) -> Vec<(usize, usize)> {
    let (norm, offsets) = normalize_with_offsets(text);
    let mut spans = Vec::new();
    let mut sink = |term: &str, from: usize, to: usize| {
        if wanted.contains(term)
            && let (Some(&a), Some(&b)) = (offsets.get(from), offsets.get(to))
            && a < b
        {
            spans.push((a, b));
        }
    };
    // Every term the analysis emits is a piece of the folded text, so a text containing no
    // wanted word needs no analysis (most fields of most hits: this is most of the work saved).
    let worth_analysing = wanted.iter().any(|w| norm.contains(w));
    if field == "name" {
        if worth_analysing {
            analyzer().name_terms(&norm, &mut sink);
        }
        if name_pinyin(text).split(' ').any(|p| wanted.contains(p)) && !text.trim().is_empty() {
            let start = text.len() - text.trim_start().len();
            spans.push((start, start + text.trim().len()));
        }
    } else if worth_analysing {
        analyzer().index_terms(&norm, &mut sink);
    }
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// The HTML fragment: escaped text with `<em>` around the spans, cut to about
/// [`FRAGMENT_CHARS`] characters around the first span.
fn fragment(text: &str, spans: &[(usize, usize)]) -> String {
    let first = spans.first().map_or(0, |s| s.0);
    let chars_before = text[..first].chars().count();
    let start_char = chars_before.saturating_sub(CONTEXT_BEFORE);
    let start = text.char_indices().nth(start_char).map_or(0, |(i, _)| i);
    let end = text[start..]
        .char_indices()
        .nth(FRAGMENT_CHARS)
        .map_or(text.len(), |(i, _)| start + i);

    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    for &(a, b) in spans {
        // Clamp to the window; a span cut by the window is marked in part.
        let (a, b) = (a.max(start), b.min(end));
        if a >= b || a < pos {
            continue;
        }
        escape_into(&text[pos..a], &mut out);
        out.push_str("<em>");
        escape_into(&text[a..b], &mut out);
        out.push_str("</em>");
        pos = b;
    }
    if pos < end {
        escape_into(&text[pos..end], &mut out);
    }
    if end < text.len() {
        out.push('…');
    }
    out
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_matched_words_and_escapes_the_rest() {
        let h = highlight(
            "光模块",
            &[("expertise", "<b>SFP光模块</b> & 光器件"), ("bio", "无关")],
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].field, "expertise");
        assert_eq!(
            h[0].fragment,
            "&lt;b&gt;SFP<em>光模块</em>&lt;/b&gt; &amp; 光器件"
        );
    }

    #[test]
    fn long_text_is_cut_around_the_first_match() {
        let text = format!("{}光纤预制棒{}", "甲".repeat(300), "乙".repeat(300));
        let h = highlight("光纤预制棒", &[("bio", &text)]);
        let f = &h[0].fragment;
        assert!(f.starts_with('…') && f.ends_with('…'), "{f}");
        assert!(f.contains("<em>光纤预制棒</em>"));
        assert!(f.chars().count() < 160);
    }

    #[test]
    fn pinyin_query_marks_the_name() {
        let h = highlight("zhangwei", &[("name", "张伟")]);
        assert_eq!(h[0].fragment, "<em>张伟</em>");
    }

    #[test]
    fn full_width_text_maps_back() {
        let h = highlight("led", &[("title", "ＬＥＤ工程师")]);
        assert_eq!(h[0].fragment, "<em>ＬＥＤ</em>工程师");
    }
}
