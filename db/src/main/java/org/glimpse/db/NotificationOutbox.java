package org.glimpse.db;

import java.time.Instant;
import java.util.List;

/**
 * Notifications waiting to be published, shared by every process on the database. A relay claims
 * a batch under a lease, publishes it and deletes what the broker confirmed; rows of a claimer
 * that died are claimed again once its lease expired, so each row is published at least once and,
 * while every relay finishes within its lease, exactly once.
 */
public interface NotificationOutbox {

  /** One notification: the oslo.messaging message (JSON text) and its priority (INFO, ERROR…). */
  record Entry(long seq, String messageId, String priority, String message, int attempts) {}

  /** Adds a notification; it is durable once this returns. */
  void add(String messageId, String priority, String message, Instant createdAt);

  /**
   * Claims at most {@code limit} of the oldest rows nobody holds (or whose lease ended before
   * {@code now}) for {@code claimer} until {@code until}, and returns them oldest first. Two
   * claimers never get the same row while its lease lasts.
   */
  List<Entry> claim(String claimer, Instant now, Instant until, int limit);

  /** Deletes rows {@code claimer} still holds; returns how many went. */
  int delete(String claimer, List<Long> seqs);

  /** Gives back every row {@code claimer} holds, to be claimed again at once. */
  void release(String claimer);

  /** How many notifications wait. */
  long pending();
}
