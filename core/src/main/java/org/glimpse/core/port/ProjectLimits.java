package org.glimpse.core.port;

import java.util.Map;

/**
 * The limits an identity service sets on a project's image resources ({@code image_count_total},
 * {@code image_count_uploading}, {@code image_size_total}, {@code image_stage_total}).
 */
public interface ProjectLimits {
  /** No limit on anything ({@code -1} for a resource means unlimited). */
  long UNLIMITED = -1;

  /**
   * The limit of each resource for {@code projectId}: the project's own limit, else the registered
   * default, else 0 (a resource no one set a limit for allows nothing, as oslo.limit decides);
   * {@link #UNLIMITED} for none. Every resource asked for has an entry.
   *
   * @throws org.glimpse.core.error.UnavailableException when the limits cannot be read now
   */
  Map<String, Long> limitsOf(String projectId);
}
