//! Text search over customers: the terms a case is found by and the tokens a query
//! becomes. A query token matches a term it begins, so lookups are index range scans
//! (no substring scans over a million rows).

/// Lowercase without the accents and dotted/dotless letters people leave out when
/// typing Spanish and Turkish names: "Çağrı Yılmaz" and "cagri yilmaz" search alike.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ı' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ğ' => 'g',
            'ş' => 's',
            other => other,
        })
        // `İ` lowercases to `i` plus a combining dot
        .filter(|c| *c != '\u{307}')
        .collect()
}

fn words(text: &str) -> impl Iterator<Item = String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// The terms a customer is found by: the words of the name, the document without
/// separators, and each phone's digits, whole and without the country code (its last
/// nine and ten digits), so "600 12" finds "+34 600 123 456".
pub fn terms(name: &str, document: &str, phones: &[String]) -> Vec<String> {
    let mut out: Vec<String> = words(name).collect();
    let document: String = words(document).collect();
    out.push(document);
    for phone in phones {
        let all = digits(phone);
        for keep in [all.len(), 10, 9] {
            if keep <= all.len() {
                out.push(all[all.len() - keep..].to_owned());
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| !t.is_empty() && t.len() <= 64 && seen.insert(t.clone()));
    out
}

/// The tokens of a query, each of which must begin a term of the case. A query of
/// digits and phone punctuation is one phone number.
pub fn query_tokens(query: &str) -> Vec<String> {
    let phone_like = query
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        && query.chars().any(|c| c.is_ascii_digit());
    let mut tokens: Vec<String> = if phone_like {
        vec![digits(query)]
    } else {
        // A piece with digits is a document as typed ("12.345.678-Z"), stored whole;
        // other pieces are name words ("Yılmaz-García" is two).
        query
            .split_whitespace()
            .flat_map(|piece| {
                if piece.chars().any(|c| c.is_ascii_digit()) {
                    vec![words(piece).collect::<String>()]
                } else {
                    words(piece).collect()
                }
            })
            .filter(|t| !t.is_empty())
            .collect()
    };
    tokens.truncate(8);
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_documents_and_phones_become_terms() {
        let terms = terms(
            "Çağrı Yılmaz-García",
            "12.345.678-Z",
            &["+34 600 123 456".into()],
        );
        assert_eq!(
            terms,
            [
                "cagri",
                "yilmaz",
                "garcia",
                "12345678z",
                "34600123456",
                "4600123456",
                "600123456"
            ]
        );
    }

    #[test]
    fn queries_fold_like_terms_and_phones_stay_whole() {
        assert_eq!(query_tokens("  GARCÍA  çağrı "), ["garcia", "cagri"]);
        assert_eq!(query_tokens("600 12"), ["60012"]);
        assert_eq!(query_tokens("+34 (600) 123"), ["34600123"]);
        assert_eq!(query_tokens("İstanbul"), ["istanbul"]);
        assert!(query_tokens(" - ").is_empty());
    }

    #[test]
    fn documents_are_searched_as_typed_and_hyphenated_names_by_word() {
        assert_eq!(query_tokens("12.345.678-Z"), ["12345678z"]);
        assert_eq!(query_tokens("x-1 Gómez"), ["x1", "gomez"]);
        assert_eq!(query_tokens("Yılmaz-García"), ["yilmaz", "garcia"]);
    }
}
