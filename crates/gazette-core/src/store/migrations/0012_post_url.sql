-- Version 12: the URL Jekyll gives a post, its Jekyll collection (`posts`,
-- a collection label, `pages`) and its date as Jekyll holds it (in the
-- site's time zone, `YYYY-MM-DD HH:MM:SS +ZZZZ`), derived at import and edit from
-- the file and its site (NULL when Jekyll does not build the file, and for
-- posts stored by an older Gazette until their view is derived again).
ALTER TABLE posts ADD COLUMN url TEXT;
ALTER TABLE posts ADD COLUMN collection TEXT;
ALTER TABLE posts ADD COLUMN jekyll_date TEXT;
