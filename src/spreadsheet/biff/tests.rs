use proptest::prelude::*;

use super::*;

fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

fn bof() -> Vec<u8> {
    rec(0x0809, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0])
}

fn dims(rows: u32, cols: u16) -> Vec<u8> {
    let mut d = 0u32.to_le_bytes().to_vec();
    d.extend(rows.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(cols.to_le_bytes());
    d.extend([0, 0]);
    rec(0x0200, &d)
}

fn number(row: u16, col: u16) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend([0, 0]);
    d.extend(1978f64.to_le_bytes());
    rec(0x0203, &d)
}

fn formula(row: u16, col: u16) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend([0; 16]);
    // cce 3: PtgInt 7
    d.extend([3, 0, 0x1E, 7, 0]);
    rec(0x0006, &d)
}

fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend([0, 0]);
    d.extend(index.to_le_bytes());
    rec(0x00FD, &d)
}

/// A workbook stream: globals (with `extra` after the BOF) and one sheet.
fn book(extra: &[Vec<u8>], cells: &[Vec<u8>]) -> Vec<u8> {
    let name = "乡贤名单";
    let units: Vec<u16> = name.encode_utf16().collect();
    let boundsheet_len = 4 + 8 + 2 * units.len();
    let mut globals = bof();
    for e in extra {
        globals.extend(e);
    }
    let pos = globals.len() + boundsheet_len + 4;
    let mut d = (pos as u32).to_le_bytes().to_vec();
    d.extend([0, 0, units.len() as u8, 1]);
    d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    globals.extend(rec(0x0085, &d));
    globals.extend(rec(0x000A, &[]));
    assert_eq!(globals.len(), pos);
    let mut sheet = bof();
    for c in cells {
        sheet.extend(c);
    }
    sheet.extend(rec(0x000A, &[]));
    globals.extend(sheet);
    globals
}

#[test]
fn a_small_list_passes_and_its_formulas_lose_their_tokens() {
    let mut s = book(&[], &[dims(3, 3), number(1, 1), formula(2, 2)]);
    let formulas = check(&mut s).unwrap();
    assert_eq!(formulas, vec![BTreeSet::from([(2, 2)])]);
    let cce = s.windows(5).any(|w| w == [3, 0, 0x1E, 7, 0]);
    assert!(!cce, "tokens left in place");
}

#[test]
fn a_filepass_record_is_a_password() {
    let filepass = rec(0x002F, &[1, 0, 2, 0, 2, 0]);
    let mut s = book(&[filepass], &[number(1, 1)]);
    assert_eq!(check(&mut s), Err(Refusal::Encrypted));
    // Even XOR obfuscation (type 0), which calamine would read as garbage.
    let mut s = book(&[rec(0x002F, &[0, 0, 1, 2, 3, 4])], &[number(1, 1)]);
    assert_eq!(check(&mut s), Err(Refusal::Encrypted));
}

#[test]
fn one_far_cell_is_refused_naming_the_sheet_and_the_cell() {
    let mut s = book(&[], &[number(0, 0), number(65535, 255)]);
    assert_eq!(
        check(&mut s),
        Err(Refusal::TooLarge {
            sheet: "乡贤名单".into(),
            corner: "IV65536".into(),
            cells: 65536 * 256,
        })
    );
}

#[test]
fn a_declared_extent_past_the_limit_is_refused_before_any_cell() {
    let mut s = book(&[], &[dims(0x7FFF_FFFF, 3), number(1, 1)]);
    assert!(matches!(check(&mut s), Err(Refusal::TooLarge { .. })));
    // Rows running backwards would wrap calamine's row count around.
    let mut d = 10u32.to_le_bytes().to_vec();
    d.extend(5u32.to_le_bytes());
    d.extend([0, 0, 3, 0, 0, 0]);
    let mut s = book(&[], &[rec(0x0200, &d)]);
    assert!(matches!(check(&mut s), Err(Refusal::Damaged(_))));
}

#[test]
fn one_long_shared_string_in_many_cells_is_refused() {
    // One string of 60,000 characters, then cells that all use it.
    let mut sst = vec![0u8; 8];
    sst.extend(60_000u16.to_le_bytes());
    sst.push(0);
    let chars = vec![b'x'; 60_000];
    let mut conts = vec![rec(0x00FC, &[sst, chars[..8000].to_vec()].concat())];
    for chunk in chars[8000..].chunks(8000) {
        conts.push(rec(0x003C, &[&[0u8][..], chunk].concat()));
    }
    let cells: Vec<Vec<u8>> = (0..600u16).map(|r| label_sst(r, 0, 0)).collect();
    let mut s = book(&conts, &cells);
    assert!(
        matches!(check(&mut s), Err(Refusal::TooLarge { .. })),
        "{:?}",
        check(&mut s)
    );
    let mut s = book(&conts, &cells[..10]);
    assert!(check(&mut s).is_ok());
}

#[test]
fn cut_records_are_damage_not_a_panic() {
    let mut s = book(&[], &[number(1, 1)]);
    s.truncate(s.len() - 3);
    assert!(matches!(check(&mut s), Err(Refusal::Damaged(_))));
    let mut s = book(&[], &[rec(0x0006, &[1, 0, 1, 0])]);
    assert!(matches!(check(&mut s), Err(Refusal::Damaged(_))));
}

proptest! {
    #[test]
    fn any_bytes_are_checked_without_panicking(mut bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = check(&mut bytes);
    }

    #[test]
    fn a_mangled_book_is_checked_without_panicking(at in 0usize..200, byte in any::<u8>()) {
        let mut s = book(&[], &[dims(3, 3), number(1, 1), formula(2, 2)]);
        let i = at % s.len();
        s[i] = byte;
        let _ = check(&mut s);
    }
}
