//! Text folding applied to everything before it is segmented, at index and at query time alike,
//! so both sides see the same characters: lower case, full-width ASCII as half-width, control
//! characters as spaces.

/// Folds one character, calling `push` with what it becomes (usually one character).
#[inline]
fn fold(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        if c.is_ascii_control() {
            push(' ');
        } else {
            push(c.to_ascii_lowercase());
        }
        return;
    }
    if is_cjk(c) {
        push(c);
        return;
    }
    let c = match c {
        // Full-width forms (Ａ, １, ＋): staff type these from Chinese input methods.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c if c.is_control() => ' ',
        c => c,
    };
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
    } else {
        for l in c.to_lowercase() {
            push(l);
        }
    }
}

/// The folded form of `text`.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold(c, |f| out.push(f));
    }
    out
}

/// The folded form of `text`, with the byte offset in `text` of every byte offset in the
/// result (one entry per byte, plus one for the end), to map matches back for highlighting.
pub(crate) fn normalize_with_offsets(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len() + 1);
    for (pos, c) in text.char_indices() {
        fold(c, |f| {
            out.push(f);
            offsets.resize(out.len(), pos);
        });
    }
    offsets.push(text.len());
    (out, offsets)
}

/// True for the CJK ideographs that jieba segments and pinyin spells.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_width_and_controls() {
        assert_eq!(normalize("ＬＥＤ背光\tModule"), "led背光 module");
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let text = "Ａb光";
        let (norm, offsets) = normalize_with_offsets(text);
        assert_eq!(norm, "ab光");
        assert_eq!(offsets.len(), norm.len() + 1);
        assert_eq!(offsets[1], 3); // 'b' follows the 3-byte 'Ａ'
        assert_eq!(offsets[2], 4);
        assert_eq!(offsets[norm.len()], text.len());
    }
}
