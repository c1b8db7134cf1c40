//! The derived index's two tokenizers, over text already in
//! [`crate::text::index_form`] (tokens separated by single spaces: Latin
//! words, one CJK character each, `§` for separators next to CJK).
//!
//! - **Unigrams** (`gz_uni`, indexed with frequencies only): one token per
//!   CJK character. A one-character query is one term here, so it finds the
//!   character anywhere, exactly as a substring search does.
//! - **Positional** (`gz_pos`, with positions): token `i` of the index form
//!   is indexed at position `i` as
//!   - the bigram of CJK characters `i` and `i+1` when both are CJK;
//!   - the character alone when it is CJK and the next token is not (the
//!     end of a CJK run);
//!   - the token itself otherwise (a Latin word, a number, `§`).
//!
//!   A query in index form is turned into terms by the same rule
//!   ([`query_terms`]), except that its last CJK character adds no term of
//!   its own when a bigram before it covers it, and a lone last CJK
//!   character becomes a prefix (it matches the character as a run end or
//!   any bigram starting with it). So a 2-character query is one bigram
//!   term, a longer one a phrase over consecutive bigrams, and a match is
//!   exactly a place where the query's tokens stand side by side: the same
//!   set as the FTS5 phrase over one token per character.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::is_cjk;

/// The name the unigram tokenizer is registered under.
pub const UNIGRAMS: &str = "gz_uni";
/// The name the positional tokenizer is registered under.
pub const POSITIONAL: &str = "gz_pos";

fn cjk_token(t: &str) -> bool {
    let mut chars = t.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if is_cjk(c))
}

/// The positional field's tokens of an index-form text: `(position, text)`.
pub fn positional(form: &str) -> Vec<(usize, String)> {
    let tokens: Vec<&str> = form.split(' ').filter(|t| !t.is_empty()).collect();
    let mut out = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        if cjk_token(t) {
            match tokens.get(i + 1) {
                Some(next) if cjk_token(next) => out.push((i, format!("{t}{next}"))),
                _ => out.push((i, (*t).to_string())),
            }
        } else {
            out.push((i, (*t).to_string()));
        }
    }
    out
}

/// The unigram field's tokens of an index-form text: its CJK characters.
pub fn unigrams(form: &str) -> Vec<(usize, String)> {
    form.split(' ')
        .filter(|t| cjk_token(t))
        .enumerate()
        .map(|(i, t)| (i, t.to_string()))
        .collect()
}

/// How a query's index form is looked up in one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryTerms {
    /// One CJK character: a term of the unigram field.
    Unigram(String),
    /// Terms of the positional field at these offsets; `prefix`: the last
    /// one matches every term it begins (a Latin word typed without quotes,
    /// or a lone last CJK character).
    Positional {
        /// `(offset, term)`, in order.
        terms: Vec<(usize, String)>,
        /// The last term is a prefix.
        prefix: bool,
    },
}

/// The lookup of a query's index form (not empty). `latin_prefix`: a last
/// Latin word also matches longer words (the query was not quoted).
pub fn query_terms(form: &str, latin_prefix: bool) -> QueryTerms {
    let tokens: Vec<&str> = form.split(' ').filter(|t| !t.is_empty()).collect();
    if tokens.len() == 1 && cjk_token(tokens[0]) {
        return QueryTerms::Unigram(tokens[0].to_string());
    }
    let mut terms = Vec::with_capacity(tokens.len());
    let mut prefix = false;
    let last = tokens.len() - 1;
    for (i, t) in tokens.iter().enumerate() {
        let cjk = cjk_token(t);
        let next_cjk = tokens.get(i + 1).is_some_and(|n| cjk_token(n));
        let prev_cjk = i > 0 && cjk_token(tokens[i - 1]);
        if cjk && next_cjk {
            terms.push((i, format!("{t}{}", tokens[i + 1])));
        } else if cjk && i == last {
            if !prev_cjk {
                terms.push((i, (*t).to_string()));
                prefix = true;
            }
        } else {
            terms.push((i, (*t).to_string()));
            prefix = i == last && latin_prefix;
        }
    }
    QueryTerms::Positional { terms, prefix }
}

/// Which of the two token rules a [`FormTokenizer`] applies.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Rule {
    /// [`positional`].
    Positional,
    /// [`unigrams`].
    Unigrams,
}

