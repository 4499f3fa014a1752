-- Listing paths (see VisibilitySql): "my images" and "others' public images" each read one index
-- in the default order (created_at, id) and stop after a page. They replace the single-column
-- indexes, which are their prefixes.
CREATE INDEX images_owner_created_at_id_idx ON images (owner, created_at, id);
CREATE INDEX images_visibility_created_at_id_idx ON images (visibility, created_at, id);
DROP INDEX images_owner_idx;
DROP INDEX images_visibility_idx;
