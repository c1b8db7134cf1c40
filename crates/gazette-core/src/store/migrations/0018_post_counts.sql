-- Version 18 (issue 18, "Browse at a million"): the archive's counts, kept
-- up to date by triggers in the transaction of every change, so that the
-- sidebar (`Store::stats`) and the whole-archive timeline read a few
-- hundred rows instead of grouping a million.
--
-- One row per (kind, key) with at least one post:
--   'posts'      ''           every post
--   'category'   the name     posts with that exact category (a post that
--   'tag'        the name       lists a name twice counts once)
--   'year'       '2022'       posts whose `year` is that (CAST AS TEXT)
--   'collection' the label    posts whose `collection` is that
--   'month'      '2022-03'    posts whose substr(date_local, 1, 7) is that
-- Rows that reach 0 are deleted, as a GROUP BY has no empty group.
CREATE TABLE post_counts (
    kind  TEXT NOT NULL,
    key   TEXT NOT NULL,
    posts INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
) STRICT, WITHOUT ROWID;

-- The backfill: the same groups as the queries these rows replace.
INSERT INTO post_counts (kind, key, posts)
    SELECT 'posts', '', count(*) FROM posts WHERE true HAVING count(*) > 0;
INSERT INTO post_counts (kind, key, posts)
    SELECT 'category', name, count(DISTINCT post_id) FROM post_categories WHERE true GROUP BY name;
INSERT INTO post_counts (kind, key, posts)
    SELECT 'tag', name, count(DISTINCT post_id) FROM post_tags WHERE true GROUP BY name;
INSERT INTO post_counts (kind, key, posts)
    SELECT 'year', CAST(year AS TEXT), count(*) FROM posts WHERE year IS NOT NULL GROUP BY year;
INSERT INTO post_counts (kind, key, posts)
    SELECT 'collection', collection, count(*) FROM posts WHERE collection IS NOT NULL
    GROUP BY collection;
INSERT INTO post_counts (kind, key, posts)
    SELECT 'month', substr(date_local, 1, 7) AS month, count(*) FROM posts
    WHERE date_local IS NOT NULL GROUP BY month;

-- Posts: one more or one fewer in 'posts' and in their year, collection
-- and month.
CREATE TRIGGER post_counts_post_insert AFTER INSERT ON posts BEGIN
    INSERT INTO post_counts (kind, key, posts) VALUES ('posts', '', 1)
        ON CONFLICT DO UPDATE SET posts = posts + 1;
    INSERT INTO post_counts (kind, key, posts)
        SELECT 'year', CAST(NEW.year AS TEXT), 1 WHERE NEW.year IS NOT NULL
        ON CONFLICT DO UPDATE SET posts = posts + 1;
    INSERT INTO post_counts (kind, key, posts)
        SELECT 'collection', NEW.collection, 1 WHERE NEW.collection IS NOT NULL
        ON CONFLICT DO UPDATE SET posts = posts + 1;
    INSERT INTO post_counts (kind, key, posts)
        SELECT 'month', substr(NEW.date_local, 1, 7), 1 WHERE NEW.date_local IS NOT NULL
        ON CONFLICT DO UPDATE SET posts = posts + 1;
END;

CREATE TRIGGER post_counts_post_delete AFTER DELETE ON posts BEGIN
    UPDATE post_counts SET posts = posts - 1 WHERE kind = 'posts' AND key = '';
    UPDATE post_counts SET posts = posts - 1 WHERE kind = 'year' AND key = CAST(OLD.year AS TEXT);
    UPDATE post_counts SET posts = posts - 1 WHERE kind = 'collection' AND key = OLD.collection;
    UPDATE post_counts SET posts = posts - 1
        WHERE kind = 'month' AND key = substr(OLD.date_local, 1, 7);
    DELETE FROM post_counts WHERE kind = 'posts' AND key = '' AND posts <= 0;
    DELETE FROM post_counts WHERE kind = 'year' AND key = CAST(OLD.year AS TEXT) AND posts <= 0;
    DELETE FROM post_counts WHERE kind = 'collection' AND key = OLD.collection AND posts <= 0;
    DELETE FROM post_counts
        WHERE kind = 'month' AND key = substr(OLD.date_local, 1, 7) AND posts <= 0;
END;

CREATE TRIGGER post_counts_post_year AFTER UPDATE OF year ON posts
WHEN OLD.year IS NOT NEW.year BEGIN
    UPDATE post_counts SET posts = posts - 1 WHERE kind = 'year' AND key = CAST(OLD.year AS TEXT);
    DELETE FROM post_counts WHERE kind = 'year' AND key = CAST(OLD.year AS TEXT) AND posts <= 0;
    INSERT INTO post_counts (kind, key, posts)
        SELECT 'year', CAST(NEW.year AS TEXT), 1 WHERE NEW.year IS NOT NULL
        ON CONFLICT DO UPDATE SET posts = posts + 1;
END;