/// A tantivy tokenizer applying one of the rules above. It writes each
/// token into one reused buffer (no allocation per token: a post's body
/// has thousands).
#[derive(Clone, Copy)]
pub struct FormTokenizer(pub Rule);

/// The tokens of one text, handed out one by one.
pub struct FormTokens<'a> {
    rule: Rule,
    tokens: Vec<&'a str>,
    /// Index in `tokens` of the next token to look at.
    next: usize,
    /// Tokens handed out (the unigram rule's positions).
    emitted: usize,
    token: Token,
}

impl Tokenizer for FormTokenizer {
    type TokenStream<'a> = FormTokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FormTokens<'a> {
        FormTokens {
            rule: self.0,
            tokens: text.split(' ').filter(|t| !t.is_empty()).collect(),
            next: 0,
            emitted: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for FormTokens<'_> {
    fn advance(&mut self) -> bool {
        while let Some(&t) = self.tokens.get(self.next) {
            let i = self.next;
            self.next += 1;
            let cjk = cjk_token(t);
            let text = &mut self.token.text;
            match self.rule {
                Rule::Unigrams if !cjk => continue,
                Rule::Unigrams => {
                    text.clear();
                    text.push_str(t);
                    self.token.position = self.emitted;
                }
                Rule::Positional => {
                    text.clear();
                    text.push_str(t);
                    if cjk {
                        if let Some(n) = self.tokens.get(i + 1).filter(|n| cjk_token(n)) {
                            text.push_str(n);
                        }
                    }
                    self.token.position = i;
                }
            }
            self.emitted += 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::index_form;

    fn pos(text: &str) -> Vec<(usize, String)> {
        positional(&index_form(text))
    }

    #[test]
    fn bigrams_run_ends_and_words_keep_their_positions() {
        let got = pos("中国农业，gen-itgc后50");
        let want: Vec<(usize, String)> = [
            (0, "中国"),
            (1, "国农"),
            (2, "农业"),
            (3, "业"),
            (4, "§"),
            (5, "gen"),
            (6, "itgc"),
            (7, "后"),
            (8, "50"),
        ]
        .iter()
        .map(|(p, t)| (*p, t.to_string()))
        .collect();
        assert_eq!(got, want);
        assert_eq!(
            unigrams(&index_form("中国 ruby 农")),
            vec![(0, "中".into()), (1, "国".into()), (2, "农".into())]
        );
    }

    #[test]
    fn the_token_streams_follow_the_rules() {
        let form = index_form("中国农业，gen-itgc后50 赣");
        for (rule, want) in [
            (Rule::Positional, positional(&form)),
            (Rule::Unigrams, unigrams(&form)),
        ] {
            let mut tokenizer = FormTokenizer(rule);
            let mut stream = tokenizer.token_stream(&form);
            let mut got = Vec::new();
            while stream.advance() {
                got.push((stream.token().position, stream.token().text.clone()));
            }
            assert_eq!(got, want, "{rule:?}");
        }
    }

    #[test]
    fn queries_become_one_term_a_phrase_or_a_prefix() {
        let q = |t: &str, p: bool| query_terms(&index_form(t), p);
        let terms = |v: &[(usize, &str)]| v.iter().map(|(o, t)| (*o, t.to_string())).collect();
        assert_eq!(q("赣", true), QueryTerms::Unigram("赣".into()));
        assert_eq!(
            q("农业", true),
            QueryTerms::Positional {
                terms: terms(&[(0, "农业")]),
                prefix: false
            }
        );
        assert_eq!(
            q("新冠肺炎", true),
            QueryTerms::Positional {
                terms: terms(&[(0, "新冠"), (1, "冠肺"), (2, "肺炎")]),
                prefix: false
            }
        );
        assert_eq!(
            q("gen-itgc后", true),
            QueryTerms::Positional {
                terms: terms(&[(0, "gen"), (1, "itgc"), (2, "后")]),
                prefix: true
            }
        );
        assert_eq!(
            q("ruby", true),
            QueryTerms::Positional {
                terms: terms(&[(0, "ruby")]),
                prefix: true
            }
        );
        assert_eq!(
            q("security fix", false),
            QueryTerms::Positional {
                terms: terms(&[(0, "security"), (1, "fix")]),
                prefix: false
            }
        );
        assert_eq!(
            q("州b", false),
            QueryTerms::Positional {
                terms: terms(&[(0, "州"), (1, "b")]),
                prefix: false
            }
        );
    }
}
