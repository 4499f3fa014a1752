-- The lease of the upload holding a saving image (see UploadLease): its id (which also names the
-- upload's objects in the store), its owner (host:pid request-id), its deadline (UTC) and the
-- status the image goes back to if the upload dies. All null unless the image is saving.
ALTER TABLE images
  ADD COLUMN upload_id VARCHAR(36),
  ADD COLUMN upload_owner VARCHAR(255),
  ADD COLUMN upload_expires_at DATETIME(6),
  ADD COLUMN upload_fallback VARCHAR(30),
  ADD CONSTRAINT images_upload_fallback_ck CHECK (upload_fallback IN ('queued', 'killed'));
