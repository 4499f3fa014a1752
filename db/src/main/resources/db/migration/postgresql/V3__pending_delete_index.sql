-- The scrubber's query: images left pending_delete by a delayed delete, by deletion time.
CREATE INDEX images_status_deleted_at_idx ON images (status, deleted_at);
