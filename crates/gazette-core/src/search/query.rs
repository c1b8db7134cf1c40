//! The search query language, parsed into a checked form.
//!
//! - words separated by spaces must all match (AND);
//! - `"exact phrase"`; `-word`, `-"phrase"` and `-tag:x` exclude;
//! - `a OR b` (upper case) matches either;
//! - field filters: `title:word`, `tag:name`, `category:name`,
//!   `layout:name`, `collection:name` (the post's Jekyll collection:
//!   `posts`, `pages` or a label from `collections:`), `after:2021-12-01` (on or after that day),
//!   `before:2022-01-01` (before that day), `year:2022`, `draft:true`, and
//!   `key:value` for any other front matter key; values with spaces go in
//!   quotes (`tag:"LyLy TV"`).
//!
//! Anything the grammar cannot take is a [`QueryError`] naming the column,
//! never an SQL error.

use chrono::NaiveDate;

/// A parsed query: a conjunction of clauses, each a disjunction of items.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// All of these must hold.
    pub clauses: Vec<Clause>,
}

/// One of several items (`a OR b OR c`), or a single item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// At least one of these must hold.
    pub any_of: Vec<Item>,
}

/// A search item, possibly negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// `-` before it: posts matching it are excluded.
    pub negated: bool,
    /// What it matches.
    pub kind: ItemKind,
}

/// What an item matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// Text in the title, body or front matter values. `phrase` when it was
    /// quoted (Latin words then match whole, not as prefixes).
    Text {
        /// The text as typed.
        text: String,
        /// Written in double quotes.
        phrase: bool,
        /// `title:`: only in the title.
        title_only: bool,
    },
    /// A tag, by name (case-insensitive).
    Tag(String),
    /// A category, by name (case-insensitive).
    Category(String),
    /// A layout, by name (case-insensitive).
    Layout(String),
    /// The post's Jekyll collection (`posts`, `pages` or a label from the
    /// site's `collections:`; case-insensitive), as stored at import.
    Collection(String),
    /// The post's day (in its own offset) is this day or later.
    After(NaiveDate),
    /// The post's day is before this day.
    Before(NaiveDate),
    /// The post's year.
    Year(i32),
    /// A draft (`_drafts/` or `published: false`), or not.
    Draft(bool),
    /// Any other front matter key equals (case-insensitive) this value, or
    /// is a list holding it.
    Key(String, String),
}

/// Why a query could not be read. `column` is 1-based, in characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at column {column})")]
pub struct QueryError {
    /// Where in the query.
    pub column: usize,
    /// What is wrong, for a person.
    pub message: String,
}

#[derive(Debug)]
enum Token {
    Word {
        text: String,
        quoted: bool,
        negated: bool,
        field: Option<String>,
        column: usize,
    },
    Or(usize),
}

fn lex(input: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let column = i + 1;
        let mut negated = false;
        if chars[i] == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace() {
            negated = true;
            i += 1;
        }
        // An optional `field:` prefix.
        let mut field = None;
        let start = i;
        let mut j = i;
        while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_' || chars[j] == '-')
        {
            j += 1;
        }
        if j > start && j + 1 < chars.len() + 1 && j < chars.len() && chars[j] == ':' {
            let after = chars.get(j + 1).copied();
            let looks_like_url = after == Some('/');
            if !looks_like_url && after.is_some_and(|c| !c.is_whitespace()) {
                field = Some(chars[start..j].iter().collect::<String>());
                i = j + 1;
            } else if !looks_like_url {
                return Err(QueryError {
                    column: j + 1,
                    message: format!(
                        "nothing after `{}:`",
                        chars[start..j].iter().collect::<String>()
                    ),
                });
            }
        }
        if i < chars.len() && chars[i] == '"' {
            let open = i;
            let close = chars[i + 1..]
                .iter()
                .position(|&c| c == '"')
                .map(|p| p + i + 1);
            let Some(close) = close else {
                return Err(QueryError {
                    column: open + 1,
                    message: "a quote is not closed".into(),
                });
            };
            let text: String = chars[open + 1..close].iter().collect();
            i = close + 1;
            tokens.push(Token::Word {
                text,
                quoted: true,
                negated,
                field,
                column,
            });
        } else {
            let begin = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            let text: String = chars[begin..i].iter().collect();
            if text == "OR" && !negated && field.is_none() {
                tokens.push(Token::Or(column));
            } else {
                tokens.push(Token::Word {
                    text,
                    quoted: false,
                    negated,
                    field,
                    column,
                });
            }
        }
    }
    Ok(tokens)
}

fn parse_day(value: &str, column: usize) -> Result<NaiveDate, QueryError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(&format!("{value}-01-01"), "%Y-%m-%d"))
        .map_err(|_| QueryError {
            column,
            message: format!("`{value}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
        })
}

