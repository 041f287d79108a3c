//! The search index of 乡贤通: a tantivy index of 乡贤 profiles with Chinese (jieba + domain
//! dictionary) and pinyin analysis, region/chain/intent filters, facets, highlighting and
//! candidate generation for matching people to investment projects.
//!
//! Knows nothing of HTTP or databases: plain document structs go in ([`ProfileDoc`]), ids,
//! scores, highlights and facet counts come out. The index stores no text, only ids and
//! versions; the app keeps it in step with its database through [`SearchIndex::apply`] (with
//! the last applied change id in the commit payload) and [`SearchIndex::rebuild`].
//!
//! Modules: `analysis` (dictionary, jieba, pinyin, the tokenizer), `schema` and `document`
//! (what is indexed), `query` (term queries built by hand from user text), `filter`,
//! `search`, `facets`, `segment_cache`, `bits` and `top` (running a search), `matching`
//! (candidates for projects), `highlight`, `index` ([`SearchIndex`] itself).
//!
//! ```
//! use search_index::{ProfileDoc, SearchIndex, SearchQuery};
//! # fn main() -> Result<(), search_index::IndexError> {
//! let index = SearchIndex::open_in_ram()?;
//! let doc = ProfileDoc { id: 1, name: "张伟".into(), expertise: "光纤预制棒".into(), ..Default::default() };
//! index.apply(vec![doc], vec![], 1)?;
//! let found = index.search(&SearchQuery { text: "zhangwei".into(), limit: 10, ..Default::default() })?;
//! assert_eq!(found.hits[0].id, 1);
//! # Ok(()) }
//! ```

mod analysis;
mod bits;
mod document;
mod error;
mod facets;
mod filter;
mod highlight;
mod index;
mod matching;
mod model;
mod query;
mod schema;
mod search;
mod segment_cache;
mod suggest;
mod top;

pub use analysis::dictionary_terms;
pub use error::IndexError;
pub use index::SearchIndex;
pub use model::{
    Facets, Highlight, MatchAttrs, MatchCandidate, MatchQuery, ProfileDoc, SearchHit, SearchQuery,
    SearchResults,
};
