-- Every location of an image, in order (pos 0 is the primary one, which images.location
-- repeats so that downloads and the store sweep read one row). metadata is a JSON object's text.
CREATE TABLE image_locations (
  image_id   VARCHAR(36)  COLLATE "C" NOT NULL REFERENCES images (id),
  pos        INT          NOT NULL,
  url        TEXT         NOT NULL,
  metadata   TEXT         NOT NULL,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL,
  CONSTRAINT image_locations_pk PRIMARY KEY (image_id, pos)
);
INSERT INTO image_locations (image_id, pos, url, metadata, created_at, updated_at)
  SELECT id, 0, location, '{}', updated_at, updated_at FROM images WHERE location IS NOT NULL;
