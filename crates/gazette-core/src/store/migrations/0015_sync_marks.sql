-- Version 15: the posts a sync changed, marked in the app's list until
-- the user opens them. A mark is cosmetic: losing one loses nothing.
CREATE TABLE sync_marks (
    post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE
) STRICT;
