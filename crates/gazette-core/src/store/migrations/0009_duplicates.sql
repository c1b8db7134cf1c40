-- Version 9: deleting posts (undoably) and possible duplicates.

-- A post a `delete` operation removed, whole, so that undo brings it back.
CREATE TABLE deleted_posts (
    operation_id INTEGER NOT NULL REFERENCES operations(id),
    source_path  TEXT NOT NULL,
    raw          BLOB NOT NULL,
    source_hash  TEXT,
    context_json TEXT NOT NULL
) STRICT;
CREATE INDEX deleted_posts_by_operation ON deleted_posts(operation_id);

-- Groups of possible duplicates the user chose to keep as they are; a group
-- is named by its reason, its shared value and its members' ids.
CREATE TABLE duplicate_dismissals (
    group_key    TEXT PRIMARY KEY,
    dismissed_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
