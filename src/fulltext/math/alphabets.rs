//! The mathematical alphanumeric letters of Unicode (`\mathbb{R}` as `ℝ`,
//! `\mathcal{L}` as `ℒ`, `\mathbf{x}` as `𝐱`). Most of each alphabet is
//! one contiguous run of the Mathematical Alphanumeric Symbols block, but
//! letters that already existed in Letterlike Symbols (ℝ, ℒ, ℭ, …) were
//! left as holes there and must be taken from the older block instead.

/// A math alphabet a font command selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `\mathbf`, `\boldsymbol`, `\bm`: Latin, digits and Greek.
    Bold,
    /// `\mathbb`: Latin and digits.
    DoubleStruck,
    /// `\mathcal`, `\mathscr`: Latin.
    Script,
    /// `\mathfrak`: Latin.
    Fraktur,
}

/// `c` in `style`, or `c` itself when the alphabet has no such letter.
pub fn styled(c: char, style: Style) -> char {
    let exception = match style {
        Style::Bold => None,
        Style::DoubleStruck => match c {
            'C' => Some('ℂ'),
            'H' => Some('ℍ'),
            'N' => Some('ℕ'),
            'P' => Some('ℙ'),
            'Q' => Some('ℚ'),
            'R' => Some('ℝ'),
            'Z' => Some('ℤ'),
            _ => None,
        },
        Style::Script => match c {
            'B' => Some('ℬ'),
            'E' => Some('ℰ'),
            'F' => Some('ℱ'),
            'H' => Some('ℋ'),
            'I' => Some('ℐ'),
            'L' => Some('ℒ'),
            'M' => Some('ℳ'),
            'R' => Some('ℛ'),
            'e' => Some('ℯ'),
            'g' => Some('ℊ'),
            'o' => Some('ℴ'),
            _ => None,
        },
        Style::Fraktur => match c {
            'C' => Some('ℭ'),
            'H' => Some('ℌ'),
            'I' => Some('ℑ'),
            'R' => Some('ℜ'),
            'Z' => Some('ℨ'),
            _ => None,
        },
    };
    if let Some(letter) = exception {
        return letter;
    }
    // Where each alphabet's capital A, small a, digit zero, capital Alpha
    // and small alpha start (0 where the alphabet has none).
    let (upper, lower, digit, greek_upper, greek_lower) = match style {
        Style::Bold => (0x1D400, 0x1D41A, 0x1D7CE, 0x1D6A8, 0x1D6C2),
        Style::DoubleStruck => (0x1D538, 0x1D552, 0x1D7D8, 0, 0),
        Style::Script => (0x1D49C, 0x1D4B6, 0, 0, 0),
        Style::Fraktur => (0x1D504, 0x1D51E, 0, 0, 0),
    };
    let code = c as u32;
    let mapped = match c {
        'A'..='Z' => upper + (code - 'A' as u32),
        'a'..='z' => lower + (code - 'a' as u32),
        '0'..='9' if digit != 0 => digit + (code - '0' as u32),
        // Capital Greek, skipping the unassigned U+03A2.
        'Α'..='Ω' if greek_upper != 0 && c != '\u{03A2}' => greek_upper + (code - 'Α' as u32),
        'α'..='ω' if greek_lower != 0 => greek_lower + (code - 'α' as u32),
        _ => return c,
    };
    char::from_u32(mapped).unwrap_or(c)
}

/// `text` with every letter that `style` has replaced by its styled form.
pub fn style_text(text: &str, style: Style) -> String {
    text.chars().map(|c| styled(c, style)).collect()
}

#[cfg(test)]
mod tests {
    use super::{Style, style_text};

    #[test]
    fn alphabets_with_their_letterlike_holes() {
        assert_eq!(style_text("RNZQCab1", Style::DoubleStruck), "ℝℕℤℚℂ𝕒𝕓𝟙");
        assert_eq!(style_text("LAego", Style::Script), "ℒ𝒜ℯℊℴ");
        assert_eq!(style_text("gRA", Style::Fraktur), "𝔤ℜ𝔄");
        assert_eq!(style_text("xZ0αΩ+", Style::Bold), "𝐱𝐙𝟎𝛂𝛀+");
    }
}
