-- Version 11: the full-text index is tokenised by FTS5's `ascii` tokenizer.
-- Gazette writes the index form itself (gazette_core::text: NFKC, lower
-- case, Latin diacritics removed, tokens separated by single spaces), so the
-- tokenizer only has to split on spaces; `unicode61` did that work a second
-- time and was the largest single cost of an import. Every post is indexed
-- again when the archive next opens (search_version -1: no entry at all).
DROP TABLE post_text;
CREATE VIRTUAL TABLE post_text USING fts5(
    title, body, front_matter,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);
DROP INDEX posts_search_stale;
UPDATE posts SET search_version = -1;
CREATE INDEX posts_search_stale ON posts(id) WHERE search_version < 2;
