-- Version 14: following a living site (sync). What the archive last took
-- from each site folder is kept, so the next sync reads only what changed
-- and can merge a post edited in Gazette with its file changed upstream.

-- The site's git commit as of the last completed sync (NULL: never synced,
-- or not a git work tree), and when that sync finished.
ALTER TABLE sites ADD COLUMN synced_commit TEXT;
ALTER TABLE sites ADD COLUMN synced_at TEXT;

-- Each post file of a site as the last sync saw it: size and modification
-- time (ns since 1970), for the size+mtime check of a folder without git,
-- and the BLAKE3 of its bytes then.
CREATE TABLE sync_files (
    site_id  INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    path     TEXT NOT NULL,                -- relative to the site, '/'-separated
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash     TEXT NOT NULL,
    PRIMARY KEY (site_id, path)
) STRICT, WITHOUT ROWID;

-- The base of a three-way merge: the bytes a post's source file had when
-- last imported or synced (`posts.source_hash`), kept here when they are
-- neither the post's bytes nor one of its revisions (after a merge, the
-- upstream text the merge took in).
CREATE TABLE post_bases (
    post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    hash    TEXT NOT NULL,                 -- BLAKE3 of raw, hex
    raw     BLOB NOT NULL
) STRICT;

-- A post changed both in Gazette and upstream where the changes overlap
-- (edit/edit), or edited in Gazette and deleted upstream (edit/delete).
-- The post keeps Gazette's text; the upstream text waits here.
CREATE TABLE sync_conflicts (
    post_id     INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    site_id     INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    path        TEXT NOT NULL,             -- relative to the site
    kind        TEXT NOT NULL,             -- edit/edit | edit/delete
    theirs      BLOB,                      -- the file's bytes; NULL for edit/delete
    theirs_hash TEXT,
    created_at  TEXT NOT NULL
) STRICT;
