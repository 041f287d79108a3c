use super::*;

#[test]
fn canonical_headers_round_trip() {
    for c in Column::ALL {
        assert_eq!(Column::from_header(c.header()), Some(c), "{c:?}");
        assert_eq!(Column::from_header(&format!("*{}", c.header())), Some(c));
        assert_eq!(Column::from_header(&format!(" {}* ", c.header())), Some(c));
    }
}

#[test]
fn tolerant_variants_and_aliases() {
    let cases = [
        ("县(市、区)", Column::County),
        ("县（市，区）", Column::County),
        ("乡镇(街道)", Column::Township),
        ("村 (社区)", Column::Village),
        ("姓 名", Column::Name),
        ("＊姓名", Column::Name),
        ("姓名（必填）", Column::Name),
        ("名字", Column::Name),
        ("电话", Column::Mobile),
        ("手机", Column::Mobile),
        ("联系电话", Column::Mobile),
        ("单位", Column::Employer),
        ("职务", Column::Title),
        ("职称", Column::Title),
        ("职务/职称", Column::Title),
        ("邮箱", Column::Email),
        ("E-mail", Column::Email),
        ("是否公开", Column::Listed),
    ];
    for (h, c) in cases {
        assert_eq!(Column::from_header(h), Some(c), "{h}");
    }
    assert_eq!(Column::from_header(""), None);
    assert_eq!(Column::from_header("*"), None);
    assert_eq!(Column::from_header("备注"), None);
    assert_eq!(Column::from_header("序号"), None);
}

#[test]
fn aliases_do_not_collide() {
    let mut seen = std::collections::HashMap::new();
    for c in Column::every() {
        for a in std::iter::once(c.header()).chain(c.aliases().iter().copied()) {
            if let Some(prev) = seen.insert(normalize(a), c).filter(|p| *p != c) {
                panic!("{a} maps to both {prev:?} and {c:?}");
            }
        }
    }
}
