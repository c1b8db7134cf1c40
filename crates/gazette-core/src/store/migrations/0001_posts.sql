-- Gazette archive schema, version 1. Never edit a landed migration: add one.

-- One row per import batch (a drop, a picker choice, a CLI `import`).
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,              -- RFC 3339, UTC
    finished_at TEXT,                       -- NULL while running or if killed
    imported    INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    cancelled   INTEGER NOT NULL DEFAULT 0
) STRICT;

-- A post: the file's exact bytes plus the typed view derived from them.
-- The view columns are caches for sorting and filtering; `raw` is the truth.
CREATE TABLE posts (
    id                 INTEGER PRIMARY KEY,
    source_path        TEXT NOT NULL UNIQUE,   -- absolute path it was imported from
    raw                BLOB NOT NULL,          -- the file's bytes, exactly
    encoding           TEXT NOT NULL,          -- utf-8 | utf-8-bom | utf-16le | utf-16be
    front_matter_start INTEGER,                -- byte range of the YAML in the decoded text,
    front_matter_end   INTEGER,                --   NULL when the file has no front matter
    body_start         INTEGER NOT NULL,       -- byte offset of the body in the decoded text
    content_hash       TEXT NOT NULL,          -- BLAKE3 of raw, hex
    format             TEXT NOT NULL,          -- markdown | html | textile | text
    title              TEXT NOT NULL,
    date_text          TEXT,                   -- the date as written
    date_local         TEXT,                   -- YYYY-MM-DDTHH:MM:SS[.f] in the post's own offset
    date_offset        TEXT,                   -- +08:00, NULL when none was written
    date_utc_ms        INTEGER,                -- the instant, ms since 1970 (no offset = UTC)
    date_source        TEXT NOT NULL,          -- front_matter | file_name | none
    year               INTEGER,                -- year of date_local
    layout             TEXT,
    permalink          TEXT,
    published          INTEGER NOT NULL,
    draft              INTEGER NOT NULL,
    slug               TEXT NOT NULL,
    excerpt            TEXT NOT NULL,
    front_matter_json  TEXT NOT NULL,          -- JSON object, keys in file order
    warnings_json      TEXT NOT NULL,          -- JSON array of strings
    import_id          INTEGER REFERENCES imports(id),
    imported_at        TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

CREATE INDEX posts_by_date ON posts(date_utc_ms DESC, id DESC);
CREATE INDEX posts_by_year ON posts(year);

CREATE TABLE post_categories (
    post_id  INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    PRIMARY KEY (post_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX post_categories_by_name ON post_categories(name, post_id);

CREATE TABLE post_tags (
    post_id  INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    PRIMARY KEY (post_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX post_tags_by_name ON post_tags(name, post_id);
