-- Full-text search (see gazette_core::text for the index form: CJK text is
-- one token per character, separators next to CJK are the token '§').
-- Contentless: the text lives in posts.raw; the index holds only tokens.
CREATE VIRTUAL TABLE post_text USING fts5(
    title, body, front_matter,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2 tokenchars '§'"
);

-- Posts whose index entry is missing or stale (written by an older build):
-- the store indexes them when it opens the archive.
ALTER TABLE posts ADD COLUMN search_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX posts_search_stale ON posts(id) WHERE search_version < 1;
