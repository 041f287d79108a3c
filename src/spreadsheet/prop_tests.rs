//! Property tests: `read_table` must return (never panic) on any input —
//! random bytes, CSV-like text in UTF-8 and GBK, truncated and corrupted xlsx.

use proptest::prelude::*;

use super::read_table;
use super::tests::template;

fn csvish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("姓名".to_string()),
            Just("手机号".to_string()),
            Just("县（市、区）".to_string()),
            Just(",".to_string()),
            Just("\t".to_string()),
            Just("\"".to_string()),
            Just("\n".to_string()),
            Just("\r".to_string()),
            Just("*".to_string()),
            "[a-z0-9 张伟、；]{0,6}",
            any::<char>().prop_map(String::from),
        ],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_table(&bytes, "x");
    }

    #[test]
    fn never_panics_on_csvish_text(text in csvish()) {
        let _ = read_table(text.as_bytes(), "x.csv");
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let _ = read_table(&gbk, "x.csv");
    }

    #[test]
    fn never_panics_on_truncated_xlsx(cut in 0usize..20_000) {
        let t = template();
        let _ = read_table(&t[..cut.min(t.len())], "x.xlsx");
    }

    #[test]
    fn never_panics_on_corrupted_xlsx(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut t = template().to_vec();
        for (at, byte) in flips {
            let i = at.index(t.len());
            t[i] = byte;
        }
        let _ = read_table(&t, "x.xlsx");
    }
}
