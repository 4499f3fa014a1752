package org.glimpse.core.metadef;

import java.time.Instant;

/**
 * A namespace applying to a resource type: with {@code prefix} put before its property names on
 * that resource and {@code propertiesTarget} naming which of the resource's key/value sets they
 * go to. Both may be null.
 */
public record ResourceTypeAssociation(String name, String prefix, String propertiesTarget,
    Instant createdAt, Instant updatedAt) {}
