//! Matching quality, measured: the labelled set in `tests/matching_eval/` (24 projects from
//! the plan's lists, 100 hand-judged people, a generated background) is loaded into a fresh
//! app, every project's matches are fetched through the API, and nDCG@10 is computed from
//! the graded judgments. The figure is printed; the test fails below [`FLOOR`].
//!
//! Run it alone with its output:
//! `cargo nextest run --test api matching_eval --no-capture`.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};
use xiangxian::auth::CurrentUser;
use xiangxian::service::profile::{ProfileReq, input, write};

use crate::helpers::{Client, TestApp, spawn_app};
use crate::matching_eval_background as background;
use crate::search::settled_get;

/// The lowest mean nDCG@10 accepted over all 24 projects, set a little under the first
/// honest measurement (see the README of the set for the history).
const FLOOR: f64 = 0.90;
/// People generated in other trades, and in general functions of electronics firms.
const BACKGROUND_OTHER: usize = 220;
const BACKGROUND_GENERAL: usize = 60;

/// The parts of a match score, in the order of the API's `parts`.
const PARTS: [&str; 9] = [
    "text", "chain", "hometown", "employer", "capital", "intent", "standing", "verified", "need",
];
/// The default weights (`MatchWeights::default()`), in [`PARTS`] order.
fn default_weights() -> [f64; 9] {
    let w = xiangxian::service::matching::MatchWeights::default();
    [
        w.text, w.chain, w.hometown, w.employer, w.capital, w.intent, w.standing, w.verified,
        w.need,
    ]
}

/// Weightings compared with the default on the same candidates (printed, not asserted):
/// single parts, to see what each contributes, and the variants tried on the dev half.
/// The last number re-bends the text fit: the service's fit raised to it (1 = as served).
const VARIANTS: &[(&str, [f64; 9], f64)] = &[
    (
        "text only",
        [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        1.0,
    ),
    (
        "chain only",
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        1.0,
    ),
    (
        "need only",
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
        1.0,
    ),
    (
        "text+chain",
        [26.0, 16.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        1.0,
    ),
    // The first edition's weights (no need part; standing 6).
    (
        "edition 1",
        [30.0, 20.0, 10.0, 10.0, 8.0, 12.0, 6.0, 4.0, 0.0],
        1.0,
    ),
    (
        "no need",
        [26.0, 16.0, 8.0, 8.0, 4.0, 8.0, 10.0, 2.0, 0.0],
        1.0,
    ),
    (
        "no standing",
        [26.0, 16.0, 8.0, 8.0, 4.0, 8.0, 0.0, 2.0, 18.0],
        1.0,
    ),
    (
        "linear text",
        [26.0, 16.0, 8.0, 8.0, 4.0, 8.0, 10.0, 2.0, 18.0],
        1.0 / 1.5,
    ),
    (
        "text^2",
        [26.0, 16.0, 8.0, 8.0, 4.0, 8.0, 10.0, 2.0, 18.0],
        2.0 / 1.5,
    ),
    (
        "need 25",
        [24.0, 14.0, 8.0, 8.0, 3.0, 6.0, 10.0, 2.0, 25.0],
        1.0,
    ),
    (
        "need 12",
        [28.0, 18.0, 8.0, 8.0, 5.0, 9.0, 10.0, 2.0, 12.0],
        1.0,
    ),
    (
        "standing 15",
        [24.0, 15.0, 8.0, 8.0, 4.0, 7.0, 15.0, 2.0, 17.0],
        1.0,
    ),
    (
        "standing 6",
        [27.0, 17.0, 8.0, 8.0, 4.0, 9.0, 6.0, 2.0, 19.0],
        1.0,
    ),
    (
        "text 32",
        [32.0, 14.0, 7.0, 7.0, 4.0, 7.0, 10.0, 2.0, 17.0],
        1.0,
    ),
];

/// One returned match: its key, verified flag, id and fits (part ÷ default weight).
struct Returned {
    key: String,
    verified: bool,
    id: i64,
    fits: [f64; 9],
}

/// The keys of `items` ranked under `weights` (score, then verified, then id), as the
/// service ranks them.
fn rerank(items: &[Returned], weights: &[f64; 9], text_power: f64) -> Vec<String> {
    let mut scored: Vec<(f64, &Returned)> = items
        .iter()
        .map(|r| {
            let mut fits = r.fits;
            fits[0] = fits[0].powf(text_power);
            let s: f64 = fits.iter().zip(weights).map(|(f, w)| f * w).sum();
            ((s * 100.0).round() / 100.0, r)
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| b.1.verified.cmp(&a.1.verified))
            .then_with(|| a.1.id.cmp(&b.1.id))
    });
    scored.into_iter().map(|(_, r)| r.key.clone()).collect()
}

#[derive(Deserialize)]
struct EvalProject {
    key: String,
    /// `dev` (for choices) or `test` (reported); a set without splits is all `test`.
    #[serde(default = "test_split")]
    split: String,
    relevant: HashMap<String, u32>,
    #[serde(flatten)]
    body: serde_json::Map<String, Value>,
}

/// Gain of a relevance grade: 2^rel − 1, so an ideal person (3) is worth more than two good
/// ones (2) — the order at the very top is what staff act on.
fn gain(rel: u32, exponential: bool) -> f64 {
    if exponential {
        f64::from((1u32 << rel.min(16)) - 1)
    } else {
        f64::from(rel)
    }
}

/// Discounted cumulative gain of the first `k` grades.
fn dcg(grades: &[u32], k: usize, exponential: bool) -> f64 {
    grades
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &rel)| gain(rel, exponential) / ((i + 2) as f64).log2())
        .sum()
}

