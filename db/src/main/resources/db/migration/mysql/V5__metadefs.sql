-- The metadata definitions catalog (/v2/metadefs), as Glance keeps it: namespaces and what they
-- hold (objects, properties, tags), resource types and the namespaces' associations with them.
-- Deleting a namespace deletes its contents. JSON schemas are kept as text. Timestamps are UTC.
CREATE TABLE metadef_namespaces (
  id           INTEGER AUTO_INCREMENT PRIMARY KEY,
  namespace    VARCHAR(80) NOT NULL,
  display_name VARCHAR(80),
  description  MEDIUMTEXT,
  visibility   VARCHAR(32) NOT NULL,
  protected    BOOLEAN DEFAULT FALSE NOT NULL,
  owner        VARCHAR(255),
  created_at   DATETIME(6) NOT NULL,
  updated_at   DATETIME(6) NOT NULL,
  CONSTRAINT metadef_namespaces_namespace_uq UNIQUE (namespace)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX metadef_namespaces_owner_idx ON metadef_namespaces (owner);

CREATE TABLE metadef_objects (
  id           INTEGER AUTO_INCREMENT PRIMARY KEY,
  namespace_id INTEGER NOT NULL,
  name         VARCHAR(80) NOT NULL,
  description  MEDIUMTEXT,
  required     MEDIUMTEXT,
  json_schema  MEDIUMTEXT,
  created_at   DATETIME(6) NOT NULL,
  updated_at   DATETIME(6) NOT NULL,
  CONSTRAINT metadef_objects_namespace_id_name_uq UNIQUE (namespace_id, name),
  CONSTRAINT metadef_objects_namespace_fk FOREIGN KEY (namespace_id)
      REFERENCES metadef_namespaces (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE metadef_properties (
  id           INTEGER AUTO_INCREMENT PRIMARY KEY,
  namespace_id INTEGER NOT NULL,
  name         VARCHAR(80) NOT NULL,
  json_schema  MEDIUMTEXT NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  updated_at   DATETIME(6) NOT NULL,
  CONSTRAINT metadef_properties_namespace_id_name_uq UNIQUE (namespace_id, name),
  CONSTRAINT metadef_properties_namespace_fk FOREIGN KEY (namespace_id)
      REFERENCES metadef_namespaces (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE metadef_tags (
  id           INTEGER AUTO_INCREMENT PRIMARY KEY,
  namespace_id INTEGER NOT NULL,
  name         VARCHAR(80) NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  updated_at   DATETIME(6) NOT NULL,
  CONSTRAINT metadef_tags_namespace_id_name_uq UNIQUE (namespace_id, name),
  CONSTRAINT metadef_tags_namespace_fk FOREIGN KEY (namespace_id)
      REFERENCES metadef_namespaces (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE metadef_resource_types (
  id           INTEGER AUTO_INCREMENT PRIMARY KEY,
  name         VARCHAR(80) NOT NULL,
  protected    BOOLEAN DEFAULT FALSE NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  updated_at   DATETIME(6) NOT NULL,
  CONSTRAINT metadef_resource_types_name_uq UNIQUE (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE metadef_namespace_resource_types (
  resource_type_id  INTEGER NOT NULL,
  namespace_id      INTEGER NOT NULL,
  properties_target VARCHAR(80),
  prefix            VARCHAR(80),
  created_at        DATETIME(6) NOT NULL,
  updated_at        DATETIME(6) NOT NULL,
  PRIMARY KEY (resource_type_id, namespace_id),
  CONSTRAINT metadef_ns_res_types_namespace_fk FOREIGN KEY (namespace_id)
      REFERENCES metadef_namespaces (id) ON DELETE CASCADE,
  CONSTRAINT metadef_ns_res_types_resource_type_fk FOREIGN KEY (resource_type_id)
      REFERENCES metadef_resource_types (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX metadef_ns_res_types_namespace_idx ON metadef_namespace_resource_types (namespace_id);