fn item(
    text: String,
    quoted: bool,
    negated: bool,
    field: Option<String>,
    column: usize,
) -> Result<Item, QueryError> {
    let err = |message: String| QueryError { column, message };
    if text.trim().is_empty() {
        return Err(err("empty quotes".into()));
    }
    let kind = match field.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => ItemKind::Text {
            text,
            phrase: quoted,
            title_only: false,
        },
        Some("title") => ItemKind::Text {
            text,
            phrase: quoted,
            title_only: true,
        },
        Some("tag" | "tags") => ItemKind::Tag(text),
        Some("category" | "categories") => ItemKind::Category(text),
        Some("layout") => ItemKind::Layout(text),
        Some("collection") => ItemKind::Collection(text),
        Some("after") => ItemKind::After(parse_day(&text, column)?),
        Some("before") => ItemKind::Before(parse_day(&text, column)?),
        Some("year") => ItemKind::Year(
            text.parse()
                .ok()
                .filter(|y| (1..=9999).contains(y))
                .ok_or_else(|| err(format!("`{text}` is not a year")))?,
        ),
        Some("draft") => ItemKind::Draft(match text.to_ascii_lowercase().as_str() {
            "true" | "yes" => true,
            "false" | "no" => false,
            _ => return Err(err(format!("draft: takes true or false, not `{text}`"))),
        }),
        Some(_) => ItemKind::Key(field.unwrap_or_default(), text),
    };
    Ok(Item { negated, kind })
}

/// Parses a query (see the module docs). An empty query is valid and
/// matches every post.
///
/// # Errors
/// [`QueryError`] for an unclosed quote, a dangling `OR`, an empty field
/// value, a bad date or year.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let tokens = lex(input)?;
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_or: Option<usize> = None;
    for token in tokens {
        match token {
            Token::Or(column) => {
                if clauses.is_empty() || pending_or.is_some() {
                    return Err(QueryError {
                        column,
                        message: "OR needs something on both sides".into(),
                    });
                }
                pending_or = Some(column);
            }
            Token::Word {
                text,
                quoted,
                negated,
                field,
                column,
            } => {
                let it = item(text, quoted, negated, field, column)?;
                match (pending_or.take(), clauses.last_mut()) {
                    (Some(_), Some(last)) => last.any_of.push(it),
                    _ => clauses.push(Clause { any_of: vec![it] }),
                }
            }
        }
    }
    if let Some(column) = pending_or {
        return Err(QueryError {
            column,
            message: "OR needs something on both sides".into(),
        });
    }
    Ok(Query { clauses })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> ItemKind {
        ItemKind::Text {
            text: t.into(),
            phrase: false,
            title_only: false,
        }
    }

    #[test]
    fn words_phrases_negation_or_and_fields() {
        let q = parse(r#"赣州 "exact phrase" -spam a OR b tag:"LyLy TV" year:2022 after:2021-12 from:https://x.y"#).unwrap();
        assert_eq!(q.clauses.len(), 8, "{q:?}");
        assert_eq!(q.clauses[0].any_of[0].kind, text("赣州"));
        assert_eq!(
            q.clauses[1].any_of[0].kind,
            ItemKind::Text {
                text: "exact phrase".into(),
                phrase: true,
                title_only: false
            }
        );
        assert!(q.clauses[2].any_of[0].negated);
        assert_eq!(q.clauses[3].any_of.len(), 2);
        assert_eq!(q.clauses[4].any_of[0].kind, ItemKind::Tag("LyLy TV".into()));
        assert_eq!(q.clauses[5].any_of[0].kind, ItemKind::Year(2022));
        assert_eq!(
            q.clauses[6].any_of[0].kind,
            ItemKind::After(NaiveDate::from_ymd_opt(2021, 12, 1).unwrap())
        );
        let q = parse("collection:pages -collection:Posts").unwrap();
        assert_eq!(
            q.clauses[0].any_of[0].kind,
            ItemKind::Collection("pages".into())
        );
        assert!(q.clauses[1].any_of[0].negated);
        assert_eq!(
            q.clauses[1].any_of[0].kind,
            ItemKind::Collection("Posts".into())
        );
        let q = parse("from:https://x.y").unwrap();
        assert_eq!(
            q.clauses[0].any_of[0].kind,
            ItemKind::Key("from".into(), "https://x.y".into())
        );
        let q = parse("https://x.y").unwrap();
        assert_eq!(q.clauses[0].any_of[0].kind, text("https://x.y"));
    }

    #[test]
    fn malformed_queries_are_clear_errors() {
        for bad in [
            "\"open",
            "OR a",
            "a OR",
            "a OR OR b",
            "year:abc",
            "after:nope",
            "draft:maybe",
            "tag: x",
            "\"\"",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.column >= 1, "{bad}: {e}");
        }
        assert_eq!(parse("").unwrap(), Query::default());
        assert_eq!(parse("   ").unwrap(), Query::default());
    }
}