CREATE TRIGGER post_counts_post_collection AFTER UPDATE OF collection ON posts
WHEN OLD.collection IS NOT NEW.collection BEGIN
    UPDATE post_counts SET posts = posts - 1 WHERE kind = 'collection' AND key = OLD.collection;
    DELETE FROM post_counts WHERE kind = 'collection' AND key = OLD.collection AND posts <= 0;
    INSERT INTO post_counts (kind, key, posts)
        SELECT 'collection', NEW.collection, 1 WHERE NEW.collection IS NOT NULL
        ON CONFLICT DO UPDATE SET posts = posts + 1;
END;

CREATE TRIGGER post_counts_post_month AFTER UPDATE OF date_local ON posts
WHEN substr(OLD.date_local, 1, 7) IS NOT substr(NEW.date_local, 1, 7) BEGIN
    UPDATE post_counts SET posts = posts - 1
        WHERE kind = 'month' AND key = substr(OLD.date_local, 1, 7);
    DELETE FROM post_counts
        WHERE kind = 'month' AND key = substr(OLD.date_local, 1, 7) AND posts <= 0;
    INSERT INTO post_counts (kind, key, posts)
        SELECT 'month', substr(NEW.date_local, 1, 7), 1 WHERE NEW.date_local IS NOT NULL
        ON CONFLICT DO UPDATE SET posts = posts + 1;
END;

-- Names: a post counts once per exact name however many times it lists it,
-- so a row counts when it is the post's first of that name (after the
-- insert, it is the only one) and uncounts when it was the last (after the
-- delete, none is left). The indexes on (name, post_id) answer both tests.
-- Foreign-key cascades (a post deleted) fire these triggers too.
CREATE TRIGGER post_counts_category_insert AFTER INSERT ON post_categories
WHEN (SELECT count(*) FROM post_categories WHERE name = NEW.name AND post_id = NEW.post_id) = 1
BEGIN
    INSERT INTO post_counts (kind, key, posts) VALUES ('category', NEW.name, 1)
        ON CONFLICT DO UPDATE SET posts = posts + 1;
END;

CREATE TRIGGER post_counts_category_delete AFTER DELETE ON post_categories
WHEN NOT EXISTS (SELECT 1 FROM post_categories WHERE name = OLD.name AND post_id = OLD.post_id)
BEGIN
    UPDATE post_counts SET posts = posts - 1 WHERE kind = 'category' AND key = OLD.name;
    DELETE FROM post_counts WHERE kind = 'category' AND key = OLD.name AND posts <= 0;
END;

-- Nothing updates these rows in place today; if something does, it is a
-- delete of the old (post, name) and an insert of the new.
CREATE TRIGGER post_counts_category_update AFTER UPDATE ON post_categories
WHEN OLD.name IS NOT NEW.name OR OLD.post_id IS NOT NEW.post_id BEGIN
    UPDATE post_counts SET posts = posts - 1 WHERE kind = 'category' AND key = OLD.name
        AND NOT EXISTS (SELECT 1 FROM post_categories WHERE name = OLD.name AND post_id = OLD.post_id);
    DELETE FROM post_counts WHERE kind = 'category' AND key = OLD.name AND posts <= 0;
    INSERT INTO post_counts (kind, key, posts)
        SELECT 'category', NEW.name, 1
        WHERE (SELECT count(*) FROM post_categories WHERE name = NEW.name AND post_id = NEW.post_id) = 1
        ON CONFLICT DO UPDATE SET posts = posts + 1;
END;

CREATE TRIGGER post_counts_tag_insert AFTER INSERT ON post_tags
WHEN (SELECT count(*) FROM post_tags WHERE name = NEW.name AND post_id = NEW.post_id) = 1
BEGIN
    INSERT INTO post_counts (kind, key, posts) VALUES ('tag', NEW.name, 1)
        ON CONFLICT DO UPDATE SET posts = posts + 1;
END;

CREATE TRIGGER post_counts_tag_delete AFTER DELETE ON post_tags
WHEN NOT EXISTS (SELECT 1 FROM post_tags WHERE name = OLD.name AND post_id = OLD.post_id)
BEGIN
    UPDATE post_counts SET posts = posts - 1 WHERE kind = 'tag' AND key = OLD.name;
    DELETE FROM post_counts WHERE kind = 'tag' AND key = OLD.name AND posts <= 0;
END;

CREATE TRIGGER post_counts_tag_update AFTER UPDATE ON post_tags
WHEN OLD.name IS NOT NEW.name OR OLD.post_id IS NOT NEW.post_id BEGIN
    UPDATE post_counts SET posts = posts - 1 WHERE kind = 'tag' AND key = OLD.name
        AND NOT EXISTS (SELECT 1 FROM post_tags WHERE name = OLD.name AND post_id = OLD.post_id);
    DELETE FROM post_counts WHERE kind = 'tag' AND key = OLD.name AND posts <= 0;
    INSERT INTO post_counts (kind, key, posts)
        SELECT 'tag', NEW.name, 1
        WHERE (SELECT count(*) FROM post_tags WHERE name = NEW.name AND post_id = NEW.post_id) = 1
        ON CONFLICT DO UPDATE SET posts = posts + 1;
END;
