package org.glimpse.core.metadef;

/**
 * A namespace's attributes as a client sends them to create or replace it; null means not given
 * (Glance's defaults apply: private, not protected, owned by the caller's project).
 */
public record NamespaceDraft(String name, String displayName, String description,
    String visibility, Boolean isProtected, String owner) {}
