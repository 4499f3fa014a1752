-- Notifications waiting to be published (the outbox): written right after the change they
-- report committed, published by a relay thread of any process and deleted once the broker
-- confirmed them. A process claims rows by setting claimed_by/claimed_until (a lease): rows whose
-- lease expired (their claimer died) are claimed again, so delivery is at least once.
CREATE TABLE notification_outbox (
  seq           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  message_id    VARCHAR(36)  NOT NULL,
  priority      VARCHAR(16)  NOT NULL,
  message       LONGTEXT     NOT NULL,
  created_at    DATETIME(6)  NOT NULL,
  attempts      INTEGER      DEFAULT 0 NOT NULL,
  claimed_by    VARCHAR(64),
  claimed_until DATETIME(6),
  INDEX notification_outbox_claim_idx (claimed_until, seq),
  INDEX notification_outbox_claimer_idx (claimed_by)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
