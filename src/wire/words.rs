//! Eight bytes at a time: where a run of JSON text that needs no attention ends. The fast
//! path's string reader and the stream reader's record splitter both spend most of their time
//! walking over bytes they do not look at; a `u64` holds eight of them, and a few arithmetic
//! tests flag the ones that matter (safe code, no SIMD intrinsics).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes of `word` that are zero, flagged by their high bit: the classic test, exact for
/// the lowest such byte (a later one may be flagged falsely by a borrow, which does not
/// matter, as only the lowest flagged byte is used).
fn zero(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGHS
}

/// The bytes of `word` equal to `byte`, flagged as [`zero`] flags them.
fn equal(word: u64, byte: u8) -> u64 {
    zero(word ^ (ONES * u64::from(byte)))
}

/// The bytes of `word` equal to `byte`, flagged by their high bit, every one of them exactly
/// (no borrow crosses a byte: each byte's low seven bits plus 0x7F stay within the byte).
fn exactly(word: u64, byte: u8) -> u64 {
    const LOWS: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (ONES * u64::from(byte));
    !(((x & LOWS) + LOWS) | x | LOWS)
}

/// How many bytes a mask of high bits flags: the bits summed into the top byte by one
/// multiplication (no `popcnt` instruction in the baseline x86-64 target).
fn flagged(mask: u64) -> usize {
    ((mask >> 7).wrapping_mul(ONES) >> 56) as usize
}

/// A word of `bytes` at `pos`, if eight bytes remain there.
fn word_at(bytes: &[u8], pos: usize) -> Option<u64> {
    let chunk = bytes.get(pos..pos.checked_add(8)?)?;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    Some(u64::from_le_bytes(word))
}

/// The position of the first byte at or after `from` that ends a string's plain run: a quote,
/// a backslash or a control character (or the end of `bytes`). Eight bytes at a time while
/// none is among them, then one at a time.
pub(crate) fn string_run_end(bytes: &[u8], from: usize) -> usize {
    let mut pos = from;
    while let Some(w) = word_at(bytes, pos) {
        // Bytes below 0x20: the high bit is clear and subtracting 0x20 borrows.
        let found = equal(w, b'"') | equal(w, b'\\') | (w.wrapping_sub(ONES * 0x20) & !w & HIGHS);
        if found != 0 {
            return pos + (found.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&b) = bytes.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return pos;
        }
        pos += 1;
    }
    pos
}

/// Where a value's structure stands: how deeply nested, and whether inside a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Nesting {
    pub(crate) depth: usize,
    pub(crate) in_string: bool,
}

/// Walks a value's bytes from `from` (not inside an escape), following its strings, escapes,
/// brackets and braces, and stops before the first line break, after the bracket or brace
/// that closes the value (depth 0), or before the last few bytes (fewer than eight, or an
/// escape cut by the end): the caller reads those one at a time. Returns where it stopped.
///
/// Eight bytes at a time, without a branch per byte that matters: in compact JSON one comes
/// about every eight bytes, and a branch on each (the first way this was written) was
/// mispredicted often enough to cost a third of the time. A word without a backslash or a
/// line break is taken whole ([`whole_word`]); any other word is taken up to its first byte
/// that matters, which is dealt with alone.
pub(crate) fn skim(bytes: &[u8], from: usize, nesting: &mut Nesting) -> usize {
    let mut pos = from;
    while let Some(w) = word_at(bytes, pos) {
        if whole_word(w, nesting) {
            pos += 8;
            continue;
        }
        let found = if nesting.in_string {
            equal(w, b'"') | equal(w, b'\\') | equal(w, b'\n')
        } else {
            equal(w, b'"') | equal(w, b'\n') | brackets(w)
        };
        if found == 0 {
            pos += 8;
            continue;
        }
        let at = pos + (found.trailing_zeros() / 8) as usize;
        match (nesting.in_string, bytes.get(at)) {
            (_, Some(b'"')) => nesting.in_string = !nesting.in_string,
            // The escaped byte is passed with its backslash, unless it is not here yet.
            (true, Some(b'\\')) if at + 2 <= bytes.len() => {
                pos = at + 2;
                continue;
            }
            (false, Some(b'{' | b'[')) => nesting.depth += 1,
            (false, Some(b'}' | b']')) => {
                nesting.depth = nesting.depth.saturating_sub(1);
                if nesting.depth == 0 {
                    return at + 1;
                }
            }
            // A line break (or an escape cut by the end): the caller's.
            _ => return at,
        }
        pos = at + 1;
    }
    pos
}

