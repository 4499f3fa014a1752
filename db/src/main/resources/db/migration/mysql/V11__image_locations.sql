-- Every location of an image, in order (pos 0 is the primary one, which images.location
-- repeats so that downloads and the store sweep read one row). metadata is a JSON object's text.
-- MEDIUMTEXT: a JSON body (at most 1 MiB) may carry more than TEXT's 64 KiB.
CREATE TABLE image_locations (
  image_id   VARCHAR(36)  NOT NULL,
  pos        INT          NOT NULL,
  url        MEDIUMTEXT   NOT NULL,
  metadata   MEDIUMTEXT   NOT NULL,
  created_at DATETIME(6)  NOT NULL,
  updated_at DATETIME(6)  NOT NULL,
  CONSTRAINT image_locations_pk PRIMARY KEY (image_id, pos),
  CONSTRAINT image_locations_image_fk FOREIGN KEY (image_id) REFERENCES images (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO image_locations (image_id, pos, url, metadata, created_at, updated_at)
  SELECT id, 0, location, '{}', updated_at, updated_at FROM images WHERE location IS NOT NULL;
