-- Version 6: publishing. A site is a Jekyll site folder posts are published
-- to; its manifest lists every file Gazette wrote there or found identical to
-- a post, with the hash of the bytes as Gazette last saw them. Only files in
-- the manifest are ever changed or removed by a publish.
CREATE TABLE sites (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    path              TEXT NOT NULL UNIQUE,    -- absolute, canonical folder
    drafts            INTEGER NOT NULL DEFAULT 0, -- also write drafts to _drafts/
    remote            TEXT,                    -- git remote to push to; NULL: the branch's upstream, else origin
    created_at        TEXT NOT NULL,           -- RFC 3339, UTC
    last_published_at TEXT
) STRICT;

CREATE TABLE site_files (
    site_id      INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    path         TEXT NOT NULL,                -- relative to the site, '/'-separated
    post_id      INTEGER REFERENCES posts(id) ON DELETE SET NULL,
    content_hash TEXT NOT NULL,                -- BLAKE3 of the file's bytes, hex
    published_at TEXT NOT NULL,
    PRIMARY KEY (site_id, path)
) STRICT, WITHOUT ROWID;
