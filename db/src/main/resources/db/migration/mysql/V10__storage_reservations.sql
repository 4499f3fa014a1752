-- Bytes an upload in flight has reserved against its owner's user_storage_quota. A reservation
-- counts only while its image is still saving under the same upload (images.upload_id), so one
-- left behind by a dead process stops counting when the upload's lease is taken back.
CREATE TABLE storage_reservations (
  upload_id VARCHAR(36) NOT NULL PRIMARY KEY,
  image_id  VARCHAR(36) NOT NULL,
  owner     VARCHAR(255) NOT NULL,
  bytes     BIGINT NOT NULL,
  CONSTRAINT storage_reservations_bytes_ck CHECK (bytes >= 0)
);
CREATE INDEX storage_reservations_owner_idx ON storage_reservations (owner);
-- One row per owner that has reserved: locked (SELECT ... FOR UPDATE) while a reservation is
-- decided, so that concurrent uploads of one owner, in any process, decide one after another.
CREATE TABLE storage_owner_locks (
  owner VARCHAR(255) NOT NULL PRIMARY KEY
);
