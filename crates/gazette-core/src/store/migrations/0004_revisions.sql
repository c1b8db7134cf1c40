-- Version 4: history. Every change Gazette makes to a post keeps the bytes it
-- replaced as a revision, grouped in operations (one save, one bulk edit, one
-- import) so a whole operation can be undone.

-- The hash of the source file as last imported. Re-importing compares with it,
-- not with the post's (possibly edited) bytes, so an unchanged source file does
-- not undo an edit made in Gazette.
ALTER TABLE posts ADD COLUMN source_hash TEXT;
UPDATE posts SET source_hash = content_hash;

-- One undoable step.
CREATE TABLE operations (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,              -- edit | restore | bulk | import | undo
    description TEXT NOT NULL,              -- for a person: "Add tag 旅行 to 12 posts"
    created_at  TEXT NOT NULL,              -- RFC 3339, UTC
    undone_by   INTEGER REFERENCES operations(id)
) STRICT;

-- A post's bytes before an operation changed them.
CREATE TABLE revisions (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    operation_id INTEGER NOT NULL REFERENCES operations(id),
    raw          BLOB NOT NULL,             -- the bytes it replaced, exactly
    content_hash TEXT NOT NULL,             -- BLAKE3 of raw, hex
    next_hash    TEXT NOT NULL,             -- BLAKE3 of the bytes written over it
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX revisions_by_post ON revisions(post_id, id);
CREATE INDEX revisions_by_operation ON revisions(operation_id);
