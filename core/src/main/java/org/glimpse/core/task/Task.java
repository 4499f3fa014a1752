package org.glimpse.core.task;

import java.time.Instant;
import java.util.Objects;

/**
 * One asynchronous operation, as Glance records it: an image import ({@code api_image_import}) or a
 * legacy {@code import} task. {@code input} and {@code result} are JSON objects as text (the caller's
 * request, what the task produced). {@code updatedAt} is also the heartbeat of a running task: a
 * processing task not updated for the lease time is dead, and its import lock may be taken over.
 */
public record Task(String id, String type, TaskStatus status, String owner, String input, String result,
    String message, Instant expiresAt, Instant createdAt, Instant updatedAt, String imageId, String requestId,
    String userId) {

  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    message = message == null ? "" : message;
  }

  /** This task moved to {@code next} at {@code now}, with its result and message. */
  public Task finish(TaskStatus next, String newResult, String newMessage, Instant now, Instant expiry) {
    return new Task(id, type, next, owner, input, newResult, newMessage, expiry, createdAt, now, imageId,
        requestId, userId);
  }

  public Task withStatus(TaskStatus next, Instant now) {
    return new Task(id, type, next, owner, input, result, message, expiresAt, createdAt, now, imageId,
        requestId, userId);
  }
}
