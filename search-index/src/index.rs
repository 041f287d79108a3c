//! [`SearchIndex`]: opening, updating and querying a profile index.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analysis::register_tokenizers;
use crate::document::to_document;
use crate::error::IndexError;
use crate::highlight;
use crate::matching;
use crate::model::{Highlight, MatchCandidate, MatchQuery, ProfileDoc, SearchQuery, SearchResults};
use crate::schema::{self, Fields};
use crate::search;
use crate::segment_cache::SegmentCache;

/// Writer used for incremental batches: one indexing thread is plenty for a few changes.
const APPLY_THREADS: usize = 1;
const APPLY_MEMORY: usize = 50_000_000;
/// Writer used for a full rebuild: both cores, 160 MB of indexing arena in all. With 300 MB
/// a rebuild of a million profiles peaked at 604 MB resident (arenas, segment flushes and
/// the final merge), over the 512 MB budget; the smaller arena flushes more often, which
/// the final merge absorbs.
const REBUILD_THREADS: usize = 2;
const REBUILD_MEMORY: usize = 128_000_000;
/// How often (in documents) `rebuild` reports progress.
const PROGRESS_EVERY: usize = 1000;

/// Commit payload: what the index has applied.
#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    last_change_id: i64,
}

/// A tantivy index of 乡贤 profiles. `Send + Sync`: searches run concurrently with `apply`.
pub struct SearchIndex {
    index: Index,
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
    /// The single writer; `None` only if re-creating it after a rebuild failed.
    writer: Mutex<Option<IndexWriter<TantivyDocument>>>,
    last_change_id: Mutex<Option<i64>>,
    /// Per-segment data reused by searches (rank order, filter and facet bit sets).
    pub(crate) cache: SegmentCache,
    dir: Option<PathBuf>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave these values half-updated in a way that
    // matters: the writer rolls back uncommitted work, the id is a plain value.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Any failure while opening an existing index means the folder must be rebuilt, except a
/// lock held by another writer.
fn opening(err: IndexError) -> IndexError {
    match err {
        IndexError::Locked(_) | IndexError::Corrupt(_) => err,
        other => IndexError::Corrupt(other.to_string()),
    }
}

impl SearchIndex {
    /// Opens the index in `path`, creating the folder and an empty index if missing.
    ///
    /// Returns [`IndexError::Corrupt`] if an index is there but cannot be opened (damaged
    /// files, or a schema written by another version of this crate): the caller deletes the
    /// folder and rebuilds.
    pub fn open_in_dir(path: &Path) -> Result<SearchIndex, IndexError> {
        std::fs::create_dir_all(path)?;
        let (schema, fields) = schema::build();
        if !path.join("meta.json").exists() {
            let index = Index::create_in_dir(path, schema)?;
            return Self::from_index(index, fields, Some(path.to_path_buf()));
        }
        // tantivy reports most damage as errors but may panic on some; both mean "rebuild".
        let opened = catch_unwind(AssertUnwindSafe(|| -> Result<SearchIndex, IndexError> {
            let index = Index::open_in_dir(path).map_err(|e| opening(e.into()))?;
            if index.schema() != schema {
                return Err(IndexError::Corrupt(
                    "schema differs from this version".into(),
                ));
            }
            Self::from_index(index, fields, Some(path.to_path_buf())).map_err(opening)
        }));
        opened.unwrap_or_else(|_| Err(IndexError::Corrupt("opening the index panicked".into())))
    }

    /// A fresh index in memory (tests, demos).
    pub fn open_in_ram() -> Result<SearchIndex, IndexError> {
        let (schema, fields) = schema::build();
        Self::from_index(Index::create_in_ram(schema), fields, None)
    }