/// nDCG@k of a ranking (`ranked` grades, in the order returned) given every judged grade
/// of the query (`judged`, any order). 1 when nothing is relevant and nothing is returned.
fn ndcg(ranked: &[u32], judged: &[u32], k: usize, exponential: bool) -> f64 {
    let mut ideal = judged.to_vec();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(&ideal, k, exponential);
    if best == 0.0 {
        return if ranked.iter().take(k).all(|&r| r == 0) {
            1.0
        } else {
            0.0
        };
    }
    dcg(ranked, k, exponential) / best
}

#[test]
fn ndcg_matches_the_textbook_example() {
    // Wikipedia's "Discounted cumulative gain" example: DCG6 = 6.861, IDCG6 = 8.740.
    let ranked = [3, 2, 3, 0, 1, 2];
    let judged = [3, 2, 3, 0, 1, 2, 3, 2];
    assert!((dcg(&ranked, 6, false) - 6.861).abs() < 1e-3);
    assert!((ndcg(&ranked, &judged, 6, false) - 0.785).abs() < 1e-3);
    // The same with exponential gains, worked by hand: 13.848 / 18.438.
    assert!((ndcg(&ranked, &judged, 6, true) - 0.7511).abs() < 1e-3);
    assert_eq!(ndcg(&[3, 2, 1], &[1, 2, 3], 10, true), 1.0);
    assert_eq!(ndcg(&[0, 0], &[3], 10, true), 0.0);
    assert_eq!(ndcg(&[], &[], 10, true), 1.0);
}

fn test_split() -> String {
    "test".into()
}

