package org.glimpse.core.metadef;

/** A namespace with what it holds, as a show (or a create) answers it. */
public record NamespaceDetail(Namespace namespace, NamespaceContent content) {}
