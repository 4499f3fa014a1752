package org.glimpse.core.metadef;

import java.time.Instant;

/** A kind of resource namespaces apply to (OS::Glance::Image, OS::Nova::Flavor …). */
public record ResourceType(String name, boolean isProtected, Instant createdAt, Instant updatedAt) {}
