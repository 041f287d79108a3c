//! The tantivy side of the analysis: one tokenizer for the index's text fields.
//!
//! A text field holds several parts of a profile (name, expertise, bio, ...), so searching a
//! word reads one posting list instead of one per part. Each value carries a small tag saying
//! how to analyse it (text, name or pre-computed pinyin) and how many times to count its terms,
//! which is how a part weighs more than another.
//!
//! Analyses of short values are cached per indexing thread: titles, employers, tags and place
//! names repeat across thousands of profiles.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use super::{Analyzer, analyzer, name_pinyin, normalize, place_pinyin};

/// Name under which the tokenizer is registered.
pub(crate) const TOKENIZER: &str = "xx_parts";

/// Starts a value's tag: `TAG kind weight`, e.g. "\u{1}t2" then the text.
const TAG: char = '\u{1}';
/// Values up to this many bytes go to the cache of repeated values.
const SHORT_VALUE_BYTES: usize = 72;
/// Short values kept before that cache is emptied (bounds memory during a rebuild).
const SHORT_CACHE_ENTRIES: usize = 20_000;

thread_local! {
    static SHORT: RefCell<HashMap<Box<str>, Arc<Analyzed>>> = RefCell::new(HashMap::new());
}

/// How a part of a profile is analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// Chinese prose: jieba words and dictionary terms.
    Text,
    /// A person's name: as text, plus the whole name and each ideograph.
    Name,
    /// The pinyin forms of a person's name (see [`super::name_pinyin`]).
    NamePinyin,
    /// The pinyin forms of a place path (see [`super::place_pinyin`]).
    PlacePinyin,
}

impl Part {
    fn code(self) -> char {
        match self {
            Part::Text => 't',
            Part::Name => 'n',
            Part::NamePinyin => 'p',
            Part::PlacePinyin => 'q',
        }
    }

    fn from_code(c: char) -> Option<Part> {
        match c {
            't' => Some(Part::Text),
            'n' => Some(Part::Name),
            'p' => Some(Part::NamePinyin),
            'q' => Some(Part::PlacePinyin),
            _ => None,
        }
    }
}

/// A field value: `text` to be analysed as `part`, its terms counted `weight` times (1-9).
#[cfg(test)]
fn tagged(part: Part, weight: u8, text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 3);
    tag_into(&mut s, part, weight, text);
    s
}

/// [`tagged`] into a reused buffer (the document builder adds a dozen values per profile).
pub(crate) fn tag_into(buf: &mut String, part: Part, weight: u8, text: &str) {
    buf.clear();
    buf.push(TAG);
    buf.push(part.code());
    buf.push(char::from(b'0' + weight.clamp(1, 9)));
    buf.push_str(text);
}

/// Splits a value into its tag and text; an untagged value is plain text counted once.
fn untag(value: &str) -> (Part, usize, &str) {
    let mut chars = value.chars();
    if chars.next() == Some(TAG)
        && let (Some(kind), Some(weight)) = (chars.next(), chars.next())
        && let (Some(part), Some(weight)) = (Part::from_code(kind), weight.to_digit(10))
    {
        return (part, weight.max(1) as usize, chars.as_str());
    }
    (Part::Text, 1, value)
}

/// A value's folded text, and the byte spans of its terms within it with how many times each
/// counts.
struct Analyzed {
    norm: String,
    spans: Vec<Span>,
}

#[derive(Clone, Copy)]
struct Span {
    from: usize,
    to: usize,
    times: usize,
}

/// A tokenizer sharing the process-wide [`Analyzer`]; cloning it clones an `Arc`.
#[derive(Clone)]
struct PartsTokenizer {
    analyzer: Arc<Analyzer>,
}

impl PartsTokenizer {
    fn analyze(&self, value: &str) -> Analyzed {
        let (part, times, text) = untag(value);
        let mut spans = Vec::new();
        let norm = match part {
            Part::NamePinyin | Part::PlacePinyin => {
                // Computed here, in the indexing threads and behind the cache, rather than
                // by the document builder: names and places repeat a lot.
                let norm = if part == Part::NamePinyin {
                    name_pinyin(text)
                } else {
                    place_pinyin(text)
                };
                let base = norm.as_ptr() as usize;
                spans.extend(norm.split_ascii_whitespace().map(|w| {
                    let from = w.as_ptr() as usize - base;
                    Span {
                        from,
                        to: from + w.len(),
                        times,
                    }
                }));
                norm
            }
            Part::Text => {
                let mut norm = normalize(text);
                // A short form of a term (液晶屏 for 液晶显示屏) is not in the text: it is
                // appended after it, so every token is still a span of `norm`.
                let mut aliases: Vec<String> = Vec::new();
                self.analyzer.index_terms(&norm, |term, from, to| {
                    if norm.get(from..to) == Some(term) {
                        spans.push(Span { from, to, times });
                    } else {
                        aliases.push(term.to_owned());
                    }
                });
                for alias in aliases {
                    norm.push(' ');
                    let from = norm.len();
                    norm.push_str(&alias);
                    spans.push(Span {
                        from,
                        to: norm.len(),
                        times,
                    });
                }
                norm
            }
            Part::Name => {
                let norm = normalize(text);
                // The whole name and its words carry the weight; single characters (for a
                // search by surname) count once.
                self.analyzer.name_terms(&norm, |term, from, to| {
                    let single = term.chars().nth(1).is_none();
                    spans.push(Span {
                        from,
                        to,
                        times: if single { 1 } else { times },
                    });
                });
                // The whole name, its jieba word and its single ideograph may coincide.
                spans.sort_unstable_by_key(|s| (s.from, s.to, std::cmp::Reverse(s.times)));
                spans.dedup_by_key(|s| (s.from, s.to));
                norm
            }
        };
        Analyzed { norm, spans }
    }

