//! The tantivy side of the analysis: tokenizers registered on every index under fixed names.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, WhitespaceTokenizer};

use super::{Analyzer, analyzer, normalize};

/// Chinese text fields: jieba search-mode words plus dictionary terms.
pub(crate) const TEXT_TOKENIZER: &str = "xx_zh";
/// Person names: as text, plus the whole name and each ideograph.
pub(crate) const NAME_TOKENIZER: &str = "xx_name";
/// Pinyin fields: the document builder already wrote lower-case words separated by spaces.
pub(crate) const PINYIN_TOKENIZER: &str = "xx_py";

/// Texts up to this many bytes are cached per field: titles, employers and place names repeat
/// across thousands of profiles, and a lookup is far cheaper than segmenting again.
const CACHE_MAX_TEXT_BYTES: usize = 64;
/// Entries kept before the cache is emptied (bounds memory during a rebuild).
const CACHE_MAX_ENTRIES: usize = 20_000;

#[derive(Clone, Copy)]
enum Mode {
    Text,
    Name,
}

/// A text's folded form and the byte spans of its terms within it.
struct Analyzed {
    norm: String,
    spans: Vec<(usize, usize)>,
}

/// A tokenizer sharing the process-wide [`Analyzer`]; cloning it clones an `Arc` (the cache of
/// the clone starts empty).
struct ZhTokenizer {
    analyzer: Arc<Analyzer>,
    mode: Mode,
    cache: HashMap<Box<str>, Arc<Analyzed>>,
}

impl Clone for ZhTokenizer {
    fn clone(&self) -> Self {
        ZhTokenizer::new(Arc::clone(&self.analyzer), self.mode)
    }
}

impl ZhTokenizer {
    fn new(analyzer: Arc<Analyzer>, mode: Mode) -> ZhTokenizer {
        ZhTokenizer {
            analyzer,
            mode,
            cache: HashMap::new(),
        }
    }

    fn analyze(&self, text: &str) -> Analyzed {
        let norm = normalize(text);
        let mut spans = Vec::new();
        let sink = |_: &str, from: usize, to: usize| spans.push((from, to));
        match self.mode {
            Mode::Text => self.analyzer.index_terms(&norm, sink),
            Mode::Name => {
                self.analyzer.name_terms(&norm, sink);
                // The whole name, its jieba word and its single ideograph may coincide.
                spans.sort_unstable();
                spans.dedup();
            }
        }
        Analyzed { norm, spans }
    }
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = SpanTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        let analyzed = if text.len() <= CACHE_MAX_TEXT_BYTES {
            match self.cache.get(text) {
                Some(hit) => Arc::clone(hit),
                None => {
                    let fresh = Arc::new(self.analyze(text));
                    if self.cache.len() >= CACHE_MAX_ENTRIES {
                        self.cache.clear();
                    }
                    self.cache.insert(text.into(), Arc::clone(&fresh));
                    fresh
                }
            }
        } else {
            Arc::new(self.analyze(text))
        };
        SpanTokenStream {
            analyzed,
            next: 0,
            token: Token::default(),
        }
    }
}

/// Streams the terms of an analysed text, reusing one token buffer.
pub(crate) struct SpanTokenStream {
    analyzed: Arc<Analyzed>,
    /// Index of the span after the current one.
    next: usize,
    token: Token,
}

impl TokenStream for SpanTokenStream {
    fn advance(&mut self) -> bool {
        let Some(&(from, to)) = self.analyzed.spans.get(self.next) else {
            return false;
        };
        self.token.text.clear();
        self.token
            .text
            .push_str(self.analyzed.norm.get(from..to).unwrap_or_default());
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.next;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Registers this crate's tokenizers on `index` (needed after every create or open).
pub(crate) fn register_tokenizers(index: &Index) {
    let analyzer = analyzer();
    let manager = index.tokenizers();
    manager.register(
        TEXT_TOKENIZER,
        TextAnalyzer::from(ZhTokenizer::new(Arc::clone(analyzer), Mode::Text)),
    );
    manager.register(
        NAME_TOKENIZER,
        TextAnalyzer::from(ZhTokenizer::new(Arc::clone(analyzer), Mode::Name)),
    );
    manager.register(
        PINYIN_TOKENIZER,
        TextAnalyzer::from(WhitespaceTokenizer::default()),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(mode: Mode, text: &str) -> Vec<String> {
        let mut t = ZhTokenizer::new(Arc::clone(analyzer()), mode);
        let mut out = Vec::new();
        // Twice: the second answer comes from the cache and must be the same.
        for _ in 0..2 {
            let mut stream = t.token_stream(text);
            let mut run = Vec::new();
            while stream.advance() {
                run.push(stream.token().text.clone());
            }
            out = run;
        }
        out
    }

    #[test]
    fn text_tokens_include_dictionary_terms() {
        let t = terms(Mode::Text, "光纤预制棒产线");
        assert!(t.contains(&"光纤预制棒".to_string()), "{t:?}");
    }

    #[test]
    fn name_tokens_include_whole_name_and_characters() {
        let t = terms(Mode::Name, "欧阳娜娜");
        for w in ["欧阳娜娜", "欧", "阳", "娜"] {
            assert!(t.contains(&w.to_string()), "{w} not in {t:?}");
        }
        assert_eq!(
            t.iter().filter(|w| *w == "娜").count(),
            2,
            "one per occurrence: {t:?}"
        );
    }
}