/// Takes a word whole when it has no backslash and no line break and cannot close the
/// value: its quotes flip the string state once each, and its brackets and braces outside
/// strings (those after an even number of quotes, counting the state it starts in) move the
/// depth. False, with `nesting` untouched, when the word needs a closer look.
fn whole_word(w: u64, nesting: &mut Nesting) -> bool {
    if equal(w, b'\\') | equal(w, b'\n') != 0 {
        return false;
    }
    let quotes = exactly(w, b'"');
    let odd_quotes = flagged(quotes) % 2 == 1;
    if brackets(w) == 0 {
        nesting.in_string ^= odd_quotes;
        return true;
    }
    // A byte is inside a string when an odd number of quotes stand at or before it: the
    // running parity of the quotes, byte by byte.
    let mut inside = quotes;
    inside ^= inside << 8;
    inside ^= inside << 16;
    inside ^= inside << 32;
    if nesting.in_string {
        inside ^= HIGHS;
    }
    let folded = w | (ONES * 0x20);
    let opens = flagged(exactly(folded, b'{') & !inside);
    let closes = flagged(exactly(folded, b'}') & !inside);
    // As many closings as the depth might close the value inside the word.
    if closes >= nesting.depth {
        return false;
    }
    nesting.depth = nesting.depth + opens - closes;
    nesting.in_string ^= odd_quotes;
    true
}

/// The brackets and braces of `w`, flagged as [`equal`] flags them: `[` and `{` differ only
/// by the 0x20 bit, as do `]` and `}`, and no other byte becomes either once that bit is set.
fn brackets(w: u64) -> u64 {
    let folded = w | (ONES * 0x20);
    equal(folded, b'{') | equal(folded, b'}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte, at every position of runs of every length up to 40: the first one the
    /// rule `is` picks out is the one found, whatever follows it.
    fn finds_the_first(find: fn(&[u8], usize) -> usize, is: fn(u8) -> bool) {
        for len in 0..40 {
            for at in 0..=len {
                for byte in 0..=255u8 {
                    for filler in [b'a', 0xC3] {
                        let mut bytes = vec![filler; len];
                        if at < len {
                            bytes[at] = byte;
                        }
                        let expected = if at < len && is(byte) { at } else { len };
                        // A later special byte does not move the first.
                        bytes.push(b'"');
                        assert_eq!(find(&bytes, 0), expected, "{len} {at} {byte:#x}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_string_run_ends_at_its_first_quote_backslash_or_control_character() {
        finds_the_first(string_run_end, |b| b == b'"' || b == b'\\' || b < 0x20);
    }

    #[test]
    fn a_search_starts_where_it_is_told() {
        assert_eq!(string_run_end(br#"a"bcdefghijkl"m"#, 2), 13);
    }

    /// The byte-at-a-time walk `skim` stands for, to the end of the bytes.
    fn walk(bytes: &[u8], from: usize, nesting: &mut Nesting) -> usize {
        let mut pos = from;
        while let Some(&b) = bytes.get(pos) {
            if nesting.depth == 0 {
                return pos;
            }
            match (nesting.in_string, b) {
                (_, b'\n') => return pos,
                (_, b'"') => nesting.in_string = !nesting.in_string,
                (true, b'\\') if pos + 2 <= bytes.len() => {
                    pos += 2;
                    continue;
                }
                (false, b'{' | b'[') => nesting.depth += 1,
                (false, b'}' | b']') => {
                    nesting.depth = nesting.depth.saturating_sub(1);
                    if nesting.depth == 0 {
                        return pos + 1;
                    }
                }
                _ => {}
            }
            pos += 1;
        }
        pos
    }

    /// Skimming, then walking from where the skim stopped, ends where walking alone ends,
    /// with the same nesting.
    fn agrees_with_the_walk(
        bytes: &[u8],
        start: Nesting,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let (mut ours, mut theirs) = (start, start);
        let at = skim(bytes, 0, &mut ours);
        let end = walk(bytes, at, &mut ours);
        proptest::prop_assert_eq!(end, walk(bytes, 0, &mut theirs));
        proptest::prop_assert_eq!(ours, theirs);
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn skimming_then_walking_ends_where_walking_alone_ends(
            bytes in proptest::collection::vec(proptest::sample::select(
                b"\"\\{}[]\na :,0\xC3".to_vec()), 0..80),
            depth in 1usize..4,
            in_string: bool,
        ) {
            agrees_with_the_walk(&bytes, Nesting { depth, in_string })?;
        }

        /// Without backslashes and line breaks, most words are taken whole: their quotes'
        /// parity and their brackets' count must give what the walk gives.
        #[test]
        fn words_taken_whole_keep_the_walks_nesting(
            bytes in proptest::collection::vec(proptest::sample::select(
                b"\"{}[]a:, ".to_vec()), 0..120),
            depth in 1usize..6,
            in_string: bool,
        ) {
            agrees_with_the_walk(&bytes, Nesting { depth, in_string })?;
        }
    }
}
