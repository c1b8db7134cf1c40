-- Version 5: imports can be undone as a whole. Each import batch records,
-- in its operation, the posts it added (updated posts keep their earlier
-- bytes as revisions, as every change does).
CREATE TABLE operation_added (
    operation_id INTEGER NOT NULL REFERENCES operations(id),
    post_id      INTEGER NOT NULL,          -- the post added (it may be gone since)
    content_hash TEXT NOT NULL,             -- BLAKE3 of the bytes it was added with
    PRIMARY KEY (operation_id, post_id)
) STRICT, WITHOUT ROWID;
