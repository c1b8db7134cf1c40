-- Version 13: a promote or demote moves a post to another path in its site
-- (its source path, which decides where publishing writes it). Each move is
-- recorded in its operation, so undoing the operation moves the post back.
CREATE TABLE operation_moves (
    operation_id INTEGER NOT NULL REFERENCES operations(id),
    post_id      INTEGER NOT NULL,          -- the post moved (it may be gone since)
    from_path    TEXT NOT NULL,             -- its source path before
    to_path      TEXT NOT NULL,             -- its source path after
    PRIMARY KEY (operation_id, post_id)
) STRICT, WITHOUT ROWID;
