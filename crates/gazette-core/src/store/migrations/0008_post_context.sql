-- Version 8: what a post's typed view takes from outside its file (site
-- `_config.yml` defaults, a draft's file time, its collection), as JSON, so
-- that an edit derives the same view: {"defaults":{…},"file_time":…,
-- "collection":…}.
ALTER TABLE posts ADD COLUMN context_json TEXT NOT NULL DEFAULT '{}';
