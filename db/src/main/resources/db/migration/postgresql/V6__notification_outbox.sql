-- Notifications waiting to be published (the outbox): written right after the change they
-- report committed, published by a relay thread of any process and deleted once the broker
-- confirmed them. A process claims rows by setting claimed_by/claimed_until (a lease): rows whose
-- lease expired (their claimer died) are claimed again, so delivery is at least once.
CREATE TABLE notification_outbox (
  seq           BIGSERIAL    PRIMARY KEY,
  message_id    VARCHAR(36)  NOT NULL,
  priority      VARCHAR(16)  NOT NULL,
  message       TEXT         NOT NULL,
  created_at    TIMESTAMP(6) NOT NULL,
  attempts      INTEGER      DEFAULT 0 NOT NULL,
  claimed_by    VARCHAR(64),
  claimed_until TIMESTAMP(6)
);
CREATE INDEX notification_outbox_claim_idx ON notification_outbox (claimed_until, seq);
CREATE INDEX notification_outbox_claimer_idx ON notification_outbox (claimed_by);