    fn from_index(
        index: Index,
        fields: Fields,
        dir: Option<PathBuf>,
    ) -> Result<SearchIndex, IndexError> {
        register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let last_change_id = match index.load_metas()?.payload {
            None => None,
            Some(p) => Some(
                serde_json::from_str::<Payload>(&p)
                    .map_err(|e| IndexError::Corrupt(format!("commit payload: {e}")))?
                    .last_change_id,
            ),
        };
        let writer = index.writer_with_num_threads(APPLY_THREADS, APPLY_MEMORY)?;
        let opened = SearchIndex {
            index,
            fields,
            reader,
            writer: Mutex::new(Some(writer)),
            last_change_id: Mutex::new(last_change_id),
            cache: SegmentCache::default(),
            dir,
        };
        opened
            .cache
            .refresh(&opened.reader.searcher(), &opened.fields)?;
        Ok(opened)
    }

    /// Applies a batch: `upserts` replace any document with the same id, `deletes` remove by
    /// id (an id in both ends up deleted; of repeated upserts the last wins), then commits with
    /// `last_change_id` in the commit payload. Idempotent. Searches see the result as soon as
    /// this returns.
    pub fn apply(
        &self,
        upserts: Vec<ProfileDoc>,
        deletes: Vec<i64>,
        last_change_id: i64,
    ) -> Result<(), IndexError> {
        let mut guard = lock(&self.writer);
        let writer = self.writer_in(&mut guard)?;
        let deleted: HashSet<i64> = deletes.iter().copied().collect();
        let result = (|| -> Result<(), IndexError> {
            for doc in upserts {
                writer.delete_term(self.id_term(doc.id));
                if !deleted.contains(&doc.id) {
                    writer.add_document(to_document(&self.fields, doc))?;
                }
            }
            for id in deleted {
                writer.delete_term(self.id_term(id));
            }
            self.commit(writer, last_change_id)
        })();
        if result.is_err() {
            // Leave the index as of the last commit rather than half a batch.
            let _ = writer.rollback();
        }
        result
    }

    /// Clears the index and adds every document of `docs`, committing once with
    /// `last_change_id`. Calls `progress` with the number of documents added so far every
    /// 1,000 documents and at the end. Returns that number. Searches keep seeing the old
    /// contents until the commit.
    pub fn rebuild(
        &self,
        docs: impl Iterator<Item = ProfileDoc>,
        last_change_id: i64,
        mut progress: impl FnMut(usize),
    ) -> Result<usize, IndexError> {
        let mut guard = lock(&self.writer);
        // Only one writer may exist: retire the small one, bring in a big one for the bulk load,
        // and put a small one back whatever happens.
        drop(guard.take());
        let result = (|| -> Result<usize, IndexError> {
            let mut writer: IndexWriter<TantivyDocument> = self
                .index
                .writer_with_num_threads(REBUILD_THREADS, REBUILD_MEMORY)?;
            let loaded = (|| -> Result<usize, IndexError> {
                writer.delete_all_documents()?;
                let mut count = 0;
                for doc in docs {
                    writer.add_document(to_document(&self.fields, doc))?;
                    count += 1;
                    if count % PROGRESS_EVERY == 0 {
                        progress(count);
                    }
                }
                self.commit(&mut writer, last_change_id)?;
                progress(count);
                Ok(count)
            })();
            match loaded {
                Ok(count) => {
                    // Let the merges the commit started finish, so the new index is compact
                    // before the small writer takes over.
                    writer.wait_merging_threads()?;
                    self.reload()?;
                    Ok(count)
                }
                Err(e) => {
                    let _ = writer.rollback();
                    Err(e)
                }
            }
        })();
        // If this fails, the next `apply` tries again; the rebuild itself is done.
        *guard = self
            .index
            .writer_with_num_threads(APPLY_THREADS, APPLY_MEMORY)
            .ok();
        result
    }

    /// The change id stored by the last commit (`None` for a fresh index).
    pub fn last_change_id(&self) -> Option<i64> {
        *lock(&self.last_change_id)
    }

    /// Searches profiles: all words must match (each in any text field), filters restrict,
    /// hits are ranked by relevance, or by the default order when there is no text.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, IndexError> {
        Ok(search::run(
            &self.reader.searcher(),
            &self.fields,
            &self.cache,
            q,
        )?)
    }

