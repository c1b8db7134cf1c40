-- Version 10: an import finds a post with the same bytes at another path
-- (a file copied to a second folder, a zip of a folder imported before):
-- such a file is "unchanged", not a second post.
CREATE INDEX posts_by_source_hash ON posts(source_hash);
