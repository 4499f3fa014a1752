-- The metadata definitions catalog (/v2/metadefs), as Glance keeps it: namespaces and what they
-- hold (objects, properties, tags), resource types and the namespaces' associations with them.
-- Deleting a namespace deletes its contents. JSON schemas are kept as text. Timestamps are UTC.
CREATE TABLE metadef_namespaces (
  id           SERIAL PRIMARY KEY,
  namespace    VARCHAR(80) COLLATE "C" NOT NULL,
  display_name VARCHAR(80) COLLATE "C",
  description  TEXT,
  visibility   VARCHAR(32) COLLATE "C" NOT NULL,
  protected    BOOLEAN DEFAULT FALSE NOT NULL,
  owner        VARCHAR(255) COLLATE "C",
  created_at   TIMESTAMP(6) NOT NULL,
  updated_at   TIMESTAMP(6) NOT NULL,
  CONSTRAINT metadef_namespaces_namespace_uq UNIQUE (namespace)
);
CREATE INDEX metadef_namespaces_owner_idx ON metadef_namespaces (owner);

CREATE TABLE metadef_objects (
  id           SERIAL PRIMARY KEY,
  namespace_id INTEGER NOT NULL,
  name         VARCHAR(80) COLLATE "C" NOT NULL,
  description  TEXT,
  required     TEXT,
  json_schema  TEXT,
  created_at   TIMESTAMP(6) NOT NULL,
  updated_at   TIMESTAMP(6) NOT NULL,
  CONSTRAINT metadef_objects_namespace_id_name_uq UNIQUE (namespace_id, name),
  CONSTRAINT metadef_objects_namespace_fk FOREIGN KEY (namespace_id)
      REFERENCES metadef_namespaces (id) ON DELETE CASCADE
);

CREATE TABLE metadef_properties (
  id           SERIAL PRIMARY KEY,
  namespace_id INTEGER NOT NULL,
  name         VARCHAR(80) COLLATE "C" NOT NULL,
  json_schema  TEXT NOT NULL,
  created_at   TIMESTAMP(6) NOT NULL,
  updated_at   TIMESTAMP(6) NOT NULL,
  CONSTRAINT metadef_properties_namespace_id_name_uq UNIQUE (namespace_id, name),
  CONSTRAINT metadef_properties_namespace_fk FOREIGN KEY (namespace_id)
      REFERENCES metadef_namespaces (id) ON DELETE CASCADE
);

CREATE TABLE metadef_tags (
  id           SERIAL PRIMARY KEY,
  namespace_id INTEGER NOT NULL,
  name         VARCHAR(80) COLLATE "C" NOT NULL,
  created_at   TIMESTAMP(6) NOT NULL,
  updated_at   TIMESTAMP(6) NOT NULL,
  CONSTRAINT metadef_tags_namespace_id_name_uq UNIQUE (namespace_id, name),
  CONSTRAINT metadef_tags_namespace_fk FOREIGN KEY (namespace_id)
      REFERENCES metadef_namespaces (id) ON DELETE CASCADE
);

CREATE TABLE metadef_resource_types (
  id           SERIAL PRIMARY KEY,
  name         VARCHAR(80) COLLATE "C" NOT NULL,
  protected    BOOLEAN DEFAULT FALSE NOT NULL,
  created_at   TIMESTAMP(6) NOT NULL,
  updated_at   TIMESTAMP(6) NOT NULL,
  CONSTRAINT metadef_resource_types_name_uq UNIQUE (name)
);

CREATE TABLE metadef_namespace_resource_types (
  resource_type_id  INTEGER NOT NULL,
  namespace_id      INTEGER NOT NULL,
  properties_target VARCHAR(80) COLLATE "C",
  prefix            VARCHAR(80) COLLATE "C",
  created_at        TIMESTAMP(6) NOT NULL,
  updated_at        TIMESTAMP(6) NOT NULL,
  PRIMARY KEY (resource_type_id, namespace_id),
  CONSTRAINT metadef_ns_res_types_namespace_fk FOREIGN KEY (namespace_id)
      REFERENCES metadef_namespaces (id) ON DELETE CASCADE,
  CONSTRAINT metadef_ns_res_types_resource_type_fk FOREIGN KEY (resource_type_id)
      REFERENCES metadef_resource_types (id)
);
CREATE INDEX metadef_ns_res_types_namespace_idx ON metadef_namespace_resource_types (namespace_id);
