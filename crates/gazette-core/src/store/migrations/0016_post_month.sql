-- Version 16: the month of a post's date in its own offset (`YYYY-MM`, the
-- first seven characters of `date_local`), indexed so that the timeline's
-- counts per month and the list's month range read an index, not the rows
-- (which hold the files' bytes). The expression must match the store's
-- queries character for character.
CREATE INDEX posts_by_month ON posts(substr(date_local, 1, 7));
