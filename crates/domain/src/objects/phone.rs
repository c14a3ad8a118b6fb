//! Phone numbers as lists, caller ids and DNC checks compare them.

/// Digits with an optional leading `+`, spaces, dashes, dots and brackets removed;
/// `None` unless 3..=20 digits remain.
pub fn normalize(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let (plus, rest) = match raw.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", raw),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    (3..=20)
        .contains(&digits.len())
        .then(|| format!("{plus}{digits}"))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn separators_go_letters_refuse() {
        assert_eq!(
            normalize(" +34 (91) 123-45.67 ").as_deref(),
            Some("+34911234567")
        );
        assert_eq!(normalize("555 0100").as_deref(), Some("5550100"));
        assert_eq!(normalize("12"), None);
        assert_eq!(normalize("call me"), None);
        assert_eq!(normalize("+"), None);
    }
}
