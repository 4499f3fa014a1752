-- Deleted images stay as rows (soft delete, as in Glance), and every listing asks for live ones
-- (deleted = FALSE): with deleted in the key after owner / visibility, "my images" and "others'
-- public images" read only live rows, in the default order (created_at, id), however many
-- deleted rows have piled up. They replace the V2 indexes, which lacked it.
CREATE INDEX images_owner_deleted_created_at_id_idx ON images (owner, deleted, created_at, id);
CREATE INDEX images_visibility_deleted_created_at_id_idx ON images (visibility, deleted, created_at, id);
DROP INDEX images_owner_created_at_id_idx;
DROP INDEX images_visibility_created_at_id_idx;
