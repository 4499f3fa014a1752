-- Tasks (image imports and Glance's legacy tasks): Glance's tasks and task_info tables as one.
-- input and result are JSON objects as text; updated_at is also a running task's heartbeat.
CREATE TABLE tasks (
  id          VARCHAR(36)  NOT NULL PRIMARY KEY,
  type        VARCHAR(30)  NOT NULL,
  status      VARCHAR(30)  NOT NULL,
  owner       VARCHAR(255),
  input       TEXT,
  result      TEXT,
  message     TEXT,
  expires_at  DATETIME(6),
  created_at  DATETIME(6) NOT NULL,
  updated_at  DATETIME(6) NOT NULL,
  image_id    VARCHAR(36),
  request_id  VARCHAR(64),
  user_id     VARCHAR(255),
  deleted     BOOLEAN      DEFAULT FALSE NOT NULL,
  deleted_at  DATETIME(6),
  CONSTRAINT tasks_status_ck CHECK (status IN ('pending', 'processing', 'success', 'failure'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX tasks_owner_created_idx ON tasks (owner, created_at);
CREATE INDEX tasks_image_idx ON tasks (image_id);
CREATE INDEX tasks_expires_idx ON tasks (expires_at);
