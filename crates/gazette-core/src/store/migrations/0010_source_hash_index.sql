-- Version 10: an import finds a post with the same bytes at another path
-- (a file copied to a second folder, a zip of a folder imported before),
-- as imported or as it is now: such a file is "unchanged", not a second
-- post.
CREATE INDEX posts_by_source_hash ON posts(source_hash);
CREATE INDEX posts_by_content_hash ON posts(content_hash);