    fn cached(&self, value: &str) -> Arc<Analyzed> {
        if value.len() > SHORT_VALUE_BYTES {
            return Arc::new(self.analyze(value));
        }
        SHORT.with_borrow_mut(|cache| {
            if let Some(hit) = cache.get(value) {
                return Arc::clone(hit);
            }
            let fresh = Arc::new(self.analyze(value));
            if cache.len() >= SHORT_CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert(value.into(), Arc::clone(&fresh));
            fresh
        })
    }
}

impl Tokenizer for PartsTokenizer {
    type TokenStream<'a> = SpanTokenStream;

    fn token_stream<'a>(&'a mut self, value: &'a str) -> SpanTokenStream {
        SpanTokenStream {
            analyzed: self.cached(value),
            span: 0,
            repeat: 0,
            token: Token::default(),
        }
    }
}

/// Streams the terms of an analysed value (each as many times as it counts), reusing one
/// token buffer.
pub(crate) struct SpanTokenStream {
    analyzed: Arc<Analyzed>,
    /// The span of the next token, and how many times it was already emitted.
    span: usize,
    repeat: usize,
    token: Token,
}

impl TokenStream for SpanTokenStream {
    fn advance(&mut self) -> bool {
        let a = &self.analyzed;
        let Some(span) = a.spans.get(self.span) else {
            return false;
        };
        if self.repeat == 0 {
            self.token.text.clear();
            self.token
                .text
                .push_str(a.norm.get(span.from..span.to).unwrap_or_default());
            self.token.offset_from = span.from;
            self.token.offset_to = span.to;
        }
        // Positions are not indexed; any increasing number will do.
        self.token.position = self.span;
        self.repeat += 1;
        if self.repeat >= span.times {
            self.span += 1;
            self.repeat = 0;
        }
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Registers this crate's tokenizer on `index` (needed after every create or open).
pub(crate) fn register_tokenizers(index: &Index) {
    let tokenizer = PartsTokenizer {
        analyzer: Arc::clone(analyzer()),
    };
    index
        .tokenizers()
        .register(TOKENIZER, TextAnalyzer::from(tokenizer));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(value: &str) -> Vec<String> {
        let mut t = PartsTokenizer {
            analyzer: Arc::clone(analyzer()),
        };
        let mut out = Vec::new();
        // Twice: the second answer comes from the cache and must be the same.
        for _ in 0..2 {
            let mut stream = t.token_stream(value);
            let mut run = Vec::new();
            while stream.advance() {
                run.push(stream.token().text.clone());
            }
            out = run;
        }
        out
    }

    #[test]
    fn text_part_includes_dictionary_terms() {
        let t = terms(&tagged(Part::Text, 1, "光纤预制棒产线"));
        assert!(t.contains(&"光纤预制棒".to_string()), "{t:?}");
    }

    #[test]
    fn name_part_includes_whole_name_and_characters() {
        let t = terms(&tagged(Part::Name, 1, "欧阳娜娜"));
        for w in ["欧阳娜娜", "欧", "阳", "娜"] {
            assert!(t.contains(&w.to_string()), "{w} not in {t:?}");
        }
        assert_eq!(
            t.iter().filter(|w| *w == "娜").count(),
            2,
            "one per occurrence: {t:?}"
        );
    }

    #[test]
    fn weight_repeats_terms_and_pinyin_is_spelled_out() {
        let t = terms(&tagged(Part::NamePinyin, 2, "张伟"));
        assert_eq!(
            t,
            vec![
                "wei", "wei", "zhang", "zhang", "zhangwei", "zhangwei", "zw", "zw"
            ]
        );
        let t = terms(&tagged(Part::PlacePinyin, 1, "通城县 隽水镇"));
        assert_eq!(t, vec!["tongcheng", "tc", "juanshui", "js"]);
    }

    #[test]
    fn untagged_or_badly_tagged_values_are_plain_text() {
        assert!(terms("光模块").contains(&"光模块".to_string()));
        assert_eq!(untag("\u{1}x9abc"), (Part::Text, 1, "\u{1}x9abc"));
        assert_eq!(untag("\u{1}t"), (Part::Text, 1, "\u{1}t"));
    }
}
