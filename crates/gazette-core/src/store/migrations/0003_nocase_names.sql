-- Search filters match category and tag names case-insensitively
-- (`tag:ruby` finds `Ruby`); these indexes let them do so without a scan.
CREATE INDEX post_categories_by_name_nocase ON post_categories(name COLLATE NOCASE, post_id);
CREATE INDEX post_tags_by_name_nocase ON post_tags(name COLLATE NOCASE, post_id);
