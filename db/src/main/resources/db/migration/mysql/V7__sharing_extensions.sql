-- Sharing beyond Glance (see docs/sharing-extensions.md).
-- A membership may end at a time of its own: past expires_at it counts as removed for every read.
ALTER TABLE image_members ADD COLUMN expires_at DATETIME(6);
CREATE INDEX image_members_expires_at_idx ON image_members (expires_at);

-- An image shared with a whole Keystone domain: one row, whatever the number of its projects.
CREATE TABLE image_domain_shares (
  id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  image_id   VARCHAR(36)  NOT NULL,
  domain_id  VARCHAR(255) NOT NULL,
  -- the image's created_at (which never changes), copied at share time: the listing's order
  image_created_at DATETIME(6) NOT NULL,
  created_at DATETIME(6)  NOT NULL,
  updated_at DATETIME(6)  NOT NULL,
  expires_at DATETIME(6),
  CONSTRAINT image_domain_shares_image_domain_uk UNIQUE (image_id, domain_id),
  CONSTRAINT image_domain_shares_image_fk FOREIGN KEY (image_id) REFERENCES images (id),
  -- the listing's domain path reads a domain's shares in the listing's order from here (and
  -- stops after a page); the inbox reads a domain's shares from it too
  INDEX image_domain_shares_domain_created_idx (domain_id, image_created_at, image_id),
  INDEX image_domain_shares_expires_at_idx (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A project's own answer to a domain share; written only when the project answers.
CREATE TABLE image_domain_answers (
  id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  image_id   VARCHAR(36)  NOT NULL,
  domain_id  VARCHAR(255) NOT NULL,
  member     VARCHAR(255) NOT NULL,
  status     VARCHAR(20)  NOT NULL,
  created_at DATETIME(6)  NOT NULL,
  updated_at DATETIME(6)  NOT NULL,
  CONSTRAINT image_domain_answers_uk UNIQUE (image_id, member, domain_id),
  CONSTRAINT image_domain_answers_status_ck CHECK (status IN ('pending', 'accepted', 'rejected')),
  CONSTRAINT image_domain_answers_image_fk FOREIGN KEY (image_id) REFERENCES images (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Producers a consumer project trusts: their shares arrive accepted.
CREATE TABLE trusted_producers (
  id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  consumer   VARCHAR(255) NOT NULL,
  producer   VARCHAR(255) NOT NULL,
  created_at DATETIME(6)  NOT NULL,
  CONSTRAINT trusted_producers_uk UNIQUE (consumer, producer)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
