//! Keeping the index in step: apply, delete, rebuild, payload, reopen, corruption.

use search_index::{IndexError, ProfileDoc, SearchIndex};

use crate::common::{doc, ids, query};

fn sorted_versions(index: &SearchIndex) -> Vec<(i64, i64)> {
    let mut v = index.ids_and_versions().expect("ids");
    v.sort_unstable();
    v
}

#[test]
fn search_index_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
}

#[test]
fn apply_is_idempotent_and_replaces_by_id() {
    let index = SearchIndex::open_in_ram().expect("open");
    assert_eq!(index.last_change_id(), None);
    let batch = vec![
        ProfileDoc {
            expertise: "光模块".into(),
            ..doc(1)
        },
        ProfileDoc {
            expertise: "偏光片".into(),
            ..doc(2)
        },
    ];
    index.apply(batch.clone(), vec![], 7).expect("apply");
    index.apply(batch, vec![], 7).expect("apply again");
    assert_eq!(index.doc_count(), 2);
    assert_eq!(sorted_versions(&index), vec![(1, 1), (2, 1)]);
    assert_eq!(index.last_change_id(), Some(7));

    index
        .apply(
            vec![ProfileDoc {
                version: 2,
                expertise: "玻璃基板".into(),
                ..doc(1)
            }],
            vec![],
            8,
        )
        .expect("update");
    assert_eq!(sorted_versions(&index), vec![(1, 2), (2, 1)]);
    assert!(ids(&index, &query("光模块")).is_empty(), "old text is gone");
    assert_eq!(ids(&index, &query("玻璃基板")), vec![1]);
}

#[test]
fn repeated_upserts_in_one_batch_keep_the_last() {
    let index = SearchIndex::open_in_ram().expect("open");
    let batch = vec![
        ProfileDoc {
            version: 1,
            ..doc(1)
        },
        ProfileDoc {
            version: 3,
            ..doc(1)
        },
    ];
    index.apply(batch, vec![], 1).expect("apply");
    assert_eq!(sorted_versions(&index), vec![(1, 3)]);
}

#[test]
fn delete_removes_and_wins_over_upsert_in_the_same_batch() {
    let index = SearchIndex::open_in_ram().expect("open");
    index
        .apply(vec![doc(1), doc(2), doc(3)], vec![], 1)
        .expect("apply");
    index.apply(vec![], vec![2, 99], 2).expect("delete");
    assert_eq!(sorted_versions(&index), vec![(1, 1), (3, 1)]);
    index
        .apply(vec![doc(3)], vec![3], 3)
        .expect("upsert and delete");
    assert_eq!(sorted_versions(&index), vec![(1, 1)]);
    assert_eq!(index.search(&query("")).expect("search").total, 1);
}

#[test]
fn rebuild_replaces_everything_and_reports_progress() {
    let index = SearchIndex::open_in_ram().expect("open");
    index.apply(vec![doc(5000)], vec![], 5).expect("apply");
    let mut reported = Vec::new();
    let n = index
        .rebuild((1..=2500).map(doc), 42, |count| reported.push(count))
        .expect("rebuild");
    assert_eq!(n, 2500);
    assert_eq!(index.doc_count(), 2500);
    assert_eq!(reported, vec![1000, 2000, 2500]);
    assert_eq!(index.last_change_id(), Some(42));
    assert!(!sorted_versions(&index).iter().any(|(id, _)| *id == 5000));
    // The writer is usable again after a rebuild.
    index
        .apply(vec![doc(3000)], vec![1], 43)
        .expect("apply after rebuild");
    assert_eq!(index.doc_count(), 2500);
}

#[test]
fn last_change_id_survives_close_and_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("index");
    {
        let index = SearchIndex::open_in_dir(&path).expect("create");
        assert_eq!(index.last_change_id(), None);
        index
            .apply(
                vec![ProfileDoc {
                    expertise: "光模块".into(),
                    ..doc(1)
                }],
                vec![],
                123,
            )
            .expect("apply");
        assert!(index.size_bytes() > 0);
    }
    let index = SearchIndex::open_in_dir(&path).expect("reopen");
    assert_eq!(index.last_change_id(), Some(123));
    assert_eq!(ids(&index, &query("光模块")), vec![1]);
}

#[test]
fn a_second_writer_on_the_same_folder_is_refused_not_corrupt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _first = SearchIndex::open_in_dir(dir.path()).expect("create");
    let second = SearchIndex::open_in_dir(dir.path());
    assert!(
        matches!(second, Err(IndexError::Locked(_))),
        "{:?}",
        second.err()
    );
}

#[test]
fn garbage_meta_json_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let index = SearchIndex::open_in_dir(dir.path()).expect("create");
        index.apply(vec![doc(1)], vec![], 1).expect("apply");
    }
    std::fs::write(dir.path().join("meta.json"), b"\x00garbage{{{").expect("write");
    let opened = SearchIndex::open_in_dir(dir.path());
    assert!(
        matches!(opened, Err(IndexError::Corrupt(_))),
        "{:?}",
        opened.err()
    );
}

#[test]
fn damaged_segment_files_are_reported_as_corrupt() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let index = SearchIndex::open_in_dir(dir.path()).expect("create");
        index
            .apply((1..50).map(doc).collect(), vec![], 1)
            .expect("apply");
    }
    for entry in std::fs::read_dir(dir.path()).expect("read_dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name != "meta.json" && !name.starts_with('.') {
            std::fs::write(&path, b"broken").expect("write");
        }
    }
    let opened = SearchIndex::open_in_dir(dir.path());
    assert!(
        matches!(opened, Err(IndexError::Corrupt(_))),
        "{:?}",
        opened.err()
    );
}
