package org.glimpse.core.metadef;

import java.time.Instant;

/**
 * A metadata definitions namespace: a named, owned catalog entry grouping objects, properties and
 * tags that describe what other resources (images, flavors, volumes) may carry. {@code
 * visibility} is {@code public} or {@code private}; a protected namespace cannot be deleted, nor
 * can its contents.
 */
public record Namespace(String name, String displayName, String description, String visibility,
    boolean isProtected, String owner, Instant createdAt, Instant updatedAt) {
  public static final String PUBLIC = "public";
  public static final String PRIVATE = "private";

  public boolean isPublic() {
    return PUBLIC.equals(visibility);
  }
}
