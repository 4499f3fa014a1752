-- A copy of the image's properties, tags and location rows in one JSON text, written in the same
-- transaction as those rows, so that a show or a list page reads one row per image instead of
-- three child tables. NULL until written (the service fills those in after start-up); "-"
-- where the copy would be too long, and the child tables are read instead. The child tables stay
-- the record (filters and updates use them).
ALTER TABLE images ADD COLUMN children CHARACTER VARYING;
