package org.glimpse.core.metadef;

import java.time.Instant;

/** A tag a namespace proposes for resources. */
public record MetadefTag(String name, Instant createdAt, Instant updatedAt) {}
