use super::*;

fn places() -> Places {
    let names = RegionNames::from_regions(
        [
            ("42", "湖北省"),
            ("4212", "咸宁市"),
            ("421222", "通城县"),
            ("421223", "崇阳县"),
            ("421222100", "隽水镇"),
            ("421222100003", "宝塔社区居民委员会"),
            ("421222100203", "油坊村委会"),
            ("421222100201", "利和村委会"),
            ("421223100", "天城镇"),
            ("421223100001", "七星社区居委会"),
            ("421223100209", "七星村村委会"),
            ("44", "广东省"),
            ("4403", "深圳市"),
            ("440305", "南山区"),
            ("31", "上海市"),
            ("3101", "市辖区"),
            ("310115", "浦东新区"),
            ("43", "湖南省"),
        ]
        .map(|(c, n)| (c.to_owned(), n.to_owned())),
    );
    Places::new(&names)
}

#[test]
fn hometowns_as_clerks_type_them() {
    let p = places();
    let h = |t: &str| p.hometown(t, &["421222100"]);
    assert_eq!(h("通城县隽水镇油坊村5组"), Ok(Some("421222100203".into())));
    assert_eq!(
        h("湖北省咸宁市通城县隽水镇利和村"),
        Ok(Some("421222100201".into()))
    );
    assert_eq!(h("宝塔"), Ok(Some("421222100003".into())));
    assert_eq!(h("宝塔社区"), Ok(Some("421222100003".into())));
    assert_eq!(h("隽水镇"), Ok(Some("421222100".into())));
    assert_eq!(h("崇阳县天城镇七星村"), Ok(Some("421223100209".into())));
    assert_eq!(h("天城镇七星社区"), Ok(Some("421223100001".into())));
    assert_eq!(h(""), Ok(None));
    assert!(matches!(h("湖南省平江县"), Err(PlaceError::OutsideCity(_))));
    assert!(matches!(h("隽水镇不存在村"), Err(PlaceError::NotFound(m)) if m.contains("不存在村")));
}

#[test]
fn residences_resolve_leniently() {
    let p = places();
    assert_eq!(p.residence("上海浦东", None), Some("310115".into()));
    assert_eq!(p.residence("深圳南山", None), Some("440305".into()));
    assert_eq!(
        p.residence("广东省深圳市南山区", None),
        Some("440305".into())
    );
    assert_eq!(
        p.residence("本地", Some("421222100203")),
        Some("421222".into())
    );
    assert_eq!(p.residence("广东深圳", None), None);
}