fn load_json<T: serde::de::DeserializeOwned>(set: &str, file: &str) -> T {
    let path = format!("{}/tests/{set}/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Loads the people through the profile service (validation, insert, audit, search change),
/// then verifies and deletes as the set says. Returns key → id.
async fn load_people(app: &TestApp, people: &[Value]) -> HashMap<String, i64> {
    let actor = CurrentUser::system("eval");
    let mut ids = HashMap::new();
    let txn = app.db.write().await.expect("transaction");
    for p in people {
        let mut body = p.clone();
        let obj = body.as_object_mut().expect("a person is an object");
        let key = obj
            .remove("key")
            .and_then(|k| k.as_str().map(str::to_owned))
            .expect("key");
        obj.remove("verified");
        obj.remove("deleted");
        let req: ProfileReq = serde_json::from_value(body).unwrap_or_else(|e| panic!("{key}: {e}"));
        let fields = input::validate(&*txn, req)
            .await
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        let created = write::insert(&*txn, &actor, fields, None)
            .await
            .expect("insert");
        ids.insert(key, created.id);
    }
    txn.commit().await.expect("commit");
    for p in people {
        let id = ids[p["key"].as_str().unwrap_or_default()];
        if p["verified"] == true {
            write::verify(&app.db, &actor, id).await.expect("verify");
        }
        if p["deleted"] == true {
            write::delete(&app.db, &actor, id).await.expect("delete");
        }
    }
    ids
}

/// Whether the set says this person must never be matched: no consent, unlisted, deleted.
fn excluded(p: &Value) -> bool {
    p["consent_match"] != true || p["listed"] == false || p["deleted"] == true
}

async fn create_projects(admin: &Client, projects: &[EvalProject]) -> Vec<i64> {
    let mut ids = Vec::new();
    for p in projects {
        let mut body = Value::Object(p.body.clone());
        body["stage"] = json!("attracting");
        let r = admin.post("/api/v1/projects", body).await;
        assert_eq!(r.status, 201, "{}: {}", p.key, r.text);
        ids.push(r.body["id"].as_i64().unwrap_or_default());
    }
    ids
}

/// The figures of one set under the service's own order.
struct Figures {
    /// Mean nDCG@10 over all projects.
    mean: f64,
    /// The lowest nDCG@10 of any project.
    min: f64,
}

#[tokio::test]
async fn matching_quality_on_the_labelled_set_stays_above_the_floor() {
    let f = evaluate("matching_eval", true, false).await;
    println!(
        "labelled set: mean {:.3}, minimum per project {:.3}; floor {FLOOR}",
        f.mean, f.min
    );
    assert!(
        f.mean >= FLOOR,
        "mean nDCG@10 {:.3} fell below {FLOOR}",
        f.mean
    );
}

/// The lowest mean nDCG@10 accepted on the blind set in `tests/matching_eval_blind/`:
/// labelled by someone who had not read the scoring code, under the rubric committed with
/// it, and never used to choose anything (see its README). History: 0.844 at first (minimum
/// per project 0.539), 0.852 before the third edition of the need part (minimum 0.603), then
/// 0.923 (minimum 0.765) after it, whose rules were taken from the issue and the rubric's
/// wording and chosen on the labelled set alone; the blind set was run once before and once
/// after, its figure never used to choose. The floor is that last measurement rounded down:
/// it catches regressions and claims no more than was measured.
const BLIND_FLOOR: f64 = 0.92;

#[tokio::test]
async fn matching_quality_on_the_blind_set_stays_above_the_floor() {
    let f = evaluate("matching_eval_blind", false, true).await;
    println!(
        "blind set: mean {:.3}, minimum per project {:.3}; floor {BLIND_FLOOR}",
        f.mean, f.min
    );
    assert!(
        f.mean >= BLIND_FLOOR,
        "blind mean nDCG@10 {:.3} fell below {BLIND_FLOOR}",
        f.mean
    );
}

/// Loads `tests/{set}` (with the generated background when `background`), matches every
/// project through the API, prints each project's nDCG@10 and the means, and returns them.
///
/// A `blind` set shows only its figures: no person's grade, no top five, no other
/// weightings and no dump, so that nothing of its labels can steer a choice.
async fn evaluate(set: &str, with_background: bool, blind: bool) -> Figures {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut people: Vec<Value> = load_json(set, "people.json");
    let judged_people = people.len();
    if with_background {
        people.extend(background::people(BACKGROUND_OTHER, BACKGROUND_GENERAL));
    }
    let projects: Vec<EvalProject> = load_json(set, "projects.json");
    let ids = load_people(&app, &people).await;
    let key_of: HashMap<i64, &str> = ids.iter().map(|(k, v)| (*v, k.as_str())).collect();
    let by_key: HashMap<&str, &Value> = people
        .iter()
        .filter_map(|p| p["key"].as_str().map(|k| (k, p)))
        .collect();
    // The index holds every listed, live person.
    let searchable = people
        .iter()
        .filter(|p| p["listed"] != false && p["deleted"] != true)
        .count();
    let indexed = settled_get(&app, &admin, "/api/v1/profiles?per_page=1").await;
    assert_eq!(indexed.body["total"], searchable, "{}", indexed.text);
    let project_ids = create_projects(&admin, &projects).await;

    // (variant, split) → nDCG@10 per project; "default" is the service's own order.
    let mut scores: HashMap<(&str, &str), Vec<f64>> = HashMap::new();
    let mut dump = Vec::new();
    let defaults = default_weights();
    println!(
        "\n{set}: nDCG@10 per project ({judged_people} judged people, {} in all):",
        people.len()
    );
    for (p, id) in projects.iter().zip(&project_ids) {
        let r = admin
            .get(&format!("/api/v1/projects/{id}/matches?limit=100"))
            .await;
        assert_eq!(r.status, 200, "{}: {}", p.key, r.text);
        let returned: Vec<Returned> = r.body["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| {
                let id = i["profile_id"].as_i64()?;
                let mut fits = [0.0; 9];
                for (n, part) in PARTS.iter().enumerate() {
                    let value = i["parts"][part].as_f64().unwrap_or(0.0);
                    fits[n] = if defaults[n] > 0.0 {
                        value / defaults[n]
                    } else {
                        0.0
                    };
                }
                Some(Returned {
                    key: key_of.get(&id).map(|k| (*k).to_owned())?,
                    verified: i["verified"] == true,
                    id,
                    fits,
                })
            })
            .collect();
        let ranked: Vec<&str> = returned.iter().map(|r| r.key.as_str()).collect();
        for key in &ranked {
            let person = by_key.get(key).copied().unwrap_or(&Value::Null);
            assert!(!excluded(person), "{}: {key} must never be matched", p.key);
        }
        // An excluded person counts 0 whatever the judgment says: staff cannot contact them.
        let grade = |key: &str| {
            let eligible = by_key.get(key).is_some_and(|person| !excluded(person));
            if eligible {
                p.relevant.get(key).copied().unwrap_or(0)
            } else {
                0
            }
        };
        let judged: Vec<u32> = p.relevant.keys().map(|k| grade(k)).collect();
        dump.push(json!({
            "project": p.key, "split": p.split,
            "judged": p.relevant.keys().map(|k| (k.clone(), grade(k))).collect::<HashMap<_, _>>(),
            "returned": returned.iter().map(|r| json!({"key": r.key, "verified": r.verified, "id": r.id, "fits": r.fits, "person": by_key.get(r.key.as_str()).copied().cloned().unwrap_or(Value::Null)})).collect::<Vec<_>>(),
            "project_body": Value::Object(p.body.clone()),
        }));
        let measure = |order: &[&str]| {
            let grades: Vec<u32> = order.iter().map(|k| grade(k)).collect();
            ndcg(&grades, &judged, 10, true)
        };
        let score = measure(&ranked);
        scores
            .entry(("default", p.split.as_str()))
            .or_default()
            .push(score);
        for (name, weights, power) in VARIANTS.iter().filter(|_| !blind) {
            let order = rerank(&returned, weights, *power);
            let order: Vec<&str> = order.iter().map(String::as_str).collect();
            scores
                .entry((name, p.split.as_str()))
                .or_default()
                .push(measure(&order));
        }
        let top: Vec<String> = ranked
            .iter()
            .take(if blind { 0 } else { 5 })
            .map(|k| format!("{k}({})", grade(k)))
            .collect();
        println!(
            "  {:<11} {:<4} {score:.3}  {}",
            p.key,
            p.split,
            top.join(" ")
        );
    }
    // For exploring weights offline (on the dev half): the candidates and their fits.
    if let Ok(path) = std::env::var("MATCHING_EVAL_DUMP")
        && !blind
    {
        std::fs::write(&path, Value::from(dump).to_string()).expect("write the dump");
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let figure = |variant: &str| {
        let dev = scores.get(&(variant, "dev")).cloned().unwrap_or_default();
        let test = scores.get(&(variant, "test")).cloned().unwrap_or_default();
        let all: Vec<f64> = dev.iter().chain(&test).copied().collect();
        (mean(&dev), mean(&test), mean(&all))
    };
    println!("mean nDCG@10 (dev / test / all):");
    let shown = if blind { 0 } else { VARIANTS.len() };
    for variant in std::iter::once("default").chain(VARIANTS.iter().take(shown).map(|v| v.0)) {
        let (dev, test, all) = figure(variant);
        println!("  {variant:<12} {dev:.3} / {test:.3} / {all:.3}");
    }
    let (_, _, mean_all) = figure("default");
    let min = ["dev", "test"]
        .iter()
        .filter_map(|split| scores.get(&("default", *split)))
        .flatten()
        .copied()
        .fold(1.0f64, f64::min);
    Figures {
        mean: mean_all,
        min,
    }
}
