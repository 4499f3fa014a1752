-- Image records, as Glance keeps them. Timestamps are UTC wall-clock times. Tables use a binary
-- collation so that text compares exactly and sorts by code point, as on H2 and PostgreSQL.
CREATE TABLE images (
  id               VARCHAR(36)  NOT NULL PRIMARY KEY,
  name             VARCHAR(255),
  status           VARCHAR(30)  NOT NULL,
  visibility       VARCHAR(10)  NOT NULL,
  protected        BOOLEAN      DEFAULT FALSE NOT NULL,
  os_hidden        BOOLEAN      DEFAULT FALSE NOT NULL,
  checksum         VARCHAR(32),
  os_hash_algo     VARCHAR(64),
  os_hash_value    VARCHAR(128),
  size             BIGINT,
  virtual_size     BIGINT,
  min_disk         INTEGER      DEFAULT 0 NOT NULL,
  min_ram          INTEGER      DEFAULT 0 NOT NULL,
  disk_format      VARCHAR(20),
  container_format VARCHAR(20),
  owner            VARCHAR(255),
  location         TEXT,
  created_at       DATETIME(6)  NOT NULL,
  updated_at       DATETIME(6)  NOT NULL,
  deleted_at       DATETIME(6),
  deleted          BOOLEAN      DEFAULT FALSE NOT NULL,
  CONSTRAINT images_status_ck CHECK (status IN ('queued', 'saving', 'uploading', 'importing',
      'active', 'deactivated', 'killed', 'pending_delete', 'deleted')),
  CONSTRAINT images_visibility_ck
      CHECK (visibility IN ('public', 'private', 'shared', 'community')),
  INDEX images_owner_idx (owner),
  INDEX images_visibility_idx (visibility),
  INDEX images_created_at_id_idx (created_at, id),
  INDEX images_updated_at_idx (updated_at),
  INDEX images_checksum_idx (checksum),
  INDEX images_os_hash_value_idx (os_hash_value)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE image_properties (
  id       BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  image_id VARCHAR(36)  NOT NULL,
  name     VARCHAR(255) NOT NULL,
  value    TEXT,
  CONSTRAINT image_properties_image_name_uk UNIQUE (image_id, name),
  CONSTRAINT image_properties_image_fk FOREIGN KEY (image_id) REFERENCES images (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- id keeps the tags in the order they were added
CREATE TABLE image_tags (
  id       BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  image_id VARCHAR(36)  NOT NULL,
  value    VARCHAR(255) NOT NULL,
  CONSTRAINT image_tags_image_value_uk UNIQUE (image_id, value),
  CONSTRAINT image_tags_image_fk FOREIGN KEY (image_id) REFERENCES images (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Removing a membership deletes its row (as Glance does), so (image_id, member) is unique outright;
-- deleting an image only marks its memberships deleted, and a deleted image is never shared again.
CREATE TABLE image_members (
  id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  image_id   VARCHAR(36)  NOT NULL,
  member     VARCHAR(255) NOT NULL,
  status     VARCHAR(20)  NOT NULL,
  can_share  BOOLEAN      DEFAULT FALSE NOT NULL,
  created_at DATETIME(6)  NOT NULL,
  updated_at DATETIME(6)  NOT NULL,
  deleted_at DATETIME(6),
  deleted    BOOLEAN      DEFAULT FALSE NOT NULL,
  CONSTRAINT image_members_image_member_uk UNIQUE (image_id, member),
  CONSTRAINT image_members_status_ck CHECK (status IN ('pending', 'accepted', 'rejected')),
  CONSTRAINT image_members_image_fk FOREIGN KEY (image_id) REFERENCES images (id),
  INDEX image_members_member_status_idx (member, status, image_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