    /// 您是不是要找: the search with each word no document has replaced by a dictionary term
    /// spelled like it in pinyin that documents have (光钎 → 光纤); `None` when there is nothing
    /// better to offer. Costs a few look-ups, not a pass over the index.
    pub fn suggest(&self, query_text: &str) -> Option<String> {
        crate::suggest::suggest(&self.reader.searcher(), &self.fields, query_text)
    }

    /// Candidates for a project: consented people with words in common with the project text
    /// (expertise, bio, employer, title) or of its segment or chain, best first.
    pub fn match_candidates(&self, q: &MatchQuery) -> Result<Vec<MatchCandidate>, IndexError> {
        Ok(matching::match_candidates(
            &self.reader.searcher(),
            &self.cache,
            &self.fields,
            q,
        )?)
    }

    /// [`Self::match_candidates`], and how many consented people are candidates of `q` at
    /// all (ignoring its limits), both from one view of the index: a commit between two
    /// calls could count people the candidates still held, or the other way round (a
    /// withdrawal seen by one and not the other).
    pub fn match_candidates_counted(
        &self,
        q: &MatchQuery,
    ) -> Result<(Vec<MatchCandidate>, u64), IndexError> {
        let searcher = self.reader.searcher();
        let found = matching::match_candidates(&searcher, &self.cache, &self.fields, q)?;
        let count = matching::match_count(&searcher, &self.cache, &self.fields, q)?;
        Ok((found, count))
    }

    /// BM25 of `text` (analysed as a project text) against each of `ids` that is in the index.
    pub fn text_scores(&self, text: &str, ids: &[i64]) -> Result<HashMap<i64, f32>, IndexError> {
        Ok(matching::text_scores(
            &self.reader.searcher(),
            &self.cache,
            &self.fields,
            text,
            ids,
        )?)
    }

    /// Highlights of `query_text` in the given `(field, text)` pairs (texts from the database:
    /// the index stores none). Fields without a match are left out.
    pub fn highlight(&self, query_text: &str, fields: &[(&str, &str)]) -> Vec<Highlight> {
        highlight::highlight(query_text, fields)
    }

    /// `(id, version)` of every document, for consistency checks against the database.
    pub fn ids_and_versions(&self) -> Result<Vec<(i64, i64)>, IndexError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(usize::try_from(searcher.num_docs()).unwrap_or(0));
        for reader in searcher.segment_readers() {
            let columns = self.cache.columns(reader)?;
            for doc in reader.doc_ids_alive() {
                out.push((
                    columns.id.first(doc).unwrap_or_default(),
                    columns.version.first(doc).unwrap_or_default(),
                ));
            }
        }
        Ok(out)
    }

    /// Number of documents.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Bytes the index takes on disk (0 in memory).
    pub fn size_bytes(&self) -> u64 {
        let Some(dir) = &self.dir else { return 0 };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        entries
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    }

    /// Makes the last commit visible to searches, with the cached data of its new segments
    /// computed here rather than by the first search that needs them.
    fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload()?;
        self.cache.refresh(&self.reader.searcher(), &self.fields)?;
        Ok(())
    }

    fn id_term(&self, id: i64) -> Term {
        Term::from_field_i64(self.fields.id, id)
    }

    /// The writer, re-created if a failed rebuild left none.
    fn writer_in<'a>(
        &self,
        guard: &'a mut MutexGuard<'_, Option<IndexWriter<TantivyDocument>>>,
    ) -> Result<&'a mut IndexWriter<TantivyDocument>, IndexError> {
        if guard.is_none() {
            **guard = Some(
                self.index
                    .writer_with_num_threads(APPLY_THREADS, APPLY_MEMORY)?,
            );
        }
        guard
            .as_mut()
            .ok_or_else(|| IndexError::Tantivy("no index writer".into()))
    }

    /// Commits with the payload, then makes the commit visible to searches.
    fn commit(
        &self,
        writer: &mut IndexWriter<TantivyDocument>,
        last_change_id: i64,
    ) -> Result<(), IndexError> {
        let payload = serde_json::to_string(&Payload { last_change_id })
            .map_err(|e| IndexError::Tantivy(e.to_string()))?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reload()?;
        *lock(&self.last_change_id) = Some(last_change_id);
        Ok(())
    }
}
