-- Version 17 (issue 18): the outbox of the derived search index. Every
-- change to a post's search entry (written with it, in the same
-- transaction: see store/outbox.rs) adds a row naming the post; the index
-- under `<archive>.search/` applies the rows in `seq` order and records the
-- last one applied in its commit payload, so on open it replays only what
-- is newer. Rows the index has applied are deleted.
CREATE TABLE search_outbox (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL
) STRICT;
