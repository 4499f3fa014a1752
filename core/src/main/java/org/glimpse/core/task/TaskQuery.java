package org.glimpse.core.task;

/**
 * A page of tasks: those of {@code owner} (null: every project's, for admins), optionally of one
 * type and status, sorted by {@code sortKey} (created_at, updated_at, id, status, type, expires_at)
 * in {@code ascending} order or not, after {@code marker}, at most {@code limit}.
 */
public record TaskQuery(String owner, String type, TaskStatus status, String sortKey, boolean ascending,
    Task marker, int limit) {}
