-- Version 7: settings kept in the archive itself (they travel with the
-- file): `remote_images` = `allow` | `block` (default: block).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
