//! The dashboard's county map: its data (one entry per county, keyed by the code the
//! boundaries in `web/static/geo/xianning-421200.json` carry) and its colour scale (one colour per county's share, ranked) with a
//! Chinese legend. The scale is worked out here once, so the map (drawn by
//! `web/static/js/charts.js`) and the legend beside it (HTML, `.shade-N` in app.css) agree.

use serde::Serialize;
use serde_json::json;

use super::coverage::Row;

/// Light to dark blue for the steps that hold a county; the same colours as `.shade-1` …
/// `.shade-6` in app.css. Full coverage is green (`.shade-full`), none grey (`.shade-none`).
const SHADES: [&str; 6] = [
    "#cfe0f3", "#a6c6ea", "#7aa8dc", "#4d86c8", "#2a64a8", "#123f7a",
];
const FULL: &str = "#1e8a4c";
const NONE: &str = "#dfe3e8";

/// One colour of the legend: a share held by a county (or 全覆盖, or 尚无乡贤会) and its counties.
#[derive(Debug, Serialize, PartialEq)]
pub struct Step {
    pub label: String,
    /// Lower bound (inclusive) and upper bound (exclusive) in percent.
    pub lo: f64,
    pub hi: f64,
    /// The CSS class of the swatch and the colour the map uses.
    pub class: String,
    pub color: &'static str,
    pub counties: Vec<String>,
}

/// One colour per coverage value held by a county (quantiles of the six), ranked light to
/// dark over the whole palette: six counties between 40 % and 50 % still get six clearly
/// different blues, where steps of 10 % gave them one. Highest first.
pub fn legend(items: &[Row]) -> Vec<Step> {
    // Shares are rounded to one decimal already; compared in tenths of a percent.
    let tenths = |pct: f64| (pct * 10.0).round() as i64;
    let mut values: Vec<i64> = items
        .iter()
        .filter(|r| r.village_pct > 0.0 && r.village_pct < 100.0)
        .map(|r| tenths(r.village_pct))
        .collect();
    values.sort_unstable();
    values.dedup();
    let n = values.len();
    let names = |lo: f64, hi: f64| -> Vec<String> {
        items
            .iter()
            .filter(|r| r.village_pct >= lo && r.village_pct < hi)
            .map(|r| r.name.clone())
            .collect()
    };
    let mut steps = Vec::new();
    let full = names(100.0, f64::INFINITY);
    if !full.is_empty() {
        steps.push(Step {
            label: "全覆盖".into(),
            lo: 100.0,
            hi: f64::MAX,
            class: "shade-full".into(),
            color: FULL,
            counties: full,
        });
    }
    for (rank, value) in values.iter().enumerate().rev() {
        // With one value, the middle of the palette; else spread light to dark.
        let shade = if n == 1 {
            3
        } else {
            rank * (SHADES.len() - 1) / (n - 1)
        };
        let lo = (*value as f64 - 0.5) / 10.0;
        let hi = (*value as f64 + 0.5) / 10.0;
        steps.push(Step {
            label: format!("{:.1}%", *value as f64 / 10.0),
            lo,
            hi,
            class: format!("shade-{}", shade + 1),
            color: SHADES[shade],
            counties: names(lo.max(f64::MIN_POSITIVE), hi),
        });
    }
    let none = names(0.0, f64::MIN_POSITIVE);
    if !none.is_empty() {
        steps.push(Step {
            label: "尚无乡贤会".into(),
            lo: 0.0,
            hi: f64::MIN_POSITIVE,
            class: "shade-none".into(),
            color: NONE,
            counties: none,
        });
    }
    steps
}

/// The map's data island: the boundaries file, each county's figures and colour.
pub fn data(items: &[Row], steps: &[Step]) -> serde_json::Value {
    let color_of = |pct: f64| {
        steps
            .iter()
            .find(|s| pct >= s.lo && pct < s.hi)
            .map_or(NONE, |s| s.color)
    };
    let counties: Vec<serde_json::Value> = items
        .iter()
        .map(|r| {
            json!({
                "code": r.code, "name": r.name,
                "village_pct": r.village_pct, "township_pct": r.township_pct,
                "villages": r.figures.villages,
                "villages_with": r.figures.villages_with_association,
                "townships": r.figures.townships,
                "townships_with": r.figures.townships_with_association,
                "profiles": r.figures.profiles,
                "color": color_of(r.village_pct),
            })
        })
        .collect();
    json!({ "geo": "/static/geo/xianning-421200.json", "counties": counties })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::coverage::Figures;

    fn row(name: &str, pct: f64) -> Row {
        Row {
            code: name.into(),
            name: name.into(),
            figures: Figures::default(),
            village_pct: pct,
            township_pct: 0.0,
            drill: true,
        }
    }

    #[test]
    fn counties_in_one_band_of_twenty_points_get_distinct_colours() {
        let items = [
            row("咸安区", 41.0),
            row("嘉鱼县", 45.5),
            row("通城县", 52.0),
            row("崇阳县", 58.9),
            row("通山县", 49.9),
            row("赤壁市", 100.0),
        ];
        let steps = legend(&items);
        let labels: Vec<&str> = steps.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(
            labels,
            ["全覆盖", "58.9%", "52.0%", "49.9%", "45.5%", "41.0%"]
        );
        assert_eq!(steps[2].counties, ["通城县"]);
        // Five counties in one band of twenty points: five different blues, light to dark.
        let colors: std::collections::HashSet<&str> = steps[1..].iter().map(|s| s.color).collect();
        assert_eq!(colors.len(), 5);
        assert_eq!(steps[5].color, SHADES[0]);
        assert_eq!(steps[1].color, SHADES[5]);
        let map = data(&items, &steps);
        assert_eq!(map["counties"][0]["color"], SHADES[0]);
        assert_eq!(map["counties"][5]["color"], FULL);
    }

    #[test]
    fn no_association_is_grey() {
        let steps = legend(&[row("通城县", 0.0), row("崇阳县", 12.0)]);
        assert_eq!(steps.last().map(|s| s.label.as_str()), Some("尚无乡贤会"));
        assert_eq!(steps[0].class, "shade-4");
    }
}
